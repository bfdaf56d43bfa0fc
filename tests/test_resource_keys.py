"""The KMS key an imported resource says it is encrypted with, where the functions are
granted its use (links, ``existing_*``): only a key ARN of the resource's own region
grants anything; an imported alias, an alias's ARN and another region's key synthesized
and then denied the functions at run time."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, ConstructError, QueueWorker, ServerlessApi
from tests.support import echo_handler, new_app, new_stack

ENV = cdk.Environment(account="111111111111", region="eu-west-1")
KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
OTHER_REGION_KEY = KEY.replace("eu-west-1", "us-east-1")
ALIAS_ARN = "arn:aws:kms:eu-west-1:111111111111:alias/orders"


def _key(stack: cdk.Stack, given: str) -> kms.IKey:
    if given.startswith("arn:"):
        return kms.Key.from_key_arn(stack, "Key", given)
    return kms.Alias.from_alias_name(stack, "Key", given)


def _table(stack: cdk.Stack, key: str) -> dynamodb.ITable:
    return dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", encryption_key=_key(stack, key)
    )


def _queue(stack: cdk.Stack, key: str) -> sqs.IQueue:
    arn = "arn:aws:sqs:eu-west-1:111111111111:jobs"
    if key.startswith("arn:"):
        return sqs.Queue.from_queue_attributes(stack, "Jobs", queue_arn=arn, key_arn=key)
    return sqs.Queue.from_queue_attributes(stack, "Jobs", queue_arn=arn)


def _bucket(stack: cdk.Stack, key: str) -> s3.IBucket:
    return s3.Bucket.from_bucket_attributes(
        stack, "Photos", bucket_name="photos-bucket", encryption_key=_key(stack, key)
    )


BAD_KEYS = [
    (OTHER_REGION_KEY, "in region eu-west-1, encrypted with a key of us-east-1"),
    (ALIAS_ARN, "an alias's ARN: IAM names a KMS key by its key ARN only"),
    ("alias/orders", "encrypted with the imported alias 'alias/orders': aws-cdk-lib grants"),
]


@pytest.mark.parametrize(("key", "message"), BAD_KEYS, ids=["other-region", "alias-arn", "alias"])
@pytest.mark.parametrize("resource", [_table, _bucket], ids=["table", "bucket"])
def test_a_linked_resources_key_that_grants_nothing_is_named(
    resource: Callable[[cdk.Stack, str], Any], key: str, message: str
) -> None:
    # Proves (bad inputs, round 38): each synthesized; the function's kms:Decrypt named
    # another region's key or an alias (or, for an imported alias, was dropped)
    stack = new_stack(env=ENV)
    target = resource(stack, key)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(links=[target]))
    kind = "table" if resource is _table else "bucket"
    assert f"Test/Worker: `handler.links[0]` is the {kind} Test/" in str(raised.value)
    assert message in str(raised.value)
    assert "Fix: import the key by its key ARN" in str(raised.value)


@pytest.mark.parametrize(("key", "message"), BAD_KEYS[:2], ids=["other-region", "alias-arn"])
def test_an_existing_queues_key_that_grants_nothing_is_named(key: str, message: str) -> None:
    stack = new_stack(env=ENV)
    with pytest.raises(ConstructError, match=r"Test/Worker: `existing_queue` is the queue") as e:
        QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=_queue(stack, key))
    assert message in str(e.value)


def test_an_existing_tables_key_of_another_region_is_named() -> None:
    stack = new_stack(env=ENV)
    with pytest.raises(ConstructError, match=r"`existing_table` is the table .* us-east-1"):
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /orders": echo_handler()},
            auth=ApiAuth.iam(),
            existing_table=_table(stack, OTHER_REGION_KEY),
        )


def test_keys_that_grant_are_accepted() -> None:
    # an imported key of the resource's region, the app's own key and alias, an AWS
    # managed key (its key policy needs no grant), in an env-agnostic stack too
    stack = new_stack(env=ENV)
    own = kms.Key(stack, "Own", enable_key_rotation=True)
    alias = kms.Alias(stack, "OwnAlias", alias_name="alias/jobs", target_key=own)
    queue = sqs.Queue(stack, "Q", encryption=sqs.QueueEncryption.KMS, encryption_master_key=alias)
    managed = sqs.Queue(stack, "M", encryption=sqs.QueueEncryption.KMS_MANAGED)
    links = [_table(stack, KEY), queue, managed]
    aws_managed = "arn:aws:kms:eu-west-1:111111111111:alias/aws/sqs"
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(links=links),
        existing_queue=_queue(stack, aws_managed),
    )
    assert KEY in json.dumps(Template.from_stack(stack).to_json())
    agnostic = new_stack()
    QueueWorker(agnostic, "Worker", handler=echo_handler(links=[_table(agnostic, KEY)]))


def _aliased_table(stack: cdk.Stack, key: str) -> dynamodb.ITable:
    """A table encrypted with an alias imported with its target key (the key ARN ``key``)."""
    alias = kms.Alias.from_alias_attributes(
        stack, "Alias", alias_name="alias/orders", alias_target_key=_key(stack, key)
    )
    return dynamodb.Table.from_table_attributes(
        stack, "Orders", table_name="orders", encryption_key=alias
    )


def test_imported_aliases_that_grant_are_accepted() -> None:
    # Proves (sweep 38b): both were refused as granting nothing. An alias imported with its
    # target key grants on that key; with aws-cdk-lib's feature flag, one imported by its
    # name grants on the keys it names (kms:ResourceAliases)
    stack = new_stack(env=ENV)
    QueueWorker(stack, "Worker", handler=echo_handler(links=[_aliased_table(stack, KEY)]))
    assert KEY in json.dumps(Template.from_stack(stack).to_json())
    flagged = cdk.Stack(
        new_app(**{"@aws-cdk/aws-kms:applyImportedAliasPermissionsToPrincipal": True}),
        "Test",
        env=ENV,
    )
    QueueWorker(flagged, "Worker", handler=echo_handler(links=[_table(flagged, "alias/orders")]))
    assert "kms:ResourceAliases" in json.dumps(Template.from_stack(flagged).to_json())


def test_an_imported_aliass_target_key_of_another_region_is_named() -> None:
    stack = new_stack(env=ENV)
    table = _aliased_table(stack, OTHER_REGION_KEY)
    with pytest.raises(ConstructError, match="encrypted with a key of us-east-1"):
        QueueWorker(stack, "Worker", handler=echo_handler(links=[table]))


def test_an_imported_aliass_fix_names_the_feature_flag() -> None:
    stack = new_stack(env=ENV)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(links=[_table(stack, "alias/orders")]))
    assert "'@aws-cdk/aws-kms:applyImportedAliasPermissionsToPrincipal' to true" in str(
        raised.value
    )


def test_a_multi_region_keys_fix_names_its_replica_here() -> None:
    # a multi-Region key's primary of another region: its replica of the table's region has
    # the same key ID, which the fix names (sweep 38b)
    stack = new_stack(env=ENV)
    mrk = "arn:aws:kms:us-east-1:111111111111:key/mrk-1234abcd12ab34cd56ef1234567890ab"
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(links=[_table(stack, mrk)]))
    replica = mrk.replace("us-east-1", "eu-west-1")
    assert "Fix: import the multi-Region key's replica in eu-west-1 (replicate it there " in str(
        raised.value
    )
    assert f"kms.Key.from_key_arn(self, 'Key', '{replica}')" in str(raised.value)
    accepted = new_stack(env=ENV)
    QueueWorker(accepted, "Worker", handler=echo_handler(links=[_table(accepted, replica)]))
