"""The props a user porting an AWS Solutions Constructs pattern (or aws-cdk-lib's
``FunctionProps``) passes to the library's constructs, with the library's way to say the
same: the fix of such a "not a prop" error, where a spelling match would point at an
unrelated prop (``event_rule_props`` -> ``event_bus``, ``existing_vpc`` ->
``existing_queue``) or at none; and the one Handler prop ``FunctionDefaults`` leaves out
by design, with the reason. Pure data, no aws_cdk import."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["fixes_by_owner", "foreign_prop_fix"]

_FUNCTION_BACKED = ("QueueWorker", "EventHandler", "ScheduledJob", "StreamWorker")
_HANDLER = ("Handler", "FunctionDefaults.set")
_FROM_IMAGE_DIRECTORY = (
    "drop it: from_image takes the Dockerfile's directory as its first argument and always "
    "builds a container image (Handler.from_image(directory, ...); a zip of the code is "
    "Handler(code=...))"
)

_BUILD_FUNCTION = (
    "pass handler=Handler(code='<directory>', entry='module.function', memory_mib=..., "
    "timeout=..., environment={...}): the construct builds the function (`.function`)"
)
_BUILD_ROUTES = (
    "pass routes={'GET /items': Handler(code='<directory>', entry='module.function')}: "
    "the construct builds each route's function (`.functions[route]`)"
)
_NETWORK = (
    "pass network=Network(self, 'Network') (a new VPC without NAT gateways) or "
    "network=Network(self, 'Network', existing_vpc=vpc)"
)
_FUNCTION_LOGS = (
    "set the retention with Handler(log_retention=...): every function gets its own log "
    "group (30 days)"
)
# env= the variables the patterns set, which the ported code reads
_LINK_TABLE = (
    "link the table to the function: handler=Handler(..., links=[Link.read_write(table, "
    "env='DDB_TABLE_NAME')]) (least-privilege grant, KMS key included, and the variable)"
)
_LINK_QUEUE = (
    "link the queue to the function: handler=Handler(..., links=[Link.to(queue, "
    "env='SQS_QUEUE_URL')]) (send)"
)
_LINK_BUCKET = (
    "link the bucket to the function: handler=Handler(..., links=[Link.read_write(bucket, "
    "env='S3_BUCKET_NAME')]) (or Link.read, Link.put; prefix= narrows it)"
)
_WORKER_SOURCES = (
    "pass sources=[BucketEvents(bucket, events=[s3.EventType.OBJECT_CREATED], "
    "prefix='incoming/', suffix='.csv')] with your s3.Bucket (or s3.Bucket.from_bucket_name"
    "(...)): S3 notifies the worker's queue"
)
_SITE_LOGS = (
    "leave it out: S3's and CloudFront's access logs always go to the site's log bucket "
    "(`log_bucket`); access_log_retention= sets how long they are kept"
)
# FunctionDefaults takes every Handler setting but this one, by design.
_RESERVED_PER_FUNCTION = (
    "set reserved_concurrency= on each Handler that needs it: a reservation is taken from the "
    "account's concurrency in the region for each function, so one number for every function "
    "below a scope would reserve it as many times as there are functions (and Lambda refuses "
    "a deploy that leaves fewer than 100 unreserved)"
)
_PROVISIONED_PER_FUNCTION = (
    "set provisioned_concurrency= on each Handler that needs it (a hot route): each function's "
    "provisioned environments are billed every hour, idle or not, so one number for every "
    "function below a scope would pay for it as many times as there are functions"
)
_BUCKET_EVENTS_BUCKET = "pass bucket= your s3.Bucket, or s3.Bucket.from_bucket_name(...)"

_FIXES: dict[tuple[str, ...], dict[str, str]] = {
    _FUNCTION_BACKED: {
        "lambda_function_props": _BUILD_FUNCTION,
        "existing_lambda_obj": _BUILD_FUNCTION,
        "deploy_vpc": _NETWORK,
        "existing_vpc": _NETWORK,
        "vpc_props": _NETWORK,
        "log_group_props": _FUNCTION_LOGS,
        "existing_table_obj": _LINK_TABLE,
        "existing_table_interface": _LINK_TABLE,
        "dynamo_table_props": _LINK_TABLE,
        "table_permissions": _LINK_TABLE + "; Link.read or Link.write for less",
        "table_environment_variable_name": _LINK_TABLE,
        "bucket_permissions": _LINK_BUCKET,
        "bucket_environment_variable_name": _LINK_BUCKET,
    },
    ("EventHandler", "ScheduledJob"): {
        "existing_queue_obj": _LINK_QUEUE,
        "existing_queue_interface": _LINK_QUEUE,
        "queue_props": _LINK_QUEUE,
        "queue_permissions": _LINK_QUEUE,
        "queue_environment_variable_name": _LINK_QUEUE,
        "existing_bucket_obj": _LINK_BUCKET,
        "existing_bucket_interface": _LINK_BUCKET,
        "bucket_props": _LINK_BUCKET,
    },
    ("ServerlessApi",): {
        "lambda_function_props": _BUILD_ROUTES,
        "existing_lambda_obj": _BUILD_ROUTES,
        "deploy_vpc": _NETWORK,
        "existing_vpc": _NETWORK,
        "vpc_props": _NETWORK,
        "log_group_props": _FUNCTION_LOGS + "; the API's access logs are `access_log_group`'s",
        "existing_table_obj": "pass existing_table=table",
        "existing_table_interface": "pass existing_table=table",
        "dynamo_table_props": (
            "pass table=TableOptions(partition_key='id', sort_key=..., stream=...) for a new "
            "table, or existing_table= a dynamodb table of yours"
        ),
        "table_permissions": (
            "leave it out: GET and HEAD routes read the table, other routes read and write; "
            "narrow a route with routes={'POST /items': Route(handler, "
            "table_access=TableAccess.READ)}"
        ),
        "table_environment_variable_name": (
            "use TABLE_NAME, where every route's function gets the table's name, or keep "
            "the name the code reads with Handler(..., environment={'DDB_TABLE_NAME': "
            "table.table_name})"
        ),
        "api_gateway_props": (
            "set auth=, cors=, throttling= and domain= (ServerlessApi is an HTTP API, API "
            "Gateway v2); reach anything else on `api.http_api`"
        ),
    },
    ("QueueWorker",): {
        "existing_queue_obj": "pass existing_queue=queue",
        "existing_queue_interface": "pass existing_queue=queue",
        "queue_props": (
            "set fifo= and visibility_timeout= on the queue QueueWorker creates, or create "
            "your sqs.Queue(...) and pass existing_queue="
        ),
        "deploy_dead_letter_queue": (
            "leave it out: QueueWorker always creates a dead-letter queue "
            "(`dead_letter_queue`); max_receive_count= (default 5) sets the receives before a "
            "message moves there (an existing_queue keeps its own redrive policy)"
        ),
        "dead_letter_queue_props": (
            "leave it out (the dead-letter queue QueueWorker creates keeps messages 14 days, "
            "encrypted), or, for one of yours, pass existing_queue= a queue with "
            "dead_letter_queue=sqs.DeadLetterQueue(queue=..., max_receive_count=...)"
        ),
        "sqs_event_source_props": (
            "pass batch_size=, max_batching_window= and max_concurrency= (partial batch "
            "failures are always reported)"
        ),
        "queue_environment_variable_name": (
            "use QUEUE_URL, where the function reads the queue's URL; another function gets "
            "it with links=[Link.to(worker, env='NAME')]"
        ),
        "enable_encryption_with_customer_managed_key": (
            "leave it out for SQS-managed encryption (the queue QueueWorker creates uses it); "
            "for a KMS key of yours, pass existing_queue=sqs.Queue(..., "
            "encryption=sqs.QueueEncryption.KMS, "
            "encryption_master_key=key)"
        ),
        "existing_bucket_obj": _WORKER_SOURCES,
        "existing_bucket_interface": _WORKER_SOURCES,
        "bucket_props": _WORKER_SOURCES,
        "s3_event_types": _WORKER_SOURCES,
        "s3_event_filters": _WORKER_SOURCES,
    },
    ("EventHandler",): {
        "event_rule_props": (
            "pass event_pattern=events.EventPattern(source=[...], detail={...}) and, for a bus "
            "other than the default, event_bus=: EventHandler creates the rule (`.rule`)"
        ),
        "existing_event_bus_interface": "pass event_bus=bus",
        "event_bus_props": (
            "create events.EventBus(self, 'Bus', ...) and pass event_bus= (default: the "
            "account's default bus)"
        ),
    },
    ("ScheduledJob",): {
        "event_rule_props": (
            "pass schedule='cron(0 3 * * ? *)' or 'rate(1 day)': EventBridge Scheduler "
            "(not a rule) with the same expressions"
        ),
    },
    ("StreamWorker",): {  # aws-dynamodbstreams-lambda
        "existing_table_interface": "pass table=table (a table with a stream)",
        "existing_table_obj": "pass table=table (a table with a stream)",
        "dynamo_table_props": (
            "create your dynamodb.Table(..., stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES) "
            "and pass table="
        ),
        "dynamo_event_source_props": (
            "pass batch_size=, starting_position=, retry_attempts=, max_record_age=, "
            "parallelization_factor= and filters= (bisecting and partial batch failures are "
            "always on)"
        ),
        "deploy_sqs_dlq_queue": (
            "leave it out: StreamWorker always sends a skipped batch's pointers to its "
            "dead-letter queue (`dead_letter_queue`)"
        ),
        "sqs_dlq_queue_props": (
            "pass dead_letter_queue_key= for its encryption, or existing_dead_letter_queue= "
            "a queue of yours"
        ),
    },
    ("StaticSite",): {
        "existing_bucket_obj": "pass existing_bucket=bucket",
        "existing_bucket_interface": "pass existing_bucket=bucket",
        "bucket_props": (
            "set noncurrent_version_expiration= (the content bucket is private, encrypted, "
            "versioned and retained), or pass existing_bucket= a bucket of yours"
        ),
        "log_s3_access_logs": _SITE_LOGS,
        "logging_bucket_props": _SITE_LOGS,
        "log_cloud_front_access_log": _SITE_LOGS,
        "cloud_front_logging_bucket_props": _SITE_LOGS,
        "cloud_front_distribution_props": (
            "set price_class=, geo_restriction=, web_acl_id=, domain_name= with "
            "certificate= and default_root_object=; reach anything else on `site.distribution`"
        ),
        "insert_http_security_headers": (
            "leave it out: security headers are always sent (`response_headers_policy`); "
            "content_security_policy= replaces the CSP"
        ),
        "response_headers_policy_props": (
            "leave it out: security headers are always sent (`response_headers_policy`); "
            "content_security_policy= replaces the CSP"
        ),
    },
    ("BucketEvents",): {
        "s3_event_types": "pass events=[s3.EventType.OBJECT_CREATED, ...]",
        "s3_event_filters": (
            "pass prefix='incoming/' and suffix='.csv' (S3 compares them literally); another "
            "filter is another BucketEvents"
        ),
        "filters": (
            "pass prefix='incoming/' and suffix='.csv' (S3 compares them literally); another "
            "filter is another BucketEvents"
        ),
        "existing_bucket_obj": _BUCKET_EVENTS_BUCKET,
        "existing_bucket_interface": _BUCKET_EVENTS_BUCKET,
        "bucket_props": _BUCKET_EVENTS_BUCKET,
    },
    ("Handler",): {
        "handler": (
            "pass entry='module.function' (Lambda's handler string, e.g. 'app.handler'); "
            "code= is the directory holding the module"
        ),
        "reserved_concurrent_executions": "pass reserved_concurrency=",
        "provisioned_concurrent_executions": "pass provisioned_concurrency=",
        # the patterns' FunctionProps, given to the Handler that stands for them
        "lambda_function_props": (
            "pass its settings to Handler itself: Handler(code='<directory>', "
            "entry='module.function', memory_mib=..., timeout=..., environment={...})"
        ),
        "function_name": (
            "leave it out: Lambda names the function (a fixed name collides when the stack "
            "is deployed twice); name= sets the construct ID"
        ),
    },
    ("FunctionDefaults.set",): {
        "reserved_concurrency": _RESERVED_PER_FUNCTION,
        "reserved_concurrent_executions": _RESERVED_PER_FUNCTION,
        "provisioned_concurrency": _PROVISIONED_PER_FUNCTION,
        "provisioned_concurrent_executions": _PROVISIONED_PER_FUNCTION,
    },
    ("Handler.from_image",): {
        "code": _FROM_IMAGE_DIRECTORY,
        "image": _FROM_IMAGE_DIRECTORY,
    },
    _HANDLER: {
        "layers": (
            "add your layers to the function the construct builds "
            "(`worker.function.add_layers(layer)`, `api.functions[route].add_layers(layer)`): "
            "functions take none here; powertools=True adds AWS's Powertools layer"
        ),
        "memory_size": "pass memory_mib= (128..10240)",
        "ephemeral_storage_size": "pass ephemeral_storage_mib= (512..10240, a number of MiB)",
        "vpc": "give the construct (QueueWorker, ServerlessApi, ...) network=Network(...)",
    },
}


def fixes_by_owner(
    table: Mapping[tuple[str, ...], Mapping[str, str]],
) -> Mapping[str, Mapping[str, str]]:
    """``table`` (fixes by the owners they are for) as each owner's fixes, by prop."""
    return {
        owner: {
            key: fix
            for owners, fixes in table.items()
            if owner in owners
            for key, fix in fixes.items()
        }
        for owner in {owner for owners in table for owner in owners}
    }


_BY_OWNER = fixes_by_owner(_FIXES)


def foreign_prop_fix(key: str, owner: str) -> str | None:
    """The fix for ``key``, a Solutions Constructs (or ``FunctionProps``) prop that
    ``owner`` (a construct's or callable's name) does not take, or None."""
    return _BY_OWNER.get(owner, {}).get(key)
