"""A third sampler plugs into the ``Sampler`` protocol as ``docs/sampling.md`` shows."""

from __future__ import annotations

import re
from pathlib import Path

from jointcheck.model import SamplingRule
from jointcheck.population import Population
from jointcheck.sampling import DrawViolationKind, Sampler, verify_draw

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sampling.md"
CODES = ["91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59"]


def _third_sampler() -> type:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("### A third sampler") :]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)[:1]
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/sampling.md", "exec"), namespace)
    sampler = namespace["LoggedSampler"]
    assert isinstance(sampler, type)
    return sampler


def test_the_documented_third_sampler_is_a_sampler_whose_draws_verify() -> None:
    sampler = _third_sampler()()
    assert isinstance(sampler, Sampler)
    population = Population.from_arrays(CODES, ["D", "D", "A"])
    draw = sampler.draw(population, SamplingRule.parse("高风险企业不低于50%"), seed="2025")
    assert verify_draw(draw, population, allow_unbound_seed=True) == []
    assert sampler.digests == [draw.digest()]


def test_a_sampler_of_its_own_algorithm_is_not_vouched_for() -> None:
    sampler = _third_sampler()()
    population = Population.from_arrays(CODES, ["D", "D", "A"])
    draw = sampler.draw(population, SamplingRule.parse("高风险企业不低于50%"), seed="2025")
    renamed = draw.model_copy(update={"algorithm": "county-lottery-v1"})
    kinds = {v.kind for v in verify_draw(renamed, population, allow_unbound_seed=True)}
    assert DrawViolationKind.UNKNOWN_ALGORITHM in kinds
