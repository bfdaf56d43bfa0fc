"""How a message names one of the library's own value objects given in the wrong place
(a Handler where ``existing_queue`` goes, an ApiAuth where a Handler goes): by what the
user wrote, short (``a constructs_lib Handler (handlers/orders/app.py)``, ``a
constructs_lib ApiAuth.iam()``), never by its dataclass repr, which spells out every field
and default and buries the message."""

from __future__ import annotations

import enum
import inspect
import os
from collections.abc import Callable, Mapping, Sequence, Set
from pathlib import Path

from constructs_lib._words import with_article

__all__ = ["held_handler_fix", "is_library_value", "library_value"]

#: The package whose classes' objects are named here (its constructs are jsii objects,
#: named by their path instead).
_PACKAGE = "constructs_lib"


#: What is shown by its content, even when a class of the library holds it (an API's
#: ``functions`` map, a construct's read-only list of alarms, an error): its items are the
#: message's point, not its class.
_SHOWN_BY_CONTENT = (
    type,
    enum.Enum,
    str,
    bytes,
    int,
    float,
    Mapping,
    Sequence,
    Set,
    BaseException,
)


def is_library_value(value: object) -> bool:
    """``value`` is an object of a class of the library (or of a user's subclass of one),
    not a construct (a jsii object, named by its path), an enum member (named as written,
    ``TableAccess.READ``) nor a collection (shown by its items)."""
    if isinstance(value, _SHOWN_BY_CONTENT) or hasattr(type(value), "__jsii_type__"):
        return False
    return _library_class(type(value)) is not None


def library_value(value: object) -> str | None:
    """``value`` as a message names it when it is a library value object (see
    :func:`is_library_value`); None for any other value."""
    if not is_library_value(value):
        return None
    cls = _library_class(type(value))
    assert cls is not None  # is_library_value said so
    made = _made_by(value, cls)
    if made is not None:
        name = f"constructs_lib {made}"
    else:
        detail = _details.get(cls.__name__, _nothing)(value)
        name = f"constructs_lib {cls.__name__}{f' ({detail})' if detail else ''}"
    if type(value) is not cls:  # a user's subclass: its own name, then what it is
        return f"{with_article(type(value).__name__)} (a {name})"
    return f"a {name}"


def _library_class(cls: type) -> type | None:
    """The first class of the library in ``cls``'s bases (itself included)."""
    for base in cls.__mro__:
        module = base.__module__
        if module == _PACKAGE or module.startswith(_PACKAGE + "."):
            return base
    return None


# The factory that made an object, by the field that records it: ApiAuth.kind,
# Deployment.kind, Link.access (None is Link.to).
_FACTORY_FIELDS = {"ApiAuth": "kind", "Deployment": "kind", "Link": "access"}


def _made_by(value: object, cls: type) -> str | None:
    """``ApiAuth.iam()``, ``Deployment.canary(...)``, ``Link.read(...)``: the factory call
    the user wrote; None for a class without factories or a kind no factory makes."""
    field = _FACTORY_FIELDS.get(cls.__name__)
    if field is None:
        return None
    kind = getattr(value, field, None)
    kind = kind.value if isinstance(kind, enum.Enum) else kind
    if kind is None and cls.__name__ == "Link":
        kind = "to"
    factory = vars(cls).get(kind) if isinstance(kind, str) else None
    if not isinstance(factory, classmethod):
        return None
    # its arguments elided: the factory's name says which one it is (checked_arguments
    # keeps the signature: inspect reads the wrapped function's)
    takes = inspect.signature(factory.__func__).parameters
    return f"{cls.__name__}.{kind}({'...' if len(takes) > 1 else ''})"


def _handler(value: object) -> str:
    """Where a Handler's code is: its entry's file (``handlers/orders/app.py``), or the
    directory of its image."""
    code = getattr(value, "code", None)
    if not isinstance(code, str | os.PathLike):
        return ""
    directory = _relative(Path(os.fspath(code)))
    if getattr(value, "image", False) is True:
        return f"the image in {directory}"
    entry = getattr(value, "entry", None)
    module, dot, _ = entry.rpartition(".") if isinstance(entry, str) else ("", "", "")
    if not dot or not module:
        return directory.as_posix()
    return (directory / (module.replace(".", "/") + ".py")).as_posix()


def _relative(path: Path) -> Path:
    """``path`` relative to the working directory when it is below it (as the user wrote
    it, for the usual relative ``code``), else as given."""
    try:
        return path.relative_to(Path.cwd()) if path.is_absolute() else path
    except ValueError:
        return path


def _route(value: object) -> str:
    handler = getattr(value, "handler", None)
    return _handler(handler) if is_library_value(handler) else ""


def _quoted(field: str) -> Callable[[object], str]:
    def detail(value: object) -> str:
        text = getattr(value, field, None)
        return repr(text) if isinstance(text, str) else ""

    return detail


def _nothing(value: object) -> str:
    return ""


#: What tells one object of a class from another, as the message shows it after its name.
_details: dict[str, Callable[[object], str]] = {
    "Handler": _handler,
    "Route": _route,
    "ApiDomain": _quoted("name"),
    "GlobalIndex": _quoted("name"),
    "LocalIndex": _quoted("name"),
}


def held_handler_fix(value: object) -> str | None:
    """The fix for a library value object that holds a Handler (a Route, an
    ``ApiAuth.function(...)``), given where the Handler itself goes; None for any other."""
    held = getattr(value, "handler", None)
    cls = _library_class(type(value)) if is_library_value(value) else None
    if cls is None or not is_library_value(held) or _library_class(type(held)) is cls:
        return None
    name, goes = _HOLDERS.get(cls.__name__, ("value", ""))
    return f"pass the Handler it holds ({name}.handler){goes}"


#: Each value object holding a Handler: what a fix calls it, and where it goes.
_HOLDERS = {
    "Route": ("route", ": a Route goes in a ServerlessApi's routes"),
    "ApiAuth": ("auth", ": an ApiAuth goes in a ServerlessApi's (or a Route's) auth"),
}
