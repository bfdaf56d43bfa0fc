"""A StreamWorker whose function may write into the table whose stream it reads: each item
it writes is a new record of that stream (INSERT, MODIFY, REMOVE) for the same worker,
which writes again, a loop billed round after round. Lambda's recursive loop detection
does not cover DynamoDB streams, so nothing stops it.

A warning, not an error: a handler that skips the changes it made itself (a marker
attribute, a version it compares) breaks the loop, and a worker with ``filters`` has said
which records come back to it (this warning is silent then)."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Annotations
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_lib._core.links import ResolvedLink, resolve

__all__ = ["STREAM_WRITE_LOOP_WARNING", "same_table", "warn_of_write_loop"]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
STREAM_WRITE_LOOP_WARNING = "constructs_lib:streamWriteLoop"
_WRITES = ("write", "read_write")


def warn_of_write_loop(
    worker: Construct,
    table: dynamodb.ITable,
    filters: Sequence[object],
    links: Sequence[object],
    prop: str,
) -> None:
    """Warns once, for the first link in ``links`` (``prop``) that writes into ``table``."""
    if filters:
        return
    for index, item in enumerate(links):
        link = resolve(item)
        if (
            isinstance(link, ResolvedLink)
            and link.kind.name == "table"
            and link.access in _WRITES
            and same_table(link.resource, table)
        ):
            where = f"{prop}[{index}]" if prop.endswith("links") else prop  # link(): as is
            _warn(worker, table, where, link.access)
            return


def same_table(a: dynamodb.ITable, b: dynamodb.ITable) -> bool:
    """One table: the same object, or two of one ARN (an import of a literal ARN twice, or
    of the table's own ``table_arn``)."""
    return a is b or a.table_arn == b.table_arn


def _warn(worker: Construct, table: dynamodb.ITable, where: str, access: str) -> None:
    Annotations.of(worker).add_warning_v2(
        STREAM_WRITE_LOOP_WARNING,
        f"`{where}` lets the function write into {table.node.path} ({access}), the table "
        "whose stream this worker reads: each item it writes is a new record of the stream "
        "for this worker, which writes again, a loop billed round after round (Lambda's "
        "recursive loop detection does not cover DynamoDB streams). Fix: link the table "
        "with Link.read(table) if the function only reads it; else leave out the "
        "records the function's writes make (filters=[lambda_.FilterCriteria.filter({...})] "
        "on an attribute only the other writers set, or on eventName), or write into another "
        "table. If the handler skips its own changes, acknowledge "
        f"'{STREAM_WRITE_LOOP_WARNING}'.",
    )
