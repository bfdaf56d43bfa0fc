"""The KMS key of the library's log groups: the ``constructs_lib:log_encryption_key``
context (a platform's customer-managed-key rule), checked where a log group is created."""

from __future__ import annotations

import re

from constructs import Construct

from constructs_lib._agnostic_imports import warn_of_region_in_agnostic_stack
from constructs_lib._defaults.values import LOG_ENCRYPTION_KEY_CONTEXT_KEY
from constructs_lib._facts import context_of, stack_of
from constructs_lib._identity_map import IdentitySet
from constructs_lib._jsii import is_unresolved
from constructs_lib._key_ids import KEY_ID_PATTERN
from constructs_lib.errors import ConstructError, Problem

__all__ = ["log_encryption_key"]

# CloudWatch Logs takes a key's ARN only (no alias, no bare key ID); ASCII digits only. A
# key ID is a lowercase UUID, or mrk- and 32 hex digits for a multi-Region key: any other
# (key/abc, capitals) fails aws-cdk-lib's template validation at synth, naming the log group
_KEY_ARN = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):kms:(?P<region>[a-z0-9-]+):[0-9]{12}:key/" + KEY_ID_PATTERN,
    re.ASCII,
)


def log_encryption_key(scope: Construct) -> str | None:
    """The context's key ARN for a log group created in ``scope``, or None."""
    value = context_of(scope, LOG_ENCRYPTION_KEY_CONTEXT_KEY)
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
    return match.string


#: The stacks warned of (environment-agnostic, with the context's key of one region).
_WARNED = IdentitySet()


def _error(scope: Construct, message: str, fix: str) -> ConstructError:
    return ConstructError(
        [Problem(scope.node.path, f"context {LOG_ENCRYPTION_KEY_CONTEXT_KEY!r}", message, fix)]
    )
