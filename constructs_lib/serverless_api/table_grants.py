"""The API's table granted to each function: read for GET/HEAD routes, read/write for the
others (the widest wins when routes share a function), with the cdk-nag findings the
grants bring acknowledged where they are the library's."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from constructs_lib import _nag
from constructs_lib._core import FunctionCore
from constructs_lib._core.link_grants import grant_and_acknowledge
from constructs_lib._core.resolve import function_key
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
            _acknowledge_index_grant(api, props, function)


def _acknowledge_index_grant(
    api: Construct, props: ServerlessApiProps, function: lambda_.Function
) -> None:
    """The grants cover the table's indexes as ``<table>/index/*``: cdk-nag's IAM5
    finding for exactly that resource, on this function's policy, is the library's."""
    options = props.table
    if options is None or not (options.global_secondary_indexes or options.local_secondary_indexes):
        return  # decided before any call into the jsii kernel
    policy = function.role.node.try_find_child("DefaultPolicy") if function.role else None
    if policy is None:
        return
    resource = api.node.find_child("Table").node.default_child
    assert isinstance(resource, dynamodb.CfnTable)
    logical_id = Stack.of(api).get_logical_id(resource)
    _nag.acknowledge(policy, _nag.table_index_grant(logical_id, _index_kinds(options)))


def _index_kinds(options: TableOptions) -> str:
    """The table's secondary indexes as the acknowledgements name them: "global" unless
    it has local ones (the wording before local indexes, kept for those tables)."""
    if not options.local_secondary_indexes:
        return "global secondary indexes"
    both = bool(options.global_secondary_indexes)
    return f"{'global and ' if both else ''}local secondary indexes"
