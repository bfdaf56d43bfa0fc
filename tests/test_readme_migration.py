"""The README's tables for moving a SAM app, a Solutions Constructs app or a serverless.yml
onto the library: a row for each piece such an app has, naming what the ported code reads."""

from __future__ import annotations

import re
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import _solutions_constructs
from constructs_lib.testing import assert_stateful_resources_unchanged
from tests.support import CDK_CONTEXT, ROOT
from tests.test_readme_snippets import SNIPPETS, run_from, write_project_files

README = (ROOT / "README.md").read_text()


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _rows(title: str) -> dict[str, str]:
    """The first table of the section: its first cell -> the second."""
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", _section(title), re.MULTILINE)
    return {left: right for left, right in rows[2:]}  # after the header and its rule


def _assert_row(title: str, piece: str, ported: str) -> None:
    """The first row of the section's table whose first cell names ``piece`` names
    ``ported`` in its second."""
    rows = [right for left, right in _rows(title).items() if piece in left]
    assert rows and ported in rows[0], piece


def snippet_in_stack(
    heading: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stack_id: str = "Shop"
) -> cdk.Stack:
    """The stack ``stack_id`` the one snippet under a heading starting with ``heading``
    builds as ``self``, run from ``tmp_path`` with the project files it names."""
    (snippet,) = [s for s in SNIPPETS if s.heading.startswith(heading)]
    write_project_files(snippet.code, tmp_path)
    run_from(tmp_path, monkeypatch)
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), stack_id)
    exec(compile(snippet.code, snippet.id, "exec"), {"self": stack})
    return stack


def snippet_app_stack(
    heading: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stack_id: str
) -> cdk.Stack:
    """The stack ``stack_id`` of the ``app`` the one snippet under a heading starting with
    ``heading`` makes (and synthesizes under cdk-nag), run from ``tmp_path``."""
    (snippet,) = [s for s in SNIPPETS if s.heading.startswith(heading)]
    write_project_files(snippet.code, tmp_path)
    run_from(tmp_path, monkeypatch)
    namespace: dict[str, object] = {}
    exec(compile(snippet.code, snippet.id, "exec"), namespace)  # synthesizes under cdk-nag
    app = namespace["app"]
    assert isinstance(app, cdk.App)
    stack = app.node.find_child(stack_id)
    assert isinstance(stack, cdk.Stack)
    return stack


SAM = "Coming from AWS SAM"
SOLUTIONS = "Coming from AWS Solutions Constructs"
SERVERLESS = "Coming from the Serverless Framework"
SST = "Coming from SST"


@pytest.mark.parametrize(
    ("sam", "ported"),
    [
        ("Type: HttpApi`", "ServerlessApi"),
        ("Type: Api`", "ServerlessApi"),  # a REST API's events: what carries over, what not
        ("Type: SQS`", "QueueWorker"),
        ("Type: Schedule`", "ScheduledJob"),
        ("Type: S3`", "BucketEvents"),
        ("Type: EventBridgeRule`", "EventHandler"),
        ("Type: DynamoDB`", "StreamWorker"),
        ("`SQSSendMessagePolicy`", "Link.to(queue)"),
        ("`S3ReadPolicy`", "Link.read(bucket)"),
        ("`S3CrudPolicy`", "Link.read_write(bucket)"),
        ("`AWSSecretsManagerGetSecretValuePolicy`", "Link.to(secret)"),
        # sam54: a port's Globals had them, and README had no row
        ("`Layers:`", "add_layers"),
        ("`Tags:`", "cdk.Tags.of(self)"),
        ("`!Sub ", "cdk.Aws.REGION"),
    ],
)
def test_each_sam_piece_the_library_ports_has_its_row(sam: str, ported: str) -> None:
    # Proves (migrate44): `Events: Type: DynamoDB` had no row, though StreamWorker ports it,
    # and of the policy templates only the DynamoDB ones had one
    _assert_row(SAM, sam, ported)


# the variables the patterns' functions read (Solutions Constructs' sources: each pattern's
# addEnvironment default), which a port must keep or the code fails at run time
PATTERN_VARIABLES = {
    "aws-lambda-dynamodb": "DDB_TABLE_NAME",
    "aws-lambda-s3": "S3_BUCKET_NAME",
    "aws-lambda-sqs": "SQS_QUEUE_URL",
    "aws-apigateway-lambda": "DDB_TABLE_NAME",  # with aws-lambda-dynamodb on its function
}


@pytest.mark.parametrize("pattern", PATTERN_VARIABLES)
def test_each_pattern_s_row_keeps_the_variable_its_function_reads(pattern: str) -> None:
    # Proves (migrate44): aws-lambda-dynamodb's row linked env="TABLE_NAME" and the -s3,
    # -sqs and s3-sqs patterns had no row
    row = _rows(SOLUTIONS)[next(k for k in _rows(SOLUTIONS) if k.startswith(f"`{pattern}`"))]
    assert PATTERN_VARIABLES[pattern] in row


def test_the_solutions_constructs_fixes_keep_the_patterns_variables() -> None:
    fixes = " ".join(_solutions_constructs._BY_OWNER["ScheduledJob"].values())
    for variable in ("DDB_TABLE_NAME", "S3_BUCKET_NAME", "SQS_QUEUE_URL"):
        assert f"env='{variable}'" in fixes
    assert "env='TABLE_NAME'" not in fixes


# the patterns Solutions Constructs publishes (aws-solutions-constructs.<name> packages)
PUBLISHED = {
    "aws-apigateway-lambda",
    "aws-lambda-dynamodb",
    "aws-sqs-lambda",
    "aws-lambda-sqs",
    "aws-s3-sqs",
    "aws-s3-lambda",
    "aws-lambda-s3",
    "aws-eventbridge-lambda",
    "aws-dynamodbstreams-lambda",
    "aws-cloudfront-s3",
}


def test_each_row_names_a_published_pattern_and_each_ported_one_has_a_row() -> None:
    # Proves (migrate44): rows named aws-apigateway-lambda-dynamodb and aws-s3-sqs-lambda,
    # which Solutions Constructs does not publish (a user finds no such package), and the
    # aws-s3-sqs, -s3-lambda and dynamodbstreams-lambda patterns had none
    named = {name for left in _rows(SOLUTIONS) for name in re.findall(r"`(aws-[a-z0-9-]+)`", left)}
    assert named == PUBLISHED


@pytest.mark.parametrize("title", [SAM, SOLUTIONS, SERVERLESS, SST])
def test_a_deployed_app_s_data_is_kept(title: str) -> None:
    # Proves (migrate44): neither section said how a deployed app keeps its tables, queues
    # and buckets; the SAM port's `table=TableOptions(...)` made a new, empty table
    section = _section(title)
    assert "keeping its data" in section
    assert "existing_table=" in section and "existing_queue=" in section


# What Solutions Constructs 2.105.0 (on aws-cdk-lib 2.273) deploys for
# LambdaToDynamoDB(stack, "LambdaToDynamoDBPattern", ...) and
# SqsToLambda(stack, "SqsToLambdaPattern", ...): the resources holding the data
_QUEUE_KEY = {"KmsMasterKeyId": "alias/aws/sqs"}
_DLQ = "SqsToLambdaPatternqueuedlq3140B2C3"
DEPLOYED_BY_THE_PATTERNS = {
    "Resources": {
        "LambdaToDynamoDBPatternDynamoTable4B679F88": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                "SSESpecification": {"SSEEnabled": True},
            },
            "UpdateReplacePolicy": "Retain",
            "DeletionPolicy": "Retain",
        },
        "SqsToLambdaPatternqueue72F5D8AF": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                **_QUEUE_KEY,
                "RedrivePolicy": {
                    "deadLetterTargetArn": {"Fn::GetAtt": [_DLQ, "Arn"]},
                    "maxReceiveCount": 15,
                },
            },
            "UpdateReplacePolicy": "Delete",
            "DeletionPolicy": "Delete",
        },
        _DLQ: {
            "Type": "AWS::SQS::Queue",
            "Properties": _QUEUE_KEY,
            "UpdateReplacePolicy": "Delete",
            "DeletionPolicy": "Delete",
        },
    }
}


def test_the_solutions_constructs_recipe_keeps_the_patterns_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (migrate44): the recipe's table and queues are the patterns' own, under their
    # logical IDs and with their properties (a wrong id, `deadLetterQueue` where the
    # patterns name it `queue-dlq`, would create an empty queue and delete the old one)
    stack = snippet_in_stack("A deployed Solutions Constructs", tmp_path, monkeypatch)
    assert_stateful_resources_unchanged(stack, DEPLOYED_BY_THE_PATTERNS)
    resources = Template.from_stack(stack).to_json()["Resources"]
    for logical_id, deployed in DEPLOYED_BY_THE_PATTERNS["Resources"].items():
        ported = {key: resources[logical_id].get(key) for key in deployed}
        assert ported == deployed, logical_id


@pytest.mark.parametrize(
    ("piece", "ported"),
    [
        ("`--stage dev`", "a new stack name"),
        ("`${ssm:", "value_for_string_parameter"),
        ("`provider:`", "FunctionDefaults"),
        ("`functions.listOrders.handler", "entry="),
        ("the function name", "not kept"),
        ("`reservedConcurrency", "max_concurrency"),
        ("`package.patterns`", "code"),
        ("`serverless-python-requirements`", "requirements.txt"),
        ("`provider.iam.role.statements`", "links"),
        ("`QUEUE_URL: !Ref OrdersQueue`", 'Link.to(worker, env="QUEUE_URL")'),
        ("`httpApi` events", "Route(handler, public="),
        ("`provider.httpApi.cors`", "CorsPolicy"),
        ("`httpApi.payload: '1.0'`", "payload format 2.0"),
        ("`sqs` event", "QueueWorker(existing_queue="),
        ("`schedule` event", "ScheduledJob"),
        ("`eventBridge` event", "EventHandler"),
        ("`stream` event", "StreamWorker"),
        ("`sls remove`", "cdk destroy"),
        ("`ServerlessDeploymentBucket`", "cdk bootstrap"),
    ],
)
def test_each_serverless_yml_piece_has_its_row(piece: str, ported: str) -> None:
    # Proves (sls48): README had no Serverless Framework section; a team porting a
    # serverless.yml guessed the stage layout, the public routes, the ${ssm:} parameters
    _assert_row(SERVERLESS, piece, ported)


def test_the_serverless_recipe_keeps_the_resources_and_the_names_the_code_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (sls48): the port of a deployed serverless.yml creates no table, bucket or queue
    # of the app's (each is its own, by the name its `resources:` gave it, per stage), the
    # code reads the variables it read under Serverless, and a route without an authorizer
    # there stays public
    stack = snippet_app_stack("A deployed Serverless Framework", tmp_path, monkeypatch, "OrdersDev")
    template = Template.from_stack(stack)
    # THEN no table or bucket is created, and the only queues are the library's dead-letter
    # queues (the scheduler's, the rule's and the stream's), never orders-dev's
    assert template.find_resources("AWS::DynamoDB::Table") == {}
    assert template.find_resources("AWS::S3::Bucket") == {}
    queues = template.find_resources("AWS::SQS::Queue")
    assert all("QueueName" not in q.get("Properties", {}) for q in queues.values())
    assert len(queues) == 3
    # AND the worker reads orders-dev's queue, the stream worker its table's stream
    mappings = [
        m["Properties"] for m in template.find_resources("AWS::Lambda::EventSourceMapping").values()
    ]
    sources = {m["EventSourceArn"]: m for m in mappings}
    assert "arn:aws:sqs:eu-west-1:111111111111:orders-dev" in sources
    stream = sources[
        "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-dev/stream/2025-01-10T09:00:00.000"
    ]
    assert stream["StartingPosition"] == "LATEST"
    # AND the functions read the names they read under Serverless
    variables = [
        f["Properties"]["Environment"]["Variables"]
        for f in template.find_resources("AWS::Lambda::Function").values()
    ]
    assert {"TABLE_NAME": "orders-dev", "BUCKET_NAME": "acme-orders-uploads-dev"}.items() <= {
        k: v for env in variables for k, v in env.items() if isinstance(v, str)
    }.items()
    assert all(env["STAGE"] == "dev" for env in variables)
    assert any("QUEUE_URL" in env for env in variables)
    # AND GET /health answers without a token, the other routes with the JWT
    routes = {
        r["Properties"]["RouteKey"]: r["Properties"].get("AuthorizationType")
        for r in template.find_resources("AWS::ApiGatewayV2::Route").values()
    }
    assert routes["GET /health"] == "NONE"
    assert {routes[k] for k in ("GET /orders", "GET /orders/{id}", "POST /orders")} == {"JWT"}
    # AND the schedule waits until the Serverless stack's is gone
    (schedule,) = template.find_resources("AWS::Scheduler::Schedule").values()
    assert schedule["Properties"]["State"] == "DISABLED"
