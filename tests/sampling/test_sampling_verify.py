"""verify_draw accepts every honest draw and rejects each single tampering."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jointcheck.model import RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import (
    Draw,
    DrawViolation,
    DrawViolationKind,
    ExclusionReason,
    GeneratorSampler,
    HashSampler,
    Replacement,
    Stratum,
    SubjectExclusion,
    verify_draw,
)
from jointcheck.strategies import populations
from jointcheck.strategies._sampling import exclusions, sampling_rules, seeds

RULE = SamplingRule.parse(
    "高风险企业不低于50%、较高风险企业不低于20%、中风险企业不低于10%；无风险等级抽取30%"
)


def _kinds(found: list[DrawViolation]) -> set[DrawViolationKind]:
    return {v.kind for v in found}


def _with_stratum(draw: Draw, tier: RiskTier, **changes: object) -> Draw:
    strata = tuple(s.model_copy(update=changes) if s.tier is tier else s for s in draw.strata)
    return draw.model_copy(update={"strata": strata})


def _busiest(draw: Draw) -> Stratum:
    return max(draw.strata, key=lambda s: (len(s.drawn), s.tier.code))


@st.composite
def honest_draws(draw: st.DrawFn) -> tuple[Population, Draw]:
    population = draw(populations(min_size=1, max_size=30))
    rule = draw(sampling_rules())
    excluded = draw(exclusions(population))
    sampler = draw(st.sampled_from([HashSampler(), GeneratorSampler()]))
    made = sampler.draw(population, rule, seed=draw(seeds()), exclude=excluded, waitlist=3)
    replacements = draw(st.integers(0, 2))
    for _ in range(replacements):
        waiting = [s for s in made.strata if made.waitlist(s.tier) and made.selected_in(s.tier)]
        if not waiting:
            break
        stratum = draw(st.sampled_from(waiting))
        code = draw(st.sampled_from(made.selected_in(stratum.tier)))
        made = made.replace(code, reason="经比对已注销")
    return population, made


@settings(max_examples=50, deadline=None)
@given(honest_draws())
def test_honest_draws_verify(case: tuple[Population, Draw]) -> None:
    population, draw = case
    assert verify_draw(draw, population, allow_unbound_seed=True) == []
    again = Draw.model_validate_json(draw.model_dump_json())
    assert verify_draw(again, population, allow_unbound_seed=True) == []


@settings(max_examples=25, deadline=None)
@given(honest_draws())
def test_dropping_a_code_is_caught(case: tuple[Population, Draw]) -> None:
    population, draw = case
    stratum = _busiest(draw)
    assume(stratum.drawn)
    tampered = _with_stratum(draw, stratum.tier, drawn=stratum.drawn[:-1])
    assert DrawViolationKind.QUOTA_NOT_MET in _kinds(
        verify_draw(tampered, population, allow_unbound_seed=True)
    )


@settings(max_examples=25, deadline=None)
@given(honest_draws(), st.data())
def test_adding_a_code_is_caught(case: tuple[Population, Draw], data: st.DataObject) -> None:
    population, draw = case
    listed = {c for s in draw.strata for c in (*s.drawn, *s.waitlist)}
    spare = [c for c in population.codes.astype("U18").tolist() if c not in listed]
    assume(spare)
    code = data.draw(st.sampled_from(spare))
    tier = population.subject_rows([code])[0]["tier"]
    stratum = draw.stratum(tier)
    tampered = _with_stratum(draw, tier, drawn=(*stratum.drawn, code))
    assert DrawViolationKind.QUOTA_EXCEEDED in _kinds(
        verify_draw(tampered, population, allow_unbound_seed=True)
    )


@settings(max_examples=25, deadline=None)
@given(honest_draws(), st.data())
def test_swapping_a_code_is_caught(case: tuple[Population, Draw], data: st.DataObject) -> None:
    population, draw = case
    stratum = _busiest(draw)
    assume(stratum.drawn)
    listed = {c for s in draw.strata for c in (*s.drawn, *s.waitlist)}
    spare = [c for c in population.codes.astype("U18").tolist() if c not in listed]
    assume(spare)
    code = data.draw(st.sampled_from(spare))
    position = data.draw(st.integers(0, len(stratum.drawn) - 1))
    drawn = list(stratum.drawn)
    drawn[position] = code
    tampered = _with_stratum(draw, stratum.tier, drawn=tuple(drawn))
    assert DrawViolationKind.NOT_REPRODUCED in _kinds(
        verify_draw(tampered, population, allow_unbound_seed=True)
    )


@settings(max_examples=25, deadline=None)
@given(honest_draws(), seeds())
def test_changing_the_seed_is_caught(case: tuple[Population, Draw], seed: str) -> None:
    population, draw = case
    assume(seed != draw.seed)
    tampered = draw.model_copy(update={"seed": seed})
    sampler = HashSampler() if draw.algorithm == HashSampler.algorithm else GeneratorSampler()
    redo = sampler.draw(population, draw.rule, seed=seed, exclude=draw.exclusions, waitlist=3)
    # a draw whose outcome does not depend on the seed (tiers of one subject) cannot show it
    assume(any(a.drawn != b.drawn for a, b in zip(redo.strata, draw.strata, strict=True)))
    assert DrawViolationKind.NOT_REPRODUCED in _kinds(
        verify_draw(tampered, population, allow_unbound_seed=True)
    )


@settings(max_examples=25, deadline=None)
@given(honest_draws(), st.sampled_from(["add", "remove", "retier"]))
def test_changing_the_population_is_caught(case: tuple[Population, Draw], how: str) -> None:
    population, draw = case
    rows = population.subject_rows(population.codes.astype("U18").tolist())
    table = [(r["code"], r["tier"].code, r["jurisdiction"]) for r in rows]
    if how == "add":
        table.append(("999999999999999", 0, table[0][2]))
    elif how == "remove":
        assume(len(table) > 1)
        table.pop()
    else:
        code, tier, jurisdiction = table[0]
        table[0] = (code, (tier + 1) % 5, jurisdiction)
    changed = Population.from_arrays(
        [t[0] for t in table],
        np.array([t[1] for t in table], dtype=np.uint8),
        jurisdictions=[t[2] for t in table],
        lenient_check_character=True,
    )
    assert DrawViolationKind.POPULATION_CHANGED in _kinds(
        verify_draw(draw, changed, allow_unbound_seed=True)
    )


@settings(max_examples=25, deadline=None)
@given(honest_draws())
def test_a_duplicate_is_caught(case: tuple[Population, Draw]) -> None:
    population, draw = case
    stratum = _busiest(draw)
    assume(stratum.drawn)
    tampered = _with_stratum(draw, stratum.tier, waitlist=(*stratum.waitlist, stratum.drawn[0]))
    assert DrawViolationKind.DUPLICATE in _kinds(
        verify_draw(tampered, population, allow_unbound_seed=True)
    )


def _base() -> tuple[Population, Draw]:
    codes = [f"{10**14 + 7919 * i:015d}" for i in range(40)]
    tiers = np.arange(40, dtype=np.uint8) % 5
    population = Population.from_arrays(codes, tiers)
    return population, HashSampler().draw(population, RULE, seed="audit", waitlist=3)


def test_replacements_must_follow_the_waitlist() -> None:
    population, draw = _base()
    tier = RiskTier.HIGH
    removed = draw.selected_in(tier)[0]
    skipped = Replacement(tier=tier, removed=removed, added=draw.waitlist(tier)[1], reason="x")
    found = verify_draw(
        draw.model_copy(update={"replacements": (skipped,)}), population, allow_unbound_seed=True
    )
    assert _kinds(found) == {DrawViolationKind.REPLACEMENT_OUT_OF_ORDER}
    assert draw.waitlist(tier)[0] in found[0].message
    ghost = Replacement(
        tier=tier, removed="999999999999999", added=draw.waitlist(tier)[0], reason="x"
    )
    found = verify_draw(
        draw.model_copy(update={"replacements": (ghost,)}), population, allow_unbound_seed=True
    )
    assert _kinds(found) == {DrawViolationKind.BAD_REPLACEMENT}


def test_wrong_tier_unknown_code_excluded_code_and_counts() -> None:
    population, draw = _base()
    other = draw.stratum(RiskTier.LOW).waitlist[0]
    tampered = _with_stratum(
        draw, RiskTier.HIGH, waitlist=(*draw.stratum(RiskTier.HIGH).waitlist[:-1], other)
    )
    assert DrawViolationKind.WRONG_TIER in _kinds(
        verify_draw(tampered, population, allow_unbound_seed=True)
    )
    unknown = _with_stratum(draw, RiskTier.HIGH, waitlist=("999999999999999",))
    assert DrawViolationKind.UNKNOWN_CODE in _kinds(
        verify_draw(unknown, population, allow_unbound_seed=True)
    )
    drawn_code = draw.selected_in(RiskTier.HIGH)[0]
    excluding = draw.model_copy(
        update={
            "exclusions": (SubjectExclusion(reason=ExclusionReason.OTHER, codes=(drawn_code,)),)
        }
    )
    kinds = _kinds(verify_draw(excluding, population, allow_unbound_seed=True))
    assert {DrawViolationKind.EXCLUDED_CODE_DRAWN, DrawViolationKind.COUNTS_DIFFER} <= kinds
    ghost = draw.model_copy(
        update={
            "exclusions": (
                SubjectExclusion(reason=ExclusionReason.OTHER, codes=("999999999999999",)),
            )
        }
    )
    assert DrawViolationKind.UNKNOWN_CODE in _kinds(
        verify_draw(ghost, population, allow_unbound_seed=True)
    )


def test_quotas_and_algorithm() -> None:
    population, draw = _base()
    other_rule = draw.model_copy(update={"rule": SamplingRule.parse("100%")})
    assert DrawViolationKind.QUOTAS_DIFFER in _kinds(
        verify_draw(other_rule, population, allow_unbound_seed=True)
    )
    unknown = draw.model_copy(update={"algorithm": "md5-v0"})
    assert _kinds(verify_draw(unknown, population, allow_unbound_seed=True)) == {
        DrawViolationKind.UNKNOWN_ALGORITHM
    }
    generator = draw.model_copy(update={"algorithm": GeneratorSampler.algorithm})
    assert DrawViolationKind.NOT_REPRODUCED in _kinds(
        verify_draw(generator, population, allow_unbound_seed=True)
    )
    bad_seed = draw.model_copy(update={"seed": " padded"})
    assert DrawViolationKind.NOT_REPRODUCED in _kinds(
        verify_draw(bad_seed, population, allow_unbound_seed=True)
    )
    reordered = _with_stratum(
        draw, RiskTier.HIGH, waitlist=tuple(reversed(draw.stratum(RiskTier.HIGH).waitlist))
    )
    assert _kinds(verify_draw(reordered, population, allow_unbound_seed=True)) == {
        DrawViolationKind.WAITLIST_NOT_REPRODUCED
    }


def test_numpy_version_is_named_when_a_generator_draw_does_not_reproduce() -> None:
    population, _ = _base()
    draw = GeneratorSampler().draw(population, RULE, seed="sim")
    old = draw.model_copy(update={"numpy_version": "1.0.0", "seed": "other"})
    messages = " ".join(v.message for v in verify_draw(old, population, allow_unbound_seed=True))
    assert "numpy 1.0.0" in messages


@pytest.mark.parametrize("kind", list(DrawViolationKind))
def test_violation_text(kind: DrawViolationKind) -> None:
    assert str(DrawViolation(kind=kind, message="m")) == f"{kind.value}: m"
