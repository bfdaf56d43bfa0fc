"""Alarms and widgets of a CloudFront distribution."""

from __future__ import annotations

from aws_cdk import Annotations, Duration, Stack, Token
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._monitoring.alarm import alarm, alarm_period, alarm_window, graph

__all__ = ["OUTSIDE_US_EAST_1_WARNING", "distribution_alarms", "distribution_widgets"]

#: CloudFront publishes its metrics in this region only, whatever the stack's region.
METRICS_REGION = "us-east-1"
#: The warning of a site whose stack is in another region (its alarm could never fire).
OUTSIDE_US_EAST_1_WARNING = "constructs_lib:cloudFrontAlarmOutsideUsEast1"


def distribution_alarms(
    scope: Construct, distribution: cloudfront.IDistribution
) -> list[cloudwatch.Alarm]:
    region = Stack.of(scope).region
    if not Token.is_unresolved(region) and region != METRICS_REGION:
        # An alarm reads metrics of its own region only: in any other region it would
        # never see a data point (and would cost its $0.10 a month for nothing).
        Annotations.of(scope).add_warning_v2(
            OUTSIDE_US_EAST_1_WARNING,
            f"no 5xx-rate alarm for this site: CloudFront publishes its metrics in "
            f"{METRICS_REGION} only, and an alarm in {region} would never fire (the "
            f"dashboard still shows them). Fix: create an alarm on the distribution's "
            f"5xxErrorRate (Region=Global) in a stack of yours in {METRICS_REGION} to be "
            f"alerted, or "
            f"create a new site in a stack there (it serves worldwide from any region; a "
            f"deployed site moved to another stack gets new buckets and a new distribution, "
            f"whose domain name CloudFront refuses while the old one holds it); to go "
            f"without, pass alarms=False.",
        )
        return []
    rate = _defaults.CDN_5XX_RATE_PERCENT
    return [
        alarm(
            scope,
            "ServerErrorRateAlarm",
            # in the alarm's own region (us-east-1 here): no explicit region
            _metric(distribution, "5xxErrorRate", "Average", alarm_period(), region=None),
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
    region: str | None = METRICS_REGION,
) -> cloudwatch.Metric:
    # CloudFront publishes with Region=Global, which the L2 helpers leave out: an alarm
    # without it would never see a data point. Its metrics are in us-east-1 only: the
    # dashboard's widgets read them there from a stack of any region.
    return cloudwatch.Metric(
        region=region,
        namespace="AWS/CloudFront",
        metric_name=name,
        dimensions_map={"DistributionId": distribution.distribution_id, "Region": "Global"},
        statistic=statistic,
        period=period,
    )
