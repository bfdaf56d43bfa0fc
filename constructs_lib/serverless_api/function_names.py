"""The ``name=`` a fix suggests when two of an API's functions would take one construct id
(a route's function, a route's own Lambda authorizer's): a name that tells the two apart
and says what the function is, never a bare prefix.

Pure: no aws_cdk import, tested without synthesizing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

__all__ = ["suggested_name"]

#: ids aws-cdk-lib leaves out of logical IDs and takes as a construct's default child
_CDK_HIDDEN_IDS = frozenset({"Default", "Resource"})

#: a module name this short is an abbreviation ('h', 'fn'): 'HHandler' says nothing
_SHORTEST_MODULE = 3


def suggested_name(
    entry: str, other_entry: str | None, route_key: str, taken: Collection[str], suffix: str = ""
) -> str:
    """A construct id for the function of ``entry`` (``module.function``) that clashes with
    the function of ``other_entry``: from its module when that tells the two apart
    (``orders_api.handler``: ``OrdersApiHandler``), else from the route it serves
    (``POST /orders/{id}``: ``PostOrdersId``), ``suffix`` after either (an authorizer's:
    ``OrdersApiHandlerAuthorizer``), never one of ``taken`` (a number added)."""
    module, _, function = entry.rpartition(".")
    module = module.rpartition(".")[2]
    other_module = (other_entry or "").rpartition(".")[0].rpartition(".")[2]
    if len(module) >= _SHORTEST_MODULE and module != other_module:
        name = _pascal([module, function])
    else:
        method, _, path = route_key.rpartition(" ")  # '$default' has no method
        name = _pascal([method.lower(), path])
        if name in _CDK_HIDDEN_IDS:  # '$default': 'Default' would be the API's default child
            name += "Route"
    if not name.endswith(suffix):  # an authorizer's says what it is, as its unnamed id does
        name += suffix
    number, unique = 1, name
    while unique in taken:
        number += 1
        unique = f"{name}{number}"
    return unique


def _pascal(words: Iterable[str]) -> str:
    """PascalCase of every run of letters and digits (a construct id CloudFormation's
    logical ID keeps whole)."""
    parts = [p for word in words for p in re.split(r"[^A-Za-z0-9]+", word) if p]
    return "".join(p[0].upper() + p[1:] for p in parts)[:64] or "Function"
