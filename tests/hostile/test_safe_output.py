"""Output built from hostile input: CSV cells never start a formula, Markdown and HTML show
input as text (no tag, link, emphasis or table cell of its own)."""

from __future__ import annotations

import csv
import html
import io
import unicodedata
from html.parser import HTMLParser

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck._internal.csv_safe import FORMULA_PREFIXES, csv_cell, csv_text
from jointcheck._internal.display import html_table
from jointcheck._internal.markdown import markdown_table, md_text
from jointcheck.records import Summary
from jointcheck.records._summary import DepartmentSummary, ResultCounts

HOSTILE = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(
        [
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(A1:A2)",
            "\t=1",
            "\r=1",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "![x](http://e/x.png)",
            "**bold** _it_ `code` ~~s~~",
            "a | b | c",
            "&lt;script&gt;",
            "&#60;b&#62;",
            "\\<b\\>",
            "line\nbreak\r\nthird",
            "<http://evil.example>",
        ]
    ),
).filter(lambda s: s.strip() != "")


def summary_named(name: str, title: str) -> Summary:
    row = DepartmentSummary(
        department_id="d1",
        department_name=name,
        subjects_inspected=0,
        inspector_visits=0,
        results=ResultCounts(),
    )
    return Summary(title=title, rows=(row,), subjects_inspected=0)


class _Text(HTMLParser):
    """The tags and the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(fragment: str) -> _Text:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return parser


@given(name=HOSTILE)
@settings(max_examples=150, deadline=None)
def test_csv_cells_never_start_a_formula_and_keep_their_text(name: str) -> None:
    text = summary_named(name, "t").to_csv()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2  # a line break inside a cell stays inside its quoted cell
    cell = rows[1][0]
    assert not cell.startswith(FORMULA_PREFIXES)
    assert (cell[1:] if cell.startswith("'") and name.startswith(FORMULA_PREFIXES) else cell) == (
        name
    )


def test_csv_neutralises_each_owasp_prefix_and_leaves_numbers() -> None:
    for prefix in FORMULA_PREFIXES:
        assert csv_cell(prefix + "1") == "'" + prefix + "1"
    assert csv_cell(-3) == -3
    assert csv_cell("普通") == "普通"
    assert csv_text([("=1+1", 2), ("a\rb", "c")]) == '\'=1+1,2\r\n"a\rb",c\r\n'


@given(text=HOSTILE)
@settings(max_examples=150, deadline=None)
def test_markdown_text_renders_as_the_text_itself(text: str) -> None:
    rendered = markdown.markdown(f"**x**：{md_text(text)}")
    tree = parsed(rendered)
    assert tree.tags == ["p", "strong"]
    shown = "".join(tree.text).removeprefix("x：")
    visible = [ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cc"]
    assert "".join(shown.split()) == "".join(visible)


@given(cells=st.lists(HOSTILE, min_size=2, max_size=2), title=HOSTILE)
@settings(max_examples=100, deadline=None)
def test_markdown_tables_keep_their_columns(cells: list[str], title: str) -> None:
    rendered = markdown.markdown(markdown_table(("a", "b"), [cells]), extensions=["tables"])
    tree = parsed(rendered)
    assert tree.tags.count("td") == 2
    assert set(tree.tags) <= {"table", "thead", "tbody", "tr", "th", "td", "br"}
    summary_md = markdown.markdown(
        summary_named(cells[0], title).to_markdown(), extensions=["tables"]
    )
    assert "<script" not in summary_md
    assert set(parsed(summary_md).tags) <= {
        "p",
        "strong",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
    }


@given(text=HOSTILE)
@settings(max_examples=100, deadline=None)
def test_html_tables_escape_every_cell(text: str) -> None:
    page = html_table(text, [text], [[text, 1]], notes=[text])
    tree = parsed(page)
    assert set(tree.tags) <= {"div", "p", "b", "table", "thead", "tbody", "tr", "th", "td"}
    assert html.unescape(page).count(text) >= 3
