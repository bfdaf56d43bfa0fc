"""Bad inputs of ServerlessApi.grant_invoke / arn_for_route and of acknowledge()'s
unmatched-id warning, tried from the wheel (bad247): each fails the synth with a
ConstructError naming the API, the argument and the fix, or warns where the user reads it."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ApiAuth, ConstructError, Route, ServerlessApi, acknowledge
from constructs_lib._nag_finding_refs import UNMATCHED_ACKNOWLEDGEMENT_WARNING
from tests.support import CDK_CONTEXT, echo_handler

ORDERS = echo_handler()
GET_ORDER = "GET /partners/{partner}/orders/{id}"
ENV = cdk.Environment(account="123456789012", region="eu-west-1")


def _api(stack: cdk.Stack) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Partners",
        routes={
            GET_ORDER: ORDERS,
            "ANY /blobs/{proxy+}": ORDERS,
            "GET /health": Route(ORDERS, public="Uptime probes carry no signature at all."),
        },
        auth=ApiAuth.iam(),
    )


def _role(stack: cdk.Stack) -> iam.Role:
    return iam.Role(stack, "Caller", assumed_by=iam.AccountPrincipal("111122223333"))


@pytest.mark.parametrize(
    ("path_parameters", "route", "shown"),
    [
        ({"partner": ".."}, GET_ORDER, "'partner' '..'"),
        ({"partner": "."}, GET_ORDER, "'partner' '.'"),
        ({"proxy": "a/../b"}, "ANY /blobs/{proxy+}", "'proxy' 'a/../b'"),
        ({"proxy": "./a"}, "ANY /blobs/{proxy+}", "'proxy' './a'"),
    ],
)
def test_a_dot_segment_value_is_refused(
    path_parameters: dict[str, str], route: str, shown: str
) -> None:
    # GIVEN an API behind IAM and a client's role
    app = cdk.App(context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    api = _api(stack)
    # WHEN a value is a '.' or '..' segment, which HTTP clients remove before sending
    # THEN the grant is refused, naming the value (the ARN would match no request: 403)
    with pytest.raises(ConstructError) as raised:
        api.grant_invoke(_role(stack), route, path_parameters=path_parameters)
    assert (
        f"Test/Partners: `grant_invoke(path_parameters)` gives {shown}, a '.' or '..' path "
        "segment: HTTP clients and SigV4 signers remove such segments from a path (RFC 3986), "
        "so no signed request carries them and the ARN lets the client call nothing (403). "
        "Fix: "
        "pass the value the client's requests carry in"
    ) in str(raised.value)


def test_a_legal_value_with_dots_is_granted() -> None:
    # GIVEN a value with dots that is no dot segment
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    api = _api(stack)
    # WHEN it is granted THEN its ARN carries it
    arn = api.arn_for_route("ANY /blobs/{proxy+}", path_parameters={"proxy": "v1.2/a..b"})
    assert stack.resolve(arn)["Fn::Join"][1][-1] == "/$default/*/blobs/v1.2/a..b"


def test_a_route_key_given_twice_is_refused() -> None:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    api = _api(stack)
    # WHEN one route key is given twice (a copy where another route was meant)
    with pytest.raises(ConstructError) as raised:
        api.grant_invoke(_role(stack), GET_ORDER, GET_ORDER)
    # THEN it is named, with the fix
    assert (
        f"Test/Partners: `grant_invoke(route_keys)[{GET_ORDER!r}]` is given twice: the client "
        "is granted one route fewer than keys were given. Fix: remove the repeat"
    ) in str(raised.value)


def test_a_role_of_another_stage_is_refused_at_the_call() -> None:
    # GIVEN an API in the app and a client's role in a stack of a stage
    app = cdk.App(context=CDK_CONTEXT)
    api = _api(cdk.Stack(app, "Test", env=ENV))
    other = cdk.Stack(cdk.Stage(app, "Prod", env=ENV), "Clients")
    # WHEN it is granted THEN the call fails (CDK's NoCrossStageDependency came at synth,
    # naming neither the grant nor the role)
    with pytest.raises(ConstructError) as raised:
        api.grant_invoke(_role(other), GET_ORDER)
    message = str(raised.value)
    assert "Test/Partners: `grant_invoke(grantee)` is the aws_iam.Role 'Prod/Clients/Caller'" in (
        message
    )
    assert "in another stage than the API's (Test)" in message
    assert "Fix: create the client's role in a stack of the API's stage" in message


@pytest.mark.parametrize(
    ("api_env", "client_env", "regions"),
    [
        (None, ENV, "(region 'eu-west-1') while the API's stack Test has region unknown"),
        (ENV, None, "(region unknown (no env)) while the API's stack Test has region 'eu-west-1'"),
        (
            None,
            cdk.Environment(account="123456789012", region="us-east-1"),
            "(region 'us-east-1') while the API's stack Test has region unknown",
        ),
    ],
)
def test_a_role_of_a_stack_of_unknown_or_other_region_is_refused_at_the_call(
    api_env: cdk.Environment | None, client_env: cdk.Environment | None, regions: str
) -> None:
    # GIVEN an API and a client's role in another stack, one of them env-agnostic
    app = cdk.App(context=CDK_CONTEXT)
    api = _api(cdk.Stack(app, "Test", env=api_env))
    other = cdk.Stack(app, "Clients", env=client_env)
    # WHEN it is granted THEN the call fails (CDK's CrossRegionReferencesRequireExplicitRegion
    # came at synth, naming neither)
    with pytest.raises(ConstructError) as raised:
        api.grant_invoke(_role(other), GET_ORDER)
    message = str(raised.value)
    role = "the aws_iam.Role 'Clients/Caller'"
    assert f"`grant_invoke(grantee)` is {role}, of the stack Clients {regions}" in message
    assert "Fix: give both stacks an env" in message


def test_a_role_of_another_env_agnostic_stack_is_granted() -> None:
    # GIVEN two env-agnostic stacks (one deploy target: CDK exports the API's id)
    app = cdk.App(context=CDK_CONTEXT)
    api = _api(cdk.Stack(app, "Test"))
    other = cdk.Stack(app, "Clients")
    # WHEN the role of the other is granted THEN the app synthesizes
    assert api.grant_invoke(_role(other), GET_ORDER).success
    app.synth()


@pytest.mark.parametrize("scope_kind", ["app", "stage"])
def test_an_unmatched_acknowledgement_on_an_app_or_stage_warns_on_a_stack(scope_kind: str) -> None:
    # GIVEN an acknowledgement on an app or a stage naming a logical ID no stack has
    app = cdk.App(context=CDK_CONTEXT)
    stage = cdk.Stage(app, "Prod") if scope_kind == "stage" else None
    stack = cdk.Stack(stage or app, "Test")
    _api(stack)
    scope = stage or app
    rule = "AwsSolutions-IAM5[Resource::<Missing123.Arn>/*]"
    acknowledge(scope, rule, "A reason long enough for cdk-nag.")
    # WHEN the app is synthesized
    (stage or app).synth()
    # THEN the warning is on the first stack, where cdk synth prints it (CDK writes no
    # app's or stage's warning into any manifest), naming where the acknowledgement is
    Annotations.from_stack(stack).has_warning(
        "/" + stack.node.path,
        Match.string_like_regexp(
            "references 'Missing123', a logical ID no resource.*acknowledged on "
            + (r"Prod\)" if stage else r"\(app\)\)")
        ),
    )


@pytest.mark.parametrize("scope_kind", ["app", "stage"])
def test_an_unmatched_acknowledgement_on_an_app_or_stage_is_acknowledged_there(
    scope_kind: str,
) -> None:
    # GIVEN the warning acknowledged on the app or stage, where the acknowledgement is
    app = cdk.App(context=CDK_CONTEXT)
    stage = cdk.Stage(app, "Prod") if scope_kind == "stage" else None
    scope = stage or app
    stack = cdk.Stack(scope, "Test")
    _api(stack)
    acknowledge(scope, "AwsSolutions-IAM5[Resource::<Missing123.Arn>/*]", "A reason long enough.")
    cdk.Annotations.of(scope).acknowledge_warning(UNMATCHED_ACKNOWLEDGEMENT_WARNING, "prod only")
    # WHEN synthesized THEN the stack carries no such warning
    scope.synth()
    Annotations.from_stack(stack).has_no_warning(
        "*", Match.string_like_regexp("references 'Missing123'")
    )


@pytest.mark.parametrize(
    "rule_id",
    [
        "AwsSolutions-IAM5[Resource::<Reports1234ABCD.Arn/*]",
        "AwsSolutions-IAM5[Resource::<>/*]",
        "AwsSolutions-IAM5[Resource::<<Reports1234ABCD>.Arn>/*]",
        "AwsSolutions::AwsSolutions-IAM5[Resource::Reports1234ABCD.Arn>/*]",
    ],
)
def test_an_acknowledgement_with_a_stray_angle_bracket_is_refused(rule_id: str) -> None:
    # GIVEN a stack
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    # WHEN an IAM5 finding is acknowledged with a '<' or '>' that is no reference (a typo:
    # cdk-nag prints none such, so it matched no finding, in silence)
    with pytest.raises(ConstructError) as raised:
        acknowledge(stack, rule_id, "A reason long enough for cdk-nag.")
    # THEN the call fails, naming the id and the fix
    assert (
        f"Test: `rule_id` is {rule_id!r}; its finding has a '<' or '>' that opens or closes "
        "no reference"
    ) in str(raised.value)
    assert "Fix: spell the id as cdk-nag prints it after 'Acknowledge with'" in str(raised.value)


def test_pseudo_parameters_and_references_are_no_stray_angle_brackets() -> None:
    # GIVEN a stack with a bucket WHEN a finding of references and pseudo parameters is
    # acknowledged THEN it is taken (and names what the stack has: no warning)
    app = cdk.App(context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    _api(stack)
    api_id = "PartnersHttpApi71D95B3C"
    acknowledge(
        stack,
        f"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:"
        f"<AWS::AccountId>:<{api_id}>/$default/GET/*]",
        "A reason long enough for cdk-nag.",
    )
    app.synth()
    Annotations.from_stack(stack).has_no_warning(
        "*", Match.string_like_regexp("acknowledgementNamesNoResource")
    )
