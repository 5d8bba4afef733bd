"""An assignment reads well in a console and a notebook: counts and ranges, not every team."""

from __future__ import annotations

import datetime as dt

from jointcheck.matching import MatchProblem, match
from jointcheck.model import Certificate, DateWindow, Inspector, TeamRequirement

CERT = Certificate(number="1", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1))
POOL = [
    *(
        Inspector(id=f"W{n}", name=f"卫{n}", department_id="NHC", certificate=CERT)
        for n in range(3)
    ),
    *(
        Inspector(id=f"S{n}", name=f"市{n}", department_id="SAMR", certificate=CERT)
        for n in range(4)
    ),
]
REQUIREMENTS = [
    TeamRequirement(department_id="NHC"),
    TeamRequirement(department_id="SAMR", min_members=3),
]


def test_repr_shows_subjects_team_sizes_and_load_range() -> None:
    assignment = match(
        MatchProblem.build(
            ["S1", "S2", "S3"], POOL, requirements=REQUIREMENTS, on=dt.date(2025, 6, 2), seed=2025
        )
    )
    loads = [assignment.load_of(i.id) for i in POOL]
    assert repr(assignment) == (
        "Assignment(algorithm='jointcheck-flow-match', version='2', seed='2025', "
        "inspection=2025-06-02, subjects=3, team_sizes={NHC: 2, SAMR: 3}, inspectors=7, "
        f"loads={min(loads)}-{max(loads)})"
    )
    assert "S1" not in str(assignment)


def test_repr_shows_a_window_and_exclusions() -> None:
    pool = [*POOL, Inspector(id="W9", name="卫9", department_id="NHC", available=False)]
    window = DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30))
    assignment = match(
        MatchProblem.build(["S1"], pool, requirements=REQUIREMENTS[:1], on=window, seed="x")
    )
    assert "inspection=2025-04-10..2025-10-30, subjects=1, team_sizes={NHC: 2}" in repr(assignment)
    assert repr(assignment).endswith(f", exclusions={len(assignment.exclusions)})")
    assert assignment.exclusions


def test_html_table_has_one_row_per_department() -> None:
    assignment = match(
        MatchProblem.build(
            ["S1", "S2", "S3"], POOL, requirements=REQUIREMENTS, on=dt.date(2025, 6, 2), seed=2025
        )
    )
    html = assignment._repr_html_()
    assert html.count("<tr>") == 1 + 2
    assert "<td>NHC</td><td>2</td>" in html
    assert "<td>SAMR</td><td>3</td>" in html
    assert "3 subjects · inspection 2025-06-02" in html
