"""StaticSite: a private S3 bucket served through CloudFront, its files deployed with the stack.

One module per concern: ``headers`` (the security headers and CSP, pure), ``props``
(every prop and its rules), ``buckets``, ``distribution`` and ``deployment``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final

from aws_cdk import Duration
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._arguments import checked_arguments
from constructs_lib._assets import assets_allowed
from constructs_lib._core import props_from, validated
from constructs_lib._core.alarm_attributes import StaticSiteAlarms
from constructs_lib._core.read_only import ReadOnlyList
from constructs_lib._dns import alias_records
from constructs_lib._loaded import LazyModule
from constructs_lib._monitoring.distribution import distribution_alarms, distribution_widgets
from constructs_lib._tag_rules import check_resource_tags_at_synth
from constructs_lib.serverless_api import ServerlessApi
from constructs_lib.static_site.bucket_recheck import recheck_content_bucket_at_synth
from constructs_lib.static_site.buckets import content_bucket, log_bucket, pin_feature_flags
from constructs_lib.static_site.deployment import deploy_content
from constructs_lib.static_site.distribution import security_headers_policy, site_distribution
from constructs_lib.static_site.headers import (
    CSP_MAX_LENGTH,
    HSTS_VALUE,
    api_origin,
    default_content_security_policy,
    security_headers,
)
from constructs_lib.static_site.props import StaticSiteProps

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns
else:  # imported on first use (typing.get_type_hints): importing this loads none
    sns = LazyModule("aws_sns")

__all__ = [
    "CSP_MAX_LENGTH",
    "HSTS_VALUE",
    "StaticSite",
    "StaticSiteProps",
    "api_origin",
    "default_content_security_policy",
    "security_headers",
]


_RECORDS = "make your own records in your stack (hosted_zone= makes these)"


class StaticSite(StaticSiteAlarms, Construct):
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
    deleted, except ``config.json`` when ``runtime_config`` or ``api`` is given) and
    CloudFront's cache is invalidated. Never given up: private bucket, OAC, HTTPS only,
    the security headers.

    :param source: directory with the site's files (``index.html`` at its root); required.
        Known at synth (not a deploy-time value): the files are uploaded from it.
    :param spa: single-page app: paths without a file (S3 answers 403/404) serve
        ``/index.html`` with status 200, so client-side routes work. With ``spa=False`` a
        ``404.html`` at the root of ``source``, if any, is served for them with status 404.
        Default: True.
    :param runtime_config: written as ``/config.json`` (may contain tokens, e.g. an API's
        URL), served with ``Cache-Control: no-cache`` and never cached by CloudFront, so
        the front end finds its settings without a rebuild. It replaces a ``config.json``
        in ``source``. Default: no config file beyond what ``source`` has.
    :param api: a ServerlessApi to serve on the site's own origin under ``api_path``, so
        the page needs no CORS and no CSP entry for it, and the site and the API can live in
        one stack (the distribution refers to the API, nothing refers back). CloudFront
        forwards ``{api_path}/*`` to the API's default endpoint with the path unchanged
        (HTTPS only, TLS 1.2, never cached, every method, every viewer header, cookie and
        query string but ``Host``), so every route must start with ``api_path``
        (``"GET /api/todos"``; ``$default`` is allowed). ``/config.json`` then holds
        ``apiUrl: api_path`` (merged into ``runtime_config``). CloudFront's error pages
        would apply to the API's answers too, so with ``spa=True`` a CloudFront Function
        serves the root object for paths whose last segment has no ``.`` instead, and
        CloudFront may list the bucket so that a missing file answers 404 (not 403);
        with ``spa=False`` and a ``404.html``, only 404 answers get that page, so the
        API's 403 reaches the page as it is and its 404 keeps the status (not the body).
        Default: none.
    :param api_path: the prefix under which the site serves ``api``, known at synth.
        Default: ``/api``.
    :param api_origins: a list of URLs (or tokens such as ``ServerlessApi.url``; not a
        list parameter) the page may ``fetch``; only their origin (scheme, host, port)
        enters the CSP's ``connect-src``.
        Concrete URLs must be ``https://`` or ``wss://`` (``http://`` only for localhost).
        Default: none (the site's own origin only). With ``api``, list other APIs only.
    :param content_security_policy: the whole Content-Security-Policy value, replacing the
        default (``api_origins`` with it is an error: list the origins in its
        ``connect-src``). Default: see ``api_origins``.
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
        policy must let the distribution read it (and, with ``api``, list it) if CDK
        cannot add to it (an imported bucket); its versioning, lifecycle and logging stay
        yours. Default: a new private bucket.
    :param noncurrent_version_expiration: how long replaced or deleted files stay
        recoverable, 1..3650 days (a deploy-time number as ``Duration.days(n)``).
        Default: 30 days.
    :param access_log_retention: days before access logs are deleted: a ``Duration`` of
        whole days, 1..3653 (a deploy-time number as ``Duration.days(n)``), or a
        ``logs.RetentionDays`` as a ServerlessApi's ``access_log_retention`` takes
        (``logs.RetentionDays.ONE_YEAR``: 365 days; never ``INFINITE``). Default: 90 days.
    :param default_root_object: the file served for ``/``; must exist in ``source``.
        Default: ``index.html``.
    :param cache_control: ``Cache-Control`` of the deployed files. Default:
        ``public, max-age=0, must-revalidate, s-maxage=86400``: browsers revalidate on every
        load, CloudFront keeps files up to a day, and each deploy invalidates them.
    :param deployment_memory_mib: memory of CDK's deployment function, 128..10240.
        Default: 1024.
    :param alarms: alarm when >= 5 % of responses are 5xx over 5 minutes. CloudFront
        publishes its metrics in us-east-1 only: the alarm evaluates there, so deploy the
        stack in us-east-1 to have it fire (elsewhere it stays OK for lack of data; in a
        stack of another known region a synth warning says so). True: always; False:
        never. Default: when it has a destination (see Monitoring).
    :param alarm_topic: SNS topic the alarm notifies, also a destination; the stack's
        Monitoring topic, if any, is notified too. Default: the stack's Monitoring topic
        only.
    """

    _given_by: ClassVar[Mapping[str, str]] = {"bucket": "existing_bucket"}

    log_bucket: Final[s3.Bucket]
    """Receives the distribution's and the content bucket's access logs."""
    bucket: Final[s3.IBucket]
    """The bucket holding the site's files (created, or ``existing_bucket``)."""
    response_headers_policy: Final[cloudfront.ResponseHeadersPolicy]
    """Adds HSTS, nosniff, frame denial, referrer policy and the CSP to every response."""
    distribution: Final[cloudfront.Distribution]
    """The CloudFront distribution (L2); reach any setting the construct does not surface."""
    url: Final[str]
    """``https://`` plus the custom domain, or the distribution's domain."""
    records: Final[Sequence[route53.RecordSet]]
    """A and AAAA alias records for ``domain_name`` (only with ``hosted_zone``)."""
    deployment: Final[s3deploy.BucketDeployment]
    """Copies ``source`` into the bucket on every deploy and invalidates ``/*``."""
    config_deployment: Final[s3deploy.BucketDeployment | None]
    """Writes ``runtime_config`` (plus ``apiUrl`` with ``api``) as ``/config.json``
    (no-cache, never pruned); None without ``runtime_config`` and ``api``."""
    alarms: Final[Sequence[cloudwatch.Alarm]]
    """The construct's alarms: empty with ``alarms=False``, and while they have no
    destination (by default they are created once one is named: ``alarm_topic``, the
    stack's ``Monitoring`` topic or the app's context, also after the construct)."""

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        source: str | os.PathLike[str],
        spa: bool = True,
        runtime_config: Mapping[str, Any] | None = None,
        api: ServerlessApi | None = None,
        api_path: str = _defaults.SITE_API_PATH,
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
        access_log_retention: Duration | logs.RetentionDays | None = None,
        default_root_object: str = _defaults.SITE_DEFAULT_ROOT_OBJECT,
        cache_control: Sequence[s3deploy.CacheControl] | None = None,
        deployment_memory_mib: int = _defaults.SITE_DEPLOYMENT_MEMORY_MIB,
        alarms: bool | None = None,
        alarm_topic: sns.ITopic | None = None,
    ) -> None:
        props = props_from(StaticSiteProps, locals())
        super().__init__(scope, id)
        pin_feature_flags(self)
        self._props = validated(self, props)
        self.log_bucket = log_bucket(self, props.log_expiration)
        self.bucket = props.existing_bucket or content_bucket(
            self,
            noncurrent_expiration=props.noncurrent_expiration,
            access_logs=self.log_bucket,
            files=props.deployed_files,
        )
        if props.existing_bucket is None:  # a Mixin or Aspect may change it after this
            recheck_content_bucket_at_synth(self, self.bucket)
        self.response_headers_policy = security_headers_policy(self, props.effective_csp)
        self.distribution = site_distribution(
            self,
            props,
            bucket=self.bucket,
            log_bucket=self.log_bucket,
            headers_policy=self.response_headers_policy,
        )
        self.url = f"https://{props.domain_name or self.distribution.distribution_domain_name}"
        self.records = ReadOnlyList(self._create_records(), fix=_RECORDS)
        with assets_allowed(self, "source", "the site's files"):
            self.deployment, self.config_deployment = deploy_content(
                self, props, self.bucket, self.distribution
            )
        self._check_tags_at_synth()
        self.alarms = props.monitor(
            self,
            widgets=lambda: distribution_widgets(self.distribution),
            alarms=lambda: distribution_alarms(self, self.distribution),
        )

    def _check_tags_at_synth(self) -> None:
        """A tag AWS refuses on the site's buckets or distribution (or its stack's) fails the
        synth: the site has no function of the library's, whose check tells the others'."""
        for resource, kind in (
            (self.bucket, "bucket"),
            (self.log_bucket, "log bucket"),
            (self.distribution, "distribution"),
        ):
            check_resource_tags_at_synth(self, resource, kind)

    def _create_records(self) -> list[route53.RecordSet]:
        zone, domain_name = self._props.hosted_zone, self._props.domain_name
        if zone is None or not domain_name:
            return []
        return alias_records(self, zone, domain_name, targets.CloudFrontTarget(self.distribution))
