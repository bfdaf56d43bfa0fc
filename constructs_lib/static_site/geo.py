"""A StaticSite's geo restriction: the country codes CloudFront takes.

CloudFront takes ISO 3166-1 alpha-2 codes (the ones MaxMind's GeoIP databases report)
and refuses any other at deploy time; ``cloudfront.GeoRestriction`` checks only that a
code is two upper-case letters, so ``UK`` (for GB) synthesizes and fails the deploy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from aws_cdk import aws_cloudfront as cloudfront

from constructs_lib._jsii import is_unresolved
from constructs_lib._prop_type_messages import wrong
from constructs_lib._validation import Validator

__all__ = ["location_problems", "validate_geo_restriction"]

#: ISO 3166-1 alpha-2 (as the tz database's iso3166.tab lists it), plus XK (Kosovo),
#: which MaxMind reports.
_COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM
    BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX
    CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG
    GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR
    IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV
    LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE
    NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
    RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF
    WS XK YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 (250 codes: one line each would be 250 lines)
)
#: Codes users reach for that are not countries' ISO codes, and what they meant.
_INSTEAD = {
    "UK": "GB (the United Kingdom's ISO code)",
    "EL": "GR (Greece's ISO code; EL is the EU's)",
    "EU": "the countries themselves (EU is no country)",
}


def location_problems(locations: Sequence[str]) -> list[tuple[str, str]]:
    """(problem, fix) for each of ``locations`` that is no country code CloudFront takes."""
    problems = []
    for code in dict.fromkeys(locations):
        if code not in _COUNTRIES:
            problems.append(
                (
                    f"has {code!r}, which is no ISO 3166-1 alpha-2 country code: CloudFront "
                    "refuses it at deploy time",
                    f"write {_INSTEAD[code]}"
                    if code in _INSTEAD
                    else "write the country's two-letter ISO code (e.g. 'DE', 'GB', 'US')",
                )
            )
    return problems


def validate_geo_restriction(v: Validator, restriction: object) -> None:
    """Each location of ``restriction`` (a ``cloudfront.GeoRestriction``) a country code;
    the codes a config gives instead (``"DE,FR"``, a list, a dict) told the call to make."""
    if not isinstance(restriction, cloudfront.GeoRestriction):
        _check_config_codes(v, restriction)  # none, or else the type check reports it
        return
    locations = restriction.locations
    if is_unresolved(locations) or any(is_unresolved(code) for code in locations):
        return
    for problem, fix in location_problems(locations):
        v.add("geo_restriction", problem, fix)


# a config's word for the kind of restriction, and the factory it means
_KINDS = {
    **dict.fromkeys(("allowlist", "whitelist", "allow"), "allowlist"),
    **dict.fromkeys(("denylist", "blacklist", "deny", "block"), "denylist"),
}
_SEPARATORS = re.compile(r"[\s,;]+")


def _check_config_codes(v: Validator, value: object) -> None:
    """Countries given as a config writes them where a ``GeoRestriction`` goes: text
    (``"DE,FR"``), a list, or a dict with the kind and locations (``{"type": "denylist",
    "locations": [...]}``), told the factory call with those codes (allowed or denied: the
    codes alone say not which, so both unless the dict's kind does), and each code that is
    no country's. Anything else is left to the type check."""
    kind: str | None = None
    codes: object = value
    if isinstance(value, Mapping):
        kind = _KINDS.get(str(value.get("type", value.get("restriction_type", ""))).lower())
        codes = value.get("locations", value.get("countries"))
    if isinstance(codes, str):
        codes = _SEPARATORS.split(codes)
    if not isinstance(codes, list | tuple) or not all(isinstance(c, str) for c in codes):
        return
    found = [code.strip().upper() for code in codes if code.strip()]
    if not found or any(is_unresolved(code) for code in codes):
        return
    call = ", ".join(map(repr, dict.fromkeys(found)))
    calls = [
        f"cloudfront.GeoRestriction.{factory}({call}){what if kind is None else ''}"
        for factory, what in (
            ("allowlist", " to serve these countries only"),
            ("denylist", " to serve every country but these"),
        )
        if kind in (None, factory)
    ]
    v.add("geo_restriction", wrong(value, cloudfront.GeoRestriction), f"pass {', or '.join(calls)}")
    for problem, fix in location_problems(found):
        v.add("geo_restriction", problem, fix)
