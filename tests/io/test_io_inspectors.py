"""The inspector-directory and subjects readers: formats and FILE:LINE errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InvalidInputError
from jointcheck.io import read_inspectors, read_subjects
from jointcheck.matching import MatchSubject
from jointcheck.model import Department
from jointcheck.synthetic import synthetic_codes, synthetic_inspectors

CODES = [c.decode() for c in synthetic_codes(5, seed=2).tolist()]
HEADER = "id,name,department_id,unit_id,certificate_number,valid_from,valid_until,qualifications,specialist,available\n"


def error(reader: object, text: str) -> str:
    with pytest.raises(InvalidInputError) as caught:
        reader(text.encode(), name="people.csv")  # type: ignore[operator]
    return str(caught.value)


def test_csv_reads_every_column() -> None:
    people = read_inspectors(
        (
            HEADER
            + "m1,陈静,samr,town,3413220201,2023-01-01,2027-12-31,,,\n"
            + "\n"
            + "s1,周敏,nhc,,,,,医师资格；药师、护士,是,否\n"
        ).encode(),
        name="people.csv",
    )
    first, second = people
    assert first.certificate is not None
    assert first.certificate.valid_until == dt.date(2027, 12, 31)
    assert first.unit_id == "town"
    assert first.available
    assert not first.specialist
    assert second.certificate is None
    assert set(second.qualifications) == {"护士", "医师资格", "药师"}
    assert second.specialist
    assert not second.available


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("id,name\nm1,陈静\n", "people.csv:1: the header has no column department_id"),
        ("id,name,department_id,rank\nm1,a,d,x\n", "unknown column(s) 'rank'"),
        (
            "id,name,department_id\nm1,a,d\nm1,b,d\n",
            "people.csv:3: inspector id 'm1' appears again (first on line 2)",
        ),
        ("id,name,department_id\nm1,,d\n", "people.csv:2: name: must not be empty"),
        ("id,name,department_id\nm1,a\n", "people.csv:2: expected 3 fields"),
        (
            HEADER + "m1,a,d,,N,2023-13-01,2024-01-01,,,\n",
            "people.csv:2: valid_from '2023-13-01' is not a date",
        ),
        (HEADER + "m1,a,d,,N,2024-01-01,2023-01-01,,,\n", "expires on 2023-01-01 before it starts"),
        (HEADER + "m1,a,d,,,,,,maybe,\n", "people.csv:2: specialist 'maybe' is not yes or no"),
        (
            '[{"id": "m1", "name": "a", "department_id": "d"},\n 3]',
            "people.csv:2: inspector 2 is 3",
        ),
        ('[{"id": "m1"}]', "people.csv:1: inspector 1: name: Field required"),
        ('[{"id": "m1",\n', "people.csv:2: not valid JSON"),
        ('{"id": "m1"}', "must be a JSON list"),
        ("[]", "lists no inspectors"),
    ],
)
def test_bad_directories_name_their_line(text: str, words: str) -> None:
    assert words in error(read_inspectors, text)


def test_json_round_trips_the_synthetic_directory() -> None:
    pool = synthetic_inspectors(
        [Department(id="samr", name="市场监督管理局")], per_unit=5, on=dt.date(2023, 3, 7), seed=1
    )
    text = "[\n" + ",\n".join(p.model_dump_json() for p in pool) + "\n]\n"
    assert read_inspectors(text.encode()) == pool


@settings(max_examples=30, deadline=None)
@given(size=st.integers(1, 8), seed=st.integers(0, 100))
def test_csv_and_json_give_the_same_directory(size: int, seed: int) -> None:
    pool = synthetic_inspectors(
        [Department(id="samr", name="市场监督管理局")],
        per_unit=size,
        on=dt.date(2023, 3, 7),
        seed=seed,
        qualifications={"samr": ("广告审查",)},
    )
    rows = [HEADER.rstrip("\n")]
    for p in pool:
        c = p.certificate
        rows.append(
            ",".join(
                [
                    p.id,
                    p.name,
                    p.department_id,
                    p.unit_id or "",
                    c.number if c else "",
                    c.valid_from.isoformat() if c else "",
                    c.valid_until.isoformat() if c else "",
                    ";".join(p.qualifications),
                    "1" if p.specialist else "0",
                    "1" if p.available else "0",
                ]
            )
        )
    from_csv = read_inspectors("\n".join(rows).encode())
    from_json = read_inspectors(json.dumps([p.model_dump(mode="json") for p in pool]).encode())
    assert from_csv == from_json == pool


def test_subjects_from_lines_lists_and_draws() -> None:
    lines = f"# drawn\n{CODES[0]}\n\n{CODES[1]}\n".encode()
    assert [s.code for s in read_subjects(lines)] == CODES[:2]
    listed = json.dumps([CODES[0], {"code": CODES[1], "jurisdiction": "城关镇"}]).encode()
    assert read_subjects(listed)[1] == MatchSubject(code=CODES[1], jurisdiction="城关镇")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (f"{CODES[0]}\n{CODES[1]},A\n", "people.csv:2: "),
        (f"{CODES[0]}\n{CODES[1]},A\n", "one code per line"),
        (f'["{CODES[0]}",\n 7]', "people.csv:2: subject 2 is 7"),
        ('{"selected": 1}', "not a valid draw"),
        ("x" * 100_000, "far too long"),
    ],
)
def test_bad_subjects_name_their_line(text: str, words: str) -> None:
    message = error(read_subjects, text)
    assert words in message
    assert len(message) < 2000
