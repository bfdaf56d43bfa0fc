"""A StreamWorker that publishes the table's changes to an event bus, where an EventHandler
writes into that table again: each item the handler writes is a new record of the stream,
published again, handled again, a loop billed round after round. Lambda's recursive loop
detection covers neither DynamoDB streams nor EventBridge, so nothing stops it. The
StreamWorker's own write-loop warning (``_stream_write_loops``) cannot see it: the worker's
function only publishes.

Checked at synth, not when either construct is built: the worker usually comes first, the
handlers and links made after it count. A warning under the same id as the direct loop's,
for the same reasons: a worker with ``filters`` has said which records come back to it, and
a handler that skips its own changes breaks the loop."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from aws_cdk import Annotations
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct

from constructs_lib._core.links import ResolvedLink
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved
from constructs_lib._stream_write_loops import STREAM_WRITE_LOOP_WARNING, same_table
from constructs_lib._synth_checks import at_synth

if TYPE_CHECKING:
    from aws_cdk import aws_events as events  # loaded by the buses given, not here

__all__ = ["note_link", "watch_for_bus_loop"]

_WRITES = ("write", "read_write")

#: Each linked function's links, as applied (a Handler's ``links`` and later ``link()``s).
_LINKS: IdentityMap[list[ResolvedLink]] = IdentityMap()


def note_link(function: Construct, link: ResolvedLink) -> None:
    """Remembers that ``function`` got ``link``, for the check at synth."""
    _LINKS.remembered(function, list).append(link)


def watch_for_bus_loop(
    worker: Construct, function: Construct, table: dynamodb.ITable, filters: Sequence[object]
) -> None:
    """At synth, warns on ``worker`` (a StreamWorker reading ``table``'s stream through
    ``function``; none with ``filters``) for each EventHandler of the app listening on a bus
    the function publishes to and writing into ``table``."""
    if filters:
        return
    check = _BusLoopCheck(worker, lambda: _LINKS.get(function) or [], table)
    at_synth(worker, check.validate, own=True)  # in its stack's one validation


class _BusLoopCheck:
    def __init__(
        self,
        worker: Construct,
        links: Callable[[], list[ResolvedLink]],
        table: dynamodb.ITable,
    ) -> None:
        self._worker, self._links, self._table = worker, links, table

    def validate(self) -> list[str]:
        buses = [link for link in self._links() if link.kind.name == "event bus"]
        for bus_link in buses:
            for handler, write in _writers_on(self._worker, bus_link.resource, self._table):
                _warn(self._worker, self._table, bus_link, handler, write)
        return []


def _writers_on(
    scope: Construct, bus: events.IEventBus, table: dynamodb.ITable
) -> Iterator[tuple[Construct, ResolvedLink]]:
    """Each EventHandler of ``scope``'s app on ``bus`` whose function writes into
    ``table``, with the link that lets it."""
    from constructs_lib.event_handler import EventHandler

    for node in scope.node.root.node.find_all():
        if isinstance(node, EventHandler) and _same_bus(node._props.event_bus, bus):
            write = next(
                (
                    link
                    for link in _LINKS.get(node.function) or []
                    if link.kind.name == "table"
                    and link.access in _WRITES
                    and same_table(link.resource, table)
                ),
                None,
            )
            if write is not None:
                yield node, write


def _same_bus(a: events.IEventBus | None, b: events.IEventBus) -> bool:
    """One bus: the same object, or two of one ARN known at synth (imports of it)."""
    if a is None:
        return False
    if a is b:
        return True
    arn = a.event_bus_arn
    return not is_unresolved(arn) and arn == b.event_bus_arn


def _warn(
    worker: Construct,
    table: dynamodb.ITable,
    bus_link: ResolvedLink,
    handler: Construct,
    write: ResolvedLink,
) -> None:
    Annotations.of(worker).add_warning_v2(
        STREAM_WRITE_LOOP_WARNING,
        f"the function publishes to the event bus {bus_link.owner.node.path}, where the "
        f"EventHandler {handler.node.path} writes into {table.node.path} ({write.access}), "
        "the table whose stream this worker reads: each item the handler writes is a new "
        "record of the stream, published again and handled again, a loop billed round "
        "after round (Lambda's recursive loop detection covers neither DynamoDB streams nor "
        "EventBridge). Fix: leave out the records the handler's writes make "
        "(filters=[lambda_.FilterCriteria.filter({...})] on this worker, on an attribute "
        "only the other writers set, or on eventName), give the EventHandler an "
        "event_pattern the worker's events for those records do not match, or write into "
        "another table. If the handler skips its own changes, acknowledge "
        f"'{STREAM_WRITE_LOOP_WARNING}'.",
    )
