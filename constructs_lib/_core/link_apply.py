"""Links applied to functions: each link's grant and variable, when a function is built
(a Handler's ``links``) or later (a construct's ``link(...)``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aws_cdk import aws_lambda as lambda_

from constructs_lib import _nag
from constructs_lib._bus_write_loops import note_link
from constructs_lib._core.environment_recheck import keep_variables
from constructs_lib._core.link_cycles import record
from constructs_lib._core.link_grants import grant_and_acknowledge
from constructs_lib._core.link_reach import check_reach_after
from constructs_lib._core.links import ResolvedLink, check_links, resolve
from constructs_lib._identity_map import IdentityMap
from constructs_lib._stack_references import reads_across_regions
from constructs_lib._validation import Validator
from constructs_lib._words import a_type

__all__ = ["link_after", "link_function"]


#: The variables each linked function has, with what sets each (aws-cdk-lib offers no way
#: to read them back).
_VARIABLES: IdentityMap[dict[str, str]] = IdentityMap()


def link_function(
    function: lambda_.Function, links: Sequence[object], *, existing: Iterable[str] = ()
) -> None:
    """Grants ``function`` each (valid) link's access and sets its variable.

    :param existing: the variables the function has besides the links' (FunctionCore's).
    """
    variables = _VARIABLES.remembered(function, dict)
    variables.update(dict.fromkeys(existing, "the function's environment"))
    for item in links:
        resolved = resolve(item)
        assert isinstance(resolved, ResolvedLink), resolved  # validated before
        value = resolved.value_in(function)
        function.add_environment(resolved.env, value)
        keep_variables(function, {resolved.env: value}, resolved.source)
        variables[resolved.env] = resolved.source
        description = resolved.describe()
        if _nag.acknowledges_link(resolved.kind.name):
            reason = _nag.link_grant(description, resolved.kind.name)
            grant_and_acknowledge(function, resolved.grant, description, reason=reason)
        else:  # its findings are wildcards of the app's: the app acknowledges them
            resolved.grant(function)
        record(function, resolved.resource, resolved.describe())
        note_link(function, resolved)
        reads_across_regions(function, resolved.resource)


def link_after(
    v: Validator, functions: Sequence[lambda_.Function], links: Sequence[object]
) -> None:
    """A construct's ``link(...)``: checks ``links`` against each function's variables (with
    the problems already in ``v``), raises them all, or applies the links."""
    from constructs_lib._core.handler_rules import RESERVED_ENVIRONMENT

    _check_targets(v, links)
    _check_not_synthesized(v)
    unique = list({id(function): function for function in functions}.values())
    for function in unique:
        before = v.count
        check_links(
            v, links, "links", taken=_VARIABLES.get(function) or {}, reserved=RESERVED_ENVIRONMENT
        )
        check_reach_after(v, function, links)
        if v.count > before:
            break  # the same problems again for the next function would say nothing new
    v.raise_if_any()
    for function in unique:
        link_function(function, links)


def _check_not_synthesized(v: Validator) -> None:
    """CDK keeps an app's first synthesis: a link made after it would grant nothing and set
    no variable in any template (``cdk synth``'s, a snapshot's) while seeming to work."""
    from constructs_lib._synthesis import scope_synthesized, synthesis_of

    if scope_synthesized(v.scope):
        by, when = synthesis_of(v.scope)
        v.add(
            "link",
            f"is called on a construct of an app synthesized already ({by}); CDK keeps that "
            "first synthesis, so the link would be in no template",
            "call link(...) before anything synthesizes the app, right after creating "
            f"both constructs ({when})",
        )


def _check_targets(v: Validator, links: Sequence[object]) -> None:
    """``link()`` without a target, or with a list of them (``link([a, b])``): raises with
    the problems already in ``v``."""
    before = v.count
    for index, item in enumerate(links):
        if isinstance(item, list | tuple):
            v.add(
                f"links[{index}]",
                f"is {a_type(item)}; link() takes the targets themselves",
                "unpack it: construct.link(*targets)",
            )
    if not links:
        v.add(
            "links",
            "are missing: link() was called without a target, which links nothing",
            "pass what the functions use: construct.link(table, bucket)",
        )
    if v.count > before:
        v.raise_if_any()
