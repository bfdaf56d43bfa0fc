"""What pyright (VS Code's Pylance) shows users of the library, checked without pyright:
the suite stays offline. pyright's own findings (trial pyright51) are in CHANGELOG.md."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs

import constructs_lib
from constructs_lib._core.function import FunctionCore
from tests.test_readme_props import _attribute_docstrings

_RUNTIME_MODULES = ("bridge_events", "s3_events", "sns_messages", "http", "stream_batch")


def _runtime_dataclasses() -> dict[str, type]:
    """Each dataclass a public runtime module exports: what handler code reads fields of."""
    found: dict[str, type] = {}
    for name in _RUNTIME_MODULES:
        module = importlib.import_module(f"constructs_lib_runtime.{name}")
        for exported in module.__all__:
            value = getattr(module, exported)
            if isinstance(value, type) and dataclasses.is_dataclass(value):
                found[f"{name}.{exported}"] = value
    return found


@pytest.mark.parametrize("name", sorted(_runtime_dataclasses()))
def test_every_runtime_field_has_the_docstring_an_ide_shows(name: str) -> None:
    # Proves (user trial pyright51): BridgeEvent's, S3Object's and SnsMessage's fields were
    # documented in `#:` comments, AuthorizerContext's in `:ivar:` lines of its docstring
    # (JsonBody's not at all), none of which Pylance's hover shows: hovering `obj.key` in
    # handler code showed `key: str` only
    cls = _runtime_dataclasses()[name]
    docs = _attribute_docstrings(cls)
    assert sorted(docs) == sorted(f.name for f in dataclasses.fields(cls))
    assert [field for field, doc in docs.items() if not doc] == []


def test_the_function_cores_attributes_are_declared() -> None:
    # Proves (user trial pyright51): pyright --verifytypes read them as ambiguous (inferred
    # from their assignments), through serverless_api's public-named modules
    # (iam and logs are imported for type checkers only there)
    hints = typing.get_type_hints(FunctionCore, localns={"iam": iam, "logs": logs})
    assert {name: hints[name] for name in ("function", "alias", "role", "log_group")} == {
        "function": lambda_.Function,
        "alias": lambda_.Alias,
        "role": iam.Role,
        "log_group": logs.LogGroup,
    }


def _seen_by_type_checkers(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a class body a type checker reads: an ``if TYPE_CHECKING:``
    block's, not its ``else:``'s."""
    for statement in body:
        if isinstance(statement, ast.If) and ast.unparse(statement.test) == "TYPE_CHECKING":
            yield from _seen_by_type_checkers(statement.body)
        else:
            yield statement


def test_a_class_with_an_init_shows_type_checkers_a_new_that_checks_nothing() -> None:
    # Proves (refactor52): Monitoring's __new__ (it returns the stack's one Monitoring)
    # repeated __init__'s arguments, and pyright checks a call against both: each bad
    # argument was reported twice ("... in function __new__", "... in function __init__")
    checked = []
    for path in sorted(Path(constructs_lib.__file__).parent.rglob("*.py")):
        for cls in ast.walk(ast.parse(path.read_text())):
            if not isinstance(cls, ast.ClassDef):
                continue
            methods = {
                each.name: each
                for each in _seen_by_type_checkers(cls.body)
                if isinstance(each, ast.FunctionDef)
            }
            if "__new__" in methods and "__init__" in methods:
                new = methods["__new__"].args
                checked.append((cls.name, ast.unparse(new), len(new.args)))
    # THEN each such __new__ takes any arguments (type checkers read __init__'s)
    assert checked == [("Monitoring", "cls, *args: Any, **kwargs: Any", 1)]
