"""SNS messages inside SQS records (``worker.subscribe(topic)``): the message as published,
with raw message delivery or inside SNS's JSON envelope alike.

    from constructs_lib_runtime.sns_messages import sns_message
    from constructs_lib_runtime.sqs_batch import process_batch

    def handle(record):
        order = sns_message(record).json()     # the published message, parsed

    def handler(event, context):
        return process_batch(event, handle, context)

With raw message delivery (``subscribe``'s default) the record's body is the message and
its attributes are the record's ``messageAttributes``; without it, the body is SNS's
envelope (``{"Type": "Notification", "TopicArn": ..., "Message": ..., ...}``), read here
the same way. A raw message that is itself a JSON object with SNS's ``Type``,
``MessageId``, ``TopicArn`` and ``Message`` (a forwarded notification) reads as an envelope
unless the handler says ``sns_message(record, raw=True)``. A body that is an envelope of
no notification (SNS's own ``SubscriptionConfirmation``) or is not a record raises
:class:`MalformedSnsMessage`, a ValueError: ``process_batch`` reports that one record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from constructs_lib_runtime._json import loads
from constructs_lib_runtime._kinds import kind_of

__all__ = ["MalformedSnsMessage", "SnsMessage", "sns_message"]

# what every notification envelope holds (the SNS developer guide's "Amazon SNS message
# and JSON formats"); a raw body that happens to be JSON lacks at least TopicArn and Type
_ENVELOPE_KEYS = ("Type", "MessageId", "TopicArn", "Message")


class MalformedSnsMessage(ValueError):
    """The SQS record holds no SNS notification."""


@dataclass(frozen=True)
class SnsMessage:
    """One SNS message as its publisher sent it."""

    message: str
    """The message text as published (``Message`` of the envelope; the body when raw)."""
    attributes: Mapping[str, str] = field(default_factory=dict)
    """The message attributes' values as text, by name (Binary ones base64-encoded)."""
    topic_arn: str | None = None
    """The topic; None with raw message delivery, whose record does not name it."""
    message_id: str | None = None
    """SNS's message id; None with raw message delivery."""
    subject: str | None = None
    """The publisher's subject, if any (never with raw message delivery)."""

    def json(self) -> Any:
        """The message parsed as JSON: ValueError (its message ending in a ``Fix:``
        sentence; ``json.JSONDecodeError`` for text that is not JSON) for a message that is
        not JSON or holds what JSON cannot hand on, as ``sqs_batch.json_body`` refuses."""
        return loads(
            self.message,
            "the SNS message",
            "send the message as JSON text (json.dumps(value) in the publisher), or read "
            ".message for a message that is not JSON",
        )


def sns_message(record: Mapping[str, Any], *, raw: bool | None = None) -> SnsMessage:
    """The SNS message an SQS record of a subscribed queue holds, raw or enveloped.

    :param raw: the subscription's ``raw_message_delivery``, when the handler knows it: True
        takes the body as the message whatever it holds (a published message that is itself
        an SNS envelope, e.g. a forwarded notification, stays as published), False requires
        SNS's envelope (a raw body raises MalformedSnsMessage). Default: None, the body's
        shape decides (an object with SNS's Type, MessageId, TopicArn and Message is read
        as an envelope).
    """
    if raw is not None and not isinstance(raw, bool):
        raise TypeError(f"raw is {raw!r}, not True, False or None. Fix: pass raw=True or raw=False")
    if not isinstance(record, Mapping):
        raise MalformedSnsMessage(
            f"the record is {kind_of(record)}, not an SQS record (an object). Fix: "
            "pass each record process_batch hands the callback"
        )
    body = record.get("body")
    if not isinstance(body, str):
        raise MalformedSnsMessage(
            f"the record's body is {kind_of(body)}, not a string: not an SQS record. "
            "Fix: pass each record process_batch hands the callback"
        )
    envelope = None if raw is True else _envelope(body)
    if envelope is None and raw is False:
        raise MalformedSnsMessage(
            "the record's body is no SNS envelope (an object with Type, MessageId, TopicArn "
            "and Message), but raw=False says the subscription delivers envelopes. Fix: pass "
            "raw=True for a subscription with raw_message_delivery=True (subscribe's default)"
        )
    if envelope is None:
        return SnsMessage(message=body, attributes=_record_attributes(record))
    return SnsMessage(
        message=envelope["Message"],
        attributes=_envelope_attributes(envelope.get("MessageAttributes")),
        topic_arn=envelope["TopicArn"],
        message_id=envelope["MessageId"],
        subject=envelope.get("Subject") if isinstance(envelope.get("Subject"), str) else None,
    )


def _envelope(body: str) -> dict[str, Any] | None:
    """The body's SNS envelope; None for a raw message (anything that is not one)."""
    if not body.lstrip().startswith("{"):
        return None
    try:
        parsed = loads(body, "the record's body", "send an SNS envelope")  # not raised on
    except ValueError:
        return None
    if not isinstance(parsed, dict) or not all(
        isinstance(parsed.get(key), str) for key in _ENVELOPE_KEYS[:3]
    ):
        return None
    if "Message" not in parsed:  # no envelope (SNS's always has one): a raw message
        return None
    if not isinstance(parsed["Message"], str):  # it read as a raw message: the envelope
        raise MalformedSnsMessage(
            f"the record's body is an SNS envelope of {parsed['TopicArn'][:300]} whose Message "
            f"is {kind_of(parsed['Message'])}, not a string: SNS sends every message "
            "as text (a JSON message as its string). Fix: encode the Message as a string "
            "in the event (json.dumps), or pass raw=True if the published message is this "
            "object itself"
        )
    if parsed["Type"] != "Notification":
        raise MalformedSnsMessage(
            f"the record holds SNS's {parsed['Type'][:60]!r} message of "
            f"{parsed['TopicArn'][:300]}, not "
            "a notification: SNS sends a queue no confirmation when it subscribes it with "
            "its queue policy. Fix: use worker.subscribe(topic) for the subscription, or "
            "visit the SubscribeURL the message holds to confirm it"
        )
    return parsed


def _envelope_attributes(given: object) -> dict[str, str]:
    """``{"name": {"Type": "String", "Value": "v"}}`` as ``{"name": "v"}``."""
    if not isinstance(given, Mapping):
        return {}
    return {
        str(name): attribute["Value"]
        for name, attribute in given.items()
        if isinstance(attribute, Mapping) and isinstance(attribute.get("Value"), str)
    }


def _record_attributes(record: Mapping[str, Any]) -> dict[str, str]:
    """The record's ``messageAttributes`` (raw delivery puts the message's there) as text."""
    given = record.get("messageAttributes")
    if not isinstance(given, Mapping):
        return {}
    found = {}
    for name, attribute in given.items():
        if not isinstance(attribute, Mapping):
            continue
        value = attribute.get("stringValue", attribute.get("binaryValue"))
        if isinstance(value, str):
            found[str(name)] = value
    return found
