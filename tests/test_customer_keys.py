"""Customer-managed KMS keys: TableOptions(encryption_key=), QueueWorker(encryption_key=),
ScheduledJob/EventHandler(dead_letter_queue_key=): the template, the grants and key
policies that follow the key, cdk-nag, and the rules (another region, existing resources)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import (
    ApiAuth,
    BucketEvents,
    ConstructError,
    EventHandler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    TableOptions,
)
from constructs_lib._customer_keys import IMPORTED_KEY_POLICY_WARNING
from tests.support import CDK_CONTEXT, echo_handler, nag_findings, new_app, new_stack

HANDLER = echo_handler(timeout=cdk.Duration.seconds(30))
ENV = cdk.Environment(account="123456789012", region="eu-west-1")
IMPORTED = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
OTHER_REGION = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
PATTERN = {"source": ["orders"], "detail-type": ["OrderPlaced"]}
SCHEDULE = "rate(1 hour)"


def _stack(app: cdk.App | None = None) -> cdk.Stack:
    return cdk.Stack(app or new_app(), "Test", env=ENV)


def _key(stack: cdk.Stack) -> kms.Key:
    return kms.Key(stack, "Key", enable_key_rotation=True)


def _imported(stack: cdk.Stack, arn: str = IMPORTED) -> kms.IKey:
    return kms.Key.from_key_arn(stack, "Imported", arn)


def _key_ref(stack: cdk.Stack, key: kms.IKey) -> Any:
    return stack.resolve(key.key_arn)


def _policy_statements(template: Template) -> list[dict[str, Any]]:
    return [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]


def _key_policy_has(template: Template, statement: dict[str, Any]) -> None:
    template.has_resource_properties(
        "AWS::KMS::Key",
        {"KeyPolicy": {"Statement": Match.array_with([Match.object_like(statement)])}},
    )


def _warnings(construct: Any) -> list[str]:
    return [
        str(entry.data)
        for entry in construct.node.metadata
        if entry.type == "aws:cdk:warning" and IMPORTED_KEY_POLICY_WARNING in str(entry.data)
    ]


# --- QueueWorker -----------------------------------------------------------------------


def test_worker_key_encrypts_the_queue_and_its_dead_letter_queue() -> None:
    stack = _stack()
    key = _key(stack)
    QueueWorker(stack, "Worker", handler=HANDLER, encryption_key=key)
    template = Template.from_stack(stack)
    queues = template.find_resources("AWS::SQS::Queue")
    assert len(queues) == 2
    for queue in queues.values():  # a redriven message must be readable: one key for both
        assert queue["Properties"]["KmsMasterKeyId"] == stack.resolve(key.key_arn)
        assert "SqsManagedSseEnabled" not in queue["Properties"]
    # the function reads the queue: kms:Decrypt on the key follows it
    decrypt = [s for s in _policy_statements(template) if s["Action"] == "kms:Decrypt"]
    assert decrypt and decrypt[0]["Resource"] == _key_ref(stack, key)


def test_worker_without_a_key_keeps_sqs_managed_encryption() -> None:
    stack = _stack()
    QueueWorker(stack, "Worker", handler=HANDLER)
    template = Template.from_stack(stack)
    template.all_resources_properties("AWS::SQS::Queue", {"SqsManagedSseEnabled": True})
    template.resource_count_is("AWS::KMS::Key", 0)


def test_worker_key_in_the_app_lets_s3_sources_send() -> None:
    stack = _stack()
    key = _key(stack)
    bucket = s3.Bucket(stack, "Uploads")
    QueueWorker(
        stack, "Worker", handler=HANDLER, encryption_key=key, sources=[BucketEvents(bucket)]
    )
    _key_policy_has(
        Template.from_stack(stack),
        {
            "Principal": {"Service": "s3.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
        },
    )


def _worker_with_key_of_another_stack(
    bucket: Callable[[cdk.Stack], s3.IBucket],
) -> tuple[kms.Key, cdk.Stack]:
    """A worker whose key is of the stack Keys, with ``bucket`` (built in the worker's
    stack) as its source; the app synthesized."""
    app = new_app()
    key = _key(cdk.Stack(app, "Keys", env=ENV))
    stack = _stack(app)
    QueueWorker(
        stack, "Worker", handler=HANDLER, encryption_key=key, sources=[BucketEvents(bucket(stack))]
    )
    app.synth()
    return key, stack


def test_worker_key_of_another_stack_lets_s3_sources_send_without_a_stack_cycle() -> None:
    # Proves (sweep38c): a platform stack's kms.Key for a worker with a bucket of the
    # worker's stack failed the synthesis with a raw DependencyCycle: the key policy
    # named the bucket's ARN (Keys -> Work) and the queue the key's (Work -> Keys)
    key, stack = _worker_with_key_of_another_stack(lambda s: s3.Bucket(s, "Uploads"))
    # THEN the key trusts S3 of the account; the queue policy still names the bucket
    _key_policy_has(
        Template.from_stack(key.stack),
        {
            "Principal": {"Service": "s3.amazonaws.com"},
            "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
        },
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::SQS::QueuePolicy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {"Condition": Match.object_like({"ArnEquals": Match.any_value()})}
                        )
                    ]
                )
            }
        },
    )


def test_worker_key_of_another_stack_names_an_imported_bucket() -> None:
    # GIVEN the key in another stack and a bucket imported by name: its ARN is no reference
    key, _ = _worker_with_key_of_another_stack(
        lambda s: s3.Bucket.from_bucket_name(s, "Uploads", "uploads-bucket")
    )
    # THEN the key's statement names the bucket, as for a key of the worker's own stack
    _key_policy_has(
        Template.from_stack(key.stack),
        {
            "Principal": {"Service": "s3.amazonaws.com"},
            "Condition": Match.object_like({"ArnEquals": Match.any_value()}),
        },
    )


def test_worker_imported_key_warns_with_the_statement_s3_needs() -> None:
    stack = _stack()
    bucket = s3.Bucket.from_bucket_name(stack, "Uploads", "uploads-bucket")
    worker = QueueWorker(
        stack,
        "Worker",
        handler=HANDLER,
        encryption_key=_imported(stack),
        sources=[BucketEvents(bucket)],
    )
    (message,) = _warnings(worker.queue)
    assert IMPORTED in message
    assert '"Principal": {"Service": "s3.amazonaws.com"}' in message
    assert '"aws:SourceArn": "arn:aws:s3:::uploads-bucket"' in message
    assert '"aws:SourceAccount": "123456789012"' in message


def test_worker_imported_key_without_sources_needs_no_statement() -> None:
    stack = _stack()
    worker = QueueWorker(stack, "Worker", handler=HANDLER, encryption_key=_imported(stack))
    assert _warnings(worker) == [] and _warnings(worker.queue) == []
    Template.from_stack(stack).all_resources_properties(
        "AWS::SQS::Queue", {"KmsMasterKeyId": IMPORTED}
    )


def test_worker_key_is_refused_with_existing_queue_and_of_another_region() -> None:
    stack = _stack()
    queue = sqs.Queue(stack, "Mine")
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            stack,
            "Worker",
            handler=HANDLER,
            existing_queue=queue,
            encryption_key=_imported(stack, OTHER_REGION),
        )
    problems = raised.value.problems
    assert [p.prop for p in problems] == ["encryption_key", "encryption_key"]
    assert all(p.path == "Test/Worker" and p.fix for p in problems)
    assert "region us-east-1, not eu-west-1" in problems[0].message
    assert "existing_queue" in problems[1].message


def test_a_key_of_a_deploy_time_region_is_accepted() -> None:
    # An environment-agnostic stack: the region is not known at synth, nothing to refuse
    stack = new_stack()
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    QueueWorker(stack, "Worker", handler=HANDLER, encryption_key=key)
    Template.from_stack(stack).resource_count_is("AWS::SQS::Queue", 2)


def test_a_key_that_is_not_a_key_is_refused() -> None:
    stack = _stack()
    with pytest.raises(ConstructError, match="encryption_key"):
        QueueWorker(stack, "Worker", handler=HANDLER, encryption_key="alias/mine")  # type: ignore[arg-type]


def test_an_imported_alias_or_alias_arn_is_refused_as_for_a_linked_resource_s_key() -> None:
    # Proves (sweep38c): both synthesized, then the functions were denied the key at run
    # time: aws-cdk-lib grants nothing on an imported alias, and IAM names a key by its
    # key ARN only (the rule links' resource keys follow since bad38)
    stack = _stack()
    alias_arn = "arn:aws:kms:eu-west-1:123456789012:alias/orders"
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            stack,
            "Worker",
            handler=HANDLER,
            encryption_key=kms.Alias.from_alias_name(stack, "Alias", "alias/orders"),
        )
    (problem,) = raised.value.problems
    assert problem.path == "Test/Worker" and problem.prop == "encryption_key"
    assert "imported alias 'alias/orders': aws-cdk-lib grants nothing" in problem.message
    assert "kms.Key.from_key_arn(self, 'Key', 'arn:aws:kms:" in problem.fix
    with pytest.raises(ConstructError, match=r"table.encryption_key`? is the key .*alias's ARN"):
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /a": HANDLER},
            auth=ApiAuth.iam(),
            table=TableOptions(encryption_key=kms.Key.from_key_arn(stack, "ByAlias", alias_arn)),
        )


def test_an_alias_of_the_app_s_key_or_an_aws_managed_alias_is_accepted() -> None:
    # GIVEN an alias created in the app (its grants and policy go to its key) and SQS's
    # AWS managed key by alias for a queue the account's principals send to (its policy
    # lets them use it through SQS: Scheduler sends with the job's role)
    stack = _stack()
    alias = _key(stack).add_alias("alias/orders")
    bucket = s3.Bucket(stack, "Uploads")
    QueueWorker(
        stack, "Worker", handler=HANDLER, encryption_key=alias, sources=[BucketEvents(bucket)]
    )
    managed = kms.Alias.from_alias_name(stack, "Managed", "alias/aws/sqs")
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=SCHEDULE, dead_letter_queue_key=managed)
    # THEN the key's policy takes S3's statement
    _key_policy_has(
        Template.from_stack(stack),
        {"Principal": {"Service": "s3.amazonaws.com"}},
    )


# --- ScheduledJob and EventHandler ------------------------------------------------------


def test_job_dead_letter_queue_key_is_granted_to_scheduler_s_role_and_the_function() -> None:
    stack = _stack()
    key = _key(stack)
    job = ScheduledJob(stack, "Job", handler=HANDLER, schedule=SCHEDULE, dead_letter_queue_key=key)
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::SQS::Queue", {"KmsMasterKeyId": _key_ref(stack, key)})
    role = template.to_json()["Resources"][stack.get_logical_id(job.role.node.default_child)]
    statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"]
    assert {
        "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
        "Effect": "Allow",
        "Resource": _key_ref(stack, key),
    } in statements
    # Lambda's on-failure destination sends with the function's role
    assert any(
        "kms:GenerateDataKey*" in s["Action"] and s["Resource"] == _key_ref(stack, key)
        for s in _policy_statements(template)
    )


def test_handler_dead_letter_queue_key_lets_event_bridge_send() -> None:
    stack = _stack()
    key = _key(stack)
    EventHandler(stack, "Orders", handler=HANDLER, event_pattern=PATTERN, dead_letter_queue_key=key)
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::SQS::Queue", {"KmsMasterKeyId": _key_ref(stack, key)})
    _key_policy_has(
        template,
        {
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": "*",
            "Condition": {
                "ArnLike": {"aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/*"},
                "StringEquals": {"aws:SourceAccount": "123456789012"},
            },
        },
    )


def test_handler_imported_key_warns_with_the_statement_event_bridge_needs() -> None:
    stack = _stack()
    handler = EventHandler(
        stack,
        "Orders",
        handler=HANDLER,
        event_pattern=PATTERN,
        dead_letter_queue_key=_imported(stack),
    )
    (message,) = _warnings(handler)
    assert '"Principal": {"Service": "events.amazonaws.com"}' in message
    assert '"aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/*"' in message
    assert f"acknowledge '{IMPORTED_KEY_POLICY_WARNING}'" in message


@pytest.mark.parametrize("construct", ["job", "handler"])
def test_dead_letter_queue_key_of_another_region_is_refused(construct: str) -> None:
    stack = _stack()
    key = _imported(stack, OTHER_REGION)
    with pytest.raises(ConstructError) as raised:
        if construct == "job":
            ScheduledJob(stack, "C", handler=HANDLER, schedule=SCHEDULE, dead_letter_queue_key=key)
        else:
            EventHandler(
                stack, "C", handler=HANDLER, event_pattern=PATTERN, dead_letter_queue_key=key
            )
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/C", "dead_letter_queue_key")
    assert "region us-east-1, not eu-west-1" in problem.message


# --- ServerlessApi's table -----------------------------------------------------------------


def _api(stack: cdk.Stack, key: kms.IKey | None, **table: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /items": echo_handler(), "POST /items": echo_handler(entry="app.other")},
        auth=ApiAuth.iam(),
        table=TableOptions(encryption_key=key, **table),
    )


def test_table_key_encrypts_the_table_and_the_grants_follow_it() -> None:
    stack = _stack()
    key = _key(stack)
    _api(stack, key)
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "SSESpecification": {
                "SSEEnabled": True,
                "SSEType": "KMS",
                "KMSMasterKeyId": _key_ref(stack, key),
            }
        },
    )
    assert any(
        "kms:Decrypt" in s["Action"] and s["Resource"] == _key_ref(stack, key)
        for s in _policy_statements(template)
    )


def test_table_key_with_existing_table_and_of_another_region_lists_both() -> None:
    stack = _stack()
    from aws_cdk import aws_dynamodb as dynamodb

    table = dynamodb.Table.from_table_name(stack, "Mine", "mine")
    with pytest.raises(ConstructError) as raised:
        ServerlessApi(
            stack,
            "Api",
            routes={"GET /items": echo_handler()},
            auth=ApiAuth.iam(),
            table=TableOptions(encryption_key=_imported(stack, OTHER_REGION)),
            existing_table=table,
        )
    props = [p.prop for p in raised.value.problems]
    assert "table" in props and "table.encryption_key" in props


# --- cdk-nag ---------------------------------------------------------------------------


def test_every_key_prop_passes_cdk_nag(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = _stack(app)
    key = _key(stack)
    bucket = s3.Bucket(
        stack,
        "Uploads",
        enforce_ssl=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        server_access_logs_prefix="logs/",
    )
    QueueWorker(
        stack, "Worker", handler=HANDLER, encryption_key=key, sources=[BucketEvents(bucket)]
    )
    ScheduledJob(stack, "Job", handler=HANDLER, schedule=SCHEDULE, dead_letter_queue_key=key)
    EventHandler(stack, "Orders", handler=HANDLER, event_pattern=PATTERN, dead_letter_queue_key=key)
    _api(stack, key)
    findings = nag_findings(app, tmp_path)
    assert {f for f in findings if "/Uploads" not in f[1]} == set()


def test_an_alias_imported_with_its_target_key_is_that_key() -> None:
    # Proves (merge of sweep 38b and 38c): the two sweeps' alias rules met in one helper;
    # an alias imported with its target key grants on that key (as for a linked
    # resource's), so it encrypts a worker's queue like the key itself
    stack = _stack()
    alias = kms.Alias.from_alias_attributes(
        stack, "Alias", alias_name="alias/orders", alias_target_key=_imported(stack)
    )
    QueueWorker(stack, "Worker", handler=HANDLER, encryption_key=alias)
    assert IMPORTED in str(Template.from_stack(stack).to_json())
