"""Leftovers of the 52 round (leftovers53), queues and capacities: Lazy queue settings
warned of at synth as literal ones are when built; an existing_queue's dead-letter
retention re-checked at synth; each worker's concurrency re-check bound to its own
Handler's token; a table's Lazy capacities told by their own rule. The rest:
test_leftovers53_text.py (rates, runtime), test_leftovers53_imports.py (partitions, the
log groups' key, cdk-nag)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import Duration
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import IConstruct

from constructs_lib import (
    ApiAuth,
    AutoScaledCapacity,
    QueueWorker,
    ServerlessApi,
    TableOptions,
)
from tests.support import echo_handler, new_stack, raised, warnings_of
from tests.test_tokens51 import _number, _seconds

NEAR = "constructs_lib:retentionNearRetries"


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
