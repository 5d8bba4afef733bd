"""The subject's signature on the form, or the record of its refusal (被检查对象签字确认)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum

from pydantic import Field, model_validator

from jointcheck._internal.base import SortedUniqueStrs
from jointcheck.model import FrozenModel

__all__ = ["Signature", "SignatureStatus"]


class SignatureStatus(str, Enum):
    """Whether the subject confirmed the form (被检查对象签字确认)."""

    UNSIGNED = "UNSIGNED"  # 未签字 (not yet presented)
    SIGNED = "SIGNED"  # 法定代表人（负责人）签字盖章确认
    REFUSED = "REFUSED"  # 拒绝签字，在"一企一表"上如实记录

    @property
    def label(self) -> str:
        """The Chinese text printed on the form."""
        return _SIGNATURE_LABELS[self]


_SIGNATURE_LABELS = {
    SignatureStatus.UNSIGNED: "未签字",
    SignatureStatus.SIGNED: "已签字确认",
    SignatureStatus.REFUSED: "拒绝签字",
}


class Signature(FrozenModel):
    """The subject's confirmation of the form, or the record of its refusal.

    A signature names the signer and the day; a refusal is recorded truthfully
    ("被检查对象拒绝签字的应当在'一企一表'上如实记录"): the day, what happened, and the
    inspectors who recorded it.

    Examples:
        >>> Signature.signed(signer="王某", on=dt.date(2025, 6, 3)).status.label
        '已签字确认'
    """

    status: SignatureStatus = Field(
        default=SignatureStatus.UNSIGNED, description="未签字 / 已签字确认 / 拒绝签字"
    )
    signer: str = Field(
        default="", description="Who signed (法定代表人或负责人姓名); blank unless SIGNED"
    )
    signer_role: str = Field(
        default="法定代表人", description="The signer's role, e.g. 法定代表人, 负责人, 委托代理人"
    )
    sealed: bool = Field(default=False, description="Whether the subject's seal was affixed (盖章)")
    on: dt.date | None = Field(default=None, description="Day of signature or refusal")
    note: str = Field(
        default="", description="Remarks; for a refusal, the truthful record of what happened"
    )
    recorded_by: SortedUniqueStrs = Field(
        default=(), description="Inspector ids who recorded a refusal (members of the form's teams)"
    )

    @model_validator(mode="after")
    def _complete(self) -> Signature:
        if self.status is SignatureStatus.UNSIGNED:
            if self.signer or self.on or self.recorded_by or self.sealed:
                raise ValueError(
                    "an UNSIGNED signature has no signer, day, seal or recorded_by; set status "
                    "SIGNED or REFUSED"
                )
        elif self.status is SignatureStatus.SIGNED:
            if not self.signer.strip() or self.on is None:
                raise ValueError("a SIGNED signature needs the signer's name and the day (on)")
            if self.recorded_by:
                raise ValueError("recorded_by is for refusals; a SIGNED form has none")
        elif not self.note.strip() or self.on is None or not self.recorded_by:
            raise ValueError(
                "a REFUSED signature is recorded truthfully (如实记录): it needs the day (on), a "
                "note of what happened and the inspectors who recorded it (recorded_by)"
            )
        return self

    @classmethod
    def signed(
        cls, *, signer: str, on: dt.date, role: str = "法定代表人", sealed: bool = True
    ) -> Signature:
        """A signature by ``signer`` (法定代表人 by default) on ``on``."""
        return cls(
            status=SignatureStatus.SIGNED, signer=signer, signer_role=role, sealed=sealed, on=on
        )

    @classmethod
    def refused(cls, *, on: dt.date, note: str, recorded_by: Iterable[str]) -> Signature:
        """A refusal to sign, recorded on ``on`` by the inspectors ``recorded_by``."""
        return cls(status=SignatureStatus.REFUSED, on=on, note=note, recorded_by=tuple(recorded_by))
