"""The text of a StaticSite's Content-Security-Policy: one line, the directives and sources
browsers read (``csp_rules``), CloudFront's length limit. A custom policy given as a token
that resolves at synth (``Lazy.string(...)``) is checked then, as the literal is when the
site is built; a parameter's value is left to CloudFront."""

from __future__ import annotations

from collections.abc import Sequence

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.static_site.csp_rules import policy_problems
from constructs_lib.static_site.headers import CSP_MAX_LENGTH, NOT_ONE_LINE, is_one_line_policy

__all__ = ["check_own_policy", "check_policy_length"]

_PROP = "content_security_policy"


def check_own_policy(
    v: Validator, policy: str, *, fetched: Sequence[str], own_hosts: Sequence[str]
) -> None:
    """A policy given as ``content_security_policy``: one line, no source a browser would
    misread (``fetched``, ``own_hosts``: see :func:`policy_problems`); its length too once a
    token resolves (the caller checks a literal's, or the default policy's)."""
    if is_unresolved(policy):

        def resolved(found: Validator, text: str) -> None:
            check_own_policy(found, text, fetched=fetched, own_hosts=own_hosts)
            check_policy_length(found, text)

        v.recheck_rule(policy, resolved)
        return
    v.check(is_one_line_policy(policy), _PROP, *NOT_ONE_LINE)
    for problem, fix in policy_problems(policy, fetched=fetched, own_hosts=own_hosts):
        v.add(_PROP, problem, fix)


def check_policy_length(v: Validator, policy: str) -> None:
    """The policy CloudFront's response headers policy carries, at most its limit long."""
    v.check(
        len(policy) <= CSP_MAX_LENGTH,
        _PROP,
        f"is {len(policy)} characters long; CloudFront allows at most {CSP_MAX_LENGTH}",
        "shorten the policy or list fewer api_origins (a wildcard host such as "
        "https://*.example.com covers several)",
    )
