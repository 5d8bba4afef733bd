"""Plan tables (抽查计划表, the annexes of the notices) read into a validated :class:`Plan`.

A notice's annex lists one task per row: the task's name, 定向/不定向, the object range, the
check items of the initiating (发起部门) and participating (配合部门 / 参与部门) departments,
the ratio, the months (``3月—9月``) and the method. The same table circulates as a
spreadsheet (.xlsx) or as text (CSV, TSV); :func:`read_plan_table` reads all three.

What a table does not print (the plan's name and 文号, the departments' full names and their
units) comes in a :class:`PlanTableContext`. Every cell that cannot be read raises
:class:`~jointcheck.errors.PlanTableError` naming the row and the column.

Columns are found by their printed headers; these are understood (others are ignored):

| field | headers |
|---|---|
| number | 序号 |
| task name | 抽查任务名称, 联合抽查任务名称, 任务名称 |
| 定向 / 不定向 | 抽查类型 |
| object range | 抽查对象范围, 检查对象, 联查对象 |
| check items | 抽查事项 (one department), 发起部门抽查事项 and 参与部门抽查事项 / 配合部门抽查事项 |
| initiator | 发起部门, 发起主体/指导单位 (``县市场监督管理局网监股组织发起``: department and 股) |
| participants | 参与部门, 配合部门 (several separated by 、) |
| ratio | 抽查比例或数量, 抽查比例/数量, 抽查比例; with 信用风险分类管理 read beside it |
| inspection months | 检查时间, 抽查起止时间, 抽查检查起止时间, 时间安排 |
| extraction months | 抽取时间 |
| method | 检查方式 |
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import itertools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from jointcheck._internal.checked import checked
from jointcheck.errors import (
    InvalidInputError,
    JointcheckError,
    MissingExtraError,
    PlanTableError,
)
from jointcheck.io._source import LineError, to_utf8
from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    FrozenModel,
    InspectionMethod,
    Plan,
    SamplingRule,
    ScopeKind,
    SubjectKind,
    Task,
)

__all__ = [
    "PlanTableContext",
    "month_window",
    "read_plan_rows",
    "read_plan_table",
    "read_plan_text",
]

_COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("序号",),
    "name": ("抽查任务名称", "联合抽查任务名称", "任务名称"),
    "scope": ("抽查类型",),
    "target": ("抽查对象范围", "检查对象", "联查对象"),
    "items": ("抽查事项",),
    "initiator_items": ("发起部门抽查事项",),
    "participant_items": ("参与部门抽查事项", "配合部门抽查事项"),
    "initiator": ("发起部门", "发起主体/指导单位", "发起主体"),
    "participants": ("参与部门", "配合部门"),
    "ratio": ("抽查比例或数量", "抽查比例/数量", "抽查比例"),
    "risk": ("信用风险分类管理",),
    "inspection": ("检查时间", "抽查起止时间", "抽查检查起止时间", "时间安排"),
    "extraction": ("抽取时间",),
    "method": ("检查方式",),
}
_REQUIRED = ("number", "name", "ratio", "inspection")

_METHODS: dict[str, InspectionMethod] = {
    "实地检查": InspectionMethod.ON_SITE,
    "现场检查": InspectionMethod.ON_SITE,
    "书面检查": InspectionMethod.DOCUMENTARY,
    "网络监测": InspectionMethod.ONLINE,
    "检验检测": InspectionMethod.TESTING,
    "抽检": InspectionMethod.TESTING,
    "专业意见": InspectionMethod.EXPERT_OPINION,
}
_SCOPES = {"定向": ScopeKind.DIRECTED, "不定向": ScopeKind.UNDIRECTED}
_KINDS = {kind.label: kind for kind in SubjectKind}
_DIRECTED_KINDS = (SubjectKind.ENTERPRISE, SubjectKind.INDIVIDUAL_BUSINESS)
_MAX_ROWS = 10_000


class PlanTableContext(FrozenModel):
    """What a plan table does not print: the plan's header and its departments.

    ``department_names`` maps each name as the table prints it (``市场监督管理局``,
    ``县市场监督管理局``) to a department id; a department's full name is understood too.
    """

    id: str = Field(min_length=1, description="Plan id")
    name: str = Field(min_length=1, description="Plan name as published")
    year: int = Field(ge=2015, le=2100, description="Plan year; months in the table are of it")
    document_number: str = Field(default="", description="Document number (文号)")
    departments: tuple[Department, ...] = Field(
        min_length=1, description="Every department taking part, with its units (股、科、所)"
    )
    initiator_id: str = Field(
        min_length=1,
        description="The plan's initiating department, and each row's when it names none",
    )
    department_names: Mapping[str, str] = Field(
        default_factory=dict, description="Department name as printed → department id"
    )
    task_id_prefix: str = Field(
        default="task",
        min_length=1,
        description="Task ids are the prefix and the 序号: prefix-01, prefix-02…",
    )
    disclosure_working_days: int = Field(
        default=20, ge=1, description="Working days to publish results (the notice's body)"
    )
    period: DateWindow | None = Field(default=None, description="The plan's whole period")

    @model_validator(mode="after")
    def _known(self) -> PlanTableContext:
        ids = [d.id for d in self.departments]
        unknown = sorted({v for v in self.department_names.values() if v not in ids})
        if unknown:
            raise ValueError(
                f"department_names map to {unknown}, which are not among departments {ids}"
            )
        if self.initiator_id not in ids:
            raise ValueError(f"initiator_id {self.initiator_id!r} is not among departments {ids}")
        return self

    def names(self) -> dict[str, str]:
        """Every name a cell may print → department id, longest first."""
        names = {d.name: d.id for d in self.departments}
        names.update(self.department_names)
        return dict(sorted(names.items(), key=lambda kv: -len(kv[0])))


@dataclass(frozen=True)
class _Cell:
    """Where a cell is, for errors."""

    source: str
    row: int
    header: str
    letter: str | None

    def error(self, problem: str, value: object) -> PlanTableError:
        column = f"{self.letter} ({self.header})" if self.letter else self.header
        shown = str(value)
        if len(shown) > 60:
            shown = shown[:57] + "…"
        return PlanTableError(
            f"plan table {self.source}, row {self.row}, column {column}: {problem}: {shown!r}",
            row=self.row,
            column=column,
            value=value,
        )


@dataclass(frozen=True)
class _Row:
    source: str
    number: int
    cells: Mapping[str, str]
    headers: Mapping[str, str]
    letters: Mapping[str, str]

    def has(self, field: str) -> bool:
        return field in self.headers

    def cell(self, field: str) -> _Cell:
        header = self.headers[field]
        return _Cell(self.source, self.number, header, self.letters.get(field))

    def text(self, field: str) -> str:
        return self.cells.get(field, "").strip() if self.has(field) else ""

    def needed(self, field: str) -> str:
        value = self.text(field)
        if not value:
            raise self.cell(field).error("the cell is empty; it must be filled", value)
        return value


@checked
def month_window(text: str, year: int) -> DateWindow:
    """A printed month range as days of ``year``: ``3月`` is March; ``3-4月``, ``3月—9月`` and
    ``2025年4月至10月`` run from the first day of the first month to the last of the second.

    Examples:
        >>> month_window("3月—9月", 2023)
        DateWindow(start=datetime.date(2023, 3, 1), end=datetime.date(2023, 9, 30))

    Raises:
        InvalidInputError: the text is not a month range of ``year`` running forward.
    """
    found = re.fullmatch(
        r"\s*(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月?\s*(?:[-－—–~～至到]+\s*(?:(\d{4})\s*年)?"
        r"\s*(\d{1,2})\s*)?月(?:份)?\s*",
        text,
    )
    if found is None:
        raise InvalidInputError(
            f"month range {text!r} is not one; expected e.g. 3月, 3-4月, 3月—9月",
            field="months",
            value=text,
        )
    for printed in (found.group(1), found.group(3)):
        if printed is not None and int(printed) != year:
            raise InvalidInputError(
                f"month range {text!r}: the year {printed} is not the plan's year {year}",
                field="months",
                value=text,
            )
    first = int(found.group(2))
    last = int(found.group(4) or first)
    if not 1 <= first <= last <= 12:
        raise InvalidInputError(
            f"month range {text!r} must run forward within months 1 to 12",
            field="months",
            value=text,
        )
    return DateWindow(
        start=dt.date(year, first, 1),
        end=dt.date(year, last, calendar.monthrange(year, last)[1]),
    )


def _columns(headers: Sequence[str], source: str, row: int) -> dict[str, int]:
    positions: dict[str, int] = {}
    for position, header in enumerate(headers):
        cleaned = re.sub(r"\s+", "", header)
        for field, names in _COLUMNS.items():
            if cleaned in names:
                if field in positions:
                    raise PlanTableError(
                        f"plan table {source}, row {row}: two columns are {field} "
                        f"({headers[positions[field]]!r} and {header!r})",
                        row=row,
                        column=header,
                        value=header,
                    )
                positions[field] = position
    missing = [f for f in _REQUIRED if f not in positions]
    if "items" not in positions and "initiator_items" not in positions:
        missing.append("items")
    if missing:
        wanted = "; ".join(f"{f}: {' / '.join(_COLUMNS[f])}" for f in missing)
        raise PlanTableError(
            f"plan table {source}, row {row}: no column for {wanted}; headers found: "
            f"{[h for h in headers if h]}",
            row=row,
            column=", ".join(missing),
            value=list(headers),
        )
    return positions


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@checked
def read_plan_rows(
    rows: Iterable[Sequence[object]],
    *,
    context: PlanTableContext,
    source: str = "<rows>",
    spreadsheet: bool = False,
) -> Plan:
    """A plan from the rows of a table: headers first, then one row per task.

    Rows before the one holding ``序号`` (a title) are skipped; a row right after it with an
    empty 序号 is read as the second line of a two-line header (``联合抽查事项`` over
    ``发起部门抽查事项``). Empty rows are skipped. Rows are numbered from 1 as the file
    numbers them; ``spreadsheet=True`` names columns by letter too.

    Raises:
        PlanTableError: a cell or a header that cannot be read (its row and column named), or
            a plan the rows make invalid.
    """
    grid = iter(rows)
    header: list[str] | None = None
    number = 0
    for number, raw in enumerate(grid, start=1):
        cells = [_text(v) for v in raw]
        if any(re.sub(r"\s+", "", c) == "序号" for c in cells):
            header = cells
            break
        if number > 50:
            break
    if header is None:
        raise PlanTableError(
            f"plan table {source}: no header row with 序号 in the first {min(number, 50)} rows",
            row=number,
            column="序号",
            value=None,
        )
    header_row = number
    pending: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(grid, start=header_row + 1):
        pending.append((number, [_text(v) for v in raw]))
        if len(pending) > _MAX_ROWS:
            raise PlanTableError(
                f"plan table {source}: more than {_MAX_ROWS:,} rows; a plan table lists tasks",
                row=number,
                column="序号",
                value=None,
            )
    number_at = header.index(next(c for c in header if re.sub(r"\s+", "", c) == "序号"))
    if pending:
        _, second = pending[0]
        if (number_at >= len(second) or not second[number_at]) and any(second):
            header = [
                (second[i] if i < len(second) and second[i] else h) for i, h in enumerate(header)
            ]
            pending = pending[1:]
    positions = _columns(header, source, header_row)
    headers = {f: header[p] for f, p in positions.items()}
    letters = {f: _letter(p) for f, p in positions.items()} if spreadsheet else {}
    table_rows = [
        _Row(
            source,
            row_number,
            {f: (cells[p] if p < len(cells) else "") for f, p in positions.items()},
            headers,
            letters,
        )
        for row_number, cells in pending
        if any(c.strip() for c in cells)
    ]
    if not table_rows:
        raise PlanTableError(
            f"plan table {source}: the header is on row {header_row} but no task follows it",
            row=header_row,
            column=headers["number"],
            value=None,
        )
    tasks = tuple(_task(row, context) for row in table_rows)
    try:
        return Plan(
            id=context.id,
            name=context.name,
            year=context.year,
            document_number=context.document_number,
            initiator_id=context.initiator_id,
            departments=context.departments,
            tasks=tasks,
            period=context.period,
        )
    except JointcheckError as exc:
        raise PlanTableError(
            f"plan table {source}: the tasks do not make a valid plan: {exc}",
            row=table_rows[0].number,
            column=headers["number"],
            value=None,
        ) from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _task(row: _Row, context: PlanTableContext) -> Task:
    number_text = row.needed("number")
    if not number_text.isdigit():
        raise row.cell("number").error("序号 must be a whole number", number_text)
    task_id = f"{context.task_id_prefix}-{int(number_text):02d}"
    names = context.names()
    initiator, unit = _initiator(row, context, names)
    participants = _participants(row, names, initiator)
    scope, kinds, tags, excluded, target = _object(row)
    items = _items(row, task_id, initiator, participants, names, context)
    ratio_text = row.needed("ratio")
    risk_text = row.text("risk")
    phrase = f"{ratio_text}；{risk_text}" if risk_text else ratio_text
    try:
        rule = SamplingRule.parse(phrase)
    except JointcheckError as exc:
        raise row.cell("ratio").error(f"cannot read the ratio ({exc.message})", phrase) from None
    inspection = _months(row, "inspection", context.year)
    extraction = _months(row, "extraction", context.year) if row.text("extraction") else None
    method = InspectionMethod.ON_SITE
    if row.text("method"):
        method_text = row.text("method")
        if method_text not in _METHODS:
            raise row.cell("method").error(
                f"not a method; allowed: {'、'.join(_METHODS)}", method_text
            )
        method = _METHODS[method_text]
    try:
        return Task(
            id=task_id,
            name=row.needed("name"),
            scope=scope,
            target=target,
            subject_kinds=kinds,
            required_tags=tags,
            excluded_tags=excluded,
            check_items=items,
            sampling=rule,
            method=method,
            extraction=extraction,
            inspection=inspection,
            disclosure_working_days=context.disclosure_working_days,
            initiator_id=initiator if initiator != context.initiator_id or participants else None,
            participant_ids=participants,
            initiating_unit_id=unit,
        )
    except JointcheckError as exc:
        raise row.cell("name").error(f"the row is not a valid task ({exc})", number_text) from None


def _department(text: str, names: Mapping[str, str]) -> tuple[str, str] | None:
    """The department a text starts with, and the rest of the text."""
    for name, department_id in names.items():
        if text.startswith(name):
            return department_id, text[len(name) :]
    return None


def _initiator(
    row: _Row, context: PlanTableContext, names: Mapping[str, str]
) -> tuple[str, str | None]:
    text = row.text("initiator")
    if not text:
        return context.initiator_id, None
    cleaned = re.sub(r"(?:组织)?(?:发起|牵头)$", "", text).strip()
    found = _department(cleaned, names)
    if found is None:
        raise row.cell("initiator").error(
            f"names no department of the plan; known: {'、'.join(names)}", text
        )
    department_id, rest = found
    rest = rest.strip()
    if not rest:
        return department_id, None
    department = next(d for d in context.departments if d.id == department_id)
    for unit in department.units:
        if unit.name == rest:
            return department_id, unit.id
    raise row.cell("initiator").error(
        f"{rest!r} is not a unit of {department.name}; units: "
        f"{'、'.join(u.name for u in department.units) or 'none'}",
        text,
    )


def _participants(row: _Row, names: Mapping[str, str], initiator: str) -> tuple[str, ...]:
    text = row.text("participants")
    if not text:
        return ()
    found: list[str] = []
    for piece in re.split(r"[、,，;；/]", text):
        piece = piece.strip()
        if not piece:
            continue
        department = _department(piece, names)
        if department is None or department[1].strip():
            raise row.cell("participants").error(
                f"{piece!r} is not a department of the plan; known: {'、'.join(names)}", text
            )
        if department[0] == initiator:
            raise row.cell("participants").error(
                f"{piece!r} is the row's 发起部门 and cannot also be a 配合部门", text
            )
        if department[0] not in found:
            found.append(department[0])
    return tuple(found)


def _object(
    row: _Row,
) -> tuple[ScopeKind, tuple[SubjectKind, ...], tuple[str, ...], tuple[str, ...], str]:
    target = row.text("target")
    scope_text = row.text("scope")
    if scope_text and scope_text not in _SCOPES:
        raise row.cell("scope").error("neither 定向 nor 不定向", scope_text)
    found = re.fullmatch(r"(?:全县|全市|全区|全盟|全省)?(.+?)\s*(?:[(（]除(.+)[)）])?", target)
    name = found.group(1).strip() if found else ""
    excluded = tuple(
        t.strip()
        for t in re.split(r"[、,，]", (found.group(2) if found else "") or "")
        if t.strip()
    )
    if name in _KINDS:
        scope = _SCOPES.get(scope_text, ScopeKind.UNDIRECTED)
        return scope, (_KINDS[name],), (), excluded, target
    if not name:
        if scope_text == "定向":
            raise row.cell("target" if row.has("target") else "scope").error(
                "a 定向 task needs an object range (抽查对象范围)", target
            )
        return _SCOPES.get(scope_text, ScopeKind.UNDIRECTED), (SubjectKind.ENTERPRISE,), (), (), ""
    if scope_text == "不定向":
        raise row.cell("target").error(
            f"a 不定向 task draws from a kind of subject ({'、'.join(_KINDS)}), not from", target
        )
    return ScopeKind.DIRECTED, _DIRECTED_KINDS, (name,), excluded, target


def _items(
    row: _Row,
    task_id: str,
    initiator: str,
    participants: tuple[str, ...],
    names: Mapping[str, str],
    context: PlanTableContext,
) -> tuple[CheckItem, ...]:
    printed: list[tuple[str, str]] = []
    if row.has("items"):
        printed += _split_items(row, "items", initiator, names, context)
    if row.has("initiator_items"):
        printed += _split_items(row, "initiator_items", initiator, names, context)
    if row.has("participant_items"):
        if len(participants) > 1 or (row.text("participant_items") and not participants):
            owner = None  # every item's department must be printed before it
        else:
            owner = participants[0] if participants else None
        if row.text("participant_items"):
            printed += _split_items(row, "participant_items", owner, names, context)
    return tuple(
        CheckItem(id=f"{task_id}-{k}", department_id=department_id, name=name)
        for k, (department_id, name) in enumerate(printed, start=1)
    )


def _split_items(
    row: _Row,
    field: str,
    owner: str | None,
    names: Mapping[str, str],
    context: PlanTableContext,
) -> list[tuple[str, str]]:
    """``市场监督管理局药化流通科：甲；乙；医疗器械科：丙。`` → [(department, item), …].

    Items are separated by ``；``; a prefix ending in ``：`` names the department and/or
    the unit of the items after it. A department printed in the cell must be ``owner``
    (the department whose column it is) when there is one.
    """
    text = row.needed(field)
    department_id = owner
    items: list[tuple[str, str]] = []
    for piece in re.split(r"[；;]", text.strip().rstrip("。.")):
        piece = piece.strip()
        if not piece:
            continue
        if re.search(r"[：:]", piece):
            prefix, piece = (p.strip() for p in re.split(r"[：:]", piece, maxsplit=1))
            found = _department(prefix, names)
            unit = prefix
            if found is not None:
                if owner is not None and found[0] != owner:
                    raise row.cell(field).error(
                        f"items of {prefix!r} in the column of {owner!r}", text
                    )
                department_id, unit = found[0], found[1].strip()
            if unit:
                if department_id is None:
                    raise row.cell(field).error(f"{prefix!r} names no department", text)
                department = next(d for d in context.departments if d.id == department_id)
                if unit not in {u.name for u in department.units}:
                    raise row.cell(field).error(
                        f"{unit!r} is not a unit of {department.name}; units: "
                        f"{'、'.join(u.name for u in department.units) or 'none'}",
                        text,
                    )
        if department_id is None:
            raise row.cell(field).error(
                "say whose items these are: begin with a department name and ：", text
            )
        if not piece:
            raise row.cell(field).error("an empty check item", text)
        items.append((department_id, piece))
    if not items:
        raise row.cell(field).error("no check item", text)
    return items


def _months(row: _Row, field: str, year: int) -> DateWindow:
    text = row.needed(field)
    try:
        return month_window(text, year)
    except JointcheckError as exc:
        raise row.cell(field).error(f"cannot read the months ({exc})", text) from None


@checked
def read_plan_text(
    text: str, *, context: PlanTableContext, delimiter: str = "\t", source: str = "<text>"
) -> Plan:
    """A plan from the text of a CSV (``delimiter=","``) or TSV table (the default)."""
    if delimiter not in {"\t", ",", ";"}:
        raise PlanTableError(
            f"plan table {source}: delimiter {delimiter!r} is not one of tab, ',' or ';'",
            row=0,
            column="",
            value=delimiter,
        )
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    return read_plan_rows(reader, context=context, source=source)


@checked
def read_plan_table(
    path: str | os.PathLike[str], *, context: PlanTableContext, encoding: str = "utf-8"
) -> Plan:
    """A plan from a table file: ``.xlsx`` (first sheet), ``.csv`` or ``.tsv`` / ``.txt``.

    Reading a workbook needs openpyxl (``pip install 'jointcheck[xlsx]'``). Text files are
    UTF-8 (a byte-order mark is allowed) unless ``encoding`` names another (``"gb18030"``
    for a GBK export); binary content and undecodable bytes are refused with their line.

    Raises:
        PlanTableError: the file cannot be read as a table, or a cell cannot be read (the
            message names the row and column).
        MissingExtraError: an .xlsx file without openpyxl installed.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in {".xlsx", ".csv", ".tsv", ".txt"}:
        raise PlanTableError(
            f"plan table {file.name}: unknown kind {suffix or '(no suffix)'!r}; allowed: .xlsx, "
            ".csv, .tsv, .txt",
            row=0,
            column="",
            value=str(path),
        )
    try:
        if suffix == ".xlsx":
            return _read_workbook(file, context)
        data = to_utf8(file.read_bytes(), encoding=encoding).decode("utf-8")
    except LineError as bad:
        raise PlanTableError(
            f"plan table {file.name}:{bad.line}: {bad.message}",
            row=bad.line,
            column="",
            value=str(path),
        ) from None
    except OSError as exc:
        raise PlanTableError(
            f"plan table {file.name}: cannot read the file ({exc.strerror or exc})",
            row=0,
            column="",
            value=str(path),
        ) from None
    delimiter = "," if suffix == ".csv" else "\t"
    return read_plan_text(data, context=context, delimiter=delimiter, source=file.name)


def _read_workbook(file: Path, context: PlanTableContext) -> Plan:
    try:
        import openpyxl
    except ImportError:
        raise MissingExtraError(module="openpyxl", extra="xlsx") from None
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors
        raise PlanTableError(
            f"plan table {file.name}: not an .xlsx workbook ({type(exc).__name__}: {exc})",
            row=0,
            column="",
            value=str(file),
        ) from None
    try:
        sheet: Any = workbook.worksheets[0]
        # enough rows for a title, the header and _MAX_ROWS tasks: more is refused as too long
        rows = [
            list(r) for r in itertools.islice(sheet.iter_rows(values_only=True), _MAX_ROWS + 60)
        ]
    finally:
        workbook.close()
    return read_plan_rows(rows, context=context, source=file.name, spreadsheet=True)
