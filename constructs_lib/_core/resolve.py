"""The settings a function gets: its Handler's, else its scopes' FunctionDefaults, else
the library's defaults (one place, used by FunctionCore and by the Handler rules)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from aws_cdk import Duration
from aws_cdk import aws_logs as logs
from constructs import Construct

import constructs_lib
from constructs_lib import _defaults
from constructs_lib._core.setting_choices import as_architecture, as_python_version, as_retention
from constructs_lib.function_defaults import FunctionSettings, settings_chain
from constructs_lib.handler import Handler

__all__ = [
    "ResolvedHandler",
    "function_key",
    "resolve_handler",
    "resolve_with",
    "scope_deployment",
]

T = TypeVar("T")

_LIBRARY = FunctionSettings(
    memory_mib=_defaults.MEMORY_MIB,
    runtime=_defaults.LAMBDA_PYTHON_VERSION,
    architecture=_defaults.LAMBDA_ARCHITECTURE,
    log_retention=_defaults.LOG_RETENTION,
    powertools=False,
)


@dataclass(frozen=True)
class ResolvedHandler(Handler):
    """A Handler with every setting filled in: what the function gets."""

    memory_mib: int = _defaults.MEMORY_MIB
    timeout: Duration = field(default_factory=_defaults.timeout)
    runtime: str = _defaults.LAMBDA_PYTHON_VERSION
    architecture: str = _defaults.LAMBDA_ARCHITECTURE
    log_retention: logs.RetentionDays = _defaults.LOG_RETENTION


def resolve_handler(scope: Construct, handler: Handler) -> ResolvedHandler:
    """``handler`` with every setting it leaves out taken from the FunctionDefaults of
    ``scope`` and its ancestors (the nearest wins), else from the library's defaults.

    Cached on the Handler per chain of settings (they are never changed, and kept alive
    by the cache, so their ids stay theirs): a construct resolves its Handlers several
    times, and a resolved Handler computes its key once."""
    chain = settings_chain(scope)
    cache: dict[tuple[int, ...], tuple[list[FunctionSettings], ResolvedHandler]]
    cache = handler.__dict__.setdefault("_resolved", {})  # frozen: a cache, not a field
    ids = tuple(map(id, chain))
    if ids not in cache:
        cache[ids] = (chain, resolve_with(handler, chain))
    return cache[ids][1]


def resolve_with(handler: Handler, chain: Sequence[FunctionSettings]) -> ResolvedHandler:
    """``handler`` resolved against ``chain`` (outermost first)."""
    settings = _LIBRARY
    for scope_settings in chain:
        settings = settings.merged(scope_settings)
    environment = handler.environment
    if isinstance(environment, Mapping):  # else the Handler rules report it
        environment = {**(settings.environment or {}), **environment}
    # Handler's fields: a user's subclass adds its own (team="payments"), no function setting
    given: dict[str, Any] = {f.name: getattr(handler, f.name) for f in fields(Handler)}
    timeout = _given(handler.timeout, settings.timeout)  # a wrong value stays: rules report it
    return ResolvedHandler(
        **{
            **given,
            "memory_mib": _given(handler.memory_mib, settings.memory_mib),
            "ephemeral_storage_mib": _given(
                handler.ephemeral_storage_mib, settings.ephemeral_storage_mib
            ),
            "timeout": timeout if timeout is not None else _defaults.timeout(),
            # aws-cdk-lib's own values (lambda_.Runtime.PYTHON_3_13...) as the library's
            "runtime": as_python_version(_given(handler.runtime, settings.runtime)),
            "architecture": as_architecture(_given(handler.architecture, settings.architecture)),
            "environment": environment,
            "log_retention": as_retention(_given(handler.log_retention, settings.log_retention)),
            # a layer does not work with an image: the scope's powertools skip images
            "powertools": _given(
                handler.powertools, settings.powertools if handler.image is False else False
            ),
        }
    )


def scope_deployment(scope: Construct) -> constructs_lib.Deployment | None:
    """The ``deployment`` of the nearest FunctionDefaults of ``scope`` that sets one (not
    part of a resolved Handler: the construct's own ``deployment`` comes between)."""
    chain = [settings.deployment for settings in settings_chain(scope)]
    return next((found for found in reversed(chain) if found is not None), None)


def function_key(scope: Construct, handler: Handler) -> tuple[object, ...]:
    """Equal keys: one function (``Handler.key()`` of the resolved handler)."""
    return resolve_handler(scope, handler).key()


def _given(value: T | None, default: T | None) -> T | None:
    return value if value is not None else default
