"""What a stack costs at zero traffic: the price table ``idle_cost.py`` scans against.

List prices in US East (N. Virginia), USD per month (730 hours), from AWS's public
pricing pages: CloudWatch (alarms, dashboards), Amazon VPC (PrivateLink interface
endpoints, NAT gateways, public IPv4 addresses), AWS KMS, AWS Lambda (provisioned
concurrency, Arm), AWS WAF, Amazon DynamoDB (provisioned capacity).
Free tiers are per account (and region), so the scan applies them once per app.
Update RECORDED with every change, and re-check when a price page changes.

CHECKED: the alarm, dashboard, NAT gateway and interface-endpoint prices against stored
copies of AWS's PrivateLink pricing page and of third-party summaries of the CloudWatch
and VPC prices (2026). The build machines cannot reach the live pricing pages; the KMS,
Lambda and WAF prices are still as recorded. The public IPv4 address price ($0.005 an
hour for every AWS-provided public IPv4 address, in use or not, a NAT gateway's Elastic
IP included, since 2024-02-01: recorded 2026-11-26) from stored copies of AWS's
networking blog post announcing it ("Identify and optimize public IPv4 address usage on
AWS") and of third-party summaries. DynamoDB's provisioned capacity, Standard table class
($0.00065 per WCU-hour, $0.00013 per RCU-hour; 25 of each free per account and region,
Standard class only: recorded 2026-11-27) from stored third-party copies and summaries of
AWS's "Pricing for Provisioned Capacity" page, which agree. The Standard-Infrequent Access
class's ($0.00081 per WCU-hour, $0.00016 per RCU-hour, no free tier: recorded 2026-11-28)
from stored copies of code reading AWS's Price List API for us-east-1 (the usage types
IA-WriteCapacityUnit-Hrs and IA-ReadCapacityUnit-Hrs, priced from the first hour, where
the Standard class's begin with 18,600 free hours, 25 units for a 744-hour month), and
checked against AWS's China pricing page, whose Standard-IA capacity is 1.25 times its
Standard capacity for reads and writes alike, as 0.00081 / 0.00065 and 0.00016 / 0.00013
are (rounded to AWS's 5 decimals). An on-demand table of either class bills nothing at
idle but its storage (not in this table).
"""

from __future__ import annotations

from typing import NamedTuple

#: When these prices were entered from the pricing pages.
RECORDED = "2026-11-28"
#: When the prices were last compared with other sources (see the module docstring).
CHECKED = "2026-11-26"
SOURCE = (
    "AWS pricing pages, us-east-1: CloudWatch, Amazon VPC (PrivateLink, NAT gateway, "
    "public IPv4 address), AWS KMS, AWS Lambda, AWS WAF, Amazon DynamoDB (provisioned capacity)"
)
HOURS_PER_MONTH = 730


class Price(NamedTuple):
    usd_per_month: float
    unit: str
    free_per_account: int = 0


PRICES: dict[str, Price] = {
    # standard resolution; metric math: one per metric the alarm reads
    "alarm metric": Price(0.10, "per metric an alarm reads", free_per_account=10),
    "dashboard": Price(3.00, "per dashboard", free_per_account=3),
    # $0.01 per endpoint per AZ per hour
    "interface endpoint AZ": Price(0.01 * HOURS_PER_MONTH, "per endpoint per AZ"),
    # $0.045 per hour, plus $0.045 per GB processed (none at idle)
    "NAT gateway": Price(0.045 * HOURS_PER_MONTH, "per gateway"),
    # $0.005 per hour per AWS-provided public IPv4 address, in use or not: a NAT gateway's
    # Elastic IP (AWS::EC2::EIP) is billed on top of the gateway
    "public IPv4 address": Price(0.005 * HOURS_PER_MONTH, "per address (a NAT gateway's EIP)"),
    "KMS customer key": Price(1.00, "per key"),
    # Arm: $0.0000033334 per GB-second provisioned
    "provisioned concurrency GB": Price(
        0.0000033334 * 3600 * HOURS_PER_MONTH, "per GB of provisioned memory"
    ),
    "WAF web ACL": Price(5.00, "per web ACL (+ $1 per rule)"),
    "WAF rule": Price(1.00, "per rule of a web ACL"),
    # Standard table class: $0.00065 per WCU-hour, $0.00013 per RCU-hour; 25 WCU and 25 RCU
    # free per account and region. On-demand tables have no idle cost but their storage.
    "DynamoDB write capacity unit": Price(
        0.00065 * HOURS_PER_MONTH, "per provisioned WCU", free_per_account=25
    ),
    "DynamoDB read capacity unit": Price(
        0.00013 * HOURS_PER_MONTH, "per provisioned RCU", free_per_account=25
    ),
    # Standard-IA table class: $0.00081 per WCU-hour, $0.00016 per RCU-hour, none free (the
    # free tier is the Standard class's)
    "DynamoDB Standard-IA write capacity unit": Price(
        0.00081 * HOURS_PER_MONTH, "per provisioned WCU of a Standard-IA table"
    ),
    "DynamoDB Standard-IA read capacity unit": Price(
        0.00016 * HOURS_PER_MONTH, "per provisioned RCU of a Standard-IA table"
    ),
}
