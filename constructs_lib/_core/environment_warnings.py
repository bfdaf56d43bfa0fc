"""The synth warnings of a Handler's environment (a literal secret, a secret's value, a
value with whitespace around it, a size over Lambda's limit only by the estimate of its
deploy-time values), given once per Handler and construct: a Handler shared
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

__all__ = ["first_of_handler", "warn_of_environment"]

#: The Handlers (as given, by identity) whose environment each construct has warned of.
_WARNED: IdentityMap[IdentitySet] = IdentityMap()


def first_of_handler(scope: Construct, handler: Handler) -> bool:
    """Whether ``scope`` meets ``handler`` (as given, by identity) for the first time: only
    then does it warn of its environment (``prop`` then names its first route or trigger).
    Remembers it: ask once per route or trigger."""
    warned = _WARNED.remembered(scope, IdentitySet)
    if handler in warned:
        return False
    warned.add(handler)
    return True


def warn_of_environment(
    v: Validator, resolved: Handler, prop: str, own: Collection[str] | None
) -> None:
    """Warns on ``v.scope`` of ``resolved``'s environment; call it only when
    :func:`first_of_handler` said so."""
    environment = resolved.environment
    warn_of_literal_secrets(v, environment, f"{prop}.environment", own)
    warn_of_secret_values(v, environment, f"{prop}.environment", own)
    warn_of_padded_values(v, environment, f"{prop}.environment", own)
