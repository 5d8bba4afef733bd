"""The public record of a round (一公开): the bundle, its audit and its web page.

* :class:`PublicRound` holds what a round publishes; :func:`build_bundle` turns it into
  files (name → bytes): the announcement, the reveals, the draw, the team inputs and teams,
  the results, a manifest of SHA-256 digests and a static ``index.html`` (Chinese first, no
  JavaScript) a bureau can put on its website as the 公示.
* :func:`audit_bundle` checks every part and returns an :class:`AuditReport` whose
  :meth:`~AuditReport.to_text` a reader who is not a programmer can follow, naming each
  problem in Chinese and English.

Reading and writing folders or zips is the CLI's job (``jointcheck publish``,
``jointcheck audit``); this package only builds and checks bytes.
"""

from jointcheck.publication._audit import AuditFinding, AuditReport, audit_bundle
from jointcheck.publication._bundle import (
    BUNDLE_FORMAT,
    FILE_NAMES,
    Manifest,
    ManifestEntry,
    build_bundle,
    public_problem,
)
from jointcheck.publication._page import render_page
from jointcheck.publication._round import PublicRound, PublishedResult

__all__ = [
    "AuditFinding",
    "AuditReport",
    "BUNDLE_FORMAT",
    "FILE_NAMES",
    "Manifest",
    "ManifestEntry",
    "PublicRound",
    "PublishedResult",
    "audit_bundle",
    "build_bundle",
    "public_problem",
    "render_page",
]
