"""Every remedy the diagnosis offers works: applied to the problem, it removes its shortfall,
and applying one remedy per shortfall, round after round, ends in a feasible problem."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings

from jointcheck.errors import InfeasibleError
from jointcheck.matching import (
    MatchProblem,
    MatchSubject,
    Remedy,
    RemedyKind,
    Shortfall,
    ShortfallKind,
    WorkloadCap,
    match,
    verify_assignment,
)
from jointcheck.model import Certificate, DateWindow, Inspector, TeamRequirement
from jointcheck.strategies._matching import matching_instances

MEMBER_KINDS = (ShortfallKind.SUBJECT, ShortfallKind.POOLED)


def apply_remedy(problem: MatchProblem, shortfall: Shortfall, remedy: Remedy) -> MatchProblem:
    """The problem with ``remedy`` carried out as its fields say."""
    if remedy.kind is RemedyKind.RAISE_CAPS:
        people = {i.id: i for i in problem.inspectors}
        caps = {c.inspector_id: c.max_subjects for c in problem.caps}
        for inspector_id in remedy.inspector_ids:
            cap = problem.cap(people[inspector_id])
            assert cap is not None, f"raising the cap of {inspector_id}, who has none"
            caps[inspector_id] = cap + remedy.count
        return problem.model_copy(
            update={
                "caps": tuple(WorkloadCap(inspector_id=i, max_subjects=n) for i, n in caps.items())
            }
        )
    if remedy.kind is RemedyKind.ASSIGN_UNIT:
        assert remedy.unit_id is not None
        named = set(shortfall.subject_codes)
        subjects = tuple(
            s.model_copy(update={"units": (*s.units, remedy.unit_id)}) if s.code in named else s
            for s in problem.subjects
        )
        return problem.model_copy(update={"subjects": subjects})
    window = problem.inspection
    certificate = Certificate(number="NEW", valid_from=window.start, valid_until=window.end)
    specialist = remedy.kind is RemedyKind.ADD_SPECIALISTS
    qualifications = remedy.qualifications if specialist else ()
    added = tuple(
        Inspector(
            id=f"NEW{len(problem.inspectors) + n}",
            name="新增",
            department_id=remedy.department_id,
            unit_id=remedy.unit_id,
            certificate=certificate,
            qualifications=qualifications,
            specialist=specialist,
        )
        for n in range(remedy.count)
    )
    caps = problem.caps
    if remedy.max_subjects is not None:
        caps = (
            *caps,
            *(WorkloadCap(inspector_id=i.id, max_subjects=remedy.max_subjects) for i in added),
        )
    return problem.model_copy(update={"inspectors": (*problem.inspectors, *added), "caps": caps})


def shortfalls(problem: MatchProblem) -> tuple[Shortfall, ...]:
    problem = MatchProblem.model_validate(problem.model_dump())  # sorted again
    try:
        assignment = match(problem)
    except InfeasibleError as exc:
        return exc.shortfalls
    assert verify_assignment(assignment, problem, allow_unbound_seed=True) == ()
    return ()


def removed(before: Shortfall, after: tuple[Shortfall, ...]) -> bool:
    """Whether no shortfall of the same department and kind class touches its subjects."""
    same = [s for s in after if s.department_id == before.department_id]
    if before.kind is ShortfallKind.SPECIALIST:
        return not any(
            s.kind is ShortfallKind.SPECIALIST
            and s.subject_codes == before.subject_codes
            and s.qualification == before.qualification
            for s in same
        )
    return not any(
        s.kind in MEMBER_KINDS and set(s.subject_codes) & set(before.subject_codes) for s in same
    )


INSTANCES = matching_instances(max_subjects=4, max_inspectors=6, qualifications=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(INSTANCES)
def test_each_remedy_removes_its_shortfall(problem: MatchProblem) -> None:
    found = shortfalls(problem)
    for shortfall in found:
        assert shortfall.remedies, shortfall.message
    if len(found) != 1:
        return  # with several, one remedy may leave another shortfall (the next test)
    (shortfall,) = found
    for remedy in shortfall.remedies:
        after = shortfalls(apply_remedy(problem, shortfall, remedy))
        if remedy.kind is RemedyKind.ASSIGN_UNIT:  # the named unit may itself be short
            assert all(r.kind is not RemedyKind.ASSIGN_UNIT for s in after for r in s.remedies)
            continue
        assert removed(shortfall, after), (remedy.message, [s.message for s in after])


@pytest.mark.parametrize("choice", [0, -1])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=INSTANCES)
def test_applying_the_remedies_ends_in_a_feasible_problem(
    problem: MatchProblem, choice: int
) -> None:
    for _ in range(6):  # members first, then the shortfalls and specialists they reveal
        found = shortfalls(problem)
        if not found:
            return
        for shortfall in found:
            problem = apply_remedy(problem, shortfall, shortfall.remedies[choice])
    assert shortfalls(problem) == ()


# ---------------------------------------------------------------- the two reported cases

DAY = dt.date(2023, 3, 20)
VALID = Certificate(number="C1", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2028, 1, 1))


def person(n: str, **extra: object) -> Inspector:
    return Inspector(id=n, name=f"检查员{n}", department_id="SAMR", unit_id=None, **extra)  # type: ignore[arg-type]


def small(pool: list[Inspector], n_subjects: int, **requirement: object) -> MatchProblem:
    return MatchProblem(
        subjects=tuple(MatchSubject(code=f"S{k}", jurisdiction="J") for k in range(n_subjects)),
        inspectors=tuple(pool),
        requirements=(TeamRequirement(department_id="SAMR", **requirement),),  # type: ignore[arg-type]
        inspection=DateWindow(start=DAY, end=DAY),
        seed=7,
    )


def test_raise_caps_counts_only_certified_capacity_for_certified_places() -> None:
    # Three subjects, each 2 members of whom 1 certified. One certified inspector (cap 1) and
    # two uncertified (cap 1): raising every cap by 1 leaves the certified places short
    # (uncertified spare capacity cannot fill them); the remedy must raise by 2.
    pool = [person("A", certificate=VALID), person("B"), person("C")]
    p = small(pool, 3, min_members=2, certified_members=1, max_subjects_per_inspector=1)
    (short,) = shortfalls(p)
    raise_caps = next(r for r in short.remedies if r.kind is RemedyKind.RAISE_CAPS)
    assert "A" in raise_caps.inspector_ids
    assert raise_caps.count == 2
    assert shortfalls(apply_remedy(p, short, raise_caps)) == ()
    too_little = raise_caps.model_copy(update={"count": 1})
    assert shortfalls(apply_remedy(p, short, too_little)) != ()
    for remedy in short.remedies:
        assert shortfalls(apply_remedy(p, short, remedy)) == ()


def test_a_specialist_with_several_qualifications_covers_them_together() -> None:
    both = ("医疗器械", "公共场所卫生")
    pool = [
        person("A", certificate=VALID),
        person("P", specialist=True, qualifications=both),
    ]
    p = small(pool, 1, min_members=1, qualifications=both, max_subjects_per_inspector=1)
    assignment = match(p)
    assert assignment.team("S0").department("SAMR").specialists == ("P",)
    assert verify_assignment(assignment, p, allow_unbound_seed=True) == ()
    # Without P: one remedy, one specialist holding both.
    q = small(pool[:1], 1, min_members=1, qualifications=both)
    found = shortfalls(q)
    assert {s.qualification for s in found} == set(both)
    remedy = found[0].remedies[0]
    assert (remedy.count, remedy.qualifications) == (1, tuple(sorted(both)))
    assert shortfalls(apply_remedy(q, found[0], remedy)) == ()


def test_a_department_cap_of_zero_gets_remedies_with_their_own_cap() -> None:
    p = small([person("A", certificate=VALID)], 2, min_members=1, max_subjects_per_inspector=0)
    found = shortfalls(p)
    assert found
    for shortfall in found:
        (remedy,) = shortfall.remedies
        assert remedy.max_subjects == 1
        assert "workload cap of 1" in remedy.message
    for shortfall in found:
        p = apply_remedy(p, shortfall, shortfall.remedies[0])
    assert shortfalls(p) == ()
