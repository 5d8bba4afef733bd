"""How a reader reports its progress on a large file: a protocol, and a silent default.

The command line passes its one-line terminal display; a library caller passes nothing (or
its own object with these three methods, e.g. to feed a web page's progress bar).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

__all__ = ["SILENT", "ReadProgress"]


class ReadProgress(Protocol):
    """What a reader tells about its progress."""

    def decide(self, rows: int) -> None:
        """The file has about ``rows`` rows (a display may turn itself on or off)."""

    def bar(self, label: str, done: int, total: int, *, unit: str = "rows") -> None:
        """``done`` of ``total`` rows are read."""

    def step(self, label: str) -> AbstractContextManager[None]:
        """A step without a count (checking the codes) runs while the context is open."""


class _Silent:
    """Reports nothing."""

    def decide(self, rows: int) -> None:
        del rows

    def bar(self, label: str, done: int, total: int, *, unit: str = "rows") -> None:
        del label, done, total, unit

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        del label
        yield


SILENT: ReadProgress = _Silent()
"""The progress of a caller that shows none."""
