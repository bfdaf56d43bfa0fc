"""S3 key filters written as regular expressions (``\\.parquet$``, ``^incoming/``): S3
compares a filter with keys literally, so such a filter matches nothing at run time."""

from __future__ import annotations

import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import BucketEvents, ConstructError, QueueWorker
from constructs_lib._s3_keys import filter_pattern
from tests.support import echo_handler, new_stack


@pytest.mark.parametrize(
    ("name", "value", "message", "fix"),
    [
        (
            "suffix",
            r"\.parquet$",
            r"a regular expression ('\\.', a trailing '$')",
            "pass suffix='.parquet'",
        ),
        ("suffix", ".csv$", "a regular expression (a trailing '$')", "pass suffix='.csv'"),
        ("prefix", "^incoming/", "a regular expression (a leading '^')", "pass prefix='incoming/'"),
        ("suffix", "[0-9]", "a regular expression ('[0-9]')", "leave suffix out (every key)"),
        ("prefix", "incoming/.*", "a regular expression ('.*')", "pass prefix='incoming/'"),
        ("prefix", "^incoming/[0-9]", "a leading '^', '[0-9]'", "pass prefix='incoming/'"),
        (
            "prefix",
            r"^incoming/.+\.csv$",
            "a regular expression (a leading '^', '.+', '\\\\.')",
            "pass prefix='incoming/', suffix='.csv' (S3 matches keys starting with the prefix",
        ),
        ("suffix", r"report_[0-9]\.csv$", "'[0-9]'", "pass suffix='.csv'"),
    ],
)
def test_a_regular_expression_is_named_with_the_literal_filter(
    name: str, value: str, message: str, fix: str
) -> None:
    # Proves (fix37): these synthesized and matched no key at run time
    # WHEN the filter is read
    problem = filter_pattern(value, name)
    # THEN it is named a regular expression, the rule explained, and the literal fix given
    assert problem is not None
    assert message in problem[0] and "S3 key filters are literal" in problem[0]
    assert "any other '$', '^' or '[' is a character of the key" in problem[0]
    assert problem[1] == fix or problem[1].startswith(fix)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("prefix", "~$"),  # Office's lock files: '~$Report.docx'
        ("prefix", "price$10/"),
        ("prefix", "reports$"),
        ("prefix", "$"),  # a prefix's '$' anchors nothing
        ("suffix", "a$b"),
        ("prefix", "a^b/"),
        ("prefix", "[2020-2021]/"),  # a folder's name, not a class
        ("prefix", "photos[draft]/"),
        ("suffix", "x[1].csv"),
        ("prefix", "C:\\data\\"),  # a Windows path uploaded as it was
        ("suffix", ".csv"),
        ("suffix", "data.tar.gz"),
    ],
)
def test_a_literal_key_holding_such_characters_is_not_refused(name: str, value: str) -> None:
    # GIVEN a filter whose '$', '^', '[' or '\\' may well be the key's own
    # THEN it is taken as written
    assert filter_pattern(value, name) is None


@pytest.mark.parametrize(("name", "value"), [("suffix", "$"), ("prefix", "^"), ("suffix", "^")])
def test_an_anchor_alone_is_refused_as_any_anchor_is(name: str, value: str) -> None:
    # Proves (fix38): suffix '$' was taken as written while '~$' was refused as a regular
    # expression; S3 compares both literally (keys ending with '$'), and as an expression an
    # anchor alone matches every key, so the filter meant is none
    problem = filter_pattern(value, name)
    # THEN it is refused as '~$' is, saying so, and the fix is no filter
    assert problem is not None
    assert f"an anchor alone, which as an expression matches every key: {value!r}" in problem[0]
    assert "S3 key filters are literal" in problem[0]
    assert problem[1] == f"leave {name} out (every key)"
    # as the same anchor with more to it is
    assert filter_pattern({"$": "~$", "^": "^x"}[value], name) is not None


def test_a_bucket_events_filter_written_as_a_regular_expression_is_refused() -> None:
    # GIVEN a worker fed by a bucket's events, its suffix a regular expression
    stack = new_stack()
    bucket = s3.Bucket(stack, "Uploads")
    # THEN a ConstructError names the source's suffix and the literal one
    with pytest.raises(
        ConstructError,
        match=r"Test/Worker: `sources\[0\].suffix` is '\\\\.parquet\$', a regular expression"
        r".*Fix: pass suffix='\.parquet'",
    ):
        QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            sources=[BucketEvents(bucket, prefix="^incoming/", suffix=r"\.parquet$")],
        )
    # AND literal filters holding '$' and '[' synthesize as written
    QueueWorker(
        stack,
        "Literal",
        handler=echo_handler(name="Literal"),
        sources=[BucketEvents(bucket, prefix="~$", suffix="[final].csv")],
    )
    config = Template.from_stack(stack).find_resources("Custom::S3BucketNotifications")
    rules = config.popitem()[1]["Properties"]["NotificationConfiguration"]["QueueConfigurations"]
    assert sorted(rule["Value"] for rule in rules[0]["Filter"]["Key"]["FilterRules"]) == [
        "[final].csv",
        "~$",
    ]
