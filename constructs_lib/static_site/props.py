"""StaticSite's props, their resolved defaults, and every rule they must follow."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from aws_cdk import Duration
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_logs as logs
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy

from constructs_lib import _defaults
from constructs_lib._config_values import list_fix, whole_number
from constructs_lib._core import MonitoredProps
from constructs_lib._jsii import described, given, is_unresolved
from constructs_lib._json_values import check_no_objects, json_error, plain_json
from constructs_lib._retention import CLOUDWATCH_RETENTION_DAYS, retention_days, whole_days
from constructs_lib._retention_text import days_in_text, member_or_duration
from constructs_lib._validation import Validator
from constructs_lib.serverless_api import ServerlessApi
from constructs_lib.static_site.api import api_config, validate_api
from constructs_lib.static_site.config_apis import check_config_api_urls
from constructs_lib.static_site.config_secrets import check_config_clients, check_config_secrets
from constructs_lib.static_site.csp_text import check_own_policy, check_policy_length
from constructs_lib.static_site.domain import validate_domain, validate_partition
from constructs_lib.static_site.existing_bucket import check_existing_bucket
from constructs_lib.static_site.geo import validate_geo_restriction
from constructs_lib.static_site.headers import (
    ORIGINS_AT_SYNTH,
    default_content_security_policy,
    origin_problem,
)
from constructs_lib.static_site.source import check_source, site_files

__all__ = ["StaticSiteProps"]

_WEB_ACL_ARN = re.compile(
    r"^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global/webacl/[^/]+/[^/]+\Z", re.ASCII
)
# Bounds, not defaults: ten years of lifecycle, and Lambda's memory range.
_MAX_LIFECYCLE_DAYS = 3650
#: Access logs: up to CloudWatch's longest finite retention (TEN_YEARS, 3653 days), so any
#: logs.RetentionDays an API's access logs take fits the site's too.
_MAX_ACCESS_LOG_DAYS = max(CLOUDWATCH_RETENTION_DAYS)
_DEPLOY_TIME_CONFIG_FIX = (
    "pass cdk.Token.as_string(...) of it for a string, or cdk.Token.as_number(...) for a "
    "number: the deployment writes its value into config.json"
)
_MIN_MEMORY_MIB, _MAX_MEMORY_MIB = 128, 10240


@dataclass(frozen=True, kw_only=True)
class StaticSiteProps(MonitoredProps):
    """StaticSite's props (see :class:`StaticSite` for each one), validated together."""

    source: str | os.PathLike[str]
    spa: bool = True
    runtime_config: Mapping[str, Any] | None = None
    api: ServerlessApi | None = None
    api_path: str = _defaults.SITE_API_PATH
    api_origins: Sequence[str] = ()
    content_security_policy: str | None = None
    price_class: cloudfront.PriceClass = _defaults.SITE_PRICE_CLASS
    domain_name: str | None = None
    certificate: acm.ICertificate | None = None
    hosted_zone: route53.IHostedZone | None = None
    web_acl_id: str | None = None
    geo_restriction: cloudfront.GeoRestriction | None = None
    existing_bucket: s3.IBucket | None = None
    noncurrent_version_expiration: Duration | None = None
    access_log_retention: Duration | logs.RetentionDays | None = None
    default_root_object: str = _defaults.SITE_DEFAULT_ROOT_OBJECT
    cache_control: Sequence[s3deploy.CacheControl] | None = None
    deployment_memory_mib: int = _defaults.SITE_DEPLOYMENT_MEMORY_MIB

    @property
    def effective_csp(self) -> str:
        """The Content-Security-Policy the distribution sends."""
        return self.content_security_policy or default_content_security_policy(self.api_origins)

    @property
    def config(self) -> Mapping[str, Any] | None:
        """What ``/config.json`` holds: ``runtime_config``, plus ``apiUrl`` with ``api``;
        None: no config file."""
        config = api_config(self.api, self.api_path, self.runtime_config)
        return None if config is None else plain_json(config)

    @property
    def log_expiration(self) -> Duration:
        """How long access logs are kept (a ``logs.RetentionDays`` as its days: validated)."""
        retention = self.access_log_retention
        if isinstance(retention, logs.RetentionDays):
            return Duration.days(retention_days(retention) or 0)
        return retention or Duration.days(_defaults.SITE_ACCESS_LOG_RETENTION_DAYS)

    @property
    def noncurrent_expiration(self) -> Duration:
        """How long replaced or deleted files stay recoverable."""
        return self.noncurrent_version_expiration or Duration.days(
            _defaults.SITE_NONCURRENT_VERSION_EXPIRATION_DAYS
        )

    @cached_property
    def source_files(self) -> frozenset[str]:
        """The files in ``source`` as relative POSIX paths (none if it is no directory);
        read once, as validation and the error pages both need them."""
        return site_files(self.source)

    @property
    def deployed_files(self) -> frozenset[str]:
        """The keys the site's deployments write to its bucket (``config.json`` too)."""
        config = {_defaults.SITE_RUNTIME_CONFIG_FILE} if self.config is not None else set()
        return self.source_files | config

    def validate(self, v: Validator) -> None:
        super().validate(v)
        check_source(v, self)
        self._validate_csp(v)
        if self.runtime_config is not None:
            _validate_runtime_config(v, self.runtime_config)
        if isinstance(self.runtime_config, Mapping) and isinstance(self.effective_csp, str):
            check_config_api_urls(
                v, self.runtime_config, self.effective_csp, self.api, self.api_path
            )
        validate_api(
            v,
            api=self.api,
            api_path=self.api_path,
            api_origins=self.api_origins,
            runtime_config=self.runtime_config,
        )
        v.check(
            isinstance(self.price_class, cloudfront.PriceClass),
            "price_class",
            f"is {given(self.price_class)}; it must be a cloudfront.PriceClass",
            "pass cloudfront.PriceClass.PRICE_CLASS_100, PRICE_CLASS_200 or PRICE_CLASS_ALL",
        )
        validate_domain(v, self.domain_name, self.certificate, self.hosted_zone)
        validate_partition(v)
        if self.web_acl_id is not None:
            _check_web_acl(v, self.web_acl_id)
        validate_geo_restriction(v, self.geo_restriction)
        self._validate_lifecycle(v)
        v.check_range(
            self.deployment_memory_mib,
            "deployment_memory_mib",
            _MIN_MEMORY_MIB,
            _MAX_MEMORY_MIB,
            "MiB",
            literal=True,
            whole=True,
        )

    def _validate_csp(self, v: Validator) -> None:
        if isinstance(self.api_origins, str):
            v.add("api_origins", "is a string, not a list of URLs", list_fix(self.api_origins))
            return
        if not v.known_at_synth(self.api_origins, "api_origins", *ORIGINS_AT_SYNTH):
            return
        if self.content_security_policy is not None:
            _validate_own_policy(v, self.api_origins)
            if isinstance(self.content_security_policy, str):
                self._validate_own_policy_text(v, self.content_security_policy)
        for index, url in enumerate(self.api_origins):
            _check_api_origin(v, f"api_origins[{index}]", url)
        # Measured without the origins already reported, so each problem is said once.
        policy = self.content_security_policy or default_content_security_policy(
            [u for u in self.api_origins if is_unresolved(u) or not origin_problem(u)]
        )
        if not is_unresolved(policy):
            check_policy_length(v, policy)

    def _validate_own_policy_text(self, v: Validator, policy: str) -> None:
        fetched = [f"/{_defaults.SITE_RUNTIME_CONFIG_FILE}"] if self.config is not None else []
        if self.api is not None and isinstance(self.api_path, str):
            fetched.append(f"the API under {self.api_path}")
        own = [self.domain_name] if isinstance(self.domain_name, str) else []
        check_own_policy(v, policy, fetched=fetched, own_hosts=own)

    def _validate_lifecycle(self, v: Validator) -> None:
        check_existing_bucket(v, self.existing_bucket)
        if self.existing_bucket is not None:
            v.check(
                self.noncurrent_version_expiration is None,
                "noncurrent_version_expiration",
                "is set together with existing_bucket, whose lifecycle rules are its owner's",
                "set the lifecycle rule on your bucket, or let StaticSite create the bucket",
            )
        retention = _access_log_duration(v, self.access_log_retention)
        for prop, duration, high in (
            (
                "noncurrent_version_expiration",
                self.noncurrent_version_expiration,
                _MAX_LIFECYCLE_DAYS,
            ),
            ("access_log_retention", retention, _MAX_ACCESS_LOG_DAYS),
        ):
            days = whole_days(
                v,
                duration,
                prop,
                "S3's lifecycle rule",
                "S3 lifecycle rules count whole days",
                within=(1, high),
            )
            v.duration_range(days, prop, 1, high, "days")


def _access_log_duration(v: Validator, retention: object) -> object:
    """``access_log_retention`` for the Duration rules (None: none, or a problem added):
    a ``logs.RetentionDays``, as an API's access logs take it, is any finite one."""
    prop = "access_log_retention"
    if isinstance(retention, logs.RetentionDays):
        v.check(
            retention_days(retention) is not None,
            prop,
            "is logs.RetentionDays.INFINITE: the access logs would be kept (and paid for) forever",
            "pass a finite retention such as logs.RetentionDays.ONE_YEAR or Duration.days(365)",
        )
        return None
    if retention is None or isinstance(retention, Duration):
        return retention
    # a whole number of days, as an int or as JSON's and TOML's float (365.0)
    number = retention if type(retention) is int else whole_number(retention)
    days = days_in_text(retention) if isinstance(retention, str) else None
    if days is not None and days in CLOUDWATCH_RETENTION_DAYS:
        fix = member_or_duration(days)  # "ONE_YEAR", "1 year", "365": its member
    elif days is not None and 1 <= days <= _MAX_ACCESS_LOG_DAYS:
        fix = f"pass Duration.days({days}), not a string"  # S3 takes any whole day count
    elif (
        number is not None
        and not isinstance(retention, str)
        and 1 <= number <= _MAX_ACCESS_LOG_DAYS
    ):
        fix = f"pass Duration.days({number})"  # a count S3 takes, not a negative Duration
    else:
        fix = "pass e.g. logs.RetentionDays.ONE_YEAR or Duration.days(365)"
    v.add(prop, f"is {described(retention)}, not a Duration or a logs.RetentionDays", fix)
    return None


def _validate_own_policy(v: Validator, api_origins: Sequence[str]) -> None:
    v.check(
        not api_origins,
        "api_origins",
        "is set together with content_security_policy, which replaces the default policy "
        "that api_origins would extend",
        "add the API origins to your policy's connect-src and drop api_origins",
    )


def _validate_runtime_config(v: Validator, runtime_config: Mapping[str, Any]) -> None:
    if not isinstance(runtime_config, Mapping):
        fix = "pass a dict such as {'apiUrl': api.url}"
        v.add("runtime_config", f"is {described(runtime_config)}, not a mapping", fix)
        return
    if not check_no_objects(v, runtime_config, "runtime_config", _DEPLOY_TIME_CONFIG_FIX):
        return
    if (error := json_error(runtime_config)) is not None:
        v.add(
            "runtime_config",
            f"cannot be written as JSON ({error})",
            "use only str, int, finite float, bool, None, lists and dicts with string keys",
        )
        return
    check_config_secrets(v, runtime_config)
    check_config_clients(v, runtime_config)


def _check_web_acl(v: Validator, arn: str) -> None:
    """A WAFv2 web ACL's ARN; one that resolves at synth (``Lazy.string``) is checked then."""
    if is_unresolved(arn):
        v.recheck_rule(arn, _check_web_acl)
        return
    v.check(
        bool(_WEB_ACL_ARN.match(arn)),
        "web_acl_id",
        f"is {arn!r}; it must be the ARN of a WAFv2 web ACL with scope CLOUDFRONT "
        "(arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)",
        "create the web ACL in us-east-1 with scope CLOUDFRONT and pass its ARN",
    )


def _check_api_origin(v: Validator, prop: str, url: str) -> None:
    """An API's URL for connect-src; one that resolves at synth is checked then."""
    if is_unresolved(url):
        v.recheck_rule(url, lambda found, text: _check_api_origin(found, prop, text))
    elif problem := origin_problem(url):
        v.add(prop, f"is {url!r}; {problem[0]}", problem[1])
