"""The synth warnings of a Handler whose environment holds a secret: a literal one
(``environment={"DB_PASSWORD": "hunter2"}``), written into the template and the function's
configuration, or a Secrets Manager secret's value (``secret.secret_value.unsafe_unwrap()``,
a ``{{resolve:secretsmanager:...}}`` dynamic reference), which CloudFormation resolves into
the function's configuration at deploy time. Either is readable by anyone who may read the
function's configuration. Warnings, not errors: a name can look like a secret's and hold
none, and a secret may be meant to be public (the owner acknowledges it)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping

from aws_cdk import Annotations, Stack
from jsii.errors import JSIIError

from constructs_lib._jsii import is_unresolved
from constructs_lib._secret_names import literal_secret_names
from constructs_lib._validation import Validator
from constructs_lib._words import listed

__all__ = [
    "LITERAL_SECRET_WARNING",
    "SECRET_VALUE_WARNING",
    "warn_of_literal_secrets",
    "warn_of_secret_values",
]

#: The id to acknowledge (``cdk.Annotations.of(scope).acknowledge_warning(...)``).
LITERAL_SECRET_WARNING = "constructs_lib:literalSecretInEnvironment"
#: The id of the warning of a Secrets Manager value in the environment.
SECRET_VALUE_WARNING = "constructs_lib:secretValueInEnvironment"
_SECRETS_MANAGER_REFERENCE = "{{resolve:secretsmanager:"


def warn_of_literal_secrets(
    v: Validator, environment: object, prop: str, own: Collection[str] | None
) -> None:
    """Warns on ``v.scope`` of the variables of ``environment`` (``prop``) that look like a
    secret and hold a literal value; ``own``: the names the Handler set itself (the others
    came from FunctionDefaults, named there; None: all are the Handler's)."""
    if not isinstance(environment, Mapping):
        return
    names = literal_secret_names(
        {name: value for name, value in environment.items() if not is_unresolved(value)}
    )
    for where, found in _by_setter(names, prop, own):
        Annotations.of(v.scope).add_warning_v2(LITERAL_SECRET_WARNING, _message(where, found))


def _by_setter(
    names: list[str], prop: str, own: Collection[str] | None
) -> list[tuple[str, list[str]]]:
    """``names`` grouped by where they are set, each group with its prop: ``prop`` (the
    Handler's own, all of them when ``own`` is None) and ``FunctionDefaults.environment``
    (the others); only groups with names."""
    inherited = [name for name in names if own is not None and name not in own]
    groups = (
        (prop, [name for name in names if name not in inherited]),
        ("FunctionDefaults.environment", inherited),
    )
    return [(where, found) for where, found in groups if found]


def _message(prop: str, names: list[str]) -> str:
    one = len(names) == 1
    return (
        f"`{prop}` sets {listed(names)} to "
        f"{'a literal value' if one else 'literal values'} named like a secret: "
        f"{'it is' if one else 'they are'} written into the template and the function's "
        "configuration, where anyone who may read either reads "
        f"{'it' if one else 'them'}. Fix: keep a secret in Secrets Manager and link it instead: "
        "Handler(links=[secret]) grants the function read access and puts the secret's ARN "
        "in <ID>_SECRET_ARN, and the code reads the value at run time. If "
        f"{'it is not a secret' if one else 'none is a secret'}, acknowledge "
        f"'{LITERAL_SECRET_WARNING}'."
    )


def warn_of_secret_values(
    v: Validator, environment: object, prop: str, own: Collection[str] | None
) -> None:
    """Warns on ``v.scope`` of the variables of ``environment`` (``prop``) whose value is a
    Secrets Manager dynamic reference, written or made by a token; ``own`` as for
    :func:`warn_of_literal_secrets` (the others are named in FunctionDefaults)."""
    if not isinstance(environment, Mapping):
        return
    names = [
        str(name)
        for name, value in environment.items()
        if _SECRETS_MANAGER_REFERENCE in _resolved_text(v, value)
    ]
    for where, found in _by_setter(names, prop, own):
        Annotations.of(v.scope).add_warning_v2(SECRET_VALUE_WARNING, _value_message(where, found))


def _value_message(prop: str, names: list[str]) -> str:
    what = "a secret's value" if len(names) == 1 else "secrets' values"
    return (
        f"`{prop}` sets {listed(names)} to {what} "
        "from Secrets Manager (a {{resolve:secretsmanager:...}} reference, e.g. "
        "secret.secret_value.unsafe_unwrap()): CloudFormation writes the plaintext into the "
        "function's configuration at deploy time, where anyone who may read the function "
        "reads it, and a rotation never reaches the function. Fix: link the secret instead: "
        "Handler(links=[secret]) grants the function read access and puts the secret's ARN "
        "in <ID>_SECRET_ARN, and the code reads the value at run time. If whoever may read "
        "the function may read the secret too, acknowledge "
        f"'{SECRET_VALUE_WARNING}'."
    )


def _resolved_text(v: Validator, value: object) -> str:
    """``value`` as CloudFormation gets it, as text ('' when it cannot be resolved here)."""
    if not isinstance(value, str):  # the Handler rules refuse it (a construct, a test's
        return ""  # MagicMock: resolving one met a circular reference or a jsii error)
    if not is_unresolved(value):
        return value
    try:
        return json.dumps(Stack.of(v.scope).resolve(value))
    except (JSIIError, TypeError):  # a value CDK resolves only later: nothing to read
        return ""
