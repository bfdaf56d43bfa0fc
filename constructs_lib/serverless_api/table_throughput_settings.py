"""The settings a ServerlessApi table's throughput (``table_throughput``) gives
aws-cdk-lib's Table: billing mode, caps or provisioned capacity, and auto scaling."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib.serverless_api.table_throughput import AutoScaledCapacity

if TYPE_CHECKING:
    from constructs_lib.serverless_api.table import TableOptions
    from constructs_lib.serverless_api.table_indexes import GlobalIndex

__all__ = ["index_throughput", "scale_throughput", "table_throughput"]


def table_throughput(options: TableOptions) -> dict[str, Any]:
    """The table's billing settings for aws-cdk-lib's Table (none: on-demand, no caps)."""
    if options.read_capacity is None:
        return {
            "max_read_request_units": options.max_read_request_units,
            "max_write_request_units": options.max_write_request_units,
        }
    return {
        "billing_mode": dynamodb.BillingMode.PROVISIONED,
        "read_capacity": _units(options.read_capacity),
        "write_capacity": _units(options.write_capacity),
    }


def index_throughput(index: GlobalIndex) -> dict[str, Any]:
    """A global index's settings for ``Table.add_global_secondary_index``."""
    return {
        "max_read_request_units": index.max_read_request_units,
        "max_write_request_units": index.max_write_request_units,
        "read_capacity": _units(index.read_capacity),
        "write_capacity": _units(index.write_capacity),
    }


def scale_throughput(table: dynamodb.Table, options: TableOptions) -> None:
    """Auto scaling for each AutoScaledCapacity of the table and its global indexes."""
    for capacity, scale in (
        (options.read_capacity, table.auto_scale_read_capacity),
        (options.write_capacity, table.auto_scale_write_capacity),
    ):
        if isinstance(capacity, AutoScaledCapacity):
            _scale(
                scale(min_capacity=capacity.min_capacity, max_capacity=capacity.max_capacity),
                capacity,
            )
    for index in options.global_secondary_indexes:
        for capacity, scale_index in (
            (index.read_capacity, table.auto_scale_global_secondary_index_read_capacity),
            (index.write_capacity, table.auto_scale_global_secondary_index_write_capacity),
        ):
            if isinstance(capacity, AutoScaledCapacity):
                _scale(
                    scale_index(
                        index.name,
                        min_capacity=capacity.min_capacity,
                        max_capacity=capacity.max_capacity,
                    ),
                    capacity,
                )


def _scale(attribute: dynamodb.IScalableTableAttribute, capacity: AutoScaledCapacity) -> None:
    attribute.scale_on_utilization(target_utilization_percent=capacity.target_utilization_percent)


def _units(capacity: object) -> object:
    """The template's provisioned units: auto scaling starts from its minimum."""
    return capacity.min_capacity if isinstance(capacity, AutoScaledCapacity) else capacity
