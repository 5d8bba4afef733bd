"""The audit record of a draw (抽取记录): :class:`Draw`, its strata, exclusions and replacements."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from enum import Enum
from typing import Any

from pydantic import Field, field_validator, model_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck._internal.display import Shown, html_table
from jointcheck.errors import InvalidInputError
from jointcheck.model import (
    DateWindow,
    FrozenModel,
    OperatingStatus,
    Quotas,
    RiskTier,
    SamplingRule,
)
from jointcheck.population_digest import PopulationDigestVersion
from jointcheck.sampling._commitments import HEX64, Reveal

__all__ = ["Draw", "SubjectExclusion", "ExclusionReason", "Replacement", "Stratum"]


class ExclusionReason(str, Enum):
    """Why subjects were left out before the draw (per task; no national rule fixes these)."""

    STATUS = "STATUS"  # 登记状态: 已注销、吊销、撤销、迁出 (or 停业) subjects
    RECENTLY_INSPECTED = "RECENTLY_INSPECTED"  # 近期已被同一部门检查 (within N months)
    FREQUENCY_CAP = "FREQUENCY_CAP"  # 已达同一企业年度检查频次上限
    OUT_OF_SCOPE = "OUT_OF_SCOPE"  # 不属于本次抽查任务范围
    OTHER = "OTHER"  # 其他 (detail says why)


class SubjectExclusion(FrozenModel):
    """Subjects left out of the draw for one reason, e.g. inspected by the same department
    within the last 6 months. Codes are stored sorted and unique.

    The evidence fields make an exclusion checkable: ``statuses`` (a STATUS exclusion) against
    the registry's status column, ``department_id`` and ``window`` (a RECENTLY_INSPECTED one)
    against the inspection records whose digest the announcement carries. An exclusion
    without its evidence, and every FREQUENCY_CAP, OUT_OF_SCOPE or OTHER one, is declared:
    verification lists it as not verifiable (:func:`declared_facts`).
    """

    reason: ExclusionReason = Field(description="Why these subjects are left out")
    detail: str = Field(
        default="", description="Specifics, e.g. 2023-03-03前6个月内已被兴安盟市场监管局检查"
    )
    codes: tuple[str, ...] = Field(description="Codes of the subjects left out, sorted")
    statuses: tuple[OperatingStatus, ...] = Field(
        default=(),
        description="STATUS: the registration statuses (登记状态) left out; every subject of "
        "the registry with one of them, and no other, is excluded",
    )
    department_id: str | None = Field(
        default=None, description="RECENTLY_INSPECTED: the department whose inspections count"
    )
    window: DateWindow | None = Field(
        default=None, description="RECENTLY_INSPECTED: inspections on these days count"
    )

    @field_validator("codes")
    @classmethod
    def _sorted_unique(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in codes if not (0 < len(c) <= 18 and c.isascii() and c.isalnum())]
        if bad:
            raise ValueError(
                f"{len(bad)} code(s) are not subject codes (1-18 ASCII letters or digits), "
                f"e.g. {bad[:3]}"
            )
        return tuple(sorted(set(codes)))


class Stratum(FrozenModel):
    """One tier's part of a draw: counts, quota, drawn codes and waitlist in ticket order."""

    tier: RiskTier = Field(description="Credit-risk tier of the stratum")
    population: int = Field(ge=0, description="Subjects of the tier in the population")
    excluded: int = Field(ge=0, description="Of those, left out by exclusions")
    quota: int = Field(ge=0, description="Subjects to draw (see Draw.quotas for why)")
    drawn: tuple[str, ...] = Field(description="Drawn codes, in ticket (draw) order")
    waitlist: tuple[str, ...] = Field(
        default=(),
        description="The next codes in ticket order (候补), for replacements; bounded in "
        "length, the full ranking is re-derivable from the seed",
    )

    @property
    def available(self) -> int:
        """Subjects that could be drawn: population − excluded."""
        return self.population - self.excluded


class Replacement(FrozenModel):
    """A drawn subject replaced by the next one on its tier's waitlist (比对和确认)."""

    tier: RiskTier = Field(description="Tier of both subjects")
    removed: NonEmptyStr = Field(description="Code taken out of the selection")
    added: NonEmptyStr = Field(description="Code that took its place (next on the waitlist)")
    reason: NonEmptyStr = Field(description="Why, e.g. 已注销 or 经比对不属于本次检查对象")
    status: OperatingStatus | None = Field(
        default=None,
        description="The registration status the reason relies on (e.g. DEREGISTERED for "
        "已注销), checked against the registry drawn from; None for a fact only the "
        "confirmation or the visit establishes (declared, not verifiable)",
    )


class Draw(FrozenModel):
    """The audit record of a draw: enough for anyone to recompute and check it.

    It holds the algorithm, the seed, the digest and counts of the population, the rule and
    the exact quotas with their reasons, the exclusions, the drawn codes and a waitlist per
    tier in ticket order, and the replacements made since. :func:`verify_draw` recomputes
    all of it.
    """

    algorithm: NonEmptyStr = Field(
        description="Algorithm and version, e.g. jointcheck-hash-v1 or numpy-generator-v1"
    )
    numpy_version: str | None = Field(
        default=None,
        description="numpy version that made the draw (numpy-generator only: numpy does not "
        "promise the same stream across releases)",
    )
    seed: NonEmptyStr = Field(description="The seed (a text string; see the specification)")
    population_digest: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="Population.digest() of the registry drawn from"
    )
    population_digest_version: PopulationDigestVersion
    population_size: int = Field(ge=0, description="Subjects in the population")
    rule: SamplingRule = Field(description="The sampling rule applied")
    quotas: Quotas = Field(
        description="Exact quotas, computed on the subjects left after exclusions"
    )
    exclusions: tuple[SubjectExclusion, ...] = Field(
        default=(), description="Subjects left out before the draw, with reasons"
    )
    strata: tuple[Stratum, ...] = Field(description="One stratum per tier, in tier-code order")
    replacements: tuple[Replacement, ...] = Field(
        default=(), description="Replacements made after the draw, in order"
    )
    announcement_digest: str | None = Field(
        default=None,
        pattern=HEX64,
        description="Announcement.digest() of the announcement the draw is bound to; None for "
        "a draw whose seed has no published origin (a simulation)",
    )
    reveals: tuple[Reveal, ...] = Field(
        default=(), description="The parties' reveals the seed was derived from"
    )

    @model_validator(mode="after")
    def _shape(self) -> Draw:
        if tuple(s.tier for s in self.strata) != RiskTier.in_code_order():
            raise ValueError(
                "strata must hold one stratum per tier in code order "
                f"{[t.value for t in RiskTier.in_code_order()]}, got {[s.tier.value for s in self.strata]}"
            )
        return self

    # ------------------------------------------------------------------ reading
    def stratum(self, tier: RiskTier) -> Stratum:
        """The stratum of ``tier``."""
        return self.strata[RiskTier.parse(tier).code]

    def selected_in(self, tier: RiskTier) -> tuple[str, ...]:
        """Codes selected in ``tier`` now: the drawn ones, each replacement in its place."""
        tier = RiskTier.parse(tier)
        current = list(self.stratum(tier).drawn)
        for replacement in self.replacements:
            if replacement.tier is tier and replacement.removed in current:
                current[current.index(replacement.removed)] = replacement.added
        return tuple(current)

    @property
    def selected(self) -> tuple[str, ...]:
        """Every selected code, highest risk first, each tier in ticket order."""
        return tuple(
            code for tier in reversed(RiskTier.in_code_order()) for code in self.selected_in(tier)
        )

    def waitlist(self, tier: RiskTier) -> tuple[str, ...]:
        """The codes of ``tier`` still waiting, in order (the recorded waitlist minus those
        already used by replacements)."""
        tier = RiskTier.parse(tier)
        used = sum(1 for r in self.replacements if r.tier is tier)
        return self.stratum(tier).waitlist[used:]

    def digest(self) -> str:
        """SHA-256 (hex) of the record's JSON, for publishing beside it."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()

    def summary(self) -> str:
        """A few readable lines: algorithm, seed, population, per-tier counts, and a warning
        for each tier that holds subjects but gets none drawn (:meth:`Quotas.warnings`)."""
        lines = [
            f"{self.algorithm} · seed {self.seed!r} · population {self.population_size:,} "
            f"(digest {self.population_digest[:16]}…)",
        ]
        for stratum in reversed(self.strata):
            if stratum.population == 0:
                continue
            lines.append(
                f"  {stratum.tier.label}: drew {stratum.quota} of {stratum.available:,}"
                + (f" ({stratum.excluded} excluded)" if stratum.excluded else "")
                + f", waitlist {len(self.waitlist(stratum.tier))}"
            )
        if self.replacements:
            lines.append(f"  replacements: {len(self.replacements)}")
        lines.extend(f"  warning: {line}" for line in self.quotas.warnings())
        return "\n".join(lines)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # The codes are left out: a province-scale draw holds hundreds of thousands.
        yield "algorithm", self.algorithm
        yield "seed", self.seed
        yield "population_size", self.population_size
        yield "population_digest", Shown(f"'{self.population_digest[:12]}…'")
        drawn = ", ".join(
            f"{s.tier.value}: {len(s.drawn)}/{s.available}"
            for s in reversed(self.strata)
            if s.population
        )
        yield "drawn", Shown("{" + drawn + "}")
        excluded = sum(s.excluded for s in self.strata)
        if excluded:
            yield "excluded", excluded
        if self.replacements:
            yield "replacements", len(self.replacements)

    def _repr_html_(self) -> str:
        rows = [
            (
                f"{s.tier.label} ({s.tier.value})",
                s.population,
                s.excluded,
                s.available,
                self.quotas[s.tier],
                len(s.drawn),
                len(self.waitlist(s.tier)),
                self.quotas.record(s.tier).reason,
            )
            for s in reversed(self.strata)
        ]
        notes = [
            f"{e.reason.value}: {len(e.codes):,} subjects" + (f" ({e.detail})" if e.detail else "")
            for e in self.exclusions
        ]
        notes.extend(
            f"replaced {r.removed} by {r.added} ({r.tier.value}): {r.reason}"
            for r in self.replacements
        )
        return html_table(
            f"Draw (抽取记录) {self.algorithm} · seed {self.seed!r} · population "
            f"{self.population_size:,} (digest {self.population_digest[:12]}…)",
            (
                "信用风险分类",
                "population",
                "excluded",
                "available",
                "quota",
                "drawn",
                "waitlist",
                "reason",
            ),
            rows,
            notes=notes,
        )

    # ------------------------------------------------------------------ changing
    def replace(self, code: str, *, reason: str, status: OperatingStatus | None = None) -> Draw:
        """A new record in which the next subject on ``code``'s tier waitlist takes its place.

        The history is kept in :attr:`replacements` (e.g. the 两个工作日内完成比对和确认
        step, when a drawn subject turns out to be closed or out of scope). Give ``status``
        when the registry shows the reason (``DEREGISTERED`` for 已注销): verification then
        checks it; without it the reason is recorded as declared, not verifiable.

        Raises:
            InvalidInputError: ``code`` is not selected, ``reason`` is blank, or the tier's
                waitlist is used up (draw again with a longer waitlist: same seed, same
                ranking).
        """
        if not reason.strip():
            raise InvalidInputError(
                "reason must say why the subject is replaced", field="reason", value=reason
            )
        for stratum in self.strata:
            if code in self.selected_in(stratum.tier):
                remaining = self.waitlist(stratum.tier)
                if not remaining:
                    raise InvalidInputError(
                        f"the waitlist of {stratum.tier.label} ({stratum.tier.value}) is used "
                        f"up ({len(stratum.waitlist)} codes); draw again with a longer "
                        "waitlist: the same seed gives the same ranking",
                        field="code",
                        value=code,
                    )
                replacement = Replacement(
                    tier=stratum.tier,
                    removed=code,
                    added=remaining[0],
                    reason=reason,
                    status=status,
                )
                return self.model_copy(update={"replacements": (*self.replacements, replacement)})
        raise InvalidInputError(
            f"code {code!r} is not selected in this draw; only selected subjects can be replaced",
            field="code",
            value=code,
        )
