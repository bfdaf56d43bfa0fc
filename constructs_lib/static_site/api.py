"""StaticSite(api=...): a ServerlessApi served through the site's distribution, on the
site's own origin, under ``api_path`` (``/api`` by default).

The design: CloudFront forwards ``{api_path}/*`` to the API's default endpoint with the
path unchanged, so the API's routes carry the prefix themselves (``GET /api/todos``). No
CloudFront Function strips the prefix and no custom domain or API mapping is needed; the
same route answers through the site and on the API's own URL. A route outside the prefix
would be unreachable through the site, so it is a ConstructError naming the fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._core.link_cycles import check_no_cycle, record_reference
from constructs_lib._env import check_same_stage
from constructs_lib._jsii import described, given, shown
from constructs_lib._stack_references import check_region_known, reads_across_regions
from constructs_lib._validation import Validator
from constructs_lib.serverless_api import ServerlessApi
from constructs_lib.serverless_api.routes import DEFAULT_ROUTE

__all__ = [
    "API_URL_KEY",
    "api_behavior",
    "api_config",
    "api_path_pattern",
    "spa_routing",
    "validate_api",
]

_API_PATH = re.compile(r"^(?:/[A-Za-z0-9._~-]+)+\Z")
# The key of runtime_config the page reads the API's base URL from.
API_URL_KEY = "apiUrl"
# SPA routing without distribution-wide error pages (cloudfront-js-2.0): a path whose last
# segment has no "." is a client-side route and gets the root object; files pass through.
SPA_ROUTING_CODE = """function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") === -1) {
    request.uri = "/ROOT_OBJECT";
  }
  return request;
}
"""


def api_path_pattern(api_path: str) -> str:
    """The distribution's path pattern for the API: ``/api`` -> ``/api/*``."""
    return f"{api_path}/*"


def api_config(
    api: ServerlessApi | None, api_path: str, runtime_config: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    """What ``/config.json`` holds: ``runtime_config``, plus ``apiUrl: api_path`` (a path on
    the site's own origin) when the site serves ``api``."""
    if api is None:
        return runtime_config
    return {API_URL_KEY: api_path, **(runtime_config or {})}


def validate_api(
    v: Validator,
    *,
    api: object,
    api_path: object,
    api_origins: Sequence[str],
    runtime_config: object,
) -> None:
    """The rules of ``api`` and ``api_path`` and how they meet the other props."""
    path_ok = _check_api_path(v, api_path)
    if api is None:
        v.check(
            # a path only: a wrong one (None, a config's null, or '') is told what api_path
            # takes and its default by its own rule, not to add an api
            not path_ok or api_path == _defaults.SITE_API_PATH,
            "api_path",
            f"is {given(api_path)}, but no api is given whose routes it would prefix",
            "pass api= the ServerlessApi to serve under it, or drop api_path",
        )
        return
    if not isinstance(api, ServerlessApi):
        v.add(
            "api",
            f"is {described(api)}; it must be a ServerlessApi",
            "pass the ServerlessApi construct itself (not its URL); to let the page call "
            "another API across origins, list its URL in api_origins instead",
        )
        return
    if not check_same_stage(v, api, "api") or not check_region_known(
        v, api, "api", "API", "the site's"
    ):
        return
    if not check_no_cycle(
        v,
        "api",
        api.http_api,
        f"the ServerlessApi {api.node.path}",
        reason="serving it would make each stack depend on the other,",
        fix="build the StaticSite in the API's stack, or move what the API's functions link "
        "out of the site's stack (into the API's stack or a third one)",
    ):
        return
    # the pattern these name (a wrong api_path is its own problem: named by the prop)
    pattern = api_path_pattern(api_path) if path_ok and isinstance(api_path, str) else "api_path/*"
    _check_default_endpoint(v, api, pattern)
    _check_unsigned(v, api, pattern)
    if path_ok:
        assert isinstance(api_path, str)
        _check_routes(v, api, api_path)
    if isinstance(api_origins, list | tuple) and api.url in api_origins:
        v.add(
            "api_origins",
            "lists api.url, which the site already serves on its own origin (api=)",
            "drop api.url from api_origins: the CSP's 'self' covers the API under api_path",
        )
    if isinstance(runtime_config, Mapping) and API_URL_KEY in runtime_config:
        value = runtime_config[API_URL_KEY]
        named = "api.url" if value == api.url else shown(value)
        v.check(
            value == api_path,
            f"runtime_config[{API_URL_KEY!r}]",
            f"is {named}, but with api= the page must call the API on the site's own origin "
            f"at {api_path!r} (another origin is blocked by the CSP and needs CORS)",
            f"drop {API_URL_KEY!r} from runtime_config: with api= StaticSite writes "
            f"{API_URL_KEY!r}: {api_path!r} into /config.json itself",
        )


def _check_api_path(v: Validator, api_path: object) -> bool:
    if not isinstance(api_path, str):
        return False  # the type check reports it
    if not v.known_at_synth(
        api_path,
        "api_path",
        "it is the path pattern of the distribution's API behavior, and every route of api "
        "must start with it",
        "pass '/api' (the default) or another prefix such as '/backend/v1'",
    ):
        return False
    return v.check(
        bool(_API_PATH.match(api_path)),
        "api_path",
        f"is {api_path!r}; it must be a path such as '/api': a leading '/', no trailing '/', "
        "no wildcard, not '/' itself (the site's files are served there)",
        "pass '/api' (the default) or another prefix such as '/backend/v1'",
    )


def _check_routes(v: Validator, api: ServerlessApi, api_path: str) -> None:
    prefix = f"{api_path}/"
    outside = [
        key
        for key in api.functions
        if key != DEFAULT_ROUTE and not key.partition(" ")[2].startswith(prefix)
    ]
    if not outside:
        return
    renamed = ", ".join(
        f"{key!r} -> '{method} {api_path}{path}'"
        for key in outside[:3]
        for method, _, path in [key.partition(" ")]
    )
    v.add(
        "api",
        f"has routes outside api_path {api_path!r}: {', '.join(map(repr, outside))}. "
        f"CloudFront forwards {api_path_pattern(api_path)} to the API with the path "
        "unchanged, so only routes under that prefix answer through the site",
        f"start every route of the ServerlessApi with {prefix!r} ({renamed}), or pass the "
        "api_path its routes share",
    )


def _check_default_endpoint(v: Validator, api: ServerlessApi, pattern: str) -> None:
    """The distribution reaches the API at its ``execute-api`` endpoint (see
    :func:`api_behavior`), which ``disable_default_endpoint=True`` of its ``ApiDomain`` or
    ``ApiDomainMapping`` turns off."""
    v.check(
        not api.http_api.disable_execute_api_endpoint,
        "api",
        f"is {api.node.path}, whose domain turns off its execute-api endpoint "
        "(disable_default_endpoint=True in its domain=), but the site forwards "
        f"{pattern} to that endpoint: every API call through the site would be "
        "answered 403 Forbidden",
        "drop disable_default_endpoint=True (the site and the custom domain both reach the "
        "API then), or leave out api= and let the page call the domain across origins "
        "(api_origins=[api.url] on the site, cors= on the API)",
    )


def _check_unsigned(v: Validator, api: ServerlessApi, pattern: str) -> None:
    """CloudFront signs no request to API Gateway (origin access control signs S3, Lambda
    function URL, MediaStore and MediaPackage origins only), and SigV4 signs the Host
    header: a signature the page makes is for the site's host, while the API checks it
    against its own (the site forwards every viewer header but Host). Refused only when no
    route takes anything else: a route's own JWT, Cognito or Lambda authorizer
    (``Route(auth=...)``) on an IAM API is reached through the site as any route is."""
    own = (a for a in api.authorizers.values() if a is not None and a is not api.authorizer)
    v.check(
        not isinstance(api.authorizer, authorizers.HttpIamAuthorizer)
        or not all(isinstance(a, authorizers.HttpIamAuthorizer) for a in own),
        "api",
        f"is {api.node.path}, whose routes take only SigV4-signed requests (ApiAuth.iam()), "
        f"but the site forwards {pattern} through CloudFront, which signs no request to "
        "API Gateway, and a signature the page makes covers the site's host, not the API's: "
        "every API call through the site would be answered 403 Forbidden",
        "give the API ApiAuth.jwt(...) or ApiAuth.cognito(...) (the page sends the user's "
        "token in the Authorization header, which the site forwards), or leave out api= and "
        "let IAM-signed callers call api.url directly",
    )


def api_behavior(
    site: Construct, api: ServerlessApi, headers_policy: cloudfront.IResponseHeadersPolicy
) -> cloudfront.BehaviorOptions:
    """The behavior of ``site``'s distribution for ``api`` (noted as a reference of the
    site's stack to the API's, so that a later link back is refused as a cycle):
    ``{api_path}/*`` to the API's default endpoint over HTTPS (TLS 1.2), never cached,
    every method, every viewer header, cookie and query string forwarded (so
    ``Authorization`` reaches the authorizer) except ``Host`` (API Gateway answers to its
    own host name only), with the site's security headers."""
    record_reference(site, api.http_api, f"{site.node.path} serves the API {api.node.path}", "api")
    reads_across_regions(site, api)
    stack = Stack.of(api)
    domain = f"{api.http_api.api_id}.execute-api.{stack.region}.{stack.url_suffix}"
    return cloudfront.BehaviorOptions(
        origin=origins.HttpOrigin(
            domain,
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
        ),
        viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
        cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
        origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        response_headers_policy=headers_policy,
        # CloudFront compresses only what its cache policy lets it cache: nothing here.
        compress=False,
    )


def spa_routing(site: Construct, root_object: str) -> cloudfront.FunctionAssociation:
    """The viewer-request function of the default behavior of an SPA with ``api``: it
    serves ``root_object`` for client-side routes, so the distribution needs no error
    pages, which CloudFront would also apply to the API's 403 and 404 answers."""
    function = cloudfront.Function(
        site,
        "SpaRouting",
        code=cloudfront.FunctionCode.from_inline(
            SPA_ROUTING_CODE.replace("ROOT_OBJECT", root_object)
        ),
        runtime=cloudfront.FunctionRuntime.JS_2_0,
        comment="constructs_lib StaticSite: client-side routes -> the root object",
    )
    return cloudfront.FunctionAssociation(
        function=function, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
    )
