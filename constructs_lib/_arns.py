"""Which service an imported resource's ARN must name. aws-cdk-lib's ``from_..._arn``
methods take any ARN (``Queue.from_queue_arn`` an SNS topic's), so the resource they
return stands for something of another service: its grants name a resource that is not
there, and what the construct wires to it fails at deploy or at run time."""

from __future__ import annotations

import re
from collections.abc import Mapping

from constructs_lib._arn_partitions import check_arn_partition
from constructs_lib._imported_accounts import check_imported_account
from constructs_lib._imported_names import check_imported_name, check_queue_url
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_imported_arn", "check_one_resource", "service_of"]

#: By kind: the ARN attribute, the service it must name, the ARN's form, how to import it.
_ARNS: Mapping[str, tuple[str, str, str, str]] = {
    "table": (
        "table_arn",
        "dynamodb",
        "a DynamoDB table (arn:aws:dynamodb:<region>:<account>:table/<name>)",
        "dynamodb.Table.from_table_arn(self, 'Table', <the table's ARN>)",
    ),
    "bucket": (
        "bucket_arn",
        "s3",
        "an S3 bucket (arn:aws:s3:::<name>)",
        "s3.Bucket.from_bucket_name(self, 'Bucket', <the bucket's name>)",
    ),
    "topic": (
        "topic_arn",
        "sns",
        "an SNS topic (arn:aws:sns:<region>:<account>:<name>)",
        "sns.Topic.from_topic_arn(self, 'Topic', <the topic's ARN>)",
    ),
    "secret": (
        "secret_arn",
        "secretsmanager",
        "a Secrets Manager secret (arn:aws:secretsmanager:<region>:<account>:secret:<name>)",
        "secretsmanager.Secret.from_secret_complete_arn(self, 'Secret', <its ARN>)",
    ),
    "queue": (
        "queue_arn",
        "sqs",
        "an SQS queue (arn:aws:sqs:<region>:<account>:<name>)",
        "sqs.Queue.from_queue_arn(self, 'Queue', <the queue's ARN>)",
    ),
    "key": (
        "key_arn",
        "kms",
        "a KMS key (arn:aws:kms:<region>:<account>:key/<key id>)",
        "kms.Key.from_key_arn(self, 'Key', <the key's ARN>)",
    ),
    "event bus": (
        "event_bus_arn",
        "events",
        "an EventBridge event bus (arn:aws:events:<region>:<account>:event-bus/<name>)",
        "events.EventBus.from_event_bus_arn(self, 'Bus', <the bus's ARN>)",
    ),
    "email identity": (
        "email_identity_arn",
        "ses",
        "an SES email identity (arn:aws:ses:<region>:<account>:identity/<domain or address>)",
        "ses.EmailIdentity.from_email_identity_arn(self, 'Sender', <the identity's ARN>)",
    ),
    "parameter": (
        "parameter_arn",
        "ssm",
        "an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>)",
        "ssm.StringParameter.from_string_parameter_arn(self, 'Parameter', <its ARN>)",
    ),
    # aws-cdk-lib's configuration sets have no ARN (imported by name only): nothing to check
    "configuration set": (
        "configuration_set_arn",
        "ses",
        "an SES configuration set",
        "ses.ConfigurationSet.from_configuration_set_name(self, 'Tracking', <its name>)",
    ),
}


def check_imported_arn(
    v: Validator, resource: object, prop: str, kind: str, effect: str, *, pattern: bool = False
) -> bool:
    """Adds a problem when ``resource`` (a ``kind`` of :data:`_ARNS`) was imported from the
    ARN of another service, of another partition than the stack's region, with an account
    that is no account ID, or (unless ``pattern``: a link's grant may name many) from an
    IAM pattern (``*``, ``?``); ``effect`` says what that breaks. Whether it was not (a
    resource of the app, whose ARN is a token, passes)."""
    attribute, service, form, how = _ARNS[kind]
    arn = getattr(resource, attribute, None)
    if not v.check_arn_service(
        arn, service, prop, form, f"import the {kind} itself: {how}", f": {effect}"
    ) or not check_arn_partition(v, arn, prop, f": {effect}"):
        return False
    if not check_imported_account(v, resource, arn, prop, kind):
        return False
    if not pattern and not check_one_resource(v, arn, prop, kind, effect):
        return False
    if kind == "table" and not _check_table_arn(v, arn, prop, effect):
        return False
    if kind in ("table", "email identity", "configuration set"):
        return check_imported_name(v, resource, kind, prop)
    return kind != "queue" or check_queue_url(v, resource, prop)


def check_one_resource(v: Validator, arn: object, prop: str, kind: str, effect: str) -> bool:
    """An ARN with ``*`` or ``?`` (IAM's wildcards: no name of these services holds one)
    stands for any number of resources: an event source mapping, a subscription, a rule or
    an alarm names one, and the grant and variable a construct derives from it are the
    pattern's text. A token's literal parts are read too (a token's text holds neither)."""
    if not isinstance(arn, str):
        return True
    wildcards = [w for w in ("*", "?") if w in arn]
    return v.check(
        not wildcards,
        prop,
        f"was imported from {arn!r}, a pattern ({' and '.join(wildcards)}) that stands for "
        f"any number of resources, not one {kind}'s ARN: {effect}",
        f"import the one {kind} by its own ARN: {_ARNS[kind][3]}",
    )


# an index's or stream's ARN: table/<name>/index/<index>, table/<name>/stream/<label>
_TABLE_PART = re.compile(r"table/(?P<table>[^/]+)/(?P<part>index|stream)/(?P<name>.*)")


def _check_table_arn(v: Validator, arn: object, prop: str, effect: str) -> bool:
    """A DynamoDB ARN of a table's index or stream (``Table.from_table_arn`` takes it, and
    the table's name becomes ``orders/index/byDate``)."""
    if not isinstance(arn, str) or is_unresolved(arn) or arn.count(":") < 5:
        return True
    found = _TABLE_PART.fullmatch(arn.split(":", 5)[5])
    if found is None:
        return True
    part = found["part"]
    table_arn = arn[: arn.index(f"/{part}/")]
    return v.check(
        False,
        prop,
        f"was imported from {arn!r}, the ARN of the {part} {found['name']!r} of the table "
        f"{found['table']!r}, not of a table: {effect}",
        f"import the table itself: dynamodb.Table.from_table_arn(self, 'Table', {table_arn!r})"
        + (
            "; to query its indexes, Table.from_table_attributes(self, 'Table', "
            f"table_arn={table_arn!r}, grant_index_permissions=True)"
            if part == "index"
            else ""
        ),
    )


def service_of(kind: str) -> str:
    """The service a ``kind`` of :data:`_ARNS` belongs to, as its ARNs name it (``"sqs"``),
    which is also the name of its VPC endpoint (``Handler(endpoints=...)``)."""
    return _ARNS[kind][1]
