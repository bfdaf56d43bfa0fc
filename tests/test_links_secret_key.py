"""A link to another account's secret imported without its KMS key is a synth warning:
Secrets Manager shares only secrets encrypted with a customer managed key, whose
``kms:Decrypt`` the function's role needs too, so every read would be denied. The same
secret imported with its key, a secret of the stack's own account, and one whose account
is known only at deploy time do not warn."""

from __future__ import annotations

from collections.abc import Callable

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Annotations, Match, Template
from constructs import Construct

from constructs_lib import QueueWorker
from constructs_lib._agnostic_imports import FIXED_REGION_IN_AGNOSTIC_STACK_WARNING
from constructs_lib._core.link_secret_key import OTHER_ACCOUNT_SECRET_KEY_WARNING
from tests.support import echo_handler, new_stack

HERE = cdk.Environment(account="111111111111", region="eu-west-1")
THEIRS = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:"
OURS = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:"
THEIR_KEY = "arn:aws:kms:eu-west-1:222222222222:key/11111111-2222-3333-4444-555555555555"
Import = Callable[[Construct], secretsmanager.ISecret]


def _warnings(stack: cdk.Stack) -> list[str]:
    # the stack's own env (an environment-agnostic stack given an ARN of eu-west-1) is
    # test_trial52's warning, not the secret's
    return [
        str(w.entry.data)
        for w in Annotations.from_stack(stack).find_warning("*", Match.any_value())
        if FIXED_REGION_IN_AGNOSTIC_STACK_WARNING not in str(w.entry.data)
    ]


def _worker_linking(secret: Import, env: cdk.Environment | None = HERE) -> cdk.Stack:
    stack = new_stack(env=env)
    QueueWorker(stack, "Worker", handler=echo_handler(links=[secret(stack)]), alarms=False)
    return stack


@pytest.mark.parametrize(
    "secret",
    [
        lambda s: secretsmanager.Secret.from_secret_complete_arn(
            s, "Billing", THEIRS + "billing/api-AbCdEf"
        ),
        lambda s: secretsmanager.Secret.from_secret_partial_arn(
            s, "Billing", THEIRS + "billing/api"
        ),
        lambda s: secretsmanager.Secret.from_secret_attributes(
            s, "Billing", secret_complete_arn=THEIRS + "billing/api-AbCdEf"
        ),
    ],
    ids=["complete ARN", "partial ARN", "attributes without key"],
)
def test_another_account_s_secret_without_its_key_warns(secret: Import) -> None:
    # Proves (brownfield trial): another team's secret imported by its ARN, as the README
    # showed, synthesized without a word; the role got no kms:Decrypt on the owner's key,
    # so every GetSecretValue was denied at run time
    stack = _worker_linking(secret)
    [warning] = _warnings(stack)
    assert warning.startswith(
        "`handler.links[0]` links the secret Test/Billing of the account 222222222222, "
        "imported without its KMS key"
    )
    assert "encryption_key=kms.Key.from_key_arn(" in warning
    assert warning.endswith(f"[ack: {OTHER_ACCOUNT_SECRET_KEY_WARNING}]")
    # AND the link still grants the secret (the warning changes no template)
    policies = Template.from_stack(stack).find_resources("AWS::IAM::Policy")
    assert "secretsmanager:GetSecretValue" in str(policies)


def test_another_account_s_secret_with_its_key_is_granted_the_key_and_does_not_warn() -> None:
    stack = _worker_linking(
        lambda s: secretsmanager.Secret.from_secret_attributes(
            s,
            "Billing",
            secret_complete_arn=THEIRS + "billing/api-AbCdEf",
            encryption_key=kms.Key.from_key_arn(s, "BillingKey", THEIR_KEY),
        )
    )
    assert _warnings(stack) == []
    Template.from_stack(stack).has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [Match.object_like({"Action": "kms:Decrypt", "Resource": THEIR_KEY})]
                )
            }
        },
    )


@pytest.mark.parametrize(
    ("secret", "env"),
    [
        (
            lambda s: secretsmanager.Secret.from_secret_complete_arn(
                s, "Db", OURS + "prod/db-AbCdEf"
            ),
            HERE,
        ),
        (lambda s: secretsmanager.Secret.from_secret_name_v2(s, "Db", "prod/db"), HERE),
        (
            lambda s: secretsmanager.Secret.from_secret_complete_arn(
                s, "Db", THEIRS + "prod/db-AbCdEf"
            ),
            None,
        ),
        (
            lambda s: secretsmanager.Secret.from_secret_complete_arn(
                s, "Db", cdk.CfnParameter(s, "SecretArn").value_as_string
            ),
            HERE,
        ),
    ],
    ids=["own account", "by name", "env-agnostic stack", "deploy-time ARN"],
)
def test_a_secret_of_the_own_or_an_unknown_account_does_not_warn(
    secret: Import, env: cdk.Environment | None
) -> None:
    assert _warnings(_worker_linking(secret, env)) == []


def test_the_warning_is_acknowledged_on_the_construct() -> None:
    stack = new_stack(env=HERE)
    secret = secretsmanager.Secret.from_secret_complete_arn(
        stack, "Billing", THEIRS + "billing/api-AbCdEf"
    )
    worker = QueueWorker(stack, "Worker", handler=echo_handler(links=[secret]), alarms=False)
    cdk.Annotations.of(worker).acknowledge_warning(
        OTHER_ACCOUNT_SECRET_KEY_WARNING, "the role gets kms:Decrypt from the platform's policy"
    )
    assert _warnings(stack) == []
