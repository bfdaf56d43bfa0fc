"""Small defects the session's helpers found and left open: a StreamWorker's record age the
stream never reaches, an existing queue that deletes a message before it can be retried,
a deploy-time list named as its first item, CORS headers a deploy-time item may or may
not name, an environment refused on an estimate, and removal policies in a dev stage."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    CorsPolicy,
    EventHandler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StreamWorker,
    TableOptions,
)
from tests.stream_support import build_worker, stream_table
from tests.support import (
    CDK_CONTEXT,
    echo_handler,
    every_kind_of_resource,
    new_stack,
    raised,
    warnings_of,
)
from tests.template_support import event_source_mappings

RECORD_AGE = "constructs_lib:recordAgeBeyondStream"
ENVIRONMENT_SIZE = "constructs_lib:environmentSizeEstimate"


# --- 1. StreamWorker max_record_age past the stream's 24 hours --------------------------


def test_a_record_age_past_the_streams_24_hours_warns() -> None:
    # GIVEN a StreamWorker told to skip records older than 3 days, which Lambda takes (its
    # range, 60 s..7 days, is a Kinesis stream's)
    worker, template = build_worker(max_record_age=Duration.days(3))
    # THEN the mapping has it, and a warning says the DynamoDB stream drops records at 24 h
    mapping = template.find_resources("AWS::Lambda::EventSourceMapping")
    (properties,) = [found["Properties"] for found in mapping.values()]
    assert properties["MaximumRecordAgeInSeconds"] == 259200
    (warning,) = warnings_of(cdk.Stack.of(worker), RECORD_AGE)
    assert warning.startswith(
        "max_record_age is 259200 seconds, longer than the 86400 seconds (24 hours) a "
        "DynamoDB stream keeps each record"
    )
    assert "Fix: pass max_record_age=Duration.hours(24) or less" in warning
    assert f"acknowledge '{RECORD_AGE}'" in warning


@pytest.mark.parametrize("age", [None, Duration.hours(24), Duration.minutes(1)])
def test_a_record_age_within_the_streams_24_hours_does_not_warn(age: Duration | None) -> None:
    worker, _ = build_worker(max_record_age=age)
    assert warnings_of(cdk.Stack.of(worker), RECORD_AGE) == []


def test_a_record_age_past_lambdas_range_is_refused_without_the_warning() -> None:
    stack = new_stack()
    table = stream_table(stack)
    error = raised(
        lambda: StreamWorker(
            stack, "Worker", handler=echo_handler(), table=table, max_record_age=Duration.days(8)
        )
    )
    assert [problem.prop for problem in error.problems] == ["max_record_age"]
    assert warnings_of(stack, RECORD_AGE) == []


# --- 2. an existing queue keeping a message no longer than its visibility timeout --------


@pytest.mark.parametrize(
    ("kept", "visibility", "shown"),
    [
        (
            Duration.seconds(60),
            Duration.seconds(60),
            "60 seconds, no longer than its visibility timeout (60 seconds)",
        ),
        (Duration.seconds(60), None, None),  # SQS's default visibility, 30 s: it fits
        (
            Duration.minutes(2),
            Duration.minutes(5),
            "120 seconds, no longer than its visibility timeout (300 seconds)",
        ),
    ],
)
def test_an_existing_queue_deleting_a_message_before_its_retry_is_refused(
    kept: Duration, visibility: Duration | None, shown: str | None
) -> None:
    # GIVEN the team's queue keeping a message as long as (or less than) it hides one
    stack = new_stack()
    queue = sqs.Queue(
        stack, "Jobs", enforce_ssl=True, retention_period=kept, visibility_timeout=visibility
    )

    # WHEN a QueueWorker consumes it
    def build() -> QueueWorker:
        return QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)

    if shown is None:
        build()
        return
    # THEN a failed message would show again only after SQS deleted it: refused
    (problem,) = raised(build).problems
    assert (problem.path, problem.prop) == ("Test/Worker", "existing_queue")
    assert problem.message.startswith(
        f"is the queue Test/Jobs, which keeps a message {shown}: a message whose batch fails "
        "shows again only when the visibility timeout ends, and SQS has deleted it by then"
    )
    assert problem.fix.startswith(
        "set the queue's retention_period well above its visibility_timeout"
    )


def test_an_imported_queue_is_its_owners_to_size() -> None:
    stack = new_stack()
    queue = sqs.Queue.from_queue_arn(
        stack, "Jobs", f"arn:aws:sqs:{stack.region}:{stack.account}:jobs"
    )
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    # THEN the worker consumes that queue and builds none of its own
    (mapping,) = event_source_mappings(worker)
    assert mapping["event_source_arn"] == stack.resolve(queue.queue_arn)
    assert stack.resolve(worker.queue.queue_arn) == stack.resolve(queue.queue_arn)


# --- 3. a deploy-time list is named as the prop, not as its first item ---------------------


def test_a_deploy_time_list_of_bucket_event_types_is_named_as_the_list() -> None:
    stack = new_stack()
    types = cdk.CfnParameter(stack, "EventTypes", type="CommaDelimitedList")
    bucket = s3.Bucket(stack, "Uploads")
    error = raised(
        lambda: QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            sources=[BucketEvents(bucket, events=types.value_as_list)],
        )
    )
    (problem,) = error.problems
    assert problem.prop == "sources[0].events"
    assert problem.message.startswith("is a deploy-time list (Ref EventTypes); it must be known")
    assert problem.fix.startswith("pass a list of s3.EventType members")


def test_a_deploy_time_list_of_identity_sources_is_named_as_the_list() -> None:
    stack = new_stack()
    sources = cdk.CfnParameter(stack, "Sources", type="CommaDelimitedList")
    auth = ApiAuth.function(
        echo_handler(entry="app.other"),
        identity_source=sources.value_as_list,
    )
    error = raised(
        lambda: ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=auth)
    )
    (problem,) = error.problems
    assert problem.prop == "auth.identity_source"
    assert problem.message.startswith("is a deploy-time list (Ref Sources); it must be known")
    assert problem.fix.startswith("pass a list of sources, e.g. ['$request.header.X-Api-Key']")


# --- 4. CORS allow_headers with a deploy-time item on an IAM API ---------------------------


def iam_api(stack: cdk.Stack, headers: list[str]) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        cors=CorsPolicy(allow_origins=["https://app.example.com"], allow_headers=headers),
    )


def test_a_deploy_time_header_alone_is_told_what_is_missing_for_sure() -> None:
    stack = new_stack()
    header = cdk.CfnParameter(stack, "Header").value_as_string
    (problem,) = raised(lambda: iam_api(stack, [header])).problems
    assert problem.prop == "cors.allow_headers"
    assert problem.message.startswith(
        "is [a deploy-time value (Ref Header)], without 2 or more of 'authorization', "
        "'x-amz-date' and 'x-amz-security-token' (its 1 deploy-time item may name 1 of them "
        "at most)"
    )
    assert problem.fix.startswith(
        "add 'authorization', 'x-amz-date' and 'x-amz-security-token' (and "
        "'x-amz-content-sha256' if the client's signer sends it) as text"
    )
    assert "(a deploy-time item cannot stand for a required header" in problem.fix


def test_literal_headers_are_named_each_as_before() -> None:
    (problem,) = raised(lambda: iam_api(new_stack(), ["authorization"])).problems
    assert problem.message.startswith(
        "is ['authorization'], without 'x-amz-date' and 'x-amz-security-token':"
    )
    assert problem.fix.startswith("add 'x-amz-date' and 'x-amz-security-token' (and ")
    assert "deploy-time" not in problem.fix
    assert " as text" not in problem.fix


def test_a_deploy_time_header_with_all_but_one_passes() -> None:
    stack = new_stack()
    header = cdk.CfnParameter(stack, "Header").value_as_string
    api = iam_api(stack, [header, "x-amz-date", "x-amz-security-token"])
    # THEN the API's CORS allows the headers as given, the parameter's at deploy
    cors = stack.resolve(api.http_api.node.default_child.cors_configuration)
    assert cors["allowHeaders"] == [{"Ref": "Header"}, "x-amz-date", "x-amz-security-token"]


# --- 5. the environment's size: refused when certain, warned when estimated ----------------


def test_many_short_deploy_time_values_warn_instead_of_failing() -> None:
    # GIVEN 60 imported values, each 128 bytes by the estimate (about 8 KB), really short
    stack = new_stack()
    environment = {f"VALUE_{i:02}": cdk.Fn.import_value(f"Shared{i}") for i in range(60)}
    # WHEN a worker's Handler has them
    QueueWorker(stack, "Worker", handler=echo_handler(environment=environment))
    # THEN it synthesizes, with a warning naming the estimate and the fix
    (warning,) = warnings_of(stack, ENVIRONMENT_SIZE)
    assert warning.startswith("handler.environment is ")
    assert "bytes of literal text and 61 deploy-time values" in warning  # QUEUE_URL's too
    assert "Lambda refuses more than 4096 when the function is deployed" in warning
    assert "Fix: move large values to SSM Parameter Store" in warning
    assert f"acknowledge '{ENVIRONMENT_SIZE}'" in warning


def test_links_past_the_estimate_warn() -> None:
    stack = new_stack()
    topics = [sns.Topic(stack, f"Topic{i}") for i in range(40)]
    QueueWorker(stack, "Worker", handler=echo_handler(links=topics))
    (warning,) = warnings_of(stack, ENVIRONMENT_SIZE)
    assert "the 40 links add a variable each" in warning


def test_literal_text_over_the_limit_is_refused() -> None:
    # the text around a deploy-time value counts: 4100 bytes of it are over whatever it is
    stack = new_stack()
    value = "x" * 4100 + cdk.Fn.import_value("Shared")
    error = raised(
        lambda: QueueWorker(stack, "Worker", handler=echo_handler(environment={"BIG": value}))
    )
    (problem,) = error.problems
    assert problem.prop == "handler.environment"
    assert problem.message.startswith("is at least 41")
    assert (
        "(names plus values, the deploy-time values not counted); Lambda allows at most 4096"
        in (problem.message)
    )
    assert warnings_of(stack, ENVIRONMENT_SIZE) == []


def test_an_environment_within_the_estimate_does_not_warn() -> None:
    stack = new_stack()
    environment = {f"VALUE_{i}": cdk.Fn.import_value(f"Shared{i}") for i in range(5)}
    QueueWorker(stack, "Worker", handler=echo_handler(environment=environment))
    assert warnings_of(stack, ENVIRONMENT_SIZE) == []


# --- 6. RemovalPolicies.of(stage).destroy() reaches every stateful resource ----------------

_STATEFUL = (
    "AWS::DynamoDB::Table",
    "AWS::Logs::LogGroup",
    "AWS::S3::Bucket",
    "AWS::SQS::Queue",
)


@pytest.mark.slow
def test_destroy_on_a_dev_stage_reaches_the_librarys_stateful_resources() -> None:
    # GIVEN a dev stage with every construct that makes a table, log group, bucket or queue
    app = cdk.App(context=CDK_CONTEXT)
    stage = cdk.Stage(app, "Dev")
    stack = cdk.Stack(stage, "Test")
    every_kind_of_resource(stack)  # worker, API, network (flow logs), site (buckets)
    table = stream_table(stack)
    StreamWorker(stack, "Changes", handler=echo_handler(), table=table)
    ScheduledJob(stack, "Nightly", handler=echo_handler(), schedule="rate(1 hour)")
    EventHandler(
        stack,
        "Events",
        handler=echo_handler(),
        event_pattern=events.EventPattern(source=["my.app"]),
    )
    ServerlessApi(
        stack,
        "OrdersApi",
        routes={"GET /orders": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(partition_key="pk"),
    )
    # WHEN the app asks for throwaway resources
    cdk.RemovalPolicies.of(stage).destroy()
    # THEN every stateful resource is deleted with the stack, the library's RETAIN included
    resources = Template.from_stack(stack).to_json()["Resources"]
    stateful = {
        logical_id: resource
        for logical_id, resource in resources.items()
        if resource["Type"] in _STATEFUL
    }
    assert {resource["Type"] for resource in stateful.values()} == set(_STATEFUL)
    kept = {
        logical_id: (resource.get("DeletionPolicy"), resource.get("UpdateReplacePolicy"))
        for logical_id, resource in stateful.items()
        if (resource.get("DeletionPolicy"), resource.get("UpdateReplacePolicy"))
        != ("Delete", "Delete")
    }
    assert kept == {}
    # and the tables' deletion protection follows
    tables = [r for r in stateful.values() if r["Type"] == "AWS::DynamoDB::Table"]
    assert all(not t["Properties"].get("DeletionProtectionEnabled") for t in tables)


def test_without_destroy_the_librarys_defaults_stay_retain() -> None:
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    template = Template.from_stack(stack)
    queues = template.find_resources("AWS::SQS::Queue")
    assert {q["DeletionPolicy"] for q in queues.values()} == {"Retain"}
    assert worker.dead_letter_queue is not None
