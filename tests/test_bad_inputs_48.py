"""Bad inputs of round 48 (bad48), tried from the wheel on what landed that day:
``Handler(provisioned_concurrency=...)``, the Serverless Framework port (pasted variables,
``serverless.yml`` keys as props), StreamWorker's ``failed_batches_bucket`` filter,
StaticSite's ``existing_bucket`` of another account and
``assert_stateful_resources_unchanged(removed=...)``.

Each bad input fails with a message naming the construct path (or the call), the prop and
the fix; each legitimate variant builds what README says it does."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import (
    ConstructError,
    Deployment,
    EventHandler,
    Handler,
    QueueWorker,
    ScheduledJob,
    StaticSite,
    StreamWorker,
)
from constructs_lib.testing import assert_stateful_resources_unchanged, template_snapshot
from tests.stream_support import ENV, HANDLER, STREAM
from tests.support import CDK_CONTEXT, SITE, echo_handler, new_stack


def _problems(raised: pytest.ExceptionInfo[ConstructError]) -> list[tuple[str, str, str, str]]:
    return [(p.path, p.prop, p.message, p.fix) for p in raised.value.problems]


# --- provisioned concurrency on a deployment hook ---------------------------------------


@pytest.mark.parametrize("hook_prop", ["pre_traffic", "post_traffic"])
def test_a_hook_s_provisioned_concurrency_is_refused(hook_prop: str) -> None:
    # Proves (bad48): the hook's live alias got the ProvisionedConcurrencyConfig in
    # silence: environments billed every hour for a function CodeDeploy runs once a deploy
    hook = echo_handler(entry="app.other", provisioned_concurrency=2)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            new_stack(),
            "Worker",
            handler=echo_handler(deployment=Deployment.canary(**{hook_prop: hook})),
        )
    assert _problems(raised) == [
        (
            "Test/Worker",
            f"handler.deployment.{hook_prop}.provisioned_concurrency",
            "is 2, but a hook's function runs once per deployment (CodeDeploy invokes it "
            "once, before or after shifting the traffic): its provisioned environments would "
            "be billed every hour and never spare a cold start that matters",
            f"drop provisioned_concurrency from the {hook_prop} Handler",
        )
    ]


def test_a_hook_without_provisioned_concurrency_beside_a_provisioned_function_builds() -> None:
    stack = new_stack()
    QueueWorker(
        stack,
        "Worker",
        max_concurrency=2,
        handler=echo_handler(
            provisioned_concurrency=2,
            deployment=Deployment.canary(pre_traffic=echo_handler(entry="app.other")),
        ),
    )
    aliases = Template.from_stack(stack).find_resources("AWS::Lambda::Alias")
    configs = sorted(
        str(a["Properties"].get("ProvisionedConcurrencyConfig")) for a in aliases.values()
    )
    assert configs == ["None", "{'ProvisionedConcurrentExecutions': 2}"]


# --- serverless.yml variables pasted into a payload or an event pattern ----------------


def test_serverless_variables_in_a_schedule_s_payload_are_refused() -> None:
    # Proves (bad48): README ports a schedule event's `input` to payload=; its
    # ${opt:stage} and !Ref reached every run as that text, in silence
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(
            new_stack(),
            "Report",
            handler=echo_handler(),
            schedule="rate(1 hour)",
            payload={"stage": "${opt:stage}", "queues": [{"url": "!Ref OrdersQueue"}]},
        )
    assert _problems(raised) == [
        (
            "Test/Report",
            "payload['stage']",
            "has '${opt:stage}', a Serverless Framework variable (${opt:...}) that nothing "
            "resolves here: the run would get it as text",
            "pass the stage from your app (a Stack argument, or -c stage=... read with "
            "self.node.try_get_context('stage'))",
        ),
        (
            "Test/Report",
            "payload['queues'][0]['url']",
            "has '!Ref OrdersQueue', a CloudFormation YAML tag (!Ref) as text: the run would "
            "get it as text",
            "pass the resource's attribute (e.g. queue.queue_arn)",
        ),
    ]


def test_serverless_variables_in_a_payload_s_keys_are_refused() -> None:
    # Proves (papercuts348): only the values were read; a serverless.yml input keyed by
    # ${opt:stage} reached the run with that text as its key, in silence
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(
            new_stack(),
            "Report",
            handler=echo_handler(),
            schedule="rate(1 hour)",
            payload={"limits": {"${opt:stage}": 5, "prod": 50}, "!Ref OrdersQueue": "url"},
        )
    assert _problems(raised) == [
        (
            "Test/Report",
            "payload['limits']",
            "has the key '${opt:stage}', a Serverless Framework variable (${opt:...}) that "
            "nothing resolves here: the run would get it as text",
            "pass the stage from your app (a Stack argument, or -c stage=... read with "
            "self.node.try_get_context('stage'))",
        ),
        (
            "Test/Report",
            "payload",
            "has the key '!Ref OrdersQueue', a CloudFormation YAML tag (!Ref) as text: the run "
            "would get it as text",
            "pass the resource's attribute (e.g. queue.queue_arn)",
        ),
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        {"source": ["${self:custom.source}"], "detail": {"bucket": {"name": ["${ssm:/b}"]}}},
        events.EventPattern(
            source=["${self:custom.source}"], detail={"bucket": {"name": ["${ssm:/b}"]}}
        ),
    ],
    ids=["dict", "EventPattern"],
)
def test_serverless_variables_in_an_event_pattern_are_refused(pattern: Any) -> None:
    # Proves (bad48): README says to take an eventBridge event's pattern "as it is"; a
    # ${self:...} in it made a rule matching that text, never an event, in silence
    with pytest.raises(ConstructError) as raised:
        EventHandler(new_stack(), "Settled", handler=echo_handler(), event_pattern=pattern)
    reader = "the rule would match that text, never the value it stands for"
    assert _problems(raised) == [
        (
            "Test/Settled",
            "event_pattern.source[0]",
            "has '${self:custom.source}', a Serverless Framework variable (${self:...}) that "
            f"nothing resolves here: {reader}",
            "pass the value itself from your app's code (a per-stage dict of settings, or the "
            "resource's attribute, e.g. table.table_name)",
        ),
        (
            "Test/Settled",
            "event_pattern.detail['bucket']['name'][0]",
            "has '${ssm:/b}', a Serverless Framework variable (${ssm:...}) that nothing "
            f"resolves here: {reader}",
            "pass ssm.StringParameter.value_for_string_parameter(self, '<name>') (a String "
            "parameter, read at deploy time)",
        ),
    ]


def test_a_pattern_and_payload_of_other_dollar_text_and_deploy_time_values_build() -> None:
    stack = new_stack()
    source = cdk.CfnParameter(stack, "Source").value_as_string
    EventHandler(
        stack,
        "Settled",
        handler=echo_handler(),
        event_pattern={"source": [source], "detail": {"note": ["costs $5", "${aws:username}"]}},
    )
    ScheduledJob(
        stack,
        "Report",
        handler=echo_handler(entry="app.other"),
        schedule="rate(1 hour)",
        payload={"stage": source, "template": "{{resolve:ssm:/x}}"},
    )
    (rule,) = Template.from_stack(stack).find_resources("AWS::Events::Rule").values()
    assert rule["Properties"]["EventPattern"]["detail"] == {"note": ["costs $5", "${aws:username}"]}


# --- serverless.yml keys given to Handler.from_image ----------------------------------


@pytest.mark.parametrize(
    ("key", "fix_start"),
    [
        ("iamRoleStatements", "link what the function uses: links=[table, Link.read(bucket)"),
        ("iam", "link what the function uses: links=[table, Link.read(bucket)"),
        ("package", "leave it out: the image holds what the Dockerfile COPYs"),
    ],
)
def test_serverless_keys_given_to_from_image_get_their_fix(key: str, fix_start: str) -> None:
    # Proves (bad48): Handler.from_image(iamRoleStatements=...) listed every prop of
    # from_image, where Handler(iamRoleStatements=...) said what to write
    with pytest.raises(ConstructError) as raised:
        Handler.from_image("images/thumbnails", **{key: []})
    ((path, prop, message, fix),) = _problems(raised)
    assert (path, prop, message) == (
        "Handler.from_image",
        key,
        "is not a prop of Handler.from_image",
    )
    assert fix.startswith(fix_start)


# --- failed_batches_bucket: a FailedBatches filter the app adds after the worker ------


def _worker_then_filter(prefix: str) -> cdk.App:
    app = cdk.App(context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test", env=ENV)
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    bucket = s3.Bucket(stack, "Failed", enforce_ssl=True)
    StreamWorker(stack, "Worker", handler=HANDLER, table=table, failed_batches_bucket=bucket)
    bucket.add_metric(id="FailedBatches", prefix=prefix)
    return app


@pytest.mark.parametrize(
    ("prefix", "message", "fix"),
    [
        (
            "uploads/",
            "whose request metrics filter 'FailedBatches' counts the prefix 'uploads/', not "
            "Lambda's prefix 'aws/lambda/' alone: the worker's failed-batches alarm reads the "
            "filter of that id, and a second filter of one id is a template S3 refuses",
            "rename your filter of Test/Failed (s3.BucketMetrics(id=...) or add_metric(id=...)"
            "): the worker adds 'FailedBatches' on 'aws/lambda/' itself",
        ),
        (
            "aws/lambda/",
            "whose request metrics filter 'FailedBatches' on 'aws/lambda/' is there 2 times, a "
            "template S3 refuses (one Id, one filter)",
            "remove your add_metric(id='FailedBatches', ...) of Test/Failed: the worker adds "
            "it itself",
        ),
    ],
)
def test_a_failed_batches_filter_added_after_the_worker_fails_the_synth(
    prefix: str, message: str, fix: str
) -> None:
    # Proves (bad48): the check ran when the worker was built, so a filter of the id added
    # afterwards gave the bucket two MetricsConfigurations of one Id (S3 refuses it at
    # deploy) and the synth passed
    app = _worker_then_filter(prefix)
    with pytest.raises(RuntimeError) as raised:
        app.synth()
    assert (
        f"[Test/Worker] `failed_batches_bucket` is the bucket Test/Failed, {message} (added "
        f"after the worker was built). Fix: {fix}"
    ) in str(raised.value)


def test_a_filter_of_another_id_added_after_the_worker_synthesizes() -> None:
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=ENV)
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    bucket = s3.Bucket(stack, "Failed", enforce_ssl=True)
    StreamWorker(stack, "Worker", handler=HANDLER, table=table, failed_batches_bucket=bucket)
    bucket.add_metric(id="Uploads", prefix="uploads/")
    (found,) = Template.from_stack(stack).find_resources("AWS::S3::Bucket").values()
    assert found["Properties"]["MetricsConfigurations"] == [
        {"Id": "FailedBatches", "Prefix": "aws/lambda/"},
        {"Id": "Uploads", "Prefix": "uploads/"},
    ]


# --- StaticSite: existing_bucket imported with an account that is none ------------------


@pytest.mark.parametrize("account", ["", "not-an-account", "22222222222"])
def test_a_site_bucket_imported_with_no_account_id_is_refused(account: str) -> None:
    # Proves (bad48): it warned "existing_bucket is in account , the site in ..." and
    # asked the owner of that account for grants
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=ENV)
    bucket = s3.Bucket.from_bucket_attributes(
        stack, "Content", bucket_name="site-b", account=account
    )
    with pytest.raises(ConstructError) as raised:
        StaticSite(stack, "Site", source=SITE, existing_bucket=bucket, alarms=False)
    assert _problems(raised) == [
        (
            "Test/Site",
            "existing_bucket",
            f"is imported with account={account!r}, which is no AWS account ID (12 digits)",
            "pass the bucket owner's 12-digit account ID as account=, e.g. '222222222222', or "
            "leave account= out for a bucket of this stack's account",
        )
    ]


# --- assert_stateful_resources_unchanged(removed=...) of another type ------------------


@pytest.fixture(scope="module")
def with_table() -> dict[str, Any]:
    stack = new_stack()
    dynamodb.TableV2(
        stack,
        "Items",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    return template_snapshot(stack)


@pytest.mark.parametrize(
    ("removed", "shown"),
    [
        (None, "None"),
        (5, "5, an int"),
        ({"ItemsTable": "why"}, "{'ItemsTable': 'why'}, a dict"),
        (b"Items", "b'Items', a bytes object"),
    ],
)
def test_removed_of_another_type_is_refused(
    with_table: dict[str, Any], removed: Any, shown: str
) -> None:
    # Proves (bad48): removed=None raised Python's "'NoneType' object is not iterable",
    # bytes listed each of its bytes as an int
    with pytest.raises(ConstructError) as raised:
        assert_stateful_resources_unchanged(new_stack(), with_table, removed=removed)
    assert _problems(raised) == [
        (
            "assert_stateful_resources_unchanged",
            "removed",
            f"is {shown}, not a list of logical IDs",
            "pass a list of the snapshot's logical IDs, e.g. removed=['ItemsTableA1B2C3D4'], "
            "or leave removed= out (nothing removed)",
        )
    ]


def test_removed_as_a_generator_excuses_its_ids(with_table: dict[str, Any]) -> None:
    (table,) = (i for i, r in with_table["Resources"].items() if "DynamoDB" in r["Type"])
    assert_stateful_resources_unchanged(new_stack(), with_table, removed=(i for i in [table]))
