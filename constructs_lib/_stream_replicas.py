"""A StreamWorker's table that is a global table's copy in another region: the replica
``table.replica(region)`` gives, or the global table itself given to a stack of a region
where it has a replica. Neither has a stream the worker could read, and the fix the
other constructs get for the second (``table.replica(region)``, see ``_env.replica_hint``)
would lead to the first.

CloudFormation names the stream of a global table's replica in the stack's own region
only (``AWS::DynamoDB::GlobalTable``'s ``StreamArn``); aws-cdk-lib gives another region's
replica the pattern ``arn:...:table/<name>/stream/*``, which grants take but no event
source mapping reads (its ``EventSourceArn`` is one stream, whose label is known once the
replica exists). Reading it would take a custom resource looking the label up at deploy;
the worker is refused instead, with the two ways that work."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_dynamodb as dynamodb

from constructs_lib._env import other_stage, replica_hint
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_not_a_replica"]

# aws-cdk-lib's TableV2.replica(region) imports the replica under the table with this id
_REPLICA_ID = "ReplicaTable"


def check_not_a_replica(v: Validator, table: dynamodb.ITable) -> bool:
    """Adds a problem when ``table`` is a global table's replica of another region, or the
    global table given to a stack of a region where it has a replica; whether it is not."""
    node = table.node
    scope = node.scope
    if isinstance(scope, dynamodb.TableV2) and node.id.startswith(_REPLICA_ID):
        region = node.id.removeprefix(_REPLICA_ID)
        v.add(
            "table",
            f"is the replica in {region} of the global table {scope.node.path} "
            f"(table.replica({region!r})), whose stream no template of the app can name: "
            "CloudFormation names the stream of a global table's own region only, and "
            "aws-cdk-lib gives this replica the pattern .../stream/*, which no event source "
            "mapping reads",
            _fix(scope, region),
        )
        return False
    if (
        isinstance(table, dynamodb.TableV2)
        and other_stage(v.scope, table) is None
        and replica_hint(v.scope, table)  # it has a replica in this stack's region
    ):
        region = Stack.of(v.scope).region
        v.add(
            "table",
            f"is the global table {node.path} of {Stack.of(table).region}, not of this "
            f"stack's region {region}: an event source mapping reads only a stream of its own "
            f"region, and the replica in {region} (table.replica({region!r})) has no stream "
            "the app can name",
            _fix(table, region),
        )
        return False
    return True


def _fix(table: dynamodb.TableV2, region: str) -> str:
    """Read the global table's stream in its own region, or import the replica's stream
    by its ARN once the replica exists."""
    # the physical name given to the TableV2 (its table_name attribute is a token either way)
    given = getattr(table.node.default_child, "table_name", None)
    known = isinstance(given, str) and not is_unresolved(given)
    name, argument = (given, repr(given)) if known else ("<its name>",) * 2
    return (
        f"create the worker in a stack of {Stack.of(table).region}, the global table's region, "
        f"with the TableV2 {table.node.path} itself as its table (its own stream); "
        f"to read the replica's stream in {region} instead, import it once the replica "
        "exists: dynamodb.TableV2.from_table_attributes(self, 'Replica', "
        f"table_name={argument}, table_stream_arn=<aws dynamodb describe-table --region "
        f"{region} --table-name {name} --query Table.LatestStreamArn>)"
    )
