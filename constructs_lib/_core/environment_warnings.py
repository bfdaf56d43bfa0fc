"""The synth warnings of a Handler's environment (a literal secret, a secret's value, a
value with whitespace around it), given once per Handler and construct: a Handler shared
by several routes or triggers is one function, and the same warning once per route (each
naming its route) read in ``cdk synth`` output as that many problems."""

from __future__ import annotations

from collections.abc import Collection

from constructs import Construct

from constructs_lib._core.environment_whitespace import warn_of_padded_values
from constructs_lib._core.secret_environment import (
    warn_of_literal_secrets,
    warn_of_secret_values,
)
from constructs_lib._identity_map import IdentityMap, IdentitySet
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler

__all__ = ["warn_of_environment"]

#: The Handlers (as given, by identity) whose environment each construct has warned of.
_WARNED: IdentityMap[IdentitySet] = IdentityMap()


def warn_of_environment(
    v: Validator, given: Handler, resolved: Handler, prop: str, own: Collection[str] | None
) -> None:
    """Warns on ``v.scope`` of ``resolved``'s environment (``prop``: the first route or
    trigger ``given`` is passed to), unless the construct warned of ``given`` already."""
    if _warned_before(v.scope, given):
        return
    environment = resolved.environment
    warn_of_literal_secrets(v, environment, f"{prop}.environment", own)
    warn_of_secret_values(v, environment, f"{prop}.environment", own)
    warn_of_padded_values(v, environment, f"{prop}.environment", own)


def _warned_before(scope: Construct, handler: Handler) -> bool:
    warned = _WARNED.remembered(scope, IdentitySet)
    if handler in warned:
        return True
    warned.add(handler)
    return False
