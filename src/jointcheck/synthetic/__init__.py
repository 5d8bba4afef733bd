"""The one seeded simulator: registries, inspector directories, visits, signatures, results.

For demos, examples, notebooks, benchmarks and tests; nothing here is real data. Codes are
valid 统一社会信用代码 built from serial numbers, names are made up, and every function takes
a seed: the same arguments always give the same result, on every machine.

* :func:`synthetic_population`: a large columnar registry (the fast path).
* :func:`synthetic_registry`: a registry made of :class:`SubjectGroup` s (kinds, special
  libraries, tier shares), with the tags and names of every subject.
* :func:`synthetic_subjects`: subject models for drawn codes.
* :func:`synthetic_inspectors`: an inspector directory (执法检查人员名录库) with expired
  certificates, unavailable people and specialists.
* :func:`synthetic_visits`: each form's visit, signature or refusal, and every department's
  result, including unreachable and closed subjects and late or missing entries.
"""

from jointcheck.synthetic._codes import synthetic_codes
from jointcheck.synthetic._inspectors import synthetic_inspectors
from jointcheck.synthetic._registry import (
    DEFAULT_TIER_SHARES,
    RATED_TIER_SHARES,
    SubjectGroup,
    SyntheticRegistry,
    synthetic_population,
    synthetic_registry,
    synthetic_subjects,
)
from jointcheck.synthetic._visits import SyntheticRound, VisitRates, synthetic_visits

__all__ = [
    "DEFAULT_TIER_SHARES",
    "RATED_TIER_SHARES",
    "SubjectGroup",
    "SyntheticRegistry",
    "SyntheticRound",
    "VisitRates",
    "synthetic_codes",
    "synthetic_inspectors",
    "synthetic_population",
    "synthetic_registry",
    "synthetic_subjects",
    "synthetic_visits",
]
