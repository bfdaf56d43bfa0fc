"""Plain Python values as DynamoDB JSON (``{"S": "a"}``, ``{"N": "3"}``), for
:func:`~constructs_lib_runtime._stream_records.stream_record`'s images: what DynamoDB
stores (a number of up to 38 digits, at most 32 lists or maps deep, a set of one kind) and
the bytes it counts for a value."""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from constructs_lib_runtime._event_checks import check_text, plain
from constructs_lib_runtime._kinds import kind_of

__all__ = ["attribute_size", "attribute_value", "written_plain"]

_CALL = "stream_record"  # the builder whose arguments these values are
_MAX_DEPTH = 32  # DynamoDB's deepest nesting of lists and maps
_MAX_DIGITS = 38  # a number's significant digits


def attribute_size(value: dict[str, Any]) -> int:
    """At least the bytes DynamoDB counts for a value in DynamoDB JSON (its strings and
    binaries in full; a number as its digits, two a byte)."""
    ((kind, held),) = value.items()
    if kind == "S":
        return len(held.encode("utf-8", "surrogatepass"))
    if kind == "B":
        return len(base64.b64decode(held))
    if kind == "N":
        return 1 + sum(1 for c in str(held) if c.isdigit()) // 2
    if kind in ("SS", "NS", "BS"):
        return sum(attribute_size({kind[0]: member}) for member in held)
    if kind == "L":
        return 3 + sum(1 + attribute_size(member) for member in held)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + attribute_size(v) for k, v in held.items())
    return 1  # BOOL, NULL


def attribute_value(value: object, depth: int = 0) -> dict[str, Any]:
    """One attribute value in DynamoDB JSON, ``depth`` lists or maps deep."""
    if depth > _MAX_DEPTH:  # a value holding itself, too
        raise ValueError(
            f"{_CALL}: a value is nested more than {_MAX_DEPTH} lists or maps deep, which "
            "DynamoDB refuses. Fix: keep it at most that deep (store a deeper part as a JSON "
            "string)"
        )
    if isinstance(value, bool):
        return {"BOOL": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, str):
        return {"S": plain(value)}
    if isinstance(value, int | float | Decimal):
        finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
        if not finite:
            raise ValueError(f"{_CALL}: {value!r} is no number DynamoDB stores")
        _check_number(value)
        return {"N": str(plain(value))}
    if isinstance(value, bytes | bytearray):
        return {"B": base64.b64encode(value).decode()}
    if isinstance(value, list | tuple):
        return {"L": [attribute_value(v, depth + 1) for v in value]}
    if isinstance(value, Mapping):
        return {
            "M": {
                check_text(_CALL, "a map's key", k): attribute_value(v, depth + 1)
                for k, v in value.items()
            }
        }
    if isinstance(value, set | frozenset):
        return _set(value)
    raise TypeError(f"{_CALL}: {value!r}, {kind_of(value)}, is no DynamoDB attribute value")


def written_plain(value: object) -> object:
    """The plain key ``value`` is written as in DynamoDB JSON (``{"S": "a"}``: ``"a"``),
    else None."""
    if isinstance(value, Mapping) and len(value) == 1:
        ((kind, held),) = value.items()
        if kind in ("S", "B") and isinstance(held, str | bytes):
            return held
        if kind == "N" and isinstance(held, str):
            try:
                return Decimal(held)
            except ArithmeticError:
                return None
    return None


def _check_number(value: int | float | Decimal) -> None:
    """DynamoDB's numbers: up to 38 significant digits, magnitudes 1E-130 to under 1E+126."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number:
        return
    # its digits without trailing zeros (normalize() would round to the context's 28)
    digits = len("".join(map(str, number.as_tuple().digits)).strip("0"))
    if digits > _MAX_DIGITS or not -130 <= number.adjusted() <= 125:
        raise ValueError(
            f"{_CALL}: {value!r} is no number DynamoDB stores: it takes up to {_MAX_DIGITS} "
            "significant digits, magnitudes from 1E-130 to 9.99...E+125 (a larger one is "
            "stored as a string, str(value))"
        )


def _set(values: set[Any] | frozenset[Any]) -> dict[str, Any]:
    """A string, number or binary set (DynamoDB has no empty or mixed one)."""
    members = [attribute_value(v) for v in values]
    kinds = {kind for member in members for kind in member}
    if len(kinds) != 1 or kinds - {"S", "N", "B"}:
        raise ValueError(
            f"{_CALL}: the set {values!r} is no DynamoDB set: one of strings, numbers or "
            "bytes, not empty"
        )
    (kind,) = kinds
    return {f"{kind}S": sorted(member[kind] for member in members)}
