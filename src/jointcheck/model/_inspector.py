"""Inspectors (执法检查人员) and their law-enforcement certificates (执法证)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs

__all__ = ["Certificate", "Inspector"]


class Certificate(FrozenModel):
    """A law-enforcement certificate (行政执法证), valid on the days from ``valid_from`` to ``valid_until``."""

    number: NonEmptyStr = Field(description="Certificate number (执法证号)")
    valid_from: dt.date = Field(description="First day of validity")
    valid_until: dt.date = Field(description="Last day of validity (inclusive)")

    @model_validator(mode="after")
    def _ordered(self) -> Certificate:
        if self.valid_until < self.valid_from:
            raise ValueError(
                f"certificate {self.number!r} expires on {self.valid_until} before it starts on "
                f"{self.valid_from}; valid_until must be on or after valid_from"
            )
        return self

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the certificate is valid on ``day`` (both ends inclusive)."""
        return self.valid_from <= day <= self.valid_until


class Inspector(FrozenModel):
    """A person in the 执法检查人员名录库 (inspector directory).

    Specialists (专业人员, ``specialist=True``) assist with professional check items but
    never count toward a team's minimum of certified inspectors (行政处罚法 art. 42).
    """

    id: NonEmptyStr = Field(description="Inspector id, unique in the pool")
    name: NonEmptyStr = Field(description="Name (姓名)")
    department_id: NonEmptyStr = Field(description="Department the inspector belongs to")
    unit_id: str | None = Field(default=None, description="Unit (股室、所) within the department")
    jurisdiction: str | None = Field(default=None, description="Jurisdiction the inspector serves")
    certificate: Certificate | None = Field(
        default=None,
        description="Law-enforcement certificate (执法证); None if the person holds none",
    )
    qualifications: SortedUniqueStrs = Field(
        default=(), description="Qualifications and specialities (执法资质、业务专长)"
    )
    specialist: bool = Field(
        default=False,
        description="专业人员: assists on professional items, does not count toward the minimum",
    )
    available: bool = Field(default=True, description="Available for this inspection round")

    def is_certified_on(self, day: dt.date) -> bool:
        """Whether the inspector holds a certificate valid on ``day``."""
        return self.certificate is not None and self.certificate.is_valid_on(day)
