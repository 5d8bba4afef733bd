"""Yearly coverage of the registry (年度抽查企业占比) against a target such as 3%."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt
from pydantic import Field, model_validator

from jointcheck._internal.arrays import as_array
from jointcheck._internal.base import check_decimal
from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.model import FrozenModel, RiskTier, ceil_fraction
from jointcheck.population import Population
from jointcheck.population_digest import DIGEST_VERSION, PopulationDigestVersion

__all__ = ["Coverage", "TierCoverage", "coverage", "parse_share"]


@checked
def parse_share(value: Decimal | Fraction | int | str) -> Decimal:
    """A share as an exact Decimal: ``"3%"``, ``"0.03"``, ``Decimal("0.03")``, ``Fraction(3, 100)``.

    Examples:
        >>> parse_share("3%"), parse_share("0.5%")
        (Decimal('0.03'), Decimal('0.005'))

    Raises:
        InvalidInputError: not a number, outside 0..1, or a fraction with no finite decimal.
    """
    try:
        if isinstance(value, Fraction):
            share = Decimal(value.numerator) / Decimal(value.denominator)
            if Fraction(share) != value:
                raise ValueError("no finite decimal")
        elif isinstance(value, str) and value.strip().endswith("%"):
            share = Decimal(value.strip()[:-1].strip()) / 100
        elif isinstance(value, bool):
            raise ValueError("a bool is not a share")
        else:
            share = Decimal(value)
    except (ValueError, ArithmeticError):
        raise InvalidInputError(
            f"share {value!r} is not a number such as '3%', '0.03' or Decimal('0.03')",
            field="target",
            value=value,
        ) from None
    if not share.is_finite() or not (0 <= share <= 1):
        raise InvalidInputError(f"share {value!r} is outside 0%..100%", field="target", value=value)
    try:
        check_decimal("target", share)
    except ValueError as exc:
        raise InvalidInputError(str(exc), field="target", value=str(share)[:40]) from None
    return share


class TierCoverage(FrozenModel):
    """Subjects of one risk tier in the registry and how many of them were inspected."""

    tier: RiskTier = Field(description="Credit-risk tier (信用风险分类)")
    registered: int = Field(ge=0, description="Subjects of this tier in the registry")
    inspected: int = Field(ge=0, description="Of them, subjects inspected at least once")
    inspections: int | None = Field(
        default=None,
        ge=0,
        description="Inspections of them, a subject inspected twice counting twice (抽查频次); "
        "None when not counted",
    )

    @model_validator(mode="after")
    def _within(self) -> TierCoverage:
        if self.inspected > self.registered:
            raise ValueError(
                f"inspected={self.inspected} exceeds registered={self.registered} for tier "
                f"{self.tier.value}"
            )
        if self.inspections is not None and self.inspections < self.inspected:
            raise ValueError(
                f"inspections={self.inspections} is below inspected={self.inspected} for tier "
                f"{self.tier.value}: every inspected subject was inspected at least once"
            )
        return self

    @property
    def share(self) -> Fraction | None:
        """``inspected / registered`` exactly (抽查比例); ``None`` when no subject has this tier."""
        return Fraction(self.inspected, self.registered) if self.registered else None

    @property
    def frequency(self) -> Fraction | None:
        """``inspections / registered`` exactly (抽查频次 per subject); ``None`` when no subject
        has this tier or inspections were not counted."""
        if not self.registered or self.inspections is None:
            return None
        return Fraction(self.inspections, self.registered)


class Coverage(FrozenModel):
    """The share of the registry inspected in a year, overall and per tier.

    ``meets_target`` is exact: ``inspected >= target × registered`` (年度抽查企业占比达到3%以上).

    Examples:
        >>> pop = Population.from_arrays(
        ...     ["91350200776049653A", "91350503MA31DKY80A"], ["A", "D"], jurisdictions=["厦门", "泉州"]
        ... )
        >>> cov = coverage(pop, ["91350503MA31DKY80A"])
        >>> cov.share, cov.meets_target, cov.tier(RiskTier.HIGH).inspected
        (Fraction(1, 2), True, 1)
    """

    population_digest: str = Field(description="Digest of the registry (Population.digest())")
    population_digest_version: PopulationDigestVersion
    registered: int = Field(ge=1, description="Subjects in the registry")
    inspected: int = Field(ge=0, description="Distinct registry subjects inspected")
    not_in_registry: int = Field(
        default=0, ge=0, description="Distinct inspected codes absent from the registry (left out)"
    )
    target: Decimal = Field(
        default=Decimal("0.03"), ge=0, le=1, description="Target share, e.g. 0.03 (3%以上)"
    )
    by_tier: tuple[TierCoverage, ...] = Field(description="Coverage per tier, by tier code")

    @model_validator(mode="after")
    def _adds_up(self) -> Coverage:
        if sum(t.registered for t in self.by_tier) != self.registered:
            raise ValueError("by_tier registered counts do not add up to registered")
        if sum(t.inspected for t in self.by_tier) != self.inspected:
            raise ValueError("by_tier inspected counts do not add up to inspected")
        return self

    @property
    def share(self) -> Fraction:
        """``inspected / registered`` exactly."""
        return Fraction(self.inspected, self.registered)

    @property
    def meets_target(self) -> bool:
        """Whether the share reaches :attr:`target` (exactly, no rounding)."""
        return self.share >= Fraction(self.target)

    @property
    def required(self) -> int:
        """The fewest inspected subjects that meet the target: ``ceil(target × registered)``."""
        return ceil_fraction(Fraction(self.target) * self.registered)

    @property
    def shortfall(self) -> int:
        """How many more subjects must be inspected to meet the target (0 if met)."""
        return max(0, self.required - self.inspected)

    @property
    def risk_order_breaks(self) -> tuple[str, ...]:
        """Where a rated tier was inspected at a lower share (or frequency) than the rated tier
        below it in risk; empty when both rise with the risk, as the notices ask (对C、D类
        风险状况企业提高抽查比例和频次; A类合理降低). Tiers without subjects are skipped.

        Examples:
            >>> pop = Population.from_arrays(
            ...     ["91350200776049653A", "91350503MA31DKY80A"], ["A", "D"], jurisdictions=["厦门", "泉州"]
            ... )
            >>> coverage(pop, ["91350200776049653A"]).risk_order_breaks[0][:48]
            '高风险(HIGH) inspected at a share of 0.00% is below'
        """
        rated = [self.tier(t) for t in RiskTier.rated() if self.tier(t).registered]
        breaks = []
        for low, high in itertools.pairwise(rated):
            for what, below, above in (
                ("share", low.share, high.share),
                ("frequency", low.frequency, high.frequency),
            ):
                if below is not None and above is not None and above < below:
                    breaks.append(
                        f"{high.tier.label}({high.tier.name}) inspected at a {what} of "
                        f"{float(above):.2%} is below {low.tier.label}({low.tier.name}) at "
                        f"{float(below):.2%}; higher-risk subjects are to be inspected at a "
                        "higher share and frequency (提高抽查比例和频次)"
                    )
        return tuple(breaks)

    def tier(self, tier: RiskTier) -> TierCoverage:
        """The coverage of one tier."""
        for row in self.by_tier:
            if row.tier is tier:
                return row
        raise KeyError(f"no tier {tier!r}")  # pragma: no cover - every tier is listed


def _as_codes(values: npt.ArrayLike) -> npt.NDArray[np.bytes_]:
    array = as_array(values, field="inspected_codes", flat=True)
    if array.ndim != 1:
        raise InvalidInputError(
            f"inspected_codes must be one-dimensional, got shape {array.shape}",
            field="inspected_codes",
            value=array.shape,
        )
    if array.size == 0:
        return np.zeros(0, dtype="S18")
    if array.dtype.kind not in "USO":
        raise InvalidInputError(
            f"inspected_codes must be strings, got dtype {array.dtype}",
            field="inspected_codes",
            value=str(array.dtype),
        )
    try:
        wide = array.astype(str).astype("S19") if array.dtype.kind != "S" else array.astype("S19")
    except (UnicodeEncodeError, UnicodeDecodeError):
        raise InvalidInputError(
            "inspected_codes hold characters that are not ASCII; codes are 18-character "
            "统一社会信用代码 or 15-digit 注册号",
            field="inspected_codes",
            value=None,
        ) from None
    too_long = np.char.str_len(wide) > 18
    if too_long.any():
        first = int(np.flatnonzero(too_long)[0])
        raise InvalidInputError(
            f"inspected code {wide[first].decode()!r} (row {first}) is longer than 18 "
            "characters; codes are 18-character 统一社会信用代码 or 15-digit 注册号",
            field="inspected_codes",
            value=wide[first].decode(),
        )
    return wide.astype("S18")


@checked
def coverage(
    population: Population,
    inspected_codes: npt.ArrayLike,
    *,
    target: Decimal | Fraction | int | str = "3%",
) -> Coverage:
    """The share of ``population`` inspected, counting each subject once.

    Args:
        population: The registry the target refers to (e.g. the jurisdiction's enterprises:
            select them first with ``population.select(population.mask(kinds=...))``).
        inspected_codes: Codes of the subjects inspected in the year, one per inspection (any
            order; a subject inspected twice is listed twice and counts once in the share,
            twice in the tier's frequency). Codes absent from the registry are counted in
            ``not_in_registry`` and left out.
        target: The yearly target, ``"3%"`` by default (年度抽查企业占比达到3%以上).

    Works on arrays: ten million registry rows and hundreds of thousands of codes take a
    sort and a binary search, no Python object per subject.

    Raises:
        InvalidInputError: the registry is empty or the target cannot be read.
    """
    share = parse_share(target)
    if len(population) == 0:
        raise InvalidInputError(
            "the registry is empty; coverage needs at least one registered subject",
            field="population",
            value=0,
        )
    codes = np.sort(_as_codes(inspected_codes))
    repeats = np.ones(len(codes), dtype=np.int64)
    if len(codes) > 1:  # distinct codes: a sort and one comparison (np.unique hashes, slower)
        first = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
        repeats = np.diff(np.append(first, len(codes)))
        codes = codes[first]
    positions = population.positions(codes)
    known = positions >= 0
    found = positions[known]
    n_tiers = len(RiskTier.in_code_order())
    registered = np.bincount(population.tiers, minlength=n_tiers)
    inspected = np.bincount(population.tiers[found], minlength=n_tiers)
    inspections = np.bincount(population.tiers[found], weights=repeats[known], minlength=n_tiers)
    return Coverage(
        population_digest=population.digest(version=DIGEST_VERSION),
        population_digest_version=DIGEST_VERSION,
        registered=len(population),
        inspected=int(found.size),
        not_in_registry=int(codes.size - found.size),
        target=share,
        by_tier=tuple(
            TierCoverage(
                tier=tier,
                registered=int(registered[tier.code]),
                inspected=int(inspected[tier.code]),
                inspections=int(inspections[tier.code]),
            )
            for tier in RiskTier.in_code_order()
        ),
    )
