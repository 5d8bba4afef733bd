"""The DuckDB ticket engine draws exactly what the hashlib engine draws, waitlists included."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointcheck.model import SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import (
    ExclusionReason,
    GeneratorSampler,
    HashSampler,
    _samplers,
    _tickets,
    exclusion_from_mask,
    seed_key,
    verify_draw,
)
from jointcheck.sampling._tickets import duckdb_first_by_tier, first_in_ticket_order, ticket
from jointcheck.strategies import populations
from jointcheck.strategies._sampling import seeds
from jointcheck.synthetic import synthetic_codes, synthetic_population

RULES = [
    "高风险企业不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%；无风险等级抽取30%",
    "高风险100%、较高风险5%、中风险1%、低风险0.5%；无风险等级抽取3%",
    "抽取比例不低于2%",
    "高风险企业抽取3户",
]


def _draw_both(population: Population, rule: SamplingRule, **options: Any) -> tuple[Any, Any]:
    duck = HashSampler(engine="duckdb").draw(population, rule, **options)
    plain = HashSampler(engine="hashlib").draw(population, rule, **options)
    return duck, plain


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    population=populations(max_size=400),
    rule=st.sampled_from(RULES),
    seed=seeds(),
    excluded=st.integers(0, 2**16),
    waitlist=st.one_of(st.none(), st.integers(0, 12)),
    sigmas=st.sampled_from([-3, 0, 1, 8]),
    rows=st.sampled_from([0, 2, 64]),
)
def test_duckdb_and_hashlib_draw_identically(
    population: Population,
    rule: str,
    seed: str,
    excluded: int,
    waitlist: int | None,
    sigmas: int,
    rows: int,
) -> None:
    # Narrow margins put the engine's cut where it often falls short of the quota, so the
    # tier is ranked again from all its tickets; wide ones exercise the cut itself.
    mask = np.random.default_rng(excluded).random(len(population)) < (excluded % 5) / 10
    exclude = [exclusion_from_mask(population, mask, reason=ExclusionReason.STATUS)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tickets, "_MARGIN_SIGMAS", sigmas)
        patch.setattr(_tickets, "_MARGIN_ROWS", rows)
        duck, plain = _draw_both(
            population, SamplingRule.parse(rule), seed=seed, exclude=exclude, waitlist=waitlist
        )
    assert duck.model_dump_json() == plain.model_dump_json()


def test_duckdb_and_hashlib_draw_identically_on_a_million_subjects() -> None:
    population = synthetic_population(1_000_000, seed=41)
    rows = np.arange(len(population))
    exclude = [
        exclusion_from_mask(population, rows % 83 == 5, reason=ExclusionReason.STATUS),
        exclusion_from_mask(population, rows % 101 == 0, reason=ExclusionReason.RECENTLY_INSPECTED),
    ]
    rule = SamplingRule.parse(RULES[0])
    for waitlist in (None, 9):
        duck, plain = _draw_both(
            population, rule, seed="兴安盟2023第1批", exclude=exclude, waitlist=waitlist
        )
        assert duck == plain
        assert len(duck.selected) > 20_000
        assert verify_draw(duck, population, allow_unbound_seed=True) == []


def test_equal_prefixes_from_the_engine_are_ordered_by_full_ticket_then_code() -> None:
    # The engine's tickets cut to their first byte tie by the thousand; the order among
    # equal prefixes must still be the full ticket's, then the code's.
    codes = np.sort(synthetic_codes(3_000, seed=5))
    tiers = np.zeros(len(codes), dtype=np.uint8)
    tiers[::3] = 4
    key = seed_key("ties")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            _tickets,
            "_ticket_sql",
            lambda key: f"substring(sha256(unhex('{key.hex()}') || code), 1, 2) || repeat('0', 62)",
        )
        patch.setattr(_tickets, "_MARGIN_ROWS", 0)
        ranked = duckdb_first_by_tier(key, codes, tiers, {0: 40, 4: 700}, {0: 2_000, 4: 1_000})
    for tier, k in ((0, 40), (4, 700)):
        rows = np.flatnonzero(tiers == tier)
        expected = sorted(rows.tolist(), key=lambda r: (ticket(key, bytes(codes[r])), codes[r]))
        assert ranked[tier].tolist() == expected[:k]
        prefixes = _tickets.ticket_prefixes(key, codes[rows], engine="hashlib")
        assert (
            rows[first_in_ticket_order(key, codes, prefixes, k, rows=rows)].tolist()
            == (expected[:k])
        )


def test_rows_marked_excluded_are_never_drawn_by_the_engine() -> None:
    codes = np.sort(synthetic_codes(500, seed=8))
    tiers = np.full(len(codes), _tickets.EXCLUDED_TIER, dtype=np.uint8)
    tiers[:100] = 2
    ranked = duckdb_first_by_tier(seed_key("x"), codes, tiers, {2: 100}, {2: 100})
    assert sorted(ranked[2].tolist()) == list(range(100))
    assert duckdb_first_by_tier(seed_key("x"), codes, tiers, {2: 0}, {2: 100})[2].size == 0


def test_generator_sampler_draws_the_same_with_and_without_threads() -> None:
    population = synthetic_population(20_000, seed=3)
    rule = SamplingRule.parse(RULES[1])
    mask = np.arange(len(population)) % 7 == 1
    exclude = [exclusion_from_mask(population, mask, reason=ExclusionReason.STATUS)]
    alone = GeneratorSampler().draw(population, rule, seed="g", exclude=exclude)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_samplers, "_THREADED_ROWS", 0)
        threaded = GeneratorSampler().draw(population, rule, seed="g", exclude=exclude)
    assert threaded == alone


def test_prefixes_streamed_in_batches_keep_the_row_order() -> None:
    # Several of DuckDB's row groups, hashed in parallel and streamed back in small batches.
    codes = np.sort(synthetic_codes(600_000, seed=11))
    codes[::1000] = np.sort(
        np.random.default_rng(2).choice(10**15, size=600, replace=False).astype("U15")
    ).astype("S18")
    codes = np.unique(codes)
    key = seed_key("batches")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tickets, "_BATCH", 10_000)
        streamed = _tickets.ticket_prefixes(key, codes, engine="duckdb")
    assert np.array_equal(streamed, _tickets.ticket_prefixes(key, codes, engine="hashlib"))
