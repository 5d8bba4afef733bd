"""Valid, distinct 统一社会信用代码 built from serial numbers (never real subjects)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck._internal.credit_code import CHARSET, WEIGHTS
from jointcheck._internal.text import shorten
from jointcheck.errors import InvalidInputError

__all__ = ["check_count", "check_region", "check_seed", "codes_from_serials", "synthetic_codes"]

_CHARS = np.frombuffer(CHARSET.encode(), dtype=np.uint8)
_MAX = 31**9


def codes_from_serials(
    prefixes: npt.NDArray[np.bytes_], region: str, serials: npt.NDArray[np.int64]
) -> npt.NDArray[np.bytes_]:
    """Codes ``prefix + region + serial (nine base-31 digits) + check character``, as ``S18``."""
    n = len(serials)
    rows = np.empty((n, 18), dtype=np.uint8)
    rows[:, 0:2] = np.asarray(prefixes, dtype="S2").view(np.uint8).reshape(n, 2)
    rows[:, 2:8] = np.frombuffer(region.encode(), dtype=np.uint8)
    serial = serials.astype(np.int64, copy=True)
    for position in range(16, 7, -1):
        rows[:, position] = _CHARS[serial % 31]
        serial //= 31
    lut = np.zeros(256, dtype=np.int64)
    lut[_CHARS] = np.arange(31)
    total = np.zeros(n, dtype=np.int64)
    for position, weight in enumerate(WEIGHTS):
        total += lut[rows[:, position]] * weight
    rows[:, 17] = _CHARS[(31 - total % 31) % 31]
    return rows.view("S18").reshape(n)


def check_region(region: object) -> str:
    """A 6-digit division code (GB/T 2260), or a named error."""
    if not isinstance(region, str) or len(region) != 6 or not region.isdigit():
        raise InvalidInputError(
            f"region {shorten(region)} must be a 6-digit division code, e.g. '152201'",
            field="region",
            value=region,
        )
    return region


def check_count(value: object, field: str, *, upper: int = _MAX) -> int:
    """A whole number ``0 <= value <= upper`` (a bool or a float is not a count)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= upper:
        raise InvalidInputError(
            f"{field}={shorten(value)} must be a whole number from 0 to {upper:,}",
            field=field,
            value=value,
        )
    return value


def check_seed(seed: object, *, text: bool = False) -> None:
    """A whole number >= 0 (or, where ``text``, also a str); a bool is not a seed."""
    if isinstance(seed, bool) or not (
        (isinstance(seed, int) and seed >= 0) or (text and isinstance(seed, str))
    ):
        allowed = "a whole number >= 0 or text" if text else "a whole number >= 0"
        raise InvalidInputError(f"seed {shorten(seed)} must be {allowed}", field="seed", value=seed)


@checked
def synthetic_codes(n: int, *, region: str = "152201", seed: int = 0) -> npt.NDArray[np.bytes_]:
    """``n`` distinct valid credit codes (``S18``) of enterprises (``91``) in ``region``, shuffled.

    Examples:
        >>> synthetic_codes(2, seed=1).tolist()
        [b'91152201000000000G', b'91152201000000001K']
    """
    check_count(n, "n")
    check_region(region)
    check_seed(seed)
    rng = np.random.default_rng(seed)
    serial = rng.permutation(n).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
    return codes_from_serials(np.full(n, b"91", dtype="S2"), region, serial)
