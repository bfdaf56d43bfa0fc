"""What the handler specs share for moto: fake credentials (never a real account's) and
the demo's orders table as OrdersStack declares it."""

from __future__ import annotations

from typing import Any

import boto3
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


def create_orders_table(name: str = "orders") -> Any:
    """The orders table (key ``order_id``, a string; on demand), inside ``mock_aws()``."""
    boto3.client("dynamodb").create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return boto3.resource("dynamodb").Table(name)
