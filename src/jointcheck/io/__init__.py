"""Readers at the edge: files in, validated models out.

* :func:`read_plan_table` reads a plan table (抽查计划表, a notice's annex) from .xlsx, CSV or
  TSV into a :class:`~jointcheck.model.Plan`, with a :class:`PlanTableContext` for what the
  table does not print; :func:`read_plan_text` and :func:`read_plan_rows` read text and rows.
"""

from jointcheck.io._plan_table import (
    PlanTableContext,
    month_window,
    read_plan_rows,
    read_plan_table,
    read_plan_text,
)

__all__ = [
    "PlanTableContext",
    "month_window",
    "read_plan_rows",
    "read_plan_table",
    "read_plan_text",
]
