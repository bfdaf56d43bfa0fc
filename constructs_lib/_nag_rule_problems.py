"""What is wrong with the rule id given to ``checks.acknowledge``: a synth warning's id (the
library's, misspelt or without its prefix), not a rule id at all, a rule cdk-nag does not
have, or a granular rule without its finding. Each would be passed on to cdk-nag and match
nothing, so the acknowledgement would silently do nothing."""

from __future__ import annotations

from constructs import Construct

from constructs_lib._jsii import given
from constructs_lib._nag_rule_ids import (
    bare_granular_rule,
    library_warning,
    misspelt_library_warning,
    unknown_rule,
    valid_rule_id,
    warning_id,
)
from constructs_lib._validation import problem
from constructs_lib.errors import Problem

__all__ = ["rule_id_problem"]


def rule_id_problem(scope: Construct, rule_id: str) -> Problem | None:
    """The problem of ``rule_id`` given to ``acknowledge`` on ``scope``, if it has one."""
    if warning_id(rule_id):
        # one of the library's, spelt in another case: CDK matches an acknowledgement's id
        # case and all, so the fix spells it as the warning does
        nearest = misspelt_library_warning(rule_id)
        spelt = library_warning(rule_id) or nearest or rule_id
        not_ours = (
            f" (the library has no warning {rule_id!r}; the nearest is {nearest!r})"
            if nearest
            else ""
        )
        return problem(
            scope,
            "rule_id",
            f"is {rule_id!r}, a synth warning's id, not a cdk-nag rule{not_ours}: "
            "acknowledge() passes it to cdk-nag, which would never read it, so the "
            "warning would stay",
            f"acknowledge the warning: cdk.Annotations.of(scope).acknowledge_warning("
            f"{spelt!r}, reason)",
        )
    if warning := library_warning(rule_id):
        return problem(
            scope,
            "rule_id",
            f"is {rule_id!r}, the library's synth warning {warning!r} without its "
            "prefix, not a cdk-nag rule: acknowledge() passes it to cdk-nag, which would "
            "never read it, so the warning would stay",
            f"acknowledge the warning by its full id: cdk.Annotations.of(scope)."
            f"acknowledge_warning({warning!r}, reason)",
        )
    if not valid_rule_id(rule_id):
        return problem(
            scope,
            "rule_id",
            f"is {given(rule_id)}; it must name one cdk-nag rule exactly as cdk-nag reports "
            "it (case-sensitive, no spaces; an acknowledgement that matches no rule id "
            "is silently ignored)",
            "pass e.g. 'AwsSolutions-S1' or 'AwsSolutions-IAM5[Resource::*]'",
        )
    if unknown := unknown_rule(rule_id):
        return problem(scope, "rule_id", f"is {rule_id!r}; {unknown[0]}", unknown[1])
    if finding := bare_granular_rule(rule_id):
        return problem(
            scope,
            "rule_id",
            f"is {rule_id!r}, a rule cdk-nag reports once per finding, without the "
            "finding: cdk-nag 3 matches an acknowledgement to each finding, so this one "
            "acknowledges nothing (and cdk-nag 2 would take it for every finding of the "
            "rule below the scope, present and future)",
            "acknowledge each finding as cdk-nag prints it after 'Acknowledge with', e.g. "
            f"acknowledge(scope, '{rule_id}[{finding}]', reason=...), one call each",
        )
    return None
