"""What the end-to-end exercises share: an HTTP API of the emulator addressed like AWS,
polling until a condition holds, a stack's resource of a type, the todo routes' path.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tools.local.checks import Resource


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


class HttpApi:
    """An HTTP API of the emulator, addressed like AWS: ``{api id}.execute-api.<host>``."""

    def __init__(self, port: int, api_id: str) -> None:
        self.port, self.api_id = port, api_id
        self.host = f"{api_id}.execute-api.localhost:{port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}/"

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            payload = None if body is None else json.dumps(body).encode()
            all_headers = {"Host": self.host, **(headers or {})}
            if payload is not None:
                all_headers["content-type"] = "application/json"
            connection.request(method, path, body=payload, headers=all_headers)
            response = connection.getresponse()
            return Response(
                response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
            )
        finally:
            connection.close()


def wait_for(
    what: str, condition: Callable[[], Any], timeout_s: float, every_s: float = 0.5
) -> Any:
    deadline = time.monotonic() + timeout_s
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout_s:.0f} s")
        time.sleep(every_s)


def first(
    resources: dict[str, Resource], rtype: str, where: Callable[[Resource], bool] = lambda r: True
) -> Resource:
    return next(r for r in resources.values() if r.type == rtype and where(r))


def todos_path(routes: set[str]) -> str:
    """The path of the todo collection among ``routes`` ("/todos", or "/api/todos" for an
    API that a StaticSite serves under /api)."""
    return next(
        (key.partition(" ")[2] for key in sorted(routes) if key.startswith("POST ")),
        "/todos",
    )
