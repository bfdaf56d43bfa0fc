"""The todo API exercised end to end over HTTP: its routes through the JWT authorizer and
the CORS configuration, as a browser and a client would call them.
"""

from __future__ import annotations

from tools.local.checks import Outcome
from tools.local.e2e_support import HttpApi, todos_path
from tools.local.jwt_local import LocalIssuer


def todo_api_checks(
    api: HttpApi,
    issuer: LocalIssuer,
    cors_origin: str | None,
    routes: set[str],
    o: Outcome,
    name: str,
) -> None:
    """The todo routes the API has, through its JWT authorizer and CORS configuration;
    ``/todos`` under the routes' own prefix (TodoApi's are under ``/api``)."""
    todos = todos_path(routes)
    auth = {"authorization": f"Bearer {issuer.token()}"}
    no_token = api.request("GET", todos)
    o.check(name, "GET /todos without a token -> 401", no_token.status == 401, str(no_token.status))
    stranger = LocalIssuer.create(issuer.issuer, issuer.audience)
    forged = api.request("GET", todos, headers={"authorization": f"Bearer {stranger.token()}"})
    o.check(name, "token signed by another key -> 401", forged.status == 401, str(forged.status))
    other_audience = api.request(
        "GET", todos, headers={"authorization": f"Bearer {issuer.token(aud='someone-else')}"}
    )
    o.check(
        name,
        "token for another audience -> 401",
        other_audience.status == 401,
        str(other_audience.status),
    )
    expired = api.request(
        "GET", todos, headers={"authorization": f"Bearer {issuer.token(lifetime_s=-60)}"}
    )
    o.check(name, "expired token -> 401", expired.status == 401, str(expired.status))
    created = api.request("POST", todos, {"title": "deployed locally"}, auth)
    o.check(
        name,
        "POST /todos -> 201",
        created.status == 201,
        f"{created.status} {created.body[:200]!r}",
    )
    if created.status != 201:
        return
    todo = created.json()
    item = f"{todos}/{todo['id']}"
    if f"GET {todos}/{{id}}" in routes:
        got = api.request("GET", item, headers=auth)
        o.check(
            name,
            "GET /todos/{id} -> 200, same todo",
            got.status == 200 and got.json()["title"] == "deployed locally",
            f"{got.status} {got.body[:200]!r}",
        )
    if f"PUT {todos}/{{id}}" in routes:
        updated = api.request("PUT", item, {"done": True}, auth)
        o.check(
            name,
            "PUT /todos/{id} -> 200, done",
            updated.status == 200 and updated.json().get("done") is True,
            f"{updated.status} {updated.body[:200]!r}",
        )
    listed = api.request("GET", todos, headers=auth)
    ids = [i["id"] for i in listed.json().get("items", [])] if listed.status == 200 else []
    o.check(
        name, "GET /todos lists it", todo["id"] in ids, f"{listed.status} {listed.body[:200]!r}"
    )
    invalid = api.request("POST", todos, {"title": ""}, auth)
    o.check(
        name,
        "POST /todos with a blank title -> 422 JSON error",
        invalid.status == 422 and "error" in invalid.json(),
        str(invalid.status),
    )
    if f"DELETE {todos}/{{id}}" in routes:
        deleted = api.request("DELETE", item, headers=auth)
        o.check(name, "DELETE /todos/{id} -> 204", deleted.status == 204, str(deleted.status))
        gone = api.request("GET", item, headers=auth)
        o.check(name, "GET a deleted todo -> 404", gone.status == 404, str(gone.status))
    if cors_origin:
        preflight = api.request(
            "OPTIONS",
            todos,
            headers={
                "origin": cors_origin,
                "access-control-request-method": "POST",
                "access-control-request-headers": "authorization,content-type",
            },
        )
        o.check(
            name,
            f"CORS preflight from {cors_origin} answered without a token",
            preflight.status in (200, 204)
            and preflight.headers.get("access-control-allow-origin") == cors_origin,
            f"{preflight.status} {preflight.headers}",
        )
        other = api.request(
            "OPTIONS",
            todos,
            headers={
                "origin": "https://elsewhere.example",
                "access-control-request-method": "POST",
            },
        )
        o.check(
            name,
            "CORS preflight from another origin gets no allow-origin",
            "access-control-allow-origin" not in other.headers,
            str(other.headers),
        )
