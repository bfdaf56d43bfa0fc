"""Deploy-time values in a job's payload: aws-cdk-lib writes the schedule's input as one
JSON text (an ``Fn::Join`` of strings) in which CloudFormation puts each value at deploy,
as a JSON string. A value that is an object (``Fn.get_att(...)``) must say it is a string
first; a list (a ``CommaDelimitedList`` parameter) is no string, and ``Fn::Join`` takes
strings only, so the deploy would fail."""

from __future__ import annotations

from constructs_lib._jsii import is_unresolved, shown
from constructs_lib._json_values import check_no_objects, check_none_in
from constructs_lib._validation import Validator

__all__ = ["check_payload_tokens"]

# aws-cdk-lib writes each deploy-time value of a schedule's input as a JSON string (a
# Token.as_number(...) too): the run receives "42", never 42
_OBJECT_FIX = (
    "pass cdk.Token.as_string(...) of it: Scheduler gets its value in the JSON at deploy, "
    "as a string (a number too: convert it in the job)"
)


def check_payload_tokens(v: Validator, payload: object) -> bool:
    """Adds a problem for each deploy-time object or list in ``payload``; whether none."""
    return check_no_objects(v, payload, "payload", _OBJECT_FIX) and check_none_in(
        v,
        payload,
        "payload",
        _is_list_token,
        lambda value: (
            f"is {shown(value)}: CloudFormation writes the payload as one "
            "text (Fn::Join of strings), which takes no list, so the deploy would fail"
        ),
        "pass it joined into a string, cdk.Fn.join(',', <the list>), and split it in the job",
    )


def _is_list_token(value: object) -> bool:
    return isinstance(value, list) and bool(value) and is_unresolved(value)
