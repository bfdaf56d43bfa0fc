"""Provisioned concurrency: a Handler's ``provisioned_concurrency`` keeps that many
execution environments initialized on its ``live`` alias (what every trigger invokes, and
what a gradual deployment shifts); per function only, never a scope's default."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk.assertions import Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Deployment,
    FunctionDefaults,
    Handler,
    QueueWorker,
    ServerlessApi,
)
from tests.support import (
    ECHO,
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    new_stack,
    rule_cases,
)


@pytest.fixture(scope="module")
def hot_route_template() -> Template:
    """GIVEN an API whose hot route keeps 5 environments warm and deploys as a canary,
    beside a route without provisioned concurrency."""
    stack = new_stack()
    ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /hot": echo_handler(provisioned_concurrency=5),
            "GET /cold": echo_handler(entry="app.other"),
        },
        auth=ApiAuth.iam(),
        deployment=Deployment.canary(percent=10, minutes=5),
    )
    return Template.from_stack(stack)


def _aliases(template: Template) -> dict[str, dict[str, Any]]:
    return template.find_resources("AWS::Lambda::Alias")


def test_the_live_alias_of_the_hot_route_keeps_environments_provisioned(
    hot_route_template: Template,
) -> None:
    # THEN its live alias carries the configuration, and a canary still moves that alias
    hot = {k: v for k, v in _aliases(hot_route_template).items() if k.startswith("ApiHandler")}
    (alias,) = hot.values()
    assert alias["Properties"]["Name"] == "live"
    assert alias["Properties"]["ProvisionedConcurrencyConfig"] == {
        "ProvisionedConcurrentExecutions": 5
    }
    assert "CodeDeployLambdaAliasUpdate" in alias["UpdatePolicy"]


def test_a_function_without_it_has_none(hot_route_template: Template) -> None:
    cold = {k: v for k, v in _aliases(hot_route_template).items() if k.startswith("ApiOther")}
    (alias,) = cold.values()
    assert "ProvisionedConcurrencyConfig" not in alias["Properties"]


def test_the_deployment_role_may_read_the_provisioned_configuration(
    hot_route_template: Template,
) -> None:
    # CodeDeploy reads it while it shifts an alias that has one
    hot_route_template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "Policies": Match.array_with(
                [
                    Match.object_like(
                        {
                            "PolicyDocument": {
                                "Statement": Match.array_with(
                                    [
                                        Match.object_like(
                                            {
                                                "Action": Match.array_with(
                                                    ["lambda:GetProvisionedConcurrencyConfig"]
                                                )
                                            }
                                        )
                                    ]
                                ),
                                "Version": "2012-10-17",
                            }
                        }
                    )
                ]
            )
        },
    )


def test_a_container_image_function_takes_it_too() -> None:
    stack = new_stack()
    image = ECHO.parents[1] / "images" / "echo"
    QueueWorker(
        stack,
        "Worker",
        handler=Handler.from_image(image, cmd=["app.handler"], provisioned_concurrency=2),
    )
    Template.from_stack(stack).has_resource_properties(
        "AWS::Lambda::Alias",
        {"Name": "live", "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 2}},
    )


def test_handlers_differing_only_in_it_are_not_one_function() -> None:
    # a shared function would silently drop one route's provisioned concurrency
    with pytest.raises(ConstructError, match=r"to two different handlers"):
        ServerlessApi(
            new_stack(),
            "Api",
            routes={
                "GET /a": echo_handler(provisioned_concurrency=2),
                "GET /b": echo_handler(),
            },
            auth=ApiAuth.iam(),
        )


def _worker(**handler_options: Any) -> QueueWorker:
    return QueueWorker(new_stack(), "Worker", handler=echo_handler(**handler_options))


RULES: list[RuleCase] = [
    (
        "zero",
        {"provisioned_concurrency": 0},
        r"Test/Worker: `handler.provisioned_concurrency` is 0; it must be between 1 and 10000",
    ),
    (
        "a float",
        {"provisioned_concurrency": 2.5},
        r"`handler.provisioned_concurrency` is 2.5, a float; it must be a whole number\. "
        r"Fix: pass e.g. provisioned_concurrency=5",
    ),
    (  # Proves (release48 trial): Lambda refused it at deploy, the template had it
        "above the reservation",
        {"provisioned_concurrency": 6, "reserved_concurrency": 5},
        r"`handler.provisioned_concurrency` is 6, above reserved_concurrency \(5\): .*"
        r"Fix: set provisioned_concurrency to 5 or less, or reserved_concurrency to 6 or more",
    ),
    (
        "on a function switched off",
        {"provisioned_concurrency": 2, "reserved_concurrency": 0},
        r"`handler.provisioned_concurrency` is 2, above reserved_concurrency \(0\): .*"
        r"Fix: drop provisioned_concurrency while reserved_concurrency=0 switches the function "
        r"off, or set reserved_concurrency to 2 or more",
    ),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_worker, props, message)


def test_every_problem_at_once() -> None:
    assert_every_problem(
        lambda **p: ServerlessApi(
            new_stack(), "Api", routes={"GET /a": echo_handler(**p)}, auth=ApiAuth.iam()
        ),
        {"provisioned_concurrency": 0, "memory_mib": 1},
        "Test/Api",
        ["routes['GET /a'].memory_mib", "routes['GET /a'].provisioned_concurrency"],
    )


def test_a_scope_default_is_refused_with_the_reason() -> None:
    # Proves (release48 trial): the fix listed the other props, not why it is per function
    with pytest.raises(ConstructError) as raised:
        FunctionDefaults.of(new_stack()).set(provisioned_concurrency=2)  # type: ignore[call-arg]
    (problem,) = raised.value.problems
    assert problem.prop == "provisioned_concurrency"
    assert problem.fix.startswith("set provisioned_concurrency= on each Handler that needs it")


def test_a_misspelt_name_is_told_the_prop() -> None:
    # Proves (release48 trial): Handler(provisioned_concurrency=...) suggested
    # reserved_concurrency, which is another thing (a cap, not warm environments)
    with pytest.raises(ConstructError, match=r"did you mean `provisioned_concurrency`\?"):
        Handler(code=ECHO, provisioned_concurency=2)  # type: ignore[call-arg]
