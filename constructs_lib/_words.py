"""How messages name things: with the right article."""

from __future__ import annotations

import re
import types
import unicodedata

# the runtime's words for types (stdlib only): one table for its messages and the library's
from constructs_lib_runtime._kinds import TYPE_NOUNS

__all__ = [
    "DEFAULT_REPR",
    "a_type",
    "as_ascii",
    "counted",
    "hidden_character",
    "listed",
    "lookalike",
    "lookalike_note",
    "name_words",
    "named_object",
    "with_article",
    "without_hidden",
]

#: Where a name splits into words: ``OrdersWorker``, ``dbPassword``, ``API_KEY``, ``my-api``.
_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[^A-Za-z0-9]+")
#: Python's default repr (``<aws_cdk.aws_s3.Bucket object at 0x7f...>``, a class defined in
#: a function: ``<app.make.<locals>.Config object at 0x7f...>``): a memory address the user
#: never wrote. Group 1: the class's name.
DEFAULT_REPR = re.compile(r"<(?:[\w<>]+\.)*(\w+) object at 0x[0-9a-fA-F]+>")
_HIDDEN_NAMES = {" ": "a space", "\t": "a tab", "\n": "a newline", "\r": "a carriage return"}
# Cyrillic and Greek letters drawn as ASCII ones (a name copied from a document, typed on
# another keyboard layout): the message shows them as the ASCII letter the reader sees.
# Fullwidth and other compatibility forms (U+FF41, U+FF0F) are NFKC's.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅαοτνικΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdhlABEKMHOPCTXIJSaotvikABEZHIKMNOPTYX",
)


def with_article(noun: str) -> str:
    """``noun`` after "a" or "an" (by its first letter): ``an int``, ``a str``."""
    return f"{'an' if noun[:1].lower() in ('a', 'e', 'i', 'o', 'u') else 'a'} {noun}"


def counted(count: float, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, plural unless one: ``1 receive``, ``3 retries``."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def a_type(value: object) -> str:
    """The type of ``value`` as a message names it: ``an int``, ``a dict``, ``a class``,
    ``a function``, ``None``. A deploy-time value that is an object (``Fn.get_att(...)``)
    is named as one (``shown``), not by its class, which the user never wrote (``an
    Intrinsic``, ``a Reference``)."""
    if getattr(type(value), "__jsii_type__", None) is not None:
        # an aws-cdk-lib object: aws_cdk is loaded, and _jsii with it (which imports this)
        from constructs_lib._jsii import is_intrinsic, shown

        if is_intrinsic(value):
            return shown(value)
    if isinstance(value, type):  # whatever its metaclass (ABCMeta, EnumMeta, jsii's)
        return "a class"
    # the library's own value objects by what the user wrote (``a constructs_lib
    # ApiAuth.iam()``): its modules import this one, so it is imported here
    from constructs_lib._library_values import library_value

    if (named := library_value(value)) is not None:
        return named
    return TYPE_NOUNS.get(type(value)) or with_article(type(value).__name__)


def named_object(value: object) -> str | None:
    """A class, function or module as a message names it (``the class Config``, ``the
    function make_handler``, ``a lambda``), not by Python's repr (``<class 'app.Config'>``,
    ``<function make_handler at 0x7f...>``: a module path or a memory address); None for
    any other value. The words say what it is, so no type follows them."""
    if isinstance(value, type):
        return f"the class {value.__qualname__}"
    if isinstance(value, types.ModuleType):
        return f"the module {value.__name__}"
    if isinstance(value, types.FunctionType | types.BuiltinFunctionType | types.MethodType):
        name = getattr(value, "__qualname__", "") or getattr(value, "__name__", "")
        if name.endswith("<lambda>"):
            return "a lambda"
        return f"the {'method' if isinstance(value, types.MethodType) else 'function'} {name}"
    return None


def listed(items: list[str]) -> str:
    """``items`` as a message lists them: ``a``, ``a and b``, ``a, b and c``."""
    return " and ".join(", ".join(items).rsplit(", ", 1))


def hidden_character(text: str) -> str | None:
    """The first character of ``text`` a reader does not see (whitespace, a control or a
    format character), named with its place: ``"a newline ('\\n') at character 17"``."""
    for index, char in enumerate(text):
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            name = _HIDDEN_NAMES.get(char) or "the character " + unicodedata.name(
                char, f"U+{ord(char):04X}"
            )
            return f"{name} ({char!r}) at character {index + 1}"
    return None


def without_hidden(text: str) -> str:
    """``text`` without the characters :func:`hidden_character` names."""
    return "".join(char for char in text if hidden_character(char) is None)


def name_words(name: str) -> list[str]:
    """The words of a construct id or variable name, as written: ``OrdersWorker`` ->
    ``["Orders", "Worker"]``, ``DB_PASSWORD`` -> ``["DB", "PASSWORD"]``."""
    return [word for word in _WORD_BREAK.split(name) if word]


def as_ascii(text: str) -> str:
    """``text`` with each character that looks like an ASCII one (see :func:`lookalike`)
    written as that one, an accented letter as the letter without its accent."""
    return "".join(_as_ascii(char) if ord(char) > 127 else char for char in text)


def _as_ascii(char: str) -> str:
    seen = unicodedata.normalize("NFKC", char).translate(_LOOKALIKES)
    if seen.isascii():
        return seen
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", char) if unicodedata.category(c) != "Mn"
    )
    return bare if bare.isascii() and bare else char


def lookalike(text: str) -> str | None:
    """The first character of ``text`` that is not ASCII but looks like an ASCII one, named
    with its place: ``"its '<U+043E>' (CYRILLIC SMALL LETTER O, character 1) is not the
    ASCII 'o'"`` (with the character itself); None when there is none."""
    for index, char in enumerate(text):
        if ord(char) > 127 and (seen := as_ascii(char)) != char and seen.isascii():
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            return f"its {char!r} ({name}, character {index + 1}) is not the ASCII {seen!r}"
    return None


def lookalike_note(value: object) -> str:
    """`` (its '<U+043E>' (...) is not the ASCII 'o')`` when ``value`` is a str holding a
    :func:`lookalike`, for a message to end with; empty otherwise."""
    found = lookalike(value) if isinstance(value, str) else None
    return f" ({found})" if found else ""
