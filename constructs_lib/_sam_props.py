"""The properties a user porting an AWS SAM template writes as props (``policies=``,
``input=``, ``function_response_types=``, or SAM's own spelling, ``CodeUri=``), with the
library's way to say the same: the fix of such a "not a prop" error, which otherwise
lists every prop without naming the one to use. Pure data, no aws_cdk import."""

from __future__ import annotations

import re

from constructs_lib._solutions_constructs import fixes_by_owner

__all__ = ["sam_prop_fix", "snake_case"]

_FUNCTION = ("Handler", "FunctionDefaults.set")
_WORKERS = ("QueueWorker", "StreamWorker")
_FUNCTION_BACKED = ("QueueWorker", "StreamWorker", "ScheduledJob", "EventHandler")
_PARTIAL_FAILURES = (
    "leave it out and return process_batch(event, handle) (constructs_lib_runtime): "
    "partial batch failures are always reported"
)
_EVENTS = (
    "use the construct as the trigger: ServerlessApi routes (HttpApi), QueueWorker (SQS; S3 "
    "through sources=[BucketEvents(...)]), ScheduledJob (Schedule), EventHandler "
    "(EventBridgeRule), StreamWorker (DynamoDB), each taking handler=Handler(...)"
)

_FIXES: dict[tuple[str, ...], dict[str, str]] = {
    _FUNCTION: {
        "policies": (
            "link what the function uses: links=[table, Link.read(bucket), Link.to(secret), "
            "worker] (each a least-privilege grant and a variable naming it; SAM's "
            "DynamoDBCrudPolicy, S3ReadPolicy, SQSSendMessagePolicy, ...)"
        ),
        "tracing": "leave it out: X-Ray tracing is always active",
        "auto_publish_alias": "leave it out: every function has a `live` alias the triggers invoke",
        "deployment_preference": (
            "pass deployment=Deployment.canary(percent=10, minutes=5) (or .linear(...), "
            ".all_at_once())"
        ),
        "events": _EVENTS,
        "role": "leave it out: the construct creates the role, granted its links (links=[...])",
        "vpc_config": (
            "give the construct running the function a Network: QueueWorker(..., "
            "network=Network(self, 'Network')) (a Handler takes no VPC of its own)"
        ),
    },
    # the construct's own prop (a function's setting given to it is told its Handler's fix)
    _FUNCTION_BACKED: {
        "vpc_config": (
            "pass network=Network(self, 'Network') (a new VPC without NAT gateways) or "
            "network=Network(self, 'Network', existing_vpc=vpc)"
        ),
    },
    ("ServerlessApi",): {
        "policies": (
            "link what each route's function uses: routes={'GET /items': Handler(..., "
            "links=[table, Link.read(bucket), ...])}"
        ),
        "events": "give each route its Handler: routes={'GET /items': Handler(...)}",
        "cors_configuration": "pass cors=CorsPolicy(allow_origins=['https://app.example.com'])",
        "definition_body": (
            "pass routes={'GET /items': Handler(...)}: the API is built from its routes, "
            "not from an OpenAPI document"
        ),
        "default_route_settings": (
            "pass throttling=Throttle(rate=..., burst=...) (one route's: "
            "Route(handler, throttle=Throttle(...)))"
        ),
    },
    ("Handler",): {
        "code_uri": "pass code='src' (the code's directory; entry= the module.function in it)",
    },
    ("FunctionDefaults.set",): {
        "code_uri": (
            "give each Handler its code= (the code's directory): Globals' CodeUri is not "
            "a default here"
        ),
    },
    ("ScheduledJob",): {
        "input": "pass payload={...}: the JSON object the function gets as its event",
        "retry_policy": "pass retry_attempts= and max_event_age=",
        "dead_letter_config": (
            "leave it out: ScheduledJob always has a dead-letter queue (`dead_letter_queue`); "
            "dead_letter_queue_key= encrypts it"
        ),
        "schedule_expression": "pass schedule='cron(0 3 * * ? *)' or 'rate(1 day)'",
        "schedule_expression_timezone": "pass timezone='Europe/Paris' (an IANA time zone)",
        "state": "pass enabled=False for SAM's State: DISABLED (ENABLED is the default)",
    },
    _WORKERS: {
        "function_response_types": _PARTIAL_FAILURES,
        "maximum_batching_window_in_seconds": "pass max_batching_window=Duration.seconds(...)",
    },
    ("QueueWorker",): {
        "queue": "pass existing_queue=queue (imported with sqs.Queue.from_queue_arn(...))",
        "scaling_config": "pass max_concurrency=",
    },
    ("StreamWorker",): {
        "stream": "pass table= the table (imported with its table_stream_arn=)",
        "bisect_batch_on_function_error": "leave it out: always on",
        "maximum_retry_attempts": "pass retry_attempts= (0..10000; -1 is refused)",
        "maximum_record_age_in_seconds": "pass max_record_age=Duration.seconds(...)",
        "filter_criteria": (
            "pass filters=[lambda_.FilterCriteria.filter({'eventName': "
            "lambda_.FilterRule.is_equal('INSERT')})]: one per Filter of its Filters"
        ),
        "destination_config": (
            "leave it out: a skipped batch always goes to the worker's dead-letter queue; "
            "pass existing_dead_letter_queue= for yours"
        ),
    },
    ("EventHandler",): {
        "pattern": "pass event_pattern=events.EventPattern(...) or the same dict",
        "event_bus_name": "pass event_bus=events.EventBus.from_event_bus_name(self, 'Bus', name)",
        "retry_policy": "pass retry_attempts= and max_event_age=",
        "dead_letter_config": (
            "leave it out: EventHandler always has a dead-letter queue (`dead_letter_queue`); "
            "dead_letter_queue_key= encrypts it"
        ),
    },
}

_BY_OWNER = fixes_by_owner(_FIXES)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake_case(key: str) -> str:
    """A prop as SAM spells its property (``CodeUri``, ``Layers``) in the library's case
    (``code_uri``, ``layers``); a snake_case key as it is."""
    return _CAMEL.sub("_", key).lower()


def sam_prop_fix(key: str, owner: str) -> str | None:
    """The fix for ``key`` (snake_case), a SAM property that ``owner`` does not take, or
    None."""
    return _BY_OWNER.get(owner, {}).get(key)
