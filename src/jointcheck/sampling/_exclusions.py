"""Building :class:`SubjectExclusion` records: from a row mask, from registration status, from an
inspection history ("inspected by the same department within the last N months")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from dateutil.relativedelta import relativedelta

from jointcheck._internal.arrays import as_array
from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.model import DateWindow, OperatingStatus
from jointcheck.population import Population
from jointcheck.sampling._draw import ExclusionReason, SubjectExclusion
from jointcheck.sampling._evidence import HistoryEntry, as_records

__all__ = [
    "NOT_OPERATING",
    "exclude_recently_inspected",
    "exclude_statuses",
    "exclusion_from_mask",
]

NOT_OPERATING: tuple[OperatingStatus, ...] = (
    OperatingStatus.DEREGISTERED,
    OperatingStatus.REVOKED,
    OperatingStatus.CANCELLED,
    OperatingStatus.MOVED_OUT,
)
"""注销、吊销、撤销、迁出: the statuses :func:`exclude_statuses` leaves out by default."""


def _codes(population: Population, mask: npt.NDArray[np.bool_]) -> tuple[str, ...]:
    return tuple(population.codes[mask].astype("U18").tolist())


@checked
def exclusion_from_mask(
    population: Population,
    mask: npt.ArrayLike,
    *,
    reason: ExclusionReason,
    detail: str = "",
) -> SubjectExclusion:
    """An exclusion of the rows where ``mask`` is true (e.g. from ``population.mask(...)``).

    Raises:
        InvalidInputError: ``mask`` is not a boolean array of the population's length.
    """
    keep = as_array(mask, field="mask")
    if keep.dtype != np.bool_ or keep.shape != (len(population),):
        raise InvalidInputError(
            f"mask must be a boolean array of shape ({len(population)},), got dtype "
            f"{keep.dtype} and shape {keep.shape}",
            field="mask",
            value=keep.shape,
        )
    return SubjectExclusion(reason=reason, detail=detail, codes=_codes(population, keep))


@checked
def exclude_statuses(
    population: Population, statuses: Iterable[OperatingStatus] = NOT_OPERATING
) -> SubjectExclusion:
    """Subjects whose registration status (登记状态) is one of ``statuses``.

    No national rule excludes deregistered subjects (some notices draw them on purpose), so
    this is a per-task choice; the default leaves out 注销、吊销、撤销 and 迁出.
    """
    wanted = tuple(dict.fromkeys(OperatingStatus(s) for s in statuses))
    labels = "、".join(s.label for s in wanted)
    made = exclusion_from_mask(
        population,
        population.mask(statuses=wanted),
        reason=ExclusionReason.STATUS,
        detail=f"登记状态为{labels}" if wanted else "",
    )
    return made.model_copy(update={"statuses": wanted})


@checked
def exclude_recently_inspected(
    population: Population,
    history: Iterable[HistoryEntry],
    *,
    department_id: str,
    on: dt.date,
    months: int,
) -> SubjectExclusion:
    """Subjects the same department inspected within the last ``months`` months before ``on``.

    A subject is left out if ``department_id`` inspected it on a day ``d`` with
    ``on - months months <= d <= on`` (both ends included; month arithmetic by
    ``dateutil.relativedelta``, which clips to the month's end: 2023-03-31 minus one month
    is 2023-02-28). Records of other departments, and codes not in the population, are
    ignored.

    Args:
        population: The registry drawn from.
        history: :class:`InspectionRecord` models or ``(code, department_id, day)`` tuples.
        department_id: The department drawing now.
        on: The day of the draw.
        months: The window, ``>= 1``.
    """
    if isinstance(months, bool) or months < 1:
        raise InvalidInputError(
            f"months={months!r} must be a whole number >= 1", field="months", value=months
        )
    since = on - relativedelta(months=months)
    recent = {
        record.subject_code
        for record in as_records(history)
        if record.department_id == department_id and since <= record.day <= on
    }
    codes = sorted(c for c in recent if len(c) <= 18 and c.isascii())
    found = population.positions(np.array(codes, dtype="U18")) if codes else np.empty(0, int)
    mask = np.zeros(len(population), dtype=bool)
    mask[found[found >= 0]] = True
    made = exclusion_from_mask(
        population,
        mask,
        reason=ExclusionReason.RECENTLY_INSPECTED,
        detail=f"{since.isoformat()}至{on.isoformat()}（{months}个月内）已被{department_id}检查",
    )
    return made.model_copy(
        update={"department_id": department_id, "window": DateWindow(start=since, end=on)}
    )
