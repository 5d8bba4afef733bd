"""2023年秦皇岛市市场监管系统内部联合信用风险分级分类"双随机、一公开"抽查 (秦市监函〔2023〕453号)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from jointcheck.model import (
    CheckItem,
    DateWindow,
    Department,
    InspectionMethod,
    Plan,
    PoolScope,
    SamplingRule,
    ScopeKind,
    SubjectKind,
    Task,
    TeamRequirement,
    Unit,
    UnitKind,
)
from jointcheck.workdays import disclosure_terms, read_deadline

__all__ = [
    "QINHUANGDAO_COUNTY_UNITS",
    "QINHUANGDAO_DISCLOSURE_TEXT",
    "QINHUANGDAO_ITEM_SECTIONS",
    "QINHUANGDAO_RATIO_TEXT",
    "qinhuangdao_2023_plan",
]

SAMR = "qhd-samr"

QINHUANGDAO_RATIO_TEXT = "结合企业信用风险分级分类，按照总体不低于3%的比例抽取"
"""The ratio as printed in §三(二) (抽取比例)."""

QINHUANGDAO_DISCLOSURE_TEXT = (
    "按照“谁检查、谁录入、谁公开”的原则，自抽查检查结束之日起20个工作日内，通过"
    "“河北省双随机执法监管平台”或“冀上双随机”移动执法终端录入抽查结果"
)
"""The disclosure deadline as printed in §四(三)1."""

# (unit id, name, jurisdiction): the county bureaus and branches that receive the drawn
# subjects of their jurisdiction (按管辖情况进行派发) and match their own inspectors, and the
# city bureau itself for subjects it registers (市局可以直接对本级管辖的抽查对象进行检查).
_COUNTIES: tuple[tuple[str, str, str], ...] = (
    ("qhd-haigang", "海港区市场监督管理局", "海港区"),
    ("qhd-shanhaiguan", "山海关区市场监督管理局", "山海关区"),
    ("qhd-beidaihe", "北戴河区市场监督管理局", "北戴河区"),
    ("qhd-funing", "抚宁区市场监督管理局", "抚宁区"),
    ("qhd-qinglong", "青龙满族自治县市场监督管理局", "青龙满族自治县"),
    ("qhd-changli", "昌黎县市场监督管理局", "昌黎县"),
    ("qhd-lulong", "卢龙县市场监督管理局", "卢龙县"),
    ("qhd-etdz", "秦皇岛经济技术开发区分局", "经济技术开发区"),
    ("qhd-bdhxq", "北戴河新区分局", "北戴河新区"),
    ("qhd-city", "秦皇岛市市场监督管理局（本级）", "市本级"),
)

QINHUANGDAO_COUNTY_UNITS: tuple[str, ...] = tuple(unit for unit, _, _ in _COUNTIES)
"""Ids of the units that inspect: the county bureaus, the two branches and the city level."""

# The 科室 of the city bureau (§四(一)1): they supply the subject lists of their items and
# guide the counties; 信监科 leads.
_SECTIONS: tuple[tuple[str, str], ...] = (
    ("qhd-xjk", "信监科"),
    ("qhd-jzk", "竞争科"),
    ("qhd-wgk", "网广科"),
    ("qhd-zjk", "质监科"),
    ("qhd-rzk", "认证科"),
    ("qhd-jlk", "计量科"),
    ("qhd-bzhk", "标准化科"),
    ("qhd-zscqk", "知识产权科"),
)

# (item id, guiding section, name as printed, special-library tag)
_ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("qhd-01", "qhd-rzk", "自愿性认证活动及结果监督检查", "认证活动"),
    ("qhd-02", "qhd-rzk", "检验检测机构检查", "检验检测机构"),
    (
        "qhd-03",
        "qhd-zjk",
        "工业产品生产许可证生产企业检查(工业产品生产许可资格检查，工业产品生产许可证获证企业条件检查)",
        "工业产品生产许可证获证企业",
    ),
    (
        "qhd-04",
        "qhd-zjk",
        "产品质量监督检查（生产、流通领域产品质量监督抽查，食品相关产品质量安全监督检查）",
        "产品质量",
    ),
    ("qhd-05", "qhd-jlk", "计量标准监督检查", "计量标准"),
    ("qhd-06", "qhd-jzk", "重大变更、直销员报酬支付、信息报备和披露的情况的检查", "直销企业"),
    (
        "qhd-07",
        "qhd-wgk",
        "广告行为检查（面向中小学生的校外培训广告的检查，药品、医疗器械、保健食品、特殊医学用途"
        "配方食品广告主发布相关广告的审查批准情况的检查，广告经营者、广告发布者建立、健全广告业务"
        "的承接登记、审核、档案管理制度情况的检查，对医疗美容机构未经审查发布医疗广告以及篡改审查"
        "内容发布医疗广告行为的检查）",
        "广告",
    ),
    ("qhd-08", "qhd-bzhk", "团体标准自我声明监督检查", "团体标准"),
    (
        "qhd-09",
        "qhd-zscqk",
        "商标使用行为的检查（商标使用行为的检查，集体商标、证明商标(含地理标志)使用行为的检查，"
        "商标印制行为的检查）",
        "商标使用",
    ),
    ("qhd-10", "qhd-zscqk", "商标代理行为的检查", "商标代理机构"),
    (
        "qhd-11",
        "qhd-zscqk",
        "专利真实性监督检查（专利证书、专利文件或专利申请文件真实性的检查，产品专利宣传真实性的检查)",
        "专利",
    ),
)

QINHUANGDAO_ITEM_SECTIONS: Mapping[str, str] = MappingProxyType(
    {item_id: section for item_id, section, _, _ in _ITEMS}
)
"""Check item id → id of the city bureau's 科室 that guides it (a read-only mapping)."""


def qinhuangdao_2023_plan() -> Plan:
    """The Qinhuangdao 2023 internal joint plan: 11 check items of 7 科室, one directed task.

    The city bureau draws at least 3% overall (总体不低于3%) from the A–D tiers, with ratios
    rising with risk (1:2:4:8) for the differentiated draw (差异化抽查) the notice asks for,
    and dispatches the subjects by jurisdiction; each county bureau matches its own
    inspectors (``PoolScope.SAME_UNIT``). Results are published within 20 working days.

    Examples:
        >>> plan = qinhuangdao_2023_plan()
        >>> len(plan.tasks[0].check_items), len(set(QINHUANGDAO_ITEM_SECTIONS.values()))
        (11, 7)
        >>> plan.tasks[0].team_requirement("qhd-samr").scope
        <PoolScope.SAME_UNIT: 'SAME_UNIT'>
    """
    rule = SamplingRule.parse(QINHUANGDAO_RATIO_TEXT)
    working_days, last_day = disclosure_terms(read_deadline(QINHUANGDAO_DISCLOSURE_TEXT))
    items = tuple(
        CheckItem(id=item_id, department_id=SAMR, name=name, applies_to_tags=(tag,))
        for item_id, _, name, tag in _ITEMS
    )
    task = Task(
        id="qhd-2023-1",
        name="2023年全市市场监管系统内部定向联合抽查",
        scope=ScopeKind.DIRECTED,
        target="上述抽查事项所涉及的全市已成立状态的相关市场主体",
        subject_kinds=(SubjectKind.ENTERPRISE, SubjectKind.INDIVIDUAL_BUSINESS),
        required_tags=tuple(tag for _, _, _, tag in _ITEMS),
        check_items=items,
        sampling=rule,
        method=InspectionMethod.ON_SITE,
        inspection=DateWindow(start=dt.date(2023, 11, 13), end=dt.date(2023, 12, 31)),
        disclosure_working_days=working_days,
        disclosure_by=last_day,
        team_requirements=(TeamRequirement(department_id=SAMR, scope=PoolScope.SAME_UNIT),),
    )
    units = tuple(
        Unit(id=unit_id, name=name, kind=UnitKind.BUREAU, jurisdictions=(jurisdiction,))
        for unit_id, name, jurisdiction in _COUNTIES
    ) + tuple(Unit(id=unit_id, name=name, kind=UnitKind.SECTION) for unit_id, name in _SECTIONS)
    return Plan(
        id="qhd-2023-internal",
        name="2023年秦皇岛市市场监管系统内部联合信用风险分级分类“双随机、一公开”抽查",
        year=2023,
        document_number="秦市监函〔2023〕453号",
        initiator_id=SAMR,
        departments=(
            Department(id=SAMR, name="秦皇岛市市场监督管理局", region="130300", units=units),
        ),
        tasks=(task,),
        period=DateWindow(start=dt.date(2023, 11, 13), end=dt.date(2023, 12, 31)),
    )
