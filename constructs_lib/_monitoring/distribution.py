"""Alarms and widgets of a CloudFront distribution."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, alarm_window, graph

__all__ = ["distribution_alarms", "distribution_widgets"]


def distribution_alarms(
    scope: Construct, distribution: cloudfront.IDistribution
) -> list[cloudwatch.Alarm]:
    rate = _defaults.CDN_5XX_RATE_PERCENT
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
    return [
        graph("Requests", _metric(distribution, "Requests", "Sum")),
        graph(
            "Error rates (%)",
            _metric(distribution, "4xxErrorRate", "Average"),
            _metric(distribution, "5xxErrorRate", "Average"),
        ),
    ]


def _metric(
    distribution: cloudfront.IDistribution,
    name: str,
    statistic: str,
    period: Duration | None = None,
) -> cloudwatch.Metric:
    # CloudFront publishes with Region=Global, which the L2 helpers leave out: an alarm
    # without it would never see a data point.
    return cloudwatch.Metric(
        namespace="AWS/CloudFront",
        metric_name=name,
        dimensions_map={"DistributionId": distribution.distribution_id, "Region": "Global"},
        statistic=statistic,
        period=period,
    )
