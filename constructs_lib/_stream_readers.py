"""How many StreamWorkers read one table's stream: DynamoDB advises at most two readers of
a shard at once (more are throttled, so each falls behind). A warning: a third reader of a
table written to rarely may be intended."""

from __future__ import annotations

from aws_cdk import Annotations
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_lib._jsii import is_unresolved

__all__ = ["STREAM_READERS_WARNING", "warn_of_readers"]

STREAM_READERS_WARNING = "constructs_lib:streamReadersPerShard"
_MAX_READERS = 2


def warn_of_readers(worker: Construct, table: dynamodb.ITable) -> None:
    """Warns on ``worker`` when it is the third (or later) reader of ``table``'s stream
    in the app: the same table, or an import of the same stream ARN."""
    kind = type(worker)
    readers = [
        reader.node.path
        for reader in worker.node.root.node.find_all()
        if isinstance(reader, kind) and _same_stream(getattr(reader, "_stream_table", None), table)
    ]
    if len(readers) <= _MAX_READERS:
        return
    Annotations.of(worker).add_warning_v2(
        STREAM_READERS_WARNING,
        f"{len(readers)} StreamWorkers read the stream of the table {table.node.path} "
        f"({', '.join(readers)}): DynamoDB advises at most {_MAX_READERS} readers of a shard "
        "at once; more are throttled, and each worker's iterator age grows. Fix: use one "
        "worker whose handler dispatches each change (by eventName or its image), or "
        "fan the changes out from one worker (to a queue or an event bus); if the table is "
        f"written to rarely, acknowledge '{STREAM_READERS_WARNING}'.",
    )


def _same_stream(other: dynamodb.ITable | None, table: dynamodb.ITable) -> bool:
    if other is None:
        return False
    if other is table:
        return True
    arn, theirs = table.table_stream_arn, other.table_stream_arn
    return isinstance(arn, str) and not is_unresolved(arn) and arn == theirs
