"""The synth warning of a link to a secret known only by a partial ARN (imported by name,
``Secret.from_secret_name_v2(self, "Signing", "webhooks/stripe-secret")``, or by a partial
ARN) whose name ends in a hyphen and six characters.

Secrets Manager adds a hyphen and six random characters to every secret's ARN, and reads an
ARN whose name ends in such six characters as a complete one: the link's variable holds the
partial ARN, so GetSecretValue on it looks for a secret named ``webhooks/stripe`` and finds
none (ResourceNotFoundException, or AccessDeniedException, the grant naming the real one).
moto resolves such an ARN all the same, so a handler's tests pass and only AWS fails it.
The same shape is a complete ARN given to ``from_secret_partial_arn``
(``.../secret:prod/db-AbCdEf``): its grant names ``prod/db-AbCdEf-??????``, which the secret
does not match. A warning, not an error: for a name that really ends so the grant is
right, and code that reads the secret by its name works."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aws_cdk import Annotations

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from constructs_lib._core.links import ResolvedLink

__all__ = ["PARTIAL_SECRET_ARN_WARNING", "warn_of_partial_secret_arn"]

#: The id to acknowledge (``cdk.Annotations.of(scope).acknowledge_warning(...)``).
PARTIAL_SECRET_ARN_WARNING = "constructs_lib:secretPartialArn"
# The random suffix is six letters and digits: a name ending so is read as one.
_ENDS_LIKE_A_SUFFIX = re.compile(r"-[A-Za-z0-9]{6}\Z")


def warn_of_partial_secret_arn(v: Validator, link: ResolvedLink, where: str) -> None:
    """Warns on ``v.scope`` when ``link`` (to a secret, the prop ``where``) would hand the
    function a partial ARN that Secrets Manager takes for a complete one."""
    secret = link.resource
    if secret.secret_full_arn is not None:
        return
    _, found, name = str(secret.secret_arn).partition(":secret:")
    if not found or is_unresolved(name) or not _ENDS_LIKE_A_SUFFIX.search(name):
        return
    Annotations.of(v.scope).add_warning_v2(
        PARTIAL_SECRET_ARN_WARNING,
        f"`{where}` links the secret {link.owner.node.path}, known only by its name "
        f"{name!r}, which ends in a hyphen and six characters: {link.env} gets its partial "
        "ARN (without the six random characters Secrets Manager adds to every secret's ARN), "
        f"which Secrets Manager reads as a complete ARN ending in {name[-7:]!r}, so "
        "GetSecretValue(SecretId=...) finds no secret in AWS (moto finds it: tests pass); "
        f"and if {name!r} is a complete ARN's name, the grant names '{name}-??????', which "
        "that secret does not match, so reading it is denied. "
        "Fix: import the secret with its complete ARN, as the console shows it "
        "(secretsmanager.Secret.from_secret_complete_arn(...)), or rename the secret. If the "
        f"code reads the secret by its name, acknowledge '{PARTIAL_SECRET_ARN_WARNING}'.",
    )
