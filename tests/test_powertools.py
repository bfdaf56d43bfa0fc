"""Handler(powertools=True): AWS's Powertools layer for the function's region, runtime and
architecture, and its two environment variables; off by default."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, QueueWorker, ServerlessApi
from tests.support import RuleCase, assert_rule, build, echo_handler, rule_cases


def _function(template: Template) -> dict[str, Any]:
    (function,) = template.find_resources("AWS::Lambda::Function").values()
    return dict(function["Properties"])


def test_powertools_is_opt_in() -> None:
    _, template = build(QueueWorker, "Worker", handler=echo_handler())
    properties = _function(template)
    assert "Layers" not in properties
    assert not any(k.startswith("POWERTOOLS") for k in properties["Environment"]["Variables"])


def test_the_layer_matches_region_runtime_and_architecture() -> None:
    # GIVEN a worker whose handler asks for Powertools
    _, template = build(QueueWorker, "Worker", handler=echo_handler(powertools=True))
    properties = _function(template)
    # THEN the layer is AWS's, for python3.14 on arm64, in the stack's region and partition
    (layer,) = properties["Layers"]
    parts = layer["Fn::Join"][1]
    text = "".join(p if isinstance(p, str) else f"<{next(iter(p.values()))}>" for p in parts)
    assert text == (
        "arn:<AWS::Partition>:lambda:<AWS::Region>:017000801446:layer:"
        "AWSLambdaPowertoolsPythonV3-python314-arm64:27"
    )
    variables = properties["Environment"]["Variables"]
    assert variables["POWERTOOLS_SERVICE_NAME"] == "Worker"  # the construct, not its core
    assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "Test"


def test_a_routes_service_name_is_its_function_id() -> None:
    handler = echo_handler(powertools=True)
    _, template = build(ServerlessApi, "Api", routes={"GET /a": handler}, auth=ApiAuth.iam())
    variables = _function(template)["Environment"]["Variables"]
    assert variables["POWERTOOLS_SERVICE_NAME"] == handler.construct_id  # its function


RULES: list[RuleCase] = [
    ("not a bool", {"powertools": "yes"}, r"`routes\['GET /a'\].powertools` is 'yes', a str"),
    (
        "its variables are the construct's",
        {"powertools": True, "environment": {"POWERTOOLS_SERVICE_NAME": "mine"}},
        r"sets 'POWERTOOLS_SERVICE_NAME', which the construct sets itself",
    ),
    # Proves (user trial): the fix said "rename your variable", which Powertools would
    # then not read; the service name comes from the function's id
    (
        "the service name is set by the function's id",
        {"powertools": True, "environment": {"POWERTOOLS_SERVICE_NAME": "todos"}},
        r"Fix: drop it: powertools=True names the service after the function's id, which "
        r"Handler\(name=\.\.\.\) sets",
    ),
    (
        "the metrics namespace is the stack's name",
        {"powertools": True, "environment": {"POWERTOOLS_METRICS_NAMESPACE": "todos"}},
        r"Fix: drop it: powertools=True sets the stack's name \(or pass "
        r"Metrics\(namespace=\.\.\.\) in the code\)",
    ),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(
        lambda **p: build(
            ServerlessApi, "Api", routes={"GET /a": echo_handler(**p)}, auth=ApiAuth.iam()
        ),
        props,
        message,
    )
