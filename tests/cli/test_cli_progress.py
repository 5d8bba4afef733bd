"""The progress line: when it shows, and what it writes."""

from __future__ import annotations

import io

import pytest

from jointcheck.cli._progress import AUTO_ROWS, Progress, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("flag", "terminal", "rows", "shown"),
    [
        (None, True, AUTO_ROWS + 1, True),
        (None, True, AUTO_ROWS, False),
        (None, False, 10 * AUTO_ROWS, False),
        (True, False, 1, True),
        (False, True, 10 * AUTO_ROWS, False),
    ],
)
def test_when_it_shows(flag: bool | None, terminal: bool, rows: int, shown: bool) -> None:
    stream = Terminal() if terminal else io.StringIO()
    assert wanted(flag, stream, rows) is shown


def test_bar_and_step() -> None:
    stream = io.StringIO()
    progress = Progress(stream, flag=True)
    progress.bar("reading", 0, 4)
    progress.bar("reading", 4, 4)
    with progress.step("drawing"):
        pass
    text = stream.getvalue()
    assert "\rjointcheck: reading [........................]   0% 0 rows" in text
    assert "\rjointcheck: reading [########################] 100% 4 rows" in text
    assert "\rjointcheck: drawing…" in text
    assert text.endswith(" s\n")
    assert "jointcheck: drawing: " in text


def test_a_failing_step_says_it_stopped() -> None:
    stream = io.StringIO()
    progress = Progress(stream, flag=True)
    with pytest.raises(ValueError, match="boom"), progress.step("drawing"):
        raise ValueError("boom")
    assert stream.getvalue().rstrip(" \n").endswith("jointcheck: drawing: stopped")


def test_disabled_writes_nothing() -> None:
    stream = io.StringIO()
    progress = Progress(stream, flag=None)
    progress.decide(10)
    progress.bar("reading", 1, 2)
    with progress.step("drawing"):
        pass
    assert stream.getvalue() == ""
