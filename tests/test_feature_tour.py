"""The features the demo app does not use (custom API domain, FunctionDefaults, an image
function, a link of every kind), together in one stack under cdk-nag 3: zero findings.
The same stack runs under cdk-nag 2 in tests/test_installed_wheel.py."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import enable_checks
from tests.support import CDK_CONTEXT, ROOT


@pytest.mark.slow
def test_every_feature_together_synthesizes_with_no_cdk_nag_3_finding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "scripts"))
    build_feature_tour = importlib.import_module("feature_tour").build_feature_tour
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    enable_checks(app)
    stack = build_feature_tour(app)
    assembly = app.synth()  # cdk-nag 3 fails synth on any finding
    template = assembly.get_stack_by_name(stack.stack_name).template
    types = {resource["Type"] for resource in template["Resources"].values()}
    assert {"AWS::ApiGatewayV2::DomainName", "AWS::Route53::RecordSet"} <= types


EU = cdk.Environment(region="eu-west-1")


class _Named:
    """A user's App or Stack that compares equal by a name of its own (a dataclass-like
    ``__eq__``, so Python sets ``__hash__`` to None: neither hashable nor weakly keyed)."""

    name = "tenant"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Named) and other.name == self.name


class _NamedApp(_Named, cdk.App):
    pass


class _NamedStack(_Named, cdk.Stack):
    pass


class _HashedStack(_Named, cdk.Stack):
    """Equal to, and hashed like, any other: a lookup by equality finds the other's entry."""

    def __hash__(self) -> int:
        return hash(self.name)


def _every_construct(stack: cdk.Stack) -> None:
    """Every public construct the tour leaves out: StaticSite, Network, BucketEvents, an
    ApiDomainMapping, Monitoring, and the library's own bucket and checks' acknowledgements."""
    from constructs_lib import ApiAuth, ApiDomain, ApiDomainMapping, Monitoring, ServerlessApi
    from tests.support import certificate, echo_handler, every_kind_of_resource, hosted_zone

    every_kind_of_resource(stack)
    v1 = ServerlessApi(
        stack,
        "V1",
        routes={"GET /items": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomain(
            name=f"{stack.node.id.lower()}.example.com",  # one host per API in an app
            certificate=certificate(stack, stack.region),
            hosted_zone=hosted_zone(stack),
            base_path="v1",
        ),
    )
    assert v1.domain_name is not None
    ServerlessApi(
        stack,
        "V2",
        routes={"GET /items": echo_handler()},
        auth=ApiAuth.iam(),
        domain=ApiDomainMapping(domain_name=v1.domain_name, base_path="v2"),
    )
    Monitoring(stack, dashboard=True)


def _shape(template: dict[str, Any], stack_name: str) -> dict[str, tuple[str, list[str]]]:
    """Each resource's type and DependsOn, by logical ID without what aws-cdk-lib derives
    from the stack (its name in an ID, the path's hash)."""

    def name(logical_id: str) -> str:
        return re.sub(r"(?:[0-9A-F]{8})+$", "", logical_id.replace(stack_name, ""))

    return {
        name(logical_id): (resource["Type"], sorted(map(name, resource.get("DependsOn", []))))
        for logical_id, resource in template["Resources"].items()
    }


@pytest.mark.slow
def test_a_users_app_and_stacks_that_define_eq_build_every_construct(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Proves (fix29): a user's App or Stack subclass defining __eq__ (so unhashable) met a
    # raw "TypeError: unhashable type" from the library's per-app and per-stack registries
    # GIVEN such an App, and in it such Stacks holding every public construct
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "scripts"))
    build_feature_tour = importlib.import_module("feature_tour").build_feature_tour
    app = _NamedApp(context=CDK_CONTEXT, outdir=str(tmp_path))
    enable_checks(app)
    build_feature_tour(app, _NamedStack)
    _every_construct(_NamedStack(app, "Every", env=EU))
    # AND an equal stack of another app, never synthesized (another test's, another stage's)
    earlier = _HashedStack(cdk.App(context=CDK_CONTEXT), "Earlier", env=EU)
    _every_construct(earlier)
    # AND two stacks that compare equal (and hash alike), each with the same constructs
    first = _HashedStack(app, "First", env=EU)
    second = _HashedStack(app, "Second", env=EU)
    assert first == second and hash(first) == hash(second)
    for stack in (first, second):
        _every_construct(stack)
    # WHEN the app is synthesized under cdk-nag 3 (any finding fails it)
    assembly = app.synth()
    # THEN each equal stack has its own resources and dependencies (the DependsOn each
    # stack's validation rewrites), none mixed up with the other's
    shapes = [
        _shape(assembly.get_stack_by_name(s.stack_name).template, s.stack_name)
        for s in (first, second)
    ]
    # AND each is what a plain cdk.Stack gets
    plain = cdk.Stack(cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path / "plain")), "Plain", env=EU)
    _every_construct(plain)
    expected = _shape(Template.from_stack(plain).to_json(), "Plain")
    assert shapes == [expected, expected]
    assert earlier.node.id == "Earlier"  # it lived through the synth
