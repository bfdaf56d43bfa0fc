"""Facts of aws-cdk-lib objects that never change once made (a construct's path, stack and
stage; a Duration's seconds), asked of the jsii kernel once per object: every question is a
round trip to Node, and the rules and builders ask most of them several times."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Stack, Stage
from constructs import IConstruct, Node

from constructs_lib._identity_map import IdentityMap

__all__ = [
    "ancestors_of",
    "app_of",
    "asset_path_of",
    "attribute_of",
    "context_in",
    "context_of",
    "env_of",
    "node_of",
    "path_of",
    "remember_asset_path",
    "remember_attribute",
    "remember_parent",
    "remember_scope",
    "scope_of",
    "seconds_of",
    "stack_of",
    "stage_of",
]

# Seconds of each Duration object, asked once: a Duration is immutable and the rules and
# builders read most of them several times (one round trip to Node each).
_SECONDS: IdentityMap[int | float] = IdentityMap()


def seconds_of(value: Duration) -> int | float:
    """Seconds of a resolved ``Duration``: whole ones as an int, a fraction (of
    ``Duration.millis(1500)``) as a float, where ``to_seconds()`` would raise."""

    def ask() -> int | float:
        exact = float(value.to_milliseconds(integral=False)) / 1000
        return int(exact) if exact.is_integer() else exact

    return _SECONDS.remembered(value, ask)


# A construct's path, stack and stage never change; the library reads some paths (alarm
# descriptions, which alarms notify which topic) once per alarm, and the rules ask for the
# stack and stage per prop. By identity: a user's construct may compare equal to another
# app's (IdentityMap says why).
_PATHS: IdentityMap[str] = IdentityMap()
_STACKS: IdentityMap[Stack] = IdentityMap()
_STAGES: IdentityMap[Stage | None] = IdentityMap()
_ROOTS: IdentityMap[IConstruct] = IdentityMap()
# The App of ``cdk.Stack()`` is made in JavaScript: each ``node.root`` of it is a new proxy,
# which nothing keeps, so a registry of an app's host names (routes, links...) keyed by it
# forgot every construct before this one. One proxy stands for each App, by its jsii
# reference; jsii keeps every object alive anyway (the kernel cannot tell when one is free).
_APPS: dict[str, IConstruct] = {}


# The scope of each construct the library creates (none a Stack, none with context of its
# own): its stack, app and context are its scope's, so the functions of one construct ask
# the kernel about their common scope once rather than each about itself.
_SCOPES: IdentityMap[IConstruct] = IdentityMap()
# Context values by scope. Asked through a child, so the scope has children: constructs
# refuses set_context on it and on every construct above it from then on.
_CONTEXTS: IdentityMap[dict[str, Any]] = IdentityMap()
_RESOURCES: IdentityMap[Any] = IdentityMap()


def remember_scope(construct: IConstruct, scope: IConstruct, id: str | None = None) -> None:
    """Records that the library created ``construct`` (no Stack, no context set on it) in
    ``scope``, with ``id`` when given (its path is then its scope's and that id)."""
    if not isinstance(construct, Stack):
        _SCOPES.set(construct, scope)
        _remember_id(construct, id)


#: The id each of some constructs was made with (by the library, or given to a library
#: construct's constructor): its path is its scope's path and that id, told in Python.
_IDS: IdentityMap[str] = IdentityMap()


def _remember_id(construct: IConstruct, id: str | None) -> None:
    # constructs writes an id holding a separator of its paths or addresses ("/", a
    # newline) with "--" instead: such a construct's path is asked
    if id and "/" not in id and "\n" not in id:
        _IDS.set(construct, id)


def context_of(construct: IConstruct, key: str) -> Any:
    """``construct.node.try_get_context(key)``: of a construct the library created, its
    scope's value, asked once per scope and key."""
    scope = _SCOPES.get(construct)
    if scope is None:
        return node_of(construct).try_get_context(key)
    return context_in(scope, key)


def context_in(scope: IConstruct, key: str) -> Any:
    """``scope.node.try_get_context(key)`` for a construct the library has just created in
    ``scope``: ``scope`` has a child, so its context no longer changes (constructs refuses
    set_context on it and on every construct above it), asked once per scope and key (an
    API's access log group and its functions' log groups share the answer)."""
    values = _CONTEXTS.remembered(scope, dict)
    if key not in values:
        values[key] = context_of(scope, key)
    return values[key]


#: Each construct's Node (``construct.node``, which never changes): reading it is a round
#: trip of its own before any question about the construct.
_NODES: IdentityMap[Node] = IdentityMap()


def node_of(construct: IConstruct) -> Node:
    """``construct.node``, asked of the jsii kernel once per construct."""
    return _NODES.remembered(construct, lambda: construct.node)


def path_of(construct: IConstruct) -> str:
    """``construct.node.path``, asked of the jsii kernel once per construct; of one made with
    a known id in a known scope, its scope's path and that id (the path constructs writes:
    the ids from the root's child down, the root's own empty one left out)."""

    def ask() -> str:
        id, scope = _IDS.get(construct), _known_scope(construct)
        if id is None or scope is None:
            return node_of(construct).path
        above = path_of(scope)
        return f"{above}/{id}" if above else id

    return _PATHS.remembered(construct, ask)


def stack_of(construct: IConstruct) -> Stack:
    """``Stack.of(construct)`` (which raises outside any stack), asked once per construct."""

    def ask() -> Stack:
        if isinstance(construct, Stack):  # Stack.of answers a stack with itself
            return construct
        scope = _known_scope(construct)
        return Stack.of(construct) if scope is None else stack_of(scope)

    return _STACKS.remembered(construct, ask)


def env_of(stack: Stack) -> tuple[str, str]:
    """``(stack.account, stack.region)`` (set when the stack is made: a token for an
    environment-agnostic one), asked once per stack: each resource a construct is given is
    compared with them."""
    return attribute_of(stack, "account"), attribute_of(stack, "region")


#: Each Code object's staged directory (``AssetCode.path``): the asset warnings and the
#: platform re-check each read it.
_ASSET_PATHS: IdentityMap[str | None] = IdentityMap()


def asset_path_of(code: object) -> str | None:
    """``code.path``, an asset's staged directory (None for code without one: inline code,
    an image), asked of the jsii kernel once per Code object."""

    def ask() -> str | None:
        path = getattr(code, "path", None)
        return path if isinstance(path, str) else None

    return _ASSET_PATHS.remembered(code, ask)


def remember_asset_path(code: object, path: str) -> None:
    """Records that the library made ``code`` with ``Code.from_asset(path, ...)``: its
    ``path`` is that string (AssetCode keeps what it is given)."""
    _ASSET_PATHS.set(code, path)


#: Attributes of resources read by several rules (an alarm topic's ARN: its environment,
#: its actions, whether an import refers to another stage), by resource and name.
_ATTRIBUTES: IdentityMap[dict[str, Any]] = IdentityMap()


def attribute_of(resource: object, name: str) -> Any:
    """``getattr(resource, name, None)`` of an attribute aws-cdk-lib sets once, when the
    resource is made or imported (``topic_arn``, ``bucket_name``: a token or the imported
    value), asked of the jsii kernel once per resource and name."""
    values = _ATTRIBUTES.remembered(resource, dict)
    if name not in values:
        values[name] = getattr(resource, name, None)
    return values[name]


def remember_attribute(resource: object, name: str, value: Any) -> None:
    """Records ``value`` as ``resource``'s attribute ``name``, which the library gave it when
    it made it (a function's ``timeout``: aws-cdk-lib keeps the Duration it is given, read
    back as a new proxy of it each time)."""
    _ATTRIBUTES.remembered(resource, dict)[name] = value


def resource_of(construct: IConstruct) -> Any:
    """``construct.node.default_child`` (its L1), asked once per construct: a function's
    is read by each of the checks it gets at construction and at synth."""

    def ask() -> Any:
        resource = node_of(construct).default_child
        if resource is not None:
            remember_parent(resource, construct)
        return resource

    return _RESOURCES.remembered(construct, ask)


#: The scope some constructs were made in (an L1 :func:`resource_of` returned, a library
#: construct being built): their stack, app and ancestors are their scope's, asked of the
#: scope, which the checks have mostly asked already. Not their context: one may have its
#: own (a StaticSite pins feature flags on itself).
_PARENTS: IdentityMap[IConstruct] = IdentityMap()


def remember_parent(construct: IConstruct, scope: IConstruct, id: str | None = None) -> None:
    """Records that ``construct`` is a child of ``scope`` (a Stack is its own stack: not
    recorded), made with ``id`` when given."""
    if not isinstance(construct, Stack):
        _PARENTS.set(construct, scope)
        _remember_id(construct, id)


def scope_of(construct: IConstruct) -> IConstruct | None:
    """``construct.node.scope`` (None for the App): the scope the library knows it was
    made in, else asked of the jsii kernel once per construct."""
    known = _known_scope(construct)
    if known is not None:
        return known
    return _ASKED_SCOPES.remembered(construct, lambda: node_of(construct).scope)


#: The scopes asked of the kernel by :func:`scope_of` (None: the App's).
_ASKED_SCOPES: IdentityMap[IConstruct | None] = IdentityMap()


def _known_scope(construct: IConstruct) -> IConstruct | None:
    """The scope the library knows ``construct`` was made in (none for a Stack)."""
    scope = _SCOPES.get(construct)
    return scope if scope is not None else _PARENTS.get(construct)


#: Each construct's scopes above it (``node.scopes`` but itself, outermost first): a
#: construct is made in its scope and never moves, so they never change.
_ANCESTORS: IdentityMap[tuple[IConstruct, ...]] = IdentityMap()


def ancestors_of(construct: IConstruct) -> tuple[IConstruct, ...]:
    """The scopes above ``construct``, outermost (the App) first, asked of the jsii kernel
    once per construct the library did not create (one it did: its scope's and the scope).
    Without ``construct`` itself: kept by it, a map by weak key would keep it alive."""

    def ask() -> tuple[IConstruct, ...]:
        scope = _known_scope(construct)
        if scope is not None:
            return (*ancestors_of(scope), scope)
        return tuple(node_of(construct).scopes[:-1])

    return _ANCESTORS.remembered(construct, ask)


def stage_of(construct: IConstruct) -> Stage | None:
    """``Stage.of(construct)`` (None outside any stage), asked once per construct."""
    return _STAGES.remembered(construct, lambda: Stage.of(construct))


def app_of(construct: IConstruct) -> IConstruct:
    """The root of ``construct``'s tree (its App), the same Python object for every construct
    of one App, also one made in JavaScript (``cdk.Stack()``'s): the key of a registry by app."""

    def ask() -> IConstruct:
        scope = _known_scope(construct)
        if scope is not None:
            return app_of(scope)
        root = node_of(construct).root
        ref = getattr(root, "__jsii_ref__", None)
        return root if ref is None else _APPS.setdefault(ref.ref, root)

    return _ROOTS.remembered(construct, ask)
