"""How another system's test suite can check its sampling with jointcheck (docs/howto-testing.md).

The "platform" below stands in for your system: `platform_publish` is the code that draws
and publishes a task's subjects (here it wraps jointcheck, as many systems will),
`platform_ranking` an implementation of the draw specification of its own (as a system in
another language would have), and `platform_teams` the code that matches inspectors.
Replace them with calls into your system; keep the properties.
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck import (
    Assignment,
    Draw,
    HashSampler,
    MatchProblem,
    Population,
    RiskTier,
    SamplingRule,
    verify_assignment,
    verify_draw,
)
from jointcheck.errors import InfeasibleError
from jointcheck.matching import match
from jointcheck.sampling import check_quotas, exclude_statuses
from jointcheck.strategies import matching_instances, populations


# ---------------------------------------------------------------- the system under test
def platform_publish(population: Population, rule: SamplingRule, seed: str) -> str:
    """Draw with the platform's exclusions and publish the record as JSON."""
    draw = HashSampler().draw(population, rule, seed=seed, exclude=[exclude_statuses(population)])
    return draw.model_dump_json()


def platform_ranking(seed: str, codes: list[str]) -> list[str]:
    """The platform's own jointcheck-hash-v1 order (docs/draw-specification.md)."""
    key = hashlib.sha256(("jointcheck-hash-v1:" + seed).encode("utf-8")).digest()
    return sorted(codes, key=lambda c: (hashlib.sha256(key + c.encode("ascii")).digest(), c))


def platform_teams(problem: MatchProblem) -> Assignment:
    """Match inspectors to the drawn subjects (here: jointcheck's matcher)."""
    return match(problem)


# ---------------------------------------------------------------- inputs
# The rules the platform uses, as its notices print them.
RULES = st.sampled_from(
    [
        "高风险企业抽取比例不低于10%、较高风险企业不低于5%、中风险企业不低于1%、低风险企业不低于0.5%"
        "；无风险等级抽取30%",
        "按照总体不低于3%的比例抽取",
        "5%；对低风险、一般风险、较高风险、高风险企业分别递加比例抽查",
        "A类企业1家，100%抽取",
    ]
).map(SamplingRule.parse)
SEEDS = st.text(st.characters(categories=["L", "Nd"]), min_size=1, max_size=30)


# ---------------------------------------------------------------- properties
@settings(max_examples=50, deadline=None)
@given(populations(max_size=80), RULES, SEEDS)
def test_published_draws_verify(population: Population, rule: SamplingRule, seed: str) -> None:
    record = Draw.model_validate_json(platform_publish(population, rule, seed))
    assert verify_draw(record, population, allow_unbound_seed=True) == []
    counts = {stratum.tier: stratum.available for stratum in record.strata}
    assert check_quotas(record.rule, counts, record.quotas) == []


@settings(max_examples=50, deadline=None)
@given(populations(max_size=80), RULES, SEEDS, st.randoms(use_true_random=False))
def test_own_implementation_draws_what_jointcheck_draws(
    population: Population, rule: SamplingRule, seed: str, shuffle: random.Random
) -> None:
    draw = HashSampler().draw(population, rule, seed=seed)
    strata: dict[RiskTier, list[str]] = defaultdict(list)
    for code, tier in zip(population.code_strings(), population.tiers.tolist(), strict=True):
        strata[RiskTier.from_code(tier)].append(code)
    for tier, codes in strata.items():
        shuffle.shuffle(codes)  # the order of the rows must not matter
        ours = platform_ranking(seed, codes)
        quota = draw.quotas[tier]
        assert tuple(ours[:quota]) == draw.selected_in(tier)
        assert tuple(ours[quota : quota + len(draw.waitlist(tier))]) == draw.waitlist(tier)


@settings(max_examples=50, deadline=None)
@given(matching_instances())
def test_teams_obey_every_rule_or_say_why_not(problem: MatchProblem) -> None:
    try:
        assignment: Assignment | None = platform_teams(problem)
        shortfalls: tuple[object, ...] = ()
    except InfeasibleError as error:
        assignment, shortfalls = None, error.shortfalls
    if assignment is None:
        assert shortfalls  # an impossible task names the subjects and the reason
    else:
        assert verify_assignment(assignment, problem, allow_unbound_seed=True) == ()
