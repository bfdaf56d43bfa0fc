"""A library construct's ``__getattr__`` (bad49: a name it lacks is a ConstructError with the
fix) is also what Python calls when a property of the class raised AttributeError inside it,
and when a declared attribute is read before it is set. Those names exist: the error shown
is the property's own, or says the attribute is not set yet (sweep249), never "`url` is no
attribute or method ... Fix: use `url`: did you mean it?"."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from constructs import Construct

from constructs_lib import ConstructError, QueueWorker, ScheduledJob
from tests.support import echo_handler, new_stack


class _Orders(QueueWorker):
    """A platform team's worker: a property of its own with a typo in its body."""

    @property
    def url(self) -> str:
        return self.queue.queue_urll  # type: ignore[attr-defined, no-any-return]


def test_a_typo_inside_a_subclass_property_raises_that_typo_s_error() -> None:
    # Before: "`url` is no attribute or method of _Orders. Fix: use `url`: did you mean it?",
    # about the property that exists, hiding the typo in its body
    worker = _Orders(new_stack(), "Orders", handler=echo_handler(), alarms=False)
    with pytest.raises(AttributeError, match=r"^'Queue' object has no attribute 'queue_urll'$"):
        worker.url  # noqa: B018
    assert not hasattr(worker, "url")  # still an AttributeError, as Python has it


class _Report(ScheduledJob):
    """Reads an attribute of its own that it declares but sets after super().__init__."""

    summary_topic: str

    def __init__(self, scope: Construct, id: str, **props: Any) -> None:
        super().__init__(scope, id, **props)
        self.early = getattr(self, "summary_topic", "unset")
        self.summary_topic = "set"


def test_a_declared_attribute_read_before_it_is_set_is_not_set_yet() -> None:
    job = _Report(
        new_stack(), "Report", handler=echo_handler(), schedule="rate(1 hour)", alarms=False
    )
    assert (job.early, job.summary_topic) == ("unset", "set")  # getattr's default, as before
    del job.summary_topic
    with pytest.raises(ConstructError) as raised:
        job.summary_topic  # noqa: B018
    assert isinstance(raised.value, AttributeError)
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop) == ("Test/Report", "summary_topic")
    assert problem.message.startswith("is declared by _Report but not set on it (yet)")
    assert problem.fix == (
        "set it in __init__ before it is read, or use it once _Report(...) has returned"
    )


def test_an_l2_habit_is_offered_only_to_a_construct_it_fits() -> None:
    # Before: a QueueWorker's `add_routes` was told "pass every route in routes={...} when
    # creating the QueueWorker", a prop QueueWorker does not have
    worker = QueueWorker(new_stack(), "Worker", handler=echo_handler(), alarms=False)
    with pytest.raises(ConstructError) as raised:
        worker.add_routes  # type: ignore[attr-defined]  # noqa: B018
    (problem,) = raised.value.problems
    assert problem.message == "is no attribute or method of QueueWorker"
    assert problem.fix.startswith("use one of its attributes or methods: add_rollback_alarm, ")
    assert "routes=" not in problem.fix


def test_aws_cdk_lib_and_python_probes_answer_as_before() -> None:
    stack = new_stack()
    worker = _Orders(stack, "Orders", handler=echo_handler(), alarms=False)
    cdk.Tags.of(worker).add("team", "orders")
    cdk.RemovalPolicies.of(worker).destroy()
    assert cdk.Stack.of(worker) is stack
    assert getattr(worker, "alarms_of", None) is None
    assert hasattr(worker, "function") and not hasattr(worker, "functions")
    assert not hasattr(worker, "_ipython_canary_method_should_not_exist_")
