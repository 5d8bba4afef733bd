"""The summary table of the results (抽查情况汇总统计表), as notice annex 2 prints it.

Per department: subjects inspected (检查企业数量(户)), inspector-visits (出动执法检查人员
(人次)) and the subjects per result column (抽查结果(户)). Results are multi-select, but the
columns count subjects, so each result is counted **once**, under the most severe column
its categories fall in (:data:`ANNEX2_PRECEDENCE`); the columns then add up to the subjects
inspected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from pydantic import Field, model_validator

from jointcheck._internal.arrays import as_array
from jointcheck._internal.base import NonEmptyStr
from jointcheck._internal.checked import checked
from jointcheck._internal.csv_safe import csv_text
from jointcheck._internal.markdown import markdown_table, md_text
from jointcheck.errors import InspectionError, InvalidInputError, MissingExtraError
from jointcheck.forms import InspectionResult
from jointcheck.model import ANNEX2_COLUMNS, Department, FrozenModel, ResultCategory
from jointcheck.records._ledger import PlanLedger

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ANNEX2_PRECEDENCE",
    "DepartmentSummary",
    "ResultCounts",
    "Summary",
    "annex2_column",
    "category_mask",
    "summarize",
    "summarize_columns",
    "summarize_results",
]

ANNEX2_PRECEDENCE: tuple[str, ...] = (
    "不配合检查情节严重",
    "通过登记的住所(经营场所)无法联系",
    "发现问题待后续处理",
    "发现问题已责令改正",
    "其他",
    "未发现开展本次抽查涉及的经营活动",
    "未发现问题",
)
"""Annex-2 result columns from most to least severe; a multi-category result is counted
under the first column any of its categories falls in.

The order: refusal to cooperate and an unreachable address first (both lead to listing,
企业信息公示暂行条例 art. 17 and 18), then an open problem, then a problem already corrected,
then a change of status (注销、吊销、撤销、迁出、停业: 其他), then no relevant business, and
未发现问题 only when nothing else applies."""

HEADER: tuple[str, ...] = (
    "检查部门",
    "检查企业数量(户)",
    "出动执法检查人员(人次)",
    *ANNEX2_COLUMNS,
)
"""The table's header row, as annex 2 prints it (the result columns under 抽查结果(户))."""

_CATEGORIES = tuple(ResultCategory)
_BIT = {c: 1 << i for i, c in enumerate(_CATEGORIES)}
_COLUMN_OF = {c: ANNEX2_COLUMNS.index(c.annex2_column) for c in _CATEGORIES}
# Bits of the categories counted under each column, by column index of ANNEX2_COLUMNS.
_COLUMN_BITS = np.array(
    [sum(_BIT[c] for c in _CATEGORIES if _COLUMN_OF[c] == col) for col in range(7)],
    dtype=np.uint32,
)
_PRECEDENCE_INDEX = tuple(ANNEX2_COLUMNS.index(name) for name in ANNEX2_PRECEDENCE)
_ALL_BITS = (1 << len(_CATEGORIES)) - 1


@checked
def category_mask(categories: Iterable[ResultCategory]) -> int:
    """The categories as a bit mask (bit ``i`` for the ``i``-th member of ResultCategory),
    the columnar form :func:`summarize_columns` reads.

    Examples:
        >>> category_mask([ResultCategory.NO_PROBLEM_FOUND])
        1
    """
    mask = 0
    for category in categories:
        mask |= _BIT[ResultCategory(category)]
    return mask


@checked
def annex2_column(categories: Iterable[ResultCategory]) -> str:
    """The one annex-2 column a result with ``categories`` is counted under.

    Examples:
        >>> annex2_column([ResultCategory.CORRECTED_AFTER_ORDER, ResultCategory.MOVED_OUT])
        '发现问题已责令改正'

    Raises:
        InvalidInputError: ``categories`` is empty.
    """
    columns = {_COLUMN_OF[ResultCategory(c)] for c in categories}
    if not columns:
        raise InvalidInputError(
            "categories is empty; a result has at least one category",
            field="categories",
            value=(),
        )
    return next(ANNEX2_COLUMNS[i] for i in _PRECEDENCE_INDEX if i in columns)


def _column_indices(masks: npt.NDArray[np.uint32]) -> npt.NDArray[np.int8]:
    """Annex-2 column index per result mask; -1 where the mask is empty."""
    out = np.full(masks.shape, -1, dtype=np.int8)
    for column in reversed(_PRECEDENCE_INDEX):
        out[(masks & _COLUMN_BITS[column]) != 0] = column
    return out


class ResultCounts(FrozenModel):
    """Subjects per result column of annex 2 (抽查结果(户)), in the order it prints them."""

    no_problem_found: int = Field(default=0, ge=0, description="未发现问题")
    unreachable_at_address: int = Field(
        default=0, ge=0, description="通过登记的住所(经营场所)无法联系"
    )
    corrected_after_order: int = Field(default=0, ge=0, description="发现问题已责令改正")
    serious_non_cooperation: int = Field(default=0, ge=0, description="不配合检查情节严重")
    no_relevant_business: int = Field(
        default=0, ge=0, description="未发现开展本次抽查涉及的经营活动"
    )
    pending_follow_up: int = Field(default=0, ge=0, description="发现问题待后续处理")
    other: int = Field(default=0, ge=0, description="其他")

    @classmethod
    def from_sequence(cls, counts: Sequence[int]) -> ResultCounts:
        """Counts given in :data:`~jointcheck.model.ANNEX2_COLUMNS` order."""
        if len(counts) != len(ANNEX2_COLUMNS):
            raise InvalidInputError(
                f"counts has {len(counts)} values; annex 2 has {len(ANNEX2_COLUMNS)} result "
                f"columns {list(ANNEX2_COLUMNS)}",
                field="counts",
                value=tuple(counts),
            )
        return cls(**dict(zip(cls.model_fields, (int(c) for c in counts), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        """The counts in :data:`~jointcheck.model.ANNEX2_COLUMNS` order."""
        return tuple(getattr(self, name) for name in type(self).model_fields)

    def as_dict(self) -> dict[str, int]:
        """Column label → count, in annex-2 order."""
        return dict(zip(ANNEX2_COLUMNS, self.as_tuple(), strict=True))

    @property
    def total(self) -> int:
        """Sum over the columns."""
        return sum(self.as_tuple())


class DepartmentSummary(FrozenModel):
    """One row of the summary table: one department's inspections."""

    department_id: NonEmptyStr = Field(description="Department (检查部门)")
    department_name: NonEmptyStr = Field(description="Department name as printed")
    subjects_inspected: int = Field(
        ge=0,
        description="检查企业数量(户): results entered by the department (one per subject and task)",
    )
    inspector_visits: int = Field(
        ge=0, description="出动执法检查人员(人次): 执法检查人员 who went, summed over subjects"
    )
    specialist_visits: int = Field(
        default=0, ge=0, description="专业人员 who went, summed (not a column of annex 2)"
    )
    results: ResultCounts = Field(description="Subjects per result column (抽查结果(户))")

    @model_validator(mode="after")
    def _adds_up(self) -> DepartmentSummary:
        if self.results.total != self.subjects_inspected:
            raise ValueError(
                f"result columns of {self.department_id!r} add up to {self.results.total}, not "
                f"to subjects_inspected={self.subjects_inspected}; each subject is counted in "
                "exactly one column"
            )
        return self

    def row(self) -> tuple[str | int, ...]:
        """The row as annex 2 prints it (see :data:`HEADER`)."""
        return (
            self.department_name,
            self.subjects_inspected,
            self.inspector_visits,
            *self.results.as_tuple(),
        )


class Summary(FrozenModel):
    """The summary table (抽查情况汇总统计表) of one task or of a whole plan.

    Rows are the departments in plan order, including those with nothing entered yet
    (zeros), as the blank annex prints them. A subject inspected in two tasks counts in
    each (the table counts inspections); :attr:`subjects_inspected` counts distinct subjects.
    """

    title: NonEmptyStr = Field(description="Table title, e.g. …联合抽查情况汇总统计表")
    plan_id: str = Field(default="", description="Plan summarised")
    task_ids: tuple[str, ...] = Field(default=(), description="Tasks summarised")
    rows: tuple[DepartmentSummary, ...] = Field(description="One row per department")
    subjects_inspected: int = Field(
        ge=0,
        description="Distinct subjects with at least one result (a joint visit counts once)",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Summary:
        ids = [r.department_id for r in self.rows]
        if len(set(ids)) != len(ids):
            raise ValueError(f"departments {ids} appear more than once in the rows")
        return self

    def row(self, department_id: str) -> DepartmentSummary:
        """The row of ``department_id``."""
        for row in self.rows:
            if row.department_id == department_id:
                return row
        raise KeyError(
            f"no row for department {department_id!r}; rows: {[r.department_id for r in self.rows]}"
        )

    def table(self) -> list[tuple[str | int, ...]]:
        """Header and rows, as annex 2 prints them."""
        return [HEADER, *(r.row() for r in self.rows)]

    def to_csv(self) -> str:
        """The table as CSV text (header included, UTF-8 characters as is); a cell starting
        with a formula character (``= + - @``, tab, CR) is written with a leading ``'``, so a
        spreadsheet shows it as text (CSV injection, OWASP)."""
        return csv_text(self.table())

    def to_markdown(self) -> str:
        """The table as Markdown, under the title, with the result columns grouped."""
        header, *rows = self.table()
        body = markdown_table([str(h) for h in header], [[str(c) for c in r] for r in rows])
        title = md_text(self.title).strip()
        return f"**{title}**\n\n{body}" if title else body

    def to_dataframe(self) -> pd.DataFrame:
        """The table as a pandas DataFrame indexed by department name (needs ``pandas``).

        The columns are a two-level index: the three leading columns, then 抽查结果(户)
        over the seven result columns, as the printed annex groups them.
        """
        try:
            import pandas
        except ImportError:  # pragma: no cover - exercised only without the extra
            raise MissingExtraError(module="pandas", extra="pandas") from None
        columns = pandas.MultiIndex.from_tuples(
            [(HEADER[1], ""), (HEADER[2], ""), *(("抽查结果(户)", c) for c in ANNEX2_COLUMNS)]
        )
        frame: pd.DataFrame = pandas.DataFrame(
            [r.row()[1:] for r in self.rows],
            index=pandas.Index([r.department_name for r in self.rows], name=HEADER[0]),
            columns=columns,
        )
        return frame


@checked
def summarize_columns(
    department_ids: npt.ArrayLike,
    category_masks: npt.ArrayLike,
    inspector_visits: npt.ArrayLike,
    subject_codes: npt.ArrayLike,
    *,
    departments: Sequence[Department],
    specialist_visits: npt.ArrayLike | None = None,
    title: str,
    plan_id: str = "",
    task_ids: Sequence[str] = (),
) -> Summary:
    """The summary table from columns, one row per result (subject × department × task).

    Args:
        department_ids: Department id per result.
        category_masks: :func:`category_mask` of each result's categories (non-zero).
        inspector_visits: 执法检查人员 who went, per result.
        subject_codes: Subject code per result (for the distinct-subject count).
        departments: The table's rows, in order; every department id must be among them.
        specialist_visits: 专业人员 who went, per result (zeros if omitted).
        title: The table's title.
        plan_id: The plan summarised.
        task_ids: The tasks summarised.

    Raises:
        InvalidInputError: columns of different lengths, an empty or unknown category mask,
            negative visits, or a department not among ``departments``.
    """
    depts = as_array(department_ids, field="department_ids", flat=True)
    if depts.dtype.kind not in "US":
        if depts.dtype.kind != "O" or not all(isinstance(d, str) for d in depts.tolist()):
            raise InvalidInputError(
                f"department_ids must be department ids (text), got dtype {depts.dtype}",
                field="department_ids",
                value=str(depts.dtype),
            )
        depts = depts.astype(str)
    masks = as_array(category_masks, field="category_masks", flat=True)
    visits = as_array(inspector_visits, field="inspector_visits", flat=True)
    codes = as_array(subject_codes, field="subject_codes", flat=True)
    n = len(depts)
    extra = (
        np.zeros(n, dtype=np.int64)
        if specialist_visits is None
        else as_array(specialist_visits, field="specialist_visits", flat=True)
    )
    for name, column in (
        ("category_masks", masks),
        ("inspector_visits", visits),
        ("subject_codes", codes),
        ("specialist_visits", extra),
    ):
        if column.shape != (n,):
            raise InvalidInputError(
                f"{name} has shape {column.shape}; every column needs one value per result ({n})",
                field=name,
                value=column.shape,
            )
    if n and (
        masks.dtype.kind not in "iu" or int(masks.min()) <= 0 or int(masks.max()) > _ALL_BITS
    ):
        bad = (
            int(np.flatnonzero((masks <= 0) | (masks > _ALL_BITS))[0])
            if masks.dtype.kind in "iu"
            else 0
        )
        raise InvalidInputError(
            f"category_masks must be non-zero masks of ResultCategory bits (1..{_ALL_BITS}); "
            f"row {bad} holds {masks[bad]!r}",
            field="category_masks",
            value=masks[bad],
        )
    for name, column in (("inspector_visits", visits), ("specialist_visits", extra)):
        if n and (column.dtype.kind not in "iu" or int(column.min()) < 0):
            raise InvalidInputError(
                f"{name} must hold non-negative integers (dtype {column.dtype})",
                field=name,
                value=str(column.dtype),
            )
    labels = [d.id for d in departments]
    index = {label: i for i, label in enumerate(labels)}
    if len(index) != len(labels):
        raise InvalidInputError(
            f"departments {labels} list an id more than once", field="departments", value=labels
        )
    rows = np.full(n, -1, dtype=np.intp)
    for i, label in enumerate(labels):
        rows[depts == label] = i
    if (rows < 0).any():
        unknown = sorted(set(depts[rows < 0].tolist()))
        raise InvalidInputError(
            f"results of departments {unknown[:10]}, which are not rows of the table {labels}",
            field="department_ids",
            value=unknown,
        )
    columns = _column_indices(masks.astype(np.uint32)).astype(np.intp)
    k = len(labels)
    counts = np.bincount(rows * 7 + columns, minlength=k * 7).reshape(k, 7)
    subjects = np.bincount(rows, minlength=k)
    visit_sums = np.zeros(k, dtype=np.int64)
    np.add.at(visit_sums, rows, visits.astype(np.int64))
    extra_sums = np.zeros(k, dtype=np.int64)
    np.add.at(extra_sums, rows, extra.astype(np.int64))
    return Summary(
        title=title,
        plan_id=plan_id,
        task_ids=tuple(task_ids),
        rows=tuple(
            DepartmentSummary(
                department_id=d.id,
                department_name=d.name,
                subjects_inspected=int(subjects[i]),
                inspector_visits=int(visit_sums[i]),
                specialist_visits=int(extra_sums[i]),
                results=ResultCounts.from_sequence(counts[i].tolist()),
            )
            for i, d in enumerate(departments)
        ),
        subjects_inspected=_distinct(codes),
    )


def _distinct(values: npt.NDArray[Any]) -> int:
    """Number of distinct values (a sort and one comparison; no hashing, exact)."""
    if len(values) == 0:
        return 0
    ordered = np.sort(values)
    return 1 + int(np.count_nonzero(ordered[1:] != ordered[:-1]))


@checked
def summarize_results(
    results: Iterable[InspectionResult],
    *,
    departments: Sequence[Department],
    title: str,
    plan_id: str = "",
    task_ids: Sequence[str] = (),
) -> Summary:
    """The summary table of ``results`` gathered from anywhere (one per subject, department
    and task): several plans of a year, or a part of a round such as one county's subjects.
    A round's own table is :func:`summarize`.

    Raises:
        InspectionError: two results share a (task, subject, department).
        InvalidInputError: a result's department is not among ``departments``.
    """
    rows: list[tuple[str, int, int, str, int]] = []
    seen: set[tuple[str, str, str]] = set()
    for result in results:
        if result.key in seen:
            raise InspectionError(
                f"two results for subject {result.subject_code!r}, department "
                f"{result.department_id!r} in task {result.task_id!r}; one result each",
                field="results",
                value=result.key,
            )
        seen.add(result.key)
        rows.append(
            (
                result.department_id,
                category_mask(result.categories),
                len(result.inspector_ids),
                result.subject_code,
                len(result.specialist_ids),
            )
        )
    columns: list[Any] = [list(c) for c in zip(*rows, strict=True)] if rows else [[]] * 5
    return summarize_columns(
        np.array(columns[0], dtype=str),
        np.array(columns[1], dtype=np.int64),
        np.array(columns[2], dtype=np.int64),
        np.array(columns[3], dtype=str),
        departments=departments,
        specialist_visits=np.array(columns[4], dtype=np.int64),
        title=title,
        plan_id=plan_id,
        task_ids=task_ids,
    )


@checked
def summarize(
    ledger: PlanLedger, *, task_id: str | None = None, title: str | None = None
) -> Summary:
    """The annex-2 summary table (抽查情况汇总统计表) of one task of the ledger, or of its plan.

    Rows are the task's (or the plan's) departments in plan order; cancelled tasks count with
    whatever results they took before they were cancelled. The title defaults to the task's
    (or plan's) name followed by 情况汇总统计表.

    Raises:
        InspectionError: the plan has no task ``task_id``.
    """
    plan = ledger.plan
    results = ledger.results(task_id=task_id)  # checks the task id
    if task_id is not None:
        task = plan.task(task_id)
        department_ids = set(task.department_ids)
        task_ids: tuple[str, ...] = (task_id,)
        default_title = f"{task.name}情况汇总统计表"
    else:
        department_ids = {d for t in plan.tasks for d in t.department_ids}
        task_ids = tuple(t.id for t in plan.tasks)
        default_title = f"{plan.name}情况汇总统计表"
    return summarize_results(
        results,
        departments=[d for d in plan.departments if d.id in department_ids],
        title=title or default_title,
        plan_id=plan.id,
        task_ids=task_ids,
    )
