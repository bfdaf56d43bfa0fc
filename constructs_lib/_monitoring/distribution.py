"""Alarms and widgets of a CloudFront distribution."""

from __future__ import annotations

from aws_cdk import Annotations, Duration, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct, IConstruct

from constructs_lib import _defaults
from constructs_lib._jsii import is_unresolved
from constructs_lib._monitoring.alarm import alarm, alarm_period, alarm_window, graph

__all__ = ["distribution_alarms", "distribution_widgets"]

#: CloudFront publishes its metrics in this region only.
_METRICS_REGION = "us-east-1"


def _elsewhere(scope: IConstruct) -> str | None:
    """The stack's region when it is known and not CloudFront's metrics region."""
    region = Stack.of(scope).region
    return None if is_unresolved(region) or region == _METRICS_REGION else region


def distribution_alarms(
    scope: Construct, distribution: cloudfront.IDistribution
) -> list[cloudwatch.Alarm]:
    rate = _defaults.CDN_5XX_RATE_PERCENT
    region = _elsewhere(scope)
    if region is not None:  # an alarm reads only its own region's metrics
        Annotations.of(scope).add_warning_v2(
            "constructs_lib:siteAlarmOutsideUsEast1",
            f"{scope.node.path}: the 5xx-rate alarm is in {region}, but CloudFront publishes "
            f"its metrics in {_METRICS_REGION} only: the alarm never sees a data point and "
            f"stays OK. Create the StaticSite in a stack of {_METRICS_REGION} for it to fire, "
            "or pass alarms=False to the site.",
        )
    return [
        alarm(
            scope,
            "ServerErrorRateAlarm",
            _metric(distribution, "5xxErrorRate", "Average", alarm_period()),
            threshold=rate,
            description=f">= {rate} % of responses were 5xx for {alarm_window()}",
        )
    ]


def distribution_widgets(distribution: cloudfront.IDistribution) -> list[cloudwatch.IWidget]:
    # a dashboard of another region reads the metrics in us-east-1 (dashboards may)
    region = _METRICS_REGION if _elsewhere(distribution) else None
    return [
        graph("Requests", _metric(distribution, "Requests", "Sum", region=region)),
        graph(
            "Error rates (%)",
            _metric(distribution, "4xxErrorRate", "Average", region=region),
            _metric(distribution, "5xxErrorRate", "Average", region=region),
        ),
    ]


def _metric(
    distribution: cloudfront.IDistribution,
    name: str,
    statistic: str,
    period: Duration | None = None,
    *,
    region: str | None = None,
) -> cloudwatch.Metric:
    # CloudFront publishes with Region=Global, which the L2 helpers leave out: an alarm
    # without it would never see a data point.
    return cloudwatch.Metric(
        namespace="AWS/CloudFront",
        metric_name=name,
        dimensions_map={"DistributionId": distribution.distribution_id, "Region": "Global"},
        statistic=statistic,
        period=period,
        region=region,
    )
