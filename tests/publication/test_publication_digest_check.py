"""The standard-library verifier recomputes the population digest in the record's version."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from jointcheck.model import OperatingStatus, RiskTier, SubjectKind
from jointcheck.population import Population
from jointcheck.publication import build_bundle
from jointcheck.strategies import populations

from ._round import Round, make_round
from ._verifiers import SCRIPT, query, script, write

HELPER: dict[str, Any] = runpy.run_path(str(SCRIPT.with_name("verify_digest.py")))


@pytest.fixture(scope="module")
def made() -> Round:
    return make_round(size=300, label="digest-check")


def _rows(pop: Population) -> list[dict[str, str]]:
    kinds, statuses = list(SubjectKind), list(OperatingStatus)
    return [
        {
            "code": code,
            "tier": RiskTier.from_code(tier).value,
            "jurisdiction": pop.jurisdiction_labels[place],
            "kind": kinds[kind].value,
            "status": statuses[status].value,
        }
        for code, tier, place, kind, status in zip(
            pop.code_strings(),
            pop.tiers.tolist(),
            pop.jurisdictions.tolist(),
            pop.kinds.tolist(),
            pop.statuses.tolist(),
            strict=True,
        )
    ]


@settings(max_examples=40, deadline=None)
@given(pop=populations(min_size=0, max_size=30))
def test_the_stdlib_digest_is_the_library_digest(pop: Population) -> None:
    rng = np.random.default_rng(len(pop))
    full = Population.from_arrays(
        pop.codes,
        pop.tiers,
        kinds=rng.integers(0, 6, len(pop)).astype(np.uint8),
        statuses=rng.integers(0, 6, len(pop)).astype(np.uint8),
        jurisdictions=np.array(pop.jurisdiction_labels)[pop.jurisdictions],
    )
    rows = _rows(full)[::-1]  # any row order
    for version in (1, 2):
        assert HELPER["population_digest"](rows, version) == full.digest(version=version)


def test_a_registry_changed_after_the_draw_is_caught(made: Round, tmp_path: Path) -> None:
    files = build_bundle(made.public())
    assert json.loads(files["draw.json"])["population_digest_version"] == 2
    registry = write(tmp_path / "round", files, made.population)
    assert script(tmp_path / "round", registry).returncode == 0
    assert query(tmp_path / "round", registry)["population digest of the registry"] is True
    # One subject's status changed: the draw still recomputes, the digest does not.
    lines = registry.read_text("utf-8").splitlines()
    code, tier, place, kind, status = lines[5].split(",")
    other = "DEREGISTERED" if status != "DEREGISTERED" else "OPERATING"
    lines[5] = ",".join([code, tier, place, kind, other])
    registry.write_text("\n".join(lines) + "\n", "utf-8")
    result = script(tmp_path / "round", registry)
    assert result.returncode == 1
    assert result.stdout == "the registry's digest is not the draw's population_digest\n"
    checks = query(tmp_path / "round", registry)
    assert checks["population digest of the registry"] is False
    assert [name for name, ok in checks.items() if not ok] == ["population digest of the registry"]


def test_version_1_records_check_and_versions_must_agree(made: Round, tmp_path: Path) -> None:
    registry = write(tmp_path / "round", build_bundle(made.public()), made.population)
    old = {"population_digest": made.population.digest(version=1)}  # no version: 1
    assert HELPER["check_digest"](registry, old, {}) == []
    new = {"population_digest": made.population.digest(), "population_digest_version": 2}
    assert HELPER["check_digest"](registry, new, {"population_digest_version": 2}) == []
    assert HELPER["check_digest"](registry, new, {}) == [
        "the draw's population digest version is not the announced one"
    ]
    # The DuckDB query reads the version from draw.json the same way.
    draw_path = tmp_path / "round" / "draw.json"
    draw = json.loads(draw_path.read_text("utf-8"))
    del draw["population_digest_version"]
    for digest, ok in ((old["population_digest"], True), (new["population_digest"], False)):
        draw_path.write_text(json.dumps({**draw, "population_digest": digest}), "utf-8")
        assert query(tmp_path / "round", registry)["population digest of the registry"] is ok
    relabelled = {**old, "population_digest_version": 2}
    assert HELPER["check_digest"](registry, relabelled, {"population_digest_version": 2}) == [
        "the registry's digest is not the draw's population_digest"
    ]
