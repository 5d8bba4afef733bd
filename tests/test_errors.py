import inspect

import pytest

from jointcheck import errors
from jointcheck.errors import JointcheckError

CLASSES = [
    obj
    for name, obj in vars(errors).items()
    if inspect.isclass(obj) and issubclass(obj, BaseException) and not name.startswith("_")
]
EXCEPTIONS = [cls for cls in CLASSES if not issubclass(cls, Warning)]
WARNINGS = [cls for cls in CLASSES if issubclass(cls, Warning)]


def test_every_exception_derives_from_the_root_and_a_builtin() -> None:
    builtins = (ValueError, LookupError, ImportError)
    assert JointcheckError in EXCEPTIONS
    for cls in EXCEPTIONS:
        assert issubclass(cls, JointcheckError), cls
        if cls is not JointcheckError:
            assert issubclass(cls, builtins), cls


def test_every_warning_derives_from_the_warning_root() -> None:
    assert errors.JointcheckWarning in WARNINGS
    for cls in WARNINGS:
        assert issubclass(cls, errors.JointcheckWarning), cls
        assert issubclass(cls, UserWarning), cls


def test_the_tree_in_the_docstring_names_every_class() -> None:
    doc = errors.__doc__ or ""
    for cls in CLASSES:
        assert cls.__name__ in doc, cls.__name__


def test_all_lists_every_class_sorted() -> None:
    assert errors.__all__ == sorted(cls.__name__ for cls in CLASSES)


def test_missing_extra_names_the_install_command() -> None:
    error = errors.MissingExtraError(module="pandas", extra="pandas")
    assert "pip install 'jointcheck[pandas]'" in str(error)
    assert isinstance(error, ImportError)
    assert error.value == "pandas"


def test_errors_carry_field_and_value() -> None:
    error = errors.UnknownLabelError("bad", value="E", accepted=("A",), field="tier")
    assert (error.field, error.value, error.accepted) == ("tier", "E", ("A",))
    with pytest.raises(LookupError):
        raise errors.CalendarCoverageError("no data", value="2027-01-04", year=2027)
