"""Stores each order of an SQS batch; a bad record is retried, then dead-lettered."""

import os
from typing import Any

import boto3

from constructs_lib_runtime.sqs_batch import json_body, process_batch

_table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_batch(event, lambda record: _table.put_item(Item=json_body(record)))
