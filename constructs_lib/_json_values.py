"""A JSON value from what a user writes: any Mapping is an object (a ``MappingProxyType``, a
custom ``Mapping``, not only a dict), a tuple an array; a key that is not a string is
refused where it is, as ``json.dumps`` writes ``{1: "a"}`` as ``{"1": "a"}`` without a word
(the code would then look for a key it was never given)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["plain_json"]


def plain_json(value: Any, where: str = "") -> Any:
    """``value`` with every Mapping as a dict and every tuple as a list; raises TypeError
    naming the first key that is not a string (``where`` is the path to ``value``)."""
    if isinstance(value, Mapping):
        plain: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                at = f" at {where}" if where else ""
                raise TypeError(f"the key {key!r}{at} is {type(key).__name__}, not a string")
            plain[key] = plain_json(item, f"{where}[{key!r}]")
        return plain
    if isinstance(value, list | tuple):
        return [plain_json(item, f"{where}[{index}]") for index, item in enumerate(value)]
    return value
