import importlib
import inspect
import pkgutil
import typing

from pydantic import BaseModel

import jointcheck
from jointcheck import errors
from jointcheck.schema import PUBLIC_MODELS


def test_all_is_sorted_and_unique() -> None:
    assert jointcheck.__all__ == sorted(set(jointcheck.__all__))


def test_all_names_exist() -> None:
    for name in jointcheck.__all__:
        assert hasattr(jointcheck, name), name


def test_all_is_complete() -> None:
    """Every public class or function defined in jointcheck and bound at top level is listed."""
    public = {
        name
        for name in dir(jointcheck)
        if not name.startswith("_")
        and (inspect.isclass(obj := getattr(jointcheck, name)) or inspect.isfunction(obj))
        and getattr(obj, "__module__", "").startswith("jointcheck")
    }
    assert public <= set(jointcheck.__all__), public - set(jointcheck.__all__)


def test_every_public_module_has_a_sorted_all() -> None:
    for info in pkgutil.walk_packages(jointcheck.__path__, "jointcheck."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        names = getattr(module, "__all__", None)
        assert names is not None, f"{info.name} has no __all__"
        assert list(names) == sorted(names), info.name


def test_every_exported_model_has_a_json_schema() -> None:
    exported = {
        obj
        for name in jointcheck.__all__
        if inspect.isclass(obj := getattr(jointcheck, name)) and issubclass(obj, BaseModel)
    }
    assert exported <= set(PUBLIC_MODELS), exported - set(PUBLIC_MODELS)


# ---------------------------------------------------------------- one path per name
SUBPACKAGES = [
    "jointcheck.errors",
    "jointcheck.model",
    "jointcheck.population",
    "jointcheck.sampling",
    "jointcheck.matching",
    "jointcheck.workdays",
    "jointcheck.forms",
    "jointcheck.records",
    "jointcheck.schema",
    "jointcheck.scenarios",
    "jointcheck.synthetic",
    "jointcheck.strategies",
]
# Records the library builds (``announce``, a sampler's ``draw``, ``match``,
# ``InspectionForm.build``, ``PlanLedger.open``, ``PlanChange.postpone`` and its siblings): their
# parts are read, not built, so they are imported from their subpackages when needed.
BUILT_BY_THE_LIBRARY = {
    "Announcement",
    "Assignment",
    "Draw",
    "InspectionForm",
    "PlanChange",
    "PlanLedger",
}


def _homes() -> dict[int, list[str]]:
    """id of every public class and function -> the public modules whose ``__all__`` list it."""
    homes: dict[int, list[str]] = {}
    for info in pkgutil.walk_packages(jointcheck.__path__, "jointcheck."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) or inspect.isfunction(obj):
                homes.setdefault(id(obj), []).append(f"{info.name}.{name}")
    return homes


def _jointcheck_types(annotation: object) -> set[type]:
    found: set[type] = set()
    stack = [annotation]
    while stack:
        current = stack.pop()
        stack.extend(typing.get_args(current))
        if inspect.isclass(current) and current.__module__.startswith("jointcheck"):
            found.add(current)
    return found


def test_the_top_level_is_about_seventy_names_with_every_exception() -> None:
    assert 60 <= len(jointcheck.__all__) <= 80, len(jointcheck.__all__)
    missing = sorted(set(errors.__all__) - set(jointcheck.__all__))
    assert missing == []


def test_the_top_level_follows_the_flow_from_the_subpackages() -> None:
    """Every top-level name is the object of one subpackage: the top level adds nothing."""
    homes = _homes()
    for name in jointcheck.__all__:
        if name == "__version__":
            continue
        assert len(homes.get(id(getattr(jointcheck, name)), [])) == 1, name


def test_every_public_name_has_exactly_one_subpackage() -> None:
    twice = {paths[0]: paths[1:] for paths in _homes().values() if len(paths) > 1}
    assert twice == {}


def test_every_type_a_public_model_names_is_public() -> None:
    homes = _homes()
    unexported = sorted(
        f"{model.__name__}.{field} -> {needed.__name__}"
        for paths in homes.values()
        for model in [eval_path(paths[0])]
        if inspect.isclass(model) and issubclass(model, BaseModel)
        for field, info in model.model_fields.items()
        for needed in _jointcheck_types(info.annotation)
        if id(needed) not in homes
    )
    assert unexported == []


def test_what_a_top_level_model_needs_to_be_built_is_top_level() -> None:
    top = {id(getattr(jointcheck, n)) for n in jointcheck.__all__}
    missing = sorted(
        f"{name}.{field} -> {needed.__name__}"
        for name in jointcheck.__all__
        if name not in BUILT_BY_THE_LIBRARY
        and inspect.isclass(model := getattr(jointcheck, name))
        and issubclass(model, BaseModel)
        for field, info in model.model_fields.items()
        if info.is_required()
        for needed in _jointcheck_types(info.annotation)
        if id(needed) not in top
    )
    assert missing == []


def test_no_subpackage_re_exports_another() -> None:
    """A name is imported from its own subpackage only (``SamplingRule`` from
    ``jointcheck.model``, never from ``jointcheck.sampling``); a subpackage may publish what
    the shared internal helpers define (``FrozenModel`` in ``jointcheck.model``)."""
    for name in SUBPACKAGES:
        module = importlib.import_module(name)
        foreign = [
            n
            for n in module.__all__
            if (inspect.isclass(obj := getattr(module, n)) or inspect.isfunction(obj))
            and not obj.__module__.startswith((name, "jointcheck._internal"))
        ]
        assert foreign == [], (name, foreign)


def eval_path(path: str) -> object:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)
