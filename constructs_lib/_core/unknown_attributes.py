"""A name that is no attribute or method of a library construct (``api.add_routes``,
``worker.applyRemovalPolicy``, ``worker.grant_consume_messages``): a ConstructError naming
the construct's path and the name, with the fix, instead of Python's bare AttributeError.

Users coming from aws-cdk-lib's L2s and the TypeScript docs call what an L2 has: the fix
names the construct's own spelling (``addRoutes`` -> ``add_route``... as Python spells it),
its resource that has the method (``worker.queue.grant_consume_messages``), or the way the
construct does it (routes are props; a removal policy for everything below it is
``cdk.RemovalPolicies``). It is an AttributeError too, so ``hasattr`` and ``getattr(x,
name, default)`` still answer as before."""

from __future__ import annotations

import difflib
import re

from constructs import Construct

from constructs_lib._facts import path_of
from constructs_lib.errors import ConstructError, Problem

__all__ = ["UnknownAttributeError", "defined_on_class", "unknown_attribute"]

#: What a construct does instead of an L2's method of that name.
_HABITS = {
    "apply_removal_policy": (
        "call cdk.RemovalPolicies.of({var}).apply(policy) (or .destroy()), which sets it on "
        "every resource below the {kind}, or apply_removal_policy on one of its resources"
    ),
    "add_routes": "pass every route in routes={{...}} when creating the {kind}",
    "add_route": "pass every route in routes={{...}} when creating the {kind}",
    "add_event_source": "build another {kind} for another source: its trigger is its own",
    "add_environment": (
        "pass environment={{...}} to its Handler(...), or FunctionDefaults.of(scope).set("
        "environment={{...}}) for every function below a scope"
    ),
}

#: The attribute a construct has when the habit's fix is its way (a QueueWorker has no
#: routes: its `add_routes` gets the general fix); a habit not listed fits every construct.
_HABIT_OF = {
    "add_routes": "http_api",
    "add_route": "http_api",
    "add_event_source": "function",
    "add_environment": "link",  # a construct with functions (its `link` grants them)
}


class UnknownAttributeError(ConstructError, AttributeError):
    """A name no library construct has (a ConstructError, and an AttributeError, so
    ``hasattr`` and ``getattr(construct, name, default)`` still work)."""

    __str__ = ConstructError.__str__


def unknown_attribute(construct: object, name: str) -> AttributeError:
    """The error for ``construct.name`` that normal lookup did not find."""
    kind = type(construct).__name__
    if name.startswith("_") or name == "node":  # Python's and jsii's own probes
        return AttributeError(f"{kind!r} object has no attribute {name!r}")
    try:
        path = path_of(construct) if isinstance(construct, Construct) else kind
    except Exception:  # before Construct.__init__: jsii has no object yet
        path = kind
    if name in _declared(type(construct)):
        # declared in a class body, not assigned (yet): the name is right, the time is not
        return UnknownAttributeError(
            [
                Problem(
                    path,
                    name,
                    f"is declared by {kind} but not set on it (yet): it was read before the "
                    "line of __init__ that sets it (in a method __init__ calls, or before "
                    "super().__init__), or nothing sets it",
                    f"set it in __init__ before it is read, or use it once {kind}(...) has "
                    "returned",
                )
            ]
        )
    words = re.findall(r"[A-Z][a-z0-9]*", kind)  # QueueWorker -> worker, as in the README
    var = (words[-1] if words else kind).lower()
    return UnknownAttributeError(
        [
            Problem(
                path,
                name,
                f"is no attribute or method of {kind}",
                _fix(construct, name, kind, var),
            )
        ]
    )


def defined_on_class(construct: object, name: str) -> bool:
    """Whether a class along ``construct``'s MRO defines ``name``: Python calls
    ``__getattr__`` also when a property (or another descriptor) of the class raised
    AttributeError inside it (a typo in a subclass's property), and that error, not "no
    such name", is the one to show."""
    return any(name in vars(klass) for klass in type(construct).__mro__)


def _fix(construct: object, name: str, kind: str, var: str) -> str:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    own = _public_names(type(construct))
    if snake in _HABITS and (snake not in _HABIT_OF or _HABIT_OF[snake] in own):
        return _HABITS[snake].format(var=var, kind=kind)
    if snake != name and snake in own:
        return f"write `{snake}` (Python spells aws-cdk-lib's names in snake_case)"
    having = [
        f"{var}.{attribute}.{snake}"
        # the resource the name starts with (queue_url: queue), then the construct's main
        # resources before those beside them (its dead-letter queue, its log bucket)
        for attribute in sorted(
            own, key=lambda a: (not snake.startswith(a), a.startswith(("dead_", "log_")), a)
        )
        if isinstance(resource := vars(construct).get(attribute), Construct)
        and snake in _public_names(type(resource))
    ]
    if having:
        return f"use the resource's own: {' or '.join(having[:3])}"
    close = difflib.get_close_matches(snake, sorted(own), n=1, cutoff=0.6)
    if close:
        return f"use `{close[0]}`: did you mean it?"
    return f"use one of its attributes or methods: {', '.join(sorted(own))}"


def _declared(cls: type) -> frozenset[str]:
    """The public attributes the classes along ``cls``'s MRO declare (annotate)."""
    return frozenset(
        name
        for klass in cls.__mro__
        for name in vars(klass).get("__annotations__", {})
        if not name.startswith("_")
    )


def _public_names(cls: type) -> frozenset[str]:
    """A class's public names, without what every construct inherits from ``Construct``."""
    if cls not in _NAMES:  # an Aspect's hasattr probes every node: read each class once
        names: set[str] = set()
        for klass in cls.__mro__:
            names.update(vars(klass))
            names.update(vars(klass).get("__annotations__", {}))
        _NAMES[cls] = frozenset(n for n in names if not n.startswith("_") and n not in _INHERITED)
    return _NAMES[cls]


_INHERITED = frozenset(dir(Construct))
_NAMES: dict[type, frozenset[str]] = {}
