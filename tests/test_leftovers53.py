"""Leftovers of the 52 round (leftovers53): Lazy queue settings warned of at synth as literal
ones are when built; an existing_queue's dead-letter retention re-checked at synth; each
worker's concurrency re-check bound to its own Handler's token."""

from __future__ import annotations

import numbers
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import Duration
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import (
    ApiAuth,
    AutoScaledCapacity,
    BucketEvents,
    EventHandler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    TableOptions,
)
from tests.support import (
    echo_handler,
    nag_findings,
    new_app,
    new_stack,
    raised,
    warnings_of,
)
from tests.test_tokens51 import _number, _seconds

NEAR = "constructs_lib:retentionNearRetries"


class _RealNumber:
    """A real number of a library the runtime does not know (numpy's float64 registers
    with numbers.Real the same way): ``float()`` reads it."""

    def __init__(self, value: float) -> None:
        self._value = value

    def __float__(self) -> float:
        return self._value

    def __gt__(self, other: object) -> bool:
        return self._value > float(other)  # type: ignore[arg-type]


numbers.Real.register(_RealNumber)


def _team_queue(stack: cdk.Stack, *, receives: int = 8, **settings: Any) -> sqs.Queue:
    dead_letter_retention = settings.pop("dead_letter_retention", Duration.days(14))
    dead_letter = sqs.Queue(stack, "JobsDlq", retention_period=dead_letter_retention)
    return sqs.Queue(
        stack,
        "Jobs",
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=receives),
        **settings,
    )


def _synth_failure(stack: cdk.Stack) -> str:
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    return str(failed.value)


# --- 1. retentionNearRetries for settings given as Lazy values ----------------------------


@pytest.mark.parametrize("lazy", ["retention", "visibility"])
def test_lazy_settings_leaving_little_spare_retention_warn_at_synth(lazy: str) -> None:
    # GIVEN the team's queue keeping a message 345600 s whose 8 receives of 43150 s take
    # 345200 s (400 s spare), one of the two given as a Lazy value
    stack = new_stack()
    retention, visibility = Duration.seconds(345600), Duration.seconds(43150)
    queue = _team_queue(
        stack,
        retention_period=_seconds(345600) if lazy == "retention" else retention,
        visibility_timeout=_seconds(43150) if lazy == "visibility" else visibility,
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    # THEN the warning the literal values get when the worker is built, once, naming the token
    (warning,) = warnings_of(stack, NEAR)
    assert warning.startswith(
        "`existing_queue` is the queue Test/Jobs, whose redrive policy moves a message after "
        "8 receives (read at synth): a message that fails every time is received 8 times, "
        "each receive hiding it for the visibility timeout of 43150 seconds, so it can move "
        "to the dead-letter queue only 345200 seconds after it was sent, and the queue keeps "
        "a message 345600 seconds, only 400 seconds more"
    )
    assert (
        "It was given as a deploy-time or Lazy value (a token, such as Lazy.number(...))"
    ) in warning
    assert (
        "Fix: change what produces the token, or set the queue's retention_period to "
        "Duration.days(5) or more, or set its redrive policy's max_receive_count to 7 or less"
    ) in warning
    assert f"acknowledge '{NEAR}'" in warning


def test_literal_settings_warn_once_when_built_not_again_at_synth() -> None:
    # GIVEN the same queue with literal values: the worker warns when built
    stack = new_stack()
    queue = _team_queue(
        stack, retention_period=Duration.seconds(345600), visibility_timeout=Duration.seconds(43150)
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    (warning,) = warnings_of(stack, NEAR)
    assert "(read at synth)" not in warning


def test_lazy_settings_with_enough_spare_retention_are_silent() -> None:
    stack = new_stack()
    queue = _team_queue(
        stack, retention_period=_seconds(4 * 86400), visibility_timeout=_seconds(60)
    )
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    assert warnings_of(stack, NEAR) == []


# --- 2. an existing_queue's dead-letter retention cut below the queue's at synth ----------


@jsii.implements(cdk.IAspect)
class _DeadLettersKeep:
    """A platform's Aspect: every queue named ``*Dlq`` keeps a message ``seconds``."""

    def __init__(self, seconds: int) -> None:
        self._seconds = seconds

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, sqs.CfnQueue) and node.node.scope.node.id.endswith("Dlq"):
            node.message_retention_period = self._seconds


def test_aspect_cutting_an_existing_queues_dead_letter_retention_fails_the_synth() -> None:
    # GIVEN the team's queue (4 days) and its dead-letter queue (14 days), literal values the
    # worker's rule passes when built, and an Aspect cutting the dead-letter queue to 1 day
    stack = new_stack()
    queue = _team_queue(stack, receives=3, retention_period=Duration.days(4))
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    cdk.Aspects.of(stack).add(_DeadLettersKeep(86400))
    failure = _synth_failure(stack)
    # THEN the synth fails, naming the dead-letter queue, the queue and the fix
    assert (
        "[Test/Worker] `message_retention_period` is 86400 seconds in the template (the "
        "dead-letter queue Test/JobsDlq/Resource), shorter than the queue's (345600 seconds, "
        "Test/Jobs/Resource)"
    ) in failure
    assert "Something changed it after the QueueWorker was built (an Aspect" in failure
    assert "Fix: leave the dead-letter queue's retention" in failure


def test_existing_dead_letter_queue_keeping_as_long_passes_at_synth() -> None:
    stack = new_stack()
    queue = _team_queue(stack, receives=3, retention_period=Duration.days(4))
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    cdk.Aspects.of(stack).add(_DeadLettersKeep(4 * 86400))  # as long as the queue: fine
    Template.from_stack(stack).has_resource_properties(
        "AWS::SQS::Queue", {"MessageRetentionPeriod": 4 * 86400}
    )


def test_lazy_dead_letter_retention_is_told_once_by_its_own_rule() -> None:
    # GIVEN a Lazy dead-letter retention (its rule re-checks it): not told twice
    stack = new_stack()
    queue = _team_queue(stack, receives=3, dead_letter_retention=_seconds(3600))
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    failure = _synth_failure(stack)
    assert "`existing_queue` (resolved at synth)" in failure
    assert "in the template (the dead-letter queue" not in failure


# --- 3. each worker's concurrency re-check reads its own Handler's token ------------------


@jsii.implements(cdk.IAspect)
class _ReservedConcurrency:
    """A platform's Aspect: the function of path ``path`` reserves ``count``."""

    def __init__(self, path: str, count: int) -> None:
        self._path, self._count = path, count

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, cdk.aws_lambda.CfnFunction) and node.node.path.startswith(self._path):
            node.reserved_concurrent_executions = self._count


def test_each_workers_concurrency_recheck_tells_its_own_cause() -> None:
    # GIVEN two workers of one stack: the first's Handler reserves a Lazy 5 (a token), the
    # second's a literal 1000 an Aspect cuts to 5; a check bound late (to the last worker's
    # value) would tell the first worker's token as an Aspect's change
    stack = new_stack()
    QueueWorker(stack, "Lazy", handler=echo_handler(reserved_concurrency=_number(5)))
    QueueWorker(stack, "Literal", handler=echo_handler(name="Other", reserved_concurrency=1000))
    cdk.Aspects.of(stack).add(_ReservedConcurrency("Test/Literal/", 5))
    failure = _synth_failure(stack)
    lazy, literal = (
        line
        for line in failure.splitlines()
        if "`reserved_concurrency` is 5 in the template" in line
    )
    # THEN each names its own cause and fix
    assert lazy.startswith("  [Test/Lazy]") and "Fix: change what produces the token" in lazy
    assert literal.startswith("  [Test/Literal]")
    assert "Something changed it after the QueueWorker was built" in literal
    assert "Fix: set both when building the worker" in literal


# --- 5. a rate written together, in capitals or cut short: told the rate Scheduler reads --


@pytest.mark.parametrize(
    ("expression", "message", "fix"),
    [
        ("rate(5minutes)", "it has no space between the value and the unit", "rate(5 minutes)"),
        ("rate(1minutes)", "it has no space between the value and the unit", "rate(1 minute)"),
        ("rate(5minute)", "it has no space between the value and the unit", "rate(5 minutes)"),
        ("rate(12h)", "it has no space between the value and the unit", "rate(12 hours)"),
        ("rate(1 minutes)", "the unit must be singular for 1", "rate(1 minute)"),
        ("rate(5 minute)", "the unit must be plural for 5", "rate(5 minutes)"),
        (
            "rate(5 Minutes)",
            "'Minutes' is not a unit; rates are in minutes, hours or days, "
            "written out in lowercase",
            "rate(5 minutes)",
        ),
        (
            "rate(2 hrs)",
            "'hrs' is not a unit; rates are in minutes, hours or days, written out in lowercase",
            "rate(2 hours)",
        ),
        ("rate(1 min)", "'min' is not a unit", "rate(1 minute)"),
    ],
)
def test_scheduled_job_tells_the_rate_written_right(
    expression: str, message: str, fix: str
) -> None:
    stack = new_stack()
    error = raised(lambda: ScheduledJob(stack, "Job", handler=echo_handler(), schedule=expression))
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Job", "schedule")
    assert problem.message.startswith(f"is {expression!r}: {message}")
    assert problem.fix == f"write '{fix}'"


@pytest.mark.parametrize("expression", ["rate(5 seconds)", "rate(0minutes)", "rate(5 weeks)"])
def test_a_rate_of_no_unit_scheduler_reads_keeps_the_examples(expression: str) -> None:
    from constructs_lib.scheduled_job.expressions import expression_problem

    problem = expression_problem(expression)
    assert problem is not None
    assert problem[1] == (
        "pass 'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)' or 'rate(2 days)'"
    )


# --- 8. runtime: any real number is time left; a header name's repr cut short -------------


@pytest.mark.parametrize(
    "left",
    [Decimal("300"), Fraction(600, 2), _RealNumber(300.0)],
    ids=["Decimal", "Fraction", "numpy-like Real"],
)
def test_time_left_reads_any_real_number_as_the_deadline(left: object) -> None:
    from constructs_lib_runtime._time_left import TimeLeft

    # GIVEN a stand-in context whose time left is a real number other than an int or float
    time_left = TimeLeft(SimpleNamespace(get_remaining_time_in_millis=lambda: left))
    # THEN it is the deadline (it read as none: every record started)
    assert time_left.left_ms() == 300.0


@pytest.mark.parametrize(
    "left", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), 1j], ids=str
)
def test_time_left_of_no_finite_real_number_sets_no_deadline(left: object) -> None:
    from constructs_lib_runtime._time_left import TimeLeft

    time_left = TimeLeft(SimpleNamespace(get_remaining_time_in_millis=lambda: left))
    assert time_left.left_ms() == float("inf")


def test_time_left_below_zero_as_a_decimal_is_none() -> None:
    from constructs_lib_runtime._time_left import TimeLeft

    time_left = TimeLeft(SimpleNamespace(get_remaining_time_in_millis=lambda: Decimal(5)))
    time_left._remaining = lambda: Decimal("-5")  # later in the invocation: none left
    assert time_left.left_ms() == 0.0


def test_json_response_cuts_a_long_header_name_short() -> None:
    from constructs_lib_runtime.http import json_response

    long_name = "x-" + "a" * 5000
    with pytest.raises(TypeError) as value_error:
        json_response(200, {}, headers={long_name: 5})  # type: ignore[dict-item]
    with pytest.raises(TypeError) as name_error:
        json_response(200, {}, headers={(long_name,): "v"})  # type: ignore[dict-item]
    for error in (value_error, name_error):
        text = str(error.value)
        assert len(text) < 400, text
        assert "'x-aaaaaaaaaa...aaaaaaaaaaaaa'" in text  # reprlib's cut
    assert str(value_error.value).startswith("headers['x-aaaaaaaaaa")
    assert "Fix: pass the value as a str" in str(value_error.value)
    assert "Fix: pass headers={" in str(name_error.value)


# --- 4. a table's capacities and caps as Lazy values: told by their own rule --------------

_CAPACITY = (
    "a float; provisioned capacity is a whole number of capacity units, at least 1, or "
    "AutoScaledCapacity(...)"
)
_CAPACITY_FIX = "pass e.g. 5, or AutoScaledCapacity(min_capacity=5, max_capacity=100)"
_UNITS = "it is a whole number of capacity units, at least 1"


def _table_api(stack: cdk.Stack, **table: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(partition_key="pk", **table),
        alarms=False,
    )


@pytest.mark.parametrize(
    ("table", "prop", "problem", "fix"),
    [
        (
            {"read_capacity": 2.5, "write_capacity": 5},
            "table.read_capacity",
            f"is 2.5, {_CAPACITY}",
            _CAPACITY_FIX,
        ),
        (
            {"read_capacity": 5, "write_capacity": 0},
            "table.write_capacity",
            f"is 0, {_CAPACITY.replace('a float', 'an int')}",
            _CAPACITY_FIX,
        ),
        (
            {"max_read_request_units": 0},
            "table.max_read_request_units",
            "is 0, an int; a cap is a whole number of request units per second, at least 1",
            "pass e.g. 100, or None for no cap",
        ),
        (
            {
                "read_capacity": AutoScaledCapacity(min_capacity=2.5, max_capacity=10),
                "write_capacity": 5,
            },
            "table.read_capacity.min_capacity",
            f"is 2.5, a float; {_UNITS}",
            "pass e.g. min_capacity=5",
        ),
        (
            {
                "read_capacity": 5,
                "write_capacity": AutoScaledCapacity(min_capacity=1, max_capacity=10.5),
            },
            "table.write_capacity.max_capacity",
            f"is 10.5, a float; {_UNITS}",
            "pass e.g. max_capacity=100",
        ),
    ],
    ids=["read_capacity 2.5", "write_capacity 0", "cap 0", "min_capacity 2.5", "max_capacity 10.5"],
)
def test_a_lazy_capacity_is_told_as_the_literal_is(
    table: dict[str, Any], prop: str, problem: str, fix: str
) -> None:
    # GIVEN the literal value: its own rule's words and fix when built
    (literal,) = raised(lambda: _table_api(new_stack(), **table)).problems
    assert (literal.prop, literal.message, literal.fix) == (prop, problem, fix)
    # WHEN the same value is a Lazy.number resolving at synth
    stack = new_stack()
    _table_api(stack, **_lazy_numbers(table))
    failure = _synth_failure(stack)
    # THEN the same words and fix, said of the token, once (not the generic "a whole number")
    assert (
        f"[Test/Api] `{prop}` (resolved at synth) {problem}. It was given as a token (such "
        "as Lazy.number(...)), which the ServerlessApi's checks pass when it is built; it "
        f"resolved to this number only at synth. Fix: {fix}"
    ) in failure
    assert failure.count(f"`{prop}`") == 1
    assert "it must be a whole number" not in failure


def _lazy_numbers(table: dict[str, Any]) -> dict[str, Any]:
    """``table`` with each number (an AutoScaledCapacity's too) given as a Lazy.number."""
    lazy: dict[str, Any] = {}
    for name, value in table.items():
        if isinstance(value, AutoScaledCapacity):
            value = AutoScaledCapacity(
                min_capacity=_number(value.min_capacity), max_capacity=_number(value.max_capacity)
            )
        lazy[name] = _number(value) if isinstance(value, int | float) else value
    return lazy


def test_lazy_capacities_that_fit_reach_the_template() -> None:
    stack = new_stack()
    _table_api(stack, read_capacity=_number(5), write_capacity=_number(7))
    Template.from_stack(stack).has_resource_properties(
        "AWS::DynamoDB::Table",
        {"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 7}},
    )


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
