"""What every asynchronously invoked function shares: Lambda's own retries of a failed
run, within Lambda's limits, then its invocation record into a dead-letter queue."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_destinations as destinations
from aws_cdk import aws_sqs as sqs

from constructs_lib import _nag
from constructs_lib._core.link_grants import grant_and_acknowledge
from constructs_lib._facts import seconds_of
from constructs_lib._jsii import is_unresolved

__all__ = ["LAMBDA_MAX_EVENT_AGE_SECONDS", "LAMBDA_MAX_RETRY_ATTEMPTS", "send_failures_to"]

# Lambda's own limits for asynchronous invocations (EventInvokeConfig).
LAMBDA_MAX_RETRY_ATTEMPTS = 2
LAMBDA_MAX_EVENT_AGE_SECONDS = 6 * 3600


def send_failures_to(
    alias: lambda_.Alias, queue: sqs.IQueue, *, retry_attempts: int, max_event_age: Duration
) -> None:
    """Lambda retries a failed run ``retry_attempts`` times (at most 2) for up to
    ``max_event_age`` (at most 6 hours), then records it in ``queue``."""

    def configure(_: object) -> None:
        alias.configure_async_invoke(
            on_failure=destinations.SqsDestination(queue),
            retry_attempts=(
                LAMBDA_MAX_RETRY_ATTEMPTS
                if is_unresolved(retry_attempts)
                else min(retry_attempts, LAMBDA_MAX_RETRY_ATTEMPTS)
            ),
            max_event_age=Duration.seconds(
                LAMBDA_MAX_EVENT_AGE_SECONDS
                if is_unresolved(max_event_age)
                else min(seconds_of(max_event_age), LAMBDA_MAX_EVENT_AGE_SECONDS)
            ),
        )

    if queue.encryption_master_key is None:
        configure(None)
    else:  # the destination's send grant names KMS action families on the user's key
        function = alias.version.lambda_
        assert isinstance(function, lambda_.Function)
        grant_and_acknowledge(function, configure, "", reason=_nag.DEAD_LETTER_KEY_GRANT)
