"""Draws: the record, waitlists, replacements, exclusions, both samplers."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.model import InspectionRecord, OperatingStatus, RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import (
    Draw,
    ExclusionReason,
    GeneratorSampler,
    HashSampler,
    Sampler,
    SubjectExclusion,
    check_seed,
    exclude_recently_inspected,
    exclude_statuses,
    exclusion_from_mask,
    verify_draw,
)
from jointcheck.strategies import populations
from jointcheck.strategies._sampling import sampling_rules, seeds

H, C, M, L, U = RiskTier.HIGH, RiskTier.HIGHER, RiskTier.MEDIUM, RiskTier.LOW, RiskTier.UNRATED
RULE = SamplingRule.parse("高风险企业不低于50%、较高风险企业不低于20%；无风险等级抽取30%")


def _population(n: int = 60) -> Population:
    rng = np.random.default_rng(5)
    codes = [f"{10**14 + 7919 * i:015d}" for i in range(n)]
    statuses = rng.integers(0, len(OperatingStatus), size=n).astype(np.uint8)
    return Population.from_arrays(
        codes, rng.integers(0, 5, size=n).astype(np.uint8), statuses=statuses
    )


POP = _population()


@pytest.mark.parametrize("sampler", [HashSampler(), GeneratorSampler()], ids=repr)
def test_record_contents(sampler: Sampler) -> None:
    draw = sampler.draw(POP, RULE, seed="2023-03-03")
    assert isinstance(sampler, Sampler)
    assert draw.algorithm == sampler.algorithm
    assert draw.population_digest == POP.digest()
    assert draw.population_size == len(POP)
    assert draw.rule == RULE
    counts = POP.counts_by_tier()
    for stratum in draw.strata:
        assert stratum.population == counts[stratum.tier]
        assert stratum.quota == draw.quotas[stratum.tier] == len(stratum.drawn)
    assert len(draw.selected) == draw.quotas.total
    assert Draw.model_validate_json(draw.model_dump_json()) == draw
    assert verify_draw(draw, POP, allow_unbound_seed=True) == []
    assert "seed '2023-03-03'" in draw.summary()


def test_generator_records_numpy_version() -> None:
    draw = GeneratorSampler().draw(POP, RULE, seed="x")
    assert draw.numpy_version == np.__version__
    assert HashSampler().draw(POP, RULE, seed="x").numpy_version is None


def test_waitlist_default_and_explicit_length() -> None:
    pop = Population.from_arrays([f"{10**14 + i:015d}" for i in range(200)], ["B"] * 200)
    rule = SamplingRule.parse("中风险企业不低于30%")
    default = HashSampler().draw(pop, rule, seed="w")
    assert len(default.stratum(M).waitlist) == 6  # a tenth of 60
    longer = HashSampler().draw(pop, rule, seed="w", waitlist=50)
    assert longer.stratum(M).drawn == default.stratum(M).drawn
    assert longer.stratum(M).waitlist[:6] == default.stratum(M).waitlist
    small = HashSampler().draw(pop, SamplingRule.parse("中风险企业抽取3家"), seed="w")
    assert len(small.stratum(M).waitlist) == 5  # at least 5
    with pytest.raises(InvalidInputError, match="waitlist"):
        HashSampler().draw(pop, rule, seed="w", waitlist=-1)


def test_replacement_takes_the_next_on_the_waitlist_and_keeps_history() -> None:
    draw = HashSampler().draw(POP, RULE, seed="r", waitlist=2)
    first = draw.selected_in(H)[0]
    nxt = draw.waitlist(H)[0]
    once = draw.replace(first, reason="已注销")
    assert once.selected_in(H)[0] == nxt
    assert first not in once.selected
    assert once.waitlist(H) == draw.waitlist(H)[1:]
    assert once.replacements[0].reason == "已注销"
    assert draw.replacements == ()  # the original is unchanged
    twice = once.replace(nxt, reason="经比对不属于本次检查对象")
    assert twice.selected_in(H)[0] == draw.waitlist(H)[1]
    assert verify_draw(twice, POP, allow_unbound_seed=True) == []
    assert Draw.model_validate_json(twice.model_dump_json()) == twice
    with pytest.raises(InvalidInputError, match="used up"):
        twice.replace(twice.selected_in(H)[0], reason="x")
    with pytest.raises(InvalidInputError, match="not selected"):
        draw.replace("000000000000000", reason="x")
    with pytest.raises(InvalidInputError, match="reason"):
        draw.replace(first, reason=" ")


def test_exclusions_apply_before_stratification() -> None:
    gone = exclude_statuses(POP)
    assert gone.reason is ExclusionReason.STATUS
    assert "注销" in gone.detail
    draw = HashSampler().draw(POP, RULE, seed="e", exclude=[gone])
    deregistered = set(gone.codes)
    assert not deregistered & set(draw.selected)
    for stratum in draw.strata:
        waiting = set(stratum.waitlist)
        assert not deregistered & waiting
        assert stratum.excluded == sum(
            1 for r in POP.subject_rows(gone.codes) if r["tier"] is stratum.tier
        )
    assert draw.quotas.record(H).available == draw.stratum(H).available
    assert verify_draw(draw, POP, allow_unbound_seed=True) == []


def test_exclusion_from_mask_and_unknown_codes() -> None:
    mask = POP.mask(tiers=[U])
    exclusion = exclusion_from_mask(
        POP, mask, reason=ExclusionReason.OUT_OF_SCOPE, detail="无风险等级不在本次范围"
    )
    draw = HashSampler().draw(POP, RULE, seed="m", exclude=[exclusion])
    assert draw.quotas[U] == 0
    assert draw.stratum(U).available == 0
    with pytest.raises(InvalidInputError, match="not in the population"):
        HashSampler().draw(
            POP,
            RULE,
            seed="m",
            exclude=[SubjectExclusion(reason=ExclusionReason.OTHER, codes=("999999999999999",))],
        )
    with pytest.raises(InvalidInputError, match="boolean array"):
        exclusion_from_mask(POP, [True], reason=ExclusionReason.OTHER)
    with pytest.raises(InvalidInputError, match="SubjectExclusion records"):
        HashSampler().draw(POP, RULE, seed="m", exclude=["x"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="not subject codes"):
        SubjectExclusion(reason=ExclusionReason.OTHER, codes=("91350200776049653A0",))


def test_recently_inspected_uses_calendar_months() -> None:
    codes = POP.codes.astype("U18").tolist()
    history = [
        InspectionRecord(subject_code=codes[0], department_id="samr", day=dt.date(2023, 2, 28)),
        (codes[1], "samr", dt.date(2023, 2, 27)),  # one day too early
        (codes[2], "nhc", dt.date(2023, 3, 1)),  # another department
        (codes[3], "samr", dt.date(2023, 3, 31)),  # the day itself
        ("999999999999999", "samr", dt.date(2023, 3, 30)),  # not in the population
    ]
    exclusion = exclude_recently_inspected(
        POP, history, department_id="samr", on=dt.date(2023, 3, 31), months=1
    )
    assert exclusion.codes == tuple(sorted((codes[0], codes[3])))
    assert exclusion.reason is ExclusionReason.RECENTLY_INSPECTED
    assert "2023-02-28" in exclusion.detail
    with pytest.raises(InvalidInputError, match="months"):
        exclude_recently_inspected(POP, [], department_id="samr", on=dt.date(2023, 1, 1), months=0)


@pytest.mark.parametrize(
    "seed", ["", " x", "x ", "a\nb", "a\x00b", "\ud800", 5, "x" * 1001], ids=repr
)
def test_bad_seeds(seed: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        check_seed(seed)
    assert info.value.field == "seed"
    if isinstance(seed, str):
        with pytest.raises(InvalidInputError):
            HashSampler().draw(POP, RULE, seed=seed)


def test_sampler_options() -> None:
    assert HashSampler().engine == "auto"
    assert repr(HashSampler(engine="hashlib")) == "HashSampler(engine='hashlib')"
    with pytest.raises(InvalidInputError, match="engine='numpy'"):
        HashSampler(engine="numpy")  # type: ignore[arg-type]


def test_every_ticket_engine_gives_the_same_draw() -> None:
    draws = [
        HashSampler(engine=engine).draw(POP, RULE, seed="engines")
        for engine in ("hashlib", "datafusion", "duckdb", "auto")
    ]
    assert draws[0] == draws[1] == draws[2] == draws[3]


def test_all_and_empty_tiers() -> None:
    draw = HashSampler().draw(POP, SamplingRule.parse("100%"), seed="all")
    assert sorted(draw.selected) == sorted(POP.codes.astype("U18").tolist())
    assert all(s.waitlist == () for s in draw.strata)
    empty = Population.from_arrays([], [])
    nothing = HashSampler().draw(empty, RULE, seed="none")
    assert nothing.selected == ()
    assert verify_draw(nothing, empty, allow_unbound_seed=True) == []


# ---------------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None)
@given(populations(max_size=50), sampling_rules(), seeds(), st.sampled_from(["hash", "numpy"]))
def test_every_draw_is_a_duplicate_free_subset_meeting_its_quotas(
    population: Population, rule: SamplingRule, seed: str, kind: str
) -> None:
    sampler: Sampler = HashSampler() if kind == "hash" else GeneratorSampler()
    draw = sampler.draw(population, rule, seed=seed)
    codes = set(population.codes.astype("U18").tolist())
    listed = [c for s in draw.strata for c in (*s.drawn, *s.waitlist)]
    assert len(listed) == len(set(listed))
    assert set(listed) <= codes
    tiers = {r["code"]: r["tier"] for r in population.subject_rows(listed)}
    for stratum in draw.strata:
        assert len(stratum.drawn) == draw.quotas[stratum.tier]
        assert all(tiers[c] is stratum.tier for c in (*stratum.drawn, *stratum.waitlist))
    if rule.overall is not None:
        assert len(draw.selected) >= draw.quotas.overall_minimum
    assert sampler.draw(population, rule, seed=seed) == draw  # same seed, same draw
    assert verify_draw(draw, population, allow_unbound_seed=True) == []


@settings(max_examples=40, deadline=None)
@given(populations(min_size=2, max_size=50), sampling_rules(), seeds(), st.randoms())
def test_hash_draw_ignores_row_order(
    population: Population, rule: SamplingRule, seed: str, random: object
) -> None:
    rows = population.subject_rows(population.codes.astype("U18").tolist())
    random.shuffle(rows)  # type: ignore[attr-defined]
    shuffled = Population.from_arrays(
        [r["code"] for r in rows],
        np.array([r["tier"].code for r in rows], dtype=np.uint8),
        jurisdictions=[r["jurisdiction"] for r in rows],
        lenient_check_character=True,
    )
    assert HashSampler().draw(shuffled, rule, seed=seed) == HashSampler().draw(
        population, rule, seed=seed
    )


@settings(max_examples=40, deadline=None)
@given(populations(min_size=2, max_size=60), seeds())
def test_hash_order_is_stable_when_strata_are_split(population: Population, seed: str) -> None:
    """Ranking a part of a tier gives the whole tier's ranking restricted to that part."""
    rule = SamplingRule.parse("100%")
    whole = HashSampler().draw(population, rule, seed=seed)
    half = population.select(np.arange(len(population)) % 2 == 0)
    part = HashSampler().draw(half, rule, seed=seed)
    kept = set(half.codes.astype("U18").tolist())
    for tier in RiskTier:
        assert part.selected_in(tier) == tuple(c for c in whole.selected_in(tier) if c in kept)
