"""The variables a construct or a link sets in a function's environment, checked again at
synth (``_synth_checks``). A Handler's ``environment`` may not name them when the function
is built, but ``function.add_environment(name, ...)`` afterwards (or an Aspect, or a
property set on the CfnFunction) replaced the library's value in silence: the code then
read another queue's URL or table's name than the one its role was granted, and failed
or wrote elsewhere."""

from __future__ import annotations

import json
from collections.abc import Mapping

from aws_cdk import aws_lambda as lambda_

from constructs_lib._facts import resource_of, stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import jsii_ref
from constructs_lib._synth_checks import at_synth, template_properties
from constructs_lib._synth_phase import expect, resolved_once

__all__ = ["keep_variables"]

#: Each function's variables set by the library: name -> (value, what set it).
_KEPT: IdentityMap[dict[str, tuple[object, str]]] = IdentityMap()


def keep_variables(
    function: lambda_.Function, variables: Mapping[str, object], setter: str
) -> None:
    """Checks at synth that ``function``'s ``variables`` still hold their values, which
    ``setter`` (``"the QueueWorker"``, ``"the link to the table Api/Table"``) set."""
    if variables:
        kept = _KEPT.remembered(function, lambda: _checked(function))
        kept.update((name, (value, setter)) for name, value in variables.items())


def _checked(function: lambda_.Function) -> dict[str, tuple[object, str]]:
    kept: dict[str, tuple[object, str]] = {}
    resource = resource_of(function)
    if isinstance(resource, lambda_.CfnFunction):
        # resolved with the stack's other reads at synth: one round trip for them all
        expect(stack_of(resource), _values_key(resource), lambda: _values(kept))
        at_synth(function, lambda: _problems(resource, kept))
    return kept


def _values_key(function: lambda_.CfnFunction) -> tuple[str, object]:
    return ("kept variables", jsii_ref(function))


def _values(kept: dict[str, tuple[object, str]]) -> dict[str, object]:
    return {name: value for name, (value, _) in kept.items()}


def _problems(function: lambda_.CfnFunction, kept: dict[str, tuple[object, str]]) -> list[str]:
    environment = template_properties(function).get("environment")
    variables = environment.get("variables") if isinstance(environment, dict) else None
    variables = variables if isinstance(variables, dict) else {}
    # the library's values resolved in one round trip to the kernel, not one per variable
    # (by name: a resolved list drops a value that resolves to nothing, a dict its key)
    resolved = resolved_once(stack_of(function), _values_key(function), lambda: _values(kept))
    values = resolved if isinstance(resolved, dict) else {}
    problems = []
    for name, (_, setter) in kept.items():
        expected = values.get(name)
        actual = variables.get(name, _GONE)
        if actual == expected:
            continue
        now = "is gone" if actual is _GONE else f"is {_shown(actual)}"
        problems.append(
            f"`{name}` {now} in the template (the function {function.node.path}), not the "
            f"value {setter} set ({_shown(expected)}): the function's code would read another "
            "resource than the one its role is granted. Something changed it after the "
            "library set it (function.add_environment, an Aspect, or an escape hatch on the "
            "CfnFunction). Fix: "
            f"give your variable another name than {name}, which the library sets, or leave "
            "the function out of what changed it"
        )
    return problems


_GONE = object()


def _shown(value: object) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value, sort_keys=True)
