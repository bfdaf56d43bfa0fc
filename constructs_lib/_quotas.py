"""Warnings on an adjustable AWS quota that a template passes at its default: synth and
cdk-nag pass and the deploy fails, unless the account (or the API) has a higher quota, so a
warning naming the quota, the fix and how to acknowledge it rather than an error."""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Annotations
from constructs import IConstruct

__all__ = ["Quota", "warn_of_quota"]


@dataclass(frozen=True, kw_only=True)
class Quota:
    """An adjustable quota as Service Quotas lists it."""

    #: The service, as Service Quotas names it (``Amazon VPC``).
    service: str
    #: The quota's name (``Inbound rules per security group``).
    name: str
    #: Its default value.
    default: int
    #: Whose quota it is, as a message says it (``the account's``, ``this API's``).
    whose: str = "the account's"
    #: Where a higher quota is requested, after the quota's name (`` for this API``).
    request_for: str = ""


def warn_of_quota(
    scope: IConstruct,
    warning_id: str,
    found: str,
    quota: Quota,
    *,
    fix: str,
    failure: str = "the deploy fails half-way",
) -> None:
    """Warns on ``scope`` that ``found`` (what the template has, as a sentence's start)
    passes ``quota``'s default: ``failure`` unless it is higher; ``fix`` comes before the
    request for a higher quota, and the warning ends with how to acknowledge it."""
    Annotations.of(scope).add_warning_v2(
        warning_id,
        f"{found}, and {quota.service}'s quota '{quota.name}' is {quota.default} by default: "
        f"unless {quota.whose} is higher, {failure}. Fix: {fix}, or request a higher "
        f"'{quota.name}'{quota.request_for} (Service Quotas, {quota.service}) before "
        f"deploying. If {quota.whose} quota is higher, acknowledge '{warning_id}'.",
    )
