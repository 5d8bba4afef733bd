"""Past inspections (检查记录): what the sampler's and the matcher's history rules read."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs

__all__ = ["InspectionRecord"]


class InspectionRecord(FrozenModel):
    """One past inspection of a subject by a department (检查记录).

    The sampler leaves out subjects the same department inspected recently
    (``exclude_recently_inspected``); the matcher's rotation rule (轮换) keeps the
    ``inspector_ids`` who went from inspecting the same subject again too soon.
    """

    subject_code: NonEmptyStr = Field(description="Code of the subject inspected")
    department_id: NonEmptyStr = Field(description="Department that inspected it")
    day: dt.date = Field(description="Day of the inspection")
    inspector_ids: SortedUniqueStrs = Field(
        default=(), description="Inspectors who went (stored sorted); empty if not recorded"
    )
