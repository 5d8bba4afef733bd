"""Reading the inspector directory (执法检查人员名录库) from CSV or a JSON list.

CSV: a header naming ``id``, ``name`` and ``department_id`` (required) and optionally
``unit_id``, ``jurisdiction``, ``certificate_number``, ``valid_from``, ``valid_until``,
``qualifications`` (separated by ``;`` or ``、``), ``specialist`` and ``available``
(是/否, true/false, 1/0; empty for the default). JSON: a list of
:class:`~jointcheck.model.Inspector` objects, as ``jointcheck demo --files`` writes them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from jointcheck._internal.checked import checked
from jointcheck._internal.text import shorten
from jointcheck.errors import InvalidInputError, ModelValidationError
from jointcheck.io._source import MAX_FIELD_BYTES, LineError, Source, load, to_utf8
from jointcheck.io._tables import JsonItem, csv_rows, json_items
from jointcheck.model import Inspector

__all__ = ["INSPECTOR_COLUMNS", "MAX_INSPECTORS", "read_inspectors"]

INSPECTOR_COLUMNS = (
    "id",
    "name",
    "department_id",
    "unit_id",
    "jurisdiction",
    "certificate_number",
    "valid_from",
    "valid_until",
    "qualifications",
    "specialist",
    "available",
)
"""Columns an inspector-directory CSV may have (``id``, ``name``, ``department_id`` required)."""

MAX_INSPECTORS = 1_000_000
"""Default bound on the people of one directory."""

_REQUIRED = ("id", "name", "department_id")
_CERTIFICATE = ("certificate_number", "valid_from", "valid_until")
_TRUE = {"是", "true", "yes", "y", "1"}
_FALSE = {"否", "false", "no", "n", "0"}
_SPLIT = re.compile(r"[;；、]")


@checked
def read_inspectors(
    source: Source,
    *,
    name: str | None = None,
    encoding: str = "utf-8",
    max_rows: int = MAX_INSPECTORS,
    max_field_bytes: int = MAX_FIELD_BYTES,
) -> tuple[Inspector, ...]:
    """Read an inspector directory (执法检查人员名录库): a CSV, or a JSON list of inspectors.

    The format is told by the content: a file whose text starts with ``[`` is JSON.

    Args:
        source: A path, or the file's bytes.
        name: How messages name the file (default: the path, or ``<inspectors>``).
        encoding: The file's text encoding, e.g. ``"gb18030"``.
        max_rows: At most this many inspectors.
        max_field_bytes: At most this many UTF-8 bytes in one CSV field.

    Raises:
        InvalidInputError: the first problem, as ``NAME:LINE: message`` naming the field, the
            value (shortened) and what is allowed; an id that appears twice names both lines.

    Examples:
        >>> csv = "id,name,department_id,certificate_number,valid_from,valid_until\\n"
        >>> csv += "m1,陈静,samr,3413220201,2023-01-01,2027-12-31\\n"
        >>> [p.name for p in read_inspectors(csv.encode(), name="名录库.csv")]
        ['陈静']
    """
    loaded = load(source, name=name, what="inspectors")
    try:
        text = to_utf8(loaded.data, encoding=encoding).decode("utf-8")
        if not text.strip():
            raise LineError(
                1,
                "the file is empty; an inspector directory is a CSV with a header line "
                f"({', '.join(_REQUIRED)}, …) or a JSON list of inspectors",
            )
        if text.lstrip().startswith(("[", "{")):
            people = _from_json(json_items(text, max_items=max_rows, what="inspector list"))
        else:
            rows = csv_rows(
                text,
                columns=INSPECTOR_COLUMNS,
                required=_REQUIRED,
                max_rows=max_rows,
                max_field_bytes=max_field_bytes,
                what="inspector directory",
            )
            people = ((row.line, _inspector(row.cells, row.line)) for row in rows)
        found = _unique(people)
        if not found:
            raise LineError(2, "the directory lists no inspectors; give one per line")
        return found
    except LineError as bad:
        raise InvalidInputError(
            f"{loaded.name}:{bad.line}: {bad.message}", field="inspectors", value=loaded.name
        ) from None


def _from_json(items: Iterable[JsonItem]) -> Iterable[tuple[int, Inspector]]:
    for number, item in enumerate(items, start=1):
        if not isinstance(item.value, dict):
            raise LineError(
                item.line,
                f"inspector {number} is {shorten(item.value)}; each entry is an object "
                '({"id": …, "name": …, "department_id": …})',
            )
        try:
            yield item.line, Inspector.model_validate(item.value)
        except ModelValidationError as exc:
            raise LineError(item.line, f"inspector {number}: {_detail(exc)}") from None


def _detail(exc: ModelValidationError) -> str:
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']} (got {shorten(e['input'])})"
        for e in exc.errors
    )


def _inspector(cells: dict[str, str], line: int) -> Inspector:
    data: dict[str, Any] = {k: cells[k] for k in _REQUIRED}
    for key in ("unit_id", "jurisdiction"):
        if cells.get(key):
            data[key] = cells[key]
    if any(cells.get(k) for k in _CERTIFICATE):
        data["certificate"] = {
            "number": cells.get("certificate_number", ""),
            "valid_from": _day(cells.get("valid_from", ""), "valid_from", line),
            "valid_until": _day(cells.get("valid_until", ""), "valid_until", line),
        }
    if cells.get("qualifications"):
        data["qualifications"] = tuple(
            q.strip() for q in _SPLIT.split(cells["qualifications"]) if q.strip()
        )
    for key in ("specialist", "available"):
        if cells.get(key):
            data[key] = _flag(cells[key], key, line)
    try:
        return Inspector(**data)
    except ModelValidationError as exc:
        raise LineError(line, _detail(exc)) from None


def _day(text: str, column: str, line: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise LineError(
            line,
            f"{column} {shorten(text)} is not a date; write YYYY-MM-DD (a certificate needs "
            "its number, valid_from and valid_until)",
        ) from None


def _flag(text: str, column: str, line: int) -> bool:
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise LineError(
        line,
        f"{column} {shorten(text)} is not yes or no; write 是/否, true/false or 1/0 "
        "(empty for the default)",
    )


def _unique(people: Iterable[tuple[int, Inspector]]) -> tuple[Inspector, ...]:
    first: dict[str, int] = {}
    found: list[Inspector] = []
    for line, person in people:
        if person.id in first:
            raise LineError(
                line,
                f"inspector id {shorten(person.id)} appears again (first on line "
                f"{first[person.id]}); ids must be unique",
            )
        first[person.id] = line
        found.append(person)
    return tuple(found)
