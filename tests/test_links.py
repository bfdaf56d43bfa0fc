"""Handler(links=[...]) and ``link()``: for each kind of target, exactly aws-cdk-lib's
least-privilege grant and one environment variable, with zero cdk-nag findings for the
user; links both ways in one stack and across stacks, without a dependency cycle."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    EventHandler,
    GlobalIndex,
    Handler,
    Link,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    TableOptions,
    _defaults,
    acknowledge,
)
from constructs_lib._iam_findings import wildcard_findings
from tests.support import (
    CDK_CONTEXT,
    ECHO,
    TABLE_READ_ACTIONS,
    cfn_lint,
    echo_handler,
    nag_findings,
    new_stack,
)

#: Route -> the links of its function (one target kind, or one narrowed access, each).
LINKS: dict[str, Callable[[dict[str, Any]], list[Any]]] = {
    "worker": lambda t: [t["worker"]],
    "api": lambda t: [t["api"]],
    "table": lambda t: [t["table"]],
    "table_read": lambda t: [Link.read(t["table"])],
    "table_write": lambda t: [Link.write(t["table"], env="ORDERS")],
    "indexed": lambda t: [t["indexed"]],
    "bucket": lambda t: [t["bucket"]],
    "bucket_read": lambda t: [Link.read(t["bucket"], prefix="incoming/")],
    "bucket_put": lambda t: [Link.put(t["sealed"], prefix="reports/")],
    "bucket_shared": lambda t: [Link.read_write(t["sealed"], prefix="shared/")],
    "topic": lambda t: [t["topic"]],
    "secret": lambda t: [t["secret"]],
    "queue": lambda t: [t["queue"]],
    "bus": lambda t: [t["bus"]],
    "identity": lambda t: [t["identity"]],
    "configuration_set": lambda t: [t["configuration_set"]],
}


def _targets(stack: cdk.Stack) -> dict[str, Any]:
    """One user resource of every kind, each cdk-nag clean on its own."""
    logs = _defaults.private_bucket(stack, "AccessLogs")
    acknowledge(logs, "AwsSolutions-S1", reason="The access log bucket logs nowhere itself.")

    def bucket(id: str, **props: Any) -> s3.Bucket:
        return s3.Bucket(
            stack,
            id,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            server_access_logs_bucket=logs,
            server_access_logs_prefix=f"{id}/",
            **props,
        )

    key = kms.Key(stack, "Key", enable_key_rotation=True)
    secret = secretsmanager.Secret(stack, "ApiKey")
    acknowledge(secret, "AwsSolutions-SMG4", reason="A third party's API key: rotated by hand.")
    return {
        "worker": QueueWorker(stack, "OrdersWorker", handler=echo_handler()),
        "api": ServerlessApi(
            stack,
            "Todos",
            routes={"GET /todos": echo_handler()},
            auth=ApiAuth.iam(),
            table=TableOptions(partition_key="id"),
        ),
        "table": _defaults.table(stack, "Orders", partition_key=_string("id")),
        "indexed": ServerlessApi(
            stack,
            "Indexed",
            routes={"GET /x": echo_handler()},
            auth=ApiAuth.iam(),
            table=TableOptions(
                partition_key="id", global_secondary_indexes=[GlobalIndex("by-owner", "owner")]
            ),
        ).table,
        "bucket": bucket("Uploads"),
        "sealed": bucket("Sealed", encryption=s3.BucketEncryption.KMS, encryption_key=key),
        "topic": sns.Topic(stack, "Alerts", master_key=key, enforce_ssl=True),
        "secret": secret,
        "queue": _defaults.queue(
            stack,
            "Jobs",
            dead_letter_queue=sqs.DeadLetterQueue(
                queue=_defaults.dead_letter_queue(stack), max_receive_count=3
            ),
        ),
        "bus": events.EventBus(stack, "Bus"),
        "identity": ses.EmailIdentity(stack, "Sender", identity=ses.Identity.domain("example.com")),
        "configuration_set": ses.ConfigurationSet(stack, "Tracking"),
    }


def _string(name: str) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=name, type=dynamodb.AttributeType.STRING)


def _build(stack: cdk.Stack) -> dict[str, Any]:
    """The targets, and an API whose route ``GET /<case>`` runs a function linked as LINKS
    says (function ``Case<case>``)."""
    targets = _targets(stack)
    routes = {
        f"GET /{case}": Handler(code=ECHO, name=_name(case), links=links(targets))
        for case, links in LINKS.items()
    }
    targets["linked"] = ServerlessApi(stack, "Linked", routes=routes, auth=ApiAuth.iam())
    return targets


def _name(case: str) -> str:
    return "To" + "".join(part.capitalize() for part in case.split("_"))


def _nag_app(tmp_path: Path) -> cdk.App:
    return cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)


class Linked(NamedTuple):
    """The stack of :func:`_build`, built once per module: its targets, its cdk-nag
    findings and its template."""

    stack: cdk.Stack
    targets: dict[str, Any]
    findings: set[tuple[str, str]]
    template: Template


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Linked:
    outdir = tmp_path_factory.mktemp("links")
    app = _nag_app(outdir)
    stack = cdk.Stack(app, "Links")
    targets = _build(stack)
    # cdk-nag first: the template is then read from that synth (an app synthesizes once)
    findings = nag_findings(app, outdir)
    return Linked(stack, targets, findings, Template.from_stack(stack))


def _arn(id: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [id, "Arn"]}


def _under(id: str, pattern: str) -> dict[str, Any]:
    return {"Fn::Join": ["", [_arn(id), pattern]]}


def _allow(actions: list[str] | str, resource: Any) -> dict[str, Any]:
    return {"Action": actions, "Effect": "Allow", "Resource": resource}


_TABLE_READ = TABLE_READ_ACTIONS
_TABLE_WRITE = [
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
]
_TABLE_READ_WRITE = sorted({*_TABLE_READ, *_TABLE_WRITE})
_S3_READ = ["s3:GetBucket*", "s3:GetObject*", "s3:List*"]
_S3_PUT = [
    "s3:Abort*",
    "s3:PutObject",
    "s3:PutObjectLegalHold",
    "s3:PutObjectRetention",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
]
_SEND = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"]
_SES_SEND = ["ses:SendEmail", "ses:SendRawEmail"]


def _ses_arn(resource: str, id: str) -> dict[str, Any]:
    """An SES ARN in an environment-agnostic stack, as aws-cdk-lib's format_arn writes it."""
    region, account = {"Ref": "AWS::Region"}, {"Ref": "AWS::AccountId"}
    parts = ["arn:", {"Ref": "AWS::Partition"}, ":ses:", region, ":", account]
    return {"Fn::Join": ["", [*parts, f":{resource}/", {"Ref": id}]]}


def _bucket_under(id: str, pattern: str) -> list[dict[str, Any]]:
    """A prefixed bucket link's statements on the bucket itself: its settings, and the
    listing only with an ``s3:prefix`` under ``pattern``."""
    return [
        _allow("s3:GetBucket*", _arn(id)),
        {
            **_allow(["s3:ListBucket", "s3:ListBucketVersions"], _arn(id)),
            "Condition": {"StringLike": {"s3:prefix": pattern}},
        },
    ]


#: case -> (its variable, the target's logical id, the function's exact policy statements)
EXPECTED: dict[str, tuple[str, str, list[dict[str, Any]]]] = {
    "worker": (
        "ORDERS_WORKER_QUEUE_URL",
        "OrdersWorkerQueueF2A086D3",
        [_allow(_SEND, _arn("OrdersWorkerQueueF2A086D3"))],
    ),
    "api": (
        "TODOS_TABLE_NAME",
        "TodosTableA804D06A",
        [_allow(_TABLE_READ_WRITE, _arn("TodosTableA804D06A"))],
    ),
    "table": (
        "ORDERS_TABLE_NAME",
        "OrdersA9B65338",
        [_allow(_TABLE_READ_WRITE, _arn("OrdersA9B65338"))],
    ),
    "table_read": (
        "ORDERS_TABLE_NAME",
        "OrdersA9B65338",
        [_allow(_TABLE_READ, _arn("OrdersA9B65338"))],
    ),
    "table_write": ("ORDERS", "OrdersA9B65338", [_allow(_TABLE_WRITE, _arn("OrdersA9B65338"))]),
    "indexed": (
        "INDEXED_TABLE_NAME",
        "IndexedTableE044B2EE",
        [
            _allow(
                _TABLE_READ_WRITE,
                [_arn("IndexedTableE044B2EE"), _under("IndexedTableE044B2EE", "/index/*")],
            )
        ],
    ),
    "bucket": (
        "UPLOADS_BUCKET_NAME",
        "Uploads4F6EB0FD",
        [
            _allow(
                sorted([*_S3_READ, *_S3_PUT, "s3:DeleteObject*"]),
                [_arn("Uploads4F6EB0FD"), _under("Uploads4F6EB0FD", "/*")],
            )
        ],
    ),
    # a prefix narrows the listing too: no s3:List* on the whole bucket
    "bucket_read": (
        "UPLOADS_BUCKET_NAME",
        "Uploads4F6EB0FD",
        [
            _allow(["s3:GetObject*", "s3:List*"], _under("Uploads4F6EB0FD", "/incoming/*")),
            *_bucket_under("Uploads4F6EB0FD", "incoming/*"),
        ],
    ),
    "bucket_shared": (
        "SEALED_BUCKET_NAME",
        "Sealed918B1559",
        [
            _allow(
                sorted(["s3:GetObject*", "s3:List*", "s3:DeleteObject*", *_S3_PUT]),
                _under("Sealed918B1559", "/shared/*"),
            ),
            _allow(
                [
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "kms:Encrypt",
                    "kms:GenerateDataKey*",
                    "kms:ReEncrypt*",
                ],
                _arn("Key961B73FD"),
            ),
            *_bucket_under("Sealed918B1559", "shared/*"),
        ],
    ),
    "bucket_put": (
        "SEALED_BUCKET_NAME",
        "Sealed918B1559",
        [
            _allow(_S3_PUT, _under("Sealed918B1559", "/reports/*")),
            _allow(
                ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                _arn("Key961B73FD"),
            ),
        ],
    ),
    "topic": (
        "ALERTS_TOPIC_ARN",
        "Alerts91F83244",
        [
            _allow("sns:Publish", {"Ref": "Alerts91F83244"}),
            _allow(["kms:Decrypt", "kms:GenerateDataKey*"], _arn("Key961B73FD")),
        ],
    ),
    "secret": (
        "API_KEY_SECRET_ARN",
        "ApiKeyF9DDEE66",
        [
            _allow(
                ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
                {"Ref": "ApiKeyF9DDEE66"},
            )
        ],
    ),
    "queue": ("JOBS_QUEUE_URL", "JobsDF1CC2D4", [_allow(_SEND, _arn("JobsDF1CC2D4"))]),
    "bus": ("BUS_EVENT_BUS_NAME", "BusEA82B648", [_allow("events:PutEvents", _arn("BusEA82B648"))]),
    "identity": (
        "SENDER_EMAIL_IDENTITY_NAME",
        "SenderF5F9B8E0",
        [_allow(_SES_SEND, _ses_arn("identity", "SenderF5F9B8E0"))],
    ),
    "configuration_set": (
        "TRACKING_CONFIGURATION_SET_NAME",
        "Tracking0CBED059",
        [_allow(_SES_SEND, _ses_arn("configuration-set", "Tracking0CBED059"))],
    ),
}


def _resource(template: Template, kind: str, prefix: str) -> dict[str, Any]:
    found = [
        resource
        for logical_id, resource in template.find_resources(kind).items()
        if logical_id.startswith(prefix)
    ]
    assert len(found) == 1, (kind, prefix, len(found))
    return found[0]


@pytest.mark.parametrize("case", EXPECTED)
def test_a_link_grants_exactly_its_access_and_sets_one_variable(linked: Linked, case: str) -> None:
    # GIVEN a function linked to one target (LINKS[case])
    template = linked.template
    variable, target, statements = EXPECTED[case]
    name = f"Linked{_name(case)}"
    # THEN its one variable holds the target's name, URL or ARN
    function = _resource(template, "AWS::Lambda::Function", f"{name}Function")
    assert function["Properties"]["Environment"]["Variables"] == {variable: {"Ref": target}}
    # AND its DefaultPolicy holds aws-cdk-lib's grant for that access, nothing more
    policy = _resource(template, "AWS::IAM::Policy", f"{name}RoleDefaultPolicy")
    assert policy["Properties"]["PolicyDocument"]["Statement"] == statements


@pytest.mark.slow
def test_every_link_kind_leaves_no_cdk_nag_finding(linked: Linked) -> None:
    # GIVEN functions linked to every kind of target, with every narrowed access
    # THEN cdk-nag finds nothing: the grants' wildcards are acknowledged by the library
    assert linked.findings == set()


def test_only_the_links_wildcards_are_acknowledged(tmp_path: Path) -> None:
    # GIVEN a linked function the user also grants by hand on another bucket
    app = _nag_app(tmp_path)
    stack = cdk.Stack(app, "Mixed")
    targets = _targets(stack)
    worker = QueueWorker(
        stack, "Worker", handler=Handler(code=ECHO, links=[Link.read(targets["bucket"])])
    )
    other = s3.Bucket(
        stack,
        "Other",
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
        server_access_logs_prefix="other/",
    )
    other.grant_put(worker.function, "out/*")
    # THEN the user's own wildcard resource is still reported (the library's are not)
    other_objects = f"<{stack.get_logical_id(other.node.default_child)}.Arn>/out/*"
    assert nag_findings(app, tmp_path) == {
        (
            f"AwsSolutions-IAM5[Resource::{other_objects}]",
            "Mixed/Worker/Handler/Role/DefaultPolicy/Resource",
        ),
        (
            "AwsSolutions-IAM5[Action::s3:Abort*]",
            "Mixed/Worker/Handler/Role/DefaultPolicy/Resource",
        ),
    }


def test_equal_handlers_with_equal_links_share_a_function_and_other_links_do_not() -> None:
    # GIVEN three routes: two equal handlers linked alike, a third linked otherwise
    stack = new_stack()
    table = _defaults.table(stack, "Orders", partition_key=_string("id"))

    def handler(*links: Any) -> Handler:
        return Handler(code=ECHO, links=list(links))

    api = ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": handler(Link.read(table)),
            "GET /b": handler(Link.read(table)),
            "POST /a": Handler(code=ECHO, name="Writer", links=[table]),
        },
        auth=ApiAuth.iam(),
    )
    # THEN the equal ones share one function, the other has its own
    assert api.functions["GET /a"] is api.functions["GET /b"]
    assert api.functions["POST /a"] is not api.functions["GET /a"]


def test_link_after_construction_is_the_same_grant_and_variable() -> None:
    # GIVEN one worker linked in its Handler and one linked afterwards
    def build(after: bool) -> dict[str, Any]:
        stack = new_stack()
        topic = sns.Topic(stack, "Alerts", enforce_ssl=True)
        links = [] if after else [topic]
        worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=links))
        if after:
            worker.link(topic)
        template = Template.from_stack(stack)
        policy = _resource(template, "AWS::IAM::Policy", "WorkerHandlerRoleDefaultPolicy")
        function = _resource(template, "AWS::Lambda::Function", "WorkerHandlerFunction")
        statements = policy["Properties"]["PolicyDocument"]["Statement"]
        return {
            "statements": sorted(json.dumps(s, sort_keys=True) for s in statements),
            "environment": function["Properties"]["Environment"],
            "versions": sorted(template.find_resources("AWS::Lambda::Version")),
        }

    # THEN both have the same statements, variables and published version
    assert build(after=True) == build(after=False)


def _lint(template: dict[str, Any]) -> list[str]:
    return cfn_lint(template, regions=["us-east-1"])


def _variables(template: Template, function: str) -> dict[str, Any]:
    resource = _resource(template, "AWS::Lambda::Function", f"{function}Function")
    variables: dict[str, Any] = resource["Properties"]["Environment"]["Variables"]
    return variables


def _orders(stack: cdk.Stack) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Orders",
        routes={
            "POST /orders": echo_handler(name="PostOrders"),
            "GET /orders": echo_handler(entry="app.other", name="GetOrders"),
        },
        auth=ApiAuth.iam(),
        table=TableOptions(partition_key="id"),
    )


def test_links_both_ways_in_one_stack_make_no_cycle() -> None:
    # GIVEN an API whose POST route sends to a worker that writes to the API's table
    stack = new_stack()
    api = _orders(stack)
    worker = QueueWorker(stack, "OrdersWorker", handler=Handler(code=ECHO, links=[Link.write(api)]))
    api.link(worker, routes=["POST /orders"])
    template = Template.from_stack(stack)
    # THEN the POST function has the queue's URL, the GET function does not
    queue_url = {"Ref": stack.get_logical_id(worker.queue.node.default_child)}
    table_name = {"Ref": stack.get_logical_id(api.node.find_child("Table").node.default_child)}
    assert _variables(template, "OrdersPostOrders") == {
        "TABLE_NAME": table_name,
        "ORDERS_WORKER_QUEUE_URL": queue_url,
    }
    assert _variables(template, "OrdersGetOrders") == {"TABLE_NAME": table_name}
    # AND the worker has the table's name
    assert _variables(template, "OrdersWorkerHandler") == {
        "QUEUE_URL": queue_url,
        "ORDERS_TABLE_NAME": table_name,
    }
    # AND CloudFormation sees no circular dependency (cfn-lint E3004 and the rest)
    assert _lint(template.to_json()) == []


def test_links_across_stacks_go_one_way_and_pass_cdk_nag(tmp_path: Path) -> None:
    # GIVEN an API with an indexed table and a bucket in one stack, a worker in another
    app = _nag_app(tmp_path)
    data = cdk.Stack(app, "Data")
    api = ServerlessApi(
        data,
        "Shop",
        routes={"GET /orders": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(
            partition_key="id", global_secondary_indexes=[GlobalIndex("by-owner", "owner")]
        ),
    )
    bucket = _targets(data)["bucket"]
    workers = cdk.Stack(app, "Workers")
    QueueWorker(workers, "Worker", handler=Handler(code=ECHO, links=[api, Link.read(bucket)]))
    # THEN cdk-nag finds nothing, although the table and bucket arrive as imports
    assert nag_findings(app, tmp_path) == set()
    # AND the worker's stack depends on the data stack, not the other way round
    assert [s.stack_name for s in workers.dependencies] == ["Data"]
    assert data.dependencies == []


def test_a_secret_with_a_key_of_another_stack_links_without_a_cycle(tmp_path: Path) -> None:
    # Proves (fuzz): linking to a secret encrypted with a customer key of another stack
    # failed with jsii's DependencyCycle: aws-cdk-lib's grant_read puts the role into the
    # key's policy, a reference from the key's stack back to the function's.
    app = _nag_app(tmp_path)
    data = cdk.Stack(app, "Data")
    key = kms.Key(data, "Key", enable_key_rotation=True)
    secret = secretsmanager.Secret(data, "Token", encryption_key=key)
    acknowledge(secret, "AwsSolutions-SMG4", reason="Test secret: rotation is not the subject.")
    workers = cdk.Stack(app, "Workers")
    QueueWorker(workers, "Worker", handler=Handler(code=ECHO, links=[secret]))
    # THEN there is nothing for cdk-nag to report
    assert nag_findings(app, tmp_path) == set()
    # AND the grant is the function's own: the secret's actions and kms:Decrypt on that key
    # through Secrets Manager only, and the key's policy does not name the function
    template = Template.from_stack(workers)
    (policy,) = [
        p for name, p in template.find_resources("AWS::IAM::Policy").items() if "Worker" in name
    ]
    statements = cdk.Stack.of(workers).resolve(policy["Properties"]["PolicyDocument"])
    via = {"Fn::Join": ["", ["secretsmanager.", {"Ref": "AWS::Region"}, ".amazonaws.com"]]}
    expected = [
        {
            "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
            "Effect": "Allow",
            "Resource": {"Fn::ImportValue": "Data:ExportsOutputRefTokenCB33349F735D7432"},
        },
        {
            "Action": "kms:Decrypt",
            "Condition": {"StringEquals": {"kms:ViaService": via}},
            "Effect": "Allow",
            "Resource": {"Fn::ImportValue": "Data:ExportsOutputFnGetAttKey961B73FDArn5A860C43"},
        },
    ]
    assert [s for s in statements["Statement"] if s in expected] == expected
    assert not [
        s for s in statements["Statement"] if "Token" in json.dumps(s) and s not in expected
    ]
    assert "Worker" not in json.dumps(Template.from_stack(data).to_json())
    # AND the stacks depend one way
    assert [s.stack_name for s in workers.dependencies] == ["Data"]


def test_wildcard_findings_are_spelled_as_cdk_nag_spells_them() -> None:
    # GIVEN resolved statements: a GetAtt join, an import, a Ref, a Deny, plain actions
    statements = [
        _allow(["s3:GetObject*", "s3:PutObject"], [_arn("B1"), _under("B1", "/in/*")]),
        _allow("kms:GenerateDataKey*", {"Fn::ImportValue": "Data:ExportsOutputKeyArn"}),
        {"Effect": "Deny", "Action": "s3:*", "Resource": "*"},
        _allow("sns:Publish", {"Ref": "Topic"}),
        _allow("s3:GetObject*", {"Fn::Join": ["", [{"Fn::ImportValue": "Data:Arn"}, "/*"]]}),
    ]
    # THEN each wildcard action and resource once, in cdk-nag's spelling, Deny ignored
    assert wildcard_findings(statements) == [
        "Action::s3:GetObject*",
        "Resource::<B1.Arn>/in/*",
        "Action::kms:GenerateDataKey*",
        "Resource::Data:Arn/*",
    ]


@pytest.mark.parametrize("construct", ["job", "events"])
def test_every_function_backed_construct_links_after_construction(construct: str) -> None:
    # GIVEN a ScheduledJob or an EventHandler, linked to a topic afterwards
    stack = new_stack()
    topic = sns.Topic(stack, "Alerts", enforce_ssl=True)
    built: ScheduledJob | EventHandler = (
        ScheduledJob(stack, "Built", handler=echo_handler(), schedule="rate(1 hour)")
        if construct == "job"
        else EventHandler(
            stack, "Built", handler=echo_handler(), event_pattern={"source": ["orders"]}
        )
    )
    built.link(Link.to(topic, env="ALERTS"))
    template = Template.from_stack(stack)
    # THEN its function has the variable and may publish to the topic
    topic_id = stack.get_logical_id(topic.node.default_child)
    assert _variables(template, "BuiltHandler") == {"ALERTS": {"Ref": topic_id}}
    policy = _resource(template, "AWS::IAM::Policy", "BuiltHandlerRoleDefaultPolicy")
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert _allow("sns:Publish", {"Ref": topic_id}) in statements


def test_linkable_is_importable_for_a_wrapper_s_own_props() -> None:
    # Proves (user trial): a platform team's typed wrapper (mypy strict) could not name
    # what a link may be: `Linkable` was in every signature but not importable
    import typing

    import constructs_lib
    from constructs_lib import Link, Linkable
    from constructs_lib._core.links import KINDS

    assert "Linkable" in constructs_lib.__all__

    def wrapper(links: typing.Sequence[Link | Linkable] = ()) -> Handler:  # evaluated
        return Handler(code=ECHO, links=links)

    stack = new_stack()
    worker = QueueWorker(stack, "Jobs", handler=echo_handler())
    handler = wrapper([worker, Link.read(sqs.Queue(stack, "Q"))])
    assert len(handler.links) == 2
    # AND it names exactly the kinds a link takes
    names = {
        t.__name__ if t.__module__.startswith("constructs_lib") else t.__jsii_type__
        for t in typing.get_args(Linkable)
    }
    assert names == {kind.interface for kind in KINDS} | {"QueueWorker", "ServerlessApi"}
