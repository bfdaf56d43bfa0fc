"""StaticSite's custom domain rules: the name, its certificate and its hosted zone."""

from __future__ import annotations

import re

from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_route53 as route53

from constructs_lib._validation import Validator, is_unresolved

__all__ = ["validate_domain"]

_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
)


def validate_domain(
    v: Validator,
    domain: str | None,
    certificate: acm.ICertificate | None,
    zone: route53.IHostedZone | None,
) -> None:
    """``domain_name``, ``certificate`` and ``hosted_zone``: each valid, and given together."""
    if domain is not None and not is_unresolved(domain):
        v.check(
            bool(_HOSTNAME.match(domain)),
            "domain_name",
            f"is {domain!r}; it must be a lower-case DNS name such as www.example.com",
            "pass the host name only: no scheme, path, port or trailing dot",
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
    if certificate is not None:
        _validate_certificate_region(v, certificate)
    if zone is not None and domain and not is_unresolved(domain):
        _validate_zone(v, domain, zone)


def _validate_certificate_region(v: Validator, certificate: acm.ICertificate) -> None:
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


def _validate_zone(v: Validator, domain_name: str, hosted_zone: route53.IHostedZone) -> None:
    if is_unresolved(hosted_zone.zone_name):
        return
    zone = hosted_zone.zone_name.rstrip(".").lower()
    v.check(
        domain_name == zone or domain_name.endswith(f".{zone}"),
        "domain_name",
        f"is {domain_name!r}, which is not in hosted_zone {zone!r}",
        "pass a name in the zone, or the zone that holds the name",
    )
