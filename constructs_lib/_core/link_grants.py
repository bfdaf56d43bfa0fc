"""A link's grant, and the cdk-nag findings it brings, acknowledged exactly (and the grant of
a secret whose key's policy aws-cdk-lib cannot reach: a key of another stack, which it
would make a cycle of, or an imported one, on which it grants nothing).

aws-cdk-lib's ``grant_*`` methods name some actions by family (``s3:GetObject*``,
``kms:GenerateDataKey*``) and some resources by pattern (``<bucket>/*``,
``<table>/index/*``); cdk-nag's AwsSolutions-IAM5 reports each of them. The library
acknowledges exactly the findings of the statements a link added, on the function's
DefaultPolicy, in cdk-nag's own spelling (``Resource::<Bucket1234.Arn>/*``): once when the
link is made; again at synth before cdk-nag 2's packs (Aspects, which read references
between stacks unresolved) check the policy, for the findings a lazy value brings later
(a table's ``<table>/index/*`` once an index is added to it); and at synth validation, when
a value from another stack has become its ``Fn::ImportValue`` (what cdk-nag 3 reads).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsii
from aws_cdk import AspectPriority, Aspects, IAspect, Resource, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import IConstruct

from constructs_lib import _nag
from constructs_lib._facts import stack_of
from constructs_lib._iam_findings import wildcard_findings
from constructs_lib._jsii import implements
from constructs_lib._loaded import loaded_module
from constructs_lib._nag_writer import (
    acknowledge_in_nag3,
    add_nag2_suppressions,
    nag2_suppression,
)
from constructs_lib._resource_keys import aws_managed_alias
from constructs_lib._stack_validation import add_to_stack

__all__ = [
    "acknowledge_wildcards",
    "default_policy",
    "grant_and_acknowledge",
    "grant_secret_read_by_identity",
    "key_policy_out_of_reach",
]

_RULE = "AwsSolutions-IAM5"


def grant_and_acknowledge(
    function: lambda_.Function,
    grant: Callable[[lambda_.Function], object],
    description: str,
    *,
    reason: str | None = None,
) -> None:
    """Runs ``grant(function)`` and acknowledges the wildcards of what it added to the
    function's DefaultPolicy; ``description`` says which link (for the reason), or
    ``reason`` is the whole reason."""
    role = function.role
    assert role is not None  # FunctionCore's functions have their own role
    before = len(_statements(role))
    grant(function)
    added = _statements(role)[before:]
    policy = default_policy(role)
    if not added or policy is None:
        return
    resource = policy.node.default_child
    assert isinstance(resource, iam.CfnPolicy)
    acknowledge_wildcards(resource, added, reason or _nag.link_grant(description))


def acknowledge_wildcards(resource: iam.CfnPolicy, statements: list[Any], reason: str) -> None:
    """Acknowledges, on the policy ``resource`` alone, exactly cdk-nag's IAM5 findings of
    ``statements`` (the JSON of statements it holds): those known now, and at synth
    validation those a reference between stacks brings."""
    stack = stack_of(resource)
    now = wildcard_findings(stack.resolve(statements))
    if now:
        _nag.acknowledge(resource, *((f"{_RULE}[{finding}]", reason) for finding in now))
    late = _LateFindings(resource, statements, reason, now)
    # the Aspect just before cdk-nag 2's packs (READONLY) reach the policy
    Aspects.of(resource).add(late, priority=AspectPriority.READONLY - 1)
    # in its stack's one validation: adding one of the policy's own and CDK's call of it
    # were two round trips to the jsii kernel per grant
    add_to_stack(stack, late)


def default_policy(role: iam.IRole | None) -> iam.Policy | None:
    """``role``'s DefaultPolicy, where aws-cdk-lib puts the statements granted to it."""
    policy = role.node.try_find_child("DefaultPolicy") if role is not None else None
    return policy if isinstance(policy, iam.Policy) else None


def _statements(role: iam.IRole) -> list[Any]:
    policy = default_policy(role)
    if policy is None or policy.document.is_empty:
        return []
    return list(policy.document.to_json().get("Statement") or [])


@jsii.implements(IAspect)
class _LateFindings:
    """Acknowledges the findings the statements have only later than the grant, twice:

    - as an Aspect on the policy, before cdk-nag 2's packs (read-only Aspects) check it, as
      cdk-nag 2's metadata: an index added to the table afterwards (aws-cdk-lib's grant
      names ``<table>/index/*`` lazily); aws-cdk-lib runs every Aspect in each synth, so an
      index added between two synths is covered too;
    - at synth validation (references between stacks resolved), in the validation of the
      policy's stack, for cdk-nag 3: those and, e.g., a bucket of another stack as its
      import."""

    def __init__(
        self, resource: iam.CfnPolicy, statements: list[Any], reason: str, known: list[str]
    ) -> None:
        self._resource = resource
        self._statements = statements
        self._reason = reason
        self._known = set(known)

    def visit(self, node: IConstruct) -> None:
        if not isinstance(node, iam.CfnPolicy):  # the one node it is added to
            return
        suppressions = [nag2_suppression(f"{_RULE}[{f}]", self._reason) for f in self._late()]
        if suppressions:
            add_nag2_suppressions(self._resource, suppressions)

    def validate(self) -> list[str]:
        # through the library's per-scope handle, as every other acknowledgement
        acknowledge_in_nag3(self._resource, [(f"{_RULE}[{f}]", self._reason) for f in self._late()])
        return []

    def _late(self) -> list[str]:
        resolved = stack_of(self._resource).resolve(self._statements)
        return [f for f in wildcard_findings(resolved) if f not in self._known]


def key_policy_out_of_reach(secret: Any, function: lambda_.Function) -> bool:
    """The secret's KMS key takes no statement from aws-cdk-lib's grant: a key of another
    stack than the function's (its policy naming the role would be a cycle), or a key
    imported by its ARN (``Secret.from_secret_attributes(..., encryption_key=...)``), whose
    policy is its owner's: aws-cdk-lib grants through Secrets Manager's service principal,
    which has no policy of its own, so it added nothing and every read was denied."""
    key = secret.encryption_key
    if key is None:
        return False
    if Stack.of(key) is not Stack.of(function):
        return True
    kms = loaded_module("aws_kms")  # the key's reading imported it
    alias = kms is not None and implements(key, kms.IAlias)
    imported_key = not Resource.is_owned_resource(key) and not alias
    return imported_key and aws_managed_alias(key) is None


def grant_secret_read_by_identity(secret: Any, function: lambda_.Function) -> None:
    """``secret.grant_read(function)`` in the function's policy: aws-cdk-lib puts the key's
    ``kms:Decrypt`` in the key's policy, for a key of another stack a reference back to this
    one (a cycle), for an imported key nowhere. A key's default policy trusts the account's
    IAM policies."""
    arn = secret.secret_full_arn or f"{secret.secret_arn}-??????"
    function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            resources=[arn],
        )
    )
    via = f"secretsmanager.{Stack.of(secret).region}.amazonaws.com"
    function.add_to_role_policy(
        iam.PolicyStatement(
            actions=["kms:Decrypt"],
            resources=[secret.encryption_key.key_arn],
            conditions={"StringEquals": {"kms:ViaService": via}},
        )
    )
