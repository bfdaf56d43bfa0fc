"""A resource's own account and region, as the environment checks (``_env.py``) compare
them: an import's read from its ARN, since aws-cdk-lib gives some imports the importing
stack's environment whatever the ARN says."""

from __future__ import annotations

from aws_cdk import IResource, Stack
from constructs import IConstruct

from constructs_lib._facts import attribute_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved

__all__ = ["other_account", "resource_env"]


def other_account(scope: IConstruct, resource: IResource) -> tuple[str, str] | None:
    """``(resource's account, scope's stack's account)`` when both are known at synth and
    differ (an owner elsewhere must allow what this account does); None otherwise."""
    theirs, here = resource.env.account, Stack.of(scope).account
    if is_unresolved(theirs) or is_unresolved(here) or theirs == here:
        return None
    return theirs, here


def resource_env(resource: object) -> tuple[str, str] | None:
    """``(account, region)`` of an IResource (imports may be interface proxies): from its
    ARN when it was imported by one, else its ``env``; None for another object. Set when
    the resource is made or imported: asked once per resource, whichever construct is
    given it."""
    env = attribute_of(resource, "env")
    if env is None:
        return None
    return _ENVS.remembered(
        resource, lambda: _arn_environment(resource) or (env.account, env.region)
    )


#: Each resource's account and region (:func:`resource_env`).
_ENVS: IdentityMap[tuple[str, str]] = IdentityMap()


def _arn_environment(resource: object) -> tuple[str, str] | None:
    """An imported DynamoDB table's, SES identity's, SSM parameter's or CloudWatch alarm's
    (account, region), from its ARN: aws-cdk-lib gives them the importing stack's
    environment whatever the ARN says."""
    if hasattr(resource, "table_name"):
        arn = getattr(resource, "table_arn", None)
    elif hasattr(resource, "email_identity_name"):
        arn = getattr(resource, "email_identity_arn", None)
    elif hasattr(resource, "parameter_name"):  # StringParameter.from_string_parameter_arn's
        arn = getattr(resource, "parameter_arn", None)
    else:
        arn = getattr(resource, "alarm_arn", None) if hasattr(resource, "alarm_name") else None
    if not isinstance(arn, str) or is_unresolved(arn) or not arn.startswith("arn:"):
        return None
    parts = arn.split(":")
    return (parts[4], parts[3]) if len(parts) > 5 else None
