"""A customer-managed key (``encryption_key=``, ``dead_letter_queue_key=``) the functions
cannot be granted: one of another cdk.App or of a stack in another account (aws-cdk-lib's
traces named no prop), and one imported from an ARN no key has (whitespace copied with
it, another service's), which synthesized silently (bad inputs, round 39)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms

from constructs_lib import ConstructError, QueueWorker, ScheduledJob
from tests.support import echo_handler, new_app, new_stack
from tests.template_support import intrinsics, properties_of

HANDLER = echo_handler(timeout=cdk.Duration.seconds(30))
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
ARN = f"arn:aws:kms:us-east-1:222222222222:key/{KEY_ID}"


def _worker(stack: cdk.Stack, key: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=HANDLER, encryption_key=key)


def _job(stack: cdk.Stack, key: Any) -> ScheduledJob:
    return ScheduledJob(
        stack, "Job", handler=HANDLER, schedule="rate(1 hour)", dead_letter_queue_key=key
    )


@pytest.mark.parametrize(
    ("build", "prop"),
    [(_worker, "encryption_key"), (_job, "dead_letter_queue_key")],
    ids=["worker", "job"],
)
def test_a_key_of_another_app_is_named(build: Callable[..., Any], prop: str) -> None:
    # Proves (bad inputs, round 39): a RuntimeError "CannotReferenceAcrossApps" from the kernel
    key = kms.Key(cdk.Stack(new_app(), "Other"), "Key")
    with pytest.raises(ConstructError) as raised:
        build(new_stack(), key)
    (problem,) = raised.value.problems
    assert problem.path.startswith("Test/") and problem.prop == prop
    assert "of another cdk.App" in problem.message


def test_a_key_created_in_another_account_s_stack_is_refused_naming_its_import() -> None:
    # Proves (bad inputs, round 39): a RuntimeError "CannotUseCrossEnvironment" about the
    # role's physical name, naming no prop
    app = new_app()
    theirs = cdk.Stack(app, "Keys", env=cdk.Environment(account="222222222222", region="us-east-1"))
    stack = cdk.Stack(app, "Test", env=cdk.Environment(account="111111111111", region="us-east-1"))
    with pytest.raises(ConstructError) as raised:
        _worker(stack, kms.Key(theirs, "Key"))
    (problem,) = raised.value.problems
    assert problem.prop == "encryption_key"
    assert "created in the stack Keys of account 222222222222, not this stack's" in problem.message
    assert "kms.Key.from_key_arn(self, 'Key'" in problem.fix


@pytest.mark.parametrize(
    ("key_env", "agnostic"),
    [
        (None, "the stack Keys has no account"),
        (cdk.Environment(account="111111111111", region="us-east-1"), "this stack has no account"),
    ],
    ids=["key-agnostic", "stack-agnostic"],
)
def test_a_key_of_a_stack_with_and_one_without_an_account_names_env(
    key_env: cdk.Environment | None, agnostic: str
) -> None:
    # Proves (sweep39b): the message read "of account a deploy-time value (Ref
    # AWS::AccountId)" or "not this stack's a string with a deploy-time value", and told to
    # create the key in "this stack's account"
    app = new_app()
    key = kms.Key(cdk.Stack(app, "Keys", env=key_env), "Key")
    env = None if key_env else cdk.Environment(account="111111111111", region="us-east-1")
    with pytest.raises(ConstructError) as raised:
        _worker(cdk.Stack(app, "Test", env=env), key)
    (problem,) = raised.value.problems
    assert problem.prop == "encryption_key"
    assert f"is a key created in the stack Keys, and {agnostic} (no env=)" in problem.message
    assert "deploy-time" not in problem.message
    assert problem.fix.startswith("give both stacks the same env=cdk.Environment(")


@pytest.mark.parametrize(
    "env",
    [None, cdk.Environment(account="111111111111", region="us-east-1")],
    ids=["agnostic", "same-env"],
)
def test_a_key_of_another_stack_of_the_same_environment_is_accepted(
    env: cdk.Environment | None,
) -> None:
    app = new_app()
    key = kms.Key(cdk.Stack(app, "Keys", env=env), "Key")
    worker = _worker(cdk.Stack(app, "Test", env=env), key)
    app.synth()
    # THEN the queue is encrypted with the key, imported from the key's stack
    (imported,) = intrinsics(properties_of(worker.queue)["KmsMasterKeyId"], "Fn::ImportValue")
    assert imported.startswith("Keys:")


@pytest.mark.parametrize(
    ("arn", "message", "fix"),
    [
        (f"{ARN}\n", "whose whitespace (a line break or space copied with it)", repr(ARN)),
        (f" {ARN}".replace("key/", "key/ "), "whose whitespace", "'arn:aws:kms:"),
        (ARN.replace(":kms:", ":sqs:"), "the ARN of 'sqs', not of a KMS key", "from_key_arn"),
        (ARN.replace("222222222222", "22222222222O"), "is not an account ID", "12-digit"),
    ],
    ids=["newline", "spaces", "other-service", "account"],
)
def test_a_key_imported_from_an_arn_no_key_has_is_refused(arn: str, message: str, fix: str) -> None:
    # Proves (bad inputs, round 39): each synthesized a KmsMasterKeyId naming no key
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        _worker(stack, kms.Key.from_key_arn(stack, "Key", arn.lstrip()))
    (problem,) = raised.value.problems
    assert problem.prop == "encryption_key"
    assert message in problem.message
    assert fix in problem.fix


@pytest.mark.parametrize(
    "arn", [ARN, f"arn:aws-cn:kms:cn-north-1:222222222222:key/{KEY_ID}"], ids=["aws", "china"]
)
def test_a_key_imported_from_its_arn_is_accepted(arn: str) -> None:
    app = new_app()
    stack = cdk.Stack(app, "Test")
    worker = _worker(stack, kms.Key.from_key_arn(stack, "Key", arn))
    app.synth()
    # THEN the queue is encrypted with the key of the ARN
    assert properties_of(worker.queue)["KmsMasterKeyId"] == arn
