"""A prop referring to what a stack of another account creates, in a stack that cannot read
another account's outputs (a CliCredentialsStackSynthesizer's, a nested stack): a
ConstructError naming the prop, instead of aws-cdk-lib's NoCfnExecutionRoleForCrossAccountRefs
trace at synth. With the DefaultStackSynthesizer (any qualifier), in one account, or with
the other account's resource imported, the same props synthesize."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, Handler, QueueWorker, ServerlessApi, StaticSite
from tests.support import ECHO, SITE, new_app
from tests.template_support import intrinsics

DATA = cdk.Environment(account="222222222222", region="eu-west-1")
APP = cdk.Environment(account="111111111111", region="eu-west-1")
JWT = ApiAuth.jwt("https://issuer.example.com/", ["orders"])

Build = Callable[[cdk.Stack, cdk.Stack], Any]


def _pool_auth(data: cdk.Stack, here: cdk.Stack) -> Any:
    pool = cognito.UserPool(data, "Pool")
    auth = ApiAuth.cognito(pool, [pool.add_client("Web")])
    return ServerlessApi(here, "Api", auth=auth, routes={"GET /x": Handler(code=ECHO)})


def _site_api(data: cdk.Stack, here: cdk.Stack) -> Any:
    api = ServerlessApi(data, "Api", auth=JWT, routes={"GET /api/x": Handler(code=ECHO)})
    return StaticSite(here, "Site", source=SITE, api=api)


def _site_config(data: cdk.Stack, here: cdk.Stack) -> Any:
    api = ServerlessApi(data, "Api", auth=JWT, routes={"GET /x": Handler(code=ECHO)})
    return StaticSite(
        here, "Site", source=SITE, runtime_config={"apiUrl": api.url}, api_origins=[api.url]
    )


def _queue_url(data: cdk.Stack, here: cdk.Stack) -> Any:
    queue = sqs.Queue(data, "Queue", enforce_ssl=True)
    handler = Handler(code=ECHO, environment={"ORDERS_URL": queue.queue_url})
    return QueueWorker(here, "Worker", handler=handler)


CASES: list[tuple[str, Build, list[str]]] = [
    ("cognito user pool", _pool_auth, ["auth.user_pool", "refers to dev/Data/Pool,"]),
    ("site api", _site_api, ["api", "refers to dev/Data/Api,"]),
    (
        "site runtime_config and api_origins",
        _site_config,
        ["runtime_config['apiUrl']", "api_origins[0]", "refers to dev/Data/Api/HttpApi,"],
    ),
    ("handler environment", _queue_url, ["handler.environment['ORDERS_URL']", "dev/Data/Queue,"]),
]


def _stacks(
    synthesizer: Callable[[], cdk.IStackSynthesizer | None], here_env: cdk.Environment = APP
) -> tuple[cdk.App, cdk.Stack, cdk.Stack]:
    app = new_app()
    stage = cdk.Stage(app, "dev")  # as a pipeline deploys them
    data = cdk.Stack(stage, "Data", env=DATA, synthesizer=synthesizer())
    here = cdk.Stack(stage, "App", env=here_env, synthesizer=synthesizer())
    return app, data, here


@pytest.mark.parametrize(("build", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cli_credentials_stack_is_told_which_prop_reads_another_account(
    build: Build, expected: list[str]
) -> None:
    # GIVEN stacks of two accounts deployed with the CLI's credentials
    _, data, here = _stacks(cdk.CliCredentialsStackSynthesizer)
    # WHEN a construct of one refers to a resource the other creates
    with pytest.raises(ConstructError) as raised:
        build(data, here)
    # THEN the prop is named, with why and the fix
    text = str(raised.value)
    for part in [*expected, "account 222222222222", "CliCredentialsStackSynthesizer"]:
        assert part in text
    assert "Fix: give the stack synthesizer=cdk.DefaultStackSynthesizer()" in text


def test_nested_stack_is_told_to_build_in_its_parent() -> None:
    app = new_app()
    data = cdk.Stack(app, "Data", env=DATA)
    nested = cdk.NestedStack(cdk.Stack(app, "App", env=APP), "Orders")
    with pytest.raises(ConstructError, match=r"App/Orders \(account 111111111111\) is a nested"):
        _queue_url(data, nested)


@pytest.mark.parametrize(
    "synthesizer",
    [
        lambda: None,
        lambda: cdk.DefaultStackSynthesizer(qualifier="acme1"),
    ],
    ids=["default", "qualifier"],
)
@pytest.mark.parametrize("build", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_a_synthesizer_with_an_execution_role_reads_another_account(
    synthesizer: Callable[[], cdk.IStackSynthesizer | None], build: Build
) -> None:
    app, data, here = _stacks(synthesizer)
    build(data, here)
    app.synth()
    # THEN aws-cdk-lib reads the other account's output through its role
    reads = _reads(here, "Fn::GetStackOutput")
    assert reads and _reads(here, "Fn::ImportValue") == []
    for read in reads:
        assert (read["StackName"], read["Region"]) == ("dev-Data", "eu-west-1")
        assert read["RoleArn"].startswith("arn:aws:iam::222222222222:role/")


@pytest.mark.parametrize("build", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_cli_credentials_in_one_account_synthesize(build: Build) -> None:
    app, data, here = _stacks(cdk.CliCredentialsStackSynthesizer, here_env=DATA)
    build(data, here)
    app.synth()
    # THEN the other stack's output is an export of the one account, read by its import
    assert _reads(here, "Fn::ImportValue") != []
    assert _reads(here, "Fn::GetStackOutput") == []
    assert [stack.node.path for stack in here.dependencies] == ["dev/Data"]


def test_an_imported_resource_of_another_account_is_read_by_its_arn() -> None:
    app, _, here = _stacks(cdk.CliCredentialsStackSynthesizer)
    queue = sqs.Queue.from_queue_arn(here, "Theirs", "arn:aws:sqs:eu-west-1:222222222222:orders")
    handler = Handler(code=ECHO, environment={"ORDERS_URL": queue.queue_url})
    QueueWorker(here, "Worker", handler=handler)
    app.synth()
    # THEN nothing crosses stacks: the URL is built from the ARN's account and name
    assert _reads(here, "Fn::GetStackOutput") == _reads(here, "Fn::ImportValue") == []
    assert "/222222222222/orders" in json.dumps(_reads(here, "Fn::Join"))


def _named_resources(data: cdk.Stack) -> dict[str, str]:
    """Names and ARNs that aws-cdk-lib writes out in another account's stack."""
    named = s3.Bucket(data, "Named", bucket_name="acme-orders-files", enforce_ssl=True)
    generated = s3.Bucket(
        data, "Generated", bucket_name=cdk.PhysicalName.GENERATE_IF_NEEDED, enforce_ssl=True
    )
    table = dynamodb.Table(
        data,
        "Orders",
        table_name="orders",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    return {
        "FILES_BUCKET": named.bucket_name,
        "FILES_ARN": named.bucket_arn,
        "EXPORTS_BUCKET": generated.bucket_name,
        "ORDERS_TABLE": table.table_name,
    }


def test_physical_names_of_another_account_are_no_read_across_accounts() -> None:
    # GIVEN stacks of two accounts deployed with the CLI's credentials, and resources of
    # the other account with physical names (written out, no output read at deploy)
    app, data, here = _stacks(cdk.CliCredentialsStackSynthesizer)
    variables = _named_resources(data)
    # WHEN a worker's environment holds their names and ARNs
    QueueWorker(here, "Worker", handler=Handler(code=ECHO, environment=variables))
    # THEN it synthesizes, each variable the literal name
    template = app.synth().get_stack_artifact(here.artifact_id).template
    function = next(
        r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"
    )
    written = function["Properties"]["Environment"]["Variables"]
    assert written["FILES_BUCKET"] == "acme-orders-files"
    assert written["ORDERS_TABLE"] == "orders"
    assert isinstance(written["EXPORTS_BUCKET"], str)


def test_a_physical_name_beside_an_output_names_the_output_only() -> None:
    _, data, here = _stacks(cdk.CliCredentialsStackSynthesizer)
    variables = _named_resources(data)
    queue = sqs.Queue(data, "Queue", enforce_ssl=True)
    handler = Handler(code=ECHO, environment={**variables, "ORDERS_URL": queue.queue_url})
    with pytest.raises(ConstructError) as raised:
        QueueWorker(here, "Worker", handler=handler)
    assert "1 invalid prop" in str(raised.value)
    assert "handler.environment['ORDERS_URL']` refers to dev/Data/Queue," in str(raised.value)


def _reads(stack: cdk.Stack, function: str) -> list[Any]:
    """The argument of each ``function`` (an intrinsic) in ``stack``'s synthesized template."""
    return intrinsics(Template.from_stack(stack).to_json()["Resources"], function)
