"""aws-cdk-lib's errors while a property injector's props build one of the library's L2s.

An injector runs inside the L2's constructor (``_injected``). When what it returns is
refused there (``logRetention`` beside the library's ``logGroup``, ``enforceSSL=False``
beside the bucket's ``minimumTLSVersion``, the deprecated ``pointInTimeRecovery`` beside
``pointInTimeRecoverySpecification``) or its ``inject`` raises, the user got a bare
``RuntimeError`` with aws-cdk-lib's sentence or the injector's exception text, naming
neither the resource nor the injector. The ConstructError quotes every reason aws-cdk-lib
gives (its props validation lists them below a heading naming a class of its own,
"Queue2 initialization failed ...", which alone said nothing). Only read on that failure
path: with no injector for the L2's class above it, the error is raised as it was."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aws_cdk import PropertyInjectors
from constructs import Construct, IConstruct

from constructs_lib._facts import node_of, path_of, scope_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib.errors import ConstructError, Problem

__all__ = ["injector_errors", "may_inject", "owner_of"]


@contextmanager
def injector_errors(scope: Construct, id: str, kind: Any, name: str) -> Iterator[None]:
    """Creates ``kind`` (an L2 class, ``name`` as users write it: ``"sqs.Queue"``) as
    ``scope``'s child ``id``: an error while a property injector of it applies is a
    ConstructError naming the resource."""
    try:
        yield
    except RuntimeError as error:
        if not _injected(scope, kind):
            raise
        text = _reasons(error)
        raise ConstructError(
            [
                Problem(
                    f"{path_of(scope)}/{id}",
                    f"{name} props",
                    f"were refused while a property injector of {name} (cdk.PropertyInjectors) "
                    f"applied to the library's {name}: {text}",
                    "correct what the injector's inject returns (or raises) for it, or leave the "
                    "library's resources out of it (return original_props unchanged when "
                    "any(type(s).__module__.startswith('constructs_lib') for s in "
                    "scope.node.scopes))",
                )
            ]
        ) from None


#: aws-cdk-lib's heading of the list of reasons its props validation refuses an L2 with
#: (``validateAllProps``: "Queue2 initialization failed due to the following validation
#: error(s):", then one "- reason" line each): a class name of its own, no reason.
_HEADING = re.compile(r"^\w+ initialization failed due to the following validation error\(s\):$")


def _reasons(error: BaseException) -> str:
    """``error``'s text as a quote: every reason aws-cdk-lib gives, each trimmed, joined
    with "; " (its heading without a reason left out); an empty one as its repr."""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    if not lines:
        return repr(error)
    if len(lines) > 1 and _HEADING.match(lines[0]):
        lines = lines[1:]
    return "; ".join(line.removeprefix("- ").strip().rstrip(".") for line in lines)


def _injected(scope: Construct, kind: Any) -> bool:
    """Whether an injector of ``kind`` is registered at ``scope`` or a scope above it."""
    unique_id = kind.PROPERTY_INJECTION_ID
    for ancestor in node_of(scope).scopes:
        if PropertyInjectors.has_property_injectors(ancestor) and (
            PropertyInjectors.of(ancestor).for_(unique_id) is not None
        ):
            return True
    return False


#: Per outermost library construct: whether an injector is registered above it.
_MAY_INJECT: IdentityMap[bool] = IdentityMap()


def may_inject(scope: Construct) -> bool:
    """Whether a property injector may reach the L2s the library creates at ``scope``:
    one registered at a scope above the library's constructs (none can be registered on
    one of them before it exists, when its L2s are created), asked of the kernel once per
    outermost library construct (an API's routes share its answer)."""
    chain: list[IConstruct] = []  # scope, its scopes, ..., the App
    current: IConstruct | None = scope
    while current is not None:
        chain.append(current)
        current = scope_of(current)
    outermost = max((i for i, c in enumerate(chain) if _is_library(c)), default=-1)

    def ask() -> bool:
        return any(PropertyInjectors.has_property_injectors(c) for c in chain[outermost + 1 :])

    # a scope of the user's (a stack's own helper resource) may get an injector later
    return ask() if outermost < 0 else _MAY_INJECT.remembered(chain[outermost], ask)


def _is_library(construct: object) -> bool:
    return any(cls.__module__.startswith("constructs_lib") for cls in type(construct).__mro__)


def owner_of(scope: Construct) -> str:
    """Whose resource a builder makes, for a property injector's problems: "the QueueWorker"
    (the construct above a plain Construct that groups some of its resources)."""
    owner: IConstruct = scope
    while type(owner) is Construct and owner.node.scope is not None:
        owner = owner.node.scope
    return f"the {type(owner).__name__}"
