"""Runtime helpers' papercuts (runtime52), found by a local fuzz of the helpers' arguments
(seed 5200): a handler's own mistake in calling a helper says its fix, briefly.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from constructs_lib_runtime import (
    http,
    s3_events,
)
from constructs_lib_runtime.testing import (
    object_created_body,
    sqs_record,
)


def _s3_object() -> s3_events.S3Object:
    [found] = s3_events.s3_objects(sqs_record(object_created_body("b", "k", size=1)))
    return found


@pytest.mark.parametrize(
    ("call", "error", "fix"),
    [
        (
            lambda: http.json_response("x" * 70_000),
            ValueError,
            "pass an int from 100 to 599, e.g. json_response(404, {'message': ...})",
        ),
        (
            lambda: http.json_response(200, None, headers={"x-n": None}),
            TypeError,
            "pass the value as a str, e.g. headers={'x-n': str(value)}",
        ),
        (
            lambda: http.json_response(200, {"total": float("inf")}),
            ValueError,
            "pass a body without NaN or Infinity (None or a string in their place) and "
            "without circular references",
        ),
        (
            lambda: s3_events.for_each_s3_object(None),  # type: ignore[arg-type]
            TypeError,
            "pass the function that handles one S3Object, e.g. for_each_s3_object(handle_upload)",
        ),
        (
            lambda: _s3_object().later_than(-(2**63)),  # type: ignore[arg-type]
            TypeError,
            "pass the S3Object of another event on that key (one s3_objects gave), e.g. "
            "found.later_than(stored)",
        ),
    ],
    ids=["status", "header value", "NaN body", "for_each handle", "later_than"],
)
def test_a_handlers_own_mistake_says_its_fix_briefly(
    call: Callable[[], object], error: type[Exception], fix: str
) -> None:
    # Proves (a local fuzz of the helpers' arguments, seed 5200): these said what was wrong
    # and no fix, and a status of 70,000 characters was copied whole into the message
    with pytest.raises(error) as raised:
        call()
    assert str(raised.value).endswith(f"Fix: {fix}")
    assert len(str(raised.value)) < 400
