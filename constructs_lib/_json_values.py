"""A JSON value from what a user writes: any Mapping is an object (a ``MappingProxyType``, a
custom ``Mapping``, not only a dict), a tuple an array; a key that is not a string is
refused where it is, as ``json.dumps`` writes ``{1: "a"}`` as ``{"1": "a"}`` without a word
(the code would then look for a key it was never given). A deploy-time value that is an
object (``Fn.get_att(...)``) is refused where it is, with how to encode it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from constructs_lib._jsii import described, is_intrinsic, shown
from constructs_lib._words import a_type

if TYPE_CHECKING:
    from constructs_lib._validation import Validator

__all__ = ["check_no_objects", "check_none_in", "found_in", "json_error", "plain_json"]


def plain_json(value: Any, where: str = "") -> Any:
    """``value`` with every Mapping as a dict and every tuple as a list; raises TypeError
    naming the first key that is not a string (``where`` is the path to ``value``)."""
    if isinstance(value, Mapping):
        plain: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                at = f" at {where}" if where else ""
                raise TypeError(f"the key {key!r}{at} is {a_type(key)}, not a string")
            plain[key] = plain_json(item, f"{where}[{key!r}]")
        return plain
    if isinstance(value, list | tuple):
        return [plain_json(item, f"{where}[{index}]") for index, item in enumerate(value)]
    return value


def json_error(value: Any) -> str | None:
    """Why ``value`` cannot be written as strict JSON (a key that is not a string, a value
    of no JSON type, NaN or infinity: not JSON, and they would end the jsii kernel on their
    way there), or None when it can."""
    try:
        json.dumps(plain_json(value), allow_nan=False)
    except (TypeError, ValueError) as exc:
        found = _first_unwritable(value)
        if found is None:  # not a type (NaN, a cycle): json's own words
            return str(exc)
        where, item = found
        # the value by what it is (json says "Object of type Handler", a Python type name)
        return f"the value{f' at {where}' if where else ''} is {described(item)}, not a JSON type"
    return None


def _first_unwritable(value: object, where: str = "") -> tuple[str, object] | None:
    """Where in ``value`` the first value of no JSON type is, and that value."""
    if value is None or isinstance(value, str | int | float):
        return None
    if isinstance(value, Mapping):
        items: Any = ((f"[{key!r}]", item) for key, item in value.items())
    elif isinstance(value, list | tuple):
        items = ((f"[{index}]", item) for index, item in enumerate(value))
    else:
        return where, value
    for key, item in items:
        if (found := _first_unwritable(item, where + key)) is not None:
            return found
    return None


def check_no_objects(v: Validator, value: object, prop: str, fix: str) -> bool:
    """Adds a problem for each deploy-time value that is an object in ``value`` (a dict or
    list, nested): whether the JSON holds it as a string or as a number is the user's to
    say, with the Token call that encodes it (``fix``), whose value is put into the JSON at
    deploy (``json.dumps`` only says "Object of type Intrinsic is not JSON serializable").
    Whether there was none."""
    return check_none_in(
        v,
        value,
        prop,
        is_intrinsic,
        lambda item: (
            f"is {shown(item)} as an object: the JSON is written at synth, and "
            "whether it holds this value as a string or as a number is not known"
        ),
        fix,
    )


def check_none_in(
    v: Validator,
    value: object,
    prop: str,
    test: Callable[[object], bool],
    message: Callable[[object], str],
    fix: str,
) -> bool:
    """Adds a problem (``message`` of the item, ``fix``) for each item of ``value`` that
    ``test`` holds for, named where it is (``prop['key'][0]``); whether there was none."""
    found = list(found_in(value, test))
    for where, item in found:
        v.add(f"{prop}{where}", message(item), fix)
    return not found


def found_in(
    value: object, test: Callable[[object], bool], where: str = "", depth: int = 0
) -> Iterator[tuple[str, object]]:
    """``(where, item)`` for each item of ``value`` (itself, or in its mappings, lists and
    tuples: ``where`` is its path, as ``['key'][0]``) for which ``test`` holds, not looked
    into further."""
    if test(value):
        yield where, value
    elif depth > 32:  # deeper is json.dumps's to refuse (RecursionError: a value in itself)
        return
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from found_in(item, test, f"{where}[{key!r}]", depth + 1)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from found_in(item, test, f"{where}[{index}]", depth + 1)
