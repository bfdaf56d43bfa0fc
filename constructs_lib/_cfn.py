"""Template-level fixes for what the L2 constructs render redundantly."""

from __future__ import annotations

import jsii
from aws_cdk import CfnResource, Stack
from constructs import IConstruct, IValidation

from constructs_lib._jsii import same_jsii_object


def drop_redundant_dependency(resource: CfnResource, dependency: IConstruct | None) -> None:
    """Removes ``dependency`` from ``resource``'s DependsOn, keeping every other one.

    Lambda functions depend on their role construct, which renders as DependsOn both the
    role's policy (needed: the function must not run before its grants exist) and the
    role itself (redundant: the Role GetAtt already orders them; cfn-lint W3005).
    """
    if dependency is not None:
        resource.node.add_validation(_DependsOnExcept(resource, dependency))


@jsii.implements(IValidation)
class _DependsOnExcept:
    """Sets ``resource``'s DependsOn, once per synth, to its dependencies but ``excluded``.

    CDK validates the tree after it has turned construct dependencies into resource ones
    and before it renders any template, so every dependency added after the construct
    (a user's grant creating the role's DefaultPolicy, a VPC's subnets) is seen. The
    override is a plain list of logical IDs: rendering it needs no call back into Python.
    (``synth(skip_validation=True)`` skips it: DependsOn then also names the role.)
    """

    def __init__(self, resource: CfnResource, excluded: IConstruct) -> None:
        self._resource = resource
        self._stack = Stack.of(resource)
        self._excluded = excluded

    def validate(self) -> list[str]:
        self._resource.add_override(
            "DependsOn",
            sorted(
                self._stack.get_logical_id(dependency)
                for dependency in self._resource.obtain_dependencies()
                if isinstance(dependency, CfnResource)
                and not same_jsii_object(dependency, self._excluded)
            ),
        )
        return []
