"""An import's ``account=`` that is no account ID (``Bucket.from_bucket_attributes(...,
account="abc")``): an S3 bucket's ARN names no account, so the ARN's checks
(``_arn_shape``) never see it, and aws-cdk-lib takes any text. The grants and warnings then
named an account that is none, and a link to it synthesized as if it were another
account's."""

from __future__ import annotations

import re

from aws_cdk import Stack

from constructs_lib._jsii import is_unresolved
from constructs_lib._resource_env import resource_env
from constructs_lib._validation import Validator

__all__ = ["check_imported_account"]

_ACCOUNT_ID = re.compile(r"[0-9]{12}")


def check_imported_account(
    v: Validator, resource: object, arn: object, prop: str, kind: str
) -> bool:
    """Adds a problem when ``resource`` (a ``kind``, imported by ``arn`` or a name) was given
    an account that is no 12-digit ID; whether it was not. An account its ARN names is the
    ARN's checks'; the stack's own account (inherited) is the stack's."""
    named = isinstance(arn, str) and not is_unresolved(arn) and arn.count(":") >= 5
    if named and str(arn).split(":")[4]:
        return True
    known = resource_env(resource)  # asked once per resource: the environment checks' too
    account = None if known is None else known[0]
    if (
        not isinstance(account, str)
        or is_unresolved(account)
        or _ACCOUNT_ID.fullmatch(account)
        or account == Stack.of(v.scope).account
    ):
        return True
    v.add(
        prop,
        f"is imported with account={account!r}, which is no AWS account ID (12 digits)",
        f"pass the {kind} owner's 12-digit account ID as account=, e.g. '222222222222', or "
        f"leave account= out for a {kind} of this stack's account",
    )
    return False
