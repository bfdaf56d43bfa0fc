"""A certificate, hosted zone, user pool client or security group created in another stack
of the app: aws-cdk-lib references it across regions and accounts (no refusal), but only
when both stacks' environments are known. Without them its synth failed with a
CrossRegionReferencesRequireExplicitRegion trace naming no prop, or (an env without an
account beside one with it) the template named a role of 'unknown-account' that no deploy
finds; each is now a ConstructError naming the prop."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_route53 as route53
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    ConstructError,
    Handler,
    Network,
    QueueWorker,
    ServerlessApi,
    StaticSite,
)
from tests.support import ECHO, SITE, new_app
from tests.template_support import intrinsics, properties_of
from tests.test_environments import EU, OTHER_ACCOUNT, US, _stacks

REGION_ONLY = cdk.Environment(region="us-east-1")
JWT = ApiAuth.jwt("https://issuer.example.com/", ["orders"])
NAME = "www.example.com"

Build = Callable[[cdk.Stack, cdk.Stack], Any]


def _site(scope: Construct, certificate: acm.ICertificate, **props: Any) -> StaticSite:
    return StaticSite(
        scope, "Site", source=SITE, domain_name=NAME, certificate=certificate, **props
    )


def _site_certificate(there: cdk.Stack, here: cdk.Stack) -> StaticSite:
    certificate = acm.Certificate(there, "Certificate", domain_name=NAME)
    return _site(here, certificate, alarms=False)


def _site_zone(
    there: cdk.Stack, here: cdk.Stack, site_scope: cdk.Stack | None = None
) -> StaticSite:
    zone = route53.PublicHostedZone(there, "Zone", zone_name="example.com")
    certificate = acm.Certificate(here, "Certificate", domain_name=NAME)
    return _site(site_scope or here, certificate, hosted_zone=zone, alarms=False)


def _api_domain(there: cdk.Stack, here: cdk.Stack, *, zone_there: bool) -> ServerlessApi:
    name = "api.example.com"
    zone = route53.PublicHostedZone(there if zone_there else here, "Zone", zone_name="example.com")
    certificate = acm.Certificate(here if zone_there else there, "Certificate", domain_name=name)
    domain = ApiDomain(name=name, certificate=certificate, hosted_zone=zone)
    return ServerlessApi(
        here, "Api", routes={"GET /a": Handler(code=ECHO)}, auth=JWT, domain=domain
    )


def _cognito_client(there: cdk.Stack, here: cdk.Stack) -> ServerlessApi:
    # the pool imported here, one of its clients created in the other stack
    pool_id = "us-east-1_AbCdEfGhI"
    pool = cognito.UserPool.from_user_pool_id(here, "Users", pool_id)
    client = cognito.UserPoolClient(
        there, "Web", user_pool=cognito.UserPool.from_user_pool_id(there, "Users", pool_id)
    )
    auth = ApiAuth.cognito(pool, [client])
    return ServerlessApi(here, "Api", routes={"GET /a": Handler(code=ECHO)}, auth=auth)


def _security_group(there: cdk.Stack, here: cdk.Stack) -> QueueWorker:
    vpc = ec2.Vpc.from_vpc_attributes(
        here,
        "Vpc",
        vpc_id="vpc-0123456789abcdef0",
        availability_zones=["us-east-1a"],
        isolated_subnet_ids=["subnet-0123456789abcdef0"],
        isolated_subnet_route_table_ids=["rtb-0123456789abcdef0"],
    )
    other_vpc = ec2.Vpc.from_vpc_attributes(
        there, "Vpc", vpc_id="vpc-0123456789abcdef0", availability_zones=["us-east-1a"]
    )
    group = ec2.SecurityGroup(there, "Platform", vpc=other_vpc)
    network = Network(here, "Net", existing_vpc=vpc, function_security_groups=[group])
    return QueueWorker(here, "W", handler=Handler(code=ECHO), network=network)


def _site_api(there: cdk.Stack, here: cdk.Stack) -> StaticSite:
    api = ServerlessApi(there, "Api", routes={"GET /api/a": Handler(code=ECHO)}, auth=JWT)
    return StaticSite(here, "Site", source=SITE, api=api, alarms=False)


def _user_pool(there: cdk.Stack, here: cdk.Stack) -> ServerlessApi:
    pool = cognito.UserPool(there, "Users")
    auth = ApiAuth.cognito(pool, [pool.add_client("Web")])
    return ServerlessApi(here, "Api", routes={"GET /a": Handler(code=ECHO)}, auth=auth)


BUILDS: dict[str, tuple[str, str, Build]] = {
    "site api": ("api", "API", _site_api),
    "user pool": ("auth.user_pool", "user pool", _user_pool),
    "site certificate": ("certificate", "certificate", _site_certificate),
    "site hosted zone": ("hosted_zone", "hosted zone", _site_zone),
    "api certificate": (
        "domain.certificate",
        "certificate",
        lambda t, h: _api_domain(t, h, zone_there=False),
    ),
    "api hosted zone": (
        "domain.hosted_zone",
        "hosted zone",
        lambda t, h: _api_domain(t, h, zone_there=True),
    ),
    "cognito client": ("auth.clients[0]", "client", _cognito_client),
}


@pytest.mark.parametrize("case", BUILDS, ids=list(BUILDS))
@pytest.mark.parametrize(
    ("envs", "where"),
    [
        ((None, US), "is in stack 'There', which is environment-agnostic, and "),
        ((US, None), "is in stack 'There' of region us-east-1, and "),
    ],
    ids=["agnostic there", "agnostic here"],
)
def test_a_resource_of_an_agnostic_stack_beside_one_with_a_region_is_named(
    case: str, envs: tuple[cdk.Environment | None, cdk.Environment | None], where: str
) -> None:
    # GIVEN one stack with an env and one without WHEN the construct takes the resource
    prop, kind, build = BUILDS[case]
    # THEN a ConstructError names the prop (synth failed with a jsii trace)
    with pytest.raises(ConstructError) as raised:
        build(*_stacks(*envs))
    message = str(raised.value)
    assert f"`{prop}` {where}" in message
    assert f"references another stack's {kind} only when both regions are known" in message
    assert (
        "Fix: give both stacks env=cdk.Environment(account=..., region=...), or neither" in message
    )


@pytest.mark.parametrize("case", BUILDS, ids=list(BUILDS))
def test_a_resource_of_a_stack_without_an_account_beside_one_with_it_is_named(case: str) -> None:
    # GIVEN a stack whose env names a region only (its account is the CLI's at deploy)
    prop, kind, build = BUILDS[case]
    # THEN a ConstructError (the template named the role of 'unknown-account')
    with pytest.raises(ConstructError) as raised:
        build(*_stacks(REGION_ONLY, US))
    message = str(raised.value)
    assert (
        f"`{prop}` is in stack 'There', without an account (its env names none), and "
    ) in message
    assert f"reads another account's {kind} through a role of that account" in message
    assert "'unknown-account', which fails the deploy" in message
    assert (
        "Fix: give both stacks env=cdk.Environment(account=..., region=...) with the account"
        in message
    )


def test_every_problem_is_listed_with_the_reference() -> None:
    # GIVEN an agnostic certificate stack and a site with a second, unrelated problem
    there, here = _stacks(None, US)
    certificate = acm.Certificate(there, "Certificate", domain_name=NAME)
    with pytest.raises(ConstructError) as raised:
        _site(here, certificate, deployment_memory_mib=1)
    # THEN both are in one error
    assert {p.prop for p in raised.value.problems} == {"certificate", "deployment_memory_mib"}


def test_a_pool_and_its_client_of_an_agnostic_stack_are_one_problem() -> None:
    # the client is referenced as its pool is: the pool's problem says it once
    there, here = _stacks(None, US)
    pool = cognito.UserPool(there, "Users")
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            here,
            "Api",
            routes={"GET /a": Handler(code=ECHO)},
            auth=ApiAuth.cognito(pool, [pool.add_client("Web")]),
        )
    assert [p.prop for p in raised.value.problems] == ["auth.user_pool"]


@pytest.mark.parametrize(
    ("there", "here", "where"),
    [
        (EU, US, "region eu-west-1, not us-east-1"),
        (OTHER_ACCOUNT, US, "account 222222222222, not 111111111111"),
        (None, US, "an environment-agnostic stack, not region us-east-1 and account 111111111111"),
    ],
    ids=["other region", "other account", "agnostic"],
)
def test_a_security_group_of_another_environment_is_named(
    there: cdk.Environment | None, here: cdk.Environment, where: str
) -> None:
    # Proves (user trial): a group of another region synthesized; Lambda refuses it at deploy
    with pytest.raises(ConstructError) as raised:
        _security_group(*_stacks(there, here))
    message = str(raised.value)
    assert (
        f"`function_security_groups[0]` There/Platform is in {where}: a security group " in message
    )
    assert (
        "Fix: pass a security group of the Network's VPC, created or imported in a stack" in message
    )


# --- legitimate inputs of the same shapes keep working


@pytest.mark.parametrize(
    ("envs", "build"),
    [
        ((US, US), _site_certificate),
        ((None, None), _site_certificate),
        ((US, EU), _site_certificate),  # the us-east-1 certificate of a site elsewhere
        ((EU, US), _site_zone),  # Route 53 has no region
        ((US, US), lambda t, h: _api_domain(t, h, zone_there=True)),
        ((None, None), lambda t, h: _api_domain(t, h, zone_there=False)),
        ((US, US), _cognito_client),
        ((EU, US), _cognito_client),
        ((OTHER_ACCOUNT, US), _cognito_client),
        ((US, US), _security_group),
    ],
    ids=[
        "site cert same env",
        "site cert both agnostic",
        "site cert us-east-1 to eu-west-1",
        "site zone other region",
        "api zone same env",
        "api cert both agnostic",
        "client same env",
        "client other region",
        "client other account",
        "group same env",
    ],
)
def test_a_resource_of_another_stack_with_known_environments_synthesizes(
    envs: tuple[cdk.Environment | None, cdk.Environment | None], build: Build
) -> None:
    there, here = _stacks(*envs)
    build(there, here)
    # THEN both templates synthesize (aws-cdk-lib references across regions and accounts)
    for stack in (there, here):
        Template.from_stack(stack)
    # AND the construct refers to the other stack's resource: its stack depends on that one,
    # or (another account) reads its output through that account's role
    if there.account != here.account:
        (read,) = intrinsics(Template.from_stack(here).to_json(), "Fn::GetStackOutput")
        assert read["StackName"] == there.stack_name
    else:
        assert [stack.node.path for stack in here.dependencies] == [there.node.path]


def test_a_site_certificate_of_us_east_1_is_read_across_regions() -> None:
    there, here = _stacks(US, EU)
    _site_certificate(there, here)
    template = json.dumps(Template.from_stack(here).to_json())
    assert "Custom::CrossRegionExportReader" in template or "Fn::GetStackOutput" in template


def test_an_imported_certificate_needs_no_environment() -> None:
    # an import is referenced by its ARN: any pair of stacks takes it
    _, here = _stacks(None, None)
    arn = "arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555"
    certificate = acm.Certificate.from_certificate_arn(here, "Certificate", arn)
    site = StaticSite(here, "Site", source=SITE, domain_name=NAME, certificate=certificate)
    # THEN the distribution serves the name with the certificate of the ARN
    config = properties_of(site.distribution)["DistributionConfig"]
    assert config["Aliases"] == [NAME]
    assert config["ViewerCertificate"]["AcmCertificateArn"] == arn


@pytest.mark.parametrize("env", [US, None], ids=["env", "agnostic"])
def test_a_certificate_and_zone_of_the_parent_serve_a_site_in_its_nested_stack(
    env: cdk.Environment | None,
) -> None:
    # a nested stack shares its parent's environment, whatever it is
    parent = cdk.Stack(new_app(), "Parent", env=env)
    site = _site_zone(parent, parent, site_scope=cdk.NestedStack(parent, "Web"))
    template = Template.from_stack(parent)
    # THEN the parent hands the nested stack its certificate and zone as parameters, which
    # the site's distribution uses
    (nested,) = template.find_resources("AWS::CloudFormation::Stack").values()
    handed = json.dumps(nested["Properties"]["Parameters"])
    assert "ParentCertificate" in handed and "ParentZone" in handed
    config = properties_of(site.distribution)["DistributionConfig"]
    assert config["Aliases"] == [NAME]
    assert "Ref" in config["ViewerCertificate"]["AcmCertificateArn"]
