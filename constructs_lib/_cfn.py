"""Template-level fixes for what the L2 constructs render redundantly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from aws_cdk import CfnResource, Stack
from constructs import IConstruct

from constructs_lib._facts import stack_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import same_jsii_object
from constructs_lib._stack_validation import StackPart, add_to_stack


def drop_export_role_dependencies(*stacks: Stack) -> None:
    """Drops the role from the DependsOn of aws-cdk-lib's cross-region export writer and
    reader in ``stacks`` (their top-level stacks), once they exist: aws-cdk-lib makes them
    at synth, when a stack reads another region's values (the us-east-1 certificate of a
    site elsewhere, a global table's replica), the writer in the producing stack and the
    reader in the consuming one. Each handler depends on its role, which the role's GetAtt
    orders already: cfn-lint warned W3005 on both stacks, the producing one perhaps
    holding nothing of the library."""
    for stack in stacks:
        while stack.nested_stack_parent is not None:
            stack = stack.nested_stack_parent
        stack_validation(stack, _EXPORTS, _ExportRoleDependencies)


def drop_redundant_dependency(resource: CfnResource, dependency: IConstruct | None) -> None:
    """Removes ``dependency`` from ``resource``'s DependsOn, keeping every other one.

    Lambda functions depend on their role construct, which renders as DependsOn both the
    role's policy (needed: the function must not run before its grants exist) and the
    role itself (redundant: the Role GetAtt already orders them; cfn-lint W3005).
    """
    if dependency is None:
        return
    stack_validation(stack_of(resource), _OVERRIDES, _DependsOnOverrides).add(resource, dependency)


_Validation = TypeVar("_Validation", bound=StackPart)


def stack_validation(
    stack: Stack, registry: IdentityMap[_Validation], make: Callable[[Stack], _Validation]
) -> _Validation:
    """``stack``'s part of its validation in ``registry``, made and added to the stack's
    one validation (``_stack_validation``) on first use."""
    validation = registry.get(stack)
    if validation is None:
        validation = make(stack)
        registry.set(stack, validation)
        add_to_stack(stack, validation)
    return validation


class _DependsOnOverrides:
    """Sets each registered resource's DependsOn, once per synth, to its dependencies but
    the one excluded for it.

    CDK validates the tree after it has turned construct dependencies into resource ones
    and before it renders any template, so every dependency added after the construct
    (a user's grant creating the role's DefaultPolicy, a VPC's subnets) is seen. The
    override is a plain list of logical IDs: rendering it needs no call back into Python.
    A part of the stack's one validation, not a validation per resource: each is a call
    from the jsii kernel back into Python at synth. (``synth(skip_validation=True)`` skips
    it: DependsOn then also names the role.)
    """

    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        self._resources: list[tuple[CfnResource, IConstruct]] = []

    def add(self, resource: CfnResource, excluded: IConstruct) -> None:
        self._resources.append((resource, excluded))

    def validate(self) -> list[str]:
        _depend_on_all_but(self._stack, self._resources)
        return []


def _depend_on_all_but(stack: Stack, resources: list[tuple[CfnResource, IConstruct]]) -> None:
    """Sets each resource's DependsOn to its dependencies but the construct excluded for it,
    their logical IDs resolved together (one round trip to the jsii kernel, not one each)."""
    # Each dependency's own logical_id, not stack.get_logical_id: that is the id allocated
    # from its path, not one overridden (a function's current Version appends its hash), and
    # a DependsOn naming it names no resource (a construct depending on another's function)
    ids = [
        [
            dependency.logical_id
            for dependency in resource.obtain_dependencies()
            if isinstance(dependency, CfnResource) and not same_jsii_object(dependency, excluded)
        ]
        for resource, excluded in resources
    ]
    # by number in a dict: a resolved list drops what resolves to nothing, and would shift
    resolved = stack.resolve({str(n): names for n, names in enumerate(ids)}) if ids else {}
    for n, (resource, _) in enumerate(resources):
        names = resolved.get(str(n)) if isinstance(resolved, dict) else None
        resource.add_override("DependsOn", sorted(names or []))


#: Each stack's overrides (a stack created in Python is the same object whenever asked for;
#: by identity: a user's Stack class may define __eq__, IdentityMap says why).
_OVERRIDES: IdentityMap[_DependsOnOverrides] = IdentityMap()


#: aws-cdk-lib's ids of the stack-wide providers of its cross-region exports
#: (core/lib/custom-resource-provider; each has a "Handler" and a "Role").
_EXPORT_PROVIDERS = (
    "Custom::CrossRegionExportWriterCustomResourceProvider",
    "Custom::CrossRegionExportReaderCustomResourceProvider",
)


class _ExportRoleDependencies:
    """At synth, after aws-cdk-lib has made the stack's export writer or reader (if a
    reference needed one), gives each handler the DependsOn it has but its role."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack

    def validate(self) -> list[str]:
        for id in _EXPORT_PROVIDERS:
            provider = self._stack.node.try_find_child(id)
            handler = provider.node.try_find_child("Handler") if provider else None
            role = provider.node.try_find_child("Role") if provider else None
            if isinstance(handler, CfnResource) and role is not None:
                _depend_on_all_but(self._stack, [(handler, role)])
        return []


#: Each stack's export fix, as _OVERRIDES.
_EXPORTS: IdentityMap[_ExportRoleDependencies] = IdentityMap()
