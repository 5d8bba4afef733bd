"""The sampling strategies give valid values and check their arguments eagerly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.model import RiskTier, RiskWeights, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import SubjectExclusion, check_seed
from jointcheck.strategies import populations
from jointcheck.strategies._sampling import (
    exclusions,
    ratios,
    risk_weights,
    sampling_rules,
    seeds,
    tier_counts,
)


@settings(max_examples=60)
@given(sampling_rules())
def test_rules_are_valid_and_round_trip(rule: SamplingRule) -> None:
    assert not rule.allow_falling  # valid without the escape hatch
    assert SamplingRule.model_validate_json(rule.model_dump_json()) == rule
    assert rule.describe()


@given(sampling_rules(weighted=True))
def test_weighted_rules(rule: SamplingRule) -> None:
    assert rule.weights is not None
    assert rule.overall is not None


@given(sampling_rules(weighted=False))
def test_unweighted_rules(rule: SamplingRule) -> None:
    assert rule.weights is None


@given(seeds())
def test_seeds_are_valid(seed: str) -> None:
    assert check_seed(seed) == seed


@given(risk_weights())
def test_weights_rise(weights: RiskWeights) -> None:
    ranked = [weights.weight(t) for t in RiskTier.rated()]
    assert ranked == sorted(set(ranked))


@given(tier_counts(max_count=50))
def test_tier_counts(counts: dict[RiskTier, int]) -> None:
    assert set(counts) == set(RiskTier)
    assert all(0 <= v <= 50 for v in counts.values())


@settings(max_examples=30, deadline=None)
@given(st.data(), populations(max_size=20))
def test_exclusions_name_population_codes(data: st.DataObject, population: Population) -> None:
    groups = data.draw(exclusions(population))
    codes = set(population.codes.astype("U18").tolist())
    for group in groups:
        assert isinstance(group, SubjectExclusion)
        assert set(group.codes) <= codes


def test_arguments_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="Cannot have min_percent=5, max_percent=1"):
        ratios(min_percent="5", max_percent="1")
    with pytest.raises(InvalidInputError, match="max_count"):
        tier_counts(max_count=-1)
