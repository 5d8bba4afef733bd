"""Market subjects (市场主体) and their kinds and operating status."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BeforeValidator, Field

from jointcheck._internal.base import FrozenModel, NonEmptyStr, SortedUniqueStrs
from jointcheck._internal.credit_code import SubjectCode
from jointcheck.model._labels import LabelTable
from jointcheck.model._tier import RiskTier, Tier

__all__ = ["Kind", "OperatingStatus", "Status", "Subject", "SubjectKind"]


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

    @classmethod
    def parse(cls, label: str | SubjectKind) -> SubjectKind:
        """Read a kind label: the English name in any case or the Chinese name (``个体工商户``,
        ``个体``, ``企业``, ``农民专业合作社``…); the one kind parser of the library.

        Raises:
            UnknownLabelError: the label is not text or is not known; the message lists them.
        """
        return _KINDS.parse(label)

    @classmethod
    def from_code(cls, code: int) -> SubjectKind:
        """The kind whose column code is ``code`` (0–5; a bool or a float is not a code)."""
        return _KINDS.from_code(code)


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

    @classmethod
    def parse(cls, label: str | OperatingStatus) -> OperatingStatus:
        """Read a status label: the English name in any case or the Chinese name (``存续``,
        ``在营``, ``开业``, ``在册``, ``停业``, ``歇业``, ``注销``, ``吊销``, ``撤销``, ``迁出``);
        the one status parser of the library.

        Raises:
            UnknownLabelError: the label is not text or is not known; the message lists them.
        """
        return _STATUSES.parse(label)

    @classmethod
    def from_code(cls, code: int) -> OperatingStatus:
        """The status whose column code is ``code`` (0–5; a bool or a float is not a code)."""
        return _STATUSES.from_code(code)


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

_KINDS = LabelTable(
    SubjectKind,
    {
        SubjectKind.ENTERPRISE: ("企业",),
        SubjectKind.INDIVIDUAL_BUSINESS: ("个体工商户", "个体"),
        SubjectKind.FARMER_COOPERATIVE: ("农民专业合作社", "农民专业合作社联合社"),
        SubjectKind.FOREIGN_REPRESENTATIVE_OFFICE: ("外国企业常驻代表机构",),
        SubjectKind.INSTITUTION: ("机构", "事业单位", "社会组织"),
        SubjectKind.OTHER: ("其他",),
    },
    field="kind",
    what="subject kind",
)
_STATUSES = LabelTable(
    OperatingStatus,
    {
        OperatingStatus.OPERATING: ("存续", "在营", "开业", "在册"),
        OperatingStatus.SUSPENDED: ("停业", "歇业"),
        OperatingStatus.DEREGISTERED: ("注销",),
        OperatingStatus.REVOKED: ("吊销",),
        OperatingStatus.CANCELLED: ("撤销",),
        OperatingStatus.MOVED_OUT: ("迁出",),
    },
    field="status",
    what="operating status",
)


def _parse_kind(value: object) -> SubjectKind:
    return _KINDS.parse(value)


def _parse_status(value: object) -> OperatingStatus:
    return _STATUSES.parse(value)


Kind = Annotated[SubjectKind, BeforeValidator(_parse_kind)]
"""A :class:`SubjectKind` model field that reads every label :meth:`SubjectKind.parse` reads."""

Status = Annotated[OperatingStatus, BeforeValidator(_parse_status)]
"""An :class:`OperatingStatus` model field that reads every label
:meth:`OperatingStatus.parse` reads."""


class Subject(FrozenModel):
    """A market subject in the 检查对象名录库 (inspection-object directory).

    ``kind``, ``tier`` and ``status`` read the same labels as the registry readers
    (:meth:`SubjectKind.parse`, :meth:`RiskTier.parse`, :meth:`OperatingStatus.parse`).

    Examples:
        >>> Subject(code="91350200776049653A", name="厦门某美容有限公司", jurisdiction="350200").tier
        <RiskTier.UNRATED: 'UNRATED'>
        >>> Subject(code="91350200776049653A", name="某店", jurisdiction="350200", tier="D").tier
        <RiskTier.HIGH: 'HIGH'>
    """

    code: SubjectCode = Field(
        description="统一社会信用代码 (18 characters, checked) or legacy 15-digit 注册号"
    )
    name: NonEmptyStr = Field(description="Registered name (名称)")
    kind: Kind = Field(default=SubjectKind.ENTERPRISE, description="Kind of subject (市场主体类型)")
    tier: Tier = Field(
        default=RiskTier.UNRATED,
        description="Credit-risk tier in force at extraction time (信用风险分类)",
    )
    jurisdiction: NonEmptyStr = Field(
        description="Registration jurisdiction (登记管辖), e.g. a GB/T 2260 division code or a unit id"
    )
    status: Status = Field(
        default=OperatingStatus.OPERATING, description="Registration status (登记状态)"
    )
    tags: SortedUniqueStrs = Field(
        default=(),
        description="Category tags of special libraries (专项库/分类标签), e.g. 医疗美容机构",
    )
