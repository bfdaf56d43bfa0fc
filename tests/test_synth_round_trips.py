"""What building a construct asks the jsii kernel (each question a round trip to Node) and
re-does in Python, per function: the questions its functions share are asked once."""

from __future__ import annotations

import ast
import collections
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import Aspects
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import Construct, IConstruct
from jsii._kernel.providers import process

from constructs_lib import (
    ApiAuth,
    ConstructError,
    FunctionDefaults,
    Handler,
    Monitoring,
    QueueWorker,
    ServerlessApi,
    TableOptions,
)
from constructs_lib._bundling import unbundled_imports
from constructs_lib._core import platform_recheck
from constructs_lib._nag_writer import acknowledge
from tests.support import echo_handler, new_app, write_tree

KEY = "constructs_lib:log_encryption_key"
ARN = "arn:aws:kms:{region}:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890a{n}"


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[collections.Counter[str]]:
    """The kernel requests made while the test runs, by kind and name
    (``InvokeRequest tryGetContext``, ``StaticInvokeRequest aws-cdk-lib.Stack.of``)."""
    counted: collections.Counter[str] = collections.Counter()
    send = process._NodeProcess.send

    def counting(self: Any, request: Any, response_type: Any) -> Any:
        names = (getattr(request, a, None) for a in ("fqn", "method", "property"))
        name = ".".join(n for n in names if isinstance(n, str))
        counted[f"{type(request).__name__} {name}"] += 1
        return send(self, request, response_type)

    monkeypatch.setattr(process._NodeProcess, "send", counting)
    yield counted


def _api(routes: int) -> None:
    stack = cdk.Stack(new_app(), "Test")
    ServerlessApi(
        stack,
        "Api",
        routes={
            f"GET /r{n}": echo_handler(
                entry="app.handler", name=f"Route{n}", memory_mib=256 + 64 * n
            )
            for n in range(routes)
        },
        auth=ApiAuth.none(reason="a test's public API"),
    )


@pytest.mark.parametrize(
    "question",
    [
        "InvokeRequest tryGetContext",  # log encryption key, bundling platform (twice)
        "StaticInvokeRequest aws-cdk-lib.Stack.of",
        "GetRequest root",  # the app, the key of registries by app
        "InvokeRequest toMilliseconds",  # the default timeout, checked against the quota
    ],
)
def test_a_functions_question_of_its_scope_is_asked_once_for_all_its_functions(
    requests: collections.Counter[str], question: str
) -> None:
    # Proves (perf46): each route's function asked the kernel its scope's context (3x),
    # stack and app, and the seconds of a new default timeout: some 10 round trips more
    # per function than the same resources written by hand.
    _api(1)  # the modules loaded, the process's caches of Python values filled
    requests.clear()
    _api(1)
    one = requests[question]
    requests.clear()
    _api(4)
    assert requests[question] == one


def test_each_scope_answers_the_context_set_on_it(tmp_path: Path) -> None:
    # Proves (perf46): the context a function reads through its construct's scope is that
    # scope's own (set on a user's construct between the stack and the API), per scope:
    # two tenants' keys never mix.
    app = new_app()
    stack = cdk.Stack(app, "Test", env=cdk.Environment(account="111111111111", region="eu-west-1"))
    for n, tenant in enumerate(("A", "B")):
        scope = Construct(stack, tenant)
        scope.node.set_context(KEY, ARN.format(region="eu-west-1", n=n))
        ServerlessApi(
            scope,
            "Api",
            routes={"GET /a": echo_handler(entry="app.handler")},
            auth=ApiAuth.none(reason="a test's public API"),
        )
    ServerlessApi(  # the stack's own: no key
        stack,
        "Plain",
        routes={"GET /a": echo_handler(entry="app.handler")},
        auth=ApiAuth.none(reason="a test's public API"),
    )
    groups = Template.from_stack(stack).find_resources("AWS::Logs::LogGroup")
    assert {name[0] for name in groups} == {"A", "B", "P"}
    for name, group in groups.items():
        tenant = {"A": 0, "B": 1}.get(name[0])
        expected = None if tenant is None else ARN.format(region="eu-west-1", n=tenant)
        assert group["Properties"].get("KmsKeyId") == expected, name


def test_one_content_is_parsed_once_for_every_function_that_imports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (perf46): the unbundled-import scan parsed every module a function reaches
    # once per function: the five routes of the demo's API, sharing one code directory,
    # parsed its modules five times (most of the library's Python time at synth).
    code = write_tree(
        tmp_path / "code",
        {"app.py": "import common\nimport json\n", "common.py": "import yaml_missing\n"},
    )
    parsed: list[bytes] = []
    parse = ast.parse

    def counting(source: Any, *args: Any, **kwargs: Any) -> ast.Module:
        parsed.append(source)
        return parse(source, *args, **kwargs)

    monkeypatch.setattr(unbundled_imports.ast, "parse", counting)
    first = unbundled_imports.reached_imports(code, "app")
    second = unbundled_imports.reached_imports(code, "app")
    assert (
        first
        == second
        == {
            ("json",): (code / "app.py", 2),
            ("yaml_missing",): (code / "common.py", 1),
        }
    )
    assert len(parsed) == 2


def test_a_module_changed_between_builds_is_read_again(tmp_path: Path) -> None:
    # Proves (perf46, false-positive safety of the parse cache): the cache is by content,
    # not by file, so an edit between two builds in one process (a test's, a watch mode's)
    # is seen.
    code = write_tree(tmp_path / "code", {"app.py": "import first_module\n"})
    assert set(unbundled_imports.reached_imports(code, "app") or {}) == {("first_module",)}
    (code / "app.py").write_text("import json\n\nimport second_module\n")
    assert unbundled_imports.reached_imports(code, "app") == {
        ("json",): (code / "app.py", 1),
        ("second_module",): (code / "app.py", 3),
    }


def test_relative_and_package_imports_resolve_as_before(tmp_path: Path) -> None:
    # Proves (perf46): the cached scan answers a package's relative imports, a "from pkg
    # import mod" and an import above the code directory as the uncached one did.
    code = write_tree(
        tmp_path / "code",
        {
            "app.py": "from pkg import mod\nfrom ..outside import x\n",
            "pkg/__init__.py": "from . import helpers\n",
            "pkg/mod.py": "from .helpers import y\nimport boto3\n",
            "pkg/helpers.py": "import requests\n",
        },
    )
    assert unbundled_imports.reached_imports(code, "app") == {
        ("..outside",): (code / "app.py", 2),
        ("requests",): (code / "pkg" / "helpers.py", 1),
        ("pkg", "helpers", "y"): (code / "pkg" / "mod.py", 1),  # a name, not a module
        ("boto3",): (code / "pkg" / "mod.py", 2),
    }


def _workers(count: int) -> Template:
    stack = cdk.Stack(new_app(), "Test")
    for n in range(count):
        QueueWorker(stack, f"Worker{n}", handler=echo_handler())
    return Template.from_stack(stack)  # the synth runs the re-checks


def _per_worker(requests: collections.Counter[str], question: str) -> float:
    """How many more ``question`` requests a stack's build and synth makes per QueueWorker
    (a stack of three against one, after a first build has loaded every module)."""
    _workers(1)
    requests.clear()
    _workers(1)
    one = requests[question]
    requests.clear()
    _workers(3)
    return (requests[question] - one) / 2


@pytest.mark.parametrize(
    ("question", "per_worker"),
    [
        # speed54: 3 -> 0, the worker's visibility check, its re-checks and its function's
        # run by their stack's one validation (a validation of their own only once failing)
        ("InvokeRequest addValidation", 0),
        # Aspects of the library's other checks; none per function for a public URL
        ("StaticInvokeRequest aws-cdk-lib.Aspects.of", 2),
        # the function's and queue's L1s once, not by each re-check (speed47: 7 -> 5)
        ("GetRequest defaultChild", 5),
        # speed47: 6 -> 4; speed50: 1 (the L1s' and the worker's through their scopes)
        ("StaticInvokeRequest aws-cdk-lib.Stack.of", 1),
        # the kernel's calls into Python (validations, Aspects); speed54: 12 -> 9
        ("_CompleteRequest ", 9),
        # speed53: the paths of what the library made, told from its scope's and its id
        ("GetRequest path", 0),
        # speed53: 3 -> 2, the function's resource acknowledged when made, with no metadata
        # of anyone else's to merge with yet (the alias's and the queue policy's are read)
        ("InvokeRequest getMetadata", 2),
    ],
)
def test_a_workers_synth_rechecks_ask_the_kernel_once_each(
    requests: collections.Counter[str], question: str, per_worker: int
) -> None:
    # Proves (speed46): the re-checks merged on main (mutate46) added some 24 round trips
    # per QueueWorker at build and synth (a 20-worker stack: 2234 -> 3394): a validation
    # per check, an Aspect per function visiting each of its constructs (a call from the
    # kernel each), the function's L1 and stack asked again by each check.
    assert _per_worker(requests, question) == per_worker


def _routes(count: int) -> None:
    stack = cdk.Stack(new_app(), "Test")
    ServerlessApi(
        stack,
        "Api",
        routes={
            f"GET /r{n}": echo_handler(entry="app.handler", name=f"R{n}", memory_mib=256 + 64 * n)
            for n in range(count)
        },
        auth=ApiAuth.none(reason="a test's public API"),
    )
    Template.from_stack(stack)


@pytest.mark.parametrize(
    "question",
    [
        "GetRequest timeout",  # the route timeout re-check's: the Duration FunctionCore gave
        "GetRequest path",  # each function's, its API's and its route maps'
        "InvokeRequest resolve",  # its properties, variables and DependsOn, with the others'
    ],
)
def test_a_route_asks_none_of_what_the_library_gave_it(
    requests: collections.Counter[str], question: str
) -> None:
    # Proves (speed53): each route's function asked the kernel its timeout (a new proxy of
    # the Duration FunctionCore gave it, then whether that is a token), its path and its
    # API's (three times, for the route maps), and resolved its properties, the variables
    # the API set and its DependsOn one round trip each: the TodoApi 322 -> 262 in all.
    _routes(1)
    requests.clear()
    _routes(1)
    one = requests[question]
    requests.clear()
    _routes(3)
    assert requests[question] == one


@pytest.mark.parametrize(
    ("build", "budget"),
    # speed50: 115 -> 104 and 52 -> 48; speed53: 93 and 42; trial53: a worker 95 (whether a
    # property injector is registered on its stack or app: two questions only the kernel
    # can answer, asked once per outermost library construct); speed54: 85 and 39 (the
    # checks at synth of a stack's constructs run by one validation of the stack)
    [(_workers, 85), (_routes, 39)],
)
def test_a_construct_s_build_and_synth_stay_within_their_round_trips(
    requests: collections.Counter[str], build: Any, budget: int
) -> None:
    # Proves (speed50): what each more QueueWorker or route costs in round trips to the
    # jsii kernel, all kinds together (CDK's own calls included), so a new check that asks
    # the kernel again for what the library already knows fails here, not in a user's synth.
    build(1)  # the modules loaded, the process's caches of Python values filled
    requests.clear()
    build(1)
    one = sum(requests.values())
    requests.clear()
    build(3)
    assert (sum(requests.values()) - one) / 2 <= budget


@pytest.mark.parametrize(
    ("question", "per_worker"),
    [
        # the function's, its event source's, the queue's and the dead-letter queue's L1
        ("GetRequest cfnProperties", 4),
        # those four, the variables the worker set, the function's DependsOn: speed53, 6 -> 0,
        # each resolved with the stack's others (the properties and variables its checks
        # read, one round trip; the DependsOn of its functions, one)
        ("InvokeRequest resolve", 0),
        ("GetRequest timeout", 0),  # the visibility check reads the properties read
        ("GetRequest visibilityTimeout", 0),
    ],
)
def test_each_resource_s_properties_are_resolved_once_per_synth_for_all_its_checks(
    requests: collections.Counter[str], question: str, per_worker: int
) -> None:
    # Proves (speed47): each re-check resolved the properties of the L1s it reads: a
    # worker's function twice (concurrency, environment), its event source twice, its
    # queue twice and then once more (retention, FIFO, the visibility check's two reads).
    assert _per_worker(requests, question) == per_worker


def test_a_route_function_s_properties_are_resolved_once_for_its_checks(
    requests: collections.Counter[str],
) -> None:
    # Proves (speed47): the timeout and environment re-checks of each route's function
    # (the demo's TodoApi: five) each resolved its properties.
    api = cdk.Stack(new_app(), "Test")
    ServerlessApi(
        api,
        "Api",
        routes={"GET /a": echo_handler(entry="app.handler")},
        table=TableOptions(partition_key="pk"),  # its name: a variable the API sets
        auth=ApiAuth.none(reason="a test's public API"),
    )
    requests.clear()
    Template.from_stack(api)
    # the function's, once for its timeout, environment and platform checks; the table's,
    # by the Aspect acknowledging the grant of indexes added later (recheck47)
    assert requests["GetRequest cfnProperties"] == 2


_NAME = dynamodb.Attribute(name="name", type=dynamodb.AttributeType.STRING)


def test_an_api_s_table_l1_is_asked_once_for_its_protection_and_its_index_grants(
    requests: collections.Counter[str],
) -> None:
    # Proves (speed53): the Aspect acknowledging the grant of indexes added later found the
    # API's table by its id and asked for its L1 again (the table's deletion protection had
    # read it), and its stack twice more.
    stack = cdk.Stack(new_app(), "Test")
    requests.clear()
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler(entry="app.handler")},
        table=TableOptions(partition_key="pk"),
        auth=ApiAuth.none(reason="a test's public API"),
    )
    assert api.table is not None
    api.table.add_global_secondary_index(index_name="ByName", partition_key=_NAME)
    template = Template.from_stack(stack)
    assert requests["InvokeRequest findChild"] == 0
    # THEN the index added later is acknowledged on the function's policy, as before
    policies = template.find_resources("AWS::IAM::Policy")
    assert [
        entry["id"]
        for policy in policies.values()
        for entry in policy["Metadata"]["cdk_nag"]["rules_to_suppress"]
    ] == ["AwsSolutions-IAM5"]


def _reserved_worker() -> tuple[cdk.App, lambda_.CfnFunction]:
    app = new_app()
    worker = QueueWorker(cdk.Stack(app, "Test"), "Worker", handler=echo_handler())
    function = worker.function.node.default_child
    assert isinstance(function, lambda_.CfnFunction)
    return app, function


def test_a_property_changed_after_a_synth_is_read_again_by_the_next() -> None:
    # Proves (speed47, false-negative safety of the shared reads): what one synth's
    # validation read is not what the next one checks: a reservation set after a synth
    # that passed fails the next (forced) synth of the same app.
    app, function = _reserved_worker()
    app.synth()
    function.reserved_concurrent_executions = -1
    with pytest.raises(RuntimeError, match=r"`reserved_concurrency` is -1 in the template"):
        app.synth(force=True)


def test_a_property_fixed_after_a_failed_synth_synthesizes() -> None:
    # Proves (speed47, false-positive safety of the shared reads): a user who fixes what a
    # synth refused synthesizes the same app again: the refused value is not read twice.
    app, function = _reserved_worker()
    function.reserved_concurrent_executions = -1
    with pytest.raises(RuntimeError, match=r"`reserved_concurrency` is -1 in the template"):
        app.synth()
    function.reserved_concurrent_executions = None
    assert app.synth().get_stack_by_name("Test").template["Resources"]


def test_a_stage_s_synth_reads_again_what_the_app_s_synth_read() -> None:
    # Proves (speed47): a Stage is synthesized apart from its app (its own validation,
    # first in the app's synth, or alone, as Template.from_stack and CDK Pipelines do it):
    # each of its synths reads its resources again.
    app = new_app()
    stage = cdk.Stage(app, "Prod")
    queue = QueueWorker(cdk.Stack(stage, "Test"), "Worker", handler=echo_handler()).queue
    QueueWorker(cdk.Stack(app, "Other"), "Worker", handler=echo_handler())
    cfn_queue = queue.node.default_child
    assert isinstance(cfn_queue, sqs.CfnQueue)
    app.synth()
    cfn_queue.visibility_timeout = 1
    with pytest.raises(RuntimeError, match=r"`visibility_timeout` is 1 seconds in the template"):
        stage.synth(force=True)


def test_a_built_assets_extension_modules_are_listed_once_per_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (speed46): the platform re-check walked a function's bundled directory for
    # extension modules for every function and every synth in the process (a shared asset
    # of pydantic or numpy: thousands of files each time). The library's built asset is
    # named by its inputs and verified against its digest on each use: walked once.
    monkeypatch.setenv("CONSTRUCTS_LIB_CACHE_DIR", str(tmp_path / "cache"))
    code = write_tree(tmp_path / "code", {"app.py": "def handler(event, context):\n    pass\n"})
    (code / "fast.cpython-314-aarch64-linux-gnu.so").write_bytes(b"")
    shared = write_tree(tmp_path / "shared", {"__init__.py": ""})
    walked: list[Path] = []
    walk = platform_recheck._walk

    def counting(root: Path) -> list[str]:
        walked.append(root)
        return walk(root)

    monkeypatch.setattr(platform_recheck, "_walk", counting)
    handler = Handler(code=str(code), entry="app.handler", include=[str(shared)])
    for _ in range(2):  # two synths of two functions of one code
        stack = cdk.Stack(new_app(), "Test")
        for n in range(2):
            QueueWorker(stack, f"Worker{n}", handler=handler)
        Aspects.of(stack).add(_X86())
        with pytest.raises(RuntimeError, match=r"fast\.cpython-314-aarch64-linux-gnu\.so"):
            Template.from_stack(stack)  # found by each function, each synth
    assert len(walked) == 1
    assert walked[0].parent == tmp_path / "cache" / "assets"


def test_code_staged_as_it_is_is_walked_again(tmp_path: Path) -> None:
    # Proves (speed46, false-positive safety of the cache): a user's own directory, staged
    # as it is, may change between two builds in one process: a module added is found.
    code = write_tree(tmp_path / "code", {"app.py": "def handler(event, context):\n    pass\n"})

    def synth() -> None:
        stack = cdk.Stack(new_app(), "Test")
        QueueWorker(stack, "Worker", handler=Handler(code=str(code), entry="app.handler"))
        Aspects.of(stack).add(_X86())
        Template.from_stack(stack)

    synth()  # pure Python: runs on any architecture
    (code / "fast.cpython-314-aarch64-linux-gnu.so").write_bytes(b"")
    with pytest.raises(RuntimeError, match="`architecture` is x86_64 in the template"):
        synth()


@jsii.implements(cdk.IAspect)
class _X86:
    """A platform's Aspect: every function on x86_64."""

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, lambda_.CfnFunction):
            node.architectures = ["x86_64"]


def _alarmed_workers(count: int) -> None:
    stack = cdk.Stack(new_app(), "Test")
    topic = sns.Topic.from_topic_arn(stack, "Alarms", "arn:aws:sns:eu-west-1:111111111111:alarms")
    for n in range(count):
        QueueWorker(stack, f"Worker{n}", handler=echo_handler(), alarm_topic=topic)
    Template.from_stack(stack)


def test_an_alarm_topic_s_arn_is_asked_once_for_every_construct_it_serves(
    requests: collections.Counter[str],
) -> None:
    # Proves (speed47): each construct given the topic read its ARN some 16 times (its
    # environment, its actions, and the stage check naming the import's kind in a fix it
    # built even when there was no problem): 18 reads for one worker, 52 for three.
    _alarmed_workers(1)
    for count in (1, 3):
        requests.clear()
        _alarmed_workers(count)
        assert requests["GetRequest topicArn"] == 1


def test_a_string_prop_s_tokens_are_read_once_for_the_account_and_stage_checks(
    requests: collections.Counter[str],
) -> None:
    # Proves (speed47): the cross-account and the cross-stage walks of a construct's props
    # each asked the kernel for the references of every string holding a token.
    app = new_app()
    env = cdk.Environment(account="111111111111", region="eu-west-1")
    bucket = s3.Bucket(cdk.Stack(app, "Data", env=env), "Bucket")
    handler = echo_handler(environment={"BUCKET": bucket.bucket_name})
    requests.clear()
    QueueWorker(cdk.Stack(app, "Test", env=env), "Worker", handler=handler)
    assert requests["StaticInvokeRequest aws-cdk-lib.Tokenization.reverseString"] == 1


def test_an_import_of_an_arn_format_arn_wrote_resolves_no_token(
    requests: collections.Counter[str],
) -> None:
    # Proves (sweep47): the other-stage check of an import resolved each token of its ARN
    # (cycles47, to find a reference inside an Fn.join), and an env-agnostic stack's
    # format_arn writes three pseudo parameters: five round trips to the jsii kernel each,
    # per import and attribute (the demo's TodoApi 60 more, with no reference across stacks)
    stack = cdk.Stack(new_app(), "Test")
    arn = stack.format_arn(service="sns", resource="alarms")
    Monitoring(stack, alarm_topic=sns.Topic.from_topic_arn(stack, "Alarms", arn))
    QueueWorker(stack, "Worker", handler=echo_handler())
    template = Template.from_stack(stack)
    assert requests["StaticInvokeRequest aws-cdk-lib.Tokenization.resolve"] == 0
    assert requests["StaticInvokeRequest aws-cdk-lib.Tokenization.reverseString"] == 0
    # THEN the alarms notify the topic, as before
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    assert alarms and all(a["Properties"]["AlarmActions"] for a in alarms.values())


def test_an_app_without_function_defaults_asks_nothing_of_its_scopes(
    requests: collections.Counter[str],
) -> None:
    # Proves (speed50): once any app in the process had set FunctionDefaults (a user's test
    # suite builds many apps in one process), every function of every later app asked the
    # kernel for its scope's ancestors, and each log group again at synth.
    FunctionDefaults.of(new_app()).set(memory_mib=512)
    _workers(1)  # the modules loaded
    requests.clear()
    _workers(2)
    assert requests["GetRequest scopes"] == 0


def test_function_defaults_still_reach_the_functions_of_their_own_app() -> None:
    # Proves (speed50, false-negative safety of the skip): the app that set defaults (on
    # the app and on a construct of the user's between the stack and the worker) gets
    # them, an app made after it without any does not.
    app = new_app()
    FunctionDefaults.of(app).set(memory_mib=512)
    plain = cdk.Stack(new_app(), "Plain")
    QueueWorker(plain, "Worker", handler=echo_handler())
    group = Construct(cdk.Stack(app, "Tuned"), "Group")
    FunctionDefaults.of(group).set(timeout=cdk.Duration.seconds(20))
    QueueWorker(group, "Worker", handler=echo_handler())
    expected = {plain: (256, 10), cdk.Stack.of(group): (512, 20)}
    for stack, (memory, timeout) in expected.items():
        functions = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
        assert [
            (f["Properties"]["MemorySize"], f["Properties"]["Timeout"]) for f in functions.values()
        ] == [(memory, timeout)]


@pytest.mark.parametrize(
    "create",
    [lambda stack: Monitoring(stack), lambda stack: Monitoring.of(stack)],
    ids=["Monitoring(stack)", "Monitoring.of(stack)"],
)
def test_a_stack_s_monitoring_is_looked_up_once_when_it_is_created(
    requests: collections.Counter[str], create: Any
) -> None:
    # Proves (speed250): creating a stack's Monitoring asked the kernel for the stack's
    # child "Monitoring" three times (Monitoring.of, __new__, the id check in _set_up), and
    # read the stack's node again for each of its two context keys: 15 round trips (16
    # through Monitoring.of) -> 12; speed53: its path told in Python (its stack's and its
    # id), neither its node nor its path asked -> 10; leftovers53b: its two context keys
    # read from the context its key check reads (two tryGetContext fewer), and whether its
    # stack synthesized asked once (a Monitoring made then is refused) -> 9; code54: the
    # first Monitoring of an app watches its synth root (Stage.of, the app's node, one
    # validation made and added), so that a late call is known whatever the stack's
    # synthesizer -> 13.
    stack = cdk.Stack(new_app(), "Test")
    requests.clear()
    monitoring = create(stack)
    assert requests["InvokeRequest tryFindChild"] == 2  # "Monitoring", "BootstrapVersion"
    assert requests["InvokeRequest tryGetContext"] == 0
    assert requests["GetRequest node"] == 2  # the stack's, its app's (once per app)
    assert sum(requests.values()) == 13
    # THEN it is the stack's, found again by either way without being made twice
    assert Monitoring.of(stack) is monitoring is Monitoring(stack)
    assert stack.node.find_child("Monitoring") is monitoring


@pytest.mark.parametrize(
    "create",
    [lambda stack: Monitoring(stack), lambda stack: Monitoring.of(stack)],
    ids=["Monitoring(stack)", "Monitoring.of(stack)"],
)
def test_a_construct_of_the_user_s_with_monitoring_s_id_is_still_refused(create: Any) -> None:
    # Proves (speed250, false-negative safety of asking once): the id check that asked the
    # kernel again now reads what the first lookup found.
    stack = cdk.Stack(new_app(), "Test")
    Construct(stack, "Monitoring")
    message = (
        "Test: `Monitoring` is taken by a construct that is not Monitoring. Fix: rename "
        "your construct: the library keeps the id 'Monitoring' for the stack's Monitoring"
    )
    with pytest.raises(ConstructError, match=re.escape(message)):
        create(stack)


def test_a_scope_s_acknowledgements_share_one_validations_handle(
    requests: collections.Counter[str],
) -> None:
    # Proves (speed250): each acknowledgement asked aws-cdk-lib for Validations.of(scope), a
    # handle holding nothing but the scope: a policy acknowledged once per link asked it
    # once per link.
    stack = cdk.Stack(new_app(), "Test")
    queue = sqs.Queue(stack, "Queue", enforce_ssl=True)
    resource = queue.node.default_child
    assert isinstance(resource, sqs.CfnQueue)
    requests.clear()
    acknowledge(resource, ("AwsSolutions-SQS3", "the first reason of the test"))
    acknowledge(queue.node.default_child, ("Serverless-SQSRedrivePolicy", "the second reason"))
    assert requests["StaticInvokeRequest aws-cdk-lib.Validations.of"] == 1
    # THEN cdk-nag 3 reads both, in order, on that resource alone
    acknowledged = [
        entry.data
        for entry in resource.node.metadata
        if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY
    ]
    assert [(*entry.items(),) for entry in acknowledged] == [
        (("Annotation::AwsSolutions-SQS3", "the first reason of the test"),),
        (("Annotation::Serverless-SQSRedrivePolicy", "the second reason"),),
    ]
    key = cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY
    assert not [entry for entry in queue.node.metadata if entry.type == key]
