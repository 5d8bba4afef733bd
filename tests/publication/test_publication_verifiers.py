"""The public's own verifiers (docs/public-check.md) run against a real bundle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jointcheck.model import RiskTier
from jointcheck.publication import build_bundle

from ._forge import load, put, reseal
from ._round import Round, make_round
from ._verifiers import ROOT, SCRIPT, query, script, write

DOCS = ROOT / "docs" / "public-check.md"


@pytest.fixture(scope="module")
def made() -> Round:
    return make_round(size=400, label="verifiers")


def _write(folder: Path, files: dict[str, bytes], made: Round) -> Path:
    return write(folder, files, made.population)


def _script(folder: Path, registry: Path) -> subprocess.CompletedProcess[str]:
    return script(folder, registry)


def _query(folder: Path, registry: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    return query(folder, registry)


def test_the_script_uses_the_standard_library_only() -> None:
    teams = SCRIPT.with_name("verify_teams.py")  # its own parts, next to it
    digest = SCRIPT.with_name("verify_digest.py")
    imports = {
        line.split()[1]
        for script in (SCRIPT, teams, digest)
        for line in script.read_text("utf-8").splitlines()
        if line.startswith(("import ", "from "))
    }
    assert imports <= set(sys.stdlib_module_names) | {"verify_digest", "verify_teams"}
    assert len(SCRIPT.read_text("utf-8").splitlines()) <= 80


def test_both_are_printed_in_the_docs() -> None:
    text = DOCS.read_text("utf-8")
    assert '--8<-- "examples/public/verify_round.py"' in text
    assert '--8<-- "examples/public/verify_round.sql"' in text


def test_an_honest_bundle_checks_out(
    made: Round, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "round"
    registry = _write(folder, build_bundle(made.public()), made)
    result = _script(folder, registry)
    assert (result.returncode, result.stdout) == (
        0,
        "OK: the seeds, the announcement, the draw and the teams check out\n",
    ), result.stderr
    checks = _query(folder, registry, monkeypatch)
    assert all(checks.values()), checks
    assert {"seed of the draw", "seed of the teams", "draw of HIGH"} <= set(checks)


def test_a_forged_seed_and_a_spared_subject_are_caught(
    made: Round, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = build_bundle(made.public())
    draw = load(files, "draw.json")
    high = draw.stratum(RiskTier.HIGH)
    spared = high.model_copy(update={"drawn": (*high.drawn[1:], high.waitlist[0])})
    strata = tuple(spared if s.tier is RiskTier.HIGH else s for s in draw.strata)
    forged = reseal(put(files, "draw.json", draw.model_copy(update={"strata": strata})))
    folder = tmp_path / "spared"
    registry = _write(folder, forged, made)
    result = _script(folder, registry)
    assert result.returncode == 1
    assert "the HIGH stratum does not recompute from the registry" in result.stdout
    assert _query(folder, registry, monkeypatch)["draw of HIGH"] is False

    reseeded = reseal(put(files, "draw.json", draw.model_copy(update={"seed": "0" * 64})))
    folder = tmp_path / "reseeded"
    registry = _write(folder, reseeded, made)
    result = _script(folder, registry)
    assert "the subjects seed is not the one the ceremony gives" in result.stdout
    assert _query(folder, registry, monkeypatch)["seed of the draw"] is False


def test_a_false_reveal_is_caught(
    made: Round, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = build_bundle(made.public())
    reveals = json.loads(files["reveals.json"])
    reveals[0]["value"] = "9" * 64
    forged = reseal({**files, "reveals.json": json.dumps(reveals, ensure_ascii=False).encode()})
    folder = tmp_path / "reveal"
    registry = _write(folder, forged, made)
    assert f"the value revealed by {reveals[0]['party']}" in _script(folder, registry).stdout
    assert _query(folder, registry, monkeypatch)[f"commitment of {reveals[0]['party']}"] is False


def test_the_page_code_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib
    import io
    import re

    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"^```python\n(.*?)^```$", DOCS.read_text("utf-8"), flags=re.S | re.M)
    runnable = [b for b in blocks if not b.startswith("--8<--")]
    assert len(runnable) == 3
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile("\n".join(runnable), "public-check.md", "exec"), {"__name__": "__main__"})
    assert "结论：通过。未发现问题。 Verdict: PASSED" in out.getvalue()


def test_a_recused_inspector_on_a_team_is_caught(made: Round, tmp_path: Path) -> None:
    files = build_bundle(made.public())
    assignment = load(files, "assignment.json")
    drawn = {t.subject_code for t in assignment.teams}
    recusal = next(r for r in made.problem.conflicts.recusals if r.subject_code in drawn)
    team = next(t for t in assignment.teams if t.subject_code == recusal.subject_code)
    part = team.department("xam-samr")
    forced = part.model_copy(
        update={"members": tuple(sorted((recusal.inspector_id, part.members[0])))}
    )
    forged_team = team.model_copy(
        update={"departments": tuple(forced if d is part else d for d in team.departments)}
    )
    teams = tuple(forged_team if t is team else t for t in assignment.teams)
    forged = reseal(put(files, "assignment.json", assignment.model_copy(update={"teams": teams})))
    folder = tmp_path / "recused"
    registry = _write(folder, forged, made)
    result = _script(folder, registry)
    assert result.returncode == 1
    assert (
        f"{recusal.subject_code}: {recusal.inspector_id} should have recused (回避)"
        in result.stdout
    )
