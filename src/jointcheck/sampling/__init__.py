"""Drawing market subjects (随机抽取检查对象): samplers, the audit record, verification.

* :class:`HashSampler` (default, the legal draw) ranks subjects by SHA-256 tickets of
  ``(seed, code)``; anyone can recompute it (``docs/draw-specification.md``).
* :class:`GeneratorSampler` uses numpy's ``Generator``, for simulations.
* :class:`Draw` is the audit record; :meth:`Draw.replace` takes the next waitlisted subject.
* :func:`verify_draw` and :func:`check_quotas` list every violation.
* :func:`commit`, :func:`announce`, :func:`derive_seed` and :func:`draw_announced` run a
  commit-reveal seed ceremony and bind the draw to it; :func:`declared_facts` lists what
  no registry or record can confirm.

The rule models (:class:`~jointcheck.model.SamplingRule`, :class:`~jointcheck.model.Ratio`, …)
live in :mod:`jointcheck.model`, with the plans that carry them.

Examples:
    >>> from jointcheck.model import SamplingRule
    >>> from jointcheck.population import Population
    >>> pop = Population.from_arrays(
    ...     ["91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59"], ["D", "D", "A"]
    ... )
    >>> draw = HashSampler().draw(pop, SamplingRule.parse("高风险企业不低于10%"), seed="2023-03-03")
    >>> draw.selected, verify_draw(draw, pop, allow_unbound_seed=True)
    (('91350200776049653A',), [])
"""

from jointcheck.sampling._ceremony import Announcement, announce, derive_seed, draw_announced
from jointcheck.sampling._commitments import Commitment, Reveal, commit
from jointcheck.sampling._draw import Draw, ExclusionReason, Replacement, Stratum, SubjectExclusion
from jointcheck.sampling._evidence import DeclaredFact, declared_facts, inspections_digest
from jointcheck.sampling._exclusions import (
    exclude_recently_inspected,
    exclude_statuses,
    exclusion_from_mask,
)
from jointcheck.sampling._samplers import (
    GeneratorSampler,
    HashSampler,
    Sampler,
    check_exclusions,
    check_seed,
    check_waitlist,
    default_waitlist_length,
)
from jointcheck.sampling._tickets import seed_key, ticket
from jointcheck.sampling._verify import DrawViolation, DrawViolationKind, check_quotas, verify_draw

__all__ = [
    "Announcement",
    "Commitment",
    "DeclaredFact",
    "Draw",
    "DrawViolation",
    "DrawViolationKind",
    "ExclusionReason",
    "GeneratorSampler",
    "HashSampler",
    "Replacement",
    "Reveal",
    "Sampler",
    "Stratum",
    "SubjectExclusion",
    "announce",
    "check_exclusions",
    "check_quotas",
    "check_seed",
    "check_waitlist",
    "commit",
    "declared_facts",
    "default_waitlist_length",
    "derive_seed",
    "draw_announced",
    "exclude_recently_inspected",
    "exclude_statuses",
    "exclusion_from_mask",
    "inspections_digest",
    "seed_key",
    "ticket",
    "verify_draw",
]
