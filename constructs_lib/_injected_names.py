"""A physical name a property injector gives two of the library's resources.

The library names none of its resources (CloudFormation makes each name unique); an
injector returning ``functionName="orders"`` (or a name built from the L2's ``id``, which
is ``"Function"`` for every function of the library) gives every function below its scope
that name, and the deploy fails on the second one: "orders already exists". Names are
compared where they collide: a bucket's in the whole app (S3 bucket names are global), the
others in one account and region (a role's: in one account) when the stack's are known,
else in one stack (a name holding a token, ``f"{stack.stack_name}-fn"``, there only: the
same token text in one stack is the same value).

Only asked when an injector may reach the resource (``may_inject``)."""

from __future__ import annotations

from typing import Any

from constructs import IConstruct

from constructs_lib._facts import app_of, path_of, stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._injected import _SKIP, _changed
from constructs_lib._jsii import is_unresolved
from constructs_lib.errors import ConstructError, Problem

__all__ = ["NAMES", "check_name", "name_problems"]

#: By the L1's CloudFormation type: the L2 as users write it, its name prop (the L2's,
#: camelCase as an injector returns it) and the L1 attribute holding it.
NAMES = {
    "function": ("lambda_.Function", "functionName", "function_name"),
    "log group": ("logs.LogGroup", "logGroupName", "log_group_name"),
    "table": ("dynamodb.Table", "tableName", "table_name"),
    "bucket": ("s3.Bucket", "bucketName", "bucket_name"),
    "queue": ("sqs.Queue", "queueName", "queue_name"),
    "role": ("iam.Role", "roleName", "role_name"),
}

#: Where a name is unique, by kind (the others: one account and region).
_SCOPE = {"bucket": "in any two accounts", "role": "in one account, whatever the region"}

#: Per app: the path of the first library resource given a name, by (kind, where, name).
_NAMED: IdentityMap[dict[tuple[str, str, str], str]] = IdentityMap()


def name_problems(
    construct: IConstruct, resource: Any, kind: str, owner: str, *, skip: str = _SKIP
) -> list[Problem]:
    """``construct`` (an L2 the library made, ``resource`` its L1) has no physical name
    an injector gave another of the library's resources of that ``kind``; ``skip``: how the
    injector leaves ``construct`` out (aws-cdk-lib's own resources below the library's
    constructs: ``_injected_helpers``)."""
    l2, camel, attribute = NAMES[kind]
    name = getattr(resource, attribute, None)
    if not isinstance(name, str):
        return []
    path = path_of(construct)
    named = _NAMED.remembered(app_of(construct), dict)
    first = named.setdefault((kind, _where(construct, kind, name), name), path)
    if first == path:
        return []
    return [
        Problem(
            path,
            attribute,
            f"is {name!r}: {_changed(f'{camel}={name!r}', l2)} for {owner}'s {kind} and for "
            f"{first}, and two {kind}s of one name cannot both be created "
            f"({_SCOPE.get(kind, 'in one account and region')}): "
            "the deploy fails on the second",
            f"{skip}, or return a name of each resource's own (or none: CloudFormation "
            "then names it)",
        )
    ]


def check_name(construct: IConstruct, resource: Any, kind: str, owner: str) -> None:
    """:func:`name_problems` as a ConstructError (a resource with no other check)."""
    problems = name_problems(construct, resource, kind, owner)
    if problems:
        raise ConstructError(problems)


def _where(construct: IConstruct, kind: str, name: str) -> str:
    """Where ``name`` must be unique, as a key: the app for a bucket, the stack's account
    and region when known, else the stack."""
    if kind == "bucket" and not is_unresolved(name):
        return "s3"
    stack = stack_of(construct)
    # IAM is global: a role's name is unique in its account, whatever the region
    account, region = stack.account, "iam" if kind == "role" else stack.region
    if is_unresolved(name) or is_unresolved(account) or is_unresolved(region):
        return path_of(stack)
    return f"{account}/{region}"
