"""How to import a resource another stage creates, for the fix of a reference across
stages: the call for the resource's own kind (a topic is not imported with
``Table.from_table_name``), and its name or ARN written out, since the other stage's
``bucket.bucket_name`` is itself a reference across stages (aws-cdk-lib's
NoCrossStageDependency at synth), also inside an intrinsic such as ``Fn.join``."""

from __future__ import annotations

from aws_cdk import (
    Aws,
    DefaultTokenResolver,
    IPostProcessor,
    IResolvable,
    IResolveContext,
    Reference,
    StringConcat,
    Tokenization,
)
from constructs import Construct

from constructs_lib._facts import attribute_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved

__all__ = ["IDENTIFIERS", "import_example", "imported_from", "may_refer"]

#: What an import is known by, of each kind whose import ``import_example`` names.
IDENTIFIERS = (
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
    CfnBucket; also inside an intrinsic, ``Fn.join("", [other.bucket_name])``), else None
    (a literal); asked of the jsii kernel once per import (each time for one whose name
    or ARN holds an intrinsic)."""
    if resource in _IMPORTED_FROM:
        return _IMPORTED_FROM.get(resource)
    ready = [True]  # set False by an intrinsic, which is not remembered
    target = _referred(resource, ready)
    if ready[0]:
        _IMPORTED_FROM.set(resource, target)
    return target


def _referred(resource: object, ready: list[bool]) -> Construct | None:
    for attribute in IDENTIFIERS:
        value = attribute_of(resource, attribute)
        if not isinstance(value, str) or not may_refer(value):
            continue
        fragments = Tokenization.reverse_string(value)
        for token in fragments.tokens if fragments is not None else ():
            if not isinstance(token, Reference):
                # an intrinsic is resolved each time: a Lazy value of the user's in it may
                # not be ready yet, or answer otherwise later
                ready[0] = False
            target = _referenced(token, resource)
            if target is not None:
                return target
    return None


#: The pseudo parameters' tokens, read once per process (see may_refer).
_PSEUDO_PARAMETERS: list[str] = []


def may_refer(value: str) -> bool:
    """Whether ``value`` holds a token that may refer to a construct: one other than the
    pseudo parameters an env-agnostic stack's ``format_arn`` writes
    (``arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alarms``). Resolving
    each of those three was five round trips to the jsii kernel per import and attribute
    (the demo's TodoApi 60, an app without any reference across stages or stacks)."""
    if not _PSEUDO_PARAMETERS:
        names = ("ACCOUNT_ID", "PARTITION", "REGION", "URL_SUFFIX", "STACK_NAME", "STACK_ID")
        _PSEUDO_PARAMETERS.extend(getattr(Aws, name) for name in names)
    for pseudo in _PSEUDO_PARAMETERS:
        value = value.replace(pseudo, "")
    return is_unresolved(value)


def _referenced(token: IResolvable, resource: object) -> Construct | None:
    """The construct ``token`` refers to: a reference's target, or the first one referred
    to inside an intrinsic (``Fn.join``, ``Fn.select``), which only resolving it reveals
    (in the import's scope, as its stack would)."""
    if isinstance(token, Reference):
        return token.target if isinstance(token.target, Construct) else None
    if not isinstance(resource, Construct):
        return None
    noted = _NotingReferences()
    try:
        Tokenization.resolve(token, scope=resource, resolver=noted)
    except RuntimeError:  # a Lazy value of the user's, not ready before synth: no answer
        return None
    return next((r.target for r in noted.references if isinstance(r.target, Construct)), None)


class _NotingReferences(DefaultTokenResolver):
    """Resolves as the template would, noting each reference met on the way."""

    def __init__(self) -> None:
        super().__init__(StringConcat())
        self.references: list[Reference] = []

    def resolve_token(
        self, t: IResolvable, context: IResolveContext, post_processor: IPostProcessor
    ) -> object:
        if isinstance(t, Reference):
            self.references.append(t)
        return super().resolve_token(t, context, post_processor)
