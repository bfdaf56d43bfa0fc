"""A Handler's environment with a literal value under a secret's name
(``environment={"DB_PASSWORD": "hunter2"}``) is a synth warning: the value is written into
the template and the function's configuration. Names that point at a secret
(``DB_SECRET_ARN``) or only contain a secret's word (``TOKEN_TABLE``) do not warn, nor do
deploy-time values."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Annotations, Match

from constructs_lib import ApiAuth, FunctionDefaults, QueueWorker, ServerlessApi
from constructs_lib._core.secret_environment import LITERAL_SECRET_WARNING, SECRET_VALUE_WARNING
from constructs_lib._secret_names import literal_secret_names, looks_secret
from tests.support import echo_handler, new_app, new_stack, warnings_of

SECRET_NAMES = [
    "DB_PASSWORD",
    "PASSWORD",
    "DB_PASSWD",
    "SSH_PASSPHRASE",
    "JWT_SECRET",
    "CLIENT_SECRET",
    "GITHUB_TOKEN",
    "STRIPE_API_KEY",
    "API_KEY",
    "APIKEY",
    "PRIVATE_KEY",
    "SECRET_KEY",
    "S3_SECRET_ACCESS_KEY",
    "WEBHOOK_SIGNING_KEY",
    "SERVICE_CREDENTIALS",
    "dbPassword",
    "slackBotToken",
    "stripeApiKey",
]
OTHER_NAMES = [
    "TOKEN_TABLE",  # a table of tokens
    "SECRET_ARN",  # where the secret is: Secrets Manager
    "DB_SECRET_ARN",
    "API_KEY_SECRET_NAME",
    "PASSWORD_MIN_LENGTH",
    "AUTH_TOKEN_HEADER",
    "TOKEN_TTL",
    "MAX_TOKENS",
    "SECRETS_EXTENSION_HTTP_PORT",
    "ACCESS_KEY_ID",
    "PUBLIC_KEY",
    "KMS_KEY_ID",
    "SECRETARY",
    "PASSWORDLESS",
    "BYPASS_CACHE",
    "LOG_LEVEL",
]


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_a_name_ending_in_a_secret_s_words_looks_secret(name: str) -> None:
    assert looks_secret(name)


@pytest.mark.parametrize("name", OTHER_NAMES)
def test_a_name_that_points_at_a_secret_or_only_contains_its_word_does_not(name: str) -> None:
    assert not looks_secret(name)


def test_only_literal_values_that_could_be_a_secret_count() -> None:
    # GIVEN secrets' names with values that name a secret, switch something, or hold one
    environment = {
        "DB_PASSWORD": "hunter2",
        "API_KEY": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-AbCdEf",
        "CLIENT_SECRET": "{{resolve:secretsmanager:oauth:SecretString:secret}}",
        "USE_TOKEN": "true",
        # Proves (sweep): a 0/1 switch warned (REQUIRE_TOKEN=1, VERIFY_TOKEN=0)
        "REQUIRE_TOKEN": "1",
        "VERIFY_TOKEN": " 0",
        "GITHUB_TOKEN": " ",
        "JWT_SECRET": "s3cr3t",
        "TOKEN_TABLE": "tokens",
    }
    # THEN only the literal values count
    assert literal_secret_names(environment) == ["DB_PASSWORD", "JWT_SECRET"]


def test_a_literal_secret_in_the_environment_is_a_warning_naming_the_fix() -> None:
    # GIVEN a worker whose Handler holds a password and an API key as literals
    stack = new_stack()
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(
            environment={"DB_PASSWORD": "hunter2", "STRIPE_API_KEY": "sk_live_1", "STAGE": "x"}
        ),
    )
    # THEN one warning names both variables (never their values), the risk and the fix
    assert warnings_of(stack, LITERAL_SECRET_WARNING) == [
        "`handler.environment` sets DB_PASSWORD and STRIPE_API_KEY to literal values named "
        "like a secret: they are written into the template and the function's configuration, "
        "where anyone who may read either reads them. Fix: keep a secret in Secrets Manager and "
        "link it instead: Handler(links=[secret]) grants the function read access and puts "
        "the secret's ARN in <ID>_SECRET_ARN, and the code reads the value at run time. If "
        "none is a secret, acknowledge 'constructs_lib:literalSecretInEnvironment'. "
        "[ack: constructs_lib:literalSecretInEnvironment]"
    ]
    assert "hunter2" not in " ".join(warnings_of(stack, LITERAL_SECRET_WARNING))


def test_a_route_s_literal_secret_names_the_route_and_can_be_acknowledged() -> None:
    # GIVEN an API route whose Handler holds a token as a literal
    stack = new_stack()
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(environment={"GITHUB_TOKEN": "ghp_1"})},
        auth=ApiAuth.iam(),
    )
    # THEN the warning names the route's prop
    (warning,) = warnings_of(stack, LITERAL_SECRET_WARNING)
    assert warning.startswith(
        "`routes['GET /a'].environment` sets GITHUB_TOKEN to a literal value named like a "
        "secret: it is written into the template"
    )
    assert "If it is not a secret, acknowledge" in warning
    # AND acknowledged on the construct (after it was built), it is gone
    cdk.Annotations.of(api).acknowledge_warning(LITERAL_SECRET_WARNING, "a public test token")
    assert warnings_of(stack, LITERAL_SECRET_WARNING) == []


def test_a_literal_secret_of_function_defaults_is_named_there() -> None:
    # GIVEN a password in the app's FunctionDefaults, inherited by a worker
    app = new_app()
    FunctionDefaults.of(app).set(environment={"DB_PASSWORD": "hunter2"})
    stack = cdk.Stack(app, "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    # THEN the warning names FunctionDefaults, where it is set
    (warning,) = warnings_of(stack, LITERAL_SECRET_WARNING)
    assert warning.startswith("`FunctionDefaults.environment` sets DB_PASSWORD to a literal")


def test_deploy_time_values_and_pointers_to_a_secret_do_not_warn() -> None:
    # GIVEN secrets' names holding deploy-time values, and names pointing at a secret
    stack = new_stack()
    secret = secretsmanager.Secret(stack, "Db")
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(
            environment={
                "DB_PASSWORD": secret.secret_value.unsafe_unwrap(),
                "API_TOKEN": cdk.Fn.import_value("ApiToken"),
                "DB_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
                "TOKEN_TABLE": "tokens",
            }
        ),
    )
    # THEN no warning
    assert warnings_of(stack, LITERAL_SECRET_WARNING) == []


def test_a_secrets_manager_value_in_the_environment_warns_whatever_its_name() -> None:
    # Proves (integrator's review): `secret.secret_value.unsafe_unwrap()` (a deploy-time
    # value, so the literal check skipped it) and a written {{resolve:secretsmanager:...}}
    # (skipped as a reference) put the secret's plaintext into the function's
    # configuration at deploy time, in silence
    from aws_cdk import aws_ssm as ssm

    stack = new_stack()
    secret = secretsmanager.Secret(stack, "Db")
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(
            environment={
                "DB": secret.secret_value.unsafe_unwrap(),
                "DB_PASSWORD": secret.secret_value_from_json("password").unsafe_unwrap(),
                "WRITTEN": "{{resolve:secretsmanager:prod/db:SecretString:password}}",
                # where the secret is, and an SSM parameter's plain value: no warning
                "DB_SECRET_NAME": secret.secret_name,
                "SETTING": ssm.StringParameter.value_for_string_parameter(stack, "/app/x"),
            }
        ),
        alarms=False,
    )
    warnings = [
        w.entry.data for w in Annotations.from_stack(stack).find_warning("*", Match.any_value())
    ]
    assert len(warnings) == 1
    [warning] = warnings
    assert warning.startswith(
        "`handler.environment` sets DB, DB_PASSWORD and WRITTEN to secrets' values from "
        "Secrets Manager (a {{resolve:secretsmanager:...}} reference, e.g. "
        "secret.secret_value.unsafe_unwrap()): CloudFormation writes the plaintext into the "
        "function's configuration at deploy time"
    )
    assert "Handler(links=[secret])" in warning
    assert warning.endswith(f"[ack: {SECRET_VALUE_WARNING}]")


def test_a_secrets_manager_value_warning_can_be_acknowledged() -> None:
    stack = new_stack()
    secret = secretsmanager.Secret(stack, "Db")
    worker = QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(environment={"DB": secret.secret_value.unsafe_unwrap()}),
        alarms=False,
    )
    cdk.Annotations.of(worker).acknowledge_warning(SECRET_VALUE_WARNING, "a public demo key")
    assert Annotations.from_stack(stack).find_warning("*", Match.any_value()) == []


def test_a_secrets_manager_value_of_function_defaults_is_named_there() -> None:
    # Proves (review): a Secrets Manager value set in FunctionDefaults was reported as the
    # Handler's (`handler.environment` sets DB ...), where the user had not written it (the
    # literal-secret warning names FunctionDefaults), and one value read "a secret' value"
    app = new_app()
    FunctionDefaults.of(app).set(
        environment={"DB": "{{resolve:secretsmanager:prod/db:SecretString:password}}"}
    )
    stack = cdk.Stack(app, "Test")
    secret = secretsmanager.Secret(stack, "Api")
    QueueWorker(
        stack,
        "Worker",
        handler=echo_handler(environment={"API": secret.secret_value.unsafe_unwrap()}),
        alarms=False,
    )
    warnings = sorted(
        str(w.entry.data)
        for w in Annotations.from_stack(stack).find_warning("*", Match.any_value())
    )
    assert [w.split(" (a ")[0] for w in warnings] == [
        "`FunctionDefaults.environment` sets DB to a secret's value from Secrets Manager",
        "`handler.environment` sets API to a secret's value from Secrets Manager",
    ]


def test_a_secret_s_name_splits_into_words_as_a_link_s_variable_name_does() -> None:
    # Proves (review): the secret-name rule had its own copy of the links' word-splitting
    # pattern (_core/link_names.py); one helper, _words.name_words, splits both
    from constructs_lib._core.link_names import env_name
    from constructs_lib._words import name_words

    for name, words in (
        ("stripeApiKey", ["stripe", "Api", "Key"]),
        ("DB_PASSWORD", ["DB", "PASSWORD"]),
        ("OrdersWorker", ["Orders", "Worker"]),
        ("APIKey", ["API", "Key"]),
        ("my-api.token", ["my", "api", "token"]),
    ):
        assert name_words(name) == words
    assert env_name("stripeApiKey", "X") == "STRIPE_API_KEY_X"
    assert looks_secret("stripeApiKey") and looks_secret("APIKey")
