"""A ServerlessApi's custom domain: the props, their rules, and the resources."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aws_cdk import Annotations, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._agnostic_imports import warn_of_region_in_agnostic_stack
from constructs_lib._arguments import checked_init
from constructs_lib._dns import (
    alias_records,
    certificate_region,
    check_certificate,
    check_certificate_account,
    check_certificate_covers,
    check_host_name,
    check_hosted_zone,
    check_name_in_zone,
)
from constructs_lib._host_names import claim_alias_records, claim_host_name
from constructs_lib._jsii import described, is_unresolved
from constructs_lib._loaded import LazyModule
from constructs_lib._stack_references import reads_across_regions
from constructs_lib._token_names import readable
from constructs_lib._validation import Validator
from constructs_lib.serverless_api.mapping import (
    ApiDomainMapping,
    check_base_path,
    check_endpoint_switch,
    check_mapping,
    claim_mapping,
    host_name,
    mapped_domain_name,
)

if TYPE_CHECKING:
    from aws_cdk import aws_certificatemanager as acm
    from aws_cdk import aws_route53 as route53
else:  # imported on first use (typing.get_type_hints): importing this loads none
    acm = LazyModule("aws_certificatemanager")
    route53 = LazyModule("aws_route53")

__all__ = [
    "REPEATED_BASE_PATH_WARNING",
    "ApiDomain",
    "DomainResources",
    "check_domain",
    "create_domain",
    "domain_url",
    "warn_of_repeated_base_path",
]

#: The synth warning of a route key that starts with the API's own base path.
REPEATED_BASE_PATH_WARNING = "constructs_lib:routeRepeatsBasePath"


@checked_init
@dataclass(frozen=True, kw_only=True)
class ApiDomain:
    """A custom domain name for a ServerlessApi (a regional API Gateway domain, TLS 1.2).

    :param name: the host name clients call, e.g. ``api.example.com``: lower case, no
        scheme, no trailing dot, no wildcard.
    :param certificate: an ACM certificate for ``name`` in the API's region (a regional
        endpoint, unlike CloudFront's us-east-1).
    :param hosted_zone: Route 53 zone in which to create A and AAAA alias records for
        ``name``. Default: no DNS records (point your DNS at
        ``api.domain_name.regional_domain_name``).
    :param base_path: the API mapping key: the API answers at ``https://name/base_path/...``
        (e.g. ``"v1"`` or ``"orders/v1"``). Default: the domain's root.
    :param disable_default_endpoint: turn off the API's ``execute-api`` endpoint, so that
        clients can only call ``name``. Default: False (both answer).
    """

    name: str
    certificate: acm.ICertificate
    hosted_zone: route53.IHostedZone | None = None
    base_path: str | None = None
    disable_default_endpoint: bool = False


@dataclass(frozen=True)
class DomainResources:
    """What :func:`create_domain` builds (``domain_name``: the one it maps onto)."""

    domain_name: apigwv2.IDomainName
    api_mapping: apigwv2.ApiMapping
    records: list[route53.RecordSet]


def domain_url(domain: ApiDomain | ApiDomainMapping) -> str:
    """``https://name/`` or ``https://name/base_path/`` (a trailing slash, like the
    execute-api URL, so relative paths resolve below the base path)."""
    path = f"{domain.base_path}/" if domain.base_path else ""
    name = domain.name if isinstance(domain, ApiDomain) else host_name(mapped_domain_name(domain))
    return f"https://{name}/{path}"


def create_domain(
    scope: Construct,
    domain: ApiDomain | ApiDomainMapping,
    http_api: apigwv2.IHttpApi,
    stage: apigwv2.IHttpStage,
) -> DomainResources:
    """The regional domain name (TLS 1.2, dual-stack) and the alias records when a hosted
    zone is given (with ``ApiDomainMapping``: the domain name given, no records), and the
    mapping to ``stage``."""
    if isinstance(domain, ApiDomainMapping):
        return DomainResources(mapped_domain_name(domain), _map(scope, domain, http_api, stage), [])
    domain_name = apigwv2.DomainName(
        scope,
        "DomainName",
        domain_name=domain.name,
        certificate=domain.certificate,
        endpoint_type=apigwv2.EndpointType.REGIONAL,
        security_policy=apigwv2.SecurityPolicy[_defaults.API_DOMAIN_SECURITY_POLICY],
        ip_address_type=apigwv2.IpAddressType[_defaults.API_DOMAIN_IP_ADDRESS_TYPE],
    )
    reads_across_regions(scope, domain.certificate)
    mapping = ApiDomainMapping(domain_name=domain_name, base_path=domain.base_path)
    api_mapping = _map(scope, mapping, http_api, stage)
    records = []
    if domain.hosted_zone is not None:
        from aws_cdk import aws_route53_targets as targets  # alias records only

        target = targets.ApiGatewayv2DomainProperties(
            domain_name.regional_domain_name, domain_name.regional_hosted_zone_id
        )
        records = alias_records(scope, domain.hosted_zone, domain.name, target)
    return DomainResources(domain_name, api_mapping, records)


def _map(
    scope: Construct,
    mapping: ApiDomainMapping,
    http_api: apigwv2.IHttpApi,
    stage: apigwv2.IHttpStage,
) -> apigwv2.ApiMapping:
    api_mapping = apigwv2.ApiMapping(
        scope,
        "ApiMapping",
        api=http_api,
        domain_name=mapped_domain_name(mapping),
        stage=stage,
        api_mapping_key=mapping.base_path,
    )
    api_mapping.node.add_dependency(stage)  # the mapping names the stage: create it first
    return api_mapping


def check_domain(v: Validator, domain: object) -> None:
    """Every rule of ``domain``: its name, certificate (type, region), zone (type, holds
    the name), base path and the endpoint switch; tokens skip the checks they defeat.
    An ``ApiDomainMapping``: see :func:`check_mapping`."""
    if isinstance(domain, ApiDomainMapping):
        check_mapping(v, domain)
        return
    if not isinstance(domain, ApiDomain):
        v.add(
            "domain",
            f"is {described(domain)}",
            "pass ApiDomain(name='api.example.com', certificate=...), or "
            "ApiDomainMapping(domain_name=..., base_path=...) for a domain that exists",
        )
        return
    name_ok = check_host_name(
        v, domain.name, "domain.name", wildcard=False, example="api.example.com"
    )
    if check_certificate(v, domain.certificate, "domain.certificate", "in the API's region"):
        _check_certificate_region(v, domain.certificate)
        check_certificate_account(v, domain.certificate, "domain.certificate", "API Gateway")
        if name_ok:
            check_certificate_covers(
                v,
                domain.certificate,
                domain.name,
                prop="domain.certificate",
                name_prop="domain.name",
            )
    claimed = name_ok and claim_host_name(v, domain.name, "domain.name", "API")
    zone = domain.hosted_zone
    if zone is not None and check_hosted_zone(v, zone, "domain.hosted_zone") and name_ok:
        check_name_in_zone(
            v, domain.name, zone, name_prop="domain.name", zone_prop="domain.hosted_zone"
        )
        if claimed:
            claim_alias_records(v, domain.name, zone, "domain.hosted_zone")
    base_ok = domain.base_path is None or check_base_path(v, domain.base_path)
    if claimed and base_ok:
        claim_mapping(v, domain.name, domain.base_path)
    check_endpoint_switch(v, domain.disable_default_endpoint)


def _check_certificate_region(v: Validator, certificate: acm.ICertificate) -> None:
    api_region, region = Stack.of(v.scope).region, certificate_region(certificate)
    if region is None:
        return
    if is_unresolved(api_region):
        warn_of_region_in_agnostic_stack(
            v.scope,
            f"`domain.certificate` is a certificate of region {region} (a regional custom "
            "domain needs one of the API's own region)",
            region,
            "create the certificate in this stack (acm.Certificate: of the region it deploys to)",
        )
        return
    v.check(
        region == api_region,
        "domain.certificate",
        f"is in {region!r}, but the API is in {api_region!r}; a regional custom domain "
        "needs a certificate in the API's own region",
        f"request (or import) a certificate for the name in {api_region} and pass it",
    )


def warn_of_repeated_base_path(
    v: Validator, domain: ApiDomain | ApiDomainMapping, keys_and_paths: Iterable[tuple[str, str]]
) -> None:
    """A route key that starts with the base path (``GET /v1/rows`` at base path ``v1``):
    API Gateway strips the base path before it matches a route, so the route answers at
    ``/v1/v1/rows``. It may be meant, so a warning its owner can acknowledge."""
    base = domain.base_path if isinstance(domain, ApiDomain | ApiDomainMapping) else None
    if not isinstance(base, str) or not base or is_unresolved(base):
        return
    for key, path in keys_and_paths:
        if path != f"/{base}" and not path.startswith(f"/{base}/"):
            continue
        rest = path[len(base) + 1 :] or "/"
        message = (
            f"`routes[{key!r}]` starts with the domain's base_path {base!r}: API Gateway "
            "strips the base path before it matches a route, so this route answers at "
            f"{domain_url(domain)}{path[1:]}, and {domain_url(domain)}{rest[1:]} matches no "
            f"route. Fix: write the key without the base path ({key[: -len(path)]}{rest}). "
            f"If the doubled path is meant, acknowledge '{REPEATED_BASE_PATH_WARNING}'."
        )  # a domain name of a deploy-time value named by what it is
        Annotations.of(v.scope).add_warning_v2(
            REPEATED_BASE_PATH_WARNING, readable(message, v.scope)
        )
