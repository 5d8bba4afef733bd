"""Hostile files give one clear error naming file, line, field, value and what is allowed."""

from __future__ import annotations

import codecs
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.io import read_inspectors, read_registry, read_subjects
from jointcheck.model import RiskTier
from jointcheck.population import Population
from jointcheck.synthetic import synthetic_codes

CODES = [c.decode() for c in synthetic_codes(20, seed=11).tolist()]
READERS: tuple[Any, ...] = (read_registry, read_inspectors, read_subjects)


def attempt(reader: Any, data: bytes, **options: object) -> object:
    """The reader's result, or the jointcheck error it raised (any other exception fails)."""
    try:
        return reader(data, **options)
    except InvalidInputError as exc:
        return exc


def error(reader: Any, data: bytes, **options: object) -> str:
    with pytest.raises(InvalidInputError) as caught:
        reader(data, name="f.csv", **options)
    return str(caught.value)


@pytest.mark.parametrize("reader", READERS)
def test_binary_input_is_not_a_table(reader: Any) -> None:
    message = error(reader, b"code,tier\n\x00\x01\x02\xff")
    assert message.startswith("f.csv:2: the file holds binary data (a NUL byte at offset 10")


@pytest.mark.parametrize("reader", READERS)
def test_an_xlsx_file_is_named_as_such(reader: Any) -> None:
    assert "xlsx or zip archive" in error(reader, b"PK\x03\x04\x14\x00" + b"\x00" * 40)


def test_utf16_needs_its_encoding_named() -> None:
    data = f"code,tier\n{CODES[0]},高风险\n".encode("utf-16")
    assert "encoding='utf-16'" in error(read_registry, data)
    assert read_registry(data, encoding="utf-16").counts_by_tier()[RiskTier.HIGH] == 1


def test_gbk_is_recognised_and_read_with_its_encoding() -> None:
    data = f"code,tier,jurisdiction\n{CODES[0]},高风险,乌兰浩特市\n".encode("gbk")
    message = error(read_registry, data)
    assert message.startswith("f.csv:2: the file is not UTF-8")
    assert "reads as GBK/GB18030" in message
    assert "encoding='gb18030'" in message
    population = read_registry(data, encoding="gbk")
    assert population.jurisdiction_labels == ("乌兰浩特市",)


def test_a_bom_is_dropped_by_every_reader() -> None:
    bom = codecs.BOM_UTF8
    assert len(read_registry(bom + f"code,tier\n{CODES[0]},A\n".encode())) == 1
    assert read_subjects(bom + f"{CODES[0]}\n".encode())[0].code == CODES[0]
    people = read_inspectors(bom + "id,name,department_id\nm1,陈静,samr\n".encode())
    assert people[0].id == "m1"


@pytest.mark.parametrize("quoted", [False, True])
def test_a_huge_field_is_refused_and_shortened(quoted: bool) -> None:
    q = '"' if quoted else ""
    huge = "乌" * 2_000_000
    data = f"code,tier,jurisdiction\n{CODES[0]},A,x\n{CODES[1]},A,{q}{huge}{q}\n".encode()
    started = time.perf_counter()
    message = error(read_registry, data)
    assert time.perf_counter() - started < 5
    assert message.startswith("f.csv:3: ")
    assert len(message) < 400
    assert "jurisdiction" in message or "field" in message
    assert "at most 4,096 bytes" in message


def test_field_and_row_limits_are_options() -> None:
    body = "".join(f"{c},A,{'x' * 10}\n" for c in CODES[:5])
    data = f"code,tier,jurisdiction\n{body}".encode()
    assert "at most 9 bytes" in error(read_registry, data, max_field_bytes=9)
    for quoted in (False, True):
        text = data if not quoted else data.replace(b",A,", b',"A",')
        message = error(read_registry, text, max_rows=3)
        assert message.startswith("f.csv:5: the registry has more than 3 subjects (max_rows)")
    assert len(read_registry(data, max_rows=5)) == 5
    assert "max_rows=0 must be a whole number >= 1" in error(read_registry, data, max_rows=0)
    assert "max_rows" in error(read_registry, data, max_rows=True)


def test_a_huge_header_line_is_refused() -> None:
    message = error(read_registry, b"code,tier," + b"x" * 200_000 + b"\n")
    assert message.startswith("f.csv:1: the header line is 200,010 bytes long")


@pytest.mark.parametrize("reader", READERS)
def test_header_only_or_empty_files_are_bad_input(reader: Any) -> None:
    header = {
        read_registry: b"code,tier\n",
        read_inspectors: b"id,name,department_id\n",
        read_subjects: b"# no codes\n",
    }[reader]
    assert "no " in error(reader, header)
    message = error(reader, b"")
    assert "empty" in message or "no subject" in message


def test_paths_are_read_and_missing_files_named(tmp_path: Path) -> None:
    path = tmp_path / "名录库.csv"
    path.write_text(f"code,tier\n{CODES[0]},D\n", encoding="utf-8")
    assert len(read_registry(path)) == 1
    assert len(read_registry(str(path))) == 1
    with pytest.raises(InvalidInputError, match="does not exist"):
        read_registry(tmp_path / "missing.csv")
    with pytest.raises(InvalidInputError, match="is a directory"):
        read_registry(tmp_path)
    with pytest.raises(InvalidInputError, match="give a path"):
        read_registry(42)  # type: ignore[arg-type]
    for unnameable in ("\ud800.csv", "a\x00b.csv"):  # no file system names these
        with pytest.raises(InvalidInputError, match="cannot name a file"):
            read_registry(unnameable)
    path.write_text(f"code,tier\n{CODES[0]},E\n", encoding="utf-8")
    with pytest.raises(InvalidInputError, match=rf"^{path}:2: risk tier label 'E'"):
        read_registry(path)


def test_deep_json_nesting_is_bad_input() -> None:
    deep = b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]"
    assert "nested too deeply" in error(read_inspectors, deep)
    assert "nested too deeply" in error(read_subjects, deep)
    assert "nested too deeply" in error(read_subjects, b'{"a":' * 50_000 + b"1" + b"}" * 50_000)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300), reader=st.sampled_from(READERS))
def test_any_bytes_give_a_result_or_a_jointcheck_error(data: bytes, reader: Any) -> None:
    outcome = attempt(reader, data, name="f")
    if isinstance(outcome, InvalidInputError):
        assert str(outcome).startswith("f")
        assert len(str(outcome)) < 2000


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(CODES),
            st.sampled_from(["A", "高风险", "", "x", '"', "\r", "较高", "2.7", "\t"]),
            st.text(max_size=8),
        ),
        max_size=6,
    )
)
def test_any_registry_text_gives_a_population_or_a_line_error(
    rows: list[tuple[str, str, str]],
) -> None:
    text = "code,tier,jurisdiction\n" + "".join(f"{c},{t},{j}\n" for c, t, j in rows)
    outcome = attempt(read_registry, text.encode("utf-8", "surrogatepass"), name="f.csv")
    if isinstance(outcome, InvalidInputError):
        assert str(outcome).startswith("f.csv:")
    else:
        assert isinstance(outcome, Population)
        assert 1 <= len(outcome) <= len(rows)


def test_model_json_files_name_line_and_column() -> None:
    from jointcheck.io import read_json, read_model, read_text
    from jointcheck.model import Department

    assert read_model('\ufeff{"id": "d", "name": "局"}'.encode(), Department).id == "d"
    with pytest.raises(InvalidInputError, match=r"^d\.json:2:5: department is not valid JSON"):
        read_model(b'{"id": "d",\n    x}', Department, name="d.json", what="department")
    with pytest.raises(
        InvalidInputError, match=r"^d\.json: not a valid Department \(Department JSON\)"
    ):
        read_model(b'{"id": "d"}', Department, name="d.json")
    with pytest.raises(InvalidInputError, match="nested too deeply"):
        read_json(b"[" * 100_000 + b"]" * 100_000, name="deep.json")
    with pytest.raises(InvalidInputError, match="binary data"):
        read_text(b"\x00\x01", name="x")
    with pytest.raises(InvalidInputError, match="holds 11 bytes; at most 10"):
        read_text(b"x" * 11, name="x", max_bytes=10)
    assert read_text("高风险".encode("gbk"), encoding="gb18030") == "高风险"


def test_a_huge_code_or_inspector_field_is_not_echoed() -> None:
    message = error(read_registry, b"code,tier\n" + b"X" * 3_000_000 + b",A\n")
    assert message.startswith("f.csv:2: code 'XXXX")
    assert "has 3,000,000 bytes" in message
    assert len(message) < 300
    message = error(read_inspectors, b"id,name,department_id\nm," + b"Z" * 3_000_000 + b",d\n")
    assert message.startswith("f.csv:2: not valid CSV: a field is larger than")
    assert len(message) < 300
