"""The acknowledgements a user's ``acknowledge(scope, rule_id, reason)`` made, by scope and
finding: one reason each. A second call for the same finding with another reason was
recorded too (cdk-nag 3's metadata and cdk-nag 2's suppressions kept both), so a reviewer
read two reasons for one finding and could not tell which one stood; the same call again
(a helper run twice) records nothing more."""

from __future__ import annotations

from constructs import IConstruct

from constructs_lib._jsii import jsii_ref
from constructs_lib._nag_writer import nag2_suppression
from constructs_lib.errors import Problem

__all__ = ["earlier_reason", "reason_problem", "remember_reason"]

#: The reason of each finding acknowledged, by the scope's kernel reference (a resource
#: behind an L2 comes back as a new proxy each time; a reference is never reused), the
#: rule as cdk-nag 2 names it (``AwsSolutions-S1`` for ``AwsSolutions::AwsSolutions-S1``)
#: and its finding (``Resource::*`` of ``AwsSolutions-IAM5[Resource::*]``).
_REASONS: dict[tuple[object, str, tuple[str, ...]], str] = {}


def _key(scope: IConstruct, rule_id: str) -> tuple[object, str, tuple[str, ...]]:
    entry = nag2_suppression(rule_id, "")
    return jsii_ref(scope), entry["id"], tuple(entry.get("applies_to", ()))


def earlier_reason(scope: IConstruct, rule_id: str) -> str | None:
    """The reason ``rule_id`` was acknowledged with on ``scope`` before, if it was."""
    return _REASONS.get(_key(scope, rule_id))


def remember_reason(scope: IConstruct, rule_id: str, reason: str) -> None:
    _REASONS[_key(scope, rule_id)] = reason


def reason_problem(path: str, rule_id: str, reason: str, earlier: str) -> Problem:
    """The problem of a second acknowledgement of ``rule_id`` at ``path`` with another
    reason than the ``earlier`` one."""
    return Problem(
        path,
        "reason",
        f"is {reason!r}, but {rule_id!r} is acknowledged on {path} already, with the reason "
        f"{earlier!r}: cdk-nag would record both, and a reviewer could not tell which one "
        "stands",
        "keep one acknowledgement of the finding: write what both reasons say in the first "
        "acknowledge(...) call and remove this one",
    )
