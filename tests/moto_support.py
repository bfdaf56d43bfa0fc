"""What the handler specs share for moto: fake credentials (never a real account's) and
the demo's orders table as OrdersStack declares it."""

from __future__ import annotations

import time
from typing import Any

import boto3
import botocore.loaders
import botocore.session
import moto.sqs.models
import pytest


def fake_aws(patch: pytest.MonkeyPatch, region: str = "us-east-1", **env: str) -> None:
    """Fake credentials in ``region`` (moto takes any), and the variables ``env``."""
    variables = {
        "AWS_DEFAULT_REGION": region,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        **env,
    }
    for name, value in variables.items():
        patch.setenv(name, value)


def quick_sqs_clock(patch: pytest.MonkeyPatch) -> None:
    """moto's SQS reads the time from ``time.time()``, without its datetime arithmetic.

    moto asks every message of a queue whether it is visible and not delayed on every call
    (and again for the queue's attributes on every message sent), each time through
    ``unix_time_millis()``: ``datetime.now(UTC)`` minus the epoch as a datetime. With a
    hundred messages that is most of a test's CPU. Same clock, milliseconds since the epoch
    at microsecond steps; like moto's own (a read takes it microseconds), two reads never
    return the same time: moto relies on that, e.g. a message whose visibility timeout is
    set to 0 must be visible when read right after. A time moto passes in is converted by
    moto."""
    convert = moto.sqs.models.unix_time_millis
    last = [0.0]

    def unix_time_millis(dt: Any = None) -> float:
        if dt is not None:
            return float(convert(dt))
        last[0] = max(time.time() * 1000.0, last[0] + 0.001)
        return last[0]

    patch.setattr(moto.sqs.models, "unix_time_millis", unix_time_millis)


def share_botocore_data() -> None:
    """One botocore data loader per process instead of one per session.

    moto gives every ``mock_aws()`` a new default boto3 session, and each new session
    parsed botocore's JSON (endpoints, partitions, service models) again: about 0.1 s per
    test that creates a client, a few CPU-seconds per module. The loaded data is
    read-only, as it already is for the clients of one session."""
    create_loader = botocore.loaders.create_loader
    loaders: dict[str | None, botocore.loaders.Loader] = {}

    def shared_loader(search_path_string: str | None = None) -> botocore.loaders.Loader:
        if search_path_string not in loaders:
            loaders[search_path_string] = create_loader(search_path_string)
        return loaders[search_path_string]

    botocore.session.create_loader = shared_loader  # type: ignore[attr-defined]


def create_orders_table(name: str = "orders") -> Any:
    """The orders table (key ``order_id``, a string; on demand), inside ``mock_aws()``."""
    boto3.client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return boto3.resource("dynamodb").Table(name)
