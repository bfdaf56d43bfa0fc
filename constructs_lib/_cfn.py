"""Template-level fixes for what the L2 constructs render redundantly."""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import CfnResource, IResolvable, IResolveContext, Stack, Token
from constructs import IConstruct


def drop_redundant_dependency(resource: CfnResource, dependency: IConstruct | None) -> None:
    """Removes ``dependency`` from ``resource``'s DependsOn, keeping every other one.

    Lambda functions depend on their role construct, which renders as DependsOn both the
    role's policy (needed: the function must not run before its grants exist) and the
    role itself (redundant: the Role GetAtt already orders them; cfn-lint W3005).
    """
    if dependency is not None:
        resource.add_override("DependsOn", _DependsOnExcept(resource, dependency))


@jsii.implements(IResolvable)
class _DependsOnExcept:
    """Resolved at synth, after CDK has turned construct dependencies into resource ones,
    so dependencies added later are kept."""

    def __init__(self, resource: CfnResource, excluded: Any) -> None:
        self._resource = resource
        self._excluded_path = excluded.node.path
        self.creation_stack: list[str] = []
        self.type_hint = None

    def resolve(self, context: IResolveContext) -> list[str]:
        stack = Stack.of(self._resource)
        return sorted(
            stack.resolve(stack.get_logical_id(dependency))
            for dependency in self._resource.obtain_dependencies()
            if isinstance(dependency, CfnResource) and dependency.node.path != self._excluded_path
        )

    def to_string(self) -> str:
        return Token.as_string(self)
