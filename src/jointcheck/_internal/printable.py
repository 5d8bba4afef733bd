"""Standalone printable HTML pages (pure: strings in, strings out); CSV is in ``csv_safe``."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["e", "html_page", "html_table"]

_CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif; font-size: 10pt;
       color: #000; margin: 0; }
h1 { text-align: center; font-size: 15pt; margin: 0 0 3mm; }
h2 { font-size: 11.5pt; margin: 3mm 0 1.5mm; }
p.meta { text-align: center; margin: 0 0 3mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
th, td { border: 0.6pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #eee; }
tr.total td { font-weight: bold; }
.sign { display: flex; gap: 10mm; flex-wrap: wrap; margin-top: 4mm; }
.note { font-size: 9pt; }
""".strip()


def e(text: object) -> str:
    """``text`` escaped for HTML (quotes included)."""
    return escape(str(text), quote=True)


def html_page(title: str, body: str, *, landscape: bool = False) -> str:
    """A standalone printable A4 page; ``title`` is escaped, ``body`` must be escaped already."""
    css = _CSS.replace("size: A4;", "size: A4 landscape;") if landscape else _CSS
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}</title>'
        f"<style>{css}</style></head><body><h1>{e(title)}</h1>{body}</body></html>\n"
    )


def html_table(
    header: Sequence[object], rows: Sequence[Sequence[object]], *, total: bool = False
) -> str:
    """A table with every cell escaped; ``total`` marks the last row as a total row."""
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        marked = ' class="total"' if total and i == len(rows) - 1 else ""
        body.append(f"<tr{marked}>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
