"""The keys a user porting a Serverless Framework ``serverless.yml`` writes as props
(``iamRoleStatements=``, an ``sqs`` event's ``arn=`` and ``functionResponseType=``, a
``schedule`` event's ``rate=``, an ``httpApi`` event's ``authorizer=`` and ``payload=``),
with the library's way to say the same: the fix of such a "not a prop" error, which
otherwise lists every prop (or matches an unrelated one: ``authorizer`` ->
``authorization_scopes``). The keys are snake_case, as ``_argument_problems`` passes them
(``functionResponseType`` -> ``function_response_type``). Pure data, no aws_cdk import."""

from __future__ import annotations

from constructs_lib._solutions_constructs import fixes_by_owner

__all__ = ["serverless_prop_fix"]

_FUNCTION = ("Handler", "FunctionDefaults.set")
# a container-image function's role is granted as a zip function's
_ANY_FUNCTION = (*_FUNCTION, "Handler.from_image")
_WORKERS = ("QueueWorker", "StreamWorker")
_API = ("ServerlessApi", "Route")
_STATEMENTS = (
    "link what the function uses: links=[table, Link.read(bucket), Link.to(queue), bus] "
    "(each a least-privilege grant and a variable naming it); a statement no link "
    "grants goes on the built function: worker.function.add_to_role_policy("
    "iam.PolicyStatement(...))"
)
_PARTIAL_FAILURES = (
    "leave it out: ReportBatchItemFailures is always on, and the handler returns "
    "process_batch(event, handle) (constructs_lib_runtime)"
)
_AUTHORIZER = (
    "pass auth=ApiAuth.jwt(issuer, audiences) on the ServerlessApi for every route (a "
    "route of serverless.yml without an authorizer is public: Route(handler, "
    "public='<why>')), or Route(handler, auth=...) for a route's own"
)
_PAYLOAD = (
    "leave it out: every route gets payload format 2.0 (serverless.yml's httpApi "
    "default); a handler written for '1.0' reads event['requestContext']['http']"
    "['method'] and event['rawPath'] instead of event['httpMethod'] and event['path']"
)
_METHOD_PATH = "pass routes={'GET /orders/{id}': Handler(...)}: the method and path are the key"
_ROUTE_KEY = "give the method and path as the route's key: routes={'GET /orders/{id}': Route(...)}"

_FIXES: dict[tuple[str, ...], dict[str, str]] = {
    _ANY_FUNCTION: {"iam_role_statements": _STATEMENTS, "iam": _STATEMENTS},
    ("Handler.from_image",): {
        "package": (
            "leave it out: the image holds what the Dockerfile COPYs from its directory "
            "(less what .dockerignore leaves out)"
        ),
    },
    _FUNCTION: {
        "package": (
            "give the function a directory of its own, code='src': it is bundled without "
            "tests, caches, virtual environments, node_modules and version control "
            "(package.patterns has no equivalent)"
        ),
    },
    _WORKERS: {"function_response_type": _PARTIAL_FAILURES},
    ("QueueWorker",): {
        "arn": "pass existing_queue=sqs.Queue.from_queue_arn(self, 'Queue', arn)",
        "maximum_concurrency": "pass max_concurrency=",
    },
    ("StreamWorker",): {
        "arn": "pass table= the table, imported with its table_stream_arn=",
        "type": "leave it out: a StreamWorker reads a DynamoDB table's stream",
    },
    ("ScheduledJob",): {
        "rate": "pass schedule='rate(1 hour)' (or a cron(...) expression)",
        "method": "leave it out: a ScheduledJob is always an EventBridge Scheduler schedule",
        "input_path": "pass payload={...}: the fixed JSON object every run gets",
        "input_transformer": "pass payload={...}: the fixed JSON object every run gets",
    },
    ("EventHandler",): {
        "input": "leave it out: the function gets the whole event (read event['detail'])",
        "input_path": "leave it out: the function gets the whole event (read event['detail'])",
        "input_transformer": (
            "leave it out: the function gets the whole event (read event['detail'])"
        ),
        "dead_letter_queue_arn": (
            "leave it out: the EventHandler always has a dead-letter queue "
            "(`dead_letter_queue`); dead_letter_queue_key= encrypts it"
        ),
    },
    _API: {
        "authorizer": _AUTHORIZER,
        "authorizers": _AUTHORIZER,
        "payload": _PAYLOAD,
    },
    ("ServerlessApi",): {"method": _METHOD_PATH, "path": _METHOD_PATH},
    ("Route",): {
        "method": _ROUTE_KEY,
        "path": _ROUTE_KEY,
    },
}

_BY_OWNER = fixes_by_owner(_FIXES)


def serverless_prop_fix(key: str, owner: str) -> str | None:
    """The fix for ``key`` (snake_case), a ``serverless.yml`` key that ``owner`` does not
    take, or None."""
    return _BY_OWNER.get(owner, {}).get(key)
