"""A link's own options: the variable's name (from the target's construct id, or
``env=``) and a bucket link's key ``prefix``, checked before anything is granted."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from constructs import IConstruct

from constructs_lib._jsii import given, is_unresolved, shown
from constructs_lib._s3_keys import iam_wildcard, leading_slash
from constructs_lib._words import name_words
from constructs_lib.links import Link

if TYPE_CHECKING:
    from constructs_lib._core.link_kinds import Kind

__all__ = ["check_names", "env_name", "factory_of", "name_of"]

_ENV_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]+\Z")


def env_name(construct_id: str, suffix: str) -> str:
    """``OrdersWorker`` + ``QUEUE_URL`` -> ``ORDERS_WORKER_QUEUE_URL``."""
    return "_".join([*(w.upper() for w in name_words(construct_id)), suffix])


#: The ids CDK gives the resource a construct of its own wraps (``node.default_child``
#: finds it by them): ``RESOURCE_BUCKET_NAME`` would say nothing about which bucket.
_DEFAULT_CHILD_IDS = frozenset({"Resource", "Default"})


def name_of(owner: IConstruct, kind: Kind) -> str:
    """The construct id naming the variable: a child whose id only repeats its kind (an
    API's ``Table``, a worker's ``Queue``) or is the default child's (a wrapper's
    ``Resource``) is named after its parent, the first one up whose id is not a default
    child's (a wrapper wrapped in turn, ``Photos/Default/Resource``, is the photos'). A
    stack ends the walk: ``cdk.Stack(app)`` is ``Default``, no wrapper, and its resources'
    variables have always been named after it. A global table's replica
    (``table.replica(region)``, imported under the table as ``ReplicaTable<region>``) is
    the table's: each region's functions read one variable."""
    node = owner.node
    if isinstance(node.scope, dynamodb.TableV2):
        return name_of(node.scope, kind)
    own = node.id  # each read of a jsii property is a round trip to Node
    prefix = env_name(own, "")
    if own not in _DEFAULT_CHILD_IDS and not (prefix and kind.suffix.startswith(prefix)):
        return own
    scope = node.scope
    while (
        scope is not None and scope.node.id in _DEFAULT_CHILD_IDS and not isinstance(scope, Stack)
    ):
        scope = scope.node.scope
    parent = scope.node.id if scope is not None else ""
    return parent or own


def check_names(link: Link, kind: Kind) -> tuple[str, str] | None:
    """What is wrong with the link's prefix or variable name, and the fix; None if nothing."""
    if link.prefix is not None and (kind.name != "bucket" or not isinstance(link.prefix, str)):
        return (
            f"has prefix={given(link.prefix)}; a prefix is a string and narrows bucket links only",
            "remove prefix, or pass a key prefix such as 'reports/' on a bucket link",
        )
    if link.prefix is not None and is_unresolved(link.prefix):
        return (
            f"has prefix={shown(link.prefix)}; it must be known at synth: it is written into "
            "the grant's IAM policy, whose key pattern the library checks",
            "pass a literal key prefix such as 'reports/'",
        )
    wildcard = iam_wildcard(link.prefix) if link.prefix else None
    if wildcard is not None:
        return (
            f"has prefix={link.prefix!r}, with {wildcard} in an IAM policy (the grant's "
            "resource and its s3:prefix condition), so the grant would cover other keys than "
            "the ones under the prefix written",
            "pass a literal key prefix such as 'reports/' (without '*', '?' or '${')",
        )
    slash = leading_slash(link.prefix, "the grant would cover") if link.prefix else None
    if slash is not None:
        return (f"has prefix={link.prefix!r}, {slash[0]}", slash[1])
    if link.env is not None and is_unresolved(link.env):
        return (
            f"has env={shown(link.env)}; it must be known at synth: it names a variable of "
            "the function's environment, which CloudFormation takes as written",
            "pass a name such as env='ORDERS_TABLE', or leave env out",
        )
    if link.env is not None and not (isinstance(link.env, str) and _ENV_NAME.match(link.env)):
        return (
            f"has env={link.env!r}, not a valid variable name",
            "use at least 2 letters, digits and underscores, starting with a letter",
        )
    target: Any = link.target
    owner_id = name_of(target, kind)
    # an id of no ASCII letter or digit ('📦', '---') names nothing: the bare suffix
    # (TABLE_NAME) would say nothing about which table
    if link.env is None and (
        not name_words(owner_id) or not _ENV_NAME.match(env_name(owner_id, kind.suffix))
    ):
        return (
            f"cannot name its variable after the construct id {owner_id!r}",
            f"name it: {factory_of(link.access, kind)}(..., env='MY_{kind.suffix}')",
        )
    return None


def factory_of(access: object, kind: Kind) -> str:
    """The Link factory that keeps a link's ``access`` (``Link.read``), so following a fix
    never widens it (``Link.to``: the target's default, often read/write)."""
    narrower = access != kind.default and isinstance(access, str) and access in kind.grants
    return f"Link.{access}" if narrower else "Link.to"
