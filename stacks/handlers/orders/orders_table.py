"""The orders table, shared by the order worker and the order-event handler: the rule an
order_id follows, and the table named by ``ORDERS_TABLE`` (one client per container)."""

from __future__ import annotations

import os
import re
from typing import Any

import boto3

#: What an order_id may be: 1-64 letters, digits, '-' or '_'. ``\Z``, not ``$``: ``$`` also
#: matches before a trailing newline, so ``ORDER_ID.match("o-1\n")`` would accept it.
ORDER_ID = re.compile(r"\A[A-Za-z0-9_-]{1,64}\Z")

_table: Any = None


def table() -> Any:
    global _table
    name = os.environ["ORDERS_TABLE"]
    if _table is None or _table.name != name:
        _table = boto3.resource("dynamodb").Table(name)
    return _table


__all__ = ["ORDER_ID", "table"]
