"""Secrets in a StaticSite's ``runtime_config``: ``/config.json`` is public, anyone on the
internet reads it (pure but for resolving a deploy-time value to its CloudFormation text)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aws_cdk import Stack
from jsii.errors import JSIIError

from constructs_lib._jsii import is_unresolved
from constructs_lib._loaded import loaded_module
from constructs_lib._secret_names import looks_secret
from constructs_lib._validation import Validator

__all__ = ["check_config_clients", "check_config_secrets"]

#: What a secret's value resolves to in CloudFormation: a Secrets Manager dynamic reference,
#: a user pool client's secret (aws-cdk-lib reads it with a custom resource).
_SECRET_VALUES = ("{{resolve:secretsmanager:", "UserPoolClient.ClientSecret")
_FIX = (
    "keep secrets out of the page: a public client (cognito UserPoolClient with "
    "generate_secret=False and the code flow with PKCE) needs none, and a call that needs one "
    "goes through your API, whose function reads it at run time (Handler(links=[secret]))"
)


def check_config_secrets(v: Validator, config: Mapping[str, Any]) -> None:
    """Adds a problem for each key of ``config`` (nested too) that holds a secret."""
    for path, value in _leaves(config, "runtime_config"):
        name = path.rsplit("[", 1)[-1].strip("']")
        text = _text(v, value)
        if any(marker in text for marker in _SECRET_VALUES):
            v.add(
                path,
                "is a secret's value (from Secrets Manager or a user pool client's secret), "
                "written into /config.json, which anyone on the internet may read",
                _FIX,
            )
        elif (
            text
            and not is_unresolved(value)
            and looks_secret(name, in_a_browser=True)
            and _may_be_secret(text)
        ):
            v.add(
                path,
                "looks like a secret (its name says so), written into /config.json, which "
                "anyone on the internet may read",
                _FIX + "; if it is meant to be public, name it for what it is (e.g. 'publicKey')",
            )


def check_config_clients(v: Validator, config: Mapping[str, Any]) -> None:
    """Adds a problem for each key of ``config`` naming a Cognito client with a secret: the
    page cannot keep it, and without it the client's token requests fail."""
    cognito = loaded_module("aws_cognito")  # a client was built with it
    if cognito is None:
        return
    clients = [
        c
        for c in Stack.of(v.scope).node.find_all()
        if isinstance(c, cognito.UserPoolClient)
        and isinstance(c.node.default_child, cognito.CfnUserPoolClient)
        and c.node.default_child.generate_secret is True
    ]
    for path, value in _leaves(config, "runtime_config"):
        for client in clients:
            v.check(
                not (isinstance(value, str) and client.user_pool_client_id in value),
                path,
                f"is the id of {client.node.path}, a client with a secret "
                "(generate_secret=True): the page cannot keep it, and Cognito refuses the "
                "client's sign-in without it",
                "give the page a public client: user_pool.add_client('Web', "
                "generate_secret=False, o_auth=...) (the default), with the code flow and PKCE",
            )


def _leaves(value: object, path: str) -> list[tuple[str, object]]:
    if isinstance(value, Mapping):
        return [leaf for key, item in value.items() for leaf in _leaves(item, f"{path}[{key!r}]")]
    if isinstance(value, list | tuple):
        return [
            leaf for index, item in enumerate(value) for leaf in _leaves(item, f"{path}[{index}]")
        ]
    return [(path, value)]


def _may_be_secret(text: str) -> bool:
    """Not a page's own text under such a name: a path or URL (``resetPassword: "/reset"``),
    a label with spaces (``forgotPassword: "Forgot your password?"``), a secret's ARN
    (``dbSecret: "arn:aws:secretsmanager:..."``, which names it and gives nothing away)."""
    return not (
        text.startswith(("/", "http://", "https://", "#", "arn:")) or any(c.isspace() for c in text)
    )


def _text(v: Validator, value: object) -> str:
    """``value`` as CloudFormation gets it ('' for a non-string or one not resolvable here)."""
    if not isinstance(value, str):
        return ""
    if not is_unresolved(value):
        return value.strip()
    try:
        return json.dumps(Stack.of(v.scope).resolve(value))
    except (JSIIError, TypeError):
        return ""
