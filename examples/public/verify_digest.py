"""The population digest (versions 1 and 2, see the draw specification): stdlib only."""

import csv
import hashlib

TIERS = ("UNRATED", "LOW", "MEDIUM", "HIGHER", "HIGH")
KINDS = ("ENTERPRISE", "INDIVIDUAL_BUSINESS", "FARMER_COOPERATIVE")
KINDS += ("FOREIGN_REPRESENTATIVE_OFFICE", "INSTITUTION", "OTHER")
STATUSES = ("OPERATING", "SUSPENDED", "DEREGISTERED", "REVOKED", "CANCELLED", "MOVED_OUT")
CHUNK_ROWS = 1 << 16  # rows per chunk of version 2


def code_of(names, label):  # a label as the registry writes it (name or code) -> its code
    return int(label) if label.isdigit() else names.index(label)


def population_digest(rows, version=2):
    """rows: dicts with code, tier and optionally jurisdiction, kind, status (a CSV's rows)."""
    labels = sorted({r.get("jurisdiction") or "" for r in rows}, key=str.encode)
    index = {label: i for i, label in enumerate(labels)}
    header = f"jointcheck-population-v{version}\nrows={len(rows)}\njurisdictions={len(labels)}\n"
    head = header.encode() + b"".join(label.encode() + b"\n" for label in labels)
    records = [
        r["code"].encode().ljust(18, b"\0")
        + bytes(
            [
                code_of(TIERS, r["tier"]),
                code_of(KINDS, r.get("kind") or "0"),
                code_of(STATUSES, r.get("status") or "0"),
            ]
        )
        + index[r.get("jurisdiction") or ""].to_bytes(4, "big")
        for r in sorted(rows, key=lambda r: r["code"].encode())
    ]
    if version == 1:  # one SHA-256 over the header and every record
        return hashlib.sha256(head + b"".join(records)).hexdigest()
    chunks = (records[i : i + CHUNK_ROWS] for i in range(0, len(records), CHUNK_ROWS))
    return hashlib.sha256(
        head + b"".join(hashlib.sha256(b"".join(c)).digest() for c in chunks)
    ).hexdigest()


def check_digest(path, draw, announcement):  # the registry CSV against the recorded digest
    version = draw.get("population_digest_version", 1)  # absent: a record of version 1
    with open(path, encoding="utf-8-sig") as f:  # columns code,tier[,jurisdiction,kind,status]
        rows = list(csv.DictReader(f))
    problems = []
    if announcement.get("population_digest_version", 1) != version:
        problems.append("the draw's population digest version is not the announced one")
    if population_digest(rows, version) != draw["population_digest"]:
        problems.append("the registry's digest is not the draw's population_digest")
    return problems
