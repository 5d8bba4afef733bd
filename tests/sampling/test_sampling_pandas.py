"""pandas' frac sampling rounds half to even; jointcheck's quotas never fall below N·r."""

from __future__ import annotations

import numpy as np
import pytest

from jointcheck.model import RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import GeneratorSampler, HashSampler

pd = pytest.importorskip("pandas")


def test_ten_percent_of_twenty_five_is_three() -> None:
    codes = [f"{10**14 + 7 * i:015d}" for i in range(25)]
    population = Population.from_arrays(codes, ["D"] * 25)
    frame = population.to_dataframe()
    assert len(frame.sample(frac=0.10, random_state=1)) == 2  # round(2.5) == 2
    rule = SamplingRule.parse("高风险企业不低于10%")
    for sampler in (HashSampler(), GeneratorSampler()):
        assert len(sampler.draw(population, rule, seed="x").selected_in(RiskTier.HIGH)) == 3


def test_pandas_frame_is_not_needed_but_round_trips() -> None:
    population = Population.from_arrays(
        [f"{10**14 + i:015d}" for i in range(10)], np.arange(10, dtype=np.uint8) % 5
    )
    frame = population.to_dataframe()
    again = Population.from_dataframe(frame)
    rule = SamplingRule.parse("100%")
    assert HashSampler().draw(again, rule, seed="s") == HashSampler().draw(
        population, rule, seed="s"
    )
