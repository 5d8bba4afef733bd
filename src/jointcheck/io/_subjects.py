"""Reading the drawn subjects the matcher takes: a draw, a JSON list, or one code per line."""

from __future__ import annotations

import json

from jointcheck._internal.checked import checked
from jointcheck._internal.text import shorten
from jointcheck.errors import CreditCodeError, InvalidInputError, ModelValidationError
from jointcheck.io._source import LineError, Source, load, to_utf8
from jointcheck.io._tables import json_items
from jointcheck.matching import MatchSubject
from jointcheck.model import validate_subject_code
from jointcheck.sampling import Draw

__all__ = ["MAX_SUBJECTS", "read_subjects"]

MAX_SUBJECTS = 10_000_000
"""Default bound on the subjects of one file."""


@checked
def read_subjects(
    source: Source,
    *,
    name: str | None = None,
    encoding: str = "utf-8",
    max_rows: int = MAX_SUBJECTS,
) -> tuple[MatchSubject, ...]:
    """Read drawn subjects: a :class:`~jointcheck.sampling.Draw` (its selected codes), a JSON
    list of codes or :class:`~jointcheck.matching.MatchSubject` objects, or a text file with
    one code per line (a 统一社会信用代码 or a 15-digit 注册号; ``#`` starts a comment line).

    Args:
        source: A path, or the file's bytes.
        name: How messages name the file (default: the path, or ``<subjects>``).
        encoding: The file's text encoding.
        max_rows: At most this many subjects.

    Raises:
        InvalidInputError: the first problem, as ``NAME:LINE: message``.

    Examples:
        >>> [s.code for s in read_subjects(b"# drawn\\n91350200776049653A\\n", name="codes.txt")]
        ['91350200776049653A']
    """
    loaded = load(source, name=name, what="subjects")
    try:
        text = to_utf8(loaded.data, encoding=encoding).decode("utf-8")
        stripped = text.lstrip()
        if stripped.startswith("{"):
            found = _from_draw(text)
        elif stripped.startswith("["):
            found = tuple(_from_list(text, max_rows))
        else:
            found = tuple(_from_lines(text, max_rows))
        if not found:
            raise LineError(
                1,
                "the file holds no subject; there is nothing to match (give a draw, a JSON "
                "list, or one code per line)",
            )
        return found
    except LineError as bad:
        raise InvalidInputError(
            f"{loaded.name}:{bad.line}: {bad.message}", field="subjects", value=loaded.name
        ) from None


def _from_draw(text: str) -> tuple[MatchSubject, ...]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(exc.lineno, f"not valid JSON (column {exc.colno}): {exc.msg}") from None
    except RecursionError:
        raise LineError(1, "the JSON is nested too deeply to read") from None
    except ValueError:  # an integer of thousands of digits
        raise LineError(1, "the JSON holds a number too large to read") from None
    try:
        draw = Draw.model_validate(data)
    except ModelValidationError as exc:
        raise LineError(1, f"not a valid draw (Draw JSON): {exc.message}") from None
    return tuple(MatchSubject(code=code) for code in draw.selected)


def _from_list(text: str, max_rows: int) -> list[MatchSubject]:
    subjects: list[MatchSubject] = []
    for number, item in enumerate(json_items(text, max_items=max_rows, what="subject list"), 1):
        try:
            if isinstance(item.value, str):
                subjects.append(MatchSubject(code=item.value))
            elif isinstance(item.value, dict):
                subjects.append(MatchSubject.model_validate(item.value))
            else:
                raise LineError(
                    item.line,
                    f"subject {number} is {shorten(item.value)}; each entry is a code or an "
                    'object ({"code": …, "jurisdiction": …, "tags": […]})',
                )
        except ModelValidationError as exc:
            raise LineError(item.line, f"subject {number}: {exc.message}") from None
    return subjects


def _from_lines(text: str, max_rows: int) -> list[MatchSubject]:
    subjects: list[MatchSubject] = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.strip()
        if not code or code.startswith("#"):
            continue
        if len(subjects) >= max_rows:
            raise LineError(number, f"the file has more than {max_rows:,} subjects (max_rows)")
        if len(code) > 64:
            raise LineError(
                number,
                f"code {shorten(code)} is far too long; a code has 18 characters (15 for a 注册号)",
            )
        try:
            validate_subject_code(code, lenient=True)
        except CreditCodeError as exc:
            hint = (
                "; a subjects file holds one code per line (or give a draw or a JSON list)"
                if "," in code or "\t" in code
                else ""
            )
            raise LineError(number, f"{exc.message}{hint}") from None
        subjects.append(MatchSubject(code=code))
    return subjects
