"""The seed ceremony (commit-reveal): no single party can choose or foresee the seed.

1. Before anything is drawn, publish an :class:`Announcement`: the population digest, the
   counts and quotas, the exclusions and every party's :class:`Commitment` to a secret value.
2. After publication, each party reveals its value (:class:`Reveal`).
3. :func:`derive_seed` checks every reveal against its commitment and hashes the values
   together with the announcement's digest into the seed.

Encoding (all strings UTF-8; ``field(s)`` is ``len(s) + ":" + s + ","``, with ``len`` in
bytes, written in decimal)::

    commitment = SHA-256("jointcheck-commit-v1:" + field(party) + field(value))
    seed       = SHA-256("jointcheck-seed-v1:" + field(context)
                         + field(party) + field(value) for each party sorted by UTF-8 bytes)

both as 64 lowercase hex digits; ``context`` is the announcement digest (or ``""``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from pydantic import Field, field_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck.errors import CeremonyError
from jointcheck.model import FrozenModel, Quotas, SamplingRule
from jointcheck.population import Population
from jointcheck.sampling._draw import SubjectExclusion

__all__ = [
    "MIN_SECRET_CHARS",
    "Announcement",
    "Commitment",
    "Reveal",
    "announce",
    "commit",
    "derive_seed",
]

MIN_SECRET_CHARS = 32
"""A secret value has at least this many characters (use ``secrets.token_hex(32)``): a short
value could be guessed from its commitment before it is revealed."""

_HEX64 = r"^[0-9a-f]{64}$"


def _field(text: str) -> bytes:
    raw = text.encode("utf-8")
    return str(len(raw)).encode() + b":" + raw + b","


class Commitment(FrozenModel):
    """A party's published commitment: SHA-256 of its secret value (承诺值)."""

    party: NonEmptyStr = Field(description="Who commits, e.g. 兴安盟市场监督管理局 or 公证处")
    digest: str = Field(pattern=_HEX64, description="SHA-256 (hex) of the party and its value")


class Reveal(FrozenModel):
    """A party's secret value, revealed after every commitment is published."""

    party: NonEmptyStr = Field(description="Who reveals")
    value: str = Field(
        min_length=MIN_SECRET_CHARS, description="The secret value (e.g. secrets.token_hex(32))"
    )


def commit(party: str, value: str) -> Commitment:
    """The commitment to publish for ``value``; keep ``value`` secret until the reveal.

    Examples:
        >>> commit("公证处", "0" * 64).digest[:16]
        '092d25f4df15a3cc'
    """
    Reveal(party=party, value=value)  # same checks as at the reveal
    digest = hashlib.sha256(b"jointcheck-commit-v1:" + _field(party) + _field(value))
    return Commitment(party=party, digest=digest.hexdigest())


class Announcement(FrozenModel):
    """What is published before the seed exists: the draw is then fixed except for the seed.

    Publishing the population digest, counts, quotas and exclusions first means none of
    them can be changed after the seed is known without the change showing.
    """

    task: NonEmptyStr = Field(description="The task, e.g. its id and name")
    population_digest: str = Field(pattern=_HEX64, description="Population.digest()")
    population_size: int = Field(ge=0, description="Subjects in the population")
    rule: SamplingRule = Field(description="The sampling rule")
    quotas: Quotas = Field(description="The quotas the rule gives on the population")
    exclusions: tuple[SubjectExclusion, ...] = Field(
        default=(), description="Exclusions, with reasons"
    )
    commitments: tuple[Commitment, ...] = Field(
        min_length=1, description="Every party's commitment, sorted by party"
    )

    @field_validator("commitments")
    @classmethod
    def _unique_parties(cls, commitments: tuple[Commitment, ...]) -> tuple[Commitment, ...]:
        parties = [c.party for c in commitments]
        dupes = sorted({p for p in parties if parties.count(p) > 1})
        if dupes:
            raise ValueError(f"parties {dupes} commit more than once; one commitment each")
        return tuple(sorted(commitments, key=lambda c: c.party.encode()))

    def digest(self) -> str:
        """SHA-256 (hex) of the announcement's JSON: the ``context`` of :func:`derive_seed`."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


def announce(
    population: Population,
    rule: SamplingRule,
    *,
    task: str,
    commitments: Sequence[Commitment],
    exclude: Iterable[SubjectExclusion] = (),
) -> Announcement:
    """The :class:`Announcement` of a draw of ``rule`` from ``population``."""
    from jointcheck.sampling._samplers import HashSampler

    exclusions, _, quotas = HashSampler().prepare(population, rule, exclude)
    return Announcement(
        task=task,
        population_digest=population.digest(),
        population_size=len(population),
        rule=rule,
        quotas=quotas,
        exclusions=exclusions,
        commitments=tuple(commitments),
    )


def derive_seed(
    commitments: Sequence[Commitment] | Announcement,
    reveals: Sequence[Reveal],
    *,
    context: str | None = None,
) -> str:
    """Check every reveal against its commitment and derive the seed (64 hex digits).

    Args:
        commitments: The published commitments, or the :class:`Announcement` holding them
            (its digest is then the context).
        reveals: One reveal per committed party.
        context: Bound into the seed; defaults to the announcement's digest, or ``""``.

    Raises:
        CeremonyError: a party did not reveal, revealed twice, did not commit, or revealed
            a value that does not match its commitment (``.party`` names it).
    """
    if isinstance(commitments, Announcement):
        if context is None:
            context = commitments.digest()
        committed = commitments.commitments
    else:
        committed = tuple(commitments)
    context = context or ""
    by_party = {c.party: c for c in committed}
    if len(by_party) != len(committed):
        party = next(p for p in by_party if sum(c.party == p for c in committed) > 1)
        raise CeremonyError(f"party {party!r} committed more than once", party=party)
    if not by_party:
        raise CeremonyError("no commitments: at least one party must commit", party=None)
    revealed: dict[str, str] = {}
    for reveal in reveals:
        if reveal.party in revealed:
            raise CeremonyError(f"party {reveal.party!r} revealed twice", party=reveal.party)
        if reveal.party not in by_party:
            raise CeremonyError(
                f"party {reveal.party!r} revealed a value but never committed; committed: "
                f"{sorted(by_party)}",
                party=reveal.party,
            )
        if commit(reveal.party, reveal.value) != by_party[reveal.party]:
            raise CeremonyError(
                f"the value revealed by {reveal.party!r} does not match its commitment "
                f"{by_party[reveal.party].digest}",
                party=reveal.party,
            )
        revealed[reveal.party] = reveal.value
    missing = sorted(set(by_party) - set(revealed))
    if missing:
        raise CeremonyError(
            f"parties {missing} committed but did not reveal; the seed cannot be derived "
            "(a withheld reveal must stop the draw, not be skipped)",
            party=missing[0],
        )
    hasher = hashlib.sha256(b"jointcheck-seed-v1:" + _field(context))
    for party in sorted(revealed, key=lambda p: p.encode()):
        hasher.update(_field(party) + _field(revealed[party]))
    return hasher.hexdigest()
