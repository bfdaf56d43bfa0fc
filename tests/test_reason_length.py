"""A reason a user writes for a cdk-nag acknowledgement is held to one length rule, told in
one message, wherever it is given: acknowledge(), ApiAuth.none(reason=), Route(public=)
and grant_invoke(reason=)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from aws_cdk import aws_iam as iam

from constructs_lib import ApiAuth, ConstructError, Route, ServerlessApi, acknowledge
from tests.support import echo_handler, new_stack

_SHORT = "too short"


def _acknowledge() -> None:
    acknowledge(new_stack(), "AwsSolutions-S1", _SHORT)


def _public_api() -> None:
    ServerlessApi(
        new_stack(), "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.none(reason=_SHORT)
    )


def _public_route() -> None:
    ServerlessApi(
        new_stack(),
        "Api",
        routes={"GET /a": Route(handler=echo_handler(), public=_SHORT)},
        auth=ApiAuth.iam(),
    )


def _grant_invoke() -> None:
    stack = new_stack()
    api = ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    role = iam.Role(stack, "Caller", assumed_by=iam.AccountPrincipal("111122223333"))
    api.grant_invoke(role, "GET /a", reason=_SHORT)


# Proves (papercuts349): it said "cdk-nag rejects shorter reasons", true of cdk-nag 2's
# NagSuppressions only: cdk-nag 3's acknowledgements (aws-cdk-lib's
# Validations.acknowledge) take any reason
_TAIL = (
    ", in at least 10 characters: it is recorded as a cdk-nag acknowledgement, which a "
    "security reviewer reads; cdk-nag 2 refuses shorter reasons, and the library holds "
    "cdk-nag 3's (which takes any) to the same rule"
)


@pytest.mark.parametrize(
    ("call", "prop", "why"),
    [
        (_acknowledge, "reason", "the finding is acceptable"),
        (_public_api, "auth.reason", "the API is public"),
        (_public_route, "routes['GET /a'].public", "the route is public"),
        (_grant_invoke, "grant_invoke(reason)", "this client may call those routes"),
    ],
    ids=["acknowledge", "ApiAuth.none", "Route(public=)", "grant_invoke"],
)
def test_a_short_reason_is_told_in_one_message_wherever_it_is_given(
    call: Callable[[], None], prop: str, why: str
) -> None:
    # Proves (harness49): the rule was written three times, with three messages: "(cdk-nag
    # rejects shorter ones)", "(cdk-nag rejects shorter reasons)" and "it is recorded as the
    # cdk-nag acknowledgement of a public API, so it must say why ...", none naming both
    # what the reason must say and why its length matters
    # WHEN a reason of 9 characters is given
    with pytest.raises(ConstructError) as raised:
        call()
    # THEN the one message names the prop, what the reason must say and the rule
    messages = {p.prop: p.message for p in raised.value.problems}
    assert messages[prop] == f"is {_SHORT!r}; it must say why {why}{_TAIL}"
