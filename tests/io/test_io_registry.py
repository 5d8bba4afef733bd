"""The registry CSV reader: format, FILE:LINE errors, and the two read paths agree."""

from __future__ import annotations

import codecs

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.io import _registry, read_registry
from jointcheck.model import OperatingStatus, RiskTier, SubjectKind
from jointcheck.population import Population
from jointcheck.synthetic import synthetic_codes

CODES = [c.decode() for c in synthetic_codes(40, seed=7).tolist()]
TIER_WORDS = ["A", "B类", "较高风险", "高风险", "无风险等级", "UNRATED", "low", "D"]


def read(text: str | bytes, **options: object) -> Population:
    data = text.encode() if isinstance(text, str) else text
    return read_registry(data, name="registry.csv", **options)  # type: ignore[arg-type]


def error(text: str | bytes, **options: object) -> str:
    with pytest.raises(InvalidInputError) as caught:
        read(text, **options)
    return str(caught.value)


def test_reads_code_tier_and_optional_columns() -> None:
    pop = read(
        "code,tier,jurisdiction,kind,status\n"
        f"{CODES[0]},D,152201,ENTERPRISE,OPERATING\n"
        f"{CODES[1]},较高风险,152202,个体工商户,注销\n"
        f"{CODES[2]},无风险等级,,,\n"
    )
    expected = Population.from_arrays(
        CODES[:3],
        ["D", "C", "UNRATED"],
        jurisdictions=["152201", "152202", ""],
        kinds=["ENTERPRISE", "INDIVIDUAL_BUSINESS", "ENTERPRISE"],
        statuses=["OPERATING", "DEREGISTERED", "OPERATING"],
    )
    assert pop.digest() == expected.digest()
    rows = pop.subject_rows([CODES[1]])[0]
    assert rows["kind"] is SubjectKind.INDIVIDUAL_BUSINESS
    assert rows["status"] is OperatingStatus.DEREGISTERED


def test_columns_in_any_order_with_bom_crlf_and_blank_lines() -> None:
    plain = read(f"code,tier\n{CODES[0]},A\n{CODES[1]},D\n")
    other = read(
        codecs.BOM_UTF8 + f" Tier , CODE\r\n\r\nA,{CODES[0]}\r\n\r\nD,{CODES[1]}\r\n".encode()
    )
    assert other.digest() == plain.digest()


def test_header_only_is_refused_unless_empty_is_allowed() -> None:
    assert len(read("code,tier\n", allow_empty=True)) == 0
    message = error("code,tier\n\n")
    assert message.startswith("registry.csv:2: the file has a header but no subjects")


def test_last_line_without_newline() -> None:
    assert len(read(f"code,tier\n{CODES[0]},A\n{CODES[1]},B")) == 2


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (f"{CODES[0]},A\n{CODES[1]}\n", 3, "expected 2 fields (code,tier), found 1"),
        (f"{CODES[0]},A\n\n{CODES[1]},A,x\n", 4, "found 3"),
        (f"{CODES[0]},A\n{CODES[1]},Q\n", 3, "risk tier label 'Q' is not known"),
        (f"{CODES[0]},A\n{CODES[1]}, \n", 3, "tier is empty"),
        (f"{CODES[0]},A\n9135020077604965,A\n", 3, "18 characters are required"),
        (f"{CODES[0]},A\n{CODES[0][:17]}Z,A\n", 3, "not a credit code"),
        (f"{CODES[0]},A\n,A\n", 3, "code is empty"),
        (f"{CODES[0]},A\n{CODES[0]}0,A\n", 3, "has 19 characters"),
        (f"{CODES[0]},A\n{CODES[1]},B\n{CODES[0]},C\n", 4, "appears again (first on line 2)"),
    ],
)
def test_bad_rows_name_their_line(body: str, line: int, words: str) -> None:
    message = error("code,tier\n" + body)
    assert message.startswith(f"registry.csv:{line}: ")
    assert words in message


def test_wrong_check_character_names_the_expected_one_unless_lenient() -> None:
    code = CODES[3]
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    message = error(f"code,tier\n{CODES[0]},A\n{wrong},A\n")
    assert message.startswith("registry.csv:3: ")
    assert f"expected {code[17]!r}" in message
    assert len(read(f"code,tier\n{wrong},A\n", lenient_check_character=True)) == 1


def test_many_bad_rows_show_five_and_the_total() -> None:
    body = "".join(f"{c[:17]}{'0' if c[17] != '0' else '1'},A\n" for c in CODES[:8])
    message = error("code,tier\n" + body)
    assert message.count("registry.csv:") == 5
    assert "in all: 8 code(s) fail the GB 32100-2015 check" in message


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("code,jurisdiction", "no column tier"),
        ("code,tier,name", "unknown column(s) 'name'"),
        ("code,tier,Code", "appear more than once"),
        ("code;tier", "no column code or tier; it reads 'code;tier'"),
        ("code;tier", "(fields are separated by commas, not semicolons)"),
        ("code\ttier", "not tabs"),
    ],
)
def test_bad_header_is_line_1(header: str, words: str) -> None:
    message = error(f"{header}\n{CODES[0]},A,x\n")
    assert message.startswith("registry.csv:1: ")
    assert words in message


def test_unknown_columns_can_be_skipped() -> None:
    pop = read(f"code,name,tier\n{CODES[0]},某某美容店,A\n", ignore_unknown_columns=True)
    assert pop.counts_by_tier()[RiskTier.LOW] == 1


def test_empty_file() -> None:
    assert "the file is empty" in error("")


def test_not_utf8_names_the_line_and_the_way_out() -> None:
    data = f"code,tier\n{CODES[0]},A\n{CODES[1]},高风险\n".encode("gb18030")
    message = error(data)
    assert message.startswith("registry.csv:3: the file is not UTF-8")
    assert "--encoding gb18030" in message
    assert read(data, encoding="gb18030").counts_by_tier()[RiskTier.HIGH] == 1


def test_unknown_encoding_is_bad_input() -> None:
    assert "--encoding 'klingon' is not a text encoding" in error("code,tier\n", encoding="klingon")
    assert "encoding 'klingon' is not a text encoding" in error("code,tier\n", encoding="klingon")


def test_bad_kind_and_status_list_what_is_accepted() -> None:
    message = error(f"code,tier,kind\n{CODES[0]},A,公司\n")
    assert message.startswith("registry.csv:2: subject kind label '公司' is not known")
    assert "个体工商户, 个体, INDIVIDUAL_BUSINESS" in message
    assert "status label 'closed'" in error(f"code,tier,status\n{CODES[0]},A,closed\n")


def test_quoted_file_with_a_line_break_inside_a_field() -> None:
    message = error(f'code,tier,jurisdiction\n{CODES[0]},A,"乌兰\n浩特"\n')
    assert message.startswith("registry.csv:3: ")
    assert "line break" in message


def test_quoted_field_with_a_comma() -> None:
    pop = read(f'code,tier,jurisdiction\n{CODES[0]},A,"兴安盟, 乌兰浩特市"\n')
    assert pop.jurisdiction_labels == ("兴安盟, 乌兰浩特市",)


def _render(rows: list[tuple[str, str, str]], *, quoted: bool, crlf: bool) -> str:
    end = "\r\n" if crlf else "\n"
    q = '"' if quoted else ""
    lines = ["code,tier,jurisdiction"] + [f"{q}{c}{q},{q}{t}{q},{q}{j}{q}" for c, t, j in rows]
    return end.join(lines) + end


rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(CODES),
        st.sampled_from(TIER_WORDS),
        st.sampled_from(["152201", "乌兰浩特市", "", "科尔沁右翼前旗"]),
    ),
    max_size=30,
    unique_by=lambda row: row[0],
)


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy, chunk=st.integers(1, 7), crlf=st.booleans())
def test_both_read_paths_give_the_population_of_the_rows(
    rows: list[tuple[str, str, str]], chunk: int, crlf: bool
) -> None:
    """Quoted (csv module) and unquoted (numpy) files, in chunks of any size, give the same
    Population as building it from the rows directly."""
    expected = Population.from_arrays(
        [r[0] for r in rows] or np.zeros(0, dtype="U18"),
        [RiskTier.parse(r[1]).code for r in rows] or np.zeros(0, dtype=np.uint8),
        jurisdictions=[r[2] for r in rows],
    )
    old = _registry._CHUNK_LINES
    _registry._CHUNK_LINES = chunk
    try:
        fast = read(_render(rows, quoted=False, crlf=crlf), allow_empty=True)
        slow = read(_render(rows, quoted=True, crlf=crlf), allow_empty=True)
    finally:
        _registry._CHUNK_LINES = old
    assert fast.digest() == slow.digest() == expected.digest()


@settings(max_examples=30, deadline=None)
@given(rows=rows_strategy, bad=st.integers(0, 29), chunk=st.integers(1, 7))
def test_the_line_of_a_bad_tier_is_exact_in_any_chunking(
    rows: list[tuple[str, str, str]], bad: int, chunk: int
) -> None:
    if not rows:
        rows = [(CODES[0], "A", "")]
    bad %= len(rows)
    code, _, place = rows[bad]
    rows = [*rows[:bad], (code, "X级", place), *rows[bad + 1 :]]
    old = _registry._CHUNK_LINES
    _registry._CHUNK_LINES = chunk
    try:
        for quoted in (False, True):
            message = error(_render(rows, quoted=quoted, crlf=False))
            assert message.startswith(f"registry.csv:{bad + 2}: risk tier label 'X级'")
    finally:
        _registry._CHUNK_LINES = old


def test_labels_longer_than_the_fast_limit_use_the_dictionary_path() -> None:
    long = "兴安盟" * 40  # 360 bytes, beyond the vectorised label width
    pop = read(f"code,tier,jurisdiction\n{CODES[0]},A,{long}\n{CODES[1]},B,{long}\n")
    assert pop.jurisdiction_labels == (long,)


def test_a_hash_collision_falls_back_to_exact_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    """If two different labels got the same hash, the check against the group's first row
    catches it and the exact dictionary path decides."""
    real_unique = np.unique

    def colliding(values: object, **kwargs: object) -> object:
        if isinstance(values, np.ndarray) and values.dtype == np.uint64:
            values = np.zeros_like(values)  # every label in one group
        return real_unique(values, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(_registry.np, "unique", colliding)
    pop = read(f"code,tier,jurisdiction\n{CODES[0]},A,甲\n{CODES[1]},D,乙\n")
    assert pop.counts_by_tier()[RiskTier.HIGH] == 1
    assert set(pop.jurisdiction_labels) == {"甲", "乙"}
    assert pop.subject_rows([CODES[1]])[0]["jurisdiction"] == "乙"


_TRICKY_PLACES = ["乌兰浩特市", "", "兴安盟, 乌兰浩特市", 'say "城关"', " 城关 ", "a,,b", '"']


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(CODES),
            st.sampled_from(TIER_WORDS),
            st.sampled_from(_TRICKY_PLACES),
        ),
        max_size=20,
        unique_by=lambda row: row[0],
    ),
    quote=st.lists(st.booleans(), min_size=3, max_size=3),
    crlf=st.booleans(),
)
def test_any_quoting_reads_as_the_csv_module_reads_it(
    rows: list[tuple[str, str, str]], quote: list[bool], crlf: bool
) -> None:
    """Fields quoted or not, column by column, with commas, quotes and spaces inside some:
    the reader gives the Population of the rows (simply quoted files take the columnar path,
    the others the csv module)."""

    def field(value: str, column: int) -> str:
        if "," in value or '"' in value:
            return '"' + value.replace('"', '""') + '"'  # as csv.writer must write it
        return f'"{value}"' if quote[column] else value

    end = "\r\n" if crlf else "\n"
    text = "code,tier,jurisdiction" + end
    text += "".join(",".join(field(v, c) for c, v in enumerate(row)) + end for row in rows)
    expected = Population.from_arrays(
        [r[0] for r in rows] or np.zeros(0, dtype="U18"),
        [RiskTier.parse(r[1]).code for r in rows] or np.zeros(0, dtype=np.uint8),
        jurisdictions=[r[2] for r in rows],
    )
    assert read(text, allow_empty=True).digest() == expected.digest()


@pytest.mark.parametrize(
    ("body", "simple"),
    [
        (b'"a",b\n', True),
        (b'a,"b"\r\n"c",d\n', True),
        (b'"",b\n', True),
        (b"a,b\n", True),
        (b'"a,b",c\n', False),  # a comma inside the quotes
        (b'"a""b",c\n', False),  # an escaped quote
        (b'a"b",c\n', False),  # a quote inside a field
        (b'"a"b,c\n', False),  # text after the closing quote
        (b'"a\nb",c\n', False),  # a line break inside the quotes
        (b'"a,c\n', False),  # an odd number of quotes
        (b' "a",c\n', False),  # a space before the opening quote
    ],
)
def test_simple_quoting_is_recognised_exactly(body: bytes, simple: bool) -> None:
    assert _registry._simply_quoted(np.frombuffer(body, dtype=np.uint8)) is simple


def test_a_simply_quoted_registry_takes_the_columnar_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_csv_module(*args: object, **kwargs: object) -> None:
        raise AssertionError("the csv module path was taken")

    monkeypatch.setattr(_registry, "_canonical", no_csv_module)
    pop = read(f'"code","tier","jurisdiction"\n"{CODES[0]}","A","城关"\n{CODES[1]},"B",""\n')
    assert pop.code_strings() == sorted([CODES[0], CODES[1]])
    assert pop.jurisdiction_labels == ("", "城关")
    with pytest.raises(AssertionError, match="csv module path"):
        read(f'code,tier,jurisdiction\n{CODES[0]},A,"兴安盟, 乌兰浩特市"\n')
