"""constructs_lib_runtime.testing builds the event of every trigger the library wires
(left54): a ScheduledJob's run (its payload, Scheduler's context attributes replaced), an SNS
notification in a QueueWorker's queue and a gradual deployment's hook call, read by the
runtime helpers as the real ones are."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from constructs_lib_runtime import deployment_hooks, testing
from constructs_lib_runtime.sns_messages import sns_message
from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import (
    deployment_hook_event,
    scheduled_job_event,
    sns_notification_body,
    sqs_event,
    sqs_record,
)

# every builder the README's handler-testing section names, one per trigger
TRIGGERS = {
    "API route": "http_api_event",
    "Lambda authorizer": "http_api_authorizer_event",
    "QueueWorker (SQS)": "sqs_event",
    "StreamWorker (DynamoDB stream)": "stream_event",
    "BucketEvents (S3 in SQS)": "object_created_body",
    "EventHandler (EventBridge)": "eventbridge_event",
    "ScheduledJob (Scheduler)": "scheduled_job_event",
    "subscribe (SNS in SQS)": "sns_notification_body",
    "Deployment hook (CodeDeploy)": "deployment_hook_event",
}


@pytest.mark.parametrize("builder", TRIGGERS.values())
def test_every_trigger_has_a_builder(builder: str) -> None:
    assert builder in testing.__all__ and callable(getattr(testing, builder))


def test_a_scheduled_job_s_event_is_its_payload_with_the_run_s_values() -> None:
    # GIVEN a job's payload holding Scheduler's context attributes
    payload = {
        "report": "daily-summary",
        "scheduled_time": "<aws.scheduler.scheduled-time>",
        "run": ["<aws.scheduler.execution-id>/<aws.scheduler.attempt-number>"],
        "nested": {"schedule": "<aws.scheduler.schedule-arn>", "misspelt": "<aws.scheduler.x>"},
    }
    # WHEN a retry's event is built
    event = scheduled_job_event(
        payload,
        scheduled_time=datetime(2026, 5, 4, 5, 0, tzinfo=UTC),
        schedule="Nightly",
        execution_id="e-1",
        attempt_number=2,
    )
    # THEN it is the payload itself, each attribute as Scheduler writes it
    assert event == {
        "report": "daily-summary",
        "scheduled_time": "2026-05-04T05:00:00Z",
        "run": ["e-1/2"],
        "nested": {
            "schedule": "arn:aws:scheduler:us-east-1:123456789012:schedule/default/Nightly",
            "misspelt": "<aws.scheduler.x>",  # passed on as written, as Scheduler does
        },
    }
    assert payload["scheduled_time"] == "<aws.scheduler.scheduled-time>"  # not changed
    assert scheduled_job_event() == {}  # ScheduledJob's default payload


@pytest.mark.parametrize(
    ("payload", "kwargs", "error", "message"),
    [
        (["a"], {}, TypeError, "scheduled_job_event: payload is a list; a ScheduledJob's payload"),
        ({"at": datetime(2026, 1, 1)}, {}, TypeError, "payload holds what JSON cannot"),
        ({}, {"attempt_number": 0}, ValueError, "Scheduler counts attempts from 1. Fix: pass 1"),
        ({}, {"scheduled_time": "2026-05-04T03:00:00"}, TypeError, "a time without a time zone"),
    ],
)
def test_a_scheduled_job_event_aws_never_sends_is_refused(
    payload: Any, kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match="Fix: ") as raised:
        scheduled_job_event(payload, **kwargs)
    assert message in str(raised.value)


def test_an_sns_notification_s_envelope_reads_as_the_published_message() -> None:
    body = sns_notification_body(
        '{"order": 1}', topic="orders", subject="new", attributes={"kind": "order"}
    )
    message = sns_message(sqs_record(body))
    assert message.json() == {"order": 1}
    assert message.topic_arn == "arn:aws:sns:us-east-1:123456789012:orders"
    assert (message.subject, dict(message.attributes)) == ("new", {"kind": "order"})
    # a batch of them is processed as SQS delivers it
    seen: list[Any] = []
    response = process_batch(sqs_event(sqs_record(body)), lambda r: seen.append(sns_message(r)))
    assert response == {"batchItemFailures": []} and len(seen) == 1
    with pytest.raises(TypeError, match="Fix: encode it as the sender does"):
        sns_notification_body({"order": 1})  # type: ignore[arg-type]


def test_a_deployment_hook_event_is_reported_on_by_run_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the variable the library gives a hook's function: the version being deployed
    monkeypatch.setenv("TARGET_VERSION_ARN", "arn:aws:lambda:us-east-1:123456789012:function:f:2")
    reported: list[dict[str, str]] = []

    class Client:
        def put_lifecycle_event_hook_execution_status(self, **status: str) -> None:
            reported.append(status)

    event = deployment_hook_event("d-1", "e-1")
    assert event == {"DeploymentId": "d-1", "LifecycleEventHookExecutionId": "e-1"}
    assert deployment_hooks.run_hook(event, lambda target: None, client=Client())
    assert reported == [
        {"deploymentId": "d-1", "lifecycleEventHookExecutionId": "e-1", "status": "Succeeded"}
    ]
