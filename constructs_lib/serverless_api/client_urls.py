"""A Cognito app client's callback and sign-out URLs, which Cognito takes over HTTPS only
(``http://localhost`` aside, for development; an app's own scheme, ``myapp://callback``, for
native apps) and refuses at deploy otherwise."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["check_client_urls"]


def check_client_urls(v: Validator, prop: str, cfn: Any) -> None:
    """Adds a problem for each literal callback or sign-out URL of the client ``cfn`` (a
    ``CfnUserPoolClient``) that Cognito would refuse."""
    for field, setting in (("callback_ur_ls", "callback_urls"), ("logout_ur_ls", "logout_urls")):
        urls = getattr(cfn, field, None)
        if not isinstance(urls, list):
            continue
        for url in urls:
            if not isinstance(url, str) or is_unresolved(url):
                continue
            parts = urlsplit(url)
            local = parts.scheme == "http" and parts.hostname == "localhost"
            # a native app's own scheme (myapp://callback, com.example.app://auth): Cognito
            # takes it ("App callback URLs such as myapp://example are also supported")
            native = parts.scheme not in ("", "http", "https") and bool(parts.netloc or parts.path)
            v.check(
                (parts.scheme == "https" and bool(parts.hostname)) or local or native,
                prop,
                f"has the {setting[:-1].replace('_', ' ')} {url!r}: Cognito takes https:// "
                "URLs only (http:// only for localhost), so the deploy would fail",
                f"write it with https:// in the client's o_auth=cognito.OAuthSettings("
                f"{setting}=[...]), or http://localhost:<port> for local development (a native "
                "app's own scheme, myapp://callback, is taken too)",
            )
