"""ServerlessApi(domain=ApiDomain(...)): the custom domain as a spec (GIVEN an API with a
domain, THEN ...), plus cdk-nag and cfn-lint over it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk.assertions import Match, Template

from constructs_lib import ApiAuth, ApiDomain, ServerlessApi
from tests.support import (
    CDK_CONTEXT,
    CERT_ARN,
    certificate,
    cfn_lint,
    echo_handler,
    hosted_zone,
    nag_findings,
    new_stack,
    warnings_of,
)

REGION = cdk.Environment(region="eu-west-1")
#: The certificate of every API here: in the API's region.
API_CERT_ARN = CERT_ARN.replace("us-east-1", "eu-west-1")


def domain_api(stack: cdk.Stack, **domain: Any) -> ServerlessApi:
    """An IAM-authorized API "Api" with ``ApiDomain(name="api.example.com", certificate,
    **domain)`` in ``stack``."""
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /items": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(
            name="api.example.com", certificate=certificate(stack, "eu-west-1"), **domain
        ),
    )


@pytest.fixture(scope="module")
def full() -> tuple[ServerlessApi, Template]:
    # GIVEN an API with a domain in a hosted zone, a base path, and no execute-api endpoint
    stack = new_stack(env=REGION)
    api = domain_api(
        stack, hosted_zone=hosted_zone(stack), base_path="v1", disable_default_endpoint=True
    )
    return api, Template.from_stack(stack)


@pytest.fixture(scope="module")
def template(full: tuple[ServerlessApi, Template]) -> Template:
    return full[1]


def test_domain_name_is_regional_tls_1_2_dual_stack_with_the_certificate(
    template: Template,
) -> None:
    template.resource_count_is("AWS::ApiGatewayV2::DomainName", 1)
    template.has_resource_properties(
        "AWS::ApiGatewayV2::DomainName",
        {
            "DomainName": "api.example.com",
            "DomainNameConfigurations": [
                {
                    "CertificateArn": API_CERT_ARN,
                    "EndpointType": "REGIONAL",
                    "SecurityPolicy": "TLS_1_2",
                    "IpAddressType": "dualstack",
                }
            ],
        },
    )


def test_mapping_sends_the_base_path_to_the_default_stage_once_it_exists(
    template: Template,
) -> None:
    (mapping,) = template.find_resources("AWS::ApiGatewayV2::ApiMapping").values()
    (api_id,) = template.find_resources("AWS::ApiGatewayV2::Api")
    (stage_id,) = template.find_resources("AWS::ApiGatewayV2::Stage")
    (domain_id,) = template.find_resources("AWS::ApiGatewayV2::DomainName")
    assert mapping["Properties"] == {
        "ApiId": {"Ref": api_id},
        "DomainName": {"Ref": domain_id},
        "Stage": "$default",
        "ApiMappingKey": "v1",
    }
    assert stage_id in mapping["DependsOn"]


def test_alias_records_point_a_and_aaaa_at_the_regional_endpoint(template: Template) -> None:
    (domain_id,) = template.find_resources("AWS::ApiGatewayV2::DomainName")
    template.resource_count_is("AWS::Route53::RecordSet", 2)
    for record_type in ("A", "AAAA"):
        template.has_resource_properties(
            "AWS::Route53::RecordSet",
            {
                "Name": "api.example.com.",
                "Type": record_type,
                "HostedZoneId": "Z123",
                "AliasTarget": {
                    "DNSName": {"Fn::GetAtt": [domain_id, "RegionalDomainName"]},
                    "HostedZoneId": {"Fn::GetAtt": [domain_id, "RegionalHostedZoneId"]},
                },
            },
        )


def test_default_endpoint_is_disabled_when_asked(template: Template) -> None:
    template.has_resource_properties("AWS::ApiGatewayV2::Api", {"DisableExecuteApiEndpoint": True})


def test_attributes_and_url_with_the_base_path(full: tuple[ServerlessApi, Template]) -> None:
    api, _ = full
    assert isinstance(api.domain_name, apigwv2.DomainName)
    assert isinstance(api.api_mapping, apigwv2.ApiMapping)
    assert [r.node.id for r in api.records] == ["AliasRecord", "AliasRecordIpv6"]
    assert api.url == "https://api.example.com/v1/"


def test_without_a_zone_or_base_path_no_records_root_mapping_and_default_endpoint_on() -> None:
    # GIVEN a domain with only its name and certificate
    stack = new_stack()
    api = domain_api(stack)
    template = Template.from_stack(stack)
    # THEN the domain is mapped at its root, no DNS record exists, execute-api still answers
    template.resource_count_is("AWS::Route53::RecordSet", 0)
    template.has_resource_properties(
        "AWS::ApiGatewayV2::ApiMapping", {"ApiMappingKey": Match.absent(), "Stage": "$default"}
    )
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Api", {"DisableExecuteApiEndpoint": Match.absent()}
    )
    assert api.url == "https://api.example.com/"
    assert api.records == []


def test_without_a_domain_nothing_changes() -> None:
    stack = new_stack()
    api = ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    template = Template.from_stack(stack)
    for type_ in ("DomainName", "ApiMapping"):
        template.resource_count_is(f"AWS::ApiGatewayV2::{type_}", 0)
    template.resource_count_is("AWS::Route53::RecordSet", 0)
    assert api.domain_name is None and api.api_mapping is None and api.records == []
    assert api.url == api.stage.url


def test_a_token_name_is_passed_through() -> None:
    # GIVEN a domain name known only at deploy time
    stack = new_stack()
    name = cdk.CfnParameter(stack, "DomainName").value_as_string
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(name=name, certificate=certificate(stack, "eu-west-1")),
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::DomainName", {"DomainName": {"Ref": "DomainName"}}
    )


def test_a_deploy_time_name_gets_its_records_under_that_name_not_below_the_zone() -> None:
    # Proves (brownfield trial): ApiDomain(name=<an SSM parameter's value>, hosted_zone=...)
    # got alias records named '<name>.example.com.' (aws-cdk-lib appends the zone's name to
    # a name it cannot see ending in it): orders.example.com.example.com, and the API's
    # own name no record at all
    stack = new_stack(env=REGION)
    name = cdk.CfnParameter(stack, "DomainName").value_as_string
    domain_api_named(stack, name, hosted_zone=hosted_zone(stack))
    records = Template.from_stack(stack).find_resources("AWS::Route53::RecordSet")
    assert len(records) == 2
    for record in records.values():
        assert record["Properties"]["Name"] == {"Fn::Join": ["", [{"Ref": "DomainName"}, "."]]}


def domain_api_named(stack: cdk.Stack, name: str, **domain: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /items": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(name=name, certificate=certificate(stack, "eu-west-1"), **domain),
    )


def test_cfn_lint_is_clean(template: Template) -> None:
    assert cfn_lint(template.to_json(), regions=["eu-west-1"]) == []


def test_cdk_nag_finds_nothing_unacknowledged(tmp_path: Path) -> None:
    # GIVEN an API with every domain option WHEN synthesized under cdk-nag
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Domain", env=REGION)
    domain_api(stack, hosted_zone=hosted_zone(stack), base_path="v1", disable_default_endpoint=True)
    # THEN cdk-nag reports nothing
    assert nag_findings(app, tmp_path) == set()


def test_a_route_key_repeating_the_base_path_is_a_warning_to_acknowledge() -> None:
    # Proves (user trial): routes={"GET /v1/rows": ...} on a domain with base_path="v1"
    # synthesized silently; API Gateway strips the base path before matching, so the
    # route answers at https://api.example.com/v1/v1/rows and /v1/rows at nothing
    stack = new_stack(env=REGION)
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /v1/rows": echo_handler(), "GET /health": echo_handler(name="Health")},
        auth=ApiAuth.iam(),
        domain=ApiDomain(
            name="api.example.com", certificate=certificate(stack, "eu-west-1"), base_path="v1"
        ),
    )
    assert warnings_of(stack, "routeRepeatsBasePath") == [
        "`routes['GET /v1/rows']` starts with the domain's base_path 'v1': API Gateway strips "
        "the base path before it matches a route, so this route answers at "
        "https://api.example.com/v1/v1/rows, and https://api.example.com/v1/rows matches no "
        "route. Fix: write the key without the base path (GET /rows). If the doubled path is "
        "meant, acknowledge 'constructs_lib:routeRepeatsBasePath'. "
        "[ack: constructs_lib:routeRepeatsBasePath]"
    ]
    # AND a route that only begins with the same letters, or an API at the root, is fine
    other = new_stack(env=REGION)
    ServerlessApi(
        other,
        "Api",
        routes={"GET /v1beta/rows": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(
            name="api.example.com", certificate=certificate(other, "eu-west-1"), base_path="v1"
        ),
    )
    root = new_stack(env=REGION)
    ServerlessApi(
        root,
        "Api",
        routes={"GET /v1/rows": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(name="api.example.com", certificate=certificate(root, "eu-west-1")),
    )
    assert (
        warnings_of(other, "routeRepeatsBasePath") == []
        and warnings_of(root, "routeRepeatsBasePath") == []
    )
