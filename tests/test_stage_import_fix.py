"""A resource of another stage, or an import of one by its reference, is refused with the
import of its own kind in the fix, its name or ARN written out (flow46: an alarm topic and
a secret of the Dev stage given to Prod were told to import them "e.g.
Table.from_table_name", and an import of the Dev bucket's `bucket_name` failed the synth
with aws-cdk-lib's NoCrossStageDependency trace, naming no prop)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    ConstructError,
    EventHandler,
    Monitoring,
    QueueWorker,
    ServerlessApi,
    StreamWorker,
)
from tests.support import echo_handler, new_app, raised
from tests.template_support import variables_of

ENV = cdk.Environment(account="111111111111", region="eu-west-1")


def _stages() -> tuple[cdk.Stack, cdk.Stack]:
    app = new_app()
    dev, prod = (cdk.Stage(app, name, env=ENV) for name in ("Dev", "Prod"))
    return cdk.Stack(dev, "Storage"), cdk.Stack(prod, "Work")


def _topic(there: cdk.Stack, here: cdk.Stack) -> Any:
    Monitoring(here, alarm_topic=sns.Topic(there, "Ops"))


def _secret(there: cdk.Stack, here: cdk.Stack) -> Any:
    QueueWorker(here, "W", handler=echo_handler(links=[secretsmanager.Secret(there, "Token")]))


def _table(there: cdk.Stack, here: cdk.Stack) -> Any:
    table = dynamodb.TableV2(
        there,
        "Rows",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    StreamWorker(here, "Pub", table=table, handler=echo_handler())


@pytest.mark.parametrize(
    ("build", "prop", "example"),
    [
        (_topic, "alarm_topic", "e.g. sns.Topic.from_topic_arn(self, 'Topic', 'arn:aws:sns:...')"),
        (
            _secret,
            "handler.links[0]",
            "e.g. secretsmanager.Secret.from_secret_complete_arn(self, 'Secret', ",
        ),
        (_table, "table", "table_stream_arn=... for a StreamWorker"),
    ],
    ids=["topic", "secret", "table"],
)
def test_the_fix_imports_the_resource_s_own_kind(
    build: Callable[[cdk.Stack, cdk.Stack], Any], prop: str, example: str
) -> None:
    there, here = _stages()
    with pytest.raises(ConstructError) as raised:
        build(there, here)
    message = str(raised.value)
    assert f"`{prop}` is in stage 'Dev', not this construct's stage 'Prod'" in message
    assert example in message
    assert "its name or ARN written out: the other stage's attribute is itself a reference" in (
        message
    )
    assert "Table.from_table_name" not in message


def _uploads(there: cdk.Stack) -> s3.Bucket:
    return s3.Bucket(there, "Uploads")


def test_an_import_of_another_stage_s_bucket_name_is_named() -> None:
    # Proves (flow46): the Prod worker's import of the Dev bucket's bucket_name failed the
    # synth with aws-cdk-lib's NoCrossStageDependency trace, naming no prop
    there, here = _stages()
    imported = s3.Bucket.from_bucket_name(here, "Uploads", _uploads(there).bucket_name)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(here, "W", sources=[BucketEvents(imported)], handler=echo_handler())
    assert (
        "Prod/Work/W: `sources[0].bucket` is in stage 'Dev', not this construct's stage 'Prod' "
        "(an import of Dev/Storage/Uploads/Resource)"
    ) in str(raised.value)
    assert "e.g. s3.Bucket.from_bucket_name(self, 'Bucket', 'my-bucket')" in str(raised.value)


def test_a_link_to_an_import_of_another_stage_s_table_is_named() -> None:
    there, here = _stages()
    table = dynamodb.TableV2(
        there,
        "Rows",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    imported = dynamodb.Table.from_table_arn(here, "Rows", table.table_arn)
    with pytest.raises(ConstructError, match=r"`handler.links\[0\]` is in stage 'Dev'"):
        QueueWorker(here, "W", handler=echo_handler(links=[imported]))


def test_imports_by_a_literal_or_of_the_same_stage_synthesize() -> None:
    _, here = _stages()
    uploads = _uploads(here)
    QueueWorker(
        here,
        "W",
        sources=[BucketEvents(s3.Bucket.from_bucket_name(here, "Theirs", "dev-uploads"))],
        handler=echo_handler(
            links=[s3.Bucket.from_bucket_name(here, "Same", uploads.bucket_name), uploads]
        ),
    )
    app = here.node.root
    assert isinstance(app, cdk.App)
    app.synth()


_BUS_IMPORTS: dict[str, Callable[[cdk.Stack, events.EventBus], events.IEventBus]] = {
    "arn": lambda here, bus: events.EventBus.from_event_bus_arn(here, "Bus", bus.event_bus_arn),
    "name": lambda here, bus: events.EventBus.from_event_bus_name(here, "Bus", bus.event_bus_name),
}


def _listen(here: cdk.Stack, bus: events.IEventBus) -> EventHandler:
    return EventHandler(
        here, "Listen", handler=echo_handler(), event_pattern={"source": ["orders"]}, event_bus=bus
    )


@pytest.mark.parametrize("kind", list(_BUS_IMPORTS))
def test_an_event_bus_imported_from_another_stage_s_bus_is_named(kind: str) -> None:
    # Proves (bad46): EventBus.from_event_bus_arn's import is a proxy, no Resource instance,
    # so an EventHandler's event_bus imported from the Dev bus's ARN or name passed, and
    # the synth failed with aws-cdk-lib's NoCrossStageDependency trace, naming no prop
    there, here = _stages()
    imported = _BUS_IMPORTS[kind](here, events.EventBus(there, "Orders"))
    message = str(raised(lambda: _listen(here, imported)))
    assert (
        "Prod/Work/Listen: `event_bus` is in stage 'Dev', not this construct's stage 'Prod' "
        "(an import of Dev/Storage/Orders/Resource)"
    ) in message
    assert "events.EventBus.from_event_bus_name(self, 'Bus', 'my-bus')" in message


@pytest.mark.parametrize("kind", list(_BUS_IMPORTS))
def test_an_event_bus_imported_by_a_literal_or_from_the_same_stage_synthesizes(
    kind: str,
) -> None:
    _, here = _stages()
    _listen(here, _BUS_IMPORTS[kind](here, events.EventBus(here, "Orders")))
    _listen(
        cdk.Stack(here.node.scope, "Other"),
        events.EventBus.from_event_bus_arn(
            here, "Literal", "arn:aws:events:eu-west-1:111111111111:event-bus/dev-orders"
        ),
    )
    app = here.node.root
    assert isinstance(app, cdk.App)
    app.synth()


def test_a_handler_s_environment_value_of_another_stage_is_named() -> None:
    # Proves (bad46): a queue URL of the Dev stage in a Prod Handler's environment passed,
    # and the synth failed with aws-cdk-lib's NoCrossStageDependency trace naming no prop
    there, here = _stages()
    environment = {"ORDERS_URL": sqs.Queue(there, "Orders").queue_url}
    message = str(
        raised(lambda: QueueWorker(here, "W", handler=echo_handler(environment=environment)))
    )
    assert (
        "Prod/Work/W: `handler.environment['ORDERS_URL']` refers to Dev/Storage/Orders, in "
        "stage 'Dev', not this construct's stage 'Prod': a stage is deployed on its own"
    ) in message
    assert "pass the other stage's value as a literal string" in message


def test_environment_values_of_the_same_stage_or_literal_synthesize() -> None:
    _, here = _stages()
    orders = sqs.Queue(cdk.Stack(here.node.scope, "Queues"), "Orders")
    environment = {"ORDERS_URL": orders.queue_url, "DEV_URL": "https://sqs.eu-west-1/q"}
    QueueWorker(here, "W", handler=echo_handler(environment=environment))
    app = here.node.root
    assert isinstance(app, cdk.App)
    app.synth()


_JOINED_IMPORTS: dict[str, Callable[[cdk.Stack, dynamodb.TableV2], dynamodb.ITable]] = {
    "join": lambda here, table: dynamodb.Table.from_table_name(
        here, "Orders", cdk.Fn.join("", [table.table_name])
    ),
    "join with a literal": lambda here, table: dynamodb.Table.from_table_arn(
        here, "Orders", cdk.Fn.join("", [table.table_arn, ""])
    ),
    "select": lambda here, table: dynamodb.Table.from_table_name(
        here, "Orders", cdk.Fn.select(0, [table.table_name, "orders"])
    ),
    # pseudo parameters beside the reference (sweep47: those alone are no longer resolved)
    "ARN of pseudo parameters": lambda here, table: dynamodb.Table.from_table_arn(
        here,
        "Orders",
        f"arn:{cdk.Aws.PARTITION}:dynamodb:{cdk.Aws.REGION}:1:table/{table.table_name}",
    ),
}


@pytest.mark.parametrize("kind", list(_JOINED_IMPORTS))
def test_an_import_joined_from_another_stage_s_name_is_named(kind: str) -> None:
    # Proves (cycles47): an import whose name is Fn.join(...) of the Dev table's name holds
    # an intrinsic, not the reference itself, and the synth failed with aws-cdk-lib's
    # NoCrossStageDependency trace, naming no prop
    there, here = _stages()
    table = dynamodb.TableV2(
        there,
        "Rows",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
        dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
    )
    imported = _JOINED_IMPORTS[kind](here, table)
    message = str(
        raised(lambda: QueueWorker(here, "W", handler=echo_handler(links=[imported]), alarms=False))
    )
    assert (
        "Prod/Work/W: `handler.links[0]` is in stage 'Dev', not this construct's stage 'Prod' "
        "(an import of Dev/Storage/Rows/Resource)"
    ) in message


def test_an_import_joined_from_literals_synthesizes() -> None:
    _, here = _stages()
    imported = dynamodb.Table.from_table_name(here, "Orders", cdk.Fn.join("-", ["dev", "orders"]))
    worker = QueueWorker(here, "W", handler=echo_handler(links=[imported]), alarms=False)
    cdk.App.of(here).synth()  # type: ignore[union-attr]
    # THEN the function has the joined name (CloudFormation's join of literals is one)
    assert variables_of(worker.function)["ORDERS_TABLE_NAME"] == "dev-orders"
    assert here.dependencies == []


def test_an_existing_table_joined_from_another_stage_s_name_is_named() -> None:
    # the sweep's case: ServerlessApi(existing_table=Table.from_table_name(self, "T",
    # Fn.join("", [dev.table.table_name])))
    there, here = _stages()
    table = dynamodb.TableV2(
        there,
        "Rows",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    imported = dynamodb.Table.from_table_name(here, "T", cdk.Fn.join("", [table.table_name]))
    message = str(
        raised(
            lambda: ServerlessApi(
                here,
                "Api",
                routes={"GET /x": echo_handler()},
                auth=ApiAuth.iam(),
                existing_table=imported,
                alarms=False,
            )
        )
    )
    assert (
        "Prod/Work/Api: `existing_table` is in stage 'Dev', not this construct's stage 'Prod' "
        "(an import of Dev/Storage/Rows/Resource)"
    ) in message
