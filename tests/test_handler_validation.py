"""Handler: every rule a function's code and settings must meet, wherever a Handler is
passed, asserted by its message (through ServerlessApi and QueueWorker)."""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from pathlib import Path
from typing import Any
from unittest import mock

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Deployment,
    Handler,
    Network,
    QueueWorker,
    ServerlessApi,
    TableOptions,
)
from tests.support import ECHO, RuleCase, assert_rule, echo_handler, new_stack, rule_cases


def _api(**handler_options: Any) -> ServerlessApi:
    stack = new_stack()
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(**handler_options)},
        auth=ApiAuth.iam(),
        table=TableOptions(),
    )


CASES: list[RuleCase] = [
    (
        "memory as a string",
        {"memory_mib": "256"},
        r"`routes\['GET /a'\].memory_mib` is '256', a str",
    ),
    (
        "fractional memory",
        {"memory_mib": 128.5},
        r"memory_mib` is 128.5, a float; it must be a whole",
    ),
    (  # Proves (messages review): the fixes of whole-number props had no verb ("Fix: e.g. 5")
        "fractional memory fix",
        {"memory_mib": 128.5},
        r"memory_mib` .*Fix: pass e.g. memory_mib=256",
    ),
    (
        "fractional reserved concurrency",
        {"reserved_concurrency": 1.5},
        r"reserved_concurrency` is 1.5, a float; .*Fix: pass e.g. reserved_concurrency=5",
    ),
    (
        "fractional canary percent",
        {"deployment": Deployment.canary(percent=2.5, minutes=5)},
        r"deployment.percent` is 2.5, a float; .*Fix: pass e.g. percent=1",
    ),
    (  # Proves (messages review): a wrong object was shown as '<aws_cdk...Bucket object at 0x...>'
        "deployment an object",
        {"deployment": cdk.Duration.minutes(5)},
        r"deployment` is a Duration\. Fix: pass Deployment.canary",
    ),
    (
        # Proves (messages review): aws-cdk-lib's Runtime (a common first try) was shown as
        # '<aws_cdk.aws_lambda.Runtime object at 0x...>'; a supported one is taken (fix41b)
        "runtime a lambda Runtime",
        {"runtime": lambda_.Runtime.PYTHON_3_9},
        r"runtime` is lambda_.Runtime 'python3.9'; the library builds Python functions for "
        r"3.12, .*Fix: pass one of '3.12'",
    ),
    (
        "timeout as an int",
        {"timeout": 10},
        r"timeout` is 10, an int, not a Duration.*Duration.seconds\(10\)",
    ),
    (
        "timeout in millis",
        {"timeout": cdk.Duration.millis(1500)},
        r"timeout` is 1.5 seconds; Lambda timeouts are whole seconds",
    ),
    (
        # one problem naming one Duration every rule takes (sched51: was this and the range's)
        "sub-second timeout",
        {"timeout": cdk.Duration.millis(500)},
        r"(?s)1 invalid prop:.*timeout` is 0.5 seconds; Lambda timeouts are whole seconds\. Fix: "
        r"pass Duration.seconds\(1\)$",
    ),
    (
        # Proves (messages review): the fix read "pass a value from 1 to 900", and a number is
        # refused
        "timeout range fix",
        {"timeout": cdk.Duration.minutes(20)},
        r"timeout` is 1200 seconds; .*Fix: pass Duration.seconds\(n\) with n from 1 to 900",
    ),
    (
        "env value not a string",
        {"environment": {"RETRIES": 3}},
        r"environment` has RETRIES=3, an int.*give a string: RETRIES='3'",
    ),
    ("env not a mapping", {"environment": ["A=1"]}, r"environment` is a list"),
    ("one-letter env name", {"environment": {"X": "1"}}, r"invalid variable name 'X'.*at least 2"),
    (
        "env overwritten by the construct",
        {"environment": {"TABLE_NAME": "mine"}},
        r"sets 'TABLE_NAME', which the construct sets itself",
    ),
    (
        "env over 4 KB",
        {"environment": {"BIG": "x" * 4100}},
        r"environment` is at least \d+ bytes.*at most 4096",
    ),
    (
        "endpoints as a bare string",
        {"endpoints": "sqs"},
        r"endpoints` is the string 'sqs', not a list",
    ),
    (
        "endpoints without a network",
        {"endpoints": ("sqs",)},
        r"endpoints` lists interface endpoints, but the construct has no network=",
    ),
    (
        "function not defined",
        {"entry": "app.no_such_function"},
        r"names function 'no_such_function', which .*app.py does not define at top level\. "
        r"Fix: define def no_such_function\(event, context\) in .*app.py, or correct the "
        r"function part of entry",
    ),
    # Proves (papercuts248): the fix read "... or fix the module part of entry" ('fix' is
    # no instruction VERBS lists)
    (
        "module not there",
        {"entry": "no_such_module.handler"},
        r"names module 'no_such_module', but .*no_such_module.py does not exist\. Fix: "
        r"create .*no_such_module.py or correct the module part of entry",
    ),
    # Proves (user trial): entry="app.py" said "names function 'py', which app.py does not
    # define" and told the user to define def py(event, context)
    (
        "entry a file name",
        {"entry": "app.py"},
        r"\.entry` is 'app.py', a file name; entry is 'module.function': the module and the "
        r"function in it that Lambda calls \(app.py defines handler, other\)\. Fix: pass "
        r"entry='app.handler'",
    ),
    (
        "name of the API's table",
        {"name": "Table"},
        r"\.name` gives the function the name 'Table', which the API uses",
    ),
    ("name of the access logs", {"name": "AccessLogs"}, r"name 'AccessLogs', which the API uses"),
    (  # Proves (user trial): environment={"PORT": None} got the fix "pass PORT='None'", a
        # variable holding the word None, where the user meant no variable at all
        "environment variable set to None",
        {"environment": {"PORT": None}},
        r"environment` has PORT=None; Lambda variables are strings\. Fix: leave PORT out "
        r"\(a variable is never unset\), or pass a string: Lambda passes variables to the "
        r"code as strings only",
    ),
    (
        "environment variable set to a number",
        {"environment": {"PORT": 8080}},
        r"environment` has PORT=8080, an int; .*Fix: give a string: PORT='8080' \(the code "
        r"reads it with int\(os\.environ\['PORT'\]\)\): Lambda passes variables to the code "
        r"as strings only",
    ),
    (  # Proves (fix29): True got the fix "pass DEBUG='True'", Python's spelling, where a
        # shell- or JSON-minded user (and most code comparing it) means 'true'
        "environment variable set to a bool",
        {"environment": {"DEBUG": True}},
        r"environment` has DEBUG=True, a bool; Lambda variables are strings\. Fix: give a "
        r"string: DEBUG='true' \(or 'True', whatever your code compares with\): Lambda "
        r"passes variables to the code as strings only",
    ),
    (  # Proves (fix29): every fix says why a string (None, a float, a list, an object)
        "environment variable set to a float",
        {"environment": {"RATIO": 0.5}},
        r"Fix: give a string: RATIO='0\.5' \(the code reads it with float\(os\.environ\["
        r"'RATIO'\]\)\): Lambda passes variables to the code as strings only",
    ),
    (
        "environment variable set to an aws-cdk-lib object",
        {"environment": {"WAIT": cdk.Duration.seconds(5)}},
        r"has WAIT=.*Fix: pass the string your code reads as WAIT: Lambda passes variables "
        r"to the code as strings only",
    ),
    (
        "environment variable set to a deploy-time number",
        {"environment": {"PORT": cdk.Token.as_number(cdk.Aws.ACCOUNT_ID)}},
        r"has PORT=.*Fix: pass PORT=cdk\.Token\.as_string\(<the number>\), the deploy-time "
        r"number as text: Lambda passes",
    ),
    # Proves (user trial): SAM's `CodeUri: .` + `Handler: src/items.list`, written as
    # Handler(code=".", entry="src/items.list"), got the fix "pass e.g. entry='app.handler'"
    (
        "entry holding the code's directory",
        {"entry": "src/items.list"},
        r"\.entry` is 'src/items.list'; it must be 'module.function' \(Python identifiers\)\. "
        r"Fix: pass code='[^']*/echo/src' and entry='items.list': entry is 'module.function' "
        r"inside the code directory \(SAM's CodeUri is code=, its Handler entry=\)",
    ),
    # Proves (user trial): SAM's `Environment: Variables: {LOG_LEVEL: INFO}` nesting got
    # the fix "pass Variables=\"{'LOG_LEVEL': 'INFO'}\"", one variable holding that text
    (
        "environment with SAM's Variables level",
        {"environment": {"Variables": {"LOG_LEVEL": "INFO"}}},
        r"environment` has Variables=\{'LOG_LEVEL': 'INFO'\}, a dict; Lambda variables are "
        r"strings\. Fix: pass the variables themselves, environment=\{'LOG_LEVEL': 'INFO'\}: "
        r"SAM's and CloudFormation's `Environment: Variables:` level is not written here",
    ),
    # Proves (user trial): a CloudFormation intrinsic {"Ref": "ItemsTable"} got the fix
    # "pass TABLE=\"{'Ref': 'ItemsTable'}\"", a variable holding the text of the dict
    (
        "environment with a CloudFormation intrinsic",
        {"environment": {"TABLE": {"Ref": "ItemsTable"}}},
        r"has TABLE=\{'Ref': 'ItemsTable'\}, a dict; .*Fix: pass the resource's attribute "
        r"\(e\.g\. table\.table_name\), or link the resource",
    ),
    # Proves (user trial): a list got the fix "pass ORIGINS=\"['a', 'b']\"", Python's
    # repr, which the handler's json.loads cannot read
    (
        "environment variable set to a list",
        {"environment": {"ORIGINS": ["a", "b"]}},
        r"has ORIGINS=\['a', 'b'\], a list; .*Fix: pass ORIGINS=json\.dumps\(\['a', 'b'\]\), "
        r"a JSON string the handler json\.loads: Lambda passes variables to the code as "
        r"strings only",
    ),
    (
        "route timeout above API Gateway's 30 s",
        {"timeout": cdk.Duration.seconds(30)},
        r"timeout` is 30 seconds; API Gateway gives up after 30 seconds.*QueueWorker",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


def test_an_environment_value_that_is_an_object_is_refused_not_resolved() -> None:
    # Proves (sweep30): environment={"TABLE": table} (the construct, not .table_name) met a
    # raw jsii CircularReferenceDetected, and a test's MagicMock an AttributeError, from
    # the secret-value warning resolving every value before the rules refused it
    stack = new_stack()
    table = dynamodb.TableV2(
        stack,
        "Table",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    for value in (table, mock.MagicMock()):
        # THEN the variable is named, with the fix a non-string value gets
        with pytest.raises(ConstructError, match=r"environment` has TABLE=.*Fix: pass") as raised:
            QueueWorker(stack, f"W{id(value)}", handler=echo_handler(environment={"TABLE": value}))
        if value is table:  # its str() is its path: the fix was "pass TABLE='Test/Table'"
            assert "e.g. table.table_name" in str(raised.value)
            assert "Test/Table'" not in str(raised.value).split("Fix:")[1]


def _local_object() -> object:
    class Config:  # a class defined in a function: <mod._local_object.<locals>.Config ...>
        pass

    return Config()


def test_an_object_of_a_class_defined_in_a_function_is_named_without_its_address() -> None:
    # Proves (review32): the default-repr patterns stopped at '<locals>': the message kept
    # the memory address, and the fix was "pass CONF='<....<locals>.Config object at 0x...>'"
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "W", handler=echo_handler(environment={"CONF": _local_object()}))
    text = str(raised.value)
    # THEN the value is named by its class and the fix asks for the string the code reads
    assert "CONF=a Config" in text
    assert "Fix: pass the string your code reads as CONF" in text
    assert " at 0x" not in text


class _Mode(enum.Enum):
    FAST = "fast"


def test_an_enum_member_gets_its_value_as_the_fix() -> None:
    # Proves (review32's follow-up): environment={"MODE": Mode.FAST} was told to pass
    # MODE='Mode.FAST' (its str()), which the code would read instead of 'fast'
    with pytest.raises(ConstructError, match=r"Fix: pass MODE='fast' \(the member's value\)"):
        QueueWorker(new_stack(), "W", handler=echo_handler(environment={"MODE": _Mode.FAST}))


@dataclasses.dataclass
class _Settings:  # a repr for debugging ('_Settings(level=3)'), no text of its own
    level: int = 3


@pytest.mark.parametrize("value", [_Settings(), re.compile("^orders/")])
def test_an_object_with_only_a_repr_is_not_proposed_as_the_string(value: object) -> None:
    # Proves (sweep35): str() falls back to a class's own __repr__, and the fix was
    # "pass CONF='_Settings(level=3)'" (or "re.compile('^orders/')"), text no code would read
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "W", handler=echo_handler(environment={"CONF": value}))
    fix = str(raised.value).split("Fix:")[1]
    assert fix.startswith(" pass the string your code reads as CONF"), fix
    assert repr(value) not in fix


class _Stage(str, enum.Enum):  # noqa: UP042 (users write the pre-3.11 spelling)
    PROD = "prod"


def test_a_str_enum_member_is_a_string_and_passes_as_its_value() -> None:
    # Proves (sweep35): the Enum fix did not refuse a str-based Enum, which is a str and
    # reaches the function as its value
    stack = new_stack()
    QueueWorker(stack, "W", handler=echo_handler(environment={"STAGE": _Stage.PROD}))
    Template.from_stack(stack).has_resource_properties(
        "AWS::Lambda::Function",
        {"Environment": {"Variables": Match.object_like({"STAGE": "prod"})}},
    )


def test_a_bare_string_gives_one_problem_not_one_per_character() -> None:
    with pytest.raises(ConstructError) as raised:
        _api(endpoints="secretsmanager")
    assert str(raised.value).startswith("1 invalid prop:")


def test_a_syntax_error_in_the_handler_module_is_reported(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("def handler(event, context:\n    pass\n")
    assert_rule(
        lambda: ServerlessApi(
            new_stack(), "Api", routes={"GET /a": Handler(code=tmp_path)}, auth=ApiAuth.iam()
        ),
        {},
        # Proves (messages review): the fix was "fix app.py"
        r"names module 'app', which has a syntax error at line 1\. Fix: correct the syntax "
        r"error in .*app.py \(python -m py_compile .*app.py shows it\)",
    )


def test_an_entry_that_is_a_file_name_proposes_a_public_function(tmp_path: Path) -> None:
    (tmp_path / "todos.py").write_text(
        "def _table(): ...\n\n\ndef list_todos(event, context): ...\n"
    )
    assert_rule(
        lambda: ServerlessApi(
            new_stack(),
            "Api",
            routes={"GET /a": Handler(code=tmp_path, entry="todos.py")},
            auth=ApiAuth.iam(),
        ),
        {},
        r"\(todos.py defines list_todos\)\. Fix: pass entry='todos.list_todos'",
    )


def test_an_async_handler_is_refused_lambda_would_not_await_it(tmp_path: Path) -> None:
    # GIVEN a plain async def as the entry: Lambda's Python runtime returns the coroutine
    # unawaited, and every invocation fails
    (tmp_path / "app.py").write_text("async def handler(event, context): ...\n")
    assert_rule(
        lambda: ServerlessApi(
            new_stack(), "Api", routes={"GET /a": Handler(code=tmp_path)}, auth=ApiAuth.iam()
        ),
        {},
        r"`routes\['GET /a'\].entry` names 'handler', an async def in .*app.py; Lambda's "
        r"Python runtime does not await a handler.*asyncio.run",
    )


@pytest.mark.parametrize(
    ("source", "written"),
    [
        ("def handler(event): ...", "event"),
        ("def handler(): ...", ""),
        ("def handler(self, event, context): ...", "self, event, context"),
        ("def handler(event, context, *, table): ...", "event, context, \\*, table"),
    ],
)
def test_a_handler_lambda_cannot_call_with_event_and_context_is_refused(
    tmp_path: Path, source: str, written: str
) -> None:
    # Proves (user trial): `def handler(event)` synthesized silently, and every invocation
    # failed with a TypeError (Lambda calls handler(event, context))
    # GIVEN an entry whose def does not take two positional arguments
    (tmp_path / "app.py").write_text(source + "\n")
    # THEN the route names the def as written and the signature to write
    assert_rule(
        lambda: ServerlessApi(
            new_stack(), "Api", routes={"GET /a": Handler(code=tmp_path)}, auth=ApiAuth.iam()
        ),
        {},
        rf"`routes\['GET /a'\].entry` names def handler\({written}\) in .*app.py; Lambda "
        r"calls it with two positional arguments, handler\(event, context\).*TypeError. "
        r"Fix: define def handler\(event, context\)",
    )


@pytest.mark.parametrize(
    "source",
    [
        "def handler(event, context): ...",
        # any def Lambda can call with (event, context)
        "def handler(event, context=None): ...",
        "def handler(*args, **kwargs): ...",
        "def handler(event, /, _context, retries=3, *, table=None): ...",
        # what Lambda calls is another function: a decorator's, a reassignment's
        "@wrap\ndef handler(event): ...",
        "def handler(event): ...\nhandler = adapt(handler)",
        # an async def a decorator or an assignment turns into a plain function
        "@sync\nasync def handler(event, context): ...",
        "async def handler(event, context): ...\nhandler = sync(handler)",
        "handler = lambda event, context: None",
        "from json import dumps as handler",
        "try:\n    import x\nexcept ImportError:\n    def handler(event, context): ...",
    ],
)
def test_the_entry_function_may_be_defined_any_top_level_way(tmp_path: Path, source: str) -> None:
    # GIVEN a module that defines `handler` at top level, WHEN it is a route's entry
    (tmp_path / "app.py").write_text(source + "\n")
    stack = new_stack()
    # THEN the API is built (the module is parsed, never imported), Lambda calling app.handler
    api = ServerlessApi(stack, "Api", routes={"GET /a": Handler(code=tmp_path)}, auth=ApiAuth.iam())
    assert _handler_of(api) == "app.handler"


def _handler_of(api: ServerlessApi) -> str:
    """The handler setting (``module.function``) of the API's one function."""
    (function,) = api.functions.values()
    handler: str = cdk.Stack.of(api).resolve(function.node.default_child.handler)
    return handler


@pytest.mark.parametrize(
    "rebinding",
    [
        "from impl import handler",
        "from impl import main as handler",
        "import handler",
        "handler, raw = adapt(handler), handler",
        "for handler in [adapt(handler)]:\n    pass",
        "if (handler := adapt(handler)):\n    pass",
        "with wrapped(handler) as handler:\n    pass",
        "def setup():\n    global handler\n    handler = adapt(handler)",
    ],
)
def test_a_def_bound_again_by_any_statement_is_not_what_lambda_calls(
    tmp_path: Path, rebinding: str
) -> None:
    # Proves (sweep27): `def handler(event)` then `from impl import handler` (or a tuple
    # unpacking, a for/with target, a walrus, a `global`) was refused, though Lambda calls
    # the later binding, not the def
    # GIVEN a module whose def the later statement binds again
    (tmp_path / "app.py").write_text(f"def handler(event): ...\n{rebinding}\n")
    # THEN the API is built, Lambda calling app.handler
    api = ServerlessApi(
        new_stack(), "Api", routes={"GET /a": Handler(code=tmp_path)}, auth=ApiAuth.iam()
    )
    assert _handler_of(api) == "app.handler"


def test_a_method_of_the_same_name_does_not_hide_the_def(tmp_path: Path) -> None:
    # Proves (sweep27): a class's own `handler` method binds no module-level name
    # GIVEN a module whose top-level def takes one argument and a class's method its name
    (tmp_path / "app.py").write_text(
        "def handler(event): ...\nclass Service:\n    def handler(self, e, c): ...\n"
        "    rows = [handler for handler in ()]\n"
    )
    # THEN the def is still refused
    assert_rule(
        lambda: ServerlessApi(
            new_stack(), "Api", routes={"GET /a": Handler(code=tmp_path)}, auth=ApiAuth.iam()
        ),
        {},
        r"names def handler\(event\) in .*app.py; Lambda calls it",
    )


@pytest.mark.parametrize(
    ("source", "bound_to"),
    [
        ("handler = 3", r"an int \(handler = 3\)"),
        ("handler = 'x'", r"a str \(handler = 'x'\)"),
        ("handler = None", r"None \(handler = None\)"),
        ("handler = [1, 2]", r"a list \(handler = \[1, 2\]\)"),
        ("handler: dict[str, int] = {}", r"a dict \(handler = \{\}\)"),
        ("handler = f'{__name__}'", r"a str \(handler = f'\{__name__\}'\)"),
        ("handler = None\nhandler = (1, 2)", r"a tuple \(handler = \(1, 2\)\)"),
        (
            "class Service:\n    def run(self, event, context): ...\nhandler = Service()",
            r"an instance of class Service, which defines no __call__ \(handler = Service\(\)\)",
        ),
    ],
)
def test_an_entry_bound_to_a_value_that_is_not_callable_is_refused(
    tmp_path: Path, source: str, bound_to: str
) -> None:
    # Proves (fix29): `handler = 3` (a str, None, a list, an instance of a plain class)
    # synthesized, and Lambda failed every invocation calling it
    # GIVEN a module binding the entry's name only to a value no call can be made on
    (tmp_path / "app.py").write_text(source + "\n")
    # THEN the route names the binding as written and the def to write
    assert_rule(
        lambda: ServerlessApi(
            new_stack(), "Api", routes={"GET /a": Handler(code=tmp_path)}, auth=ApiAuth.iam()
        ),
        {},
        rf"`routes\['GET /a'\].entry` names 'handler', which .*app.py binds to {bound_to}, "
        r"not a function; Lambda calls handler\(event, context\).*TypeError\. Fix: define "
        r"def handler\(event, context\) in .*app.py, or point the function part of entry",
    )


@pytest.mark.parametrize(
    "source",
    [
        # what may be callable: an import, a call's or a decorator's result, a lambda
        "from impl import handler",
        "import impl\nhandler = impl.main",
        "handler = Logger().inject_lambda_context(main)",
        "handler = make_handler()",
        "handler = Mangum(app)",
        "handler = lambda event, context: None",
        "@wrap\ndef handler(event, context): ...",
        # a class whose instances are callable, or may be
        "class Service:\n    def __call__(self, event, context): ...\nhandler = Service()",
        "class Service(Base):\n    pass\nhandler = Service()",
        "@dataclass\nclass Service:\n    pass\nhandler = Service()",
        "class Service:\n    pass\nService.__call__ = run\nhandler = Service()",
        "class Service:\n    def __new__(cls): return run\nhandler = Service()",
        "class handler:\n    def __init__(self, event, context): ...",
        # a literal first, the function later or elsewhere
        "handler = None\ndef handler(event, context): ...",
        "handler = None\nif ready:\n    handler = main",
        "try:\n    from impl import handler\nexcept ImportError:\n    handler = None",
        "handler = None\ndef setup():\n    global handler\n    handler = main",
        "handler = None\nfrom impl import *",
        "handler = None\nglobals()['handler'] = main",
        "handler = None\nhandler += main",
        # Proves (sweep30): the module's attribute set through sys.modules (or the module
        # importing itself) was refused as `handler = None`; Lambda calls main
        "import sys\nhandler = None\nsys.modules[__name__].handler = main",
        "import app\nhandler = None\napp.handler = main",
    ],
)
def test_an_entry_that_may_be_callable_is_not_refused(tmp_path: Path, source: str) -> None:
    # Proves (fix29): only a name bound to nothing but a non-callable value is refused
    # GIVEN a module whose entry name may be bound to something callable
    (tmp_path / "app.py").write_text(source + "\n")
    # THEN the API is built, Lambda calling app.handler
    api = ServerlessApi(
        new_stack(), "Api", routes={"GET /a": Handler(code=tmp_path)}, auth=ApiAuth.iam()
    )
    assert _handler_of(api) == "app.handler"


def test_queue_worker_reserves_queue_url_and_allows_long_timeouts() -> None:
    def worker(**options: Any) -> QueueWorker:
        return QueueWorker(new_stack(), "Worker", handler=echo_handler(**options))

    assert_rule(
        worker, {"environment": {"QUEUE_URL": "x"}}, r"sets 'QUEUE_URL', which the construct"
    )
    worker(timeout=cdk.Duration.minutes(5))  # the 29 s limit is API Gateway's only


def test_endpoints_inside_a_network_are_accepted() -> None:
    stack = new_stack()
    network = Network(stack, "Network")
    QueueWorker(stack, "Worker", handler=Handler(code=ECHO, endpoints=("sqs",)), network=network)
    # THEN the network has SQS's interface endpoint (beside the X-Ray one traces need)
    assert set(network.interface_endpoints) == {"sqs", "xray"}
    service = stack.resolve(network.interface_endpoints["sqs"].node.default_child.service_name)
    assert "sqs" in json.dumps(service)


def test_endpoints_as_a_list_are_the_tuple_s_equal() -> None:
    # endpoints was typed tuple[str, ...], so the README's "a Python list"
    # (endpoints=["sqs"]) failed mypy and pyright (user trial; test_user_type_check.py
    # proves the type): here the list is what the tuple is at synth
    # GIVEN routes whose Handlers list the same endpoints as a list and as a tuple
    stack = new_stack()
    network = Network(stack, "Network")
    api = ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": Handler(code=ECHO, endpoints=["sqs", "sns"]),
            "GET /b": Handler(code=ECHO, endpoints=("sns", "sqs")),
        },
        auth=ApiAuth.iam(),
        network=network,
    )
    # THEN they are one function, with both interface endpoints
    assert api.functions["GET /a"] is api.functions["GET /b"]
    assert {"sqs", "sns"} <= set(network.interface_endpoints)


@pytest.mark.parametrize(
    ("handler", "needs"),
    [
        (echo_handler(), "its code"),
        (Handler.from_image(ECHO.parent.parent / "images" / "echo"), "its image"),
    ],
    ids=["code", "image"],
)
def test_a_stack_that_cannot_deploy_assets_is_named_with_the_fix(
    handler: Handler, needs: str
) -> None:
    # Proves (fuzz): a function in a stack (or a nested stack of one) with a
    # BootstraplessSynthesizer raised aws-cdk-lib's bare jsii trace "Cannot add assets to a
    # Stack that uses the BootstraplessSynthesizer".
    stack = new_stack(synthesizer=cdk.BootstraplessSynthesizer())
    for scope in (stack, cdk.NestedStack(stack, "Nested")):
        with pytest.raises(
            ConstructError,
            match=rf"Worker/Handler: `handler` needs {needs}, a file asset, and the stack uses a "
            r"BootstraplessSynthesizer.*Fix: give the stack synthesizer=cdk.DefaultStack",
        ):
            QueueWorker(scope, "Worker", handler=handler)


@pytest.mark.parametrize("module", ["json", "logging.handlers", "queue"])
def test_an_entry_module_named_like_the_standard_librarys_is_refused(
    tmp_path: Path, module: str
) -> None:
    # Proves (user trial): Handler(code=..., entry="json.handler") with the code's json.py
    # synthesized; Lambda's runtime has the standard library's json imported already, so
    # the handler is never found (or the code's module hides the standard library's).
    module_file = tmp_path.joinpath(*module.split(".")).with_suffix(".py")
    module_file.parent.mkdir(parents=True, exist_ok=True)
    module_file.write_text("def handler(event, context):\n    return {}\n")
    top = module.split(".")[0]
    assert_rule(
        lambda: QueueWorker(
            new_stack(), "W", handler=Handler(code=tmp_path, entry=f"{module}.handler")
        ),
        {},
        rf"`handler.entry` names module '{module}', but '{top}' is a module of Python's "
        rf"standard library: .* Fix: rename {top}.py \(or the package {top}/\)",
    )


def test_a_relative_code_path_from_another_directory_names_it_and_a_path_from_the_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (trial30): a pipeline's synth step running `cdk synth` in another directory
    # than the app's got "which is not a directory. Fix: ... (relative to where cdk runs)",
    # naming neither that directory nor a path that works wherever it runs
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=Handler(code="handlers/orders"))
    message = str(raised.value)
    assert (
        f"`handler.code` is 'handlers/orders', which is not a directory (relative paths are "
        f"resolved from {tmp_path})" in message
    )
    assert "Fix: pass the directory holding the handler module; a path built from the " in message
    assert "Path(__file__).parent / 'handlers' / 'items'" in message
    assert "the directory of that name from here" not in message  # there is none


def test_a_code_path_written_from_the_stacks_module_names_the_directory_from_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (novice43): code='../handlers/todos', written from the stack's module in the
    # app's package (cdk init's layout), was told to build the path from the module, not
    # that 'handlers/todos' is the directory from where cdk synth runs
    (tmp_path / "handlers" / "todos").mkdir(parents=True)
    (tmp_path / "handlers" / "todos" / "app.py").write_text("def handler(e, c): pass\n")
    (tmp_path / "site").write_text("a file, not a directory\n")
    monkeypatch.chdir(tmp_path)
    for code, near in (
        ("../handlers/todos", "handlers/todos"),
        ("app/handlers/todos", "handlers/todos"),  # written from the repository's root
        ("x/site", None),  # a file of that name is no directory
        ("../other/todos", None),  # no tail of it is a directory here
        ("../../handlers/todos", "handlers/todos"),
    ):
        with pytest.raises(ConstructError) as raised:
            QueueWorker(new_stack(), "Worker", handler=Handler(code=code))
        message = str(raised.value)
        assert f"`handler.code` is {code!r}, which is not a directory" in message
        if near is None:
            assert "from here" not in message, code
        else:
            assert (
                f"Fix: pass {near!r}, the directory of that name from here (the path reads as "
                "if written from another directory); or, a path built from the module"
            ) in message
