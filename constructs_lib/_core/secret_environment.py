"""The synth warning of a Handler whose environment holds a literal secret
(``environment={"DB_PASSWORD": "hunter2"}``): the value is written into the template and
the function's configuration, readable by anyone who may read either. A warning, not an
error: a name can look like a secret's and hold none (the owner acknowledges it)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from aws_cdk import Annotations

from constructs_lib._jsii import is_unresolved
from constructs_lib._secret_names import literal_secret_names
from constructs_lib._validation import Validator

__all__ = ["LITERAL_SECRET_WARNING", "warn_of_literal_secrets"]

#: The id to acknowledge (``cdk.Annotations.of(scope).acknowledge_warning(...)``).
LITERAL_SECRET_WARNING = "constructs_lib:literalSecretInEnvironment"


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
    inherited = [name for name in names if own is not None and name not in own]
    for where, found in (
        (prop, [name for name in names if name not in inherited]),
        ("FunctionDefaults.environment", inherited),
    ):
        if found:
            Annotations.of(v.scope).add_warning_v2(LITERAL_SECRET_WARNING, _message(where, found))


def _message(prop: str, names: list[str]) -> str:
    listed = " and ".join(", ".join(names).rsplit(", ", 1))
    one = len(names) == 1
    return (
        f"`{prop}` sets {listed} to "
        f"{'a literal value' if one else 'literal values'} named like a secret: "
        f"{'it is' if one else 'they are'} written into the template and the function's "
        "configuration, where anyone who may read either reads "
        f"{'it' if one else 'them'}. Keep a secret in Secrets Manager and link it instead: "
        "Handler(links=[secret]) grants the function read access and puts the secret's ARN "
        "in <ID>_SECRET_ARN, and the code reads the value at run time. If "
        f"{'it is not a secret' if one else 'none is a secret'}, acknowledge "
        f"'{LITERAL_SECRET_WARNING}'."
    )
