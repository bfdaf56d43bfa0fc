"""What an imported resource was given besides its ARN that names another resource:
``Table.from_table_name`` given the table's ARN (the grant then names
``table/arn:aws:dynamodb:...``), and ``Queue.from_queue_attributes`` given the URL of
another queue than its ARN (the variable names one queue, the grant another), and an SES
identity or configuration set imported by its ARN or an empty text as its name (the grant
names ``identity/arn:aws:ses:...``). They synthesized, and the function was denied at run
time."""

from __future__ import annotations

import re

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib._words import with_article

__all__ = ["check_imported_name", "check_queue_url"]

# DynamoDB's table names: 3 to 255 letters, digits, '_', '-' and '.'
_TABLE_NAME = re.compile(r"[A-Za-z0-9_.-]{3,255}")
# SES's configuration set names: up to 64 letters, digits, '_' and '-'
_CONFIGURATION_SET_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
# an identity is a domain or an address: neither is empty nor holds white space or '/'
_IDENTITY_NAME = re.compile(r"[^\s/]+")
#: By kind: the name's attribute, its shape, what names it, the import of an ARN given as
#: its name, the fix of another name.
_NAMES = {
    "table": (
        "table_name",
        _TABLE_NAME,
        "no DynamoDB table has (3 to 255 letters, digits, '_', '-' or '.')",
        "dynamodb.Table.from_table_arn(self, 'Table', <the ARN>)",
        "pass the table's name",
    ),
    "email identity": (
        "email_identity_name",
        _IDENTITY_NAME,
        "no identity has (a domain or an email address)",
        "ses.EmailIdentity.from_email_identity_arn(self, 'Sender', {arn})",
        "import it by its name: "
        "ses.EmailIdentity.from_email_identity_name(self, 'Sender', 'example.com')",
    ),
    "configuration set": (
        "configuration_set_name",
        _CONFIGURATION_SET_NAME,
        "no configuration set has (1 to 64 letters, digits, '_' or '-')",
        "ses.ConfigurationSet.from_configuration_set_name(self, 'Tracking', {name!r}), "
        "the name its ARN ends in",
        "import it by its name: "
        "ses.ConfigurationSet.from_configuration_set_name(self, 'Tracking', <its name>)",
    ),
}
# https://sqs.<region>.amazonaws.com/<account>/<name> (and the legacy <region>.queue host)
_QUEUE_URL = re.compile(
    r"https://(?:sqs\.(?P<region>[a-z0-9-]+)|(?P<legacy>[a-z0-9-]+)\.queue)\.amazonaws\.com"
    r"(?:\.cn)?/(?P<account>[0-9]{12})/(?P<name>[^/]+)"
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


def check_imported_name(v: Validator, resource: object, kind: str, prop: str) -> bool:
    """A table, SES identity or configuration set (``kind``) imported by a name none has:
    its ARN (aws-cdk-lib's configuration sets import by name only), a path or an empty
    text. Whether it is not."""
    attribute, shape, rule, from_arn, by_name = _NAMES[kind]
    name = getattr(resource, attribute, None)
    if not isinstance(name, str) or is_unresolved(name) or shape.fullmatch(name):
        return True
    return v.check(
        False,
        prop,
        f"is {with_article(kind)} imported by the name {name!r}, "
        f"which {rule}: its grant would name no {kind}",
        "import it by its ARN: " + from_arn.format(arn=repr(name), name=name.rsplit("/", 1)[-1])
        if name.startswith("arn:")
        else by_name,
    )
