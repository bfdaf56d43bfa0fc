"""ServerlessApi.arn_for_route: the execute-api ARN a machine client's IAM policy grants
to call one route, as API Gateway checks a signed request (its method and path as sent):
path parameters as '*', ANY as '*', the $default stage; a route IAM does not guard is a
ConstructError, and the API's other IAM routes the ARN lets in too are a warning."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import ApiAuth, ConstructError, Route, ServerlessApi
from constructs_lib.serverless_api.route_arns import ROUTE_ARN_WIDER_WARNING
from tests.support import echo_handler, new_stack

RECORDS = echo_handler()
JWT = ApiAuth.jwt("https://auth.example.com/", ["records-api"])


def _api(routes: dict[str, Any], auth: ApiAuth | None = None) -> ServerlessApi:
    return ServerlessApi(new_stack(), "Api", routes=routes, auth=auth or ApiAuth.iam())


def _route_warnings(api: ServerlessApi) -> list[Any]:
    """The warnings of ``arn_for_route`` on the API."""
    found = Annotations.from_stack(cdk.Stack.of(api))
    return found.find_warning("/Test/Api", Match.string_like_regexp(r"^arn_for_route\("))


def _arn_tail(api: ServerlessApi, arn: str) -> str:
    """What the ARN names after the API's id: ``/{stage}/{METHOD}{path}``."""
    resolved = cdk.Stack.of(api).resolve(arn)
    parts = resolved["Fn::Join"][1]
    assert parts[-2] == {"Ref": cdk.Stack.of(api).get_logical_id(api.http_api.node.default_child)}
    assert parts[:4] == ["arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}]
    return str(parts[-1])


@pytest.fixture(scope="module")
def machine() -> tuple[ServerlessApi, Template]:
    # GIVEN an API of machine clients, and a client granted two of its routes
    api = _api(
        {
            "POST /records": RECORDS,
            "GET /records/{id}": RECORDS,
            "ANY /blobs/{path+}": RECORDS,
            "GET /": RECORDS,
        }
    )
    client = iam.Role(api, "Ingest", assumed_by=iam.AccountPrincipal("111122223333"))
    client.add_to_policy(
        iam.PolicyStatement(
            actions=["execute-api:Invoke"],
            resources=[api.arn_for_route("POST /records"), api.arn_for_route("GET /records/{id}")],
        )
    )
    return api, Template.from_stack(cdk.Stack.of(api))


@pytest.mark.parametrize(
    ("route", "tail"),
    [
        ("POST /records", "/$default/POST/records"),
        ("GET /records/{id}", "/$default/GET/records/*"),
        ("ANY /blobs/{path+}", "/$default/*/blobs/*"),
        ("GET /", "/$default/GET/"),
    ],
)
def test_the_arn_names_what_api_gateway_checks_a_request_against(
    machine: tuple[ServerlessApi, Template], route: str, tail: str
) -> None:
    api, _ = machine
    assert _arn_tail(api, api.arn_for_route(route)) == tail


def test_a_path_without_parameters_is_aws_cdk_lib_s_arn(
    machine: tuple[ServerlessApi, Template],
) -> None:
    api, _ = machine
    resolve = cdk.Stack.of(api).resolve
    expected = api.http_api.arn_for_execute_api("POST", "/records", "$default")
    assert resolve(api.arn_for_route("POST /records")) == resolve(expected)


def test_the_client_s_policy_grants_the_route_s_requests(
    machine: tuple[ServerlessApi, Template],
) -> None:
    # THEN the role's policy names the requests' ARNs, the parameter a '*'
    api, template = machine
    (policy,) = template.find_resources(
        "AWS::IAM::Policy", {"Properties": {"Roles": [{"Ref": Match.string_like_regexp("Ingest")}]}}
    ).values()
    (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Action"] == "execute-api:Invoke"
    tails = [resource["Fn::Join"][1][-1] for resource in statement["Resource"]]
    assert sorted(tails) == ["/$default/GET/records/*", "/$default/POST/records"]
    # and no ARN of these routes lets another route's requests in: no warning
    assert not _route_warnings(api)


def test_a_route_of_its_own_behind_iam_on_a_jwt_api() -> None:
    api = _api({"GET /me": RECORDS, "PUT /sync/{id}": Route(RECORDS, auth=ApiAuth.iam())}, JWT)
    assert _arn_tail(api, api.arn_for_route("PUT /sync/{id}")) == "/$default/PUT/sync/*"


@pytest.mark.parametrize(
    ("routes", "auth", "key", "message"),
    [
        pytest.param(
            {"GET /me": RECORDS},
            JWT,
            "GET /me",
            r"^1 invalid prop:\n  - Test/Api: `arn_for_route\(route_key\)` is 'GET /me', a "
            r"route behind the authorizer HttpJwtAuthorizer: API Gateway checks no IAM policy "
            r"for it, so a grant of its ARN lets no client in \(and keeps none out\)\. Fix: "
            r"pass a route behind ApiAuth\.iam\(\) \(none on this API\), or set "
            r"Route\(handler, auth=ApiAuth\.iam\(\)\) for 'GET /me'$",
            id="a JWT route",
        ),
        pytest.param(
            {
                "POST /records": RECORDS,
                "GET /health": Route(RECORDS, public="load balancer probes carry no signature"),
            },
            None,
            "GET /health",
            r"`arn_for_route\(route_key\)` is 'GET /health', a route behind no authorizer \(a "
            r"public route\).*Fix: pass a route behind ApiAuth\.iam\(\) \('POST /records' on "
            r"this API\)",
            id="a public route",
        ),
        pytest.param(
            {"$default": RECORDS},
            None,
            "$default",
            r"`arn_for_route\(route_key\)` is '\$default', which catches requests of any method "
            r"and path: .*no ARN grants that route alone\. Fix: use "
            r"http_api\.arn_for_execute_api\('\*', '/\*', '\$default'\) for every route",
            id="the $default route",
        ),
        pytest.param(
            {"GET /records/{id}": RECORDS},
            None,
            "GET /records/{ID}",
            r"`arn_for_route\(route_key\)` is 'GET /records/\{ID\}', no route of this API\. "
            r"Fix: did you mean 'GET /records/\{id\}'\? Pass a route key as written in routes: "
            r"'GET /records/\{id\}'$",
            id="a misspelt route",
        ),
        pytest.param(
            {"GET /records/{id}": RECORDS},
            None,
            None,
            r"`arn_for_route\(route_key\)` is None, not a route key: the method takes the key "
            r"of a route \(a str, as written in routes\)\. Fix: pass a route key as written in "
            r"routes: 'GET /records/\{id\}'$",
            id="no key",
        ),
    ],
)
def test_a_route_no_grant_can_open_is_refused(
    routes: dict[str, Any], auth: ApiAuth | None, key: Any, message: str
) -> None:
    api = _api(routes, auth)
    with pytest.raises(ConstructError, match=message):
        api.arn_for_route(key)


@pytest.mark.parametrize(
    ("routes", "granted", "others"),
    [
        pytest.param(
            {"GET /records/{id}": RECORDS, "GET /records/{id}/tags": RECORDS},
            "GET /records/{id}",
            "'GET /records/{id}/tags'",
            id="a parameter's '*' spans a segment of another route",
        ),
        pytest.param(
            {"GET /files/{path+}": RECORDS, "GET /files/readme": RECORDS},
            "GET /files/{path+}",
            "'GET /files/readme'",
            id="a literal route under a greedy one",
        ),
        pytest.param(
            {"ANY /jobs/{id}": RECORDS, "DELETE /jobs/{id}/log": RECORDS},
            "ANY /jobs/{id}",
            "'DELETE /jobs/{id}/log'",
            id="any method",
        ),
    ],
)
def test_an_arn_that_lets_in_another_iam_route_warns(
    routes: dict[str, Any], granted: str, others: str
) -> None:
    api = _api(routes)
    api.arn_for_route(granted)
    (warning,) = _route_warnings(api)
    assert str(warning.entry.data).startswith(
        f"arn_for_route({granted!r}) lets the client call {others} too: IAM's '*' in the ARN "
        "stands for any characters of the request's path, '/' included"
    )
    assert f"acknowledge '{ROUTE_ARN_WIDER_WARNING}'" in str(warning.entry.data)


def test_no_warning_for_routes_iam_does_not_guard_or_another_method() -> None:
    api = _api(
        {
            "GET /records/{id}": RECORDS,
            "POST /records/{id}/tags": RECORDS,  # another method
            "GET /records/{id}/public": Route(RECORDS, public="shared links"),
        }
    )
    api.arn_for_route("GET /records/{id}")
    assert not _route_warnings(api)


def test_the_warning_is_acknowledged_by_its_id() -> None:
    api = _api({"GET /records/{id}": RECORDS, "GET /records/{id}/tags": RECORDS})
    cdk.Annotations.of(api).acknowledge_warning(ROUTE_ARN_WIDER_WARNING, "it may read tags")
    api.arn_for_route("GET /records/{id}")
    assert not _route_warnings(api)


@pytest.fixture(scope="module")
def partners() -> ServerlessApi:
    # GIVEN partners' machines calling routes under their own name
    return _api(
        {
            "GET /partners/{partner}/orders/{id}": RECORDS,
            "POST /partners/{partner}/orders": RECORDS,
            "ANY /admin/{proxy+}": RECORDS,
        }
    )


@pytest.mark.parametrize(
    ("route", "values", "tail"),
    [
        (
            "GET /partners/{partner}/orders/{id}",
            {"partner": "acme"},
            "/$default/GET/partners/acme/orders/*",
        ),
        (
            "POST /partners/{partner}/orders",
            {"partner": "globex"},
            "/$default/POST/partners/globex/orders",
        ),
        (
            "GET /partners/{partner}/orders/{id}",
            {"partner": "acme", "id": "o-1"},
            "/$default/GET/partners/acme/orders/o-1",
        ),
        ("ANY /admin/{proxy+}", {"proxy": "reports/daily"}, "/$default/*/admin/reports/daily"),
        ("GET /partners/{partner}/orders/{id}", {}, "/$default/GET/partners/*/orders/*"),
    ],
)
def test_a_parameter_given_a_value_is_that_value_in_the_arn(
    partners: ServerlessApi, route: str, values: dict[str, str], tail: str
) -> None:
    assert _arn_tail(partners, partners.arn_for_route(route, path_parameters=values)) == tail
    assert not _route_warnings(partners)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        pytest.param(
            {"partnr": "acme"},
            r"^1 invalid prop:\n  - Test/Api: `arn_for_route\(path_parameters\)` names 'partnr', "
            r"no parameter of 'GET /partners/\{partner\}/orders/\{id\}' \(its parameters: "
            r"\{partner\}, \{id\}\)\. Fix: name each parameter as written in the route key, "
            r"without its braces$",
            id="a misspelt name",
        ),
        pytest.param(
            {"partner": "ac*"},
            r"`arn_for_route\(path_parameters\)` gives 'partner' 'ac\*': a value is letters, "
            r"digits and '-\._:', one path segment \(IAM would read '\*' or '\?' in the ARN as a "
            r"wildcard\)\. Fix: pass the value the client's requests carry in \{partner\}, or "
            r"leave 'partner' out for any value$",
            id="a wildcard",
        ),
        pytest.param(
            {"partner": "acme/x"},
            r"gives 'partner' 'acme/x': a value is letters, digits and '-\._:', one path segment",
            id="two segments",
        ),
        pytest.param(
            {"partner": ""},
            r"gives 'partner' '': a value is letters",
            id="empty",
        ),
        pytest.param(
            {"partner": 7},
            r"gives 'partner' 7: the ARN needs the value as text, known at synth\. Fix: pass "
            r"the value of \{partner\} as a string \('acme'\)$",
            id="not a string",
        ),
        pytest.param(
            ["acme"],
            r"`arn_for_route\(path_parameters\)` is \['acme'\]\. Fix: pass a dict of a "
            r"parameter's name to its value$",
            id="not a dict",
        ),
    ],
)
def test_a_path_parameter_value_iam_would_misread_is_refused(
    partners: ServerlessApi, values: Any, message: str
) -> None:
    with pytest.raises(ConstructError, match=message):
        partners.arn_for_route("GET /partners/{partner}/orders/{id}", path_parameters=values)


def test_a_deploy_time_value_is_refused(partners: ServerlessApi) -> None:
    value = cdk.CfnParameter(cdk.Stack.of(partners), "Partner").value_as_string
    with pytest.raises(ConstructError, match=r"gives 'partner' .*known at synth"):
        partners.arn_for_route(
            "POST /partners/{partner}/orders", path_parameters={"partner": value}
        )


def test_every_problem_of_the_values_at_once(partners: ServerlessApi) -> None:
    with pytest.raises(ConstructError, match=r"^2 invalid props:\n.*'partnr'.*\n.*'id' 'a\?'"):
        partners.arn_for_route(
            "GET /partners/{partner}/orders/{id}", path_parameters={"partnr": "x", "id": "a?"}
        )


def test_a_partner_s_arn_that_lets_in_another_route_of_its_requests_warns() -> None:
    # GIVEN a route under the partner's orders that a sample request ('x' for each
    # parameter) would not show: /partners/acme/orders/o-1/items is a request of it
    api = _api(
        {
            "GET /partners/{partner}/orders/{id}": RECORDS,
            "GET /partners/{partner}/orders/{id}/items": RECORDS,
        }
    )
    api.arn_for_route("GET /partners/{partner}/orders/{id}", path_parameters={"partner": "acme"})
    (warning,) = _route_warnings(api)
    assert "lets the client call 'GET /partners/{partner}/orders/{id}/items' too" in str(
        warning.entry.data
    )


def test_a_route_whose_literal_a_parameter_s_star_spans_warns() -> None:
    # '/a/b' is a request of both: the ARN GET/a/* lets it in, whichever route serves it
    api = _api({"GET /a/{p}": RECORDS, "GET /{q}/b": RECORDS})
    api.arn_for_route("GET /a/{p}")
    (warning,) = _route_warnings(api)
    assert "lets the client call 'GET /{q}/b' too" in str(warning.entry.data)
