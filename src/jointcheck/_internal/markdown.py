"""Markdown with every cell escaped (pure: strings in, strings out)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["markdown_table", "md_text"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}
"""Characters written as HTML entities: every Markdown flavour passes entities through as
text, while a backslash before ``<`` or ``|`` is not an escape in all of them."""
_BACKSLASHED = frozenset("\\*_`[]#!")
"""ASCII punctuation that starts emphasis, code, links or images inside a line; every flavour
takes a backslash before these. Text from input never starts a line, so list markers need
no escape."""


def md_text(text: str) -> str:
    """Inline Markdown text from input, shown as it is: markup characters escaped (``<``,
    ``>``, ``&``, ``|``, ``~`` as entities), line breaks and tabs as spaces, other control
    characters (Unicode category Cc) dropped."""
    out: list[str] = []
    for ch in text:
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        elif ch == "\t":
            out.append(" ")
        elif ch in "\n\r" or unicodedata.category(ch) != "Cc":
            out.append(ch)
    return " ".join("".join(out).splitlines())


def _cell(text: str) -> str:
    """A Markdown table cell: markup escaped, line breaks kept as ``<br>``."""
    return "<br>".join(md_text(line) for line in text.splitlines()) if text else ""


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table with escaped cells."""
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return "\n".join(lines)
