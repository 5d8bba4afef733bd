"""Auditing a bundle: every file, the binding, the draw and the teams, in plain words.

:func:`audit_bundle` never raises on what is inside the bundle: an unreadable or tampered
file is a finding, named in Chinese and English, like any other problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, TypeAdapter

from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError, JointcheckError
from jointcheck.matching import ALGORITHM_VERSION, Assignment, MatchProblem, verify_assignment
from jointcheck.model import FrozenModel, InspectionRecord
from jointcheck.population import Population
from jointcheck.publication._bundle import (
    FILE_NAMES,
    Manifest,
    digests_of,
    file_digest,
)
from jointcheck.publication._page import render_page
from jointcheck.publication._round import PublicRound, PublishedResult
from jointcheck.publication._staffing import STAFFING_FILE, compare_staffing, staffing_csv
from jointcheck.publication._terms import term
from jointcheck.sampling import (
    Announcement,
    DeclaredFact,
    Draw,
    Reveal,
    declared_facts,
    verify_draw,
)

__all__ = ["AuditFinding", "AuditReport", "audit_bundle"]

_REQUIRED = ("announcement.json", "reveals.json", "draw.json", "index.html", "manifest.json")
_REVEALS: TypeAdapter[tuple[Reveal, ...]] = TypeAdapter(tuple[Reveal, ...])
_RESULTS: TypeAdapter[tuple[PublishedResult, ...]] = TypeAdapter(tuple[PublishedResult, ...])
_RECORDS: TypeAdapter[tuple[InspectionRecord, ...]] = TypeAdapter(tuple[InspectionRecord, ...])


class AuditFinding(FrozenModel):
    """One problem an audit found."""

    part: str = Field(description="bundle, announcement, draw, teams, staffing or results")
    kind: str = Field(description="Machine-readable kind, e.g. SEED_NOT_DERIVED")
    chinese: str = Field(description="The problem's Chinese term")
    english: str = Field(description="The problem's English term")
    message: str = Field(description="What was found and what was expected")

    def __str__(self) -> str:
        return f"{self.chinese} ({self.english}) [{self.kind}]: {self.message}"


class AuditReport(FrozenModel):
    """What :func:`audit_bundle` found: problems, declared facts and what was checked."""

    task: str = Field(description="The task, as announced (or the bundle's name if unreadable)")
    findings: tuple[AuditFinding, ...] = Field(description="Every problem; empty = passed")
    declared: tuple[DeclaredFact, ...] = Field(
        default=(), description="Claims nothing can confirm (声明事项，无法核验)"
    )
    checked: tuple[str, ...] = Field(default=(), description="What was checked and held")
    not_checked: tuple[str, ...] = Field(default=(), description="What could not be checked")

    @property
    def passed(self) -> bool:
        """True when no problem was found."""
        return not self.findings

    def to_text(self) -> str:
        """The verdict for someone who is not a programmer, in Chinese and English."""
        lines = [f"核验对象 Round: {self.task}"]
        if self.passed:
            lines.append("结论：通过。未发现问题。 Verdict: PASSED, no problem found.")
        else:
            count = len(self.findings)
            lines.append(
                f"结论：未通过，发现 {count} 个问题。 Verdict: FAILED, {count} "
                f"problem{'s' if count != 1 else ''} found."
            )
            lines.append("问题 Problems:")
            lines.extend(f"  ✗ {f}" for f in self.findings)
        if self.checked:
            lines.append("已核验 Checked:")
            lines.extend(f"  ✓ {c}" for c in self.checked)
        if self.declared:
            lines.append("声明事项，无法核验 Declared, not verifiable:")
            lines.extend(f"  • {d}" for d in self.declared)
        if self.not_checked:
            lines.append("未能核验 Not checked:")
            lines.extend(f"  – {n}" for n in self.not_checked)
        return "\n".join(lines) + "\n"


class _Audit:
    def __init__(self) -> None:
        self.findings: list[AuditFinding] = []
        self.checked: list[str] = []
        self.not_checked: list[str] = []

    def held(self, since: int, what: str) -> None:
        """Record ``what`` as checked if no finding was added since ``since`` findings."""
        if len(self.findings) == since:
            self.checked.append(what)

    def add(self, part: str, kind: str, message: str) -> None:
        chinese, english = term(kind)
        self.findings.append(
            AuditFinding(part=part, kind=kind, chinese=chinese, english=english, message=message)
        )

    def parse(self, files: Mapping[str, bytes], name: str, parse: Any) -> Any:
        data = files.get(name)
        if data is None:
            return None
        try:
            return parse(data)
        except (JointcheckError, ValueError, UnicodeError) as exc:
            message = exc.message if isinstance(exc, JointcheckError) else str(exc)
            self.add("bundle", "UNREADABLE", f"{name}: {message[:400]}")
            return None


def _model(model: Any) -> Any:
    return lambda data: model.model_validate_json(data)


def _adapter(adapter: TypeAdapter[Any]) -> Any:
    def parse(data: bytes) -> Any:
        try:
            return adapter.validate_json(data)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            raise ValueError(str(exc).splitlines()[0]) from None

    return parse


def _check_files(audit: _Audit, files: Mapping[str, bytes], manifest: Manifest | None) -> None:
    since = len(audit.findings)
    for name in _REQUIRED:
        if name not in files:
            audit.add("bundle", "MISSING_FILE", f"{name} is missing")
    for name in sorted(set(files) - set(FILE_NAMES)):
        audit.add("bundle", "UNLISTED_FILE", f"{name[:100]!r} is not a file of a bundle")
    if manifest is None:
        return
    listed = {e.name: e for e in manifest.files}
    for name in sorted(set(files) - set(listed) - {"manifest.json"}):
        if name in FILE_NAMES:
            audit.add("bundle", "UNLISTED_FILE", f"{name} is not listed in the manifest")
    for name, entry in sorted(listed.items()):
        data = files.get(name)
        if data is None:
            if name not in _REQUIRED:
                audit.add("bundle", "MISSING_FILE", f"{name} is listed in the manifest but missing")
            continue
        if file_digest(data) != entry.sha256 or len(data) != entry.size:
            audit.add(
                "bundle",
                "DIGEST_MISMATCH",
                f"{name}: SHA-256 {file_digest(data)}, the manifest says {entry.sha256}",
            )
    audit.held(since, "文件摘要与清单一致 every file matches the manifest's SHA-256")


def _check_staffing(
    audit: _Audit, files: Mapping[str, bytes], problem: MatchProblem, assignment: Assignment
) -> None:
    """staffing.csv must be exactly the table the library derives from problem.json."""
    data = files.get(STAFFING_FILE)
    if assignment.version != ALGORITHM_VERSION:
        if data is not None:
            audit.add(
                "staffing",
                "STAFFING_UNREADABLE",
                f"{STAFFING_FILE} comes with teams of algorithm version "
                f"{assignment.version[:20]!r}, which has no staffing table",
            )
        else:
            audit.not_checked.append(
                f"检查组由第 {assignment.version[:20]} 版算法产生，无配员表 the teams were made "
                "by an earlier algorithm version: no staffing table for the public's "
                "verifiers (jointcheck audit recomputes them)"
            )
        return
    if data is None:
        audit.add(
            "bundle",
            "MISSING_FILE",
            f"{STAFFING_FILE} is missing: teams of algorithm version {ALGORITHM_VERSION} are "
            "published with their staffing table",
        )
        return
    since = len(audit.findings)
    try:
        expected = staffing_csv(problem)
    except JointcheckError as exc:
        audit.add(
            "staffing",
            "NOT_REPRODUCIBLE",
            f"no staffing table follows from problem.json: {exc.message[:300]}",
        )
        return
    for kind, message in compare_staffing(data, expected):
        audit.add("staffing", kind, message)
    audit.held(
        since,
        "配员表与公示的输入一致 staffing.csv is the table the inputs and the team seed give "
        "(every arc, pool, level, stage and final choice)",
    )


@checked
def audit_bundle(
    files: Mapping[str, bytes],
    registry: Population | None = None,
    *,
    announced_digest: str | None = None,
) -> AuditReport:
    """Check every part of a bundle and return the verdict.

    Args:
        files: The bundle's files, name → bytes (as :func:`build_bundle` made them, or as read
            back from a folder or a zip).
        registry: The registry as extracted; without it the draw's binding and order are
            checked, but not recomputed.
        announced_digest: The announcement digest the reader saw published before the
            reveals (on the bureau's website, or notarised). A bundle carrying another
            announcement was re-announced after the fact: the one attack a bundle alone
            cannot show.
    """
    if not isinstance(files, Mapping) or not all(
        isinstance(k, str) and isinstance(v, bytes) for k, v in files.items()
    ):
        raise InvalidInputError(
            "files must map file names (str) to their bytes, e.g. build_bundle(...) or a "
            "folder read with Path.read_bytes",
            field="files",
            value=type(files).__name__,
        )
    if registry is not None and not isinstance(registry, Population):
        raise InvalidInputError(
            f"registry must be a Population or None, got {type(registry).__name__}",
            field="registry",
            value=type(registry).__name__,
        )
    audit = _Audit()
    manifest = audit.parse(files, "manifest.json", _model(Manifest))
    _check_files(audit, files, manifest)
    announcement = audit.parse(files, "announcement.json", _model(Announcement))
    draw = audit.parse(files, "draw.json", _model(Draw))
    reveals = audit.parse(files, "reveals.json", _adapter(_REVEALS))
    problem = audit.parse(files, "problem.json", _model(MatchProblem))
    assignment = audit.parse(files, "assignment.json", _model(Assignment))
    results = audit.parse(files, "results.json", _adapter(_RESULTS)) or ()
    inspections = audit.parse(files, "inspections.json", _adapter(_RECORDS))
    task = announcement.task if announcement is not None else "(announcement unreadable)"
    declared: tuple[DeclaredFact, ...] = ()
    if announcement is not None:
        if announced_digest is not None:
            if announcement.digest() != announced_digest.strip().lower():
                audit.add(
                    "announcement",
                    "ANNOUNCEMENT_MISMATCH",
                    f"the bundle's announcement has digest {announcement.digest()}; the one "
                    f"published before the reveals has {announced_digest[:80]}",
                )
            else:
                audit.checked.append(
                    "公告与事先公示的一致 the announcement is the one published before the reveals"
                )
        if files["announcement.json"] != announcement.model_dump_json().encode():
            audit.add(
                "announcement",
                "NOT_CANONICAL",
                "announcement.json is not the announcement's published byte form "
                "(model_dump_json); its SHA-256 is not the digest the seeds come from",
            )
        if manifest is not None and (
            manifest.announcement_digest != announcement.digest()
            or manifest.task != announcement.task
        ):
            audit.add(
                "bundle",
                "MANIFEST_DIFFERS",
                f"the manifest names task {manifest.task!r} and announcement "
                f"{manifest.announcement_digest}; the announcement is {announcement.task!r}, "
                f"{announcement.digest()}",
            )
    if draw is not None and announcement is not None:
        since = len(audit.findings)
        if reveals is not None and tuple(reveals) != draw.reveals:
            audit.add("draw", "REVEALS_DIFFER", "reveals.json differs from the draw's reveals")
        for v in verify_draw(draw, registry, announcement=announcement, inspections=inspections):
            audit.add("draw", v.kind.value, v.message)
        declared = declared_facts(draw, inspections=inspections)
        audit.held(
            since,
            "随机种子由公告和揭示值生成，规则、数量、排除、算法、候补与公告一致 the seed comes "
            "from the announcement and the reveals; rule, quotas, exclusions, algorithm and "
            "waitlists are the announced ones",
        )
        if registry is None:
            audit.not_checked.append(
                "抽取名单未复算：未提供名录库 the draw was not recomputed: no registry given "
                "(its risk tiers are not public)"
            )
        else:
            audit.held(
                since,
                f"抽取名单由名录库复算一致 the draw recomputes from the registry "
                f"({len(registry):,} subjects)",
            )
    if assignment is not None and problem is not None and announcement is not None:
        since = len(audit.findings)
        for w in verify_assignment(assignment, problem, announcement=announcement):
            audit.add("teams", w.code.value, w.message)
        _check_staffing(audit, files, problem, assignment)
        if draw is not None:
            drawn = sorted(draw.selected)
            teamed = sorted(s.code for s in problem.subjects)
            if drawn != teamed:
                audit.add(
                    "teams",
                    "SUBJECTS_DIFFER",
                    f"the teams are for {len(teamed)} subjects, the draw selected {len(drawn)}; "
                    f"drawn but no team: {sorted(set(drawn) - set(teamed))[:3]}, team but not "
                    f"drawn: {sorted(set(teamed) - set(drawn))[:3]}",
                )
            if assignment.reveals != draw.reveals:
                audit.add("teams", "REVEALS_DIFFER", "the teams' reveals differ from the draw's")
        audit.held(
            since,
            "检查组由公告、揭示值和公示的输入复算一致 the teams recompute from the announced "
            "inputs and the team seed",
        )
    elif (assignment is None) != (problem is None):
        audit.add("bundle", "MISSING_FILE", "assignment.json and problem.json come together")
    else:
        audit.not_checked.append("本次未公示检查组 no teams in this bundle")
    if draw is not None:
        selected = set(draw.selected)
        for result in results:
            if result.subject_code not in selected:
                audit.add(
                    "results",
                    "RESULT_NOT_DRAWN",
                    f"a result for {result.subject_code[:40]!r}, which was not drawn",
                )
    if announcement is not None and draw is not None and manifest is not None:
        public = PublicRound.model_construct(
            announcement=announcement,
            draw=draw,
            problem=problem,
            assignment=assignment,
            results=tuple(results),
            inspections=inspections,
        )
        page = render_page(
            public, digests=digests_of(files), inspector_names=manifest.inspector_names
        )
        if files.get("index.html") is not None and files["index.html"] != page.encode():
            audit.add(
                "bundle",
                "PAGE_DIFFERS",
                "index.html is not the page the bundle's data gives (edited by hand?)",
            )
        else:
            audit.checked.append("公示页面与数据一致 the web page shows the bundle's data")
    return AuditReport(
        task=task,
        findings=tuple(audit.findings),
        declared=declared,
        checked=tuple(audit.checked),
        not_checked=tuple(audit.not_checked),
    )
