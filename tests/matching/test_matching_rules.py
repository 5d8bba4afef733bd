"""Eligibility rules, specialists, diagnosis, records, verification and tickets."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import pytest

from jointcheck.errors import InfeasibleError, InvalidInputError, ModelValidationError
from jointcheck.matching import (
    Assignment,
    AssignmentViolationCode,
    ConflictRules,
    MatchProblem,
    MatchSubject,
    ReasonCode,
    Recusal,
    RecusalReason,
    RemedyKind,
    Role,
    ShortfallKind,
    match,
    pair_ticket,
    verify_assignment,
)
from jointcheck.model import (
    Certificate,
    CheckItem,
    DateWindow,
    Department,
    InspectionRecord,
    Inspector,
    PoolScope,
    Task,
    TeamRequirement,
    Unit,
)

DAY = dt.date(2023, 3, 20)
VALID = Certificate(number="C1", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2028, 1, 1))
EXPIRED = Certificate(number="C2", valid_from=dt.date(2018, 1, 1), valid_until=dt.date(2023, 3, 1))
SAMR = Department(
    id="SAMR",
    name="市场监督管理局",
    units=(
        Unit(id="CG", name="城关所", jurisdictions=("城关镇",)),
        Unit(id="XZ", name="新庄所", jurisdictions=("新庄镇",)),
    ),
)


def person(n: str, dept: str = "SAMR", unit: str | None = "CG", **extra: object) -> Inspector:
    fields: dict[str, object] = {"certificate": VALID, **extra}
    return Inspector(id=n, name=f"检查员{n}", department_id=dept, unit_id=unit, **fields)  # type: ignore[arg-type]


def subject(code: str, where: str = "城关镇", **extra: object) -> MatchSubject:
    return MatchSubject(code=code, jurisdiction=where, **extra)  # type: ignore[arg-type]


def req(dept: str = "SAMR", **extra: object) -> TeamRequirement:
    return TeamRequirement(department_id=dept, **extra)  # type: ignore[arg-type]


def problem(subjects: list[MatchSubject], pool: list[Inspector], **extra: object) -> MatchProblem:
    fields: dict[str, object] = {
        "requirements": (req(),),
        "departments": (SAMR,),
        "inspection": DateWindow(start=DAY, end=DAY),
        "seed": 7,
        **extra,
    }
    return MatchProblem(subjects=tuple(subjects), inspectors=tuple(pool), **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- why_ineligible


def test_why_ineligible_names_every_reason() -> None:
    p = problem(
        [subject("S1")],
        [
            person("A"),
            person("B", certificate=EXPIRED),
            person("C", certificate=None),
            person("D", available=False),
            person("E", unit="XZ"),
            person("F"),
            person("G"),
            person("H", specialist=True),
        ],
        requirements=(req(scope=PoolScope.SAME_UNIT),),
        conflicts=ConflictRules(
            recusals=(Recusal(inspector_id="F", subject_code="S1", reason=RecusalReason.KINSHIP),),
            history=(
                InspectionRecord(
                    subject_code="S1",
                    department_id="SAMR",
                    day=dt.date(2022, 9, 1),
                    inspector_ids=("G",),
                ),
            ),
            rotation_months=12,
        ),
        caps=({"inspector_id": "A", "max_subjects": 0},),
    )

    def codes(inspector_id: str, **kw: Role) -> list[str]:
        return [r.code.value for r in p.why_ineligible(inspector_id, "S1", **kw)]

    assert codes("A") == ["NO_CAPACITY"]
    assert codes("B") == ["CERTIFICATE_EXPIRED"]
    assert "expired on 2023-03-01" in p.why_ineligible("B", "S1")[0].message
    assert codes("C") == ["NO_CERTIFICATE"]
    assert codes("D") == ["UNAVAILABLE"]
    assert codes("E") == ["OUTSIDE_UNIT"]
    assert "城关所" in p.why_ineligible("E", "S1")[0].message
    assert codes("F") == ["RECUSED"]
    assert "近亲属" in p.why_ineligible("F", "S1")[0].message
    assert codes("G") == ["ROTATION"]
    assert codes("H") == []  # eligible as a specialist
    assert codes("H", role=Role.MEMBER) == ["ROLE"]


def test_rotation_window_boundary_and_other_unit_scope() -> None:
    p = problem(
        [subject("S1")],
        [person("A"), person("B", unit="XZ"), person("C", unit=None)],
        requirements=(req(scope=PoolScope.OTHER_UNIT),),
        conflicts=ConflictRules(
            history=(
                InspectionRecord(
                    subject_code="S1",
                    department_id="SAMR",
                    day=dt.date(2022, 3, 19),
                    inspector_ids=("B",),
                ),
                InspectionRecord(
                    subject_code="S1",
                    department_id="SAMR",
                    day=dt.date(2022, 3, 20),
                    inspector_ids=("C",),
                ),
            ),
            rotation_months=12,
        ),
    )
    assert [r.code for r in p.why_ineligible("A", "S1")] == [ReasonCode.COVERING_UNIT]
    assert p.why_ineligible("B", "S1") == ()  # 12 months and one day ago
    assert [r.code for r in p.why_ineligible("C", "S1")] == [ReasonCode.ROTATION]


def test_certificate_must_cover_the_whole_window() -> None:
    ends = Certificate(
        number="C3", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2023, 3, 25)
    )
    p = problem(
        [subject("S1")],
        [person("A", certificate=ends)],
        inspection=DateWindow(start=DAY, end=dt.date(2023, 4, 7)),
    )
    (reason,) = p.why_ineligible("A", "S1")
    assert reason.code is ReasonCode.CERTIFICATE_EXPIRED
    assert "before the inspection ends on 2023-04-07" in reason.message


def test_uncertified_members_count_only_up_to_the_allowance() -> None:
    pool = [person("A"), person("B", certificate=None), person("C", certificate=None)]
    p = problem([subject("S1")], pool, requirements=(req(min_members=2, certified_members=1),))
    team = match(p).team("S1").department("SAMR").members
    assert "A" in team
    assert len(team) == 2
    p3 = problem([subject("S1")], pool, requirements=(req(min_members=3, certified_members=2),))
    with pytest.raises(InfeasibleError) as info:
        match(p3)
    (short,) = info.value.shortfalls
    assert short.kind is ShortfallKind.SUBJECT
    assert (short.certified_needed, short.certified_available) == (2, 1)


# ---------------------------------------------------------------- diagnosis


def test_subject_shortfall_counts_the_binding_reasons() -> None:
    pool = [
        person("A"),
        person("R1"),
        person("R2"),
        person("R3"),
        person("X1", certificate=EXPIRED),
        person("X2", certificate=EXPIRED),
        *[person(f"O{n}", unit="XZ") for n in range(4)],
    ]
    recusals = tuple(
        Recusal(inspector_id=f"R{n}", subject_code="S1", reason=RecusalReason.INTEREST)
        for n in (1, 2, 3)
    )
    p = problem(
        [subject("S1")],
        pool,
        requirements=(req(scope=PoolScope.SAME_UNIT),),
        conflicts=ConflictRules(recusals=recusals),
    )
    with pytest.raises(InfeasibleError) as info:
        match(p)
    error = info.value
    assert isinstance(error, ValueError)
    (short,) = error.shortfalls
    assert short.kind is ShortfallKind.SUBJECT
    assert (short.department_id, short.subject_codes) == ("SAMR", ("S1",))
    assert (short.needed, short.available) == (2, 1)
    counts = {r.code: r.count for r in short.reasons}
    assert counts == {
        ReasonCode.OUTSIDE_UNIT: 4,
        ReasonCode.RECUSED: 3,
        ReasonCode.CERTIFICATE_EXPIRED: 2,
    }
    text = str(error)
    assert "4 outside unit 城关所" in text
    assert "3 recused" in text
    assert "2 certificates expired by 2023-03-20" in text
    assert short.remedies[0].kind is RemedyKind.ADD_INSPECTORS
    assert short.remedies[0].unit_id == "CG"


def test_pooled_shortage_names_a_hall_violator_and_cap_remedy() -> None:
    # Three subjects in 城关 share two 城关 inspectors capped at 2: 6 needed, 4 possible.
    # The 新庄 subject is fine and must not be blamed.
    pool = [person("A"), person("B"), person("C", unit="XZ"), person("D", unit="XZ")]
    p = problem(
        [subject("S1"), subject("S2"), subject("S3"), subject("S4", "新庄镇")],
        pool,
        requirements=(req(scope=PoolScope.SAME_UNIT, max_subjects_per_inspector=2),),
    )
    with pytest.raises(InfeasibleError) as info:
        match(p)
    (short,) = info.value.shortfalls
    assert short.kind is ShortfallKind.POOLED
    assert short.subject_codes == ("S1", "S2", "S3")
    assert (short.needed, short.available) == (6, 4)
    assert short.binding_inspectors == ("A", "B")
    kinds = {r.kind: r for r in short.remedies}
    assert kinds[RemedyKind.RAISE_CAPS].count == 1
    assert kinds[RemedyKind.RAISE_CAPS].inspector_ids == ("A", "B")
    assert kinds[RemedyKind.ADD_INSPECTORS].unit_id == "CG"
    # The remedy works: raising both caps by one makes the problem feasible.
    fixed = p.model_copy(
        update={"requirements": (req(scope=PoolScope.SAME_UNIT, max_subjects_per_inspector=3),)}
    )
    assert verify_assignment(match(fixed), fixed, rederive=False, allow_unbound_seed=True) == ()


# ---------------------------------------------------------------- specialists


def test_specialist_joins_when_no_member_holds_the_qualification() -> None:
    item = CheckItem(
        id="C1",
        department_id="SAMR",
        name="医疗器械使用检查",
        qualification="医疗器械",
        applies_to_tags=("医疗美容机构",),
    )
    pool = [person("A"), person("B"), person("P", specialist=True, qualifications=("医疗器械",))]
    p = problem(
        [subject("S1", tags=("医疗美容机构",)), subject("S2")],
        pool,
        check_items=(item,),
    )
    assignment = match(p)
    s1 = assignment.team("S1").department("SAMR")
    assert s1.members == ("A", "B")
    assert s1.specialists == ("P",)
    assert assignment.team("S2").department("SAMR").specialists == ()
    assert assignment.load_of("P") == 1
    assert verify_assignment(assignment, p, allow_unbound_seed=True) == ()
    # No specialist: a SPECIALIST shortfall naming the qualification.
    q = p.model_copy(update={"inspectors": tuple(pool[:2])})
    with pytest.raises(InfeasibleError) as info:
        match(q)
    (short,) = info.value.shortfalls
    assert (short.kind, short.qualification) == (ShortfallKind.SPECIALIST, "医疗器械")
    assert short.remedies[0].kind is RemedyKind.ADD_SPECIALISTS


def test_qualified_member_makes_the_specialist_unneeded() -> None:
    pool = [
        person("A", qualifications=("医疗器械",)),
        person("B", qualifications=("医疗器械",)),
        person("P", specialist=True, qualifications=("医疗器械",)),
    ]
    p = problem([subject("S1")], pool, requirements=(req(qualifications=("医疗器械",)),))
    assert match(p).team("S1").department("SAMR").specialists == ()


# ---------------------------------------------------------------- records


def _joint_problem(seed: int = 3) -> MatchProblem:
    nhc = Department(id="NHC", name="卫生健康委员会", units=(Unit(id="DD", name="监督大队"),))
    pool = [person(f"S{n}", unit="CG" if n < 4 else "XZ") for n in range(8)] + [
        person(f"W{n}", dept="NHC", unit="DD") for n in range(5)
    ]
    subjects = [subject(f"E{n}", "城关镇" if n % 2 else "新庄镇") for n in range(6)]
    return problem(
        subjects,
        pool,
        requirements=(req(scope=PoolScope.SAME_UNIT), req("NHC")),
        departments=(SAMR, nhc),
        seed=seed,
    )


def test_assignment_round_trips_and_dispatches() -> None:
    p = _joint_problem()
    assignment = match(p)
    assert Assignment.model_validate_json(assignment.model_dump_json()) == assignment
    assert MatchProblem.model_validate_json(p.model_dump_json()) == p
    assert assignment.inputs_digest == p.digest()
    by_place = assignment.dispatch()
    assert sorted(by_place) == ["城关镇", "新庄镇"]
    by_unit = assignment.dispatch(department_id="SAMR")
    assert sorted(by_unit) == ["CG", "XZ"]
    for unit, teams in by_unit.items():
        for team in teams:
            assert all(m.startswith("S") for m in team.department("SAMR").members)
            assert all(p.inspector(m).unit_id == unit for m in team.department("SAMR").members)
    assert sum(x.subjects for x in assignment.loads) == 6 * 4


def test_single_department_runs_give_the_joint_teams() -> None:
    joint = match(_joint_problem())
    for dept in ("SAMR", "NHC"):
        alone_problem = _joint_problem().model_copy(
            update={"requirements": (_joint_problem().requirement(dept),)}
        )
        alone = match(alone_problem)
        for a, b in zip(joint.teams, alone.teams, strict=True):
            assert a.department(dept) == b.department(dept)


def test_input_order_does_not_matter() -> None:
    p = _joint_problem(seed=11)
    shuffled_subjects = list(p.subjects)
    shuffled_pool = list(p.inspectors)
    random.Random(5).shuffle(shuffled_subjects)
    random.Random(6).shuffle(shuffled_pool)
    q = MatchProblem(
        subjects=tuple(shuffled_subjects),
        inspectors=tuple(shuffled_pool),
        requirements=tuple(reversed(p.requirements)),
        departments=tuple(reversed(p.departments)),
        inspection=p.inspection,
        seed=11,
    )
    assert q.digest() == p.digest()
    assert match(q) == match(p)
    assert match(p) != match(p.model_copy(update={"seed": "12"}))


def test_match_accepts_a_task_subjects_and_codes() -> None:
    task = Task(
        id="T1",
        name="互联网诊疗机构联合抽查",
        check_items=(
            CheckItem(id="A", department_id="NHC", name="机构资质检查"),
            CheckItem(id="B", department_id="SAMR", name="广告发布行为检查"),
        ),
        sampling="100%",
        inspection=DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30)),
    )
    pool = [person(f"S{n}") for n in range(3)] + [person(f"W{n}", dept="NHC") for n in range(3)]
    assignment = match(MatchProblem.build(["E1", "E2"], pool, task=task, seed=2025))
    assert {p.department_id for p in assignment.requirements} == {"NHC", "SAMR"}
    assert all(len(t.department(d).members) == 2 for t in assignment.teams for d in ("NHC", "SAMR"))
    assert assignment.inspection == task.inspection


def test_match_problem_build_needs_a_date_and_rejects_duplicates() -> None:
    with pytest.raises(InvalidInputError, match="on=None"):
        MatchProblem.build(["E1"], [person("A")], requirements=[req()], seed=1)
    with pytest.raises(ModelValidationError, match="appear more than once"):
        match(MatchProblem.build(["E1", "E1"], [person("A")], requirements=[req()], on=DAY, seed=1))
    with pytest.raises(ModelValidationError, match="not in the pool"):
        match(
            MatchProblem.build(
                ["E1"], [person("A")], requirements=[req()], on=DAY, seed=1, caps={"Z": 1}
            )
        )


# ---------------------------------------------------------------- verification


def test_verify_catches_tampering() -> None:
    p = _joint_problem()
    assignment = match(p)
    assert verify_assignment(assignment, p, allow_unbound_seed=True) == ()
    team = assignment.teams[0]
    part = team.department("NHC")
    outsider = next(
        i.id for i in p.inspectors if i.department_id == "NHC" and i.id not in part.members
    )
    swapped = part.model_copy(update={"members": (part.members[0], outsider)})
    forged_team = team.model_copy(
        update={
            "departments": tuple(
                swapped if d.department_id == "NHC" else d for d in team.departments
            )
        }
    )
    forged = assignment.model_copy(update={"teams": (forged_team, *assignment.teams[1:])})
    found = {v.code for v in verify_assignment(forged, p, allow_unbound_seed=True)}
    assert AssignmentViolationCode.LOAD_MISMATCH in found
    # With loads fixed up the forgery is still caught: the seed gives other teams.
    loads = {x.inspector_id: x.subjects for x in assignment.loads}
    loads[part.members[1]] -= 1
    loads[outsider] += 1
    fixed = forged.model_copy(
        update={
            "loads": tuple(
                x.model_copy(update={"subjects": loads[x.inspector_id]}) for x in assignment.loads
            )
        }
    )
    assert {v.code for v in verify_assignment(fixed, p, allow_unbound_seed=True)} == {
        AssignmentViolationCode.NOT_REPRODUCIBLE,
        AssignmentViolationCode.FIELD_DIFFERS,  # the loads are not the rerun's
    }
    # A recused member is named as ineligible.
    recused = p.model_copy(
        update={
            "conflicts": ConflictRules(
                recusals=(
                    Recusal(
                        inspector_id=part.members[0],
                        subject_code=team.subject_code,
                        reason=RecusalReason.OTHER,
                    ),
                )
            )
        }
    )
    codes = {v.code for v in verify_assignment(assignment, recused, allow_unbound_seed=True)}
    assert {
        AssignmentViolationCode.INPUTS_CHANGED,
        AssignmentViolationCode.INELIGIBLE_MEMBER,
    } <= codes
    # A member removed: too few members.
    short_part = part.model_copy(update={"members": part.members[:1]})
    short_team = team.model_copy(
        update={
            "departments": tuple(
                short_part if d.department_id == "NHC" else d for d in team.departments
            )
        }
    )
    short = assignment.model_copy(update={"teams": (short_team, *assignment.teams[1:])})
    assert AssignmentViolationCode.TOO_FEW_MEMBERS in {
        v.code for v in verify_assignment(short, p, allow_unbound_seed=True)
    }


# ---------------------------------------------------------------- tickets


def test_pair_ticket_known_answer_and_encoding_v1() -> None:
    text = b"jointcheck-match-v1\n2025\n91350200776049653A\nNHC-01"
    expected = int.from_bytes(hashlib.sha256(text).digest()[:8], "big")
    v1 = pair_ticket("2025", "91350200776049653A", "NHC-01", version="1")
    assert v1 == expected == 9121427992568730224


def test_pair_ticket_known_answer_and_encoding_v2() -> None:
    def h(text: str) -> int:
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")

    a = h("jointcheck-match-v2\n2025\n91350200776049653A")
    b = h("jointcheck-match-v2\n2025\n\nNHC-01")
    x, mask = a ^ b, (1 << 64) - 1
    x ^= x >> 33
    x = x * 0xFF51AFD7ED558CCD & mask
    x ^= x >> 33
    x = x * 0xC4CEB9FE1A85EC53 & mask
    x ^= x >> 33
    assert pair_ticket("2025", "91350200776049653A", "NHC-01") == x == 4808845727477776659


@pytest.mark.parametrize("version", ["1", "2"])
def test_teams_follow_the_tickets_when_nothing_binds(version: str) -> None:
    # With room to spare, each subject gets its lowest-ticket eligible inspectors, under
    # either version (version 1 through its own code path, version 2 the default).
    from jointcheck.matching._matcher import assignment_of, solve

    pool = [person(f"A{n}") for n in range(10)]
    p = problem([subject("S1")], pool, requirements=(req(min_members=3),), seed=99)
    ranked = sorted(pool, key=lambda i: (pair_ticket("99", "S1", i.id, version=version), i.id))
    assignment = assignment_of(solve(p, version=version)) if version == "1" else match(p)
    assert assignment.version == version
    members = assignment.team("S1").department("SAMR").members
    assert members == tuple(sorted(i.id for i in ranked[:3]))


def test_ids_with_line_breaks_are_rejected() -> None:
    with pytest.raises(ModelValidationError, match="line break"):
        MatchSubject(code="S\n1")
    with pytest.raises(ModelValidationError, match="line break"):
        problem([subject("S1")], [person("A\nB")])


def test_empty_inputs() -> None:
    a = match(MatchProblem.build([], [person("A")], requirements=[req()], on=DAY, seed=1))
    assert a.teams == ()
    assert [x.subjects for x in a.loads] == [0]
    with pytest.raises(InfeasibleError) as info:
        match(MatchProblem.build(["S1"], [], requirements=[req()], on=DAY, seed=1))
    (short,) = info.value.shortfalls
    assert (short.needed, short.available, short.remedies[0].count) == (2, 0, 2)


def test_shortfalls_round_trip_through_json() -> None:
    p = problem(
        [subject("S1"), subject("S2")],
        [person("A"), person("B")],
        requirements=(req(max_subjects_per_inspector=1),),
    )
    with pytest.raises(InfeasibleError) as info:
        match(p)
    for short in info.value.shortfalls:
        assert type(short).model_validate_json(short.model_dump_json()) == short


def test_strategy_arguments_are_checked_eagerly() -> None:
    from jointcheck.errors import InvalidInputError
    from jointcheck.strategies._matching import inspector_pools, matching_instances

    with pytest.raises(InvalidInputError, match="max_size=1 < min_size=2"):
        inspector_pools(min_size=2, max_size=1)
    with pytest.raises(InvalidInputError, match="department_ids must not be empty"):
        inspector_pools(department_ids=())
    with pytest.raises(InvalidInputError, match="max_subjects=0"):
        matching_instances(max_subjects=0)


def test_pair_order_breaks_ticket_ties_by_inspector() -> None:
    import numpy as np

    from jointcheck.matching._matcher import _order_by_ticket

    subject = np.array([1, 0, 0, 1], dtype=np.int64)
    inspector = np.array([0, 3, 2, 1], dtype=np.int64)
    tickets = np.array([5, 9, 9, 4], dtype=np.uint64)  # a tie inside subject 0
    order = _order_by_ticket(subject, inspector, tickets, 2)
    assert subject[order].tolist() == [0, 0, 1, 1]
    assert inspector[order].tolist() == [2, 3, 1, 0]
    order = _order_by_ticket(subject, inspector, np.array([5, 9, 8, 4], dtype=np.uint64), 2)
    assert inspector[order].tolist() == [2, 3, 1, 0]
