"""Fix 9: stack operations answer when they are done."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from ._base import _original

# --- 9. stack operations answer when they are done ---------------------------------------
#
# ministack runs a CreateStack, UpdateStack, ExecuteChangeSet or DeleteStack as a task and
# answers at once, as CloudFormation does. The CDK CLI then finds the stack in progress and
# asks again only 5 s later (toolkit-lib's waitFor), so every deploy and destroy waited
# about 5 s for work the emulator finishes in under one. The answer now waits for the stack
# to leave *_IN_PROGRESS (the task runs on the same event loop meanwhile), at most
# SETTLE_TIMEOUT_S; past that it answers as before and the CLI polls.

SETTLE_TIMEOUT_S = 30.0
_SETTLING = frozenset({"CreateStack", "UpdateStack", "DeleteStack", "ExecuteChangeSet"})


def _cloudformation() -> Any:
    from ministack.services import cloudformation

    return cloudformation


def _request_params(headers: dict[str, str], body: bytes, query: dict[str, Any]) -> dict[str, str]:
    """The action's parameters, read as ministack reads them (query or JSON protocol)."""
    from urllib.parse import parse_qs

    lowered = {k.lower(): v for k, v in headers.items()}
    params: dict[str, Any] = dict(query)
    if "amz-json" in lowered.get("content-type", ""):
        params["Action"] = lowered.get("x-amz-target", "").rpartition(".")[2]
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            params.update(json.loads(body or b"{}"))
    elif body:
        params.update(parse_qs(body.decode("utf-8", errors="replace")))
    return {k: v[0] if isinstance(v, list) and v else v for k, v in params.items()}


def _operated_stack_name(params: dict[str, str]) -> str | None:
    if params.get("Action") != "ExecuteChangeSet":
        return params.get("StackName")
    from ministack.services.cloudformation.changesets import _find_change_set

    _, change_set = _find_change_set(params.get("ChangeSetName", ""), params.get("StackName", ""))
    return None if change_set is None else str(change_set["StackName"])


async def _settled_handle_request(
    method: str, path: str, headers: dict[str, str], body: bytes, query: dict[str, Any]
) -> Any:
    handle = _original(_cloudformation(), "handle_request")
    params = _request_params(headers, body, query)
    if params.get("Action") not in _SETTLING:
        return await handle(method, path, headers, body, query)
    name = _operated_stack_name(params)
    answer = await handle(method, path, headers, body, query)
    from ministack.services.cloudformation.handlers import _resolve_stack

    stack = _resolve_stack(name) if name and answer[0] == 200 else None
    # a deletion's task, not its answer, marks the stack DELETE_IN_PROGRESS
    phase = "DELETE_" if params["Action"] == "DeleteStack" else ""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SETTLE_TIMEOUT_S
    while stack is not None and loop.time() < deadline:
        status = str(stack.get("StackStatus", ""))
        if status.startswith(phase) and not status.endswith("_IN_PROGRESS"):
            break
        await asyncio.sleep(0.02)
    return answer


def _apply_settled_answers() -> None:
    module = _cloudformation()
    _original(module, "handle_request")
    module.handle_request = _settled_handle_request


def _canary_settled_answers() -> dict[str, bool]:
    template = json.dumps(
        {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}}}
    )

    async def status_when_answered(handle: Any, stack: str) -> tuple[str, str]:
        from urllib.parse import urlencode

        from ministack.services.cloudformation.handlers import _resolve_stack

        form = {"Content-Type": "application/x-www-form-urlencoded"}
        statuses = []
        for action in (
            {"Action": "CreateStack", "StackName": stack, "TemplateBody": template},
            {"Action": "DeleteStack", "StackName": stack},
        ):
            record = _resolve_stack(stack)
            status, _, _ = await handle("POST", "/", form, urlencode(action).encode(), {})
            record = _resolve_stack(stack) or record
            statuses.append(f"{status} {record.get('StackStatus') if record else None}")
            for _ in range(250):  # the task's end, before the next action
                if not str((_resolve_stack(stack) or {}).get("StackStatus")).endswith(
                    "_IN_PROGRESS"
                ):
                    break
                await asyncio.sleep(0.02)
        return statuses[0], statuses[1]

    module = _cloudformation()
    before = asyncio.run(status_when_answered(_original(module, "handle_request"), "CanaryA"))
    after = asyncio.run(status_when_answered(_settled_handle_request, "CanaryB"))
    return {
        # unpatched, a deletion is answered before its task has even started
        "defect": before == ("200 CREATE_IN_PROGRESS", "200 CREATE_COMPLETE"),
        "fixed": after == ("200 CREATE_COMPLETE", "200 DELETE_COMPLETE"),
    }
