"""The library's acknowledgements in cdk-nag's other packs: a platform that runs the NIST
800-53, HIPAA Security or PCI DSS pack next to ``enable_checks`` gets the same check of the
same resource decided with the same reason, instead of a finding the library has reasoned
away under another name.

Only rules that are one check in several packs are listed (each pack applies cdk-nag's same
rule function), read from cdk-nag's ``lib/packs/*.js`` (3.0.2: each ``applyRule``'s
``rule`` and ``ruleSuffixOverride``), and only those the library acknowledges.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["EQUIVALENTS", "equivalents", "in_packs"]


def in_packs(rule: str, *packs: str) -> tuple[str, ...]:
    """``rule``'s id in each of ``packs`` (default: every pack but the two checked)."""
    return tuple(f"{pack}-{rule}" for pack in packs or _OTHER_PACKS)


_OTHER_PACKS = ("HIPAA.Security", "NIST.800.53.R4", "NIST.800.53.R5", "PCI.DSS.321")

#: A rule of the packs ``enable_checks`` runs -> the same check in cdk-nag's other packs.
EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "Serverless-LambdaDLQ": in_packs("LambdaDLQ", "HIPAA.Security", "NIST.800.53.R5"),
    "AwsSolutions-S1": in_packs("S3BucketLoggingEnabled"),
    "AwsSolutions-VPC7": in_packs("VPCFlowLogsEnabled"),
}


def equivalents(rules: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Each (rule id, reason) of ``rules`` that other packs check too, as theirs."""
    return tuple((other, reason) for rule, reason in rules for other in EQUIVALENTS.get(rule, ()))
