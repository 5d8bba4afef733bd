"""Plan changes (修改、延期实施、取消) filed with the credit department, kept as a history."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import Field, model_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck._internal.markdown import markdown_table, md_text
from jointcheck.errors import InspectionError, ModelValidationError
from jointcheck.model import DateWindow, FrozenModel, Plan, Task

__all__ = ["ChangeKind", "PlanChange", "PlanHistory", "TaskStatus"]


class ChangeKind(str, Enum):
    """What a plan change does (因故需修改、延期实施或取消计划)."""

    MODIFY = "MODIFY"  # 修改
    POSTPONE = "POSTPONE"  # 延期实施
    CANCEL = "CANCEL"  # 取消

    @property
    def label(self) -> str:
        """The Chinese name."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ChangeKind.MODIFY: "修改",
    ChangeKind.POSTPONE: "延期实施",
    ChangeKind.CANCEL: "取消",
}


class TaskStatus(str, Enum):
    """A task's standing after the changes filed so far."""

    SCHEDULED = "SCHEDULED"  # 按计划实施
    MODIFIED = "MODIFIED"  # 已修改
    POSTPONED = "POSTPONED"  # 已延期
    CANCELLED = "CANCELLED"  # 已取消

    @property
    def label(self) -> str:
        """The Chinese name."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    TaskStatus.SCHEDULED: "按计划实施",
    TaskStatus.MODIFIED: "已修改",
    TaskStatus.POSTPONED: "已延期",
    TaskStatus.CANCELLED: "已取消",
}


class PlanChange(FrozenModel):
    """One change to a task, applied for in writing and filed (书面申请报…备案).

    ``MODIFY`` carries the task as it now reads (``replacement``, same id); ``POSTPONE``
    carries the new windows (``new_inspection`` at least); ``CANCEL`` carries neither. A
    postponement past the task's last day for disclosure (``disclosure_by``) must set a new
    one (``new_disclosure_by``), which the change records.

    Examples:
        >>> change = PlanChange.cancel(
        ...     "t1", reason="检查对象已全部注销", filed_with="信用监管股", filed_on=dt.date(2023, 6, 1)
        ... )
        >>> change.kind.label
        '取消'
    """

    kind: ChangeKind = Field(description="修改 / 延期实施 / 取消")
    task_id: NonEmptyStr = Field(description="Task changed")
    reason: NonEmptyStr = Field(description="Reason given in the written application (原因)")
    filed_with: NonEmptyStr = Field(
        description="Body the application was filed with (备案), e.g. 信用监管股"
    )
    filed_on: dt.date = Field(description="Day the change was filed (备案日期)")
    applicant: str = Field(default="", description="Unit that applied (提出申请的股室)")
    reported_to: str = Field(
        default="", description="Higher authority it was reported to (报备), e.g. 市市场监管局"
    )
    reference: str = Field(default="", description="Number of the written application (文号)")
    new_extraction: DateWindow | None = Field(
        default=None, description="POSTPONE: new extraction window (抽取时间)"
    )
    new_inspection: DateWindow | None = Field(
        default=None, description="POSTPONE: new inspection window (检查时间)"
    )
    new_disclosure_by: dt.date | None = Field(
        default=None, description="POSTPONE: new last day for disclosure, if the plan sets one"
    )
    replacement: Task | None = Field(
        default=None, description="MODIFY: the task as modified (same id)"
    )

    @model_validator(mode="after")
    def _fits_kind(self) -> PlanChange:
        windows = (self.new_extraction, self.new_inspection, self.new_disclosure_by)
        if self.kind is ChangeKind.POSTPONE:
            if self.new_inspection is None:
                raise ValueError("a POSTPONE change needs new_inspection (the new window)")
        elif any(w is not None for w in windows):
            raise ValueError(
                f"new_extraction, new_inspection and new_disclosure_by belong to POSTPONE "
                f"changes, not {self.kind.value}"
            )
        if self.kind is ChangeKind.MODIFY:
            if self.replacement is None:
                raise ValueError("a MODIFY change needs replacement (the task as modified)")
            if self.replacement.id != self.task_id:
                raise ValueError(
                    f"replacement task id {self.replacement.id!r} differs from task_id "
                    f"{self.task_id!r}; a modification keeps the task's id"
                )
        elif self.replacement is not None:
            raise ValueError(f"replacement belongs to MODIFY changes, not {self.kind.value}")
        return self

    @classmethod
    def modify(
        cls, replacement: Task, *, reason: str, filed_with: str, filed_on: dt.date, **extra: Any
    ) -> PlanChange:
        """A modification: the task now reads ``replacement``."""
        return cls(
            kind=ChangeKind.MODIFY,
            task_id=replacement.id,
            replacement=replacement,
            reason=reason,
            filed_with=filed_with,
            filed_on=filed_on,
            **extra,
        )

    @classmethod
    def postpone(
        cls,
        task_id: str,
        *,
        new_inspection: DateWindow,
        reason: str,
        filed_with: str,
        filed_on: dt.date,
        **extra: Any,
    ) -> PlanChange:
        """A postponement (延期实施) to ``new_inspection`` (and optionally new extraction and
        disclosure days, as ``new_extraction=`` and ``new_disclosure_by=``)."""
        return cls(
            kind=ChangeKind.POSTPONE,
            task_id=task_id,
            new_inspection=new_inspection,
            reason=reason,
            filed_with=filed_with,
            filed_on=filed_on,
            **extra,
        )

    @classmethod
    def cancel(
        cls, task_id: str, *, reason: str, filed_with: str, filed_on: dt.date, **extra: Any
    ) -> PlanChange:
        """A cancellation: the task takes no results from now on."""
        return cls(
            kind=ChangeKind.CANCEL,
            task_id=task_id,
            reason=reason,
            filed_with=filed_with,
            filed_on=filed_on,
            **extra,
        )

    def describe(self) -> str:
        """What the change does, in Chinese."""
        if self.kind is ChangeKind.POSTPONE and self.new_inspection is not None:
            text = f"检查时间延至{self.new_inspection.start}至{self.new_inspection.end}"
            if self.new_extraction is not None:
                text += f"，抽取时间{self.new_extraction.start}至{self.new_extraction.end}"
            if self.new_disclosure_by is not None:
                text += f"，公示截止{self.new_disclosure_by}"
            return text
        if self.kind is ChangeKind.MODIFY and self.replacement is not None:
            return f"任务修改为《{self.replacement.name}》"
        return "取消任务"


class _State:
    """The plan's tasks after replaying changes."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.tasks: dict[str, Task] = {t.id: t for t in plan.tasks}
        self.status: dict[str, TaskStatus] = {t.id: TaskStatus.SCHEDULED for t in plan.tasks}
        self.cancelled: dict[str, PlanChange] = {}
        self.last_filed: dt.date | None = None

    def apply(self, change: PlanChange, position: int) -> None:
        where = f"change {position} ({change.kind.value} of task {change.task_id!r})"
        if self.last_filed is not None and change.filed_on < self.last_filed:
            raise InspectionError(
                f"{where} was filed on {change.filed_on}, before the previous change "
                f"({self.last_filed}); the history is kept in filing order",
                field="filed_on",
                value=change.filed_on,
            )
        task = self.tasks.get(change.task_id)
        if task is None:
            raise InspectionError(
                f"{where}: plan {self.plan.id!r} has no task {change.task_id!r}; tasks: "
                f"{list(self.tasks)}",
                field="task_id",
                value=change.task_id,
            )
        if change.task_id in self.cancelled:
            raise InspectionError(
                f"{where}: task {change.task_id!r} was cancelled on "
                f"{self.cancelled[change.task_id].filed_on}; a cancelled task is not changed again",
                field="task_id",
                value=change.task_id,
            )
        if change.kind is ChangeKind.CANCEL:
            self.cancelled[change.task_id] = change
            self.status[change.task_id] = TaskStatus.CANCELLED
        elif change.kind is ChangeKind.MODIFY:
            assert change.replacement is not None  # checked by PlanChange
            self.tasks[change.task_id] = change.replacement
            self.status[change.task_id] = TaskStatus.MODIFIED
        else:
            self.tasks[change.task_id] = _postponed(task, change, where)
            self.status[change.task_id] = TaskStatus.POSTPONED
        self.last_filed = change.filed_on

    def current_plan(self) -> Plan:
        tasks = tuple(self.tasks[t.id] for t in self.plan.tasks)
        try:
            return Plan.model_validate({**self.plan.model_dump(), "tasks": tasks})
        except ModelValidationError as exc:
            raise InspectionError(
                f"the plan after its changes is not valid: {exc.message}",
                field="changes",
                value=exc.value,
            ) from exc


def _postponed(task: Task, change: PlanChange, where: str) -> Task:
    new = change.new_inspection
    assert new is not None  # checked by PlanChange
    old = task.inspection
    if old is not None:
        if new.end < old.end:
            raise InspectionError(
                f"{where}: the new inspection window ends on {new.end}, before the current one "
                f"({old.end}); a postponement ends later — file a MODIFY change to shorten it",
                field="new_inspection",
                value=new,
            )
        if change.filed_on > old.end:
            raise InspectionError(
                f"{where} was filed on {change.filed_on}, after the inspection window ended on "
                f"{old.end}; a postponement is filed before the window runs out",
                field="filed_on",
                value=change.filed_on,
            )
    if (
        task.disclosure_by is not None
        and new.end > task.disclosure_by
        and change.new_disclosure_by is None
    ):
        raise InspectionError(
            f"{where}: the new inspection window ends on {new.end}, after the plan's last day "
            f"for disclosure ({task.disclosure_by}); a postponement past it must set a new one "
            "(new_disclosure_by=…), which the change then records",
            field="new_disclosure_by",
            value=new,
        )
    if change.new_disclosure_by is not None and change.new_disclosure_by < new.end:
        raise InspectionError(
            f"{where}: the new last day for disclosure {change.new_disclosure_by} is before the "
            f"new inspection window ends ({new.end}); results are published after inspecting",
            field="new_disclosure_by",
            value=change.new_disclosure_by,
        )
    update: dict[str, Any] = {"inspection": new}
    if change.new_extraction is not None:
        update["extraction"] = change.new_extraction
    if change.new_disclosure_by is not None:
        update["disclosure_by"] = change.new_disclosure_by
    try:
        return Task.model_validate({**task.model_dump(), **update})
    except ModelValidationError as exc:
        raise InspectionError(
            f"{where}: the postponed task is not valid: {exc.message}",
            field="new_inspection",
            value=new,
        ) from exc


def _replay(plan: Plan, changes: tuple[PlanChange, ...]) -> _State:
    state = _State(plan)
    for position, change in enumerate(changes):
        state.apply(change, position)
    return state


class PlanHistory(FrozenModel):
    """A plan as published and every change filed since, in filing order.

    The history is immutable: :meth:`with_change` returns a new one. :meth:`current` is the
    plan as it stands; :meth:`status` tells a task's standing.

    Examples:
        >>> from jointcheck.scenarios import xingan_2023_plan
        >>> history = PlanHistory(plan=xingan_2023_plan()).with_change(
        ...     PlanChange.postpone(
        ...         "xam-2023-2",
        ...         new_inspection=DateWindow(start=dt.date(2023, 3, 7), end=dt.date(2023, 5, 7)),
        ...         new_disclosure_by=dt.date(2023, 6, 6),  # past 4月30日: a new last day
        ...         reason="检查对象停业装修",
        ...         filed_with="信用监管科",
        ...         filed_on=dt.date(2023, 4, 3),
        ...     )
        ... )
        >>> history.status("xam-2023-2").label, history.current().task("xam-2023-2").inspection.end
        ('已延期', datetime.date(2023, 5, 7))
    """

    plan: Plan = Field(description="The plan as published")
    changes: tuple[PlanChange, ...] = Field(
        default=(), description="Changes filed (修改、延期实施、取消), in filing order"
    )

    @model_validator(mode="after")
    def _replayable(self) -> PlanHistory:
        _replay(self.plan, self.changes).current_plan()
        return self

    def with_change(self, change: PlanChange) -> PlanHistory:
        """This history with ``change`` filed after the others.

        Raises:
            InspectionError: the change names an unknown or cancelled task, was filed before
                the last change, postpones to an earlier end or after the window ran out, or
                leaves an invalid plan.
        """
        changes = (*self.changes, change)
        _replay(self.plan, changes).current_plan()
        return self.model_copy(update={"changes": changes})

    def current(self) -> Plan:
        """The plan with every modification and postponement applied (cancelled tasks stay,
        marked by :meth:`status`)."""
        return _replay(self.plan, self.changes).current_plan()

    def status(self, task_id: str) -> TaskStatus:
        """The task's standing: the kind of its last change, or 按计划实施."""
        self.plan.task(task_id)
        return _replay(self.plan, self.changes).status[task_id]

    def cancellation(self, task_id: str) -> PlanChange | None:
        """The change that cancelled ``task_id``, ``None`` if it runs."""
        return _replay(self.plan, self.changes).cancelled.get(task_id)

    def changes_for(self, task_id: str) -> tuple[PlanChange, ...]:
        """The changes of one task, in filing order."""
        return tuple(c for c in self.changes if c.task_id == task_id)

    def to_markdown(self) -> str:
        """The change history as a Markdown table (变更记录)."""
        return _history_markdown(self)


def _history_markdown(history: PlanHistory) -> str:
    """The change history of a plan as a Markdown table."""
    plan = history.plan
    head = f"**{md_text(plan.name)}** 变更记录"
    if not history.changes:
        return head + "\n\n无变更。\n"
    rows = [
        [
            str(n),
            c.filed_on.isoformat(),
            plan.task(c.task_id).name,
            c.kind.label,
            c.describe(),
            c.reason,
            c.applicant,
            c.filed_with,
            c.reported_to,
            c.reference,
        ]
        for n, c in enumerate(history.changes, 1)
    ]
    header = (
        "序号",
        "备案日期",
        "抽查任务",
        "变更类型",
        "变更内容",
        "原因",
        "申请单位",
        "备案机构",
        "报备",
        "文号",
    )
    status = [[plan.task(t.id).name, history.status(t.id).label] for t in plan.tasks]
    return (
        f"{head}\n\n{markdown_table(header, rows)}\n\n"
        f"{markdown_table(('抽查任务', '当前状态'), status)}\n"
    )
