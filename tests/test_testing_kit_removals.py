"""``assert_stateful_resources_unchanged(..., removed=[...])``: a change that removes a
stateful resource on purpose says so in the test, reviewed with the change; the guard
still reports every other, and refuses a declaration that excuses nothing."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sqs as sqs

from constructs_lib import ApiAuth, ConstructError, ServerlessApi, TableOptions
from constructs_lib.testing import (
    assert_stateful_resources_unchanged,
    stateful_resources,
    template_snapshot,
)
from tests.support import echo_handler, new_stack


def _api_template(*, table: bool) -> dict[str, Any]:
    stack = new_stack()
    ServerlessApi(
        stack,
        "Items",
        routes={"GET /items": echo_handler()},
        table=TableOptions(partition_key="id") if table else None,
        auth=ApiAuth.iam(),
    )
    return template_snapshot(stack)


@pytest.fixture(scope="module")
def before() -> dict[str, Any]:
    return _api_template(table=True)


@pytest.fixture(scope="module")
def without_table() -> dict[str, Any]:
    return _api_template(table=False)


def _table(template: dict[str, Any]) -> str:
    return next(i for i, t in stateful_resources(template).items() if t == "AWS::DynamoDB::Table")


def test_a_removed_table_is_reported_and_the_fix_names_removed(
    before: dict[str, Any], without_table: dict[str, Any]
) -> None:
    # GIVEN the API's table dropped from the code
    with pytest.raises(AssertionError) as raised:
        assert_stateful_resources_unchanged(without_table, before)
    # THEN the guard reports it removed, and how to declare that it is meant
    message = str(raised.value)
    assert f"AWS::DynamoDB::Table {_table(before)} (removed)" in message
    assert "pass removed=[<its logical ID>, ...] for this change" in message


def test_a_declared_removal_passes(before: dict[str, Any], without_table: dict[str, Any]) -> None:
    assert_stateful_resources_unchanged(without_table, before, removed=[_table(before)])


def test_a_declared_removal_excuses_that_resource_only(before: dict[str, Any]) -> None:
    # GIVEN the whole API renamed (table and log groups replaced), the table's loss declared
    stack = new_stack()
    ServerlessApi(
        stack,
        "Catalog",
        routes={"GET /items": echo_handler()},
        table=TableOptions(partition_key="id"),
        auth=ApiAuth.iam(),
    )
    after = template_snapshot(stack)
    # THEN the log groups are still reported, the table no more
    with pytest.raises(AssertionError) as raised:
        assert_stateful_resources_unchanged(after, before, removed=[_table(before)])
    message = str(raised.value)
    assert message.startswith("2 stateful resource(s) would be replaced")
    assert "AWS::Logs::LogGroup" in message and _table(before) not in message


def test_a_declaration_that_excuses_nothing_is_a_construct_error(
    before: dict[str, Any], without_table: dict[str, Any]
) -> None:
    table = _table(before)
    kept = next(i for i, t in stateful_resources(before).items() if t == "AWS::Logs::LogGroup")
    with pytest.raises(ConstructError) as raised:
        assert_stateful_resources_unchanged(
            without_table, before, removed=[table[:-1] + "X", kept, "OrdersTable", 7]
        )
    problems = {p.prop: (p.message, p.fix) for p in raised.value.problems}
    # a misspelt ID: the nearest named
    assert problems["removed[0]"] == (
        f"is {table[:-1] + 'X'!r}, no stateful resource of the snapshot (the template "
        "deployed today)",
        f"did you mean {table!r}?",
    )
    # one the template keeps: stale, it would excuse a later accident
    assert problems["removed[1]"][0] == (
        f"is {kept!r}, which the template keeps unchanged: nothing of it is lost"
    )
    # one the snapshot does not have (its removal deployed): drop the entry
    assert problems["removed[2]"][1].startswith("remove it from removed= (once the snapshot")
    assert problems["removed[3]"][0] == "is 7, an int"


def test_a_single_id_as_a_string_is_a_construct_error(
    before: dict[str, Any], without_table: dict[str, Any]
) -> None:
    table = _table(before)
    with pytest.raises(ConstructError) as raised:
        assert_stateful_resources_unchanged(without_table, before, removed=table)
    # Proves (papercuts349): the message said only "is the string '...'", not why a str
    # is refused where a str is a collection of str (its characters)
    assert [(p.prop, p.message, p.fix) for p in raised.value.problems] == [
        (
            "removed",
            f"is the string {table!r}, whose characters would each be read as a logical ID",
            f"pass a list: removed=[{table!r}]",
        )
    ]


@pytest.mark.parametrize("kind", [set, frozenset, tuple, list])
def test_a_declared_removal_is_any_collection_of_ids(
    before: dict[str, Any], without_table: dict[str, Any], kind: type
) -> None:
    # Proves (papercuts349): a set worked but was typed Sequence[str], so a type checker
    # refused what order does not matter to; it is typed Collection[str] now
    assert_stateful_resources_unchanged(without_table, before, removed=kind([_table(before)]))


def test_a_set_s_problems_are_listed_in_a_stable_order(
    before: dict[str, Any], without_table: dict[str, Any]
) -> None:
    table = _table(before)
    with pytest.raises(ConstructError) as raised:
        assert_stateful_resources_unchanged(
            without_table, before, removed={table, "OrdersTable", "AuditTable"}
        )
    # THEN the IDs are numbered in sorted order (a set's own order changes between runs)
    order = sorted([table, "OrdersTable", "AuditTable"])
    problems = {p.prop: p.message for p in raised.value.problems}
    assert problems == {
        f"removed[{order.index(name)}]": f"is {name!r}, no stateful resource of the snapshot "
        "(the template deployed today)"
        for name in ("AuditTable", "OrdersTable")
    }


def _nested_template(*, queue: bool) -> dict[str, Any]:
    stack = new_stack()
    jobs = cdk.NestedStack(stack, "Jobs")
    if queue:
        sqs.Queue(jobs, "Work", enforce_ssl=True)
    sqs.Queue(stack, "Kept", enforce_ssl=True)
    return template_snapshot(stack)


def test_a_nested_stack_s_resource_declared_by_its_own_id_is_told_its_full_id() -> None:
    # GIVEN (sweep48) a queue of a nested stack removed on purpose, declared by the logical
    # ID its nested template gives it (as a reader of that template copies it)
    before, after = _nested_template(queue=True), _nested_template(queue=False)
    (full,) = (i for i in stateful_resources(before) if "/" in i)
    own = full.rpartition("/")[2]
    # THEN the ConstructError names the ID to write (it said "no stateful resource of the
    # snapshot", with no suggestion: the nested stack's ID is too long for a close match)
    with pytest.raises(ConstructError) as raised:
        assert_stateful_resources_unchanged(after, before, removed=[own])
    (problem,) = raised.value.problems
    assert (problem.prop, problem.message) == (
        "removed[0]",
        f"is {own!r}, which the snapshot has in a nested stack only",
    )
    assert problem.fix == (
        f"pass it with its nested stack's logical ID, as the guard reports it: {full!r}"
    )
    # AND that ID declares the removal
    assert_stateful_resources_unchanged(after, before, removed=[full])
