"""Yearly frequency caps (同一企业年度检查频次上限) as exclusions from the next draw."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import numpy as np
from pydantic import Field, field_validator

from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.forms import InspectionResult
from jointcheck.model import FrozenModel, InspectionRecord, RiskTier
from jointcheck.population import Population
from jointcheck.sampling import ExclusionReason, SubjectExclusion, exclusion_from_mask

__all__ = ["FrequencyCap", "exclude_frequency_capped"]


class FrequencyCap(FrozenModel):
    """A department's published yearly cap on inspections of the same subject
    (国办发〔2024〕54号: 同一企业年度检查频次上限), with higher caps for riskier tiers
    (C、D类 适当/大幅提高抽查频次).

    Examples:
        >>> cap = FrequencyCap(department_id="scj", per_year=1,
        ...                    per_tier={RiskTier.HIGHER: 2, RiskTier.HIGH: 4})
        >>> cap.limit(RiskTier.LOW), cap.limit(RiskTier.HIGH)
        (1, 4)
    """

    department_id: str = Field(min_length=1, description="Department that published the cap")
    per_year: int = Field(ge=1, description="Inspections per subject and year (default tier)")
    per_tier: dict[RiskTier, int] = Field(
        default_factory=dict,
        description="Per-tier caps that replace per_year for that tier (e.g. D: 4)",
    )
    source: str = Field(default="", description="Where the cap is published (文号)")

    @field_validator("per_tier", mode="before")
    @classmethod
    def _tiers(cls, value: object) -> object:
        if isinstance(value, dict):
            return {RiskTier.parse(k): v for k, v in value.items()}
        return value

    @field_validator("per_tier")
    @classmethod
    def _positive(cls, value: dict[RiskTier, int]) -> dict[RiskTier, int]:
        bad = {t.value: n for t, n in value.items() if n < 1}
        if bad:
            raise ValueError(f"per-tier caps must be at least 1, got {bad}")
        return value

    def limit(self, tier: RiskTier) -> int:
        """The cap for a subject of ``tier``."""
        return self.per_tier.get(RiskTier.parse(tier), self.per_year)


@checked
def exclude_frequency_capped(
    population: Population,
    history: Iterable[InspectionRecord | InspectionResult],
    *,
    cap: FrequencyCap,
    year: int,
    on: dt.date,
) -> SubjectExclusion:
    """Subjects the department has already inspected as often this year as its cap allows.

    ``history`` holds the year's inspection records (:class:`~jointcheck.model.InspectionRecord`)
    or results (:class:`~jointcheck.forms.InspectionResult`, by their ``inspected_on``).
    Counts ``cap.department_id``'s inspections of each subject with a day in ``year`` and
    before ``on`` (the day of the draw; later records are not known yet), one per day (two
    records of the same subject on the same day are one visit), and leaves out subjects whose
    count has reached :meth:`FrequencyCap.limit` for their tier. The exclusion's detail states
    the cap and the period, so the draw's record carries the reason.

    Raises:
        InvalidInputError: ``on`` is not in ``year``.
    """
    if on.year != year:
        raise InvalidInputError(
            f"on={on} is not in the year {year}; the cap counts the year's inspections before "
            "the draw",
            field="on",
            value=on,
        )
    visits: Counter[str] = Counter()
    seen: set[tuple[str, dt.date]] = set()
    for record in history:
        day = record.inspected_on if isinstance(record, InspectionResult) else record.day
        if record.department_id != cap.department_id or day.year != year:
            continue
        if day >= on or (record.subject_code, day) in seen:
            continue
        seen.add((record.subject_code, day))
        visits[record.subject_code] += 1
    mask = np.zeros(len(population), dtype=bool)
    codes = sorted(c for c in visits if len(c) <= 18 and c.isascii())
    if codes:
        positions = population.positions(np.array(codes, dtype="U18"))
        limits = np.array([cap.limit(RiskTier.from_code(code)) for code in range(5)])
        for code, position in zip(codes, positions.tolist(), strict=True):
            if position >= 0 and visits[code] >= limits[population.tiers[position]]:
                mask[position] = True
    tiers = "；".join(
        f"{t.label}{n}次" for t, n in sorted(cap.per_tier.items(), key=lambda x: x[0].code)
    )
    detail = (
        f"{dt.date(year, 1, 1).isoformat()}至{(on - dt.timedelta(days=1)).isoformat()}"
        f"已被{cap.department_id}检查达到年度频次上限（每年{cap.per_year}次"
        + (f"；{tiers}" if tiers else "")
        + "）"
        + (f"，依据{cap.source}" if cap.source else "")
    )
    return exclusion_from_mask(
        population, mask, reason=ExclusionReason.FREQUENCY_CAP, detail=detail
    )
