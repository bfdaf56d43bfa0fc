"""The synth warning of a function's environment value with whitespace around it
(``{"STAGE": " prod\\n"}``: read from a file with its newline, pasted with a space). Lambda
passes the value as given, so code comparing it with ``"prod"`` finds them different, with
no error anywhere. Decided by the value's ends only: whitespace inside a value (a PEM's
lines, JSON, a sentence) is its own, and a value of whitespace only is meant as it is. A
warning, not an error: a value may hold such whitespace on purpose (the owner acknowledges
it)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from aws_cdk import Annotations

from constructs_lib._jsii import is_unresolved
from constructs_lib._secret_names import looks_secret
from constructs_lib._validation import Validator

__all__ = ["ENVIRONMENT_WHITESPACE_WARNING", "warn_of_padded_values"]

#: The id to acknowledge (``cdk.Annotations.of(scope).acknowledge_warning(...)``).
ENVIRONMENT_WHITESPACE_WARNING = "constructs_lib:environmentValueWhitespace"
# a value up to this long is written out in the fix; a longer one (a PEM, JSON) is not
_SHOWN_MAX = 60


def warn_of_padded_values(
    v: Validator, environment: object, prop: str, own: Collection[str] | None
) -> None:
    """Warns on ``v.scope`` of each variable of ``environment`` (``prop``) whose literal
    value starts or ends with whitespace; ``own``: the names the Handler set itself (the
    others came from FunctionDefaults, named there; None: all are the Handler's)."""
    if not isinstance(environment, Mapping):
        return
    for name, value in environment.items():
        if not isinstance(name, str) or not isinstance(value, str) or is_unresolved(value):
            continue  # a name or value of another type is the Handler rules' error
        if not value.strip() or value == value.strip():
            continue
        where = "FunctionDefaults.environment" if own is not None and name not in own else prop
        Annotations.of(v.scope).add_warning_v2(
            ENVIRONMENT_WHITESPACE_WARNING, _message(where, name, value)
        )


def _message(prop: str, name: str, value: str) -> str:
    ends = [
        f"{end} with {padding!r}"
        for end, padding in (
            ("starts", value[: len(value) - len(value.lstrip())]),
            ("ends", value[len(value.rstrip()) :]),
        )
        if padding
    ]
    stripped = value.strip()
    # a secret's value is never printed (it would reach CI logs), nor a long one
    shown = not looks_secret(name) and len(stripped) <= _SHOWN_MAX and "\n" not in stripped
    fix = f"write {{{name!r}: {stripped!r}}}" if shown else f"pass value.strip() as {name}"
    reads = (
        f"code comparing it with {stripped!r} finds them different"
        if shown
        else "code comparing or parsing it reads the whitespace too"
    )
    return (
        f"`{prop}` sets {name} to a value that {' and '.join(ends)}: Lambda passes it as "
        f"given, so {reads}. Fix: {fix} (a value read from a file keeps its newline: strip it "
        f"where you read it); if the whitespace is part of the value, acknowledge "
        f"'{ENVIRONMENT_WHITESPACE_WARNING}'."
    )
