"""Leftovers of the 52 round (leftovers53), imports and cdk-nag: a bucket's ARN of another
partition than aws in an environment-agnostic stack warns; the log groups' key of another
account warns with the key policy it needs; where Serverless-LambdaAsyncFailureDestination
lands."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import BucketEvents, EventHandler, QueueWorker, ScheduledJob
from tests.support import echo_handler, nag_findings, new_app, new_stack, warnings_of

# --- 6. a bucket's ARN of another partition than aws in an environment-agnostic stack -----

FIXED = "constructs_lib:fixedRegionInAgnosticStack"


@pytest.mark.parametrize("given", ["sources", "link"])
def test_a_bucket_of_another_partition_warns_in_an_agnostic_stack(given: str) -> None:
    # GIVEN an environment-agnostic stack and a bucket imported by an aws-cn ARN (an S3 ARN
    # names no region, so the region warning never saw it)
    stack = new_stack()
    bucket = s3.Bucket.from_bucket_arn(stack, "B", "arn:aws-cn:s3:::reports")
    if given == "sources":
        QueueWorker(stack, "Worker", handler=echo_handler(), sources=[BucketEvents(bucket)])
        prop = "sources[0].bucket"
    else:
        QueueWorker(stack, "Worker", handler=echo_handler(links=[bucket]))
        prop = "handler.links[0]"
    # THEN one warning naming the partition, a region of it, and the import by name
    (warning,) = warnings_of(stack, FIXED)
    assert warning.startswith(
        f"`{prop}` was imported from 'arn:aws-cn:s3:::reports', an ARN of the partition "
        "aws-cn (an S3 ARN names no region, but its partition is fixed), but the stack Test "
        "is environment-agnostic"
    ), warning
    assert (
        "Fix: give the stack env=cdk.Environment(account=..., region='cn-north-1') (a region "
        "of aws-cn), or import it by name (s3.Bucket.from_bucket_name(...)"
    ) in warning
    assert f"acknowledge '{FIXED}' if the stack deploys to aws-cn only" in warning


@pytest.mark.parametrize(
    "env",
    [None, cdk.Environment(account="123456789012", region="cn-north-1")],
    ids=["agnostic aws ARN", "cn-north-1 aws-cn ARN"],
)
def test_a_bucket_of_the_stacks_partition_does_not_warn(env: cdk.Environment | None) -> None:
    # GIVEN an aws ARN in an agnostic stack (aws: where such a stack deploys), or an aws-cn
    # ARN in a stack of a China region
    stack = new_stack(env=env)
    partition = "aws" if env is None else "aws-cn"
    bucket = s3.Bucket.from_bucket_arn(stack, "B", f"arn:{partition}:s3:::reports")
    QueueWorker(stack, "Worker", handler=echo_handler(), sources=[BucketEvents(bucket)])
    assert warnings_of(stack, FIXED) == []


# --- 7. the log groups' key of another account: a warning with the key policy it needs ----

LOG_KEY = "constructs_lib:log_encryption_key"
KEY_POLICY = "constructs_lib:importedKeyPolicy"
_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"


def _stack_with_log_key(account: str, key_account: str) -> cdk.Stack:
    key = f"arn:aws:kms:eu-west-1:{key_account}:key/{_KEY_ID}"
    return cdk.Stack(
        new_app(**{LOG_KEY: key}),
        "Orders",
        env=cdk.Environment(account=account, region="eu-west-1"),
    )


def test_a_log_key_of_another_account_warns_once_with_the_statement_it_needs() -> None:
    # GIVEN a stack of account 111111111111 and the log groups' key of 222222222222
    stack = _stack_with_log_key("111111111111", "222222222222")
    QueueWorker(stack, "Worker", handler=echo_handler())
    QueueWorker(stack, "Other", handler=echo_handler())  # another log group: no second one
    # THEN the log groups take the key, and one warning names the owner's statement
    groups = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup")
    assert {g["Properties"].get("KmsKeyId") for g in groups.values()} == {
        f"arn:aws:kms:eu-west-1:222222222222:key/{_KEY_ID}"
    }
    (warning,) = warnings_of(stack, KEY_POLICY)
    assert warning.startswith(
        f"The context '{LOG_KEY}' is the KMS key arn:aws:kms:eu-west-1:222222222222:key/"
        f"{_KEY_ID} of account 222222222222, not the stack's 111111111111 (Orders)"
    )
    assert '"Principal": {"Service": "logs.eu-west-1.amazonaws.com"}' in warning
    assert (
        '"ArnLike": {"kms:EncryptionContext:aws:logs:arn": '
        '"arn:aws:logs:eu-west-1:111111111111:log-group:*"}'
    ) in warning
    assert (
        f"Fix: request that the key's owner add it, then acknowledge '{KEY_POLICY}'; or set "
        "the context to a key of account 111111111111."
    ) in warning


@pytest.mark.parametrize("account", ["111111111111", None], ids=["same account", "agnostic"])
def test_a_log_key_of_the_stacks_account_or_an_unknown_one_does_not_warn(
    account: str | None,
) -> None:
    key = f"arn:aws:kms:eu-west-1:111111111111:key/{_KEY_ID}"
    env = cdk.Environment(account=account, region="eu-west-1") if account else None
    stack = cdk.Stack(new_app(**{LOG_KEY: key}), "Orders", env=env)
    QueueWorker(stack, "Worker", handler=echo_handler())
    assert warnings_of(stack, KEY_POLICY) == []


# --- 9. Serverless-LambdaAsyncFailureDestination: where cdk-nag reports it -------------


def _async_app(tmp_path: Path, *, escape_hatch: bool = False) -> tuple[cdk.App, cdk.Stack]:
    """An app with the library's asynchronously invoked functions (EventHandler,
    ScheduledJob) beside a polled one (QueueWorker); ``escape_hatch``: the app removes the
    EventHandler's on-failure destination afterwards."""
    app = cdk.App(outdir=str(tmp_path), context=new_app().node.get_all_context())
    stack = cdk.Stack(app, "Test")
    events = EventHandler(
        stack, "Events", handler=echo_handler(), event_pattern={"source": ["app.orders"]}
    )
    ScheduledJob(stack, "Job", handler=echo_handler(name="Job"), schedule="rate(1 hour)")
    QueueWorker(stack, "Worker", handler=echo_handler(name="Worker"))
    if escape_hatch:
        (config,) = (
            c for c in events.node.find_all() if isinstance(c, cdk.aws_lambda.CfnEventInvokeConfig)
        )
        config.destination_config = None
    return app, stack


def test_async_failure_destination_is_checked_on_the_event_invoke_configs_only(
    tmp_path: Path,
) -> None:
    # cdk-nag's rule (2.38 and 3.0, one source) reads CfnEventInvokeConfig only: COMPLIANT
    # with an OnFailure destination, NON_COMPLIANT without, NOT_APPLICABLE on anything else
    # (a function). GIVEN the library's async functions
    _, stack = _async_app(tmp_path)
    template = Template.from_stack(stack)
    configs = template.find_resources("AWS::Lambda::EventInvokeConfig")
    # THEN each has the on-failure destination the rule asks for: it never fires on them
    queues = template.find_resources("AWS::SQS::Queue")
    assert len(configs) == 2
    for config in configs.values():
        destination = config["Properties"]["DestinationConfig"]["OnFailure"]["Destination"]
        (logical_id, attribute) = destination["Fn::GetAtt"]  # the construct's dead-letter queue
        assert (logical_id in queues, attribute) == (True, "Arn")


def test_no_async_failure_destination_finding_on_the_librarys_functions(tmp_path: Path) -> None:
    app, _ = _async_app(tmp_path)
    findings = nag_findings(app, tmp_path)
    assert {rule for rule, _ in findings if "AsyncFailureDestination" in rule} == set()


def test_an_escape_hatch_removing_the_destination_is_reported_on_its_event_invoke_config(
    tmp_path: Path,
) -> None:
    # GIVEN the app removes the EventHandler's destination (its own change): cdk-nag reports
    # it on the EventInvokeConfig, where no acknowledgement of the library covers it
    app, _ = _async_app(tmp_path, escape_hatch=True)
    findings = nag_findings(app, tmp_path)
    assert {(r, p) for r, p in findings if "AsyncFailureDestination" in r} == {
        (
            "Serverless-LambdaAsyncFailureDestination",
            "Test/Events/Handler/Live/EventInvokeConfig/Resource",
        )
    }
