"""Fixes 6 and 7: HTTP API CorsConfiguration / stage route settings stored PascalCase; the
JWT authorizer fetches the issuer's discovery document and JWKS.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from ._base import _original, _provisioners
from .loopback import _is_loopback_host

# JSON file {"<issuer>": {"keys": [...]}}: the JWKS the HTTP API's JWT authorizer uses
# for each issuer instead of fetching the issuer's discovery document and keys.
LOCAL_JWKS_ENV = "LOCAL_JWKS_FILE"


# --- 6. HTTP API CorsConfiguration / stage route settings stored PascalCase ------------


def _camel(value: Any) -> Any:
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: v for k, v in value.items()}
    return value


def _camel_cors(props: dict[str, Any]) -> dict[str, Any]:
    if isinstance(props.get("CorsConfiguration"), dict):
        return {**props, "CorsConfiguration": _camel(props["CorsConfiguration"])}
    return props


def _api_create(logical_id: str, props: dict[str, Any], stack_name: str) -> Any:
    return _original(_provisioners(), "_apigw_v2_api_create")(
        logical_id, _camel_cors(props), stack_name
    )


def _api_update(
    physical_id: str,
    old: dict[str, Any],
    new: dict[str, Any],
    stack_name: str,
    logical_id: str | None = None,
) -> Any:
    return _original(_provisioners(), "_apigw_v2_api_update")(
        physical_id, _camel_cors(old), _camel_cors(new), stack_name, logical_id
    )


def _stage_props(props: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = _original(_provisioners(), "_apigw_v2_stage_props")(props)
    record["defaultRouteSettings"] = _camel(record.get("defaultRouteSettings") or {})
    record["routeSettings"] = {
        key: _camel(value) for key, value in (record.get("routeSettings") or {}).items()
    }
    return record


def _apply_http_api_case() -> None:
    p = _provisioners()
    for name, patched in (
        ("_apigw_v2_api_create", _api_create),
        ("_apigw_v2_api_update", _api_update),
        ("_apigw_v2_stage_props", _stage_props),
    ):
        _original(p, name)
        setattr(p, name, patched)
    handlers = p._RESOURCE_HANDLERS["AWS::ApiGatewayV2::Api"]
    handlers["create"], handlers["update"] = _api_create, _api_update


def _canary_http_api_case() -> dict[str, bool]:
    from ministack.services import apigateway

    p = _provisioners()
    props = {
        "Name": "canary",
        "ProtocolType": "HTTP",
        "CorsConfiguration": {"AllowOrigins": ["https://site.example"], "MaxAge": 600},
    }
    origin = "https://site.example"

    def allowed(create: Callable[..., Any]) -> bool:
        api_id, _ = create("CanaryApi", dict(props), "Canary")
        try:
            cors = apigateway._apis[api_id].get("corsConfiguration") or {}
            headers = apigateway._cors_response_headers(cors, origin)
            return bool(headers.get("Access-Control-Allow-Origin") == origin)
        finally:
            p._apigw_v2_api_delete(api_id, {})

    stage = {"DefaultRouteSettings": {"ThrottlingRateLimit": 50, "ThrottlingBurstLimit": 100}}
    original_stage = _original(p, "_apigw_v2_stage_props")(stage)["defaultRouteSettings"]
    fixed_stage = _stage_props(stage)["defaultRouteSettings"]
    return {
        "defect": not allowed(_original(p, "_apigw_v2_api_create"))
        and "throttlingRateLimit" not in original_stage,
        "fixed": allowed(_api_create) and fixed_stage.get("throttlingRateLimit") == 50,
    }


# --- 7. JWT authorizer fetches the issuer's discovery document and JWKS ---------------

_LOCAL_SCHEME = "local-jwks:"


def _local_jwks() -> dict[str, Any]:
    path = os.environ.get(LOCAL_JWKS_ENV)
    if not path or not Path(path).is_file():
        return {}
    return {k.rstrip("/"): v for k, v in json.loads(Path(path).read_text()).items()}


async def _local_jwks_uri(issuer: str) -> str | None:
    issuer = issuer.rstrip("/")
    if issuer in _local_jwks():
        return _LOCAL_SCHEME + issuer
    return None  # never fetched: the authorizer then denies (401)


async def _fetch_local_jwks(url: str) -> dict[str, Any]:
    if url.startswith(_LOCAL_SCHEME):
        return dict(_local_jwks()[url[len(_LOCAL_SCHEME) :]])
    from urllib.parse import urlsplit

    if _is_loopback_host(urlsplit(url).hostname or ""):
        fetch: Callable[[str], Awaitable[dict[str, Any]]] = _original(_apigateway(), "_fetch_jwks")
        return await fetch(url)
    raise OSError(f"JWKS {url} is not in {LOCAL_JWKS_ENV} and not on loopback: not fetched")


def _apigateway() -> Any:
    from ministack.services import apigateway

    return apigateway


def _apply_local_jwks() -> None:
    module = _apigateway()
    for name, patched in (
        ("_fetch_oidc_jwks_uri", _local_jwks_uri),
        ("_fetch_jwks", _fetch_local_jwks),
    ):
        _original(module, name)
        setattr(module, name, patched)


def _canary_local_jwks() -> dict[str, bool]:
    module = _apigateway()
    issuer = "https://auth.example.com/"
    jwks = {"keys": [{"kty": "RSA", "kid": "canary", "n": "AQAB", "e": "AQAB"}]}
    fetched: list[str] = []

    async def record(url: Any, timeout: float) -> Any:
        fetched.append(url if isinstance(url, str) else url.full_url)
        raise OSError("canary: no network")

    saved = module._urlopen_async
    module._urlopen_async = record
    module._oidc_config_cache.clear()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({issuer: jwks}, handle)
    previous = os.environ.get(LOCAL_JWKS_ENV)
    try:
        os.environ.pop(LOCAL_JWKS_ENV, None)
        # unpatched: resolving the JWKS URL goes to the issuer's discovery document
        _original(module, "_fetch_oidc_jwks_uri")
        asyncio.run(_original(module, "_fetch_oidc_jwks_uri")(issuer))
        defect = any(url.startswith("https://auth.example.com/") for url in fetched)
        fetched.clear()
        os.environ[LOCAL_JWKS_ENV] = handle.name
        url = asyncio.run(_local_jwks_uri(issuer))
        got = asyncio.run(_fetch_local_jwks(url)) if url else None
        with contextlib.suppress(OSError):
            asyncio.run(_fetch_local_jwks("https://elsewhere.example/jwks.json"))
        fixed = got == jwks and not fetched
    finally:
        module._urlopen_async = saved
        module._oidc_config_cache.clear()
        os.unlink(handle.name)
        if previous is None:
            os.environ.pop(LOCAL_JWKS_ENV, None)
        else:
            os.environ[LOCAL_JWKS_ENV] = previous
    return {"defect": defect, "fixed": fixed}
