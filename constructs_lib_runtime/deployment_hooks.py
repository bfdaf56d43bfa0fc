"""A gradual deployment's ``pre_traffic`` / ``post_traffic`` hook: invoke the version being
deployed, then tell CodeDeploy whether it may go on.

CodeDeploy's event names the deployment and the hook's run only
(``{"DeploymentId": ..., "LifecycleEventHookExecutionId": ...}``); the version it deploys
is in the hook's ``TARGET_VERSION_ARN`` variable, which the library sets (as SAM users set
``NewVersion`` to ``!Ref Function.Version``), and the hook's role may invoke that version
and report to its deployment group only::

    from constructs_lib_runtime.deployment_hooks import invoke_target, run_hook

    def before(event, context):
        def check(target):
            answer = invoke_target({"rawPath": "/health"})
            if answer["function_error"] or answer["payload"].get("statusCode") != 200:
                raise AssertionError(f"{target} answered {answer}")
        run_hook(event, check)

boto3 is imported only when no client is given (Lambda's Python runtime has it; a test
passes clients of its own).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, TypedDict, TypeGuard

from constructs_lib_runtime._callbacks import check_ran, check_runs_in_the_call
from constructs_lib_runtime._kinds import kind_of

__all__ = [
    "TARGET_VERSION_VARIABLE",
    "InvokeAnswer",
    "invoke_target",
    "report",
    "run_hook",
    "target_version",
]

#: The variable holding the ARN of the version the deployment moves the alias to.
TARGET_VERSION_VARIABLE = "TARGET_VERSION_ARN"
_STATUSES = {True: "Succeeded", False: "Failed"}
_EVENT_KEYS = ("DeploymentId", "LifecycleEventHookExecutionId")
# A published version's ARN: every partition, a function name of Lambda's characters, and a
# version number (an alias's ARN ends in its name, ``$LATEST`` in no number)
_VERSION_ARN = re.compile(r"arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]{1,64}:\d+")


class InvokeAnswer(TypedDict):
    """What :func:`invoke_target` returns: a dict (``answer["payload"]``, as before), typed
    so that mypy and IDEs know its keys."""

    status_code: int
    """Lambda's status of the invocation (200 for a synchronous one that ran, its error too)."""
    function_error: str | None
    """``"Unhandled"`` when the function raised (its error is then the payload); else None."""
    payload: Any
    """The function's answer parsed as JSON (a route's ``{"statusCode": ..., ...}``); None
    when it answered nothing."""


def target_version() -> str:
    """The ARN of the version being deployed (``arn:...:function:name:7``). RuntimeError
    when the variable is not set, or is no version's ARN (``live``, an alias's ARN): a hook
    invoking that would test another version than the one being deployed."""
    arn = os.environ.get(TARGET_VERSION_VARIABLE, "")
    if not arn:
        raise RuntimeError(
            f"target_version: {TARGET_VERSION_VARIABLE} is not set: this code does not run "
            "as a deployment hook the library built. Fix: pass this Handler as "
            "Deployment.canary(pre_traffic=...) or post_traffic=, or set the variable in "
            "the hook's test (monkeypatch.setenv)"
        )
    if not _VERSION_ARN.fullmatch(arn):
        raise RuntimeError(
            f"target_version: {TARGET_VERSION_VARIABLE} is {arn!r}, not a Lambda version's "
            "ARN (arn:aws:lambda:<region>:<account>:function:<name>:<number>): an alias "
            "or the function itself may name another version than the one being deployed. "
            "Fix: set it to the version's ARN, or leave it to the library (a Handler passed "
            "as Deployment.canary(pre_traffic=...) or post_traffic= gets it)"
        )
    return arn


def invoke_target(payload: Mapping[str, Any] | None = None, *, client: Any = None) -> InvokeAnswer:
    """Invokes the version being deployed synchronously with ``payload`` (JSON) and returns
    ``{"status_code": int, "function_error": str | None, "payload": <its JSON answer>}``:
    an error of the function is ``function_error`` ("Unhandled"), not an exception. A
    ``payload`` that is no JSON object raises ValueError before anything is invoked.

    :param payload: the event the version is invoked with. Default: ``{}``.
    :param client: the Lambda client to invoke it with (a test's stub). Default: boto3's.
    """
    body = _payload(payload)
    lambda_client = client if client is not None else _client("lambda")
    answer = lambda_client.invoke(
        FunctionName=target_version(), InvocationType="RequestResponse", Payload=body
    )
    body = answer["Payload"].read()
    return {  # a dict, as before: the TypedDict only names its keys' types
        "status_code": answer["StatusCode"],
        "function_error": answer.get("FunctionError"),
        "payload": json.loads(body) if body else None,
    }


def report(event: Mapping[str, Any], succeeded: bool, *, client: Any = None) -> None:
    """Tells CodeDeploy the hook's outcome: ``succeeded`` lets the deployment go on, else
    it stops and rolls back. Without a report CodeDeploy waits an hour and fails. An event
    that is not CodeDeploy's, or a ``succeeded`` that is not True or False (an
    ``invoke_target`` answer, a response dict, ``"false"``: each true whatever the new
    version did), raises ValueError before anything is reported.

    :param client: the CodeDeploy client to report with (a test's stub). Default: boto3's.
    """
    _check_event(event, "report")
    if not isinstance(succeeded, bool):
        raise ValueError(_not_an_outcome(succeeded))
    codedeploy = client if client is not None else _client("codedeploy")
    codedeploy.put_lifecycle_event_hook_execution_status(
        deploymentId=event["DeploymentId"],
        lifecycleEventHookExecutionId=event["LifecycleEventHookExecutionId"],
        status=_STATUSES[bool(succeeded)],
    )


def run_hook(
    event: Mapping[str, Any],
    check: Callable[[str], object],
    *,
    client: Any = None,
) -> bool:
    """Runs ``check(target_version())`` and reports Succeeded when it returns, Failed when it
    raises (the exception is printed to the hook's log, not raised: an unreported hook
    keeps the deployment waiting), returns False, or returns an :func:`invoke_target`
    answer of a failed invocation (a ``function_error``, or a ``statusCode`` of 500 or
    more in its payload: a check ``lambda target: invoke_target(request)`` tests that the
    new version answers at all; raise for any other answer you refuse). Returns whether
    it succeeded.

    :param client: the CodeDeploy client to report with (a test's stub). Default: boto3's.
    """
    # before the check runs: an event that cannot be reported on is a mistake in the hook's
    # code, and the check's side effects (invoking the new version) would be for nothing
    _check_event(event, "run_hook")
    if not callable(check):
        raise ValueError(
            f"run_hook: check is {kind_of(check)}, not a function: every deployment "
            "would be reported Failed and rolled back. Fix: pass a function taking the "
            "target version's ARN, e.g. run_hook(event, lambda target: invoke_target(...))"
        )
    # an async (or generator) check, or one taking no target, would report every
    # deployment Succeeded without checking (its body never runs) or Failed (its call
    # fails): a mistake in the hook's code, said before anything is invoked or reported
    check_runs_in_the_call(check, "run_hook", "target", name="check", error=ValueError)
    try:
        returned = check(target_version())
        check_ran(returned, "run_hook", "target", name="check")  # a lambda hiding a coroutine
        failure = _failed_answer(returned)
    except Exception as exc:  # any failure of the check stops the deployment
        failure = f"hook check failed: {exc!r}"
    if failure is not None:
        print(json.dumps({"level": "ERROR", "message": failure}))
    succeeded = failure is None
    report(event, succeeded, client=client)
    return succeeded


def _is_answer(value: object) -> TypeGuard[Mapping[str, Any]]:
    """``value`` is what :func:`invoke_target` returns."""
    return isinstance(value, Mapping) and {"status_code", "function_error"} <= value.keys()


def _failed_answer(returned: object) -> str | None:
    """Why what a check returned fails the hook (False, or a failed invocation's answer),
    or None: anything else a check returns is its success, as before."""
    if returned is False:
        return "hook check returned False"
    if not _is_answer(returned):
        return None
    payload = returned.get("payload")
    status = payload.get("statusCode") if isinstance(payload, Mapping) else None
    if returned["function_error"] or (isinstance(status, int) and status >= 500):
        return f"hook check's invocation of the new version failed: {dict(returned)!r}"
    return None


def _shown(value: object) -> str:
    """``value`` and what it is (``'false', a str``); None as itself."""
    return "None" if value is None else f"{value!r:.60}, {kind_of(value)}"


def _not_an_outcome(succeeded: object) -> str:
    """report's message for a ``succeeded`` that is no bool."""
    if _is_answer(succeeded):
        return (
            "report: succeeded is invoke_target's answer (a dict), which is true whatever "
            "the new version answered, so every deployment would go on. Fix: pass a bool, "
            "e.g. report(event, answer['function_error'] is None), or let run_hook judge "
            "it: run_hook(event, lambda target: invoke_target(request))"
        )
    return (
        f"report: succeeded is {_shown(succeeded)}, not True or False: "
        "any value but an empty one would report Succeeded. Fix: pass a bool, e.g. "
        "report(event, answer['statusCode'] == 200)"
    )


def _check_event(event: object, caller: str) -> None:
    """``event`` is CodeDeploy's hook event (a ValueError naming what it lacks if not)."""
    if not isinstance(event, Mapping):
        raise ValueError(
            f"{caller}: the event is {kind_of(event)}, not CodeDeploy's hook event (an "
            "object). Fix: pass the event the hook was invoked with, "
            "{'DeploymentId': ..., 'LifecycleEventHookExecutionId': ...}"
        )
    missing = [key for key in _EVENT_KEYS if not isinstance(event.get(key), str)]
    if missing:
        raise ValueError(
            f"{caller}: the event has no {' or '.join(missing)}: it is not CodeDeploy's hook "
            "event. Fix: pass the event the hook was invoked with, "
            "{'DeploymentId': ..., 'LifecycleEventHookExecutionId': ...}"
        )


def _payload(payload: object) -> bytes:
    """``payload`` as the JSON object Lambda is invoked with (a ValueError if it is none)."""
    if payload is None:
        return b"{}"
    if not isinstance(payload, Mapping):
        raise ValueError(
            f"invoke_target: payload is {kind_of(payload)}, not an event (a dict). Fix: "
            "pass the event the function's trigger sends, e.g. {'rawPath': '/health'}"
        )
    try:
        return json.dumps(dict(payload)).encode()
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"invoke_target: payload is no JSON ({error}). Fix: pass only str, number, bool, "
            "None, list and dict values (e.g. value.isoformat() for a datetime)"
        ) from error
    except RecursionError:  # json.dumps' own depth: no event the version could read either
        raise ValueError(
            "invoke_target: payload is nested too deeply to write as JSON. Fix: pass an "
            "event nested as the function's trigger nests it (a few levels)"
        ) from None


def _client(service: str) -> Any:
    import boto3  # Lambda's runtime has it; the helpers stay stdlib-only to import

    return boto3.client(service)
