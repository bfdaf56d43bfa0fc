"""Counts the stored orders (the nightly job)."""

import os
from typing import Any

import boto3


def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    return {"orders": table.scan(Select="COUNT")["Count"]}
