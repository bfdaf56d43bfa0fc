"""A platform team's subclass's own ``__init__`` (``AcmeWorker(QueueWorker)``), checked as
the library's are: its arguments (``checked_arguments``), and that it built the construct.
An ``__init__`` returning without ``super().__init__(scope, id, ...)`` left an object
jsii never created, and jsii's own registration of it failed with a bare
``AttributeError: 'AcmeWorker' object has no attribute '__jsii_ref__'``."""

from __future__ import annotations

import functools
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
        init(self, *args, **kwargs)
        if not hasattr(self, "__jsii_ref__"):
            raise ConstructError([_not_built(cls, base, args, kwargs)])

    return call


def _not_built(cls: type, base: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Problem:
    scope, id = (*args, None, None)[:2]
    scope, id = kwargs.get("scope", scope), kwargs.get("id", id)
    name = cls.__qualname__.replace(".<locals>", "")
    path = f"{scope.node.path}/{id}".lstrip("/") if isinstance(scope, Construct) else name
    return Problem(
        path,
        "__init__",
        f"of {name} returned without calling super().__init__(scope, id, ...): the {base} "
        "was never built",
        f"call super().__init__(scope, id, **props) in {name}.__init__ before it uses self",
    )
