"""StreamWorker and its testing builders given what a user could write by mistake: a
stream of another region, a deploy-time record age, keys no table has, values DynamoDB
cannot hold. Each refused with the argument and the fix; the legitimate inputs of the
same shapes still pass."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import StreamWorker
from constructs_lib_runtime import sqs_batch
from constructs_lib_runtime.s3_events import for_each_s3_object
from constructs_lib_runtime.stream_batch import process_batch
from constructs_lib_runtime.testing import sqs_event, sqs_record, stream_event, stream_record
from tests.support import assert_rule, echo_handler

HANDLER = echo_handler()
STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000"
KEY = {"pk": "o1"}


def _stack(region: str = "us-east-1") -> cdk.Stack:
    env = cdk.Environment(account="123456789012", region=region)
    return cdk.Stack(cdk.App(), "Test", env=env)


def _imported_worker(stack: cdk.Stack, stream_arn: str, **props: Any) -> StreamWorker:
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=stream_arn
    )
    return StreamWorker(stack, "Worker", handler=HANDLER, table=table, **props)


@pytest.mark.parametrize(
    ("arn", "elsewhere"),
    [
        pytest.param(STREAM.replace("us-east-1", "eu-west-1"), "region eu-west-1", id="region"),
        pytest.param(
            STREAM.replace("123456789012", "210987654321"), "account 210987654321", id="account"
        ),
    ],
)
def test_an_imported_stream_of_another_environment_is_refused(arn: str, elsewhere: str) -> None:
    # GIVEN a table imported by name (its ARN is this stack's) with another region's stream
    stack = _stack()
    # THEN the worker is refused: its mapping could never read that stream
    assert_rule(
        lambda **props: _imported_worker(stack, arn, **props),
        {},
        rf"`table` has the table_stream_arn '.*', a stream in {elsewhere}, not .*: an event "
        r"source mapping reads only a stream of its own region and account\. Fix: pass a "
        r"table of this stack's region and account",
    )


@pytest.mark.parametrize(
    "stack",
    [
        pytest.param(_stack, id="this stack's environment"),
        pytest.param(lambda: cdk.Stack(cdk.App(), "Test"), id="an environment-agnostic stack"),
    ],
)
def test_an_imported_stream_that_may_be_this_stack_s_is_read(stack: Any) -> None:
    built = stack()
    _imported_worker(built, STREAM)
    Template.from_stack(built).resource_count_is("AWS::Lambda::EventSourceMapping", 1)


def test_a_deploy_time_record_age_is_refused_by_name() -> None:
    # GIVEN max_record_age from a parameter (aws-cdk-lib would fail on it with a jsii error)
    stack = _stack()
    age = cdk.CfnParameter(stack, "Age", type="Number").value_as_number
    # THEN the prop is named, with the fix
    assert_rule(
        lambda **props: _imported_worker(stack, STREAM, **props),
        {"max_record_age": Duration.seconds(age)},
        r"`max_record_age` is a deploy-time value; aws-cdk-lib checks it is 60 s\.\.7 days at "
        r"synth, so it must be known then\. Fix: pass a Duration of a number",
    )


def test_deploy_time_batch_settings_still_pass() -> None:
    stack = _stack()
    size = cdk.CfnParameter(stack, "Size", type="Number").value_as_number
    _imported_worker(stack, STREAM, batch_size=size, max_batching_window=Duration.seconds(size))
    Template.from_stack(stack).resource_count_is("AWS::Lambda::EventSourceMapping", 1)


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        pytest.param({"pk": {1, 2}}, r"keys has pk=\{1, 2\}, which no key", id="a set"),
        pytest.param({"pk": None}, r"keys has pk=None, which no key attribute holds", id="None"),
        pytest.param({"pk": True}, r"keys has pk=True", id="a bool"),
        pytest.param({"pk": ""}, r"keys has pk='', which no key attribute holds", id="empty"),
        pytest.param({"pk": ["a"]}, r"keys has pk=\['a'\]", id="a list"),
        pytest.param(
            {"a": "1", "b": "2", "c": "3"},
            r"keys has 3 attributes \(a, b, c\); a table's key is its partition key and at "
            r"most a sort key",
            id="three attributes",
        ),
    ],
)
def test_keys_no_table_has_are_refused(keys: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=rf"^stream_record: {message}"):
        stream_record("REMOVE", keys, old_image=keys)


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param({"pk": "o1", "sk": 2}, id="a string and a number"),
        pytest.param({"pk": b"\x00"}, id="bytes"),
        pytest.param({"pk": Decimal("1.5")}, id="a Decimal"),
    ],
)
def test_keys_a_table_has_pass(keys: dict[str, Any]) -> None:
    record = stream_record("REMOVE", keys, old_image={**keys, "note": ""})
    assert set(record["dynamodb"]["Keys"]) == set(keys)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(Decimal("sNaN"), r"Decimal\('sNaN'\) is no number DynamoDB stores", id="sNaN"),
        pytest.param(
            [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
            r"a value is nested more than 32 lists or maps deep, which DynamoDB refuses",
            id="33 lists deep",
        ),
    ],
)
def test_values_dynamodb_cannot_hold_are_refused(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=rf"^stream_record: {message}"):
        stream_record("INSERT", KEY, new_image={**KEY, "value": value})


def test_a_value_holding_itself_is_refused_not_a_recursion_error() -> None:
    item: dict[str, Any] = {**KEY}
    item["me"] = item
    with pytest.raises(ValueError, match="nested more than 32 lists or maps deep"):
        stream_record("INSERT", KEY, new_image=item)


def test_a_value_32_deep_passes() -> None:
    value: object = 1
    expected: dict[str, Any] = {"N": "1"}
    for _ in range(32):
        value = [value]
        expected = {"L": [expected]}
    record = stream_record("INSERT", KEY, new_image={**KEY, "value": value})
    # THEN the image holds it, each list in DynamoDB's typed form
    assert record["dynamodb"]["NewImage"]["value"] == expected


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("sequence_number", "", r"sequence_number is ''; a stream gives every record one"),
        ("table", "", r"table '' is no DynamoDB table name"),
        ("table", "orders/stream", r"table 'orders/stream' is no DynamoDB table name"),
    ],
)
def test_an_empty_sequence_number_or_a_bad_table_name_is_refused(
    argument: str, value: str, message: str
) -> None:
    with pytest.raises(ValueError, match=rf"^stream_record: {message}"):
        stream_record("INSERT", KEY, new_image=KEY, **{argument: value})


def test_the_table_s_stream_view_type_is_taken_as_its_name() -> None:
    record = stream_record(
        "INSERT", KEY, new_image=KEY, view_type=dynamodb.StreamViewType.NEW_IMAGE, table="a.b-c"
    )
    assert record["dynamodb"]["StreamViewType"] == "NEW_IMAGE"


def _readers_warnings(stack: cdk.Stack) -> list[str]:
    messages = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    return [
        message.id
        for message in messages
        if "constructs_lib:streamReadersPerShard" in str(message.entry.data)
    ]


def test_a_third_reader_of_one_stream_warns() -> None:
    # GIVEN three workers on one table's stream
    stack = _stack()
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    for name in ("Audit", "Search", "Mail"):
        StreamWorker(stack, name, handler=HANDLER, table=table)
    # THEN the third warns (DynamoDB throttles more than two readers of a shard), naming all
    assert _readers_warnings(stack) == ["/Test/Mail"]
    (warning,) = Annotations.from_stack(stack).find_warning(
        "/Test/Mail", Match.string_like_regexp(".*streamReadersPerShard.*")
    )
    assert "3 StreamWorkers read the stream of the table Test/Orders (Test/Audit, " in str(
        warning.entry.data
    )


def test_a_third_import_of_the_same_stream_warns_too() -> None:
    stack = _stack()
    for name in ("Audit", "Search", "Mail"):
        table = dynamodb.Table.from_table_attributes(
            stack, f"{name}Orders", table_name="orders", table_stream_arn=STREAM
        )
        StreamWorker(stack, name, handler=HANDLER, table=table)
    assert _readers_warnings(stack) == ["/Test/Mail"]


def test_two_readers_of_a_stream_or_three_of_three_streams_do_not_warn() -> None:
    stack = _stack()
    first = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    StreamWorker(stack, "Audit", handler=HANDLER, table=first)
    StreamWorker(stack, "Search", handler=HANDLER, table=first)
    for name in ("Invoices", "Refunds"):
        other = dynamodb.Table.from_table_attributes(
            stack,
            f"{name}Table",
            table_name=name.lower(),
            table_stream_arn=STREAM.replace("orders", name.lower()),
        )
        StreamWorker(stack, name, handler=HANDLER, table=other)
    assert _readers_warnings(stack) == []


def test_a_callback_that_cannot_take_one_record_is_refused_before_any_is_attempted() -> None:
    # GIVEN a callback written as a Lambda handler, (record, context)
    event, attempted = stream_event(stream_record("INSERT", KEY, new_image=KEY)), []

    def handle(record: dict[str, Any], context: object) -> None:
        attempted.append(record)

    # THEN process_batch says so before any record (each would fail, the batch retried)
    with pytest.raises(
        TypeError,
        match=r"handle takes \(record, context\), not one record: it is called as handle\(record\)",
    ):
        process_batch(event, handle)  # type: ignore[arg-type]
    assert attempted == []


class _Recorder:
    def __init__(self) -> None:
        self.seen: list[object] = []

    def add(self, record: object, note: str = "") -> None:
        self.seen.append(record)


@pytest.mark.parametrize(
    "handle",
    [
        pytest.param(lambda record, context=None: None, id="a defaulted second argument"),
        pytest.param(lambda *records: None, id="*args"),
        pytest.param(functools.partial(lambda context, record: None, None), id="a partial"),
        pytest.param(_Recorder().add, id="a bound method"),
        pytest.param(print, id="a builtin"),
        pytest.param(dict, id="a class"),
    ],
)
def test_callbacks_that_take_one_record_pass(handle: Any) -> None:
    event = stream_event(stream_record("INSERT", KEY, new_image=KEY))
    assert process_batch(event, handle) == {"batchItemFailures": []}


def test_the_other_helpers_refuse_such_a_callback_too() -> None:
    def handle(item: object, context: object) -> None: ...

    with pytest.raises(TypeError, match=r"handle takes \(item, context\), not one record"):
        sqs_batch.process_batch(sqs_event(sqs_record("a")), handle)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"handle takes \(item, context\), not one s3_object"):
        for_each_s3_object(handle)  # type: ignore[arg-type]
