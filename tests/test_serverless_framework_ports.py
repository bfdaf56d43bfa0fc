"""A serverless.yml ported by hand: its keys written as props, and its variables pasted
into an environment, are ConstructErrors naming what to write instead (never silence: a
`${ssm:...}` the function would read as text)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    EventHandler,
    FunctionDefaults,
    Handler,
    QueueWorker,
    Route,
    ScheduledJob,
    ServerlessApi,
    StreamWorker,
)
from constructs_lib._core.pasted_variables import pasted_variable_fix
from tests.support import ECHO, echo_handler, new_stack


def _problem(build: Callable[[cdk.Stack], Any]) -> tuple[str, str, str]:
    with pytest.raises(ConstructError) as raised:
        build(new_stack())
    first = raised.value.problems[0]
    return first.prop, first.message, first.fix


def _table(stack: cdk.Stack) -> dynamodb.ITable:
    return dynamodb.Table.from_table_attributes(
        stack,
        "Orders",
        table_name="orders-dev",
        table_stream_arn="arn:aws:dynamodb:eu-west-1:111111111111:table/orders-dev/stream/"
        "2025-01-10T09:00:00.000",
    )


# serverless.yml's key as a Python user spells it -> what the fix tells them to write
KEYS: dict[str, tuple[Callable[[cdk.Stack], Any], str]] = {
    "provider.iam.role.statements on a Handler": (
        lambda s: Handler(code=ECHO, iamRoleStatements=[]),
        "link what the function uses: links=[table, Link.read(bucket), Link.to(queue), bus]",
    ),
    "iam on FunctionDefaults": (
        lambda s: FunctionDefaults.of(s).set(iam={"role": {"statements": []}}),
        "add_to_role_policy(iam.PolicyStatement(...))",
    ),
    "iamRoleStatements on a worker": (
        lambda s: QueueWorker(s, "W", handler=echo_handler(), iamRoleStatements=[]),
        "move it to the function's Handler (handler=Handler(...)): link what",
    ),
    "package.patterns": (
        lambda s: Handler(code=ECHO, package={"patterns": ["!tests/**"]}),
        "give the function a directory of its own, code='src'",
    ),
    "sqs event's arn": (
        lambda s: QueueWorker(s, "W", handler=echo_handler(), arn="arn:aws:sqs:eu-west-1:1:q"),
        "pass existing_queue=sqs.Queue.from_queue_arn(self, 'Queue', arn)",
    ),
    "sqs event's functionResponseType": (
        lambda s: QueueWorker(
            s, "W", handler=echo_handler(), functionResponseType="ReportBatchItemFailures"
        ),
        "leave it out: ReportBatchItemFailures is always on",
    ),
    "sqs event's maximumConcurrency": (
        lambda s: QueueWorker(s, "W", handler=echo_handler(), maximumConcurrency=5),
        "pass max_concurrency=",
    ),
    "stream event's functionResponseType": (
        lambda s: StreamWorker(
            s,
            "W",
            handler=echo_handler(),
            table=_table(s),
            functionResponseType="ReportBatchItemFailures",
        ),
        "leave it out: ReportBatchItemFailures is always on",
    ),
    "stream event's arn": (
        lambda s: StreamWorker(s, "W", handler=echo_handler(), table=_table(s), arn="x"),
        "pass table= the table, imported with its table_stream_arn=",
    ),
    "schedule event's rate": (
        lambda s: ScheduledJob(s, "J", handler=echo_handler(), rate="rate(1 hour)"),
        "pass schedule='rate(1 hour)'",
    ),
    "schedule event's method: scheduler": (
        lambda s: ScheduledJob(
            s, "J", handler=echo_handler(), schedule="rate(1 hour)", method="scheduler"
        ),
        "leave it out: a ScheduledJob is always an EventBridge Scheduler schedule",
    ),
    "eventBridge event's inputPath": (
        lambda s: EventHandler(
            s,
            "E",
            handler=echo_handler(),
            event_pattern={"source": ["com.acme.payments"]},
            inputPath="$.detail",
        ),
        "leave it out: the function gets the whole event (read event['detail'])",
    ),
    "httpApi event's authorizer on the API": (
        lambda s: ServerlessApi(
            s, "Api", routes={"GET /x": echo_handler()}, auth=ApiAuth.iam(), authorizer="auth0"
        ),
        "pass auth=ApiAuth.jwt(issuer, audiences) on the ServerlessApi for every route (a "
        "route of serverless.yml without an authorizer is public: Route(handler, "
        "public='<why>'))",
    ),
    "httpApi event's authorizer on a Route": (
        lambda s: Route(echo_handler(), authorizer={"name": "auth0"}),
        "pass auth=ApiAuth.jwt(issuer, audiences)",
    ),
    "httpApi.payload: '1.0'": (
        lambda s: ServerlessApi(
            s, "Api", routes={"GET /x": echo_handler()}, auth=ApiAuth.iam(), payload="1.0"
        ),
        "leave it out: every route gets payload format 2.0",
    ),
    "httpApi event's method and path on a Route": (
        lambda s: Route(echo_handler(), method="GET", path="/orders"),
        "give the method and path as the route's key",
    ),
}


@pytest.mark.parametrize("key", KEYS)
def test_a_serverless_yml_key_is_told_what_to_write(key: str) -> None:
    # Proves (sls48): each of these listed every prop of the construct (iamRoleStatements,
    # functionResponseType, rate, payload, method), or matched an unrelated one
    # (authorizer -> "did you mean `authorization_scopes`?")
    build, fix = KEYS[key]
    _, message, told = _problem(build)
    assert "is not a prop of" in message
    assert fix in told


PASTED = {
    "${ssm:/orders/dev/payment-api-key-name}": (
        "${ssm:...}",
        "link the parameter, whose name the variable then holds, and read it at run time: "
        "Link.read(ssm.StringParameter.from_string_parameter_name(self, 'Name', '<name>'), "
        "env='<NAME>')",
    ),
    "orders-${self:custom.stage}": ("${self:...}", "pass the value itself from your app's code"),
    "${opt:stage, 'dev'}": ("${opt:...}", "pass the stage from your app"),
    "${sls:stage}": ("${sls:...}", "pass the stage from your app"),
    "${env:PAYMENTS_URL}": ("${env:...}", "pass os.environ['<NAME>']"),
    "${aws:accountId}": ("${aws:...}", "pass cdk.Aws.ACCOUNT_ID"),
    "${cf:payments-dev.BusName}": ("${cf:...}", "cdk.Fn.import_value('<export name>')"),
    "${file(./config.json):url}": ("${file:...}", "pass the value read in Python"),
    "${param:apiKey}": ("${param:...}", "pass the value itself, computed in your app's"),
    "!Ref OrdersQueue": ("(!Ref)", "pass the resource's attribute (e.g. queue.queue_url)"),
    "!GetAtt OrdersTable.Arn": ("(!GetAtt)", "pass the resource's attribute"),
}


@pytest.mark.parametrize("value", PASTED)
def test_a_serverless_variable_in_an_environment_is_refused(value: str) -> None:
    # Proves (sls48): environment={"PAYMENT_KEY": "${ssm:/orders/...}"} (provider.environment
    # pasted) synthesized, and the function read the text "${ssm:/orders/...}"
    named, fix = PASTED[value]
    prop, message, told = _problem(
        lambda s: QueueWorker(s, "W", handler=echo_handler(environment={"PAYMENT_KEY": value}))
    )
    assert prop == "handler.environment"
    assert message.startswith(f"has PAYMENT_KEY={value!r}, a ") and named in message
    assert fix in told


def test_a_serverless_variable_in_function_defaults_is_refused_there() -> None:
    # GIVEN provider.environment pasted into FunctionDefaults
    def build(stack: cdk.Stack) -> None:
        FunctionDefaults.of(stack).set(environment={"STAGE": "${opt:stage}"})
        QueueWorker(stack, "W", handler=echo_handler())

    # THEN the problem names FunctionDefaults, where the variable is
    prop, message, _ = _problem(build)
    assert prop == "FunctionDefaults.environment"
    assert "a Serverless Framework variable (${opt:...})" in message


def test_deploy_time_values_and_plain_dollars_are_passed_on() -> None:
    # GIVEN values that only look alike: a token (rendered "${Token[...]}"), a CloudFormation
    # dynamic reference, a shell-style placeholder the code fills itself,
    # an IAM policy variable (a policy the code writes)
    stack = new_stack()
    table = _table(stack)
    values = {
        "TABLE": table.table_name,
        "REGION_NAME": f"orders-{cdk.Aws.REGION}",
        "PARAM": "{{resolve:ssm:/orders/dev/name}}",
        "TEMPLATE": "Hello ${name}!",
        "POLICY_KEY": "TENANT#${aws:PrincipalTag/tenant_id}",  # an IAM policy variable
    }
    QueueWorker(stack, "W", handler=echo_handler(environment=values))
    # THEN each is the function's variable
    variables = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    (function,) = variables.values()
    assert function["Properties"]["Environment"]["Variables"]["TEMPLATE"] == "Hello ${name}!"
    assert all(pasted_variable_fix(str(value)) is None for value in values.values())


def test_a_shell_parameter_expansion_of_a_lowercase_variable_is_passed_on() -> None:
    # GIVEN (sweep48) a command the function runs, whose shell fills its lowercase variables
    # with defaults: ${env:-dev} is the shell's expansion of a variable named env, no
    # Serverless Framework variable (whose ':' is followed by the name it reads). This
    # synthesized before sls48 and was refused as "${env:...}" after
    stack = new_stack()
    command = "deploy --stage ${env:-dev} --tag ${self:=latest} ${opt:?unset} ${opt:+x} ${ssm:1:3}"
    QueueWorker(stack, "W", handler=echo_handler(environment={"COMMAND": command}))
    # THEN the function gets it as written
    (function,) = Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
    assert function["Properties"]["Environment"]["Variables"]["COMMAND"] == command
    # AND a variable of the Serverless Framework's beside it is still refused
    prop, message, _ = _problem(
        lambda s: QueueWorker(
            s, "W", handler=echo_handler(environment={"COMMAND": command + " ${env:STAGE}"})
        )
    )
    assert prop == "handler.environment"
    assert "a Serverless Framework variable (${env:...})" in message
