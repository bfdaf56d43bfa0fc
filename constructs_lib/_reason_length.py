"""The length rule of a reason a user writes for a cdk-nag acknowledgement (``acknowledge``,
``ApiAuth.none(reason=)``, ``Route(public=)``, ``grant_invoke(reason=)``): one rule, one
message, wherever the reason is given.

cdk-nag 2's ``NagSuppressions`` refuses a reason under 10 characters; cdk-nag 3 and
aws-cdk-lib's ``Validations.acknowledge``, which records its acknowledgements, take any
(even ""). The library keeps the rule for both majors: the reason is what a reviewer reads
in the report and the template's metadata, and an app moving between majors keeps its
reasons valid."""

from __future__ import annotations

from constructs_lib._jsii import given
from constructs_lib._nag_rules import MIN_REASON_LENGTH

__all__ = ["short_reason"]


def short_reason(reason: object, why: str) -> str | None:
    """The message for ``reason`` when it is no string or too short to say ``why`` (``the
    API is public``); None when it is long enough."""
    if isinstance(reason, str) and len(reason.strip()) >= MIN_REASON_LENGTH:
        return None
    return (
        f"is {given(reason)}; it must say why {why}, in at least {MIN_REASON_LENGTH} "
        "characters: it is recorded as a cdk-nag acknowledgement, which a security reviewer "
        "reads; cdk-nag 2 refuses shorter reasons, and the library holds cdk-nag 3's (which "
        "takes any) to the same rule"
    )
