"""What no ARN has: whitespace (a line break or a space copied from a console or a file
with the ARN) and an account that is not an account ID. aws-cdk-lib's ``from_..._arn``
methods take both, and the grants and variables then name a resource that is not there;
the template synthesized and the functions were denied at run time."""

from __future__ import annotations

import re

__all__ = ["arn_shape_problem"]

_ACCOUNT_ID = re.compile(r"[0-9]{12}")


def arn_shape_problem(arn: str) -> tuple[str, str] | None:
    """What is wrong with a literal ``arn`` (at least six ``:``-separated parts) and the
    fix, or None. An empty account (an S3 bucket's ARN) is one."""
    if any(character.isspace() for character in arn):
        cleaned = "".join(arn.split())
        return (
            f"was imported from {arn!r}, whose whitespace (a line break or space copied "
            "with it) no ARN has",
            f"pass the ARN without it: {cleaned!r} (strip a value read from a file or "
            "the environment)",
        )
    account = arn.split(":")[4]
    if account and not _ACCOUNT_ID.fullmatch(account):
        return (
            f"was imported from {arn!r}, whose account {account!r} is not an account ID "
            "(12 digits)",
            "pass the ARN with the owner's 12-digit account ID (aws sts "
            "get-caller-identity prints yours)",
        )
    return None
