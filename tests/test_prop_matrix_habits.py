"""What an aws-cdk-lib user writes by habit where the library takes its own value (bad
inputs, round 43): CodeDeploy's config where a Deployment goes, something other than a
directory's path as a StaticSite's source, and Lambda's runtime identifier
(``"python3.13"``) where a Python version goes. Each is a ConstructError naming the prop
and the value the library takes, or, where it means one thing, the same function."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Deployment, FunctionDefaults, Handler, QueueWorker
from constructs_lib.serverless_api import ApiAuth, ServerlessApi
from constructs_lib.static_site import StaticSite
from tests.support import ECHO, SITE, new_stack

CANARY = codedeploy.LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES
_CONFIG = (
    "is an aws_codedeploy.ILambdaDeploymentConfig (CodeDeploy's config, which the library "
    "builds from a Deployment). Fix: pass Deployment.canary(...), Deployment.linear(...) or "
    "Deployment.all_at_once(), e.g. Deployment.canary(percent=10, minutes=5) for "
    "LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES"
)


def _worker(stack: cdk.Stack, **options: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=Handler(code=ECHO, **options))


def _defaults(stack: cdk.Stack, deployment: Any) -> QueueWorker:
    FunctionDefaults.of(stack).set(deployment=deployment)
    return QueueWorker(stack, "Worker", handler=Handler(code=ECHO))


def _api(stack: cdk.Stack, deployment: Any) -> ServerlessApi:
    routes = {"GET /a": Handler(code=ECHO)}
    return ServerlessApi(stack, "Worker", routes=routes, auth=ApiAuth.iam(), deployment=deployment)


# Proves (bad43): a LambdaDeploymentConfig (what LambdaDeploymentGroup takes) as a
# deployment was a RuntimeError from jsii ("DetachedConstructNodeAccess: Objects returned
# by 'deploymentConfig()' cannot be used in this API"), naming no prop, from the message
# that was to name the value
@pytest.mark.parametrize(
    ("build", "prop"),
    [
        (lambda s: _worker(s, deployment=CANARY), "Test/Worker: `handler.deployment`"),
        (lambda s: _defaults(s, CANARY), "Test: `FunctionDefaults.deployment`"),
        (lambda s: _api(s, CANARY), "Test/Worker: `deployment`"),
        (lambda s: _worker(s, deployment=Deployment(CANARY)), "`handler.deployment.kind`"),
    ],
    ids=["handler", "function defaults", "construct", "kind"],
)
def test_codedeploy_s_config_where_a_deployment_goes_is_named(build: Any, prop: str) -> None:
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    assert f"{prop} {_CONFIG}" in str(raised.value)


# Proves (docs43): the fix named TypeScript's spelling, CANARY_10PERCENT_5MINUTES, which
# Python's aws_codedeploy.LambdaDeploymentConfig has not: the name a user looks up is his
def test_the_fix_names_codedeploy_s_config_as_python_spells_it() -> None:
    with pytest.raises(ConstructError) as raised:
        _worker(new_stack(), deployment=CANARY)
    (named,) = re.findall(r"LambdaDeploymentConfig\.(\w+)", str(raised.value))
    assert getattr(codedeploy.LambdaDeploymentConfig, named) is not None


# Proves (bad43): a kind of no factory was named as the whole Deployment's repr
# ("`handler.deployment` is Deployment(kind='CANARY', percent=10, ...)")
def test_a_kind_of_no_factory_is_named_as_the_kind() -> None:
    with pytest.raises(ConstructError) as raised:
        _worker(new_stack(), deployment=Deployment("CANARY", percent=10, minutes=5))
    assert [(p.prop, p.message, p.fix) for p in raised.value.problems] == [
        (  # the kinds taken and the one meant (config50: "a str" read as if none were)
            "handler.deployment.kind",
            "is 'CANARY', not one of 'all_at_once', 'canary', 'linear'",
            "pass 'canary', DeploymentKind's value (lower case, no whitespace), or build it "
            "with Deployment.canary(...)",
        )
    ]


def test_a_kind_given_by_its_value_still_builds_the_deployment() -> None:
    stack = new_stack()
    _worker(stack, deployment=Deployment("canary", percent=10, minutes=5))
    Template.from_stack(stack).resource_count_is("AWS::CodeDeploy::DeploymentGroup", 1)


# Proves (bad43): the source was read as str(source), a directory nobody has: "`source` is
# 'an InterfaceDynamicProxy', which does not exist" for s3deploy.Source.asset(...), and
# "is \"b'/site'\", which does not exist" for a directory that does, as bytes
@pytest.mark.parametrize(
    ("source", "shown"),
    [
        (lambda: s3deploy.Source.asset(str(SITE)), "an aws_s3_deployment.ISource"),
        (lambda: str(SITE).encode(), f"{str(SITE).encode()!r}, a bytes object"),
        (lambda: [str(SITE)], f"{[str(SITE)]!r}, a list"),
    ],
    ids=["s3deploy source", "bytes", "list"],
)
def test_a_source_that_is_no_path_is_named_as_what_it_is(source: Any, shown: str) -> None:
    with pytest.raises(ConstructError) as raised:
        StaticSite(new_stack(), "Site", source=source())
    assert [(p.prop, p.message, p.fix) for p in raised.value.problems] == [
        (
            "source",
            f"is {shown}, not a directory's path",
            "pass the directory that holds the built site, e.g. Path(__file__).parent / 'site'",
        )
    ]


@pytest.mark.parametrize("source", [str(SITE), SITE, Path(str(SITE))])
def test_a_string_or_path_source_still_builds(source: Any) -> None:
    stack = new_stack()
    StaticSite(stack, "Site", source=source)
    Template.from_stack(stack).resource_count_is("Custom::CDKBucketDeployment", 1)


def _runtime(template: Template) -> list[str]:
    functions = template.find_resources("AWS::Lambda::Function").values()
    return sorted({f["Properties"].get("Runtime", "") for f in functions} - {""})


# Proves (bad43): Lambda's identifier of a supported runtime (lambda_.Runtime.PYTHON_3_13's
# name, what a template and the console show) was refused: "`handler.runtime` is
# 'python3.13'; the library builds Python functions for 3.12, 3.13, 3.14"
@pytest.mark.parametrize("where", ["handler", "function defaults"])
def test_lambda_s_runtime_identifier_is_that_python_version(where: str) -> None:
    templates = []
    for runtime in ("python3.13", "3.13", lambda_.Runtime.PYTHON_3_13):
        stack = new_stack()
        if where == "handler":
            _worker(stack, runtime=runtime)
        else:
            FunctionDefaults.of(stack).set(runtime=runtime)
            _worker(stack)
        templates.append(Template.from_stack(stack).to_json())
    assert templates[0] == templates[1] == templates[2]
    assert "python3.13" in _runtime(Template.from_json(templates[0]))


@pytest.mark.parametrize("runtime", ["python3.9", "python3.13 ", "PYTHON_3_13", "python"])
def test_other_runtime_names_are_still_refused(runtime: str) -> None:
    with pytest.raises(ConstructError) as raised:
        _worker(new_stack(), runtime=runtime)
    assert (
        f"Test/Worker: `handler.runtime` is {runtime!r}; the library builds Python functions "
        "for 3.12, 3.13, 3.14" in str(raised.value)
    )
