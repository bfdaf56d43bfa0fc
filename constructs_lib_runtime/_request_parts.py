"""Parts of the requests ``constructs_lib_runtime.testing`` builds, as API Gateway writes
them: an authorizer's identity-source values, a JWT authorizer's claims, a Lambda
authorizer's context, an IAM signer's identity and the caller's address."""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from constructs_lib_runtime._event_checks import check_text, plain
from constructs_lib_runtime._kinds import kind_of

#: The account and region of every event the builders make (AWS's documentation ones).
REGION, ACCOUNT = "us-east-1", "123456789012"

#: Context variables (``$context.x``) kept elsewhere in the event's ``requestContext``
#: than their names say; the others (``routeKey``, ``stage``) are where they say.
_CONTEXT_PLACES = {
    "identity.sourceIp": "http.sourceIp",
    "identity.userAgent": "http.userAgent",
    "httpMethod": "http.method",
    "path": "http.path",
    "protocol": "http.protocol",
    "requestTime": "time",
    "requestTimeEpoch": "timeEpoch",
}


def identity_value(
    event: Mapping[str, Any],
    source: str,
    query: Mapping[str, str],
    stage_variables: Mapping[str, str],
) -> str:
    """The value of one identity source in the request, as API Gateway reads it."""
    kind, _, name = source.removeprefix("$").partition(".")
    found: object = None
    if kind == "request" and name.lower() == "header.cookie":  # moved to the cookies list
        found = "; ".join(event.get("cookies", []))
    elif kind == "request" and name.startswith("header."):
        found = event["headers"].get(name.removeprefix("header.").lower())
    elif kind == "request" and name.startswith("querystring."):
        found = query.get(name.removeprefix("querystring."))
    elif kind == "stageVariables":
        found = stage_variables.get(name)
    elif kind == "context":
        found = event["requestContext"]
        for part in _CONTEXT_PLACES.get(name, name).split("."):
            found = found.get(part) if isinstance(found, Mapping) else None
    else:
        header = source.rpartition(".")[2] or "Authorization"
        raise ValueError(
            f"http_api_authorizer_event: identity source {source!r} is not one an HTTP API "
            "takes ('$request.header.X', '$request.querystring.x', '$context.x', "
            f"'$stageVariables.x'). Fix: use one of them, e.g. '$request.header.{header}'"
        )
    if found in (None, ""):
        raise ValueError(
            f"http_api_authorizer_event: the request has no {source!r}: API Gateway answers "
            "it 401 without invoking the authorizer. Fix: pass it in headers=, query= or "
            "stage_variables= (a test of the 401 needs no authorizer event)"
        )
    return str(found)


def jwt_authorizer(claims: Mapping[str, object], scopes: Sequence[str] | None) -> dict[str, Any]:
    """``requestContext.authorizer`` of a route behind a JWT or Cognito authorizer."""
    if isinstance(scopes, str):
        raise TypeError(
            f"http_api_event: scopes is the string {scopes!r}. Fix: pass a list, e.g. "
            f"scopes=[{scopes!r}]"
        )
    if scopes is not None and (
        not isinstance(scopes, Sequence) or not all(isinstance(s, str) for s in scopes)
    ):
        raise TypeError(
            f"http_api_event: scopes is {scopes!r}; API Gateway passes the token's scopes as "
            "a list of str. Fix: pass e.g. scopes=['todos/read']"
        )
    if not isinstance(claims, Mapping) or not all(isinstance(name, str) for name in claims):
        raise TypeError(
            f"http_api_event: claims is {claims!r}; a token's claims are a dict of claim "
            "names (str) to values. Fix: pass e.g. claims={'sub': 'user-1'}"
        )
    passed = {plain(name): _claim_text(name, value) for name, value in claims.items()}
    given = None if scopes is None else [plain(scope) for scope in scopes]
    return {"jwt": {"claims": passed, "scopes": given}}


def lambda_authorizer(context: Mapping[str, object]) -> dict[str, Any]:
    """``requestContext.authorizer`` of a route behind an ``ApiAuth.function`` authorizer:
    its answer's ``context``, which reaches the route as JSON (a tuple a list, and what JSON
    cannot hold never arrives)."""
    if not isinstance(context, Mapping):
        raise TypeError(
            f"http_api_event: authorizer_context is {kind_of(context)}. Fix: pass the "
            "authorizer's context as a dict, e.g. authorizer_context={'partner': 'acme'}"
        )
    if any(not isinstance(name, str) for name in context):
        raise TypeError(
            "http_api_event: authorizer_context's keys must be strings, as JSON's are. Fix: "
            "make each key a str, e.g. str(key)"
        )
    try:
        passed = json.loads(json.dumps(dict(context), allow_nan=False))
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"http_api_event: authorizer_context cannot be sent as JSON ({error}). Fix: pass "
            "strings, numbers, booleans, lists and dicts, as the authorizer's answer must"
        ) from None
    return {"lambda": passed}


def _claim_text(name: str, value: object) -> str:
    """A claim's value as API Gateway hands it on: a string, a list as ``[a b]``."""
    value = plain(value)  # the token's JSON holds a StrEnum's value, never 'S.A'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return "[" + " ".join(_claim_text(name, v) for v in value) + "]"
    raise TypeError(
        f"http_api_event: claim {name!r} is {kind_of(value)}, not a string, number, bool "
        "or list of them (API Gateway turns each into a string). Fix: pass the claim as the "
        f"handler reads it, a string: claims={{{name!r}: '...'}}"
    )


# the callers SigV4 names: an IAM user, an account's root, an assumed role's session and
# a federated user (a role's own ARN never signs: its sessions do)
_IAM_CALLER = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):(?:iam::(?P<account>\d{12}):(?:root|user/(?P<user>.+))"
    r"|sts::(?P<sts_account>\d{12}):(?:assumed-role/[^/]+/(?P<session>[^/]+)"
    r"|federated-user/(?P<federated>[^/]+)))"
)
_ORG_ID = re.compile(r"o-[a-z0-9]{10,32}")


def iam_authorizer(caller: object, org_id: object) -> dict[str, Any]:
    """``requestContext.authorizer`` of a route behind ``ApiAuth.iam``: the signer's
    identity (``iam``), as Powertools' HTTP API event types describe it."""
    caller = check_text("http_api_event", "iam_caller", caller)
    org_id = check_text("http_api_event", "iam_org_id", org_id, optional=True)
    found = _IAM_CALLER.fullmatch(caller)
    if found is None:
        role = re.fullmatch(r"arn:(aws[a-z-]*):iam::(\d{12}):role/(?:.*/)?([^/]+)", caller)
        fix = (
            f"pass iam_caller='arn:{role[1]}:sts::{role[2]}:assumed-role/{role[3]}/session-1' "
            "(a role signs as one of its sessions)"
            if role
            else f"pass iam_caller='arn:aws:iam::{ACCOUNT}:user/partner' or "
            f"'arn:aws:sts::{ACCOUNT}:assumed-role/Partner/session-1'"
        )
        raise ValueError(
            f"http_api_event: iam_caller {caller!r} is no ARN of a principal that signs a "
            f"request (an IAM user, an assumed role's session, an account's root, a "
            f"federated user). Fix: {fix}"
        )
    if org_id is not None and not _ORG_ID.fullmatch(org_id):
        raise ValueError(
            f"http_api_event: iam_org_id {org_id!r} is no AWS Organizations ID. Fix: pass "
            "one, e.g. iam_org_id='o-a1b2c3d4e5', or leave it out (a caller outside an "
            "organization)"
        )
    account = found["account"] or found["sts_account"]
    temporary = found["session"] or found["federated"]
    if found["session"]:
        user_id = f"AROAEXAMPLEROLEID1234:{found['session']}"
    elif found["federated"]:
        user_id = f"{account}:{found['federated']}"
    else:
        user_id = "AIDAEXAMPLEUSERID1234" if found["user"] else account
    return {
        "iam": {
            "accessKey": "ASIAEXAMPLEACCESSKEY" if temporary else "AKIAEXAMPLEACCESSKEY",
            "accountId": account,
            "callerId": user_id,
            "cognitoIdentity": None,
            "principalOrgId": org_id,
            "userArn": caller,
            "userId": user_id,
        }
    }


def check_source_ip(source_ip: object) -> str:
    """``source_ip`` is one IPv4 or IPv6 address, as ``requestContext.http.sourceIp`` holds
    the caller's."""
    text = check_text("http_api_event", "source_ip", source_ip)
    try:
        ipaddress.ip_address(text)
    except ValueError:
        fix = text.partition("/")[0].strip() if "/" in text else ""
        raise ValueError(
            f"http_api_event: source_ip {text!r} is no IP address, which API Gateway puts "
            "there (one IPv4 or IPv6 address: no range, port or name). Fix: pass "
            f"one, e.g. source_ip={fix or '198.51.100.7'!r}"
        ) from None
    if "%" in text:  # a link-local zone: only the caller's own machine knows it
        raise ValueError(
            f"http_api_event: source_ip {text!r} has a zone ('%'), which no request "
            f"reaching API Gateway carries. Fix: pass source_ip={text.partition('%')[0]!r}"
        )
    return text


def route_authorizer(
    claims: Mapping[str, object] | None,
    scopes: Sequence[str] | None,
    context: Mapping[str, object] | None,
    iam_caller: str | None,
    iam_org_id: str | None,
) -> dict[str, Any] | None:
    """``requestContext.authorizer`` of the route's one auth, None for a public route."""
    given = [
        name
        for name, value in (
            ("claims=", claims),
            ("authorizer_context=", context),
            ("iam_caller=", iam_caller),
        )
        if value is not None
    ]
    if len(given) > 1:
        raise ValueError(
            f"http_api_event: {' and '.join(given)} are given; claims= come from a JWT or "
            "Cognito authorizer, authorizer_context= from an ApiAuth.function one, "
            "iam_caller= from ApiAuth.iam, and a route has one auth. Fix: pass one of them"
        )
    if scopes is not None and claims is None:
        raise ValueError(
            "http_api_event: scopes= come with a token. Fix: pass its claims= too, e.g. "
            "claims={'sub': 'user-1'}"
        )
    if iam_org_id is not None and iam_caller is None:
        raise ValueError(
            "http_api_event: iam_org_id= is the IAM signer's organization. Fix: pass its "
            "iam_caller= too, e.g. iam_caller='arn:aws:sts::111122223333:assumed-role/"
            "Partner/session-1'"
        )
    if claims is not None:
        return jwt_authorizer(claims, scopes)
    if context is not None:
        return lambda_authorizer(context)
    if iam_caller is not None:
        return iam_authorizer(iam_caller, iam_org_id)
    return None
