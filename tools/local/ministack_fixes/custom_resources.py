"""Fix 4: custom resources wait ServiceTimeout (3600 s)."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import Any

from ._base import _original

# Longest a custom resource may wait for its handler's answer (ministack: ServiceTimeout,
# default 3600 s). The demo's only Lambda-backed custom resource (CDK's VPC default
# security group handler) answers in about a second.
CUSTOM_RESOURCE_TIMEOUT_S = int(os.environ.get("LOCAL_CUSTOM_RESOURCE_TIMEOUT_S", "60"))


# --- 4. custom resources wait ServiceTimeout (3600 s) ---------------------------------


def _custom_resource() -> Any:
    from ministack.services.cloudformation import custom_resource

    return custom_resource


def _capped_invoke(*args: Any, **kwargs: Any) -> Any:
    original = _original(_custom_resource(), "invoke_custom_resource")
    names = ["request_type", "logical_id", "props", "stack_name", "stack_id", "resource_type"]
    bound = dict(zip(names, args, strict=False)) | kwargs
    props = dict(bound.pop("props"))
    try:
        requested = int(props.get("ServiceTimeout", 3600))
    except (TypeError, ValueError):
        requested = 3600
    props["ServiceTimeout"] = min(requested, CUSTOM_RESOURCE_TIMEOUT_S)
    return original(props=props, **bound)


def _apply_custom_resource_timeout() -> None:
    module = _custom_resource()
    _original(module, "invoke_custom_resource")
    module.invoke_custom_resource = _capped_invoke


def _waited_seconds(invoke: Callable[..., Any]) -> float | None:
    """How long ``invoke`` would wait for a handler that never answers (nothing waits)."""
    import ministack.services.lambda_svc as lambda_svc

    cr = _custom_resource()
    waited: list[float] = []

    class Never(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            waited.append(timeout if timeout is not None else float("inf"))
            return False

    stubs = {
        (cr, "register_token"): lambda token: Never(),
        (lambda_svc, "_get_func_record_for_ref"): lambda ref: ({}, {}, "canary"),
        (lambda_svc, "_execution_record_for_config"): lambda record, config: {},
        (lambda_svc, "_execute_function_with_config_scope"): lambda record, event: None,
    }
    saved = {key: getattr(*key) for key in stubs}
    try:
        for (module, name), stub in stubs.items():
            setattr(module, name, stub)
        with contextlib.suppress(TimeoutError):
            invoke("Create", "Canary", {"ServiceToken": "canary"}, "Canary", "id", "Custom::X")
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)
    return waited[0] if waited else None


def _canary_custom_resource_timeout() -> dict[str, bool]:
    original = _original(_custom_resource(), "invoke_custom_resource")
    return {
        "defect": _waited_seconds(original) == 3600,
        "fixed": _waited_seconds(_capped_invoke) == CUSTOM_RESOURCE_TIMEOUT_S,
    }
