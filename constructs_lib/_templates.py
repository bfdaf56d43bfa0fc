"""The template a ``constructs_lib.testing`` helper was given: a stack's (each nested
stack's embedded in its ``AWS::CloudFormation::Stack`` resource), or a template dict,
checked to be one; anything else, or a stack of an app synthesized before it was
complete, is a ConstructError naming the helper, its parameter and the fix."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from aws_cdk import CfnResource, NestedStack, Stack, Stage
from aws_cdk.assertions import Template

from constructs_lib._jsii import described
from constructs_lib.errors import ConstructError, Problem

__all__ = ["DEPLOYED", "NESTED_TEMPLATE", "template_of"]

#: Where a nested stack's template is embedded in its AWS::CloudFormation::Stack resource.
NESTED_TEMPLATE = "NestedTemplate"


def template_of(value: object, function: str, param: str) -> Mapping[str, Any]:
    """A stack's template (nested stacks' embedded), or ``value`` itself when it is a
    template dict."""
    if isinstance(value, Stack):
        try:
            return _stack_template(value)
        except RuntimeError as error:  # the kernel's trace names neither call nor fix
            added = _ADDED_AFTER_SYNTH.search(str(error))
            if added is None:
                raise
            raise ConstructError([_added_after_synth(value, function, param, added[1])]) from None
    if isinstance(value, Mapping) and _is_template(value):
        return value
    if param == "snapshot":  # a template only (see assert_stateful_resources_unchanged)
        what, fix = "not a template dict", "pass the deployed template: " + DEPLOYED
    else:
        what = "neither a Stack nor a template dict"
        fix = "pass the stack, or its template as a dict (Template.from_stack(s).to_json())"
    if isinstance(value, Stage):  # a stage holds stacks, each with its own template
        fix = "pass each stack of the stage: one snapshot per stack, e.g. stage.node.children"
    raise ConstructError([Problem(function, param, f"is {_short(value)}, {what}", fix)])


# What the guard's `snapshot` is, as its fixes say.
DEPLOYED = "the committed snapshot's JSON file (a Path), or template_snapshot(old_stack)"
# aws-cdk-lib synthesizes an app once: what was added to its tree after that is listed
_ADDED_AFTER_SYNTH = re.compile(r"ConstructTreeModifiedAfterSynth:.*?\(([^)]*)\)")


def _added_after_synth(stack: Stack, function: str, param: str, added: str) -> Problem:
    return Problem(
        function,
        param,
        f"is the stack {stack.node.path!r}, of an app that was synthesized (by an earlier "
        f"snapshot or Template.from_stack) before constructs were added to it ({added}): "
        "aws-cdk-lib synthesizes an app once",
        "build every stack of the app before its first snapshot, or give each test its "
        "own App (a fixture that builds the app and its stacks)",
    )


# A CloudFormation template's sections: a dict with other keys (a syrupy file keyed by
# test name, a stack's manifest) is no template, and would guard nothing. ({} is the
# template of a stack without resources or parameters.)
_TEMPLATE_SECTIONS = frozenset(
    {
        "AWSTemplateFormatVersion",
        "Conditions",
        "Description",
        "Hooks",
        "Mappings",
        "Metadata",
        "Outputs",
        "Parameters",
        "Resources",
        "Rules",
        "Transform",
    }
)


def _is_template(value: object) -> bool:
    if not isinstance(value, Mapping) or not set(value) <= _TEMPLATE_SECTIONS:
        return False
    resources = value.get("Resources", {})
    return isinstance(resources, Mapping) and all(
        isinstance(resource, Mapping)
        and (NESTED_TEMPLATE not in resource or _is_template(resource[NESTED_TEMPLATE]))
        for resource in resources.values()
    )


def _short(value: object) -> str:
    text = described(value)
    return text if len(text) <= 120 else f"{text[:117]}..."


def _stack_template(stack: Stack) -> dict[str, Any]:
    template = dict(Template.from_stack(stack).to_json())
    resources = dict(template.get("Resources", {}))
    for child in stack.node.find_all():
        if isinstance(child, NestedStack) and child.nested_stack_parent is stack:
            resource = cast(CfnResource, child.nested_stack_resource)  # set for a nested stack
            logical_id = stack.resolve(resource.logical_id)
            resources[logical_id] = {
                **resources[logical_id],
                NESTED_TEMPLATE: _stack_template(child),
            }
    if resources:
        template["Resources"] = resources
    return template
