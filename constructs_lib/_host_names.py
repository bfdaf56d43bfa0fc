"""Custom host names across an app: a CloudFront alternate domain name is unique across
AWS, a regional API domain name within its region across all accounts, and a DNS name
points at one target, so two sites or APIs of an app answering on one name are refused
when the app is built, not when the second one deploys."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from aws_cdk import Stack
from constructs import IConstruct

from constructs_lib._facts import app_of, path_of, stage_of
from constructs_lib._identity_map import IdentityMap
from constructs_lib._jsii import is_unresolved

if TYPE_CHECKING:
    from constructs_lib._validation import Validator

__all__ = ["claim_alias_records", "claim_host_name"]


#: By app: each custom host name the app's sites and APIs answer on -> (kind, path, region,
#: stage path).
_CLAIMED: IdentityMap[dict[str, tuple[str, str, str, str]]] = IdentityMap()


#: By app: (host name, hosted zone) -> (path, region) of the API whose ApiDomain creates
#: that name's alias records in that zone.
_RECORDS: IdentityMap[dict[tuple[str, str], tuple[str, str]]] = IdentityMap()


#: The id HostedZone.from_lookup returns until the CLI has looked the zone up: every
#: lookup's, a public and a private zone's alike, so it names no zone (the synthesis with
#: the looked-up ids compares them).
_LOOKUP_DUMMY_ZONE_ID = "DUMMY"


def _label(stage_path: str) -> str:
    """A stage's id as a DNS label ('Prod_EU' -> 'prod-eu'): a host name takes no '_'."""
    return re.sub(r"[^a-z0-9]+", "-", stage_path.rsplit("/", 1)[-1].lower()).strip("-")


def claim_host_name(v: Validator, name: str, prop: str, kind: str) -> bool:
    """Notes that ``v.scope`` (a ``kind``: "site" or "API") answers on ``name``; adds a
    problem when another site or API of the app does already. A CloudFront alternate
    domain name is unique across AWS, a regional API domain within its region across all
    accounts (a dev and a prod account's APIs cannot share one), and a DNS name points at
    one of them. Whether it is ``v.scope``'s."""
    if is_unresolved(name):
        return True
    stack = Stack.of(v.scope)
    region = "global" if kind == "site" else stack.region
    stage = stage_of(v.scope)
    here = path_of(stage) if stage is not None else ""
    claimed = _CLAIMED.remembered(app_of(v.scope), dict)
    first = claimed.setdefault(name, (kind, v.scope.node.path, region, here))
    other_kind, path, other_region, other_stage = first
    if path == v.scope.node.path or (
        kind == other_kind == "API"
        and region != other_region
        and not (is_unresolved(region) or is_unresolved(other_region))
    ):
        return True
    fix = (
        "give each site and API its own host name (e.g. app.example.com for the site, "
        "api.example.com for the API); a site serves its API on its own host with api="
    )
    if other_stage != here:
        fix = (
            f"give each stage its own host name (e.g. {_label(here) or 'dev'}"
            f".{name} here, {name} in the stage {other_stage or '(the app)'}), from a prop of "
            "the stage"
        )
    elif kind == other_kind == "API":
        fix = (
            f"pass domain=ApiDomainMapping(domain_name=<the ServerlessApi {path}>"
            ".domain_name, base_path='v2') to serve both APIs on "
            f"{name} (this one at its own base path of the other's domain name); or give it "
            "its own host name"
        )
    unknown = kind == other_kind == "API" and (is_unresolved(region) or is_unresolved(other_region))
    v.add(
        prop,
        f"is {name!r}, which the {other_kind} {path} answers on already"
        + (
            " (an environment-agnostic stack's region is known only at deploy: both may be in one)"
            if unknown
            else ""
        )
        + ": a host name reaches one CloudFront distribution or API Gateway domain, and its DNS "
        "record one target",
        fix,
    )
    return False


def claim_alias_records(v: Validator, name: str, zone: IConstruct, prop: str) -> None:
    """Notes that ``v.scope``'s ApiDomain creates the A and AAAA records of ``name`` in
    ``zone``; adds a problem when another API of the app does already. The same API host
    name in two regions passes :func:`claim_host_name` (latency-based routing), but the
    library's records are simple ones: Route 53 holds one per name and type, so the
    second stack's deploy would fail on a record that "already exists"."""
    zone_id = getattr(zone, "hosted_zone_id", None)
    if is_unresolved(name) or not isinstance(zone_id, str) or zone_id == _LOOKUP_DUMMY_ZONE_ID:
        return
    # a zone created in the app has a deploy-time id: the zone construct is its identity
    key = (name, zone.node.path if is_unresolved(zone_id) else zone_id)
    claimed = _RECORDS.remembered(app_of(v.scope), dict)
    path, region = claimed.setdefault(key, (v.scope.node.path, Stack.of(v.scope).region))
    v.check(
        path == v.scope.node.path,
        prop,
        f"would get the A and AAAA records of {name!r}, which the API {path} ("
        + (region if not is_unresolved(region) else "an environment-agnostic stack")
        + ") creates in this zone already: Route 53 holds one simple record per name and type, "
        "so the second stack's deploy fails on a record that already exists",
        f"leave out hosted_zone on each region's ApiDomain of {name} and create the region's "
        "alias records to api.domain_name with route53.ARecord and route53.AaaaRecord(..., "
        "region=<the API's region>, set_identifier=<the API's region>), for latency-based "
        "routing (README: One API host name in several regions); or give each API its own "
        "host name",
    )
