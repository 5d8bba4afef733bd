"""Every public name of every public module is on a reference page, and the nav is whole."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import jointcheck

DOCS = Path(__file__).resolve().parents[2] / "docs"
# The command line is documented as a command, by its own guide.
ELSEWHERE = {"jointcheck.cli"}


def _public_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(jointcheck.__path__, "jointcheck.")
        if not any(part.startswith("_") for part in info.name.split("."))
        and info.name not in ELSEWHERE
    )


def _documented() -> set[int]:
    """ids of the objects rendered by the ``::: identifier`` blocks of the reference pages."""
    found: set[int] = set()
    modules = set(_public_modules())
    block = re.compile(r"^::: (\S+)\n((?:[ \t]+\S.*\n)*)", re.M)
    for page in sorted((DOCS / "reference").glob("*.md")):
        for identifier, options in block.findall(page.read_text(encoding="utf-8")):
            module_name, _, name = identifier.rpartition(".")
            if identifier in modules:
                module = importlib.import_module(identifier)
                members = re.findall(r"^\s+- (\w+)$", options, re.M)
                names = members or list(module.__all__)
                found.update(id(getattr(module, n)) for n in names)
            else:
                found.add(id(getattr(importlib.import_module(module_name), name)))
    return found


def test_every_public_module_has_a_reference_block() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference").glob("*.md"))
    for module in _public_modules():
        assert f"::: {module}" in text, module


def test_every_public_name_is_documented() -> None:
    documented = _documented()
    missing = [
        f"{module}.{name}"
        for module in _public_modules()
        for name in importlib.import_module(module).__all__
        if id(getattr(importlib.import_module(module), name)) not in documented
    ]
    assert missing == []


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    config = (DOCS.parent / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index("\nnav:") :]
    entries = set(re.findall(r":\s+(\S+\.md)$", nav, re.M))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert entries == pages


def test_the_testing_how_to_lists_every_public_strategy() -> None:
    import jointcheck.strategies

    text = (DOCS / "howto-testing.md").read_text(encoding="utf-8")
    table = text[text.index("| strategy | generates |") : text.index("## The checkers")]
    listed = set(re.findall(r"^\| `(\w+)\(", table, re.M))
    assert listed == set(jointcheck.strategies.__all__)


def test_the_top_level_page_links_every_top_level_name() -> None:
    text = (DOCS / "reference" / "top-level.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\[`(\w+)`\]\(\w+\.md#jointcheck\.\w+\.(\w+)\)", text))
    assert {a for a, b in linked if a == b} == set(jointcheck.__all__) - {"__version__"}
