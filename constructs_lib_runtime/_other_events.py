"""The events of the triggers :mod:`constructs_lib_runtime.testing` had no builder for: a
ScheduledJob's run (its payload, nothing around it), an SNS notification in a QueueWorker's
queue (SNS's envelope, without raw message delivery) and a gradual deployment's hook call
(CodeDeploy's two ids)."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from constructs_lib_runtime._event_checks import check_count, check_text, check_text_mapping
from constructs_lib_runtime._kinds import kind_of
from constructs_lib_runtime._request_parts import ACCOUNT, REGION
from constructs_lib_runtime._times import aws_time, utc_instant

__all__ = ["deployment_hook_event", "scheduled_job_event", "sns_notification_body"]

_RUN = "2026-05-04T03:00:00Z"
_SNS = f"https://sns.{REGION}.amazonaws.com"


def scheduled_job_event(
    payload: Mapping[str, Any] | None = None,
    *,
    scheduled_time: object = _RUN,
    schedule: str = "NightlyReport",
    execution_id: str = "c4f9a3b2-7e1d-4a8b-9f60-2d5e8b1a7c34",
    attempt_number: int = 1,
) -> dict[str, Any]:
    """The event a ScheduledJob's function gets for one run: its ``payload`` itself (the
    job's ``payload=``, ``{}`` by default), nothing around it, unlike an EventBridge rule's
    event: Scheduler sends the target its input as written. Each of Scheduler's context
    attributes in the payload's strings (``<aws.scheduler.scheduled-time>``, what
    ``scheduler.ContextAttribute.scheduled_time`` renders; ``schedule-arn``,
    ``execution-id``, ``attempt-number``) is replaced with the run's value, as Scheduler
    does: ``scheduled_time`` (ISO 8601 text or an aware datetime, written as Scheduler
    writes it, ``2026-05-04T03:00:00Z``), the ARN of the schedule named ``schedule``,
    ``execution_id`` and ``attempt_number`` (1 for the first attempt, more for a retry,
    as text). TypeError for a payload that is no JSON object, or holds what JSON cannot.
    """
    call = "scheduled_job_event"
    given = {} if payload is None else payload
    if not isinstance(given, Mapping):
        raise TypeError(
            f"{call}: payload is {kind_of(given)}; a ScheduledJob's payload is a JSON "
            "object, which each run receives as its event. Fix: pass the job's payload, "
            "e.g. scheduled_job_event({'report': 'daily-summary'})"
        )
    try:
        event = json.loads(json.dumps(given, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{call}: payload holds what JSON cannot ({error}); Scheduler sends the job its "
            "payload as JSON. Fix: pass the payload as JSON holds it (str, numbers, bool, "
            "None, lists and dicts; a time as ISO 8601 text)"
        ) from None
    check_count(call, "attempt_number", attempt_number)
    if attempt_number < 1:
        raise ValueError(
            f"{call}: attempt_number is {attempt_number}; Scheduler counts attempts from 1. "
            "Fix: pass 1 for a first run, 2 or more for a retry"
        )
    schedule = check_text(call, "schedule", schedule)
    run = aws_time(utc_instant(call, "scheduled_time", scheduled_time, repr(_RUN)))
    values = {
        "schedule-arn": f"arn:aws:scheduler:{REGION}:{ACCOUNT}:schedule/default/{schedule}",
        "scheduled-time": run,
        "execution-id": check_text(call, "execution_id", execution_id),
        "attempt-number": str(attempt_number),
    }
    return dict(_replaced(event, values))


def _replaced(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        for name, run_value in values.items():
            value = value.replace(f"<aws.scheduler.{name}>", run_value)
        return value
    if isinstance(value, dict):
        return {key: _replaced(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, values) for item in value]
    return copy.copy(value)


def sns_notification_body(
    message: str,
    *,
    topic: str = "orders",
    subject: str | None = None,
    attributes: Mapping[str, str] | None = None,
    message_id: str = "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
) -> str:
    """The body of the SQS message SNS delivers to a queue subscribed without raw message
    delivery (``worker.subscribe(topic, raw_message_delivery=False)``): SNS's JSON envelope
    around ``message`` (text: a JSON message as ``json.dumps(value)``), the topic's ARN,
    ``subject`` and the message ``attributes`` (String ones, by name). Pass it to
    :func:`sqs_record`. With raw message delivery (``subscribe``'s default) the body is the
    message itself and its attributes the record's:
    ``sqs_record(message, message_attributes={...})``."""
    call = "sns_notification_body"
    message = check_text(call, "message", message)
    topic = check_text(call, "topic", topic)
    subject = check_text(call, "subject", subject, optional=True)
    named = check_text_mapping(call, "attributes", attributes) or {}
    envelope: dict[str, Any] = {
        "Type": "Notification",
        "MessageId": check_text(call, "message_id", message_id),
        "TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:{topic}",
        "Message": message,
        "Timestamp": "2026-05-04T09:00:00.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQ=",
        "SigningCertURL": f"{_SNS}/SimpleNotificationService-0000000000000000000000.pem",
        "UnsubscribeURL": f"{_SNS}/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:{REGION}:"
        f"{ACCOUNT}:{topic}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
    }
    if subject is not None:
        envelope["Subject"] = subject
    if named:
        envelope["MessageAttributes"] = {
            name: {"Type": "String", "Value": value} for name, value in named.items()
        }
    return json.dumps(envelope)


def deployment_hook_event(
    deployment_id: str = "d-ABCDEF123", execution_id: str = "eyJlIjoiMSJ9"
) -> dict[str, str]:
    """The event CodeDeploy invokes a gradual deployment's hook with
    (``Deployment.canary(pre_traffic=...)``): the deployment's id and the hook execution's,
    which ``run_hook`` reports the outcome with (pass it a stub ``client=`` in a test)."""
    call = "deployment_hook_event"
    return {
        "DeploymentId": check_text(call, "deployment_id", deployment_id),
        "LifecycleEventHookExecutionId": check_text(call, "execution_id", execution_id),
    }
