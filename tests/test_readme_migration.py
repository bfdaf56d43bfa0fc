"""The README's tables for moving a SAM app or a Solutions Constructs app onto the library:
a row for each piece such an app has, naming what the ported code reads."""

from __future__ import annotations

import re

import pytest

from constructs_lib import _solutions_constructs
from tests.support import ROOT

README = (ROOT / "README.md").read_text()


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _rows(title: str) -> dict[str, str]:
    """The first table of the section: its first cell -> the second."""
    rows = re.findall(r"^\| (.+?) \| (.+?) \|$", _section(title), re.MULTILINE)
    return {left: right for left, right in rows[2:]}  # after the header and its rule


SAM = "Coming from AWS SAM"
SOLUTIONS = "Coming from AWS Solutions Constructs"


@pytest.mark.parametrize(
    ("event", "construct"),
    [
        ("HttpApi", "ServerlessApi"),
        ("Api", "ServerlessApi"),  # a REST API's events: what carries over, what does not
        ("SQS", "QueueWorker"),
        ("Schedule", "ScheduledJob"),
        ("S3", "BucketEvents"),
        ("EventBridgeRule", "EventHandler"),
        ("DynamoDB", "StreamWorker"),
    ],
)
def test_each_sam_event_the_library_ports_has_its_row(event: str, construct: str) -> None:
    # Proves (migrate44): `Events: Type: DynamoDB` had no row, though StreamWorker ports it
    rows = [right for left, right in _rows(SAM).items() if f"Type: {event}`" in left]
    assert rows and construct in rows[0], event


@pytest.mark.parametrize(
    ("policy", "link"),
    [
        ("SQSSendMessagePolicy", "Link.to(queue)"),
        ("S3ReadPolicy", "Link.read(bucket)"),
        ("S3CrudPolicy", "Link.read_write(bucket)"),
        ("AWSSecretsManagerGetSecretValuePolicy", "Link.to(secret)"),
    ],
)
def test_each_sam_policy_template_a_link_replaces_has_its_row(policy: str, link: str) -> None:
    # Proves (migrate44): only the DynamoDB policy templates had a row
    rows = [right for left, right in _rows(SAM).items() if f"`{policy}`" in left]
    assert rows and link in rows[0], policy


# the variables the patterns' functions read (Solutions Constructs' sources: each pattern's
# addEnvironment default), which a port must keep or the code fails at run time
PATTERN_VARIABLES = {
    "aws-lambda-dynamodb": "DDB_TABLE_NAME",
    "aws-lambda-s3": "S3_BUCKET_NAME",
    "aws-lambda-sqs": "SQS_QUEUE_URL",
    "aws-apigateway-lambda": "DDB_TABLE_NAME",  # with aws-lambda-dynamodb on its function
}


@pytest.mark.parametrize("pattern", PATTERN_VARIABLES)
def test_each_pattern_s_row_keeps_the_variable_its_function_reads(pattern: str) -> None:
    # Proves (migrate44): aws-lambda-dynamodb's row linked env="TABLE_NAME" and the -s3,
    # -sqs and s3-sqs patterns had no row
    row = _rows(SOLUTIONS)[next(k for k in _rows(SOLUTIONS) if k.startswith(f"`{pattern}`"))]
    assert PATTERN_VARIABLES[pattern] in row


def test_the_solutions_constructs_fixes_keep_the_patterns_variables() -> None:
    fixes = " ".join(_solutions_constructs._BY_OWNER["ScheduledJob"].values())
    for variable in ("DDB_TABLE_NAME", "S3_BUCKET_NAME", "SQS_QUEUE_URL"):
        assert f"env='{variable}'" in fixes
    assert "env='TABLE_NAME'" not in fixes


# the patterns Solutions Constructs publishes (aws-solutions-constructs.<name> packages)
PUBLISHED = {
    "aws-apigateway-lambda",
    "aws-lambda-dynamodb",
    "aws-sqs-lambda",
    "aws-lambda-sqs",
    "aws-s3-sqs",
    "aws-s3-lambda",
    "aws-lambda-s3",
    "aws-eventbridge-lambda",
    "aws-dynamodbstreams-lambda",
    "aws-cloudfront-s3",
}


def test_each_row_names_a_published_pattern_and_each_ported_one_has_a_row() -> None:
    # Proves (migrate44): rows named aws-apigateway-lambda-dynamodb and aws-s3-sqs-lambda,
    # which Solutions Constructs does not publish (a user finds no such package), and the
    # aws-s3-sqs, -s3-lambda and dynamodbstreams-lambda patterns had none
    named = {name for left in _rows(SOLUTIONS) for name in re.findall(r"`(aws-[a-z0-9-]+)`", left)}
    assert named == PUBLISHED


@pytest.mark.parametrize("title", [SAM, SOLUTIONS])
def test_a_deployed_app_s_data_is_kept(title: str) -> None:
    # Proves (migrate44): neither section said how a deployed app keeps its tables, queues
    # and buckets; the SAM port's `table=TableOptions(...)` made a new, empty table
    section = _section(title)
    assert "keeping its data" in section
    assert "existing_table=" in section and "existing_queue=" in section
