"""Check an :class:`Assignment` against its problem: every rule, every load, and the seed."""

from __future__ import annotations

from collections import Counter
from enum import Enum
from typing import Any

from pydantic import Field

from jointcheck._internal.base import FrozenModel
from jointcheck._internal.checked import checked
from jointcheck.errors import CeremonyError, InfeasibleError, InvalidInputError
from jointcheck.matching._assignment import ALGORITHM, ALGORITHM_VERSIONS, Assignment
from jointcheck.matching._binding import team_inputs_digest
from jointcheck.matching._matcher import assignment_of, solve
from jointcheck.matching._problem import MatchProblem, Reason, ReasonCode, Role
from jointcheck.sampling import Announcement, derive_seed

__all__ = ["AssignmentViolation", "AssignmentViolationCode", "verify_assignment"]


class AssignmentViolationCode(str, Enum):
    """What is wrong with an assignment."""

    UNBOUND_SEED = "UNBOUND_SEED"  # the seed has no published origin (no announcement)
    ANNOUNCEMENT_MISMATCH = "ANNOUNCEMENT_MISMATCH"  # the record names another announcement
    SEED_NOT_DERIVED = "SEED_NOT_DERIVED"  # not derive_seed(announcement, reveals, "teams")
    INPUTS_NOT_ANNOUNCED = "INPUTS_NOT_ANNOUNCED"  # pool, recusals, caps… changed since
    FIELD_DIFFERS = "FIELD_DIFFERS"  # a recorded field differs from the problem or the rerun
    UNKNOWN_ALGORITHM = "UNKNOWN_ALGORITHM"
    INPUTS_CHANGED = "INPUTS_CHANGED"  # the problem's digest differs from the recorded one
    MISSING_TEAM = "MISSING_TEAM"
    UNKNOWN_SUBJECT = "UNKNOWN_SUBJECT"
    MISSING_DEPARTMENT = "MISSING_DEPARTMENT"
    UNKNOWN_INSPECTOR = "UNKNOWN_INSPECTOR"
    DUPLICATE_MEMBER = "DUPLICATE_MEMBER"
    TOO_FEW_MEMBERS = "TOO_FEW_MEMBERS"  # 检查人员不少于2人
    TOO_FEW_CERTIFIED = "TOO_FEW_CERTIFIED"  # 出示执法证件
    INELIGIBLE_MEMBER = "INELIGIBLE_MEMBER"
    INELIGIBLE_SPECIALIST = "INELIGIBLE_SPECIALIST"
    UNNEEDED_SPECIALIST = "UNNEEDED_SPECIALIST"
    QUALIFICATION_UNCOVERED = "QUALIFICATION_UNCOVERED"
    OVER_CAP = "OVER_CAP"
    LOAD_MISMATCH = "LOAD_MISMATCH"
    NOT_REPRODUCIBLE = "NOT_REPRODUCIBLE"  # the seed gives other teams


class AssignmentViolation(FrozenModel):
    """One way an assignment breaks the rules or its record."""

    code: AssignmentViolationCode = Field(description="What is wrong")
    subject_code: str | None = Field(default=None, description="Subject concerned, if any")
    department_id: str | None = Field(default=None, description="Department concerned, if any")
    inspector_id: str | None = Field(default=None, description="Inspector concerned, if any")
    field: str | None = Field(default=None, description="Field of the record concerned, if any")
    message: str = Field(description="The violation in words")


@checked
def verify_assignment(
    assignment: Assignment,
    problem: MatchProblem,
    *,
    announcement: Announcement | None = None,
    allow_unbound_seed: bool = False,
    rederive: bool = True,
) -> tuple[AssignmentViolation, ...]:
    """Every violation of the rules in ``assignment``; empty when it is valid.

    Checks the binding to the ``announcement`` (its digest, the seed derived from the
    reveals with purpose ``"teams"``, the team inputs announced before the seed); without an
    announcement the seed's origin is unknown (``UNBOUND_SEED``) unless
    ``allow_unbound_seed=True``. Checks that every recorded field is the problem's (seed,
    window, requirements, inputs digest, algorithm), team sizes, certificates, eligibility
    (回避, 轮换, scope, availability), that specialists are needed and qualified, workload caps
    and recorded loads, and, with ``rederive=True``, recomputes the matching under the
    record's algorithm version (1 or 2) and reports every team, load or exclusion that
    differs.
    """
    for value, kind, name, wanted in (
        (assignment, Assignment, "assignment", "an Assignment"),
        (problem, MatchProblem, "problem", "a MatchProblem"),
        (announcement, (Announcement, type(None)), "announcement", "an Announcement or None"),
    ):
        if not isinstance(value, kind):
            raise InvalidInputError(
                f"{name} must be {wanted}, got {type(value).__name__}",
                field=name,
                value=type(value).__name__,
            )
    found: list[AssignmentViolation] = []

    def add(code: AssignmentViolationCode, message: str, **where: str | None) -> None:
        found.append(AssignmentViolation(code=code, message=message, **where))

    _check_binding(assignment, problem, announcement, allow_unbound_seed, add)
    known = assignment.algorithm == ALGORITHM and assignment.version in ALGORITHM_VERSIONS
    if not known:
        add(
            AssignmentViolationCode.UNKNOWN_ALGORITHM,
            f"algorithm {_short(assignment.algorithm)} version {_short(assignment.version)}; "
            f"this library verifies {ALGORITHM!r} versions {', '.join(ALGORITHM_VERSIONS)}",
            field="algorithm",
        )
    for name in ("seed", "inspection", "requirements"):
        recorded, given = getattr(assignment, name), getattr(problem, name)
        if recorded != given:
            add(
                AssignmentViolationCode.FIELD_DIFFERS,
                f"recorded {name} {_short(recorded)} differs from the problem's {_short(given)}",
                field=name,
            )
    if assignment.inputs_digest != problem.digest():
        add(
            AssignmentViolationCode.INPUTS_CHANGED,
            f"recorded inputs digest {assignment.inputs_digest[:12]}… differs from the "
            f"problem's {problem.digest()[:12]}…",
            field="inputs_digest",
        )
    teams = {t.subject_code: t for t in assignment.teams}
    for code in sorted({s.code for s in problem.subjects} - set(teams)):
        add(AssignmentViolationCode.MISSING_TEAM, f"subject {code} has no team", subject_code=code)
    for code in sorted(set(teams) - {s.code for s in problem.subjects}):
        add(
            AssignmentViolationCode.UNKNOWN_SUBJECT,
            f"team for {code}, not a drawn subject",
            subject_code=code,
        )
    load: Counter[str] = Counter()
    for subject in problem.subjects:
        team = teams.get(subject.code)
        if team is None:
            continue
        on_team: set[str] = set()
        for requirement in problem.requirements:
            dept = requirement.department_id
            where = {"subject_code": subject.code, "department_id": dept}
            try:
                part = team.department(dept)
            except KeyError:
                add(
                    AssignmentViolationCode.MISSING_DEPARTMENT,
                    f"{subject.code}: no members of {dept}",
                    **where,
                )
                continue
            certified = 0
            qualified: set[str] = set()
            for inspector_id in (*part.members, *part.specialists):
                if inspector_id in on_team:
                    add(
                        AssignmentViolationCode.DUPLICATE_MEMBER,
                        f"{subject.code}: {inspector_id} appears twice",
                        inspector_id=inspector_id,
                        **where,
                    )
                on_team.add(inspector_id)
            for role, ids in ((Role.MEMBER, part.members), (Role.SPECIALIST, part.specialists)):
                for inspector_id in ids:
                    try:
                        person = problem.inspector(inspector_id)
                    except KeyError:
                        add(
                            AssignmentViolationCode.UNKNOWN_INSPECTOR,
                            f"{subject.code}: {inspector_id} is not in the pool",
                            inspector_id=inspector_id,
                            **where,
                        )
                        continue
                    load[inspector_id] += 1
                    reasons = list(problem.why_ineligible(person, subject, role=role))
                    if person.department_id != dept:
                        reasons.insert(0, _other(person.department_id))
                    if reasons:
                        add(
                            AssignmentViolationCode.INELIGIBLE_MEMBER
                            if role is Role.MEMBER
                            else AssignmentViolationCode.INELIGIBLE_SPECIALIST,
                            f"{subject.code}: {inspector_id} may not join as "
                            f"{role.value.lower()}: " + "; ".join(r.message for r in reasons),
                            inspector_id=inspector_id,
                            **where,
                        )
                    if role is Role.MEMBER:
                        certified += problem.certificate_reason(person) is None
                        qualified.update(person.qualifications)
            gap = requirement.gap(members=len(set(part.members)), certified=certified)
            if gap.missing_members:
                add(
                    AssignmentViolationCode.TOO_FEW_MEMBERS,
                    f"{subject.code}: {gap.message}",
                    **where,
                )
            if gap.missing_certified:
                add(
                    AssignmentViolationCode.TOO_FEW_CERTIFIED,
                    f"{subject.code}: {gap.message}",
                    **where,
                )
            needed = set(problem.qualifications_needed(subject, dept))
            missing = needed - qualified
            covered: set[str] = set()
            for inspector_id in part.specialists:
                if inspector_id not in {i.id for i in problem.inspectors}:
                    continue
                helps = set(problem.inspector(inspector_id).qualifications) & missing
                if not helps:
                    add(
                        AssignmentViolationCode.UNNEEDED_SPECIALIST,
                        f"{subject.code}: specialist {inspector_id} covers no qualification "
                        "the members lack",
                        inspector_id=inspector_id,
                        **where,
                    )
                covered |= helps
            for qualification in sorted(missing - covered):
                add(
                    AssignmentViolationCode.QUALIFICATION_UNCOVERED,
                    f"{subject.code}: no member or specialist of {dept} holds {qualification!r}",
                    **where,
                )
    recorded = {x.inspector_id: x.subjects for x in assignment.loads}
    pool_ids = {i.id for i in problem.inspectors}
    for inspector_id in sorted(set(load) | set(recorded)):
        actual = load.get(inspector_id, 0)
        if recorded.get(inspector_id, 0) != actual:
            add(
                AssignmentViolationCode.LOAD_MISMATCH,
                f"{inspector_id}: recorded load {recorded.get(inspector_id, 0)}, teams give "
                f"{actual}",
                inspector_id=inspector_id,
            )
        if inspector_id in pool_ids:
            cap = problem.cap(problem.inspector(inspector_id))
            if cap is not None and actual > cap:
                add(
                    AssignmentViolationCode.OVER_CAP,
                    f"{inspector_id}: {actual} subjects, workload cap {cap}",
                    inspector_id=inspector_id,
                )
    if rederive and known:
        _check_rerun(assignment, problem, add)
    return tuple(found)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _check_binding(
    assignment: Assignment,
    problem: MatchProblem,
    announcement: Announcement | None,
    allow_unbound_seed: bool,
    add: Any,
) -> None:
    if announcement is None:
        if not allow_unbound_seed:
            add(
                AssignmentViolationCode.UNBOUND_SEED,
                f"seed {_short(assignment.seed)} cannot show where it came from: no "
                "announcement was given to derive it from its reveals (pass "
                "allow_unbound_seed=True only for a simulation)",
                field="seed",
            )
        return
    digest = announcement.digest()
    if assignment.announcement_digest != digest:
        add(
            AssignmentViolationCode.ANNOUNCEMENT_MISMATCH,
            f"the assignment names announcement {assignment.announcement_digest}; the "
            f"announcement given has digest {digest}",
            field="announcement_digest",
        )
    try:
        seed = derive_seed(announcement, assignment.reveals, purpose="teams")
    except CeremonyError as exc:
        add(
            AssignmentViolationCode.SEED_NOT_DERIVED,
            f"the reveals give no seed: {exc.message}",
            field="reveals",
        )
    else:
        if assignment.seed != seed:
            add(
                AssignmentViolationCode.SEED_NOT_DERIVED,
                f"seed {_short(assignment.seed)} is not the team seed the announcement and the "
                f"reveals give ({seed})",
                field="seed",
            )
    inputs = team_inputs_digest(problem)
    if inputs != announcement.team_inputs_digest:
        add(
            AssignmentViolationCode.INPUTS_NOT_ANNOUNCED,
            f"the team inputs (pool, requirements, recusals, caps, history, window) have digest "
            f"{inputs}; the announcement carries {announcement.team_inputs_digest}",
            field="problem",
        )


def _check_rerun(assignment: Assignment, problem: MatchProblem, add: Any) -> None:
    try:  # the record's own version: version 1 records recompute by version 1's code
        again = assignment_of(solve(problem, version=assignment.version))
    except InfeasibleError as exc:
        add(
            AssignmentViolationCode.NOT_REPRODUCIBLE,
            f"the seed gives no assignment: {exc.message}",
        )
        return
    recorded = {t.subject_code: t for t in assignment.teams}
    for theirs in again.teams:
        mine = recorded.get(theirs.subject_code)
        if mine is not None and mine != theirs:
            add(
                AssignmentViolationCode.NOT_REPRODUCIBLE,
                f"{mine.subject_code}: seed {problem.seed} gives {list(theirs.inspector_ids)}"
                + (
                    f", recorded {list(mine.inspector_ids)}"
                    if mine.inspector_ids != theirs.inspector_ids
                    else " with other units or jurisdiction than recorded"
                ),
                subject_code=mine.subject_code,
                field="teams",
            )
    if tuple(t.subject_code for t in assignment.teams) != tuple(
        t.subject_code for t in again.teams
    ) and set(recorded) == {t.subject_code for t in again.teams}:
        add(
            AssignmentViolationCode.FIELD_DIFFERS,
            "teams are not in subject-code order",
            field="teams",
        )
    for name in ("loads", "exclusions"):
        if getattr(assignment, name) != getattr(again, name):
            add(
                AssignmentViolationCode.FIELD_DIFFERS,
                f"recorded {name} differ from those the matching gives "
                f"({len(getattr(assignment, name))} recorded, {len(getattr(again, name))} "
                "recomputed)",
                field=name,
            )


def _other(department_id: str) -> Reason:
    return Reason(
        code=ReasonCode.OTHER_DEPARTMENT, message=f"belongs to department {department_id!r}"
    )
