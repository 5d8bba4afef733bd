"""The command fed hostile files: binary, non-UTF-8, GBK, a BOM, huge fields, deeply nested
JSON, formula cells, header-only and empty files. Whatever the file, the exit code is 0, 1
or 2, a bad input is one line on standard error, and nothing prints a traceback or hangs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jointcheck.cli import main

from .test_hostile_api import OutOfTimeError, time_bound

HEADER = "code,tier,jurisdiction\n"
ROW = "91350200776049653A,A,城关镇\n"
FIXED: dict[str, bytes] = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "nul": (HEADER + "91350200776049653A,A,a\x00b\n").encode(),
    "non-utf8": HEADER.encode() + b"91350200776049653A,A,\xff\xfe\n",
    "gbk": (HEADER + ROW).encode("gbk"),
    "bom": ("\ufeff" + HEADER + ROW).encode("utf-8"),
    "header-only": HEADER.encode(),
    "huge-field": (HEADER + "91350200776049653A,A," + "x" * 300_000 + "\n").encode(),
    "huge-code": (HEADER + "9" * 300_000 + ",A,j\n").encode(),
    "formula": (HEADER + "=cmd|' /C calc'!A0,A,j\n91350200776049653A,=1+1,@SUM(A1)\n").encode(),
    "open-quote": (HEADER + '"91350200776049653A,A,j\n').encode(),
    "nested-json": b"[" * 100_000 + b"]" * 100_000,
    "nested-object": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    "big-number": b'{"kind": "working_days", "n": ' + b"9" * 10_000 + b"}",
    "tiny-decimal": b'{"percent": "1e-99999999"}',
    "json-scalar": b"null",
    "surrogate": b'{"seed": "\\ud800"}',
    "lines": b"\r\n" * 10_000,
}

COMMANDS = {
    "draw": lambda f: ["draw", f, "--rule", "50%", "--seed", "1"],
    "draw-gbk": lambda f: ["draw", f, "--rule", "50%", "--seed", "1", "--encoding", "gb18030"],
    "verify": lambda f: ["verify", f, f],
    "match": lambda f: ["match", f],
    "match-pieces": lambda f: [
        "match",
        "--subjects",
        f,
        "--inspectors",
        f,
        "--department",
        "d",
        "--on",
        "2025-06-02",
        "--seed",
        "1",
    ],
    "deadline-rule": lambda f: ["deadline", "2023-04-07", "--rule", "@" + f],
    "deadline-schedule": lambda f: [
        "deadline",
        "2023-04-07",
        "--working-days",
        "2",
        "--schedule",
        f,
    ],
}


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with time_bound(10):
            code = main(argv, out=out, err=err)
    except OutOfTimeError:
        pytest.fail(f"jointcheck {' '.join(argv)[:200]} ran past 10 s")
    return code, out.getvalue(), err.getvalue()


def holds_the_contract(code: int, err: str) -> None:
    assert code in (0, 1, 2), (code, err[:500])
    assert "Traceback" not in err
    assert "internal error" not in err, err[:500]
    assert len(err) < 5000
    if code == 2:
        assert err.startswith("jointcheck: error: "), err[:500]
        assert err.count("\n") == 1, err[:500]


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("name", sorted(FIXED))
def test_hostile_files(tmp_path: Path, name: str, command: str) -> None:
    path = tmp_path / f"{name}.{'json' if 'schedule' in command else 'csv'}"
    path.write_bytes(FIXED[name])
    code, _, err = run(COMMANDS[command](str(path)))
    holds_the_contract(code, err)
    if name in ("binary", "non-utf8", "nested-json", "huge-code", "empty", "header-only"):
        assert code == 2, err


def test_a_gbk_file_reads_with_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes(FIXED["gbk"])
    code, out, err = run(COMMANDS["draw-gbk"](str(path)))
    assert code == 0, err
    assert json.loads(out)["population_size"] == 1


FRAGMENTS = st.sampled_from(
    [
        HEADER, ROW, "=1+1", "@x", "+1", "-1", "\t", "\r", "\n", ",", '"', "\x00", "\ufeff",
        "{", "}", "[", "]", '"percent":', '"1e-99999999"', "null", "true", "城关镇", "A", "较高风险",
        "91350503MA31DKY80A", "x" * 1000,
    ]
)  # fmt: skip


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    text = "".join(draw(st.lists(FRAGMENTS, max_size=30)))
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "gb18030", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data += draw(st.binary(max_size=64))
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=hostile_files(), command=st.sampled_from(sorted(COMMANDS)))
def test_fuzzed_files(tmp_path_factory: pytest.TempPathFactory, data: bytes, command: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input.csv"
    path.write_bytes(data)
    code, _, err = run(COMMANDS[command](str(path)))
    holds_the_contract(code, err)
