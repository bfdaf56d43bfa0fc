"""StaticSite's CloudFront side: the security headers policy and the distribution."""

from __future__ import annotations

import enum
from typing import TypeVar

from aws_cdk import Annotations, Aws, Duration, Names
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from constructs import Construct

from constructs_lib import _defaults, _nag, _nag_site
from constructs_lib._injected_viewer_tls import check_viewer_tls
from constructs_lib._injector_errors import injector_errors, may_inject
from constructs_lib._stack_references import reads_across_regions
from constructs_lib.static_site.api import api_behavior, api_path_pattern, spa_routing
from constructs_lib.static_site.props import StaticSiteProps

_LIST_BUCKET_WARNING = "@aws-cdk/aws-cloudfront-origins:listBucketSecurityRisk"

__all__ = ["security_headers_policy", "site_distribution"]

_E = TypeVar("_E", bound=enum.Enum)

# S3 answers 403 for a missing key (CloudFront may not list the bucket), 404 otherwise.
_MISSING_FILE_STATUSES = (403, 404)
# CloudFront's length limits on the names of account-wide objects and on comments.
_POLICY_NAME_MAX_LENGTH, _ACCESS_CONTROL_NAME_MAX_LENGTH, _COMMENT_MAX_LENGTH = 128, 64, 128


def security_headers_policy(
    site: Construct, content_security_policy: str
) -> cloudfront.ResponseHeadersPolicy:
    """HSTS, nosniff, frame denial, referrer policy and ``content_security_policy`` on every
    response, with ``override`` so the origin cannot drop them. Rendered from the same
    defaults as :func:`~constructs_lib.static_site.headers.security_headers`."""
    return cloudfront.ResponseHeadersPolicy(
        site,
        "SecurityHeaders",
        response_headers_policy_name=_global_name(site, _POLICY_NAME_MAX_LENGTH),
        comment="constructs_lib StaticSite security headers",
        security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
            strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                access_control_max_age=Duration.days(_defaults.SITE_HSTS_MAX_AGE_DAYS),
                include_subdomains=True,
                preload=False,
                override=True,
            ),
            content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
            frame_options=cloudfront.ResponseHeadersFrameOptions(
                frame_option=_option(cloudfront.HeadersFrameOption, _defaults.SITE_FRAME_OPTIONS),
                override=True,
            ),
            referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                referrer_policy=_option(
                    cloudfront.HeadersReferrerPolicy, _defaults.SITE_REFERRER_POLICY
                ),
                override=True,
            ),
            content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                content_security_policy=content_security_policy, override=True
            ),
        ),
    )


def site_distribution(
    site: Construct,
    props: StaticSiteProps,
    *,
    bucket: s3.IBucket,
    log_bucket: s3.IBucket,
    headers_policy: cloudfront.IResponseHeadersPolicy,
) -> cloudfront.Distribution:
    """The distribution serving ``bucket`` through Origin Access Control over HTTPS only,
    logging to ``log_bucket`` under ``cloudfront/``; ``/config.json`` (with
    ``runtime_config`` or ``api``) is never cached; with ``api``, ``{api_path}/*`` goes to
    the API (see :func:`~constructs_lib.static_site.api.api_behavior`)."""
    origin = _private_origin(site, bucket, may_list=props.api is not None)
    behaviors: dict[str, cloudfront.BehaviorOptions] = {}
    if props.config is not None:
        behaviors[f"/{_defaults.SITE_RUNTIME_CONFIG_FILE}"] = _behavior(
            origin, headers_policy, cloudfront.CachePolicy.CACHING_DISABLED
        )
    if props.api is not None:
        behaviors[api_path_pattern(props.api_path)] = api_behavior(site, props.api, headers_policy)
    default = _behavior(
        origin,
        headers_policy,
        cloudfront.CachePolicy.CACHING_OPTIMIZED,
        allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        functions=[spa_routing(site, props.default_root_object)]
        if _spa_by_function(props)
        else None,
    )
    # aws-cdk-lib refusing what an injector returned names the distribution, as for the
    # library's other L2s (a bare jsii RuntimeError otherwise)
    with injector_errors(site, "Distribution", cloudfront.Distribution, "cloudfront.Distribution"):
        distribution = _distribution(site, props, default, behaviors, log_bucket)
    reads_across_regions(site, props.certificate)
    if props.certificate is not None and may_inject(site):  # an injector's older policy
        check_viewer_tls(distribution, _defaults.SITE_MINIMUM_PROTOCOL_VERSION)
    _acknowledge_omitted_protections(distribution, props)
    if props.api is not None:
        # CDK warns on every origin with AccessLevel.LIST, asking for a default root
        # object; the distribution always has one (props.default_root_object)
        Annotations.of(distribution).acknowledge_warning(
            _LIST_BUCKET_WARNING,
            f"the distribution's default root object is {props.default_root_object}",
        )
    return distribution


def _distribution(
    site: Construct,
    props: StaticSiteProps,
    default: cloudfront.BehaviorOptions,
    behaviors: dict[str, cloudfront.BehaviorOptions],
    log_bucket: s3.IBucket,
) -> cloudfront.Distribution:
    """The L2 itself (what a property injector of cloudfront.Distribution receives)."""
    return cloudfront.Distribution(
        site,
        "Distribution",
        default_behavior=default,
        additional_behaviors=behaviors or None,
        default_root_object=props.default_root_object,
        error_responses=_error_responses(props),
        http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        price_class=props.price_class,
        enable_ipv6=True,
        enable_logging=True,
        log_bucket=log_bucket,
        log_file_prefix="cloudfront/",
        domain_names=[props.domain_name] if props.domain_name else None,
        certificate=props.certificate,
        minimum_protocol_version=(
            _defaults.SITE_MINIMUM_PROTOCOL_VERSION if props.certificate else None
        ),
        web_acl_id=props.web_acl_id,
        geo_restriction=props.geo_restriction,
        comment=f"constructs_lib StaticSite {site.node.path}"[:_COMMENT_MAX_LENGTH],
    )


def _private_origin(site: Construct, bucket: s3.IBucket, *, may_list: bool) -> cloudfront.IOrigin:
    """``may_list``: CloudFront may also list the bucket, so a missing file answers 404
    rather than 403 and the error pages leave the API's 403 (its authorizer's) alone."""
    origin_access_control = cloudfront.S3OriginAccessControl(
        site,
        "OriginAccessControl",
        origin_access_control_name=_global_name(site, _ACCESS_CONTROL_NAME_MAX_LENGTH),
        description="constructs_lib StaticSite: CloudFront reads the private bucket",
    )
    levels = [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST] if may_list else None
    return origins.S3BucketOrigin.with_origin_access_control(
        bucket, origin_access_control=origin_access_control, origin_access_levels=levels
    )


def _behavior(
    origin: cloudfront.IOrigin,
    headers_policy: cloudfront.IResponseHeadersPolicy,
    cache_policy: cloudfront.ICachePolicy,
    *,
    allowed_methods: cloudfront.AllowedMethods | None = None,
    functions: list[cloudfront.FunctionAssociation] | None = None,
) -> cloudfront.BehaviorOptions:
    """HTTPS only (HTTP redirects), compressed, with the security headers."""
    return cloudfront.BehaviorOptions(
        origin=origin,
        function_associations=functions,
        viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowed_methods=allowed_methods,
        cache_policy=cache_policy,
        response_headers_policy=headers_policy,
        compress=True,
    )


def _error_responses(props: StaticSiteProps) -> list[cloudfront.ErrorResponse] | None:
    """SPA: a missing file serves the root object with 200, so client-side routes work
    (with ``api``, a function does that instead: error pages would apply to the API too).
    Otherwise the site's 404 page with 404 when it has one, else CloudFront's own; with
    ``api``, for 404 only (the bucket answers 404 then): the API's 403 reaches the page."""
    not_found_page = _defaults.SITE_NOT_FOUND_PAGE
    if _spa_by_function(props):
        return None
    if props.spa:
        page, status = f"/{props.default_root_object}", 200
    elif not_found_page in props.source_files:
        page, status = f"/{not_found_page}", 404
    else:
        return None
    statuses = (404,) if props.api is not None else _MISSING_FILE_STATUSES
    return [
        cloudfront.ErrorResponse(
            http_status=code, response_http_status=status, response_page_path=page
        )
        for code in statuses
    ]


def _spa_by_function(props: StaticSiteProps) -> bool:
    return props.spa and props.api is not None


def _acknowledge_omitted_protections(
    distribution: cloudfront.Distribution, props: StaticSiteProps
) -> None:
    """cdk-nag flags a distribution without geo restriction, web ACL or own certificate;
    each is acknowledged only where the user did not give it."""
    rules = [] if props.geo_restriction else [_nag_site.SITE_NO_GEO_RESTRICTION]
    no_waf = _nag_site.SITE_NO_WAF_WITH_API if props.api is not None else _nag_site.SITE_NO_WAF
    rules += [] if props.web_acl_id else [no_waf]
    rules += [] if props.certificate else [_nag_site.SITE_DEFAULT_CERTIFICATE]
    if rules:
        _nag.acknowledge(distribution, *rules)


def _option(kind: type[_E], header_value: str) -> _E:
    """The CDK enum member for a header value ("strict-origin-when-cross-origin" ->
    STRICT_ORIGIN_WHEN_CROSS_ORIGIN), so the policy and security_headers() cannot differ."""
    return kind[header_value.upper().replace("-", "_")]


def _global_name(scope: Construct, max_length: int) -> str:
    """A physical name for account-wide CloudFront objects (response headers policies,
    origin access controls): the construct's unique name plus the region, so the same
    stack deploys to two regions of one account without a name clash."""
    region = Aws.REGION
    return (
        f"{Names.unique_resource_name(scope, max_length=max_length - 16, separator='-')}-{region}"
    )
