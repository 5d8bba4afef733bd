"""Every public function and every model's JSON loader, fed hostile input, gives a result or
a :mod:`jointcheck.errors` exception, within a time bound: never a raw builtin exception,
never a hang."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import pkgutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jointcheck
from jointcheck.errors import JointcheckError
from jointcheck.model import SamplingRule
from jointcheck.population import Population
from jointcheck.scenarios import xingan_2023_plan
from jointcheck.schema import PUBLIC_MODELS
from jointcheck.workdays import ChinaCalendar, WorkingDays

from ._values import JSON_VALUES, VALUES

SECONDS = 5
"""Time bound of one call (generous: each takes milliseconds)."""

PUBLIC_MODULES = (
    "jointcheck",
    *(
        info.name
        for info in pkgutil.walk_packages(jointcheck.__path__, "jointcheck.")
        if not any(part.startswith("_") for part in info.name.split("."))
        and not info.name.startswith(("jointcheck.cli", "jointcheck.strategies"))
    ),
)
"""Every public module but the command line (tested on files) and the hypothesis strategies
(test helpers)."""
FUNCTIONS = {
    f"{module}.{name}": function
    for module in PUBLIC_MODULES
    for name in importlib.import_module(module).__all__
    if inspect.isfunction(function := getattr(importlib.import_module(module), name))
}

PLAN = xingan_2023_plan()
POPULATION = Population.from_arrays(
    ["91350200776049653A", "91350503MA31DKY80A", "91440101MA5CJQ4N59"], ["A", "B", "D"]
)
SAMPLES: dict[str, list[Any]] = {
    "population": [POPULATION],
    "rule": [SamplingRule.parse("10%"), WorkingDays(n=20)],
    "plan": [PLAN],
    "task": [PLAN.tasks[0]],
    "task_id": [PLAN.tasks[0].id],
    "event": [dt.date(2023, 4, 7)],
    "on": [dt.date(2023, 4, 20)],
    "as_of": [dt.date(2023, 4, 20)],
    "calendar": [ChinaCalendar()],
    "code": ["91350200776049653A"],
    "first17": ["91350200776049653"],
    "seed": ["1", 1],
    "party": ["市场监管局"],
    "value": ["secret"],
    "departments": [PLAN.departments],
    "department_id": [PLAN.departments[0].id],
    "title": ["汇总表"],
    "months": [12],
    "inspected_codes": [["91350200776049653A"]],
    "mask": [[True, False, True]],
}


class OutOfTimeError(Exception):
    """A call ran past :data:`SECONDS`."""


@contextmanager
def time_bound(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: Any) -> None:
        raise OutOfTimeError

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def outcome(call: Callable[[], Any]) -> BaseException | None:
    """None when ``call`` returned or raised a jointcheck error; else what it raised."""
    try:
        with time_bound(SECONDS):
            call()
    except JointcheckError:
        return None
    except OutOfTimeError as exc:
        return exc
    except Exception as exc:
        return exc
    return None


@st.composite
def arguments(draw: st.DrawFn, function: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        optional = parameter.default is not inspect.Parameter.empty
        if optional and draw(st.booleans()):
            continue
        samples = SAMPLES.get(parameter.name, [])
        value = (
            draw(st.sampled_from(samples))
            if samples and draw(st.integers(0, 2)) > 0
            else draw(VALUES)
        )
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
            keywords[parameter.name] = value
        else:
            positional.append(value)
    return positional, keywords


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_public_functions_give_a_result_or_a_jointcheck_error(
    name: str, data: st.DataObject
) -> None:
    function = FUNCTIONS[name]
    if inspect.signature(function).parameters:
        assert hasattr(function, "__wrapped__"), f"{name} is not @checked"
    args, kwargs = data.draw(arguments(function))
    problem = outcome(lambda: function(*args, **kwargs))
    assert problem is None, f"{name}: {type(problem).__name__}: {str(problem)[:300]}"


@st.composite
def documents(draw: st.DrawFn, model: type[Any]) -> str:
    """JSON text: a document with the model's own field names (so validation reaches the
    fields) and hostile values, or any JSON at all."""
    if draw(st.booleans()):
        return json.dumps(draw(JSON_VALUES))
    names = sorted(model.model_fields)
    keys = draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True)) if names else []
    return json.dumps({key: draw(JSON_VALUES) for key in keys})


MODELS = sorted(PUBLIC_MODELS, key=lambda m: m.__name__)


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_model_json_loader_gives_a_model_or_a_jointcheck_error(
    model: type[Any], data: st.DataObject
) -> None:
    text = data.draw(documents(model))
    problem = outcome(lambda: model.model_validate_json(text))
    assert problem is None, f"{model.__name__}: {type(problem).__name__}: {str(problem)[:300]}"
    problem = outcome(lambda: model.model_validate(json.loads(text)))
    assert problem is None, f"{model.__name__}: {type(problem).__name__}: {str(problem)[:300]}"


@pytest.mark.parametrize(
    "text",
    [
        '{"percent": "1e-99999999"}',
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 5000 + "1" + "}" * 5000,
        '{"percent": ' + "9" * 10_000 + "}",
        '{"percent": "' + "9" * 100_000 + '"}',
        "\ufeff{}",
        "\x00",
    ],
)
@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_model_loaders_bound_their_work(model: type[Any], text: str) -> None:
    problem = outcome(lambda: model.model_validate_json(text))
    assert problem is None, f"{model.__name__}: {type(problem).__name__}: {str(problem)[:300]}"
