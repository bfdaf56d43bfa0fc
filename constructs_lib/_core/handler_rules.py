"""The rules every Handler must satisfy, wherever it is passed."""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from constructs_lib._validation import Validator, is_unresolved
from constructs_lib.handler import Handler
from constructs_lib.network import INTERFACE_SERVICES

__all__ = ["check_handler"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ENV_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Set by the Lambda service; a function may not override them.
_RESERVED_ENV = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)


def check_handler(v: Validator, handler: object, prop: str) -> None:
    """Adds every problem of ``handler`` to ``v``; ``prop`` names where it was passed."""
    if not isinstance(handler, Handler):
        v.add(prop, f"is a {type(handler).__name__}", "pass a constructs_lib.Handler(...)")
        return
    code = Path(handler.code)
    code_ok = v.check(
        code.is_dir(),
        f"{prop}.code",
        f"is {str(code)!r}, which is not a directory",
        "pass the directory holding the handler module (relative to where cdk runs)",
    )
    parts = handler.entry.split(".")
    entry_ok = v.check(
        len(parts) >= 2 and all(_IDENTIFIER.match(p) and not keyword.iskeyword(p) for p in parts),
        f"{prop}.entry",
        f"is {handler.entry!r}; it must be 'module.function' (Python identifiers)",
        "pass e.g. entry='app.handler' for def handler(event, context) in app.py",
    )
    if code_ok and entry_ok:
        module_path = code.joinpath(*handler.module.split("."))
        v.check(
            module_path.with_suffix(".py").is_file() or (module_path / "__init__.py").is_file(),
            f"{prop}.entry",
            f"names module {handler.module!r}, but {module_path}.py does not exist",
            f"create {module_path}.py or fix the module part of entry",
        )
    v.check_range(handler.memory_mib, f"{prop}.memory_mib", 128, 10240, "MiB")
    if not is_unresolved(handler.timeout):
        v.check_range(handler.timeout.to_seconds(), f"{prop}.timeout", 1, 900, "seconds")
    if handler.reserved_concurrency is not None:
        v.check_range(handler.reserved_concurrency, f"{prop}.reserved_concurrency", 0, 10000)
    for name in handler.environment:
        if not _ENV_NAME.match(name):
            v.add(
                f"{prop}.environment",
                f"has the invalid variable name {name!r}",
                "use letters, digits and underscores, starting with a letter",
            )
        elif name in _RESERVED_ENV:
            v.add(
                f"{prop}.environment",
                f"sets {name!r}, which the Lambda runtime reserves",
                "rename the variable",
            )
    for service in handler.endpoints:
        v.check(
            service in INTERFACE_SERVICES,
            f"{prop}.endpoints",
            f"has {service!r}; known services: {', '.join(sorted(INTERFACE_SERVICES))}",
            "use one of the known names (S3 and DynamoDB need none: gateway endpoints)",
        )
    if handler.name is not None:
        v.check(
            bool(re.match(r"^[A-Za-z][A-Za-z0-9]*$", handler.name)),
            f"{prop}.name",
            f"is {handler.name!r}; it must be alphanumeric, starting with a letter",
            "pass a short PascalCase name such as 'ListTodos'",
        )
