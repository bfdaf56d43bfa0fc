"""The reason of a public API (``ApiAuth.none(reason=)``) or route (``Route(public=)``),
which the library records as its cdk-nag acknowledgement."""

from __future__ import annotations

from constructs_lib._nag_rules import REASON_AT_SYNTH
from constructs_lib._reason_length import short_reason
from constructs_lib._validation import Validator

__all__ = ["check_public_reason"]


def check_public_reason(v: Validator, reason: str, prop: str, subject: str, fix: str) -> None:
    """A public API's or route's reason, recorded as a cdk-nag acknowledgement: known at
    synth and long enough to say why (``acknowledge``'s rule). ``subject``: what is public."""
    known = v.known_at_synth(reason, prop, REASON_AT_SYNTH, fix)
    if known and (message := short_reason(reason, f"the {subject} is public")):
        v.add(prop, message, fix)
