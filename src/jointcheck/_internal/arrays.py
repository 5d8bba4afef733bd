"""Reading array-like input: numpy's own failures become jointcheck errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from jointcheck.errors import InvalidInputError

__all__ = ["as_array"]


def as_array(values: Any, *, field: str) -> npt.NDArray[Any]:
    """``np.asarray(values)``; ragged, unconvertible or overflowing input is an
    :class:`~jointcheck.errors.InvalidInputError` naming ``field``."""
    try:
        return np.asarray(values)
    except (ValueError, TypeError, OverflowError) as exc:
        reason = str(exc).split(".")[0][:120]
        raise InvalidInputError(
            f"{field} must be a flat array of values (a list or a numpy array): {reason}",
            field=field,
            value=type(values).__name__,
        ) from None
