"""Local stand-ins for CloudFront and the todo API, and finding Chromium, for the site test.

``site_handler`` serves ``stacks/site/`` the way the distribution does: with the security
headers of :func:`constructs_lib.static_site.security_headers` (or a given CSP) and a
``/config.json`` that points at ``StubApi``, which answers ``/todos`` with CORS headers for
the site's origin; or, like ``StaticSite(api=...)``, forwards ``/api/*`` to the stub API
(path unchanged, every header but ``Host``), so the page calls it on its own origin.
``find_chromium`` finds headless Chromium (``install_chromium`` installs it); the
pages load in it through ``tests/chromium_pipe.py``.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "stacks" / "site"
INSTALL_SCRIPT = Path(__file__).resolve().parent / "install_chromium.sh"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def install_chromium() -> tuple[str | None, str]:
    """Runs tests/install_chromium.sh (never prompts for a password); (path, its output)."""
    try:
        result = subprocess.run(
            ["bash", str(INSTALL_SCRIPT)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        output = (result.stdout + result.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        output = str(exc)
    return find_chromium(), output


# --- the page, parsed ---------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        inner = "".join(self.text_parts) + "".join(child.text for child in self.children)
        return " ".join(inner.split())

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.iter()

    def by_id(self, element_id: str) -> Element | None:
        return next((e for e in self.iter() if e.attrs.get("id") == element_id), None)


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.root = Element("#document", {})
        self._stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self._stack[-1].children.append(element)
        if tag not in _VOID:
            self._stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, 0, -1):
            if self._stack[index].tag == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].text_parts.append(data)


def parse_dom(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root


@dataclass(frozen=True)
class Page:
    """What the test asserts about: the page's state, todos, error and CSP violations."""

    state: str
    todos: list[tuple[str, str, bool]]  # (id, title, done)
    error: str | None
    status: str
    csp_violations: list[tuple[str, str]]  # (directive, blocked URI)

    @classmethod
    def from_dom(cls, html: str) -> Page:
        root = parse_dom(html)
        body = next(e for e in root.iter() if e.tag == "body")
        todos_list = root.by_id("todos")
        violations = root.by_id("csp-violations")
        error = root.by_id("error")
        status = root.by_id("status")
        return cls(
            state=body.attrs.get("data-state", ""),
            todos=[
                (li.attrs["data-id"], _label(li), "done" in li.attrs.get("class", "").split())
                for li in (todos_list.children if todos_list else [])
                if li.tag == "li"
            ],
            error=None if error is None or "hidden" in error.attrs else error.text,
            status=status.text if status else "",
            csp_violations=[
                (li.attrs.get("data-directive", ""), li.attrs.get("data-blocked", ""))
                for li in (violations.children if violations else [])
                if li.tag == "li"
            ],
        )


def _label(item: Element) -> str:
    return next((e.text for e in item.iter() if e.tag == "label"), "")


# --- servers ------------------------------------------------------------------------------


@dataclass
class StubApi:
    """The todo API's contract (GET/POST /todos) with CORS for one origin."""

    allow_origin: str = ""
    prefix: str = ""  # a stage path such as "/prod": the API lives at {prefix}/todos
    todos: list[dict[str, Any]] = field(default_factory=list)
    fail_with: tuple[int, str] | None = None  # (status, error message) for every /todos call
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)

    def handler(self) -> type[SimpleHTTPRequestHandler]:
        api = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _cors(self) -> None:
                if self.headers.get("Origin") == api.allow_origin:
                    self.send_header("Access-Control-Allow-Origin", api.allow_origin)
                    self.send_header("Vary", "Origin")

            def _json(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _record(self) -> str:
                path = self.path.split("?", 1)[0]
                api.requests.append((self.command, path, self.headers.get("Origin")))
                return path.removeprefix(api.prefix)

            def do_OPTIONS(self) -> None:
                self._record()
                self.send_response(204)
                self._cors()
                self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
                self.send_header("Access-Control-Allow-Headers", "authorization, content-type")
                self.send_header("Access-Control-Max-Age", "60")
                self.end_headers()

            def do_GET(self) -> None:
                if self._record() != "/todos":
                    self._json(404, {"error": "not found"})
                elif api.fail_with:
                    self._json(api.fail_with[0], {"error": api.fail_with[1]})
                else:
                    self._json(200, {"items": api.todos, "next": None})

            def do_POST(self) -> None:
                if self._record() != "/todos":
                    self._json(404, {"error": "not found"})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                todo = {"id": f"stub-{len(api.todos) + 1}", "title": body["title"], "done": False}
                api.todos.append(todo)
                self._json(201, todo)

        return Handler


#: Hop-by-hop headers a proxy does not pass on (RFC 9110, 7.6.1), plus what it sets itself.
_NOT_FORWARDED = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"}
)


def site_handler(
    headers: Mapping[str, str],
    config: Mapping[str, Any],
    *,
    api_root: str | None = None,
    api_path: str = "/api",
) -> type[SimpleHTTPRequestHandler]:
    """Serves SITE_DIR plus ``/config.json``, adding ``headers`` to every response; with
    ``api_root``, forwards ``{api_path}/*`` there as CloudFront's API behavior does."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(SITE_DIR), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def end_headers(self) -> None:
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

        def _forward(self) -> bool:
            """``{api_path}/*`` to the API, path and query unchanged; True if forwarded."""
            if api_root is None or not self.path.startswith(f"{api_path}/"):
                return False
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            forwarded = {k: v for k, v in self.headers.items() if k.lower() not in _NOT_FORWARDED}
            connection = http.client.HTTPConnection(api_root.removeprefix("http://"), timeout=30)
            try:
                connection.request(self.command, self.path, body=body, headers=forwarded)
                response = connection.getresponse()
                data = response.read()
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() not in _NOT_FORWARDED | {"date", "server"}:
                        self.send_header(name, value)
            finally:
                connection.close()
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return True

        def do_POST(self) -> None:
            if not self._forward():
                self.send_error(405)

        do_PUT = do_DELETE = do_POST

        def do_GET(self) -> None:
            if self._forward():
                return
            if self.path.split("?", 1)[0] == "/config.json":
                data = json.dumps(config).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            super().do_GET()

    return Handler


@contextmanager
def serve(handler: type[SimpleHTTPRequestHandler]) -> Iterator[str]:
    """Runs ``handler`` on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # A short poll: shutdown() waits up to one poll interval (0.5 s by default)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
