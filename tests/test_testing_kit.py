"""constructs_lib.testing: stable snapshots, and the guard that catches the refactor that
replaces a table (measured: renaming a ServerlessApi's id replaces its table and log groups)."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lib import ApiAuth, ServerlessApi, TableOptions
from constructs_lib.testing import (
    assert_stateful_resources_unchanged,
    stateful_resources,
    template_snapshot,
)
from tests.support import echo_handler, new_stack


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
    assert "Handler(name=...)" in message and "cdk refactor" in message
