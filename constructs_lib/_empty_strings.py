"""A prop given as the empty string (or only whitespace) where its default is None: a
config's ``""`` for "not set" (``domain_name=cfg.get("domain", "")``, a missing environment
variable read as ``os.environ.get("X", "")``). Its rules refuse it, naming what a value of
it must be; the fix also says that leaving it out gives the default the user meant."""

from __future__ import annotations

import dataclasses
import re
import typing
from typing import Any

from constructs_lib.errors import Problem

__all__ = ["with_default_hint"]

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def with_default_hint(props: object, problem: Problem) -> Problem:
    """``problem``, its fix ending ``, or leave x out for its default`` when its prop
    (``domain_name``, ``handler.name``: fields of the props and the library's value objects
    in them) holds an empty string and defaults to None; unchanged otherwise."""
    owner, name = _owner_of(props, problem.prop)
    if owner is None or "leave" in problem.fix or "None" in problem.fix:  # said already
        return problem
    value = getattr(owner, name)
    fields = dataclasses.fields(typing.cast(Any, owner))
    field = next((f for f in fields if f.name == name), None)
    if not isinstance(value, str) or value.strip() or field is None or field.default is not None:
        return problem
    return dataclasses.replace(problem, fix=f"{problem.fix}, or leave {name} out for its default")


def _owner_of(props: object, prop: str) -> tuple[object | None, str]:
    """The dataclass holding ``prop`` (a dotted path of field names) and the field's name."""
    *path, name = prop.split(".")
    owner: object = props
    for part in path:
        if not _NAME.fullmatch(part) or not dataclasses.is_dataclass(owner):
            return None, name
        owner = getattr(owner, part, None)
    if not _NAME.fullmatch(name) or not dataclasses.is_dataclass(owner) or isinstance(owner, type):
        return None, name
    return owner if hasattr(owner, name) else None, name
