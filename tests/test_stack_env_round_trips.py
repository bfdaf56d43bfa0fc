"""A stack's account and region are asked of the jsii kernel once per stack, for the check
of its env and for every resource its constructs are given (each compared with them), not
once per construct: the results are the environment tests' (test_stack_env.py,
test_environments.py)."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sns as sns
from jsii._kernel.providers import process

from constructs_lib import ConstructError, QueueWorker
from tests.support import echo_handler, new_app

ENV = cdk.Environment(account="111111111111", region="eu-west-1")
ASKED = ("GetRequest account", "GetRequest region")


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[collections.Counter[str]]:
    """The kernel's property reads while the test runs (``GetRequest region``)."""
    counted: collections.Counter[str] = collections.Counter()
    send = process._NodeProcess.send

    def counting(self: Any, request: Any, response_type: Any) -> Any:
        counted[f"{type(request).__name__} {getattr(request, 'property', '')}"] += 1
        return send(self, request, response_type)

    monkeypatch.setattr(process._NodeProcess, "send", counting)
    yield counted


def _workers(count: int, env: cdk.Environment = ENV) -> cdk.Stack:
    """``count`` workers in a stack of ``env``, each alarming to a topic of its own stack
    (compared with the stack's account and region)."""
    stack = cdk.Stack(new_app(), "Test", env=env)
    topic = sns.Topic(stack, "Alarms")
    for n in range(count):
        QueueWorker(stack, f"Worker{n}", handler=echo_handler(name=f"W{n}"), alarm_topic=topic)
    return stack


def test_a_stack_s_env_is_asked_once_for_all_its_constructs(
    requests: collections.Counter[str],
) -> None:
    # Proves (speed48): each construct's check of its stack's env asked the account and
    # the region again (20 workers: 20 of each), and each resource it was given compared
    # with them asked both once more
    _workers(1)  # the modules loaded
    requests.clear()
    _workers(1)
    one = {asked: requests[asked] for asked in ASKED}
    requests.clear()
    # WHEN five workers are built in one stack
    _workers(5)
    # THEN the stack's account and region are asked as often as for one
    assert {asked: requests[asked] for asked in ASKED} == one
    # (the stack's and the topic's, once each; speed53: the check of reads from other
    # accounts takes the stack's account read for the others, 3 -> 2)
    assert one == {"GetRequest account": 2, "GetRequest region": 2}


def test_a_stack_whose_env_failed_is_refused_again() -> None:
    # GIVEN a stack whose region no AWS environment has (an env that passed is not asked
    # again: one that failed is, for every construct)
    stack = cdk.Stack(new_app(), "Test", env=cdk.Environment(account="111111111111", region=""))
    for name in ("A", "B"):
        # THEN each construct built in it is refused, naming the stack's env.region
        with pytest.raises(ConstructError, match=r"Test: `env\.region` is ''; an AWS region"):
            QueueWorker(stack, name, handler=echo_handler())
