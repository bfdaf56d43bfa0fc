"""The user's CI: a stable snapshot, no replaced stateful resource, cdk-nag clean."""

import json
from pathlib import Path

import aws_cdk as cdk
import pytest
from orders_app.orders_app_stack import OrdersAppStack
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from constructs_lib import enable_checks
from constructs_lib.testing import assert_stateful_resources_unchanged, template_snapshot

SNAPSHOT = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
#: the feature flags `cdk synth` reads from cdk.json (a test's cdk.App() does not read it)
CONTEXT = json.loads((Path(__file__).parents[2] / "cdk.json").read_text())["context"]


@pytest.fixture
def stack() -> cdk.Stack:
    return OrdersAppStack(cdk.App(context=CONTEXT), "OrdersApp")


def test_template_matches_the_snapshot(stack: cdk.Stack, snapshot: SnapshotAssertion) -> None:
    assert template_snapshot(stack) == snapshot.use_extension(JSONSnapshotExtension)


def test_no_stateful_resource_is_replaced(stack: cdk.Stack) -> None:
    # the committed snapshot: the template deployed today (before the first
    # `pytest --snapshot-update`, this fails naming the file and that command)
    assert_stateful_resources_unchanged(stack, SNAPSHOT / "test_template_matches_the_snapshot.json")


def test_cdk_nag_finds_nothing(tmp_path: Path) -> None:
    app = cdk.App(context=CONTEXT, outdir=str(tmp_path))
    OrdersAppStack(app, "OrdersApp")
    enable_checks(app)
    app.synth()  # cdk-nag 3 raises on any unacknowledged finding
