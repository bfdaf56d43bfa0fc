"""A platform team's subclass's own ``__init__`` (``AcmeWorker(QueueWorker)``), checked as
the library's are: its arguments (``checked_arguments``), and that it built the construct.
An ``__init__`` returning without ``super().__init__(scope, id, ...)`` left an object
jsii never created, and jsii's own registration of it failed with a bare
``AttributeError: 'AcmeWorker' object has no attribute '__jsii_ref__'``. A prop the
subclass sets itself (``super().__init__(scope, id, auth=ApiAuth.iam(), **props)``) and
its caller passes too was Python's ``TypeError: ... got multiple values for keyword
argument 'auth'``, naming no construct."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from constructs import Construct

from constructs_lib._arguments import checked_arguments
from constructs_lib.errors import ConstructError, Problem

__all__ = ["checked_subclass_init"]


def checked_subclass_init(cls: type, base: str) -> Callable[..., None]:
    """``cls.__init__`` checked: its arguments, then the ``super().__init__`` call."""
    own: Any = cls  # the class's own __init__ (mypy reads it as an instance's)
    init = checked_arguments(own.__init__)

    @functools.wraps(init)
    def call(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except TypeError as error:
            problem = _given_twice(cls, base, error, (self, args, kwargs))
            if problem is None:
                raise
            raise ConstructError([problem]) from None
        if not hasattr(self, "__jsii_ref__"):
            raise ConstructError([_not_built(cls, base, args, kwargs)])

    return call


#: Python's error for a keyword given twice in one call.
_TWICE = re.compile(r"got multiple values for keyword argument '(\w+)'")


def _given_twice(
    cls: type, base: str, error: TypeError, call: tuple[Any, tuple[Any, ...], dict[str, Any]]
) -> Problem | None:
    """The prop the caller passed that the subclass's own ``super().__init__`` call sets
    too; None for any other TypeError (one raised deeper is not about this call)."""
    self, args, kwargs = call
    twice = _TWICE.search(str(error))
    innermost = error.__traceback__
    while innermost is not None and innermost.tb_next is not None:
        innermost = innermost.tb_next
    if twice is None or twice[1] not in kwargs or innermost is None:
        return None
    if innermost.tb_frame.f_locals.get("self") is not self:
        return None  # raised by another call than the subclass's own
    name, path = _named(cls, args, kwargs)
    prop = twice[1]
    return Problem(
        path,
        prop,
        f"is given to {name}, which passes its own {prop} to the {base} "
        f"(super().__init__(..., {prop}=...)): Python refuses a prop given twice",
        f"leave {prop} out of {name}(...): {name} sets it (or let {name} take it from its "
        f"props, e.g. props.setdefault({prop!r}, ...))",
    )


def _named(cls: type, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, str]:
    """The subclass's name and the path of the construct being built."""
    scope, id = (*args, None, None)[:2]
    scope, id = kwargs.get("scope", scope), kwargs.get("id", id)
    name = cls.__qualname__.replace(".<locals>", "")
    path = f"{scope.node.path}/{id}".lstrip("/") if isinstance(scope, Construct) else name
    return name, path


def _not_built(cls: type, base: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Problem:
    name, path = _named(cls, args, kwargs)
    return Problem(
        path,
        "__init__",
        f"of {name} returned without calling super().__init__(scope, id, ...): the {base} "
        "was never built",
        f"call super().__init__(scope, id, **props) in {name}.__init__ before it uses self",
    )
