"""EventBridge events as an ``EventHandler``'s function gets them, read into typed values.

    from dataclasses import dataclass
    from constructs_lib_runtime.bridge_events import bridge_event

    @dataclass(frozen=True)
    class OrderPlaced:           # the detail's fields the handler reads, as the sender names them
        orderId: str
        amount: int

    def handler(event, context):
        placed = bridge_event(event, source="shop.orders", detail_type="OrderPlaced")
        order = placed.detail_as(OrderPlaced)      # OrderPlaced(orderId=..., amount=...)
        ... keyed by placed.id: EventBridge delivers at least once

The rule delivers the whole event (``version``, ``id``, ``detail-type``, ``source``,
``account``, ``time``, ``region``, ``resources``, ``detail``; ``replay-name`` on an event
replayed from an archive). Anything else (another trigger's event, only the ``detail``,
an input transformer's output) raises :class:`MalformedBridgeEvent`, a ValueError naming
what is missing; so does an event of another source or detail type than the handler says
it handles, or a detail without a field the dataclass requires, or with a value of another
type than the field's. An EventHandler's function that raises is retried by Lambda and
then recorded, event and error, in the construct's dead-letter queue: the event is kept,
never dropped, and the alarm says so.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from constructs_lib_runtime._detail_types import wrong_types
from constructs_lib_runtime._kinds import kind_of

__all__ = ["BridgeEvent", "MalformedBridgeEvent", "bridge_event"]

T = TypeVar("T")

# What EventBridge writes into every event it delivers to a rule's target
_ENVELOPE = ("id", "detail-type", "source", "account", "time", "region", "detail")


class MalformedBridgeEvent(ValueError):
    """The function's event is not the EventBridge event its handler expects."""


@dataclass(frozen=True)
class BridgeEvent:
    """One EventBridge event, as a rule delivered it."""

    id: str
    """The event's id: the same on every delivery of it (key idempotent work on it)."""
    source: str
    """Who sent it (``PutEvents``' ``Source``: ``"shop.orders"``, ``"aws.s3"``)."""
    detail_type: str
    """What happened (``PutEvents``' ``DetailType``: ``"OrderPlaced"``)."""
    detail: Mapping[str, Any]
    """The sender's JSON object, parsed."""
    account: str
    """The account whose bus got the event (the sender's, for another account's event)."""
    region: str
    """The region of that bus."""
    time: datetime
    """When it happened, in UTC (EventBridge writes it to the second)."""
    resources: tuple[str, ...] = ()
    """The ARNs the event names (AWS services' events name theirs)."""
    replay_name: str | None = None
    """The replay's name for an event replayed from an archive; None for a live event."""

    def detail_as(self, cls: type[T]) -> T:
        """The detail as ``cls``, a dataclass whose fields are named as the detail's keys.
        Keys it has no field for are left out (senders add fields; a consumer keeps
        working); a field without a default that the detail lacks, or a value its field's
        annotation refuses (``"12"`` for ``amount: int``; str, int, float, bool, list, dict,
        None, Literal and unions of them are checked, other annotations not), raises
        MalformedBridgeEvent, naming each. The values are the parsed JSON's, not converted."""
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise TypeError(
                f"detail_as takes a dataclass, not {cls!r}. Fix: pass a @dataclass class, or "
                "read event.detail yourself (e.g. YourModel.model_validate(event.detail))"
            )
        fields = [f for f in dataclasses.fields(cls) if f.init]
        missing = [
            f.name
            for f in fields
            if f.name not in self.detail
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ]
        if missing:
            raise MalformedBridgeEvent(
                f"the detail of event {self.id} ({self.source} {self.detail_type}) has no "
                f"{', '.join(map(repr, missing))}, which {cls.__name__} requires (it has "
                f"{', '.join(map(repr, sorted(self.detail))) or 'no fields'}). Fix: give "
                "the field a default if senders may leave it out"
            )
        given = {f.name: self.detail[f.name] for f in fields if f.name in self.detail}
        wrong = wrong_types(cls, given)
        if wrong:
            raise MalformedBridgeEvent(
                f"the detail of event {self.id} ({self.source} {self.detail_type}) is not "
                f"the {cls.__name__} its fields declare: {'; '.join(wrong)}. Fix: correct the "
                "sender, or annotate each field as what senders send (a union such as "
                "int | str, or Any)"
            )
        return cls(**given)


def bridge_event(
    event: object,
    *,
    source: str | Collection[str] | None = None,
    detail_type: str | Collection[str] | None = None,
) -> BridgeEvent:
    """The EventBridge event ``event`` (the function's first argument) holds.

    :param source: the source (or sources) the handler handles: an event of another one
        raises MalformedBridgeEvent (its rule's pattern and the code disagree). Default:
        any.
    :param detail_type: the same for its detail type. Default: any.
    """
    if not isinstance(event, Mapping):
        raise MalformedBridgeEvent(
            f"the event is {kind_of(event)}, not EventBridge's event (an object). Fix: "
            "pass the handler's first argument as Lambda gives it"
        )
    missing = [key for key in _ENVELOPE if key not in event]
    if missing:
        raise MalformedBridgeEvent(
            f"the event has no {', '.join(map(repr, missing))}: not an event as an "
            f"EventBridge rule delivers it ({_looks_like(event)}). Fix: handle only an "
            "EventHandler's events here, whose rule passes the whole event"
        )
    texts = {key: event[key] for key in _ENVELOPE if key != "detail"}
    wrong = [key for key, value in texts.items() if not isinstance(value, str)]
    if wrong or not isinstance(event["detail"], Mapping):
        raise MalformedBridgeEvent(
            f"the event's {', '.join(map(repr, wrong or ['detail']))} is not what EventBridge "
            "writes (text; the detail an object). Fix: pass the event as Lambda gives it"
        )
    parsed = BridgeEvent(
        id=texts["id"],
        source=texts["source"],
        detail_type=texts["detail-type"],
        detail=event["detail"],
        account=texts["account"],
        region=texts["region"],
        time=_time(texts["time"]),
        resources=_resources(event.get("resources")),
        replay_name=event.get("replay-name") if isinstance(event.get("replay-name"), str) else None,
    )
    for name, expected, got in (
        ("source", source, parsed.source),
        ("detail_type", detail_type, parsed.detail_type),
    ):
        allowed = _allowed(name, expected)
        if allowed is not None and got not in allowed:
            wanted = " or ".join(map(repr, sorted(allowed)))
            raise MalformedBridgeEvent(
                f"event {parsed.id[:100]} has {name} {_short(got)}, not {wanted} "
                "as the handler expects: its rule's event_pattern lets it through. Fix: "
                "change the EventHandler's event_pattern to match only those, or pass "
                f"{name}= with this one too"
            )
    return parsed


def _allowed(name: str, expected: object) -> set[str] | None:
    """The values ``bridge_event``'s ``name`` argument admits (None: any), refusing what
    is neither a str nor a collection of them (an int's ``set(5)`` was a bare TypeError, a
    dict's keys were taken)."""
    if expected is None:
        return None
    if isinstance(expected, str):
        return {expected}
    example = "'shop.orders'" if name == "source" else "'OrderPlaced'"
    if (
        isinstance(expected, Mapping | bytes | bytearray)
        or not isinstance(expected, Collection)
        or not all(isinstance(value, str) for value in expected)
    ):
        raise TypeError(
            f"bridge_event: {name} is {kind_of(expected)}; it is the {name} (a str) or "
            f"those (a list of str) the handler handles. Fix: pass {name}={example} or "
            f"{name}=[{example}, ...]"
        )
    if not expected:
        raise ValueError(
            f"bridge_event: {name} is empty, which admits no event. Fix: leave {name} out "
            f"for any, or list them: {name}=[{example}, ...]"
        )
    return set(expected)


def _resources(given: object) -> tuple[str, ...]:
    """The event's ``resources``: a list of ARNs (text) in every event EventBridge delivers
    (empty when the sender named none). A string was read as its characters, an object as
    its keys, and a number was a bare TypeError."""
    if given is None:  # a hand-built event without them: none named
        return ()
    if not isinstance(given, list | tuple) or not all(isinstance(arn, str) for arn in given):
        raise MalformedBridgeEvent(
            f"the event's resources is {_short(given)}, not what EventBridge writes (a list "
            "of ARNs, each text; [] when the sender names none). Fix: pass the event as "
            "Lambda gives it"
        )
    return tuple(given)


def _time(text: str) -> datetime:
    try:
        given = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
        # an offset moving the instant past year 1 or 9999 has no datetime in UTC
        instant = given.astimezone(UTC) if given.utcoffset() is not None else None
    except (ValueError, OverflowError):
        instant = None
    if instant is None:
        raise MalformedBridgeEvent(
            f"the event's time {_short(text)} is not EventBridge's (ISO 8601 in UTC, e.g. "
            "'2026-05-04T09:00:01Z'). Fix: pass the event as Lambda gives it"
        )
    return instant


def _short(value: object) -> str:
    """``value``'s repr cut short: a message names the value, it does not copy a huge
    (or, nested deeply, unprintable) one into the log."""
    return _SHORT.repr(value)


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 100


def _looks_like(event: Mapping[str, Any]) -> str:
    """What the event seems to be instead, for the message."""
    if "Records" in event:
        return "it has Records: a queue's, a stream's or S3's event"
    if "requestContext" in event or "routeKey" in event:
        return "it is an API Gateway request"
    if "detail-type" not in event and "detail" not in event:
        return (
            "maybe only the detail, or an input transformer's output, reached the function; "
            "or a ScheduledJob's payload"
        )
    return "fields of the envelope are missing"
