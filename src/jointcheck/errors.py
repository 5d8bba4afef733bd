"""Exceptions raised by jointcheck.

Every exception derives from :class:`JointcheckError`; each concrete class also
inherits the builtin that matches its meaning, so ``except ValueError`` keeps
working for callers that do not know jointcheck. Each carries the offending
value (``.value``) and, where there is one, the field it came from (``.field``).

::

    JointcheckError (Exception)
    ├── InvalidInputError (ValueError)          bad value: names field, value, what is allowed
    │   ├── ModelValidationError                a model rejected its input (wraps pydantic)
    │   ├── CreditCodeError                     统一社会信用代码 fails GB 32100-2015
    │   ├── UnknownLabelError                   a label no parser knows (risk tier, kind, …)
    │   ├── UnknownIdError (also KeyError)      an id that names nothing (a task of a plan)
    │   ├── PopulationError                     duplicate or invalid rows in a Population
    │   ├── RuleParseError                      a sampling-rule or deadline phrase that cannot be read
    │   ├── PlanTableError                      a plan-table cell that cannot be read (row, column)
    │   ├── CeremonyError                       a seed-ceremony reveal that fails its commitment
    │   └── CalendarDataError                   conflicting or malformed calendar data
    ├── CalendarCoverageError (LookupError)     a date outside the working-day calendar
    ├── InfeasibleError (ValueError)            no team assignment meets every constraint
    ├── InspectionError (ValueError)            a result or form that contradicts the record
    │   └── TaskCancelledError                  a result for a task whose plan change cancelled it
    └── MissingExtraError (ImportError)         an optional extra is not installed

Warnings derive from :class:`JointcheckWarning` (a ``UserWarning``)::

    JointcheckWarning (UserWarning)
    └── CalendarFallbackWarning                 a working day guessed for a year without data
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CalendarCoverageError",
    "CalendarDataError",
    "CalendarFallbackWarning",
    "CeremonyError",
    "CreditCodeError",
    "InfeasibleError",
    "InspectionError",
    "InvalidInputError",
    "JointcheckError",
    "JointcheckWarning",
    "MissingExtraError",
    "ModelValidationError",
    "PlanTableError",
    "PopulationError",
    "RuleParseError",
    "TaskCancelledError",
    "UnknownIdError",
    "UnknownLabelError",
]

_UNSET: Any = object()


class JointcheckError(Exception):
    """Root of every exception jointcheck raises.

    Attributes:
        field: The field or argument the problem is about, if any.
        value: The offending value (``None`` when there is none).
    """

    def __init__(self, message: str, *, field: str | None = None, value: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value


class InvalidInputError(JointcheckError, ValueError):
    """A value that is not allowed; the message names the field, the value and what is allowed."""


class ModelValidationError(InvalidInputError):
    """A jointcheck model rejected its input.

    Attributes:
        model: Name of the model class.
        errors: One dict per problem, with ``loc`` (path of the field), ``msg`` and ``input``.
    """

    def __init__(
        self, message: str, *, model: str, errors: list[dict[str, Any]], value: Any = None
    ) -> None:
        first = errors[0]["loc"] if errors else ()
        super().__init__(message, field=".".join(str(p) for p in first) or None, value=value)
        self.model = model
        self.errors = errors


class CreditCodeError(InvalidInputError):
    """A 统一社会信用代码 (unified social credit code) that fails GB 32100-2015.

    Attributes:
        expected: The check character the first 17 characters call for, when they are valid.
    """

    def __init__(
        self, message: str, *, value: Any, field: str | None = None, expected: str | None = None
    ) -> None:
        super().__init__(message, field=field, value=value)
        self.expected = expected


class UnknownIdError(InvalidInputError, KeyError):
    """An id that names nothing where it is looked up (a task of a plan); also a ``KeyError``."""

    def __str__(self) -> str:
        return self.message


class UnknownLabelError(InvalidInputError):
    """A label no parser knows; ``.accepted`` lists the labels that are."""

    def __init__(
        self, message: str, *, value: Any, accepted: tuple[str, ...], field: str | None = None
    ) -> None:
        super().__init__(message, field=field, value=value)
        self.accepted = accepted


class PopulationError(InvalidInputError):
    """A Population built from bad rows; ``.rows`` holds the offending row positions (0-based)."""

    def __init__(
        self, message: str, *, rows: tuple[int, ...], field: str | None = None, value: Any = None
    ) -> None:
        super().__init__(message, field=field, value=value)
        self.rows = rows


class RuleParseError(InvalidInputError):
    """A sampling-rule or deadline phrase that cannot be read; ``.fragment`` is the unread part."""

    def __init__(self, message: str, *, value: str, fragment: str) -> None:
        super().__init__(message, field="rule", value=value)
        self.fragment = fragment


class PlanTableError(InvalidInputError):
    """A plan table (抽查计划表) cell that cannot be read.

    Attributes:
        row: The row as the file numbers it (1-based line or spreadsheet row).
        column: The column's printed header (with its letter in a workbook).
    """

    def __init__(self, message: str, *, row: int, column: str, value: Any = None) -> None:
        super().__init__(message, field=column, value=value)
        self.row = row
        self.column = column


class CeremonyError(InvalidInputError):
    """A seed ceremony that cannot give a seed: a missing, repeated or false reveal.

    Attributes:
        party: The party at fault, if one is.
    """

    def __init__(self, message: str, *, party: str | None) -> None:
        super().__init__(message, field="reveals", value=party)
        self.party = party


class CalendarDataError(InvalidInputError):
    """Calendar data (a year's schedule, a regional layer) that is malformed or contradicts
    itself."""


class CalendarCoverageError(JointcheckError, LookupError):
    """A date outside the range the working-day calendar knows.

    Attributes:
        year: The uncovered year.
        covered: The first and last covered dates, as ISO strings.
    """

    def __init__(
        self, message: str, *, value: Any, year: int, covered: tuple[str, str] | None = None
    ) -> None:
        super().__init__(message, field="date", value=value)
        self.year = year
        self.covered = covered


class InfeasibleError(JointcheckError, ValueError):
    """No assignment of inspectors meets every constraint; ``.shortfalls`` says where and why."""

    def __init__(
        self, message: str, *, shortfalls: tuple[Any, ...] = (), value: Any = None
    ) -> None:
        super().__init__(message, field="teams", value=value)
        self.shortfalls = shortfalls


class InspectionError(JointcheckError, ValueError):
    """A result, form or plan change that contradicts the plan, the draw or the assignment."""


class TaskCancelledError(InspectionError):
    """A result recorded for a task that a filed plan change (取消计划) cancelled.

    Attributes:
        task_id: The cancelled task.
        cancelled_on: The day the cancellation was filed (备案).
    """

    def __init__(self, message: str, *, task_id: str, cancelled_on: Any) -> None:
        super().__init__(message, field="task_id", value=task_id)
        self.task_id = task_id
        self.cancelled_on = cancelled_on


class MissingExtraError(JointcheckError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, *, module: str, extra: str) -> None:
        message = f"{module!r} is not installed; install it with: pip install 'jointcheck[{extra}]'"
        super().__init__(message, field="extra", value=extra)
        self.module = module
        self.extra = extra


class JointcheckWarning(UserWarning):
    """Root of every warning jointcheck emits."""


class CalendarFallbackWarning(JointcheckWarning):
    """A result depends on days of a year the calendar has no official schedule for.

    Emitted only when the caller opted in to a guess (e.g.
    ``ChinaCalendar(assume_weekdays_through=2028)``); such days are taken to be working days
    Monday to Friday, which is wrong for every statutory holiday and 调休 day of that year.
    """
