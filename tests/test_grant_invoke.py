"""ServerlessApi.grant_invoke: a machine client's execute-api:Invoke on exactly the ARNs
arn_for_route gives, in one statement of its policy, with cdk-nag's IAM5 findings of that
statement acknowledged there alone (with and without a stack env); every refusal listed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import ApiAuth, Handler, Route, ServerlessApi, enable_checks
from constructs_lib.serverless_api.route_arns import ROUTE_ARN_WIDER_WARNING
from tests.support import CDK_CONTEXT, echo_handler, new_stack, raised, report_findings

ORDERS = echo_handler()
GET_ORDER = "GET /partners/{partner}/orders/{id}"
POST_ORDER = "POST /partners/{partner}/orders"
ENV = cdk.Environment(account="123456789012", region="eu-west-1")


def _partners(stack: cdk.Stack) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Partners",
        routes={
            GET_ORDER: ORDERS,
            POST_ORDER: ORDERS,
            "GET /health": Route(ORDERS, public="Uptime probes carry no signature at all."),
        },
        auth=ApiAuth.iam(),
    )


def _arn(api: ServerlessApi, tail: str) -> dict[str, Any]:
    """The template's value of ``{api}/$default{tail}``: the stack's env as text, else its
    pseudo parameters."""
    stack = cdk.Stack.of(api)
    api_id = {"Ref": stack.get_logical_id(api.http_api.node.default_child)}
    if stack.environment.startswith("aws://123456789012/"):
        prefix: list[Any] = ["arn:aws:execute-api:eu-west-1:123456789012:"]
    else:
        prefix = ["arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}]
        prefix += [":", {"Ref": "AWS::AccountId"}, ":"]
    return {"Fn::Join": ["", [*prefix, api_id, f"/$default{tail}"]]}


@pytest.mark.slow
@pytest.mark.parametrize("env", [None, ENV], ids=["without env", "with env"])
def test_a_role_and_a_function_granted_have_no_cdk_nag_finding(
    tmp_path: Path, env: cdk.Environment | None
) -> None:
    # GIVEN an app under cdk-nag, an API of partners, a partner's role and a function
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    enable_checks(app)
    stack = cdk.Stack(app, "Test", env=env)
    api = _partners(stack)
    role = iam.Role(stack, "AcmeCaller", assumed_by=iam.AccountPrincipal("111122223333"))
    caller = ServerlessApi(
        stack,
        "Caller",
        routes={"POST /sync": Handler(code=ORDERS.code, entry="app.other")},
        auth=ApiAuth.jwt("https://auth.example.com/", ["sync"]),
    )
    # WHEN each is granted its routes
    grant = api.grant_invoke(role, GET_ORDER, POST_ORDER, path_parameters={"partner": "acme"})
    api.grant_invoke(
        caller.functions["POST /sync"],
        GET_ORDER,
        reason="The sync job reads every partner's orders.",
    )
    # THEN cdk-nag (3, which fails synth on a finding) reports nothing
    assembly = app.synth()
    assert report_findings(tmp_path / "validation-report.json") == set()
    assert grant.success
    template = Template.from_json(assembly.get_stack_by_name("Test").template)
    # AND the role's policy names exactly the two routes of its own partner
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "Roles": [{"Ref": stack.get_logical_id(role.node.default_child)}],
            "PolicyDocument": {
                "Statement": [
                    {
                        "Action": "execute-api:Invoke",
                        "Effect": "Allow",
                        "Resource": [
                            _arn(api, "/GET/partners/acme/orders/*"),
                            _arn(api, "/POST/partners/acme/orders"),
                        ],
                    }
                ]
            },
        },
    )
    # AND the function's role gets the route's ARN in its DefaultPolicy
    function_policy = caller.function_roles["POST /sync"].node.find_child("DefaultPolicy")
    statements = stack.resolve(function_policy.document)["Statement"]
    assert {
        "Action": "execute-api:Invoke",
        "Effect": "Allow",
        "Resource": _arn(api, "/GET/partners/*/orders/*"),
    } in statements


def _acknowledged(resource: Any) -> list[dict[str, Any]]:
    return list((resource.get_metadata("cdk_nag") or {}).get("rules_to_suppress", []))


def test_the_acknowledgement_names_the_findings_of_the_statement_alone() -> None:
    # GIVEN a partner's role granted a route with a parameter and one without
    stack = new_stack()
    api = _partners(stack)
    role = iam.Role(stack, "AcmeCaller", assumed_by=iam.AccountPrincipal("111122223333"))
    # WHEN it is granted with a reason of the user's
    api.grant_invoke(
        role,
        GET_ORDER,
        POST_ORDER,
        path_parameters={"partner": "acme"},
        reason="Acme reads its own orders, each by its id.",
    )
    # THEN its policy carries one IAM5 acknowledgement: the GET's '*' (the POST has none)
    policy = role.node.find_child("DefaultPolicy").node.default_child
    api_id = stack.get_logical_id(api.http_api.node.default_child)
    (entry,) = _acknowledged(policy)
    assert entry["id"] == "AwsSolutions-IAM5"
    assert entry["applies_to"] == [
        f"Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<{api_id}>"
        "/$default/GET/partners/acme/orders/*"
    ]
    assert entry["reason"].startswith(
        "ServerlessApi.grant_invoke: execute-api:Invoke on the routes "
        f"'{GET_ORDER}', '{POST_ORDER}' with {{partner}}='acme' of the API Test/Partners"
    )
    assert entry["reason"].endswith(
        "The client may call them: Acme reads its own orders, each by its id."
    )
    # AND nothing else of the stack is acknowledged by it
    assert _acknowledged(role.node.default_child) == []


def test_a_route_without_wildcards_is_granted_with_no_acknowledgement() -> None:
    stack = new_stack()
    api = ServerlessApi(stack, "Api", routes={"POST /records": ORDERS}, auth=ApiAuth.iam())
    role = iam.Role(stack, "Ingest", assumed_by=iam.AccountPrincipal("111122223333"))
    api.grant_invoke(role, "POST /records")
    assert _acknowledged(role.node.find_child("DefaultPolicy").node.default_child) == []
    Template.from_stack(stack).has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": [Match.object_like({"Resource": _arn(api, "/POST/records")})]
            }
        },
    )


def test_routes_granted_together_do_not_warn_of_each_other() -> None:
    # GIVEN two routes, the ARN of the first letting in requests of the second
    stack = new_stack()
    api = ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /records/{id}": ORDERS,
            "GET /records/{id}/tags": ORDERS,
            "GET /other/{id}/tags": ORDERS,
        },
        auth=ApiAuth.iam(),
    )
    role = iam.Role(stack, "Reader", assumed_by=iam.AccountPrincipal("111122223333"))
    # WHEN both are granted, THEN no warning: the client may call both
    api.grant_invoke(role, "GET /records/{id}", "GET /records/{id}/tags")
    found = Annotations.from_stack(stack).find_warning(
        "/Test/Api", Match.string_like_regexp("grant_invoke")
    )
    assert found == []
    # WHEN one alone is granted, THEN the warning names the other
    api.grant_invoke(role, "GET /records/{id}")
    (warning,) = Annotations.from_stack(stack).find_warning(
        "/Test/Api", Match.string_like_regexp(r"^grant_invoke\(")
    )
    assert str(warning.entry.data).startswith(
        "grant_invoke('GET /records/{id}') lets the client call 'GET /records/{id}/tags' too"
    )
    assert f"[ack: {ROUTE_ARN_WIDER_WARNING}]" in str(warning.entry.data)


def test_every_problem_of_a_call_at_once() -> None:
    stack = new_stack()
    api = _partners(stack)
    role = iam.Role(stack, "AcmeCaller", assumed_by=iam.AccountPrincipal("111122223333"))
    message = str(
        raised(
            lambda: api.grant_invoke(
                role,
                "GET /partners/{partner}/order/{id}",
                "GET /health",
                "$default",
                path_parameters={"partner": "ac*me"},
                reason="too short",
            )
        )
    )
    assert (
        "Test/Partners: `grant_invoke(route_keys)['GET /partners/{partner}/order/{id}']` is "
        "'GET /partners/{partner}/order/{id}', no route of this API. Fix: did you mean "
        "'GET /partners/{partner}/orders/{id}'?" in message
    )
    assert (
        "`grant_invoke(route_keys)['GET /health']` is 'GET /health', a route behind no "
        "authorizer (a public route)" in message
    )
    assert "`grant_invoke(route_keys)['$default']` is '$default', no route of this API" in message
    assert "`grant_invoke(reason)` is 'too short'; it must say why this client may call" in message


def test_path_parameter_problems_are_arn_for_route_s() -> None:
    stack = new_stack()
    api = _partners(stack)
    role = iam.Role(stack, "AcmeCaller", assumed_by=iam.AccountPrincipal("111122223333"))
    message = str(
        raised(
            lambda: api.grant_invoke(
                role, GET_ORDER, POST_ORDER, path_parameters={"partner": "ac*me", "tenant": "x"}
            )
        )
    )
    assert message.startswith("3 invalid props:")  # the value's problem once, not per route
    assert "`grant_invoke(path_parameters)` gives 'partner' 'ac*me': a value is letters" in message
    assert (
        f"`grant_invoke(path_parameters)` names 'tenant', no parameter of {GET_ORDER!r} (its "
        "parameters: {partner}, {id})" in message
    )


def test_no_route_keys_is_refused() -> None:
    stack = new_stack()
    api = _partners(stack)
    role = iam.Role(stack, "AcmeCaller", assumed_by=iam.AccountPrincipal("111122223333"))
    assert (
        "Test/Partners: `grant_invoke(route_keys)` are none: a grant of no route lets the "
        "client call nothing. Fix: pass the route keys the client calls"
    ) in str(raised(lambda: api.grant_invoke(role)))


def test_a_role_of_another_account_is_refused_with_the_assumed_role_way() -> None:
    # GIVEN a stack with an env, and a partner's role imported from its own account
    stack = new_stack(env=ENV)
    api = _partners(stack)
    partner = iam.Role.from_role_arn(stack, "Acme", "arn:aws:iam::111122223333:role/caller")
    message = str(raised(lambda: api.grant_invoke(partner, GET_ORDER)))
    assert "Test/Partners: `grant_invoke(grantee)` is " in message
    assert (
        "of the account 111122223333, not the API's (123456789012): a policy of this app "
        "cannot be attached to a role of another account" in message
    )
    assert "Fix: give the client a role of the API's account that it assumes" in message


def test_a_role_of_the_api_s_account_imported_by_its_arn_is_granted() -> None:
    stack = new_stack(env=ENV)
    api = _partners(stack)
    own = iam.Role.from_role_arn(stack, "Own", "arn:aws:iam::123456789012:role/caller")
    api.grant_invoke(own, GET_ORDER)
    policy = own.node.find_child("Policy").node.default_child
    (entry,) = _acknowledged(policy)
    assert entry["applies_to"][0].endswith("/$default/GET/partners/*/orders/*")


@pytest.mark.parametrize(
    ("grantee", "message"),
    [
        pytest.param(
            lambda s: iam.ServicePrincipal("lambda.amazonaws.com"),
            "has no IAM policy in this app to hold the grant",
            id="a service principal",
        ),
        pytest.param(
            lambda s: iam.Role.from_role_arn(
                s, "Fixed", "arn:aws:iam::123456789012:role/x", mutable=False
            ),
            "whose grants aws-cdk-lib drops (a role imported with mutable=False)",
            id="an immutable role",
        ),
        pytest.param(
            lambda s: "arn:aws:iam::123456789012:role/x", "not an iam.IGrantable", id="an ARN"
        ),
    ],
)
def test_a_grantee_without_a_policy_of_this_app_is_refused(grantee: Any, message: str) -> None:
    stack = new_stack(env=ENV)
    api = _partners(stack)
    assert message in str(raised(lambda: api.grant_invoke(grantee(stack), GET_ORDER)))


@pytest.mark.slow
def test_a_role_of_another_stack_has_no_cdk_nag_finding(tmp_path: Path) -> None:
    # GIVEN the API in one stack and its client's role in another (the ARN an import there)
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    enable_checks(app)
    api = _partners(cdk.Stack(app, "Api"))
    clients = cdk.Stack(app, "Clients")
    role = iam.Role(clients, "AcmeCaller", assumed_by=iam.AccountPrincipal("111122223333"))
    # WHEN it is granted, THEN cdk-nag 3 reports nothing once the reference is resolved
    api.grant_invoke(role, GET_ORDER, path_parameters={"partner": "acme"})
    app.synth()
    assert report_findings(tmp_path / "validation-report.json") == set()
