"""The fix for an ``existing_*`` prop a construct does not take: a team bringing what it
has tries ``existing_<kind>=`` on every construct (the library's own naming), and the
closest spelling of the construct's props was a wrong fix (``EventHandler(
existing_dead_letter_queue=...)`` told ``dead_letter_queue_key``, ``ServerlessApi(
existing_queue=...)`` told ``existing_table``, ``QueueWorker(existing_bucket=...)`` told
``existing_queue``). Pure logic: the construct's name and its props' names only."""

from __future__ import annotations

from collections.abc import Collection

__all__ = ["EXISTING_PROPS", "existing_prop_fix", "plain_prop"]

#: The library's ``existing_*`` props and the constructs taking them (a test compares it
#: with their signatures).
EXISTING_PROPS: dict[str, tuple[str, ...]] = {
    "existing_bucket": ("StaticSite",),
    "existing_dead_letter_queue": ("QueueWorker", "StreamWorker"),
    "existing_queue": ("QueueWorker",),
    "existing_table": ("ServerlessApi",),
    "existing_vpc": ("Network",),
}
# the kinds of resource a function uses through a link (README, Links)
_LINKED = ("bucket", "event_bus", "queue", "secret", "table", "topic")
_DEAD_LETTER_QUEUE = "existing_dead_letter_queue"
# (construct, prop): where what it names goes on that construct instead
_INSTEAD = {
    ("QueueWorker", "existing_bucket"): (
        "its S3 events go into the worker's queue with sources=[BucketEvents(bucket, "
        "prefix=...)], and the function reads its objects through a link, "
        "Handler(links=[Link.read(bucket, prefix=...)])"
    ),
}


def existing_prop_fix(key: str, name: str, props: Collection[str]) -> str | None:
    """The fix for ``key``, an ``existing_*`` prop ``name`` (a construct with ``props``)
    does not take; None for any other key, and for one whose kind the construct takes
    under its plain name (``existing_event_bus``: ``event_bus``, see ``plain_prop``)."""
    kind = key.removeprefix("existing_")
    if kind == key or kind in props:
        return None
    owners = EXISTING_PROPS.get(key, ())
    takes = "take" if len(owners) > 1 else "takes"
    theirs = f" ({' and '.join(owners)} {takes} `{key}`)" if owners else ""
    instead = _INSTEAD.get((name, key))
    if instead is not None:
        return f"leave it out: {name} takes no {_words(kind)} of yours{theirs}: {instead}"
    if key == _DEAD_LETTER_QUEUE and "dead_letter_queue_key" in props:
        return (
            f"leave it out: {name} creates its dead-letter queue itself, with the policy that "
            "lets its "
            f"trigger and Lambda send what failed to it, and takes none of yours{theirs}: "
            "dead_letter_queue_key= encrypts it with your key, and its `dead_letter_queue` "
            "attribute is the queue"
        )
    if kind in _LINKED and ("handler" in props or "routes" in props):
        where = "Handler(links=[...])" if "handler" in props else "its routes' Handler(links=[...])"
        return (
            f"leave it out: {name} takes no {_words(kind)} of yours as its own{theirs}; for "
            "its functions "
            f"to use yours, link it: {where} (see README, Links)"
        )
    return None


def plain_prop(key: str, props: Collection[str]) -> str | None:
    """The prop ``existing_<kind>`` means on a construct taking yours as plain ``<kind>``
    (EventHandler's ``event_bus``, StreamWorker's ``table``), or None."""
    kind = key.removeprefix("existing_")
    return kind if kind != key and kind in props else None


def _words(kind: str) -> str:
    return kind.replace("_", " ")
