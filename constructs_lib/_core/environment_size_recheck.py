"""A function's environment against Lambda's 4 KB, checked again at synth on the template
(``sizes_recheck`` reads it): a value the Handler was given as a token that resolves at
synth (``Lazy.string(...)``, a text another construct fills in) passed the size rule when
the function was built (``environment_size``: a deploy-time value counts as an estimate,
and only warns), and a variable added afterwards (``function.add_environment``, an
Aspect) was never counted. Lambda refuses the function at deploy. The template's literal
text is counted; a value known only at deploy (a ``Ref``) is left to Lambda, as when built."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from constructs import IConstruct

from constructs_lib._core.environment_size import ENVIRONMENT_MAX_BYTES
from constructs_lib._synth_checks import changed_after

__all__ = ["environment_problems"]


def environment_problems(
    function: IConstruct, properties: Mapping[str, Any], token: bool
) -> list[str]:
    """The problem of ``function`` (its CfnFunction) whose template ``properties`` hold an
    environment over Lambda's limit (``token``: its Handler was given a value as a token)."""
    variables = (properties.get("environment") or {}).get("variables")
    if not isinstance(variables, Mapping):
        return []
    size = sum(
        len(str(name).encode()) + (len(value.encode()) if isinstance(value, str) else 0)
        for name, value in variables.items()
    )
    if size <= ENVIRONMENT_MAX_BYTES:
        return []
    how = (
        "The Handler's environment was given a token (a deploy-time value), which its checks "
        "count as an estimate when it is built; it resolved to this text only at synth"
        if token
        else changed_after("function", "CfnFunction")
    )
    where = function.node.path
    return [
        f"`environment` is at least {size} bytes in the template (the function {where}; names "
        f"plus values, the deploy-time values not counted): Lambda allows at most "
        f"{ENVIRONMENT_MAX_BYTES} and would refuse the function at deploy. {how}. Fix: move "
        "large values to SSM Parameter Store or Secrets Manager and pass their names"
    ]
