"""constructs_lib.testing: stable snapshots, and the guard that catches the refactor that
replaces a table (measured: renaming a ServerlessApi's id replaces its table and log groups)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib import ApiAuth, ConstructError, QueueWorker, ServerlessApi, TableOptions
from constructs_lib.testing import (
    MissingBaselineError,
    assert_stateful_resources_unchanged,
    stateful_resources,
    template_snapshot,
)
from tests.support import ROOT, echo_handler, new_stack


def _api_template(id: str) -> dict[str, Any]:
    stack = new_stack()
    ServerlessApi(
        stack,
        id,
        routes={"GET /items": echo_handler()},
        table=TableOptions(partition_key="id"),
        auth=ApiAuth.iam(),
    )
    return template_snapshot(stack)


@pytest.fixture(scope="module")
def before() -> dict[str, Any]:
    return _api_template("Items")


def test_snapshot_hides_asset_hashes_and_version_suffixes(before: dict[str, Any]) -> None:
    text = str(before)
    assert "ASSET_HASH" in text and "CurrentVersionHASH" in text
    # a 64-hex asset hash or an S3 key "<hash>.zip" never survives
    assert ".zip'" in text and "ASSET_HASH.zip" in text


def test_same_app_gives_the_same_snapshot(before: dict[str, Any]) -> None:
    assert _api_template("Items") == before


def test_unchanged_ids_pass_the_guard(before: dict[str, Any]) -> None:
    assert_stateful_resources_unchanged(_api_template("Items"), before)


def test_renamed_construct_fails_with_the_replaced_resources_and_the_fix(
    before: dict[str, Any],
) -> None:
    # GIVEN the same API under a new id: its table and log groups get new logical IDs
    after = _api_template("Catalog")
    # THEN the guard names each replaced resource, what took its place, and the fix
    with pytest.raises(AssertionError) as raised:
        assert_stateful_resources_unchanged(after, before)
    message = str(raised.value)
    replaced = stateful_resources(before)
    assert f"{len(replaced)} stateful resource(s) would be replaced" in message
    table = next(i for i, t in replaced.items() if t == "AWS::DynamoDB::Table")
    assert f"AWS::DynamoDB::Table {table} -> new Catalog" in message
    # Proves (user trial): each replaced log group listed every new log group as what took
    # its place; the one whose id ends alike is named alone
    lines = {line.split()[2]: line for line in message.splitlines() if "AWS::Logs" in line}
    access = next(i for i in lines if i.startswith("ItemsAccessLogs"))
    (successor,) = lines[access].split(" -> new ")[1].split(", ")
    assert successor.startswith("CatalogAccessLogs")
    assert len(lines) == 2 and all(", " not in line for line in lines.values())
    assert "Handler(name=...)" in message and "cdk refactor" in message


def _worker_template(id: str) -> dict[str, Any]:
    stack = new_stack()
    QueueWorker(stack, id, handler=echo_handler())
    return template_snapshot(stack)


def test_a_renamed_worker_s_queue_is_followed_by_its_queue_not_its_dead_letter_queue() -> None:
    # Proves (user trial): renaming QueueWorker "EventStore" to "EventsWorker" listed the
    # old queue as replaced by the new queue *and* the new dead-letter queue (their ids end
    # alike only in "Queue"), though the old dead-letter queue's id ends like the new one's
    before, after = _worker_template("EventStore"), _worker_template("EventsWorker")
    with pytest.raises(AssertionError) as raised:
        assert_stateful_resources_unchanged(after, before)
    lines = {
        line.split()[2]: line.split(" -> new ")[1]
        for line in str(raised.value).splitlines()
        if line.startswith("  - AWS::SQS::Queue")
    }
    assert len(lines) == 2
    queue = next(i for i in lines if i.startswith("EventStoreQueue"))
    dead_letters = next(i for i in lines if i.startswith("EventStoreDeadLetterQueue"))
    assert lines[queue].startswith("EventsWorkerQueue") and ", " not in lines[queue]
    assert lines[dead_letters].startswith("EventsWorkerDeadLetterQueue")
    assert ", " not in lines[dead_letters]


def _api_in_stack(stack: Any, partition_key: str = "id") -> None:
    ServerlessApi(
        stack,
        "Items",
        routes={"GET /items": echo_handler()},
        table=TableOptions(partition_key=partition_key),
        auth=ApiAuth.iam(),
    )


def test_a_table_replaced_under_the_same_logical_id_fails_the_guard(
    before: dict[str, Any],
) -> None:
    # Proves (fuzz): a new partition key keeps the logical ID, but CloudFormation can only
    # apply it by replacing the table; the guard passed it.
    stack = new_stack()
    _api_in_stack(stack, partition_key="pk")
    with pytest.raises(AssertionError) as raised:
        assert_stateful_resources_unchanged(stack, before)
    table = next(i for i, t in stateful_resources(before).items() if "DynamoDB" in t)
    assert f"AWS::DynamoDB::Table {table}: changed KeySchema" in str(raised.value)
    assert "restore the old value" in str(raised.value)


def test_a_stateless_change_is_no_false_alarm(before: dict[str, Any]) -> None:
    stack = new_stack()
    ServerlessApi(
        stack,
        "Items",
        routes={
            "GET /items": echo_handler(memory_mib=2048),
            "GET /other": echo_handler(name="Other"),
        },
        table=TableOptions(partition_key="id"),
        auth=ApiAuth.iam(),
    )
    assert template_snapshot(stack) != before
    assert_stateful_resources_unchanged(stack, before)


def _nested(table_id: str, partition_key: str = "id") -> cdk.Stack:
    stack = new_stack()
    nested = cdk.NestedStack(stack, "Data")
    dynamodb.TableV2(
        nested,
        table_id,
        partition_key=dynamodb.Attribute(name=partition_key, type=dynamodb.AttributeType.STRING),
    )
    return stack


def test_nested_stacks_are_in_the_snapshot_and_under_the_guard() -> None:
    # Proves (fuzz): a nested stack's resources were neither in the parent's snapshot (its
    # TemplateURL hides behind ASSET_HASH) nor checked by the guard.
    before = template_snapshot(_nested("Orders"))
    (parent,) = (r for r in before["Resources"].values() if "NestedTemplate" in r)
    assert "AWS::DynamoDB::GlobalTable" in str(parent["NestedTemplate"])
    assert template_snapshot(_nested("Orders", "pk")) != before
    assert_stateful_resources_unchanged(_nested("Orders"), before)
    for after in (_nested("Renamed"), _nested("Orders", "pk")):
        with pytest.raises(AssertionError, match=r"AWS::DynamoDB::GlobalTable \w+/Orders"):
            assert_stateful_resources_unchanged(after, before)


def test_cdk_metadata_is_not_in_the_snapshot() -> None:
    # Proves (fuzz): CDKMetadata (construct versions, present in `cdk synth` output and
    # with analytics reporting on) made the same stack's snapshots differ.
    snapshots = []
    for reporting in (True, False):
        stack = cdk.Stack(cdk.App(analytics_reporting=reporting), "Test")
        _api_in_stack(stack)
        snapshots.append(template_snapshot(stack))
    assert snapshots[0] == snapshots[1]
    assert "CDKMetadata" not in str(snapshots[0])


@pytest.mark.parametrize(
    "template",
    [
        {"Resources": {"A": "x"}},
        {"Resources": {"A": {"NestedTemplate": []}}},
        # Proves (user trial): a dict that is no template (templates keyed by test name,
        # read from the wrong file) passed the guard, which then guarded nothing.
        {"test_template[Beta-Data]": {"Resources": {"Table": {"Type": "AWS::DynamoDB::Table"}}}},
        {"Resources": {}, "Stacks": {}},
    ],
)
def test_a_malformed_template_dict_is_a_construct_error(template: dict[str, Any]) -> None:
    # Proves (fuzz): a resource that is not a dict raised a raw AttributeError.
    with pytest.raises(ConstructError, match=r"`snapshot` is .*, not a template dict"):
        assert_stateful_resources_unchanged({"Resources": {}}, template)


def test_a_stage_given_for_a_stack_is_named_with_the_fix() -> None:
    # Proves (user trial): template_snapshot(stage) and the guard given a stage named it
    # '<aws_cdk.Stage object at 0x7f..>' and asked for "the stack" of an app with stages
    stage = cdk.Stage(cdk.App(), "Dev")
    cdk.Stack(stage, "Api")
    with pytest.raises(ConstructError) as raised:
        template_snapshot(stage)
    assert (
        "`stack_or_template` is the Stage 'Dev', neither a Stack nor a template dict. "
        "Fix: pass each stack of the stage: one snapshot per stack"
    ) in str(raised.value)


def test_a_stack_as_the_snapshot_is_a_construct_error(before: dict[str, Any]) -> None:
    # Proves (user trial): with the arguments swapped (the deployed snapshot first, the
    # stack second) the guard compared the other way round: a table, queue or log group
    # the new code removes passed unseen
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        assert_stateful_resources_unchanged(before, stack)  # type: ignore[arg-type]
    message = str(raised.value)
    assert "`snapshot` is the Stack 'Test'; it is the template deployed today, as a dict" in (
        message
    )
    assert (
        "Fix: pass (stack, deployed template), in that order (were they swapped?): the "
        "committed snapshot's JSON file (a Path)" in (message)
    )


def test_the_snapshot_s_file_is_read_by_the_guard(before: dict[str, Any], tmp_path: Path) -> None:
    # GIVEN the committed snapshot's JSON file (as syrupy's JSON extension writes it)
    committed = tmp_path / "__snapshots__" / "test_stack" / "test_template.json"
    committed.parent.mkdir(parents=True)
    committed.write_text(json.dumps(before))
    # THEN the guard reads it, by Path or str: the same API passes, a renamed one fails
    assert_stateful_resources_unchanged(_api_template("Items"), committed)
    with pytest.raises(AssertionError, match="would be replaced"):
        assert_stateful_resources_unchanged(_api_template("Catalog"), str(committed))


def test_the_first_run_names_the_missing_snapshot_and_the_command_that_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (user trial): the README's guard, run before any --snapshot-update, failed
    # with a raw FileNotFoundError from the user's own test code
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MissingBaselineError) as raised:
        assert_stateful_resources_unchanged(
            _api_template("Items"), Path("tests/__snapshots__/test_stack/test_template.json")
        )
    missing = tmp_path / "tests" / "__snapshots__" / "test_stack" / "test_template.json"
    assert raised.value.path == missing
    assert isinstance(raised.value, AssertionError)  # a test failure, as pytest reports it
    assert str(raised.value).startswith(
        f"No deployed template to compare with: {missing} does not exist (yet).\nFix: run "
        "`pytest --snapshot-update` once: the snapshot test"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"is '.*test_template.json', not a JSON file \(Expecting"),
        (None, r"is '.*test_template.json', a directory"),
    ],
)
def test_a_snapshot_file_that_is_no_json_is_a_construct_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "test_template.json"
    if content is None:
        path.mkdir()
    else:
        path.write_text(content)
    with pytest.raises(ConstructError, match=rf"`snapshot` {message}"):
        assert_stateful_resources_unchanged({"Resources": {}}, path)


@pytest.mark.parametrize(
    ("example", "module", "stack_class", "stack_id"),
    [
        ("hello_api", "hello_api.hello_api_stack", "HelloApiStack", "HelloApi"),
        ("orders_app", "orders_app.orders_app_stack", "OrdersAppStack", "OrdersApp"),
    ],
)
def test_an_examples_snapshot_is_the_template_with_its_cdk_json_flags(
    example: str,
    module: str,
    stack_class: str,
    stack_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Proves (user trial): the examples' tests (and the README's) built cdk.App() without
    # cdk.json's context, so the committed snapshot was not the template `cdk synth`
    # deploys (policies not minimized; with other stacks, an Fn::ImportValue where the CLI
    # makes a weak reference, and cdk-nag finding ids that differ, so an acknowledgement
    # that passed the tests failed `cdk synth`).
    # GIVEN the example's stack built with its cdk.json's context, as `cdk synth` builds it
    directory = ROOT / "examples" / example
    context = json.loads((directory / "cdk.json").read_text())["context"]
    monkeypatch.syspath_prepend(str(directory))
    stack = getattr(importlib.import_module(module), stack_class)(
        cdk.App(context=context), stack_id
    )
    # THEN its committed snapshot (what the example's own tests compare) is that template
    snapshots = directory / "tests" / "unit" / "__snapshots__"
    (snapshot,) = snapshots.rglob("test_template_matches_the_snapshot.json")
    assert template_snapshot(stack) == json.loads(snapshot.read_text())
