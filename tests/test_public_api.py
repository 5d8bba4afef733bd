import importlib
import inspect
import pkgutil

from pydantic import BaseModel

import jointcheck
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
        for name, obj in vars(jointcheck).items()
        if not name.startswith("_")
        and (inspect.isclass(obj) or inspect.isfunction(obj))
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
