"""The matching problem (every input in one JSON-able record) and who is eligible for whom."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from functools import cached_property
from typing import Any

from dateutil.relativedelta import relativedelta
from pydantic import Field, field_validator, model_validator
from typing_extensions import Self

from jointcheck._internal.base import FrozenModel
from jointcheck.errors import InvalidInputError
from jointcheck.matching._inputs import (
    ConflictRules,
    LineStr,
    MatchSubject,
    WorkloadCap,
)
from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    Inspector,
    PoolScope,
    Subject,
    Task,
    TeamRequirement,
)

__all__ = ["MatchProblem", "Reason", "ReasonCode", "Role"]


class ReasonCode(str, Enum):
    """Why an inspector may not join a subject's team."""

    OTHER_DEPARTMENT = "OTHER_DEPARTMENT"  # 本部门不参与 (department takes no part)
    ROLE = "ROLE"  # a specialist checked as a member, or the reverse
    UNAVAILABLE = "UNAVAILABLE"  # 不在岗 (not available for this round)
    NO_CERTIFICATE = "NO_CERTIFICATE"  # 无执法证
    CERTIFICATE_NOT_YET_VALID = "CERTIFICATE_NOT_YET_VALID"  # 执法证尚未生效
    CERTIFICATE_EXPIRED = "CERTIFICATE_EXPIRED"  # 执法证已过期 (or expires during the window)
    NO_CAPACITY = "NO_CAPACITY"  # workload cap of 0
    RECUSED = "RECUSED"  # 回避
    ROTATION = "ROTATION"  # 轮换: inspected the subject recently
    OUTSIDE_UNIT = "OUTSIDE_UNIT"  # SAME_UNIT (所内随机): not in the covering unit
    COVERING_UNIT = "COVERING_UNIT"  # OTHER_UNIT (所所随机): in the covering unit


class Role(str, Enum):
    """The part an inspector plays in a team."""

    MEMBER = "MEMBER"  # 执法检查人员: counts toward the minimum
    SPECIALIST = "SPECIALIST"  # 专业人员: assists, never counted


class Reason(FrozenModel):
    """One reason why an inspector may not join a subject's team."""

    code: ReasonCode = Field(description="Machine-readable reason")
    message: str = Field(description="The reason in words, naming the dates, units or grounds")


def _units_by_jurisdiction(
    given: Mapping[str, Sequence[str]] | None,
) -> Mapping[str, Sequence[str]]:
    """The mapping, checked: a value is a list of unit ids, never a string (which would be
    read as one unit id per character)."""
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise InvalidInputError(
            f"units_by_jurisdiction must map a jurisdiction to unit ids, got "
            f"{type(given).__name__}",
            field="units_by_jurisdiction",
            value=type(given).__name__,
        )
    for jurisdiction, units in given.items():
        if (
            not isinstance(jurisdiction, str)
            or isinstance(units, (str, bytes))
            or not isinstance(units, Iterable)
            or not all(isinstance(u, str) and u for u in units)
        ):
            shown = repr(units)
            raise InvalidInputError(
                f"units_by_jurisdiction[{str(jurisdiction)[:40]!r}] must be a list of unit ids "
                f"(e.g. ['CG']), got {shown[:60] + ('…' if len(shown) > 60 else '')}",
                field="units_by_jurisdiction",
                value=str(jurisdiction)[:40],
            )
    return given


def _short(value: str, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…'"


def _shown(values: list[str], limit: int = 8) -> str:
    head = ", ".join(_short(v) for v in values[:limit])
    more = f", … {len(values) - limit} more" if len(values) > limit else ""
    return (head + more) or "none"


class MatchProblem(FrozenModel):
    """Every input of one matching: subjects, inspector pool, requirements, rules, window, seed.

    The record is canonical (lists are stored sorted), so its :meth:`digest` identifies the
    inputs whatever order they were given in; an :class:`Assignment` keeps that digest.
    """

    subjects: tuple[MatchSubject, ...] = Field(description="Drawn subjects, stored sorted by code")
    inspectors: tuple[Inspector, ...] = Field(
        description="Inspector pool (执法检查人员名录库), stored sorted by id"
    )
    requirements: tuple[TeamRequirement, ...] = Field(
        min_length=1, description="One team requirement per participating department, sorted"
    )
    check_items: tuple[CheckItem, ...] = Field(
        default=(),
        description="Check items; an item's qualification is needed for the subjects it applies "
        "to (by tags, 一企一表)",
    )
    departments: tuple[Department, ...] = Field(
        default=(), description="Departments with their units and the jurisdictions they cover"
    )
    conflicts: ConflictRules = Field(
        default_factory=ConflictRules, description="Recusals and the rotation rule"
    )
    caps: tuple[WorkloadCap, ...] = Field(
        default=(), description="Per-inspector workload caps overriding the department's"
    )
    inspection: DateWindow = Field(
        description="Inspection date or window; certificates must be valid on every day of it"
    )
    seed: LineStr = Field(description="Seed of the tickets, as text (an integer in decimal)")

    @field_validator("seed", mode="before")
    @classmethod
    def _seed_text(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError("seed must be an integer or a string, not a boolean")
        return str(value) if isinstance(value, int) else value

    @field_validator("subjects")
    @classmethod
    def _subjects_sorted(cls, values: tuple[MatchSubject, ...]) -> tuple[MatchSubject, ...]:
        return tuple(sorted(values, key=lambda s: s.code))

    @field_validator("inspectors")
    @classmethod
    def _inspectors_sorted(cls, values: tuple[Inspector, ...]) -> tuple[Inspector, ...]:
        for inspector in values:
            if "\n" in inspector.id or "\r" in inspector.id:
                raise ValueError(f"inspector id {inspector.id!r} must not contain a line break")
        return tuple(sorted(values, key=lambda i: i.id))

    @field_validator("requirements")
    @classmethod
    def _requirements_sorted(
        cls, values: tuple[TeamRequirement, ...]
    ) -> tuple[TeamRequirement, ...]:
        return tuple(sorted(values, key=lambda r: r.department_id))

    @field_validator("departments")
    @classmethod
    def _departments_sorted(cls, values: tuple[Department, ...]) -> tuple[Department, ...]:
        return tuple(sorted(values, key=lambda d: d.id))

    @field_validator("caps")
    @classmethod
    def _caps_sorted(cls, values: tuple[WorkloadCap, ...]) -> tuple[WorkloadCap, ...]:
        return tuple(sorted(values, key=lambda c: c.inspector_id))

    @model_validator(mode="after")
    def _unique(self) -> MatchProblem:
        _no_dupes("subject code", [s.code for s in self.subjects])
        _no_dupes("inspector id", [i.id for i in self.inspectors])
        _no_dupes("requirement department", [r.department_id for r in self.requirements])
        _no_dupes("department id", [d.id for d in self.departments])
        _no_dupes("workload cap inspector", [c.inspector_id for c in self.caps])
        known = {i.id for i in self.inspectors}
        unknown = sorted(c.inspector_id for c in self.caps if c.inspector_id not in known)
        if unknown:
            raise ValueError(f"workload caps name inspectors {unknown} who are not in the pool")
        self._known_ids()
        return self

    def _known_ids(self) -> None:
        """Every department id named, and every unit a subject names, must exist: a misspelt
        id is bad input, not an infeasible matching. (Inspectors may name units that the
        departments do not list.)"""
        if self.departments:
            listed = {d.id: {u.id for u in d.units} for d in self.departments}
            where = f"the departments given ({_shown(sorted(listed))})"
        else:
            listed = {i.department_id: set() for i in self.inspectors}
            where = f"the inspectors' departments ({_shown(sorted(listed))})"
        for requirement in self.requirements:
            if listed and requirement.department_id not in listed:
                raise ValueError(
                    f"requirement names department {_short(requirement.department_id)}, which "
                    f"is not among {where}"
                )
        if not self.departments:
            return
        for inspector in self.inspectors:
            if inspector.department_id not in listed:
                raise ValueError(
                    f"inspector {_short(inspector.id)} belongs to department "
                    f"{_short(inspector.department_id)}, which is not among {where}"
                )
        every_unit = set().union(*self._units_of_department.values())
        for subject in self.subjects:
            strange = [u for u in subject.units if u not in every_unit]
            if strange:
                raise ValueError(
                    f"subject {_short(subject.code)} names unit {_short(strange[0])}, which is "
                    f"not a unit of any department or inspector ({_shown(sorted(every_unit))})"
                )

    @classmethod
    def build(
        cls,
        subjects: Iterable[MatchSubject | Subject | str],
        inspectors: Iterable[Inspector],
        *,
        seed: int | str,
        on: dt.date | DateWindow | None = None,
        requirements: Iterable[TeamRequirement] = (),
        task: Task | None = None,
        check_items: Iterable[CheckItem] = (),
        departments: Iterable[Department] = (),
        conflicts: ConflictRules | None = None,
        caps: Mapping[str, int] | Iterable[WorkloadCap] = (),
        units_by_jurisdiction: Mapping[str, Sequence[str]] | None = None,
    ) -> MatchProblem:
        """The problem of drawing a joint team for every subject.

        Args:
            subjects: Drawn subjects: :class:`MatchSubject`, :class:`~jointcheck.model.Subject`
                or bare codes (then no jurisdiction, units or tags).
            inspectors: The inspector pool (执法检查人员名录库) of every department.
            seed: Seed of the tickets (recorded in the assignment).
            on: Inspection date or window; default the task's inspection window.
            requirements: One :class:`~jointcheck.model.TeamRequirement` per department
                taking part.
            task: Alternative to ``requirements``: its team requirements (2 certified members
                for a department without one) and check items.
            check_items: Check items whose qualifications some subjects need (by tags).
            departments: Departments with the units and jurisdictions they cover (属地).
            conflicts: Recusals (回避) and the rotation rule (轮换).
            caps: Per-inspector workload caps, ``{inspector_id: max_subjects}``.
            units_by_jurisdiction: Extra covering units per jurisdiction, added to the subjects.

        Raises:
            InvalidInputError: no inspection date (``on``) and no task window.
            ModelValidationError: duplicate ids, unknown inspectors in ``caps`` and the like.
        """
        reqs = list(requirements)
        items = list(check_items)
        window = on
        if task is not None:
            explicit = {r.department_id: r for r in task.team_requirements}
            for department_id in task.department_ids:
                if department_id not in {r.department_id for r in reqs}:
                    reqs.append(
                        explicit.get(department_id, TeamRequirement(department_id=department_id))
                    )
            items.extend(task.check_items)
            if window is None:
                window = task.inspection
        if window is None:
            raise InvalidInputError(
                "on=None and no task inspection window: pass on=<date or DateWindow> (or a task "
                "with an inspection window); certificates are checked against it",
                field="on",
                value=None,
            )
        inspection = (
            window if isinstance(window, DateWindow) else DateWindow(start=window, end=window)
        )
        extra = _units_by_jurisdiction(units_by_jurisdiction)
        match_subjects = [_as_match_subject(s, extra) for s in subjects]
        cap_models = (
            [WorkloadCap(inspector_id=k, max_subjects=v) for k, v in caps.items()]
            if isinstance(caps, Mapping)
            else list(caps)
        )
        return cls(
            subjects=tuple(match_subjects),
            inspectors=tuple(inspectors),
            requirements=tuple(reqs),
            check_items=tuple(items),
            departments=tuple(departments),
            conflicts=conflicts or ConflictRules(),
            caps=tuple(cap_models),
            inspection=inspection,
            seed=seed,  # type: ignore[arg-type]  # an int is read as its decimal text; bool, None refused
        )

    # ------------------------------------------------------------------ derived data
    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with ``update`` applied; lookup tables are rebuilt from the new fields."""
        copy = super().model_copy(update=update, deep=deep)
        for name in _CACHED:
            copy.__dict__.pop(name, None)
        return copy

    def digest(self) -> str:
        """SHA-256 (hex) of the canonical JSON of the problem, inspector names left out."""
        return self._digest

    @cached_property
    def _digest(self) -> str:
        # Names do not steer the teams (ids do), so a publication may show ids only.
        text = self.model_dump_json(exclude={"inspectors": {"__all__": {"name"}}})
        return hashlib.sha256(text.encode()).hexdigest()

    @cached_property
    def _requirement_by_department(self) -> dict[str, TeamRequirement]:
        return {r.department_id: r for r in self.requirements}

    @cached_property
    def _inspector_by_id(self) -> dict[str, Inspector]:
        return {i.id: i for i in self.inspectors}

    @cached_property
    def _subject_by_code(self) -> dict[str, MatchSubject]:
        return {s.code: s for s in self.subjects}

    @cached_property
    def _cap_by_inspector(self) -> dict[str, int]:
        return {c.inspector_id: c.max_subjects for c in self.caps}

    @cached_property
    def _units_of_department(self) -> dict[str, set[str]]:
        units: dict[str, set[str]] = defaultdict(set)
        for department in self.departments:
            units[department.id].update(u.id for u in department.units)
        for inspector in self.inspectors:
            if inspector.unit_id is not None:
                units[inspector.department_id].add(inspector.unit_id)
        return dict(units)

    @cached_property
    def _units_by_jurisdiction(self) -> dict[tuple[str, str], tuple[str, ...]]:
        table: dict[tuple[str, str], list[str]] = defaultdict(list)
        for department in self.departments:
            for unit in department.units:
                for jurisdiction in unit.jurisdictions:
                    table[department.id, jurisdiction].append(unit.id)
        return {key: tuple(sorted(ids)) for key, ids in table.items()}

    @cached_property
    def unit_names(self) -> dict[str, str]:
        """Unit id → unit name, for the units of :attr:`departments`."""
        return {u.id: u.name for d in self.departments for u in d.units}

    @cached_property
    def pair_conflicts(self) -> Mapping[tuple[str, str], tuple[Reason, ...]]:
        """The recusal (回避) and rotation (轮换) rule: every ``(subject code, inspector id)``
        pair it keeps apart, with the reasons.

        The one definition of the rule. :meth:`pair_reasons` reads it for one pair; the matcher
        reads it whole to drop the pairs from its arrays, and lists it as the assignment's
        exclusions. A recusal names the pair; the rotation rule (``rotation_months``) keeps
        apart an inspector and a subject inspected together on or after
        :attr:`rotation_cutoff`.
        """
        table: dict[tuple[str, str], list[Reason]] = defaultdict(list)
        for recusal in self.conflicts.recusals:
            table[recusal.subject_code, recusal.inspector_id].append(
                Reason(
                    code=ReasonCode.RECUSED,
                    message=f"回避 ({recusal.reason.label})"
                    + (f": {recusal.note}" if recusal.note else ""),
                )
            )
        cutoff = self.rotation_cutoff
        if cutoff is not None:
            last: dict[tuple[str, str], dt.date] = {}
            for record in self.conflicts.history:
                if record.day < cutoff:
                    continue
                for inspector_id in record.inspector_ids:
                    key = (record.subject_code, inspector_id)
                    if key not in last or record.day > last[key]:
                        last[key] = record.day
            for key, day in last.items():
                table[key].append(
                    Reason(
                        code=ReasonCode.ROTATION,
                        message=f"inspected it on {day}, within {self.conflicts.rotation_months} "
                        f"months before {self.inspection.start}",
                    )
                )
        return {key: tuple(reasons) for key, reasons in table.items()}

    @property
    def rotation_cutoff(self) -> dt.date | None:
        """Inspections on or after this day exclude the inspector (None without a rotation rule)."""
        months = self.conflicts.rotation_months
        return None if months is None else self.inspection.start - relativedelta(months=months)

    def requirement(self, department_id: str) -> TeamRequirement:
        """The requirement of a participating department (``KeyError`` naming those known)."""
        try:
            return self._requirement_by_department[department_id]
        except KeyError:
            known = sorted(self._requirement_by_department)
            raise KeyError(
                f"department {department_id!r} has no team requirement; departments: {known}"
            ) from None

    def inspector(self, inspector_id: str) -> Inspector:
        """The inspector with id ``inspector_id``."""
        try:
            return self._inspector_by_id[inspector_id]
        except KeyError:
            raise KeyError(f"no inspector {inspector_id!r} in the pool") from None

    def subject(self, code: str) -> MatchSubject:
        """The subject with code ``code``."""
        try:
            return self._subject_by_code[code]
        except KeyError:
            raise KeyError(f"no subject {code!r} among the drawn subjects") from None

    def cap(self, inspector: Inspector) -> int | None:
        """The inspector's workload cap (subjects), or None when there is none."""
        if inspector.id in self._cap_by_inspector:
            return self._cap_by_inspector[inspector.id]
        requirement = self._requirement_by_department.get(inspector.department_id)
        return None if requirement is None else requirement.max_subjects_per_inspector

    def covering_units(self, subject: MatchSubject, department_id: str) -> tuple[str, ...]:
        """Units of the department that cover the subject (属地): by jurisdiction or named."""
        found = set(self._units_by_jurisdiction.get((department_id, subject.jurisdiction), ()))
        if subject.units:
            found.update(set(subject.units) & self._units_of_department.get(department_id, set()))
        return tuple(sorted(found))

    def qualifications_needed(self, subject: MatchSubject, department_id: str) -> tuple[str, ...]:
        """Qualifications the department's part of the team needs for this subject.

        The requirement's own qualifications, plus those of the department's check items that
        apply to the subject (an item with ``applies_to_tags`` applies only to subjects
        carrying one of those tags).
        """
        needed = set(self.requirement(department_id).qualifications)
        tags = set(subject.tags)
        for item in self.check_items:
            if item.department_id != department_id or item.qualification is None:
                continue
            if not item.applies_to_tags or tags.intersection(item.applies_to_tags):
                needed.add(item.qualification)
        return tuple(sorted(needed))

    def unit_label(self, unit_id: str) -> str:
        """The unit's name if known, else its id."""
        return self.unit_names.get(unit_id, unit_id)

    # ------------------------------------------------------------------ eligibility
    def inspector_reasons(self, inspector: Inspector, *, role: Role) -> list[Reason]:
        """Reasons that exclude the inspector from every subject (availability, 执法证, cap)."""
        reasons: list[Reason] = []
        if inspector.department_id not in self._requirement_by_department:
            reasons.append(
                Reason(
                    code=ReasonCode.OTHER_DEPARTMENT,
                    message=f"department {inspector.department_id!r} takes no part in this "
                    "matching",
                )
            )
            return reasons
        if not inspector.available:
            reasons.append(
                Reason(code=ReasonCode.UNAVAILABLE, message="not available for this round")
            )
        requirement = self._requirement_by_department[inspector.department_id]
        if role is Role.MEMBER and requirement.required_certified == requirement.min_members:
            certificate_reason = self.certificate_reason(inspector)
            if certificate_reason is not None:
                reasons.append(certificate_reason)
        if self.cap(inspector) == 0:
            reasons.append(Reason(code=ReasonCode.NO_CAPACITY, message="workload cap is 0"))
        return reasons

    def certificate_reason(self, inspector: Inspector) -> Reason | None:
        """Why the inspector's 执法证 is not valid on every day of the inspection, if it is not."""
        window = self.inspection
        certificate = inspector.certificate
        if certificate is None:
            return Reason(code=ReasonCode.NO_CERTIFICATE, message="holds no 执法证")
        if certificate.valid_from > window.start:
            return Reason(
                code=ReasonCode.CERTIFICATE_NOT_YET_VALID,
                message=f"执法证 {certificate.number} is valid only from {certificate.valid_from}, "
                f"after the inspection starts on {window.start}",
            )
        if certificate.valid_until < window.end:
            if certificate.valid_until < window.start:
                when = f"expired on {certificate.valid_until}"
            else:
                when = (
                    f"expires on {certificate.valid_until}, before the inspection ends on "
                    f"{window.end}"
                )
            return Reason(
                code=ReasonCode.CERTIFICATE_EXPIRED,
                message=f"执法证 {certificate.number} {when}",
            )
        return None

    def scope_reason(
        self, inspector: Inspector, subject: MatchSubject, scope: PoolScope
    ) -> Reason | None:
        """Why the pool scope (所内 / 所所随机) excludes the inspector for the subject, if it does."""
        if scope is PoolScope.ANY:
            return None
        covering = self.covering_units(subject, inspector.department_id)
        inside = inspector.unit_id is not None and inspector.unit_id in covering
        if scope is PoolScope.SAME_UNIT and not inside:
            where = (
                "unit " + ", ".join(self.unit_label(u) for u in covering)
                if covering
                else "no unit (none covers jurisdiction " + repr(subject.jurisdiction) + ")"
            )
            return Reason(
                code=ReasonCode.OUTSIDE_UNIT,
                message=f"所内随机: only inspectors of {where} may inspect it",
            )
        if scope is PoolScope.OTHER_UNIT and inside:
            assert inspector.unit_id is not None
            return Reason(
                code=ReasonCode.COVERING_UNIT,
                message=f"所所随机: {self.unit_label(inspector.unit_id)} covers the subject",
            )
        return None

    def pair_reasons(self, inspector: Inspector, subject: MatchSubject) -> list[Reason]:
        """Recusal and rotation reasons for one pair (from :attr:`pair_conflicts`)."""
        return list(self.pair_conflicts.get((subject.code, inspector.id), ()))

    def why_ineligible(
        self, inspector: str | Inspector, subject: str | MatchSubject, *, role: Role | None = None
    ) -> tuple[Reason, ...]:
        """Every reason the inspector may not join the subject's team; empty when eligible.

        Args:
            inspector: The inspector or its id.
            subject: The subject or its code.
            role: Check as a counted member or as a specialist; default: the inspector's own
                (``Inspector.specialist``). A specialist checked as a member is never eligible.

        Examples:
            >>> from jointcheck.model import Inspector, TeamRequirement
            >>> p = MatchProblem(
            ...     subjects=[MatchSubject(code="S1")],
            ...     inspectors=[Inspector(id="I1", name="张三", department_id="NHC")],
            ...     requirements=[TeamRequirement(department_id="NHC")],
            ...     inspection=DateWindow(start="2025-05-01", end="2025-05-31"),
            ...     seed=1,
            ... )
            >>> [r.code.value for r in p.why_ineligible("I1", "S1")]
            ['NO_CERTIFICATE']
        """
        person = self.inspector(inspector) if isinstance(inspector, str) else inspector
        target = self.subject(subject) if isinstance(subject, str) else subject
        own_role = Role.SPECIALIST if person.specialist else Role.MEMBER
        wanted = own_role if role is None else role
        if wanted is not own_role:
            message = (
                "a specialist (专业人员) does not count toward the minimum"
                if own_role is Role.SPECIALIST
                else "not a specialist (专业人员)"
            )
            return (Reason(code=ReasonCode.ROLE, message=message),)
        reasons = self.inspector_reasons(person, role=wanted)
        if reasons and reasons[0].code is ReasonCode.OTHER_DEPARTMENT:
            return tuple(reasons)
        scope = self.requirement(person.department_id).scope
        scope_reason = self.scope_reason(person, target, scope)
        if scope_reason is not None:
            reasons.append(scope_reason)
        reasons.extend(self.pair_reasons(person, target))
        return tuple(reasons)


_CACHED = tuple(
    name for name, value in vars(MatchProblem).items() if isinstance(value, cached_property)
)


def _no_dupes(what: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    dupes: list[str] = []
    for value in values:
        if value in seen:
            dupes.append(value)
        seen.add(value)
    if dupes:
        raise ValueError(f"{what}s {sorted(set(dupes))[:5]} appear more than once; must be unique")


def _as_match_subject(
    subject: MatchSubject | Subject | str, extra: Mapping[str, Sequence[str]]
) -> MatchSubject:
    if isinstance(subject, str):
        found = MatchSubject(code=subject)
    elif isinstance(subject, Subject):
        found = MatchSubject.from_subject(subject)
    else:
        found = subject
    more = extra.get(found.jurisdiction)
    if more:
        found = found.model_copy(update={"units": tuple(sorted({*found.units, *more}))})
    return found
