"""Readable forms of the large records for consoles and notebooks.

A record such as a province-scale :class:`~jointcheck.sampling.Draw` holds hundreds of
thousands of codes; pydantic's default ``repr`` would print them all. The records use
:class:`Shown` values in ``__repr_args__`` (which pydantic's ``repr``, ``str`` and rich all
read) for a one-line summary, and :func:`html_table` for ``_repr_html_`` in notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

__all__ = ["Shown", "html_table", "span"]


class Shown:
    """A value that ``repr`` shows as its text, without quotes (``drawn={HIGH: 3/25}``)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def span(values: Iterable[int]) -> str:
    """``"2"`` when every value is 2, ``"0-7"`` for a range, ``"-"`` when there are none."""
    seen = list(values)
    if not seen:
        return "-"
    low, high = min(seen), max(seen)
    return str(low) if low == high else f"{low}-{high}"


def html_table(
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    notes: Sequence[str] = (),
) -> str:
    """A small HTML table: a bold title line, the table, then note lines; all text escaped.

    Numbers are right-aligned and written with thousands separators.
    """

    def cell(value: object) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return f'<td style="text-align:right">{value:,}</td>'
        return f"<td>{escape(str(value))}</td>"

    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    parts = [
        f"<div><p><b>{escape(title)}</b></p>",
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
        *(f"<p>{escape(note)}</p>" for note in notes),
        "</div>",
    ]
    return "".join(parts)
