import importlib
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck import Plan, Population, RiskTier, SamplingRule
from jointcheck.errors import InvalidInputError, MissingExtraError
from jointcheck.strategies import populations


def test_size_arguments_are_checked_eagerly() -> None:
    with pytest.raises(InvalidInputError, match="Cannot have max_size=3 < min_size=5"):
        populations(min_size=5, max_size=3)
    with pytest.raises(InvalidInputError, match="min_size=-1"):
        populations(min_size=-1)
    with pytest.raises(InvalidInputError, match="tiers must not be empty"):
        populations(tiers=[])


@settings(max_examples=30, deadline=None)
@given(populations(min_size=3, max_size=8, tiers=[RiskTier.HIGH, RiskTier.LOW]))
def test_populations_respect_their_arguments(pop: Population) -> None:
    assert 3 <= len(pop) <= 8
    counts = pop.counts_by_tier()
    assert counts[RiskTier.HIGH] + counts[RiskTier.LOW] == len(pop)


@settings(max_examples=10, deadline=None)
@given(st.from_type(Plan))
def test_from_type_builds_valid_plans(plan: Plan) -> None:
    assert plan.initiator_id in {d.id for d in plan.departments}


def test_import_without_hypothesis_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    saved = {k: v for k, v in sys.modules.items() if k.startswith("jointcheck.strategies")}
    for name in saved:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    try:
        with pytest.raises(MissingExtraError, match=r"jointcheck\[hypothesis\]"):
            importlib.import_module("jointcheck.strategies")
    finally:
        monkeypatch.undo()
        sys.modules.update(saved)


@settings(max_examples=20, deadline=None)
@given(st.from_type(SamplingRule))
def test_from_type_builds_valid_sampling_rules(rule: SamplingRule) -> None:
    # Registered by importing jointcheck.strategies (not pydantic's generic builder).
    assert SamplingRule.model_validate_json(rule.model_dump_json()) == rule


def test_sampling_strategies_are_public() -> None:
    import jointcheck.strategies as strategies

    for name in ("sampling_rules", "ratios", "risk_weights", "seeds", "tier_counts", "exclusions"):
        assert name in strategies.__all__


def test_hypothesis_entry_point_names_the_module_that_registers_the_strategies() -> None:
    import importlib
    import re
    from pathlib import Path

    from jointcheck.model import Plan

    text = (Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8")
    section = text.split("[project.entry-points.hypothesis]", 1)[1].split("\n[", 1)[0]
    found = re.search(r'^jointcheck = "([\w.]+)"$', section, flags=re.MULTILINE)
    assert found is not None
    module = importlib.import_module(found.group(1))
    assert module.__name__ == "jointcheck.strategies"

    @given(st.from_type(Plan))
    @settings(max_examples=5)
    def plans_are_built(plan: Plan) -> None:
        assert plan.tasks

    plans_are_built()
