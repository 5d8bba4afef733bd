"""Credit-risk tiers (企业信用风险分类, 国市监信发〔2022〕6号)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any

from pydantic import BeforeValidator

from jointcheck.model._labels import LabelTable

__all__ = ["RiskTier", "Tier"]


class RiskTier(str, Enum):
    """An enterprise credit-risk tier (信用风险分类).

    Rated tiers are ordered ``LOW < MEDIUM < HIGHER < HIGH``; ``UNRATED`` has no rank and
    comparing it with ``<`` raises ``TypeError``. ``code`` is the small integer used in
    columnar populations and in the population digest.

    Examples:
        >>> RiskTier.parse("C类"), RiskTier.parse("中风险") < RiskTier.HIGH
        (<RiskTier.HIGHER: 'HIGHER'>, True)
    """

    UNRATED = "UNRATED"  # 无风险等级 / 未分类
    LOW = "LOW"  # 低风险, A类 (信用风险低)
    MEDIUM = "MEDIUM"  # 一般风险 (中风险), B类 (信用风险一般)
    HIGHER = "HIGHER"  # 较高风险, C类 (信用风险较高)
    HIGH = "HIGH"  # 高风险, D类 (信用风险高)

    @property
    def code(self) -> int:
        """Column code: UNRATED 0, LOW 1, MEDIUM 2, HIGHER 3, HIGH 4 (see :meth:`in_code_order`)."""
        return _CODES[self]

    @property
    def label(self) -> str:
        """The official Chinese name, e.g. ``较高风险``."""
        return _LABELS[self]

    @property
    def letter(self) -> str | None:
        """The national class letter A–D, or ``None`` for UNRATED."""
        return _LETTERS.get(self)

    @classmethod
    def in_code_order(cls) -> tuple[RiskTier, ...]:
        """Every tier by column code: the one tier code table of the library.

        Examples:
            >>> [t.name for t in RiskTier.in_code_order()]
            ['UNRATED', 'LOW', 'MEDIUM', 'HIGHER', 'HIGH']
        """
        return _CODE_ORDER

    @classmethod
    def from_code(cls, code: int) -> RiskTier:
        """The tier whose column code is ``code`` (0–4).

        Raises:
            UnknownLabelError: ``code`` is not an integer 0–4; a float (``2.7``, even ``2.0``)
                or a bool is not a tier code.
        """
        return _TABLE.from_code(code)

    @classmethod
    def rated(cls) -> tuple[RiskTier, ...]:
        """The rated tiers from lowest to highest risk."""
        return (cls.LOW, cls.MEDIUM, cls.HIGHER, cls.HIGH)

    @classmethod
    def parse(
        cls, label: str | RiskTier, *, aliases: Mapping[str, RiskTier] | None = None
    ) -> RiskTier:
        """Read a tier label as the notices write it; the one tier-label parser.

        Accepts the letters (``A``, ``A类``), the Chinese names (``低风险``, ``一般风险``,
        ``中风险``, ``较高风险``, ``高风险``, ``无风险等级``, ``未分类``), the long forms
        (``信用风险较高``) and the English names in any case. ``aliases`` maps extra
        labels of a local scale (e.g. Shandong's ``E``) onto a tier. The registry readers,
        ``Population.from_arrays`` and the models (``Subject(tier="D")``) all read tiers here.

        Raises:
            UnknownLabelError: the label is not text or is none of those; the message lists
                them all.
        """
        return _TABLE.parse(label, aliases=aliases)

    def __lt__(self, other: Any) -> bool:
        if not isinstance(other, RiskTier):
            return NotImplemented
        return _rank(self) < _rank(other)

    def __le__(self, other: Any) -> bool:
        if not isinstance(other, RiskTier):
            return NotImplemented
        return _rank(self) <= _rank(other)

    def __gt__(self, other: Any) -> bool:
        if not isinstance(other, RiskTier):
            return NotImplemented
        return _rank(self) > _rank(other)

    def __ge__(self, other: Any) -> bool:
        if not isinstance(other, RiskTier):
            return NotImplemented
        return _rank(self) >= _rank(other)


def _rank(tier: RiskTier) -> int:
    if tier is RiskTier.UNRATED:
        raise TypeError("UNRATED (无风险等级) has no risk order; compare rated tiers only")
    return tier.code


_CODE_ORDER: tuple[RiskTier, ...] = tuple(RiskTier)
_CODES = {tier: code for code, tier in enumerate(_CODE_ORDER)}
_LABELS = {
    RiskTier.UNRATED: "无风险等级",
    RiskTier.LOW: "低风险",
    RiskTier.MEDIUM: "一般风险",
    RiskTier.HIGHER: "较高风险",
    RiskTier.HIGH: "高风险",
}
_LETTERS = {RiskTier.LOW: "A", RiskTier.MEDIUM: "B", RiskTier.HIGHER: "C", RiskTier.HIGH: "D"}
_TABLE = LabelTable(
    RiskTier,
    {
        RiskTier.LOW: ("A", "A类", "低风险", "低", "信用风险低"),
        RiskTier.MEDIUM: ("B", "B类", "一般风险", "中风险", "一般", "中", "信用风险一般"),
        RiskTier.HIGHER: ("C", "C类", "较高风险", "较高", "信用风险较高"),
        RiskTier.HIGH: ("D", "D类", "高风险", "高", "信用风险高"),
        RiskTier.UNRATED: ("无风险等级", "未分类", "未评级", "未分级"),
    },
    field="tier",
    what="risk tier",
)


def _parse_tier(value: object) -> RiskTier:
    return _TABLE.parse(value)


Tier = Annotated[RiskTier, BeforeValidator(_parse_tier)]
"""A :class:`RiskTier` model field that reads every label :meth:`RiskTier.parse` reads."""
