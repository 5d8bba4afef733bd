"""The seed ceremony (commit-reveal) and the announcement a draw and its teams are bound to.

1. Before any randomness exists, publish an :class:`Announcement`: the task, the rule and its
   exact quotas, the exclusions with their evidence, the population digest and size, the
   algorithm, the waitlist lengths, the digests of the inspection records and of the team
   inputs, and every party's :class:`Commitment` (at least two distinct parties unless a
   single party is explicitly allowed, and then the record says so).
2. After publication, each party reveals its value (:class:`Reveal`).
3. :func:`derive_seed` checks every reveal against its commitment and hashes the values
   together with the announcement's digest and a purpose label (``"subjects"`` for the draw,
   ``"teams"`` for the matching): both randoms of 双随机 come from one public event.
4. :func:`draw_announced` makes the draw the announcement fixed, and records the
   announcement's digest and the reveals in the :class:`Draw`.

Encoding (``field`` as in the commitment, see ``docs/draw-specification.md``)::

    announcement digest = SHA-256(announcement.model_dump_json())     (the published bytes)
    seed = SHA-256("jointcheck-seed-v2:" + field(announcement digest) + field(purpose)
                   + field(party) + field(value) for each party sorted by UTF-8 bytes)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import Field, field_validator, model_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck._internal.checked import checked
from jointcheck.errors import CeremonyError, InvalidInputError
from jointcheck.model import FrozenModel, Quotas, RiskTier, SamplingRule
from jointcheck.population import Population
from jointcheck.population_digest import DIGEST_VERSION, PopulationDigestVersion
from jointcheck.sampling._commitments import HEX64, Commitment, Reveal, commit, field, party_key
from jointcheck.sampling._draw import Draw, ExclusionReason, SubjectExclusion
from jointcheck.sampling._evidence import HistoryEntry, inspections_digest
from jointcheck.sampling._samplers import check_waitlist, default_waitlist_length, sampler_for
from jointcheck.sampling._tickets import HASH_ALGORITHM

__all__ = [
    "ANNOUNCEMENT_FORMAT",
    "Announcement",
    "PURPOSES",
    "announce",
    "derive_seed",
    "draw_announced",
]

ANNOUNCEMENT_FORMAT = "jointcheck-announcement-v2"
"""Tag of the announcement's JSON layout; it changes whenever a field is added or removed."""

SEED_TAG = "jointcheck-seed-v2"
"""Tag that opens the seed derivation's input."""

PURPOSES: tuple[str, ...] = ("subjects", "teams")
"""Purpose labels of :func:`derive_seed`: the draw of subjects, the matching of teams."""

Purpose = Literal["subjects", "teams"]


class Announcement(FrozenModel):
    """What is published before the seed exists: the draw is then fixed except for the seed.

    Publishing every input first means none of them can be changed after the seed is known
    without the change showing: :func:`verify_draw` and :func:`verify_assignment` compare the
    records with the announcement they name.
    """

    format: Literal["jointcheck-announcement-v2"] = Field(
        default="jointcheck-announcement-v2", description="Layout tag of this record"
    )
    task: NonEmptyStr = Field(description="The task, e.g. its id and name")
    algorithm: NonEmptyStr = Field(
        default=HASH_ALGORITHM, description="Draw algorithm and version, e.g. jointcheck-hash-v1"
    )
    population_digest: str = Field(pattern=HEX64, description="Population.digest()")
    population_digest_version: PopulationDigestVersion
    population_size: int = Field(ge=0, description="Subjects in the population")
    rule: SamplingRule = Field(description="The sampling rule")
    quotas: Quotas = Field(description="The quotas the rule gives on the population")
    exclusions: tuple[SubjectExclusion, ...] = Field(
        default=(), description="Exclusions, with their evidence"
    )
    inspections_digest: str | None = Field(
        default=None,
        pattern=HEX64,
        description="Digest of the inspection records the RECENTLY_INSPECTED exclusions were "
        "computed from (inspections_digest)",
    )
    waitlist_lengths: tuple[int, int, int, int, int] = Field(
        description="Waitlist length (候补) per tier, in tier-code order UNRATED, LOW, MEDIUM, "
        "HIGHER, HIGH"
    )
    team_inputs_digest: str | None = Field(
        default=None,
        pattern=HEX64,
        description="team_inputs_digest() of the matching's inputs (inspector pool, "
        "requirements, recusals, caps, history, window); None when no teams are drawn",
    )
    commitments: tuple[Commitment, ...] = Field(
        min_length=1, description="Every party's commitment, sorted by party"
    )
    single_party: bool = Field(
        default=False,
        description="True when one party alone runs the ceremony (explicitly allowed; it "
        "could then try secrets offline before committing)",
    )

    @field_validator("commitments")
    @classmethod
    def _unique_parties(cls, commitments: tuple[Commitment, ...]) -> tuple[Commitment, ...]:
        keys = [party_key(c.party) for c in commitments]
        dupes = sorted(
            {c.party for c, k in zip(commitments, keys, strict=True) if keys.count(k) > 1}
        )
        if dupes:
            raise ValueError(
                f"parties {dupes} commit more than once (names compared without case, width "
                "and spaces); each party commits exactly once"
            )
        return tuple(sorted(commitments, key=lambda c: c.party.encode()))

    @field_validator("waitlist_lengths")
    @classmethod
    def _non_negative(cls, lengths: tuple[int, ...]) -> tuple[int, ...]:
        if any(n < 0 for n in lengths):
            raise ValueError(f"waitlist lengths {lengths} must be >= 0")
        return lengths

    @model_validator(mode="after")
    def _parties_and_evidence(self) -> Announcement:
        count = len(self.commitments)
        if count < 2 and not self.single_party:
            raise ValueError(
                f"{count} party commits; a ceremony needs at least two distinct parties (e.g. "
                "the department and a 公证处 or the 商改办) so that no single party chooses the "
                "seed; set single_party=True to allow one, and the record says so"
            )
        if count >= 2 and self.single_party:
            raise ValueError(f"single_party=True but {count} parties commit")
        recent = [e for e in self.exclusions if e.reason is ExclusionReason.RECENTLY_INSPECTED]
        if recent and any(e.window is not None for e in recent) and not self.inspections_digest:
            raise ValueError(
                "a RECENTLY_INSPECTED exclusion with its window needs inspections_digest, the "
                "digest of the inspection records it was computed from"
            )
        return self

    def digest(self) -> str:
        """SHA-256 (hex) of the announcement's JSON (``model_dump_json()``, the published bytes)."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()


@checked
def announce(
    population: Population,
    rule: SamplingRule,
    *,
    task: str,
    commitments: Sequence[Commitment],
    exclude: Iterable[SubjectExclusion] = (),
    inspections: Iterable[HistoryEntry] | None = None,
    waitlist: int | None = None,
    algorithm: str = HASH_ALGORITHM,
    team_inputs_digest: str | None = None,
    single_party: bool = False,
) -> Announcement:
    """The :class:`Announcement` of a draw of ``rule`` from ``population``.

    Args:
        population: The registry as extracted (its digest and size are announced).
        rule: The sampling rule; its exact quotas on the subjects left after the exclusions
            are announced.
        task: The task's id and name.
        commitments: One per party, at least two distinct parties.
        exclude: Exclusions, e.g. from :func:`exclude_statuses` and
            :func:`exclude_recently_inspected`.
        inspections: The inspection records the RECENTLY_INSPECTED exclusions came from
            (their digest is announced, so they can be checked).
        waitlist: Waitlist length per tier; ``None`` = a tenth of the quota, at least 5.
        algorithm: The draw algorithm (``jointcheck-hash-v1``; ``numpy-generator-v1`` only
            for simulations).
        team_inputs_digest: :func:`~jointcheck.matching.team_inputs_digest` of the matching's
            inputs, so nobody can tune a recusal list or a cap after seeing the seed.
        single_party: Allow one party alone (the record says so).

    Raises:
        InvalidInputError: an unknown algorithm, a bad waitlist, an exclusion naming a code
            not in the population.
        ModelValidationError: fewer than two parties (without ``single_party``), a party
            committing twice.
    """
    sampler = sampler_for(algorithm)
    if sampler is None:
        raise InvalidInputError(
            f"algorithm {algorithm!r} is not known; known: jointcheck-hash-v1, numpy-generator-v1",
            field="algorithm",
            value=algorithm,
        )
    waitlist = check_waitlist(waitlist)
    exclusions, _, quotas = sampler.prepare(population, rule, exclude)
    lengths: list[int] = []
    for tier in RiskTier.in_code_order():
        record = quotas.record(tier)
        wanted = default_waitlist_length(record.quota) if waitlist is None else waitlist
        lengths.append(min(wanted, record.available - record.quota))
    return Announcement(
        task=task,
        algorithm=algorithm,
        population_digest=population.digest(),
        population_digest_version=DIGEST_VERSION,
        population_size=len(population),
        rule=rule,
        quotas=quotas,
        exclusions=exclusions,
        inspections_digest=None if inspections is None else inspections_digest(inspections),
        waitlist_lengths=(lengths[0], lengths[1], lengths[2], lengths[3], lengths[4]),
        team_inputs_digest=team_inputs_digest,
        commitments=tuple(commitments),
        single_party=single_party,
    )


@checked
def derive_seed(
    announcement: Announcement,
    reveals: Sequence[Reveal],
    *,
    purpose: Purpose = "subjects",
) -> str:
    """Check every reveal against its commitment and derive the seed (64 hex digits).

    Args:
        announcement: The published announcement holding the commitments (its digest is
            bound into the seed).
        reveals: One reveal per committed party.
        purpose: ``"subjects"`` for the draw, ``"teams"`` for the matching: two seeds from
            one ceremony, neither predictable from the other.

    Raises:
        CeremonyError: a party did not reveal, revealed twice, did not commit, or revealed
            a value that does not match its commitment (``.party`` names it).
        InvalidInputError: an unknown purpose.
    """
    if not isinstance(announcement, Announcement):
        raise InvalidInputError(
            f"announcement must be an Announcement (the published record holding the "
            f"commitments), got {type(announcement).__name__}",
            field="announcement",
            value=type(announcement).__name__,
        )
    if purpose not in PURPOSES:
        raise InvalidInputError(
            f"purpose {purpose!r} is not known; allowed: {', '.join(PURPOSES)}",
            field="purpose",
            value=purpose,
        )
    by_party = {c.party: c for c in announcement.commitments}
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
    hasher = hashlib.sha256(
        SEED_TAG.encode() + b":" + field(announcement.digest()) + field(purpose)
    )
    for party in sorted(revealed, key=lambda p: p.encode()):
        hasher.update(field(party) + field(revealed[party]))
    return hasher.hexdigest()


@checked
def draw_announced(
    announcement: Announcement, population: Population, reveals: Sequence[Reveal]
) -> Draw:
    """The draw ``announcement`` fixed, with the seed from ``reveals``, bound to both.

    Raises:
        CeremonyError: the reveals do not give a seed (see :func:`derive_seed`).
        InvalidInputError: ``population`` is not the announced one (digest or size).
    """
    version = announcement.population_digest_version
    if population.digest(version=version) != announcement.population_digest:
        raise InvalidInputError(
            f"population digest {population.digest(version=version)} ({len(population):,} "
            f"subjects) is not the announced {announcement.population_digest} "
            f"({announcement.population_size:,} subjects); draw from the registry as announced",
            field="population",
            value=population.digest(version=version),
        )
    seed = derive_seed(announcement, reveals, purpose="subjects")
    sampler = sampler_for(announcement.algorithm)
    if sampler is None:
        raise InvalidInputError(
            f"the announced algorithm {announcement.algorithm!r} is not known; known: "
            "jointcheck-hash-v1, numpy-generator-v1",
            field="algorithm",
            value=announcement.algorithm,
        )
    made = sampler.draw(
        population,
        announcement.rule,
        seed=seed,
        exclude=announcement.exclusions,
        waitlist=max(announcement.waitlist_lengths),
    )
    strata = tuple(
        s.model_copy(update={"waitlist": s.waitlist[:length]})
        for s, length in zip(made.strata, announcement.waitlist_lengths, strict=True)
    )
    return made.model_copy(
        update={
            "strata": strata,
            "population_digest": announcement.population_digest,
            "population_digest_version": version,
            "announcement_digest": announcement.digest(),
            "reveals": tuple(sorted(reveals, key=lambda r: r.party.encode())),
        }
    )
