"""Inspection result categories (检查结果), as the national collaborative platform codes them."""

from __future__ import annotations

from enum import Enum
from functools import cache

from jointcheck._internal.text import shorten
from jointcheck.errors import UnknownLabelError
from jointcheck.model._labels import LabelTable

__all__ = ["ANNEX2_COLUMNS", "ResultCategory"]

ANNEX2_COLUMNS: tuple[str, ...] = (
    "未发现问题",
    "通过登记的住所(经营场所)无法联系",
    "发现问题已责令改正",
    "不配合检查情节严重",
    "未发现开展本次抽查涉及的经营活动",
    "发现问题待后续处理",
    "其他",
)
"""The result columns of the summary table (抽查情况汇总统计表), in the order the notices print them."""


class ResultCategory(str, Enum):
    """A result category (抽查结果). Results are multi-select.

    ``code`` is the platform's code (``None`` for ``OTHER``), ``label`` the official text,
    ``parent`` the category it refines, ``annex2_column`` the summary-table column it is
    counted under, and ``needs_follow_up`` whether a follow-up action must be recorded.
    """

    NO_PROBLEM_FOUND = "NO_PROBLEM_FOUND"  # 1 未发现问题
    PROBLEM_PENDING_FOLLOW_UP = "PROBLEM_PENDING_FOLLOW_UP"  # A 发现问题待后续处理
    VIOLATES_MARKET_REGULATION = "VIOLATES_MARKET_REGULATION"  # 2 违反工商行政管理相关规定
    INFORMATION_NOT_DISCLOSED = "INFORMATION_NOT_DISCLOSED"  # B 未按规定公示应当公示的信息
    FALSE_DISCLOSURE = "FALSE_DISCLOSURE"  # C 公示信息隐瞒真实情况弄虚作假
    UNREACHABLE_AT_ADDRESS = "UNREACHABLE_AT_ADDRESS"  # 6 通过登记的住所（经营场所）无法联系
    OTHER_MARKET_VIOLATION = "OTHER_MARKET_VIOLATION"  # D 违反其他工商行政管理规定行为
    VIOLATES_FOOD_DRUG_RULES = "VIOLATES_FOOD_DRUG_RULES"  # 3 违反食品药品管理相关规定
    VIOLATES_QUALITY_RULES = "VIOLATES_QUALITY_RULES"  # 4 违反质量技术监督相关规定
    VIOLATES_OTHER_DEPARTMENT_RULES = "VIOLATES_OTHER_DEPARTMENT_RULES"  # 5 违反其他部门相关规定
    VIOLATES_PUBLIC_SECURITY_RULES = "VIOLATES_PUBLIC_SECURITY_RULES"  # G 违反公安部门相关规定
    CORRECTED_AFTER_ORDER = "CORRECTED_AFTER_ORDER"  # E 发现问题经责令已改正
    NO_RELEVANT_BUSINESS = "NO_RELEVANT_BUSINESS"  # F 未发现开展本次抽查涉及的经营活动
    CLOSED_OR_LIQUIDATING = "CLOSED_OR_LIQUIDATING"  # 7 已关闭停业或正在组织清算
    SERIOUS_NON_COOPERATION = "SERIOUS_NON_COOPERATION"  # 8 不配合检查情节严重
    DEREGISTERED = "DEREGISTERED"  # 9 注销
    LICENCE_REVOKED = "LICENCE_REVOKED"  # 10 被吊销
    REGISTRATION_CANCELLED = "REGISTRATION_CANCELLED"  # 11 被撤销
    MOVED_OUT = "MOVED_OUT"  # 12 迁出
    OTHER = "OTHER"  # 其他 (the summary table's catch-all column)

    @property
    def code(self) -> str | None:
        """The platform code (``"1"``, ``"A"``, …), ``None`` for ``OTHER``."""
        return _INFO[self][0]

    @property
    def label(self) -> str:
        """The official Chinese text."""
        return _INFO[self][1]

    @property
    def parent(self) -> ResultCategory | None:
        """The broader category this one refines, if any."""
        return _INFO[self][2]

    @property
    def annex2_column(self) -> str:
        """The column of the summary table (汇总统计表) this category is counted under."""
        return _INFO[self][3]

    @property
    def needs_follow_up(self) -> bool:
        """Whether a follow-up action (后续处置) must be recorded with this result."""
        category: ResultCategory | None = self
        while category is not None:
            if category is ResultCategory.PROBLEM_PENDING_FOLLOW_UP:
                return True
            category = category.parent
        return False

    @classmethod
    def from_code(cls, code: str) -> ResultCategory:
        """The category with platform code ``code`` (``"1"``, ``"A"``…)."""
        found = _BY_PLATFORM_CODE.get(code) if isinstance(code, str) else None
        if found is None:
            accepted = tuple(_BY_PLATFORM_CODE)
            raise UnknownLabelError(
                f"result code {shorten(code)} is not known; accepted: {', '.join(accepted)}",
                value=code,
                accepted=accepted,
                field="category",
            )
        return found

    @classmethod
    def parse(cls, label: str | ResultCategory) -> ResultCategory:
        """Read a result label: the English name in any case, the platform code (``"E"``) or
        the official Chinese text (``发现问题经责令已改正``); the one result-label parser.

        Raises:
            UnknownLabelError: the label is not text or is not known; the message lists them.
        """
        return _table().parse(label)


_PENDING = "发现问题待后续处理"
_R = ResultCategory
_INFO: dict[ResultCategory, tuple[str | None, str, ResultCategory | None, str]] = {
    _R.NO_PROBLEM_FOUND: ("1", "未发现问题", None, "未发现问题"),
    _R.PROBLEM_PENDING_FOLLOW_UP: ("A", "发现问题待后续处理", None, _PENDING),
    _R.VIOLATES_MARKET_REGULATION: (
        "2",
        "违反工商行政管理相关规定",
        _R.PROBLEM_PENDING_FOLLOW_UP,
        _PENDING,
    ),
    _R.INFORMATION_NOT_DISCLOSED: (
        "B",
        "未按规定公示应当公示的信息",
        _R.VIOLATES_MARKET_REGULATION,
        _PENDING,
    ),
    _R.FALSE_DISCLOSURE: (
        "C",
        "公示信息隐瞒真实情况弄虚作假",
        _R.VIOLATES_MARKET_REGULATION,
        _PENDING,
    ),
    _R.UNREACHABLE_AT_ADDRESS: (
        "6",
        "通过登记的住所（经营场所）无法联系",
        _R.VIOLATES_MARKET_REGULATION,
        "通过登记的住所(经营场所)无法联系",
    ),
    _R.OTHER_MARKET_VIOLATION: (
        "D",
        "违反其他工商行政管理规定行为",
        _R.VIOLATES_MARKET_REGULATION,
        _PENDING,
    ),
    _R.VIOLATES_FOOD_DRUG_RULES: (
        "3",
        "违反食品药品管理相关规定",
        _R.PROBLEM_PENDING_FOLLOW_UP,
        _PENDING,
    ),
    _R.VIOLATES_QUALITY_RULES: (
        "4",
        "违反质量技术监督相关规定",
        _R.PROBLEM_PENDING_FOLLOW_UP,
        _PENDING,
    ),
    _R.VIOLATES_OTHER_DEPARTMENT_RULES: (
        "5",
        "违反其他部门相关规定",
        _R.PROBLEM_PENDING_FOLLOW_UP,
        _PENDING,
    ),
    _R.VIOLATES_PUBLIC_SECURITY_RULES: (
        "G",
        "违反公安部门相关规定",
        _R.PROBLEM_PENDING_FOLLOW_UP,
        _PENDING,
    ),
    _R.CORRECTED_AFTER_ORDER: ("E", "发现问题经责令已改正", None, "发现问题已责令改正"),
    _R.NO_RELEVANT_BUSINESS: (
        "F",
        "未发现开展本次抽查涉及的经营活动",
        None,
        "未发现开展本次抽查涉及的经营活动",
    ),
    _R.CLOSED_OR_LIQUIDATING: ("7", "已关闭停业或正在组织清算", None, "其他"),
    _R.SERIOUS_NON_COOPERATION: ("8", "不配合检查情节严重", None, "不配合检查情节严重"),
    _R.DEREGISTERED: ("9", "注销", None, "其他"),
    _R.LICENCE_REVOKED: ("10", "被吊销", None, "其他"),
    _R.REGISTRATION_CANCELLED: ("11", "被撤销", None, "其他"),
    _R.MOVED_OUT: ("12", "迁出", None, "其他"),
    _R.OTHER: (None, "其他", None, "其他"),
}
_BY_PLATFORM_CODE = {c.code: c for c in ResultCategory if c.code is not None}


@cache
def _table() -> LabelTable[ResultCategory]:
    words: dict[ResultCategory, tuple[str, ...]] = {}
    for category, (code, label, _, _) in _INFO.items():
        plain = label.replace("（", "(").replace("）", ")")
        words[category] = tuple(dict.fromkeys(w for w in (code, label, plain) if w))
    return LabelTable(ResultCategory, words, field="category", what="result category")
