"""Customer-managed KMS keys for the data the library stores (``encryption_key=``,
``dead_letter_queue_key=``): their rules, and the key-policy statements AWS services need
to write into a queue encrypted with one."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, cast

from aws_cdk import Annotations, Resource, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from constructs_lib._agnostic_imports import warn_of_fixed_region
from constructs_lib._arns import check_imported_arn
from constructs_lib._env import check_same_stage
from constructs_lib._jsii import described, is_unresolved
from constructs_lib._resource_env import other_account
from constructs_lib._resource_keys import KEY_ARN_FIX, alias_problem, aws_managed_alias
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from aws_cdk import aws_kms as kms

__all__ = [
    "IMPORTED_KEY_POLICY_WARNING",
    "SEND_ACTIONS",
    "allow_service",
    "check_key",
    "check_no_key_with",
    "warn_of_other_account",
]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
IMPORTED_KEY_POLICY_WARNING = "constructs_lib:importedKeyPolicy"

# What a service needs to put a message into an SQS queue encrypted with a customer-managed
# key (the SQS developer guide's "key management": the sender generates the data key).
SEND_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt")
# What this account's principals need of another account's key, by the service using it: a
# queue's senders and receivers (as SEND_ACTIONS), a table's readers and writers and its
# creation (DynamoDB's key policy in the KMS developer guide, "How Amazon DynamoDB uses
# AWS KMS").
_OTHER_ACCOUNT_ACTIONS = {
    "sqs": SEND_ACTIONS,
    "dynamodb": (
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:CreateGrant",
        "kms:DescribeKey",
    ),
}
_SERVICE_NAMES = {"sqs": "SQS", "dynamodb": "DynamoDB"}


def check_key(
    v: Validator, key: object, prop: str, service: str = "sqs", sender: str | None = None
) -> None:
    """A KMS key of the stack's region: SQS and DynamoDB encrypt with keys of their own
    region only (the deploy fails on another's); no imported alias nor alias ARN, which
    the functions' grants cannot name (as for a linked resource's key); with ``sender``
    (an AWS service that sends to the queue with its own principal), no AWS managed key,
    whose policy lets in the account's principals only. A key of another account is
    warned of (:func:`warn_of_other_account`)."""
    if key is None or is_unresolved(key):
        return
    if not hasattr(key, "key_arn") or not hasattr(key, "env"):
        v.add(prop, f"is {described(key)}", "pass a kms.Key, or kms.Key.from_key_arn(self, ...)")
        return
    if not check_same_stage(v, key, prop):  # aws-cdk-lib's error names no prop
        return
    # the ARN's shape first: a key ID with a space copied into it is named for the space
    if not check_imported_arn(v, key, prop, "key", "the queue or table would name no key"):
        return
    problem = alias_problem(key)
    if problem is not None:
        v.add(
            prop, f"is {problem}", f"pass the kms.Key, or import it by its key ARN: {KEY_ARN_FIX}"
        )
        return
    if sender is not None and not _check_not_aws_managed(v, key, prop, sender):
        return
    warn_of_fixed_region(v.scope, key, prop)
    here, theirs = Stack.of(v.scope), key.env
    if not v.check(
        is_unresolved(here.region) or is_unresolved(theirs.region) or here.region == theirs.region,
        prop,
        f"is a key of region {theirs.region}, not {here.region}: SQS and DynamoDB encrypt "
        "only with a key of their own region",
        "pass a key of this stack's region (a multi-Region key's replica in it)",
    ):
        return
    # a key created in another account's stack: the grants to this stack's roles would
    # need names across accounts (aws-cdk-lib's error is a trace about physical names)
    owned = isinstance(key, Resource) and Resource.is_owned_resource(key)
    if owned and theirs.account != here.account:
        _key_of_other_stack_account(v, cast(Resource, key), prop)
        return
    warn_of_other_account(v, cast("kms.IKey", key), prop, service)


def _check_not_aws_managed(v: Validator, key: object, prop: str, sender: str) -> bool:
    """``sender`` writes with its service principal, which an AWS managed key's policy
    (AWS's, lets in the account's principals through SQS) never admits: the SQS developer
    guide has services that send to a queue use a customer managed key. Whether it is
    none."""
    alias = aws_managed_alias(key)
    return v.check(
        alias is None,
        prop,
        f"is the AWS managed key {alias!r}, whose key policy AWS keeps: it lets the "
        f"account's principals use the key through SQS, and no AWS service; {sender} sends "
        "into the queue with its own service principal, so every message it sends would "
        "be refused and lost",
        "pass a kms.Key of the app (the construct adds the statement the service needs to "
        "its key policy), or leave the prop out for SQS-managed encryption",
    )


def _key_of_other_stack_account(v: Validator, key: Resource, prop: str) -> None:
    """A key created in a stack of another account, or of an account known to one of the
    two stacks only (one with ``env=``, one without): aws-cdk-lib's trace names no prop."""
    here, theirs = Stack.of(v.scope), Stack.of(key)
    stack = theirs.node.path
    if is_unresolved(here.account) or is_unresolved(theirs.account):
        agnostic = "this stack" if is_unresolved(here.account) else f"the stack {stack}"
        v.add(
            prop,
            f"is a key created in the stack {stack}, and {agnostic} has no account (no "
            "env=), the other one's is set: the functions' grants on it would need names "
            "across environments",
            "give both stacks the same env=cdk.Environment(account=..., region=...), or "
            f"import the key by its ARN: {KEY_ARN_FIX}",
        )
        return
    v.add(
        prop,
        f"is a key created in the stack {stack} of account {theirs.account}, not this "
        f"stack's {here.account}: the functions' grants on it would need names across "
        "accounts",
        f"create the key in this stack's account, or import the other account's key by "
        f"its ARN (its owner then allows this account in its key policy): {KEY_ARN_FIX}",
    )


def warn_of_other_account(v: Validator, key: kms.IKey, prop: str, service: str) -> None:
    """A key of another account (both accounts known at synth): the library's grants reach
    this account's IAM policies only, and another account's key is used only where its key
    policy allows this account too, which its owner decides (a warning, with the statement:
    the owner may have added it already)."""
    accounts = other_account(v.scope, key)
    if accounts is None:
        return
    theirs, here = accounts
    stack = Stack.of(v.scope)
    statement = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:{_shown(v.scope, stack.partition)}:iam::{here}:root"},
        "Action": list(_OTHER_ACCOUNT_ACTIONS[service]),
        "Resource": "*",
        "Condition": {
            "StringEquals": {
                "kms:CallerAccount": here,
                "kms:ViaService": f"{service}.{_shown(v.scope, stack.region)}.amazonaws.com",
            }
        },
    }
    name = _SERVICE_NAMES[service]
    Annotations.of(v.scope).add_warning_v2(
        IMPORTED_KEY_POLICY_WARNING,
        f"`{prop}` is the KMS key {_shown(v.scope, key.key_arn)} of account {theirs}, not "
        f"this stack's {here}: its key policy is its owner's, and unless it lets this account "
        f"use the key through {name}, the deploy (or every read and write of the "
        f"functions, whose grants are this account's IAM policies) fails with KMS access "
        f"denied. The statement it needs: {json.dumps(statement)}. Fix: request that the key's "
        f"owner add it, then acknowledge '{IMPORTED_KEY_POLICY_WARNING}'; or pass a key of "
        f"account {here}.",
    )


def check_no_key_with(v: Validator, key: object, prop: str, existing: object, kind: str) -> None:
    """``prop`` (a key for the queue or table the construct creates) is refused with
    ``existing_<kind>``: the user's resource has its own encryption."""
    v.check(
        key is None or existing is None,
        prop,
        f"is set together with existing_{kind}, whose encryption is its owner's",
        f"encrypt your {kind} with the key yourself, or let the construct create the {kind}",
    )


def allow_service(
    scope: Construct, key: kms.IKey, service: str, conditions: dict[str, dict[str, str]], why: str
) -> None:
    """Lets ``service`` (e.g. ``events.amazonaws.com``) encrypt messages with ``key``, on
    ``conditions`` (its source). A key created in the app takes the statement in its
    policy; an imported key's policy is its owner's, which a warning spells out."""
    statement = iam.PolicyStatement(
        principals=[iam.ServicePrincipal(service)],
        actions=list(SEND_ACTIONS),
        resources=["*"],
        conditions=conditions,
    )
    if key.add_to_resource_policy(statement).statement_added:
        return
    warn_of_imported_key(scope, key, service, conditions, why)


def warn_of_imported_key(
    scope: IConstruct, key: kms.IKey, service: str, conditions: dict[str, dict[str, str]], why: str
) -> None:
    """The statement ``service`` needs in an imported key's policy, for its owner to add
    (a warning: the owner may have added it already)."""
    document = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": list(SEND_ACTIONS),
        "Resource": "*",
    }
    if conditions:  # CloudWatch's statement has none
        document["Condition"] = {
            operator: {name: _shown(scope, value) for name, value in values.items()}
            for operator, values in conditions.items()
        }
    Annotations.of(scope).add_warning_v2(
        IMPORTED_KEY_POLICY_WARNING,
        f"The KMS key {_shown(scope, key.key_arn)} is imported: its key policy is its "
        f"owner's, and {service} needs this statement in it to {why}: "
        f"{json.dumps(document)}. Fix: request that the key's owner add it (a key created in this "
        f"app gets it), then acknowledge '{IMPORTED_KEY_POLICY_WARNING}'.",
    )


def _shown(scope: IConstruct, value: str) -> str:
    """A value as the key's owner reads it: a deploy-time part by what it refers to."""
    return value if not is_unresolved(value) else _rendered(Stack.of(scope).resolve(value))


def _rendered(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        logical_id, attribute = value["Fn::GetAtt"]
        return f"<{attribute} of {logical_id}>"
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(_rendered(part) for part in parts)
    return "<known at deploy time>"
