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

from constructs_lib.errors import ConstructError, Problem

__all__ = ["UnknownAttributeError", "unknown_attribute"]

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
        path = construct.node.path if isinstance(construct, Construct) else kind
    except Exception:  # before Construct.__init__: jsii has no object yet
        path = kind
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


def _fix(construct: object, name: str, kind: str, var: str) -> str:
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    own = _public_names(type(construct))
    if snake in _HABITS:
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


def _public_names(cls: type) -> set[str]:
    """A class's public names, without what every construct inherits from ``Construct``."""
    inherited = set(dir(Construct))
    names: set[str] = set()
    for klass in cls.__mro__:
        names.update(vars(klass))
        names.update(vars(klass).get("__annotations__", {}))
    return {n for n in names if not n.startswith("_") and n not in inherited}
