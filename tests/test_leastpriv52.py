"""What a security reviewer reads in an app built with the library: a public route's table
access is said by the route, the library acknowledges only the wildcards its own grants
write (an app's wildcard is the app's finding), and cdk-nag 2 metadata goes only on the
resource types a rule reports on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_ses as ses
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    QueueWorker,
    Route,
    ServerlessApi,
    TableAccess,
    TableOptions,
    acknowledge,
)
from constructs_lib._nag_writer import reported_on
from tests.support import (
    CDK_CONTEXT,
    TABLE_READ_ACTIONS,
    assert_rule,
    echo_handler,
    nag_findings,
    new_stack,
)

JWT = ApiAuth.jwt("https://issuer.example.com/", ["todo-api"])
REASON = "load balancers' health checks carry no token"
ITEMS = echo_handler()
HEALTH = echo_handler(name="Health")
_READ = TABLE_READ_ACTIONS
_WRITE = [
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
]


def _api(stack: cdk.Stack, routes: dict[str, Any], **props: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes=routes,
        **{"auth": JWT, "table": TableOptions(partition_key="pk"), **props},
    )


def _table_actions(template: Template, policy_prefix: str) -> list[str]:
    """The DynamoDB actions of the DefaultPolicy whose logical ID starts with
    ``policy_prefix`` (none when the role has no DefaultPolicy)."""
    actions: list[str] = []
    for key, policy in template.find_resources("AWS::IAM::Policy").items():
        if key.startswith(policy_prefix):
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
                listed = statement["Action"]
                listed = listed if isinstance(listed, list) else [listed]
                actions += [a for a in listed if a.startswith("dynamodb:")]
    return sorted(actions)


# --- 1. a public route says what it does with the table ---------------------------------

# Proves (leastpriv52): Route(handler, public=...) on an API with a table got the table
# access every route gets by method: a public health check (GET) read the table, a public
# callback (POST) read and wrote it, for anyone calling the route.
_NOT_GIVEN = (
    r"Test/Api: `routes\['{key}'\]\.table_access` is not given on a public route of an API "
    r"with a table: the default for a {method} route, TableAccess\.{access}, would let anyone "
    r"who calls the route reach the table through its function\. Fix: pass "
    r"table_access=TableAccess\.NONE if the route's code does not use the table, or "
    r"TableAccess\.READ / TableAccess\.READ_WRITE for what it does with it "
    r"\(Route\(handler, public=\.\.\., table_access=TableAccess\.NONE\)\)"
)


@pytest.mark.parametrize(
    ("key", "access"), [("GET /health", "READ"), ("POST /callbacks", "READ_WRITE")]
)
@pytest.mark.parametrize("table", ["table", "existing_table"])
def test_a_public_route_of_an_api_with_a_table_must_say_its_table_access(
    key: str, access: str, table: str
) -> None:
    def build(**props: Any) -> ServerlessApi:
        stack = new_stack()
        if table == "existing_table":
            from aws_cdk import aws_dynamodb as dynamodb

            props = {
                "table": None,
                "existing_table": dynamodb.Table.from_table_name(stack, "Orders", "orders"),
            }
        return _api(stack, {"GET /items": ITEMS, key: Route(HEALTH, public=REASON)}, **props)

    message = _NOT_GIVEN.format(key=key, method=key.split()[0], access=access)
    assert_rule(build, {}, message)


@pytest.mark.parametrize(
    ("access", "expected"),
    [
        (TableAccess.NONE, []),
        (TableAccess.READ, _READ),
        (TableAccess.READ_WRITE, sorted([*_READ, *_WRITE])),
    ],
)
def test_a_public_route_gets_the_table_access_it_says_and_the_others_keep_theirs(
    access: TableAccess, expected: list[str]
) -> None:
    stack = new_stack()
    _api(
        stack,
        {
            "POST /items": ITEMS,
            "POST /callbacks": Route(HEALTH, public=REASON, table_access=access),
        },
    )
    template = Template.from_stack(stack)
    assert _table_actions(template, "ApiHealthRoleDefaultPolicy") == expected
    assert _table_actions(template, "ApiHandlerRoleDefaultPolicy") == sorted([*_READ, *_WRITE])


# Proves (leastpriv52): a public route given table_access=NONE whose Handler also served a
# POST route behind auth ran as one function with read/write access: the route's NONE held
# for nobody calling it.
def test_a_public_route_sharing_a_wider_function_is_told_to_take_its_own_handler() -> None:
    def build(**props: Any) -> ServerlessApi:
        public = Route(ITEMS, public=REASON, table_access=TableAccess.NONE)
        return _api(new_stack(), {"GET /items": ITEMS, "POST /items": ITEMS, "GET /ping": public})

    assert_rule(
        build,
        {},
        r"Test/Api: `routes\['GET /ping'\]\.table_access` is TableAccess\.NONE, but the route's "
        r"Handler also serves 'POST /items' \(TableAccess\.READ_WRITE\): equal Handlers are one "
        r"function, with the widest table access of their routes, so anyone calling the public "
        r"route would run code that has it\. Fix: give the public route a Handler of its own "
        r"\(another name=, e\.g\. Handler\(\.\.\., name='Public'\)\), or pass the wider "
        r"table_access if the route's code needs it",
    )
    # said as wide as the function's: the route's code has what it says
    stack = new_stack()
    _api(
        stack,
        {
            "POST /items": ITEMS,
            "POST /hooks": Route(ITEMS, public=REASON, table_access=TableAccess.READ_WRITE),
        },
    )
    assert _table_actions(Template.from_stack(stack), "ApiHandlerRoleDefaultPolicy") == sorted(
        [*_READ, *_WRITE]
    )


def test_a_handler_with_a_wrong_prop_beside_a_public_route_is_told_its_own_problem() -> None:
    """Proves (lead's full suite): the shared-function check computed every Handler's
    identity, and a Handler with an environment that is no mapping raised inside it, so
    the user was told a generic type message instead of the Handler's rule."""
    public = Route(HEALTH, public=REASON, table_access=TableAccess.NONE)
    assert_rule(
        lambda: _api(
            new_stack(), {"GET /ping": public, "GET /a": echo_handler(environment=["A=1"])}
        ),
        {},
        r"`routes\['GET /a'\]\.environment` is a list",
    )


def test_a_public_route_without_a_table_or_on_a_public_api_needs_no_table_access() -> None:
    # no table: nothing to grant; ApiAuth.none: every route answers anyone, as before
    _api(new_stack(), {"GET /health": Route(HEALTH, public=REASON)}, table=None)
    stack = new_stack()
    _api(
        stack,
        {"GET /health": Route(HEALTH, public=REASON)},
        auth=ApiAuth.none(reason="a public read-only catalogue, no sign-in"),
    )
    assert _table_actions(Template.from_stack(stack), "ApiHealthRoleDefaultPolicy") == _READ


# --- 2. the app's wildcards are the app's findings --------------------------------------


def _env_stack(app: cdk.App) -> cdk.Stack:
    return cdk.Stack(app, "Test", env=cdk.Environment(account="111111111111", region="eu-west-1"))


_WILDCARD_TARGETS = {
    "event bus": (
        lambda stack: events.EventBus.from_event_bus_arn(
            stack, "AllBuses", "arn:aws:events:eu-west-1:111111111111:event-bus/*"
        ),
        "AwsSolutions-IAM5[Resource::arn:aws:events:eu-west-1:111111111111:event-bus/*]",
    ),
    "email identity": (
        lambda stack: ses.EmailIdentity.from_email_identity_arn(
            stack, "Senders", "arn:aws:ses:eu-west-1:111111111111:identity/*"
        ),
        "AwsSolutions-IAM5[Resource::arn:aws:ses:eu-west-1:111111111111:identity/*]",
    ),
}


# Proves (leastpriv52): a link to an event bus or email identity imported by a wildcard ARN
# had its IAM5 finding acknowledged by the library ("the wildcard is in the ARN ..., the
# app's choice"): the one wildcard a reviewer must see, the app's, never reached the report.
@pytest.mark.parametrize("kind", list(_WILDCARD_TARGETS))
def test_a_wildcard_the_app_imported_a_link_target_by_is_reported_for_the_app(
    kind: str, tmp_path: Path
) -> None:
    make, finding = _WILDCARD_TARGETS[kind]
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = _env_stack(app)
    QueueWorker(stack, "Worker", handler=echo_handler(links=[make(stack)]))
    findings = nag_findings(app, tmp_path)
    assert (finding, "Test/Worker/Handler/Role/DefaultPolicy/Resource") in findings
    template = json.loads((tmp_path / "Test.template.json").read_text())
    (policy,) = [
        r
        for k, r in template["Resources"].items()
        if k.startswith("WorkerHandlerRoleDefaultPolicy")
    ]
    assert "Metadata" not in policy  # nothing of the library's acknowledged on it


def test_the_app_acknowledges_its_own_wildcard_with_its_reason(tmp_path: Path) -> None:
    make, finding = _WILDCARD_TARGETS["event bus"]
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = _env_stack(app)
    worker = QueueWorker(stack, "Worker", handler=echo_handler(links=[make(stack)]))
    acknowledge(worker.function_role, finding, reason="The audit function writes to every bus.")
    assert nag_findings(app, tmp_path) == set()


# Holds: a statement the app adds to a library function's role is reported, also where the
# library acknowledges Resource::* on the role itself (X-Ray's inline policy)
def test_a_wildcard_statement_the_app_adds_to_a_function_role_is_reported(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = _env_stack(app)
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    worker.function.add_to_role_policy(
        iam.PolicyStatement(actions=["s3:GetObject"], resources=["*"])
    )
    assert nag_findings(app, tmp_path) == {
        ("AwsSolutions-IAM5[Resource::*]", "Test/Worker/Handler/Role/DefaultPolicy/Resource")
    }


# --- 4. cdk-nag 2 metadata only where the rule reports ----------------------------------


# Proves (leastpriv52): an SQS rule's acknowledgement on a queue matched every type that
# starts with AWS::SQS::Queue, so the dead-letter queue's QueuePolicy carried the queue's
# Serverless-SQSRedrivePolicy reason too (no SQS rule reports on a queue policy).
def test_an_sqs_rule_is_written_on_the_queue_and_not_on_its_queue_policy() -> None:
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=echo_handler())
    template = Template.from_stack(stack)
    (queue,) = [
        r
        for k, r in template.find_resources("AWS::SQS::Queue").items()
        if k.startswith("WorkerDeadLetterQueue")
    ]
    assert [s["id"] for s in queue["Metadata"]["cdk_nag"]["rules_to_suppress"]] == [
        "Serverless-SQSRedrivePolicy"
    ]
    policies = template.find_resources("AWS::SQS::QueuePolicy")
    assert policies and all("Metadata" not in p for p in policies.values())


@pytest.mark.parametrize(
    ("rule", "resource_type", "reported"),
    [
        ("AwsSolutions-SQS4", "AWS::SQS::Queue", True),
        ("AwsSolutions-SQS4", "AWS::SQS::QueuePolicy", False),
        ("Serverless-SQSRedrivePolicy", "AWS::SQS::QueueInlinePolicy", False),
        ("AwsSolutions-S10", "AWS::S3::Bucket", True),
        ("AwsSolutions-S10", "AWS::S3::BucketPolicy", False),
        ("AwsSolutions-APIG4", "AWS::ApiGatewayV2::Route", True),
        ("AwsSolutions-APIG4", "AWS::ApiGateway::Method", True),
        ("AwsSolutions-IAM5", "AWS::IAM::Policy", True),
        ("AwsSolutions-CFR4", "AWS::CloudFront::Distribution", True),
        ("AwsSolutions-L1", "AWS::Lambda::Function", True),
    ],
)
def test_a_rule_is_written_on_the_types_it_reports_on(
    rule: str, resource_type: str, reported: bool
) -> None:
    assert bool(reported_on(resource_type, [(rule, "a reason")])) is reported
