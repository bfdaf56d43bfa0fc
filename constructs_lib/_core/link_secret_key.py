"""The synth warning of a link to another account's secret imported without its KMS key
(``Secret.from_secret_complete_arn(...)`` of another team's secret).

Secrets Manager lets another account read a secret only when a customer managed key
encrypts it (the AWS managed key ``aws/secretsmanager`` works in its own account only), and
the reading role then needs ``kms:Decrypt`` on that key in its own policy, beside the
secret's grant. Imported without its key, the link grants the secret alone: every
GetSecretValue is denied, at run time only. A warning, not an error: the role may get the
key's use from a statement of the user's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Annotations

from constructs_lib._env import imported_from_other_account
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib._core.links import ResolvedLink

__all__ = ["OTHER_ACCOUNT_SECRET_KEY_WARNING", "warn_of_keyless_other_account_secret"]

#: The id to acknowledge (``cdk.Annotations.of(scope).acknowledge_warning(...)``).
OTHER_ACCOUNT_SECRET_KEY_WARNING = "constructs_lib:otherAccountSecretKey"


def warn_of_keyless_other_account_secret(v: Validator, link: ResolvedLink, where: str) -> None:
    """Warns on ``v.scope`` when ``link`` (to a secret, the prop ``where``) names another
    account's secret imported without the key it must be encrypted with."""
    secret = link.resource
    if secret.encryption_key is not None or not imported_from_other_account(v.scope, secret):
        return
    account = str(secret.secret_arn).split(":")[4]
    Annotations.of(v.scope).add_warning_v2(
        OTHER_ACCOUNT_SECRET_KEY_WARNING,
        f"`{where}` links the secret {link.owner.node.path} of the account {account}, "
        "imported without its KMS key: Secrets Manager shares a secret with another account "
        "only when a customer managed key encrypts it (never aws/secretsmanager), and the "
        "function's role needs kms:Decrypt on that key besides the secret's grant, so every "
        "GetSecretValue would be denied. Fix: import it with its key, "
        "secretsmanager.Secret.from_secret_attributes(self, 'Secret', "
        "secret_complete_arn=..., encryption_key=kms.Key.from_key_arn(self, 'SecretKey', "
        "<the key's ARN, from the secret's owner>)): the link then grants kms:Decrypt on it "
        "through Secrets Manager (the key's policy must let this account in). If the role "
        "gets the key's use from a statement of yours, acknowledge "
        f"'{OTHER_ACCOUNT_SECRET_KEY_WARNING}'.",
    )
