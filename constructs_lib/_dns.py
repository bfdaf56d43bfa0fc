"""Custom domains, shared by StaticSite and ServerlessApi: the DNS-name rule, the region
of an ACM certificate, whether a name lies in a hosted zone, and the alias records."""

from __future__ import annotations

import re
import typing
from typing import TYPE_CHECKING

from aws_cdk import Stack
from constructs import Construct

from constructs_lib._arn_partitions import check_arn_partition
from constructs_lib._jsii import described, given, is_jsii_object, is_unresolved
from constructs_lib._loaded import loaded_module
from constructs_lib._stack_references import check_region_known, reads_across_regions
from constructs_lib._validation import Validator

if TYPE_CHECKING:
    from aws_cdk import aws_certificatemanager as acm
    from aws_cdk import aws_route53 as route53

__all__ = [
    "LOCAL_HOSTS",
    "PORT_PROBLEM",
    "alias_records",
    "certificate_region",
    "check_certificate",
    "check_certificate_account",
    "check_certificate_covers",
    "check_host_name",
    "check_hosted_zone",
    "check_name_in_zone",
    "port_is_sent",
]

#: A developer's own machine: the only hosts whose pages may reach an API over plain http
#: (local development), for a StaticSite's ``api_origins`` and a ServerlessApi's CORS.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
#: An origin's port no browser sends (0, above 65535, written with leading zeros): the
#: origin never matches. As a problem, then its fix.
PORT_PROBLEM = (
    "no TCP port as a browser writes it (1 to 65535, no leading zero), so no page is ever "
    "that origin",
    "write the port the site is served on, e.g. 'https://app.example.com:8443', or none",
)


def port_is_sent(port: str) -> bool:
    """Whether a browser could send ``port`` (digits of an origin) in an Origin header."""
    return port.isdigit() and 0 < int(port) <= 65535 and not port.startswith("0")


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"^(?=.{{1,253}}\Z)(?:{_LABEL}\.)+[a-z]{{2,63}}\Z")
_ZONE_ID = re.compile(r"^[A-Z0-9]{1,32}\Z")
_WILDCARD_HOST_NAME = re.compile(rf"^(?=.{{1,253}}\Z)(?:\*\.)?(?:{_LABEL}\.)+[a-z]{{2,63}}\Z")


def check_host_name(v: Validator, name: object, prop: str, *, wildcard: bool, example: str) -> bool:
    """``name`` is a lower-case DNS host name (``*.`` first only with ``wildcard``) or a
    token; adds a problem naming ``prop`` and returns False if not."""
    if not isinstance(name, str):
        v.add(prop, f"is {described(name)}", f"pass the host name, e.g. {example!r}")
        return False
    if is_unresolved(name):  # a Lazy.string: its text is checked at synth
        v.recheck_rule(
            name,
            lambda found, text: check_host_name(
                found, text, prop, wildcard=wildcard, example=example
            ),
        )
        return True
    pattern = _WILDCARD_HOST_NAME if wildcard else _HOST_NAME
    unsupported = " (a wildcard name is not supported here)" if name.startswith("*.") else ""
    return v.check(
        bool(pattern.match(name)),
        prop,
        f"is {name!r}; it must be a lower-case DNS name such as {example}{unsupported}",
        "pass the host name only: no scheme, path, port or trailing dot",
    )


def check_certificate(v: Validator, value: object, prop: str, where: str) -> bool:
    """``value`` is an ACM certificate (created or imported from an ACM ARN), not an ARN
    string or another resource; ``where`` says where it must be requested. Adds a problem
    if not."""
    fix = (
        f"pass acm.Certificate.from_certificate_arn(self, 'Cert', arn) with the ARN of a "
        f"certificate {where}, or an acm.Certificate"
    )
    if not v.check(
        is_jsii_object(value) and hasattr(value, "certificate_arn"),
        prop,
        f"is {given(value)}; it must be an ACM certificate (acm.ICertificate)",
        fix,
    ):
        return False
    arn = typing.cast("acm.ICertificate", value).certificate_arn
    return (
        v.check_arn_service(
            arn,
            "acm",
            prop,
            "an ACM certificate (arn:aws:acm:<region>:<account>:certificate/<id>)",
            fix,
        )
        and check_arn_partition(v, arn, prop, "")
        and check_region_known(v, typing.cast("acm.ICertificate", value), prop, "certificate")
    )


def check_hosted_zone(v: Validator, value: object, prop: str) -> bool:
    """``value`` is a Route 53 hosted zone (created or imported), not a zone ID or name or
    another resource; adds a problem if not."""
    if not v.check(
        is_jsii_object(value) and hasattr(value, "hosted_zone_id"),
        prop,
        f"is {given(value)}; it must be a Route 53 hosted zone (route53.IHostedZone)",
        "pass route53.HostedZone.from_hosted_zone_attributes(self, 'Zone', "
        "hosted_zone_id=..., zone_name=...) or a route53.HostedZone",
    ):
        return False
    zone = typing.cast("route53.IHostedZone", value)
    if not check_region_known(v, zone, prop, "hosted zone"):
        return False
    _check_hosted_zone_account(v, zone, prop)
    zone_id = zone.hosted_zone_id
    return is_unresolved(zone_id) or v.check(
        bool(_ZONE_ID.match(zone_id)),
        prop,
        f"was imported with hosted_zone_id={zone_id!r}; a hosted zone's ID is upper-case "
        "letters and digits, such as Z0123456789ABCDEFGHIJ",
        f"pass hosted_zone_id={zone_id.rpartition('/')[2]!r}"
        if zone_id.startswith("/hostedzone/")
        else "pass the zone's ID (Route 53 console, or aws route53 list-hosted-zones), and "
        "its name as zone_name",
    )


def _check_hosted_zone_account(v: Validator, zone: route53.IHostedZone, prop: str) -> None:
    """The zone is of the construct's account (the account of the stack that creates or
    imports it; Route 53 zones have no region): CloudFormation creates records only in a
    zone of the account it deploys to. Skipped while either account is unknown."""
    account, own = zone.env.account, Stack.of(v.scope).account
    if is_unresolved(account) or is_unresolved(own):
        return
    v.check(
        account == own,
        prop,
        f"is a hosted zone of the account {account} (its stack "
        f"{Stack.of(zone).node.path!r}), not {own}: CloudFormation creates the alias "
        "records only in a zone of the account it deploys to, so the deploy would fail",
        f"leave hosted_zone out and create the records in the zone's account, or pass a "
        f"zone of the account {own} (e.g. a subdomain's zone, delegated from that one)",
    )


def check_certificate_account(
    v: Validator, certificate: acm.ICertificate, prop: str, service: str
) -> None:
    """The certificate belongs to the account of the construct using it (read from its
    ARN, else its stack; skipped while either is unknown): ``service`` uses no other."""
    account = _certificate_arn_field(certificate, 4) or certificate.env.account  # else stack's
    own = Stack.of(v.scope).account
    if is_unresolved(account) or is_unresolved(own):
        return
    v.check(
        account == own,
        prop,
        f"belongs to the account {account}, not {own}; {service} uses only certificates of "
        "its own account",
        f"request (or import) a certificate for the name in the account {own}",
    )


def check_certificate_covers(
    v: Validator, certificate: acm.ICertificate, name: str, *, prop: str, name_prop: str
) -> None:
    """A certificate the app requests (``acm.Certificate``, whose names are known) covers
    ``name``: one of its names is ``name`` or a wildcard one label above it. Skipped for an
    imported certificate, and while a name is a token."""
    names = _certificate_names(certificate)
    if names is None or is_unresolved(name):
        return
    wanted = name.lower()
    parent = wanted.partition(".")[2]
    v.check(
        any(n == wanted or (n.startswith("*.") and n[2:] == parent) for n in names),
        prop,
        f"is for {', '.join(names)}, which does not cover {name_prop} {name!r}: the "
        "deploy would fail",
        f"request the certificate for {name!r} (or add it to subject_alternative_names), or "
        "pass the certificate that covers it",
    )


def _certificate_names(certificate: acm.ICertificate) -> list[str] | None:
    """The names an ``acm.Certificate`` of the app is requested for (domain name and
    alternative names, lower case); None when they are not known at synth."""
    cfn = certificate.node.default_child if isinstance(certificate, Construct) else None
    acm = loaded_module("aws_certificatemanager")  # the app's certificate was built with it
    if acm is None or not isinstance(cfn, acm.CfnCertificate):
        return None
    names = [cfn.domain_name, *(cfn.subject_alternative_names or [])]
    if is_unresolved(cfn.subject_alternative_names) or any(map(is_unresolved, names)):
        return None
    return [n.lower().rstrip(".") for n in names]


def certificate_region(certificate: acm.ICertificate) -> str | None:
    """The region of ``certificate``: from its ARN, else (a DnsValidatedCertificate) its
    ``region`` prop, else from its stack; None if unknown."""
    acm = loaded_module("aws_certificatemanager")  # the certificate was built with it
    if acm is not None and isinstance(certificate, acm.DnsValidatedCertificate):
        # requested by a custom resource in its ``region`` prop, not in its stack's region
        requested = certificate._region  # the prop, as aws-cdk-lib's Python names it
        if isinstance(requested, str) and not is_unresolved(requested):
            return requested
    if not is_unresolved(certificate.certificate_arn):
        return _certificate_arn_field(certificate, 3)
    region = certificate.env.region
    return None if is_unresolved(region) else region


def _certificate_arn_field(certificate: acm.ICertificate, index: int) -> str | None:
    """Field ``index`` of the certificate's ARN (3: region, 4: account); None when the ARN
    is a token or has no such field. An imported certificate's ``env`` is the importing
    stack's, not the ARN's, so the ARN is what tells."""
    arn = certificate.certificate_arn
    parts = [] if is_unresolved(arn) else arn.split(":")
    return parts[index] if len(parts) > index and parts[index] else None


def check_name_in_zone(
    v: Validator, name: str, zone: route53.IHostedZone, *, name_prop: str, zone_prop: str
) -> None:
    """``name`` is ``zone``'s apex or below it (skipped while either is a token); a zone
    imported without its name is a problem, as records cannot be created in it."""
    try:
        zone_name = zone.zone_name
    except RuntimeError:  # HostedZone.from_hosted_zone_id: CDK cannot name its records
        v.add(
            zone_prop,
            "was imported with HostedZone.from_hosted_zone_id, which has no zone name to "
            "create records in",
            "import it with route53.HostedZone.from_hosted_zone_attributes(self, 'Zone', "
            "hosted_zone_id=..., zone_name=...)",
        )
        return
    if is_unresolved(zone_name) or is_unresolved(name):
        return
    apex = zone_name.rstrip(".").lower()
    v.check(
        name == apex or name.endswith(f".{apex}"),
        name_prop,
        f"is {name!r}, which is not in {zone_prop} {apex!r}",
        "pass a name in the zone, or the zone that holds the name",
    )


def alias_records(
    scope: Construct,
    zone: route53.IHostedZone,
    name: str,
    target: route53.IAliasRecordTarget,
) -> list[route53.RecordSet]:
    """An A and an AAAA alias record ``name`` -> ``target`` in ``zone``, as children
    ``AliasRecord`` and ``AliasRecordIpv6`` of ``scope``."""
    from aws_cdk import aws_route53 as route53  # alias records only

    reads_across_regions(scope, zone)
    alias = route53.RecordTarget.from_alias(target)
    # ``name`` is the full name (checked in the zone when known): with its final dot,
    # aws-cdk-lib takes it as it is; without, it appends the zone's name to any name it
    # cannot see ending in it, a deploy-time one (an SSM parameter's) included, and the
    # record was ``<name>.<zone>.``, a name nobody asks for
    full = name if name.endswith(".") else f"{name}."
    return [
        route53.ARecord(scope, "AliasRecord", zone=zone, record_name=full, target=alias),
        route53.AaaaRecord(scope, "AliasRecordIpv6", zone=zone, record_name=full, target=alias),
    ]
