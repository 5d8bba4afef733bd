"""Markdown with every cell escaped (pure: strings in, strings out)."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["markdown_table", "md_text"]

_MARKUP = ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|")


def md_text(text: str) -> str:
    """Inline Markdown text: every character that could start markup is backslash-escaped
    (CommonMark allows it before any ASCII punctuation); line breaks become spaces."""
    out = text
    for ch in _MARKUP:
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.splitlines())


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
