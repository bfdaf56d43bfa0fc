"""A StreamWorker's ``max_record_age`` against the 24 hours a DynamoDB stream keeps each
record. Lambda takes 60 s..7 days for any stream (the 7 days are a Kinesis stream's
longest retention), so an age over 24 hours deploys, but the stream drops a record at 24
hours: a batch that keeps failing is never skipped by age, only by ``retry_attempts`` or by
the stream, which drops its records without sending their pointers to the dead-letter
queue. A warning, not an error: Lambda accepts it, and the records still go to the
dead-letter queue after ``retry_attempts``."""

from __future__ import annotations

from aws_cdk import Annotations

from constructs_lib._validation import Validator

__all__ = ["RECORD_AGE_BEYOND_STREAM_WARNING", "warn_if_beyond_stream"]

RECORD_AGE_BEYOND_STREAM_WARNING = "constructs_lib:recordAgeBeyondStream"
#: How long a DynamoDB stream keeps each record.
STREAM_RETENTION_SECONDS = 86400


def warn_if_beyond_stream(v: Validator, seconds: float | None) -> None:
    """Warns when ``seconds`` (the checked ``max_record_age``; None: not a number, or not
    given) is longer than the stream keeps a record."""
    if seconds is None or seconds <= STREAM_RETENTION_SECONDS:
        return
    Annotations.of(v.scope).add_warning_v2(
        RECORD_AGE_BEYOND_STREAM_WARNING,
        f"max_record_age is {seconds:g} seconds, longer than the {STREAM_RETENTION_SECONDS} "
        "seconds (24 hours) a DynamoDB stream keeps each record: no record reaches that "
        "age, so a failing batch is never skipped by age; the stream drops its records at "
        "24 hours, and their pointers never reach the dead-letter queue. Lambda takes up to "
        "7 days for a Kinesis stream's sake. Fix: pass max_record_age=Duration.hours(24) or "
        "less (the default is Duration.hours(1)); if the retries are meant to end the "
        f"batch first, acknowledge '{RECORD_AGE_BEYOND_STREAM_WARNING}'.",
    )
