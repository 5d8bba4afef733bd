"""Hostile values for the fuzz tests: wrong types, bools for numbers, None for labels, huge
and deeply nested data, control characters and lone surrogates."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st


def _object_array(items: list[Any]) -> np.ndarray[Any, Any]:
    array = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        array[i] = item
    return array


SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 2**63, 10**400]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, 2.7, -0.0]),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1e-99999999"), Decimal("1e99999"), Fraction(1, 3)]),
    st.text(max_size=30),
    st.text(st.characters(codec=None, categories=["Cs", "Cc", "Zl"]), max_size=5),
    st.sampled_from(["", " ", "\x00", "=cmd|' /C calc'!A0", "<script>", "\ud800", "x" * 10_000]),
    st.binary(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from([dt.date.min, dt.date.max, dt.datetime(2023, 4, 7, 12, 0)]),
)

VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=8), inner, max_size=4),
        st.frozensets(st.integers(0, 3), max_size=3),
        st.builds(_object_array, st.lists(inner, max_size=3)),
    ),
    max_leaves=8,
)
"""Any hostile Python value (containers included)."""

JSON_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(
        ["1e-99999999", "NaN", "2023-02-30", "9999-12-31", "", "A", "=1+1", "x" * 5000]
    ),
)

JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
"""Any JSON value."""
