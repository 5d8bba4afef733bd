"""What a forger does after editing a record: rewrite the page and the manifest to match."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel

from jointcheck.matching import Assignment, MatchProblem
from jointcheck.model import InspectionRecord
from jointcheck.publication import (
    Manifest,
    ManifestEntry,
    PublicRound,
    PublishedResult,
    render_page,
)
from jointcheck.sampling import Announcement, Draw

_MODELS: dict[str, Any] = {
    "announcement.json": Announcement,
    "draw.json": Draw,
    "problem.json": MatchProblem,
    "assignment.json": Assignment,
}


def load(files: dict[str, bytes], name: str) -> Any:
    return _MODELS[name].model_validate_json(files[name])


def put(files: dict[str, bytes], name: str, model: BaseModel) -> dict[str, bytes]:
    """``files`` with ``name`` replaced by ``model``'s JSON (compact for the announcement)."""
    text = (
        model.model_dump_json() if name == "announcement.json" else model.model_dump_json(indent=1)
    )
    return {**files, name: text.encode()}


def reseal(files: dict[str, bytes]) -> dict[str, bytes]:
    """Recompute index.html and manifest.json from the (edited) records."""
    out = dict(files)
    manifest = Manifest.model_validate_json(out["manifest.json"])
    announcement = load(out, "announcement.json")
    public = PublicRound.model_construct(
        announcement=announcement,
        draw=load(out, "draw.json"),
        problem=load(out, "problem.json") if "problem.json" in out else None,
        assignment=load(out, "assignment.json") if "assignment.json" in out else None,
        results=tuple(PublishedResult(**r) for r in json.loads(out.get("results.json", b"[]"))),
        inspections=tuple(InspectionRecord(**r) for r in json.loads(out["inspections.json"]))
        if "inspections.json" in out
        else None,
    )
    digests = {
        n: hashlib.sha256(d).hexdigest()
        for n, d in out.items()
        if n.endswith((".json", ".csv")) and n != "manifest.json"
    }
    out["index.html"] = render_page(
        public, digests=digests, inspector_names=manifest.inspector_names
    ).encode()
    entries = tuple(
        ManifestEntry(name=n, sha256=hashlib.sha256(d).hexdigest(), size=len(d))
        for n, d in sorted(out.items())
        if n != "manifest.json"
    )
    out["manifest.json"] = (
        Manifest(
            task=announcement.task,
            announcement_digest=hashlib.sha256(out["announcement.json"]).hexdigest(),
            inspector_names=manifest.inspector_names,
            files=entries,
        )
        .model_dump_json(indent=1)
        .encode()
    )
    return out
