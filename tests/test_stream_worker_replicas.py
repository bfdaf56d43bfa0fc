"""StreamWorker and a global table (a TableV2 with replicas, README "One API host name in
several regions"): the worker reads the stream of the table's own region; a replica of
another region (``table.replica(region)``) has no stream ARN the app can name, so it is
refused with the two ways that work, and the second of them (the replica's stream imported
by its ARN) deploys a mapping on that stream."""

from __future__ import annotations

import re
from typing import cast

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, StreamWorker
from tests.stream_support import HANDLER, KEY, mapping_of
from tests.support import CDK_CONTEXT

ACCOUNT, HOME, OTHER = "111111111111", "eu-west-1", "us-east-2"
_REPLICA_STREAM = f"arn:aws:dynamodb:{OTHER}:{ACCOUNT}:table/orders/stream/2026-01-01T00:00:00.000"


def _global_table(**props: object) -> tuple[cdk.App, dynamodb.TableV2]:
    """A TableV2 in a stack of eu-west-1 with a replica in us-east-2 (README's data stack)."""
    app = cdk.App(context=CDK_CONTEXT)
    data = cdk.Stack(
        app,
        "Data",
        env=cdk.Environment(account=ACCOUNT, region=HOME),
        cross_region_references=True,
    )
    table = dynamodb.TableV2(
        data,
        "Orders",
        partition_key=KEY,
        dynamo_stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
        replicas=[dynamodb.ReplicaTableProps(region=OTHER)],
        **props,
    )
    return app, table


def _region_stack(app: cdk.App) -> cdk.Stack:
    return cdk.Stack(
        app,
        "Orders-us-east-2",
        env=cdk.Environment(account=ACCOUNT, region=OTHER),
        cross_region_references=True,
    )


_FIX = (
    "Fix: create the worker in a stack of eu-west-1, the global table's region, with the "
    "TableV2 Data/Orders itself as its table (its own stream); to read the replica's stream "
    "in us-east-2 instead, import it once the replica exists: "
    "dynamodb.TableV2.from_table_attributes(self, 'Replica', table_name={name}, "
    "table_stream_arn=<aws dynamodb describe-table --region us-east-2 --table-name {bare} "
    "--query Table.LatestStreamArn>)"
)


def test_a_replica_of_another_region_is_refused_with_the_ways_that_work() -> None:
    # GIVEN the global table's replica in its region's stack (README's multi-region app)
    app, table = _global_table()
    stack = _region_stack(app)
    replica = table.replica(OTHER)
    # WHEN a worker reads it, THEN a ConstructError names the prop, why and both fixes
    expected = (
        "Orders-us-east-2/Worker: `table` is the replica in us-east-2 of the global table "
        "Data/Orders (table.replica('us-east-2')), whose stream no template of the app can "
        "name: CloudFormation names the stream of a global table's own region only, and "
        "aws-cdk-lib gives this replica the pattern .../stream/*, which no event source "
        "mapping reads. " + _FIX.format(name="<its name>", bare="<its name>")
    )
    with pytest.raises(ConstructError, match=f"^1 invalid prop:\n  - {re.escape(expected)}$"):
        StreamWorker(stack, "Worker", handler=HANDLER, table=replica)


def test_the_global_table_in_a_region_of_its_replica_is_refused_without_the_replica_fix() -> None:
    # GIVEN the global table (named) given to the stack of its replica's region
    app, table = _global_table(table_name="orders")
    stack = _region_stack(app)
    # WHEN a worker reads it, THEN the fix is not table.replica(region), which fails too
    with pytest.raises(ConstructError) as raised:
        StreamWorker(stack, "Worker", handler=HANDLER, table=table)
    (problem,) = raised.value.problems
    assert problem.prop == "table"
    assert str(problem) == (
        "Orders-us-east-2/Worker: `table` is the global table Data/Orders of eu-west-1, not "
        "of this stack's region us-east-2: an event source mapping reads only a stream of "
        "its own region, and the replica in us-east-2 (table.replica('us-east-2')) has no "
        "stream the app can name. " + _FIX.format(name="'orders'", bare="orders")
    )


def test_the_fixes_work_the_table_in_its_region_and_the_replicas_imported_stream() -> None:
    # GIVEN the worker on the global table in its own region's stack
    app, table = _global_table(table_name="orders")
    StreamWorker(table.stack, "Worker", handler=HANDLER, table=table)
    # AND one on the replica's stream, imported by its ARN in the replica's region
    stack = _region_stack(app)
    imported = dynamodb.TableV2.from_table_attributes(
        stack, "Replica", table_name="orders", table_stream_arn=_REPLICA_STREAM
    )
    StreamWorker(stack, "Worker", handler=HANDLER, table=imported)
    # THEN the first reads the table's own stream, the second the replica's
    home = mapping_of(Template.from_stack(table.stack))["EventSourceArn"]
    own = table.stack.get_logical_id(cast(cdk.CfnElement, table.node.default_child))
    assert home == {"Fn::GetAtt": [own, "StreamArn"]}
    assert mapping_of(Template.from_stack(stack))["EventSourceArn"] == _REPLICA_STREAM
