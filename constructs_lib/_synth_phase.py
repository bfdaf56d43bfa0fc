"""What the checks at synth (``_synth_checks``) read of the tree, read once per validation.

Each re-check resolves the properties of the L1s it is about: a QueueWorker's function is
read by its concurrency check and its environment check, its queue by the retention and
visibility checks, a route's function by the timeout and environment checks. Each read is
two round trips to the jsii kernel (``cfnProperties``, ``resolve``). Read once per
validation instead, and shared by every check of that validation.

The memo lives exactly one validation: CDK validates the tree of one synth root (the App,
or a Stage, each synthesized apart; a nested Stage is its own root) visiting the root
first, so a validation added to each root forgets every read before any check runs. A
second ``app.synth()`` or ``Template.from_stack`` after a user changed a property reads
it again; nothing changes the tree between two checks of one validation (every Aspect
ran before it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import jsii
from aws_cdk import CfnResource, Stack, Stage
from constructs import IConstruct, IValidation

from constructs_lib._facts import app_of, node_of, stack_of, stage_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import jsii_ref
from constructs_lib._synth_record import (
    root_synthesized,
    stack_artifact_synthesized,
    validation_starts,
    watch,
)

__all__ = [
    "expect",
    "expect_properties",
    "per_validation",
    "resolved_once",
    "resolved_properties",
    "root_synthesized_of",
    "synthesized_in_root",
    "template_properties",
    "watch_validations",
]

_T = TypeVar("_T")

#: What the validation under way read: the properties by the L1's jsii reference (an L1
#: made in JavaScript, behind an L2, comes back as a new proxy each time it is asked for),
#: and what :func:`per_validation` was given to remember.
_READ: dict[object, Any] = {}
#: The jsii references of the synth roots whose validation starts by forgetting ``_READ``.
_ROOTS: set[object] = set()


def watch_validations(scope: IConstruct) -> None:
    """Makes each validation of ``scope``'s synth root (where its checks run) start by
    forgetting what the previous one read, and records the root, so that its synthesis is
    known (``_synth_record``); once per root."""
    root = stage_of(stack_of(scope)) or app_of(scope)
    if jsii_ref(root) not in _ROOTS:
        _ROOTS.add(jsii_ref(root))
        if isinstance(root, Stage):
            watch(jsii_ref(root), root)
        node_of(root).add_validation(_ForgetReads(jsii_ref(root)))


def synthesized_in_root(stack: Stack) -> bool | None:
    """Whether CDK completed a synthesis of ``stack``'s synth root that had ``stack`` (a
    nested stack: its top-level stack); None when no construct of the library in the root
    watched it before a validation of it (not known in Python). A synthesis that failed (a
    check of the library's, a user's own, a policy plugin) is none: CDK kept nothing of
    it. A stack built after a (forced) synthesis of its root is not one it had."""
    root = stage_of(stack) or app_of(stack)
    synthesized = root_synthesized(jsii_ref(root))
    if not synthesized:
        return synthesized
    while (parent := stack.nested_stack_parent) is not None:
        stack = parent
    return stack_artifact_synthesized(jsii_ref(root), stack.artifact_id)


def root_synthesized_of(scope: IConstruct) -> bool | None:
    """Whether CDK completed a synthesis of ``scope``'s synth root (None: not watched)."""
    if not isinstance(scope, Stage):
        scope = stage_of(stack_of(scope)) or app_of(scope)
    return root_synthesized(jsii_ref(scope))


def template_properties(resource: CfnResource) -> dict[str, Any]:
    """``resource``'s properties resolved as its template has them (camelCase keys), read
    once per validation: the checks that share them must not change them."""
    properties = resolved_once(
        stack_of(resource), jsii_ref(resource), lambda: jsii.get(resource, "cfnProperties")
    )
    return properties if isinstance(properties, dict) else {}


#: What the checks of each stack will read at synth (:func:`expect`), by stack: by key, a
#: callable giving the value to resolve. The first read of one of them in a validation
#: resolves them all: one round trip to the jsii kernel per stack, not one per value.
_EXPECTED: IdentityMap[dict[object, Callable[[], object]]] = IdentityMap()


def expect(stack: Stack, key: object, value: Callable[[], object]) -> None:
    """Records that a check will read ``resolved_once(stack, key, value)`` at synth (every
    synth: a check that may not read it would make the others read it for nothing)."""
    _EXPECTED.remembered(stack, dict).setdefault(key, value)


def expect_properties(resource: CfnResource) -> None:
    """Records that a check reads :func:`template_properties` of ``resource`` at every synth."""
    expect(stack_of(resource), jsii_ref(resource), lambda: jsii.get(resource, "cfnProperties"))


def resolved_once(stack: Stack, key: object, value: Callable[[], object]) -> Any:
    """``stack.resolve(value())`` once per validation for ``key``; resolved with every value
    expected of ``stack`` (:func:`expect`) not read yet, when ``key`` is one of them."""

    def compute() -> Any:
        expected = _EXPECTED.get(stack)
        if expected is not None and key in expected:
            _resolve_expected(stack, expected)
            if key in _READ:
                return _READ[key]
        return stack.resolve(value())

    return per_validation(key, compute)


def _resolve_expected(stack: Stack, expected: dict[object, Callable[[], object]]) -> None:
    pending = [(key, value) for key, value in expected.items() if key not in _READ]
    # by number in a dict: a resolved list drops a value that resolves to nothing
    try:
        resolved = stack.resolve({str(n): value() for n, (_, value) in enumerate(pending)})
    except RuntimeError:  # one of them does not resolve: each alone, its check says which
        return
    if isinstance(resolved, dict):
        for n, (key, _) in enumerate(pending):
            _READ[key] = resolved.get(str(n))


def resolved_properties(resource: CfnResource) -> dict[str, Any]:
    """``resource``'s properties resolved now, not remembered: for a reader outside a
    validation (an Aspect, while other Aspects still change the tree)."""
    properties = stack_of(resource).resolve(jsii.get(resource, "cfnProperties"))
    return properties if isinstance(properties, dict) else {}


def per_validation(key: object, compute: Callable[[], _T]) -> _T:
    """``compute()``, once per validation for ``key`` (within a check run by
    ``_synth_checks.at_synth``, which watches the validations of the check's root)."""
    if key not in _READ:
        _READ[key] = compute()
    result: _T = _READ[key]
    return result


@jsii.implements(IValidation)
class _ForgetReads:
    """A synth root's validation, run before any of its constructs' (CDK visits the root
    first): the properties are read again in each synth, and the root's synthesis starts."""

    def __init__(self, root: object) -> None:
        self._root = root

    def validate(self) -> list[str]:
        _READ.clear()
        validation_starts(self._root)
        return []
