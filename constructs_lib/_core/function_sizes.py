"""The rules of a function's sizes: memory, ``/tmp``, timeout, reserved and provisioned
concurrency."""

from __future__ import annotations

import math
from typing import TypeGuard

from aws_cdk import Duration, Size, SizeRoundingBehavior

from constructs_lib._jsii import is_unresolved
from constructs_lib._validation import Validator
from constructs_lib.handler import Handler

__all__ = [
    "EPHEMERAL_STORAGE_MIB",
    "MEMORY_MIB",
    "PROVISIONED_CONCURRENCY",
    "RESERVED_CONCURRENCY",
    "TIMEOUT_SECONDS",
    "check_sizes",
]

# Lambda's limits (low, high), which a Handler is checked against when built and the
# template again at synth (sizes_recheck, provisioned_recheck).
MEMORY_MIB = (128, 10240)  # MemorySize
EPHEMERAL_STORAGE_MIB = (512, 10240)  # EphemeralStorage.Size
TIMEOUT_SECONDS = (1, 900)
RESERVED_CONCURRENCY = (0, 10000)
PROVISIONED_CONCURRENCY = (1, 10000)


def check_sizes(v: Validator, handler: Handler, prop: str) -> None:
    """Adds the problems of ``handler``'s sizes (``prop`` names where it was passed)."""
    for name, value, limits, example in (
        ("memory_mib", handler.memory_mib, MEMORY_MIB, 256),
        ("ephemeral_storage_mib", handler.ephemeral_storage_mib, EPHEMERAL_STORAGE_MIB, 2048),
    ):
        if (
            value is not None
            and _not_a_size(v, value, f"{prop}.{name}", name)
            and v.check_int(value, f"{prop}.{name}", f"pass e.g. {name}={example}", within=limits)
        ):
            v.check_range(value, f"{prop}.{name}", *limits, "MiB", recheck=False)
    _check_timeout(v, handler.timeout, f"{prop}.timeout")
    if handler.reserved_concurrency is not None and v.check_int(
        handler.reserved_concurrency,
        f"{prop}.reserved_concurrency",
        "pass e.g. reserved_concurrency=5",
        within=RESERVED_CONCURRENCY,
    ):
        v.check_range(
            handler.reserved_concurrency,
            f"{prop}.reserved_concurrency",
            *RESERVED_CONCURRENCY,
            recheck=False,  # sizes_recheck reads the template
        )
    _check_provisioned(v, handler, prop)


def _check_provisioned(v: Validator, handler: Handler, prop: str) -> None:
    """Provisioned concurrency is 1..10000 and, on a function with a reservation, within
    it: Lambda refuses the alias's configuration otherwise, at deploy."""
    provisioned, reserved = handler.provisioned_concurrency, handler.reserved_concurrency
    name = f"{prop}.provisioned_concurrency"
    if provisioned is None or not v.check_int(
        provisioned, name, "pass e.g. provisioned_concurrency=5", within=PROVISIONED_CONCURRENCY
    ):
        return
    v.check_range(provisioned, name, *PROVISIONED_CONCURRENCY, recheck=False)
    if _known_int(provisioned) and _known_int(reserved) and provisioned > reserved:
        v.add(
            name,
            f"is {provisioned}, above reserved_concurrency ({reserved}): Lambda keeps "
            "provisioned environments within a function's reservation and would refuse "
            "the alias's configuration at deploy",
            f"set provisioned_concurrency to {reserved} or less, or reserved_concurrency "
            f"to {provisioned} or more"
            if reserved
            # 0 switches the function off: no provisioned environment fits
            else "drop provisioned_concurrency while reserved_concurrency=0 switches the "
            f"function off, or set reserved_concurrency to {provisioned} or more",
        )


def _known_int(value: object) -> TypeGuard[int]:
    """A whole number known at synth (a token and a bool are not)."""
    return isinstance(value, int) and not isinstance(value, bool) and not is_unresolved(value)


def _not_a_size(v: Validator, value: object, prop: str, name: str) -> bool:
    """A cdk.Size (what aws-cdk-lib's ``ephemeral_storage_size`` takes) for a number of MiB:
    a problem whose fix is the number, and False."""
    if not isinstance(value, Size):
        return True
    if value.is_unresolved():
        number = "<the deploy-time number of MiB>"
    else:  # a part of a MiB (Size.kibibytes(1000)) rounds up: Lambda counts whole MiB
        number = str(math.ceil(value.to_mebibytes(rounding=SizeRoundingBehavior.NONE)))
    v.add(
        prop,
        f"is {value.to_string()}, a cdk.Size; {name} is a number of MiB",
        f"pass {name}={number}, not {value.to_string()}",
    )
    return False


def _check_timeout(v: Validator, timeout: object, prop: str) -> None:
    seconds = v.duration_seconds(timeout, prop)
    if isinstance(timeout, Duration) and is_unresolved(timeout):
        v.check(  # Lambda converts it to seconds, which CDK cannot do for a token
            timeout.unit_label() == "seconds",
            prop,
            f"is Duration.{timeout.unit_label()}(<deploy-time value>); Lambda needs seconds",
            "pass Duration.seconds(<deploy-time value>)",
        )
    # None (a number, text, or a fraction of a second): the range fits that one fix in it
    whole = v.whole(seconds, prop, "Lambda timeouts are whole seconds")
    v.duration_range(whole, prop, *TIMEOUT_SECONDS)
