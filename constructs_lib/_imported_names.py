"""What an imported resource was given besides its ARN that names another resource:
``Table.from_table_name`` given the table's ARN (the grant then names
``table/arn:aws:dynamodb:...``), and ``Queue.from_queue_attributes`` given the URL of
another queue than its ARN (the variable names one queue, the grant another). Both
synthesized, and the function was denied at run time."""

from __future__ import annotations

import re

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_queue_url", "check_table_name"]

# DynamoDB's table names: 3 to 255 letters, digits, '_', '-' and '.'
_TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")
# https://sqs.<region>.amazonaws.com/<account>/<name> (and the legacy <region>.queue host)
_QUEUE_URL = re.compile(
    r"https://(?:sqs\.(?P<region>[a-z0-9-]+)|(?P<legacy>[a-z0-9-]+)\.queue)\.amazonaws\.com"
    r"(?:\.cn)?/(?P<account>[0-9]{12})/(?P<name>[^/]+)"
)


def check_table_name(v: Validator, table: object, prop: str) -> bool:
    """A table imported by a name that no table has (an ARN, a path). Whether it is not."""
    name = getattr(table, "table_name", None)
    if not isinstance(name, str) or is_unresolved(name) or _TABLE_NAME.fullmatch(name):
        return True
    return v.check(
        False,
        prop,
        f"is a table imported by the name {name!r}, which no DynamoDB table has (3 to 255 "
        "letters, digits, '_', '-' or '.'): its grant would name no table",
        "import it by its ARN: dynamodb.Table.from_table_arn(self, 'Table', <the ARN>)"
        if name.startswith("arn:")
        else "pass the table's name",
    )


def check_queue_url(v: Validator, queue: object, prop: str) -> bool:
    """A queue imported with a URL of another queue than its ARN. Whether it is not."""
    url, arn = getattr(queue, "queue_url", None), getattr(queue, "queue_arn", None)
    if not all(isinstance(value, str) and not is_unresolved(value) for value in (url, arn)):
        return True
    found, parts = _QUEUE_URL.fullmatch(str(url)), str(arn).split(":")
    if found is None or len(parts) != 6:
        return True
    from_url = (found["region"] or found["legacy"], found["account"], found["name"])
    from_arn = (parts[3], parts[4], parts[5])
    return v.check(
        from_url == from_arn,
        prop,
        f"was imported with the URL {url!r} and the ARN {arn!r}, which name different "
        "queues: the function's variable would name one and its grant the other",
        "pass the URL and ARN of the same queue (or only its ARN: "
        "sqs.Queue.from_queue_arn(self, 'Queue', <ARN>))",
    )
