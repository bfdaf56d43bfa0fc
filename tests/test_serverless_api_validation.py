"""ServerlessApi: every validation rule, asserted by its message; all problems at once."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    CorsPolicy,
    Handler,
    Route,
    ServerlessApi,
    TableAccess,
    TableOptions,
    Throttle,
)
from tests.support import (
    ECHO,
    ROOT,
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    in_stack,
    new_stack,
    rule_cases,
)
from tests.template_support import authorizers_of, intrinsics, routes_of

OK = echo_handler()
ORIGIN = "https://app.example.com"
#: Two modules, each with a function named `handler`.
MODULES = ECHO.parent / "modules"


def _api(stack: cdk.Stack | None = None, **overrides: Any) -> ServerlessApi:
    stack = stack or new_stack()
    props = in_stack({"routes": {"GET /a": OK}, "auth": ApiAuth.iam(), **overrides}, stack)
    return ServerlessApi(stack, "Api", **props)


def _pool_with_clients(stack: cdk.Stack) -> ApiAuth:
    pool = cognito.UserPool(stack, "Pool")
    return ApiAuth.cognito(pool, [pool.add_client(f"Client{i}") for i in range(51)])


CASES: list[RuleCase] = [
    ("empty routes", {"routes": {}}, r"Test/Api: `routes` is empty"),
    ("bad method", {"routes": {"FETCH /a": OK}}, r"`routes\['FETCH /a'\]` must be 'METHOD /path'"),
    ("no slash", {"routes": {"GET a": OK}}, r"has a path that must start with '/'"),
    # Proves (fix43): the message gave no reason. API Gateway refuses the key at deploy as
    # reported (SAM #1949, storacha/w3infra#166); with the key without '/' beside it, the
    # fix was to write that key, a second time
    (
        "trailing slash",
        {"routes": {"GET /a/": OK}},
        r"`routes\['GET /a/'\]` has a path ending in '/', which API Gateway refuses in an HTTP "
        r"API's route key \(only '/' itself ends so\)\. Fix: write 'GET /a' \(or another",
    ),
    (
        "trailing slash beside the key without it",
        {"routes": {"GET /a": OK, "GET /a/": OK}},
        r"`routes\['GET /a/'\]` has a path ending in '/'.*Fix: remove it: 'GET /a', a key "
        r"of routes already, is the route",
    ),
    ("bad segment", {"routes": {"GET /a b": OK}}, r"invalid path segment 'a b'"),
    # Proves (user trial): "GET  /rows" (two spaces) said the path must start with '/'
    (
        "two spaces after the method",
        {"routes": {"GET  /rows": OK}},
        r"`routes\['GET  /rows'\]` has whitespace around its path ' /rows': a key is the "
        r"method, one space and the path, which API Gateway matches as written; write "
        r"'GET /rows'",
    ),
    ("trailing space", {"routes": {"GET /rows ": OK}}, r"write 'GET /rows'"),
    # Proves: characters outside API Gateway's path-part rule ('~', '@', ...) synthesized
    # and CreateRoute refused them at deploy ("One or more path parts appear to be invalid")
    (
        "literal API Gateway refuses",
        {"routes": {"GET /users/@me": OK}},
        r"`routes\['GET /users/@me'\]` has an invalid path segment '@me': API Gateway takes "
        r"letters, digits and '-\._:', or a whole segment \{name\}",
    ),
    # Proves (runtime47): the message named the segment, not what API Gateway refuses in it
    (
        "tilde",
        {"routes": {"GET /~a": OK}},
        r"`routes\['GET /~a'\]` has an invalid path segment '~a': API Gateway takes letters, "
        r"digits and '-\._:', or a whole segment \{name\}, not '~'\. Fix: write 'GET /a'",
    ),
    (
        "characters a URL may carry",
        {"routes": {"GET /a@b,c~d~": OK}},
        r"invalid path segment 'a@b,c~d~': .*, not '@', ',', '~'\. Fix:",
    ),
    (
        "a parameter name with a tilde",
        {"routes": {"GET /{id~x}": OK}},
        r"has the path parameter '\{id~x\}', whose name API Gateway refuses: .*the name "
        r"letters, digits and '-\._:', not '~'\. Fix: write 'GET /\{id_x\}'",
    ),
    (
        "parameter name API Gateway refuses",
        {"routes": {"GET /todos/{todo id}": OK}},
        r"has the path parameter '\{todo id\}', whose name API Gateway refuses: a parameter "
        r"is \{name\} or \{name\+\}, the name letters, digits and '-\._:'",
    ),
    ("empty parameter", {"routes": {"GET /todos/{}": OK}}, r"path parameter '\{\}'"),
    ("parameter in a segment", {"routes": {"GET /e{id}": OK}}, r"invalid path segment 'e\{id\}'"),
    # Proves (user trial): 'GET /api/items/:id' was accepted as a literal path that no
    # request matches; Express's ':id' and Flask's '<id>' now name API Gateway's {id}.
    (
        "express param",
        {"routes": {"GET /items/:id": OK}},
        r"`routes\['GET /items/:id'\]` has the segment ':id', another framework's path "
        r"parameter.*write \{id\}",
    ),
    ("flask param", {"routes": {"GET /items/<int:id>": OK}}, r"'<int:id>'.*write \{id\}"),
    ("repeated param", {"routes": {"GET /{id}/{id}": OK}}, r"repeats the path parameter \{id\}"),
    ("greedy first", {"routes": {"GET /{p+}/x": OK}}, r"greedy parameter \{name\+\} that is not"),
    # Proves (user trial): two keys for the same requests, only the parameter renamed,
    # synthesized as two routes of which API Gateway can serve one
    (
        "same requests, parameter renamed",
        {"routes": {"GET /todos/{id}": OK, "GET /todos/{todoId}": OK}},
        r"`routes\['GET /todos/\{todoId\}'\]` matches the same requests as 'GET /todos/\{id\}' "
        r"\(only the path parameters' names differ\): API Gateway cannot route a request to "
        r"both\. Fix: keep one of the two keys",
    ),
    (
        "options behind auth",
        {"routes": {"OPTIONS /a": OK}},
        r"would put CORS preflight behind the authorizer.*pass cors=CorsPolicy",
    ),
    ("not a handler", {"routes": {"GET /a": "app.handler"}}, r"`routes\['GET /a'\]` is a str"),
    (
        "code not a dir",
        {"routes": {"GET /a": Handler(code="no/such/dir")}},
        r"`routes\['GET /a'\].code` is 'no/such/dir', which is not a directory",
    ),
    (
        "entry format",
        {"routes": {"GET /a": echo_handler(entry="handler")}},
        r"`routes\['GET /a'\].entry` is 'handler'; it must be 'module.function'",
    ),
    (
        "entry module missing",
        {"routes": {"GET /a": echo_handler(entry="nope.handler")}},
        r"names module 'nope', but .*nope.py does not exist",
    ),
    # Proves (user trial): Handler(code=...) without entry said "names module 'app'", a
    # module the user never wrote: the default is now named, with the code's modules.
    (
        "entry not given",
        {"routes": {"GET /a": Handler(code=ROOT / "stacks" / "handlers" / "todos")}},
        r"`routes\['GET /a'\].entry` is 'app.handler', the default \(no entry given\), but "
        r".*app.py does not exist; the code holds todos_api.py\. Fix: pass "
        r"entry='todos_api.<function>' naming your handler function",
    ),
    (
        "memory",
        {"routes": {"GET /a": echo_handler(memory_mib=64)}},
        r"`routes\['GET /a'\].memory_mib` is 64 MiB; it must be between 128 and 10240 MiB",
    ),
    (
        "timeout",
        {"routes": {"GET /a": echo_handler(timeout=cdk.Duration.minutes(16))}},
        r"\.timeout` is 960 seconds; it must be between 1 and 900 seconds",
    ),
    (
        "reserved concurrency",
        {"routes": {"GET /a": echo_handler(reserved_concurrency=-1)}},
        r"\.reserved_concurrency` is -1; it must be between 0 and 10000",
    ),
    (
        "env name",
        {"routes": {"GET /a": echo_handler(environment={"1BAD": "x"})}},
        r"\.environment` has the invalid variable name '1BAD'",
    ),
    (
        "env reserved",
        {"routes": {"GET /a": echo_handler(environment={"AWS_REGION": "x"})}},
        r"sets 'AWS_REGION', which the Lambda runtime reserves",
    ),
    (
        "handler name",
        {"routes": {"GET /a": echo_handler(name="my-fn")}},
        r"\.name` is 'my-fn'; it must be alphanumeric",
    ),
    (
        "two handlers one name",
        {"routes": {"GET /a": OK, "POST /a": echo_handler(memory_mib=512)}},
        r"gives function name 'Handler' to two different handlers"
        r".*Handler\(\.\.\., name='PostA'",
    ),
    (
        # Proves (user trial): two modules' `handler` functions were told to pass a name,
        # with no word of why they clash or which name would do
        "two modules one function name",
        {
            "routes": {
                "GET /a": Handler(code=MODULES, entry="items_api.handler"),
                "POST /a": Handler(code=MODULES, entry="orders_api.handler"),
            }
        },
        r"`routes\['POST /a'\].name` gives function name 'Handler' to two different handlers "
        r"\(the construct id comes from the function's name, 'handler'\)\. "
        r"Fix: pass Handler\(\.\.\., name='OrdersApiHandler'\)",
    ),
    (
        "scopes without jwt",
        {"routes": {"GET /a": Route(OK, authorization_scopes=["read"])}},
        r"\.authorization_scopes` needs JWT or Cognito auth, but auth is 'iam'",
    ),
    (
        "table access type",
        {"routes": {"GET /a": Route(OK, table_access="read")}},
        # Proves (messages review): the message showed neither the value nor the choices
        # ("is not a TableAccess. Fix: pass TableAccess.READ etc.")
        r"`routes\['GET /a'\].table_access` is 'read', a str, not a TableAccess\. Fix: pass one "
        r"of TableAccess.NONE, TableAccess.READ, TableAccess.READ_WRITE",
    ),
    ("auth type", {"auth": None}, r"`auth` is None.*ApiAuth.none\(reason=...\)"),
    (
        "jwt issuer",
        {"auth": ApiAuth.jwt("http://issuer", ["a"])},
        r"`auth.issuer` is 'http://issuer'; a JWT issuer must be an https:// URL",
    ),
    ("jwt audiences", {"auth": ApiAuth.jwt("https://i/", [])}, r"`auth.audiences` is empty"),
    # Proves (quotas): 51 audiences, 51 clients or 11 scopes on a route passed synth and
    # cdk-nag, and API Gateway's "Audiences per authorizer" (50) and "Scopes per route"
    # (10), neither adjustable, failed the deploy half-way
    (
        "jwt audiences past api gateway's limit",
        {"auth": ApiAuth.jwt("https://i/", [f"client-{i}" for i in range(51)])},
        r"`auth.audiences` has 51 audiences, each an audience of the API's authorizer: API "
        r"Gateway takes at most 50 \('Audiences per authorizer', not adjustable\), so the "
        r"deploy would fail\. Fix: keep the audiences whose tokens call this API",
    ),
    (
        "cognito clients past api gateway's limit",
        {"auth": InStack(_pool_with_clients)},
        r"`auth.clients` has 51 clients, each an audience of the API's authorizer: API "
        r"Gateway takes at most 50",
    ),
    (
        "scopes past api gateway's limit",
        {
            "auth": ApiAuth.jwt("https://i/", ["a"]),
            "routes": {"GET /a": Route(OK, authorization_scopes=[f"s{i}" for i in range(11)])},
        },
        r"`routes\['GET /a'\]\.authorization_scopes` has 11 scopes; API Gateway takes at most "
        r"10 per route \('Scopes per route', not adjustable\).*Fix: give the clients one "
        r"scope that covers the route",
    ),
    (
        "public without reason",
        {"auth": ApiAuth.none(reason=" ")},
        r"ApiAuth.none\(\) without a reason",
    ),
    # Proves (security review): the reason is the cdk-nag acknowledgement of a public API,
    # which acknowledge() holds to 10 characters; ApiAuth.none(reason="x") passed as one.
    (
        "public with a reason no reviewer can read",
        {"auth": ApiAuth.none(reason=" ok ")},
        r"`auth.reason` is ' ok '; it must say why the API is public, in at least 10 "
        r"characters: it is recorded as a cdk-nag acknowledgement, which a security reviewer "
        r"reads; cdk-nag 2 refuses shorter reasons, and the library holds cdk-nag 3's "
        r"\(which takes any\) to the same rule",
    ),
    (
        "table twice",
        {
            "table": TableOptions(),
            "existing_table": InStack(lambda s: dynamodb.Table.from_table_name(s, "T", "t")),
        },
        r"`table` and `existing_table` are both set",
    ),
    ("partition key", {"table": TableOptions(partition_key="")}, r"`table.partition_key` is empty"),
    (
        "sort key",
        {"table": TableOptions(partition_key="k", sort_key="k")},
        # Proves (messages review): the message showed the value ("equals the partition key")
        r"`table.sort_key` is 'k', the partition key too",
    ),
    # Proves (sweep25): an empty method list and header names no browser sends ('', a
    # trailing newline, a space inside) synthesized a CORS policy allowing nothing
    (
        "cors methods empty",
        {"cors": CorsPolicy(allow_origins=["https://a.com"], allow_methods=[])},
        # Proves (review): the fix called the default "every method"; it is six of them
        r"`cors.allow_methods` is empty: the preflight answer would allow no method\. Fix: list"
        r".*leave allow_methods out \(the default: GET, POST, PUT, PATCH, DELETE, HEAD\)",
    ),
    (
        "cors expose header empty",
        {"cors": CorsPolicy(allow_origins=["https://a.com"], expose_headers=[""])},
        r"`cors.expose_headers` has '', which is no HTTP header name\. Fix: write header names",
    ),
    (
        "cors allow header newline",
        {"cors": CorsPolicy(allow_origins=["https://a.com"], allow_headers=["authorization\n"])},
        r"`cors.allow_headers` has 'authorization\\n', which is no HTTP header name\. Fix: "
        r"write the header's name, e.g. 'authorization'",
    ),
    (
        "cors origins empty",
        {"cors": CorsPolicy(allow_origins=[])},
        r"`cors.allow_origins` is empty",
    ),
    (
        "cors origin",
        {"cors": CorsPolicy(allow_origins=["https://a.com/"])},
        r"has 'https://a.com/', which is not an origin",
    ),
    (  # Proves (review): a port in another script's digits (Python's \d) passed
        "cors origin port in full-width digits",
        {"cors": CorsPolicy(allow_origins=["http://localhost:\uff13\uff10\uff10\uff10"])},
        "has 'http://localhost:\uff13\uff10\uff10\uff10', which is not an origin",
    ),
    (  # Proves: an origin spelt otherwise than browsers send it synthesized, and no browser
        # request from that site ever passed CORS
        "cors origin in upper case",
        {"cors": CorsPolicy(allow_origins=["https://App.Example.com"])},
        r"`cors.allow_origins` has 'https://App.Example.com', but browsers send that origin as "
        r"'https://app.example.com', so it never matches\. Fix: write 'https://app.example.com'",
    ),
    (
        "cors origin with the scheme's default port",
        {"cors": CorsPolicy(allow_origins=["HTTPS://app.example.com:443"])},
        r"browsers send that origin as 'https://app.example.com'",
    ),
    # Proves (security review): an http origin (a page anyone on its path can change) was
    # allowed to call the API and read its answers; https only, http for localhost.
    (
        "cors origin over plain http",
        {"cors": CorsPolicy(allow_origins=["http://app.example.com:8080"])},
        r"`cors.allow_origins` has 'http://app.example.com:8080', a page served over plain "
        r"http.*Fix: serve the site over https and write 'https://app.example.com:8080' "
        r"\(http only for localhost",
    ),
    (  # Proves: a newline or a space in an origin was "not an origin", the character unnamed
        "cors origin with a newline",
        {"cors": CorsPolicy(allow_origins=["https://app.example.com\n"])},
        r"`cors.allow_origins` has 'https://app.example.com\\n', with a newline \('\\n'\) at "
        r"character 24: no browser sends that in an Origin header, so the origin never matches\. "
        r"Fix: write 'https://app.example.com' \(no spaces, tabs, newlines or control",
    ),
    (
        "cors origin with a tab inside",
        {"cors": CorsPolicy(allow_origins=["https://app.\texample.com"])},
        r"with a tab \('\\t'\) at character 13.*Fix: write 'https://app.example.com'",
    ),
    (
        "cors origin twice",
        {"cors": CorsPolicy(allow_origins=["https://a.example.com", "https://a.example.com"])},
        r"`cors.allow_origins` lists 'https://a.example.com' twice\. Fix: list each origin once",
    ),
    (
        "cors '*' with other origins",
        {"cors": CorsPolicy(allow_origins=["*", "https://a.example.com"])},
        r"`cors.allow_origins` has '\*' and other origins; '\*' already allows every origin",
    ),
    (
        "cors credentials",
        {"cors": CorsPolicy(allow_origins=["*"], allow_credentials=True)},
        r"`cors.allow_credentials` is True with allow_origins '\*'",
    ),
    (
        "cors method",
        {"cors": CorsPolicy(allow_origins=["*"], allow_methods=["get"])},
        r"`cors.allow_methods` has 'get'",
    ),
    # Proves (user trial): an IAM API whose CORS lists headers without the SigV4 ones
    # synthesized a preflight that refuses every signed browser call
    (
        "cors headers of an IAM API without the SigV4 ones",
        {"cors": CorsPolicy(allow_origins=[ORIGIN], allow_headers=["authorization"])},
        r"`cors.allow_headers` is \['authorization'\], without 'x-amz-date' and "
        r"'x-amz-security-token': a browser's SigV4-signed request carries them, so its "
        r"preflight fails\. Fix: add 'x-amz-date' and 'x-amz-security-token' \(and "
        r"'x-amz-content-sha256' if the client's signer sends it\): allow_headers=\["
        r"'authorization', 'x-amz-date', 'x-amz-security-token'\]; or leave allow_headers out",
    ),
    (
        "cors headers of an IAM API without authorization",
        {
            "cors": CorsPolicy(
                allow_origins=[ORIGIN], allow_headers=["*", "X-Amz-Date", "x-amz-security-token"]
            )
        },
        r"without 'authorization': .*\('\*' never covers 'authorization'\)",
    ),
    (
        "cors '*' of an IAM API with credentials",
        {
            "cors": CorsPolicy(
                allow_origins=[ORIGIN], allow_headers=["*", "authorization"], allow_credentials=True
            )
        },
        r"without 'x-amz-date' and 'x-amz-security-token': .*\('\*' covers no header when "
        r"credentials are allowed\)",
    ),
    (
        "cors headers of a JWT API",
        {
            "auth": ApiAuth.jwt("https://issuer.example.com/", ["api"]),
            "cors": CorsPolicy(allow_origins=[ORIGIN], allow_headers=["content-type"]),
        },
        r"`cors.allow_headers` is \['content-type'\], without 'authorization': browsers would "
        r"not send the token the jwt authorizer reads\. Fix: add 'authorization': "
        r"allow_headers=\['content-type', 'authorization'\]",
    ),
    (
        "throttle rate",
        {"throttling": Throttle(rate=0)},
        r"`throttling.rate` is 0 requests/second; it must be above 0 \(a fraction too",
    ),
    (
        "throttle burst",
        {"throttling": Throttle(burst=10_000)},
        r"`throttling.burst` is 10000 requests; it must be between 1 and 5000",
    ),
    (  # Proves (messages review): the fix was "pass Throttle(rate=, burst=)", a syntax error
        "throttle type fix",
        {"throttling": "x"},
        r"`throttling` is 'x', a str\. Fix: pass e.g. Throttle\(rate=50, burst=100\)",
    ),
    (  # Proves (messages review): a wrong object was shown as '<aws_cdk...Bucket object at 0x...>'
        "auth an object",
        {"auth": InStack(lambda s: s3.Bucket(s, "Raw"))},
        r"`auth` is the aws_s3.Bucket 'Test/Raw'\. Fix: pass ApiAuth.jwt",
    ),
    (
        "cors origins objects",
        {"cors": InStack(lambda s: CorsPolicy(allow_origins=[s3.Bucket(s, "Raw")]))},
        r"`cors.allow_origins` is \[the aws_s3.Bucket 'Test/Raw'\]; it must be a list of strings",
    ),
    (
        # Proves (messages review): the range's fix read "pass a value from 0 to 86400", a number,
        # refused
        "cors max age fix",
        {"cors": CorsPolicy(allow_origins=["*"], max_age=cdk.Duration.days(2))},
        r"`cors.max_age` is 172800 seconds.*Fix: pass Duration.seconds\(n\) with n from 0 to "
        r"86400",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


def test_every_problem_is_reported_at_once_with_path_prop_and_fix() -> None:
    error = assert_every_problem(
        _api,
        {
            "routes": {"FETCH /a": OK, "GET /b": echo_handler(memory_mib=1)},
            "auth": ApiAuth.none(reason=""),
            "throttling": Throttle(rate=0),
        },
        "Test/Api",
        # auth first: the route rules depend on it
        ["auth", "routes['FETCH /a']", "routes['GET /b'].memory_mib", "throttling.rate"],
    )
    assert isinstance(error, ValueError)


def test_cors_problems_are_reported_at_once_with_the_headers_an_iam_api_needs() -> None:
    # GIVEN an IAM API whose CORS has a bad origin, a bad method and headers without the
    # SigV4 ones WHEN it is built THEN one error lists the three, headers last
    assert_every_problem(
        _api,
        {
            "cors": CorsPolicy(
                allow_origins=["https://a.example.com/"],
                allow_methods=["get"],
                allow_headers=("authorization", "content-type"),
            )
        },
        "Test/Api",
        ["cors.allow_origins", "cors.allow_methods", "cors.allow_headers"],
    )


def test_cors_headers_of_a_wrong_type_are_one_problem_under_iam() -> None:
    # GIVEN allow_headers as a bare string WHEN an IAM API is built THEN the type is the
    # one problem (the missing SigV4 headers are not reported on top of it)
    assert_rule(
        _api,
        {"cors": CorsPolicy(allow_origins=[ORIGIN], allow_headers="authorization")},
        r"^1 invalid prop:\n.*`cors.allow_headers` is the string 'authorization'",
    )


def test_the_sigv4_headers_under_iam_or_any_case_need_no_more() -> None:
    # GIVEN IAM APIs whose headers name the SigV4 ones in any case, or '*' beside
    # 'authorization' without credentials WHEN built THEN nothing is refused
    for headers in (
        ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"],
        ["*", "authorization"],
    ):
        api = _api(cors=CorsPolicy(allow_origins=[ORIGIN], allow_headers=headers))
        # THEN the API's CORS allows the headers as given
        cors = cdk.Stack.of(api).resolve(api.http_api.node.default_child.cors_configuration)
        assert cors["allowHeaders"] == headers


def test_unresolved_tokens_are_not_validated() -> None:
    # GIVEN a memory size and a JWT issuer known only at deploy time (CloudFormation parameters)
    stack = new_stack()
    memory = cdk.CfnParameter(stack, "Memory", type="Number").value_as_number
    issuer = cdk.CfnParameter(stack, "Issuer").value_as_string
    # WHEN the API is built THEN nothing is rejected
    _api(
        stack,
        routes={"GET /a": echo_handler(memory_mib=memory)},
        auth=ApiAuth.jwt(issuer, ["aud"]),
    )
    # AND the template passes both tokens through to CloudFormation
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::Lambda::Function", {"MemorySize": {"Ref": "Memory"}})
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Authorizer",
        {"AuthorizerType": "JWT", "JwtConfiguration": {"Issuer": {"Ref": "Issuer"}}},
    )


HARDENING: list[RuleCase] = [
    ("unknown auth kind", {"auth": ApiAuth("jtw")}, r"`auth` has the unknown kind 'jtw'"),
    ("cognito without a pool", {"auth": ApiAuth.cognito(None)}, r"`auth.user_pool` is missing"),  # type: ignore[arg-type]
    ("no auth with OPTIONS", {"auth": None, "routes": {"OPTIONS /a": OK}}, r"`auth` is None"),
    (
        "no auth with scopes",
        {"auth": None, "routes": {"GET /a": Route(OK, authorization_scopes=["s"])}},
        r"`auth` is None.*\n.*authorization_scopes` needs JWT or Cognito auth, but auth is None",
    ),
    ("routes as a list", {"routes": [("GET /a", OK)]}, r"`routes` is a list; it must map"),
    (
        "table access without a table",
        {"routes": {"GET /a": Route(OK, table_access=TableAccess.READ_WRITE)}},
        r"table_access` is TableAccess.READ_WRITE, but the API has no table",
    ),
    (
        "key type as a string",
        {"table": TableOptions(partition_key_type="S")},  # type: ignore[arg-type]
        r"`table.partition_key_type` is 'S', a str",
    ),
    ("key name too long", {"table": TableOptions(partition_key="k" * 256)}, r"is 256 bytes long"),
    (
        "origins as a bare string",
        {"cors": CorsPolicy(allow_origins="https://a.example.com")},
        r"^1 invalid prop:\n.*`cors.allow_origins` is the string 'https://a.example.com'",
    ),
    (
        "preflight cached too long",
        {"cors": CorsPolicy(allow_origins=["*"], max_age=cdk.Duration.days(2))},
        r"`cors.max_age` is 172800 seconds; it must be between 0 and 86400",
    ),
    (  # Proves (docs review): a fraction of a second was aws-cdk-lib's jsii error at synth
        "preflight cached a fraction of a second",
        {"cors": CorsPolicy(allow_origins=["*"], max_age=cdk.Duration.millis(1500))},
        r"`cors.max_age` is 1.5 seconds; it is set in whole seconds",
    ),
    (
        "throttle rate as a string",
        {"throttling": Throttle(rate="50")},
        r"`throttling.rate` is '50', a str",
    ),  # type: ignore[arg-type]
]


@rule_cases(HARDENING)
def test_hardening_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


def test_an_unknown_auth_kind_never_synthesizes_a_public_route() -> None:
    # GIVEN a typo in the auth kind WHEN the API is built THEN synth stops (no NONE route)
    with pytest.raises(ConstructError, match="unknown kind"):
        _api(auth=ApiAuth("jtw"))


def test_the_root_and_paths_without_a_trailing_slash_are_routes() -> None:
    # GIVEN the root (the one path ending in '/'), a path and a child of it
    api = _api(routes={"GET /": OK, "GET /todos": OK, "GET /todos/{id}": OK})
    # THEN each is a route as written
    routes = Template.from_stack(cdk.Stack.of(api)).find_resources("AWS::ApiGatewayV2::Route")
    keys = {route["Properties"]["RouteKey"] for route in routes.values()}
    assert {"GET /", "GET /todos", "GET /todos/{id}"} <= keys


def test_the_same_path_for_other_methods_or_a_literal_segment_is_no_clash() -> None:
    # GIVEN routes that share a path shape with another method, or differ by a literal
    # segment or by greediness WHEN the API is built THEN none is refused
    routes = {
        "GET /todos/{id}": OK,
        "DELETE /todos/{id}": OK,
        "GET /todos/mine": OK,
        "GET /files/{key}": OK,
        "GET /files/{key+}": OK,
    }
    api = _api(routes=routes)
    # THEN each is a route of its own
    assert set(routes_of(api)) == set(routes)


def test_origins_as_browsers_send_them_are_fine() -> None:
    origins = ["https://app.example.com", "http://localhost:3000", "https://*.example.com"]
    api = _api(cors=CorsPolicy(allow_origins=origins))
    Template.from_stack(cdk.Stack.of(api)).has_resource_properties(
        "AWS::ApiGatewayV2::Api", {"CorsConfiguration": {"AllowOrigins": origins}}
    )


@pytest.mark.parametrize(
    ("issuer", "message"),
    [
        # a hand-written Cognito issuer around the pool's id, with Auth0's trailing '/'
        ("https://cognito-idp.us-east-1.amazonaws.com/{pool_id}/", r"trailing '/'"),
        # a misspelt host
        (
            "https://cognito-ipd.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
            r"not a Cognito user pool's issuer .*Fix: pass ApiAuth.cognito",
        ),
        # the API's region instead of the pool's
        (
            "https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_AbCdEf123",
            r"the pool 'us-east-1_AbCdEf123' is in us-east-1, not eu-west-1.*Fix: pass "
            r"'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123'",
        ),
    ],
)
def test_a_cognito_issuer_written_by_hand_must_be_its_tokens_iss(issuer: str, message: str) -> None:
    # Proves (trial35): ApiAuth.jwt with a Cognito issuer spelt wrong (a trailing '/' after
    # the pool's id token, cognito-ipd, another region than the pool id's) synthesized an
    # authorizer that refuses every token, silently
    stack = new_stack()
    pool = cognito.UserPool(stack, "Pool")
    with pytest.raises(ConstructError, match=rf"Test/Api: `auth.issuer` .*{message}"):
        _api(stack, auth=ApiAuth.jwt(issuer.format(pool_id=pool.user_pool_id), ["client"]))


def test_a_cognito_issuer_as_its_tokens_carry_it_is_accepted() -> None:
    # Proves (trial35): the checks above leave the right spellings alone
    stack = new_stack()
    pool = cognito.UserPool(stack, "Pool")
    api = _api(stack, auth=ApiAuth.jwt(f"https://{pool.user_pool_provider_url}", ["client"]))
    issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"
    literal = _api(new_stack(), auth=ApiAuth.jwt(issuer, ["c"]))
    # THEN each authorizer takes the issuer as written
    ((of_pool,), (written,)) = authorizers_of(api), authorizers_of(literal)
    assert intrinsics(of_pool["jwt"]["issuer"], "Fn::GetAtt")[0][1] == "ProviderURL"
    assert written["jwt"] == {"audience": ["c"], "issuer": issuer}


def test_a_pool_imported_by_id_of_another_region_than_the_stack_is_an_error() -> None:
    # Proves (trial35): UserPool.from_user_pool_id('eu-west-1_...') in a us-east-1 stack gave
    # the issuer https://cognito-idp.us-east-1.../eu-west-1_...: every token refused, silently
    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    pool = cognito.UserPool.from_user_pool_id(stack, "Pool", "eu-west-1_AbCdEf123")
    client = cognito.UserPoolClient.from_user_pool_client_id(stack, "Client", "1example")
    with pytest.raises(
        ConstructError,
        match=r"Test/Api: `auth.user_pool` is the pool 'eu-west-1_AbCdEf123' of eu-west-1, "
        r"imported as a pool of us-east-1 .*Fix: import it with its region: "
        r"cognito.UserPool.from_user_pool_arn\(self, 'Users', "
        r"'arn:aws:cognito-idp:eu-west-1:<account>:userpool/eu-west-1_AbCdEf123'\)",
    ):
        _api(stack, auth=ApiAuth.cognito(pool, [client]))
    # the same pool in its own region is fine
    home = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    pool = cognito.UserPool.from_user_pool_id(home, "Pool", "eu-west-1_AbCdEf123")
    client = cognito.UserPoolClient.from_user_pool_client_id(home, "Client", "1example")
    _api(home, auth=ApiAuth.cognito(pool, [client]))


def test_an_imported_pool_without_clients_is_an_error_naming_the_clients_to_pass() -> None:
    # Proves (trial39brownfield): ApiAuth.cognito(UserPool.from_user_pool_id(...)) added
    # aws-cdk-lib's default client (implicit grant, https://example.com) to the existing
    # production pool, and the API refused the tokens of every app signing in with it
    stack, pool = _imported_pool()
    with pytest.raises(
        ConstructError,
        match=r"Test/Api: `auth.clients` is left out with the aws_cognito.IUserPool "
        r"'Test/Pool', a pool imported into the app: aws-cdk-lib would add a new app client "
        r".*every call 401\)\. Fix: pass the clients your apps sign in with, e.g. "
        r"\[cognito.UserPoolClient.from_user_pool_client_id\(self, 'Web', '<client id>'\)\], "
        r"or for a new client of the API's own \[user_pool.add_client\('Api', \.\.\.\)\]",
    ):
        _api(stack, auth=ApiAuth.cognito(pool))
    assert not Template.from_stack(stack).find_resources("AWS::Cognito::UserPoolClient")


@pytest.mark.parametrize("how", ["existing client", "new client asked for", "pool of the app"])
def test_a_pool_with_its_clients_or_defined_in_the_app_needs_no_client_list(how: str) -> None:
    # the legitimate shapes beside it still synthesize: an imported pool's existing client,
    # a new client asked for explicitly, and a pool the app defines (its new client is the
    # API's own)
    if how == "pool of the app":
        stack = new_stack()
        auth = ApiAuth.cognito(cognito.UserPool(stack, "Pool"))
    else:
        stack, pool = _imported_pool()
        client = (
            cognito.UserPoolClient.from_user_pool_client_id(stack, "Client", "1example")
            if how == "existing client"
            else pool.add_client("Api")
        )
        auth = ApiAuth.cognito(pool, [client])
    _api(stack, auth=auth)
    Template.from_stack(stack).resource_count_is("AWS::ApiGatewayV2::Authorizer", 1)


def _imported_pool() -> tuple[cdk.Stack, cognito.IUserPool]:
    """A stack of eu-west-1 and an existing pool of its region, imported by id."""
    stack = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    return stack, cognito.UserPool.from_user_pool_id(stack, "Pool", "eu-west-1_AbCdEf123")


def _code_flow_auth(
    stack: cdk.Stack, *, callback_urls: list[str], logout_urls: list[str]
) -> ApiAuth:
    """ApiAuth.cognito with a client of the authorization code flow (a hosted UI's)."""
    pool = cognito.UserPool(stack, "Pool")
    client = pool.add_client(
        "Web",
        o_auth=cognito.OAuthSettings(
            flows=cognito.OAuthFlows(authorization_code_grant=True),
            callback_urls=callback_urls,
            logout_urls=logout_urls,
        ),
    )
    return ApiAuth.cognito(pool, [client])


def test_a_client_callback_url_over_http_that_is_not_localhost_is_an_error() -> None:
    # Proves (trial35): a client of ApiAuth.cognito with callback_urls=['http://app...']
    # synthesized, and Cognito refused it at deploy
    stack = new_stack()
    auth = _code_flow_auth(
        stack,
        callback_urls=["http://app.example.com/callback", "http://localhost:5173/callback"],
        logout_urls=["https://app.example.com/"],
    )
    with pytest.raises(ConstructError) as raised:
        _api(stack, auth=auth)
    message = str(raised.value)
    assert (
        "Test/Api: `auth.clients[0]` has the callback url 'http://app.example.com/callback': "
        "Cognito takes https:// URLs only (http:// only for localhost), so the deploy would "
        "fail. Fix: write it with https://" in message
    )
    assert "localhost:5173" not in message and "1 invalid prop" in message


@pytest.mark.parametrize(
    "url", ["myapp://callback", "com.example.app://auth/callback", "exp://127.0.0.1:19000/--/cb"]
)
def test_a_native_apps_own_scheme_is_a_callback_url_cognito_takes(url: str) -> None:
    # Proves (sweep36): callback_urls=['myapp://callback'] (a native app; Cognito: "App
    # callback URLs such as myapp://example are also supported") was a ConstructError
    stack = new_stack()
    auth = _code_flow_auth(stack, callback_urls=[url], logout_urls=[url])
    _api(stack, auth=auth)
    # THEN the client takes the URL as its callback and logout URL
    client = stack.node.find_child("Pool").node.find_child("Web").node.default_child
    assert stack.resolve(client.callback_ur_ls) == stack.resolve(client.logout_ur_ls) == [url]


@pytest.mark.parametrize(
    "issuer", ["https://cognito.example.com/realms/main", "https://cognito.example.com"]
)
def test_another_idps_host_starting_with_cognito_is_not_taken_for_a_user_pool(issuer: str) -> None:
    # Proves (sweep36): a Keycloak issuer on cognito.example.com was "not a Cognito user
    # pool's issuer", a ConstructError
    api = _api(new_stack(), auth=ApiAuth.jwt(issuer, ["client"]))
    # THEN it is the JWT authorizer's issuer, as written
    (authorizer,) = authorizers_of(api)
    assert authorizer["jwt"] == {"audience": ["client"], "issuer": issuer}


@pytest.mark.parametrize("rate", [0.5, 0.01, 1, 10000])
def test_a_throttle_rate_above_zero_is_taken_fractions_too(rate: float) -> None:
    # Proves (fix38): a rate below 1 was refused ("between 1 and 10000"), though API
    # Gateway's ThrottlingRateLimit is a double: 0.5 is a request every 2 seconds
    stack = new_stack()
    _api(stack, throttling=Throttle(rate=rate, burst=1))
    # THEN the stage throttles at that rate
    stages = Template.from_stack(stack).find_resources("AWS::ApiGatewayV2::Stage")
    (stage,) = stages.values()
    assert stage["Properties"]["DefaultRouteSettings"]["ThrottlingRateLimit"] == rate


@pytest.mark.parametrize("rate", [0, -0.5, 10000.5])
def test_a_throttle_rate_of_zero_or_less_or_above_the_quota_is_refused(rate: float) -> None:
    with pytest.raises(
        ConstructError,
        match=rf"`throttling.rate` is {rate:g} requests/second; it must be above 0 .* and at "
        r"most 10000\. Fix: pass a number above 0 and up to 10000",
    ):
        _api(throttling=Throttle(rate=rate, burst=1))
