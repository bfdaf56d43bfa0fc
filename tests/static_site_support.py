"""StaticSite helpers shared by the test_static_site*.py modules."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ServerlessApi
from constructs_lib.static_site import StaticSite
from tests.support import SITE, certificate, echo_handler, hosted_zone, in_stack, new_stack

WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/site/abcd-1234"


def build_site(stack: cdk.Stack | None = None, **props: Any) -> tuple[StaticSite, Template]:
    """A StaticSite "Site" of the demo content (in ``stack`` or a new one; ``InStack`` props
    built in it), and its template."""
    stack = stack or new_stack()
    site = StaticSite(stack, "Site", **in_stack({"source": SITE, **props}, stack))
    return site, Template.from_stack(stack)


def api_url(stack: cdk.Stack) -> str:
    """The URL (a token) of a new HttpApi "Api" in ``stack``."""
    url = apigwv2.HttpApi(stack, "Api").url
    assert url is not None
    return url


def todo_api(scope: cdk.Stack, prefix: str = "/api", **props: Any) -> ServerlessApi:
    """A small ServerlessApi "Api" (public unless ``auth`` is given) whose routes start
    with ``prefix``."""
    handler = echo_handler()
    return ServerlessApi(
        scope,
        "Api",
        routes={f"GET {prefix}/todos": handler, f"POST {prefix}/todos/{{id}}": handler},
        **{"auth": ApiAuth.none(reason="a test API"), **props},
    )


def custom_domain(stack: cdk.Stack) -> dict[str, Any]:
    """The props of www.example.com: domain name, us-east-1 certificate, hosted zone."""
    return {
        "domain_name": "www.example.com",
        "certificate": certificate(stack),
        "hosted_zone": hosted_zone(stack),
    }


def resource(template: Template, type_: str, logical_prefix: str) -> dict[str, Any]:
    """The one resource of ``type_`` whose logical ID starts with ``logical_prefix``."""
    (found,) = [
        r for k, r in template.find_resources(type_).items() if k.startswith(logical_prefix)
    ]
    return dict(found)


def distribution_config(template: Template) -> dict[str, Any]:
    """The DistributionConfig of the template's one CloudFront distribution."""
    (distribution,) = template.find_resources("AWS::CloudFront::Distribution").values()
    return distribution["Properties"]["DistributionConfig"]  # type: ignore[no-any-return]


def deployments(template: Template) -> dict[str, dict[str, Any]]:
    """The properties of every BucketDeployment, by logical ID."""
    return {
        k: r["Properties"]
        for k, r in template.find_resources("Custom::CDKBucketDeployment").items()
    }
