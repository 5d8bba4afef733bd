"""Sampling rules (抽查比例或数量) and the exact quotas they give.

A :class:`SamplingRule` says how many subjects of each credit-risk tier a task draws:

* per tier, one part: :class:`Ratio` (``不低于10%``), :class:`Count` (``抽取2家``) or
  :class:`All` (``100%抽取``); ``otherwise`` gives the part of every tier not named;
* ``overall``, a minimum over the whole population (``按照总体不低于3%的比例抽取``);
* ``weights``, ratios that rise with risk (``对低风险、一般风险、较高风险、高风险企业分别递加比例抽查``):
  the tiers without their own part share what the overall minimum leaves, by ratios
  proportional to the weights (1:2:4:8 by default, and the default whenever an overall
  minimum is given without weights or an explicit ``top_up``).

:meth:`SamplingRule.quotas` turns counts per tier into :class:`Quotas`, computed exactly
with :class:`~fractions.Fraction` ("不低于 p%" is the smallest integer not below N·p), each
tier's record saying why its quota is what it is.

This module imports no population or sampler, so :class:`~jointcheck.model.Task` can hold
a rule.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from jointcheck._internal.base import FrozenModel
from jointcheck._internal.checked import checked
from jointcheck._internal.display import Shown, html_table
from jointcheck.errors import InvalidInputError
from jointcheck.model._tier import RiskTier, Tier

__all__ = [
    "TOP_UP_ORDER",
    "All",
    "Count",
    "Part",
    "QuotaBasis",
    "Quotas",
    "Ratio",
    "RiskWeights",
    "SamplingRule",
    "TierQuota",
    "TierRule",
    "TopUpPolicy",
    "ceil_fraction",
    "format_fraction",
]

TOP_UP_ORDER: tuple[RiskTier, ...] = (
    RiskTier.HIGH,
    RiskTier.HIGHER,
    RiskTier.MEDIUM,
    RiskTier.LOW,
    RiskTier.UNRATED,
)
"""Order in which :attr:`TopUpPolicy.HIGHEST_RISK_FIRST` fills a shortfall (UNRATED last)."""


@checked
def ceil_fraction(value: Fraction) -> int:
    """The smallest integer not below ``value``, exactly (never through a float)."""
    return -((-value.numerator) // value.denominator)


def format_fraction(value: Fraction) -> str:
    """A ratio as a percentage for people: exact when it terminates, else ``≈`` 4 digits.

    Examples:
        >>> format_fraction(Fraction(1, 200)), format_fraction(Fraction(1, 3))
        ('0.5%', '≈33.33%')
    """
    percent = value * 100
    denominator = percent.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        text = format(Decimal(percent.numerator) / Decimal(percent.denominator), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text}%"
    return f"≈{float(percent):.4g}%"


class Ratio(FrozenModel):
    """A share of a tier, 0 < r ≤ 100%: the quota is the smallest integer not below N·r.

    Examples:
        >>> Ratio(percent="7").quota(300), Ratio(percent="0.5").quota(1000), Ratio(percent="0.5").quota(50)
        (21, 5, 1)
    """

    kind: Literal["ratio"] = Field(default="ratio", description="Discriminator: a ratio")
    percent: Decimal = Field(
        gt=0, le=100, description="The ratio in percent, e.g. 0.5 for 不低于0.5% (0 < r ≤ 100)"
    )

    @classmethod
    def parse(cls, text: str) -> Ratio:
        """Read ``"0.5%"``, ``"10％"`` or ``"5"`` (percent)."""
        cleaned = text.strip().replace("％", "%").removesuffix("%").strip()
        try:
            return cls(percent=Decimal(cleaned))
        except ArithmeticError:
            raise InvalidInputError(
                f"ratio {text!r} is not a percentage like '0.5%'; allowed: 0 < r <= 100%",
                field="percent",
                value=text,
            ) from None

    @property
    def fraction(self) -> Fraction:
        """The ratio as an exact fraction of 1 (``Ratio(percent=7).fraction == 7/100``)."""
        return Fraction(self.percent) / 100

    def quota(self, available: int) -> int:
        """``ceil(available · r)``, exactly."""
        return ceil_fraction(available * self.fraction)

    def __str__(self) -> str:
        return f"{_decimal_text(self.percent)}%"


class Count(FrozenModel):
    """A fixed number of subjects (抽取N家); if the tier holds fewer, all are taken and the
    shortfall is recorded."""

    kind: Literal["count"] = Field(default="count", description="Discriminator: a count")
    n: int = Field(ge=1, description="Number of subjects to draw (家 / 户)")

    def __str__(self) -> str:
        return f"{self.n}家"


class All(FrozenModel):
    """Every subject of the tier (100%抽取, 全覆盖).

    ``expected`` keeps a count the plan printed beside the 100% (``A类企业1家，100%抽取``);
    the quota is still the whole tier, and the quota's reason notes any difference.
    """

    kind: Literal["all"] = Field(default="all", description="Discriminator: the whole tier")
    expected: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="Tier size the plan printed (…1家，100%抽取), if any"
    )

    def __str__(self) -> str:
        return "100%" if self.expected is None else f"{self.expected}家，100%"


Part = Annotated[Ratio | Count | All, Field(discriminator="kind")]
"""What a tier contributes: a :class:`Ratio`, a :class:`Count` or :class:`All`."""


class TierRule(FrozenModel):
    """One tier's part of a rule, e.g. 高风险企业抽取比例不低于10%."""

    tier: Tier = Field(description="Credit-risk tier (信用风险分类), UNRATED included")
    part: Part = Field(description="Ratio, count or all of the tier")


class RiskWeights(FrozenModel):
    """Weights of ratios that rise with risk (分别递加比例), lowest to highest risk.

    The default 1:2:4:8 doubles the ratio at each step; ``unrated`` defaults to the MEDIUM
    weight (一般风险), an assumption no notice settles.
    """

    low: Decimal = Field(default=Decimal(1), gt=0, description="Weight of LOW (低风险, A类)")
    medium: Decimal = Field(
        default=Decimal(2), gt=0, description="Weight of MEDIUM (一般风险, B类)"
    )
    higher: Decimal = Field(
        default=Decimal(4), gt=0, description="Weight of HIGHER (较高风险, C类)"
    )
    high: Decimal = Field(default=Decimal(8), gt=0, description="Weight of HIGH (高风险, D类)")
    unrated: Annotated[Decimal, Field(gt=0)] | None = Field(
        default=None, description="Weight of UNRATED (无风险等级); None = the MEDIUM weight"
    )

    @model_validator(mode="after")
    def _rising(self) -> RiskWeights:
        if not self.low < self.medium < self.higher < self.high:
            raise ValueError(
                f"weights {self.ratio_text()} must rise strictly with risk "
                "(low < medium < higher < high)"
            )
        return self

    def weight(self, tier: RiskTier) -> Fraction:
        """The weight of ``tier`` as an exact fraction."""
        return Fraction(self.weight_decimal(tier))

    def weight_decimal(self, tier: RiskTier) -> Decimal:
        """The weight of ``tier`` as given."""
        return {
            RiskTier.LOW: self.low,
            RiskTier.MEDIUM: self.medium,
            RiskTier.HIGHER: self.higher,
            RiskTier.HIGH: self.high,
            RiskTier.UNRATED: self.medium if self.unrated is None else self.unrated,
        }[tier]

    def ratio_text(self) -> str:
        """``"1:2:4:8"``."""
        return ":".join(_decimal_text(w) for w in (self.low, self.medium, self.higher, self.high))

    def describe(self) -> str:
        """The weights as :meth:`SamplingRule.parse` reads them: ``按1:2:4:8分别递加比例``,
        then ``，无风险等级权重3`` when UNRATED has its own weight."""
        text = f"按{self.ratio_text()}分别递加比例"
        if self.unrated is not None:
            text += f"，无风险等级权重{_decimal_text(self.unrated)}"
        return text

    def explain(self) -> str:
        """One line naming each tier's weight, e.g. for :meth:`Quotas.explain`."""
        unrated = (
            f"无风险等级 {_decimal_text(self.unrated)}"
            if self.unrated is not None
            else f"无风险等级 as 一般风险 ({_decimal_text(self.medium)})"
        )
        default = " (the default)" if self == RiskWeights() else ""
        return (
            f"分别递加比例 {self.ratio_text()}{default}: 低风险 : 一般风险 : 较高风险 : 高风险; "
            f"{unrated}"
        )


class TopUpPolicy(str, Enum):
    """Where the remainder goes when the tiers together fall short of the overall minimum."""

    HIGHEST_RISK_FIRST = "HIGHEST_RISK_FIRST"  # 高风险优先: HIGH, HIGHER, MEDIUM, LOW, UNRATED
    PROPORTIONAL = "PROPORTIONAL"  # 按各等级户数比例 (largest remainder, ties to higher risk)


class QuotaBasis(str, Enum):
    """Which part of the rule set a tier's base quota."""

    RATIO = "RATIO"  # 按比例
    COUNT = "COUNT"  # 按数量
    ALL = "ALL"  # 全部抽取
    WEIGHTED = "WEIGHTED"  # 分别递加比例 (risk-weighted share of the overall minimum)
    NONE = "NONE"  # the rule sets no share for this tier


class TierQuota(FrozenModel):
    """One tier's quota and why it is what it is."""

    tier: Tier = Field(description="Credit-risk tier")
    available: int = Field(ge=0, description="Subjects of the tier that may be drawn")
    basis: QuotaBasis = Field(description="Which part of the rule set the base quota")
    ratio: Annotated[str, Field(pattern=r"^[0-9]+/[1-9][0-9]*$")] | None = Field(
        default=None,
        description="The exact ratio applied, as a fraction of 1 ('7/100'); None for counts",
    )
    base: int = Field(ge=0, description="Quota from the tier's own part")
    top_up: int = Field(default=0, ge=0, description="Added to meet the overall minimum")
    quota: int = Field(ge=0, description="Subjects to draw: base + top_up")
    shortfall: int = Field(
        default=0, ge=0, description="A count larger than the tier: how many are missing"
    )
    reason: str = Field(description="Why the quota is what it is, with the arithmetic")

    @model_validator(mode="after")
    def _consistent(self) -> TierQuota:
        if self.quota != self.base + self.top_up:
            raise ValueError(
                f"quota {self.quota} of {self.tier.value} must equal base {self.base} + "
                f"top_up {self.top_up}"
            )
        if self.quota > self.available:
            raise ValueError(
                f"quota {self.quota} of {self.tier.value} exceeds the {self.available} available"
            )
        return self

    @property
    def ratio_fraction(self) -> Fraction | None:
        """:attr:`ratio` as a :class:`~fractions.Fraction`."""
        return None if self.ratio is None else Fraction(self.ratio)


class Quotas(FrozenModel):
    """The quotas of every tier (all five, in code order) and the overall minimum.

    Examples:
        >>> rule = SamplingRule.parse("高风险企业不低于10%、低风险企业不低于0.5%")
        >>> quotas = rule.quotas({RiskTier.HIGH: 25, RiskTier.LOW: 50})
        >>> quotas[RiskTier.HIGH], quotas[RiskTier.LOW], quotas.total
        (3, 1, 4)
    """

    tiers: tuple[TierQuota, ...] = Field(description="One record per tier, in tier-code order")
    overall: Decimal | None = Field(
        default=None, description="Overall minimum in percent (总体不低于…%), if the rule sets one"
    )
    overall_minimum: int = Field(
        default=0, ge=0, description="ceil(total available × overall), 0 without an overall"
    )
    policy: TopUpPolicy = Field(
        default=TopUpPolicy.HIGHEST_RISK_FIRST, description="How a shortfall was filled"
    )
    weights: RiskWeights | None = Field(
        default=None,
        description="Weights of the ratios rising with risk (分别递加比例), if the rule has "
        "them; left out of the JSON when None",
    )

    @model_serializer(mode="wrap")
    def _without_absent_weights(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Records of rules without weights keep the JSON (and digests) they always had.
        data = handler(self)
        if isinstance(data, dict) and data.get("weights") is None:
            data.pop("weights", None)
        return data

    @model_validator(mode="after")
    def _all_tiers(self) -> Quotas:
        if tuple(q.tier for q in self.tiers) != RiskTier.in_code_order():
            raise ValueError(
                "tiers must hold one record per tier in code order "
                f"{[t.value for t in RiskTier.in_code_order()]}, got {[q.tier.value for q in self.tiers]}"
            )
        return self

    def __getitem__(self, tier: RiskTier) -> int:
        return self.tiers[tier.code].quota

    def record(self, tier: RiskTier) -> TierQuota:
        """The full record of ``tier``."""
        return self.tiers[tier.code]

    @property
    def total(self) -> int:
        """Sum of the quotas."""
        return sum(q.quota for q in self.tiers)

    @property
    def available(self) -> int:
        """Subjects that may be drawn, over all tiers."""
        return sum(q.available for q in self.tiers)

    def as_dict(self) -> dict[RiskTier, int]:
        """``{tier: quota}`` for every tier."""
        return {q.tier: q.quota for q in self.tiers}

    @property
    def unsampled(self) -> tuple[TierQuota, ...]:
        """Tiers that hold subjects but get none drawn, highest risk first.

        The national scheme lowers the ratio of low-risk subjects but exempts no class
        (不免抽): each of these deserves a look, and :meth:`warnings` says why it happened.
        """
        return tuple(q for q in reversed(self.tiers) if q.available and not q.quota)

    def warnings(self) -> tuple[str, ...]:
        """One line per tier in :attr:`unsampled`, with its reason.

        Examples:
            >>> rule = SamplingRule.parse("A类企业1家，100%抽取")
            >>> rule.quotas({"A": 1, "D": 4}).warnings()
            ('高风险(HIGH): none of its 4 subjects is drawn — the rule sets no share for this tier',)
        """
        return tuple(
            f"{q.tier.label}({q.tier.value}): none of its {q.available:,} "
            f"subject{'s' if q.available != 1 else ''} is drawn — {q.reason}"
            for q in self.unsampled
        )

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # quota/available of every tier that has subjects, highest risk first
        shown = ", ".join(
            f"{q.tier.value}: {q.quota}/{q.available}" for q in reversed(self.tiers) if q.available
        )
        yield "tiers", Shown("{" + shown + "}")
        yield "total", self.total
        yield "available", self.available
        if self.overall is not None:
            yield "overall", Shown(f"{_decimal_text(self.overall)}%")
            yield "overall_minimum", self.overall_minimum
            yield "policy", Shown(self.policy.value)

    def _repr_html_(self) -> str:
        rows = [
            (
                f"{q.tier.label} ({q.tier.value})",
                q.available,
                q.basis.value,
                format_fraction(q.ratio_fraction) if q.ratio_fraction is not None else "",
                q.base,
                q.top_up,
                q.quota,
                q.reason,
            )
            for q in reversed(self.tiers)
        ]
        notes = [f"total {self.total:,} of {self.available:,}"]
        if self.overall is not None:
            notes.append(
                f"总体不低于{_decimal_text(self.overall)}%: at least {self.overall_minimum:,} "
                f"({self.policy.value})"
            )
        return html_table(
            "Quotas (抽查数量)",
            ("信用风险分类", "available", "basis", "ratio", "base", "top-up", "quota", "reason"),
            rows,
            notes=notes,
        )

    def explain(self) -> str:
        """One line per tier with its reason, then the weights, the overall minimum and a
        warning line per tier with subjects but no share."""
        lines = [
            f"{q.tier.label}({q.tier.value}): {q.quota}/{q.available} — {q.reason}"
            for q in reversed(self.tiers)
        ]
        if self.weights is not None:
            lines.append(self.weights.explain())
        if self.overall is not None:
            lines.append(
                f"总体不低于{_decimal_text(self.overall)}%: at least {self.overall_minimum} of "
                f"{self.available}; drawn {self.total}"
            )
        lines.extend(f"warning: {line}" for line in self.warnings())
        return "\n".join(lines)


class SamplingRule(FrozenModel):
    """How many subjects of each tier a task draws (抽查比例或数量).

    Build one from parts or read the printed phrase with :meth:`parse`; both give the same
    rule for the same text, and ``SamplingRule.parse(rule.describe()) == rule`` for every
    rule. A rule whose explicit ratios fall as risk rises is rejected unless
    ``allow_falling=True``.

    **An overall minimum reaches every tier.** A rule with an ``overall`` minimum and tiers
    that have no part of their own (``按照企业信用风险分级分类，总体不低于3%``) gives those
    tiers ratios rising with risk: ``weights`` defaults to :class:`RiskWeights` (1:2:4:8)
    when it is not given and neither is ``top_up``. The national scheme lowers the ratio of
    low-risk subjects and raises that of high-risk ones but exempts no class (不免抽), so no
    tier is left out. Filling the minimum from the highest tier first, which can leave the
    low tiers empty, is an explicit choice: pass ``top_up=TopUpPolicy.HIGHEST_RISK_FIRST``
    (or ``weights=None``).

    Examples:
        >>> rule = SamplingRule.parse("高风险企业抽取比例不低于10%、较高风险企业不低于5%、"
        ...                           "中风险企业不低于1%、低风险企业不低于0.5%；无风险等级抽取30%")
        >>> q = rule.quotas({RiskTier.HIGH: 25, RiskTier.HIGHER: 300, RiskTier.MEDIUM: 1000,
        ...                  RiskTier.LOW: 50, RiskTier.UNRATED: 7})
        >>> [q[t] for t in (RiskTier.HIGH, RiskTier.HIGHER, RiskTier.MEDIUM, RiskTier.LOW,
        ...                 RiskTier.UNRATED)]
        [3, 15, 10, 1, 3]
    """

    text: str | None = Field(
        default=None, description="The phrase as printed in the plan (抽查比例或数量), if any"
    )
    tiers: tuple[TierRule, ...] = Field(
        default=(), description="Parts of named tiers, in tier-code order, each tier once"
    )
    otherwise: Part | None = Field(
        default=None, description="Part of every tier not named in tiers (e.g. a plain 5%)"
    )
    overall: Ratio | None = Field(
        default=None, description="Overall minimum over all tiers (总体不低于…%)"
    )
    weights: RiskWeights | None = Field(
        default=None,
        description="Ratios rising with risk (分别递加比例) for tiers without their own part; "
        "needs overall",
    )
    top_up: TopUpPolicy = Field(
        default=TopUpPolicy.HIGHEST_RISK_FIRST,
        description="Where a shortfall against the overall minimum goes",
    )
    allow_falling: bool = Field(
        default=False, description="Accept explicit ratios that fall as risk rises"
    )

    @model_validator(mode="before")
    @classmethod
    def _rising_by_default(cls, data: Any) -> Any:
        if (
            isinstance(data, Mapping)
            and data.get("overall") is not None
            and data.get("otherwise") is None
            and "weights" not in data
            and "top_up" not in data
            and len(data.get("tiers") or ()) < len(RiskTier)
        ):
            return {**data, "weights": RiskWeights()}
        return data

    @field_validator("otherwise")
    @classmethod
    def _whole_tier(cls, part: Ratio | Count | All | None) -> Ratio | Count | All | None:
        return All() if isinstance(part, Ratio) and part.percent == 100 else part

    @field_validator("tiers")
    @classmethod
    def _one_part_per_tier(cls, tiers: tuple[TierRule, ...]) -> tuple[TierRule, ...]:
        codes = [r.tier.code for r in tiers]
        if len(set(codes)) != len(codes):
            dupes = sorted({r.tier.value for r in tiers if codes.count(r.tier.code) > 1})
            raise ValueError(f"tiers {dupes} have more than one part; give each tier once")
        whole = [
            TierRule(tier=r.tier, part=All())
            if isinstance(r.part, Ratio) and r.part.percent == 100
            else r
            for r in tiers
        ]
        return tuple(sorted(whole, key=lambda r: r.tier.code))

    @model_validator(mode="after")
    def _coherent(self) -> SamplingRule:
        if not self.tiers and self.otherwise is None and self.overall is None:
            raise ValueError(
                "a rule needs at least one tier part, an otherwise part or an overall minimum"
            )
        if self.weights is not None:
            if self.overall is None:
                raise ValueError(
                    "weights (分别递加比例) need an overall ratio to allocate; set overall"
                )
            if self.otherwise is not None:
                raise ValueError(
                    "weights and otherwise both set the tiers not named; give only one"
                )
        if not self.allow_falling:
            falling = _falling_pair(self)
            if falling is not None:
                (low, low_ratio), (high, high_ratio) = falling
                raise ValueError(
                    f"ratios fall as risk rises: {high.label} ({high.value}) "
                    f"{format_fraction(high_ratio)} < {low.label} ({low.value}) "
                    f"{format_fraction(low_ratio)}; higher risk must not get a lower ratio "
                    "(pass allow_falling=True to accept it)"
                )
        return self

    # ------------------------------------------------------------------ reading
    @classmethod
    def parse(
        cls,
        text: str,
        *,
        weights: RiskWeights | None = None,
        top_up: TopUpPolicy | None = None,
        allow_falling: bool = False,
    ) -> SamplingRule:
        """Read a rule as the notices print it.

        Understood (full-width or half-width punctuation, ``%`` or ``％``):

        * per tier: ``高风险企业抽取比例不低于10%``, ``较高风险企业不低于5%``,
          ``无风险等级抽取30%``, ``D类企业全部抽取``, ``C类企业抽取2家``,
          ``A类企业1家，100%抽取`` (all of the tier; the 1 is kept as ``All.expected``);
        * every other tier: a plain ``5%``, ``100%``, ``抽查比例100%``, or with a tier word
          ``其余等级企业不低于5%`` / ``各等级企业抽取2家``;
        * overall minimum: ``按照总体不低于3%的比例抽取``, ``抽查比例5%以上``,
          ``抽查企业占比达到3%以上``; the tiers without their own part then get ratios
          rising with risk (default weights 1:2:4:8) that share the minimum exactly;
        * rising ratios: ``对低风险、一般风险、较高风险、高风险企业分别递加比例抽查``, with an
          optional ``按1:2:4:8`` and ``无风险等级权重3``; the plain ratio beside it becomes
          the overall minimum;
        * the top-up: ``不足部分按高风险优先补足``, ``不足部分按各等级户数比例补足``;
          ``允许比例随风险递减`` (``allow_falling``);
        * context that sets nothing: ``实施差异化监管``, ``结合企业信用风险分级分类``,
          ``根据企业信用风险分类结果``.

        The rule keeps ``text`` unless it is the rule's own :meth:`describe` phrase, so
        ``SamplingRule.parse(rule.describe()) == rule`` for any rule without a ``text``.

        Args:
            text: The phrase, e.g. ``"无风险等级抽取30%"``.
            weights: Weights for rising ratios when the text gives none (default 1:2:4:8).
            top_up: Where the overall minimum goes when the text does not say. ``None`` (the
                default) gives tiers without their own part rising ratios; a policy here
                instead fills the minimum by that policy alone, e.g.
                ``TopUpPolicy.HIGHEST_RISK_FIRST``, which can leave the low tiers empty.
            allow_falling: Accept explicit ratios that fall as risk rises.

        Raises:
            RuleParseError: a part of ``text`` cannot be read; ``.fragment`` quotes it.
        """
        from jointcheck.model._rule_parse import parse_rule

        return parse_rule(cls, text, weights=weights, top_up=top_up, allow_falling=allow_falling)

    def part_for(self, tier: RiskTier) -> Ratio | Count | All | None:
        """The part that applies to ``tier``: its own, else ``otherwise`` (``None`` if neither)."""
        for rule in self.tiers:
            if rule.tier is tier:
                return rule.part
        return self.otherwise

    def describe(self) -> str:
        """The canonical Chinese phrase of the rule; :meth:`parse` reads it back to this rule.

        It is what :func:`str` shows when the rule has no printed ``text``.

        Examples:
            >>> SamplingRule.parse("按照企业信用风险分级分类，抽查比例5%以上").describe()
            '总体不低于5%；按1:2:4:8分别递加比例'
        """
        parts = [f"{r.tier.label}企业{_part_text(r.part)}" for r in reversed(self.tiers)]
        if self.otherwise is not None:
            parts.append(
                ("其余等级" if self.tiers else "各等级") + "企业" + _part_text(self.otherwise)
            )
        if self.overall is not None:
            parts.append(f"总体不低于{self.overall}")
        if self.weights is not None:
            parts.append(self.weights.describe())
        if self.top_up is not TopUpPolicy.HIGHEST_RISK_FIRST or (
            self.overall is not None and self.weights is None and self.unnamed_tiers()
        ):
            parts.append(_TOP_UP_TEXT[self.top_up])
        if self.allow_falling:
            parts.append(_ALLOW_FALLING_TEXT)
        return "；".join(parts)

    def unnamed_tiers(self) -> tuple[RiskTier, ...]:
        """Tiers with no part of their own and no ``otherwise``, in tier-code order: the
        tiers that ``weights`` (or, without weights, only the top-up) give a share."""
        if self.otherwise is not None:
            return ()
        named = {r.tier for r in self.tiers}
        return tuple(t for t in RiskTier.in_code_order() if t not in named)

    def __str__(self) -> str:
        return self.text if self.text else self.describe()

    # ------------------------------------------------------------------ quotas
    def quotas(self, counts: Mapping[RiskTier, int]) -> Quotas:
        """Exact quotas for the given numbers of subjects per tier (missing tiers hold 0).

        Each tier's base is the smallest integer not below N·r (a ratio), ``min(n, N)`` (a
        count, the shortfall recorded) or N (all); tiers under ``weights`` share exactly what
        ``ceil(N_total · overall)`` leaves, by ratios proportional to the weights (capped at
        100%) rounded by largest remainders. If the total still falls short of the minimum,
        the remainder goes to tiers with room left, by :attr:`top_up`. A tier that holds
        subjects but gets none is listed by :attr:`Quotas.unsampled`.

        Raises:
            InvalidInputError: a count is negative or not an integer, or a key is not a tier.
        """
        available = _counts(counts)
        total_available = sum(available.values())
        records: dict[RiskTier, dict[str, Any]] = {}
        weighted: list[RiskTier] = []
        for tier in RiskTier.in_code_order():
            part = self.part_for(tier)
            n = available[tier]
            if part is not None:
                records[tier] = _apply(part, n)
            elif self.weights is not None:
                weighted.append(tier)
            else:
                records[tier] = {
                    "basis": QuotaBasis.NONE,
                    "ratio": None,
                    "base": 0,
                    "shortfall": 0,
                    "reason": "the rule sets no share for this tier"
                    + (
                        f" (overall minimum filled {_TOP_UP_HOW[self.top_up]}, no rising weights)"
                        if self.overall is not None
                        else ""
                    ),
                }
        overall_fraction = self.overall.fraction if self.overall is not None else Fraction(0)
        overall_minimum = ceil_fraction(total_available * overall_fraction)
        if weighted:
            assert self.weights is not None  # guarded by the validator
            records.update(
                _weighted(
                    weighted,
                    available,
                    self.weights,
                    overall_minimum - sum(r["base"] for r in records.values()),
                    overall_text=f"ceil({total_available} × {self.overall}) = {overall_minimum}",
                )
            )
        top_ups = _top_up(
            {t: r["base"] for t, r in records.items()},
            available,
            overall_minimum - sum(r["base"] for r in records.values()),
            self.top_up,
        )
        tier_quotas = []
        for tier in RiskTier.in_code_order():
            record = records[tier]
            extra = top_ups.get(tier, 0)
            reason = record["reason"]
            if extra:
                reason += (
                    f"; +{extra} to reach the overall minimum ceil({total_available} × "
                    f"{self.overall}) = {overall_minimum} ({_TOP_UP_HOW[self.top_up]})"
                )
            tier_quotas.append(
                TierQuota(
                    tier=tier,
                    available=available[tier],
                    basis=record["basis"],
                    ratio=record["ratio"],
                    base=record["base"],
                    top_up=extra,
                    quota=record["base"] + extra,
                    shortfall=record["shortfall"],
                    reason=reason,
                )
            )
        return Quotas(
            tiers=tuple(tier_quotas),
            overall=self.overall.percent if self.overall is not None else None,
            overall_minimum=overall_minimum,
            policy=self.top_up,
            weights=self.weights,
        )


# ---------------------------------------------------------------------- helpers
_TOP_UP_TEXT = {
    TopUpPolicy.HIGHEST_RISK_FIRST: "不足部分按高风险优先补足",
    TopUpPolicy.PROPORTIONAL: "不足部分按各等级户数比例补足",
}
"""How :meth:`SamplingRule.describe` prints the top-up policy (read back by ``parse``)."""

_ALLOW_FALLING_TEXT = "允许比例随风险递减"
"""How :meth:`SamplingRule.describe` prints ``allow_falling=True``."""

_TOP_UP_HOW = {
    TopUpPolicy.HIGHEST_RISK_FIRST: "highest risk first",
    TopUpPolicy.PROPORTIONAL: "in proportion to tier sizes",
}


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _part_text(part: Ratio | Count | All) -> str:
    if isinstance(part, Ratio):
        return f"不低于{part}"
    if isinstance(part, Count):
        return f"抽取{part.n}家"
    return "全部抽取" if part.expected is None else f"{part.expected}家，100%抽取"


def _part_ratio(part: Ratio | Count | All) -> Fraction | None:
    if isinstance(part, Ratio):
        return part.fraction
    if isinstance(part, All):
        return Fraction(1)
    return None


def _falling_pair(
    rule: SamplingRule,
) -> tuple[tuple[RiskTier, Fraction], tuple[RiskTier, Fraction]] | None:
    ratios: list[tuple[RiskTier, Fraction]] = []
    for tier in RiskTier.rated():
        part = rule.part_for(tier)
        ratio = None if part is None else _part_ratio(part)
        if ratio is not None:
            ratios.append((tier, ratio))
    for i, (low, low_ratio) in enumerate(ratios):
        for high, high_ratio in ratios[i + 1 :]:
            if high_ratio < low_ratio:
                return (low, low_ratio), (high, high_ratio)
    return None


def _counts(counts: Mapping[Any, Any]) -> dict[RiskTier, int]:
    available = dict.fromkeys(RiskTier.in_code_order(), 0)
    for key, value in counts.items():
        tier = RiskTier.parse(key)
        if isinstance(value, bool) or not isinstance(value, int):
            try:
                as_int = int(value)
            except (TypeError, ValueError):
                as_int = -1
            if as_int != value or isinstance(value, bool):
                raise InvalidInputError(
                    f"count of {tier.value} is {value!r}; it must be a whole number >= 0",
                    field="counts",
                    value=value,
                )
            value = as_int
        if value < 0:
            raise InvalidInputError(
                f"count of {tier.value} is {value}; it must be >= 0", field="counts", value=value
            )
        available[tier] += value
    return available


def _ratio_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def _apply(part: Ratio | Count | All, n: int) -> dict[str, Any]:
    if isinstance(part, Ratio):
        quota = part.quota(n)
        return {
            "basis": QuotaBasis.RATIO,
            "ratio": _ratio_text(part.fraction),
            "base": quota,
            "shortfall": 0,
            "reason": f"不低于{part}: ceil({n} × {part}) = {quota}",
        }
    if isinstance(part, Count):
        if n >= part.n:
            reason = f"抽取{part.n}家: {part.n} of {n}"
            shortfall = 0
        else:
            shortfall = part.n - n
            reason = (
                f"抽取{part.n}家: the tier holds only {n}; all {n} taken, shortfall {shortfall}"
            )
        return {
            "basis": QuotaBasis.COUNT,
            "ratio": None,
            "base": min(part.n, n),
            "shortfall": shortfall,
            "reason": reason,
        }
    reason = f"100%: all {n}"
    if part.expected is not None and part.expected != n:
        reason += f" (the plan printed {part.expected}家; the tier holds {n})"
    return {"basis": QuotaBasis.ALL, "ratio": "1/1", "base": n, "shortfall": 0, "reason": reason}


def _weighted(
    tiers: list[RiskTier],
    available: Mapping[RiskTier, int],
    weights: RiskWeights,
    target: int,
    *,
    overall_text: str,
) -> dict[RiskTier, dict[str, Any]]:
    """Share ``target`` subjects among ``tiers`` by ratios rising with risk.

    The ratios are ``min(1, λ·w_t)`` with the λ for which ``Σ N_t · min(1, λ·w_t)`` is
    exactly ``target`` (tiers that would pass 100% are capped and λ solved again, all in
    exact fractions). The exact shares are then rounded by largest remainders (ties to the
    higher risk), so the quotas add up to ``target`` exactly and none is more than one
    subject from its exact share.
    """
    active = [t for t in tiers if available[t] > 0]
    room = sum(available[t] for t in active)
    ratios: dict[RiskTier, Fraction] = dict.fromkeys(tiers, Fraction(0))
    if target >= room:
        ratios.update(dict.fromkeys(active, Fraction(1)))
    elif target > 0:
        capped: set[RiskTier] = set()
        while True:
            free = [t for t in active if t not in capped]
            remaining = target - sum(available[t] for t in capped)
            scale = Fraction(remaining) / sum(available[t] * weights.weight(t) for t in free)
            newly = [t for t in free if scale * weights.weight(t) >= 1]
            if not newly:
                break
            capped.update(newly)
        for tier in active:
            ratios[tier] = Fraction(1) if tier in capped else scale * weights.weight(tier)
    shares = {t: available[t] * ratios[t] for t in tiers}
    quotas = {t: shares[t].numerator // shares[t].denominator for t in tiers}
    left = max(0, min(target, room)) - sum(quotas.values())
    by_remainder = sorted(
        (t for t in tiers if shares[t] != quotas[t]),
        key=lambda t: (-(shares[t] - quotas[t]), TOP_UP_ORDER.index(t)),
    )
    for tier in by_remainder[:left]:
        quotas[tier] += 1
    records: dict[RiskTier, dict[str, Any]] = {}
    for tier in tiers:
        n, ratio, quota = available[tier], ratios[tier], quotas[tier]
        head = (
            f"分别递加比例 {weights.ratio_text()} (weight "
            f"{_decimal_text(weights.weight_decimal(tier))}) sharing the overall minimum "
            f"{overall_text}"
        )
        if target <= 0:
            reason = f"{head}: the other tiers' own parts already meet it; nothing left to share"
        elif n == 0:
            reason = f"{head}: the tier is empty"
        else:
            share = shares[tier]
            exact = (
                str(share)
                if share.denominator == 1
                else f"{_ratio_text(share)} ≈ {float(share):.2f}"
            )
            reason = (
                f"{head}: ratio {format_fraction(ratio)} = {_ratio_text(ratio)}, exact share "
                f"{n} × {_ratio_text(ratio)} = {exact}, rounded by largest remainder to {quota}"
            )
            if quota == 0:
                reason += " (the overall minimum is too small to reach this tier)"
        records[tier] = {
            "basis": QuotaBasis.WEIGHTED,
            "ratio": _ratio_text(ratio),
            "base": quota,
            "shortfall": 0,
            "reason": reason,
        }
    return records


def _top_up(
    base: Mapping[RiskTier, int],
    available: Mapping[RiskTier, int],
    shortfall: int,
    policy: TopUpPolicy,
) -> dict[RiskTier, int]:
    extra = dict.fromkeys(TOP_UP_ORDER, 0)
    if shortfall <= 0:
        return {}
    room = {t: available[t] - base[t] for t in TOP_UP_ORDER}
    if policy is TopUpPolicy.HIGHEST_RISK_FIRST:
        for tier in TOP_UP_ORDER:
            take = min(room[tier], shortfall)
            extra[tier] += take
            shortfall -= take
    else:
        # Hamilton (largest remainder) apportionment over tiers with room, by tier size;
        # capacity lost to full tiers is apportioned again among the rest.
        while shortfall > 0:
            open_tiers = [t for t in TOP_UP_ORDER if room[t] - extra[t] > 0]
            if not open_tiers:
                break
            weight_total = sum(available[t] for t in open_tiers)
            shares = {t: Fraction(shortfall * available[t], weight_total) for t in open_tiers}
            given = 0
            for tier in open_tiers:
                take = min(room[tier] - extra[tier], int(shares[tier]))
                extra[tier] += take
                given += take
            left = shortfall - given
            ranked = sorted(
                (t for t in open_tiers if room[t] - extra[t] > 0),
                key=lambda t: -(shares[t] - int(shares[t])),
            )
            for tier in ranked[:left]:
                extra[tier] += 1
                given += 1
            shortfall -= given
    return {t: v for t, v in extra.items() if v}
