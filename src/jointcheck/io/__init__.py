"""Readers at the edge: the tables and files a bureau exports, read into validated objects.

Domain modules never read a file; these functions do, and the ``jointcheck`` command calls
them. Each takes a path or the file's bytes, and reports every problem as one
:class:`~jointcheck.errors.InvalidInputError` whose message starts ``FILE:LINE:`` and names
the field, the value (shortened when long) and what is allowed. Binary files, text that is
not UTF-8 (name another encoding with ``encoding=``), oversized fields and too many rows are
refused the same way. The formats are described in the readers guide (``docs/readers.md``).

* :func:`read_registry`: the 检查对象名录库 CSV into a columnar
  :class:`~jointcheck.population.Population`.
* :func:`read_inspectors`: the 执法检查人员名录库 (CSV or a JSON list) into
  :class:`~jointcheck.model.Inspector` models.
* :func:`read_subjects`: drawn subjects for the matcher: a draw, a JSON list, or one code
  per line.
* :func:`read_model`, :func:`read_json`, :func:`read_text`: a model's JSON file (a draw, a
  plan, a match problem), any JSON, any text, with the same checks.
* :func:`read_plan_table` reads a plan table (抽查计划表, a notice's annex) from .xlsx, CSV or
  TSV into a :class:`~jointcheck.model.Plan`, with a :class:`PlanTableContext` for what the
  table does not print; :func:`read_plan_text` and :func:`read_plan_rows` read text and rows.
"""

from jointcheck.io._inspectors import INSPECTOR_COLUMNS, read_inspectors
from jointcheck.io._models import read_json, read_model, read_text
from jointcheck.io._plan_table import (
    PlanTableContext,
    month_window,
    read_plan_rows,
    read_plan_table,
    read_plan_text,
)
from jointcheck.io._progress import SILENT, ReadProgress
from jointcheck.io._registry import (
    MAX_ROWS,
    REGISTRY_COLUMNS,
    REQUIRED_COLUMNS,
    read_registry,
)
from jointcheck.io._source import MAX_FIELD_BYTES, Source
from jointcheck.io._subjects import read_subjects

__all__ = [
    "INSPECTOR_COLUMNS",
    "MAX_FIELD_BYTES",
    "MAX_ROWS",
    "PlanTableContext",
    "REGISTRY_COLUMNS",
    "REQUIRED_COLUMNS",
    "ReadProgress",
    "SILENT",
    "Source",
    "month_window",
    "read_inspectors",
    "read_json",
    "read_model",
    "read_plan_rows",
    "read_plan_table",
    "read_plan_text",
    "read_registry",
    "read_subjects",
    "read_text",
]
