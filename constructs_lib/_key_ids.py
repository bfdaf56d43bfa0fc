"""What a KMS key's ARN names after ``key/``: a key ID, which is a lowercase UUID, or
``mrk-`` and 32 hex digits for a multi-Region key (ASCII only). ``kms.Key.from_key_arn``
takes any text (``key/orders``, the key's alias name put where its ID goes): the queue,
table or grant then named a key that is not there, and the deploy or every call of the
functions failed. The same rule for every key prop and the log groups' context key."""

from __future__ import annotations

import re

from constructs_lib._jsii import is_unresolved

__all__ = ["KEY_ID_PATTERN", "key_id_problem"]

#: A key ID, as a regular expression (no anchors).
KEY_ID_PATTERN = (
    r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})"
)
_KEY_ID = re.compile(KEY_ID_PATTERN, re.ASCII)


def key_id_problem(arn: object) -> str | None:
    """Why the literal KMS ``arn`` names no key (``"the key 'arn:...:key/orders', whose
    ..."``), or None: a key ID's ARN, an alias's (the alias rules' own), a token."""
    if not isinstance(arn, str) or is_unresolved(arn) or arn.count(":") < 5:
        return None
    # (aws-cdk-lib's from_key_arn refuses an ARN with neither key/ nor alias/ itself)
    kind, _, key_id = arn.split(":", 5)[5].partition("/")
    if kind != "key" or _KEY_ID.fullmatch(key_id):
        return None
    return (
        f"the key {arn!r}, whose key ID {key_id!r} is no KMS key ID (a lowercase UUID, or "
        "mrk- and 32 hex digits for a multi-Region key), so it names no key"
    )
