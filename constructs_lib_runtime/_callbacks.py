"""A callback must do its work in the call: one defined with ``async def`` (or with a
``yield``) returns a coroutine (or a generator) whose body has not run, which the helpers
would otherwise count as a success, deleting the message unhandled."""

from __future__ import annotations

import inspect
from collections.abc import Mapping

from constructs_lib_runtime._kinds import kind_of

__all__ = [
    "FailureReturned",
    "check_handle",
    "check_ran",
    "check_returned",
    "check_runs_in_the_call",
]


def _async_fix(argument: str, name: str = "handle") -> str:
    return (
        "make it a plain def (the helpers call it synchronously), or run it to completion "
        f"in one: lambda {argument}: asyncio.run({name}({argument}))"
    )


_GENERATOR_FIX = "make it a function that returns when its work is done (no yield)"


def check_runs_in_the_call(
    handle: object,
    call: str,
    argument: str,
    *,
    name: str = "handle",
    error: type[Exception] = TypeError,
) -> None:
    """``error`` (TypeError) for an async or generator function, or one that cannot be
    called with the one argument, before any record is attempted: a mistake in the
    handler's code, not a bad record. ``name``: the callback's parameter."""
    if inspect.iscoroutinefunction(handle) or inspect.isasyncgenfunction(handle):
        raise error(
            f"{call}: {name} is an async function, whose body would never run. "
            f"Fix: {_async_fix(argument, name)}"
        )
    if inspect.isgeneratorfunction(handle):
        raise error(
            f"{call}: {name} is a generator function, whose body would never run. "
            f"Fix: {_GENERATOR_FIX}"
        )
    if not callable(handle):  # the callers' own message says so
        return
    try:
        signature = inspect.signature(handle)
    except (TypeError, ValueError):  # a builtin or class without one: nothing to check
        return
    try:
        signature.bind(None)
    except TypeError:  # each call would fail, every record with it: a mistake in the code
        raise error(
            f"{call}: {name} takes ({', '.join(signature.parameters)}), not one {argument}: "
            f"it is called as {name}({argument}), so every {argument} would fail. Fix: take "
            f"the {argument} alone, or pass what else it needs: "
            f"lambda {argument}: {name}({argument}, ...)"
        ) from None


def check_handle(handle: object, call: str, argument: str, *, noun: str, example: str) -> None:
    """TypeError for a ``handle`` that is no function (``None``, a string) or one that would
    not do its work in the call (:func:`check_runs_in_the_call`), before any record is
    attempted. ``noun``: what one call handles, as the message names it (``record``);
    ``example``: the call with a handler passed (``process_batch(event, handle_order)``)."""
    if not callable(handle):
        raise TypeError(
            f"{call}: handle is {kind_of(handle)}, not a function taking one {noun}. "
            f"Fix: pass the function that handles one {noun}, e.g. {example}"
        )
    check_runs_in_the_call(handle, call, argument)


def check_ran(result: object, call: str, argument: str, *, name: str = "handle") -> None:
    """TypeError for a result whose work never ran (a coroutine or other awaitable, a
    generator), after closing it: its record fails instead of being deleted unhandled.
    (A callback may hide its kind: a lambda or an object calling an async function.)"""
    if inspect.isgenerator(result):
        fix = _GENERATOR_FIX
    elif inspect.isawaitable(result) or inspect.isasyncgen(result):
        fix = _async_fix(argument, name)
    else:
        return
    close = getattr(result, "close", None)
    if callable(close):  # never awaited: no "was never awaited" warning on top of this
        close()
    raise TypeError(f"{call}: {name} returned {kind_of(result)}, whose work never ran. Fix: {fix}")


class FailureReturned(Exception):
    """A callback returned a failure marker instead of raising: its record fails."""


def check_returned(result: object, call: str, argument: str, *, name: str = "handle") -> None:
    """:func:`check_ran`, then :class:`FailureReturned` for a result that says the
    ``argument`` failed, so its record is reported (retried, then in the dead-letter queue)
    rather than counted done and deleted: ``False``, an exception returned instead of raised,
    AWS's own partial-batch answer (``{"itemIdentifier": ...}``, or ``{"batchItemFailures":
    [...]}`` naming any), or an HTTP answer of status 400 or more. Anything else a callback
    returns (``True``, boto3's response of ``table.put_item``) is its success, as before:
    callbacks say failure by raising."""
    check_ran(result, call, argument, name=name)
    marker = _failure_marker(result)
    if marker is not None:
        raise FailureReturned(
            f"{call}: {name} returned {marker}, a failure, so this {argument} is reported as "
            f"failed. Fix: raise an exception in {name} to fail a {argument} (the helpers "
            "report it and log its traceback); return None when it is done"
        )


def _failure_marker(result: object) -> str | None:
    """What in ``result`` says failure, as the message shows it, or None."""
    if result is False:
        return "False"
    if isinstance(result, BaseException):
        return f"an exception ({result!r}) instead of raising it"
    if not isinstance(result, Mapping):
        return None
    if "itemIdentifier" in result:
        return f"a batch item failure ({{'itemIdentifier': {result['itemIdentifier']!r}}})"
    failures = result.get("batchItemFailures")
    if "batchItemFailures" in result and (not isinstance(failures, (list, tuple)) or failures):
        return f"a partial batch response naming failures ({{'batchItemFailures': {failures!r}}})"
    status = result.get("statusCode")
    if isinstance(status, int) and not isinstance(status, bool) and status >= 400:
        return f"an HTTP answer of status {status}"
    return None
