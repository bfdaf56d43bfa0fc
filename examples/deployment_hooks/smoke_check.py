"""A pre_traffic hook: call the version being deployed as API Gateway would, and let the
deployment go on only if it answers 200. Deployed with
``Deployment.canary(pre_traffic=Handler(code="examples/deployment_hooks",
entry="smoke_check.before_traffic"))``; tested in tests/test_deployment_hooks.py."""

from __future__ import annotations

from typing import Any

from constructs_lib_runtime.deployment_hooks import invoke_target, run_hook

# An HTTP API (payload 2.0) request the route's code reads; a GET changes nothing.
REQUEST = {
    "version": "2.0",
    "routeKey": "GET /health",
    "rawPath": "/health",
    "headers": {},
    "requestContext": {"http": {"method": "GET", "path": "/health"}},
    "isBase64Encoded": False,
}


def before_traffic(event: dict[str, Any], context: object) -> None:
    def check(target: str) -> None:
        answer = invoke_target(REQUEST)
        status = (answer["payload"] or {}).get("statusCode")
        if answer["function_error"] or status != 200:
            raise AssertionError(f"{target} answered {answer['payload']!r}")

    run_hook(event, check)
