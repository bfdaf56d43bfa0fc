"""The fix for an environment variable whose value is not a string: what the user meant.

A SAM or CloudFormation user writes the template's shapes: ``Environment: Variables:``
nested one level too deep, a ``Ref`` / ``Fn::GetAtt`` as a dict. Spelling such a dict as
a string (Python's ``str()``) would be a wrong fix: the function would read its text.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["string_value_fix"]


def string_value_fix(name: str, value: object) -> str:
    """The ``Fix:`` for ``environment={name: value}`` where ``value`` is no string."""
    if value is None:
        return f"leave {name} out (a variable is never unset), or pass a string"
    if isinstance(value, Mapping):
        if name == "Variables":
            return (
                f"pass the variables themselves, environment={dict(value)!r}: SAM's and "
                "CloudFormation's `Environment: Variables:` level is not written here"
            )
        if len(value) == 1 and str(next(iter(value))).startswith(("Ref", "Fn::")):
            return (
                "pass the resource's attribute (e.g. table.table_name), or link the "
                "resource (Handler(links=[...]): its name and access in one), instead of "
                "a CloudFormation intrinsic"
            )
    if isinstance(value, (Mapping, list, tuple)):
        return f"pass {name}=json.dumps({value!r}), a JSON string the handler json.loads"
    return f"pass {name}={str(value)!r}"
