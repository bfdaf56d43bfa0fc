"""The ServerlessApi's value objects (throttling, CORS; the table's: ``table.py``) and
the access log settings (CORS's rules and options: ``cors.py``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import jsii
from aws_cdk import Duration
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_logs as logs

from constructs_lib import _defaults
from constructs_lib._arguments import checked_init
from constructs_lib._prop_types import DEFAULT_NOTE

# the table's names, importable from here as before its module was split off
from constructs_lib.serverless_api.table import GLOBAL_INDEXES_WARNING as GLOBAL_INDEXES_WARNING
from constructs_lib.serverless_api.table import (
    AutoScaledCapacity,
    GlobalIndex,
    LocalIndex,
    TableOptions,
)
from constructs_lib.serverless_api.table import check_table_options as check_table_options
from constructs_lib.serverless_api.table import create_table as create_table

__all__ = [
    "AutoScaledCapacity",
    "CorsPolicy",
    "GlobalIndex",
    "LocalIndex",
    "TableOptions",
    "Throttle",
]


class _Unset(int):
    """A limit a Throttle was not given: the library's default, equal to (and hashed as)
    that number, so ``Throttle() == Throttle(rate=50, burst=100)`` as before, but a route's
    Throttle tells it apart and takes the API's limit instead (a dataclass default alone
    cannot)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return int.__repr__(self)


# a route's Throttle without a limit takes the API's, which is shown beside the default
_ROUTE_NOTE = {DEFAULT_NOTE: "a route's Throttle: the API's"}


@checked_init
@dataclass(frozen=True)
class Throttle:
    """Request limits: the API's (``throttling``), or one route's
    (``Route(handler, throttle=...)``). Default: 50 requests/second, bursts of 100.

    :param rate: steady requests per second, above 0 (a fraction too:
        0.5 is a request every 2 seconds) up to 10 000. Default: 50; a route's: the API's.
    :param burst: requests taken at once above the rate, 1..5 000. Default: 100; a
        route's: the API's.
    """

    rate: float = field(default=_Unset(_defaults.THROTTLE_RATE_LIMIT), metadata=_ROUTE_NOTE)
    burst: int = field(default=_Unset(_defaults.THROTTLE_BURST_LIMIT), metadata=_ROUTE_NOTE)


@checked_init
@dataclass(frozen=True)
class CorsPolicy:
    """CORS for browser clients; preflight (OPTIONS) is answered by API Gateway itself,
    never behind the authorizer.

    :param allow_origins: exact origins such as ``"https://app.example.com"``, or ``"*"``.
    :param allow_methods: method names, or aws-cdk-lib's ``apigwv2.CorsHttpMethod`` members
        (``CorsHttpMethod.GET`` is ``"GET"``). Default: GET, POST, PUT, PATCH, DELETE, HEAD.
    :param allow_headers: the request headers browsers may send. Default: ``authorization``,
        ``content-type``, and with ``ApiAuth.iam()`` the other headers of a SigV4-signed
        request: ``x-amz-date``, ``x-amz-security-token``, ``x-amz-content-sha256``.
    :param expose_headers: Default: ``location``.
    :param allow_credentials: Default: False (never with ``"*"``).
    :param max_age: how long browsers cache the preflight, in whole seconds, up to 24
        hours. Default: 1 hour.
    """

    allow_origins: Sequence[str]
    allow_methods: Sequence[str | apigwv2.CorsHttpMethod] = _defaults.CORS_ALLOW_METHODS
    allow_headers: Sequence[str] | None = None  # None: the API's auth picks them
    expose_headers: Sequence[str] = _defaults.CORS_EXPOSE_HEADERS
    allow_credentials: bool = False
    max_age: Duration = field(
        default_factory=lambda: Duration.seconds(_defaults.CORS_MAX_AGE_SECONDS)
    )


@jsii.implements(apigwv2.IAccessLogSettings)
class AccessLogSettings:
    """JSON access logs, one object per request, into ``log_group``."""

    def __init__(self, log_group: logs.ILogGroup) -> None:
        self._log_group = log_group

    @property
    def destination(self) -> apigwv2.IAccessLogDestination:
        return apigwv2.LogGroupLogDestination(self._log_group)

    @property
    def format(self) -> apigw.AccessLogFormat:
        return apigw.AccessLogFormat.custom(json.dumps(_defaults.ACCESS_LOG_FIELDS))
