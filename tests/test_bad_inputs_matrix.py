"""Bad inputs found by feeding every prop of every public construct and value object the
obvious bad values of its kind, one at a time (a deploy-time value where an object goes,
a resource created in another App or Stage): each is a ConstructError naming the prop,
never a raw AssertionError or a jsii trace at synth."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_route53 as route53

from constructs_lib import (
    ApiAuth,
    ApiDomain,
    ConstructError,
    EventHandler,
    Handler,
    Network,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    Throttle,
)
from constructs_lib.testing import assert_stateful_resources_unchanged
from tests.support import CERT_ARN, ECHO, SITE, new_stack
from tests.template_support import intrinsics, properties_of

H = Handler(code=ECHO)
JWT = ApiAuth.jwt("https://auth.example.com/", ["api"])

#: Deploy-time values of each kind a user could pass where a Throttle goes.
TOKENS: dict[str, Callable[[], Any]] = {
    "string token": lambda: cdk.Aws.REGION,
    "number token": lambda: cdk.Token.as_number(cdk.Fn.ref("Rate")),
    "list token": lambda: cdk.Token.as_list(cdk.Fn.ref("Rates")),
    "intrinsic": lambda: cdk.Fn.get_att("Limits", "Rate"),
}


def _api(stack: cdk.Stack, **props: Any) -> ServerlessApi:
    props.setdefault("routes", {"GET /a": H})
    props.setdefault("auth", ApiAuth.iam())
    return ServerlessApi(stack, "Api", **props)


def _throttled(where: str, throttle: Any) -> Callable[[cdk.Stack], ServerlessApi]:
    if where == "throttling":
        return lambda s: _api(s, throttling=throttle)
    return lambda s: _api(s, routes={"GET /a": Route(H, throttle=throttle)}, auth=JWT)


# Proves (bad40 matrix): a deploy-time value as `throttling` or a route's `throttle` was a
# bare AssertionError from the throttle rule, naming no prop
@pytest.mark.parametrize("token", TOKENS, ids=list(TOKENS))
@pytest.mark.parametrize(
    ("where", "prop"), [("throttling", "throttling"), ("route", "routes['GET /a'].throttle")]
)
def test_a_deploy_time_value_where_a_throttle_goes_is_named(
    token: str, where: str, prop: str
) -> None:
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        _throttled(where, TOKENS[token]())(stack)
    assert f"Test/Api: `{prop}` is " in str(raised.value)
    assert "Fix: pass e.g. Throttle(rate=50, burst=100)" in str(raised.value)


@pytest.mark.parametrize("where", ["throttling", "route"])
def test_deploy_time_numbers_inside_a_throttle_still_pass(where: str) -> None:
    rate = cdk.Token.as_number(cdk.CfnParameter(stack := new_stack(), "Rate", type="Number"))
    throttle = Throttle(rate=rate, burst=cdk.Token.as_number(cdk.Fn.ref("Rate")))
    api = _throttled(where, throttle)(stack)
    stack.node.root.synth()
    # THEN the stage throttles the API (or the route) at the parameter's value
    settings = properties_of(api.stage)
    limits = (
        settings["DefaultRouteSettings"]
        if where == "throttling"
        else settings["RouteSettings"]["GET /a"]
    )
    assert limits["ThrottlingRateLimit"] == limits["ThrottlingBurstLimit"] == {"Ref": "Rate"}


def test_a_deploy_time_description_still_passes() -> None:
    stack = new_stack()
    description = cdk.CfnParameter(stack, "About").value_as_string
    job = ScheduledJob(stack, "Job", handler=H, schedule="rate(1 hour)", description=description)
    # THEN the schedule has it (resolved as CloudFormation will: no synth)
    schedule = job.schedule.node.default_child
    assert stack.resolve(schedule.description) == {"Ref": "About"}


def _certificate(stack: cdk.Stack) -> acm.ICertificate:
    return acm.Certificate.from_certificate_arn(stack, "Cert", CERT_ARN)


def _zone(stack: cdk.Stack) -> route53.IHostedZone:
    return route53.HostedZone(stack, "Zone", zone_name="example.com")


def _created_certificate(stack: cdk.Stack) -> acm.ICertificate:
    return acm.Certificate(stack, "Cert", domain_name="www.example.com")


def _domain_parts(stack: cdk.Stack, other: cdk.Stack, prop: str) -> dict[str, Any]:
    """A domain's certificate and zone, the one named ``prop`` created in ``other``."""
    return {
        "certificate": _created_certificate(other)
        if prop == "certificate"
        else _certificate(stack),
        "hosted_zone": _zone(other if prop == "hosted_zone" else stack),
    }


def _api_domain(stack: cdk.Stack, other: cdk.Stack, prop: str) -> ServerlessApi:
    return _api(
        stack, domain=ApiDomain(name="www.example.com", **_domain_parts(stack, other, prop))
    )


def _site_domain(stack: cdk.Stack, other: cdk.Stack, prop: str) -> StaticSite:
    parts = _domain_parts(stack, other, prop)
    return StaticSite(stack, "Site", source=SITE, domain_name="www.example.com", **parts)


DOMAINS: list[tuple[str, str, Callable[[cdk.Stack, cdk.Stack, str], Any]]] = [
    ("domain.hosted_zone", "Test/Api", lambda s, o: _api_domain(s, o, "hosted_zone")),
    ("domain.certificate", "Test/Api", lambda s, o: _api_domain(s, o, "certificate")),
    ("hosted_zone", "Test/Site", lambda s, o: _site_domain(s, o, "hosted_zone")),
    ("certificate", "Test/Site", lambda s, o: _site_domain(s, o, "certificate")),
]


# Proves (bad40 matrix): a hosted zone or a certificate created in another App was a
# CannotReferenceAcrossApps jsii trace at synth, in another Stage a NoCrossStageDependency
# one; neither named the prop (props with a rule of their own, as `existing_table`, were
# named already)
@pytest.mark.parametrize(("prop", "path", "build"), DOMAINS, ids=[d[0] for d in DOMAINS])
def test_a_resource_created_in_another_app_is_named(
    prop: str, path: str, build: Callable[[cdk.Stack, cdk.Stack, str], Any]
) -> None:
    stack, other = new_stack(), cdk.Stack(cdk.App(), "Other")
    with pytest.raises(ConstructError) as raised:
        build(stack, other)
    assert f"{path}: `{prop}` is " in str(raised.value)
    assert "'Other/" in str(raised.value)
    assert "of another cdk.App" in str(raised.value)


@pytest.mark.parametrize(("prop", "path", "build"), DOMAINS, ids=[d[0] for d in DOMAINS])
def test_a_resource_created_in_another_stage_is_named(
    prop: str, path: str, build: Callable[[cdk.Stack, cdk.Stack, str], Any]
) -> None:
    app = cdk.App()
    stack = cdk.Stack(cdk.Stage(app, "Prod"), "Test")
    other = cdk.Stack(cdk.Stage(app, "Shared"), "Other")
    with pytest.raises(ConstructError) as raised:
        build(stack, other)
    assert f"Prod/{path}: `{prop}` is in stage 'Shared', not this construct's stage" in str(
        raised.value
    )


def test_a_domain_imported_in_another_app_still_passes() -> None:
    # an imported certificate and zone are referenced by their ARN and ID: nothing crosses
    stack, other = new_stack(), cdk.Stack(cdk.App(), "Other")
    zone = route53.HostedZone.from_hosted_zone_attributes(
        other, "Zone", zone_name="example.com", hosted_zone_id="Z0123456789"
    )
    site = StaticSite(
        stack,
        "Site",
        source=SITE,
        domain_name="www.example.com",
        certificate=_certificate(other),
        hosted_zone=zone,
    )
    stack.node.root.synth()
    # THEN the site's template names the certificate by its ARN and the zone by its ID
    config = properties_of(site.distribution)["DistributionConfig"]
    assert config["ViewerCertificate"]["AcmCertificateArn"] == CERT_ARN
    assert {properties_of(record)["HostedZoneId"] for record in site.records} == {"Z0123456789"}


def test_a_domain_of_another_stack_of_the_same_stage_still_passes() -> None:
    app = cdk.App()
    shared = cdk.Stack(
        app, "Shared", env=cdk.Environment(account="123456789012", region="us-east-1")
    )
    stack = cdk.Stack(app, "Test", env=cdk.Environment(account="123456789012", region="us-east-1"))
    api = _api(
        stack,
        domain=ApiDomain(
            name="api.example.com", certificate=_certificate(stack), hosted_zone=_zone(shared)
        ),
    )
    app.synth()
    # THEN the API's record goes into the other stack's zone, imported from its output
    assert api.records and all(
        intrinsics(properties_of(record)["HostedZoneId"], "Fn::ImportValue")
        for record in api.records
    )
    assert [s.stack_name for s in stack.dependencies] == ["Shared"]


CONSTRUCTS: dict[str, Callable[[cdk.Stack, Any], Any]] = {
    "ServerlessApi": lambda s, id: ServerlessApi(s, id, routes={"GET /a": H}, auth=ApiAuth.iam()),
    "QueueWorker": lambda s, id: QueueWorker(s, id, handler=H),
    "ScheduledJob": lambda s, id: ScheduledJob(s, id, handler=H, schedule="rate(1 hour)"),
    "EventHandler": lambda s, id: EventHandler(s, id, handler=H, event_pattern={"source": ["a"]}),
    "StaticSite": lambda s, id: StaticSite(s, id, source=SITE),
    "Network": lambda s, id: Network(s, id),
}


# Proves (bad40 matrix): a deploy-time value as a construct's id was a jsii trace ("'displayName'
# may not contain a Token", "ID components may not include unresolved tokens") naming no prop
@pytest.mark.parametrize("construct", CONSTRUCTS)
@pytest.mark.parametrize(
    "id", [lambda: cdk.Aws.REGION, lambda: f"Orders-{cdk.Aws.STACK_NAME}"], ids=["token", "inside"]
)
def test_a_deploy_time_id_is_named(construct: str, id: Callable[[], str]) -> None:
    with pytest.raises(ConstructError) as raised:
        CONSTRUCTS[construct](new_stack(), id())
    # the scope's path and the construct's class: where it was being made (papercuts249)
    assert f"Test/{construct}: `id` is " in str(raised.value)
    assert "it must be known at synth: it names the resources" in str(raised.value)


# Proves (bad40 matrix): Fn.get_att(...) as an event pattern's `source` (not in a list)
# passed the pattern rules as a token and failed as a raw TypeError from aws-cdk-lib's
# EventPattern ("type of argument source must be one of (Sequence[str], NoneType)")
@pytest.mark.parametrize("field", ["source", "detail_type", "account", "region", "resources"])
def test_an_intrinsic_as_an_event_pattern_field_is_named(field: str) -> None:
    pattern = {"source": ["my.app"], field: cdk.Fn.get_att("Feed", "Sources")}
    with pytest.raises(ConstructError) as raised:
        EventHandler(new_stack(), "X", handler=H, event_pattern=pattern)
    assert f"Test/X: `event_pattern.{field}` is a deploy-time value (Fn::GetAtt Feed.Sources)" in (
        str(raised.value)
    )
    assert "Fix: pass cdk.Token.as_list(...) of it" in str(raised.value)


def test_a_list_token_as_an_event_pattern_field_still_passes() -> None:
    stack = new_stack()
    sources = cdk.CfnParameter(stack, "Sources", type="CommaDelimitedList").value_as_list
    handler = EventHandler(stack, "X", handler=H, event_pattern={"source": sources})
    stack.node.root.synth()
    # THEN the rule matches the parameter's list
    assert properties_of(handler.rule)["EventPattern"]["source"] == {"Ref": "Sources"}


# Proves (bad40 matrix): a deploy-time value as the guard's snapshot was read as a file
# name, "${Token[AWS.Region.13]} does not exist (yet)": a MissingBaselineError telling the
# user to run --snapshot-update, which writes no such file
@pytest.mark.parametrize(
    "snapshot",
    [lambda: cdk.Aws.REGION, lambda: f"{cdk.Aws.STACK_NAME}.json"],
    ids=["token", "inside"],  # a token's encoding differs between xdist's workers
)
def test_a_deploy_time_snapshot_path_is_named(snapshot: Callable[[], str]) -> None:
    with pytest.raises(ConstructError) as raised:
        assert_stateful_resources_unchanged(new_stack(), snapshot())
    assert "assert_stateful_resources_unchanged: `snapshot` is a" in str(raised.value)
    assert "deploy-time value. Fix: pass the committed snapshot's JSON file" in str(raised.value)
