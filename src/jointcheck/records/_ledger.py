"""The ledger (台账) of a plan: forms per task, results as they are entered, plan changes.

The ledger is where results are recorded, so it is where the record is enforced: a result
must be for a subject drawn in the task (one with a form), by inspectors of that subject's
team, inside the task's inspection window as it stands after postponements, and never for
a cancelled task.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from pydantic import Field, model_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck.errors import InspectionError, TaskCancelledError
from jointcheck.forms import InspectionForm, InspectionResult, Signature
from jointcheck.model import FrozenModel, Plan, Task
from jointcheck.records._changes import ChangeKind, PlanChange, PlanHistory

__all__ = ["PlanLedger", "TaskLedger"]


class TaskLedger(FrozenModel):
    """The forms of one task, one per drawn subject (一户企业一份检查表)."""

    task_id: NonEmptyStr = Field(description="Task (抽查任务) id")
    forms: tuple[InspectionForm, ...] = Field(
        default=(), description="One form per drawn subject, in draw order"
    )
    draw_reference: str = Field(
        default="",
        description="Audit reference of the draw the subjects came from (seed, digest, 文号)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> TaskLedger:
        foreign = sorted({f.task_id for f in self.forms if f.task_id != self.task_id})
        if foreign:
            raise ValueError(f"forms of tasks {foreign} in the ledger of task {self.task_id!r}")
        dupes = sorted(c for c, n in Counter(f.subject.code for f in self.forms).items() if n > 1)
        if dupes:
            raise ValueError(f"subjects {dupes} have more than one form in task {self.task_id!r}")
        return self

    @property
    def subject_codes(self) -> tuple[str, ...]:
        """Codes of the drawn subjects (one form each)."""
        return tuple(f.subject.code for f in self.forms)

    @property
    def results(self) -> tuple[InspectionResult, ...]:
        """Every result entered, form by form."""
        return tuple(r for f in self.forms for r in f.results)

    def form(self, subject_code: str) -> InspectionForm:
        """The form of ``subject_code``.

        Raises:
            InspectionError: the subject was not drawn in this task.
        """
        for form in self.forms:
            if form.subject.code == subject_code:
                return form
        raise _not_drawn(self, subject_code)


def _not_drawn(ledger: TaskLedger, subject_code: str) -> InspectionError:
    shown = ", ".join(ledger.subject_codes[:5]) + (" …" if len(ledger.forms) > 5 else "")
    return InspectionError(
        f"subject {subject_code!r} was not drawn in task {ledger.task_id!r} (it has no form); "
        f"{len(ledger.forms)} subject(s) were drawn: {shown or 'none'}",
        field="subject_code",
        value=subject_code,
    )


class PlanLedger(FrozenModel):
    """A plan's record: its change history and, per task, the forms with their results.

    Immutable: every method that records something returns a new ledger.

    Typical use::

        ledger = PlanLedger.open(plan)
        ledger = ledger.add_forms("t1", [InspectionForm.build(ledger.plan, "t1", s, teams[s.code])
                                         for s in drawn_subjects])
        ledger = ledger.record_result(result)           # checked against the record
        ledger = ledger.sign("t1", code, Signature.signed(signer="王某", on=day))
        ledger = ledger.change(PlanChange.postpone("t1", new_inspection=..., ...))
        summarize(ledger), track_disclosure(ledger, calendar=cal, as_of=day)
    """

    history: PlanHistory = Field(description="The plan as published and the changes filed")
    tasks: tuple[TaskLedger, ...] = Field(default=(), description="Forms of each task")

    @model_validator(mode="after")
    def _consistent(self) -> PlanLedger:
        plan = self.history.plan
        known = {t.id for t in plan.tasks}
        ids = [t.task_id for t in self.tasks]
        unknown = sorted(set(ids) - known)
        if unknown:
            raise ValueError(f"ledgers of tasks {unknown}, which are not in plan {plan.id!r}")
        dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
        if dupes:
            raise ValueError(f"tasks {dupes} have more than one ledger")
        for ledger in self.tasks:
            wrong = sorted({f.plan_id for f in ledger.forms} - {plan.id})
            if wrong:
                raise ValueError(f"forms of plans {wrong} in the ledger of plan {plan.id!r}")
            cancel = self.history.cancellation(ledger.task_id)
            if cancel is None:
                continue
            late = [r for r in ledger.results if r.entered_on > cancel.filed_on]
            if late:
                raise ValueError(
                    f"task {ledger.task_id!r} was cancelled on {cancel.filed_on} but results "
                    f"were entered later: {[r.key for r in late][:3]}"
                )
        return self

    @classmethod
    def open(cls, plan: Plan | PlanHistory) -> PlanLedger:
        """An empty ledger for ``plan`` (or for a plan with its change history)."""
        history = plan if isinstance(plan, PlanHistory) else PlanHistory(plan=plan)
        return cls(history=history)

    # ------------------------------------------------------------------ queries
    @property
    def plan(self) -> Plan:
        """The plan as it stands after its changes; build forms from this one."""
        return self.history.current()

    def task_ledger(self, task_id: str) -> TaskLedger:
        """The ledger of ``task_id`` (empty if no forms were added yet).

        Raises:
            InspectionError: the plan has no such task.
        """
        self._task(task_id)
        for ledger in self.tasks:
            if ledger.task_id == task_id:
                return ledger
        return TaskLedger(task_id=task_id)

    def form(self, task_id: str, subject_code: str) -> InspectionForm:
        """The form of ``subject_code`` in ``task_id``."""
        return self.task_ledger(task_id).form(subject_code)

    def forms(self) -> Iterator[InspectionForm]:
        """Every form, task by task."""
        for ledger in self.tasks:
            yield from ledger.forms

    def results(self, *, task_id: str | None = None) -> tuple[InspectionResult, ...]:
        """The results entered, of one task or of all."""
        if task_id is not None:
            return self.task_ledger(task_id).results
        return tuple(r for ledger in self.tasks for r in ledger.results)

    # ------------------------------------------------------------------ recording
    def add_forms(
        self, task_id: str, forms: Iterable[InspectionForm], *, draw_reference: str = ""
    ) -> PlanLedger:
        """This ledger with the forms of newly drawn subjects of ``task_id``.

        Raises:
            TaskCancelledError: the task was cancelled.
            InspectionError: a form of another plan or task, with items the task does not have
                (after its changes), or for a subject that already has one.
        """
        task = self._running(task_id)
        plan = self.history.plan
        items = {(i.department_id, i.id) for i in task.check_items}
        new = tuple(forms)
        for form in new:
            if form.plan_id != plan.id or form.task_id != task_id:
                raise InspectionError(
                    f"form of plan {form.plan_id!r}, task {form.task_id!r} cannot be added to "
                    f"task {task_id!r} of plan {plan.id!r}",
                    field="forms",
                    value=(form.plan_id, form.task_id),
                )
            foreign = [i.id for i in form.check_items if (i.department_id, i.id) not in items]
            if foreign:
                raise InspectionError(
                    f"the form of subject {form.subject.code!r} carries items {foreign} that task "
                    f"{task_id!r} does not have as it stands; build forms from ledger.plan",
                    field="forms",
                    value=foreign,
                )
        current = self.task_ledger(task_id)
        have = Counter(current.subject_codes) + Counter(f.subject.code for f in new)
        dupes = sorted(code for code, n in have.items() if n > 1)
        if dupes:
            raise InspectionError(
                f"subjects {dupes[:5]} would have two forms in task {task_id!r}; one form per "
                "subject (一企一表)",
                field="forms",
                value=dupes,
            )
        reference = current.draw_reference
        if draw_reference:
            reference = f"{reference}; {draw_reference}" if reference else draw_reference
        updated = current.model_copy(
            update={"forms": current.forms + new, "draw_reference": reference}
        )
        return self._replace(updated)

    def record_result(self, result: InspectionResult) -> PlanLedger:
        """This ledger with ``result`` entered on its subject's form.

        Raises:
            TaskCancelledError: the task was cancelled.
            InspectionError: the subject was not drawn in the task, the department has no part
                in its form or already entered a result, the inspectors are not on the
                subject's team or fewer than the minimum, a finding names an item not on
                the form, or the inspection day is outside the task's inspection window.
        """
        return self.record_results([result])

    def record_results(self, results: Iterable[InspectionResult]) -> PlanLedger:
        """:meth:`record_result` for many results at once (all or none are recorded)."""
        return self._apply(results, replace=False)

    def amend_result(self, result: InspectionResult) -> PlanLedger:
        """This ledger with an entered but unpublished result replaced (审核退回后修改).

        Raises:
            InspectionError: as :meth:`record_result`, or no result to amend, or it was
                already published.
        """
        form = self.form(result.task_id, result.subject_code)
        if form.section(result.department_id).result is None:
            raise InspectionError(
                f"department {result.department_id!r} has no result for subject "
                f"{result.subject_code!r} in task {result.task_id!r} to amend; record it",
                field="department_id",
                value=result.department_id,
            )
        return self._apply([result], replace=True)

    def publish_result(
        self, task_id: str, subject_code: str, department_id: str, *, on: dt.date
    ) -> PlanLedger:
        """This ledger with one result published (已公示) on ``on``.

        Raises:
            InspectionError: no such result, or it was already published.
            ModelValidationError: ``on`` is before the day it was entered.
        """
        form = self.form(task_id, subject_code)
        result = form.section(department_id).result
        if result is None:
            raise InspectionError(
                f"department {department_id!r} has not entered a result for subject "
                f"{subject_code!r} in task {task_id!r}; nothing to publish",
                field="department_id",
                value=department_id,
            )
        published = result.publish(on=on)
        updated = form._with_result(published, replace=True)
        return self._replace_form(updated)

    def sign(self, task_id: str, subject_code: str, signature: Signature) -> PlanLedger:
        """This ledger with the subject's signature, or its refusal, on its form."""
        form = self.form(task_id, subject_code)
        return self._replace_form(form.with_signature(signature))

    def change(self, change: PlanChange) -> PlanLedger:
        """This ledger with a plan change filed; a postponement moves the window printed on
        the task's forms.

        Raises:
            InspectionError: the change does not fit the plan's history
                (:meth:`PlanHistory.with_change`), or a modification drops check items that
                forms already carry results for.
        """
        history = self.history.with_change(change)
        ledger = self.model_copy(update={"history": history})
        if change.kind is ChangeKind.CANCEL:
            return ledger
        task = history.current().task(change.task_id)
        current = self.task_ledger(change.task_id)
        if not current.forms:
            return ledger
        if change.kind is ChangeKind.MODIFY:
            _check_modification(task, current)
        forms = tuple(f._with_window(task.inspection) for f in current.forms)
        return ledger._replace(current.model_copy(update={"forms": forms}))

    # ------------------------------------------------------------------ helpers
    def _task(self, task_id: str) -> Task:
        try:
            return self.plan.task(task_id)
        except KeyError:
            raise InspectionError(
                f"plan {self.history.plan.id!r} has no task {task_id!r}; tasks: "
                f"{[t.id for t in self.history.plan.tasks]}",
                field="task_id",
                value=task_id,
            ) from None

    def _running(self, task_id: str) -> Task:
        task = self._task(task_id)
        cancel = self.history.cancellation(task_id)
        if cancel is not None:
            raise TaskCancelledError(
                f"task {task_id!r} was cancelled on {cancel.filed_on} (filed with "
                f"{cancel.filed_with}: {cancel.reason}); a cancelled task takes no results or forms",
                task_id=task_id,
                cancelled_on=cancel.filed_on,
            )
        return task

    def _apply(self, results: Iterable[InspectionResult], *, replace: bool) -> PlanLedger:
        by_task: dict[str, list[InspectionResult]] = defaultdict(list)
        for result in results:
            by_task[result.task_id].append(result)
        ledger = self
        for task_id, batch in by_task.items():
            task = self._running(task_id)
            current = self.task_ledger(task_id)
            index = {f.subject.code: i for i, f in enumerate(current.forms)}
            forms = list(current.forms)
            for result in batch:
                position = index.get(result.subject_code)
                if position is None:
                    raise _not_drawn(current, result.subject_code)
                if result.department_id not in task.department_ids:
                    raise InspectionError(
                        f"department {result.department_id!r} has no check items in task "
                        f"{task_id!r} as it stands after its changes; departments: "
                        f"{list(task.department_ids)}",
                        field="department_id",
                        value=result.department_id,
                    )
                window = task.inspection
                if window is not None and result.inspected_on not in window:
                    raise InspectionError(
                        f"subject {result.subject_code!r} was inspected on {result.inspected_on}, "
                        f"outside the inspection window {window.start}..{window.end} of task "
                        f"{task_id!r}; file a postponement (PlanChange.postpone) first",
                        field="inspected_on",
                        value=result.inspected_on,
                    )
                forms[position] = forms[position]._with_result(result, replace=replace)
            ledger = ledger._replace(current.model_copy(update={"forms": tuple(forms)}))
        return ledger

    def _replace_form(self, form: InspectionForm) -> PlanLedger:
        current = self.task_ledger(form.task_id)
        forms = tuple(form if f.subject.code == form.subject.code else f for f in current.forms)
        return self._replace(current.model_copy(update={"forms": forms}))

    def _replace(self, task_ledger: TaskLedger) -> PlanLedger:
        tasks = [t for t in self.tasks if t.task_id != task_ledger.task_id]
        tasks.append(task_ledger)
        order = {t.id: i for i, t in enumerate(self.history.plan.tasks)}
        tasks.sort(key=lambda t: order[t.task_id])
        return self.model_copy(update={"tasks": tuple(tasks)})


def _check_modification(task: Task, ledger: TaskLedger) -> None:
    items = {(i.department_id, i.id) for i in task.check_items}
    for form in ledger.forms:
        for section in form.sections:
            if section.result is None:
                continue
            missing = [i.id for i in section.items if (section.department_id, i.id) not in items]
            if missing:
                raise InspectionError(
                    f"the modified task {task.id!r} drops check items {missing} of department "
                    f"{section.department_id!r}, but subject {form.subject.code!r} already has "
                    "a result on them; a modification cannot rewrite entered results",
                    field="replacement",
                    value=missing,
                )
