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
_TAGS = (
    "add them with cdk.Tags.of(self).add('team', 'orders') (on the stack or on one "
    "construct): every resource below that takes tags gets them, SAM's Globals' Tags included"
)
_NAMED_BY_CLOUDFORMATION = (
    "leave it out: CloudFormation names the {what} (a fixed name collides when the stack is "
    "deployed twice){how}"
)
_KEY_ATTRIBUTES = (
    "pass partition_key= and sort_key= (the attribute names), with partition_key_type= and "
    "sort_key_type= where one is no string (dynamodb.AttributeType.NUMBER)"
)
_DEPLOYMENT_KINDS = (
    "call Deployment.canary(percent=10, minutes=5) for Canary10Percent5Minutes, "
    "Deployment.linear(percent=10, every_minutes=1) for Linear10PercentEvery1Minute, "
    "Deployment.all_at_once() for AllAtOnce"
)
_LOGS = (
    "leave it out: the library creates each function's log group (log_retention= sets how "
    "long it keeps logs)"
)
_DEPLOYMENTS = ("Deployment", "Deployment.canary", "Deployment.linear")
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
        "tags": _TAGS,
        "dead_letter_queue": (
            "leave it out: QueueWorker, StreamWorker, ScheduledJob and EventHandler each keep "
            "what fails in a dead-letter queue of their own (`dead_letter_queue`); an API "
            "route's caller gets its error"
        ),
        "event_invoke_config": (
            "leave it out: EventHandler and ScheduledJob take the retries of their runs "
            "(retry_attempts=, max_event_age=) and send the events that fail to their "
            "dead-letter queue"
        ),
        "package_type": (
            "call Handler.from_image('<the directory holding the Dockerfile>') for SAM's "
            "PackageType: Image (the image is built from it)"
        ),
        "image_uri": (
            "call Handler.from_image('<the directory holding the Dockerfile>'): the image is "
            "built from it and pushed by cdk deploy"
        ),
        "permissions_boundary": (
            "set it on the stack: iam.PermissionsBoundary.of(self).apply(policy) reaches every "
            "role below, the library's included"
        ),
        "logging_config": _LOGS,
        "log_group": _LOGS,
    },
    # the construct's own prop (a function's setting given to it is told its Handler's fix)
    _FUNCTION_BACKED: {
        "vpc_config": (
            "pass network=Network(self, 'Network') (a new VPC without NAT gateways) or "
            "network=Network(self, 'Network', existing_vpc=vpc)"
        ),
    },
    (*_FUNCTION_BACKED, "ServerlessApi"): {"tags": _TAGS},
    # the construct's own dead-letter queue (the Handler's fix would say "move it there")
    ("ScheduledJob", "EventHandler"): {
        "dead_letter_queue": (
            "leave it out: the construct always has a dead-letter queue of its own "
            "(`dead_letter_queue`); dead_letter_queue_key= encrypts it"
        ),
        "event_invoke_config": "pass retry_attempts= and max_event_age=",
    },
    _DEPLOYMENTS: {
        "type": _DEPLOYMENT_KINDS,
        "alarms": (
            "add each alarm with add_rollback_alarm(alarm) on the construct whose functions "
            "deploy (api.add_rollback_alarm(alarm, routes=[...]) on a ServerlessApi): SAM's "
            "DeploymentPreference Alarms; the library's errors (and API latency) alarms "
            "roll back already"
        ),
        "hooks": (
            "pass pre_traffic=Handler(...) and post_traffic=Handler(...) (SAM's Hooks: "
            "PreTraffic, PostTraffic); the hook reads TARGET_VERSION_ARN, not NewVersion"
        ),
        "enabled": (
            "call Deployment.all_at_once() in its place (SAM's Enabled: false): the alias "
            "moves to each new version at once"
        ),
        "role": (
            "leave it out: the deployment group's service role is the library's, scoped to "
            "the function, its alias and its alarms"
        ),
        "trigger_configurations": (
            "leave it out: the rollback alarms notify the construct's alarm destination "
            "(alarm_topic=, or the stack's Monitoring topic)"
        ),
    },
    ("TableOptions",): {
        "table_name": _NAMED_BY_CLOUDFORMATION.format(
            what="table",
            how="; the code reads the name from a link's variable "
            "(Link.read_write(api.table, env='TABLE_NAME')) or api.table.table_name",
        ),
        "primary_key": (
            "pass partition_key='id' (SimpleTable's PrimaryKey Name), with "
            "partition_key_type=dynamodb.AttributeType.NUMBER for its Type: Number"
        ),
        "key_schema": _KEY_ATTRIBUTES,
        "attribute_definitions": _KEY_ATTRIBUTES,
        "billing_mode": (
            "leave it out: the table is on demand (PAY_PER_REQUEST); read_capacity= and "
            "write_capacity= make it provisioned"
        ),
        "provisioned_throughput": (
            "pass read_capacity= and write_capacity= (numbers, or AutoScaledCapacity(...))"
        ),
        "stream_specification": (
            "pass stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES (StreamSpecification's "
            "StreamViewType)"
        ),
        "sse_specification": (
            "leave it out for DynamoDB's default encryption, or pass encryption_key= a "
            "kms.IKey of the stack's region"
        ),
        "point_in_time_recovery_specification": (
            "leave it out: point-in-time recovery is always on (recovery_period_in_days= "
            "sets its period)"
        ),
        "deletion_protection_enabled": (
            "leave it out: a retained table is deletion-protected (removal_policy="
            "RemovalPolicy.DESTROY for a throwaway one turns both off)"
        ),
    },
    ("ApiAuth.jwt",): {
        "identity_source": (
            "leave it out: a JWT authorizer reads the token from the Authorization header "
            "($request.header.Authorization, SAM's default too)"
        ),
        "jwt_configuration": (
            "pass ApiAuth.jwt(issuer, audiences): JwtConfiguration's issuer and audience"
        ),
        "authorization_scopes": (
            "pass them on each route that needs them: Route(handler, authorization_scopes=[...])"
        ),
    },
    ("ServerlessApi",): {
        "stage_name": (
            "leave it out: the API serves its $default stage at its URL's root (api.url); "
            "an environment of its own is a stack (or cdk.Stage) of its own"
        ),
        "default_authorizer": (
            "pass auth=ApiAuth.jwt(issuer, audiences) (or another ApiAuth): the authorizer of "
            "every route (Route(handler, auth=...) for one route's own)"
        ),
        "fail_on_warnings": (
            "leave it out: the API is built from its routes, not imported from an OpenAPI document"
        ),
        "disable_execute_api_endpoint": (
            "pass domain=ApiDomain(..., disable_default_endpoint=True): clients then reach "
            "the API at its custom domain only"
        ),
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
        "inline_code": (
            "put the code in a directory of its own and pass code=<that directory>, "
            "entry='module.function'"
        ),
    },
    ("FunctionDefaults.set",): {
        "handler": (
            "give each Handler its entry='module.function': Globals' Handler is not a default here"
        ),
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
        "report_batch_item_failures": _PARTIAL_FAILURES,
        "dead_letter_queue": (
            "leave it out: the worker creates its own (`dead_letter_queue`); one of yours is "
            "existing_dead_letter_queue= (a QueueWorker's with existing_queue=)"
        ),
        "maximum_batching_window_in_seconds": "pass max_batching_window=Duration.seconds(...)",
    },
    ("QueueWorker",): {
        "queue": "pass existing_queue=queue (imported with sqs.Queue.from_queue_arn(...))",
        "scaling_config": "pass max_concurrency=",
        "queue_name": _NAMED_BY_CLOUDFORMATION.format(
            what="queue",
            how="; a sender gets its URL from a link (Link.to(worker, env='QUEUE_URL'))",
        ),
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
        "state": "pass enabled=False for SAM's State: DISABLED (ENABLED is the default)",
        "rule_name": _NAMED_BY_CLOUDFORMATION.format(what="rule", how=""),
        "target": "leave it out: the rule's target is the function's live alias",
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
