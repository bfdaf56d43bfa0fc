"""The demo front end in a real browser, under the exact headers StaticSite sets.

GIVEN stacks/site/ served on 127.0.0.1 with ``security_headers(api_origins=[api])`` (what
the distribution's response headers policy sends) and a ``/config.json`` pointing at a
stub todo API on another port, WHEN headless Chromium loads it, THEN the page's script
runs, fetches the todos across origins and renders them with no CSP violation; and, as
a negative control, a CSP without the API's origin blocks that fetch and says so.

Same origin (``StaticSite(api=...)``): GIVEN the CSP and ``/config.json`` a synthesized
StaticSite(api=...) deploys (no API origin in the CSP, ``apiUrl: "/api"``) and a server
that forwards ``/api/*`` to the stub API as the distribution does, WHEN the page loads,
THEN it renders the todos with no CSP violation; a page that still calls the API's own
URL (another origin) is blocked by that same CSP.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from constructs_lib import ApiAuth, ServerlessApi, StaticSite
from constructs_lib.static_site import security_headers
from tests.chromium_pipe import Chromium
from tests.site_browser_support import (
    Page,
    StubApi,
    find_chromium,
    install_chromium,
    serve,
    site_handler,
)
from tests.support import SITE, echo_handler, new_stack

pytestmark = pytest.mark.browser  # one xdist group: one headless Chromium

TODOS = [
    {"id": "a1", "title": "Buy milk", "done": False, "created_at": "2026-01-01T10:00:00Z"},
    {"id": "b2", "title": "Write <b>tests</b>", "done": True, "created_at": "2026-01-01T11:00:00Z"},
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    """One headless Chromium for every page of the session, each page loaded in a browser
    context of its own (tests/chromium_pipe.py). Its teardown fails if a context, a page
    or a worker of a page is left (what the next page could have shared), or if any
    process of the browser is left once it closed."""
    found = find_chromium()
    if not found:
        found, output = install_chromium()
    if not found:
        pytest.skip(
            "headless Chromium is not installed and tests/install_chromium.sh could not "
            f"install it (needs apt-get and root or passwordless sudo): {output[-500:]}"
        )
    with Chromium(found) as browser:
        yield browser
        assert browser.call("Target.getBrowserContexts")["browserContextIds"] == []
        assert browser.call("Target.getTargets")["targetInfos"] == []


@dataclass
class Run:
    page: Page
    api: StubApi
    site_url: str
    api_url: str


Load = Callable[..., Run]


@pytest.fixture
def load(chromium: Chromium) -> Load:
    def _load(*, api: StubApi, csp_api_origins: list[str] | None = None) -> Run:
        with serve(api.handler()) as api_root:
            api_url = f"{api_root}{api.prefix}/"
            origins = [api_url] if csp_api_origins is None else csp_api_origins
            headers = security_headers(api_origins=origins)
            with serve(site_handler(headers, {"apiUrl": api_url})) as site_url:
                api.allow_origin = site_url
                html = chromium.dump_dom(f"{site_url}/")
        return Run(Page.from_dom(html), api, site_url, api_url)

    return _load


def test_page_renders_the_apis_todos_with_no_csp_violation(load: Load) -> None:
    # GIVEN the distribution's headers, whose CSP names the API (a URL with a trailing /)
    api = StubApi(todos=[dict(t) for t in TODOS])
    # WHEN the page loads
    run = load(api=api)
    # THEN its script ran: config read, the cross-origin fetch made and its todos rendered
    assert run.page.csp_violations == []
    assert run.page.error is None
    assert run.page.state == "ready"
    assert run.page.todos == [("a1", "Buy milk", False), ("b2", "Write <b>tests</b>", True)]
    assert run.page.status == "2 todos"
    assert ("GET", "/todos", run.site_url) in run.api.requests


def test_api_url_with_a_stage_path_still_passes_the_csp(load: Load) -> None:
    # GIVEN an API URL with a path (a named stage, no trailing slash in the CSP's source)
    api = StubApi(todos=[dict(TODOS[0])], prefix="/prod")
    # WHEN the page loads THEN it calls {apiUrl}todos within the CSP
    run = load(api=api)
    assert run.page.csp_violations == []
    assert run.page.todos == [("a1", "Buy milk", False)]
    assert ("GET", "/prod/todos", run.site_url) in run.api.requests


def test_negative_control_csp_without_the_api_origin_blocks_the_fetch(load: Load) -> None:
    # GIVEN a CSP that allows only the site's own origin (the defect this construct avoids)
    api = StubApi(todos=[dict(t) for t in TODOS])
    # WHEN the page loads
    run = load(api=api, csp_api_origins=[])
    # THEN the browser blocks the API call, the page reports the violation and the error
    assert run.page.csp_violations, "expected a connect-src violation"
    directive, blocked = run.page.csp_violations[0]
    assert directive == "connect-src"
    assert blocked.startswith(run.api_url.rstrip("/"))
    assert run.page.todos == []
    assert run.page.state == "error"
    assert run.page.error is not None and "could not be reached" in run.page.error
    assert not any(path == "/todos" for _method, path, _origin in run.api.requests)


def test_api_errors_are_shown_to_the_user(load: Load) -> None:
    # GIVEN an API that fails
    api = StubApi(fail_with=(500, "internal error"))
    # WHEN the page loads THEN the status and the API's message are shown, without CSP noise
    run = load(api=api)
    assert run.page.csp_violations == []
    assert run.page.state == "error"
    assert run.page.error is not None
    assert "500" in run.page.error and "internal error" in run.page.error


# --- the API on the site's own origin (StaticSite(api=...)) ----------------------------------


@dataclass(frozen=True)
class SameOriginSite:
    """What a synthesized ``StaticSite(api=...)`` serves: its CSP and its config.json."""

    content_security_policy: str
    config: dict[str, Any]


@pytest.fixture(scope="module")
def same_origin_site() -> SameOriginSite:
    # GIVEN a site that serves a ServerlessApi whose routes are under /api
    stack = new_stack()
    handler = echo_handler()
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /api/todos": handler, "POST /api/todos": handler},
        auth=ApiAuth.none(reason="browser test"),
    )
    StaticSite(stack, "Site", source=SITE, spa=False, api=api)
    assembly = cdk.App.of(stack).synth()  # type: ignore[union-attr]
    template = assembly.get_stack_by_name("Test").template
    (policy,) = [
        r["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"
    ]
    (config_file,) = Path(assembly.directory).glob("asset.*/config.json")
    return SameOriginSite(
        policy["ContentSecurityPolicy"]["ContentSecurityPolicy"],
        json.loads(config_file.read_text()),
    )


def _load_same_origin(chromium: Chromium, site: SameOriginSite, api: StubApi) -> Run:
    """The page under the site's own CSP, ``/api/*`` forwarded to ``api``."""
    headers = {**security_headers(), "Content-Security-Policy": site.content_security_policy}
    with serve(api.handler()) as api_root:
        handler = site_handler(headers, site.config, api_root=api_root)
        with serve(handler) as site_url:
            html = chromium.dump_dom(f"{site_url}/")
    return Run(Page.from_dom(html), api, site_url, f"{api_root}/api/")


def test_same_origin_site_sends_a_csp_without_any_api_origin(
    same_origin_site: SameOriginSite,
) -> None:
    # THEN the CSP is the default one (connect-src 'self' only) and the page calls /api
    assert same_origin_site.content_security_policy == security_headers()["Content-Security-Policy"]
    assert "connect-src 'self';" in same_origin_site.content_security_policy
    assert same_origin_site.config == {"apiUrl": "/api"}


def test_same_origin_api_renders_the_todos_with_no_csp_violation(
    chromium: Chromium, same_origin_site: SameOriginSite
) -> None:
    # GIVEN the stub API behind /api/* on the site's origin (no CORS headers at all)
    api = StubApi(todos=[dict(t) for t in TODOS], prefix="/api")
    # WHEN the page loads
    run = _load_same_origin(chromium, same_origin_site, api)
    # THEN it read /config.json, called /api/todos on its own origin and rendered the todos
    assert run.page.csp_violations == []
    assert run.page.error is None
    assert run.page.state == "ready"
    assert run.page.todos == [("a1", "Buy milk", False), ("b2", "Write <b>tests</b>", True)]
    assert run.page.status == "2 todos"
    assert [(m, p) for m, p, _origin in api.requests] == [("GET", "/api/todos")]


def test_negative_control_a_cross_origin_api_url_is_blocked_by_the_same_origin_csp(
    chromium: Chromium, same_origin_site: SameOriginSite
) -> None:
    # GIVEN the same site, but a config.json that still names the API's own URL (another
    # origin): what StaticSite rejects as runtime_config['apiUrl'] together with api=
    api = StubApi(todos=[dict(t) for t in TODOS], prefix="/api")
    with serve(api.handler()) as api_root:
        headers = {
            **security_headers(),
            "Content-Security-Policy": same_origin_site.content_security_policy,
        }
        config = {"apiUrl": f"{api_root}/api/"}
        with serve(site_handler(headers, config, api_root=api_root)) as site_url:
            api.allow_origin = site_url  # even with CORS, the CSP blocks it
            html = chromium.dump_dom(f"{site_url}/")
    page = Page.from_dom(html)
    # THEN the browser blocks the call before it leaves: a connect-src violation, no todos
    assert [directive for directive, _ in page.csp_violations] == ["connect-src"]
    assert page.csp_violations[0][1].startswith(api_root)
    assert page.todos == []
    assert page.state == "error"
    assert page.error is not None and "could not be reached" in page.error
    assert api.requests == []
