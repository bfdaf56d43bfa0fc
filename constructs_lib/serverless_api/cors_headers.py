"""The request headers a CORS policy must let a browser send for the API's authorizers
(the token, the SigV4 signature, a Lambda authorizer's identity headers), and the rule
that a policy listing its own ``allow_headers`` names them."""

from __future__ import annotations

from collections.abc import Sequence

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib._words import listed
from constructs_lib.serverless_api.auth import ApiAuth
from constructs_lib.serverless_api.lambda_auth import identity_headers
from constructs_lib.serverless_api.options import CorsPolicy

__all__ = ["check_cors_headers", "needed_headers"]


#: The headers a browser must be allowed to send, by auth kind: the token (JWT, Cognito),
#: or the SigV4 signature with its signing time and the session token of the temporary
#: credentials a browser signs with (IAM).
_NEEDED_HEADERS = {
    "jwt": ("authorization",),
    "cognito": ("authorization",),
    "iam": ("authorization", "x-amz-date", "x-amz-security-token"),
}


def needed_headers(auth: ApiAuth) -> tuple[str, ...]:
    """The headers a CORS policy must let a browser send for ``auth`` (lower-cased)."""
    if auth.kind == "function":  # the headers among its identity sources
        return identity_headers(auth)
    return _NEEDED_HEADERS.get(str(auth.kind), ())


def check_cors_headers(v: Validator, auths: Sequence[object], cors: CorsPolicy) -> None:
    """:func:`_check_headers` of each of the API's authorizers (its ``auth``, then the
    routes' own) that reads a header no earlier one does."""
    checked: set[str] = set()
    for auth in auths:
        needed = set(needed_headers(auth)) if isinstance(auth, ApiAuth) else set()
        if needed - checked:
            _check_headers(v, auth, cors)
            checked |= needed


def _check_headers(v: Validator, auth: object, cors: CorsPolicy) -> None:
    """A browser sends a header only when the preflight allows it by name or by ``*``,
    and ``*`` never covers ``Authorization`` (Fetch standard) nor anything when credentials
    are allowed: a JWT or Cognito API whose CORS leaves out ``authorization``, or an IAM
    API without the SigV4 headers, refuses every browser request (the default follows the
    auth; only a list the user gives is checked)."""
    headers = cors.allow_headers
    needed = needed_headers(auth) if isinstance(auth, ApiAuth) else ()
    if not isinstance(auth, ApiAuth) or not needed or headers is None:
        return
    if not isinstance(headers, list | tuple) or not all(isinstance(h, str) for h in headers):
        return  # reported with the CorsPolicy's types
    if is_unresolved(headers):
        return  # reported by check_cors
    given = {h.lower() for h in headers}
    wildcard = "*" in given and cors.allow_credentials is not True
    missing = [h for h in needed if h not in given and (h == "authorization" or not wildcard)]
    # a deploy-time item may name any one of the missing headers: missing for sure are
    # only those more than such items can name
    unknown = sum(map(is_unresolved, headers))
    if len(missing) <= unknown:
        return
    if auth.kind == "iam":
        why = "a browser's SigV4-signed request carries them, so its preflight fails"
        also = " (and 'x-amz-content-sha256' if the client's signer sends it)"
    else:
        read = "identity source the Lambda" if auth.kind == "function" else f"token the {auth.kind}"
        why = f"browsers would not send the {read} authorizer reads"
        also = ""
    if "*" in given:
        why += (
            " ('*' never covers 'authorization')"
            if "authorization" in missing
            else " ('*' covers no header when credentials are allowed)"
        )
    v.add(
        "cors.allow_headers",
        f"is {list(headers)!r}, without {_lacking(missing, unknown)}: {why}",
        f"add {_quoted(missing)}{also}{' as text' if unknown else ''}: "
        f"allow_headers={[*headers, *missing]!r}"
        + (
            " (a deploy-time item cannot stand for a required header: the library cannot "
            "see which one it names)"
            if unknown
            else ""
        )
        + "; or leave allow_headers out: the default follows the auth",
    )


def _lacking(missing: list[str], unknown: int) -> str:
    """The required headers a list lacks: each one when it has no deploy-time item (which
    may name any one of them), else how many of them are missing for sure."""
    if not unknown:
        return _quoted(missing)
    return (
        f"{len(missing) - unknown} or more of {_quoted(missing)} (its {unknown} deploy-time "
        f"item{'s' if unknown > 1 else ''} may name {unknown} of them at most)"
    )


def _quoted(names: list[str]) -> str:
    return listed([repr(n) for n in names])
