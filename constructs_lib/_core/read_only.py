"""Read-only attributes for every library construct: what a construct built is what it
uses, so rebinding or deleting the attribute that exposes it is a ConstructError (it was
silence: the template kept the construct's own, and later library code read the user's).

A construct declares each attribute in its class body, ``queue: Final[sqs.IQueue]`` with
its one-line doc, and assigns it once in ``__init__``; a user's subclass adds and rebinds
its own names freely. Collections are exposed read-only: a mapping as a live view
(:func:`mapping_view`, a :class:`ReadOnlyMapping`), a list as a :class:`ReadOnlyList`."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Mapping
from types import FrameType
from typing import TYPE_CHECKING, Any, ClassVar

from constructs import Construct

from constructs_lib._core.read_only_views import (
    ReadOnlyList,
    ReadOnlyMapping,
    ReadOnlyViewError,
    bind,
    fill,
    mapping_view,
)
from constructs_lib._core.subclass_init import checked_subclass_init
from constructs_lib._core.unknown_attributes import defined_on_class, unknown_attribute
from constructs_lib._facts import path_of
from constructs_lib._jsii import shown
from constructs_lib._token_names import readable
from constructs_lib.errors import ConstructError, Problem

__all__ = [
    "ReadOnlyAttributes",
    "ReadOnlyList",
    "ReadOnlyMapping",
    "ReadOnlyViewError",
    "fill",
    "mapping_view",
]

_LIBRARY = "constructs_lib"


class ReadOnlyAttributes:
    """Mixed into every library construct: its declared public attributes (annotated in a
    library class's body) and its read-only properties cannot be rebound or deleted."""

    #: An attribute's fix, where a prop gives the construct one's own (``"existing_table"``).
    _given_by: ClassVar[Mapping[str, str]] = {}
    # declared (set per subclass below) so that type checkers know its type: pyright's
    # --verifytypes read every construct's base as partially unknown without it
    __signature__: ClassVar[inspect.Signature]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # help(QueueWorker), a notebook's `QueueWorker?` and inspect.signature read the
        # class's signature: jsii's metaclass call, (*args, **kwargs) -> M, unless the class
        # names its __init__'s (scope, id, *, handler, ...)
        doc = vars(cls).get("__doc__")
        if cls.__module__.startswith(_LIBRARY) and isinstance(doc, str):
            cls.__doc__ = f"{doc.rstrip()}{_attributes_section(cls)}"
        if not _is_library(cls):
            _refuse_hiding(cls)
            if "__init__" in vars(cls) and not hasattr(cls.__init__, "__wrapped__"):
                # a platform's subclass: a prop of its own missing or misspelt, props by
                # position or no super().__init__ are a ConstructError as for the library's
                # constructs (Python's TypeError, jsii's AttributeError: no path, no fix)
                init: Any = cls
                init.__init__ = checked_subclass_init(cls, _library_base(cls))
        if "__init__" in vars(cls):
            init = inspect.signature(cls.__init__)
            cls.__signature__ = init.replace(
                parameters=[*init.parameters.values()][1:],
                return_annotation=inspect.Signature.empty,
            )

    def __setattr__(self, name: str, value: object) -> None:
        if (
            not name.startswith("_")
            and _is_read_only(self, name, assigning=True)
            and not _test_double(sys._getframe(1))
        ):
            assigned = readable(shown(value), self if isinstance(self, Construct) else None)
            raise _refused(self, name, f"is assigned {assigned}")
        super().__setattr__(name, value)
        if isinstance(self, Construct) and isinstance(value, ReadOnlyMapping | ReadOnlyList):
            # the view's errors name this attribute (a property's for a private one)
            bind(value, path_of(self), name.lstrip("_"))

    if not TYPE_CHECKING:  # type checkers keep reporting an unknown name themselves

        def __getattr__(self, name: str) -> object:
            if defined_on_class(self, name):
                # a property of the class raised AttributeError inside it: look it up
                # again, so its own error (a typo in its body) is the one raised
                return object.__getattribute__(self, name)
            raise unknown_attribute(self, name)

    def __delattr__(self, name: str) -> None:
        if (
            not name.startswith("_")
            and _is_read_only(self, name, assigning=False)
            and not _test_double(sys._getframe(1))
        ):
            raise _refused(self, name, "is deleted")
        super().__delattr__(name)


#: Test tools that set a stand-in for the duration of a test and restore the construct's
#: own after it: ``mock.patch.object(api, "function")``, pytest's ``monkeypatch.setattr``.
_TEST_DOUBLES = frozenset({"unittest.mock", "_pytest.monkeypatch"})


def _test_double(caller: FrameType) -> bool:
    """Whether the rebinding comes from a test tool's patch (or its undoing), not app code."""
    return caller.f_globals.get("__name__") in _TEST_DOUBLES


def _attributes_section(cls: type) -> str:
    """help(QueueWorker) shows no attribute that has no value on the class (a declared
    one): a docstring section naming each with its type (each is documented by the string
    after its declaration, which IDEs show on hover)."""
    declared = [
        f"    - ``{name}``: {annotation.removeprefix('Final[').removesuffix(']')}"
        for name, annotation in vars(cls).get("__annotations__", {}).items()
        if not name.startswith("_") and isinstance(annotation, str)
    ]
    return "\n\n    Attributes (read-only):\n\n" + "\n".join(declared) if declared else ""


def _is_read_only(construct: ReadOnlyAttributes, name: str, *, assigning: bool) -> bool:
    """Whether ``name`` is the library's: a declared attribute (once set, for an
    assignment: ``__init__`` sets it) or a property without a setter (or deleter)."""
    if name in _declared(type(construct).__mro__):
        return not assigning or name in vars(construct)
    for klass in type(construct).__mro__:
        attribute = vars(klass).get(name)
        if isinstance(attribute, property):
            return (attribute.fset if assigning else attribute.fdel) is None
        if attribute is not None:
            return False  # a method or a class attribute: Python's rules
    return False


@functools.cache
def _declared(mro: tuple[type, ...]) -> frozenset[str]:
    """The public attributes the library's classes in a class's ``mro`` declare."""
    return frozenset(
        name
        for base in mro
        if _is_library(base)
        for name in vars(base).get("__annotations__", {})
        if not name.startswith("_")
    )


def _is_library(klass: type) -> bool:
    return klass.__module__.partition(".")[0] == _LIBRARY


def _library_base(klass: type) -> str:
    """The name of the library's construct ``klass`` is (or derives from)."""
    return next(k for k in klass.__mro__ if _is_library(k)).__name__


def _refuse_hiding(cls: type) -> None:
    """A user's subclass (a platform team's ``AcmeWorker(QueueWorker)``) that defines, under
    the name of an attribute the library's ``__init__`` assigns, a read-only property (the
    class could not be built: Python's bare "property 'alarms' of 'AcmeWorker' object has
    no setter", naming no fix) or a method (hidden by the value assigned: never reached)."""
    declared = _declared(cls.__mro__)
    problems = [
        _hiding_problem(cls, name, value)
        for name, value in vars(cls).items()
        if name in declared and _hides(value)
    ]
    if problems:
        raise ConstructError(problems)


def _hides(value: object) -> bool:
    if isinstance(value, property):
        return value.fset is None  # with a setter, the construct's value goes through it
    return callable(value) or isinstance(
        value, staticmethod | classmethod | functools.cached_property
    )


def _hiding_problem(cls: type, name: str, value: object) -> Problem:
    base = _library_base(cls)
    if isinstance(value, property):
        what = "a read-only property of the subclass, so building it fails when"
        setter = ", or give the property a setter that keeps the value"
    else:
        what, setter = "a method of the subclass, hidden (never called) once", ""
    return Problem(
        cls.__qualname__,
        name,
        f"is {what} {base}'s __init__ sets the attribute `{name}` (what it built)",
        f"give yours another name and read `self.{name}` in it{setter}",
    )


def _refused(construct: ReadOnlyAttributes, name: str, what: str) -> ConstructError:
    path = construct.node.path if isinstance(construct, Construct) else type(construct).__name__
    prop = construct._given_by.get(name)
    kind = _library_base(type(construct))
    instead = f"pass `{prop}=` when creating the {kind}, or " if prop else ""
    if not _is_library(type(construct)):
        # a subclass's own attribute of a name a later release gave the construct
        # (`errors_alarm`): it synthesized before, and renaming it is the way on
        instead = f"give {type(construct).__name__}'s own attribute another name, {instead}"
    return ConstructError(
        [
            Problem(
                path,
                name,
                f"{what}, but it is what the construct built (attributes are read-only: "
                "the construct uses what it built, whatever the attribute holds)",
                f"{instead}use the object `{name}` holds and change it (its methods), or "
                "build the construct with other props",
            )
        ]
    )
