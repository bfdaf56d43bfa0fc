"""A link to a secret known only by a partial ARN whose name ends in a hyphen and six
characters (``from_secret_name_v2(..., "webhooks/stripe-secret")``) is a synth warning:
Secrets Manager reads that partial ARN, the link's variable, as a complete one and finds no
secret. Secrets imported with their complete ARN, created in the app, or named otherwise do
not warn."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Annotations, Match
from constructs import Construct

from constructs_lib import ApiAuth, QueueWorker, ServerlessApi, acknowledge
from constructs_lib._agnostic_imports import FIXED_REGION_IN_AGNOSTIC_STACK_WARNING
from constructs_lib._core.link_secret_arn import PARTIAL_SECRET_ARN_WARNING
from tests.support import echo_handler, new_stack

PARTIAL = "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
Import = Callable[[Construct], secretsmanager.ISecret]


def _by_name(name: str) -> Import:
    return lambda scope: secretsmanager.Secret.from_secret_name_v2(scope, "Signing", name)


def _by_partial_arn(name: str) -> Import:
    return lambda scope: secretsmanager.Secret.from_secret_partial_arn(
        scope, "Signing", PARTIAL + name
    )


def _warnings(stack: cdk.Stack) -> list[str]:
    # the stack's own env (an environment-agnostic stack given an ARN of eu-west-1) is
    # test_trial52's warning, not the secret's
    return [
        str(w.entry.data)
        for w in Annotations.from_stack(stack).find_warning("*", Match.any_value())
        if FIXED_REGION_IN_AGNOSTIC_STACK_WARNING not in str(w.entry.data)
    ]


def _worker_linking(secret: Import) -> cdk.Stack:
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=echo_handler(links=[secret(stack)]), alarms=False)
    return stack


@pytest.mark.parametrize(
    "secret",
    [
        _by_name("webhooks/stripe-secret"),
        _by_name("github-tokens"),
        _by_partial_arn("webhooks/stripe-secret"),
    ],
    ids=["name", "plural name", "partial ARN"],
)
def test_a_name_ending_like_the_random_suffix_warns(secret: Import) -> None:
    # GIVEN a worker linking a secret known by a name ending in "-" and six characters
    stack = _worker_linking(secret)
    # THEN the stack warns once, naming the link, its variable and the fix
    [warning] = _warnings(stack)
    assert warning.startswith(
        "`handler.links[0]` links the secret Test/Signing, known only by its name "
    )
    assert "SIGNING_SECRET_ARN gets its partial ARN" in warning
    assert "Secret.from_secret_complete_arn(...)" in warning
    assert warning.endswith(f"[ack: {PARTIAL_SECRET_ARN_WARNING}]")


@pytest.mark.parametrize(
    "secret",
    [
        _by_name("prod/db-password"),  # seven characters after the hyphen
        _by_name("webhooks/stripe"),
        _by_name("stripe-key"),
        _by_name("webhooks/stripe_secret"),
        _by_partial_arn("prod/db-password"),
        lambda scope: secretsmanager.Secret.from_secret_complete_arn(
            scope, "Signing", PARTIAL + "webhooks/stripe-secret-AbC123"
        ),
        lambda scope: secretsmanager.Secret.from_secret_name_v2(
            scope, "Signing", cdk.CfnParameter(scope, "Name").value_as_string
        ),
    ],
    ids=["longer", "no hyphen", "shorter", "underscore", "longer ARN", "complete", "token"],
)
def test_a_complete_arn_or_another_name_does_not_warn(secret: Import) -> None:
    assert _warnings(_worker_linking(secret)) == []


def test_a_secret_the_app_creates_does_not_warn() -> None:
    stack = new_stack()
    secret = secretsmanager.Secret(stack, "Stripe", secret_name="webhooks/stripe-secret")
    acknowledge(secret, "AwsSolutions-SMG4", reason="A third party's signing key: rotated there.")
    QueueWorker(stack, "Worker", handler=echo_handler(links=[secret]), alarms=False)
    assert _warnings(stack) == []


def test_a_route_s_link_and_a_later_link_name_their_prop() -> None:
    # GIVEN an API whose route links the secret, and a worker linking it afterwards
    stack = new_stack()
    secret = _by_name("webhooks/github-secret")(stack)
    api = ServerlessApi(
        stack,
        "Hooks",
        routes={"POST /github": echo_handler(links=[secret])},
        auth=ApiAuth.none(reason="Senders sign each request; the handler checks it."),
        alarms=False,
    )
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), alarms=False)
    worker.link(secret)
    # THEN each construct warns with the prop it was given
    assert sorted(w.split(" links the secret")[0] for w in _warnings(stack)) == [
        "`links[0]`",
        "`routes['POST /github'].links[0]`",
    ]
    # AND the owner of each may acknowledge it
    for construct in (api, worker):
        cdk.Annotations.of(construct).acknowledge_warning(
            PARTIAL_SECRET_ARN_WARNING, "the code reads it by name"
        )
    assert _warnings(stack) == []
