"""The publication bundle of one round (一公开): its files as bytes, keyed by name.

A bundle holds what the notices publish, nothing more: the announcement, the reveals, the
draw, the team inputs and the teams, the staffing table the teams are recomputed from
(``staffing.csv``, for assignments of the current algorithm version), the results, the
inspection records an exclusion rests on, a static web page (``index.html``) and a manifest
of every file's SHA-256. Writing the files, or a zip of them, is the caller's job
(``jointcheck publish``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from jointcheck._internal.base import NonEmptyStr
from jointcheck._internal.checked import checked
from jointcheck.errors import InvalidInputError
from jointcheck.matching import ALGORITHM_VERSION, MatchProblem
from jointcheck.model import FrozenModel
from jointcheck.publication._page import render_page
from jointcheck.publication._round import PublicRound
from jointcheck.publication._staffing import STAFFING_FILE, staffing_csv

__all__ = [
    "BUNDLE_FORMAT",
    "FILE_NAMES",
    "Manifest",
    "ManifestEntry",
    "build_bundle",
    "digests_of",
    "file_digest",
    "public_problem",
]

BUNDLE_FORMAT = "jointcheck-bundle-v1"
"""Tag of the bundle layout."""

FILE_NAMES: tuple[str, ...] = (
    "announcement.json",
    "reveals.json",
    "draw.json",
    "problem.json",
    "assignment.json",
    "staffing.csv",
    "results.json",
    "inspections.json",
    "index.html",
    "manifest.json",
)
"""Every file a bundle may hold; the first three, the page and the manifest always."""


class ManifestEntry(FrozenModel):
    """One file of the bundle and its digest."""

    name: NonEmptyStr = Field(description="File name")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 (hex) of its bytes")
    size: int = Field(ge=0, description="Size in bytes")


class Manifest(FrozenModel):
    """The bundle's table of contents: every other file with its SHA-256."""

    format: Literal["jointcheck-bundle-v1"] = Field(
        default="jointcheck-bundle-v1", description="Layout tag of the bundle"
    )
    task: NonEmptyStr = Field(description="The task, as announced")
    announcement_digest: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of announcement.json"
    )
    inspector_names: bool = Field(
        description="True: inspectors are shown by name; False: by id only (names left out)"
    )
    files: tuple[ManifestEntry, ...] = Field(description="Every other file, in name order")


def file_digest(data: bytes) -> str:
    """SHA-256 (hex) of a file's bytes."""
    return hashlib.sha256(data).hexdigest()


@checked
def public_problem(problem: MatchProblem, *, inspector_names: bool) -> MatchProblem:
    """The problem as published: inspector names replaced by ids unless names are shown.

    Names steer nothing, and the problem's digest leaves them out, so both forms verify.
    """
    if inspector_names:
        return problem
    inspectors = tuple(i.model_copy(update={"name": i.id}) for i in problem.inspectors)
    return problem.model_copy(update={"inspectors": inspectors})


def _json_list(items: object) -> bytes:
    return (json.dumps(items, ensure_ascii=False, indent=1) + "\n").encode()


@checked
def build_bundle(public: PublicRound, *, inspector_names: bool = False) -> dict[str, bytes]:
    """The files of the bundle, keyed by name (see :data:`FILE_NAMES`).

    ``announcement.json`` is ``announcement.model_dump_json()`` exactly, so its SHA-256 is the
    announcement's digest that the seeds are derived from.

    Args:
        public: The round's records.
        inspector_names: Show inspectors by name (True) or by id only (False, the default);
            the choice is recorded in the manifest.

    Raises:
        InvalidInputError: the draw or the assignment is not bound to the announcement, or
            an assignment comes without its problem.
        InfeasibleError: the problem has no assignment (so the given one is not its own).
    """
    announcement = public.announcement
    digest = announcement.digest()
    if public.draw.announcement_digest != digest:
        raise InvalidInputError(
            f"the draw is bound to announcement {public.draw.announcement_digest}, not to the "
            f"one published ({digest}); make it with draw_announced",
            field="draw",
            value=public.draw.announcement_digest,
        )
    if (public.assignment is None) != (public.problem is None):
        raise InvalidInputError(
            "give both the assignment and its problem, or neither",
            field="assignment",
            value=None,
        )
    if public.assignment is not None and public.assignment.announcement_digest != digest:
        raise InvalidInputError(
            f"the assignment is bound to announcement {public.assignment.announcement_digest}, "
            f"not to the one published ({digest}); make it with match_announced",
            field="assignment",
            value=public.assignment.announcement_digest,
        )
    shown = public.model_copy(
        update={
            "problem": None
            if public.problem is None
            else public_problem(public.problem, inspector_names=inspector_names)
        }
    )
    files: dict[str, bytes] = {
        "announcement.json": announcement.model_dump_json().encode(),
        "reveals.json": _json_list([r.model_dump(mode="json") for r in public.draw.reveals]),
        "draw.json": (public.draw.model_dump_json(indent=1) + "\n").encode(),
    }
    if shown.problem is not None and shown.assignment is not None:
        files["problem.json"] = (shown.problem.model_dump_json(indent=1) + "\n").encode()
        files["assignment.json"] = (shown.assignment.model_dump_json(indent=1) + "\n").encode()
        if shown.assignment.version == ALGORITHM_VERSION:
            files[STAFFING_FILE] = staffing_csv(shown.problem)
    files["results.json"] = _json_list([r.model_dump(mode="json") for r in public.results])
    if public.inspections is not None:
        files["inspections.json"] = _json_list(
            [r.model_dump(mode="json") for r in public.inspections]
        )
    digests = {name: file_digest(data) for name, data in files.items()}
    files["index.html"] = render_page(
        shown, digests=digests, inspector_names=inspector_names
    ).encode()
    manifest = Manifest(
        task=announcement.task,
        announcement_digest=digest,
        inspector_names=inspector_names,
        files=tuple(
            ManifestEntry(name=name, sha256=file_digest(data), size=len(data))
            for name, data in sorted(files.items())
        ),
    )
    files["manifest.json"] = (manifest.model_dump_json(indent=1) + "\n").encode()
    return files


def digests_of(files: Mapping[str, bytes]) -> dict[str, str]:
    """SHA-256 of each record (the JSON files and the staffing table: what the page lists)."""
    return {
        n: file_digest(d)
        for n, d in files.items()
        if n.endswith((".json", ".csv")) and n != "manifest.json"
    }
