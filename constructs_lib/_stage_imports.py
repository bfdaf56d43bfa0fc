"""How to import a resource another stage creates, for the fix of a reference across
stages: the call for the resource's own kind (a topic is not imported with
``Table.from_table_name``), and its name or ARN written out, since the other stage's
``bucket.bucket_name`` is itself a reference across stages (aws-cdk-lib's
NoCrossStageDependency at synth)."""

from __future__ import annotations

from aws_cdk import Reference, Token, Tokenization
from constructs import Construct

from constructs_lib._facts import attribute_of
from constructs_lib._identity_map import IdentityMap

__all__ = ["import_example", "imported_from"]

#: What an import is known by, of each kind whose import ``import_example`` names.
_IDENTIFIERS = (
    "table_arn",
    "table_name",
    "table_stream_arn",
    "topic_arn",
    "secret_arn",
    "bucket_name",
    "bucket_arn",
    "event_bus_name",
    "event_bus_arn",
    "queue_arn",
    "queue_url",
    "key_arn",
)

#: (an attribute only that kind has, its import), the most specific first: a QueueWorker
#: and a ServerlessApi are named by what a link reaches of them.
_IMPORTS = (
    (
        "table_stream_arn",
        "dynamodb.Table.from_table_attributes(self, 'Table', table_arn='arn:aws:dynamodb:...', "
        "table_stream_arn=... for a StreamWorker)",
    ),
    ("topic_arn", "sns.Topic.from_topic_arn(self, 'Topic', 'arn:aws:sns:...')"),
    (
        "secret_arn",
        "secretsmanager.Secret.from_secret_complete_arn(self, 'Secret', "
        "'arn:aws:secretsmanager:...')",
    ),
    ("bucket_name", "s3.Bucket.from_bucket_name(self, 'Bucket', 'my-bucket')"),
    ("event_bus_name", "events.EventBus.from_event_bus_name(self, 'Bus', 'my-bus')"),
    ("queue_url", "sqs.Queue.from_queue_arn(self, 'Queue', 'arn:aws:sqs:...')"),
    ("key_arn", "kms.Key.from_key_arn(self, 'Key', 'arn:aws:kms:...')"),
    ("user_pool_id", "cognito.UserPool.from_user_pool_id(self, 'Pool', 'eu-west-1_...')"),
    ("vpc_id", "ec2.Vpc.from_lookup(self, 'Vpc', vpc_id='vpc-...')"),
    ("security_group_id", "ec2.SecurityGroup.from_security_group_id(self, 'Sg', 'sg-...')"),
    ("certificate_arn", "acm.Certificate.from_certificate_arn(self, 'Cert', 'arn:aws:acm:...')"),
    (
        "hosted_zone_id",
        "route53.HostedZone.from_hosted_zone_attributes(self, 'Zone', hosted_zone_id=..., "
        "zone_name=...)",
    ),
)


def import_example(resource: object) -> str:
    """The import of ``resource``'s kind, its name or ARN written out, as a fix says it."""
    for attribute, call in _IMPORTS:
        if hasattr(resource, attribute):
            return (
                f"e.g. {call}, its name or ARN written out: the other stage's attribute is "
                "itself a reference across stages"
            )
    return "its name or ARN written out: the other stage's attribute is a reference too"


#: What each import refers to: every prop's stage check asks, for each construct it checks
#: (an import's name and ARN are set when it is made, never changed).
_IMPORTED_FROM: IdentityMap[Construct | None] = IdentityMap()


def imported_from(resource: object) -> Construct | None:
    """The construct an import's name or ARN refers to
    (``s3.Bucket.from_bucket_name(self, "Uploads", other.bucket_name)``: ``other``'s
    CfnBucket), else None (a literal); asked of the jsii kernel once per import."""
    return _IMPORTED_FROM.remembered(resource, lambda: _referred(resource))


def _referred(resource: object) -> Construct | None:
    for attribute in _IDENTIFIERS:
        value = attribute_of(resource, attribute)
        if not isinstance(value, str) or not Token.is_unresolved(value):
            continue
        fragments = Tokenization.reverse_string(value)
        for token in fragments.tokens if fragments is not None else ():
            if isinstance(token, Reference) and isinstance(token.target, Construct):
                return token.target
    return None
