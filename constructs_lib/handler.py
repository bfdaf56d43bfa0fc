"""Handler: how a Lambda function's code and settings are given to a construct."""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from aws_cdk import Duration

from constructs_lib import _defaults
from constructs_lib._validation import Validator, is_unresolved
from constructs_lib.network import INTERFACE_SERVICES

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


@dataclass(frozen=True)
class Handler:
    """A Lambda function's code and settings.

    Pass the same Handler (or an equal one) to several routes or triggers and the
    construct builds one function for all of them.

    :param code: directory holding the handler's code. A ``requirements.txt`` there is
        installed into the asset for Linux ARM64 without Docker (boto3 is not bundled:
        the runtime provides it).
    :param entry: ``"module.function"`` inside ``code``. Default: ``"app.handler"``.
    :param memory_mib: memory in MiB, 128..10240. Default: 256.
    :param timeout: 1 second..15 minutes. Default: 10 seconds.
    :param environment: extra environment variables. Default: none.
    :param reserved_concurrency: reserved concurrent executions. Default: none
        (the account's unreserved pool).
    :param endpoints: AWS services the code calls from inside a Network (VPC), which get
        an interface endpoint, e.g. ``("sqs", "secretsmanager")``; see
        ``constructs_lib.network.INTERFACE_SERVICES``. S3 and DynamoDB use free gateway
        endpoints and X-Ray is added for tracing: do not list them. Default: none.
    :param name: construct ID of the function. Default: the entry's function name in
        PascalCase (``"list_todos"`` -> ``"ListTodos"``). Part of the logical IDs: keep it
        stable once deployed.
    """

    code: str | Path
    entry: str = "app.handler"
    memory_mib: int = _defaults.DEFAULT_MEMORY_MIB
    timeout: Duration = field(
        default_factory=lambda: Duration.seconds(_defaults.DEFAULT_TIMEOUT_SECONDS)
    )
    environment: Mapping[str, str] = field(default_factory=dict)
    reserved_concurrency: int | None = None
    endpoints: tuple[str, ...] = ()
    name: str | None = None

    @property
    def module(self) -> str:
        return self.entry.rpartition(".")[0]

    @property
    def function_name(self) -> str:
        return self.entry.rpartition(".")[2]

    @property
    def construct_id(self) -> str:
        if self.name:
            return self.name
        return "".join(part.capitalize() for part in self.function_name.split("_") if part)

    def key(self) -> tuple[object, ...]:
        """Identity used to share one function between equal handlers.

        Duration is a jsii object without value equality, hence the explicit tuple.
        """
        return (
            str(Path(self.code).resolve()),
            self.entry,
            self.memory_mib,
            self.timeout.to_seconds() if not is_unresolved(self.timeout) else id(self.timeout),
            tuple(sorted(self.environment.items())),
            self.reserved_concurrency,
            tuple(sorted(self.endpoints)),
            self.name,
        )


def validate_handler(v: Validator, handler: object, prop: str) -> None:
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
