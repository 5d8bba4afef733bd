"""How a bad value is shown in an error message (every layer shortens it the same way)."""

from __future__ import annotations

from typing import Any

__all__ = ["shorten"]

_SHOWN = 60


def shorten(value: Any, *, limit: int = _SHOWN) -> str:
    """``repr(value)``, cut to about ``limit`` characters with the full length noted.

    Only the first ``4 * limit`` characters of a long string are ever copied, so a
    200 MB cell costs no more than a short one.

    Examples:
        >>> shorten("x" * 1000, limit=20)
        "'xxxxxxxxxxxxxxxx... (1,000 characters)"
    """
    if isinstance(value, (str, bytes)) and len(value) > 4 * limit:
        return f"{repr(value[: 4 * limit])[: limit - 3]}... ({len(value):,} characters)"
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 3]}... ({len(text):,} characters)"
