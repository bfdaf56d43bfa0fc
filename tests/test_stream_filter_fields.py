"""StreamWorker filters whose pattern Lambda refuses at deploy (a value outside a list, an
empty list) or that match no stream record (a field of another source's records, an
attribute without its DynamoDB type, a lower-case eventName): a ConstructError naming
the place in the pattern and the fix. Patterns of the same shapes that match pass."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_lambda as lambda_

from constructs_lib import StreamWorker
from tests.stream_support import HANDLER, WITH_STREAM, build_worker, mapping_of
from tests.support import assert_rule

F, R = lambda_.FilterCriteria.filter, lambda_.FilterRule


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        pytest.param(
            {"eventName": "INSERT"},
            r"`filters\[0\]\['eventName'\]` is the string 'INSERT', not a list\. Fix: pass "
            r"\['INSERT'\]",
            id="a value outside a list",
        ),
        pytest.param(
            {"dynamodb": {"NewImage": {"status": {"S": "paid"}}}},
            r"`filters\[0\]\['dynamodb'\]\['NewImage'\]\['status'\]\['S'\]` is the string "
            r"'paid', not a list",
            id="a nested value outside a list",
        ),
        pytest.param(
            # FilterRule.null() of aws-cdk-lib before 2.163 wrote []: Invalid filter pattern
            {"eventName": []},
            r"`filters\[0\]\['eventName'\]` is an empty list",
            id="an empty list",
        ),
        pytest.param(
            {"body": {"status": R.is_equal("paid")}},
            r"`filters\[0\]` names the field 'body', which a DynamoDB stream record has not "
            r"\(its fields: eventID, eventName, .*\), so this filter matches no record",
            id="an SQS message's field",
        ),
        pytest.param(
            {"event_name": R.is_equal("INSERT")},
            r"names the field 'event_name', .*Fix: did you mean 'eventName'\?",
            id="the snake_case key of aws-cdk-lib's Python docs",
        ),
        pytest.param(
            {"dynamodb": {"newImage": {"status": {"S": ["paid"]}}}},
            r"`filters\[0\]\['dynamodb'\]` names the field 'newImage', which a record's "
            r"'dynamodb' has not .*Fix: did you mean 'NewImage'\?",
            id="a change field's case",
        ),
        pytest.param(
            {"dynamodb": {"NewImage": {"status": ["paid"]}}},
            r"`filters\[0\]\['dynamodb'\]\['NewImage'\]\['status'\]` is the list \['paid'\]; a "
            r"stream writes an attribute's value under its type .*Fix: name the type: "
            r"\{'status': \{'S': \['paid'\]\}\}",
            id="an attribute without its type",
        ),
        pytest.param(
            {"dynamodb": {"Keys": {"pk": {"s": ["o1"]}}}},
            r"\['pk'\]` names the field 's', which DynamoDB JSON has not .*Fix: did you mean "
            r"'S'\?",
            id="a lower-case type",
        ),
        pytest.param(
            {"eventName": ["insert"]},
            r"`filters\[0\]\['eventName'\]\[0\]` is 'insert'; a stream's eventName is INSERT, "
            r"MODIFY or REMOVE \(matched exactly\), so this matches no record\. Fix: pass "
            r"'INSERT'",
            id="a lower-case eventName",
        ),
        pytest.param(
            {"$or": [{"eventName": ["REMOVE"]}, {"data": ["x"]}]},
            r"`filters\[0\]\['\$or'\]\[1\]` names the field 'data'",
            id="a field of an $or alternative",
        ),
    ],
)
def test_a_pattern_no_record_matches_or_lambda_refuses_is_named(
    pattern: dict[str, Any], message: str
) -> None:
    assert_rule(build_worker, {"filters": [F(pattern)]}, message)


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param({"eventName": R.or_("INSERT", "MODIFY")}, id="eventName values"),
        pytest.param(
            {"dynamodb": {"NewImage": {"status": {"S": R.is_equal("paid")}}}}, id="an attribute"
        ),
        pytest.param(
            {
                "dynamodb": {
                    "Keys": {"pk": {"S": R.begins_with("ORDER#")}},
                    "OldImage": {"n": {"N": R.exists()}},
                }
            },
            id="operators",
        ),
        pytest.param(
            {"dynamodb": {"NewImage": {"addr": {"M": {"city": {"S": ["Oslo"]}}}}}},
            id="a map's field",
        ),
        pytest.param(
            {"userIdentity": {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]}},
            id="TTL deletions",
        ),
        pytest.param(
            {"$or": [{"eventName": ["REMOVE"]}, {"dynamodb": {"NewImage": {"a": {"S": ["x"]}}}}]},
            id="$or",
        ),
        pytest.param(
            {"eventSourceARN": [cdk.Fn.import_value("StreamArn")], "eventName": [{"prefix": "I"}]},
            id="a deploy-time value and an operator",
        ),
    ],
)
def test_patterns_of_the_same_shapes_that_match_records_pass(pattern: dict[str, Any]) -> None:
    _, template = build_worker(filters=[F(pattern)])
    assert len(mapping_of(template)["FilterCriteria"]["Filters"]) == 1


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
            r"`filters` is None, a NoneType; it must be a list of a dict\. Fix: pass "
            r"\[lambda_\.FilterCriteria\.filter\(.*\)\], or leave filters out \(every record\)",
            id="None",
        ),
    ],
)
def test_filters_of_another_type_are_told_what_a_filter_is(filters: Any, message: str) -> None:
    # bad42: "it must be a list of a dict. Fix: pass a list of a dict"
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

    assert_rule(build, {}, r"`filters` is a deploy-time value")
