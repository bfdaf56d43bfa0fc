"""The library's cdk-nag acknowledgements, each with the reason a reviewer would accept.

Everything the library acknowledges lives here (StreamWorker's in ``_nag_streams``,
QueueWorker's existing queues' in ``_nag_queues``, StaticSite's in ``_nag_site``), so a
security review reads these files.
"""

from __future__ import annotations

from aws_cdk import CfnResource
from constructs import IConstruct

from constructs_lib import _nag_writer
from constructs_lib._nag_equivalents import equivalents

# A link's reasons, by its target's kind, re-exported for the links: _nag.link_grant.
from constructs_lib._nag_links import acknowledges_link as acknowledges_link
from constructs_lib._nag_links import link_grant as link_grant

# StaticSite's (two re-exported under the names tests import them by).
from constructs_lib._nag_site import DEPLOYMENT_IN_OTHER_PACKS as DEPLOYMENT_IN_OTHER_PACKS
from constructs_lib._nag_site import DEPLOYMENT_MANAGED_POLICY
from constructs_lib._nag_site import SITE_LOG_BUCKET_SSE_S3 as SITE_LOG_BUCKET_SSE_S3

# What a rule reports on, re-exported for the constructs: _nag.reported_on.
from constructs_lib._nag_writer import reported_on as reported_on


def acknowledge(scope: IConstruct, *rules: tuple[str, str], new: bool = False) -> None:
    """The library's acknowledgements, for both cdk-nag majors (``_nag_writer``), and the
    same checks in cdk-nag 3's other packs (``_nag_equivalents``). Not in cdk-nag 2's: its
    acknowledgements are the template's metadata, which more entries would change for
    every app deployed with the library. ``new``: see ``_nag_writer.acknowledge``."""
    _nag_writer.acknowledge(scope, *rules, nag3_only=equivalents(rules), new=new)


def acknowledge_from_aspect(
    scope: IConstruct, resource: CfnResource, *rules: tuple[str, str]
) -> None:
    """As :func:`acknowledge`, decided in an Aspect visiting ``resource`` (``scope`` or below
    it) before cdk-nag's checks: cdk-nag 2's metadata is written on ``resource`` at once, as
    aws-cdk-lib runs no Aspect that an Aspect adds."""
    _nag_writer.acknowledge_in_nag3(scope, (*rules, *equivalents(rules)))
    suppressions = [_nag_writer.nag2_suppression(rule_id, reason) for rule_id, reason in rules]
    _nag_writer.add_nag2_suppressions(resource, suppressions)


def acknowledge_in_other_packs(scope: IConstruct, *rules: tuple[str, str]) -> None:
    """Acknowledgements of checks only cdk-nag's other packs make (cdk-nag 3, as above)."""
    _nag_writer.acknowledge_in_nag3(scope, rules)


XRAY_WILDCARD = (
    "AwsSolutions-IAM5[Resource::*]",
    "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support "
    "resource-level permissions, so AWS requires Resource '*' for them.",
)
SYNC_NO_DLQ = (
    "Serverless-LambdaDLQ",
    "Invoked synchronously by API Gateway: a failure is returned to the caller, and a "
    "dead-letter queue only ever receives asynchronous invocations.",
)
# cdk-nag's LambdaAsyncFailureDestination (2.38 and 3.0 alike) reads only an
# AWS::Lambda::EventInvokeConfig, and the library writes each (EventHandler, ScheduledJob)
# with its on-failure destination: the finding never fires on the library's resources,
# and one an app's escape hatch causes is reported there, for the app (see
# tests/test_leftovers53_imports.py).
# The *_NO_FAILURE_DESTINATION acknowledgements below, on functions no EventInvokeConfig
# configures, are read by no rule: they tell a reviewer of the function why it has no
# destination, and removing them would change every app's snapshot metadata.
SYNC_NO_FAILURE_DESTINATION = (
    "Serverless-LambdaAsyncFailureDestination",
    "Invoked synchronously by API Gateway: on-failure destinations apply only to "
    "asynchronous invocations.",
)


def role_wildcards(*, network: bool) -> tuple[tuple[str, str], ...]:
    """A function role's own ``Resource::*`` statements (inline policies): X-Ray, and the
    network-interface actions when the function runs in a VPC."""
    reason = f"{XRAY_WILDCARD[1]} {ENI_WILDCARD[1]}" if network else XRAY_WILDCARD[1]
    return ((XRAY_WILDCARD[0], reason), (ENI_STAR_PERMISSIONS[0], reason))


def public_api(reason: str) -> tuple[str, str]:
    """The user's own reason for an API without authorization (ApiAuth.none)."""
    return ("AwsSolutions-APIG4", f"Public by design (ApiAuth.none): {reason}")


def public_route(reason: str) -> tuple[str, str]:
    """The user's own reason for one route without authorization on an API with auth
    (``Route(public=...)``), acknowledged on that route alone."""
    return ("AwsSolutions-APIG4", f"Public route by design (Route(public=...)): {reason}")


POLLED_NO_DLQ = (
    "Serverless-LambdaDLQ",
    "Invoked by an SQS event source mapping (polling, not asynchronous invocation): failed "
    "messages go to the source queue's dead-letter queue through its redrive policy.",
)
POLLED_NO_FAILURE_DESTINATION = (
    "Serverless-LambdaAsyncFailureDestination",
    "Invoked by an SQS event source mapping: on-failure destinations apply only to "
    "asynchronous invocations; the queue's redrive policy dead-letters failed messages.",
)
SQS_ESM_NO_DESTINATION = (
    "Serverless-LambdaEventSourceMappingDestination",
    "SQS event source mappings do not support on-failure destinations; the source queue's "
    "redrive policy moves failed messages to its dead-letter queue instead.",
)
DLQ_NO_REDRIVE = (
    "Serverless-SQSRedrivePolicy",
    "This queue is itself the dead-letter queue, the end of the redrive chain: its "
    "messages wait (14 days) for inspection and redrive, not for another queue.",
)
ENI_WILDCARD = (
    "AwsSolutions-IAM5[Resource::*]",
    "Lambda in a VPC: the network-interface actions (ec2:CreateNetworkInterface, "
    "DescribeNetworkInterfaces, DeleteNetworkInterface, ...) that Lambda performs with the "
    "execution role do not support resource-level permissions (AWS's own "
    "AWSLambdaVPCAccessExecutionRole uses Resource '*'). The same policy denies them to "
    "the function's own code (a call with lambda:SourceFunctionArn), so only Lambda's "
    "calls for the function's network interfaces can use them.",
)
ENI_STAR_PERMISSIONS = (
    "Serverless-LambdaStarPermissions",
    ENI_WILDCARD[1],
)

# Network
VPC_FLOW_LOGS_OFF = (
    "AwsSolutions-VPC7",
    "Flow logs are turned off in the app's own code, Network(..., flow_logs=False): a "
    "decision written and reviewed there, as a prop, not left to a default. Pass "
    "flow_logs=True (the default) to log all traffic to a log group with finite retention.",
)


# Asynchronously invoked functions (ScheduledJob; an EventBridge rule's handler)
ASYNC_FAILURE_DESTINATION_INSTEAD_OF_DLQ = (
    "Serverless-LambdaDLQ",
    "Failed asynchronous invocations go to the on-failure destination (EventInvokeConfig "
    "on the live alias -> the construct's dead-letter queue), the successor of "
    "DeadLetterConfig that also records the error. Lambda delivers to both when both are "
    "set, so a DeadLetterConfig as well would put every failure in the queue twice.",
)


def _async_dead_letter_queue(target: str) -> tuple[str, str]:
    """For a queue that dead-letters both ``target`` and a function's on-failure
    destination: cdk-nag's SQS3 rule recognises neither use."""
    return (
        "AwsSolutions-SQS3",
        f"This queue is itself a dead-letter queue: of the {target} "
        "(Target.DeadLetterConfig) and of the function's failed asynchronous invocations "
        "(on-failure destination). cdk-nag only recognises redrive policies and a function's "
        "DeadLetterConfig as dead-letter use.",
    )


SCHEDULE_DEAD_LETTER_QUEUE = _async_dead_letter_queue("EventBridge Scheduler target")
# An EventBridge rule whose Lambda target dead-letters into the function's queue.
RULE_TARGET_DEAD_LETTER_QUEUE = _async_dead_letter_queue("EventBridge rule's Lambda target")


# Gradual deployments (CodeDeploy lifecycle hooks)
_HOOK = (
    "A CodeDeploy lifecycle hook, run once per deployment: a hook that fails, or never "
    "reports its status, fails the deployment and CodeDeploy rolls it back, so the "
    "outcome is recorded in the deployment and nothing waits in a queue."
)
HOOK_NO_DLQ = ("Serverless-LambdaDLQ", _HOOK)
HOOK_NO_FAILURE_DESTINATION = ("Serverless-LambdaAsyncFailureDestination", _HOOK)

# QueueWorker(sources=[BucketEvents(...)]): CDK's bucket notifications handler
NOTIFICATIONS_HANDLER_MANAGED_POLICY = (
    DEPLOYMENT_MANAGED_POLICY[0],
    "CDK's BucketNotificationsHandler (aws_s3, bucket.add_event_notification), the "
    "stack-wide singleton custom resource handler that writes the buckets' notification "
    "configurations during deploys: aws-cdk-lib creates its role with the AWS-managed "
    "AWSLambdaBasicExecutionRole (CloudWatch Logs only, no data access) and offers no "
    "option to replace it; its only other permission, s3:PutBucketNotification, is "
    "granted per bucket on that bucket's ARN. It never handles the events themselves.",
)


def table_index_grant(
    table_logical_id: str, indexes: str = "global secondary indexes"
) -> tuple[str, str]:
    """A function's grant on a table's secondary ``indexes`` (ServerlessApi tables)."""
    return (
        f"AwsSolutions-IAM5[Resource::<{table_logical_id}.Arn>/index/*]",
        f"The function's table grant covers the table's own {indexes} "
        "(<table ARN>/index/*), which DynamoDB addresses as sub-resources of the table: "
        "the same table, the same actions, no other resource.",
    )


def table_key_grant(indexes: str = "global secondary indexes") -> str:
    """A ServerlessApi's grant on its table encrypted with the user's key."""
    return (
        "ServerlessApi grant on its table encrypted with the user's key (table.encryption_key): "
        f"the wildcards are those of aws-cdk-lib's table grant (the table's own {indexes} "
        "as <table>/index/*, KMS action families), on that one table and its key only."
    )


DEAD_LETTER_KEY_GRANT = (
    "Lambda sends a failed run's record to the dead-letter queue encrypted with the user's "
    "key (dead_letter_queue_key): aws-cdk-lib's send grant names KMS action families "
    "(kms:GenerateDataKey*, kms:ReEncrypt*) on that one key only."
)


def existing_table_grant(table: str) -> str:
    """The wildcards of a ServerlessApi's grant on its ``existing_table``."""
    return (
        f"ServerlessApi grant on its existing_table {table}: the wildcards are those of "
        "aws-cdk-lib's table grant (the table's own global secondary indexes as "
        "<table>/index/*, KMS action families on its key), on that one table and its key only."
    )


def chosen_runtime(python_version: str) -> tuple[tuple[str, str], ...]:
    """A function on an older Python than the newest, chosen by the user."""
    reason = (
        f"The user chose Python {python_version} for this function explicitly "
        f"(Handler(runtime={python_version!r})), typically because a dependency publishes no "
        "wheel for the newest runtime yet; the library's default is the newest runtime."
    )
    return (("AwsSolutions-L1", reason), ("Serverless-LambdaLatestVersion", reason))


def invoke_grant(api: str, routes: str, reason: str | None) -> str:
    """The wildcards of ``ServerlessApi.grant_invoke``'s statement: path parameters of
    ``routes`` (and ``ANY``'s method); ``reason`` the user's, why this client calls them."""
    why = (
        f" The client may call them: {reason}"
        if reason
        else " Each '*' is a path parameter the client's requests fill in (or ANY's method):"
        " API Gateway checks the request's path, and IAM has no wildcard for one segment."
    )
    return (
        f"ServerlessApi.grant_invoke: execute-api:Invoke on the routes {routes} of the API "
        f"{api} behind ApiAuth.iam(), on the $default stage, and on no other route.{why}"
    )
