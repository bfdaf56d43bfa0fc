"""ServerlessApi(domain=ApiDomainMapping(...)): several APIs on one custom domain, each at
its own base path, as a spec; every rule by its message; cdk-nag and cfn-lint over it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_certificatemanager as acm
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import ApiAuth, ApiDomain, ApiDomainMapping, ConstructError, ServerlessApi
from tests.support import (
    CDK_CONTEXT,
    CERT_ARN,
    assert_every_problem,
    assert_rule,
    certificate,
    cfn_lint,
    echo_handler,
    hosted_zone,
    nag_findings,
    new_stack,
    warnings_of,
)

REGION = cdk.Environment(account="123456789012", region="eu-west-1")


def _api(stack: cdk.Stack, id: str, domain: ApiDomain | ApiDomainMapping) -> ServerlessApi:
    return ServerlessApi(
        stack, id, routes={"GET /items": echo_handler()}, auth=ApiAuth.iam(), domain=domain
    )


def _v1(stack: cdk.Stack, **domain: Any) -> ServerlessApi:
    """The API "V1" that creates api.example.com (in a hosted zone), at ``domain``'s
    base path ("v1" unless given)."""
    return _api(
        stack,
        "V1",
        ApiDomain(
            name="api.example.com",
            certificate=certificate(stack, stack.region),
            hosted_zone=hosted_zone(stack),
            **{"base_path": "v1", **domain},
        ),
    )


def _shared(stack: cdk.Stack) -> apigwv2.IDomainName:
    domain_name = _v1(stack).domain_name
    assert domain_name is not None
    return domain_name


@pytest.fixture(scope="module")
def two() -> tuple[ServerlessApi, ServerlessApi, Template]:
    # GIVEN V1 on api.example.com/v1 AND V2 mapped onto V1's domain name at v2
    stack = new_stack(env=REGION)
    v1 = _v1(stack)
    assert v1.domain_name is not None
    v2 = _api(stack, "V2", ApiDomainMapping(domain_name=v1.domain_name, base_path="v2"))
    return v1, v2, Template.from_stack(stack)


def test_one_domain_name_and_its_records_two_mappings(
    two: tuple[ServerlessApi, ServerlessApi, Template],
) -> None:
    v1, v2, template = two
    # THEN one domain name, its records once, and each API mapped at its own base path
    template.resource_count_is("AWS::ApiGatewayV2::DomainName", 1)
    template.resource_count_is("AWS::Route53::RecordSet", 2)
    (domain_id,) = template.find_resources("AWS::ApiGatewayV2::DomainName")
    mappings = template.find_resources("AWS::ApiGatewayV2::ApiMapping")
    keys = {m["Properties"]["ApiMappingKey"]: m for m in mappings.values()}
    assert set(keys) == {"v1", "v2"}
    for key, api in (("v1", v1), ("v2", v2)):
        props = keys[key]["Properties"]
        assert props["DomainName"] == {"Ref": domain_id}
        cfn_api = api.http_api.node.default_child
        assert isinstance(cfn_api, cdk.CfnElement)
        assert props["ApiId"] == {"Ref": cdk.Stack.of(api).get_logical_id(cfn_api)}


def test_attributes_and_url(two: tuple[ServerlessApi, ServerlessApi, Template]) -> None:
    v1, v2, _ = two
    assert v2.domain_name is v1.domain_name
    assert isinstance(v2.api_mapping, apigwv2.ApiMapping)
    assert v2.records == []
    assert (v1.url, v2.url) == ("https://api.example.com/v1/", "https://api.example.com/v2/")


def test_an_imported_domain_name_at_the_root_with_the_default_endpoint_off() -> None:
    # GIVEN a domain name created elsewhere, imported by its attributes
    stack = new_stack(env=REGION)
    imported = apigwv2.DomainName.from_domain_name_attributes(
        stack,
        "Shared",
        name="api.example.com",
        regional_domain_name="d-abc.execute-api.eu-west-1.amazonaws.com",
        regional_hosted_zone_id="Z2FDTNDATAQYW2",
    )
    # WHEN an API maps onto it at the root, with its execute-api endpoint off
    api = _api(stack, "Api", ApiDomainMapping(domain_name=imported, disable_default_endpoint=True))
    template = Template.from_stack(stack)
    # THEN only the mapping is created, at the root, and execute-api is off
    template.resource_count_is("AWS::ApiGatewayV2::DomainName", 0)
    template.has_resource_properties(
        "AWS::ApiGatewayV2::ApiMapping", {"DomainName": "api.example.com", "Stage": "$default"}
    )
    template.has_resource_properties("AWS::ApiGatewayV2::Api", {"DisableExecuteApiEndpoint": True})
    assert api.url == "https://api.example.com/"


def test_the_root_and_a_base_path_share_a_domain() -> None:
    # GIVEN V1 at the root of the domain THEN another API may map at a base path
    stack = new_stack(env=REGION)
    v1 = _v1(stack, base_path=None)
    assert v1.domain_name is not None
    _api(stack, "V2", ApiDomainMapping(domain_name=v1.domain_name, base_path="v2"))
    # THEN the domain maps both: V1 at its root, V2 at v2
    mappings = Template.from_stack(stack).find_resources("AWS::ApiGatewayV2::ApiMapping")
    keys = sorted(m["Properties"].get("ApiMappingKey", "") for m in mappings.values())
    assert keys == ["", "v2"]  # no key: the root


# --- rules ---------------------------------------------------------------------------


def test_two_apis_at_one_base_path_of_a_domain_are_refused() -> None:
    # Proves: two APIs claiming the same domain and base path synthesized; the second
    # mapping fails at deploy
    stack = new_stack(env=REGION)
    shared = _shared(stack)
    assert_rule(
        lambda: _api(stack, "V2", ApiDomainMapping(domain_name=shared, base_path="v1")),
        {},
        r"Test/V2: `domain.base_path` is 'v1', but the API Test/V1 is mapped at base path "
        r"'v1' of api.example.com already: a domain name maps one API per base path \(the "
        r"deploy would fail\)\. Fix: give each API on the domain its own base_path",
    )


def test_two_apis_at_the_root_of_a_domain_are_refused() -> None:
    stack = new_stack(env=REGION)
    v1 = _v1(stack, base_path=None)
    assert v1.domain_name is not None
    shared = v1.domain_name
    assert_rule(
        lambda: _api(stack, "V2", ApiDomainMapping(domain_name=shared)),
        {},
        r"Test/V2: `domain.base_path` is None, but the API Test/V1 is mapped at the root of "
        r"api.example.com already",
    )


def test_a_second_api_domain_of_the_same_name_names_the_mapping_as_the_fix() -> None:
    # Proves: two APIs on one host name (by base path) had no way to share it; the error
    # said only "give each API its own host name"
    stack = new_stack(env=REGION)
    _v1(stack)
    assert_rule(
        lambda: _api(
            stack,
            "V2",
            ApiDomain(
                name="api.example.com",
                certificate=acm.Certificate.from_certificate_arn(
                    stack, "V2Cert", CERT_ARN.replace("us-east-1", "eu-west-1")
                ),
                base_path="v2",
            ),
        ),
        {},
        r"Test/V2: `domain.name` is 'api.example.com', which the API Test/V1 answers on "
        r"already.* Fix: pass domain=ApiDomainMapping\(domain_name=<the ServerlessApi "
        r"Test/V1>\.domain_name, base_path='v2'\) to serve both APIs on api.example.com \(this "
        r"one at its own base path of the other's domain name\)",
    )


def test_a_domain_name_of_another_region_is_refused() -> None:
    app = cdk.App()
    there = cdk.Stack(app, "There", env=cdk.Environment(account="123456789012", region="us-east-1"))
    here = cdk.Stack(app, "Here", env=REGION)
    shared = _shared(there)
    assert_rule(
        lambda: _api(here, "V2", ApiDomainMapping(domain_name=shared, base_path="v2")),
        {},
        r"Here/V2: `domain.domain_name` is in region us-east-1, not eu-west-1: an API mapping "
        r"joins a domain name and an API of one account and region",
    )


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"domain_name": "api.example.com"}, r"`domain.domain_name` is 'api.example.com'"),
        (
            # the domain_name of an API without a domain
            {"domain_name": None},
            r"`domain.domain_name` is None: a ServerlessApi's domain_name is None unless its "
            r"domain= is an ApiDomain\. Fix: pass the domain_name of the API that creates",
        ),
        ({"base_path": "/v2"}, r"`domain.base_path` is '/v2'; an API mapping key is"),
        ({"disable_default_endpoint": "yes"}, r"`domain.disable_default_endpoint` is 'yes'"),
    ],
    ids=["domain name a str", "domain name None", "base path", "endpoint switch"],
)
def test_rule(props: dict[str, Any], message: str) -> None:
    stack = new_stack(env=REGION)
    shared = _shared(stack)
    mapping = ApiDomainMapping(**{"domain_name": shared, "base_path": "v2", **props})
    assert_rule(lambda: _api(stack, "V2", mapping), {}, message)


def test_every_problem_is_reported_at_once() -> None:
    stack = new_stack(env=REGION)
    shared = _shared(stack)
    mapping = ApiDomainMapping(domain_name=shared, base_path="v2/", disable_default_endpoint=1)  # type: ignore[arg-type]
    assert_every_problem(
        lambda: _api(stack, "V2", mapping),
        {},
        "Test/V2",
        ["domain.base_path", "domain.disable_default_endpoint"],
    )


def test_a_missing_domain_name_is_a_construct_error() -> None:
    with pytest.raises(ConstructError, match=r"ApiDomainMapping.*domain_name"):
        ApiDomainMapping(base_path="v2")  # type: ignore[call-arg]


# --- gates ---------------------------------------------------------------------------


def test_cfn_lint_is_clean(two: tuple[ServerlessApi, ServerlessApi, Template]) -> None:
    assert cfn_lint(two[2].to_json(), regions=["eu-west-1"]) == []


def test_cdk_nag_finds_nothing_unacknowledged(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Shared", env=REGION)
    v1 = _v1(stack)
    assert v1.domain_name is not None
    _api(stack, "V2", ApiDomainMapping(domain_name=v1.domain_name, base_path="v2"))
    assert nag_findings(app, tmp_path) == set()


def test_a_route_under_another_apis_longer_base_path_is_a_warning_to_acknowledge() -> None:
    # Proves (user trial): V1 at base path v1 with GET /admin/rows, and another API mapped
    # at v1/admin, synthesized silently: API Gateway sends /v1/admin/... to the longest
    # matching base path, so V1's route was never reached
    stack = new_stack(env=REGION)
    v1 = ServerlessApi(
        stack,
        "V1",
        routes={"GET /admin/rows": echo_handler(), "GET /rows": echo_handler(name="Rows")},
        auth=ApiAuth.iam(),
        domain=ApiDomain(
            name="api.example.com",
            certificate=certificate(stack, stack.region),
            base_path="v1",
        ),
    )
    assert v1.domain_name is not None
    _api(stack, "Admin", ApiDomainMapping(domain_name=v1.domain_name, base_path="v1/admin"))
    assert warnings_of(stack, "routeShadowedByMapping") == [
        "`routes['GET /admin/rows']` is never reached at "
        "https://api.example.com/v1/admin/rows: the API Test/Admin is mapped at base path "
        "'v1/admin' of api.example.com, and API Gateway sends each request to the mapping "
        "with the longest matching base path. Fix: serve the route from Test/Admin, or give "
        "one of the APIs another base path; if Test/Admin is meant to take these requests "
        "over, acknowledge 'constructs_lib:routeShadowedByMapping'. "
        "[ack: constructs_lib:routeShadowedByMapping]"
    ]
    # AND the other order: an API at the root created after, its /v1/... route shadowed
    root = ServerlessApi(
        stack,
        "Root",
        routes={"GET /v1/rows": echo_handler(name="Old"), "GET /health": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomainMapping(domain_name=v1.domain_name),
    )
    found = Annotations.from_stack(stack).find_warning(
        f"/{root.node.path}", Match.string_like_regexp("routeShadowedByMapping")
    )
    assert ["GET /v1/rows" in str(w.entry.data) for w in found] == [True]
    # AND sibling base paths (v1 and v2), or v1 and v10, shadow nothing
    other = new_stack(env=REGION)
    shared = _shared(other)
    _api(other, "V2", ApiDomainMapping(domain_name=shared, base_path="v2"))
    _api(other, "V10", ApiDomainMapping(domain_name=shared, base_path="v10"))
    assert warnings_of(other, "routeShadowedByMapping") == []
