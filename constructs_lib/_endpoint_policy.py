"""The policy of a Network's interface endpoints: an identity perimeter. Calls through them
are allowed only with the credentials of principals of the Network's own account (and of
the accounts ``interface_endpoint_accounts`` names), so credentials of another account
(taken elsewhere, or a developer's own) cannot move data out through the VPC's endpoint.

Following AWS's data-perimeter guidance (the ``aws-samples/data-perimeter-policy-examples``
VPC endpoint policies, with ``aws:PrincipalAccount`` for an account instead of
``aws:PrincipalOrgID`` for an organization): the library's functions run with roles of the
stack's account, so they are always allowed."""

from __future__ import annotations

import re
import typing
from collections.abc import Sequence

from aws_cdk import Aws
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

from constructs_lib._interface_services import supports_endpoint_policy
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_endpoint_accounts", "restrict_to_accounts"]

# ASCII digits: \d also takes other scripts' digits (full-width ones), as schedules do
_ACCOUNT_ID = re.compile(r"[0-9]{12}\Z")
_PROP = "interface_endpoint_accounts"


def restrict_to_accounts(
    endpoint: ec2.InterfaceVpcEndpoint, service: str, accounts: Sequence[str]
) -> None:
    """Gives ``endpoint`` (of ``service``) the policy allowing only principals of the
    stack's account and ``accounts``; none for a service that takes no endpoint policy (an
    endpoint created with one fails the deploy)."""
    if not supports_endpoint_policy(service):
        return
    trusted: str | list[str] = (
        [Aws.ACCOUNT_ID, *dict.fromkeys(accounts)] if accounts else Aws.ACCOUNT_ID
    )
    endpoint.add_to_policy(
        iam.PolicyStatement(
            sid="TrustedAccountPrincipalsOnly",
            principals=[iam.AnyPrincipal()],
            actions=["*"],
            resources=["*"],
            conditions={"StringEquals": {"aws:PrincipalAccount": trusted}},
        )
    )
    if service == "sts":
        # AssumeRoleWithWebIdentity and AssumeRoleWithSAML are signed by no AWS principal
        # (a web identity or SAML token is the credential): the roles they assume must be
        # of the trusted accounts instead (the guidance's statement for STS endpoints).
        endpoint.add_to_policy(
            iam.PolicyStatement(
                sid="FederationIntoTrustedAccountRolesOnly",
                principals=[iam.FederatedPrincipal("*")],
                actions=["sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"],
                resources=["*"],
                conditions={"StringEquals": {"aws:ResourceAccount": trusted}},
            )
        )


def _check_account(v: Validator, prop: str, account: str) -> None:
    """An account ID; one that resolves at synth (``Lazy.string``) is checked then."""
    if is_unresolved(account):
        v.recheck_rule(account, lambda found, text: _check_account(found, prop, text))
        return
    v.check(
        bool(_ACCOUNT_ID.match(account)),
        prop,
        f"is {account!r}, not an AWS account ID (12 digits)",
        "pass each account's 12-digit ID as a string, e.g. '111122223333'",
    )


def check_endpoint_accounts(v: Validator, accounts: object, interface_endpoints: object) -> None:
    """``interface_endpoint_accounts``: account IDs (12 digits, or tokens), and only for a
    Network that creates interface endpoints."""
    if not v.check_sequence(accounts, _PROP, "['111122223333']") or not v.known_at_synth(
        accounts,
        _PROP,
        "the endpoints' policies list the stack's own account and each of these",
        "pass a list, e.g. ['111122223333'] (its items may be deploy-time values)",
    ):
        return
    for index, account in enumerate(typing.cast(Sequence[str], accounts)):
        _check_account(v, f"{_PROP}[{index}]", account)
    v.check(
        not (accounts and interface_endpoints is False),
        _PROP,
        "names accounts with interface_endpoints=False: the Network creates no interface "
        "endpoints whose policy could allow them (the VPC's own keep their owner's policies)",
        "drop interface_endpoint_accounts, or ask the VPC's owner to allow those accounts in "
        "the policies of its interface endpoints",
    )
