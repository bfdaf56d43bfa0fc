"""A secret imported by a partial ARN or name that already ends in Secrets Manager's
six-character suffix (``Secret.from_secret_partial_arn(..., ".../secret:prod/db-AbCdEf")``):
aws-cdk-lib grants ``prod/db-AbCdEf-??????``, which the secret's full ARN does not match,
so the function is denied its value at run time. A warning, not an error: a secret may be
named so (``my-secret`` ends in ``-secret``)."""

from __future__ import annotations

import re
from typing import Any

from aws_cdk import Annotations
from constructs import Construct

from constructs_lib._jsii import implements, is_unresolved
from constructs_lib._loaded import loaded_module

__all__ = ["PARTIAL_SECRET_ARN_WARNING", "warn_of_suffixed_partial_arn"]

PARTIAL_SECRET_ARN_WARNING = "constructs_lib:partialSecretArnWithSuffix"
# what Secrets Manager appends to a secret's name in its full ARN
_SUFFIX = re.compile(r"-[A-Za-z0-9]{6}")


def warn_of_suffixed_partial_arn(scope: Construct, secret: Any, prop: str) -> None:
    """Warns on ``scope`` when ``secret`` (given as ``prop``) is such an import."""
    secretsmanager = loaded_module("aws_secretsmanager")  # no secret exists without it
    if secretsmanager is None or not implements(secret, secretsmanager.ISecret):
        return
    arn = secret.secret_arn
    if secret.secret_full_arn is not None or is_unresolved(arn):
        return
    name = arn.split(":", 6)[-1]
    if not _SUFFIX.fullmatch(name[-7:]):
        return
    Annotations.of(scope).add_warning_v2(
        PARTIAL_SECRET_ARN_WARNING,
        f"{prop}: the secret {secret.node.path} was imported by a partial ARN or name, "
        f"{name!r}, that ends like the 6-character suffix Secrets Manager adds to a "
        f"secret's full ARN: the grant names '{name}-??????', which that secret's ARN does "
        "not match, so reading its value would be denied. Fix: import it by its full ARN, "
        "secretsmanager.Secret.from_secret_complete_arn(self, 'Secret', <the ARN>); if the "
        f"secret's name really ends so, acknowledge '{PARTIAL_SECRET_ARN_WARNING}'.",
    )
