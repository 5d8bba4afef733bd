"""Built-in plans transcribed from published notices, for the demo, examples and tests.

Each function returns a validated :class:`~jointcheck.model.Plan`; the data is written in
code (no file is read), with the notice's own wording for names, items and rules.
"""

from jointcheck.scenarios._xingan import xingan_2023_plan

__all__ = ["xingan_2023_plan"]
