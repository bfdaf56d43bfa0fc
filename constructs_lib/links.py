"""Link: what a Handler's function may use, with least privilege and one variable naming it.

``Handler(links=[worker, table, bucket, secret])`` grants the function what it needs on each
target (aws-cdk-lib's own ``grant_*`` methods, KMS keys included) and puts the target's
name, URL or ARN into one documented environment variable. ``Link`` narrows the access or
renames the variable: ``Link.read(table)``, ``Link.put(bucket, prefix="reports/")``,
``Link.to(worker, env="ORDERS_QUEUE")``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

import constructs_lib
from constructs_lib._arguments import checked_arguments, checked_init
from constructs_lib._factories import Factories
from constructs_lib._prop_types import OWN_RULE

if TYPE_CHECKING:
    from aws_cdk import aws_dynamodb as dynamodb
    from aws_cdk import aws_events as events
    from aws_cdk import aws_s3 as s3
    from aws_cdk import aws_secretsmanager as secretsmanager
    from aws_cdk import aws_ses as ses
    from aws_cdk import aws_sns as sns
    from aws_cdk import aws_sqs as sqs
    from aws_cdk import aws_ssm as ssm

    from constructs_lib.queue_worker import QueueWorker
    from constructs_lib.serverless_api import ServerlessApi

    #: What a link may point at (as is, or inside a ``Link``).
    Linkable: TypeAlias = (
        QueueWorker
        | ServerlessApi
        | dynamodb.ITable
        | s3.IBucket
        | sns.ITopic
        | secretsmanager.ISecret
        | sqs.IQueue
        | events.IEventBus
        | ses.IEmailIdentity
        | ses.IConfigurationSet
        | ssm.IParameter
    )

__all__ = ["Link", "Linkable", "link_identity"]


@checked_init
@dataclass(frozen=True)
class Link(metaclass=Factories):
    """A link with a chosen access or variable name; a bare target means its defaults.

    ============================  ==========================  =====================================
    target                        access (default first)      environment variable
    ============================  ==========================  =====================================
    ``QueueWorker``               send                        ``<ID>_QUEUE_URL``
    ``ServerlessApi`` (its table) read_write, read, write,    ``<ID>_TABLE_NAME``
                                  export                      (export: ``<ID>_TABLE_ARN``)
    ``dynamodb.ITable``           read_write, read, write,    ``<ID>_TABLE_NAME``
                                  export                      (export: ``<ID>_TABLE_ARN``)
    ``s3.IBucket``                read_write, read, put,      ``<ID>_BUCKET_NAME``
                                  export
    ``sns.ITopic``                publish                     ``<ID>_TOPIC_ARN``
    ``secretsmanager.ISecret``    read                        ``<ID>_SECRET_ARN``
    ``sqs.IQueue``                send                        ``<ID>_QUEUE_URL``
    ``events.IEventBus``          publish                     ``<ID>_EVENT_BUS_NAME``
    ``ses.IEmailIdentity``        send                        ``<ID>_EMAIL_IDENTITY_NAME``
    ``ses.IConfigurationSet``     send                        ``<ID>_CONFIGURATION_SET_NAME``
    ``ssm.IParameter`` (String,   read                        ``<ID>_PARAMETER_NAME`` (its
    StringList, SecureString)                                 name; imported by ARN: its ARN)
    ============================  ==========================  =====================================

    ``<ID>`` is the target's construct id in UPPER_SNAKE_CASE (``OrdersWorker`` ->
    ``ORDERS_WORKER``).

    :param target: what the function uses (see the table).
    :param access: one of the target's accesses. Default: the first one listed.
    :param env: the environment variable's name. Default: ``<ID>_<SUFFIX>`` as above.
    :param prefix: buckets only: grant on the objects under this key prefix only
        (``"reports/"``). Default: every object of the bucket.
    """

    target: constructs_lib.Linkable = field(metadata=OWN_RULE)  # check_links checks it
    access: str | None = None
    env: str | None = None
    prefix: str | None = None

    @classmethod
    @checked_arguments
    def to(cls, target: constructs_lib.Linkable, *, env: str | None = None) -> Link:
        """The target's default access, with the variable named ``env``.

        :param target: what the function uses (see :class:`Link`'s table).
        :param env: the environment variable's name. Default: ``<ID>_<SUFFIX>`` (see
            :class:`Link`).
        """
        return cls(target, env=env)

    @classmethod
    @checked_arguments
    def read(
        cls, target: constructs_lib.Linkable, *, env: str | None = None, prefix: str | None = None
    ) -> Link:
        """Read only (a table, a bucket, a ServerlessApi's table, a secret, an SSM
        parameter).

        :param target: what the function uses (see :class:`Link`'s table).
        :param env: the environment variable's name. Default: ``<ID>_<SUFFIX>`` (see
            :class:`Link`).
        :param prefix: buckets: the key prefix granted. Default: every object.
        """
        return cls(target, "read", env, prefix)

    @classmethod
    @checked_arguments
    def write(cls, target: constructs_lib.Linkable, *, env: str | None = None) -> Link:
        """Write only, no reads (a table or a ServerlessApi's table).

        :param target: what the function uses (see :class:`Link`'s table).
        :param env: the environment variable's name. Default: ``<ID>_<SUFFIX>`` (see
            :class:`Link`).
        """
        return cls(target, "write", env)

    @classmethod
    @checked_arguments
    def read_write(
        cls, target: constructs_lib.Linkable, *, env: str | None = None, prefix: str | None = None
    ) -> Link:
        """Read and write (a table, a bucket, a ServerlessApi's table).

        :param target: what the function uses (see :class:`Link`'s table).
        :param env: the environment variable's name. Default: ``<ID>_<SUFFIX>`` (see
            :class:`Link`).
        :param prefix: buckets: the key prefix granted. Default: every object.
        """
        return cls(target, "read_write", env, prefix)

    @classmethod
    @checked_arguments
    def put(
        cls, target: constructs_lib.Linkable, *, env: str | None = None, prefix: str | None = None
    ) -> Link:
        """Put objects only, no reads, no deletes (a bucket).

        :param target: what the function uses (see :class:`Link`'s table).
        :param env: the environment variable's name. Default: ``<ID>_<SUFFIX>`` (see
            :class:`Link`).
        :param prefix: buckets: the key prefix granted. Default: every object.
        """
        return cls(target, "put", env, prefix)

    @classmethod
    @checked_arguments
    def export(
        cls, target: constructs_lib.Linkable, *, env: str | None = None, prefix: str | None = None
    ) -> Link:
        """A DynamoDB export to S3 (``export_table_to_point_in_time``), each half on its own
        target: on a table (or a ServerlessApi's table), starting its exports
        (``dynamodb:ExportTableToPointInTime``) and following them (``DescribeExport``),
        the variable holding the table's ARN, which the call takes (``<ID>_TABLE_ARN``); on
        a bucket, the writes the export makes into it with the function's permissions
        (``s3:PutObject``, ``s3:PutObjectAcl``, ``s3:AbortMultipartUpload``, and its KMS
        key's use), under ``prefix``. A job exporting a table links both:
        ``links=[Link.export(table), Link.export(bucket, prefix="exports/")]``.

        :param target: the table (or ServerlessApi) exported, or the bucket written to.
        :param env: the environment variable's name. Default: ``<ID>_TABLE_ARN`` for a
            table, ``<ID>_BUCKET_NAME`` for a bucket.
        :param prefix: buckets: the key prefix the export writes under (the call's
            ``S3Prefix``). Default: every object.
        """
        return cls(target, "export", env, prefix)


def __getattr__(name: str) -> Any:
    """``Linkable`` at run time, for a wrapper's own annotations (``links:
    Sequence[Link | Linkable]``) that are evaluated: built on first use, so that importing
    this module loads no aws_cdk module."""
    if name != "Linkable":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from aws_cdk import (
        aws_dynamodb,
        aws_events,
        aws_s3,
        aws_secretsmanager,
        aws_ses,
        aws_sns,
        aws_sqs,
        aws_ssm,
    )

    from constructs_lib.queue_worker import QueueWorker
    from constructs_lib.serverless_api import ServerlessApi

    return (
        QueueWorker
        | ServerlessApi
        | aws_dynamodb.ITable
        | aws_s3.IBucket
        | aws_sns.ITopic
        | aws_secretsmanager.ISecret
        | aws_sqs.IQueue
        | aws_events.IEventBus
        | aws_ses.IEmailIdentity
        | aws_ses.IConfigurationSet
        | aws_ssm.IParameter
    )


def link_identity(link: object) -> tuple[object, ...]:
    """What tells two links apart (for sharing one function between equal Handlers)."""
    target: Any = link.target if isinstance(link, Link) else link
    node = getattr(target, "node", None)
    where = node.path if node is not None else id(target)
    if isinstance(link, Link):
        return (where, link.access, link.env, link.prefix)
    return (where, None, None, None)
