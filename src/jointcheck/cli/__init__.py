"""The ``jointcheck`` command: the only part of jointcheck that reads files and prints.

Commands (``jointcheck COMMAND --help`` shows each one's options and examples):

* ``demo``: the Xing'an 2023 joint plan end to end on built-in synthetic data;
* ``draw``: a registry CSV, a rule and a seed → the draw (JSON audit record);
* ``verify``: a draw and the registry → ``OK`` and its digest, or every violation;
* ``match``: drawn subjects, inspectors and team requirements → the joint teams (JSON);
* ``publish``: the round's public record (一公开) as a folder or zip with a static page;
* ``audit``: a bundle (and the registry) → a verdict in Chinese and English;
* ``deadline``: a date and a rule (N working days, N days, a plan's own date) → the date;
* ``schema``: JSON Schema of every public model, or of one;
* ``year``: an annual plan and the year's event files → what is due, late or overdue.

Exit codes:

* ``0``: success (``verify``: the draw holds);
* ``1``: a check found problems: ``verify`` found violations, ``match`` found no assignment
  that meets every constraint (the shortfalls are on standard error), ``year`` found a step
  or a follow-up overdue;
* ``2``: bad input: an unknown or unreadable file, a bad CSV row (reported as
  ``FILE:LINE: reason``), an unreadable rule or JSON document, a date outside the calendar's
  coverage, or a usage error. The message, on standard error, starts with
  ``jointcheck: error:`` and names what to fix.

Results go to standard output, messages and progress to standard error. ``130`` means
interrupted (Ctrl-C), ``141`` that the reader of standard output went away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jointcheck.cli._app import main

if TYPE_CHECKING:
    from jointcheck.cli._plan import format_plan

__all__ = ["format_plan", "main"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the command line starts without loading the models.
    if name == "format_plan":
        from jointcheck.cli._plan import format_plan

        return format_plan
    raise AttributeError(f"module 'jointcheck.cli' has no attribute {name!r}")
