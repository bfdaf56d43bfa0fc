"""What the StreamWorker option tests share: a table with a stream, an imported stream's
ARN in a known environment, the worker and its mapping in a template."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template

from constructs_lib import StreamWorker
from tests.support import CDK_CONTEXT, InStack, build, echo_handler, in_stack

HANDLER = echo_handler()
KEY = dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING)
# cdk-nag asks a table for point-in-time recovery: the tables of the cdk-nag tests have it
RECOVERY = dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)
ACCOUNT, REGION = "123456789012", "us-east-1"
ENV = cdk.Environment(account=ACCOUNT, region=REGION)
STREAM = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000"
WITH_STREAM = InStack(
    lambda s: dynamodb.Table(
        s, "Orders", partition_key=KEY, stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES
    )
)


def build_worker(**props: Any) -> tuple[StreamWorker, Template]:
    """A worker of ``WITH_STREAM`` with ``props`` in a new "Test" stack, and its template."""
    return build(StreamWorker, "Worker", **{"handler": HANDLER, "table": WITH_STREAM, **props})


def worker_in_env(**props: Any) -> StreamWorker:
    """A worker in a new "Test" stack of ``ENV`` reading ``STREAM`` (imported), ``props``
    (``InStack`` ones built in that stack) given."""
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test", env=ENV)
    table = dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", table_stream_arn=STREAM
    )
    return StreamWorker(stack, "Worker", handler=HANDLER, table=table, **in_stack(props, stack))


def mapping_of(template: Template) -> dict[str, Any]:
    """The properties of the template's one event source mapping."""
    (found,) = template.find_resources("AWS::Lambda::EventSourceMapping").values()
    return dict(found["Properties"])


def stream_table(stack: cdk.Stack, id: str = "Orders") -> dynamodb.Table:
    """A table of ``stack`` with a stream of both images."""
    return dynamodb.Table(
        stack, id, partition_key=KEY, stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES
    )
