"""The API's table granted to each function: read for GET/HEAD routes, read/write for the
others (the widest wins when routes share a function), with the cdk-nag findings the
grants bring acknowledged where they are the library's."""

from __future__ import annotations

from collections.abc import Mapping

import jsii
from aws_cdk import AspectPriority, Aspects, IAspect
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct, IConstruct

from constructs_lib import _nag
from constructs_lib._core import FunctionCore
from constructs_lib._core.link_grants import default_policy, grant_and_acknowledge
from constructs_lib._core.resolve import function_key
from constructs_lib._facts import resource_of, stack_of
from constructs_lib._synth_phase import resolved_properties
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
    plain: list[lambda_.Function] = []  # granted the API's own table, without a key
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
            plain.append(function)
    if plain and props.table is not None:
        _acknowledge_index_grants(api, table, props.table, plain)


def _acknowledge_index_grants(
    api: Construct,
    table: dynamodb.ITable,
    options: TableOptions,
    functions: list[lambda_.Function],
) -> None:
    """The grants cover the table's indexes as ``<table>/index/*``: cdk-nag's IAM5
    finding for exactly that resource, on the ``functions``' policies, is the library's. A
    table without indexes when built may get them afterwards
    (``api.table.add_global_secondary_index(...)``): decided at synth then. ``table``: the
    API's own, built from ``options``."""
    resource = resource_of(table)  # read when the table was built
    assert isinstance(resource, dynamodb.CfnTable)
    kinds = _kinds_of(bool(options.global_secondary_indexes), bool(options.local_secondary_indexes))
    if not kinds:
        # Decided when Aspects reach the table, after the app's there (by priority): the
        # API creates it before its functions, and aws-cdk-lib runs Aspects node by node
        # in tree order, so before cdk-nag 2's packs (Aspects) reach the functions'
        # policies; cdk-nag 3's plugins run after the synth.
        later = _LaterIndexes(resource, functions)
        Aspects.of(resource).add(later, priority=AspectPriority.READONLY - 1)
        return
    rule = _nag.table_index_grant(stack_of(api).get_logical_id(resource), kinds)
    for function in functions:
        policy = default_policy(function.role)
        if policy is not None:
            _nag.acknowledge(policy, rule)


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
    """Acknowledges the index grant's finding on the ``functions``' policies when their
    ``table`` has indexes in the template (added after the API was built), with the reason
    the API gives a table built with them."""

    def __init__(self, table: dynamodb.CfnTable, functions: list[lambda_.Function]) -> None:
        self._table = table
        self._functions = functions

    def visit(self, node: IConstruct) -> None:
        if not isinstance(node, dynamodb.CfnTable):  # the one node it is added to
            return
        # not through the checks' memo (template_properties): Aspects still change the
        # tree, and the memo is only forgotten when the validation starts
        properties = resolved_properties(self._table)
        kinds = _kinds_of(
            bool(properties.get("globalSecondaryIndexes")),
            bool(properties.get("localSecondaryIndexes")),
        )
        if not kinds:
            return
        rule = _nag.table_index_grant(stack_of(node).get_logical_id(node), kinds)
        for function in self._functions:
            policy = default_policy(function.role)
            resource = policy.node.default_child if policy else None
            if policy and isinstance(resource, iam.CfnPolicy):
                _nag.acknowledge_from_aspect(policy, resource, rule)
