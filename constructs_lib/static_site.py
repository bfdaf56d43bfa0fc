"""StaticSite: a private S3 bucket served through CloudFront, its files deployed with the stack."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aws_cdk import Aws, CfnResource, Duration, Fn, Names, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_sns as sns
from constructs import Construct

from constructs_lib import _defaults, _nag
from constructs_lib._cfn import drop_redundant_dependency
from constructs_lib._monitoring.distribution import distribution_alarms, distribution_widgets
from constructs_lib._monitoring.register import register
from constructs_lib._validation import Validator, is_unresolved

#: The response headers every StaticSite sets (``override``: the origin cannot drop them).
HSTS_VALUE = f"max-age={_defaults.SITE_HSTS_MAX_AGE_DAYS * 86400}; includeSubDomains"
_REFERRER_POLICY = cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN
# CloudFront's limit on the Content-Security-Policy value of a response headers policy.
CSP_MAX_LENGTH = 1783

_CONFIG_FILE = "config.json"
# aws-cdk-lib's id of the BucketDeployment singleton function (bucket-deployment.ts).
_SINGLETON_UUID = "8693BB64-9689-44B6-9AAF-B0CC9EB8756C"
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
)
_HOST = re.compile(r"^(?:\*\.)?[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$")
_WEB_ACL_ARN = re.compile(r"^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global/webacl/[^/]+/[^/]+$")


def api_origin(url: str) -> str:
    """The origin (scheme://host[:port]) of ``url``, as a CSP source.

    A token (e.g. ``ServerlessApi.url``) becomes a CloudFormation expression
    (``Fn::Join`` of ``Fn::Select``/``Fn::Split``) that drops the path at deploy time, so
    ``https://id.execute-api.eu-west-1.amazonaws.com/`` gives
    ``https://id.execute-api.eu-west-1.amazonaws.com``.
    """
    if is_unresolved(url):
        parts = Fn.split("/", url)
        return Fn.join("", [Fn.select(0, parts), "//", Fn.select(2, parts)])
    split = urlsplit(url)
    return f"{split.scheme.lower()}://{split.netloc.lower()}"


def default_content_security_policy(api_origins: Sequence[str] = ()) -> str:
    """The CSP a StaticSite sends unless given ``content_security_policy``.

    Scripts, styles, fonts, images (plus ``data:`` images) and ``fetch`` go to the site's
    own origin; ``fetch``/XHR/WebSocket also to each of ``api_origins`` (URLs or tokens,
    reduced to their origin). No plugins, no framing, no inline scripts or styles.
    """
    connect: list[str] = _defaults.SITE_CONTENT_SECURITY_POLICY["connect-src"].split()
    for url in api_origins:
        source = api_origin(url)
        if source not in connect:
            connect.append(source)
    directives = {**_defaults.SITE_CONTENT_SECURITY_POLICY, "connect-src": " ".join(connect)}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def security_headers(
    *, api_origins: Sequence[str] = (), content_security_policy: str | None = None
) -> dict[str, str]:
    """The security headers a StaticSite's distribution adds to every response.

    The same values the construct's response headers policy renders (tests serve the site
    locally with these to check the CSP in a real browser).
    """
    return {
        "Strict-Transport-Security": HSTS_VALUE,
        "X-Content-Type-Options": _defaults.SITE_CONTENT_TYPE_OPTIONS,
        "X-Frame-Options": _defaults.SITE_FRAME_OPTIONS,
        "Referrer-Policy": _defaults.SITE_REFERRER_POLICY,
        "Content-Security-Policy": content_security_policy
        or default_content_security_policy(api_origins),
    }


class StaticSite(Construct):
    """A private S3 bucket served through CloudFront, its files deployed by ``cdk deploy``.

    Default settings: the content bucket blocks all public access, denies non-TLS
    requests, is S3-encrypted, versioned (old versions expire after 30 days), retained on
    stack deletion, has no website endpoint and logs access to the log bucket. CloudFront
    reads it through Origin Access Control (no OAI, no public bucket), redirects HTTP to
    HTTPS, compresses, speaks HTTP/2 and HTTP/3, serves ``index.html`` for ``/``, uses
    the cheapest price class (North America and Europe) and adds HSTS (2 years),
    ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
    ``Referrer-Policy: strict-origin-when-cross-origin`` and a Content-Security-Policy that
    allows only the site's own origin plus ``api_origins`` for ``fetch``. Its access logs go
    to an encrypted, TLS-only, private log bucket that deletes them after 90 days. On every
    deploy the bucket's content is replaced by ``source`` (files not in ``source`` are
    deleted, except ``config.json`` when ``runtime_config`` is given) and CloudFront's cache
    is invalidated. Never given up: private bucket, OAC, HTTPS only, the security headers.

    :param source: directory with the site's files (``index.html`` at its root); required.
    :param spa: single-page app: paths without a file (S3 answers 403/404) serve
        ``/index.html`` with status 200, so client-side routes work. With ``spa=False`` a
        ``404.html`` at the root of ``source``, if any, is served for them with status 404.
        Default: True.
    :param runtime_config: written as ``/config.json`` (may contain tokens, e.g. an API's
        URL), served with ``Cache-Control: no-cache`` and never cached by CloudFront, so
        the front end finds its settings without a rebuild. It replaces a ``config.json``
        in ``source``. Default: no config file beyond what ``source`` has.
    :param api_origins: URLs (or tokens such as ``ServerlessApi.url``) the page may
        ``fetch``; only their origin (scheme, host, port) enters the CSP's ``connect-src``.
        Concrete URLs must be ``https://`` or ``wss://`` (``http://`` only for localhost).
        Default: none (the site's own origin only).
    :param content_security_policy: the whole Content-Security-Policy value, replacing the
        default (then ``api_origins`` is not used). Default: see ``api_origins``.
    :param price_class: CloudFront edge locations. Default: ``PRICE_CLASS_100`` (cheapest).
    :param domain_name: custom domain such as ``www.example.com``; needs ``certificate``.
        Default: the distribution's ``*.cloudfront.net`` domain.
    :param certificate: ACM certificate for ``domain_name``, in us-east-1 (CloudFront's
        requirement); viewers then need TLSv1.2_2021 or newer. Default: none.
    :param hosted_zone: Route 53 zone in which to create A and AAAA alias records for
        ``domain_name``. Default: no DNS records (point your DNS at the distribution).
    :param web_acl_id: ARN of a WAFv2 web ACL (scope CLOUDFRONT) to attach. Default: none
        (a web ACL costs money at idle).
    :param geo_restriction: countries to allow or deny. Default: every country.
    :param existing_bucket: serve and deploy into this bucket instead of creating one. Its
        policy must let the distribution read it if CDK cannot add to it (an imported
        bucket); its versioning, lifecycle and logging stay yours.
    :param noncurrent_version_expiration: how long replaced or deleted files stay
        recoverable, 1..3650 days. Default: 30 days.
    :param access_log_retention: days before access logs are deleted, 1..3650. Default: 90.
    :param default_root_object: the file served for ``/``; must exist in ``source``.
        Default: ``index.html``.
    :param cache_control: ``Cache-Control`` of the deployed files. Default:
        ``public, max-age=0, must-revalidate, s-maxage=86400``: browsers revalidate on every
        load, CloudFront keeps files up to a day, and each deploy invalidates them.
    :param deployment_memory_mib: memory of CDK's deployment function, 128..10240.
        Default: 1024.
    :param alarms: alarm when >= 5 % of responses are 5xx over 5 minutes. CloudFront
        publishes its metrics in us-east-1 only: the alarm evaluates there, so deploy the
        stack in us-east-1 to have it fire (elsewhere it stays OK for lack of data).
        Default: True. Dashboard widgets are added either way.
    :param alarm_topic: SNS topic the alarm notifies. Default: none.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        source: str | os.PathLike[str],
        spa: bool = True,
        runtime_config: Mapping[str, Any] | None = None,
        api_origins: Sequence[str] = (),
        content_security_policy: str | None = None,
        price_class: cloudfront.PriceClass = _defaults.SITE_PRICE_CLASS,
        domain_name: str | None = None,
        certificate: acm.ICertificate | None = None,
        hosted_zone: route53.IHostedZone | None = None,
        web_acl_id: str | None = None,
        geo_restriction: cloudfront.GeoRestriction | None = None,
        existing_bucket: s3.IBucket | None = None,
        noncurrent_version_expiration: Duration | None = None,
        access_log_retention: Duration | None = None,
        default_root_object: str = _defaults.SITE_DEFAULT_ROOT_OBJECT,
        cache_control: Sequence[s3deploy.CacheControl] | None = None,
        deployment_memory_mib: int = _defaults.SITE_DEPLOYMENT_MEMORY_MIB,
        alarms: bool = True,
        alarm_topic: sns.ITopic | None = None,
    ) -> None:
        super().__init__(scope, id)
        access_log_retention = access_log_retention or Duration.days(
            _defaults.SITE_ACCESS_LOG_RETENTION_DAYS
        )
        files = _validate(
            self,
            source=source,
            runtime_config=runtime_config,
            api_origins=api_origins,
            content_security_policy=content_security_policy,
            price_class=price_class,
            domain_name=domain_name,
            certificate=certificate,
            hosted_zone=hosted_zone,
            web_acl_id=web_acl_id,
            existing_bucket=existing_bucket,
            noncurrent_version_expiration=noncurrent_version_expiration,
            access_log_retention=access_log_retention,
            default_root_object=default_root_object,
            deployment_memory_mib=deployment_memory_mib,
        )

        #: Receives the distribution's and the content bucket's access logs.
        self.log_bucket = _defaults.private_bucket(
            self,
            "LogBucket",
            # CloudFront standard logging (legacy) writes through ACLs.
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    expiration=access_log_retention,
                    abort_incomplete_multipart_upload_after=_incomplete_upload_expiration(),
                )
            ],
        )
        _nag.acknowledge(self.log_bucket, _nag.SITE_LOG_BUCKET_NO_ACCESS_LOGS)

        #: The bucket holding the site's files (created, or ``existing_bucket``).
        self.bucket: s3.IBucket = existing_bucket or _defaults.private_bucket(
            self,
            "Bucket",
            versioned=True,
            lifecycle_rules=[
                s3.LifecycleRule(
                    noncurrent_version_expiration=noncurrent_version_expiration
                    or Duration.days(_defaults.SITE_NONCURRENT_VERSION_EXPIRATION_DAYS),
                    expired_object_delete_marker=True,
                    abort_incomplete_multipart_upload_after=_incomplete_upload_expiration(),
                )
            ],
            server_access_logs_bucket=self.log_bucket,
            server_access_logs_prefix="s3/",
        )

        csp = content_security_policy or default_content_security_policy(api_origins)
        #: Adds HSTS, nosniff, frame denial, referrer policy and the CSP to every response.
        self.response_headers_policy = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            response_headers_policy_name=_global_name(self, 128),
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
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=_REFERRER_POLICY, override=True
                ),
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=csp, override=True
                ),
            ),
        )

        origin_access_control = cloudfront.S3OriginAccessControl(
            self,
            "OriginAccessControl",
            origin_access_control_name=_global_name(self, 64),
            description="constructs_lib StaticSite: CloudFront reads the private bucket",
        )
        origin = origins.S3BucketOrigin.with_origin_access_control(
            self.bucket, origin_access_control=origin_access_control
        )
        additional_behaviors = (
            {
                f"/{_CONFIG_FILE}": cloudfront.BehaviorOptions(
                    origin=origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    response_headers_policy=self.response_headers_policy,
                    compress=True,
                )
            }
            if runtime_config is not None
            else None
        )
        #: The CloudFront distribution (L2); reach any setting the construct does not surface.
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=self.response_headers_policy,
                compress=True,
            ),
            additional_behaviors=additional_behaviors,
            default_root_object=default_root_object,
            error_responses=_error_responses(spa, default_root_object, files),
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=price_class,
            enable_ipv6=True,
            enable_logging=True,
            log_bucket=self.log_bucket,
            log_file_prefix="cloudfront/",
            domain_names=[domain_name] if domain_name else None,
            certificate=certificate,
            minimum_protocol_version=(
                cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None
            ),
            web_acl_id=web_acl_id,
            geo_restriction=geo_restriction,
            comment=f"constructs_lib StaticSite {self.node.path}"[:128],
        )
        rules = [] if geo_restriction else [_nag.SITE_NO_GEO_RESTRICTION]
        rules += [] if web_acl_id else [_nag.SITE_NO_WAF]
        rules += [] if certificate else [_nag.SITE_DEFAULT_CERTIFICATE]
        if rules:
            _nag.acknowledge(self.distribution, *rules)

        #: ``https://`` plus the custom domain, or the distribution's domain.
        self.url: str = f"https://{domain_name or self.distribution.distribution_domain_name}"

        #: A and AAAA alias records for ``domain_name`` (only with ``hosted_zone``).
        self.records: list[route53.RecordSet] = []
        if hosted_zone is not None and domain_name:
            alias = route53.RecordTarget.from_alias(targets.CloudFrontTarget(self.distribution))
            self.records = [
                route53.ARecord(
                    self, "AliasRecord", zone=hosted_zone, record_name=domain_name, target=alias
                ),
                route53.AaaaRecord(
                    self, "AliasRecordIpv6", zone=hosted_zone, record_name=domain_name, target=alias
                ),
            ]

        deployment_log_group = _deployment_log_group(self, deployment_memory_mib)
        findings_before = _existing_deployment_findings(self, deployment_memory_mib)
        #: Copies ``source`` into the bucket on every deploy and invalidates ``/*``.
        self.deployment = s3deploy.BucketDeployment(
            self,
            "Deployment",
            sources=[s3deploy.Source.asset(str(source))],
            destination_bucket=self.bucket,
            distribution=self.distribution,
            distribution_paths=["/*"],
            cache_control=list(
                cache_control or [s3deploy.CacheControl.from_string(_defaults.SITE_CACHE_CONTROL)]
            ),
            # config.json belongs to config_deployment: neither uploaded nor pruned here.
            exclude=[_CONFIG_FILE] if runtime_config is not None else None,
            prune=True,
            memory_limit=deployment_memory_mib,
            log_group=deployment_log_group,
        )
        #: Writes ``runtime_config`` as ``/config.json`` (no-cache, never pruned).
        self.config_deployment: s3deploy.BucketDeployment | None = None
        if runtime_config is not None:
            self.config_deployment = s3deploy.BucketDeployment(
                self,
                "ConfigDeployment",
                sources=[s3deploy.Source.json_data(_CONFIG_FILE, dict(runtime_config))],
                destination_bucket=self.bucket,
                cache_control=[s3deploy.CacheControl.no_cache()],
                content_type="application/json",
                prune=False,
                memory_limit=deployment_memory_mib,
                log_group=deployment_log_group,
            )
        _acknowledge_deployment_internals(self.deployment, findings_before)

        #: The construct's alarms (empty with ``alarms=False``).
        self.alarms: list[cloudwatch.Alarm] = register(
            self,
            widgets=distribution_widgets(self.distribution),
            alarms=distribution_alarms(self, self.distribution) if alarms else [],
            alarm_topic=alarm_topic,
        )


def _incomplete_upload_expiration() -> Duration:
    return Duration.days(_defaults.INCOMPLETE_UPLOAD_EXPIRATION_DAYS)


def _global_name(scope: Construct, max_length: int) -> str:
    """A physical name for account-wide CloudFront objects (response headers policies,
    origin access controls): the construct's unique name plus the region, so the same
    stack deploys to two regions of one account without a name clash."""
    region = Aws.REGION
    return (
        f"{Names.unique_resource_name(scope, max_length=max_length - 16, separator='-')}-{region}"
    )


def _error_responses(
    spa: bool, default_root_object: str, files: frozenset[str]
) -> list[cloudfront.ErrorResponse] | None:
    """SPA: 403/404 -> the root object with 200. Otherwise 403/404 -> /404.html with 404
    when the site has one (S3 answers 403 for a missing key, as CloudFront may not list)."""
    if spa:
        page, status = f"/{default_root_object}", 200
    elif "404.html" in files:
        page, status = "/404.html", 404
    else:
        return None
    return [
        cloudfront.ErrorResponse(
            http_status=code, response_http_status=status, response_page_path=page
        )
        for code in (403, 404)
    ]


def _deployment_log_group(scope: Construct, memory_mib: int) -> logs.ILogGroup:
    """One log group per BucketDeployment singleton function (one per memory size and
    stack), which every StaticSite of the stack shares: the function is CDK's singleton, so
    only the first log group given to it would ever be used."""
    stack = Stack.of(scope)
    construct_id = f"StaticSiteDeploymentLogs{memory_mib}MiB"
    existing = stack.node.try_find_child(construct_id)
    if isinstance(existing, logs.LogGroup):
        return existing
    return _defaults.log_group(stack, construct_id)


def _existing_deployment_findings(scope: Construct, memory_mib: int) -> set[str]:
    """Findings of the stack's deployment singleton before this site adds its grants (other
    sites' or the user's BucketDeployments): those are not this site's to acknowledge."""
    function = Stack.of(scope).node.try_find_child(
        f"Custom::CDKBucketDeployment{_SINGLETON_UUID.replace('-', '')}{memory_mib}MiB"
    )
    role = getattr(function, "role", None)
    return _deployment_findings(role) if isinstance(role, iam.Role) else set()


def _deployment_findings(role: iam.IRole) -> set[str]:
    """cdk-nag's AwsSolutions-IAM5 finding ids for the role's default policy right now."""
    policy = role.node.try_find_child("DefaultPolicy")
    if not isinstance(policy, iam.Policy):
        return set()
    document = Stack.of(policy).resolve(policy.document) or {}
    findings: set[str] = set()
    for statement in document.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        for action in _as_list(statement.get("Action")):
            if "*" in action:
                findings.add(f"Action::{action}")
        for resource in map(_flatten_reference, _as_list(statement.get("Resource"))):
            if "*" in resource:
                findings.add(f"Resource::{resource}")
    return findings


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _flatten_reference(node: Any) -> str:
    """A resolved CloudFormation value as cdk-nag writes it in a finding id."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict):
        if "Fn::Join" in node:
            delimiter, items = node["Fn::Join"]
            return str(delimiter).join(_flatten_reference(item) for item in items)
        if "Fn::Sub" in node:
            return _flatten_reference(node["Fn::Sub"])
        if "Fn::GetAtt" in node:
            resource, attribute = node["Fn::GetAtt"]
            return f"<{_flatten_reference(resource)}.{_flatten_reference(attribute)}>"
        if "Fn::ImportValue" in node:
            return _flatten_reference(node["Fn::ImportValue"])
        if "Ref" in node:
            return f"<{_flatten_reference(node['Ref'])}>"
    return json.dumps(node, separators=(",", ":"))


def _acknowledge_deployment_internals(
    deployment: s3deploy.BucketDeployment, findings_before: set[str]
) -> None:
    """Acknowledges the findings on CDK's own BucketDeployment singleton function (shared
    by the stack) and its role, there and nowhere else: each wildcard this site's
    deployments added, by its granular id, plus the function's fixed settings."""
    role = deployment.handler_role
    function = role.node.scope
    assert isinstance(function, lambda_.Function)
    resource = function.node.default_child
    assert isinstance(resource, CfnResource)
    drop_redundant_dependency(resource, role.node.default_child)
    wildcards = sorted(_deployment_findings(role) - findings_before)
    _nag.acknowledge(
        function,
        _nag.DEPLOYMENT_MANAGED_POLICY,
        _nag.DEPLOYMENT_RUNTIME,
        _nag.DEPLOYMENT_LATEST_RUNTIME,
        _nag.DEPLOYMENT_NO_DLQ,
        _nag.DEPLOYMENT_NO_TRACING,
        *(
            (f"AwsSolutions-IAM5[{finding}]", _nag.DEPLOYMENT_WILDCARDS_REASON)
            for finding in wildcards
        ),
    )


def _source_files(source: Path) -> frozenset[str]:
    return frozenset(
        path.relative_to(source).as_posix() for path in source.rglob("*") if path.is_file()
    )


def _validate(
    scope: Construct,
    *,
    source: str | os.PathLike[str],
    runtime_config: Mapping[str, Any] | None,
    api_origins: Sequence[str],
    content_security_policy: str | None,
    price_class: object,
    domain_name: str | None,
    certificate: acm.ICertificate | None,
    hosted_zone: route53.IHostedZone | None,
    web_acl_id: str | None,
    existing_bucket: s3.IBucket | None,
    noncurrent_version_expiration: Duration | None,
    access_log_retention: Duration,
    default_root_object: str,
    deployment_memory_mib: int,
) -> frozenset[str]:
    """Checks every prop; returns the files in ``source`` (relative POSIX paths)."""
    v = Validator(scope)
    files = _validate_source(v, source, default_root_object)
    _validate_csp(v, api_origins, content_security_policy)
    if runtime_config is not None:
        _validate_runtime_config(v, runtime_config)
    v.check(
        isinstance(price_class, cloudfront.PriceClass),
        "price_class",
        f"is {price_class!r}; it must be a cloudfront.PriceClass",
        "pass cloudfront.PriceClass.PRICE_CLASS_100, PRICE_CLASS_200 or PRICE_CLASS_ALL",
    )
    _validate_domain(v, domain_name, certificate, hosted_zone)
    if web_acl_id is not None and not is_unresolved(web_acl_id):
        v.check(
            bool(_WEB_ACL_ARN.match(web_acl_id)),
            "web_acl_id",
            f"is {web_acl_id!r}; it must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT "
            "(arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)",
            "create the web ACL in us-east-1 with scope CLOUDFRONT and pass its ARN",
        )
    if existing_bucket is not None:
        v.check(
            noncurrent_version_expiration is None,
            "noncurrent_version_expiration",
            "is set together with existing_bucket, whose lifecycle rules are its owner's",
            "set the lifecycle rule on your bucket, or let StaticSite create the bucket",
        )
    for prop, duration in (
        ("noncurrent_version_expiration", noncurrent_version_expiration),
        ("access_log_retention", access_log_retention),
    ):
        if duration is not None and not is_unresolved(duration):
            days = duration.to_days(integral=False)
            v.check_range(days, prop, 1, 3650, "days")
            v.check(
                days == int(days),
                prop,
                f"is {days:g} days; S3 lifecycle rules count whole days",
                "pass Duration.days(n)",
            )
    v.check_range(deployment_memory_mib, "deployment_memory_mib", 128, 10240, "MiB")
    v.raise_if_any()
    return files


def _validate_source(
    v: Validator, source: str | os.PathLike[str], default_root_object: str
) -> frozenset[str]:
    path = Path(source)
    if not path.exists():
        v.add(
            "source",
            f"is {str(source)!r}, which does not exist (relative paths are resolved from "
            f"{Path.cwd()})",
            "pass the directory that holds the built site, e.g. Path(__file__).parent / 'site'",
        )
        return frozenset()
    if not path.is_dir():
        v.add("source", f"is {str(source)!r}, a file, not a directory", "pass its directory")
        return frozenset()
    files = _source_files(path)
    if not files:
        v.add(
            "source",
            f"is {str(source)!r}, an empty directory: there is nothing to deploy",
            "build the site into it first, or point source at the build output",
        )
        return files
    if v.check(
        bool(default_root_object) and not default_root_object.startswith("/"),
        "default_root_object",
        f"is {default_root_object!r}; it must be a file name without a leading '/'",
        "pass e.g. 'index.html'",
    ):
        v.check(
            default_root_object in files,
            "default_root_object",
            f"is {default_root_object!r}, which is not in source {str(source)!r}",
            f"add {default_root_object} to the site or pass the name of its start page",
        )
    return files


def _validate_csp(
    v: Validator, api_origins: Sequence[str], content_security_policy: str | None
) -> None:
    if isinstance(api_origins, str):
        v.add("api_origins", "is a string, not a list of URLs", f"pass [{api_origins!r}]")
        return
    if content_security_policy is not None:
        v.check(
            not api_origins,
            "api_origins",
            "is set together with content_security_policy, which replaces the default policy "
            "that api_origins would extend",
            "add the API origins to your policy's connect-src and drop api_origins",
        )
        if not is_unresolved(content_security_policy):
            v.check(
                bool(content_security_policy.strip())
                and not any(c in content_security_policy for c in "\r\n"),
                "content_security_policy",
                "is empty or spans several lines",
                "pass one line such as \"default-src 'self'; connect-src 'self' https://api...\"",
            )
    for index, url in enumerate(api_origins):
        if is_unresolved(url):
            continue
        problem = _origin_problem(url)
        if problem:
            v.add(
                f"api_origins[{index}]",
                f"is {url!r}; {problem}",
                "pass the API's URL, e.g. 'https://api.example.com' or api.url",
            )
    policy = content_security_policy or default_content_security_policy(
        [u for u in api_origins if is_unresolved(u) or not _origin_problem(u)]
    )
    if not is_unresolved(policy):
        v.check(
            len(policy) <= CSP_MAX_LENGTH,
            "content_security_policy",
            f"is {len(policy)} characters long; CloudFront allows at most {CSP_MAX_LENGTH}",
            "shorten the policy or list fewer api_origins (a wildcard host such as "
            "https://*.example.com covers several)",
        )


def _origin_problem(url: str) -> str | None:
    try:
        split = urlsplit(url)
    except ValueError:
        return "it is not a URL"
    if not split.scheme or not split.netloc:
        return "it must be an absolute URL such as https://api.example.com"
    if split.scheme not in ("https", "wss"):
        if split.scheme in ("http", "ws") and split.hostname in ("localhost", "127.0.0.1", "::1"):
            return None
        return f"its scheme {split.scheme!r} must be https or wss (http only for localhost)"
    if split.username or split.password:
        return "it must not contain credentials"
    if not _HOST.match(split.netloc):
        return f"its host {split.netloc!r} is not a valid host name"
    return None


def _validate_runtime_config(v: Validator, runtime_config: Mapping[str, Any]) -> None:
    if not isinstance(runtime_config, Mapping):
        v.add("runtime_config", "is not a mapping", "pass a dict such as {'apiUrl': api.url}")
        return
    try:
        json.dumps(dict(runtime_config))
    except (TypeError, ValueError) as exc:
        v.add(
            "runtime_config",
            f"cannot be written as JSON ({exc})",
            "use only str, int, float, bool, None, lists and dicts with string keys",
        )


def _validate_domain(
    v: Validator,
    domain_name: str | None,
    certificate: acm.ICertificate | None,
    hosted_zone: route53.IHostedZone | None,
) -> None:
    if domain_name is not None and not is_unresolved(domain_name):
        v.check(
            bool(_HOSTNAME.match(domain_name)),
            "domain_name",
            f"is {domain_name!r}; it must be a lower-case DNS name such as www.example.com",
            "pass the host name only: no scheme, path, port or trailing dot",
        )
    v.check(
        not (domain_name and certificate is None),
        "certificate",
        "is missing: domain_name needs a certificate for that name",
        "pass certificate= an ACM certificate in us-east-1 that covers domain_name",
    )
    v.check(
        not (certificate is not None and not domain_name),
        "domain_name",
        "is missing: certificate is given, but for no domain",
        "pass domain_name= the name the certificate covers",
    )
    v.check(
        not (hosted_zone is not None and not domain_name),
        "domain_name",
        "is missing: hosted_zone is given, but no domain to create records for",
        "pass domain_name= a name in the zone",
    )
    if certificate is not None:
        arn = certificate.certificate_arn
        # A concrete ARN names its region; otherwise the certificate's stack region, if known.
        region = arn.split(":")[3] if not is_unresolved(arn) else certificate.env.region
        known = not is_unresolved(arn) or not is_unresolved(region)
        in_us_east_1 = ":us-east-1:" in arn if not is_unresolved(arn) else region == "us-east-1"
        v.check(
            not known or in_us_east_1,
            "certificate",
            f"is in {region!r}; CloudFront only uses ACM certificates from us-east-1",
            "request the certificate in us-east-1 (e.g. a stack with env region us-east-1 "
            "and cross_region_references=True) and pass it",
        )
    if (
        hosted_zone is not None
        and domain_name
        and not is_unresolved(domain_name)
        and not is_unresolved(hosted_zone.zone_name)
    ):
        zone = hosted_zone.zone_name.rstrip(".").lower()
        v.check(
            domain_name == zone or domain_name.endswith(f".{zone}"),
            "domain_name",
            f"is {domain_name!r}, which is not in hosted_zone {zone!r}",
            "pass a name in the zone, or the zone that holds the name",
        )
