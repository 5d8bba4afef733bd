"""Seeded synthetic registries and inspector pools for demos, examples, notebooks and benchmarks.

Nothing here is real data: codes are valid 统一社会信用代码 built from serial numbers, names are
made up, and the tier shares are a plausible default (most subjects low or medium risk).
The same arguments always give the same result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from jointcheck._internal.checked import checked
from jointcheck._internal.credit_code import CHARSET, WEIGHTS
from jointcheck.errors import InvalidInputError
from jointcheck.model import Certificate, Department, Inspector, RiskTier, Subject
from jointcheck.population import Population

__all__ = [
    "DEFAULT_TIER_SHARES",
    "synthetic_codes",
    "synthetic_inspectors",
    "synthetic_population",
    "synthetic_subjects",
]

DEFAULT_TIER_SHARES: Mapping[RiskTier, float] = {
    RiskTier.UNRATED: 0.10,
    RiskTier.LOW: 0.40,
    RiskTier.MEDIUM: 0.35,
    RiskTier.HIGHER: 0.10,
    RiskTier.HIGH: 0.05,
}
"""Default share of each tier in a synthetic registry."""

_CHARS = np.frombuffer(CHARSET.encode(), dtype=np.uint8)
_NAME_HEADS = "安宝诚达东丰福广和恒华嘉金康乐利隆美宁鹏平清荣瑞盛顺泰通万鑫兴阳永裕源泽众"
_NAME_TAILS = ("商贸有限公司", "医疗美容诊所", "美容美发店", "科技有限公司", "药店", "服务部")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


@checked
def synthetic_codes(n: int, *, region: str = "152201", seed: int = 0) -> npt.NDArray[np.bytes_]:
    """``n`` distinct valid credit codes (``S18``) of enterprises (``91``) in ``region``, shuffled."""
    if n < 0 or n > 31**9:
        raise InvalidInputError(f"n={n} must be between 0 and 31**9", field="n", value=n)
    if len(region) != 6 or not region.isdigit():
        raise InvalidInputError(
            f"region {region!r} must be a 6-digit division code", field="region", value=region
        )
    rng = np.random.default_rng(seed)
    rows = np.empty((n, 18), dtype=np.uint8)
    rows[:, 0:2] = np.frombuffer(b"91", dtype=np.uint8)
    rows[:, 2:8] = np.frombuffer(region.encode(), dtype=np.uint8)
    serial = rng.permutation(n).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
    for position in range(16, 7, -1):
        rows[:, position] = _CHARS[serial % 31]
        serial //= 31
    lut = np.zeros(256, dtype=np.int64)
    lut[_CHARS] = np.arange(31)
    total = np.zeros(n, dtype=np.int64)
    for position, weight in enumerate(WEIGHTS):
        total += lut[rows[:, position]] * weight
    rows[:, 17] = _CHARS[(31 - total % 31) % 31]
    return rows.view("S18").reshape(n)


@checked
def synthetic_population(
    n: int,
    *,
    seed: int = 0,
    jurisdictions: Sequence[str] = ("152201", "152202", "152221", "152222", "152223", "152224"),
    tier_shares: Mapping[RiskTier, float] = DEFAULT_TIER_SHARES,
) -> Population:
    """A registry of ``n`` subjects spread over ``jurisdictions`` with the given tier shares.

    Examples:
        >>> pop = synthetic_population(1000, seed=1)
        >>> len(pop), len(pop.jurisdiction_labels)
        (1000, 6)
    """
    if not jurisdictions:
        raise InvalidInputError("jurisdictions must not be empty", field="jurisdictions", value=())
    total = sum(tier_shares.values())
    if total <= 0 or any(share < 0 for share in tier_shares.values()):
        raise InvalidInputError(
            f"tier_shares must be non-negative with a positive sum, got {dict(tier_shares)}",
            field="tier_shares",
            value=dict(tier_shares),
        )
    rng = np.random.default_rng([seed, 1])
    tiers = list(tier_shares)
    probabilities = np.array([tier_shares[t] for t in tiers], dtype=float) / total
    tier_codes = np.array([t.code for t in tiers], dtype=np.uint8)
    drawn_tiers = tier_codes[rng.choice(len(tiers), size=n, p=probabilities)]
    labels = np.array(list(jurisdictions))
    drawn_jurisdictions = labels[rng.integers(0, len(labels), size=n)]
    return Population.from_arrays(
        synthetic_codes(n, region=jurisdictions[0][:6].ljust(6, "0"), seed=seed),
        drawn_tiers,
        jurisdictions=drawn_jurisdictions,
    )


@checked
def synthetic_subjects(
    population: Population, codes: Sequence[str], *, tags: Sequence[str] = ()
) -> tuple[Subject, ...]:
    """:class:`Subject` models for ``codes`` of ``population``, with made-up names."""
    subjects = []
    for row in population.subject_rows(codes):
        code = row["code"]
        digest = sum(ord(ch) * (i + 1) for i, ch in enumerate(code))
        name = (
            _NAME_HEADS[digest % len(_NAME_HEADS)]
            + _NAME_HEADS[(digest // 7) % len(_NAME_HEADS)]
            + _NAME_TAILS[(digest // 13) % len(_NAME_TAILS)]
        )
        subjects.append(
            Subject(
                code=code,
                name=name,
                kind=row["kind"],
                tier=row["tier"],
                jurisdiction=row["jurisdiction"],
                status=row["status"],
                tags=tuple(tags),
            )
        )
    return tuple(subjects)


@checked
def synthetic_inspectors(
    departments: Sequence[Department],
    *,
    per_unit: int,
    on: dt.date,
    seed: int = 0,
    qualifications: Mapping[str, Sequence[str]] | None = None,
    expired_share: float = 0.02,
    unavailable_share: float = 0.02,
    specialists_per_department: int = 1,
) -> tuple[Inspector, ...]:
    """An inspector directory (执法人员名录库): ``per_unit`` certified inspectors in every unit
    of every department (or in the department itself if it has no units), a few with an
    expired certificate or unavailable, and specialists (专业人员) holding each qualification
    listed for their department in ``qualifications``.
    """
    if per_unit < 0:
        raise InvalidInputError(
            f"per_unit={per_unit} must be >= 0", field="per_unit", value=per_unit
        )
    rng = np.random.default_rng([seed, 2])
    valid_from = on - dt.timedelta(days=3 * 365)
    valid_until = on + dt.timedelta(days=3 * 365)
    people: list[Inspector] = []
    for department in departments:
        units: list[str | None] = [u.id for u in department.units] or [None]
        needed = tuple((qualifications or {}).get(department.id, ()))
        serial = 0
        for unit in units:
            for _ in range(per_unit):
                serial += 1
                roll = float(rng.random())
                expires = on - dt.timedelta(days=1) if roll < expired_share else valid_until
                people.append(
                    Inspector(
                        id=f"{department.id}-{serial:04d}",
                        name=_person_name(rng),
                        department_id=department.id,
                        unit_id=unit,
                        certificate=Certificate(
                            number=f"{department.id.upper()}{serial:06d}",
                            valid_from=valid_from,
                            valid_until=expires,
                        ),
                        qualifications=needed if rng.random() < 0.5 else (),
                        available=not (expired_share <= roll < expired_share + unavailable_share),
                    )
                )
        for number in range(specialists_per_department):
            people.append(
                Inspector(
                    id=f"{department.id}-S{number + 1:02d}",
                    name=_person_name(rng),
                    department_id=department.id,
                    unit_id=units[0],
                    qualifications=needed,
                    specialist=True,
                )
            )
    return tuple(people)


def _person_name(rng: np.random.Generator) -> str:
    return (
        _SURNAMES[int(rng.integers(len(_SURNAMES)))]
        + _GIVEN[int(rng.integers(len(_GIVEN)))]
        + (_GIVEN[int(rng.integers(len(_GIVEN)))] if rng.random() < 0.6 else "")
    )
