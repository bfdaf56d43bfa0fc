"""The names AWS services' events carry on EventBridge, against a pattern's spelling of
them (pure: no aws_cdk import). EventBridge compares strings exactly, so
``"Object created"`` or ``"EC2 Instance State Change Notification"`` for an ``aws.*``
source, or a CloudTrail event source (``"s3.amazonaws.com"``) as ``source``, deploys a
rule that never matches.

Only sure mistakes are named: a detail-type that equals a known one but for case, spaces
and punctuation (no AWS service has two such), a source that equals a known service's
but for case and punctuation (``"aws.code-pipeline"``), a source ending in
``.amazonaws.com`` (services send as ``aws.<service>``), and a DynamoDB stream record's
``INSERT``/``MODIFY``/``REMOVE`` as the detail-type of ``aws.dynamodb`` (DynamoDB sends
EventBridge its API calls only, via CloudTrail).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from constructs_lib._stream_filter_fields import STREAM_EVENT_NAMES

__all__ = ["event_name_problems"]

#: Detail-types of AWS services' events (EventBridge's own spelling).
KNOWN_DETAIL_TYPES = (
    "Object Created",
    "Object Deleted",
    "Object Restore Initiated",
    "Object Restore Completed",
    "Object Restore Expired",
    "Object Tags Added",
    "Object Tags Deleted",
    "Object ACL Updated",
    "Object Storage Class Changed",
    "Object Access Tier Changed",
    "EC2 Instance State-change Notification",
    "EC2 Spot Instance Interruption Warning",
    "EC2 Instance Rebalance Recommendation",
    "AWS API Call via CloudTrail",
    "AWS Console Sign In via CloudTrail",
    "AWS Health Event",
    "Scheduled Event",
    "ECS Task State Change",
    "ECS Container Instance State Change",
    "ECS Deployment State Change",
    "Step Functions Execution Status Change",
    "CodeBuild Build State Change",
    "CodePipeline Pipeline Execution State Change",
    "CodePipeline Stage Execution State Change",
    "CodePipeline Action Execution State Change",
    "CloudWatch Alarm State Change",
    "CloudWatch Alarm Configuration Change",
    "CloudWatch Alarm Contributor State Change",
    "Glue Job State Change",
    "Batch Job State Change",
    "RDS DB Instance Event",
    "ECR Image Action",
    "ECR Image Scan",
)
#: Sources of AWS services' events (CloudWatch's alarms come as aws.cloudwatch, and as
#: aws.monitoring too).
KNOWN_SOURCES = (
    "aws.s3",
    "aws.ec2",
    "aws.health",
    "aws.events",
    "aws.signin",
    "aws.ecs",
    "aws.states",
    "aws.codebuild",
    "aws.codepipeline",
    "aws.cloudwatch",
    "aws.monitoring",
    "aws.glue",
    "aws.batch",
    "aws.rds",
    "aws.ecr",
    "aws.dynamodb",
)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


_BY_KEY = {_key(name): name for name in KNOWN_DETAIL_TYPES}
_SOURCES_BY_KEY = {_key(name): name for name in KNOWN_SOURCES}
_AWS_PREFIX = re.compile(r"aws[^a-z0-9]", re.IGNORECASE)
_CLOUDTRAIL_SOURCE = re.compile(r"^([a-z0-9-]+)\.amazonaws\.com\Z")

#: (prop, what is wrong, the fix), as Validator.add takes them.
Problem = tuple[str, str, str]


def event_name_problems(fields: Mapping[str, Any], prop: str) -> list[Problem]:
    """Misspelt AWS detail-types and CloudTrail-style sources in a pattern's fields."""
    problems: list[Problem] = []
    sources = _strings(fields.get("source"))
    for index, source in sources:
        # "aws" and a separator first: an app's own "awsec2" is its own spelling
        known_source = _SOURCES_BY_KEY.get(_key(source)) if _AWS_PREFIX.match(source) else None
        if known_source is not None and known_source != source:
            problems.append(
                (
                    f"{prop}.source[{index}]",
                    f"is {source!r}; AWS spells it {known_source!r}, and EventBridge compares "
                    "exactly, so the rule would never match",
                    f"write {known_source!r}",
                )
            )
        match = _CLOUDTRAIL_SOURCE.match(source)
        if match is not None:
            problems.append(
                (
                    f"{prop}.source[{index}]",
                    f"is {source!r}, a CloudTrail event source (detail.eventSource); AWS "
                    "services send their events with the source aws.<service>",
                    f"write {'aws.' + match.group(1)!r} (and the service's detail-type, e.g. "
                    "'AWS API Call via CloudTrail' for its API calls)",
                )
            )
    # Only when every source is an AWS service's: another source (the app's own, or a
    # prefix) may send events spelt its own way ("object created", "INSERT").
    raw_sources = fields.get("source")
    if not (
        isinstance(raw_sources, list | tuple)
        and raw_sources
        and len(sources) == len(raw_sources)
        and all(source.startswith("aws.") for _, source in sources)
    ):
        return problems
    dynamodb = all(source == "aws.dynamodb" for _, source in sources)
    for index, name in _strings(fields.get("detail_type")):
        # a stream record's eventName, which is no detail-type of DynamoDB's events
        if dynamodb and name.upper() in STREAM_EVENT_NAMES:
            problems.append(
                (
                    f"{prop}.detail_type[{index}]",
                    f"is {name!r}, a DynamoDB stream record's eventName: DynamoDB sends "
                    "EventBridge only its API calls ('AWS API Call via CloudTrail'), never a "
                    "table's item changes, so the rule would never match",
                    "put the event on the bus from the function that writes the item (link "
                    "the bus: events:PutEvents) and match its own source and detail-type, or "
                    "read the table's stream with a StreamWorker (TableOptions(stream=...))",
                )
            )
            continue
        known = _BY_KEY.get(_key(name))
        if known is not None and known != name:
            problems.append(
                (
                    f"{prop}.detail_type[{index}]",
                    f"is {name!r}; AWS spells it {known!r}, and EventBridge compares exactly, "
                    "so the rule would never match",
                    f"write {known!r}",
                )
            )
    return problems


def _strings(values: Any) -> list[tuple[int, str]]:
    if not isinstance(values, list | tuple):
        return []
    return [(index, value) for index, value in enumerate(values) if isinstance(value, str)]
