"""The team rule (不少于N人, 执法证) has one home, ``TeamRequirement.gap``, used everywhere."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from jointcheck.model import TeamRequirement

SRC = Path(__file__).resolve().parents[2] / "src" / "jointcheck"


@st.composite
def requirements(draw: st.DrawFn) -> TeamRequirement:
    minimum = draw(st.integers(1, 6))
    certified = draw(st.none() | st.integers(0, minimum))
    return TeamRequirement(department_id="D", min_members=minimum, certified_members=certified)


@given(requirements(), st.integers(0, 8), st.integers(0, 8) | st.none())
def test_a_team_meets_the_rule_exactly_when_nothing_is_missing(
    requirement: TeamRequirement, members: int, certified: int | None
) -> None:
    if certified is not None:
        certified = min(certified, members)
    gap = requirement.gap(members=members, certified=certified)
    meets = members >= requirement.min_members and (
        certified is None or certified >= requirement.required_certified
    )
    assert bool(gap) is not meets
    assert gap.missing_members == max(requirement.min_members - members, 0)
    assert (gap.message == "") is meets
    if gap.missing_members:
        assert f"不少于{requirement.min_members}人" in gap.message
    if gap.missing_certified:
        assert "执法证" in gap.message


@given(requirements())
def test_an_empty_team_lacks_the_whole_demand(requirement: TeamRequirement) -> None:
    empty = requirement.gap(members=0, certified=0)
    assert empty.missing_members == requirement.min_members
    assert empty.missing_certified == requirement.required_certified


def test_certificates_unknown_checks_the_size_only() -> None:
    requirement = TeamRequirement(department_id="NHC", min_members=2)
    assert not requirement.gap(members=2)
    assert requirement.gap(members=2, certified=1).missing_certified == 1


def test_no_module_compares_team_sizes_by_hand() -> None:
    """The matcher, the verifier and the forms ask the rule; nobody re-derives it."""
    by_hand = re.compile(r"[<>]=?\s*\w*\.?(min_members|required_certified)\b")
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "_team.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert offenders == []
    for caller in (
        "matching/_matcher.py",
        "matching/_verify.py",
        "forms/_form.py",
        "forms/_section.py",
    ):
        assert ".gap(" in (SRC / caller).read_text(encoding="utf-8"), caller
