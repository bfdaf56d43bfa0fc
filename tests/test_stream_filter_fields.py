"""StreamWorker filters that no record of the table's stream could match (Lambda drops
every record then, silently) or whose pattern Lambda refuses at deploy (a value outside a
list, an empty list), and filters of another type: each refused by its message, naming
the filter and the fix; the legitimate filters of the same shapes still pass."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, StreamWorker
from constructs_lib._stream_filter_fields import filter_field_problems
from tests.stream_support import HANDLER, KEY, STREAM, WITH_STREAM, build_worker
from tests.support import InStack, RuleCase, assert_every_problem, assert_rule, rule_cases


def _table(view: dynamodb.StreamViewType) -> InStack:
    return InStack(lambda s: dynamodb.Table(s, "Readings", partition_key=KEY, stream=view))


def _table_v2(view: dynamodb.StreamViewType) -> InStack:
    return InStack(lambda s: dynamodb.TableV2(s, "Readings", partition_key=KEY, dynamo_stream=view))


def _filter(pattern: dict[str, Any]) -> list[Mapping[str, Any]]:
    return [lambda_.FilterCriteria.filter(pattern)]


F, R = lambda_.FilterCriteria.filter, lambda_.FilterRule
NEW_IMAGE = _table(dynamodb.StreamViewType.NEW_IMAGE)
ALERTS = {"dynamodb": {"NewImage": {"level": {"S": ["alert"]}}}}

CASES: list[RuleCase] = [
    (
        "an image a keys-only stream does not keep",
        {"table": _table(dynamodb.StreamViewType.KEYS_ONLY), "filters": _filter(ALERTS)},
        r"`filters\[0\]` matches dynamodb\.NewImage, which the table's KEYS_ONLY stream does "
        r"not keep: no record has it, so Lambda drops every record\. Fix: change the filter to "
        r"match dynamodb\.Keys",
    ),
    (
        "the old image on a NEW_IMAGE stream",
        {"table": NEW_IMAGE, "filters": _filter({"dynamodb": {"OldImage": {"a": {"S": ["x"]}}}})},
        r"`filters\[0\]` matches dynamodb\.OldImage, which the table's NEW_IMAGE stream does "
        r"not keep.*Fix: change the filter to match dynamodb\.NewImage, or give the table a "
        r"stream that keeps it",
    ),
    (
        "a TableV2's keys-only stream",
        {"table": _table_v2(dynamodb.StreamViewType.KEYS_ONLY), "filters": _filter(ALERTS)},
        r"`filters\[0\]` matches dynamodb\.NewImage, which the table's KEYS_ONLY stream",
    ),
    (
        "the new image of a removed item (a TTL deletion)",
        {
            "table": _table(dynamodb.StreamViewType.NEW_AND_OLD_IMAGES),
            "filters": _filter({"eventName": ["REMOVE"], **ALERTS}),
        },
        r"`filters\[0\]` matches dynamodb\.NewImage of REMOVE records, which carry none.*Fix: "
        r"change the filter to match dynamodb\.OldImage \(the item before the change\)",
    ),
    (
        "the old image of an insert",
        {
            "table": _table(dynamodb.StreamViewType.NEW_AND_OLD_IMAGES),
            "filters": _filter({"eventName": ["INSERT"], "dynamodb": {"OldImage": {}}}),
        },
        r"`filters\[0\]` matches dynamodb\.OldImage of INSERT records, which carry none.*Fix: "
        r"change the filter to match dynamodb\.NewImage \(the item after the change\)",
    ),
    (
        "an eventName in lower case",
        {
            "table": NEW_IMAGE,
            "filters": _filter({"eventName": lambda_.FilterRule.is_equal("insert")}),
        },
        r"`filters\[0\]` matches the eventName 'insert'; a stream record's is INSERT, MODIFY or "
        r"REMOVE \(compared exactly\).*Fix: write 'INSERT'",
    ),
    (
        "an image outside dynamodb",
        {"table": NEW_IMAGE, "filters": _filter({"NewImage": {"level": {"S": ["alert"]}}})},
        r"`filters\[0\]` matches the field 'NewImage', which a stream record never has.*Fix: "
        r'change the filter to match "dynamodb": \{"NewImage": \.\.\.\} \(field names are '
        r"case-sensitive\)",
    ),
    (
        "a misspelt image",
        {"table": NEW_IMAGE, "filters": _filter({"dynamodb": {"newImage": {"a": {"S": ["x"]}}}})},
        r"`filters\[0\]` matches the field 'newImage', which a record's dynamodb never has.*"
        r"Fix: change the filter to match NewImage",
    ),
    (
        "an attribute compared as a plain value",
        {"table": NEW_IMAGE, "filters": _filter({"dynamodb": {"NewImage": {"level": ["alert"]}}})},
        r"`filters\[0\]` matches dynamodb\.NewImage\.level as a plain value; a stream image "
        r"holds each attribute in DynamoDB JSON.*Fix: put the values under the attribute's "
        r'type: \{"level": \{"S": \["alert"\]\}\}',
    ),
    (
        "a type descriptor in lower case, inside a map",
        {
            "table": NEW_IMAGE,
            "filters": _filter({"dynamodb": {"NewImage": {"at": {"M": {"city": {"s": ["x"]}}}}}}),
        },
        r"`filters\[0\]` matches dynamodb\.NewImage\.at\.M\.city\.s, which is no DynamoDB type "
        r"descriptor.*Fix: change the filter to match dynamodb\.NewImage\.at\.M\.city\.S",
    ),
]


# Lambda reads a filter as EventBridge reads a pattern: each value inside a list, and
# each alternative of "$or" a pattern of its own
CASES += [
    (
        "an alternative of $or naming a field no record has",
        {
            "table": NEW_IMAGE,
            "filters": _filter(
                {"$or": [{"eventName": ["INSERT"]}, {"NewImage": {"a": {"S": ["x"]}}}]}
            ),
        },
        r"`filters\[0\]` matches the field 'NewImage', which a stream record never has",
    ),
    (
        "an eventName outside a list",
        {"table": NEW_IMAGE, "filters": _filter({"eventName": "INSERT"})},
        r"`filters\[0\]\['eventName'\]` is the string 'INSERT', not a list\. Fix: pass "
        r"\['INSERT'\]",
    ),
    (
        "an attribute's value outside a list",
        {
            "table": NEW_IMAGE,
            "filters": _filter({"dynamodb": {"NewImage": {"level": {"S": "alert"}}}}),
        },
        r"`filters\[0\]\['dynamodb'\]\['NewImage'\]\['level'\]\['S'\]` is the string 'alert', "
        r"not a list\. Fix: pass \['alert'\]",
    ),
    (
        "an operator outside a list",
        {
            "table": NEW_IMAGE,
            "filters": _filter({"dynamodb": {"Keys": {"pk": {"S": {"prefix": "d"}}}}}),
        },
        r"`filters\[0\]\['dynamodb'\]\['Keys'\]\['pk'\]\['S'\]` is the operator "
        r"\{'prefix': 'd'\} outside a list",
    ),
]


# the merge of trial42's and bad42's checks: an exists on an untyped attribute (it works
# on leaf fields only), the fields of an $or below the top level, one message per mistake
CASES += [
    (
        "exists on an attribute without its type",
        {
            "table": NEW_IMAGE,
            "filters": _filter({"dynamodb": {"NewImage": {"level": [{"exists": True}]}}}),
        },
        r"`filters\[0\]` matches dynamodb\.NewImage\.level as a plain value.*nor finds it with "
        r'exists\).*Fix: put the values under the attribute\'s type: \{"level": \{"S": '
        r'\[\{"exists": true\}\]\}\}',
    ),
    (
        "a misspelt image in an $or of dynamodb",
        {
            "table": NEW_IMAGE,
            "filters": _filter(
                {"dynamodb": {"$or": [{"Keys": {"pk": {"S": ["d"]}}}, {"newImage": {}}]}}
            ),
        },
        r"`filters\[0\]` matches the field 'newImage', which a record's dynamodb never has.*"
        r"Fix: change the filter to match NewImage",
    ),
]


# bad42's cases, of the default table's stream (NEW_AND_OLD_IMAGES); FilterRule.null() of
# aws-cdk-lib before 2.163 wrote the empty list: Invalid filter pattern
CASES += [
    (
        "a value outside a list",
        {"filters": [F({"eventName": "INSERT"})]},
        r"`filters\[0\]\['eventName'\]` is the string 'INSERT', not a list\. Fix: pass "
        r"\['INSERT'\]",
    ),
    (
        "a nested value outside a list",
        {"filters": [F({"dynamodb": {"NewImage": {"status": {"S": "paid"}}}})]},
        r"`filters\[0\]\['dynamodb'\]\['NewImage'\]\['status'\]\['S'\]` is the string "
        r"'paid', not a list",
    ),
    (
        "an empty list",
        {"filters": [F({"eventName": []})]},
        r"`filters\[0\]\['eventName'\]` is an empty list",
    ),
    (
        "an SQS message's field",
        {"filters": [F({"body": {"status": R.is_equal("paid")}})]},
        r"`filters\[0\]` matches the field 'body', which a stream record never has \(it "
        r"has eventID, eventName, .*\): Lambda drops every record the filter does not match",
    ),
    (
        "the snake_case key of aws-cdk-lib's Python docs",
        {"filters": [F({"event_name": R.is_equal("INSERT")})]},
        r"matches the field 'event_name', .*Fix: change the filter to match eventName \(field "
        r"names are case-sensitive\)",
    ),
    (
        "a change field's case",
        {"filters": [F({"dynamodb": {"newImage": {"status": {"S": ["paid"]}}}})]},
        r"`filters\[0\]` matches the field 'newImage', which a record's dynamodb never has "
        r".*Fix: change the filter to match NewImage",
    ),
    (
        "an attribute without its type",
        {"filters": [F({"dynamodb": {"NewImage": {"status": ["paid"]}}})]},
        r"`filters\[0\]` matches dynamodb\.NewImage\.status as a plain value; a stream image "
        r"holds each attribute in DynamoDB JSON.*Fix: put the values under the attribute's "
        r'type: \{"status": \{"S": \["paid"\]\}\}',
    ),
    (
        "a lower-case type",
        {"filters": [F({"dynamodb": {"Keys": {"pk": {"s": ["o1"]}}}})]},
        r"`filters\[0\]` matches dynamodb\.Keys\.pk\.s, which is no DynamoDB type "
        r"descriptor.*Fix: change the filter to match dynamodb\.Keys\.pk\.S",
    ),
    (
        "a lower-case eventName",
        {"filters": [F({"eventName": ["insert"]})]},
        r"`filters\[0\]` matches the eventName 'insert'; a stream record's is INSERT, MODIFY "
        r"or REMOVE \(compared exactly\).*Fix: write 'INSERT'",
    ),
    (
        "a field of an $or alternative",
        {"filters": [F({"$or": [{"eventName": ["REMOVE"]}, {"data": ["x"]}]})]},
        r"`filters\[0\]` matches the field 'data', which a stream record never has",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(build_worker, props, message)


def test_every_filter_s_problems_are_reported_at_once() -> None:
    assert_every_problem(
        build_worker,
        {
            "table": _table(dynamodb.StreamViewType.KEYS_ONLY),
            "filters": [
                *_filter({"eventName": ["insert"], **ALERTS}),
                *_filter({"dynamodb": {"Keys": {"pk": ["d-1"]}}}),
            ],
        },
        "Test/Worker",
        ["filters[0]", "filters[0]", "filters[1]"],
    )


@pytest.mark.parametrize(
    ("table", "pattern"),
    [
        pytest.param(NEW_IMAGE, {"eventName": ["INSERT"], **ALERTS}, id="the new image"),
        pytest.param(
            _table(dynamodb.StreamViewType.NEW_AND_OLD_IMAGES),
            {"eventName": ["REMOVE", "MODIFY"], "dynamodb": {"NewImage": {"a": {"S": ["x"]}}}},
            id="the new image of changes one of which carries it",
        ),
        pytest.param(
            _table(dynamodb.StreamViewType.NEW_AND_OLD_IMAGES),
            {"eventName": ["REMOVE"], "dynamodb": {"OldImage": {"a": {"S": ["x"]}}}},
            id="the old image of a removed item",
        ),
        pytest.param(
            _table(dynamodb.StreamViewType.KEYS_ONLY),
            {"dynamodb": {"Keys": {"pk": {"S": [{"prefix": "dev#"}]}}}},
            id="keys of a keys-only stream",
        ),
        pytest.param(
            # main matched Keys against the images an INSERT carries and refused it
            _table(dynamodb.StreamViewType.NEW_AND_OLD_IMAGES),
            {
                "eventName": ["INSERT"],
                "dynamodb": {"Keys": {"pk": {"S": ["d-1"]}}, "SizeBytes": [{"numeric": ["<", 9]}]},
            },
            id="keys and the size of inserts",
        ),
        pytest.param(
            _table(dynamodb.StreamViewType.OLD_IMAGE),
            {"eventName": ["REMOVE"], "userIdentity": {"type": ["Service"]}},
            id="TTL deletions",
        ),
        pytest.param(
            InStack(
                lambda s: dynamodb.Table.from_table_attributes(
                    s, "Readings", table_name="orders", table_stream_arn=STREAM
                )
            ),
            {"dynamodb": {"OldImage": {"a": {"S": ["x"]}}}},
            id="an imported table's image (its stream unknown)",
        ),
        pytest.param(
            NEW_IMAGE,
            {
                "eventName": [{"anything-but": ["REMOVE"]}],
                "dynamodb": {
                    "NewImage": {
                        "level": {"S": [{"exists": True}]},
                        "at": {"M": {"city": {"S": [{"prefix": "Ber"}]}}},
                        "value": {"N": [{"numeric": [">", 5]}]},
                    },
                    "SizeBytes": [{"numeric": ["<", 400]}],
                },
            },
            id="content filters and a map",
        ),
        pytest.param(
            NEW_IMAGE,
            {"$or": [{"eventName": ["INSERT"]}, {"dynamodb": {"NewImage": {"a": {"N": ["1"]}}}}]},
            id="$or of two patterns",
        ),
        pytest.param(WITH_STREAM, {"eventName": R.or_("INSERT", "MODIFY")}, id="eventName values"),
        pytest.param(
            WITH_STREAM,
            {"dynamodb": {"NewImage": {"status": {"S": R.is_equal("paid")}}}},
            id="an attribute",
        ),
        pytest.param(
            WITH_STREAM,
            {
                "dynamodb": {
                    "Keys": {"pk": {"S": R.begins_with("ORDER#")}},
                    "OldImage": {"n": {"N": R.exists()}},
                }
            },
            id="operators",
        ),
        pytest.param(
            WITH_STREAM,
            {"dynamodb": {"NewImage": {"addr": {"M": {"city": {"S": ["Oslo"]}}}}}},
            id="a map's field",
        ),
        pytest.param(
            WITH_STREAM,
            {"userIdentity": {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]}},
            id="TTL deletions",
        ),
        pytest.param(
            WITH_STREAM,
            {"$or": [{"eventName": ["REMOVE"]}, {"dynamodb": {"NewImage": {"a": {"S": ["x"]}}}}]},
            id="$or",
        ),
        pytest.param(
            WITH_STREAM,
            {"eventSourceARN": [cdk.Fn.import_value("StreamArn")], "eventName": [{"prefix": "I"}]},
            id="a deploy-time value and an operator",
        ),
        pytest.param(
            WITH_STREAM,
            {"eventName": [cdk.Fn.import_value("Change")]},
            id="a deploy-time eventName",
        ),
    ],
)
def test_legitimate_filters_pass(table: InStack, pattern: dict[str, Any]) -> None:
    worker, template = build_worker(table=table, filters=_filter(pattern))
    template.resource_count_is("AWS::Lambda::EventSourceMapping", 1)
    assert worker.event_source_mapping is not None


def test_a_global_table_s_stream_keeps_both_images() -> None:
    # GIVEN a TableV2 whose replica makes aws-cdk-lib write its stream itself
    stack = cdk.Stack(cdk.App(), "Test", env=cdk.Environment(region="us-east-1"))
    table = dynamodb.TableV2(
        stack,
        "Readings",
        partition_key=KEY,
        replicas=[dynamodb.ReplicaTableProps(region="eu-west-1")],
    )
    # THEN a filter on the old image is taken
    worker = StreamWorker(
        stack,
        "Worker",
        handler=HANDLER,
        table=table,
        filters=_filter({"dynamodb": {"OldImage": {"a": {"S": ["x"]}}}}),
    )
    assert worker.event_source_mapping is not None
    # AND the mapping filters on it
    (mapping,) = (
        Template.from_stack(stack).find_resources("AWS::Lambda::EventSourceMapping").values()
    )
    (criterion,) = mapping["Properties"]["FilterCriteria"]["Filters"]
    assert json.loads(criterion["Pattern"]) == {"dynamodb": {"OldImage": {"a": {"S": ["x"]}}}}


def test_an_unknown_view_type_leaves_the_images_alone() -> None:
    assert filter_field_problems({"dynamodb": {"NewImage": {}, "OldImage": {}}}, None) == []


def test_an_empty_attribute_list_is_one_problem() -> None:
    # the shape rules' empty list, not a plain value compared too
    with pytest.raises(ConstructError) as raised:
        build_worker(filters=_filter({"dynamodb": {"NewImage": {"level": []}}}))
    assert [problem.prop for problem in raised.value.problems] == [
        "filters[0]['dynamodb']['NewImage']['level']"
    ]


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        pytest.param(
            F({"eventName": ["INSERT"]}),
            r"`filters` is one filter \(a dict\), not a list of them\. Fix: put it in a list: "
            r"filters=\[lambda_\.FilterCriteria\.filter\(\{\.\.\.\}\)\]",
            id="one filter alone",
        ),
        pytest.param(
            ['{"eventName": ["INSERT"]}'],
            r"`filters\[0\]` is the string '\{\"eventName\": \[\"INSERT\"\]\}', not a filter: "
            r"Lambda takes \{'pattern': <JSON>\}\. Fix: build it from the pattern: "
            r"lambda_\.FilterCriteria\.filter\(json\.loads\(text\)\)",
            id="a pattern's JSON text",
        ),
        pytest.param(
            None,
            r"`filters` is None; it must be a list of filter patterns \(dicts\)\. "
            r"Fix: pass "
            r"\[lambda_\.FilterCriteria\.filter\(.*\)\], or leave filters out \(every record\)",
            id="None",
        ),
    ],
)
def test_filters_of_another_type_are_told_what_a_filter_is(filters: Any, message: str) -> None:
    # bad42: "it must be a list of a dict. Fix: pass a list of a dict"; polish51: "filter patterns"
    assert_rule(build_worker, {"filters": filters}, message)


def test_a_deploy_time_filter_list_is_named_as_such() -> None:
    def build(**props: Any) -> object:
        stack = cdk.Stack(cdk.App(), "Test")
        patterns = cdk.CfnParameter(stack, "Patterns", type="CommaDelimitedList")
        return StreamWorker(
            stack,
            "Worker",
            handler=HANDLER,
            table=WITH_STREAM.make(stack),
            **props,
            filters=patterns.value_as_list,
        )

    assert_rule(build, {}, r"`filters` is a deploy-time list")
