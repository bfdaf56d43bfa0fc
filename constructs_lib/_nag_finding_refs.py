"""Whether an acknowledged finding names resources the app has, checked at synth.

cdk-nag's AwsSolutions-IAM5 finding names a resource of the policy as its template writes
it, a reference by logical ID (``Resource::<Bucket1234ABCD.Arn>/*``,
``Resource::arn:...:<PartnersHttpApi71D95B3C>/$default/GET/*``). An acknowledgement whose
id names a logical ID that no resource has (a misspelt hash, the construct renamed or
moved since) matches no finding: cdk-nag then reports the finding it was meant for as
unacknowledged, far from the acknowledgement. The logical IDs are known only once the app
is built, so the check runs when CDK validates the tree (one pass over the stacks' L1s).
A warning, not an error: an acknowledgement written once for resources some stages or
stacks do not create (a prod-only bucket) names nothing in those, and is harmless there;
where the finding does exist, cdk-nag fails the synth on it anyway, next to this warning.
"""

from __future__ import annotations

import difflib
import re

import jsii
from aws_cdk import Annotations, CfnElement, Stack
from constructs import IConstruct, IValidation

from constructs_lib._jsii import jsii_ref
from constructs_lib._synth_checks import at_synth
from constructs_lib._synth_phase import per_validation, watch_validations

__all__ = [
    "UNMATCHED_ACKNOWLEDGEMENT_WARNING",
    "check_references_at_synth",
    "referenced_logical_ids",
]

#: The warning's id (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
UNMATCHED_ACKNOWLEDGEMENT_WARNING = "constructs_lib:acknowledgementNamesNoResource"

# IAM5's resource finding, with or without cdk-nag 3's pack prefix
_RESOURCE_FINDING = re.compile(r"^(?:[^\[\]:]+::)?[^\[\]]+-IAM5\[Resource::(?P<resource>.+)\]\Z")
# a reference: <LogicalId> or <LogicalId.Attribute>; a pseudo parameter (<AWS::Region>)
# has colons and is no resource
_REFERENCE = re.compile(r"<(?P<id>[A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?>")


def referenced_logical_ids(rule_id: str) -> list[str]:
    """The logical IDs an IAM5 resource finding of ``rule_id`` references, in order, once."""
    match = _RESOURCE_FINDING.match(rule_id)
    if not match:
        return []
    return list(dict.fromkeys(m["id"] for m in _REFERENCE.finditer(match["resource"])))


def check_references_at_synth(scope: IConstruct, rule_id: str) -> None:
    """Warns at synth, on ``scope``, when ``rule_id`` (acknowledged there) references a
    logical ID that no element of ``scope``'s stack, or of a stack below ``scope``, has."""
    ids = referenced_logical_ids(rule_id)
    if not ids:
        return
    references = _References(scope, rule_id, ids)
    try:
        # a stack's logical IDs are read once per synth for all its acknowledgements
        watch_validations(scope)
    except RuntimeError:  # jsii: an app or a stage is in no stack, so has no at_synth
        scope.node.add_validation(references)
        return
    # in the stack's one validation (a round trip to add a validation, one to run it)
    at_synth(scope, references.validate, own=True)


@jsii.implements(IValidation)
class _References:
    def __init__(self, scope: IConstruct, rule_id: str, ids: list[str]) -> None:
        self._scope, self._rule_id, self._ids = scope, rule_id, ids

    def validate(self) -> list[str]:
        scope = self._scope
        for problem in _problems(scope, self._rule_id, self._ids):
            before = len(scope.node.metadata)
            # on the scope first: CDK leaves it out where the scope acknowledged it
            Annotations.of(scope).add_warning_v2(UNMATCHED_ACKNOWLEDGEMENT_WARNING, problem)
            shown_on = _stack_below(scope)
            if shown_on is not None and len(scope.node.metadata) > before:
                Annotations.of(shown_on).add_warning_v2(
                    UNMATCHED_ACKNOWLEDGEMENT_WARNING,
                    f"{problem} (acknowledged on {scope.node.path or '(app)'})",
                )
        return []  # a warning: the synth goes on


def _stack_below(scope: IConstruct) -> Stack | None:
    """The first stack of an app or stage ``scope``, where its warning is seen: CDK
    writes a construct's warnings into its stack's metadata only, so one on an app or a
    stage reaches no manifest and ``cdk synth`` never prints it. None in a stack."""
    if _own_stack(scope) is not None:
        return None
    return next((c for c in scope.node.find_all() if isinstance(c, Stack)), None)


def _problems(scope: IConstruct, rule_id: str, ids: list[str]) -> list[str]:
    known = _logical_ids(scope)
    missing = [logical_id for logical_id in ids if logical_id not in known]
    if not missing:
        return []
    nearest = [
        close[0]
        for logical_id in missing
        if (close := difflib.get_close_matches(logical_id, sorted(known), n=1, cutoff=0.6))
    ]
    hint = f" (the nearest: {', '.join(map(repr, nearest))})" if nearest else ""
    return [
        f"`rule_id` of acknowledge() is {rule_id!r}, whose finding references "
        f"{', '.join(map(repr, missing))}, a logical ID no resource of the stack has{hint}: "
        "cdk-nag reports no finding by that id, so the acknowledgement matches nothing and "
        "the finding it was meant for, if there is one, stays. Fix: spell the id as cdk-nag "
        "prints it after 'Acknowledge with' for the app as it deploys (with the stack's env "
        "or without), or remove an acknowledgement of a resource this stack does not have "
        f"(acknowledge '{UNMATCHED_ACKNOWLEDGEMENT_WARNING}' where one acknowledgement is "
        "written for stacks that create the resource and stacks that do not)"
    ]


def _logical_ids(scope: IConstruct) -> set[str]:
    """The logical IDs of the elements of ``scope``'s stack (its nested stacks' too), read
    once per validation for every acknowledgement in it (each walked the stack, three
    round trips per element), or of every stack below ``scope`` when it is no stack's (an
    app, a stage)."""
    stack = _own_stack(scope)
    if stack is None:
        return _elements_logical_ids(scope)
    key = ("acknowledged logical IDs", jsii_ref(stack))
    return per_validation(key, lambda: _elements_logical_ids(stack))


def _elements_logical_ids(base: IConstruct) -> set[str]:
    return {
        str(Stack.of(element).resolve(element.logical_id))
        for element in base.node.find_all()
        if isinstance(element, CfnElement)
    }


def _own_stack(scope: IConstruct) -> Stack | None:
    """The stack ``scope`` is in (``Stack.of``), None for an app or a stage."""
    in_stack = any(Stack.is_stack(outer) for outer in scope.node.scopes)
    return Stack.of(scope) if in_stack else None
