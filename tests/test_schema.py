import importlib
import json

import pytest
from pydantic import BaseModel

from jointcheck import RiskTier
from jointcheck.schema import PUBLIC_MODELS, schema


def test_schema_defines_every_public_model() -> None:
    document = schema()
    assert document["$schema"].endswith("2020-12/schema")
    for model in PUBLIC_MODELS:
        assert model.__name__ in document["$defs"], model.__name__


def test_schema_is_plain_json_with_field_descriptions() -> None:
    document = json.loads(json.dumps(schema(), ensure_ascii=False))
    for name, definition in document["$defs"].items():
        if definition.get("type") != "object":
            continue
        assert definition.get("additionalProperties") is False, name
        for field, spec in definition["properties"].items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_enums_and_codes_are_described_for_other_languages() -> None:
    defs = schema()["$defs"]
    assert defs["RiskTier"]["enum"] == [t.value for t in RiskTier]
    subject = defs["Subject"]["properties"]
    assert "pattern" in subject["code"]


def test_every_public_model_is_a_pydantic_model() -> None:
    assert all(issubclass(m, BaseModel) for m in PUBLIC_MODELS)


@pytest.mark.parametrize(
    "module",
    [
        "jointcheck.model",
        "jointcheck.sampling",
        "jointcheck.matching",
        "jointcheck.workdays",
        "jointcheck.forms",
        "jointcheck.records",
    ],
)
def test_every_model_a_subpackage_exports_is_in_the_schema(module: str) -> None:
    from jointcheck.model import FrozenModel

    package = importlib.import_module(module)
    models = {
        obj
        for name in package.__all__
        if isinstance(obj := getattr(package, name), type)
        and issubclass(obj, BaseModel)
        and obj is not FrozenModel
        and not obj.__name__.startswith("_")
    }
    missing = {m.__name__ for m in models} - {m.__name__ for m in PUBLIC_MODELS}
    assert not missing, f"{module} exports models missing from PUBLIC_MODELS: {missing}"


def test_model_names_are_unique_in_the_schema() -> None:
    names = [m.__name__ for m in PUBLIC_MODELS]
    assert len(names) == len(set(names))
    assert not [k for k in schema()["$defs"] if "__" in k]
