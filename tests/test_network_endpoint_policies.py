"""Network: the interface endpoints allow calls of the Network's own account's principals only
(an identity perimeter), plus the accounts ``interface_endpoint_accounts`` names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk.assertions import Template

from constructs_lib import Network, QueueWorker
from constructs_lib._interface_services import INTERFACE_SERVICES, supports_endpoint_policy
from tests.support import (
    CDK_CONTEXT,
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    cfn_lint,
    echo_handler,
    in_stack,
    nag_findings,
    new_stack,
    rule_cases,
)

OWN_ACCOUNT = {"Ref": "AWS::AccountId"}
PARTNER = "111122223333"


def _interface_endpoints(template: Template) -> dict[str, dict[str, Any]]:
    """The interface endpoints' properties, by service name (the ServiceName's last part)."""
    found = template.find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Interface"}}
    )
    return {
        str(e["Properties"]["ServiceName"]["Fn::Join"][1][-1]).rsplit(".", 1)[-1]: e["Properties"]
        for e in found.values()
    }


def _networked(stack: cdk.Stack, *services: str, **network: Any) -> Network:
    built = Network(stack, "Network", **network)
    QueueWorker(stack, "Worker", handler=echo_handler(endpoints=services), network=built)
    return built


@pytest.fixture(scope="module")
def template() -> Template:
    # GIVEN the default Network with a function that calls SQS and STS
    stack = new_stack()
    _networked(stack, "sqs", "sts")
    return Template.from_stack(stack)


def test_every_interface_endpoint_allows_only_the_stacks_own_accounts_principals(
    template: Template,
) -> None:
    # Proves (security review): the interface endpoints had no policy, so calls signed with
    # any account's credentials (stolen elsewhere) could move data out through them
    endpoints = _interface_endpoints(template)
    assert sorted(endpoints) == ["sqs", "sts", "xray"]
    for endpoint in endpoints.values():
        statement = endpoint["PolicyDocument"]["Statement"][0]
        assert statement == {
            "Sid": "TrustedAccountPrincipalsOnly",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "*",
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalAccount": OWN_ACCOUNT}},
        }


def test_the_sts_endpoint_lets_web_identity_and_saml_assume_own_account_roles_only(
    template: Template,
) -> None:
    # AssumeRoleWithWebIdentity / WithSAML carry no AWS principal: the role decides
    endpoints = _interface_endpoints(template)
    assert len(endpoints["sqs"]["PolicyDocument"]["Statement"]) == 1
    assert len(endpoints["xray"]["PolicyDocument"]["Statement"]) == 1
    federation = endpoints["sts"]["PolicyDocument"]["Statement"][1]
    assert federation == {
        "Sid": "FederationIntoTrustedAccountRolesOnly",
        "Effect": "Allow",
        "Principal": {"Federated": "*"},
        "Action": ["sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"],
        "Resource": "*",
        "Condition": {"StringEquals": {"aws:ResourceAccount": OWN_ACCOUNT}},
    }


def test_the_gateway_endpoints_keep_their_resource_account_policy(template: Template) -> None:
    gateways = template.find_resources(
        "AWS::EC2::VPCEndpoint", {"Properties": {"VpcEndpointType": "Gateway"}}
    )
    assert len(gateways) == 2  # S3's and DynamoDB's, each read below
    for endpoint in gateways.values():
        (statement,) = endpoint["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Sid"] == "OwnAccountResourcesOnly"


def test_interface_endpoint_accounts_are_trusted_besides_the_own() -> None:
    # GIVEN a VPC shared with another account (AWS RAM), whose workloads use the endpoints
    stack = new_stack()
    _networked(stack, "sts", interface_endpoint_accounts=[PARTNER, PARTNER])
    endpoints = _interface_endpoints(Template.from_stack(stack))
    assert len(endpoints) == 2
    # THEN each endpoint trusts both accounts, each once
    for endpoint in endpoints.values():
        for statement in endpoint["PolicyDocument"]["Statement"]:
            (condition,) = statement["Condition"]["StringEquals"].values()
            assert condition == [OWN_ACCOUNT, PARTNER]


def test_other_accounts_does_not_loosen_the_interface_endpoints() -> None:
    # other_accounts is about resources (buckets, tables), not whose credentials sign calls
    stack = new_stack()
    _networked(stack, other_accounts=True)
    (xray,) = _interface_endpoints(Template.from_stack(stack)).values()
    (statement,) = xray["PolicyDocument"]["Statement"]
    assert statement["Condition"] == {"StringEquals": {"aws:PrincipalAccount": OWN_ACCOUNT}}


def test_an_endpoint_asked_for_directly_gets_the_policy_too() -> None:
    stack = new_stack()
    Network(stack, "Network").endpoint("kms")
    (kms,) = _interface_endpoints(Template.from_stack(stack)).values()
    assert [s["Sid"] for s in kms["PolicyDocument"]["Statement"]] == [
        "TrustedAccountPrincipalsOnly"
    ]


def test_every_known_service_is_decided_on_endpoint_policies() -> None:
    # a service added to INTERFACE_SERVICES must be put in (or left out of) the policy set
    # on purpose: one without endpoint policy support fails the deploy with a policy
    # (CodeDeploy's guide documents no endpoint policy: left out on purpose)
    assert [s for s in INTERFACE_SERVICES if not supports_endpoint_policy(s)] == ["codedeploy"]
    assert not supports_endpoint_policy("cloudtrail")


def test_a_service_without_endpoint_policies_gets_none(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a service that takes no endpoint policy (as CloudTrail's, CodePipeline's)
    monkeypatch.setattr(
        "constructs_lib._endpoint_policy.supports_endpoint_policy", lambda service: False
    )
    stack = new_stack()
    _networked(stack)
    # THEN its endpoint is created without one (CloudFormation would refuse it)
    (xray,) = _interface_endpoints(Template.from_stack(stack)).values()
    assert "PolicyDocument" not in xray


def test_the_policies_pass_cdk_nag_and_cfn_lint(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    _networked(stack, "sts", "sqs", interface_endpoint_accounts=[PARTNER])
    assert nag_findings(app, tmp_path) == set()
    assert cfn_lint(Template.from_stack(stack).to_json()) == []


#: an existing VPC with its own interface endpoints (a platform team's)
PLATFORM_VPC = InStack(
    lambda stack: ec2.Vpc.from_vpc_attributes(
        stack, "V", vpc_id="vpc-1", availability_zones=["a", "b"], isolated_subnet_ids=["s", "t"]
    )
)

CASES: list[RuleCase] = [
    (
        "bare string",
        {"interface_endpoint_accounts": PARTNER},
        rf"`interface_endpoint_accounts` is the string '{PARTNER}', not a list of strings. "
        rf"Fix: pass \['{PARTNER}'\]",
    ),
    (
        "numbers",
        {"interface_endpoint_accounts": [111122223333]},
        r"`interface_endpoint_accounts` is .*; it must be a list of strings",
    ),
    (
        "not an account ID",
        {"interface_endpoint_accounts": [PARTNER, "arn:aws:iam::111122223333:root"]},
        r"`interface_endpoint_accounts\[1\]` is 'arn:aws:iam::111122223333:root', not an AWS "
        r"account ID \(12 digits\). Fix: pass each account's 12-digit ID as a string",
    ),
    (
        "eleven digits",
        {"interface_endpoint_accounts": ["11112222333"]},
        r"`interface_endpoint_accounts\[0\]` is '11112222333', not an AWS account ID",
    ),
    (
        # Proves (review): full-width digits passed the 12-digit check (Python's \d takes
        # every script's digits, as the schedules' rule says), into a policy that never
        # matches the account
        "full-width digits",
        {"interface_endpoint_accounts": ["\uff11" * 12]},
        r"`interface_endpoint_accounts\[0\]` is '.{12}', not an AWS account ID \(12 digits\)",
    ),
    (
        "no interface endpoints",
        {
            "existing_vpc": PLATFORM_VPC,
            "gateway_endpoints": False,
            "interface_endpoints": False,
            "interface_endpoint_accounts": [PARTNER],
        },
        r"`interface_endpoint_accounts` names accounts with interface_endpoints=False: the "
        r"Network creates no interface endpoints.*Fix: drop interface_endpoint_accounts, or "
        r"ask the VPC's owner",
    ),
]


def _network(**props: Any) -> Network:
    stack = new_stack()
    return Network(stack, "Network", **in_stack(props, stack))


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_network, props, message)


def test_a_deploy_time_account_is_taken() -> None:
    stack = new_stack()
    account = cdk.Fn.import_value("PartnerAccount")
    _networked(stack, interface_endpoint_accounts=[account])
    (xray,) = _interface_endpoints(Template.from_stack(stack)).values()
    (statement,) = xray["PolicyDocument"]["Statement"]
    assert statement["Condition"]["StringEquals"]["aws:PrincipalAccount"][1] == {
        "Fn::ImportValue": "PartnerAccount"
    }


def test_every_problem_at_once() -> None:
    assert_every_problem(
        _network,
        {"max_azs": 0, "interface_endpoint_accounts": ["1", "2"]},
        "Test/Network",
        ["max_azs", "interface_endpoint_accounts[0]", "interface_endpoint_accounts[1]"],
    )
