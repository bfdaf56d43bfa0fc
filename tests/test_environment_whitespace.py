"""A function's environment value with whitespace around it (``{"STAGE": " prod\\n"}``,
read from a config file with its newline) is a synth warning naming the prop, the variable
and the stripped value to write (papercuts50: it deployed as given, in silence, and the
code compared "prod" with " prod\\n"). Decided by the value's ends only: whitespace inside
a value (a PEM's lines, JSON, a sentence) and a value of whitespace only do not warn."""

from __future__ import annotations

import json
from pathlib import Path

import aws_cdk as cdk
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ApiAuth, FunctionDefaults, QueueWorker, ServerlessApi
from constructs_lib._core.environment_whitespace import ENVIRONMENT_WHITESPACE_WARNING
from tests.support import echo_handler, new_app, new_stack

ACK = f"[ack: {ENVIRONMENT_WHITESPACE_WARNING}]"
TAIL = (
    " (a value read from a file keeps its newline: strip it where you read it); if the "
    f"whitespace is part of the value, acknowledge '{ENVIRONMENT_WHITESPACE_WARNING}'. {ACK}"
)


def _warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning("*", Match.any_value())
    return sorted(str(w.entry.data) for w in found if ACK in str(w.entry.data))


def test_a_value_read_with_its_newline_warns_with_the_value_to_write(tmp_path: Path) -> None:
    # GIVEN a stage read from a file, its space and newline kept
    (tmp_path / "stage.txt").write_text(" prod\n")
    app = new_app()
    stack = cdk.Stack(app, "Test")
    stage = (tmp_path / "stage.txt").read_text()
    QueueWorker(stack, "Worker", handler=echo_handler(environment={"STAGE": stage}))
    # THEN one warning names the prop, the variable, its whitespace and the value to write
    assert _warnings(stack) == [
        "`handler.environment` sets STAGE to a value that starts with ' ' and ends with "
        "'\\n': Lambda passes it as given, so code comparing it with 'prod' finds them "
        "different. Fix: write {'STAGE': 'prod'}" + TAIL
    ]
    # AND the function still gets the value as given (a warning changes nothing)
    template = app.synth().get_stack_by_name("Test").template
    (function,) = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function"
    ]
    assert function["Environment"]["Variables"]["STAGE"] == " prod\n"


def test_a_value_of_function_defaults_is_named_there_and_can_be_acknowledged() -> None:
    # GIVEN the app's FunctionDefaults with a padded value, inherited by an API's route
    app = new_app()
    FunctionDefaults.of(app).set(environment={"REGION_NAME": "eu-west-1\n"})
    stack = cdk.Stack(app, "Test")
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(environment={"MODE": "fast "})},
        auth=ApiAuth.iam(),
        alarms=False,
    )
    # THEN the inherited one names FunctionDefaults, the Handler's own names the route
    assert _warnings(stack) == [
        "`FunctionDefaults.environment` sets REGION_NAME to a value that ends with '\\n': "
        "Lambda passes it as given, so code comparing it with 'eu-west-1' finds them "
        "different. Fix: write {'REGION_NAME': 'eu-west-1'}" + TAIL,
        "`routes['GET /a'].environment` sets MODE to a value that ends with ' ': Lambda "
        "passes it as given, so code comparing it with 'fast' finds them different. Fix: "
        "write {'MODE': 'fast'}" + TAIL,
    ]
    # AND acknowledged on the construct, as the warning says, they are gone
    cdk.Annotations.of(api).acknowledge_warning(ENVIRONMENT_WHITESPACE_WARNING, "fixed width")
    assert _warnings(stack) == []


def test_a_secret_s_or_a_long_value_is_not_written_out() -> None:
    # GIVEN a password and a PEM read from files with their final newline
    pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYI\n-----END PUBLIC KEY-----\n"
    stack = new_stack()
    worker = QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(environment={"DB_PASSWORD": "hunter2\n", "SIGNING_PEM": pem}),
        alarms=False,
    )
    cdk.Annotations.of(worker).acknowledge_warning(
        "constructs_lib:literalSecretInEnvironment", "a test password"
    )
    # THEN each warns without its value (a secret would reach CI logs)
    warnings = _warnings(stack)
    assert [w.split(": Lambda")[0] for w in warnings] == [
        "`handler.environment` sets DB_PASSWORD to a value that ends with '\\n'",
        "`handler.environment` sets SIGNING_PEM to a value that ends with '\\n'",
    ]
    assert all(
        "so code comparing or parsing it reads the whitespace too. Fix: pass value.strip() as " in w
        for w in warnings
    )
    assert not any("hunter2" in w or "MFkw" in w for w in warnings)


def test_whitespace_inside_a_value_only_whitespace_and_tokens_do_not_warn() -> None:
    # GIVEN values whose whitespace is their own, and deploy-time values
    stack = new_stack()
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(
            environment={
                "PEM": "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----",
                "SETTINGS": json.dumps({"mode": "fast", "levels": [1, 2]}, indent=2),
                "GREETING": "hello world",
                "SEPARATOR": " ",
                "EMPTY": "",
                "NEWLINE": "\n",
                "BUCKET": cdk.Fn.import_value("Bucket"),
                "STAGE": "prod",
            }
        ),
        alarms=False,
    )
    # THEN none warns
    assert _warnings(stack) == []
