"""How an acknowledgement is written so that both majors of cdk-nag read it (the
acknowledgements themselves, with their reasons, live in ``_nag``)."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from typing import Any

import jsii
from aws_cdk import Acknowledgment, Aspects, CfnResource, IAspect, Validations
from constructs import IConstruct

from constructs_lib._facts import node_of
from constructs_lib._jsii import same_jsii_object

__all__ = [
    "acknowledge",
    "acknowledge_in_nag3",
    "add_nag2_suppressions",
    "nag2_suppression",
    "reported_on",
]


def acknowledge(
    scope: IConstruct,
    *rules: tuple[str, str],
    nag3_only: Sequence[tuple[str, str]] = (),
    new: bool = False,
) -> None:
    """Acknowledges (rule id, reason) pairs on ``scope`` and everything below it, for both
    majors of cdk-nag without importing it:

    - cdk-nag 3 (a policy-validation plugin) reads ``Validations.of(scope).acknowledge``;
    - cdk-nag 2 (an Aspect) reads each CloudFormation resource's ``cdk_nag`` template
      metadata, the format its ``NagSuppressions.addResourceSuppressions(scope, ...,
      applyToChildren=True)`` writes: ``{"rules_to_suppress": [{"reason", "id",
      "applies_to"}]}``, a granular finding (``AwsSolutions-IAM5[Resource::*]``) as
      ``id`` + ``applies_to``. A resource is written directly; below any other scope the
      metadata goes on every resource there at synth (an Aspect on ``scope``, which runs
      before cdk-nag 2's checks reach the resources below it), so resources added after
      this call (an event source mapping, a grant's policy) are covered as with cdk-nag 3.

    ``nag3_only``: more pairs for cdk-nag 3 alone, in the same acknowledgement. ``new``:
    ``scope`` is a resource the caller has just created, with no code of anyone else's run
    since: it has no metadata to merge with, which is then not read (a round trip).
    """
    acknowledge_in_nag3(scope, (*rules, *nag3_only))
    suppressions = [nag2_suppression(rule_id, reason) for rule_id, reason in rules]
    if isinstance(scope, CfnResource):
        add_nag2_suppressions(scope, suppressions, new=new)
    else:
        Aspects.of(scope).add(_Nag2Suppressions(scope, suppressions))


def acknowledge_in_nag3(scope: IConstruct, rules: Sequence[tuple[str, str]]) -> None:
    """Acknowledges (rule id, reason) pairs on ``scope`` for cdk-nag 3 only (see
    :func:`acknowledge`)."""
    if rules:
        _validations_of(scope).acknowledge(
            *(Acknowledgment(id=rule_id, reason=reason) for rule_id, reason in rules)
        )


#: ``Validations.of(scope)`` by the scope's kernel reference: a handle on the scope that
#: holds nothing else (aws-cdk-lib's ``new Validations(scope)``), asked once per scope
#: rather than once per acknowledgement (a round trip each). By reference: a resource
#: behind an L2 comes back as a new proxy each time. The kernel keeps every object alive,
#: so an entry outlives nothing.
_VALIDATIONS: dict[str, Validations] = {}


def _validations_of(scope: IConstruct) -> Validations:
    """``Validations.of(scope)``, asked of the kernel once per scope."""
    proxy: Any = scope  # every construct is a kernel object
    ref = str(proxy.__jsii_ref__.ref)
    validations = _VALIDATIONS.get(ref)
    if validations is None:
        validations = _VALIDATIONS[ref] = Validations.of(scope)
    return validations


_FINDING = re.compile(r"^(?P<rule>[^\[\]]+)\[(?P<finding>.+)\]\Z")
# cdk-nag 3 prints "<pack>::<rule>"; cdk-nag 2's metadata names the rule alone.
_PACK = re.compile(r"^[^\[\]:]+::")


def nag2_suppression(rule_id: str, reason: str) -> dict[str, Any]:
    """One entry of cdk-nag 2's ``rules_to_suppress``, as its ``NagSuppressionHelper.
    toCfnFormat`` writes it (a reason with characters above U+00FF is base64-encoded)."""
    entry: dict[str, Any] = {"reason": reason}
    rule_id = _PACK.sub("", rule_id)
    match = _FINDING.match(rule_id)
    entry["id"] = match["rule"] if match else rule_id
    if match:
        entry["applies_to"] = [match["finding"]]
    if not reason.isascii() and any(ord(c) > 255 for c in reason):  # most are ASCII
        entry["reason"] = base64.b64encode(reason.encode()).decode()
        entry["is_reason_encoded"] = True
    return entry


def add_nag2_suppressions(
    resource: CfnResource, suppressions: Sequence[dict[str, Any]], *, new: bool = False
) -> None:
    """Merges ``suppressions`` into the resource's ``cdk_nag`` metadata (deduplicated, in
    order, like cdk-nag 2's ``addRulesToMetadata``); ``new``: it has none (see
    :func:`acknowledge`)."""
    existing = [] if new else (resource.get_metadata("cdk_nag") or {}).get("rules_to_suppress", [])
    merged = {json.dumps(rule, sort_keys=True): rule for rule in [*existing, *suppressions]}
    resource.add_metadata("cdk_nag", {"rules_to_suppress": list(merged.values())})


@jsii.implements(IAspect)
class _Nag2Suppressions:
    """Writes cdk-nag 2 suppressions on every resource below one scope when synth visits
    that scope (before any resource below it)."""

    def __init__(self, scope: IConstruct, suppressions: Sequence[dict[str, Any]]) -> None:
        self._scope = scope
        self._suppressions = tuple(suppressions)

    def visit(self, node: IConstruct) -> None:
        # Called for every construct below the scope: no kernel call unless it matches.
        if not same_jsii_object(node, self._scope):
            return
        for child in node_of(self._scope).find_all():
            if not isinstance(child, CfnResource):
                continue
            resource_type = resource_type_of(child)
            concerned = [s for s in self._suppressions if _checks(s["id"], resource_type)]
            if concerned:
                add_nag2_suppressions(child, concerned)


#: The resource type of each aws-cdk-lib L1 class (its CFN_RESOURCE_TYPE_NAME constant, a
#: round trip to the jsii kernel): asked once per class, not once per resource. Its
#: constructor passes that constant as the resource's type, which never changes.
_CLASS_TYPES: dict[type, str] = {}
_TYPE_CONSTANT = "CFN_RESOURCE_TYPE_NAME"


def resource_type_of(resource: CfnResource) -> str:
    """``resource.cfn_resource_type``, from its class where aws-cdk-lib's L1 class says it
    (a resource of CfnResource itself, or a proxy of several interfaces, is asked)."""
    cls = type(resource)
    if not cls.__module__.startswith("aws_cdk.") or _TYPE_CONSTANT not in vars(cls):
        return resource.cfn_resource_type
    if cls not in _CLASS_TYPES:
        _CLASS_TYPES[cls] = str(getattr(cls, _TYPE_CONSTANT))
    return _CLASS_TYPES[cls]


#: (rule ids, the CloudFormation types those rules report on), first match wins: cdk-nag 2
#: metadata goes only where the rule can report, not on every alarm and log group below
#: the scope. A type is matched exactly (``AWS::SQS::Queue`` is not ``AWS::SQS::QueuePolicy``,
#: which no SQS rule reports on), a service's namespace (``AWS::IAM::``) by prefix: the
#: types cdk-nag's rules check (``node instanceof CfnQueue``). A rule not listed here goes
#: on every resource below the scope.
_RULE_TARGETS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"Serverless-LambdaEventSourceMapping"), ("AWS::Lambda::EventSourceMapping",)),
    (re.compile(r"Serverless-Lambda|AwsSolutions-L\d"), ("AWS::Lambda::Function",)),
    (re.compile(r"AwsSolutions-IAM\d"), ("AWS::IAM::",)),
    (re.compile(r"(Serverless|AwsSolutions)-SQS"), ("AWS::SQS::Queue",)),
    (
        re.compile(r"AwsSolutions-CFR\d"),
        ("AWS::CloudFront::Distribution", "AWS::CloudFront::StreamingDistribution"),
    ),
    (re.compile(r"AwsSolutions-S\d"), ("AWS::S3::Bucket",)),
    (re.compile(r"AwsSolutions-APIG\d"), ("AWS::ApiGateway::", "AWS::ApiGatewayV2::")),
)


def reported_on(
    resource_type: str, rules: Sequence[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """The (rule id, reason) pairs among ``rules`` that cdk-nag can report on a resource
    of ``resource_type``: the ones worth writing on such a resource directly."""
    return tuple(rule for rule in rules if _checks(rule[0], resource_type))


def _checks(rule_id: str, resource_type: str) -> bool:
    """Whether cdk-nag's ``rule_id`` can report on a resource of ``resource_type``."""
    for rule, reported_types in _RULE_TARGETS:
        if rule.match(rule_id):
            return any(
                resource_type == reported
                or (reported.endswith("::") and resource_type.startswith(reported))
                for reported in reported_types
            )
    return True
