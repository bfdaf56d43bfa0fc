"""StaticSite(api=...): the ServerlessApi on the site's own origin, under /api/*.

GIVEN a ServerlessApi whose routes start with /api/ and a StaticSite(api=api), THEN the
distribution forwards /api/* to the API (never cached, every method, every viewer header
but Host), /config.json says ``apiUrl: "/api"``, the CSP names no API origin, and the site
and the API live in one stack without a cycle, or in two with one reference.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import CorsPolicy, StaticSite
from constructs_lib.static_site import default_content_security_policy
from constructs_lib.static_site.api import SPA_ROUTING_CODE
from tests.static_site_support import distribution_config, resource, todo_api
from tests.support import CDK_CONTEXT, SITE, cfn_lint, nag_findings, new_stack

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"


@pytest.fixture(scope="module")
def site_and_template() -> tuple[StaticSite, Template]:
    stack = new_stack()
    site = StaticSite(stack, "Site", source=SITE, api=todo_api(stack))
    return site, Template.from_stack(stack)


@pytest.fixture(scope="module")
def template(site_and_template: tuple[StaticSite, Template]) -> Template:
    return site_and_template[1]


def _behavior(template: Template, pattern: str) -> dict[str, Any]:
    (found,) = [
        b for b in distribution_config(template)["CacheBehaviors"] if b["PathPattern"] == pattern
    ]
    return dict(found)


def _origin(template: Template, origin_id: str) -> dict[str, Any]:
    (found,) = [o for o in distribution_config(template)["Origins"] if o["Id"] == origin_id]
    return dict(found)


def _config_json(site: StaticSite) -> Any:
    assembly = cdk.App.of(site).synth()  # type: ignore[union-attr]
    (config,) = Path(assembly.directory).glob("asset.*/config.json")
    return json.loads(config.read_text())


# --- the /api/* behavior -----------------------------------------------------------------


def test_api_behavior_is_never_cached_all_methods_all_viewer_headers_but_host(
    template: Template,
) -> None:
    behavior = _behavior(template, "/api/*")
    assert behavior["CachePolicyId"] == CACHING_DISABLED
    assert behavior["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert sorted(behavior["AllowedMethods"]) == sorted(
        ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]
    )
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behavior["ResponseHeadersPolicyId"]["Ref"].startswith("SiteSecurityHeaders")
    assert behavior["Compress"] is False


def test_api_origin_is_the_default_endpoint_over_https_tls_1_2(template: Template) -> None:
    origin = _origin(template, _behavior(template, "/api/*")["TargetOriginId"])
    assert origin["CustomOriginConfig"] == {
        "OriginProtocolPolicy": "https-only",
        "OriginSSLProtocols": ["TLSv1.2"],
    }
    (api_id,) = template.find_resources("AWS::ApiGatewayV2::Api")
    assert origin["DomainName"] == {
        "Fn::Join": [
            "",
            [
                {"Ref": api_id},
                ".execute-api.",
                {"Ref": "AWS::Region"},
                ".",
                {"Ref": "AWS::URLSuffix"},
            ],
        ]
    }


def test_the_site_adds_no_warning_of_its_own(
    site_and_template: tuple[StaticSite, Template],
) -> None:
    # Proves: with an API the origin may list the bucket (a missing file is a 404), and
    # CDK warned on every synth to set a default root object, which the site always sets
    # (a user's `cdk synth --strict` failed on it)
    site, template = site_and_template
    warnings = Annotations.from_stack(cdk.Stack.of(site)).find_warning("*", Match.any_value())
    assert [w.entry.data for w in warnings if w.id.startswith(f"/{site.node.path}/")] == []
    assert distribution_config(template)["DefaultRootObject"] == "index.html"


def test_site_files_stay_on_the_private_bucket(template: Template) -> None:
    default = distribution_config(template)["DefaultCacheBehavior"]
    assert "S3OriginConfig" in _origin(template, default["TargetOriginId"])
    assert default["AllowedMethods"] == ["GET", "HEAD"]


# --- SPA routing: a function, not distribution-wide error pages ----------------------------


def test_spa_routes_by_a_function_so_the_apis_403_and_404_reach_the_page(
    template: Template,
) -> None:
    # THEN no error page (it would replace the API's 403/404 answers by index.html, 200)
    assert "CustomErrorResponses" not in distribution_config(template)
    # AND the default behavior (the bucket's, not /api/*) routes client-side paths
    (association,) = distribution_config(template)["DefaultCacheBehavior"]["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    assert "FunctionAssociations" not in _behavior(template, "/api/*")
    (function,) = template.find_resources("AWS::CloudFront::Function").values()
    assert function["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert '"/index.html"' in function["Properties"]["FunctionCode"]


@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/", "/index.html"),
        ("/todos/42", "/index.html"),
        ("/settings/", "/index.html"),
        ("/app.js", "/app.js"),
        ("/assets/logo.v2.png", "/assets/logo.v2.png"),
        ("/config.json", "/config.json"),
    ],
)
def test_spa_routing_function_serves_the_root_object_for_routes_only(uri: str, served: str) -> None:
    # GIVEN the function's code run by Node (CloudFront's JS 2.0 is a subset of it)
    code = SPA_ROUTING_CODE.replace("ROOT_OBJECT", "index.html")
    script = f"{code}\nconsole.log(handler({{request: {{uri: {json.dumps(uri)}}}}}).uri);"
    node = Path(sys.executable).with_name("node")
    result = subprocess.run(
        [str(node), "-e", script], capture_output=True, text=True, check=True, timeout=60
    )
    # THEN routes get the root object and files pass through
    assert result.stdout.strip() == served


def test_without_spa_the_404_page_stays_for_404_only_and_no_function_is_made() -> None:
    stack = new_stack()
    StaticSite(stack, "Site", source=SITE, spa=False, api=todo_api(stack))
    template = Template.from_stack(stack)
    # THEN a missing file answers 404 (CloudFront may list the bucket), and only 404 gets
    # the site's page: the API authorizer's 403 reaches the page untouched
    assert distribution_config(template)["CustomErrorResponses"] == [
        {"ErrorCode": 404, "ResponseCode": 404, "ResponsePagePath": "/404.html"}
    ]
    listing = [
        statement
        for policy in template.find_resources("AWS::S3::BucketPolicy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "s3:ListBucket" in statement["Action"]
    ]
    assert [s["Principal"] for s in listing] == [{"Service": "cloudfront.amazonaws.com"}]
    assert template.find_resources("AWS::CloudFront::Function") == {}


# --- CSP and config.json -------------------------------------------------------------------


def test_csp_names_no_api_origin(template: Template) -> None:
    policy = resource(template, "AWS::CloudFront::ResponseHeadersPolicy", "SiteSecurityHeaders")
    csp = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"][
        "ContentSecurityPolicy"
    ]["ContentSecurityPolicy"]
    assert csp == default_content_security_policy()


def test_config_json_tells_the_page_the_api_is_on_its_own_origin(
    site_and_template: tuple[StaticSite, Template],
) -> None:
    site, template = site_and_template
    assert site.config_deployment is not None
    assert _config_json(site) == {"apiUrl": "/api"}
    assert _behavior(template, "/config.json")["CachePolicyId"] == CACHING_DISABLED


def test_runtime_config_is_merged_with_api_url_and_api_path_is_configurable() -> None:
    stack = new_stack()
    site = StaticSite(
        stack,
        "Site",
        source=SITE,
        api=todo_api(stack, prefix="/backend/v1"),
        api_path="/backend/v1",
        runtime_config={"feature": True},
    )
    assert _config_json(site) == {"apiUrl": "/backend/v1", "feature": True}
    assert _behavior(Template.from_stack(stack), "/backend/v1/*")["CachePolicyId"] == (
        CACHING_DISABLED
    )


def test_other_api_origins_still_extend_the_csp() -> None:
    stack = new_stack()
    api = todo_api(stack)
    StaticSite(stack, "Site", source=SITE, api=api, api_origins=["https://maps.example.com"])
    policy = resource(
        Template.from_stack(stack), "AWS::CloudFront::ResponseHeadersPolicy", "SiteSecurityHeaders"
    )
    assert "connect-src 'self' https://maps.example.com;" in json.dumps(policy)


# --- one stack, two stacks --------------------------------------------------------------


def _lint(template: dict[str, Any]) -> list[str]:
    return cfn_lint(template, regions=["us-east-1"])


def test_site_and_api_in_one_stack_have_no_cycle(template: Template) -> None:
    # THEN the template was built (Template.from_stack refuses a cycle) and cfn-lint (whose
    # E3004 is a circular dependency) finds nothing
    assert _lint(template.to_json()) == []


def test_negative_control_cors_and_csp_across_one_stack_are_a_cycle() -> None:
    # GIVEN the cross-origin way: the API's CORS names the site, the site's CSP the API
    stack = new_stack()
    api = todo_api(stack, cors=CorsPolicy(allow_origins=["https://placeholder.example.com"]))
    site = StaticSite(stack, "Site", source=SITE, api_origins=[api.url])
    cfn_api = api.http_api.node.default_child
    assert isinstance(cfn_api, cdk.CfnResource)
    cfn_api.add_property_override("CorsConfiguration.AllowOrigins", [site.url])
    # THEN the template is a dependency cycle, which CloudFormation refuses
    with pytest.raises(RuntimeError, match="these resources have a dependency cycle"):
        Template.from_stack(stack)


def test_site_and_api_in_two_stacks_share_one_reference() -> None:
    app = cdk.App(context=CDK_CONTEXT)
    api_stack = cdk.Stack(app, "ApiStack")
    site_stack = cdk.Stack(app, "SiteStack")
    StaticSite(site_stack, "Site", source=SITE, api=todo_api(api_stack))
    # WHEN synthesized (CDK refuses a cross-stack cycle) THEN the site imports the API's id
    # once, and the API stack imports nothing
    assembly = app.synth()
    site_template = json.dumps(assembly.get_stack_by_name("SiteStack").template)
    api_template = json.dumps(assembly.get_stack_by_name("ApiStack").template)
    imports = {part.split('"')[0] for part in site_template.split('{"Fn::ImportValue": "')[1:]}
    assert len(imports) == 1 and "HttpApi" in imports.pop()
    assert "Fn::ImportValue" not in api_template
    assert _lint(assembly.get_stack_by_name("SiteStack").template) == []


# --- cdk-nag ------------------------------------------------------------------------------


def test_cdk_nag_finds_nothing_unacknowledged(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Default")
    StaticSite(stack, "Site", source=SITE, api=todo_api(stack))
    assert nag_findings(app, tmp_path) == set()


def test_waf_acknowledgement_names_the_api(site_and_template: tuple[StaticSite, Template]) -> None:
    site, _ = site_and_template
    reasons = [
        entry.data
        for entry in site.distribution.node.metadata
        if entry.type == "aws:cdk:acknowledged-rules"
    ]
    assert "stage throttling" in json.dumps(reasons)
