"""A StreamWorker's table: one of this region and account whose stream the app knows, or
the fix that gives it one (how depends on who made the table: a ServerlessApi, the app's
own ``Table`` or ``TableV2``, or an import)."""

from __future__ import annotations

import re
import sys
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib._arns import check_imported_arn
from constructs_lib._env import check_same_environment
from constructs_lib._jsii import is_unresolved
from constructs_lib._stream_replicas import check_not_a_replica
from constructs_lib._trigger_cycles import check_source_without_cycle
from constructs_lib._validation import Validator

__all__ = ["check_stream_table", "stream_key_names", "stream_view_type"]

_VIEW = "dynamodb.StreamViewType.NEW_AND_OLD_IMAGES"
# what the stream ARN of an imported table must look like after arn:<partition>:dynamodb:...:
_STREAM_RESOURCE = re.compile(r"table/(?P<table>[^/]+)/stream/(?P<label>[^/*]+)")


def check_stream_table(v: Validator, table: dynamodb.ITable) -> None:
    """Adds a problem when the worker could not read ``table``'s stream."""
    before = v.count
    if not check_imported_arn(v, table, "table", "table", "the worker would read no stream"):
        return
    if not check_not_a_replica(v, table):
        return
    check_same_environment(
        v,
        table,
        "table",
        "an event source mapping reads only a stream of its own region and account",
        "pass a table of this stack's region and account",
    )
    if v.count != before:
        return
    if not _has_stream(table):
        v.add("table", *_no_stream(table))
        return
    if not check_source_without_cycle(
        v, table, "table", "table", "StreamWorker", "reading its stream"
    ):
        return
    arn = table.table_stream_arn
    if isinstance(arn, str) and (arn.endswith("/stream/*") or not is_unresolved(arn)):
        _check_stream_arn(v, table, arn)


def stream_view_type(table: dynamodb.ITable) -> str | None:
    """What the stream of a table of the app keeps (``NEW_IMAGE``...); None for an import,
    whose stream the app does not know, and a deploy-time value."""
    if not isinstance(table, dynamodb.Table | dynamodb.TableV2):
        return None
    specification = _properties(table).get("streamSpecification") or {}
    view = specification.get("streamViewType") if isinstance(specification, dict) else None
    return view if isinstance(view, str) else None


def stream_key_names(table: dynamodb.ITable) -> tuple[str, ...] | None:
    """The key attributes of a table of the app (partition key first), which a stream
    record's ``Keys`` holds; None for an import and a deploy-time name."""
    if not isinstance(table, dynamodb.Table | dynamodb.TableV2):
        return None
    schema = _properties(table).get("keySchema")
    names = [k.get("attributeName") for k in schema or () if isinstance(k, dict)]
    known = tuple(n for n in names if isinstance(n, str) and not is_unresolved(n))
    return known if known and len(known) == len(names) else None


def _properties(table: dynamodb.Table | dynamodb.TableV2) -> dict[str, Any]:
    """The table's CloudFormation properties, resolved (the L1's own getters fail on a
    TableV2's stream specification that has no view type yet)."""
    resource = table.node.default_child
    return Stack.of(table).resolve(getattr(resource, "_cfn_properties", None)) or {}


def _has_stream(table: dynamodb.ITable) -> bool:
    if isinstance(table, dynamodb.TableV2):  # its stream ARN is an attribute either way
        return _properties(table).get("streamSpecification") is not None
    return table.table_stream_arn is not None


def _no_stream(table: dynamodb.ITable) -> tuple[str, str]:
    """The message and the fix for ``table`` without a stream."""
    path = table.node.path
    api = getattr(sys.modules.get("constructs_lib.serverless_api"), "ServerlessApi", None)
    if api is not None and isinstance(table.node.scope, api):
        return (
            f"is the table of the ServerlessApi {table.node.scope.node.path}, which has no "
            "stream: there are no changes to read",
            f"give the API's table a stream: table=TableOptions(..., stream={_VIEW}) (added "
            "in place: the table and its items stay)",
        )
    if isinstance(table, dynamodb.Table | dynamodb.TableV2):
        prop = "stream" if isinstance(table, dynamodb.Table) else "dynamo_stream"
        return (
            f"is the table {path}, which has no stream: there are no changes to read",
            f"pass {prop}={_VIEW} to its dynamodb.{type(table).__name__}(...) (added in "
            "place: the table and its items stay)",
        )
    name = table.table_name if not is_unresolved(table.table_name) else "<name>"
    kind = "TableV2" if isinstance(table, dynamodb.TableBaseV2) else "Table"
    return (
        f"is the table {path}, imported without its stream's ARN (table_stream_arn): the "
        "worker cannot read its changes",
        f"import it with dynamodb.{kind}.from_table_attributes(self, 'Table', "
        f"table_name={name!r}, table_stream_arn=<its stream's ARN: aws dynamodb "
        f"describe-table --table-name {name} --query Table.LatestStreamArn>); a table "
        f"without one gets a stream with aws dynamodb update-table --table-name {name} "
        "--stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES",
    )


def _check_stream_arn(v: Validator, table: dynamodb.ITable, arn: str) -> None:
    """An imported table's ``table_stream_arn``: a stream's (not the table's, not a
    replica's ``stream/*`` pattern, which no mapping can read), of that table."""
    parts = arn.split(":", 5)
    found = _STREAM_RESOURCE.fullmatch(parts[5]) if len(parts) == 6 else None
    fix = (
        "pass the stream's own ARN (aws dynamodb describe-table --query Table.LatestStreamArn), "
        "e.g. arn:aws:dynamodb:<region>:<account>:table/<name>/stream/2026-01-01T00:00:00.000"
    )
    if found is None or parts[2] != "dynamodb":
        v.add(
            "table",
            f"has the table_stream_arn {arn!r}, which is no DynamoDB stream's ARN: an event "
            "source mapping reads one stream, named in full",
            fix,
        )
        return
    here = Stack.of(v.scope)
    elsewhere = [
        f"{what} {theirs}, not {mine}"
        for what, mine, theirs in (
            ("region", here.region, parts[3]),
            ("account", here.account, parts[4]),
        )
        if theirs != mine and not is_unresolved(mine)  # an env-agnostic stack: unknown
    ]
    if elsewhere:
        # the table's own ARN may name this stack's environment (from_table_name does)
        v.add(
            "table",
            f"has the table_stream_arn {arn!r}, a stream in {' and '.join(elsewhere)}: an "
            "event source mapping reads only a stream of its own region and account",
            "pass a table of this stack's region and account (a global table: the stream of "
            "this region's replica, from describe-table in this region)",
        )
        return
    name = table.table_name
    if isinstance(name, str) and not is_unresolved(name) and name != found["table"]:
        v.add(
            "table",
            f"is the table {name!r}, but its table_stream_arn is the stream of the table "
            f"{found['table']!r}",
            f"pass the stream of {name!r} (aws dynamodb describe-table --table-name {name} "
            "--query Table.LatestStreamArn), or import the table it belongs to",
        )
