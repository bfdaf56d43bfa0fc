"""Link.export on a table of the app needs its point-in-time recovery on, as the template
will have it: DynamoDB exports from that data, so without it every export fails
(PointInTimeRecoveryUnavailableException). Checked at synth, when a setting made after the
link counts too; an imported table's setting is its owner's."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    Handler,
    Link,
    ScheduledJob,
    ServerlessApi,
    TableOptions,
    _defaults,
)
from tests.support import ECHO, new_app

KEY = dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING)
ON = dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=True)
OFF = dynamodb.PointInTimeRecoverySpecification(point_in_time_recovery_enabled=False)
ENV = cdk.Environment(account="123456789012", region="eu-west-1")
ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders"

Table = Callable[[cdk.Stack], Any]


def _synth(make: Table, env: cdk.Environment | None = None) -> Template:
    stack = cdk.Stack(new_app(), "Test", env=env)
    table = make(stack)
    handler = Handler(code=ECHO, entry="app.handler", links=[Link.export(table)])
    ScheduledJob(stack, "Nightly", handler=handler, schedule="cron(0 3 * * ? *)", alarms=False)
    if hasattr(table, "later"):  # the L1 changed after the link was made
        table.node.default_child.point_in_time_recovery_specification = table.later
    return Template.from_stack(stack)


def _later(first: dynamodb.PointInTimeRecoverySpecification, then: Any) -> Table:
    """A Table created with ``first``, its L1 given ``then`` once the job has linked it."""

    def make(stack: cdk.Stack) -> dynamodb.Table:
        table = dynamodb.Table(
            stack, "Orders", partition_key=KEY, point_in_time_recovery_specification=first
        )
        table.later = then  # type: ignore[attr-defined]
        return table

    return make


def _deploy_time(stack: cdk.Stack) -> dynamodb.Table:
    """Recovery from a parameter (a condition's value in a real app): the deploy's to decide."""
    table = dynamodb.Table(stack, "Orders", partition_key=KEY)
    value = cdk.CfnParameter(stack, "Recovery", type="String").value_as_string
    table.later = dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(  # type: ignore[attr-defined]
        point_in_time_recovery_enabled=cdk.Token.as_any(value)
    )
    return table


REFUSED: dict[str, tuple[Table, str]] = {
    "table without": (lambda s: dynamodb.Table(s, "Orders", partition_key=KEY), "Table"),
    "table off": (
        lambda s: dynamodb.Table(
            s, "Orders", partition_key=KEY, point_in_time_recovery_specification=OFF
        ),
        "Table",
    ),
    "table v2 without": (lambda s: dynamodb.TableV2(s, "Orders", partition_key=KEY), "TableV2"),
    "turned off later": (_later(ON, None), "Table"),
}


@pytest.mark.parametrize(("make", "fix"), REFUSED.values(), ids=REFUSED.keys())
def test_an_app_table_without_recovery_fails_the_synth(make: Table, fix: str) -> None:
    # Proves (fix42): it synthesized, and every export failed with
    # PointInTimeRecoveryUnavailableException
    with pytest.raises(RuntimeError) as failed:
        _synth(make, ENV)
    message = str(failed.value)
    assert re.search(
        r"\[Test/Nightly\] `handler\.links\[0\]` is Link\.export\(\.\.\.\) of the table "
        r"Test/Orders, whose point-in-time recovery is off: .*"
        r"\(PointInTimeRecoveryUnavailableException\)\. Fix: create it with "
        + re.escape(f"{fix}(..., point_in_time_recovery_specification=dynamodb."),
        message,
    ), message


PASSED: dict[str, Table] = {
    "the library's": lambda s: _defaults.table(s, "Orders", partition_key=KEY),
    "table on": lambda s: dynamodb.Table(
        s, "Orders", partition_key=KEY, point_in_time_recovery_specification=ON
    ),
    "table v2 on": lambda s: dynamodb.TableV2(
        s, "Orders", partition_key=KEY, point_in_time_recovery_specification=ON
    ),
    "turned on later": _later(
        OFF,
        dynamodb.CfnTable.PointInTimeRecoverySpecificationProperty(
            point_in_time_recovery_enabled=True
        ),
    ),
    "deploy-time": _deploy_time,
    "imported": lambda s: dynamodb.Table.from_table_arn(s, "Orders", ARN),
    "an api's": lambda s: ServerlessApi(
        s,
        "Orders",
        routes={"GET /orders": Handler(code=ECHO)},
        auth=ApiAuth.iam(),
        table=TableOptions(partition_key="id"),
    ),
}


@pytest.mark.parametrize("env", [ENV, None], ids=["env", "agnostic"])
@pytest.mark.parametrize("make", PASSED.values(), ids=PASSED.keys())
def test_a_table_with_recovery_or_not_the_apps_exports(
    make: Table, env: cdk.Environment | None
) -> None:
    template = _synth(make, env)
    assert "dynamodb:ExportTableToPointInTime" in str(template.to_json())
