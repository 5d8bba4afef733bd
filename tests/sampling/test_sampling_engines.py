"""The DataFusion and DuckDB ticket engines draw exactly what the hashlib engine draws,
waitlists included, and ``verify_draw`` through them catches a tampered draw."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointcheck._internal import engines
from jointcheck._internal.engines import ResolvedEngine, TicketEngine
from jointcheck.errors import MissingExtraError
from jointcheck.model import RiskTier, SamplingRule
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
from jointcheck.sampling._tickets import first_by_tier, first_in_ticket_order, ticket
from jointcheck.strategies import populations
from jointcheck.strategies._sampling import seeds
from jointcheck.synthetic import synthetic_codes, synthetic_population

RULES = [
    "高风险企业不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%；无风险等级抽取30%",
    "高风险100%、较高风险5%、中风险1%、低风险0.5%；无风险等级抽取3%",
    "抽取比例不低于2%",
    "高风险企业抽取3户",
]


ENGINES: list[ResolvedEngine] = ["datafusion", "duckdb"]
"""The vectorised engines, each checked against hashlib."""


def _draw_both(
    engine: TicketEngine, population: Population, rule: SamplingRule, **options: Any
) -> tuple[Any, Any]:
    fast = HashSampler(engine=engine).draw(population, rule, **options)
    plain = HashSampler(engine="hashlib").draw(population, rule, **options)
    return fast, plain


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    population=populations(max_size=400),
    rule=st.sampled_from(RULES),
    seed=seeds(),
    excluded=st.integers(0, 2**16),
    waitlist=st.one_of(st.none(), st.integers(0, 12)),
    sigmas=st.sampled_from([-3, 0, 1, 8]),
    rows=st.sampled_from([0, 2, 64]),
    engine=st.sampled_from(ENGINES),
)
def test_engines_and_hashlib_draw_identically(
    engine: ResolvedEngine,
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
        fast, plain = _draw_both(
            engine,
            population,
            SamplingRule.parse(rule),
            seed=seed,
            exclude=exclude,
            waitlist=waitlist,
        )
    assert fast.model_dump_json() == plain.model_dump_json()


def test_engines_and_hashlib_draw_identically_on_a_million_subjects() -> None:
    population = synthetic_population(1_000_000, seed=41)
    rows = np.arange(len(population))
    exclude = [
        exclusion_from_mask(population, rows % 83 == 5, reason=ExclusionReason.STATUS),
        exclusion_from_mask(population, rows % 101 == 0, reason=ExclusionReason.RECENTLY_INSPECTED),
    ]
    rule = SamplingRule.parse(RULES[0])
    for waitlist in (None, 9):
        options: dict[str, Any] = {
            "seed": "兴安盟2023第1批",
            "exclude": exclude,
            "waitlist": waitlist,
        }
        plain = HashSampler(engine="hashlib").draw(population, rule, **options)
        assert len(plain.selected) > 20_000
        for engine in ENGINES:
            fast = HashSampler(engine=engine).draw(population, rule, **options)
            assert fast == plain
            if waitlist:
                assert verify_draw(fast, population, allow_unbound_seed=True, engine=engine) == []


# Tickets cut to their first byte: ties by the thousand.
_TIED_SQL = {
    "duckdb": lambda key: (
        f"substring(sha256(unhex('{key.hex()}') || code), 1, 2) || repeat('0', 62)"
    ),
    "datafusion": lambda key: (
        f"decode(concat(substr(encode(sha256(X'{key.hex()}' || code), 'hex'), 1, 2), "
        "repeat('0', 62)), 'hex')"
    ),
}


@pytest.mark.parametrize("engine", ENGINES)
def test_equal_prefixes_from_the_engine_are_ordered_by_full_ticket_then_code(
    engine: ResolvedEngine,
) -> None:
    # The engine's tickets cut to their first byte tie by the thousand; the order among
    # equal prefixes must still be the full ticket's, then the code's.
    codes = np.sort(synthetic_codes(3_000, seed=5))
    tiers = np.zeros(len(codes), dtype=np.uint8)
    tiers[::3] = 4
    key = seed_key("ties")
    with pytest.MonkeyPatch.context() as patch:
        sql = "_ticket_sql" if engine == "duckdb" else "_datafusion_ticket_sql"
        patch.setattr(_tickets, sql, _TIED_SQL[engine])
        patch.setattr(_tickets, "_MARGIN_ROWS", 0)
        ranked = first_by_tier(
            key, codes, tiers, {0: 40, 4: 700}, {0: 2_000, 4: 1_000}, engine=engine
        )
        tied = _tickets.ticket_prefixes(key, codes, engine=engine)
    assert len(np.unique(tied)) <= 256  # the patched engine did tie
    for tier, k in ((0, 40), (4, 700)):
        rows = np.flatnonzero(tiers == tier)
        expected = sorted(rows.tolist(), key=lambda r: (ticket(key, bytes(codes[r])), codes[r]))
        assert ranked[tier].tolist() == expected[:k]
        prefixes = _tickets.ticket_prefixes(key, codes[rows], engine="hashlib")
        assert (
            rows[first_in_ticket_order(key, codes, prefixes, k, rows=rows)].tolist()
            == (expected[:k])
        )


@pytest.mark.parametrize("engine", ENGINES)
def test_rows_marked_excluded_are_never_drawn_by_the_engine(engine: ResolvedEngine) -> None:
    codes = np.sort(synthetic_codes(500, seed=8))
    tiers = np.full(len(codes), _tickets.EXCLUDED_TIER, dtype=np.uint8)
    tiers[:100] = 2
    ranked = first_by_tier(seed_key("x"), codes, tiers, {2: 100}, {2: 100}, engine=engine)
    assert sorted(ranked[2].tolist()) == list(range(100))
    nothing = first_by_tier(seed_key("x"), codes, tiers, {2: 0}, {2: 100}, engine=engine)
    assert nothing[2].size == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_empty_and_wholly_excluded_tiers_draw_nothing(engine: ResolvedEngine) -> None:
    population = synthetic_population(30_000, seed=12)
    high = population.tiers == RiskTier.HIGH.code
    rule = SamplingRule.parse(RULES[1])
    exclude = [exclusion_from_mask(population, high, reason=ExclusionReason.STATUS)]
    fast, plain = _draw_both(engine, population, rule, seed="空", exclude=exclude, waitlist=3)
    assert fast == plain
    assert fast.selected_in(RiskTier.HIGH) == () == fast.waitlist(RiskTier.HIGH)
    assert len(fast.selected) > 0
    only_low = population.select(population.tiers == RiskTier.LOW.code)
    fast, plain = _draw_both(engine, only_low, rule, seed="空", waitlist=2)
    assert fast == plain
    assert {s.tier for s in fast.strata if s.drawn} == {RiskTier.LOW}


@pytest.mark.parametrize("engine", ENGINES)
def test_verify_draw_through_the_engine_catches_a_tampered_draw(engine: ResolvedEngine) -> None:
    population = synthetic_population(100_000, seed=21)
    rule = SamplingRule.parse(RULES[0])
    draw = HashSampler(engine=engine).draw(population, rule, seed="t", waitlist=4)
    assert verify_draw(draw, population, allow_unbound_seed=True, engine=engine) == []
    low = next(s for s in draw.strata if s.tier is RiskTier.LOW)
    # A waitlisted code swapped in for a drawn one: still in the tier, still eligible.
    swapped = low.model_copy(
        update={
            "drawn": (low.waitlist[0], *low.drawn[1:]),
            "waitlist": (low.drawn[0], *low.waitlist[1:]),
        }
    )
    tampered = draw.model_copy(
        update={"strata": tuple(swapped if s is low else s for s in draw.strata)}
    )
    kinds = {
        (v.kind.value, v.tier)
        for v in verify_draw(tampered, population, allow_unbound_seed=True, engine=engine)
    }
    assert kinds == {
        ("NOT_REPRODUCED", RiskTier.LOW),
        ("WAITLIST_NOT_REPRODUCED", RiskTier.LOW),
    }
    reseeded = draw.model_copy(update={"seed": "u"})
    found = verify_draw(reseeded, population, allow_unbound_seed=True, engine=engine)
    assert {v.kind.value for v in found} == {"NOT_REPRODUCED", "WAITLIST_NOT_REPRODUCED"}


@pytest.mark.parametrize("engine", ENGINES)
def test_many_batches_keep_the_row_order(engine: ResolvedEngine) -> None:
    # Many partitions, hashed in parallel, with 15-digit 注册号 among the codes.
    codes = np.sort(synthetic_codes(200_000, seed=11))
    codes[::1000] = np.sort(
        np.random.default_rng(2).choice(10**15, size=200, replace=False).astype("U15")
    ).astype("S18")
    codes = np.unique(codes)
    key = seed_key("batches")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tickets, "_BATCH_ROWS", 7_001)
        patch.setattr(_tickets, "_BATCH", 10_000)
        batched = _tickets.ticket_prefixes(key, codes, engine=engine)
    assert np.array_equal(batched, _tickets.ticket_prefixes(key, codes, engine="hashlib"))


def test_auto_prefers_datafusion_then_duckdb_then_hashlib(monkeypatch: pytest.MonkeyPatch) -> None:
    assert engines.resolve_engine("auto") == "datafusion"
    assert engines.engine_for("auto", 10**6) == "datafusion"
    assert engines.engine_for("auto", 100) == "hashlib"  # starting an engine costs more
    assert engines.engine_for("datafusion", 100) == "datafusion"  # named: always used
    real = engines.find_spec
    monkeypatch.setattr(
        engines, "find_spec", lambda name: None if name == "datafusion" else real(name)
    )
    assert engines.resolve_engine("auto") == "duckdb"
    assert engines.engine_for("auto", 10_000) == "hashlib"
    assert engines.engine_for("auto", 10**6) == "duckdb"
    with pytest.raises(MissingExtraError, match="datafusion"):
        HashSampler(engine="datafusion")
    population = synthetic_population(50, seed=1)
    with pytest.raises(MissingExtraError, match="datafusion"):
        verify_draw(
            HashSampler().draw(population, SamplingRule.parse("50%"), seed="s"),
            population,
            allow_unbound_seed=True,
            engine="datafusion",
        )


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


@pytest.mark.parametrize("engine", ENGINES)
def test_a_tier_needing_every_ticket_is_checked_too(engine: ResolvedEngine) -> None:
    # The cut of a tier whose every ticket is needed is the largest 8-byte prefix; a ticket
    # at or above it is not handed back, and the check then ranks the whole tier. Lowered
    # to the middle here, it leaves out half the tier.
    population = synthetic_population(5_000, seed=17)
    rule = SamplingRule.parse("100%")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tickets, "_ALL", 2**63)
        fast, plain = _draw_both(engine, population, rule, seed="全", waitlist=0)
    assert fast == plain
    assert len(fast.selected) == len(population)
