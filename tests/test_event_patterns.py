"""EventBridge's content rules for event patterns, without synthesizing (pure logic)."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lib._event_patterns import (
    OPERATORS,
    detail_problems,
    envelope_problems,
    values_problems,
)


def _never_a_token(value: Any) -> bool:
    return False


@pytest.mark.parametrize(
    "detail",
    [
        {"status": ["ok"], "size": [0, 1.5], "flag": [True, None]},
        {"file": {"key": [{"prefix": "incoming/"}, {"suffix": ".csv"}]}},
        {"numeric": [">", 0]},  # a field that happens to be named like an operator
        {"$or": [{"a": ["x"]}, {"b": [{"exists": False}]}]},
        {"state": [{"anything-but": {"prefix": "init"}}]},
        {op: ["x"] for op in OPERATORS},
    ],
)
def test_valid_details_have_no_problem(detail: Any) -> None:
    assert detail_problems("detail", detail, _never_a_token) == []


@pytest.mark.parametrize(
    ("detail", "props"),
    [
        (
            {"a": "x", "b": 1, "c": True, "d": None},
            ["detail['a']", "detail['b']", "detail['c']", "detail['d']"],
        ),
        ({"a": {"b": {"c": []}}}, ["detail['a']['b']['c']"]),
        (
            {"a": [{"exists": True, "prefix": "x"}, {"prefx": "y"}, ["z"]]},
            ["detail['a'][0]", "detail['a'][1]", "detail['a'][2]"],
        ),
        ({"$or": []}, ["detail['$or']"]),
        ({"$or": [{"a": "x"}]}, ["detail['$or'][0]['a']"]),
    ],
)
def test_every_problem_is_named_by_its_path(detail: Any, props: list[str]) -> None:
    # Proves (user trial): every one of these synthesized and failed at deploy
    assert [prop for prop, _, _ in detail_problems("detail", detail, _never_a_token)] == props


def test_tokens_are_not_checked() -> None:
    token = "#{Token[1]}"
    assert detail_problems("detail", {"a": token}, lambda v: v == token) == []
    assert values_problems("source", token, lambda v: v == token) == []


def test_a_top_level_field_takes_the_same_values() -> None:
    assert values_problems("source", [{"prefix": "aws."}, "x", None], _never_a_token) == []
    ((prop, what, fix),) = values_problems("source", {"prefix": "aws."}, _never_a_token)
    assert (prop, fix) == ("source", "pass [{'prefix': 'aws.'}]")
    assert "outside a list" in what


@pytest.mark.parametrize(
    "operator",
    [{"numeric": [">", 1000]}, {"numeric": [">=", 1, "<", 5]}, {"anything-but": ["a", "b"]}],
)
def test_a_list_operator_outside_its_list_below_detail_is_named(operator: Any) -> None:
    # Proves (user trial): {"detail": {"amount": {"numeric": [">", 1000]}}} synthesized a
    # rule matching a field amount.numeric equal to ">" or 1000, never amount > 1000 (an
    # operator whose operand is no list, {"prefix": "x"}, was caught already)
    for detail in ({"amount": operator}, {"order": {"amount": operator}}):
        ((prop, what, fix),) = detail_problems("detail", detail, _never_a_token)
        assert prop.endswith("['amount']")
        assert "outside a list" in what
        assert fix == f"pass [{operator!r}]"
    # a field named like an operator, holding values no operand would be, stays a field
    assert detail_problems("detail", {"a": {"numeric": [1, 2]}}, _never_a_token) == []
    assert detail_problems("detail", {"a": {"prefix": ["logs/"]}}, _never_a_token) == []


def test_a_number_in_a_top_level_field_is_named_as_never_matching() -> None:
    # Proves (user trial): {"account": [123456789012]} synthesized silently; every event's
    # account (as its source, detail-type, region...) is a string, so the rule never matched
    problems = envelope_problems(
        "event_pattern.account", [123456789012, "210987654321", True], _never_a_token
    )
    assert problems == [
        (
            "event_pattern.account[0]",
            "is the number 123456789012, but 'account' is a string in every event, so the "
            "rule would never match",
            "pass it as a string: '123456789012'",
        ),
        (
            "event_pattern.account[2]",
            "is the boolean True, but 'account' is a string in every event, so the rule would "
            "never match",
            "pass it as a string: 'true'",
        ),
    ]
    assert envelope_problems("source", ["a", None, {"prefix": "b."}], _never_a_token) == []
    assert envelope_problems("detail_type", [7], lambda v: v == 7) == []  # a token


class _Thing:
    """An object of the user's, no value EventBridge can match."""


@pytest.mark.parametrize(
    ("values", "fix"),
    [
        (5, "pass [5]"),
        (None, "pass [None]"),
        (_Thing(), "pass a list of the values to match, e.g. ['orders']"),
    ],
)
def test_a_value_outside_a_list_gets_a_fix_eventbridge_takes(values: Any, fix: str) -> None:
    # Proves (messages review): an object outside a list got the fix "pass [<tests...
    # object at 0x...>]": a repr, and a list EventBridge refuses too
    ((_, what, given_fix),) = values_problems("source", values, _never_a_token)
    assert given_fix == fix
    assert "object at 0x" not in what + given_fix


def test_or_and_numeric_show_an_object_by_its_type() -> None:
    # Proves (messages review): these showed Python's '<... object at 0x...>' repr
    ((_, what, _),) = values_problems("detail['a']", [{"numeric": _Thing()}], _never_a_token)
    assert what.startswith("is a _Thing; numeric takes")


@pytest.mark.parametrize(
    "values",
    [
        [{"numeric": [">", 0]}, {"numeric": [">=", 1.5, "<", 10]}, {"numeric": ["=", 3]}],
        [
            {"numeric": [">", -1, "<=", 0]},
            {"numeric": ["<=", 5]},
            {"numeric": [">=", 0, "<", 0.001]},
        ],
        [{"exists": True}, {"exists": False}, {"cidr": "10.0.0.0/24"}],
        [{"prefix": {"equals-ignore-case": "in"}}, {"suffix": ".csv"}, {"wildcard": "a*"}],
        [{"anything-but": ["a", "b"]}, {"anything-but": 3}, {"equals-ignore-case": "x"}],
    ],
)
def test_valid_operands_have_no_problem(values: Any) -> None:
    assert values_problems("detail['a']", values, _never_a_token) == []


@pytest.mark.parametrize(
    ("operator", "message"),
    [
        ({"numeric": [">>", 0]}, "has '>>' where a comparison belongs"),
        ({"numeric": [">", "0"]}, "compares with '0', a str, not a number"),
        ({"numeric": [">"]}, "is ['>']; numeric takes [comparison, number] or two of them"),
        ({"numeric": 5}, "numeric takes [comparison, number]"),
        ({"numeric": [">", True]}, "compares with True, a bool"),
        # Proves (fix37): these synthesized; EventBridge refuses the range (its engine's
        # "Bad numeric range operator", "Bottom must be less than top") or matches nothing
        ({"numeric": [">", 1, "<", 0.5]}, "which no number matches: none is > 1 and < 0.5"),
        ({"numeric": [">", 5, "<", 5]}, "which no number matches: none is > 5 and < 5"),
        ({"numeric": [">=", 5, "<=", 5]}, "a range of the one number 5: EventBridge refuses"),
        ({"numeric": [">", 1, ">=", 2]}, "two lower bounds: EventBridge takes one lower bound"),
        ({"numeric": ["<", 1, "<=", 2]}, "two upper bounds"),
        ({"numeric": ["<", 10, ">", 0]}, "EventBridge takes a range's lower bound first"),
        ({"numeric": ["=", 5, "<", 6]}, "'=' stands alone"),
        ({"numeric": ["=", "5"]}, "compares with '5', a str, not a number"),
        ({"numeric": ["~", 5]}, "has '~' where a comparison belongs"),
        ({"exists": "true"}, "is 'true', a str; exists takes True or False"),
        ({"prefix": 5}, "is 5, an int; prefix takes a string"),
        ({"cidr": ["10.0.0.0/8"]}, "cidr takes a string"),
        # Proves (fix38): these synthesized; EventBridge refuses the list
        ({"anything-but": []}, "is an empty list, which EventBridge refuses"),
        ({"anything-but": ["paid", 0]}, "mixes strings ('paid') and numbers (0)"),
    ],
)
def test_an_operand_eventbridge_refuses_is_named(operator: Any, message: str) -> None:
    # Proves (user trial): {"numeric": [">>", 0]} and the like synthesized and failed the
    # deploy ("Event pattern is not valid")
    ((prop, what, fix),) = values_problems("detail['size']", [operator], _never_a_token)
    assert prop == f"detail['size'][0]['{next(iter(operator))}']"
    assert message in what
    assert fix.startswith("write")


@pytest.mark.parametrize(
    ("operand", "fix"),
    [
        (
            [">", 1, "<", 0.5],
            "write the lower bound below the upper one, e.g. {'numeric': ['>', 0.5, '<', 1]}",
        ),
        ([">=", 5, "<=", 5], "write {'numeric': ['=', 5]}"),
        ([">", 1, ">=", 2], "write the bound meant, e.g. {'numeric': ['>=', 2]}"),
        (["<", 1, "<=", 2], "write the bound meant, e.g. {'numeric': ['<', 1]}"),
        (["<", 10, ">", 0], "write {'numeric': ['>', 0, '<', 10]}"),
        (["=", 5, "<", 6], "write {'numeric': ['=', 5]}"),
    ],
)
def test_a_numeric_range_names_the_one_meant(operand: list[Any], fix: str) -> None:
    ((_, _, given_fix),) = values_problems("a", [{"numeric": operand}], _never_a_token)
    assert given_fix == fix


@pytest.mark.parametrize("bound", [float("nan"), float("inf"), -float("inf")])
def test_a_range_with_a_bound_no_template_holds_is_not_compared(bound: float) -> None:
    # Proves (sweep37): [">", 0, "<", nan] was also "which no number matches", fixed by
    # "write {'numeric': ['>', nan, '<', 0]}" (the props' check names NaN and infinity)
    assert values_problems("a", [{"numeric": [">", 0, "<", bound]}], _never_a_token) == []
    assert values_problems("a", [{"numeric": [">", bound, "<", 0]}], _never_a_token) == []


def test_a_range_with_a_deploy_time_bound_is_not_compared() -> None:
    token = 1.5e300  # what a number token encodes as
    is_token = lambda v: v == token  # noqa: E731
    assert values_problems("a", [{"numeric": [">", token, "<", 0]}], is_token) == []


def test_operand_tokens_are_not_checked() -> None:
    token = "#{Token[1]}"
    assert values_problems("a", [{"numeric": [">", token]}], lambda v: v == token) == []
    assert values_problems("a", [{"prefix": token}], lambda v: v == token) == []


@pytest.mark.parametrize(
    ("fields", "prop", "message"),
    [
        (
            {"source": ["aws.s3"], "detail_type": ["Object created"]},
            "event_pattern.detail_type[0]",
            "is 'Object created'; AWS spells it 'Object Created'",
        ),
        (
            {"source": ["aws.ec2"], "detail_type": ["EC2 Instance State Change Notification"]},
            "event_pattern.detail_type[0]",
            "AWS spells it 'EC2 Instance State-change Notification'",
        ),
        (
            {"source": ["s3.amazonaws.com"], "detail_type": ["Object Created"]},
            "event_pattern.source[0]",
            "is 's3.amazonaws.com', a CloudTrail event source",
        ),
        # Proves (chat-ops user trial): a chat bot's rule on the team's alarms and pipelines
        # with AWS's names in another case or punctuation deployed, and never matched
        (
            {"source": ["aws.cloudwatch"], "detail_type": ["CloudWatch alarm state change"]},
            "event_pattern.detail_type[0]",
            "AWS spells it 'CloudWatch Alarm State Change'",
        ),
        (
            {
                "source": ["aws.codepipeline"],
                "detail_type": ["Codepipeline Stage Execution State-Change"],
            },
            "event_pattern.detail_type[0]",
            "AWS spells it 'CodePipeline Stage Execution State Change'",
        ),
        (
            {"source": ["aws.code-pipeline"]},
            "event_pattern.source[0]",
            "is 'aws.code-pipeline'; AWS spells it 'aws.codepipeline'",
        ),
        (
            {"source": ["AWS.CloudWatch"], "detail_type": ["CloudWatch Alarm State Change"]},
            "event_pattern.source[0]",
            "is 'AWS.CloudWatch'; AWS spells it 'aws.cloudwatch'",
        ),
    ],
)
def test_a_misspelt_aws_event_name_is_named(fields: Any, prop: str, message: str) -> None:
    # Proves (user trial): each synthesized a rule that never matches (EventBridge compares
    # the strings exactly)
    from constructs_lib._aws_event_names import event_name_problems

    ((where, what, fix),) = event_name_problems(fields, "event_pattern")
    assert where == prop
    assert message in what
    if "AWS spells it " in what:  # the fix writes AWS's spelling
        assert fix == f"write {what.split('AWS spells it ')[1].split(', and')[0]}"
    else:
        assert fix.startswith("write 'aws.s3'")


@pytest.mark.parametrize("name", ["INSERT", "MODIFY", "REMOVE", "insert"])
def test_a_dynamodb_stream_record_name_as_detail_type_is_named(name: str) -> None:
    # Proves (user trial): an EventHandler on a table's item changes,
    # {"source": ["aws.dynamodb"], "detail-type": ["INSERT"]}, synthesized a rule that never
    # matches (DynamoDB sends EventBridge only its API calls, via CloudTrail)
    from constructs_lib._aws_event_names import event_name_problems

    fields = {"source": ["aws.dynamodb"], "detail_type": ["AWS API Call via CloudTrail", name]}
    ((where, what, fix),) = event_name_problems(fields, "event_pattern")
    assert where == "event_pattern.detail_type[1]"
    assert f"is {name!r}, a DynamoDB stream record's eventName" in what
    assert "never match" in what
    assert "events:PutEvents" in fix and "TableOptions(stream=...)" in fix


@pytest.mark.parametrize(
    "fields",
    [
        {"source": ["aws.dynamodb"], "detail_type": ["AWS API Call via CloudTrail"]},
        {"source": ["photos.orders"], "detail_type": ["INSERT"]},  # the user's own events
        # Proves (sweep24): with the app's own source beside aws.dynamodb, INSERT matches the
        # app's events; it was refused as a rule that never matches
        {"source": ["aws.dynamodb", "photos.orders"], "detail_type": ["INSERT"]},
        {"source": ["aws.dynamodb", {"prefix": "photos."}], "detail_type": ["MODIFY"]},
        {"source": ["aws.s3"], "detail_type": ["Object Created", "Object Deleted"]},
        {"source": ["aws.ec2"], "detail_type": ["EC2 Instance State-change Notification"]},
        {"source": ["orders"], "detail_type": ["object created"]},  # the user's own events
        # Proves (sweep24's left-alone list): beside the app's own source, its own spelling
        # was refused as a misspelt AWS detail-type
        {"source": ["aws.s3", "orders"], "detail_type": ["object created"]},
        {"source": ["aws.s3", {"prefix": "orders."}], "detail_type": ["object created"]},
        {"source": ["aws.s3"], "detail_type": ["Some New Event"]},  # unknown: not judged
        {
            "source": ["aws.cloudwatch", "aws.codepipeline"],
            "detail_type": [
                "CloudWatch Alarm State Change",
                "CodePipeline Pipeline Execution State Change",
                "CodePipeline Action Execution State Change",
            ],
        },
        {"source": ["aws.monitoring"], "detail_type": ["CloudWatch Alarm Configuration Change"]},
        # the app's own sources, spelt like a service's without "aws" and a separator first
        {"source": ["awscloudwatch", "codepipeline"], "detail_type": ["pipeline done"]},
        {"detail_type": ["Object created"]},
    ],
)
def test_aws_event_names_as_aws_spells_them_pass(fields: Any) -> None:
    from constructs_lib._aws_event_names import event_name_problems

    assert event_name_problems(fields, "event_pattern") == []
