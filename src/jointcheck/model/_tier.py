"""Credit-risk tiers (企业信用风险分类, 国市监信发〔2022〕6号)."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from enum import Enum
from typing import Any

from jointcheck.errors import UnknownLabelError

__all__ = ["RiskTier"]


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
        """Column code: UNRATED 0, LOW 1, MEDIUM 2, HIGHER 3, HIGH 4."""
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
    def from_code(cls, code: int) -> RiskTier:
        """The tier whose column code is ``code`` (0–4); a float or a bool is not a code."""
        try:
            if isinstance(code, bool):
                raise TypeError(code)
            return _BY_CODE[operator.index(code)]
        except (KeyError, ValueError, TypeError):
            raise UnknownLabelError(
                f"risk tier code {code!r} is not one of 0 (UNRATED), 1 (LOW), 2 (MEDIUM), "
                "3 (HIGHER), 4 (HIGH)",
                value=code,
                accepted=tuple(str(c) for c in _BY_CODE),
                field="tier",
            ) from None

    @classmethod
    def rated(cls) -> tuple[RiskTier, ...]:
        """The rated tiers from lowest to highest risk."""
        return (cls.LOW, cls.MEDIUM, cls.HIGHER, cls.HIGH)

    @classmethod
    def parse(
        cls, label: str | RiskTier, *, aliases: Mapping[str, RiskTier] | None = None
    ) -> RiskTier:
        """Read a tier label as the notices write it.

        Accepts the letters (``A``, ``A类``), the Chinese names (``低风险``, ``一般风险``,
        ``中风险``, ``较高风险``, ``高风险``, ``无风险等级``, ``未分类``), the long forms
        (``信用风险较高``) and the English names in any case. ``aliases`` maps extra
        labels of a local scale (e.g. Shandong's ``E``) onto a tier.

        Raises:
            UnknownLabelError: the label is none of those; the message lists them all.
        """
        if isinstance(label, RiskTier):
            return label
        key = str(label).strip()
        if aliases and key in aliases:
            return aliases[key]
        found = _ALIASES.get(key) or _ALIASES.get(key.upper())
        if found is None:
            accepted = tuple(_ALIASES) + tuple(aliases or ())
            raise UnknownLabelError(
                f"risk tier label {label!r} is not known; accepted: {', '.join(accepted)}",
                value=label,
                accepted=accepted,
                field="tier",
            )
        return found

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


_CODES = {
    RiskTier.UNRATED: 0,
    RiskTier.LOW: 1,
    RiskTier.MEDIUM: 2,
    RiskTier.HIGHER: 3,
    RiskTier.HIGH: 4,
}
_BY_CODE = {code: tier for tier, code in _CODES.items()}
_LABELS = {
    RiskTier.UNRATED: "无风险等级",
    RiskTier.LOW: "低风险",
    RiskTier.MEDIUM: "一般风险",
    RiskTier.HIGHER: "较高风险",
    RiskTier.HIGH: "高风险",
}
_LETTERS = {RiskTier.LOW: "A", RiskTier.MEDIUM: "B", RiskTier.HIGHER: "C", RiskTier.HIGH: "D"}
_ALIASES: dict[str, RiskTier] = {}
for _tier, _words in {
    RiskTier.LOW: ("A", "A类", "低风险", "低", "信用风险低", "LOW"),
    RiskTier.MEDIUM: ("B", "B类", "一般风险", "中风险", "一般", "中", "信用风险一般", "MEDIUM"),
    RiskTier.HIGHER: ("C", "C类", "较高风险", "较高", "信用风险较高", "HIGHER"),
    RiskTier.HIGH: ("D", "D类", "高风险", "高", "信用风险高", "HIGH"),
    RiskTier.UNRATED: ("无风险等级", "未分类", "未评级", "未分级", "UNRATED"),
}.items():
    for _word in _words:
        _ALIASES[_word] = _tier
