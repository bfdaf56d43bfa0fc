"""The viewers' TLS a property injector of ``cloudfront.Distribution`` leaves on a
StaticSite's distribution with a certificate of its own.

With a certificate the library sets CloudFront's security policy ``TLSv1.2_2021`` (TLS
1.2 with forward-secret AEAD ciphers, or TLS 1.3): an injector returning an older one
(``TLS_V1_2016``: TLS 1.0 and its CBC ciphers) lets viewers in over protocols the library
keeps out, in silence. A newer one (``TLS_V1_2_2025``, ``TLS_V1_3_2025``) is the viewers'
side only: CloudFront still reads the site's bucket and API as before, and every current
browser speaks TLS 1.3. Without a certificate CloudFront serves its own
``*.cloudfront.net`` one, whose policy no prop changes (aws-cdk-lib renders none).

Only asked when an injector may reach the distribution (``may_inject``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import jsii

from constructs_lib._facts import path_of, resource_of, stack_of
from constructs_lib._injected import _SKIP, _changed, _walk
from constructs_lib.errors import ConstructError, Problem

if TYPE_CHECKING:
    from aws_cdk import aws_cloudfront as cloudfront

__all__ = ["check_viewer_tls"]

#: CloudFront's security policies, oldest first (as CloudFormation writes them).
_POLICIES = (
    "SSLv3",
    "TLSv1",
    "TLSv1_2016",
    "TLSv1.1_2016",
    "TLSv1.2_2018",
    "TLSv1.2_2019",
    "TLSv1.2_2021",
    "TLSv1.2_2025",
    "TLSv1.3_2025",
)


def check_viewer_tls(
    distribution: cloudfront.Distribution, wanted: cloudfront.SecurityPolicyProtocol
) -> None:
    """``distribution``'s security policy is ``wanted`` (the library's) or newer."""
    # cfnProperties, not CfnDistribution.distribution_config: jsii cannot hand that typed
    # struct back (its lazy parts fail to serialize)
    properties = jsii.get(resource_of(distribution), "cfnProperties")
    config = stack_of(distribution).resolve(properties.get("distributionConfig"))
    given = _walk(config, "viewerCertificate", "minimumProtocolVersion")
    floor = _rendered(wanted)
    if not isinstance(given, str) or given not in _POLICIES or floor not in _POLICIES:
        return  # a deploy-time value, or a policy newer than this list: CloudFront's call
    if _POLICIES.index(given) >= _POLICIES.index(floor):
        return
    returned = f"minimumProtocolVersion={given}"
    raise ConstructError(
        [
            Problem(
                path_of(distribution),
                "minimum_protocol_version",
                f"is {given}: {_changed(returned, 'cloudfront.Distribution')} for the "
                f"StaticSite's distribution, older than the library's {floor}: viewers "
                "then reach the site over protocols or ciphers it keeps out (TLS before 1.2, or "
                "CBC ciphers without forward secrecy)",
                f"{_SKIP}, or return {floor} or newer (SecurityPolicyProtocol.TLS_V1_2_2025, "
                "TLS_V1_3_2025)",
            )
        ]
    )


def _rendered(policy: cloudfront.SecurityPolicyProtocol) -> str:
    """A SecurityPolicyProtocol as CloudFormation writes it (``TLS_V1_2_2021`` is
    ``TLSv1.2_2021``): ``TLS_V1`` then the minor version and year, as they are."""
    parts = policy.name.split("_")  # ["TLS", "V1", "2", "2021"], ["TLS", "V1", "2016"]
    if parts[:2] != ["TLS", "V1"]:
        return policy.name
    minor = [p for p in parts[2:] if len(p) == 1]
    year = [p for p in parts[2:] if len(p) == 4]
    return "TLSv1" + "".join(f".{m}" for m in minor) + "".join(f"_{y}" for y in year)
