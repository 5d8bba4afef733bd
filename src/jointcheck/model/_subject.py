"""Market subjects (市场主体) and their kinds and operating status."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs
from jointcheck._internal.credit_code import SubjectCode
from jointcheck.model._tier import RiskTier

__all__ = ["OperatingStatus", "Subject", "SubjectKind"]


class SubjectKind(str, Enum):
    """The kind of market subject (市场主体类型)."""

    ENTERPRISE = "ENTERPRISE"  # 企业
    INDIVIDUAL_BUSINESS = "INDIVIDUAL_BUSINESS"  # 个体工商户
    FARMER_COOPERATIVE = "FARMER_COOPERATIVE"  # 农民专业合作社
    FOREIGN_REPRESENTATIVE_OFFICE = "FOREIGN_REPRESENTATIVE_OFFICE"  # 外国企业常驻代表机构
    INSTITUTION = "INSTITUTION"  # 事业单位、社会组织等其他机构 (e.g. 医疗机构)
    OTHER = "OTHER"  # 其他

    @property
    def code(self) -> int:
        """Column code used in populations and the population digest (0–5, in declaration order)."""
        return _KIND_CODES[self]

    @property
    def label(self) -> str:
        """The Chinese name, e.g. ``个体工商户``."""
        return _KIND_LABELS[self]


class OperatingStatus(str, Enum):
    """Registration status (登记状态) of a market subject."""

    OPERATING = "OPERATING"  # 存续 (在营、开业、在册)
    SUSPENDED = "SUSPENDED"  # 停业 / 歇业
    DEREGISTERED = "DEREGISTERED"  # 注销
    REVOKED = "REVOKED"  # 吊销 (营业执照被吊销)
    CANCELLED = "CANCELLED"  # 撤销 (登记被撤销)
    MOVED_OUT = "MOVED_OUT"  # 迁出

    @property
    def code(self) -> int:
        """Column code used in populations and the population digest (0–5, in declaration order)."""
        return _STATUS_CODES[self]

    @property
    def label(self) -> str:
        """The Chinese name, e.g. ``注销``."""
        return _STATUS_LABELS[self]


_KIND_CODES = {kind: i for i, kind in enumerate(SubjectKind)}
_KIND_LABELS = {
    SubjectKind.ENTERPRISE: "企业",
    SubjectKind.INDIVIDUAL_BUSINESS: "个体工商户",
    SubjectKind.FARMER_COOPERATIVE: "农民专业合作社",
    SubjectKind.FOREIGN_REPRESENTATIVE_OFFICE: "外国企业常驻代表机构",
    SubjectKind.INSTITUTION: "机构",
    SubjectKind.OTHER: "其他",
}
_STATUS_CODES = {status: i for i, status in enumerate(OperatingStatus)}
_STATUS_LABELS = {
    OperatingStatus.OPERATING: "存续",
    OperatingStatus.SUSPENDED: "停业",
    OperatingStatus.DEREGISTERED: "注销",
    OperatingStatus.REVOKED: "吊销",
    OperatingStatus.CANCELLED: "撤销",
    OperatingStatus.MOVED_OUT: "迁出",
}


class Subject(FrozenModel):
    """A market subject in the 检查对象名录库 (inspection-object directory).

    Examples:
        >>> Subject(code="91350200776049653A", name="厦门某美容有限公司", jurisdiction="350200").tier
        <RiskTier.UNRATED: 'UNRATED'>
    """

    code: SubjectCode = Field(
        description="统一社会信用代码 (18 characters, checked) or legacy 15-digit 注册号"
    )
    name: NonEmptyStr = Field(description="Registered name (名称)")
    kind: SubjectKind = Field(
        default=SubjectKind.ENTERPRISE, description="Kind of subject (市场主体类型)"
    )
    tier: RiskTier = Field(
        default=RiskTier.UNRATED,
        description="Credit-risk tier in force at extraction time (信用风险分类)",
    )
    jurisdiction: NonEmptyStr = Field(
        description="Registration jurisdiction (登记管辖), e.g. a GB/T 2260 division code or a unit id"
    )
    status: OperatingStatus = Field(
        default=OperatingStatus.OPERATING, description="Registration status (登记状态)"
    )
    tags: SortedUniqueStrs = Field(
        default=(),
        description="Category tags of special libraries (专项库/分类标签), e.g. 医疗美容机构",
    )
