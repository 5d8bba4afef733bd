import json

from pydantic import BaseModel

from jointcheck import RiskTier, schema
from jointcheck.schema import PUBLIC_MODELS


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
