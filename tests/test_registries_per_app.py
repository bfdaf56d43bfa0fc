"""What the library remembers per App, Stack or construct (links across stacks, the
queues a subscription grew, each construct's path and stack, ...) in a user's test session,
which builds hundreds of Apps in one process: an App built after another answers as if it
were the first, and each record costs one small object.

jsii keeps every object made in Python alive (its reference map never frees one: the
kernel cannot tell when JavaScript is done with it), so an App's records live as long as
the process whatever holds them: they are kept by the identity of their key
(``_identity_map``), never by a path or a name another App has too, and dropped with a key
that is collected (a proxy of an object made in JavaScript)."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

import aws_cdk as cdk

from constructs_lib import QueueWorker
from constructs_lib._identity_map import IdentityMap
from tests.support import echo_handler, new_app


def _linked(source: str, target: str) -> tuple[cdk.App, cdk.Stack, cdk.Stack]:
    """An app of stacks Data and Events where ``source``'s worker links ``target``'s."""
    app = new_app()
    stacks = {name: cdk.Stack(app, name) for name in ("Data", "Events")}
    receiver = QueueWorker(stacks[target], "Target", handler=echo_handler(), alarms=False)
    QueueWorker(stacks[source], "Sender", handler=echo_handler(links=[receiver]), alarms=False)
    return app, stacks["Data"], stacks["Events"]


def test_an_app_may_link_back_where_an_earlier_app_of_the_same_paths_linked() -> None:
    # GIVEN an app whose stack Data links a worker of stack Events
    first, first_data, _ = _linked("Data", "Events")
    first.synth()
    # WHEN the next app, of the same stack and construct paths, links the other way
    app, data, events = _linked("Events", "Data")
    app.synth()
    # THEN it is no cycle: each app depends its own way
    assert [s.node.path for s in first_data.dependencies] == ["Events"]
    assert [s.node.path for s in events.dependencies] == ["Data"]
    assert data.dependencies == []


def _collect_young() -> None:
    """Collects the garbage the test made: every object it made is in the collector's two
    young generations (the suite's thresholds, 200,000 allocations, promote none while a
    test runs), where references from older objects count as from outside, as in a full
    collection. A full one walked the worker's whole heap, hundreds of thousands of
    objects: 1-2 s each on a loaded machine, three times in this module (speed54)."""
    gc.collect(1)


class _Key:
    """A key that compares equal to every other: a registry must still keep each apart."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]


def test_a_record_is_dropped_with_its_key_and_kept_apart_from_an_equal_key() -> None:
    records: IdentityMap[str] = IdentityMap()
    first, second = _Key(), _Key()
    records.set(first, "first")
    records.set(second, "second")
    proxy = new_app().node  # made in JavaScript: a new proxy, which nothing else keeps
    records.set(proxy, "node")
    assert (records.get(first), records.get(second), records.get(proxy)) == (
        "first",
        "second",
        "node",
    )
    # WHEN the keys are gone THEN so are their records
    del first, proxy
    _collect_young()
    assert len(records) == 1
    assert records.get(second) == "second"


def test_a_record_set_again_is_not_dropped_by_the_earlier_one() -> None:
    records: IdentityMap[int] = IdentityMap()
    key = _Key()
    records.set(key, 1)
    records.set(key, 2)  # the first weak reference is dropped, its callback runs
    _collect_young()
    assert records.get(key) == 2
    assert len(records) == 1


def test_a_record_costs_one_small_object() -> None:
    # a closure, its cells, a tuple and a weak reference per record were about 490 bytes
    # (CPython 3.11); a weak reference carrying the value, and the map's slot, about 165
    keys = [_Key() for _ in range(2000)]
    records: IdentityMap[bool] = IdentityMap()
    tracing = tracemalloc.is_tracing()  # another tool's tracing is left running
    if not tracing:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for key in keys:
            records.set(key, True)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        if not tracing:
            tracemalloc.stop()
    assert len(records) == len(keys)
    assert grown / len(keys) < 250, f"{grown / len(keys):.0f} bytes per record"


def test_jsii_keeps_an_app_made_in_python_alive() -> None:
    # Why nothing can free an App's records: jsii keeps the App itself. If this fails, jsii
    # frees objects now, and the records (weak by their keys) go with them.
    app = new_app()
    kept = weakref.ref(app)
    del app
    _collect_young()
    assert isinstance(kept(), cdk.App)
