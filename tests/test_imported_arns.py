"""ARNs of the right service that still name no resource of the kind wanted: a DynamoDB
index's or stream's ARN given to ``Table.from_table_arn`` (its name became
``orders/index/byDate``, which no table has), an ARN given as a table's name, a queue's
URL of another queue than its ARN; and imports that may be meant but fail
unless something outside the app allows them (warnings): a secret's partial ARN that ends
in the suffix of a complete one, a bucket of another account as an event source."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sqs as sqs

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    ConstructError,
    Handler,
    QueueWorker,
    ServerlessApi,
)
from constructs_lib._bucket_accounts import BUCKET_OF_ANOTHER_ACCOUNT_WARNING
from constructs_lib._core.link_secret_arn import PARTIAL_SECRET_ARN_WARNING
from tests.support import ECHO, echo_handler, new_stack, warnings_of
from tests.template_support import granted, variables_of

ENV = cdk.Environment(account="111111111111", region="eu-west-1")
TABLE = "arn:aws:dynamodb:eu-west-1:111111111111:table/orders"


@pytest.mark.parametrize(
    ("arn", "what"),
    [
        (f"{TABLE}/index/byDate", "the index 'byDate' of the table 'orders'"),
        (f"{TABLE}/stream/2026-01-01T00:00:00.000", "the stream '2026-01-01T00:00:00.000'"),
    ],
    ids=["index", "stream"],
)
def test_an_index_or_stream_arn_as_a_table_names_the_tables_arn(arn: str, what: str) -> None:
    # Proves (bad inputs, round 38): both synthesized; TABLE_NAME was 'orders/index/byDate'
    # and the grants named no table
    stack = new_stack(env=ENV)
    table = dynamodb.Table.from_table_arn(stack, "Orders", arn)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[table]))
    message = str(raised.value)
    assert f"`handler.links[0]` was imported from {arn!r}, the ARN of {what}" in message
    assert (
        f"Fix: import the table itself: dynamodb.Table.from_table_arn(self, 'Table', {TABLE!r})"
        in message
    )


def test_an_index_arn_as_existing_table_says_how_to_query_its_indexes() -> None:
    stack = new_stack(env=ENV)
    table = dynamodb.Table.from_table_arn(stack, "Orders", f"{TABLE}/index/byDate")
    with pytest.raises(ConstructError, match=r"grant_index_permissions=True"):
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /x": echo_handler()},
            auth=ApiAuth.iam(),
            existing_table=table,
        )


def test_a_table_whose_name_looks_like_a_path_part_is_still_a_table() -> None:
    # tables named 'index' or 'stream', and dots, dashes and underscores, are tables
    stack = new_stack(env=ENV)
    tables = [
        dynamodb.Table.from_table_arn(stack, f"T{index}", TABLE.replace("orders", name))
        for index, name in enumerate(["index", "stream", "orders.v2_index-stream"])
    ]
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=tables))
    # THEN each is granted as the table of its name
    assert sorted(granted(worker.function_role, "dynamodb:PutItem")) == [
        TABLE.replace("orders", name) for name in ["index", "orders.v2_index-stream", "stream"]
    ]


SECRET = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:prod/db"


def _secret_warnings(secret: Callable[[cdk.Stack], object]) -> list[str]:
    stack = new_stack(env=ENV)
    QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[secret(stack)]))
    return warnings_of(stack, PARTIAL_SECRET_ARN_WARNING)


def test_a_partial_secret_arn_ending_in_the_suffix_warns_with_the_complete_import() -> None:
    # Proves (bad inputs, round 38): the grant named 'prod/db-AbCdEf-??????', which the
    # secret's full ARN does not match: GetSecretValue was denied at run time, in silence
    (warning,) = _secret_warnings(
        lambda s: secretsmanager.Secret.from_secret_partial_arn(s, "Db", f"{SECRET}-AbCdEf")
    )
    assert warning.startswith("`handler.links[0]` links the secret Test/Db, known only by")
    assert "the grant names 'prod/db-AbCdEf-??????', which that secret does not match" in warning
    assert "secretsmanager.Secret.from_secret_complete_arn(...)" in warning


@pytest.mark.parametrize(
    "secret",
    [
        lambda s: secretsmanager.Secret.from_secret_partial_arn(s, "Db", SECRET),
        lambda s: secretsmanager.Secret.from_secret_partial_arn(s, "Db", f"{SECRET}-v2"),
        lambda s: secretsmanager.Secret.from_secret_complete_arn(s, "Db", f"{SECRET}-AbCdEf"),
        lambda s: secretsmanager.Secret.from_secret_name_v2(s, "Db", "prod/db"),
    ],
    ids=["partial", "partial-short-suffix", "complete", "by-name"],
)
def test_other_secret_imports_do_not_warn(secret: Callable[[cdk.Stack], object]) -> None:
    assert _secret_warnings(secret) == []


def _bucket_warnings(**attributes: str) -> list[str]:
    stack = new_stack(env=ENV)
    bucket = s3.Bucket.from_bucket_attributes(stack, "Up", bucket_name="uploads-a", **attributes)
    QueueWorker(stack, "Worker", handler=Handler(code=ECHO), sources=[BucketEvents(bucket)])
    return warnings_of(stack, BUCKET_OF_ANOTHER_ACCOUNT_WARNING)


def test_bucket_events_of_a_bucket_of_another_account_warn() -> None:
    # Proves (bad inputs, round 38): synthesized silently; the notification configuration,
    # put from the worker's account, fails the deploy unless the bucket's owner allows it
    (warning,) = _bucket_warnings(account="222222222222")
    assert warning.startswith(
        "sources[0].bucket is in account 222222222222, the worker in 111111111111"
    )
    assert "s3:PutBucketNotification" in warning
    # a bucket of the worker's account, or of an account not known at synth, does not warn
    assert _bucket_warnings(account="111111111111") == _bucket_warnings() == []


QUEUE_ARN = "arn:aws:sqs:eu-west-1:111111111111:jobs"


@pytest.mark.parametrize(
    "url",
    [
        "https://sqs.us-east-1.amazonaws.com/111111111111/jobs",
        "https://sqs.eu-west-1.amazonaws.com/222222222222/jobs",
        "https://sqs.eu-west-1.amazonaws.com/111111111111/other",
    ],
    ids=["region", "account", "name"],
)
def test_a_queue_imported_with_the_url_of_another_queue_is_named(url: str) -> None:
    # Proves (bad inputs, round 38): QUEUE_URL named one queue and the grant another
    stack = new_stack(env=ENV)
    queue = sqs.Queue.from_queue_attributes(stack, "Jobs", queue_arn=QUEUE_ARN, queue_url=url)
    with pytest.raises(ConstructError, match=r"`handler.links\[0\]` was imported with the URL "):
        QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[queue]))


def test_a_queue_imported_with_its_own_url_is_linked() -> None:
    stack = new_stack(env=ENV)
    urls = [
        "https://sqs.eu-west-1.amazonaws.com/111111111111/jobs",
        "https://eu-west-1.queue.amazonaws.com/111111111111/jobs",
    ]
    links = [
        sqs.Queue.from_queue_attributes(stack, f"Q{index}", queue_arn=QUEUE_ARN, queue_url=url)
        for index, url in enumerate(urls)
    ]
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=links))
    # THEN the function may send to the queue of the ARN (both imports are that queue)
    assert set(granted(worker.function_role, "sqs:SendMessage")) == {QUEUE_ARN}


@pytest.mark.parametrize("name", [TABLE, "ab", "orders/v2"], ids=["arn", "short", "slash"])
def test_a_table_imported_by_a_name_no_table_has_is_named(name: str) -> None:
    # Proves (bad inputs, round 38): Table.from_table_name(self, "T", <its ARN>) granted
    # table/arn:aws:dynamodb:..., which is no table
    stack = new_stack(env=ENV)
    table = dynamodb.Table.from_table_name(stack, "Orders", name)
    with pytest.raises(ConstructError, match=r"is a table imported by the name '.*', which no"):
        QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[table]))


@pytest.mark.parametrize(
    ("arn", "message", "fix"),
    [
        (
            "arn:aws:sqs:eu-west-1:111111111111:orders ",
            "whose whitespace (a line break or space copied with it) no ARN has",
            "'arn:aws:sqs:eu-west-1:111111111111:orders'",
        ),
        (
            "arn:aws:sqs:eu-west-1:11111111111l:orders",
            "whose account '11111111111l' is not an account ID (12 digits)",
            "12-digit account ID",
        ),
    ],
    ids=["whitespace", "account"],
)
def test_an_arn_no_resource_has_is_refused(arn: str, message: str, fix: str) -> None:
    # Proves (bad inputs, round 39): both synthesized; the grant and QUEUE_URL named no queue
    stack = new_stack(env=ENV)
    queue = sqs.Queue.from_queue_arn(stack, "Orders", arn)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[queue]))
    (problem,) = raised.value.problems
    assert problem.prop == "handler.links[0]"
    assert message in problem.message
    assert fix in problem.fix


def test_arns_of_every_shape_aws_gives_are_accepted() -> None:
    stack = new_stack(env=ENV)
    links = [
        sqs.Queue.from_queue_arn(stack, "Q", "arn:aws:sqs:eu-west-1:111111111111:orders"),
        s3.Bucket.from_bucket_arn(stack, "B", "arn:aws:s3:::my-bucket"),  # no account
        dynamodb.Table.from_table_arn(stack, "T", TABLE),
    ]
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=links))
    # THEN each is linked: its variable names the resource the ARN gives
    variables = variables_of(worker.function)
    assert variables["Q_QUEUE_URL"] == {
        "Fn::Join": [
            "",
            ["https://sqs.eu-west-1.", {"Ref": "AWS::URLSuffix"}, "/111111111111/orders"],
        ]
    }
    assert variables["B_BUCKET_NAME"] == "my-bucket"
    assert variables["T_TABLE_NAME"] == "orders"
