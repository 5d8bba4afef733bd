"""Dispatch (派发), claim (认领) and confirmation (比对确认) as dated events, with deadlines.

The caller supplies every event with its day; nothing here reads a clock. A
:class:`YearRecord` holds the year's draws and events, checks each event against the record
as it is added, and replaces a subject refused at confirmation by the next one on its tier's
waitlist (:meth:`~jointcheck.sampling.Draw.replace`), so the draw stays verifiable.
:meth:`YearRecord.steps` reports every step as pending, done on time, late or overdue as of
a day, on a working-day calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from enum import Enum

from pydantic import Field

from jointcheck.errors import InspectionError, InvalidInputError
from jointcheck.model import FrozenModel
from jointcheck.records._events import (
    ClaimEvent,
    ConfirmationEvent,
    DispatchEvent,
    DrawEvent,
    SubjectReplacement,
    YearEvent,
)
from jointcheck.records._year import AnnualPlan
from jointcheck.sampling import Draw
from jointcheck.workdays import DeadlineRule, WorkdayCalendar, deadline, default_calendar

__all__ = ["Step", "StepReport", "StepState", "StepStatus", "YearRecord"]


class Step(str, Enum):
    """A step between the draw and the inspection."""

    DISPATCH = "DISPATCH"  # 派发 (按管辖派发到检查单位)
    CLAIM = "CLAIM"  # 认领 (配合部门认领检查对象)
    CONFIRMATION = "CONFIRMATION"  # 比对确认 (比对和确认检查对象)

    @property
    def label(self) -> str:
        """The Chinese name."""
        return {"DISPATCH": "派发", "CLAIM": "认领", "CONFIRMATION": "比对确认"}[self.value]


class StepState(str, Enum):
    """Where a step stands on a day."""

    PENDING = "PENDING"  # 待办: not done, the deadline has not passed
    ON_TIME = "ON_TIME"  # 按时完成: done on or before the deadline
    LATE = "LATE"  # 逾期完成: done after the deadline
    OVERDUE = "OVERDUE"  # 已逾期: not done and the deadline has passed

    @property
    def label(self) -> str:
        """The Chinese name."""
        return {"PENDING": "待办", "ON_TIME": "按时完成", "LATE": "逾期完成", "OVERDUE": "已逾期"}[
            self.value
        ]


class StepStatus(FrozenModel):
    """One step for one subject (and department): its deadline and where it stands."""

    task_id: str = Field(description="Task")
    subject_code: str = Field(description="Subject")
    step: Step = Field(description="派发 / 认领 / 比对确认")
    party: str = Field(
        description="Department that must act: the initiator dispatches (派发), each "
        "participating department claims (认领), every department confirms (比对确认)"
    )
    since: dt.date = Field(description="Day of the step before (not counted)")
    due: dt.date = Field(description="Last day in time")
    done_on: dt.date | None = Field(default=None, description="Day it was done, if done")
    state: StepState = Field(description="As of the report's day")


class StepReport(FrozenModel):
    """Every step of the year as of a day (see :meth:`YearRecord.steps`)."""

    as_of: dt.date = Field(description="The day the states refer to")
    rows: tuple[StepStatus, ...] = Field(description="One row per step, task by task")
    replacements: tuple[SubjectReplacement, ...] = Field(
        default=(), description="Subjects refused and replaced, in order"
    )

    def count(self, state: StepState) -> int:
        """Rows in ``state``."""
        return sum(1 for r in self.rows if r.state is state)

    def where(self, state: StepState) -> tuple[StepStatus, ...]:
        """Rows in ``state``."""
        return tuple(r for r in self.rows if r.state is state)

    @property
    def has_overdue(self) -> bool:
        """Whether any step is overdue."""
        return any(r.state is StepState.OVERDUE for r in self.rows)


class YearRecord(FrozenModel):
    """The year's draws and the dispatch, claim and confirmation events, checked as added.

    Immutable: :meth:`add` and :meth:`add_all` return a new record. Add events in the order
    they happened (a refusal replaces a subject at once, and later events may name the
    replacement); add many at once with :meth:`add_all`, which checks them in one pass.
    :meth:`steps` gives the state of every step on any day.
    """

    annual: AnnualPlan = Field(description="The annual plan")
    draws: tuple[DrawEvent, ...] = Field(default=(), description="One draw per task")
    dispatches: tuple[DispatchEvent, ...] = Field(default=(), description="派发 events")
    claims: tuple[ClaimEvent, ...] = Field(default=(), description="认领 events")
    confirmations: tuple[ConfirmationEvent, ...] = Field(default=(), description="确认 events")
    replacements: tuple[SubjectReplacement, ...] = Field(
        default=(), description="Refused subjects and their replacements, in order"
    )

    # ------------------------------------------------------------------ reading
    def draw_event(self, task_id: str) -> DrawEvent:
        """The draw event of ``task_id``.

        Raises:
            InspectionError: the task has not been drawn.
        """
        for event in self.draws:
            if event.task_id == task_id:
                return event
        raise _no_draw(task_id)

    def current_draw(self, task_id: str) -> Draw:
        """The task's draw with every replacement made since (verify it with
        :func:`~jointcheck.sampling.verify_draw`)."""
        return self.draw_event(task_id).draw

    def selected(self, task_id: str) -> tuple[str, ...]:
        """The subjects of the task now: drawn, each refused one replaced."""
        return self.current_draw(task_id).selected

    # ------------------------------------------------------------------ adding
    def add(self, event: YearEvent) -> YearRecord:
        """This record with ``event`` added, after checking it against the record.

        Raises:
            InspectionError: an unknown task, unit or department; a subject not drawn in
                the task (or already replaced); an event before the step it follows; an
                event repeated; a second draw of a task.
            InvalidInputError: a refusal when the tier's waitlist is used up (draw again
                with a longer waitlist: the same seed gives the same ranking).
        """
        return self.add_all([event])

    def add_all(
        self, events: Iterable[YearEvent], *, labels: Sequence[str] | None = None
    ) -> YearRecord:
        """This record with ``events`` added in order, each checked as by :meth:`add`.

        All or none are added. ``labels`` (one per event, e.g. ``"claims.csv:3"``) name
        where each event came from; an error about an event starts with its label.

        Raises:
            InspectionError, InvalidInputError: as :meth:`add`.
        """
        book = _Book(self)
        for position, event in enumerate(events):
            try:
                book.apply(event)
            except (InspectionError, InvalidInputError) as exc:
                if labels is None:
                    raise
                raise type(exc)(
                    f"{labels[position]}: {exc.message}", field=exc.field, value=exc.value
                ) from None
        return book.record()

    # ------------------------------------------------------------------ report
    def steps(self, *, as_of: dt.date, calendar: WorkdayCalendar | None = None) -> StepReport:
        """Every step of every drawn subject, with its deadline and state as of ``as_of``.

        A step appears once the step before it is done (a claim once the subject is
        dispatched, and so on); a refused subject's later steps do not appear, its
        replacement's do, counted from the day of the refusal. Events dated after
        ``as_of`` are not yet known on that day and are left out.

        Raises:
            CalendarCoverageError: a deadline falls outside the calendar's range.
        """
        cal = calendar or default_calendar()
        book = _Book(self)
        rows = [row for event in self.draws for row in book.task_rows(event, as_of, cal)]
        return StepReport(
            as_of=as_of,
            rows=tuple(rows),
            replacements=tuple(r for r in self.replacements if r.on <= as_of),
        )


def _no_draw(task_id: str) -> InspectionError:
    return InspectionError(
        f"task {task_id!r} has no draw in the record yet; add its DrawEvent first",
        field="task_id",
        value=task_id,
    )


class _Book:
    """A record's events indexed by key, for checking events and reporting in one pass."""

    def __init__(self, record: YearRecord) -> None:
        self.source = record
        self.annual = record.annual
        self.draws: dict[str, DrawEvent] = {e.task_id: e for e in record.draws}
        self.dispatches: dict[tuple[str, str], DispatchEvent] = {
            (e.task_id, e.subject_code): e for e in record.dispatches
        }
        self.claims: dict[tuple[str, str, str], ClaimEvent] = {
            (e.task_id, e.subject_code, e.department_id): e for e in record.claims
        }
        self.confirmations: dict[tuple[str, str, str], ConfirmationEvent] = {
            (e.task_id, e.subject_code, e.department_id): e for e in record.confirmations
        }
        self.added: dict[tuple[str, str], SubjectReplacement] = {
            (r.task_id, r.added): r for r in record.replacements
        }
        self.removed: dict[tuple[str, str], SubjectReplacement] = {
            (r.task_id, r.removed): r for r in record.replacements
        }
        self.known: dict[str, set[str]] = {
            t: set(e.draw.selected) | {r.removed for r in e.draw.replacements}
            for t, e in self.draws.items()
        }
        self.units = self.annual.unit_ids()
        self.participants: dict[str, tuple[str, ...]] = {}

    def record(self) -> YearRecord:
        # Every event was validated as a model and checked against the record: no need to
        # validate the whole record again.
        return self.source.model_copy(
            update={
                "draws": tuple(self.draws.values()),
                "dispatches": tuple(self.dispatches.values()),
                "claims": tuple(self.claims.values()),
                "confirmations": tuple(self.confirmations.values()),
                "replacements": tuple(self.removed.values()),
            }
        )

    # ------------------------------------------------------------------ reading
    def draw(self, task_id: str) -> DrawEvent:
        found = self.draws.get(task_id)
        if found is None:
            raise _no_draw(task_id)
        return found

    def participants_of(self, task_id: str) -> tuple[str, ...]:
        if task_id not in self.participants:
            self.participants[task_id] = self.annual.participants(task_id)
        return self.participants[task_id]

    def started(self, task_id: str, code: str) -> dt.date:
        """The day the subject's steps start: the draw, or the refusal that brought it in."""
        replacement = self.added.get((task_id, code))
        return replacement.on if replacement else self.draw(task_id).on

    def removed_on(self, task_id: str, code: str) -> dt.date | None:
        replacement = self.removed.get((task_id, code))
        return replacement.on if replacement else None

    def claim_anchor(self, task_id: str, code: str) -> dt.date | None:
        """Day the claim's (or the initiator's confirmation's) period starts; None if waiting."""
        if self.annual.entry(task_id).dispatched:
            dispatch = self.dispatches.get((task_id, code))
            return dispatch.on if dispatch else None
        return self.started(task_id, code)

    def confirmation_anchor(self, task_id: str, code: str, department_id: str) -> dt.date | None:
        if department_id in self.participants_of(task_id):
            claim = self.claims.get((task_id, code, department_id))
            return claim.on if claim else None
        return self.claim_anchor(task_id, code)

    # ------------------------------------------------------------------ checking
    def apply(self, event: YearEvent) -> None:
        if isinstance(event, DrawEvent):
            self.annual.entry(event.task_id)
            if event.task_id in self.draws:
                raise InspectionError(
                    f"task {event.task_id!r} already has a draw; one draw per task (a refusal "
                    "takes the next waitlisted subject instead of a new draw)",
                    field="task_id",
                    value=event.task_id,
                )
            self.draws[event.task_id] = event
            self.known[event.task_id] = set(event.draw.selected) | {
                r.removed for r in event.draw.replacements
            }
            return
        task_id, code = event.task_id, event.subject_code
        self.annual.entry(task_id)
        drawn = self.draw(task_id)
        if code not in self.known[task_id]:
            raise InspectionError(
                f"{event.kind} of subject {code!r} in task {task_id!r}: the subject was not "
                f"drawn in the task (drawn {drawn.on}: {len(drawn.draw.selected)} subjects)",
                field="subject_code",
                value=code,
            )
        removed = self.removed_on(task_id, code)
        if removed is not None and event.on > removed:
            raise InspectionError(
                f"{event.kind} of subject {code!r} in task {task_id!r} on {event.on}: the "
                f"subject was refused and replaced on {removed}",
                field="subject_code",
                value=code,
            )
        if isinstance(event, DispatchEvent):
            self._dispatch(event)
        elif isinstance(event, ClaimEvent):
            self._claim(event)
        else:
            self._confirmation(event)

    def _dispatch(self, event: DispatchEvent) -> None:
        task_id, code = event.task_id, event.subject_code
        if not self.annual.entry(task_id).dispatched:
            raise InspectionError(
                f"task {task_id!r} is not dispatched (its plan entry has dispatched=False); its "
                "subjects are claimed directly",
                field="kind",
                value="dispatch",
            )
        if event.unit_id not in self.units:
            raise InspectionError(
                f"unit {event.unit_id!r} is not a unit of any department of the year's plans; "
                f"units: {sorted(self.units)[:10]}",
                field="unit_id",
                value=event.unit_id,
            )
        start = self.started(task_id, code)
        _not_before(event.on, start, f"dispatch of {code!r} in task {task_id!r}", "its draw")
        if (task_id, code) in self.dispatches:
            raise _repeated("dispatch", task_id, code)
        self.dispatches[(task_id, code)] = event

    def _claim(self, event: ClaimEvent) -> None:
        task_id, code, dept = event.task_id, event.subject_code, event.department_id
        participants = self.participants_of(task_id)
        if dept not in participants:
            raise InspectionError(
                f"claim of {code!r} in task {task_id!r} by {dept!r}: only participating "
                f"departments (配合部门) claim subjects; they are {list(participants)}",
                field="department_id",
                value=dept,
            )
        anchor = self.claim_anchor(task_id, code)
        if anchor is None:
            raise InspectionError(
                f"claim of {code!r} in task {task_id!r} by {dept!r} on {event.on}: the subject "
                "has not been dispatched yet (派发 comes before 认领)",
                field="on",
                value=event.on,
            )
        _not_before(event.on, anchor, f"claim of {code!r} in task {task_id!r}", "the step before")
        if (task_id, code, dept) in self.claims:
            raise _repeated("claim", task_id, code, dept)
        self.claims[(task_id, code, dept)] = event

    def _confirmation(self, event: ConfirmationEvent) -> None:
        task_id, code, dept = event.task_id, event.subject_code, event.department_id
        departments = self.annual.confirming(task_id)
        if dept not in departments:
            raise InspectionError(
                f"confirmation of {code!r} in task {task_id!r} by {dept!r}: the department "
                f"does not confirm the task's subjects; those that do: {list(departments)}",
                field="department_id",
                value=dept,
            )
        anchor = self.confirmation_anchor(task_id, code, dept)
        if anchor is None:
            before = "claimed" if dept in self.participants_of(task_id) else "dispatched"
            raise InspectionError(
                f"confirmation of {code!r} in task {task_id!r} by {dept!r} on {event.on}: the "
                f"subject has not been {before} yet",
                field="on",
                value=event.on,
            )
        _not_before(
            event.on, anchor, f"confirmation of {code!r} in task {task_id!r}", "the step before"
        )
        if (task_id, code, dept) in self.confirmations:
            raise _repeated("confirmation", task_id, code, dept)
        if (task_id, code) in self.removed:
            raise InspectionError(
                f"confirmation of {code!r} in task {task_id!r} by {dept!r}: the subject was "
                "already refused and replaced",
                field="subject_code",
                value=code,
            )
        if event.confirmed:
            self.confirmations[(task_id, code, dept)] = event
            return
        assert event.reason is not None  # the model requires it for a refusal
        drawn = self.draws[task_id]
        draw = drawn.draw.replace(code, reason=event.reason_text, status=event.status)
        added = draw.replacements[-1].added
        replacement = SubjectReplacement(
            task_id=task_id,
            removed=code,
            added=added,
            department_id=dept,
            on=event.on,
            reason=event.reason,
            reason_text=event.reason_text,
        )
        self.confirmations[(task_id, code, dept)] = event
        self.draws[task_id] = drawn.model_copy(update={"draw": draw})
        self.known[task_id].add(added)
        self.removed[(task_id, code)] = replacement
        self.added[(task_id, added)] = replacement

    # ------------------------------------------------------------------ report
    def task_rows(
        self, drawn: DrawEvent, as_of: dt.date, cal: WorkdayCalendar
    ) -> Iterator[StepStatus]:
        if drawn.on > as_of:
            return
        task_id = drawn.task_id
        rules = self.annual.entry(task_id).deadlines
        dispatched = self.annual.entry(task_id).dispatched
        initiator = self.annual.initiator(task_id)
        participants = self.participants_of(task_id)
        departments = self.annual.confirming(task_id)
        order = {c: i for i, c in enumerate(drawn.draw.selected)}
        codes = sorted(self.known[task_id], key=lambda c: (order.get(c, len(order)), c))
        for code in codes:
            start = self.started(task_id, code)
            if start > as_of:
                continue
            removed = self.removed.get((task_id, code))
            refused = removed is not None and removed.on <= as_of
            anchor: dt.date | None = start
            if dispatched:
                dispatch = self.dispatches.get((task_id, code))
                done = dispatch.on if dispatch and dispatch.on <= as_of else None
                yield _row(
                    task_id,
                    code,
                    Step.DISPATCH,
                    initiator,
                    start,
                    rules.dispatch,
                    done,
                    as_of,
                    cal,
                )
                anchor = done
            if anchor is None:
                continue
            for dept in departments:
                confirm_anchor: dt.date | None = anchor
                if dept in participants:
                    claim = self.claims.get((task_id, code, dept))
                    done = claim.on if claim and claim.on <= as_of else None
                    if refused and done is None:
                        continue
                    yield _row(
                        task_id, code, Step.CLAIM, dept, anchor, rules.claim, done, as_of, cal
                    )
                    confirm_anchor = done
                if confirm_anchor is None:
                    continue
                confirmation = self.confirmations.get((task_id, code, dept))
                done = confirmation.on if confirmation and confirmation.on <= as_of else None
                if refused and done is None:
                    continue
                yield _row(
                    task_id,
                    code,
                    Step.CONFIRMATION,
                    dept,
                    confirm_anchor,
                    rules.confirmation,
                    done,
                    as_of,
                    cal,
                )


def _row(
    task_id: str,
    code: str,
    step: Step,
    party: str,
    since: dt.date,
    rule: DeadlineRule,
    done: dt.date | None,
    as_of: dt.date,
    cal: WorkdayCalendar,
) -> StepStatus:
    due = deadline(rule, since, calendar=cal)
    if done is not None:
        state = StepState.ON_TIME if done <= due else StepState.LATE
    else:
        state = StepState.OVERDUE if as_of > due else StepState.PENDING
    return StepStatus(
        task_id=task_id,
        subject_code=code,
        step=step,
        party=party,
        since=since,
        due=due,
        done_on=done,
        state=state,
    )


def _not_before(day: dt.date, anchor: dt.date, what: str, before: str) -> None:
    if day < anchor:
        raise InspectionError(
            f"{what} is dated {day}, before {before} on {anchor}",
            field="on",
            value=day,
        )


def _repeated(kind: str, task_id: str, code: str, dept: str | None = None) -> InspectionError:
    by = f" by {dept!r}" if dept else ""
    return InspectionError(
        f"a {kind} of subject {code!r} in task {task_id!r}{by} is already recorded; each step "
        "is recorded once",
        field="subject_code",
        value=code,
    )
