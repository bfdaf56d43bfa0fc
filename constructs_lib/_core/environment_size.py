"""A Handler's environment against Lambda's 4 KB limit (names plus values, UTF-8, checked
when the function is deployed). A deploy-time value (an imported ARN, a parameter) has no
length at synth: the rule counts it as a typical ARN or URL, 128 bytes, to catch an
environment that will not fit. What is over with the literal text alone (names, values,
the text around deploy-time values) is refused; what is over only because of that
estimate may fit, as 60 short imported values do, so it warns."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Annotations

from constructs_lib._validation import Validator

__all__ = [
    "ENVIRONMENT_MAX_BYTES",
    "ENVIRONMENT_SIZE_WARNING",
    "TOKEN_TYPICAL_LENGTH",
    "EnvironmentSize",
]

ENVIRONMENT_SIZE_WARNING = "constructs_lib:environmentSizeEstimate"
# Lambda's limit on a function's environment: names plus values, UTF-8.
ENVIRONMENT_MAX_BYTES = 4096
# A token's value is known only at deploy time; count it as this long (an ARN, a URL).
TOKEN_TYPICAL_LENGTH = 128


class EnvironmentSize:
    """The bytes of an environment: certain (the literal text) and estimated (each
    deploy-time value counted as ``TOKEN_TYPICAL_LENGTH`` more)."""

    def __init__(self) -> None:
        self.certain = 0
        self.deploy_time = 0

    def add(self, literal: str, *, deploy_time: bool = False) -> None:
        """A name or value's literal text, and whether it holds a deploy-time value."""
        self.certain += len(literal.encode())
        self.deploy_time += 1 if deploy_time else 0

    @property
    def estimated(self) -> int:
        return self.certain + self.deploy_time * TOKEN_TYPICAL_LENGTH

    def check(self, v: Validator, prop: str, links: Sequence[object], *, warn: bool = True) -> None:
        """Refuses an environment over the limit with its literal text alone; warns (when
        ``warn``: once per Handler) of one over it only with the deploy-time values' estimate."""
        link_fix = (
            f"; the {len(links)} links add a variable each (about "
            f"{len(links) * TOKEN_TYPICAL_LENGTH} bytes of values): split the work over "
            "functions that link fewer targets each"
            if links
            else ""
        )
        fix = "move large values to SSM Parameter Store or Secrets Manager and pass their names"
        if not v.check(
            self.certain <= ENVIRONMENT_MAX_BYTES,
            prop,
            f"is at least {self.certain} bytes (names plus values, the deploy-time values "
            f"not counted); Lambda allows at most {ENVIRONMENT_MAX_BYTES}",
            fix + link_fix,
        ):
            return
        if not warn or self.estimated <= ENVIRONMENT_MAX_BYTES:
            return
        Annotations.of(v.scope).add_warning_v2(
            ENVIRONMENT_SIZE_WARNING,
            f"{v.named(prop)} is {self.certain} bytes of literal text and "
            f"{self.deploy_time} deploy-time values (the construct's own variables and the "
            f"links' included), about {self.estimated} bytes if each is "
            f"{TOKEN_TYPICAL_LENGTH} bytes long as an ARN or URL often is; Lambda refuses "
            f"more than {ENVIRONMENT_MAX_BYTES} when the function is deployed. Fix: "
            f"{fix}{link_fix}; if the deploy-time values are short enough to fit, "
            f"acknowledge '{ENVIRONMENT_SIZE_WARNING}'.",
        )
