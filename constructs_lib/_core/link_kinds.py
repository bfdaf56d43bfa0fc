"""The kinds of link target (a table, a bucket, ...): each one's jsii interface, variable
suffix and grants by access, and which kind a value is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "EXPORT",
    "KINDS",
    "READ_PARAMETER",
    "SEND_EMAIL",
    "SUPPORTED",
    "Kind",
    "jsii_types",
    "kind_of",
]


@dataclass(frozen=True)
class Kind:
    """A kind of link target: its jsii interface, variable suffix and grants by access."""

    name: str
    interface: str
    suffix: str
    value: str  # the attribute the variable holds
    grants: Mapping[str, str]  # access -> aws-cdk-lib grant method; the first is the default
    # what the variable holds for a target of another account, where its name would address
    # the function's own (DynamoDB's TableName and EventBridge's EventBusName take an ARN)
    arn: str | None = None
    # an access whose API call takes another attribute: its (suffix, attribute)
    # (ExportTableToPointInTime takes TableArn, no TableName)
    variables: tuple[tuple[str, tuple[str, str]], ...] = ()

    @property
    def default(self) -> str:
        return next(iter(self.grants))

    def suffix_for(self, access: str) -> str:
        return dict(self.variables).get(access, (self.suffix, self.value))[0]

    def value_for(self, access: str) -> str:
        return dict(self.variables).get(access, (self.suffix, self.value))[1]


#: The access whose grant aws-cdk-lib has no method for: link_export.py grants it.
EXPORT = "export"
#: SES's sending, granted by link_email.py: aws-cdk-lib's grant_send_email leaves out the
#: configuration set SES checks too, and a configuration set has no grant method.
SEND_EMAIL = "send_email"
#: Parameter Store's reading, granted by link_parameter.py: aws-cdk-lib's grant_read adds
#: actions reading needs not (a parameter's history, and DescribeParameters, which IAM
#: authorizes on "*" only).
READ_PARAMETER = "read_parameter"
_TABLE_GRANTS = {
    "read_write": "grant_read_write_data",
    "read": "grant_read_data",
    "write": "grant_write_data",
    EXPORT: EXPORT,
}
KINDS = (
    Kind(
        "table",
        "aws-cdk-lib.aws_dynamodb.ITable",
        "TABLE_NAME",
        "table_name",
        _TABLE_GRANTS,
        "table_arn",
        ((EXPORT, ("TABLE_ARN", "table_arn")),),
    ),
    Kind(
        "bucket",
        "aws-cdk-lib.aws_s3.IBucket",
        "BUCKET_NAME",
        "bucket_name",
        {
            "read_write": "grant_read_write",
            "read": "grant_read",
            "put": "grant_put",
            EXPORT: EXPORT,
        },
    ),
    Kind(
        "topic",
        "aws-cdk-lib.aws_sns.ITopic",
        "TOPIC_ARN",
        "topic_arn",
        {"publish": "grant_publish"},
    ),
    Kind(
        "secret",
        "aws-cdk-lib.aws_secretsmanager.ISecret",
        "SECRET_ARN",
        "secret_arn",
        {"read": "grant_read"},
    ),
    Kind(
        "queue",
        "aws-cdk-lib.aws_sqs.IQueue",
        "QUEUE_URL",
        "queue_url",
        {"send": "grant_send_messages"},
    ),
    Kind(
        "event bus",
        "aws-cdk-lib.aws_events.IEventBus",
        "EVENT_BUS_NAME",
        "event_bus_name",
        {"publish": "grant_put_events_to"},
        "event_bus_arn",
    ),
    # another account's identity (sending authorization): the call's
    # FromEmailAddressIdentityArn takes its ARN, which ends in its name
    Kind(
        "email identity",
        "aws-cdk-lib.aws_ses.IEmailIdentity",
        "EMAIL_IDENTITY_NAME",
        "email_identity_name",
        {"send": SEND_EMAIL},
        "email_identity_arn",
    ),
    Kind(
        "configuration set",
        "aws-cdk-lib.aws_ses.IConfigurationSet",
        "CONFIGURATION_SET_NAME",
        "configuration_set_name",
        {"send": SEND_EMAIL},
    ),
    # a String, StringList or SecureString parameter: the function reads it at run time by
    # the name its variable holds (the name, or the ARN it was imported by: link_parameter)
    Kind(
        "parameter",
        "aws-cdk-lib.aws_ssm.IParameter",
        "PARAMETER_NAME",
        "parameter_name",
        {"read": READ_PARAMETER},
    ),
)
SUPPORTED = (
    "a QueueWorker, a ServerlessApi with a table, a dynamodb table, an s3 bucket, an sns "
    "topic, a secretsmanager secret, an sqs queue, an events bus, an ses email identity "
    "or configuration set, or an ssm parameter, as is or in "
    "Link.to/read/write/read_write/put/export(...)"
)


def jsii_types(value: object) -> set[str]:
    """The jsii types (classes and interfaces) ``value`` is or implements."""
    delegates = vars(value).get("_delegates") if hasattr(value, "__dict__") else None
    classes = [type(d) for d in delegates] if isinstance(delegates, list) else [type(value)]
    found: set[str] = set()
    for cls in classes:
        for klass in cls.__mro__:
            found.add(getattr(klass, "__jsii_type__", "") or "")
            for interface in getattr(klass, "__jsii_ifaces__", ()):
                found.update(getattr(i, "__jsii_type__", "") or "" for i in interface.__mro__)
    return found - {""}


def kind_of(value: object) -> Kind | None:
    types = jsii_types(value)
    return next((kind for kind in KINDS if kind.interface in types), None)
