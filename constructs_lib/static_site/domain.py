"""StaticSite's custom domain rules: the name, its certificate and its hosted zone (the
DNS rules themselves are shared with ServerlessApi's ApiDomain, in ``_dns``)."""

from __future__ import annotations

from aws_cdk import Stack, region_info
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_route53 as route53

from constructs_lib._dns import (
    certificate_region,
    check_certificate,
    check_certificate_account,
    check_certificate_covers,
    check_host_name,
    check_hosted_zone,
    check_name_in_zone,
)
from constructs_lib._host_names import claim_host_name
from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator

__all__ = ["validate_domain", "validate_partition"]

_IN = "in us-east-1 that covers domain_name"
#: Partitions whose CloudFormation has no CloudFront Origin Access Control (per cfn-lint's
#: region schemas and aws-cdk-lib's template validation).
_NO_SITE_PARTITIONS = frozenset({"aws-cn", "aws-us-gov"})


def validate_domain(
    v: Validator,
    domain: str | None,
    certificate: acm.ICertificate | None,
    zone: route53.IHostedZone | None,
) -> None:
    """``domain_name``, ``certificate`` and ``hosted_zone``: each valid, and given together."""
    name_ok = domain is None or check_host_name(
        v, domain, "domain_name", wildcard=True, example="www.example.com"
    )
    # domain_name, certificate and hosted_zone only make sense together.
    for missing, prop, problem, fix in (
        (
            bool(domain) and certificate is None,
            "certificate",
            "is missing: domain_name needs a certificate for that name",
            "pass certificate= an ACM certificate in us-east-1 that covers domain_name",
        ),
        (
            certificate is not None and not domain,
            "domain_name",
            "is missing: certificate is given, but for no domain",
            "pass domain_name= the name the certificate covers",
        ),
        (
            zone is not None and not domain,
            "domain_name",
            "is missing: hosted_zone is given, but no domain to create records for",
            "pass domain_name= a name in the zone",
        ),
    ):
        v.check(not missing, prop, problem, fix)
    if certificate is not None and check_certificate(v, certificate, "certificate", _IN):
        _validate_certificate_region(v, certificate)
        check_certificate_account(v, certificate, "certificate", "CloudFront")
        if domain and name_ok:
            check_certificate_covers(
                v, certificate, domain, prop="certificate", name_prop="domain_name"
            )
    if domain and name_ok:
        claim_host_name(v, domain, "domain_name", "site")
    if zone is not None and check_hosted_zone(v, zone, "hosted_zone") and domain and name_ok:
        check_name_in_zone(v, domain, zone, name_prop="domain_name", zone_prop="hosted_zone")


def _validate_certificate_region(v: Validator, certificate: acm.ICertificate) -> None:
    region = certificate_region(certificate)
    v.check(
        region in (None, "us-east-1"),
        "certificate",
        f"is in {region!r}; CloudFront only uses ACM certificates from us-east-1",
        "request the certificate in us-east-1 (e.g. a stack with env region us-east-1 "
        "and cross_region_references=True) and pass it",
    )


def validate_partition(v: Validator) -> None:
    """The stack's region, when known, is not in a partition whose CloudFormation lacks
    what the site is built from (China has no Origin Access Control, GovCloud no
    CloudFront): its template would fail at deploy."""
    region = Stack.of(v.scope).region
    if is_unresolved(region):
        return
    partition = region_info.RegionInfo.get(region).partition
    v.check(
        partition not in _NO_SITE_PARTITIONS,
        "scope",
        f"is in region {region} (partition {partition}), whose CloudFormation has no "
        "CloudFront Origin Access Control, which the site is served with",
        "create the StaticSite in a stack of a region of the aws partition "
        "(env=cdk.Environment(region='us-east-1')): its distribution serves every viewer",
    )
