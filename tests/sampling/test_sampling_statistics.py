"""Deterministic statistical checks (fixed seeds): selection within a tier is uniform."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from jointcheck.model import RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import GeneratorSampler, HashSampler, Sampler

scipy_stats = pytest.importorskip("scipy.stats")

SUBJECTS = 40
DRAWS = 1200
CODES = [f"{10**14 + 104729 * i:015d}" for i in range(SUBJECTS + 10)]
# 40 subjects in MEDIUM, 10 in HIGH: the other tier must not disturb MEDIUM's draw
POPULATION = Population.from_arrays(CODES, ["B"] * SUBJECTS + ["D"] * 10)
RULE = SamplingRule.parse("中风险企业不低于25%、高风险企业不低于50%")


@pytest.mark.slow
@pytest.mark.parametrize("sampler", [HashSampler(), GeneratorSampler()], ids=repr)
def test_selection_frequencies_are_uniform(sampler: Sampler) -> None:
    chosen: Counter[str] = Counter()
    first: Counter[str] = Counter()
    for i in range(DRAWS):
        draw = sampler.draw(POPULATION, RULE, seed=f"uniformity-{i}", waitlist=0)
        picked = draw.selected_in(RiskTier.MEDIUM)
        assert len(picked) == 10
        chosen.update(picked)
        first[picked[0]] += 1
    members = CODES[:SUBJECTS]
    counts = np.array([chosen[c] for c in members])
    assert counts.sum() == DRAWS * 10
    # Each subject is drawn with probability 10/40; counts over fixed seeds are checked
    # against uniform (conservative for sampling without replacement).
    assert scipy_stats.chisquare(counts).pvalue > 0.001
    # The first-ranked subject is multinomial over the 40: an exact chi-square setting.
    firsts = np.array([first[c] for c in members])
    assert scipy_stats.chisquare(firsts).pvalue > 0.001
    # and no subject is drawn far more or less often than 300 ± 5 standard deviations
    sd = (DRAWS * 0.25 * 0.75) ** 0.5
    assert np.all(np.abs(counts - DRAWS * 0.25) < 5 * sd)


def test_a_biased_sampler_would_fail_the_check() -> None:
    """The check has teeth: always preferring low codes is rejected."""
    counts = np.array([DRAWS if i < 10 else 0 for i in range(SUBJECTS)])
    assert scipy_stats.chisquare(counts).pvalue < 1e-6
