"""Strategies for the matcher: inspector pools and small matching problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.matching import (
    ConflictRules,
    MatchProblem,
    MatchSubject,
    Recusal,
    RecusalReason,
    WorkloadCap,
)
from jointcheck.model import (
    Certificate,
    DateWindow,
    Department,
    InspectionRecord,
    Inspector,
    PoolScope,
    TeamRequirement,
    Unit,
)

__all__ = ["inspector_pools", "matching_instances"]

_DAY = dt.date(2025, 6, 2)
_QUALIFICATIONS = ("医疗器械", "公共场所卫生")
_TAGS = ("医疗美容机构", "生活美容场所")


def _certificates() -> st.SearchStrategy[Certificate | None]:
    valid = Certificate(
        number="15000001", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 12, 31)
    )
    expired = Certificate(
        number="15000002", valid_from=dt.date(2018, 1, 1), valid_until=dt.date(2025, 5, 31)
    )
    return st.sampled_from((valid, valid, valid, valid, expired, None))


def inspector_pools(
    *,
    department_ids: Sequence[str] = ("SAMR", "NHC"),
    unit_ids: Sequence[str] = ("U1", "U2"),
    min_size: int = 0,
    max_size: int = 6,
    specialists: bool = True,
) -> st.SearchStrategy[tuple[Inspector, ...]]:
    """Inspector pools with unique ids ``I0, I1, …``: mostly certified and available.

    Units are named ``<department>-<unit>`` (e.g. ``SAMR-U1``) so they never clash across
    departments; a few inspectors have no unit, an expired or no 执法证, are unavailable, or
    (with ``specialists=True``) are specialists.
    """
    if min_size < 0 or max_size < min_size:
        raise InvalidInputError(
            f"Cannot have max_size={max_size} < min_size={min_size} (or min_size < 0)",
            field="max_size",
            value=max_size,
        )
    if not department_ids:
        raise InvalidInputError(
            "department_ids must not be empty", field="department_ids", value=department_ids
        )

    def person(n: int, draw: st.DrawFn) -> Inspector:
        department = draw(st.sampled_from(tuple(department_ids)))
        unit = draw(st.none() | st.sampled_from(tuple(unit_ids))) if unit_ids else None
        return Inspector(
            id=f"I{n}",
            name=f"检查员{n}",
            department_id=department,
            unit_id=None if unit is None else f"{department}-{unit}",
            certificate=draw(_certificates()),
            qualifications=tuple(draw(st.lists(st.sampled_from(_QUALIFICATIONS), max_size=2))),
            specialist=draw(st.booleans()) and draw(st.booleans()) if specialists else False,
            available=draw(st.sampled_from((True, True, True, True, False))),
        )

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Inspector, ...]:
        size = draw(st.integers(min_size, max_size))
        return tuple(person(n, draw) for n in range(size))

    return build()


def matching_instances(
    *,
    department_ids: Sequence[str] = ("SAMR", "NHC"),
    max_subjects: int = 4,
    max_inspectors: int = 6,
    qualifications: bool = False,
) -> st.SearchStrategy[MatchProblem]:
    """Small matching problems: every constraint kind, often infeasible, sometimes tight.

    Subjects ``S0…`` lie in jurisdictions J1, J2 (covered by units U1, U2 of each department)
    or J3 (covered by none). With ``qualifications=False`` no requirement names a
    qualification, so feasibility depends on members alone.
    """
    if max_subjects < 1 or max_inspectors < 0:
        raise InvalidInputError(
            f"Cannot have max_subjects={max_subjects} < 1 or max_inspectors < 0",
            field="max_subjects",
            value=max_subjects,
        )

    @st.composite
    def build(draw: st.DrawFn) -> MatchProblem:
        pool = draw(inspector_pools(department_ids=department_ids, max_size=max_inspectors))
        n_subjects = draw(st.integers(1, max_subjects))
        subjects = tuple(
            MatchSubject(
                code=f"S{n}",
                jurisdiction=draw(st.sampled_from(("J1", "J1", "J1", "J2", "J2", "J3"))),
                tags=tuple(draw(st.lists(st.sampled_from(_TAGS), max_size=1))),
            )
            for n in range(n_subjects)
        )
        taking_part = draw(
            st.lists(st.sampled_from(tuple(department_ids)), min_size=1, unique=True)
        )
        requirements = []
        for department in taking_part:
            k = draw(st.sampled_from((1, 1, 2, 2, 2, 3)))
            requirements.append(
                TeamRequirement(
                    department_id=department,
                    min_members=k,
                    certified_members=draw(st.none() | st.integers(0, k)),
                    scope=draw(st.sampled_from((PoolScope.ANY, PoolScope.ANY, *PoolScope))),
                    max_subjects_per_inspector=draw(
                        st.sampled_from((None, None, None, 0, 1, 2, 3))
                    ),
                    qualifications=tuple(
                        draw(st.lists(st.sampled_from(_QUALIFICATIONS), max_size=1))
                    )
                    if qualifications
                    else (),
                )
            )
        departments = tuple(
            Department(
                id=d,
                name=f"{d}局",
                units=(
                    Unit(id=f"{d}-U1", name=f"{d}第一所", jurisdictions=("J1",)),
                    Unit(id=f"{d}-U2", name=f"{d}第二所", jurisdictions=("J2",)),
                ),
            )
            for d in department_ids
        )
        pairs = [(s.code, i.id) for s in subjects for i in pool]
        chosen = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True)) if pairs else []
        recusals = tuple(
            Recusal(inspector_id=i, subject_code=s, reason=draw(st.sampled_from(RecusalReason)))
            for s, i in chosen[: len(chosen) // 2 + 1]
        )
        history = tuple(
            InspectionRecord(
                subject_code=s,
                department_id=next(p.department_id for p in pool if p.id == i),
                day=_DAY - dt.timedelta(days=draw(st.integers(1, 800))),
                inspector_ids=(i,),
            )
            for s, i in chosen[len(chosen) // 2 + 1 :]
        )
        caps = tuple(
            WorkloadCap(inspector_id=i.id, max_subjects=draw(st.integers(0, 3)))
            for i in pool
            if draw(st.integers(0, 4)) == 0
        )
        return MatchProblem(
            subjects=subjects,
            inspectors=pool,
            requirements=tuple(requirements),
            departments=departments,
            conflicts=ConflictRules(
                recusals=recusals,
                history=history,
                rotation_months=draw(st.none() | st.sampled_from((6, 12, 24))),
            ),
            caps=caps,
            inspection=DateWindow(
                start=_DAY, end=_DAY + dt.timedelta(days=draw(st.integers(0, 30)))
            ),
            seed=str(draw(st.integers(0, 10**6))),
        )

    return build()
