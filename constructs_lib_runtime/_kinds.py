"""How the helpers' messages name the type of a value they were given: in words ("None",
"an int", "a list", "a function"), as the library's own messages do
(``constructs_lib._words.a_type``), never by Python's name of it ("NoneType",
"builtin_function_or_method"), which reads as a word no user wrote."""

from __future__ import annotations

import types

__all__ = ["TYPE_NOUNS", "kind_of"]

#: Python's names of types no reader calls so ("a NoneType", "a builtin_function_or_method"),
#: in words (the library's messages use them too: ``constructs_lib._words``)
TYPE_NOUNS: dict[type, str] = {
    type(None): "None",
    bytes: "a bytes object",
    complex: "a complex number",
    types.FunctionType: "a function",
    types.BuiltinFunctionType: "a function",
    types.MethodType: "a method",
    types.ModuleType: "a module",
}


def kind_of(value: object) -> str:
    """The type of ``value`` as a message names it: ``an int``, ``a dict``, ``None``."""
    if isinstance(value, type):  # whatever its metaclass
        return "a class"
    noun = TYPE_NOUNS.get(type(value))
    if noun is not None:
        return noun
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in ('a', 'e', 'i', 'o', 'u') else 'a'} {name}"
