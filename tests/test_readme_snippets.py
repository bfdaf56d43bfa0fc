"""The docs' ```python blocks are the contract users copy: every one runs.

Each block of README.md, CONTRIBUTING.md and CHANGELOG.md is one test, named by its section
heading and its index in that section. What a block is comes from an HTML comment on the
line right before its fence (none: ``stack``):

- ``stack`` (the default): code inside a Stack's ``__init__``. It runs in a fresh
  ``cdk.App`` (cdk.json's context) with a ``cdk.Stack`` bound to ``self``, from a temporary
  directory holding a minimal module for every ``Handler(code=..., entry=...)`` and an
  ``index.html`` for every ``StaticSite(source=...)`` it names; the app is synthesized
  under cdk-nag (AwsSolutions + Serverless) and must have zero findings. A snippet that
  only configures Handlers (builds nothing) gets each one built in a QueueWorker.
- ``<!-- snippet: app -->``: a whole ``app.py``; runs as is (its own ``cdk.App()``, so an
  empty context) and its synth must pass cdk-nag with zero findings.
- ``<!-- snippet: handler -->``: Lambda handler code; its ``handler`` gets an SQS batch of
  one S3 notification (and a Lambda context) and must report no failure.
- ``<!-- snippet: test -->``: a user's pytest module; each ``test_*`` function is called
  with stand-ins for its fixtures (none in a module of handler tests).
- ``<!-- snippet: skip (reason) -->``: not user code (a library-internal sketch, a partial
  signature); reported as a skipped test with the reason, never silently.

A block imports what it uses; the only names it may assume are the user's own objects in
``USER_NAMES`` below (a bucket, a table, an API, the user's stack class, ...). Any other
free name fails the test: import it in the snippet, or add it here if users would have it.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import json
import re
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy

from constructs_lib import ApiAuth, Handler, QueueWorker, ServerlessApi, acknowledge
from constructs_lib.testing import MissingBaselineError
from tests.event_source import LambdaContext
from tests.support import CDK_CONTEXT, ECHO, ROOT, nag_findings

DOCS = ("README.md", "CONTRIBUTING.md", "CHANGELOG.md")
KINDS = frozenset({"stack", "app", "handler", "test", "skip"})
MARKER = re.compile(r"^\s*<!--\s*snippet:\s*(?P<kind>\w+)\s*(?:\((?P<reason>.*)\))?\s*-->\s*$")
FENCE = re.compile(r"^\s*```(?P<lang>\S*)\s*$")
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*$")


@dataclass(frozen=True)
class Snippet:
    doc: str
    line: int  # of the opening fence, 1-based
    heading: str
    index: int  # 1-based, among the python blocks of its section
    kind: str
    reason: str | None
    code: str

    @property
    def id(self) -> str:
        doc = Path(self.doc).stem
        return f"{doc}:{self.heading}#{self.index}".replace(" ", "_")


def extract(doc: str, text: str) -> Iterator[Snippet]:
    """Every ```python block of ``text`` with its section, index and marker."""
    lines = text.splitlines()
    heading, counts, i = "top", dict[str, int](), 0
    while i < len(lines):
        fence = FENCE.match(lines[i])
        if fence is None:
            if match := HEADING.match(lines[i]):
                heading = match["title"]
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if FENCE.match(lines[j]))
        marker = MARKER.match(lines[i - 1]) if i else None
        if fence["lang"] == "python":
            counts[heading] = counts.get(heading, 0) + 1
            yield Snippet(
                doc,
                i + 1,
                heading,
                counts[heading],
                marker["kind"] if marker else "stack",
                marker["reason"] if marker else None,
                textwrap.dedent("\n".join(lines[i + 1 : end])),
            )
        i = end + 1


SNIPPETS = [s for doc in DOCS for s in extract(doc, (ROOT / doc).read_text())]


def test_the_docs_have_snippets_and_valid_markers() -> None:
    assert len([s for s in SNIPPETS if s.doc == "README.md" and s.kind != "skip"]) >= 10
    for doc in DOCS:  # a marker not right before a ```python fence would be ignored
        lines = (ROOT / doc).read_text().splitlines()
        for n, line in enumerate(lines[:-1]):
            fence = FENCE.match(lines[n + 1])
            if MARKER.match(line):
                assert fence and fence["lang"] == "python", f"{doc}:{n + 1}: stray marker"
    for s in SNIPPETS:
        assert s.kind in KINDS, f"{s.doc}:{s.line}: unknown snippet kind {s.kind!r}"
        assert s.kind != "skip" or s.reason, f"{s.doc}:{s.line}: a skip needs its (reason)"


# --- the names snippets may assume: the user's own objects --------------------------------


def _bucket(stack: cdk.Stack) -> s3.Bucket:
    secure: dict[str, Any] = {
        "block_public_access": s3.BlockPublicAccess.BLOCK_ALL,
        "enforce_ssl": True,
        "encryption": s3.BucketEncryption.S3_MANAGED,
    }
    logs = s3.Bucket(stack, "UserAccessLogs", **secure)
    acknowledge(logs, "AwsSolutions-S1", reason="The access log bucket logs nowhere itself.")
    return s3.Bucket(stack, "UserBucket", server_access_logs_bucket=logs, **secure)


def _table(stack: cdk.Stack) -> dynamodb.Table:
    return dynamodb.Table(
        stack,
        "UserTable",
        partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING),
        billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
        point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
            point_in_time_recovery_enabled=True
        ),
    )


def _api(stack: cdk.Stack) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "UserApi",
        routes={"GET /items": Handler(code=ECHO, entry="app.handler")},
        auth=ApiAuth.jwt("https://issuer.example.com/", ["user-api"]),
    )


class MyStack(cdk.Stack):
    """The user's stack in the app.py and test snippets: one of the library's constructs."""

    def __init__(self, scope: cdk.App, id: str) -> None:
        super().__init__(scope, id)
        QueueWorker(self, "Worker", handler=Handler(code=ECHO, entry="app.handler"))


class Recorder:
    """A callable that records its arguments (``store(item)``, ``summarise(obj)``)."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any) -> None:
        self.calls.append(args)


class SnapshotStandIn:
    """syrupy's ``snapshot`` fixture for a test snippet: equal to anything, keeps it."""

    value: Any = None

    def __eq__(self, other: object) -> bool:
        self.value = other
        return True

    def use_extension(self, extension: type) -> SnapshotStandIn:
        """syrupy's ``snapshot.use_extension(JSONSnapshotExtension)``: the same stand-in."""
        return self

    __hash__ = None  # type: ignore[assignment]


#: name -> what it builds from the snippet's stack. Documented: a snippet may use these
#: without defining them, as users have them in their own code.
USER_NAMES: dict[str, Callable[[cdk.Stack], Any]] = {
    "bucket": _bucket,  # an s3.Bucket of the user's (cdk-nag clean)
    "table": _table,  # a dynamodb.Table of the user's
    "api": _api,  # a ServerlessApi defined earlier in the stack
    "MyStack": lambda _stack: MyStack,  # the user's Stack class (app.py, tests)
    # a test snippet's module, in the user's tests/unit/ as `cdk init` lays it out (the
    # working directory is the app's)
    "__file__": lambda _stack: str(Path.cwd() / "tests" / "unit" / "test_my_stack.py"),
    "store": lambda _stack: Recorder(),  # handler snippets' own functions
    "summarise": lambda _stack: Recorder(),
}


def free_names(code: str) -> set[str]:
    """Names ``code`` reads but never binds (imports, assignments, defs, arguments,
    ``except ... as`` names)."""
    tree = ast.parse(code)
    loaded, bound = set[str](), set[str]()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:  # except E as error
            bound.add(node.name)
    return loaded - bound - set(dir(builtins))


def namespace(snippet: Snippet, stack: cdk.Stack) -> dict[str, Any]:
    """The snippet's assumed names: ``self`` (stack snippets) and the ``USER_NAMES`` it uses."""
    names = free_names(snippet.code) - ({"self"} if snippet.kind == "stack" else set())
    unknown = names - USER_NAMES.keys()
    assert not unknown, (
        f"{snippet.doc}:{snippet.line}: the snippet uses {sorted(unknown)} without importing "
        "or defining them: import them in the snippet (or, if users have them, add to "
        "USER_NAMES in tests/test_readme_snippets.py)"
    )
    ns = {name: USER_NAMES[name](stack) for name in sorted(names)}
    return {"self": stack, **ns} if snippet.kind == "stack" else ns


# --- the files a snippet names --------------------------------------------------------------


def _string_kwargs(code: str, call: str) -> Iterator[dict[str, str]]:
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == call:
            yield {
                kw.arg: kw.value.value
                for kw in node.keywords
                if kw.arg and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str)
            }


def write_project_files(code: str, root: Path) -> None:
    """A module defining each ``Handler(code=, entry=)`` function, a package (or a
    ``.py`` module) for each path of its ``include=[...]``, a Dockerfile in each
    ``Handler.from_image(directory)``, an ``index.html`` in each ``StaticSite(source=)``
    directory, and the repository's ``cdk.json`` when the code reads one."""
    for kwargs in _string_kwargs(code, "Handler"):
        module, function = kwargs["entry"].rsplit(".", 1)
        path = root / kwargs["code"] / f"{module.replace('.', '/')}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as file:
            file.write(f"\ndef {function}(event, context):\n    return None\n")
    for node in ast.walk(ast.parse(code)):  # Handler(include=["libs/common/common"])
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Handler":
            for keyword in (k for k in node.keywords if k.arg == "include"):
                for item in getattr(keyword.value, "elts", []):
                    shared = root / str(item.value)
                    module = shared if shared.suffix == ".py" else shared / "__init__.py"
                    module.parent.mkdir(parents=True, exist_ok=True)
                    module.write_text("")
    for node in ast.walk(ast.parse(code)):  # Handler.from_image("dir", ...): a Dockerfile
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", None) == "from_image"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            image = root / str(node.args[0].value)
            image.mkdir(parents=True, exist_ok=True)
            (image / "Dockerfile").write_text("FROM amazon/aws-lambda-python:3.14\n")
    if "cdk.json" in code:  # a user's project has one (the test snippet reads its context)
        (root / "cdk.json").write_text((ROOT / "cdk.json").read_text())
    for kwargs in _string_kwargs(code, "StaticSite"):
        site = root / kwargs["source"]
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text("<!doctype html><title>site</title>\n")


def run_from(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Makes ``directory`` the working directory of Python *and* of CDK's assets.

    aws-cdk-lib runs in a Node.js process started once per session (in the directory
    pytest started in), which resolves a relative asset path against its own working
    directory; ``cdk synth`` runs both in the app's directory. So relative asset paths are
    made absolute in Python before they cross to Node.js.
    """
    monkeypatch.chdir(directory)
    for owner, name in (
        (lambda_.Code, "from_asset"),
        (lambda_.Code, "from_asset_image"),
        (s3deploy.Source, "asset"),
    ):
        original = getattr(owner, name)

        def absolute(path: str, *args: Any, _original: Any = original, **kwargs: Any) -> Any:
            return _original(str(Path(path).absolute()), *args, **kwargs)

        monkeypatch.setattr(owner, name, staticmethod(absolute))


# --- running one snippet, by kind -------------------------------------------------------


def run_stack(snippet: Snippet, tmp_path: Path) -> None:
    outdir = tmp_path / "cdk.out"
    app = cdk.App(outdir=str(outdir), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Snippet")
    ns = namespace(snippet, stack)
    exec(compile(snippet.code, snippet.id, "exec"), ns)
    if not stack.node.children:  # a snippet that only configures Handlers: build each one
        handlers = {name: v for name, v in ns.items() if isinstance(v, Handler)}
        assert handlers, "the snippet builds nothing"
        for name, handler in handlers.items():
            QueueWorker(stack, f"Uses_{name}", handler=handler)
    assert nag_findings(app, outdir) == set()


def run_app(snippet: Snippet, tmp_path: Path) -> None:
    ns = namespace(snippet, cdk.Stack())
    exec(compile(snippet.code, snippet.id, "exec"), ns)  # app.synth() raises on a finding
    report = json.loads((Path(ns["app"].outdir) / "validation-report.json").read_text())
    assert [v for plugin in report["pluginReports"] for v in plugin["violations"]] == []


def _s3_notification_batch() -> dict[str, Any]:
    s3_event = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "bucket": {"name": "uploads"},
                    "object": {"key": "incoming/a+b.csv", "size": 3, "versionId": "v1"},
                },
            }
        ]
    }
    return {"Records": [{"messageId": "m-1", "body": json.dumps(s3_event)}]}


def run_handler(snippet: Snippet, tmp_path: Path) -> None:
    ns = namespace(snippet, cdk.Stack())
    exec(compile(snippet.code, snippet.id, "exec"), ns)
    assert ns["handler"](_s3_notification_batch(), LambdaContext()) == {"batchItemFailures": []}
    recorders = [v for v in ns.values() if isinstance(v, Recorder)]
    assert recorders and all(len(r.calls) == 1 for r in recorders)


def run_test(snippet: Snippet, tmp_path: Path) -> None:
    """Calls each ``test_*`` in order (in a module without snapshot tests, as they are,
    such as tests of handler code): a snapshot test with the ``snapshot`` stand-in; a
    test without fixtures (the stateful guard) first as on a project's first run, before
    any snapshot file exists, where it must fail naming the file and the command that
    writes it, then again once the file holds the last snapshot (as syrupy writes it)."""
    ns = namespace(snippet, cdk.Stack())
    exec(compile(snippet.code, snippet.id, "exec"), ns)
    tests = [v for k, v in ns.items() if k.startswith("test_") and callable(v)]
    assert tests, "a test snippet defines no test_* function"
    if not any("snapshot" in inspect.signature(test).parameters for test in tests):
        for test in tests:  # handler code's tests: plain functions, no stack
            test()
        return
    written: Any = None
    for test in tests:
        if "snapshot" not in inspect.signature(test).parameters:
            with pytest.raises(MissingBaselineError, match="run `pytest --snapshot-update`"):
                test()
            assert written is not None, "a guard without a snapshot test before it"
            missing = ns["SNAPSHOTS"] / "test_template.json"
            missing.parent.mkdir(parents=True, exist_ok=True)
            missing.write_text(json.dumps(written))  # what --snapshot-update writes
            test()
            continue
        snapshot = SnapshotStandIn()
        test(snapshot=snapshot)
        assert isinstance(snapshot.value, dict) and snapshot.value["Resources"]
        written = snapshot.value


RUNNERS: dict[str, Callable[[Snippet, Path], None]] = {
    "stack": run_stack,
    "app": run_app,
    "handler": run_handler,
    "test": run_test,
}


@pytest.mark.parametrize(
    "snippet",
    [
        pytest.param(
            s,
            id=s.id,
            marks=[pytest.mark.skip(reason=f"{s.doc}:{s.line}: {s.reason}")]
            if s.kind == "skip"
            else [],
        )
        for s in SNIPPETS
    ],
)
def test_snippet_runs(snippet: Snippet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_project_files(snippet.code, tmp_path)
    run_from(tmp_path, monkeypatch)
    RUNNERS[snippet.kind](snippet, tmp_path)
