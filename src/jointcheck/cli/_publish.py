"""``jointcheck publish`` and ``jointcheck audit``: the round's public record on disk.

The bundle's contents are built and checked by :mod:`jointcheck.publication`; this module
only reads the inputs and writes (or reads back) a folder or a zip.
"""

from __future__ import annotations

import argparse
import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from jointcheck.cli._common import COMMANDS, EXIT_FOUND, EXIT_OK, Streams, add_registry_options
from jointcheck.cli._files import display_name, read_model, read_text
from jointcheck.cli._sampling import load_registry
from jointcheck.errors import InvalidInputError, ModelValidationError
from jointcheck.matching import Assignment, MatchProblem
from jointcheck.model import InspectionRecord
from jointcheck.publication import (
    PublicRound,
    PublishedResult,
    audit_bundle,
    build_bundle,
)
from jointcheck.sampling import Announcement, Draw

__all__ = ["add_audit", "add_publish", "read_bundle", "write_bundle"]

MAX_FILE_BYTES = 256 * 1024 * 1024
"""A bundle file larger than this is refused before it is read."""

MAX_FILES = 64
"""A bundle holding more files than this is refused."""

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

PUBLISH_EXAMPLES = """\
examples:
  jointcheck publish --announcement announcement.json --draw draw.json \\
      --problem problem.json --assignment assignment.json --results results.csv -o round/
  jointcheck publish --announcement announcement.json --draw draw.json -o round.zip --names

results: a CSV with a header line 'code,result' (检查结果 as published), or a JSON list of
{"subject_code": ..., "result": ...}. Inspectors are shown by id unless --names is given;
the choice is recorded in the manifest. Teams come with staffing.csv, the table anyone
recomputes them from. Put index.html and the files beside it on the
bureau's website as the 公示; 'jointcheck audit' checks a bundle.
"""

AUDIT_EXAMPLES = """\
examples:
  jointcheck audit round/
  jointcheck audit round.zip registry.csv
  jointcheck audit round/ --announcement-digest 94a21d4dbaf97b9b…(the digest published first)

Prints the verdict in Chinese and English: every problem found, what was checked, what is
declared but not verifiable, and what could not be checked (without the registry, the draw
is not recomputed). Exit code 0: passed; 1: problems found; 2: the bundle cannot be read.
"""


def _read_results(path: str) -> tuple[PublishedResult, ...]:

    from jointcheck.publication import PublishedResult

    text = read_text(path, what="results")
    try:
        if path.endswith(".json"):
            return TypeAdapter(tuple[PublishedResult, ...]).validate_json(text)
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or [c.strip() for c in rows[0][:2]] != ["code", "result"]:
            raise InvalidInputError(
                f"{display_name(path)}:1: results CSV must start with the header 'code,result'",
                field="results",
                value=path,
            )
        found = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 2:
                raise InvalidInputError(
                    f"{display_name(path)}:{number}: expected 2 columns (code,result), got "
                    f"{len(row)}",
                    field="results",
                    value=path,
                )
            try:
                found.append(PublishedResult(subject_code=row[0].strip(), result=row[1].strip()))
            except ModelValidationError as exc:
                raise InvalidInputError(
                    f"{display_name(path)}:{number}: {exc.message}", field="results", value=path
                ) from None
        return tuple(found)
    except ValueError as exc:
        if isinstance(exc, InvalidInputError):
            raise
        raise InvalidInputError(
            f"{display_name(path)}: not a results list: {str(exc).splitlines()[0]}",
            field="results",
            value=path,
        ) from None


def _read_records(path: str) -> tuple[InspectionRecord, ...]:

    from jointcheck.model import InspectionRecord

    text = read_text(path, what="inspection records")
    try:
        return TypeAdapter(tuple[InspectionRecord, ...]).validate_json(text)
    except ValueError as exc:
        raise InvalidInputError(
            f"{display_name(path)}: not a list of inspection records: {str(exc).splitlines()[0]}",
            field="inspections",
            value=path,
        ) from None


def write_bundle(files: dict[str, bytes], target: str) -> None:
    """Write the bundle to a folder, or to a zip when ``target`` ends with ``.zip``."""
    path = Path(target)
    try:
        if target.endswith(".zip"):
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name in sorted(files):
                    archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), files[name])
            return
        path.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (path / name).write_bytes(data)
    except OSError as exc:
        raise InvalidInputError(
            f"cannot write the bundle to {target!r}: {exc.strerror or exc}",
            field="output",
            value=target,
        ) from None


def _too_big(name: str, size: int, where: str) -> InvalidInputError:
    return InvalidInputError(
        f"{where}: {name[:80]!r} holds {size:,} bytes; a bundle file may hold at most "
        f"{MAX_FILE_BYTES:,}",
        field="bundle",
        value=where,
    )


def read_bundle(source: str) -> dict[str, bytes]:
    """The files of a bundle folder or zip, name → bytes (sizes and counts bounded)."""
    path = Path(source)
    try:
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if p.is_file())
            if len(entries) > MAX_FILES:
                raise InvalidInputError(
                    f"{source}: {len(entries)} files; a bundle holds at most {MAX_FILES}",
                    field="bundle",
                    value=source,
                )
            files = {}
            for entry in entries:
                size = entry.stat().st_size
                if size > MAX_FILE_BYTES:
                    raise _too_big(entry.name, size, source)
                files[entry.name] = entry.read_bytes()
            return files
        if not path.exists():
            raise InvalidInputError(
                f"bundle {source!r} does not exist (give a folder or a .zip)",
                field="bundle",
                value=source,
            )
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            if len(infos) > MAX_FILES:
                raise InvalidInputError(
                    f"{source}: {len(infos)} files; a bundle holds at most {MAX_FILES}",
                    field="bundle",
                    value=source,
                )
            for info in infos:
                if info.file_size > MAX_FILE_BYTES:
                    raise _too_big(info.filename, info.file_size, source)
            return {info.filename: archive.read(info) for info in infos}
    except zipfile.BadZipFile:
        raise InvalidInputError(
            f"bundle {source!r} is neither a folder nor a zip file", field="bundle", value=source
        ) from None
    except OSError as exc:
        raise InvalidInputError(
            f"cannot read bundle {source!r}: {exc.strerror or exc}", field="bundle", value=source
        ) from None


def _run_publish(args: argparse.Namespace, streams: Streams) -> int:

    if (args.problem is None) != (args.assignment is None):
        raise InvalidInputError(
            "give --problem and --assignment together (the teams and their inputs)",
            field="assignment",
            value=args.assignment,
        )
    public = PublicRound(
        announcement=read_model(args.announcement, Announcement, what="announcement"),
        draw=read_model(args.draw, Draw, what="draw"),
        problem=None
        if args.problem is None
        else read_model(args.problem, MatchProblem, what="problem"),
        assignment=None
        if args.assignment is None
        else read_model(args.assignment, Assignment, what="assignment"),
        results=() if args.results is None else _read_results(args.results),
        inspections=None if args.inspections is None else _read_records(args.inspections),
    )
    files = build_bundle(public, inspector_names=args.names)
    report = audit_bundle(files)
    write_bundle(files, args.output)
    out = streams.out
    out.write(f"wrote {len(files)} files to {args.output}: {', '.join(sorted(files))}\n")
    out.write(f"announcement digest {public.announcement.digest()}\n")
    out.write(report.to_text())
    return EXIT_OK if report.passed else EXIT_FOUND


def _run_audit(args: argparse.Namespace, streams: Streams) -> int:

    files = read_bundle(args.bundle)
    registry = None if args.registry is None else load_registry(args.registry, args, streams)
    report = audit_bundle(files, registry, announced_digest=args.announcement_digest)
    streams.out.write(report.to_text())
    return EXIT_OK if report.passed else EXIT_FOUND


def add_publish(commands: Any, streams: Streams) -> None:
    """The ``publish`` subcommand."""
    parser = commands.add_parser(
        "publish",
        streams=streams,
        help=COMMANDS["publish"].help,
        description="Write one round's publication bundle (folder or .zip): the announcement, "
        "the reveals, the draw, the teams, the results, a manifest of digests and a static "
        "web page (公示).",
        epilog=PUBLISH_EXAMPLES,
    )
    parser.add_argument("--announcement", required=True, metavar="FILE", help="announcement JSON")
    parser.add_argument("--draw", required=True, metavar="FILE", help="the bound draw (JSON)")
    parser.add_argument("--problem", metavar="FILE", help="the matching's inputs (JSON)")
    parser.add_argument("--assignment", metavar="FILE", help="the bound teams (JSON)")
    parser.add_argument("--results", metavar="FILE", help="results: CSV code,result or JSON")
    parser.add_argument(
        "--inspections", metavar="FILE", help="inspection records an exclusion rests on (JSON)"
    )
    parser.add_argument(
        "--names", action="store_true", help="show inspectors by name (default: ids only)"
    )
    parser.add_argument(
        "--output", "-o", required=True, metavar="PATH", help="a folder, or a file ending .zip"
    )
    parser.set_defaults(run=_run_publish)


def add_audit(commands: Any, streams: Streams) -> None:
    """The ``audit`` subcommand."""
    parser = commands.add_parser(
        "audit",
        streams=streams,
        help=COMMANDS["audit"].help,
        description="Check every part of a publication bundle and print a verdict anyone can read.",
        epilog=AUDIT_EXAMPLES,
    )
    parser.add_argument("bundle", metavar="BUNDLE", help="the bundle folder or .zip")
    parser.add_argument(
        "registry", nargs="?", metavar="REGISTRY.csv", help="the registry as extracted"
    )
    parser.add_argument(
        "--announcement-digest",
        metavar="HEX",
        help="the announcement digest published before the reveals (catches a round "
        "re-announced after the fact)",
    )
    add_registry_options(parser)
    parser.set_defaults(run=_run_audit)
