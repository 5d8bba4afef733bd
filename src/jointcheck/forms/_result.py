"""Inspection results (抽查检查结果) per subject and department, with findings and follow-ups."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from enum import Enum

from pydantic import Field, field_validator, model_validator

from jointcheck._internal.base import NonEmptyStr, SortedUniqueStrs
from jointcheck.errors import InspectionError
from jointcheck.model import FrozenModel, ResultCategory

__all__ = [
    "FollowUp",
    "FollowUpKind",
    "InspectionResult",
    "ItemFinding",
    "ItemOutcome",
    "ResultStatus",
]


class ItemOutcome(str, Enum):
    """The finding on one check item (检查情况)."""

    COMPLIANT = "COMPLIANT"  # 符合
    NON_COMPLIANT = "NON_COMPLIANT"  # 不符合
    NOT_INVOLVED = "NOT_INVOLVED"  # 不涉及 (the subject does not carry on that activity)

    @property
    def label(self) -> str:
        """The Chinese text printed on the form."""
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    ItemOutcome.COMPLIANT: "符合",
    ItemOutcome.NON_COMPLIANT: "不符合",
    ItemOutcome.NOT_INVOLVED: "不涉及",
}


class ItemFinding(FrozenModel):
    """What the inspectors found on one check item of the form."""

    item_id: NonEmptyStr = Field(description="Check item (抽查事项) id of the task")
    outcome: ItemOutcome = Field(description="符合 / 不符合 / 不涉及")
    note: str = Field(default="", description="What was seen (检查情况说明)")


class FollowUpKind(str, Enum):
    """A follow-up action (后续处置措施) taken on a problem found."""

    ORDER_CORRECTION = "ORDER_CORRECTION"  # 责令改正
    OPEN_CASE = "OPEN_CASE"  # 立案查处
    TRANSFER_TO_DEPARTMENT = "TRANSFER_TO_DEPARTMENT"  # 移送其他部门
    NOTIFY_DEPARTMENT = "NOTIFY_DEPARTMENT"  # 抄告相关部门
    TRANSFER_TO_JUDICIAL = "TRANSFER_TO_JUDICIAL"  # 移送司法机关 (涉嫌犯罪)
    LIST_ABNORMAL_OPERATIONS = "LIST_ABNORMAL_OPERATIONS"  # 列入经营异常名录
    LIST_SERIOUS_VIOLATIONS = "LIST_SERIOUS_VIOLATIONS"  # 列入严重违法失信名单
    OTHER = "OTHER"  # 其他

    @property
    def label(self) -> str:
        """The Chinese text printed on the form."""
        return _FOLLOW_UP_LABELS[self]

    @property
    def needs_target(self) -> bool:
        """Whether the receiving body must be named (移送、抄告 name a department)."""
        return self in (FollowUpKind.TRANSFER_TO_DEPARTMENT, FollowUpKind.NOTIFY_DEPARTMENT)


_FOLLOW_UP_LABELS = {
    FollowUpKind.ORDER_CORRECTION: "责令改正",
    FollowUpKind.OPEN_CASE: "立案查处",
    FollowUpKind.TRANSFER_TO_DEPARTMENT: "移送其他部门",
    FollowUpKind.NOTIFY_DEPARTMENT: "抄告相关部门",
    FollowUpKind.TRANSFER_TO_JUDICIAL: "移送司法机关",
    FollowUpKind.LIST_ABNORMAL_OPERATIONS: "列入经营异常名录",
    FollowUpKind.LIST_SERIOUS_VIOLATIONS: "列入严重违法失信名单",
    FollowUpKind.OTHER: "其他",
}


class FollowUp(FrozenModel):
    """One follow-up action (后续处置) recorded with a result."""

    kind: FollowUpKind = Field(description="Kind of action (后续处置措施)")
    target: str = Field(
        default="", description="Receiving body for a transfer or notice (移送/抄告 单位)"
    )
    note: str = Field(default="", description="Details, e.g. the correction deadline")

    @model_validator(mode="after")
    def _target_named(self) -> FollowUp:
        if self.kind.needs_target and not self.target.strip():
            raise ValueError(
                f"follow-up {self.kind.value} ({self.kind.label}) must name the receiving "
                "department in target"
            )
        return self

    @property
    def text(self) -> str:
        """The action in Chinese, with its target and note."""
        out = self.kind.label
        if self.target:
            out += f"（{self.target}）"
        if self.note:
            out += f"：{self.note}"
        return out


class ResultStatus(str, Enum):
    """Where a result stands (结果状态, 未录入 → 待审核 → 已公示)."""

    NOT_ENTERED = "NOT_ENTERED"  # 未录入
    PENDING_REVIEW = "PENDING_REVIEW"  # 待审核 (entered, not yet published)
    PUBLISHED = "PUBLISHED"  # 已公示

    @property
    def label(self) -> str:
        """The Chinese name."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ResultStatus.NOT_ENTERED: "未录入",
    ResultStatus.PENDING_REVIEW: "待审核",
    ResultStatus.PUBLISHED: "已公示",
}

_PROBLEM_CATEGORIES = frozenset(
    c
    for c in ResultCategory
    if c.needs_follow_up
    or c in (ResultCategory.CORRECTED_AFTER_ORDER, ResultCategory.SERIOUS_NON_COOPERATION)
)


class InspectionResult(FrozenModel):
    """One department's result for one subject (谁检查、谁录入、谁公示).

    Checked on construction (:class:`~jointcheck.errors.ModelValidationError` otherwise):
    at least one category, no 未发现问题 beside a problem category or a 不符合 item,
    a follow-up whenever a category needs one (:attr:`ResultCategory.needs_follow_up`),
    ``inspected_on <= entered_on <= published_on``, and the person who entered it among
    the inspectors who went. Whether the subject was drawn, the inspectors are on its team
    and the task still runs is checked where the result is recorded
    (:meth:`~jointcheck.records.PlanLedger.record_result`).
    """

    task_id: NonEmptyStr = Field(description="Task (抽查任务) the inspection belongs to")
    subject_code: NonEmptyStr = Field(description="Subject inspected (统一社会信用代码 or 注册号)")
    department_id: NonEmptyStr = Field(description="Department that inspected and enters this")
    categories: tuple[ResultCategory, ...] = Field(
        min_length=1,
        description="Result categories (抽查结果), multi-select; stored once each, in list order",
    )
    findings: tuple[ItemFinding, ...] = Field(
        default=(), description="Findings per check item of this department"
    )
    remarks: str = Field(default="", description="Overall remarks (检查情况说明)")
    follow_ups: tuple[FollowUp, ...] = Field(
        default=(), description="Follow-up actions (后续处置措施)"
    )
    inspected_on: dt.date = Field(description="Day of the inspection (检查日期)")
    inspector_ids: SortedUniqueStrs = Field(
        min_length=1,
        description="执法检查人员 who went (members of the team who count toward the minimum)",
    )
    specialist_ids: SortedUniqueStrs = Field(
        default=(), description="专业人员 of the team who went as well"
    )
    entered_on: dt.date = Field(description="Day the result was entered (录入日期)")
    entered_by: NonEmptyStr = Field(
        description="Inspector who entered it (录入人), one of inspector_ids (谁检查、谁录入)"
    )
    published_on: dt.date | None = Field(
        default=None, description="Day it was published (公示日期); None while 待审核"
    )

    @field_validator("categories")
    @classmethod
    def _canonical_categories(cls, value: tuple[ResultCategory, ...]) -> tuple[ResultCategory, ...]:
        order = {c: i for i, c in enumerate(ResultCategory)}
        return tuple(sorted(set(value), key=order.__getitem__))

    @model_validator(mode="after")
    def _consistent(self) -> InspectionResult:
        problems = sorted(c.value for c in self.categories if c in _PROBLEM_CATEGORIES)
        if ResultCategory.NO_PROBLEM_FOUND in self.categories and problems:
            raise ValueError(
                f"categories hold NO_PROBLEM_FOUND (未发现问题) together with {problems}; a "
                "result cannot both find and not find a problem"
            )
        failed = [f.item_id for f in self.findings if f.outcome is ItemOutcome.NON_COMPLIANT]
        if self.categories == (ResultCategory.NO_PROBLEM_FOUND,) and failed:
            raise ValueError(
                f"categories say NO_PROBLEM_FOUND (未发现问题) but items {failed} are "
                "NON_COMPLIANT (不符合); record the problem category"
            )
        needing = [c.value for c in self.categories if c.needs_follow_up]
        if needing and not self.follow_ups:
            raise ValueError(
                f"categories {needing} need a follow-up action (后续处置); follow_ups is empty — "
                f"record one of {[k.value for k in FollowUpKind]}"
            )
        dupes = sorted(i for i, n in Counter(f.item_id for f in self.findings).items() if n > 1)
        if dupes:
            raise ValueError(f"findings name items {dupes} more than once; one finding per item")
        if self.entered_on < self.inspected_on:
            raise ValueError(
                f"entered_on {self.entered_on} is before inspected_on {self.inspected_on}; a "
                "result is entered on or after the day of the inspection"
            )
        if self.published_on is not None and self.published_on < self.entered_on:
            raise ValueError(
                f"published_on {self.published_on} is before entered_on {self.entered_on}; a "
                "result is published on or after the day it is entered"
            )
        both = sorted(set(self.inspector_ids) & set(self.specialist_ids))
        if both:
            raise ValueError(
                f"ids {both} are both in inspector_ids and specialist_ids; list each person once"
            )
        if self.entered_by not in self.inspector_ids:
            raise ValueError(
                f"entered_by {self.entered_by!r} is not among inspector_ids "
                f"{list(self.inspector_ids)}; results are entered by whoever inspected "
                "(谁检查、谁录入)"
            )
        return self

    @property
    def status(self) -> ResultStatus:
        """待审核 until :attr:`published_on` is set, then 已公示."""
        return ResultStatus.PENDING_REVIEW if self.published_on is None else ResultStatus.PUBLISHED

    @property
    def inspector_visits(self) -> int:
        """执法检查人员 who went (人次 in the summary table)."""
        return len(self.inspector_ids)

    @property
    def key(self) -> tuple[str, str, str]:
        """``(task_id, subject_code, department_id)``: one result per key."""
        return (self.task_id, self.subject_code, self.department_id)

    def publish(self, *, on: dt.date) -> InspectionResult:
        """This result published (已公示) on ``on``.

        Raises:
            InspectionError: the result is already published.
            ModelValidationError: ``on`` is before :attr:`entered_on`.
        """
        if self.published_on is not None:
            raise InspectionError(
                f"result of department {self.department_id!r} for subject "
                f"{self.subject_code!r} was already published on {self.published_on}; "
                "a publication is not repeated",
                field="published_on",
                value=on,
            )
        return type(self).model_validate({**self.model_dump(), "published_on": on})

    def finding(self, item_id: str) -> ItemFinding | None:
        """The finding on ``item_id``, ``None`` when none was recorded."""
        for finding in self.findings:
            if finding.item_id == item_id:
                return finding
        return None
