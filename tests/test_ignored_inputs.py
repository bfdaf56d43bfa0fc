"""Inputs the library took and then ignored in silence, or failed on with Python's own
error: each is a ConstructError naming the prop and the fix, and the inputs of the same
shape that mean something still build."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    CorsPolicy,
    Deployment,
    EventHandler,
    Handler,
    QueueWorker,
    ServerlessApi,
    StaticSite,
)
from constructs_lib.static_site.headers import origin_problem
from tests.support import SITE, RuleCase, assert_rule, echo_handler, new_stack, rule_cases

IMAGE = Path(__file__).parent / "fixtures" / "images" / "echo"


def _worker(**props: Any) -> Template:
    stack = new_stack()
    props.setdefault("handler", echo_handler())
    QueueWorker(stack, "Worker", **props)
    return Template.from_stack(stack)


# Proves (user trial, bad37): each synthesized a function deployed all at once (no
# CodeDeploy group, no hook), or an image whose every invocation fails
RULES: list[RuleCase] = [
    (
        "all at once with percent and minutes",
        {"deployment": Deployment(percent=10, minutes=5)},
        r"(?s)2 invalid props:.*`deployment.percent` is given to an all-at-once deployment, "
        r"which uses no percent.*Fix: build it with Deployment.canary\(...\) or "
        r"Deployment.linear\(...\), or drop percent.*`deployment.minutes` is given",
    ),
    (
        "all at once with a hook",
        {"deployment": Deployment("all_at_once", post_traffic=echo_handler())},
        r"`deployment.post_traffic` is given to an all-at-once deployment.*no hook",
    ),
    (
        "a handler's all at once with a hook",
        {"handler": echo_handler(deployment=Deployment(pre_traffic=echo_handler()))},
        r"`handler.deployment.pre_traffic` is given to an all-at-once deployment",
    ),
    (
        "an image's empty command",
        {"handler": Handler.from_image(IMAGE, cmd=[""])},
        r"`handler.cmd\[0\]` is '', an empty command. Fix: pass the handler, e.g. "
        r"cmd=\['app.handler'\], or leave cmd out",
    ),
    (
        "an image's blank command",
        {"handler": Handler.from_image(IMAGE, cmd=[" ", "--verbose"])},
        r"`handler.cmd\[0\]` is ' ', an empty command",
    ),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_worker, props, message)


@pytest.mark.parametrize(
    "deployment",
    [
        Deployment(),
        Deployment.all_at_once(),
        Deployment("canary", percent=10, minutes=5, pre_traffic=echo_handler()),
        Deployment.linear(percent=20, every_minutes=2, post_traffic=echo_handler()),
    ],
)
def test_deployments_that_use_what_they_are_given_build(deployment: Deployment) -> None:
    groups = 0 if deployment.kind == "all_at_once" else 1
    _worker(deployment=deployment).resource_count_is("AWS::CodeDeploy::DeploymentGroup", groups)


@pytest.mark.parametrize("cmd", [["app.handler"], ["app.handler", "--verbose"], [], None])
def test_an_image_s_command_of_words_builds(cmd: list[str] | None) -> None:
    _worker(handler=Handler.from_image(IMAGE, cmd=cmd)).resource_count_is(
        "AWS::Lambda::Function", 1
    )


@pytest.mark.parametrize(
    "given", [{"code": IMAGE}, {"image": False}, {"code": IMAGE, "image": True}]
)
def test_from_image_s_own_settings_given_again_name_the_factory(given: dict[str, Any]) -> None:
    # Proves (user trial, bad37): Python's TypeError "got multiple values for keyword
    # argument 'code'", naming no fix
    with pytest.raises(ConstructError) as raised:
        Handler.from_image(IMAGE, **given)
    assert [p.prop for p in raised.value.problems] == list(given)
    assert all(p.path == "Handler.from_image" for p in raised.value.problems)
    assert "Fix: drop it: from_image takes the Dockerfile's directory as its first argument" in (
        str(raised.value)
    )


def test_from_image_s_misspelt_setting_is_told_without_sphinx_markup() -> None:
    # Proves (sweep37b): "did you mean `memory_mib`? (as :class:`Handler`'s)", the
    # docstring's markup in a user's message
    with pytest.raises(ConstructError) as raised:
        Handler.from_image(IMAGE, memory=512)  # type: ignore[call-arg]
    assert "Fix: did you mean `memory_mib`? (as Handler's)" in str(raised.value)
    assert ":class:" not in str(raised.value)


def test_from_image_with_other_settings_builds() -> None:
    handler = Handler.from_image(IMAGE, memory_mib=512, name="Resizer")
    stack = cdk.Stack(cdk.App(), "Test")
    QueueWorker(stack, "Worker", handler=handler)
    Template.from_stack(stack).has_resource_properties("AWS::Lambda::Function", {"MemorySize": 512})


# Proves (user trial, bad37): an origin whose port no browser sends synthesized a CORS
# policy (or CSP) that never matches the page, in silence
@pytest.mark.parametrize(
    ("origin", "refused_by_cors", "refused_by_csp"),
    [
        ("https://app.example.com:99999", True, True),
        ("https://app.example.com:0", True, True),
        ("https://app.example.com:08443", True, False),  # CSP reads the port as 8443
        ("https://app.example.com:8443", False, False),
        ("https://app.example.com:65535", False, False),
        ("http://localhost:3000", False, False),
        # sweep37b: a dev server on IPv6 loopback was "not an origin" for CORS, and a
        # localhost port was not checked in api_origins
        ("http://[::1]:5173", False, False),
        ("http://[::1]", False, False),
        ("http://[::1]:0", True, True),
        ("http://localhost:99999", True, True),
    ],
)
def test_an_origin_s_port_is_one_a_browser_sends(
    origin: str, refused_by_cors: bool, refused_by_csp: bool
) -> None:
    cors = CorsPolicy(allow_origins=[origin])
    build = lambda: ServerlessApi(  # noqa: E731
        new_stack(), "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), cors=cors
    )
    if refused_by_cors:
        port = origin.rpartition(":")[2]
        message = re.escape(f"`cors.allow_origins` has '{origin}', whose port '{port}' is no TCP")
        with pytest.raises(ConstructError, match=message):
            build()
    else:
        build()
    problem = origin_problem(origin)
    assert (problem is not None and "is no TCP port" in problem[0]) is refused_by_csp


@pytest.mark.parametrize(
    ("origin", "problem"),
    [
        # sweep37c: credentials were read as the port of a dev server's origin
        ("http://user:pw@localhost", "it must not contain credentials"),
        ("http://user@localhost:5173", "it must not contain credentials"),
        ("ws://user@[::1]:3000", "it must not contain credentials"),
        ("http://localhost:", "its port '' is no TCP port"),
        ("http://[::1]:", "its port '' is no TCP port"),
        ("http://localhost:5173/app?x=1", None),
        ("ws://localhost:3000", None),
        ("https://api.example.com:8443/v1", None),
    ],
)
def test_a_dev_server_s_api_origin_is_checked_as_any(origin: str, problem: str | None) -> None:
    found = origin_problem(origin)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found[0]


@pytest.mark.parametrize(
    ("origin", "message"),
    [
        ("http://[0:0:0:0:0:0:0:1]:5173", "browsers send that origin as 'http://[::1]:5173'"),
        ("http://[::g]:5173", "which is not an origin"),
        ("http://[fe80::1]:3000", "a page served over plain http"),
    ],
)
def test_an_ipv6_origin_is_checked_as_browsers_send_it(origin: str, message: str) -> None:
    # sweep37b: an IPv6 host is an origin (above); as any host, in the form browsers send
    cors = CorsPolicy(allow_origins=[origin])
    with pytest.raises(ConstructError, match=re.escape(message)):
        ServerlessApi(
            new_stack(), "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), cors=cors
        )


def test_an_event_pattern_range_no_number_is_in_is_named_at_its_operator() -> None:
    # Proves (user trial, bad37): a rule matching amount > 10 and < 5 synthesized, in silence
    pattern = {"source": ["shop"], "detail": {"amount": [{"numeric": [">", 10, "<", 5]}]}}
    with pytest.raises(
        ConstructError,
        match=r"Test/Handler: `event_pattern.detail\['amount'\]\[0\]\['numeric'\]` is "
        r"\['>', 10, '<', 5\], which no number matches: none is > 10 and < 5",
    ):
        EventHandler(new_stack(), "Handler", handler=echo_handler(), event_pattern=pattern)


@pytest.mark.parametrize(
    ("origin", "fix"),
    [
        (
            "https://[2001:db8::1]",
            "use the API's host name, e.g. 'https://api.example.com' (a DNS name whose AAAA "
            "record is the address)",
        ),
        ("wss://[2001:db8::1]:8443/socket", "e.g. 'wss://api.example.com'"),
        ("https://[::1]:8443", "use the API's host name, e.g. 'https://localhost:8443'"),
        # fix39: a dev server's on the loopback address was taken, and the browser ignored
        # it ("contains an invalid source: 'http://[::1]:5173'. It will be ignored.")
        ("http://[::1]:5173", "use the API's host name, e.g. 'http://localhost:5173'"),
        ("ws://[::1]", "use the API's host name, e.g. 'ws://localhost'"),
    ],
)
def test_an_ipv6_api_origin_names_why_a_csp_cannot_hold_it(origin: str, fix: str) -> None:
    # Proves (fix38): it was "its host '[2001:db8::1]' is not a valid host name", which
    # named neither the reason (a CSP source has no form for an IPv6 address) nor the fix
    with pytest.raises(ConstructError) as raised:
        StaticSite(new_stack(), "Site", source=SITE, api_origins=[origin])
    message = str(raised.value)
    assert "is an IPv6 address, which a Content-Security-Policy source has no form for" in (message)
    assert fix in message.partition("Fix: ")[2]
    # the host names and addresses a CSP holds stay taken
    for taken in (
        "https://api.example.com",
        "https://192.0.2.1:8443",
        "http://localhost:5173",
        "http://127.0.0.1:5173",
        "ws://localhost",
    ):
        assert origin_problem(taken) is None
