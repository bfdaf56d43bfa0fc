"""The API's table granted to each function: read for GET/HEAD routes, read/write for the
others (the widest wins when routes share a function), with the cdk-nag findings the
grants bring acknowledged where they are the library's."""

from __future__ import annotations

from collections.abc import Mapping

import jsii
from aws_cdk import AspectPriority, Aspects, IAspect, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct, IConstruct

from constructs_lib import _nag
from constructs_lib._core import FunctionCore
from constructs_lib._core.link_grants import grant_and_acknowledge
from constructs_lib._core.resolve import function_key
from constructs_lib._synth_checks import template_properties
from constructs_lib.serverless_api.props import ServerlessApiProps
from constructs_lib.serverless_api.routes import TableAccess, widest_access
from constructs_lib.serverless_api.table import TableOptions

__all__ = ["grant_table"]


def grant_table(
    api: Construct,
    table: dynamodb.ITable,
    props: ServerlessApiProps,
    cores: Mapping[tuple[object, ...], FunctionCore],
) -> None:
    """Grants ``table`` to each function of ``cores`` (by its Handler's key) as its routes
    need."""
    created: dynamodb.CfnTable | None = None  # the API's own table, looked up once
    for key, access in widest_access(
        props.parsed_routes(), key=lambda handler: function_key(api, handler)
    ).items():
        function = cores[key].function
        grant = {
            TableAccess.READ: table.grant_read_data,
            TableAccess.READ_WRITE: table.grant_read_write_data,
        }.get(access)
        if grant is None:
            continue
        if props.existing_table is not None:  # its indexes are not known here
            reason = _nag.existing_table_grant(table.node.path)
            grant_and_acknowledge(function, grant, "", reason=reason)
        elif props.table is not None and props.table.encryption_key is not None:
            reason = _nag.table_key_grant(_index_kinds(props.table))
            grant_and_acknowledge(function, grant, "", reason=reason)
        else:
            grant(function)
            if props.table is not None:
                created = created or _created_table(api)
                _acknowledge_index_grant(api, props.table, function, created)


def _created_table(api: Construct) -> dynamodb.CfnTable:
    resource = api.node.find_child("Table").node.default_child
    assert isinstance(resource, dynamodb.CfnTable)
    return resource


def _acknowledge_index_grant(
    api: Construct, options: TableOptions, function: lambda_.Function, resource: dynamodb.CfnTable
) -> None:
    """The grants cover the table's indexes as ``<table>/index/*``: cdk-nag's IAM5
    finding for exactly that resource, on this function's policy, is the library's. A
    table without indexes when built may get them afterwards
    (``api.table.add_global_secondary_index(...)``): decided at synth then."""
    policy = function.role.node.try_find_child("DefaultPolicy") if function.role else None
    if not isinstance(policy, iam.Policy):
        return
    kinds = _kinds_of(bool(options.global_secondary_indexes), bool(options.local_secondary_indexes))
    if kinds:
        logical_id = Stack.of(api).get_logical_id(resource)
        _nag.acknowledge(policy, _nag.table_index_grant(logical_id, kinds))
        return
    cfn_policy = policy.node.default_child
    assert isinstance(cfn_policy, iam.CfnPolicy)
    # After every Aspect that changes the tree, before cdk-nag 2's packs (read-only
    # Aspects) reach the policy; cdk-nag 3's plugins run after the synth.
    Aspects.of(cfn_policy).add(
        _LaterIndexes(policy, resource), priority=AspectPriority.READONLY - 1
    )


def _kinds_of(global_indexes: bool, local_indexes: bool) -> str:
    """The table's secondary indexes as the acknowledgements name them: "global" unless
    it has local ones (the wording before local indexes, kept for those tables); "" for
    none."""
    if not local_indexes:
        return "global secondary indexes" if global_indexes else ""
    return f"{'global and ' if global_indexes else ''}local secondary indexes"


def _index_kinds(options: TableOptions) -> str:
    return (
        _kinds_of(bool(options.global_secondary_indexes), bool(options.local_secondary_indexes))
        or "global secondary indexes"
    )


@jsii.implements(IAspect)
class _LaterIndexes:
    """Acknowledges the index grant's finding on ``policy`` when its table has indexes in
    the template (added after the API was built), with the reason the API gives a table
    built with them."""

    def __init__(self, policy: iam.Policy, table: dynamodb.CfnTable) -> None:
        self._policy = policy
        self._table = table

    def visit(self, node: IConstruct) -> None:
        if not isinstance(node, iam.CfnPolicy):  # the one node it is added to
            return
        properties = template_properties(self._table)
        kinds = _kinds_of(
            bool(properties.get("globalSecondaryIndexes")),
            bool(properties.get("localSecondaryIndexes")),
        )
        if kinds:
            logical_id = Stack.of(self._table).get_logical_id(self._table)
            _nag.acknowledge_from_aspect(
                self._policy, node, _nag.table_index_grant(logical_id, kinds)
            )
