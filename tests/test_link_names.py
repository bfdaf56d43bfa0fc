"""A link's variable is named after the construct that says which target it is: the
target's own id, or its parent's when the id only repeats its kind or is the id CDK gives a
wrapper's own resource (``Resource``, ``Default``)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import Handler, QueueWorker
from tests.support import ECHO, new_stack


class PhotoStore(Construct):
    """A user's wrapper whose bucket is its default child."""

    def __init__(self, scope: Construct, id: str, *, child: str) -> None:
        super().__init__(scope, id)
        self.bucket = s3.Bucket(self, child)


def _variables(stack: cdk.Stack, worker: QueueWorker) -> list[str]:
    function = stack.get_logical_id(worker.function.node.default_child)  # type: ignore[arg-type]
    resource = Template.from_stack(stack).to_json()["Resources"][function]
    return sorted(set(resource["Properties"]["Environment"]["Variables"]) - {"QUEUE_URL"})


def _linked(make: Any) -> list[str]:
    stack = new_stack()
    worker = QueueWorker(
        stack, "Worker", handler=Handler(code=ECHO, links=[make(stack)]), alarms=False
    )
    return _variables(stack, worker)


@pytest.mark.parametrize(
    ("make", "variable"),
    [
        (lambda s: PhotoStore(s, "Photos", child="Resource").bucket, "PHOTOS_BUCKET_NAME"),
        (lambda s: PhotoStore(s, "Photos", child="Default").bucket, "PHOTOS_BUCKET_NAME"),
        (lambda s: sns.Topic(s, "Resource"), "TEST_TOPIC_ARN"),  # the stack's own: its id
    ],
)
def test_a_wrapper_s_own_resource_is_named_after_the_wrapper(make: Any, variable: str) -> None:
    # Proves (trial37photos): the variable was RESOURCE_BUCKET_NAME, naming no bucket
    # GIVEN a link to the resource a wrapper construct holds as its default child
    # THEN the variable names the wrapper
    assert _linked(make) == [variable]


@pytest.mark.parametrize(
    ("wrapper", "child"),
    [("Default", "Resource"), ("Resource", "Resource"), ("Default", "Default")],
)
def test_a_wrapper_wrapped_in_turn_is_named_after_the_outer_one(wrapper: str, child: str) -> None:
    # Proves (sweep37b): the variable was DEFAULT_BUCKET_NAME (or RESOURCE_BUCKET_NAME):
    # the inner wrapper's id is a default child's too, and names no bucket either
    # GIVEN a PhotoStore that is the default child of the user's own Photos construct
    def make(stack: cdk.Stack) -> s3.Bucket:
        return PhotoStore(Construct(stack, "Photos"), wrapper, child=child).bucket

    # THEN the variable names Photos, the first construct up with an id of its own
    assert _linked(make) == ["PHOTOS_BUCKET_NAME"]


@pytest.mark.parametrize("stage", [False, True])
@pytest.mark.parametrize("child", ["Resource", "Default", "Bucket"])
def test_a_stack_without_an_id_still_names_its_resources(stage: bool, child: str) -> None:
    # Proves (sweep37c): since sweep37b the walk past default ids went past the stack,
    # cdk.Stack(app), whose id is "Default": DEFAULT_BUCKET_NAME became RESOURCE_BUCKET_NAME
    # (PROD_BUCKET_NAME in a stage), a renamed variable the function's code never reads
    app = cdk.App()
    stack = cdk.Stack(cdk.Stage(app, "Prod") if stage else app)
    bucket = s3.Bucket(stack, child)
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[bucket]), alarms=False)
    assert _variables(stack, worker) == ["DEFAULT_BUCKET_NAME"]


@pytest.mark.parametrize(
    ("make", "variable"),
    [
        (lambda s: s3.Bucket(s, "Photos"), "PHOTOS_BUCKET_NAME"),
        (
            lambda s: PhotoStore(Construct(s, "Photos"), "Thumbs", child="Resource").bucket,
            "THUMBS_BUCKET_NAME",
        ),
        (lambda s: PhotoStore(s, "Photos", child="Thumbs").bucket, "THUMBS_BUCKET_NAME"),
        (lambda s: PhotoStore(s, "Photos", child="Bucket").bucket, "PHOTOS_BUCKET_NAME"),
        (lambda s: PhotoStore(s, "Photos", child="Resources").bucket, "RESOURCES_BUCKET_NAME"),
    ],
)
def test_other_ids_keep_their_names(make: Any, variable: str) -> None:
    assert _linked(make) == [variable]


def test_a_global_table_s_replica_is_named_after_the_table() -> None:
    # Proves (trial38multiregion): the table's region read ORDERS_TABLE_NAME, and the
    # replica's (table.replica("us-east-2"), imported under the table as
    # "ReplicaTableus-east-2") REPLICA_TABLEUS_EAST_2_TABLE_NAME: one handler's code, two
    # variables
    app = cdk.App()
    data = cdk.Stack(app, "Data", env=cdk.Environment(account="111111111111", region="eu-west-1"))
    table = dynamodb.TableV2(
        data,
        "Orders",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        replicas=[dynamodb.ReplicaTableProps(region="us-east-2")],
    )
    variables = {}
    for region, linked in (("eu-west-1", table), ("us-east-2", table.replica("us-east-2"))):
        env = cdk.Environment(account="111111111111", region=region)
        stack = cdk.Stack(app, region, env=env, cross_region_references=True)
        worker = QueueWorker(
            stack, "Worker", handler=Handler(code=ECHO, links=[linked]), alarms=False
        )
        variables[region] = (stack, worker)
    # THEN each region's function reads the table's name from one variable
    for stack, worker in variables.values():
        assert _variables(stack, worker) == ["ORDERS_TABLE_NAME"]
