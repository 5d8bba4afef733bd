"""The teams' tamper table: every single tamper of the teams or of staffing.csv is detected by
``jointcheck audit``, by the DuckDB query and by the standard-library script (where the
threat model says it can be), on a round where the greedy staffs every team and on one where
the repair runs.

A forger edits the teams (assignment.json) and the staffing table (staffing.csv) as
consistently as one edit allows, then rewrites the page and the manifest, so only the edit
of substance remains.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jointcheck.errors import InfeasibleError
from jointcheck.matching import (
    STAFFING_COLUMNS,
    Assignment,
    DepartmentTeam,
    InspectorLoad,
    match,
    staffing_table,
)
from jointcheck.model import PoolScope
from jointcheck.publication import audit_bundle, build_bundle

from ._forge import load, put, reseal
from ._round import Round, covered_round, make_round, repaired_round, small_round
from ._verifiers import query, script, staffing_rows, with_staffing, write

Rows = list[dict[str, str]]
Files = dict[str, bytes]


def _repair_bundle() -> tuple[Round, Files]:
    made = repaired_round()
    return made, build_bundle(made.public())


_REPAIR = _repair_bundle()  # the round where the repair runs (found once, shared)


@pytest.fixture(scope="module")
def rounds() -> dict[str, tuple[Round, Files]]:
    greedy = make_round(size=400, label="teams")
    cover = covered_round()
    return {
        "greedy": (greedy, build_bundle(greedy.public())),
        "repair": _REPAIR,
        "cover": (cover, build_bundle(cover.public())),
    }


# ---------------------------------------------------------------------- editing helpers


def _members(rows: Rows) -> Rows:
    return [r for r in rows if r["role"] == "member"]


def _edit_team(
    files: Files, subject: str, department: str, change: Callable[[tuple[str, ...]], list[str]]
) -> Files:
    """assignment.json with one department's members of one subject changed (loads follow)."""
    a: Assignment = load(files, "assignment.json")
    before: dict[str, int] = {}
    after: dict[str, int] = {}
    teams = []
    for team in a.teams:
        parts = []
        for part in team.departments:
            if team.subject_code == subject and part.department_id == department:
                new = tuple(sorted(change(part.members)))
                for i in part.members:
                    before[i] = before.get(i, 0) + 1
                for i in new:
                    after[i] = after.get(i, 0) + 1
                part = DepartmentTeam.model_validate({**part.model_dump(), "members": new})
            parts.append(part)
        teams.append(team.model_copy(update={"departments": tuple(parts)}))
    loads = tuple(
        InspectorLoad(
            inspector_id=x.inspector_id,
            department_id=x.department_id,
            subjects=x.subjects - before.get(x.inspector_id, 0) + after.get(x.inspector_id, 0),
        )
        for x in a.loads
    )
    return put(
        files, "assignment.json", a.model_copy(update={"teams": tuple(teams), "loads": loads})
    )


def _swap_pair(rows: Rows) -> tuple[dict[str, str], dict[str, str]]:
    """A chosen member arc and an unchosen arc of the same node."""
    for node in dict.fromkeys(r["node"] for r in _members(rows)):
        arcs = [r for r in _members(rows) if r["node"] == node]
        x = next((r for r in arcs if r["chosen"] == "1"), None)
        y = next((r for r in arcs if r["chosen"] == "0"), None)
        if x is not None and y is not None:
            return x, y
    raise AssertionError("no node with an unchosen candidate")


def _swapped(made: Round, files: Files, *, table: bool) -> Files:
    rows = staffing_rows(files)
    x, y = _swap_pair(rows)
    out = _edit_team(
        files,
        x["subject_code"],
        x["department_id"],
        lambda m: [y["inspector_id"] if i == x["inspector_id"] else i for i in m],
    )
    if table:
        x["chosen"], y["chosen"] = "0", "1"
        out = with_staffing(out, rows)
    return reseal(out)


def _moved(made: Round, files: Files) -> Files:
    rows = _members(staffing_rows(files))
    for x in (r for r in rows if r["chosen"] == "1"):
        chosen_at = {
            r["node"] for r in rows if r["inspector_id"] == x["inspector_id"] and r["chosen"] == "1"
        }
        other = next(
            (
                r
                for r in rows
                if r["inspector_id"] == x["inspector_id"]
                and r["department_id"] == x["department_id"]
                and r["node"] not in chosen_at
            ),
            None,
        )
        if other is not None:
            break
    else:
        raise AssertionError("no member who could move")
    out = _edit_team(
        files,
        x["subject_code"],
        x["department_id"],
        lambda m: [i for i in m if i != x["inspector_id"]],
    )
    out = _edit_team(
        out, other["subject_code"], other["department_id"], lambda m: [*m, x["inspector_id"]]
    )
    all_rows = staffing_rows(files)
    for r in all_rows:
        if (r["node"], r["inspector_id"], r["role"]) == (x["node"], x["inspector_id"], "member"):
            r["chosen"] = "0"
        if (r["node"], r["inspector_id"], r["role"]) == (
            other["node"],
            x["inspector_id"],
            "member",
        ):
            r["chosen"] = "1"
    return reseal(with_staffing(out, all_rows))


def _replacing(old: str, new: str) -> Callable[[tuple[str, ...]], list[str]]:
    return lambda members: [new if k == old else k for k in members]


def _exchanged(made: Round, files: Files) -> Files:
    """Two members exchanged between two subjects: every team still full, every load the
    same (on the repair round, another staffing the repair did not choose)."""
    rows = staffing_rows(files)
    members = _members(rows)
    arc = {(r["node"], r["inspector_id"]): r for r in members}
    chosen = [r for r in members if r["chosen"] == "1"]
    for x in chosen:
        for y in chosen:
            a, b, i, j = x["node"], y["node"], x["inspector_id"], y["inspector_id"]
            if a == b or i == j or x["department_id"] != y["department_id"]:
                continue
            if (
                (b, i) in arc
                and (a, j) in arc
                and arc[b, i]["chosen"] == arc[a, j]["chosen"] == "0"
            ):
                x["chosen"], y["chosen"], arc[b, i]["chosen"], arc[a, j]["chosen"] = (
                    "0",
                    "0",
                    "1",
                    "1",
                )
                out = _edit_team(
                    files,
                    x["subject_code"],
                    x["department_id"],
                    _replacing(i, j),
                )
                out = _edit_team(
                    out,
                    y["subject_code"],
                    y["department_id"],
                    _replacing(j, i),
                )
                return reseal(with_staffing(out, rows))
    raise AssertionError("no two members to exchange")


def _table_edit(edit: Callable[[Round, Rows], Rows]) -> Callable[[Round, Files], Files]:
    def forge(made: Round, files: Files) -> Files:
        return reseal(with_staffing(files, edit(made, staffing_rows(files))))

    return forge


def _stage_edited(made: Round, rows: Rows) -> Rows:
    r = next(r for r in rows if r["stage"])
    r["stage"] = "1" if r["stage"] == "0" else "0"
    return rows


def _chosen_edited(made: Round, rows: Rows) -> Rows:
    next(r for r in rows if r["chosen"] == "1")["chosen"] = "0"
    return rows


def _unopened_dropped(made: Round, rows: Rows) -> Rows:
    gone = next(r for r in rows if not r["stage"] and r["chosen"] == "0")
    return [r for r in rows if r is not gone]


def _staged_dropped(made: Round, rows: Rows) -> Rows:
    gone = next(r for r in rows if r["stage"] and r["chosen"] == "1")
    return [r for r in rows if r is not gone]


def _recused_added(made: Round, rows: Rows) -> Rows:
    members = _members(rows)
    inspectors = {r["inspector_id"]: r for r in members}
    nodes = {r["node"]: r for r in members}
    recusal = next(
        x
        for x in made.problem.conflicts.recusals
        if x.subject_code in nodes
        and x.inspector_id in inspectors
        and nodes[x.subject_code]["department_id"] == inspectors[x.inspector_id]["department_id"]
    )
    node, person = nodes[recusal.subject_code], inspectors[recusal.inspector_id]
    added = {
        **node,
        "inspector_id": person["inspector_id"],
        "certified": person["certified"],
        "cap": person["cap"],
        "stage": "",
        "chosen": "0",
    }
    return [*rows, added]


def _cap_edited(made: Round, rows: Rows) -> Rows:
    first = rows[0]["inspector_id"]
    for r in rows:
        if r["inspector_id"] == first:
            r["cap"] = str(int(r["cap"]) + 1)
    return rows


def _level_edited(made: Round, rows: Rows) -> Rows:
    call = (rows[0]["department_id"], rows[0]["role"], rows[0]["pool"])
    for r in rows:
        if (r["department_id"], r["role"], r["pool"]) == call:
            r["level"] = str(int(r["level"]) + 1)
    return rows


def _demand_edited(made: Round, rows: Rows) -> Rows:
    node = rows[0]["node"]
    for r in rows:
        if r["node"] == node:
            r["demand"] = str(int(r["demand"]) - 1)
    return rows


def _certified_edited(made: Round, rows: Rows) -> Rows:
    who = next(r["inspector_id"] for r in _members(rows) if r["stage"])
    for r in rows:
        if r["inspector_id"] == who:
            r["certified"] = "0"
    return rows


def _table_removed(made: Round, files: Files) -> Files:
    return reseal({n: d for n, d in files.items() if n != "staffing.csv"})


def _seed_edited(made: Round, files: Files) -> Files:
    a: Assignment = load(files, "assignment.json")
    return reseal(put(files, "assignment.json", a.model_copy(update={"seed": "another seed"})))


def _reseeded(made: Round, files: Files) -> Files:
    """Teams and table re-derived with another seed; the ceremony's seed still recorded."""
    other = made.problem.model_copy(update={"seed": "another seed"})
    a = match(other).model_copy(
        update={
            "seed": made.assignment.seed,
            "inputs_digest": made.assignment.inputs_digest,
            "announcement_digest": made.assignment.announcement_digest,
            "reveals": made.assignment.reveals,
        }
    )
    out = put(files, "assignment.json", a)
    return reseal({**out, "staffing.csv": staffing_table(other).to_csv().encode()})


# ---------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Case:
    name: str
    audit: str  # a finding kind the audit must name
    forge: Callable[[Round, Files], Files]
    query: frozenset[str]  # rounds on which the DuckDB query must say false
    script: frozenset[str]  # rounds on which the standard-library script must fail


BOTH = frozenset({"greedy", "repair"})
GREEDY = frozenset({"greedy"})
NONE: frozenset[str] = frozenset()

CASES = [
    Case(
        "a member swapped (teams and table)",
        "STAFFING_CHOSEN",
        lambda m, f: _swapped(m, f, table=True),
        BOTH,
        BOTH,
    ),
    Case(
        "a member swapped (teams only)",
        "NOT_REPRODUCIBLE",
        lambda m, f: _swapped(m, f, table=False),
        BOTH,
        BOTH,
    ),
    Case("a member moved to another subject", "STAFFING_CHOSEN", _moved, BOTH, BOTH),
    # where the repair ran, the query checks only that teams are full and within caps: it
    # leaves the repair's own choice to the script and audit, which recompute it
    Case("two members exchanged between subjects", "STAFFING_CHOSEN", _exchanged, GREEDY, BOTH),
    # where a repair ran between stages, later stages start from its flow: the query leaves
    # the stages of that call to the script and audit too
    Case("a stage label edited", "STAFFING_STAGE", _table_edit(_stage_edited), GREEDY, BOTH),
    Case("a chosen flag edited", "STAFFING_CHOSEN", _table_edit(_chosen_edited), BOTH, BOTH),
    Case("a staged arc dropped", "STAFFING_ARC_DROPPED", _table_edit(_staged_dropped), BOTH, BOTH),
    # an arc never open changes no step of the greedy: only the eligibility rule shows it
    # (audit and the query; the script trusts the table's candidates)
    Case(
        "an arc never open dropped",
        "STAFFING_ARC_DROPPED",
        _table_edit(_unopened_dropped),
        BOTH,
        NONE,
    ),
    Case(
        "an arc of a recused pair added",
        "STAFFING_ARC_ADDED",
        _table_edit(_recused_added),
        BOTH,
        NONE,
    ),
    Case("a cap edited", "STAFFING_CAP", _table_edit(_cap_edited), BOTH, NONE),
    Case("a level edited", "STAFFING_LEVEL", _table_edit(_level_edited), BOTH, BOTH),
    Case(
        "a certified flag edited", "STAFFING_CERTIFIED", _table_edit(_certified_edited), BOTH, BOTH
    ),
    Case("staffing.csv removed (manifest rewritten)", "MISSING_FILE", _table_removed, BOTH, BOTH),
    Case("a node's demand edited", "STAFFING_FIELD", _table_edit(_demand_edited), BOTH, BOTH),
    Case("the teams' seed edited", "SEED_NOT_DERIVED", _seed_edited, BOTH, BOTH),
    Case(
        "teams and table re-derived with another seed",
        "NOT_REPRODUCIBLE",
        _reseeded,
        GREEDY,  # the query recomputes the tickets only through the greedy it can check
        BOTH,
    ),
]


@pytest.mark.parametrize("which", ["greedy", "repair", "cover"])
def test_the_honest_rounds_verify_with_all_three(
    which: str, rounds: dict[str, tuple[Round, Files]], tmp_path: Path
) -> None:
    made, files = rounds[which]
    report = audit_bundle(files, made.population)
    assert report.passed, report.to_text()
    assert any("staffing.csv" in c for c in report.checked)
    registry = write(tmp_path / "round", files, made.population)
    checks = query(tmp_path / "round", registry)
    assert all(checks.values()), checks
    repaired = [name for name in checks if name.startswith("repair ran in")]
    assert bool(repaired) == (which == "repair"), checks
    covered = [name for name in checks if name.startswith("repair or covering ran in")]
    assert bool(covered) == (which == "cover"), checks
    result = script(tmp_path / "round", registry)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("which", ["greedy", "repair"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_each_team_tamper_is_detected(
    case: Case, which: str, rounds: dict[str, tuple[Round, Files]], tmp_path: Path
) -> None:
    made, files = rounds[which]
    forged = case.forge(made, dict(files))
    assert forged != files
    report = audit_bundle(forged, made.population)
    assert case.audit in {f.kind for f in report.findings}, report.to_text()
    registry = write(tmp_path / "round", forged, made.population)
    checks = query(tmp_path / "round", registry)
    if which in case.query:
        assert not all(checks.values()), checks
    result = script(tmp_path / "round", registry)
    if which in case.script:
        assert result.returncode == 1, result.stdout + result.stderr


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    label=st.text(alphabet="abc123", min_size=1, max_size=6),
    inspectors=st.integers(4, 12),
    caps=st.lists(st.integers(1, 4), max_size=12),
    min_members=st.integers(1, 3),
    recused=st.integers(0, 3),
    uncertified=st.integers(0, 3),
    certified=st.none() | st.integers(1, 3),
    specialists=st.integers(0, 6),
    specialist_cap=st.none() | st.integers(1, 4),
    scope=st.sampled_from(PoolScope),
)
def test_every_honest_small_round_verifies_with_all_three(
    tmp_path_factory: pytest.TempPathFactory,
    label: str,
    inspectors: int,
    caps: list[int],
    min_members: int,
    recused: int,
    uncertified: int,
    certified: int | None,
    specialists: int,
    specialist_cap: int | None,
    scope: PoolScope,
) -> None:
    try:
        made = small_round(
            label=label,
            inspectors=inspectors,
            caps=tuple(caps[:inspectors]),
            min_members=min_members,
            recused=recused,
            uncertified=uncertified,
            certified=None if certified is None else min(certified, min_members),
            specialists=specialists,
            qualifications=("医疗器械", "公共场所卫生") if specialists else (),
            specialist_cap=specialist_cap,
            scope=scope,
        )
    except InfeasibleError:
        assume(False)
        return
    files = build_bundle(made.public())
    report = audit_bundle(files, made.population)
    assert report.passed, report.to_text()
    folder = tmp_path_factory.mktemp("small") / "round"
    registry = write(folder, files, made.population)
    checks = query(folder, registry)
    assert all(checks.values()), checks
    result = script(folder, registry)
    assert result.returncode == 0, result.stdout + result.stderr


def _audit_kinds(made: Round, files: Files) -> set[str]:
    return {f.kind for f in audit_bundle(files, made.population).findings}


def test_staffing_csv_in_another_form_is_named(rounds: dict[str, tuple[Round, Files]]) -> None:
    made, files = rounds["greedy"]
    data = files["staffing.csv"]
    head, *body = data.decode().splitlines(keepends=True)
    shuffled = reseal({**files, "staffing.csv": (head + "".join(reversed(body))).encode()})
    assert _audit_kinds(made, shuffled) == {"STAFFING_ORDER"}
    crlf = reseal({**files, "staffing.csv": data.replace(b"\n", b"\r\n")})
    assert _audit_kinds(made, crlf) == {"STAFFING_UNREADABLE"}
    for garbage in (b"", b"\xff\xfe", b"department_id,role\nx,y\n", head.encode() + b"a,b\n"):
        assert "STAFFING_UNREADABLE" in _audit_kinds(
            made, reseal({**files, "staffing.csv": garbage})
        )
    removed = reseal({n: d for n, d in files.items() if n != "staffing.csv"})
    assert "MISSING_FILE" in _audit_kinds(made, removed)


def test_every_difference_is_named_once_per_kind(rounds: dict[str, tuple[Round, Files]]) -> None:
    made, files = rounds["greedy"]
    rows = staffing_rows(files)
    for r in rows[:5]:
        r["stage"] = "99"
    report = audit_bundle(reseal(with_staffing(files, rows)), made.population)
    staged = [f for f in report.findings if f.kind == "STAFFING_STAGE"]
    assert len(staged) == 1
    assert staged[0].chinese == "配员阶段不符"
    assert "5 row(s)" in staged[0].message
    assert "… 2 more" in staged[0].message
    assert "配员阶段不符 (a stage differs from the greedy's)" in report.to_text()


def test_teams_of_version_1_are_published_without_a_table(
    rounds: dict[str, tuple[Round, Files]], tmp_path: Path
) -> None:
    from jointcheck.matching._matcher import assignment_of, solve
    from jointcheck.publication import PublicRound

    made, _ = rounds["repair"]
    old = assignment_of(solve(made.problem, version="1")).model_copy(
        update={
            "announcement_digest": made.assignment.announcement_digest,
            "reveals": made.assignment.reveals,
        }
    )
    assert old.version == "1"
    public = PublicRound(
        announcement=made.announcement, draw=made.draw, problem=made.problem, assignment=old
    )
    files = build_bundle(public)
    assert "staffing.csv" not in files
    assert "任何人都可复算检查组" not in files["index.html"].decode()
    report = audit_bundle(files, made.population)
    assert report.passed, report.to_text()
    assert any("no staffing table" in n for n in report.not_checked)
    forged = reseal({**files, "staffing.csv": made_table(made)})
    assert "STAFFING_UNREADABLE" in _audit_kinds(made, forged)
    # The stdlib script says it leaves version 1's teams to audit, and does not fail on them.
    registry = write(tmp_path / "round", files, made.population)
    result = script(tmp_path / "round", registry)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "teams of algorithm version 1 are recomputed by jointcheck audit" in result.stdout


def made_table(made: Round) -> bytes:
    return staffing_table(made.problem).to_csv().encode()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    junk=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.text(max_size=8), min_size=13, max_size=13).map(
            lambda cells: ("\n".join([",".join(STAFFING_COLUMNS), ",".join(cells)])).encode(
                "utf-8", "surrogatepass"
            )
        ),
    )
)
def test_audit_never_crashes_on_a_mangled_staffing_csv(junk: bytes) -> None:
    made, files = _REPAIR
    report = audit_bundle(reseal({**files, "staffing.csv": junk}), made.population)
    assert not report.passed
    assert {f.part for f in report.findings} == {"staffing"}


@pytest.mark.parametrize(
    ("column", "value"),
    [("demand", ""), ("cap", ""), ("chosen", "2"), ("certified", "yes"), ("role", "boss")],
)
def test_the_query_says_false_on_a_blank_or_strange_cell(
    column: str, value: str, rounds: dict[str, tuple[Round, Files]], tmp_path: Path
) -> None:
    made, files = rounds["greedy"]
    rows = staffing_rows(files)
    rows[-1][column] = value
    forged = reseal(with_staffing(files, rows))
    assert "STAFFING_" in " ".join(f.kind for f in audit_bundle(forged, made.population).findings)
    checks = query(tmp_path / "round", write(tmp_path / "round", forged, made.population))
    assert not all(checks.values()), checks
