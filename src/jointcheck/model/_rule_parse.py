"""Reading sampling-rule phrases as the notices print them (see :meth:`SamplingRule.parse`).

The reader finds known clauses with regular expressions, marks the characters each one
reads, and fails on the first stretch of text that no clause read, quoting it. Full-width
ASCII forms (``％``, ``，``, ``：``) are read as their half-width forms one character for
one, so positions in the error stay those of the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from jointcheck.errors import JointcheckError, RuleParseError
from jointcheck.model._tier import RiskTier

if TYPE_CHECKING:
    from jointcheck.model._rule import All, Count, Ratio, RiskWeights, SamplingRule, TopUpPolicy

__all__ = ["parse_rule"]

_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20  # ideographic space

_TIER_WORDS: dict[str, RiskTier] = {
    "无风险等级": RiskTier.UNRATED,
    "未分类": RiskTier.UNRATED,
    "未评级": RiskTier.UNRATED,
    "未分级": RiskTier.UNRATED,
    "信用风险较高": RiskTier.HIGHER,
    "信用风险一般": RiskTier.MEDIUM,
    "信用风险高": RiskTier.HIGH,
    "信用风险低": RiskTier.LOW,
    "较高风险": RiskTier.HIGHER,
    "一般风险": RiskTier.MEDIUM,
    "中风险": RiskTier.MEDIUM,
    "高风险": RiskTier.HIGH,
    "低风险": RiskTier.LOW,
    "A类": RiskTier.LOW,
    "B类": RiskTier.MEDIUM,
    "C类": RiskTier.HIGHER,
    "D类": RiskTier.HIGH,
}
_TIER_ALT = "|".join(
    ("(?<!较)" + re.escape(w)) if w == "高风险" else re.escape(w) for w in _TIER_WORDS
)
_OTHERS = ("其余等级", "各等级", "其余")
"""Words for every tier not named (the rule's ``otherwise`` part)."""
_TIER = rf"(?P<tier>{_TIER_ALT}|{'|'.join(_OTHERS)})"
_TIER_ANY = rf"(?:{_TIER_ALT})"
_SUBJ = r"(?:企业|市场主体|主体|单位|机构)?"
_TAKE = r"(?:抽取|抽查|抽检)"
_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s*%"
_NUM = r"(?P<n>\d+)\s*(?:家|户|个)"
_AT_LEAST = r"(?:不低于|不少于|达到|为)"

_RISING = re.compile(
    r"(?:(?:根据|按照|结合)?企业信用风险分(?:级分)?类(?:结果)?\s*,?\s*)?"
    rf"(?:对?\s*(?:{_TIER_ANY}\s*{_SUBJ}\s*[、,和及与]?\s*)+)?"
    rf"分别\s*(?:逐级\s*)?递(?:加|增)\s*(?:比例)?\s*{_TAKE}?"
)
_WEIGHTS = re.compile(
    r"(?:按照?)?\s*(?P<w>\d+(?:\.\d+)?(?:\s*:\s*\d+(?:\.\d+)?){3})\s*(?:的?比例)?(?:递(?:加|增))?"
)
_TIER_ALL_COUNT = re.compile(rf"{_TIER}\s*{_SUBJ}\s*{_NUM}\s*,?\s*(?:100\s*%|全部)\s*{_TAKE}?")
_TIER_COUNT = re.compile(rf"{_TIER}\s*{_SUBJ}\s*{_TAKE}\s*{_NUM}")
_TIER_ALL = re.compile(rf"{_TIER}\s*{_SUBJ}\s*(?:全部\s*{_TAKE}|全覆盖\s*{_TAKE}?)")
_TIER_RATIO = re.compile(
    rf"{_TIER}\s*{_SUBJ}\s*{_TAKE}?\s*(?:比例)?\s*{_AT_LEAST}?\s*{_PCT}\s*(?:以上)?"
    rf"\s*(?:的比例)?\s*{_TAKE}?"
)
_OVERALL = (
    re.compile(
        rf"(?:按照?)?\s*总体\s*(?:{_TAKE}\s*)?(?:比例\s*)?{_AT_LEAST}?\s*{_PCT}\s*(?:以上)?"
        rf"\s*(?:的比例)?\s*{_TAKE}?"
    ),
    re.compile(
        rf"(?:年度)?\s*(?:{_TAKE}\s*(?:企业)?)?\s*(?:比例|占比)\s*{_AT_LEAST}\s*{_PCT}\s*(?:以上)?"
    ),
    re.compile(rf"(?:年度)?\s*(?:{_TAKE}\s*(?:企业)?)?\s*(?:比例|占比)\s*{_PCT}\s*以上"),
    re.compile(rf"{_PCT}\s*以上"),
)
_PLAIN = re.compile(rf"(?:{_TAKE}?\s*比例\s*)?{_TAKE}?\s*(?:不低于)?\s*{_PCT}\s*{_TAKE}?")
_UNRATED_WEIGHT = re.compile(r"无风险等级\s*(?:企业)?\s*权重\s*(?P<w>\d+(?:\.\d+)?)")
_TOP_UP = (
    (
        re.compile(r"不足部分\s*(?:按|由)?\s*高风险(?:等级)?优先\s*(?:补足|补齐)?"),
        "HIGHEST_RISK_FIRST",
    ),
    (
        re.compile(r"不足部分\s*(?:按|由)?\s*各等级\s*户数\s*(?:的)?比例\s*(?:补足|补齐)?"),
        "PROPORTIONAL",
    ),
)
_ALLOW_FALLING = re.compile(r"允许(?:抽查)?比例随风险递减")
_CONTEXT = (
    re.compile(rf"{_TAKE}?\s*比例\s*:"),
    re.compile(r"(?:实施)?差异化(?:监管|抽查)"),
    re.compile(r"(?:根据|按照|结合)?\s*企业信用风险分(?:级分)?类(?:结果|管理)?"),
)
_MAX_LENGTH = 2000
_DELEGATED = re.compile(r"(?:根据实际情况)?自行(?:确定|决定)(?:抽查)?比例")
_SEPARATORS = set(" \t\r\n,;.。、:()[]!?\"'“”‘’《》【】-—…")


@dataclass
class _Reading:
    text: str
    plain: str
    read: list[bool]

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Every match of ``pattern`` in text no earlier clause read; marks it read."""
        found = []
        position = 0
        while position < len(self.plain):
            match = pattern.search(self.plain, position)
            if match is None:
                break
            if match.end() == match.start() or any(self.read[match.start() : match.end()]):
                # a match over text already read: look again from the next character, so
                # "…分别递加比例抽查5%" still finds the "5%" after the read "抽查"
                position = match.start() + 1
                continue
            for i in range(match.start(), match.end()):
                self.read[i] = True
            found.append(match)
            position = match.end()
        return found

    def quote(self, match: re.Match[str]) -> str:
        return self.text[match.start() : match.end()].strip()

    def unread(self) -> str | None:
        """The first stretch of text no clause read (separators at its ends dropped)."""
        for start, ch in enumerate(self.plain):
            if self.read[start] or ch in _SEPARATORS:
                continue
            end = start
            while end < len(self.plain) and not self.read[end]:
                end += 1
            while self.plain[end - 1] in _SEPARATORS:
                end -= 1
            return self.text[start:end]
        return None


def _fail(text: str, fragment: str, problem: str) -> RuleParseError:
    return RuleParseError(
        f"sampling rule {text!r}: {problem} {fragment!r}; readable clauses are per-tier ratios "
        "(高风险企业不低于10%), counts (C类企业抽取2家), 100% (A类企业1家，100%抽取), a plain "
        "ratio (5%), an overall minimum (按照总体不低于3%的比例抽取, 抽查比例5%以上) and rising "
        "ratios (对低风险、一般风险、较高风险、高风险企业分别递加比例抽查)",
        value=text,
        fragment=fragment,
    )


def _ratio(reading: _Reading, match: re.Match[str]) -> Ratio:
    from jointcheck.model._rule import Ratio

    try:
        percent = Decimal(match.group("pct"))
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        raise _fail(reading.text, reading.quote(match), "cannot read the ratio in") from None
    if not Decimal(0) < percent <= Decimal(100):
        raise _fail(
            reading.text,
            reading.quote(match),
            f"the ratio {percent}% is outside 0 < r <= 100% in",
        )
    return Ratio(percent=percent)


def parse_rule(
    cls: type[SamplingRule],
    text: str,
    *,
    weights: RiskWeights | None,
    top_up: TopUpPolicy | None,
    allow_falling: bool,
) -> SamplingRule:
    """Read ``text`` into a ``cls`` (see :meth:`SamplingRule.parse`)."""
    from jointcheck.model._rule import All, Count, RiskWeights, TierRule, TopUpPolicy

    if not isinstance(text, str):
        raise RuleParseError(
            f"sampling rule must be a str, got {type(text).__name__}",
            value=repr(text),
            fragment=repr(text),
        )
    if len(text) > _MAX_LENGTH:
        raise RuleParseError(
            f"sampling rule of {len(text):,} characters is too long; a rule phrase is at most "
            f"{_MAX_LENGTH:,} characters (the notices' are under 200)",
            value=text[:60] + "…",
            fragment=text[:60] + "…",
        )
    delegated = _DELEGATED.search(text)
    if delegated is not None:
        raise _fail(
            text,
            delegated.group(0),
            "the plan leaves the ratio to the level that carries it out; read the ratio that "
            "level sets instead (萧县's 实施方案: 抽查比例100%), not",
        )
    reading = _Reading(text, text.translate(_HALF_WIDTH), [False] * len(text))
    rising = reading.take(_RISING)
    weight_matches = reading.take(_WEIGHTS)
    unrated_weights = reading.take(_UNRATED_WEIGHT)
    top_ups = [
        (m, TopUpPolicy(policy)) for pattern, policy in _TOP_UP for m in reading.take(pattern)
    ]
    falling = reading.take(_ALLOW_FALLING)
    parts: dict[RiskTier, tuple[Ratio | Count | All, str]] = {}
    others: list[tuple[Ratio | Count | All, str]] = []

    def put(match: re.Match[str], part: Ratio | Count | All) -> None:
        word = match.group("tier")
        if word in _OTHERS:
            others.append((part, reading.quote(match)))
            return
        tier = _TIER_WORDS[word]
        if tier in parts:
            raise _fail(
                text,
                reading.quote(match),
                f"{tier.label} ({tier.value}) is given twice; the second is",
            )
        parts[tier] = (part, reading.quote(match))

    for match in reading.take(_TIER_ALL_COUNT):
        put(match, All(expected=int(match.group("n"))))
    for match in reading.take(_TIER_COUNT):
        n = int(match.group("n"))
        if n < 1:
            raise _fail(text, reading.quote(match), "a count must be at least 1 in")
        put(match, Count(n=n))
    for match in reading.take(_TIER_ALL):
        put(match, All())
    for match in reading.take(_TIER_RATIO):
        ratio = _ratio(reading, match)
        put(match, All() if ratio.percent == 100 else ratio)
    overall = [(m, _ratio(reading, m)) for p in _OVERALL for m in reading.take(p)]
    plain = [(m, _ratio(reading, m)) for m in reading.take(_PLAIN)]
    for pattern in _CONTEXT:
        reading.take(pattern)

    leftover = reading.unread()
    if leftover is not None:
        raise _fail(text, leftover, "cannot read")
    for found, what in (
        (overall, "a second overall minimum"),
        (plain, "a second plain ratio"),
        (weight_matches, "a second set of weights"),
        (unrated_weights, "a second 无风险等级 weight"),
        (top_ups, "a second top-up policy"),
    ):
        if len(found) > 1:
            second = found[1]
            match = second[0] if isinstance(second, tuple) else second
            raise _fail(text, reading.quote(match), what)
    if len(others) > 1:
        raise _fail(text, others[1][1], "a second part for the other tiers")
    if others and plain:
        raise _fail(text, reading.quote(plain[0][0]), "a plain ratio beside 其余/各等级:")
    if (weight_matches or unrated_weights) and not rising:
        first = (weight_matches or unrated_weights)[0]
        raise _fail(
            text,
            reading.quote(first),
            "weights need 分别递加比例 (ratios rising with risk) beside them:",
        )
    if weight_matches or unrated_weights:
        base = weights or RiskWeights()
        values = (
            [Decimal(v) for v in re.split(r"\s*:\s*", weight_matches[0].group("w"))]
            if weight_matches
            else [base.low, base.medium, base.higher, base.high]
        )
        unrated = Decimal(unrated_weights[0].group("w")) if unrated_weights else base.unrated
        try:
            weights = RiskWeights(
                low=values[0], medium=values[1], higher=values[2], high=values[3], unrated=unrated
            )
        except JointcheckError as exc:
            first = (weight_matches or unrated_weights)[0]
            raise _fail(text, reading.quote(first), f"{exc.message.splitlines()[-1]} in") from None

    overall_ratio = overall[0][1] if overall else None
    otherwise: Ratio | Count | All | None = others[0][0] if others else None
    rule_weights: RiskWeights | None = None
    if rising:
        if overall_ratio is not None and plain:
            raise _fail(
                text,
                reading.quote(plain[0][0]),
                "both an overall minimum and a plain ratio beside 分别递加比例; which one is "
                "overall? remove",
            )
        if overall_ratio is None:
            if not plain:
                raise _fail(
                    text,
                    reading.quote(rising[0]),
                    "分别递加比例 needs a ratio to allocate (e.g. 5%) beside",
                )
            overall_ratio = plain[0][1]
        rule_weights = weights or RiskWeights()
    elif plain:
        ratio = plain[0][1]
        otherwise = All() if ratio.percent == 100 else ratio
    if not parts and otherwise is None and overall_ratio is None:
        raise _fail(text, text.strip(), "found no ratio, count or 100% in")
    fields: dict[str, object] = {
        "tiers": tuple(TierRule(tier=t, part=p) for t, (p, _) in parts.items()),
        "otherwise": otherwise,
        "overall": overall_ratio,
        "allow_falling": allow_falling or bool(falling),
    }
    if rule_weights is None and overall_ratio is not None and otherwise is None:
        rule_weights = weights
    if rule_weights is not None:
        fields["weights"] = rule_weights
    policy = top_ups[0][1] if top_ups else top_up
    if policy is not None:
        fields["top_up"] = policy
    rule = cls(**fields)  # type: ignore[arg-type]
    if text == rule.describe():
        return rule
    return rule.model_copy(update={"text": text})
