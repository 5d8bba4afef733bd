"""Built-in plans transcribed from published notices, for the demo, examples and tests.

Each function returns a validated :class:`~jointcheck.model.Plan`; the data is written in
code, except Zezhou's, read by :mod:`jointcheck.io` from the annex's table shipped in the
package, with the notice's own wording for names, items and rules; the
printed ratio and deadline phrases are kept as constants and read by
:meth:`~jointcheck.model.SamplingRule.parse` and :func:`~jointcheck.workdays.read_deadline`. Where a
notice leaves something open (which object kinds an item applies to, how ratios rise with
risk), the function's docstring says how it is read.

| function | notice |
|---|---|
| :func:`xingan_2023_plan` | 兴市监办字〔2023〕61号, 兴安盟医疗美容行业联合抽查 |
| :func:`lianchi_2023_plan` | 保莲双随机办[2023]14号, 莲池区卫生健康局部门联合抽查 |
| :func:`qinhuangdao_2023_plan` | 秦市监函〔2023〕453号, 秦皇岛市市场监管系统内部联合抽查 |
| :func:`xiao_2025_plan` | 萧县2025年度互联网诊疗机构部门联合抽查 |
| :func:`zezhou_2023_plan` | 泽市监〔2023〕10号, 泽州县市场监管局2023年度内部双随机抽查 (15 tasks, read from the annex's table) |
"""

from jointcheck.scenarios._lianchi import (
    LIANCHI_CONFIRMATION_TEXT,
    LIANCHI_DISCLOSURE_TEXT,
    LIANCHI_OBJECT_TAGS,
    LIANCHI_RATIO_TEXT,
    LIANCHI_TAGS_WITHOUT_ITEMS,
    lianchi_2023_plan,
)
from jointcheck.scenarios._qinhuangdao import (
    QINHUANGDAO_COUNTY_UNITS,
    QINHUANGDAO_DISCLOSURE_TEXT,
    QINHUANGDAO_ITEM_SECTIONS,
    QINHUANGDAO_RATIO_TEXT,
    qinhuangdao_2023_plan,
)
from jointcheck.scenarios._xiao import XIAO_DISCLOSURE_TEXT, XIAO_TOWNS, xiao_2025_plan
from jointcheck.scenarios._xingan import XINGAN_DISCLOSURE_TEXT, xingan_2023_plan
from jointcheck.scenarios._zezhou import (
    ZEZHOU_POOL_METHODS,
    ZEZHOU_SECTIONS,
    ZEZHOU_TABLE,
    zezhou_2023_plan,
)

__all__ = [
    "LIANCHI_CONFIRMATION_TEXT",
    "LIANCHI_DISCLOSURE_TEXT",
    "LIANCHI_OBJECT_TAGS",
    "LIANCHI_RATIO_TEXT",
    "LIANCHI_TAGS_WITHOUT_ITEMS",
    "QINHUANGDAO_COUNTY_UNITS",
    "QINHUANGDAO_DISCLOSURE_TEXT",
    "QINHUANGDAO_ITEM_SECTIONS",
    "QINHUANGDAO_RATIO_TEXT",
    "XIAO_DISCLOSURE_TEXT",
    "XIAO_TOWNS",
    "XINGAN_DISCLOSURE_TEXT",
    "ZEZHOU_POOL_METHODS",
    "ZEZHOU_SECTIONS",
    "ZEZHOU_TABLE",
    "lianchi_2023_plan",
    "qinhuangdao_2023_plan",
    "xiao_2025_plan",
    "xingan_2023_plan",
    "zezhou_2023_plan",
]
