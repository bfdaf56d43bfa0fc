"""Whether CDK has synthesized an app (or a stack) already, and the problem of changing it
afterwards.

CDK keeps an app's synthesis: a link, an endpoint, an alarm topic or a dashboard row added
to a synthesized stack is in no template (``cdk synth``'s, a snapshot's), and the next
synthesis fails with a jsii trace (``ConstructTreeModifiedAfterSynth``) that names neither
the call nor the fix."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import aws_cdk as cdk
from constructs import Construct, IConstruct

from constructs_lib._facts import node_of, path_of, stack_of
from constructs_lib._synth_phase import root_synthesized_of, synthesized_in_root
from constructs_lib.errors import ConstructError, Problem

__all__ = [
    "SYNTHESIZED_BY",
    "building",
    "check_monitoring_not_synthesized",
    "check_not_synthesized",
    "scope_synthesized",
    "stack_synthesized",
    "synthesis_of",
    "synthesized",
]

#: What synthesizes an app in a user's code, named in every problem below.
SYNTHESIZED_BY = "by app.synth(), template_snapshot(...) or Template.from_stack(...)"
#: ... and a stage of its own (CDK Pipelines' stages: add_stage synthesizes the stage).
_STAGE_SYNTHESIZED_BY = (
    "by pipeline.add_stage(stage), which synthesizes the stage it is given, or by "
    "stage.synth(), app.synth(), template_snapshot(...) or Template.from_stack(...)"
)


def synthesis_of(scope: IConstruct) -> tuple[str, str]:
    """What synthesizes ``scope``'s stack in a user's code, and when to call instead, as
    messages name them: in a stage below the app, CDK Pipelines' ``add_stage`` (a pipeline's
    app calls no ``app.synth()`` before it)."""
    stage = cdk.Stage.of(scope)
    if stage is None or stage.node.scope is None:  # the app itself
        return SYNTHESIZED_BY, "a test synthesizes once its app is complete"
    return _STAGE_SYNTHESIZED_BY, "in a stage's constructor, before pipeline.add_stage(stage)"


def synthesized(stage: cdk.Stage) -> str | None:
    """What of ``stage`` CDK has synthesized already (the app, or a stack of it), else None.
    CDK has no public flag for it. Where a construct of the library watched the synth root
    (``_synth_phase.watch_validations``), the cloud assembly CDK wrote after validating it
    says (a synthesis that failed is none: CDK kept nothing); else what synthesis leaves
    behind: an App's ``Tree`` (its tree metadata, made before validation) and each stack's
    ``BootstrapVersion`` parameter (the default synthesizer's only, after validation)."""
    if _app_synthesized(stage):
        return "the app"
    for child in stage.node.find_all():
        if isinstance(child, cdk.Stack) and _stack_synthesized(child):
            return f"its stack {child.node.path!r}"
    return None


def _app_synthesized(app: IConstruct) -> bool:
    if not isinstance(app, cdk.App):
        return False
    watched = root_synthesized_of(app)
    if watched is not None:
        return watched
    tree = app.node.try_find_child("Tree")
    return tree is not None and not isinstance(tree, cdk.Stage | cdk.Stack)


def _stack_synthesized(stack: cdk.Stack) -> bool:
    """A completed synthesis of its synth root that had it, where a construct of the library
    watched the root (every synthesizer; no kernel call before a synthesis); else the
    default synthesizer's ``BootstrapVersion`` parameter, added once validation passed (one
    kernel call), also when a policy validation plugin then failed the synthesis."""
    known = synthesized_in_root(stack)
    if known is not None:
        return known
    return isinstance(node_of(stack).try_find_child("BootstrapVersion"), cdk.CfnParameter)


def stack_synthesized(scope: IConstruct) -> bool:
    """Whether ``scope``'s stack was synthesized already (one kernel call or two)."""
    return _stack_synthesized(cdk.Stack.of(scope))


def scope_synthesized(scope: Construct) -> bool:
    """Whether the app or stack ``scope`` is in was synthesized already (see
    :func:`synthesized`; a few kernel calls, not a walk of the app)."""
    if isinstance(scope, cdk.Stage):
        return synthesized(scope) is not None
    if _app_synthesized(scope.node.root):
        return True
    try:
        stack = cdk.Stack.of(scope)
    except RuntimeError:  # jsii: no stack above it
        return False
    return _stack_synthesized(stack)


def check_not_synthesized(
    scope: Construct, prop: str, what: str, fix: str, *, path: str | None = None
) -> None:
    """Raises a ConstructError naming ``prop`` when ``scope``'s stack was synthesized
    already: ``what`` is what the call would add to it, which no template would have;
    ``fix`` is the call to make earlier ("set the topic"); ``path``: where the problem is
    (default: ``scope``'s). Only ``scope``'s own stack is looked at: a stack built after
    its app synthesized (CDK allows it after a forced synthesis, as
    ``Annotations.from_stack`` makes) is not refused. One kernel call when the stack's node
    was asked before (``_facts``)."""
    stack = stack_of(scope)
    if _stack_synthesized(stack):
        by, when = synthesis_of(stack)
        raise ConstructError(
            [
                Problem(
                    path_of(scope) if path is None else path,
                    prop,
                    f"comes after its stack {path_of(stack)!r} was synthesized ({by}); CDK "
                    f"keeps that synthesis, so {what} would be in no template (and the next "
                    "one fails with ConstructTreeModifiedAfterSynth)",
                    f"{fix} before anything synthesizes the stack ({when})",
                )
            ]
        )


#: The library's constructs being built whose first use of their stack's Monitoring creates
#: it (``register``): a stack synthesized already is the construct's problem, which
#: Monitoring's call (``Monitoring.of(scope)``, which the user never wrote) would hide.
_BUILDING: list[Construct] = []


@contextmanager
def building(construct: Construct) -> Iterator[None]:
    """While ``construct`` registers with its stack's Monitoring."""
    _BUILDING.append(construct)
    try:
        yield
    finally:
        _BUILDING.pop()


def check_monitoring_not_synthesized(stack: cdk.Stack, made_by: str, path: str) -> None:
    """:func:`check_not_synthesized` for the stack's Monitoring being created (at ``path``)
    by ``made_by`` (``Monitoring.of(scope)``), or by the library construct being built."""
    if _BUILDING:
        construct = _BUILDING[-1]
        kind = type(construct).__name__
        check_not_synthesized(
            stack,
            f"{kind}(...)",
            f"the {kind} (its resources, alarms and dashboard widgets)",
            f"build the {kind}",
            path=path_of(construct),
        )
        return
    check_not_synthesized(
        stack,
        made_by,
        "the stack's Monitoring (its alarm destination and dashboard, made on first use "
        "by Monitoring(stack), Monitoring.of(scope) or the library's first construct in "
        "the stack)",
        "create the stack's Monitoring and the library's constructs",
        path=path,
    )
