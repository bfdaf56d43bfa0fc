"""A StreamWorker whose function may write into the table it reads the stream of warns,
``constructs_lib:streamWriteLoop``: each item written is a record for the same worker,
which writes again (bad inputs, round 42: it synthesized silently). Reads, another table
and a worker with filters do not warn."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_

from constructs_lib import ApiAuth, Link, ServerlessApi, StreamWorker, TableOptions
from tests.stream_support import ENV, stream_table
from tests.support import echo_handler, warnings_of

LOOP = "constructs_lib:streamWriteLoop"


def _worker(links: Callable[[dynamodb.Table, cdk.Stack], list[Any]], **props: Any) -> cdk.Stack:
    stack = cdk.Stack(cdk.App(), "Test", env=ENV)
    table = stream_table(stack)
    StreamWorker(
        stack, "Worker", handler=echo_handler(links=links(table, stack)), table=table, **props
    )
    return stack


@pytest.mark.parametrize(
    ("links", "where", "access"),
    [
        pytest.param(lambda t, s: [t], "handler.links[0]", "read_write", id="the table"),
        pytest.param(
            lambda t, s: [Link.read(stream_table(s, "Other")), Link.write(t)],
            "handler.links[1]",
            "write",
            id="Link.write",
        ),
        pytest.param(
            lambda t, s: [
                Link.read_write(
                    dynamodb.Table.from_table_arn(s, "Again", t.table_arn), env="ORDERS"
                )
            ],
            "handler.links[0]",
            "read_write",
            id="an import of its ARN",
        ),
    ],
)
def test_a_worker_writing_into_its_own_table_warns(
    links: Callable[[dynamodb.Table, cdk.Stack], list[Any]], where: str, access: str
) -> None:
    (warning,) = warnings_of(_worker(links), LOOP)
    assert warning.startswith(
        f"`{where}` lets the function write into Test/Orders ({access}), the table whose "
        "stream this worker reads: each item it writes is a new record of the stream for "
        "this worker, which writes again"
    )
    assert "Fix: link the table with Link.read(table) if the function only reads it" in warning
    assert f"acknowledge '{LOOP}'" in warning


def test_a_link_made_later_warns_too() -> None:
    stack = cdk.Stack(cdk.App(), "Test", env=ENV)
    table = stream_table(stack)
    worker = StreamWorker(stack, "Worker", handler=echo_handler(), table=table)
    worker.link(Link.write(table))
    (warning,) = warnings_of(stack, LOOP)
    assert warning.startswith("`link()` lets the function write into Test/Orders (write)")


def test_the_api_s_table_linked_by_its_api_warns() -> None:
    stack = cdk.Stack(cdk.App(), "Test", env=ENV)
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(stream=dynamodb.StreamViewType.NEW_IMAGE),
    )
    assert api.table is not None
    StreamWorker(
        stack, "Worker", handler=echo_handler(entry="app.other", links=[api]), table=api.table
    )
    assert len(warnings_of(stack, LOOP)) == 1


@pytest.mark.parametrize(
    ("links", "props"),
    [
        pytest.param(lambda t, s: [Link.read(t)], {}, id="a read"),
        pytest.param(lambda t, s: [stream_table(s, "Other")], {}, id="another table"),
        pytest.param(
            lambda t, s: [t],
            {"filters": [lambda_.FilterCriteria.filter({"eventName": ["INSERT"]})]},
            id="with filters",
        ),
        pytest.param(lambda t, s: [], {}, id="no link"),
    ],
)
def test_reads_other_tables_and_filtered_workers_do_not_warn(
    links: Callable[[dynamodb.Table, cdk.Stack], list[Any]], props: dict[str, Any]
) -> None:
    assert warnings_of(_worker(links, **props), LOOP) == []


def test_the_warning_is_acknowledged_by_its_id() -> None:
    stack = _worker(lambda t, s: [t])
    cdk.Annotations.of(stack).acknowledge_warning(LOOP, "the handler skips its own writes")
    assert warnings_of(stack, LOOP) == []
