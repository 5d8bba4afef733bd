"""Synthetic inspector directories (执法检查人员名录库)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np

from jointcheck._internal.checked import checked
from jointcheck._internal.text import shorten
from jointcheck.errors import InvalidInputError
from jointcheck.model import Certificate, Department, Inspector
from jointcheck.synthetic._codes import check_count, check_seed

__all__ = ["synthetic_inspectors"]

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def _share(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise InvalidInputError(
            f"{field}={shorten(value)} must be a share from 0 to 1", field=field, value=value
        )
    return float(value)


def _seats(
    department: Department, per_unit: int | Mapping[str, int]
) -> list[tuple[str | None, int]]:
    """(unit id or None for the department itself, number of certified inspectors)."""
    units = [u.id for u in department.units]
    if isinstance(per_unit, Mapping):
        known = {department.id, *units}
        return [
            (None if key == department.id else key, n)
            for key, n in per_unit.items()
            if key in known
        ]
    return [(unit, per_unit) for unit in units] or [(None, per_unit)]


@checked
def synthetic_inspectors(
    departments: Sequence[Department],
    *,
    per_unit: int | Mapping[str, int],
    on: dt.date,
    seed: int = 0,
    qualifications: Mapping[str, Sequence[str]] | None = None,
    expired_share: float = 0.02,
    unavailable_share: float = 0.02,
    qualified_share: float = 0.5,
    specialists: int | Mapping[str, int] = 1,
) -> tuple[Inspector, ...]:
    """An inspector directory: certified inspectors (执法人员) in every unit of every
    department, a few with an expired certificate or unavailable, and specialists (专业人员).

    Args:
        departments: The departments whose people to make.
        per_unit: Certified inspectors in every unit (or in a department without units); or a
            mapping from unit id, or department id for the department's own level, to a count.
        on: The day certificates are checked against: expired ones ended the day before.
        seed: The seed; the same arguments always give the same directory.
        qualifications: Qualifications by department id; every specialist and a
            ``qualified_share`` of the certified inspectors hold them.
        expired_share: Share of certified inspectors whose certificate has expired.
        unavailable_share: Share unavailable for this round.
        qualified_share: Share of certified inspectors holding their department's
            ``qualifications`` (0: only specialists do).
        specialists: Specialists (专业人员, no certificate) of every department, in its first
            unit; or a mapping from unit id (or department id) to a count.

    Raises:
        InvalidInputError: a negative count, a share outside 0–1, or a ``per_unit`` key that
            is no unit or department id.

    Examples:
        >>> samr = Department(id="samr", name="市场监督管理局")
        >>> pool = synthetic_inspectors([samr], per_unit=3, on=dt.date(2023, 3, 7), seed=1)
        >>> [(p.id, p.specialist) for p in pool]
        [('samr-0001', False), ('samr-0002', False), ('samr-0003', False), ('samr-S01', True)]
    """
    known = {d.id for d in departments} | {u.id for d in departments for u in d.units}
    _check_counts(per_unit, "per_unit", known)
    _check_counts(specialists, "specialists", known)
    expired = _share(expired_share, "expired_share")
    unavailable = _share(unavailable_share, "unavailable_share")
    qualified = _share(qualified_share, "qualified_share")
    if expired + unavailable > 1:
        raise InvalidInputError(
            f"expired_share + unavailable_share = {expired + unavailable} must not exceed 1",
            field="unavailable_share",
            value=unavailable_share,
        )
    check_seed(seed)
    rng = np.random.default_rng([seed, 2])
    valid_from = on - dt.timedelta(days=3 * 365)
    valid_until = on + dt.timedelta(days=3 * 365)
    people: list[Inspector] = []
    for department in departments:
        seats = _seats(department, per_unit)
        needed = tuple((qualifications or {}).get(department.id, ()))
        serial = 0
        for unit, count in seats:
            for _ in range(count):
                serial += 1
                roll = float(rng.random())
                expires = on - dt.timedelta(days=1) if roll < expired else valid_until
                people.append(
                    Inspector(
                        id=f"{department.id}-{serial:04d}",
                        name=_person_name(rng),
                        department_id=department.id,
                        unit_id=unit,
                        certificate=Certificate(
                            number=f"{department.id.upper()}{serial:06d}",
                            valid_from=valid_from,
                            valid_until=expires,
                        ),
                        qualifications=needed if rng.random() < qualified else (),
                        available=not (expired <= roll < expired + unavailable),
                    )
                )
        if isinstance(specialists, Mapping):
            places = _seats(department, specialists)
        else:
            places = [(seats[0][0] if seats else None, specialists)]
        number = 0
        for unit, count in places:
            for _ in range(count):
                number += 1
                people.append(
                    Inspector(
                        id=f"{department.id}-S{number:02d}",
                        name=_person_name(rng),
                        department_id=department.id,
                        unit_id=unit,
                        qualifications=needed,
                        specialist=True,
                    )
                )
    return tuple(people)


def _check_counts(value: int | Mapping[str, int], field: str, known: set[str]) -> None:
    if not isinstance(value, Mapping):
        check_count(value, field, upper=10**6)
        return
    for key, count in value.items():
        check_count(count, f"{field}[{key!r}]", upper=10**6)
    unknown = [k for k in value if k not in known]
    if unknown:
        raise InvalidInputError(
            f"{field} names {', '.join(map(shorten, unknown))}, which is no unit or department "
            f"id; known: {', '.join(sorted(known))}",
            field=field,
            value=unknown[0],
        )


def _person_name(rng: np.random.Generator) -> str:
    return (
        _SURNAMES[int(rng.integers(len(_SURNAMES)))]
        + _GIVEN[int(rng.integers(len(_GIVEN)))]
        + (_GIVEN[int(rng.integers(len(_GIVEN)))] if rng.random() < 0.6 else "")
    )
