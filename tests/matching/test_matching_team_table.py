"""The teams of an assignment as columns (TeamTable): the same sequence, JSON and schema as
the tuple of teams it stands for, without one record per team."""

from __future__ import annotations

import datetime as dt
import gc
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jointcheck._internal.base import FrozenModel
from jointcheck.errors import InvalidInputError
from jointcheck.matching import (
    Assignment,
    DepartmentTeam,
    MatchProblem,
    MatchSubject,
    Team,
    TeamTable,
    match,
)
from jointcheck.model import Certificate, DateWindow, Inspector, TeamRequirement
from jointcheck.schema import schema

VALID = Certificate(number="C1", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1))
DAY = DateWindow(start=dt.date(2025, 6, 2), end=dt.date(2025, 6, 30))

_ids = st.sampled_from(["A1", "A2", "B1", "B2"])
_parts = st.builds(
    DepartmentTeam,
    department_id=st.sampled_from(["NHC", "SAMR"]),
    units=st.lists(st.sampled_from(["U1", "U2"]), max_size=1).map(tuple),
    members=st.lists(_ids, max_size=2, unique=True).map(lambda x: tuple(sorted(x))),
    specialists=st.lists(_ids, max_size=1).map(tuple),
)
_teams = st.lists(
    st.builds(
        Team,
        subject_code=st.sampled_from(["S1", "S2", "S3", "S4"]),
        jurisdiction=st.sampled_from(["", "J1"]),
        departments=st.lists(_parts, max_size=3).map(tuple),
    ),
    max_size=8,
).map(tuple)


@given(_teams, st.slices(10))
def test_a_table_is_the_tuple_of_teams_it_stands_for(teams: tuple[Team, ...], cut: slice) -> None:
    table = TeamTable.from_teams(teams)
    assert len(table) == len(teams)
    assert [table[i] for i in range(len(teams))] == list(teams)
    assert [table[-i] for i in range(1, len(teams) + 1)] == [
        teams[-i] for i in range(1, len(teams) + 1)
    ]
    assert tuple(table) == teams
    assert isinstance(table[cut], TeamTable)
    assert table[cut] == teams[cut]
    assert teams[cut] == table[cut]
    assert table == teams
    assert teams == table
    assert table == list(teams)
    assert (table != teams) is False
    assert hash(table) == hash(teams)
    assert table == TeamTable.from_teams(list(teams))
    assert all(team in table for team in teams)
    assert table.subject_codes == tuple(t.subject_code for t in teams)
    assert pickle.loads(pickle.dumps(table)) == table
    with pytest.raises(IndexError):
        table[len(teams)]


@given(_teams, _teams)
def test_tables_are_equal_exactly_when_their_teams_are(
    mine: tuple[Team, ...], theirs: tuple[Team, ...]
) -> None:
    assert (TeamTable.from_teams(mine) == TeamTable.from_teams(theirs)) == (mine == theirs)
    assert (TeamTable.from_teams(mine) == theirs) == (mine == theirs)
    other = Team(subject_code="X9", departments=())
    assert (other in TeamTable.from_teams(mine)) is False
    assert TeamTable.from_teams(mine) != "teams"


def _problem(subjects: int) -> MatchProblem:
    """One department of 5 inspectors, 2 members per team: at most 10 distinct parts."""
    inspectors = tuple(
        Inspector(id=f"N{k}", name=f"检查员{k}", department_id="NHC", certificate=VALID)
        for k in range(5)
    )
    return MatchProblem(
        subjects=tuple(
            MatchSubject(code=f"E{s:05d}", jurisdiction=f"J{s % 3}") for s in range(subjects)
        ),
        inspectors=inspectors,
        requirements=(TeamRequirement(department_id="NHC"),),
        inspection=DAY,
        seed=7,
    )


def test_match_keeps_no_record_per_team() -> None:
    problem = _problem(3_000)
    match(problem)  # the problem's own caches, made once
    gc.collect()
    before = len(gc.get_objects())
    assignment = match(problem)
    gc.collect()
    made = len(gc.get_objects()) - before
    assert isinstance(assignment.teams, TeamTable)
    assert made < 0.05 * len(problem.subjects), made  # one record per team: about 4 each


class _Reference(FrozenModel):
    teams: tuple[Team, ...]


class _Ours(FrozenModel):
    teams: TeamTable


def test_the_json_schema_is_that_of_a_tuple_of_teams() -> None:
    for mode in ("validation", "serialization"):
        ours = _Ours.model_json_schema(mode=mode)
        reference = _Reference.model_json_schema(mode=mode)
        assert {**ours, "title": ""} == {**reference, "title": ""}
    # the published document other systems read: teams is an array of Team
    assert schema()["$defs"]["Assignment"]["properties"]["teams"] == {
        "description": "One joint team per subject, sorted by code",
        "items": {"$ref": "#/$defs/Team"},
        "title": "Teams",
        "type": "array",
    }


def test_json_python_and_dumps_are_those_of_the_tuple_of_teams() -> None:
    assignment = match(_problem(40))
    teams = tuple(assignment.teams)
    reference = _Reference(teams=teams)
    ours = _Ours(teams=assignment.teams)
    assert ours.teams is assignment.teams  # passed through, no team made
    assert ours.model_dump_json() == reference.model_dump_json()
    assert ours.model_dump() == reference.model_dump()
    assert type(ours.model_dump()["teams"]) is tuple
    assert ours.model_dump(mode="json") == reference.model_dump(mode="json")
    again = Assignment.model_validate_json(assignment.model_dump_json())
    assert isinstance(again.teams, TeamTable)
    assert again == assignment
    assert hash(again) == hash(assignment)
    assert again.model_dump_json() == assignment.model_dump_json()
    from_teams = Assignment.model_validate({**dict(assignment), "teams": list(teams)})
    assert isinstance(from_teams.teams, TeamTable)
    assert from_teams == assignment
    from_dicts = Assignment.model_validate(assignment.model_dump())
    assert from_dicts == assignment
    copied = assignment.model_copy(update={"teams": teams[1:]})
    # a copy given a tuple (not validated) still writes the same JSON
    assert copied.model_dump_json() == assignment.model_dump_json().replace(
        teams[0].model_dump_json() + ",", ""
    )
    assert pickle.loads(pickle.dumps(assignment)) == assignment


def test_a_table_reads_as_its_teams() -> None:
    table = match(_problem(40)).teams
    assert repr(table) == "TeamTable(40 teams of subjects 'E00000' … 'E00039'; departments NHC)"
    assert repr(table[:1]) == f"TeamTable(({table[0]!r},))"
    with pytest.raises(AttributeError):
        table._codes = []  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        table._departments[0][1][0] = 1


def test_columns_that_do_not_fit_are_refused() -> None:
    part = DepartmentTeam(department_id="NHC", members=("A1",))
    with pytest.raises(InvalidInputError, match="jurisdictions"):
        TeamTable(subject_codes=["S1"], jurisdictions=[], departments=[])
    with pytest.raises(InvalidInputError, match=r"departments\[0\] has 2 positions"):
        TeamTable(subject_codes=["S1"], jurisdictions=[""], departments=[((part,), [0, 0])])
    with pytest.raises(InvalidInputError, match="position 1"):
        TeamTable(subject_codes=["S1"], jurisdictions=[""], departments=[((part,), [1])])
    with pytest.raises(InvalidInputError, match="place before"):
        TeamTable(
            subject_codes=["S1"],
            jurisdictions=[""],
            departments=[((part,), np.array([-1])), ((part,), [0])],
        )
