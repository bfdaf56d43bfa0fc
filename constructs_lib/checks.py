"""cdk-nag for users' apps: one call turns on the packs the library is proven against, and
acknowledgements that both cdk-nag majors read.

``pip install "constructs-lib[nag]"`` brings cdk-nag; the library itself never imports it.
"""

from __future__ import annotations

from importlib import import_module, metadata
from typing import Any

import aws_cdk as cdk
import jsii
from constructs import Construct, IConstruct, IValidation

from constructs_lib import _nag_rules, _nag_writer
from constructs_lib._acknowledged import earlier_reason, reason_problem, remember_reason
from constructs_lib._arguments import checked_arguments
from constructs_lib._identity_map import IdentitySet
from constructs_lib._jsii import is_unresolved, shown
from constructs_lib._loaded import loaded_module
from constructs_lib._nag_finding_refs import check_references_at_synth
from constructs_lib._nag_rule_problems import rule_id_problem
from constructs_lib._nag_scoped import scoped_packs
from constructs_lib._reason_length import short_reason
from constructs_lib._synthesis import (
    SYNTHESIZED_BY,
    scope_synthesized,
    synthesis_of,
    synthesized,
)
from constructs_lib._validation import at_synth, problem
from constructs_lib.errors import ConstructError, ConstructsLibError, Problem

__all__ = ["acknowledge", "cdk_nag_major", "enable_checks"]

MIN_REASON_LENGTH = _nag_rules.MIN_REASON_LENGTH

# The apps (and stages) whose checks are on: a second call adds no second set of packs,
# which would report every finding twice, and a stage's packs stand down for an outer one's.
_CHECKED = IdentitySet()


def cdk_nag_major() -> int:
    """The major version of the installed cdk-nag (2 or 3); a ConstructsLibError naming the
    extra to install when there is none."""
    try:
        version = metadata.version("cdk-nag")
    except metadata.PackageNotFoundError:
        raise ConstructsLibError(
            "enable_checks needs cdk-nag: pip install 'constructs-lib[nag]' (or cdk-nag 2.x / 3.x)"
        ) from None
    return int(version.split(".", 1)[0])


@checked_arguments
def enable_checks(app: cdk.App | cdk.Stage) -> None:
    """Runs cdk-nag's AwsSolutions and Serverless packs over every stack of ``app`` (an
    App, or a Stage for its stacks only); each stack is checked once, whatever the order
    of the calls (the same app again, a stage and the app, sibling stages).

    cdk-nag 3: policy-validation plugins (``Validations.of(app).add_plugins``), so synth
    fails on any unacknowledged finding. cdk-nag 2: Aspects (``Aspects.of(app).add``), which
    report findings as error annotations (``cdk synth`` fails on them); Aspects stop at a
    Stage, so each stage of the app gets its own (call it after creating them: a stage
    created later fails the synth). The library's own acknowledgements are read by both.
    Call it before anything synthesizes the app (a ConstructError after).
    """
    if not isinstance(app, cdk.Stage):  # an App is a Stage
        what = f"the construct {app.node.path!r}" if isinstance(app, Construct) else shown(app)
        raise ConstructError(
            [
                Problem(
                    "enable_checks",
                    "app",
                    f"is {what}, not a CDK app (cdk-nag 3's plugins check a whole app or "
                    "stage, never one stack)",
                    "pass the cdk.App (or a cdk.Stage, to check only its stacks)",
                )
            ]
        )
    # its own checks, or an outer stage's; cdk-nag 2's (Aspects) do not reach into a stage
    outer = any(scope in _CHECKED for scope in app.node.scopes[:-1])
    if app in _CHECKED or (outer and cdk_nag_major() >= 3):
        return
    if part := synthesized(app):
        raise ConstructError([_synthesized_already(app, part)])
    major = cdk_nag_major()
    # the optional extra: imported only here, only when asked for, either major's API
    cdk_nag: Any = import_module("cdk_nag")
    packs = (cdk_nag.AwsSolutionsChecks, cdk_nag.ServerlessChecks)
    if major >= 3:
        # each pack checks this stage's stacks only, and none under checks of an outer
        # stage: enabled on a stage and on the app, in either order, a finding is reported once
        cdk.Validations.of(app).add_plugins(*scoped_packs(app, packs, _CHECKED))
        _CHECKED.add(app)
        return
    # cdk-nag 2: Aspects stop at a Stage (aws-cdk-lib), so each stage below gets its own,
    # and one created afterwards fails the synth instead of going unchecked
    for stage in (app, *(c for c in app.node.find_all() if isinstance(c, cdk.Stage))):
        if stage not in _CHECKED:
            for pack in packs:
                # read-only: after every Aspect that changes the tree (a team's, on a stack,
                # at the default priority), so the packs check the template as deployed
                cdk.Aspects.of(stage).add(pack(), priority=cdk.AspectPriority.READONLY)
            _CHECKED.add(stage)
    app.node.add_validation(_StagesChecked(app))


@jsii.implements(IValidation)
class _StagesChecked:
    """Fails the synth of an app whose cdk-nag 2 checks miss a stage created after
    ``enable_checks``: its stacks would be deployed unchecked, in silence."""

    def __init__(self, app: cdk.Stage) -> None:
        self._app = app

    def validate(self) -> list[str]:
        return self._problems()

    def _problems(self) -> list[str]:
        late = [
            c.node.path
            for c in self._app.node.find_all()
            if isinstance(c, cdk.Stage) and c not in _CHECKED
        ]
        return [
            f"enable_checks: the stage {path!r} was created after enable_checks(...), and "
            "cdk-nag 2's Aspects stop at a stage: its stacks are not checked. Fix: call "
            "enable_checks after creating the stages (or enable_checks(stage) for it)"
            for path in late
        ]


def _synthesized_already(app: cdk.Stage, part: str) -> Problem:
    """The problem of ``enable_checks`` called once CDK has synthesized part of ``app``: a
    stage inside a stack, or beside a pipeline, is CDK Pipelines' (``pipeline.add_stage``
    synthesizes it)."""
    why = (
        f"was synthesized already ({part}: {SYNTHESIZED_BY}); CDK keeps that first "
        "synthesis, so cdk-nag would never run and app.synth() would pass whatever it finds"
    )
    fix = (
        "call enable_checks(app) right after creating the app, before anything synthesizes "
        "it (or build a new app for the cdk-nag test)"
    )
    pipelines = loaded_module("pipelines")  # (imported by the app if it has one)
    beside = pipelines is not None and any(
        isinstance(c, pipelines.PipelineBase) for c in app.node.root.node.find_all()
    )
    added = next(
        (
            stage
            for stage in (app, *app.node.find_all())
            if isinstance(stage, cdk.Stage)
            and (_in_a_stack(stage) or (beside and len(stage.node.scopes) > 1))
            and synthesized(stage)
        ),
        None,
    )
    if added is not None:
        where = (
            "is in a stack, as CDK Pipelines' stages are"
            if _in_a_stack(added)
            else "is in an app with a CDK Pipelines pipeline"
        )
        why = (
            f"was synthesized already ({part}: its stage {added.node.path!r} {where}, "
            "and pipeline.add_stage(stage) "
            "synthesizes the stage when called); CDK keeps that first synthesis, so cdk-nag "
            "would never check the stage's stacks"
        )
        fix = (
            "call enable_checks(app) right after creating the app, before the pipeline's "
            "add_stage calls: cdk-nag then checks each stage as add_stage synthesizes it "
            "(and the pipeline's stack at app.synth())"
        )
    return Problem("enable_checks", "app", why, fix)


def _in_a_stack(stage: cdk.Stage) -> bool:
    return any(isinstance(scope, cdk.Stack) for scope in stage.node.scopes)


@checked_arguments
def acknowledge(scope: IConstruct, rule_id: str, reason: str) -> None:
    """Acknowledges one cdk-nag finding on ``scope`` and everything below it, readable by
    cdk-nag 3 (``Validations.of(scope).acknowledge``) and cdk-nag 2 (``cdk_nag`` metadata,
    as ``NagSuppressions`` writes it).

    :param rule_id: the rule, with the finding for granular rules (IAM4, IAM5; without
        it, a ConstructError: cdk-nag 3 would acknowledge nothing):
        ``"AwsSolutions-IAM5[Resource::<BucketArn>/reports/*]"``; the form cdk-nag 3
        prints (``"AwsSolutions::AwsSolutions-S1"``) works for both majors too.
    :param reason: why the finding is acceptable here (10 characters at least). One per
        finding and scope: the same call again records nothing more, another reason for
        a finding acknowledged on ``scope`` already is a ConstructError.
    """
    if not isinstance(scope, Construct):
        raise ConstructError(
            [
                Problem(
                    "acknowledge",
                    "scope",
                    f"is {shown(scope)}, not a construct",
                    "pass the construct (or stack) whose finding is acknowledged",
                )
            ]
        )
    path = scope.node.path or "(app)"
    problems = []
    earlier = None
    if rule := rule_id_problem(scope, rule_id):
        problems.append(rule)
    elif (earlier := earlier_reason(scope, rule_id)) not in (None, reason):
        problems.append(reason_problem(path, rule_id, str(reason), str(earlier)))
    message = (
        at_synth(reason, _nag_rules.REASON_AT_SYNTH)
        if is_unresolved(reason)
        else short_reason(reason, "the finding is acceptable")
    )
    if message:
        fix = "write the reason a security reviewer would accept"
        problems.append(problem(scope, "reason", message, fix))
    if not problems and scope_synthesized(scope):
        by, when = synthesis_of(scope)
        problems.append(
            Problem(
                path,
                "scope",
                f"is in an app synthesized already ({by}); CDK keeps that first synthesis, "
                "so cdk-nag would never read this acknowledgement",
                "acknowledge before anything synthesizes the app, e.g. where the resource "
                f"is created ({when})",
            )
        )
    if problems:
        raise ConstructError(problems)
    if earlier is not None:
        return  # the same acknowledgement again (a helper run twice): recorded once
    check_references_at_synth(scope, rule_id)  # the logical IDs exist once the app is built
    # yours only: an acknowledgement of the library's in another pack is the library's call
    _nag_writer.acknowledge(scope, (rule_id, reason))
    remember_reason(scope, rule_id, reason)
