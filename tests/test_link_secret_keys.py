"""A link to a secret encrypted with a customer-managed key grants that key's kms:Decrypt
(through Secrets Manager only) wherever the key lives. A secret imported with its key
imported by ARN (a platform's signing secret, payments trial 43) got no kms:Decrypt:
aws-cdk-lib grants the key's use to Secrets Manager's service principal acting for the
role, in the key's policy, which an imported key does not take, so the grant added nothing
and every GetSecretValue was denied at run time. The secret's own key policy (a key of
the app) and a secret without a key keep aws-cdk-lib's grant."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk.assertions import Template

from constructs_lib import Handler, QueueWorker
from tests.support import ECHO, new_stack

ENV = cdk.Environment(account="111111111111", region="eu-west-1")
SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:payments/psp-AbC123"
KEY_ARN = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555"
VIA = {"StringEquals": {"kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com"}}


def _worker_statements(secret: Callable[[cdk.Stack], Any]) -> tuple[list[Any], dict[str, Any]]:
    """The worker's policy statements and the stack's template, the worker linking
    ``secret(stack)``."""
    stack = new_stack(env=ENV)
    QueueWorker(stack, "Worker", alarms=False, handler=Handler(code=ECHO, links=[secret(stack)]))
    template = Template.from_stack(stack).to_json()
    (policy,) = [
        r
        for name, r in template["Resources"].items()
        if r["Type"] == "AWS::IAM::Policy" and name.startswith("Worker")
    ]
    return policy["Properties"]["PolicyDocument"]["Statement"], template


def _kms(statements: list[Any]) -> list[Any]:
    return [s for s in statements if "kms:" in json.dumps(s["Action"])]


def test_a_secret_imported_with_its_imported_key_grants_decrypt_through_secrets_manager() -> None:
    # GIVEN the PSP's signing secret, imported by its complete ARN with its key by ARN
    def imported(stack: cdk.Stack) -> secretsmanager.ISecret:
        key = kms.Key.from_key_arn(stack, "SigningKey", KEY_ARN)
        return secretsmanager.Secret.from_secret_attributes(
            stack, "PspSigning", secret_complete_arn=SECRET_ARN, encryption_key=key
        )

    statements, _ = _worker_statements(imported)
    # THEN the worker may read the secret and decrypt it, with that key through Secrets
    # Manager only
    assert {
        "Action": ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
        "Effect": "Allow",
        "Resource": SECRET_ARN,
    } in statements
    assert _kms(statements) == [
        {"Action": "kms:Decrypt", "Condition": VIA, "Effect": "Allow", "Resource": KEY_ARN}
    ]


@pytest.mark.parametrize(
    ("secret", "in_key_policy"),
    [
        pytest.param(
            lambda s: secretsmanager.Secret(
                s, "Token", encryption_key=kms.Key(s, "Key", enable_key_rotation=True)
            ),
            True,
            id="a secret and key of the app: the key's policy names the role",
        ),
        pytest.param(
            lambda s: secretsmanager.Secret.from_secret_complete_arn(s, "Token", SECRET_ARN),
            False,
            id="a secret imported without a key",
        ),
        pytest.param(
            lambda s: secretsmanager.Secret.from_secret_attributes(
                s,
                "Token",
                secret_complete_arn=SECRET_ARN,
                encryption_key=kms.Alias.from_alias_name(s, "Managed", "alias/aws/secretsmanager"),
            ),
            False,
            id="an AWS managed key, whose policy lets the account in",
        ),
    ],
)
def test_other_secrets_keep_aws_cdk_libs_grant(
    secret: Callable[[cdk.Stack], Any], in_key_policy: bool
) -> None:
    statements, template = _worker_statements(secret)
    # THEN the role's policy grants no key of its own
    assert _kms(statements) == []
    # AND a key of the app lets the role decrypt through Secrets Manager in its own policy
    keys = [r for r in template["Resources"].values() if r["Type"] == "AWS::KMS::Key"]
    granted = [
        s
        for key in keys
        for s in key["Properties"]["KeyPolicy"]["Statement"]
        if "kms:ViaService" in json.dumps(s.get("Condition"))
    ]
    assert bool(granted) is in_key_policy
