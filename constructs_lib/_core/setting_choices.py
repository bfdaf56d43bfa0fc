"""aws-cdk-lib's own values for the function settings the library takes as its own: a CDK
user writes ``lambda_.Runtime.PYTHON_3_13``, ``lambda_.Architecture.ARM_64`` and
``Duration.days(365)`` first. Each stands for the library's value (``"3.13"``, ``"arm64"``,
``logs.RetentionDays.ONE_YEAR``) when the library supports that one; any other is left as
given, for the rules to name the supported ones (a Node.js runtime, Python 3.9, 400.5
days). Resolving a Handler maps them, so a function's template and its sharing (one
function for equal Handlers) are those of the library's value."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs

from constructs_lib import _defaults
from constructs_lib._facts import seconds_of
from constructs_lib._jsii import given, is_unresolved
from constructs_lib._retention import CLOUDWATCH_RETENTION_DAYS
from constructs_lib._validation import Validator

__all__ = ["as_architecture", "as_python_version", "as_retention", "check_choice"]

_DAY = 24 * 60 * 60


def as_python_version(value: object) -> object:
    """``"3.13"`` for ``lambda_.Runtime.PYTHON_3_13`` or its name ``"python3.13"`` (Lambda's
    runtime identifier, as a template or the console spells it) of a supported version,
    else ``value``."""
    name = value.name if isinstance(value, lambda_.Runtime) else value
    if isinstance(name, str) and name.startswith("python"):
        version = name.removeprefix("python")
        if version in _defaults.PYTHON_VERSIONS:
            return version
    return value


def as_architecture(value: object) -> object:
    """``"arm64"`` for ``lambda_.Architecture.ARM_64`` (``"x86_64"`` for X86_64), else
    ``value``."""
    if isinstance(value, lambda_.Architecture) and value.name in _defaults.ARCHITECTURES:
        return value.name
    return value


def as_retention(value: object) -> object:
    """The ``logs.RetentionDays`` of a Duration of days CloudWatch keeps logs for
    (``Duration.days(365)``: ONE_YEAR), else ``value`` (a deploy-time one too)."""
    if not isinstance(value, Duration) or is_unresolved(value):
        return value
    days = seconds_of(value) / _DAY
    name = CLOUDWATCH_RETENTION_DAYS.get(int(days)) if days == int(days) else None
    return logs.RetentionDays[name] if name else value


#: Each setting's aws-cdk-lib members that the library takes, as a fix names them.
_MEMBERS = {
    "runtime": ", ".join(
        f"lambda_.Runtime.PYTHON_{v.replace('.', '_')}" for v in _defaults.PYTHON_VERSIONS
    ),
    "architecture": "lambda_.Architecture.ARM_64, lambda_.Architecture.X86_64",
}


def check_choice(
    v: Validator, prop: str, name: str, value: object, allowed: tuple[str, ...]
) -> None:
    """``value`` (``name``: runtime or architecture) is one of ``allowed``, as the library's
    string or aws-cdk-lib's member (mapped when the Handler was resolved)."""
    if value in allowed:
        return
    kind = lambda_.Runtime if name == "runtime" else lambda_.Architecture
    shown = f"lambda_.{kind.__name__} {value.name!r}" if isinstance(value, kind) else given(value)
    v.add(
        prop,
        f"is {shown}; the library builds Python functions for {', '.join(allowed)}",
        f"pass one of {', '.join(map(repr, allowed))} (or {_MEMBERS[name]})",
    )
