"""The fix for an environment variable whose value is not a string: what the user meant.

A SAM or CloudFormation user writes the template's shapes: ``Environment: Variables:``
nested one level too deep, a ``Ref`` / ``Fn::GetAtt`` as a dict. Spelling such a dict as
a string (Python's ``str()``) would be a wrong fix: the function would read its text.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from constructs import Construct

from constructs_lib._words import DEFAULT_REPR

__all__ = ["string_value_fix"]

#: What every fix ends with: the reason no other type will do.
_STRINGS_ONLY = "Lambda passes variables to the code as strings only"


def string_value_fix(name: str, value: object, *, deploy_time: bool = False) -> str:
    """The ``Fix:`` for ``environment={name: value}`` where ``value`` is no string: the
    string the user most likely means (``deploy_time``: a token, known at deploy time)."""
    if value is None:
        return f"leave {name} out (a variable is never unset), or pass a string: {_STRINGS_ONLY}"
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
        return (
            f"pass {name}=json.dumps({value!r}), a JSON string the handler json.loads: "
            f"{_STRINGS_ONLY}"
        )
    if isinstance(value, enum.Enum):  # its str() is 'Mode.FAST', its value what is meant
        return f"pass {name}={str(value.value)!r} (the member's value): {_STRINGS_ONLY}"
    if isinstance(value, bool):  # a shell's or JSON's spelling, not Python's str(True)
        return (
            f"give a string: {name}={str(value).lower()!r} (or {str(value)!r}, whatever your "
            f"code compares with): {_STRINGS_ONLY}"
        )
    if isinstance(value, int | float) and deploy_time:
        return (
            f"pass {name}=cdk.Token.as_string(<the number>), the deploy-time number as "
            f"text: {_STRINGS_ONLY}"
        )
    if isinstance(value, int | float):
        convert = type(value).__name__
        return (
            f"give a string: {name}={str(value)!r} (the code reads it with "
            f"{convert}(os.environ[{name!r}])): {_STRINGS_ONLY}"
        )
    if isinstance(value, Construct):  # its str() is its path, which no code can use
        return (
            f"pass the attribute your code reads (e.g. table.table_name, queue.queue_url) as "
            f"{name}, or link the resource (Handler(links=[Link.read(...)]): the variable and "
            f"the access in one): {_STRINGS_ONLY}"
        )
    if isinstance(value, bytes):
        return f"pass {name}={value.decode(errors='replace')!r}: {_STRINGS_ONLY}"
    # an object without a text of its own: Python's default repr, or a repr for debugging
    # (a dataclass's 'Config(a=1)', str() falling back to it), which no code would read
    if DEFAULT_REPR.search(text := str(value)) or type(value).__str__ is object.__str__:
        return f"pass the string your code reads as {name}: {_STRINGS_ONLY}"
    return f"pass {name}={text!r}: {_STRINGS_ONLY}"
