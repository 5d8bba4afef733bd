"""The year's events, as the caller supplies them with their days: the draw (随机抽取),
dispatch (派发), claim (认领) and confirmation or refusal (比对确认), and the replacement a
refusal brings."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import Field, model_validator

from jointcheck.model import FrozenModel, OperatingStatus
from jointcheck.sampling import Draw

__all__ = [
    "ClaimEvent",
    "ConfirmationEvent",
    "DispatchEvent",
    "DrawEvent",
    "RefusalReason",
    "SubjectReplacement",
    "YearEvent",
]


class RefusalReason(str, Enum):
    """Why a department refuses a drawn subject at confirmation (比对确认不通过)."""

    NOT_FOUND_AT_ADDRESS = "NOT_FOUND_AT_ADDRESS"  # 登记住所查无此户 / 无法联系
    DEREGISTERED = "DEREGISTERED"  # 已注销、吊销或撤销
    OUTSIDE_REMIT = "OUTSIDE_REMIT"  # 不属于本部门监管职责范围
    OTHER = "OTHER"  # 其他 (the note says why)

    @property
    def label(self) -> str:
        """The Chinese text kept as the replacement's reason."""
        return _REFUSAL_LABELS[self]


_REFUSAL_LABELS = {
    RefusalReason.NOT_FOUND_AT_ADDRESS: "登记住所查无此户",
    RefusalReason.DEREGISTERED: "已注销、吊销或撤销",
    RefusalReason.OUTSIDE_REMIT: "不属于本部门监管职责范围",
    RefusalReason.OTHER: "其他",
}


class DrawEvent(FrozenModel):
    """A task's draw of subjects (随机抽取), made on ``on``."""

    kind: Literal["draw"] = Field(default="draw", description="Event type (JSON discriminator)")
    task_id: str = Field(min_length=1, description="Task drawn for")
    on: dt.date = Field(description="Day of the draw")
    draw: Draw = Field(description="The draw's audit record (its waitlists give replacements)")


class DispatchEvent(FrozenModel):
    """A drawn subject sent to an inspecting unit (派发), by registration jurisdiction."""

    kind: Literal["dispatch"] = Field(default="dispatch", description="Event type")
    task_id: str = Field(min_length=1, description="Task")
    subject_code: str = Field(min_length=1, description="Subject dispatched")
    unit_id: str = Field(min_length=1, description="Unit it was sent to (股室、所、队)")
    on: dt.date = Field(description="Day of the dispatch")


class ClaimEvent(FrozenModel):
    """A participating department's claim of a drawn subject (认领)."""

    kind: Literal["claim"] = Field(default="claim", description="Event type")
    task_id: str = Field(min_length=1, description="Task")
    subject_code: str = Field(min_length=1, description="Subject claimed")
    department_id: str = Field(min_length=1, description="Claiming department (配合部门)")
    on: dt.date = Field(description="Day of the claim")


class ConfirmationEvent(FrozenModel):
    """A department's confirmation of a drawn subject (比对确认), or its refusal with a reason.

    A refusal takes the subject out of the draw; the next subject on its tier's waitlist
    takes its place, with the reason kept.
    """

    kind: Literal["confirmation"] = Field(default="confirmation", description="Event type")
    task_id: str = Field(min_length=1, description="Task")
    subject_code: str = Field(min_length=1, description="Subject confirmed or refused")
    department_id: str = Field(min_length=1, description="Confirming department")
    on: dt.date = Field(description="Day of the confirmation or refusal")
    confirmed: bool = Field(default=True, description="False for a refusal")
    reason: RefusalReason | None = Field(default=None, description="Why it was refused")
    note: str = Field(default="", description="Details (e.g. 经实地核查查无此户)")
    status: OperatingStatus | None = Field(
        default=None,
        description="The registry status a refusal rests on (e.g. DEREGISTERED for 已注销): "
        "verify_draw then checks it against the registry; without it the reason is declared",
    )

    @model_validator(mode="after")
    def _reasoned(self) -> ConfirmationEvent:
        if self.confirmed and self.reason is not None:
            raise ValueError("a confirmed subject has no refusal reason; set confirmed=False")
        if not self.confirmed and self.reason is None:
            raise ValueError(f"a refusal needs a reason, one of {[r.value for r in RefusalReason]}")
        if self.reason is RefusalReason.OTHER and not self.note.strip():
            raise ValueError("a refusal for reason OTHER needs a note saying why")
        if self.status is not None and self.confirmed:
            raise ValueError("a registry status is the ground of a refusal; set confirmed=False")
        return self

    @property
    def reason_text(self) -> str:
        """The reason as kept on the replacement (label and note)."""
        if self.reason is None:
            return ""
        return self.reason.label + (f"：{self.note}" if self.note else "")


YearEvent = DrawEvent | DispatchEvent | ClaimEvent | ConfirmationEvent
"""Any event of the year's record."""


class SubjectReplacement(FrozenModel):
    """A subject refused at confirmation and the waitlisted subject that took its place."""

    task_id: str = Field(description="Task")
    removed: str = Field(description="Code refused")
    added: str = Field(description="Code that took its place (next on the tier's waitlist)")
    department_id: str = Field(description="Department that refused it")
    on: dt.date = Field(description="Day of the refusal (the replacement's steps start here)")
    reason: RefusalReason = Field(description="Why")
    reason_text: str = Field(description="The reason as recorded on the draw")
