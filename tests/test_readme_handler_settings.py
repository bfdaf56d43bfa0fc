"""The README's table of a Handler's settings against the code: every Handler field listed
once, its default the one the function gets, and "yes" in the FunctionDefaults column
exactly for what ``FunctionDefaults.set`` takes."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import pytest
from aws_cdk import aws_logs as logs

from constructs_lib import FunctionDefaults, Handler
from constructs_lib._core.resolve import _LIBRARY
from constructs_lib._defaults import TIMEOUT_SECONDS
from constructs_lib._retention import CLOUDWATCH_RETENTION_DAYS
from constructs_lib.function_defaults import FunctionSettings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
HEADER = "| setting | default | `FunctionDefaults` |"


def _table() -> dict[str, tuple[str, str]]:
    """Each row of the Handler section's settings table: (default, FunctionDefaults)."""
    section = README.split("\n## Handler\n", 1)[1].split("\n## ", 1)[0]
    assert HEADER in section, "the Handler section has no settings table"
    rows: dict[str, tuple[str, str]] = {}
    for line in section.split(HEADER, 1)[1].splitlines()[2:]:
        if not line.startswith("|"):
            break
        name, default, scope = (cell.strip() for cell in line.strip("|").split(" | "))
        match = re.fullmatch(r"`([a-z_]+)`", name)
        assert match, f"not one setting: {name}"
        field = match.group(1)
        assert field not in rows, f"{field} listed twice"
        rows[field] = (default.replace("`", ""), scope)
    return rows


def _set_parameters() -> set[str]:
    signature = inspect.signature(FunctionDefaults.set)
    return {name for name in signature.parameters if name != "self"}


def test_the_table_lists_every_handler_setting() -> None:
    # Proves (feat38): the README had no table of a Handler's settings: which ones
    # FunctionDefaults takes was spread over prose (ephemeral storage, deployment and
    # reserved concurrency were in none of it)
    assert sorted(_table()) == sorted(field.name for field in dataclasses.fields(Handler))


def test_the_functiondefaults_column_is_what_set_takes() -> None:
    # GIVEN the table's FunctionDefaults column and what set() takes (its settings too)
    table, takes = _table(), _set_parameters()
    assert takes == {field.name for field in dataclasses.fields(FunctionSettings)}
    # THEN a setting says "yes" exactly when set() takes it, and a "no" says why
    for name, (_, scope) in table.items():
        assert scope.startswith("yes") == (name in takes), (name, scope)
        assert scope.startswith("yes") or scope.startswith("no: "), (name, scope)


def _library_default(name: str) -> object:
    """What a function gets when neither its Handler nor a scope sets ``name``."""
    scoped = getattr(_LIBRARY, name, None)
    if scoped is not None:
        return scoped
    if name == "timeout":
        return f"{TIMEOUT_SECONDS} seconds"
    default = {field.name: field.default for field in dataclasses.fields(Handler)}[name]
    return None if default is dataclasses.MISSING else default


@pytest.mark.parametrize("name", [field.name for field in dataclasses.fields(Handler)])
def test_each_literal_default_is_the_one_the_function_gets(name: str) -> None:
    # GIVEN the default a function gets for the setting
    default, cell = _library_default(name), _table()[name][0]
    # THEN the table's cell starts with it
    if name == "code":
        assert cell.startswith("required"), cell
    elif isinstance(default, logs.RetentionDays):
        days = {member: days for days, member in CLOUDWATCH_RETENTION_DAYS.items()}
        assert cell.startswith(f"{days[default.name]} days"), (default, cell)
    elif isinstance(default, str):
        expected = default if name == "timeout" else f'"{default}"'
        assert cell.startswith(expected), (default, cell)
    elif isinstance(default, bool | int):
        assert cell.startswith(str(default)), (default, cell)
