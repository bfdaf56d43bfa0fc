"""A SAM template ported by hand (sam54): a ``!Sub`` body pasted without its tag, SAM's
properties written as the props of the library's value objects, its ``Events:`` map given
as routes and its ``Handler: app.py`` spelling. Each is a ConstructError naming the
library's way, never a function reading ``${AWS::Region}`` as text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    Deployment,
    EventHandler,
    FunctionDefaults,
    Handler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    TableOptions,
)
from constructs_lib._core.sub_placeholders import sub_placeholder_fix
from tests.support import ECHO, echo_handler, new_stack, only_problem

JWT = ("https://issuer.example.com/", ["orders-api"])


def _worker(stack: cdk.Stack, **handler: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=echo_handler(entry="app.handler", **handler))


# --- a !Sub body without its tag -------------------------------------------------------


def test_a_sub_placeholder_in_a_variable_is_refused_with_the_value_built_in_python() -> None:
    # GIVEN SAM's `API_URL: !Sub https://${OrdersApi}.execute-api.${AWS::Region}...`,
    # pasted without the tag (before: accepted, and the function read the text)
    url = "https://${OrdersApi}.execute-api.${AWS::Region}.amazonaws.com/"
    problem = only_problem(lambda s: _worker(s, environment={"API_URL": url}))
    # THEN the problem names the variable and the fix is the same value as an f-string
    assert (problem.path, problem.prop) == ("Test/Worker", "handler.environment")
    assert problem.message == (
        f"has API_URL={url!r}, a CloudFormation !Sub placeholder (${{AWS::Region}}) that "
        "nothing replaces here (SAM's !Sub did): the function would read it as text"
    )
    assert problem.fix == (
        "pass f'https://{<OrdersApi>}.execute-api.{cdk.Aws.REGION}.amazonaws.com/', each "
        "<...> the attribute of the resource you made for OrdersApi (e.g. queue.queue_arn, "
        "table.table_name), or link the resource (Handler(links=[...]): its name and access "
        "in one): CloudFormation fills in each value at deploy time"
    )


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        ("${AWS::AccountId}", "pass cdk.Aws.ACCOUNT_ID"),
        ("${AWS::StackName}", "pass cdk.Aws.STACK_NAME"),
        ("${OrdersQueue.Arn}", "pass <OrdersQueue's Arn>, each <...> the attribute"),
        ("${Db.Endpoint.Address}", "pass <Db's Endpoint.Address>, each <...> the attribute"),
        ("arn:aws:s3:::${AWS::AccountId}-{x}", "pass f'arn:aws:s3:::{cdk.Aws.ACCOUNT_ID}-{{x}}'"),
    ],
)
def test_each_kind_of_sub_placeholder_is_told_its_value(value: str, fix: str) -> None:
    found = sub_placeholder_fix(value)
    assert found is not None
    assert found[1].startswith(fix)


@pytest.mark.parametrize(
    "value",
    [
        "Hello ${user}",  # string.Template's placeholder, formatted by the code
        "${HOME}/cache",  # a shell's variable, in a command the function runs
        "${db.url}",  # a Spring-style property: its attribute starts with no capital
        "${Token[TOKEN.123]}",  # a CDK token's text
        "cost: $5 {per run}",
    ],
)
def test_text_that_is_no_sub_placeholder_is_left_alone(value: str) -> None:
    assert sub_placeholder_fix(value) is None


def test_a_variable_of_a_template_placeholder_is_synthesized_as_given() -> None:
    # GIVEN a variable the code formats itself (string.Template's ${name})
    stack = new_stack()
    _worker(stack, environment={"GREETING": "Hello ${user}"})
    # THEN the function has it as written
    functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    variables = [f["Properties"]["Environment"]["Variables"] for f in functions.values()]
    assert [v["GREETING"] for v in variables if "GREETING" in v] == ["Hello ${user}"]


def test_a_sub_placeholder_in_function_defaults_is_named_there() -> None:
    def build(stack: cdk.Stack) -> None:
        FunctionDefaults.of(stack).set(environment={"REGION_NAME": "${AWS::Region}"})
        _worker(stack)

    problem = only_problem(build)
    assert (problem.path, problem.prop) == ("Test", "FunctionDefaults.environment")
    assert problem.fix == "pass cdk.Aws.REGION: CloudFormation fills in each value at deploy time"


def test_a_sub_placeholder_in_a_schedules_payload_is_refused() -> None:
    problem = only_problem(
        lambda s: ScheduledJob(
            s,
            "Nightly",
            handler=echo_handler(),
            schedule="cron(0 3 * * ? *)",
            payload={"account": "${AWS::AccountId}"},
        )
    )
    assert problem.prop == "payload['account']"
    assert "the run would get it as text" in problem.message
    assert problem.fix == (
        "pass cdk.Aws.ACCOUNT_ID: CloudFormation fills in each value at deploy time"
    )


def test_a_sub_placeholder_in_an_event_pattern_is_refused() -> None:
    # GIVEN SAM's `Pattern: detail: bucket: name: [!Sub "${AWS::AccountId}-uploads"]`
    pattern = events.EventPattern(
        source=["aws.s3"], detail={"bucket": {"name": ["${AWS::AccountId}-uploads"]}}
    )
    problem = only_problem(
        lambda s: EventHandler(s, "Uploaded", handler=echo_handler(), event_pattern=pattern)
    )
    assert problem.prop == "event_pattern.detail['bucket']['name'][0]"
    assert "the rule would match that text, never the value it stands for" in problem.message
    assert problem.fix.startswith("pass f'{cdk.Aws.ACCOUNT_ID}-uploads'")


# --- SAM's properties written as the value objects' props ------------------------------


def _api(stack: cdk.Stack, **props: Any) -> ServerlessApi:
    props.setdefault("auth", ApiAuth.jwt(*JWT))
    return ServerlessApi(stack, "Api", routes={"GET /orders": echo_handler()}, **props)


_SAM_PROPS: list[tuple[str, Callable[[cdk.Stack], object], str, str]] = [
    (
        "DeploymentPreference Alarms",
        lambda s: _api(s, deployment=Deployment.canary(alarms=["OrdersErrors"])),
        "alarms",
        "add each alarm with add_rollback_alarm(alarm) on the construct",
    ),
    (
        "DeploymentPreference Hooks",
        lambda s: _api(s, deployment=Deployment.canary(hooks={"PreTraffic": "x"})),
        "hooks",
        "pass pre_traffic=Handler(...) and post_traffic=Handler(...)",
    ),
    (
        "DeploymentPreference Type",
        lambda s: _api(s, deployment=Deployment(type="Canary10Percent5Minutes")),
        "type",
        "call Deployment.canary(percent=10, minutes=5) for Canary10Percent5Minutes",
    ),
    (
        "DeploymentPreference Enabled",
        lambda s: _api(s, deployment=Deployment.linear(enabled=False)),
        "enabled",
        "call Deployment.all_at_once() in its place",
    ),
    (
        "SimpleTable TableName",  # before: "did you mean `table_class`?"
        lambda s: _api(s, table=TableOptions(partition_key="id", table_name="orders")),
        "table_name",
        "leave it out: CloudFormation names the table",
    ),
    (
        "SimpleTable PrimaryKey",
        lambda s: _api(s, table=TableOptions(primary_key="id")),
        "primary_key",
        "pass partition_key='id'",
    ),
    (
        "BillingMode",
        lambda s: _api(s, table=TableOptions(partition_key="id", billing_mode="PROVISIONED")),
        "billing_mode",
        "leave it out: the table is on demand",
    ),
    (
        "JWT IdentitySource",
        lambda s: _api(s, auth=ApiAuth.jwt(*JWT, identity_source="$request.header.X-Token")),
        "identity_source",
        "leave it out: a JWT authorizer reads the token from the Authorization header",
    ),
    (
        "StageName",
        lambda s: _api(s, stage_name="dev"),
        "stage_name",
        "leave it out: the API serves its $default stage",
    ),
    (
        "Tags",
        lambda s: _worker(s, tags={"team": "orders"}),
        "tags",
        "add them with cdk.Tags.of(self).add('team', 'orders')",
    ),
    (
        "a worker's DeadLetterQueue",  # before: "move it to the Handler" had no fix there
        lambda s: QueueWorker(s, "Worker", handler=echo_handler(), dead_letter_queue=None),
        "dead_letter_queue",
        "leave it out: the worker creates its own",
    ),
    (
        "an EventBridgeRule's State",
        lambda s: EventHandler(
            s,
            "Paid",
            handler=echo_handler(),
            event_pattern=events.EventPattern(source=["payments"]),
            state="DISABLED",
        ),
        "state",
        "pass enabled=False",
    ),
]


@pytest.mark.parametrize(
    ("build", "prop", "fix"),
    [pytest.param(b, p, f, id=name) for name, b, p, f in _SAM_PROPS],
)
def test_a_sam_property_written_as_a_prop_is_told_the_librarys_way(
    build: Callable[[cdk.Stack], object], prop: str, fix: str
) -> None:
    problem = only_problem(build)
    assert problem.prop == prop
    assert problem.fix.startswith(fix), problem.fix


# --- SAM's Events: map and Handler: spellings -------------------------------------------


def test_a_sam_events_map_given_as_routes_is_told_the_route_it_describes() -> None:
    event = {"Type": "HttpApi", "Properties": {"Path": "/orders/{id}", "Method": "get"}}
    problem = only_problem(
        lambda s: ServerlessApi(s, "Api", routes={"GetOrder": event}, auth=ApiAuth.jwt(*JWT))
    )
    assert problem.prop == "routes['GetOrder']"
    assert problem.fix == (
        "write {'GET /orders/{id}': Handler(code=..., entry=...)}: a route's key is the "
        "event's Method and Path, its value the function's Handler (SAM's Events: map is not "
        "written here)"
    )


def test_an_entry_naming_its_module_by_its_file_is_told_the_module() -> None:
    # GIVEN `Handler: app.py.handler` (before: "create .../app/py.py")
    problem = only_problem(
        lambda s: QueueWorker(s, "Worker", handler=Handler(code=ECHO, entry="app.py.handler"))
    )
    assert problem.prop == "handler.entry"
    assert problem.fix == (
        "pass entry='app.handler': entry names the module without its .py (app.py is the "
        "module app)"
    )


def test_a_queue_given_as_a_dead_letter_queue_of_a_worker_keeps_the_existing_prop() -> None:
    # the fix names the prop that takes one, which the worker's signature has
    problem = only_problem(
        lambda s: QueueWorker(
            s, "Worker", handler=echo_handler(), dead_letter_queue=sqs.Queue(s, "Dlq")
        )
    )
    assert "existing_dead_letter_queue" in problem.fix


# --- a hook ported from SAM -------------------------------------------------------------


def _hook_code(tmp_path: Path, body: str) -> Path:
    (tmp_path / "hooks.py").write_text(body)
    return tmp_path


_SAM_HOOK = (
    "import os\n"
    "import boto3\n\n"
    "def pre_traffic(event, context):\n"
    "    boto3.client('lambda').invoke(FunctionName=os.environ['NewVersion'])\n"
)


def test_a_hook_reading_sams_new_version_variable_is_refused(tmp_path: Path) -> None:
    # GIVEN SAM's PreTraffic hook, which read `NewVersion: !Ref Function.Version` (before:
    # it deployed, failed on KeyError before reporting, and every deploy rolled back)
    hook = Handler(code=_hook_code(tmp_path, _SAM_HOOK), entry="hooks.pre_traffic")
    problem = only_problem(
        lambda s: _api(s, deployment=Deployment.canary(percent=10, minutes=5, pre_traffic=hook))
    )
    assert (problem.path, problem.prop) == ("Test/Api", "deployment.pre_traffic")
    assert problem.message.startswith(
        "is 'hooks.pre_traffic', whose module reads os.environ['NewVersion'] (line 5)"
    )
    assert problem.fix.startswith("change the hook to read os.environ['TARGET_VERSION_ARN']")


@pytest.mark.parametrize(
    ("body", "environment"),
    [
        (_SAM_HOOK, {"NewVersion": "arn:aws:lambda:eu-west-1:111111111111:function:f:1"}),
        (_SAM_HOOK.replace("os.environ['NewVersion']", "os.environ['TARGET_VERSION_ARN']"), {}),
        (  # a hook reading both while it moves: the library's variable is there
            _SAM_HOOK.replace(
                "os.environ['NewVersion']",
                "os.environ.get('TARGET_VERSION_ARN') or os.environ['NewVersion']",
            ),
            {},
        ),
        (
            "from constructs_lib_runtime.deployment_hooks import run_hook\n\n"
            "def pre_traffic(event, context):\n"
            "    return run_hook(event, lambda target: True)\n",
            {},
        ),
    ],
    ids=["variable set", "library variable", "both", "run_hook"],
)
def test_a_hook_reading_the_librarys_variable_or_setting_sams_deploys(
    tmp_path: Path, body: str, environment: dict[str, str]
) -> None:
    stack = new_stack()
    hook = Handler(
        code=_hook_code(tmp_path, body), entry="hooks.pre_traffic", environment=environment
    )
    _api(stack, deployment=Deployment.canary(pre_traffic=hook))
    Template.from_stack(stack).resource_count_is("AWS::CodeDeploy::DeploymentGroup", 1)


# --- an S3 handler behind a queue -------------------------------------------------------

_SAM_S3_HANDLER = (
    "from urllib.parse import unquote_plus\n\n"
    "def handler(event, context):\n"
    "    for record in event['Records']:\n"
    "        key = unquote_plus(record['s3']['object']['key'])\n"
)


def _upload_worker(stack: cdk.Stack, code: Path) -> QueueWorker:
    uploads = s3.Bucket(stack, "Uploads", enforce_ssl=True)
    return QueueWorker(
        stack,
        "Import",
        handler=Handler(code=code, entry="imports.handler"),
        sources=[BucketEvents(uploads, events=[s3.EventType.OBJECT_CREATED], suffix=".csv")],
    )


def test_a_handler_reading_s3s_direct_event_behind_a_queue_is_refused(tmp_path: Path) -> None:
    # GIVEN SAM's `Events: Type: S3` handler, kept as it was (before: deployed, failed on
    # every message with KeyError 's3', and each went to the dead-letter queue)
    (tmp_path / "imports.py").write_text(_SAM_S3_HANDLER)
    problem = only_problem(lambda s: _upload_worker(s, tmp_path))
    assert (problem.path, problem.prop) == ("Test/Import", "handler")
    assert problem.message.startswith(
        "is 'imports.handler', whose module reads each record's ['s3'] (line 5)"
    )
    assert problem.fix.startswith(
        "change the handler to read the notification from each record's body: return "
        "process_batch(event, for_each_s3_object(handle))"
    )


@pytest.mark.parametrize(
    "body",
    [
        # the notification read from the message's body, by hand
        "import json\n\ndef handler(event, context):\n"
        "    for r in event['Records']:\n"
        "        for n in json.loads(r['body'])['Records']:\n"
        "            key = n['s3']['object']['key']\n",
        # the library's helpers
        "from constructs_lib_runtime.s3_events import for_each_s3_object\n"
        "from constructs_lib_runtime.sqs_batch import process_batch\n\n"
        "def handler(event, context):\n"
        "    return process_batch(event, for_each_s3_object(lambda o: o['s3']))\n",
        # Powertools' batch utility, whose records have a body attribute
        "from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType\n\n"
        "def handler(event, context):\n"
        "    return event['s3']\n",
    ],
    ids=["body by hand", "runtime helpers", "powertools"],
)
def test_a_handler_reading_the_message_body_behind_a_queue_is_accepted(
    tmp_path: Path, body: str
) -> None:
    (tmp_path / "imports.py").write_text(body)
    stack = new_stack()
    _upload_worker(stack, tmp_path)
    Template.from_stack(stack).resource_count_is("AWS::Lambda::EventSourceMapping", 1)


def test_a_schedules_input_text_given_as_payload_is_told_its_dict() -> None:
    # GIVEN SAM's `Input: '{"kind": "daily"}'` (before: "pass a dict such as {'report': ...}")
    problem = only_problem(
        lambda s: ScheduledJob(
            s,
            "Nightly",
            handler=echo_handler(),
            schedule="cron(0 3 * * ? *)",
            payload='{"kind": "daily"}',
        )
    )
    assert problem.prop == "payload"
    assert problem.fix == (
        "pass {'kind': 'daily'}, the JSON object the text holds (SAM's Input is its text)"
    )
