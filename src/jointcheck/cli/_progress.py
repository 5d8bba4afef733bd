"""A one-line progress display on standard error, written by hand (no dependency).

Shown for registries of more than :data:`AUTO_ROWS` subjects when standard error is a
terminal, or always with ``--progress`` (never with ``--no-progress``). Reading the CSV shows
a bar with the share of rows read; library steps that report nothing (checking the codes,
hashing them for the draw) show their name and the seconds elapsed, updated by a background
thread, and end with the time they took.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["AUTO_ROWS", "Progress", "wanted"]

AUTO_ROWS = 1_000_000
"""Above this many subjects the progress line is shown when standard error is a terminal."""

_WIDTH = 24
_INTERVAL = 0.2


def wanted(flag: bool | None, stream: TextIO, rows: int) -> bool:
    """Whether to show progress: ``flag`` if given, else a terminal and over :data:`AUTO_ROWS`."""
    if flag is not None:
        return flag
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and rows > AUTO_ROWS


class Progress:
    """Draws one status line, rewritten in place with a carriage return.

    A disabled instance does nothing, so callers never test whether it is on.
    """

    def __init__(self, stream: TextIO, *, flag: bool | None = None) -> None:
        self.stream = stream
        self.flag = flag
        self.enabled = bool(flag)
        self._last_draw = 0.0
        self._shown = 0
        self._lock = threading.Lock()

    def decide(self, rows: int) -> None:
        """Turn the display on or off once the number of rows is known (see :func:`wanted`)."""
        self.enabled = wanted(self.flag, self.stream, rows)

    def _draw(self, text: str, *, final: bool = False) -> None:
        with self._lock:
            pad = max(0, self._shown - len(text))
            self.stream.write("\r" + text + " " * pad + ("\n" if final else ""))
            self.stream.flush()
            self._shown = 0 if final else len(text)

    def bar(self, label: str, done: int, total: int, *, unit: str = "rows") -> None:
        """Show ``label`` with a bar at ``done / total`` (redrawn at most five times a second)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last_draw < _INTERVAL:
            return
        self._last_draw = now
        share = done / total if total else 1.0
        filled = round(share * _WIDTH)
        text = (
            f"jointcheck: {label} [{'#' * filled}{'.' * (_WIDTH - filled)}] "
            f"{share:4.0%} {done:,} {unit}"
        )
        self._draw(text, final=done >= total)

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """Show ``label`` and the seconds elapsed while the body runs, then the time taken."""
        if not self.enabled:
            yield
            return
        start = time.monotonic()
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(_INTERVAL):
                self._draw(f"jointcheck: {label}… {time.monotonic() - start:.1f} s")

        self._draw(f"jointcheck: {label}…")
        ticker = threading.Thread(target=tick, name="jointcheck-progress", daemon=True)
        ticker.start()
        ok = False
        try:
            yield
            ok = True
        finally:
            stop.set()
            ticker.join()
            outcome = f"{time.monotonic() - start:.1f} s" if ok else "stopped"
            self._draw(f"jointcheck: {label}: {outcome}", final=True)
