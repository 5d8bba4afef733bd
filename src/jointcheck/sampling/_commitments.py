"""Commitments and reveals of the seed ceremony (承诺与揭示), and the length-prefixed encoding.

``field(s)`` is ``len(s) + ":" + s + ","`` with ``len`` the byte length of the UTF-8 text,
written in decimal, so concatenated fields can be split in only one way::

    commitment = SHA-256("jointcheck-commit-v1:" + field(party) + field(value))
"""

from __future__ import annotations

import hashlib
import unicodedata

from pydantic import Field, field_validator

from jointcheck._internal.base import NonEmptyStr
from jointcheck._internal.checked import checked
from jointcheck.model import FrozenModel

__all__ = [
    "Commitment",
    "MIN_SECRET_CHARS",
    "Reveal",
    "commit",
    "field",
    "party_key",
]

MIN_SECRET_CHARS = 32
"""A secret value has at least this many characters (use ``secrets.token_hex(32)``): a short
value could be guessed from its commitment before it is revealed."""

HEX64 = r"^[0-9a-f]{64}$"


def field(text: str) -> bytes:
    """``len + ":" + text + ","`` over the UTF-8 bytes of ``text`` (lone surrogates refused)."""
    raw = text.encode("utf-8")
    return str(len(raw)).encode() + b":" + raw + b","


def party_key(party: str) -> str:
    """How two party names are compared for sameness: NFKC, case-folded, without white space
    (``"公证处"`` and ``" 公证处 "`` or a full-width variant are the same party)."""
    folded = unicodedata.normalize("NFKC", party).casefold()
    return "".join(ch for ch in folded if not ch.isspace())


def _utf8(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be encodable as UTF-8 (no lone surrogates)") from None
    return value


class Commitment(FrozenModel):
    """A party's published commitment: SHA-256 of its secret value (承诺值)."""

    party: NonEmptyStr = Field(description="Who commits, e.g. 兴安盟市场监督管理局 or 公证处")
    digest: str = Field(pattern=HEX64, description="SHA-256 (hex) of the party and its value")


class Reveal(FrozenModel):
    """A party's secret value, revealed after every commitment is published."""

    party: NonEmptyStr = Field(description="Who reveals")
    value: str = Field(
        min_length=MIN_SECRET_CHARS,
        max_length=1000,
        description="The secret value (e.g. secrets.token_hex(32))",
    )

    @field_validator("party", "value")
    @classmethod
    def _encodable(cls, value: str) -> str:
        return _utf8(value)


@checked
def commit(party: str, value: str) -> Commitment:
    """The commitment to publish for ``value``; keep ``value`` secret until the reveal.

    Examples:
        >>> commit("公证处", "0" * 64).digest[:16]
        '092d25f4df15a3cc'
    """
    Reveal(party=party, value=value)  # same checks as at the reveal
    digest = hashlib.sha256(b"jointcheck-commit-v1:" + field(party) + field(value))
    return Commitment(party=party, digest=digest.hexdigest())
