"""Hypothesis strategies for jointcheck's models and populations (needs the ``hypothesis`` extra).

Strategies are plural nouns and check their arguments eagerly. Importing this module
registers them with :func:`hypothesis.strategies.register_type_strategy`, so
``st.from_type(Plan)`` works; when jointcheck is installed, Hypothesis imports it by itself
through its ``hypothesis`` entry point, so a test suite needs no import for that.

Examples:
    >>> from hypothesis import given
    >>> from jointcheck.strategies import populations
    >>> @given(populations(min_size=1, max_size=20))
    ... def test_digest_is_hex(pop):
    ...     assert len(pop.digest()) == 64
"""

from jointcheck.errors import MissingExtraError

try:
    import hypothesis  # noqa: F401
except ImportError:  # pragma: no cover - exercised by a test that hides hypothesis
    raise MissingExtraError(module="hypothesis", extra="hypothesis") from None

from jointcheck.strategies._matching import inspector_pools, matching_instances
from jointcheck.strategies._model import (
    certificates,
    check_items,
    credit_codes,
    departments,
    inspectors,
    plans,
    populations,
    risk_tiers,
    subject_codes,
    subjects,
    tasks,
    team_requirements,
)
from jointcheck.strategies._sampling import (
    exclusions,
    ratios,
    risk_weights,
    sampling_rules,
    seeds,
    tier_counts,
)

__all__ = [
    "certificates",
    "check_items",
    "credit_codes",
    "departments",
    "exclusions",
    "inspector_pools",
    "inspectors",
    "matching_instances",
    "plans",
    "populations",
    "ratios",
    "risk_tiers",
    "risk_weights",
    "sampling_rules",
    "seeds",
    "subject_codes",
    "subjects",
    "tasks",
    "team_requirements",
    "tier_counts",
]
