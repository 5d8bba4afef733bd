"""The Chinese and English terms an audit names each problem by (one table for every kind)."""

from __future__ import annotations

__all__ = ["TERMS", "term"]

TERMS: dict[str, tuple[str, str]] = {
    # the bundle itself
    "MISSING_FILE": ("缺少文件", "a file is missing"),
    "UNLISTED_FILE": ("清单外文件", "a file the manifest does not list"),
    "DIGEST_MISMATCH": ("文件摘要不符", "a file differs from its digest in the manifest"),
    "UNREADABLE": ("文件无法读取", "a file cannot be read"),
    "NOT_CANONICAL": ("公告格式被改动", "the announcement is not in its published byte form"),
    "PAGE_DIFFERS": ("公示页面与数据不符", "the web page does not show the bundle's data"),
    "SUBJECTS_DIFFER": ("检查组对象与抽取名单不符", "the teams are not for the drawn subjects"),
    "REVEALS_DIFFER": ("揭示值不一致", "the reveals differ between the records"),
    "RESULT_NOT_DRAWN": ("结果对象未被抽中", "a result for a subject that was not drawn"),
    "MANIFEST_DIFFERS": ("清单与公告不符", "the manifest names another task or announcement"),
    # the draw (verify_draw)
    "UNBOUND_SEED": ("随机种子来源不明", "the seed has no published origin"),
    "ANNOUNCEMENT_MISMATCH": ("未绑定所公示的公告", "bound to another announcement"),
    "SEED_NOT_DERIVED": ("随机种子非由承诺值生成", "the seed is not derived from the reveals"),
    "NOT_ANNOUNCED": ("与抽查公告不符", "differs from the announcement"),
    "WAITLIST_LENGTH": ("候补名单长度与公告不符", "a waitlist is not of its announced length"),
    "EXCLUSION_NOT_SUPPORTED": ("排除对象缺乏依据", "an exclusion the evidence contradicts"),
    "FALSE_REASON": ("替换理由与名录库不符", "a replacement reason the registry contradicts"),
    "POPULATION_CHANGED": ("名录库已变更", "the registry differs from the one drawn from"),
    "COUNTS_DIFFER": ("户数不符", "recorded counts differ from the registry"),
    "UNKNOWN_ALGORITHM": ("未知算法", "an algorithm nobody can recompute"),
    "UNKNOWN_CODE": ("名录库中无此代码", "a code that is not in the registry"),
    "WRONG_TIER": ("风险分类不符", "a code recorded under another risk tier"),
    "EXCLUDED_CODE_DRAWN": ("已排除对象被抽中", "an excluded subject was drawn"),
    "DUPLICATE": ("重复代码", "a code appears twice"),
    "QUOTAS_DIFFER": ("抽取数量与规则不符", "quotas differ from the rule's"),
    "QUOTA_NOT_MET": ("抽取数量不足", "fewer drawn than the quota"),
    "QUOTA_EXCEEDED": ("抽取数量超出", "more drawn than the quota"),
    "QUOTA_RULE": ("配额违反规则", "a quota that breaks the rule"),
    "NOT_REPRODUCED": ("抽取结果无法复现", "the seed gives another selection"),
    "WAITLIST_NOT_REPRODUCED": ("候补名单无法复现", "the waitlist is not the next in order"),
    "BAD_REPLACEMENT": ("替换对象未被抽中", "a replacement of a subject not selected"),
    "REPLACEMENT_OUT_OF_ORDER": ("未按候补顺序替换", "a replacement out of waitlist order"),
    # the teams (verify_assignment)
    "INPUTS_NOT_ANNOUNCED": ("检查组输入未事先公示", "team inputs changed after the announcement"),
    "FIELD_DIFFERS": ("记录字段不符", "a recorded field differs"),
    "INPUTS_CHANGED": ("匹配输入已变更", "the matching's inputs changed"),
    "MISSING_TEAM": ("对象无检查组", "a subject without a team"),
    "UNKNOWN_SUBJECT": ("检查组对象不明", "a team for a subject not drawn"),
    "MISSING_DEPARTMENT": ("部门未派员", "a department sends nobody"),
    "UNKNOWN_INSPECTOR": ("人员不在名录库", "an inspector not in the directory"),
    "DUPLICATE_MEMBER": ("人员重复", "an inspector twice on a team"),
    "TOO_FEW_MEMBERS": ("检查人员不足2人", "too few inspectors"),
    "TOO_FEW_CERTIFIED": ("持执法证人员不足", "too few certified inspectors"),
    "INELIGIBLE_MEMBER": ("人员应回避或不符合条件", "an ineligible member (回避, 轮换, …)"),
    "INELIGIBLE_SPECIALIST": ("专业人员不符合条件", "an ineligible specialist"),
    "UNNEEDED_SPECIALIST": ("专业人员非必需", "a specialist no item needs"),
    "QUALIFICATION_UNCOVERED": ("缺少所需资质", "a needed qualification is missing"),
    "OVER_CAP": ("超过工作量上限", "over the workload cap"),
    "LOAD_MISMATCH": ("工作量记录不符", "recorded loads differ from the teams"),
    "NOT_REPRODUCIBLE": ("检查组无法复现", "the seed gives other teams"),
    # the staffing table (staffing.csv), compared with what the inputs give
    "STAFFING_UNREADABLE": ("配员表无法读取", "staffing.csv is not the table's CSV form"),
    "STAFFING_ARC_ADDED": ("配员表多出候选人员", "an arc the inputs do not give"),
    "STAFFING_ARC_DROPPED": ("配员表缺少候选人员", "an arc of the inputs is missing"),
    "STAFFING_STAGE": ("配员阶段不符", "a stage differs from the greedy's"),
    "STAFFING_CHOSEN": ("配员结果不符", "a chosen flag differs from the teams"),
    "STAFFING_CAP": ("工作量上限不符", "an inspector's cap differs from the inputs"),
    "STAFFING_LEVEL": ("人员池负荷水平不符", "a pool's level differs"),
    "STAFFING_CERTIFIED": ("执法证标记不符", "a certified flag differs from the inputs"),
    "STAFFING_FIELD": ("配员表字段不符", "another field of a row differs"),
    "STAFFING_ORDER": ("配员表行序不符", "the rows are not in the table's order"),
}


def term(kind: str) -> tuple[str, str]:
    """The (Chinese, English) term of a problem kind; the kind itself when none is known."""
    return TERMS.get(kind, (kind, kind))
