"""Whether a detail's values are of their dataclass fields' types, for the types a JSON
value answers plainly (``str``, ``int``, ``float``, ``bool``, ``list``, ``dict``, ``None``,
a ``Literal``, unions of them). A sender's ``"amount": "12"`` for ``amount: int`` reached
the handler as a str and failed later, in its arithmetic, as a TypeError naming no field;
another annotation (a nested dataclass, ``datetime``, a string the module cannot resolve)
is not checked: the values are handed on as parsed, not converted."""

from __future__ import annotations

import dataclasses
import reprlib
import types
import typing
from collections.abc import Mapping, MutableSequence, Sequence
from typing import Any, Literal, Union

from constructs_lib_runtime._kinds import kind_of

__all__ = ["wrong_types"]

# The JSON value each plain annotation takes (a float field takes a whole number too: JSON
# writes 12.0 as 12, and a sender's 1250 is a float's value)
_PLAIN: dict[Any, tuple[type, ...]] = {
    str: (str,),
    int: (int,),
    float: (int, float),
    bool: (bool,),
    list: (list,),
    dict: (dict,),
    Sequence: (list,),
    MutableSequence: (list,),
    Mapping: (dict,),
    type(None): (type(None),),
}


def wrong_types(cls: type, values: Mapping[str, Any]) -> list[str]:
    """Each of ``values`` (the fields ``cls`` has) that its field's annotation refuses,
    described: ``"'amount' is '12', a str, not int"``. Unresolvable annotations: none."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # a name the module cannot resolve: nothing to check against
        return []
    wrong = []
    for field in dataclasses.fields(cls):
        if field.name not in values or field.name not in hints:
            continue
        value, annotation = values[field.name], hints[field.name]
        if _accepts(annotation, value) is False:
            wrong.append(
                f"{field.name!r} is {reprlib.repr(value)}, {_json_kind(value)}, not "
                f"{_shown(annotation)}"
            )
    return wrong


def _accepts(annotation: Any, value: Any) -> bool | None:
    """True or False where ``annotation`` is one JSON values answer plainly; else None."""
    if annotation is Any:
        return True
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return any(
            type(value) is type(choice) and value == choice for choice in annotation.__args__
        )
    if origin in (Union, types.UnionType):
        answers = [_accepts(member, value) for member in typing.get_args(annotation)]
        if any(answers):
            return True
        return None if None in answers else False
    kinds = _PLAIN.get(origin if origin is not None else annotation)
    if kinds is None:
        return None
    if isinstance(value, bool) and bool not in kinds:
        return False  # JSON's true is no number, though Python's bool is an int
    return isinstance(value, kinds)


def _json_kind(value: Any) -> str:
    names = {str: "a str", bool: "a bool", int: "an int", float: "a float", list: "a list"}
    names |= {dict: "an object", type(None): "null"}
    return names.get(type(value)) or kind_of(value)


def _shown(annotation: Any) -> str:
    """``int``, ``str | None``, ``Literal['paid', 'void']`` as the dataclass writes them."""
    if isinstance(annotation, type) and typing.get_origin(annotation) is None:
        return "None" if annotation is type(None) else annotation.__name__
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return " | ".join(_shown(member) for member in typing.get_args(annotation))
    return str(annotation).replace("typing.", "")
