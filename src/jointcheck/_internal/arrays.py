"""Reading array-like input: numpy's own failures become jointcheck errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from jointcheck.errors import InvalidInputError

__all__ = ["as_array"]


def as_array(values: Any, *, field: str, flat: bool = False) -> npt.NDArray[Any]:
    """``np.asarray(values)``; ragged, unconvertible or overflowing input (and, with
    ``flat=True``, anything but a one-dimensional array) is an
    :class:`~jointcheck.errors.InvalidInputError` naming ``field``."""
    try:
        array = np.asarray(values)
    except (ValueError, TypeError, OverflowError) as exc:
        reason = str(exc).split(".")[0][:120]
        raise InvalidInputError(
            f"{field} must be a flat array of values (a list or a numpy array): {reason}",
            field=field,
            value=type(values).__name__,
        ) from None
    if flat and array.ndim != 1:
        raise InvalidInputError(
            f"{field} must be a one-dimensional array (a list of values), got shape {array.shape}",
            field=field,
            value=array.shape,
        )
    if flat and array.dtype == object:
        nested = [
            i
            for i, v in enumerate(array.tolist())
            if isinstance(v, (list, tuple, dict, set, frozenset, np.ndarray))
        ]
        if nested:
            raise InvalidInputError(
                f"{field} must hold single values; row {nested[0]} holds a "
                f"{type(array[nested[0]]).__name__}",
                field=field,
                value=nested[0],
            )
    return array
