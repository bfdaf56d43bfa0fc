"""The KMS key of the library's log groups: the ``constructs_lib:log_encryption_key``
context (a platform's customer-managed-key rule), checked where a log group is created. A
key of another region or partition is refused (CloudWatch Logs uses a key of the log
group's own region only); one of another account warns: CloudWatch Logs can use it (the
key policy condition it documents names the log group's account in the encryption
context), but only if that account's key policy says so, which the library cannot see."""

from __future__ import annotations

import json
import re

from aws_cdk import Annotations
from constructs import Construct

from constructs_lib._agnostic_imports import warn_of_region_in_agnostic_stack
from constructs_lib._customer_keys import IMPORTED_KEY_POLICY_WARNING
from constructs_lib._defaults.values import LOG_ENCRYPTION_KEY_CONTEXT_KEY
from constructs_lib._facts import context_in, stack_of
from constructs_lib._identity_map import IdentitySet
from constructs_lib._jsii import is_unresolved
from constructs_lib._key_ids import KEY_ID_PATTERN
from constructs_lib.errors import ConstructError, Problem

__all__ = ["log_encryption_key"]

# CloudWatch Logs takes a key's ARN only (no alias, no bare key ID); ASCII digits only. A
# key ID is a lowercase UUID, or mrk- and 32 hex digits for a multi-Region key: any other
# (key/abc, capitals) fails aws-cdk-lib's template validation at synth, naming the log group
_KEY_ARN = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):kms:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):key/"
    + KEY_ID_PATTERN,
    re.ASCII,
)


def log_encryption_key(scope: Construct) -> str | None:
    """The context's key ARN for a log group created in ``scope`` (made already: the
    context of a scope with a child no longer changes), or None."""
    value = context_in(scope, LOG_ENCRYPTION_KEY_CONTEXT_KEY)
    if value is None:
        return None
    match = _KEY_ARN.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _error(
            scope,
            f"is {value!r}; CloudWatch Logs takes a KMS key's ARN "
            "(arn:aws:kms:<region>:<account>:key/<key id>, the ID a lowercase UUID or mrk-...), "
            "not an alias or a key ID",
            "set it to the key's ARN (aws kms describe-key --key-id alias/<name> prints it)",
        )
    stack = stack_of(scope)
    region = stack.region
    if is_unresolved(region) and stack not in _WARNED:
        _WARNED.add(stack)  # once per stack: the context is its every log group's
        warn_of_region_in_agnostic_stack(
            scope,
            f"The context {LOG_ENCRYPTION_KEY_CONTEXT_KEY!r} is a key of region "
            f"{match['region']} (CloudWatch Logs uses a key of the log group's own region)",
            match["region"],
            "set the context only on a stage with that region "
            f"(stage.node.set_context({LOG_ENCRYPTION_KEY_CONTEXT_KEY!r}, arn) right after "
            "creating the stage)",
        )
    if not is_unresolved(region) and region != match["region"]:
        raise _error(
            scope,
            f"is a key of {match['region']} and the stack is in {region}: CloudWatch Logs "
            "uses a key of the log group's own region only",
            "set the context per stage to a key of its region "
            f"(stage.node.set_context({LOG_ENCRYPTION_KEY_CONTEXT_KEY!r}, arn) right after "
            "creating the stage)",
        )
    from aws_cdk import region_info  # with the context only

    partition = None if is_unresolved(region) else region_info.RegionInfo.get(region).partition
    if partition is not None and partition != match["partition"]:
        raise _error(
            scope,
            f"is a key of the partition {match['partition']} and the stack's region {region} "
            f"is in {partition}: CloudWatch Logs uses a key of the log group's own partition "
            "and region only",
            f"set it to the ARN of a key of {region} (arn:{partition}:kms:{region}:...)",
        )
    _warn_of_other_account(scope, match)
    return match.string


def _warn_of_other_account(scope: Construct, key: re.Match[str]) -> None:
    """Warns, once per stack, when the context's ``key`` is of another account than the
    stack's: CloudWatch Logs uses it only if that account's key policy lets this account's
    log groups do so (a key's own account grants nothing of it to another's IAM), which the
    library cannot see or write."""
    stack = stack_of(scope)
    account, theirs = stack.account, key["account"]
    if is_unresolved(account) or account == theirs or stack in _OTHER_ACCOUNT_WARNED:
        return
    _OTHER_ACCOUNT_WARNED.add(stack)
    from aws_cdk import region_info  # with such a key only

    region, partition = key["region"], key["partition"]
    statement = {
        "Effect": "Allow",
        "Principal": {
            "Service": f"logs.{region}.{region_info.RegionInfo.get(region).domain_suffix}"
        },
        "Action": [
            "kms:Encrypt*",
            "kms:Decrypt*",
            "kms:ReEncrypt*",
            "kms:GenerateDataKey*",
            "kms:Describe*",
        ],
        "Resource": "*",
        "Condition": {
            "ArnLike": {
                "kms:EncryptionContext:aws:logs:arn": (
                    f"arn:{partition}:logs:{region}:{account}:log-group:*"
                )
            }
        },
    }
    Annotations.of(scope).add_warning_v2(
        IMPORTED_KEY_POLICY_WARNING,
        f"The context {LOG_ENCRYPTION_KEY_CONTEXT_KEY!r} is the KMS key {key.string} of "
        f"account {theirs}, not the stack's {account} ({stack.node.path}): its key policy is "
        "its owner's, and unless it lets CloudWatch Logs use the key for this account's log "
        "groups, the deploy fails on the first log group (and logs written under a policy "
        "withdrawn later can no longer be read). The statement it needs: "
        f"{json.dumps(statement)}. Fix: request that the key's owner add it, then "
        f"acknowledge '{IMPORTED_KEY_POLICY_WARNING}'; or set the context to a key of account "
        f"{account}.",
    )


#: The stacks warned of (environment-agnostic, with the context's key of one region).
_WARNED = IdentitySet()
#: The stacks warned of (the context's key of another account).
_OTHER_ACCOUNT_WARNED = IdentitySet()


def _error(scope: Construct, message: str, fix: str) -> ConstructError:
    return ConstructError(
        [Problem(scope.node.path, f"context {LOG_ENCRYPTION_KEY_CONTEXT_KEY!r}", message, fix)]
    )
