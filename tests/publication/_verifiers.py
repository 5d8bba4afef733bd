"""Running the public's own verifiers (examples/public) against a bundle written to disk."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from jointcheck.matching import STAFFING_COLUMNS
from jointcheck.model import OperatingStatus, RiskTier, SubjectKind
from jointcheck.population import Population

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "public" / "verify_round.py"
QUERY = ROOT / "examples" / "public" / "verify_round.sql"


def write(folder: Path, files: dict[str, bytes], population: Population) -> Path:
    """Write the bundle into ``folder`` and the registry (every column of its digest) beside
    it; the registry's path."""
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "tier", "jurisdiction", "kind", "status"])
    places, kinds, statuses = (
        population.jurisdiction_labels,
        list(SubjectKind),
        list(OperatingStatus),
    )
    for code, tier, place, kind, status in zip(
        population.code_strings(),
        population.tiers.tolist(),
        population.jurisdictions.tolist(),
        population.kinds.tolist(),
        population.statuses.tolist(),
        strict=True,
    ):
        tier_name = RiskTier.from_code(tier).value
        writer.writerow([code, tier_name, places[place], kinds[kind].value, statuses[status].value])
    registry = folder.parent / f"{folder.name}-registry.csv"
    registry.write_text(out.getvalue(), "utf-8")
    return registry


def script(folder: Path, registry: Path) -> subprocess.CompletedProcess[str]:
    """``python verify_round.py FOLDER REGISTRY``."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(folder), str(registry)],
        capture_output=True,
        text=True,
        check=False,
    )


def query(folder: Path, registry: Path) -> dict[str, bool]:
    """Each row of ``duckdb < verify_round.sql`` run in the folder; a query that fails on
    what it reads (a cast, a missing file) is one row saying false."""
    (folder / "registry.csv").write_bytes(registry.read_bytes())
    here = Path.cwd()
    os.chdir(folder)
    try:
        rows = duckdb.connect().execute(QUERY.read_text("utf-8")).fetchall()
    except duckdb.Error as exc:
        return {f"the query fails: {str(exc).splitlines()[0]}": False}
    finally:
        os.chdir(here)
    return {name: bool(ok) for name, ok in rows}


def staffing_rows(files: dict[str, bytes]) -> list[dict[str, str]]:
    """The rows of the bundle's staffing.csv."""
    return list(csv.DictReader(io.StringIO(files["staffing.csv"].decode())))


def with_staffing(files: dict[str, bytes], rows: list[dict[str, str]]) -> dict[str, bytes]:
    """``files`` with staffing.csv rewritten from ``rows`` (in the table's own CSV form)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=STAFFING_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return {**files, "staffing.csv": out.getvalue().encode()}
