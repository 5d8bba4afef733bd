import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jointcheck.errors import InspectionError, ModelValidationError
from jointcheck.forms import (
    FormTeam,
    InspectionForm,
    InspectionResult,
    ItemFinding,
    ItemOutcome,
    Signature,
    SignatureStatus,
    TeamMember,
    applicable_items,
)
from jointcheck.model import (
    Certificate,
    CheckItem,
    DateWindow,
    Department,
    Inspector,
    Plan,
    ResultCategory,
    Subject,
    SubjectKind,
    Task,
    TeamRequirement,
)
from jointcheck.records import PlanLedger
from jointcheck.strategies import credit_codes

NHC, SAMR = "xiao-nhc", "xiao-samr"
CODE = "91350200776049653A"
WINDOW = DateWindow(start=dt.date(2025, 4, 10), end=dt.date(2025, 10, 30))


def make_task(items: tuple[CheckItem, ...] | None = None, **changes: object) -> Task:
    items = items or (
        CheckItem(
            id="n1", department_id=NHC, name="机构资质检查", legal_basis="《医疗机构管理条例》"
        ),
        CheckItem(id="n2", department_id=NHC, name="人员资质检查", legal_basis="《医师法》"),
        CheckItem(id="s1", department_id=SAMR, name="广告发布行为检查", legal_basis="《广告法》"),
        CheckItem(
            id="s2",
            department_id=SAMR,
            name="对药品网络销售的检查",
            legal_basis="《药品网络销售监督管理办法》",
            applies_to_tags=("药品网络销售",),
        ),
    )
    data: dict[str, object] = {
        "id": "t1",
        "name": "互联网诊疗机构联合抽查",
        "check_items": items,
        "sampling": "100%",
        "subject_kinds": (SubjectKind.INSTITUTION,),
        "required_tags": ("互联网诊疗",),
        "inspection": WINDOW,
    }
    data.update(changes)
    return Task.model_validate(data)


def make_plan(task: Task | None = None) -> Plan:
    return Plan(
        id="xiao-2025",
        name="2025年度互联网诊疗机构“双随机、一公开”部门联合抽查",
        year=2025,
        document_number="萧卫〔2025〕1号",
        initiator_id=NHC,
        departments=(
            Department(id=NHC, name="萧县卫生健康委员会"),
            Department(id=SAMR, name="萧县市场监督管理局"),
        ),
        tasks=(task or make_task(),),
    )


def make_subject(code: str = CODE, tags: tuple[str, ...] = ("互联网诊疗",)) -> Subject:
    return Subject(
        code=code,
        name="萧县某互联网医院有限公司",
        kind=SubjectKind.INSTITUTION,
        jurisdiction="341322",
        tags=tags,
    )


def teams() -> list[FormTeam]:
    return [
        FormTeam.from_ids(NHC, ["h1", "h2"]),
        FormTeam.from_ids(SAMR, ["m1", "m2"], specialist_ids=["e1"]),
    ]


def make_form(subject: Subject | None = None) -> InspectionForm:
    return InspectionForm.build(make_plan(), "t1", subject or make_subject(), teams())


# ---------------------------------------------------------------------- building
def test_form_holds_every_department_with_items_that_apply_to_the_subject() -> None:
    form = make_form()
    assert form.department_ids == (NHC, SAMR)
    assert [i.id for i in form.check_items] == ["n1", "n2", "s1"]  # s2 needs 药品网络销售
    assert form.section(SAMR).team.specialist_ids == ("e1",)
    assert form.section(NHC).department_name == "萧县卫生健康委员会"
    assert form.signature.status is SignatureStatus.UNSIGNED
    assert form.inspection == WINDOW
    tagged = make_form(make_subject(tags=("互联网诊疗", "药品网络销售")))
    assert [i.id for i in tagged.check_items] == ["n1", "n2", "s1", "s2"]


def test_applicable_items_with_no_tags_apply_to_everyone() -> None:
    task = make_task()
    assert [i.id for i in applicable_items(task, SAMR, make_subject(tags=()))] == ["s1"]


def test_department_whose_items_do_not_apply_sends_no_team() -> None:
    items = (
        CheckItem(id="n1", department_id=NHC, name="机构资质检查"),
        CheckItem(
            id="s2", department_id=SAMR, name="药品网络销售", applies_to_tags=("药品网络销售",)
        ),
    )
    plan = make_plan(make_task(items))
    form = InspectionForm.build(plan, "t1", make_subject(), [FormTeam.from_ids(NHC, ["h1", "h2"])])
    assert form.department_ids == (NHC,)
    with pytest.raises(InspectionError, match="none of its check items applies") as info:
        InspectionForm.build(plan, "t1", make_subject(), teams())
    assert info.value.field == "teams"


def test_department_with_items_but_no_team_is_rejected() -> None:
    with pytest.raises(InspectionError, match=f"no team for department '{SAMR}'"):
        InspectionForm.build(make_plan(), "t1", make_subject(), teams()[:1])


def test_team_smaller_than_the_task_minimum_is_rejected_specialists_do_not_count() -> None:
    small = [FormTeam.from_ids(NHC, ["h1"], specialist_ids=["e9"]), teams()[1]]
    with pytest.raises(InspectionError, match=r"1 counted member.*at least 2"):
        InspectionForm.build(make_plan(), "t1", make_subject(), small)
    three = make_task(team_requirements=(TeamRequirement(department_id=SAMR, min_members=3),))
    with pytest.raises(InspectionError, match="at least 3"):
        InspectionForm.build(make_plan(three), "t1", make_subject(), teams())


def test_team_of_a_department_outside_the_task_and_duplicate_teams_are_rejected() -> None:
    with pytest.raises(InspectionError, match="no check items in task"):
        InspectionForm.build(
            make_plan(), "t1", make_subject(), [*teams(), FormTeam.from_ids("other", ["x", "y"])]
        )
    with pytest.raises(InspectionError, match="two teams given"):
        InspectionForm.build(make_plan(), "t1", make_subject(), [*teams(), teams()[0]])


def test_subject_outside_the_task_conditions_is_rejected() -> None:
    with pytest.raises(InspectionError, match="定向"):
        make_form(make_subject(tags=("生活美容场所",)))
    enterprise = make_subject().model_copy(update={"kind": SubjectKind.ENTERPRISE})
    with pytest.raises(InspectionError, match="inspects"):
        make_form(enterprise)
    local = make_plan(make_task(jurisdictions=("341321",)))
    with pytest.raises(InspectionError, match="outside the jurisdictions"):
        InspectionForm.build(local, "t1", make_subject(), teams())


def test_form_with_no_applicable_item_at_all_is_rejected() -> None:
    items = (CheckItem(id="n1", department_id=NHC, name="x", applies_to_tags=("托育机构",)),)
    plan = make_plan(make_task(items, required_tags=()))
    with pytest.raises(InspectionError, match="nothing to put on its form"):
        InspectionForm.build(plan, "t1", make_subject(), [])


def test_team_from_the_directory_takes_names_and_certificates_and_checks_membership() -> None:
    cert = Certificate(
        number="34132200123", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1)
    )
    directory = [
        Inspector(id="h1", name="张伟", department_id=NHC, certificate=cert),
        Inspector(id="h2", name="李娜", department_id=NHC),
        Inspector(id="e1", name="王芳", department_id=NHC, specialist=True),
        Inspector(id="m1", name="赵磊", department_id=SAMR),
    ]
    team = FormTeam.from_ids(NHC, ["h1", "h2"], specialist_ids=["e1"], inspectors=directory)
    assert team.members[0] == TeamMember(
        inspector_id="h1", name="张伟", certificate_number="34132200123"
    )
    assert team.member("e1").specialist
    with pytest.raises(InspectionError, match="belongs to department"):
        FormTeam.from_ids(NHC, ["h1", "m1"], inspectors=directory)
    with pytest.raises(InspectionError, match="is a specialist"):
        FormTeam.from_ids(NHC, ["h1", "e1"], inspectors=directory)
    with pytest.raises(InspectionError, match="not in the inspector directory"):
        FormTeam.from_ids(NHC, ["h1", "zz"], inspectors=directory)
    with pytest.raises(InspectionError, match="both as members and as specialists"):
        FormTeam.from_ids(NHC, ["h1", "h2"], specialist_ids=["h2"])
    with pytest.raises(ModelValidationError, match="more than once"):
        FormTeam.from_ids(NHC, ["h1", "h1"])


# ---------------------------------------------------------------------- signature
def test_signature_states_need_their_details() -> None:
    day = dt.date(2025, 6, 3)
    assert Signature.signed(signer="王某", on=day).sealed
    with pytest.raises(ModelValidationError, match="signer's name"):
        Signature(status=SignatureStatus.SIGNED, on=day)
    with pytest.raises(ModelValidationError, match="如实记录"):
        Signature(status=SignatureStatus.REFUSED, on=day, recorded_by=("h1",))
    with pytest.raises(ModelValidationError, match="UNSIGNED"):
        Signature(signer="王某")


def test_refusal_is_recorded_by_team_members_and_not_replaced() -> None:
    form = make_form()
    refused = form.with_signature(
        Signature.refused(
            on=dt.date(2025, 6, 3), note="负责人拒绝签字，已录像", recorded_by=["h1", "m1"]
        )
    )
    assert refused.signature.status is SignatureStatus.REFUSED
    assert "拒绝签字" in refused.to_markdown()
    assert "负责人拒绝签字，已录像" in refused.to_html()
    with pytest.raises(InspectionError, match="already REFUSED"):
        refused.with_signature(Signature.signed(signer="王某", on=dt.date(2025, 6, 4)))
    with pytest.raises(InspectionError, match="not on any team"):
        form.with_signature(
            Signature.refused(on=dt.date(2025, 6, 3), note="拒签", recorded_by=["x"])
        )


# ---------------------------------------------------------------------- rendering
def result(department: str, inspectors: tuple[str, ...], **changes: object) -> InspectionResult:
    data: dict[str, object] = {
        "task_id": "t1",
        "subject_code": CODE,
        "department_id": department,
        "categories": (ResultCategory.NO_PROBLEM_FOUND,),
        "inspected_on": dt.date(2025, 6, 3),
        "inspector_ids": inspectors,
        "entered_on": dt.date(2025, 6, 5),
        "entered_by": inspectors[0],
    }
    data.update(changes)
    return InspectionResult.model_validate(data)


def test_markdown_and_html_show_items_legal_basis_findings_and_result() -> None:
    ledger = PlanLedger.open(make_plan()).add_forms("t1", [make_form()])
    ledger = ledger.record_result(
        result(
            NHC,
            ("h1", "h2"),
            findings=(ItemFinding(item_id="n1", outcome=ItemOutcome.COMPLIANT, note="证照齐全"),),
        )
    )
    form = ledger.form("t1", CODE)
    md = form.to_markdown()
    assert md.startswith("# 随机抽查联合检查记录表（一企一表）")
    assert "| 1 | 机构资质检查 | 《医疗机构管理条例》 | 符合 | 证照齐全 |" in md
    assert "## 二、萧县市场监督管理局" in md
    assert "e1（专业人员）" in md
    assert "**抽查结果**：未发现问题" in md
    assert "**抽查结果**：未录入" in md
    page = form.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "@page { size: A4" in page
    assert "《医疗机构管理条例》" in page
    assert "证照齐全" in page
    assert InspectionForm.model_validate_json(form.to_json()) == form


def test_rendering_escapes_content() -> None:
    nasty = make_subject().model_copy(update={"name": "<script>alert(1)</script>|*x*"})
    form = make_form(nasty)
    page = form.to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    md = form.to_markdown()
    assert "&lt;script&gt;" in md
    assert "&#124;\\*x\\*" in md


class _Cells(HTMLParser):
    """Text of every cell of the item tables, per department section."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[list[str]]] = {}
        self._department: str | None = None
        self._in_items = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self._department = found.get("data-department")
            self.sections[self._department or ""] = []
        elif tag == "table":
            self._in_items = found.get("class") == "items"
        elif tag == "tr" and self._in_items:
            self.sections[self._department or ""].append([])
        elif tag == "td" and self._in_items:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.sections[self._department or ""][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._in_items = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _md_rows(markdown: str) -> list[list[str]]:
    rows = []
    for line in markdown.splitlines():
        if not re.match(r"^\| \d+ \|", line):
            continue
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        rows.append([html.unescape(re.sub(r"\\(.)", r"\1", c.strip())) for c in cells])
    return rows


_TEXT = st.text(
    st.sampled_from("检查事项依据条例法《》（）、<>&|*_`#[]\\\"' abc123"), min_size=1, max_size=12
).filter(lambda s: s.strip() != "")
_TAGS = ("互联网诊疗", "药品网络销售", "托育机构")


@st.composite
def forms(draw: st.DrawFn) -> tuple[InspectionForm, Task]:
    departments = draw(st.lists(st.sampled_from(["d1", "d2", "d3"]), min_size=1, unique=True))
    items = []
    for n in range(draw(st.integers(1, 8))):
        items.append(
            CheckItem(
                id=f"i{n}",
                department_id=draw(st.sampled_from(departments)),
                name=draw(_TEXT),
                legal_basis=draw(st.just("") | _TEXT),
                applies_to_tags=tuple(draw(st.lists(st.sampled_from(_TAGS), max_size=1))),
            )
        )
    task = Task(id="t", name="联合抽查", check_items=tuple(items), sampling="100%")
    plan = Plan(
        id="p",
        name="计划",
        year=2025,
        initiator_id=task.department_ids[0],
        departments=tuple(Department(id=d, name=f"{d}局") for d in task.department_ids),
        tasks=(task,),
    )
    tags = tuple(draw(st.lists(st.sampled_from(_TAGS), max_size=2, unique=True)))
    subject = Subject(code=draw(credit_codes()), name="某公司", jurisdiction="341322", tags=tags)
    team_list = [
        FormTeam.from_ids(d, [f"{d}-a", f"{d}-b"])
        for d in task.department_ids
        if applicable_items(task, d, subject)
    ]
    if not team_list:
        subject = Subject.model_validate({**subject.model_dump(), "tags": _TAGS})
        team_list = [FormTeam.from_ids(d, [f"{d}-a", f"{d}-b"]) for d in task.department_ids]
    return InspectionForm.build(plan, "t", subject, team_list), task


@settings(max_examples=80, deadline=None)
@given(forms())
def test_rendering_keeps_every_check_item_of_every_department(
    case: tuple[InspectionForm, Task],
) -> None:
    form, task = case
    tags = set(form.subject.tags)
    for department_id in task.department_ids:
        expected = [
            i
            for i in task.items_for(department_id)
            if not i.applies_to_tags or tags & set(i.applies_to_tags)
        ]
        assert [i.id for i in (form.section(department_id).items if expected else ())] == [
            i.id for i in expected
        ]
    parser = _Cells()
    parser.feed(form.to_html())
    md_rows = _md_rows(form.to_markdown())
    assert len(md_rows) == len(form.check_items)
    md_iter = iter(md_rows)
    for section in form.sections:
        html_rows = [r for r in parser.sections[section.department_id] if r]
        assert [(r[1], r[2]) for r in html_rows] == [(i.name, i.legal_basis) for i in section.items]
        for item in section.items:
            row = next(md_iter)
            assert (row[1], row[2]) == (item.name.strip(), item.legal_basis.strip())
    assert InspectionForm.model_validate_json(form.to_json()) == form
