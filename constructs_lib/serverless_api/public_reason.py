"""The reason of a public API (``ApiAuth.none(reason=)``) or route (``Route(public=)``),
which the library records as its cdk-nag acknowledgement."""

from __future__ import annotations

from constructs_lib._nag_rules import MIN_REASON_LENGTH, REASON_AT_SYNTH
from constructs_lib._validation import Validator

__all__ = ["check_public_reason"]


def check_public_reason(v: Validator, reason: str, prop: str, subject: str, fix: str) -> None:
    """A public API's or route's reason, recorded as a cdk-nag acknowledgement: known at
    synth and long enough to say why (``acknowledge``'s rule). ``subject``: what is public."""
    if v.known_at_synth(reason, prop, REASON_AT_SYNTH, fix):
        v.check(
            len(reason.strip()) >= MIN_REASON_LENGTH,
            prop,
            f"is {reason!r}: it is recorded as the cdk-nag acknowledgement of a public "
            f"{subject}, so it must say why the {subject} is public, in at least "
            f"{MIN_REASON_LENGTH} characters",
            fix,
        )
