"""Handler.from_image: a container-image function (built from a Dockerfile when cdk deploy
publishes the assets; synth needs no Docker) with the same defaults as a zip function."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from constructs_lib import Deployment, FunctionDefaults, Handler, Link, QueueWorker
from tests.support import (
    CDK_CONTEXT,
    ECHO,
    RuleCase,
    assert_every_problem,
    assert_rule,
    cfn_lint,
    nag_findings,
    new_stack,
    rule_cases,
)

IMAGE = Path(__file__).parent / "fixtures" / "images" / "echo"


def _synth(tmp_path: Path, **handler: Any) -> tuple[cdk.App, dict[str, Any], dict[str, Any]]:
    """A worker on an image function, synthesized into ``tmp_path``: the app, its template,
    its asset manifest."""
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    QueueWorker(stack, "Worker", handler=Handler.from_image(IMAGE, **handler), alarms=True)
    app.synth()
    template = json.loads((tmp_path / "Test.template.json").read_text())
    assets = json.loads((tmp_path / "Test.assets.json").read_text())
    return app, template, assets


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("image")


@pytest.fixture(scope="module")
def synthesized(outdir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    # GIVEN a worker whose handler is the fixture image, its command given
    # WHEN the app is synthesized (no Docker engine here: images build at publish time)
    _, template, assets = _synth(outdir, cmd=["app.handler"])
    return template, assets


def _function(template: dict[str, Any]) -> dict[str, Any]:
    (function,) = Template.from_json(template).find_resources("AWS::Lambda::Function").values()
    return dict(function["Properties"])


def test_the_function_is_an_image_from_the_directory_built_for_arm64(
    synthesized: tuple[dict[str, Any], dict[str, Any]], outdir: Path
) -> None:
    template, assets = synthesized
    properties = _function(template)
    # THEN the function is an image asset, for arm64, with the command
    assert properties["PackageType"] == "Image"
    assert "ImageUri" in properties["Code"]
    assert properties["Architectures"] == ["arm64"]
    assert properties["ImageConfig"] == {"Command": ["app.handler"]}
    # no runtime, handler or layer: the image has them
    assert not {"Runtime", "Handler", "Layers"} & set(properties)
    # AND the image asset is the fixture directory, built for linux/arm64
    (image,) = assets["dockerImages"].values()
    assert image["source"]["platform"] == "linux/arm64"
    staged = outdir / image["source"]["directory"]
    assert sorted(p.name for p in staged.iterdir()) == ["Dockerfile", "app.py"]


def test_an_image_function_keeps_the_library_defaults(
    synthesized: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    template, _ = synthesized
    properties = _function(template)
    # THEN JSON logs into its own log group, X-Ray, explicit memory and timeout
    assert properties["LoggingConfig"]["LogFormat"] == "JSON"
    assert properties["TracingConfig"] == {"Mode": "Active"}
    assert (properties["MemorySize"], properties["Timeout"]) == (256, 10)
    assert_template = Template.from_json(template)
    assert_template.has_resource_properties("AWS::Logs::LogGroup", {"RetentionInDays": 30})
    assert_template.has_resource_properties("AWS::Lambda::Alias", {"Name": "live"})
    (mapping,) = assert_template.find_resources("AWS::Lambda::EventSourceMapping")
    assert mapping.startswith("WorkerHandlerLive")  # the queue invokes the alias
    assert_template.resource_count_is("AWS::CloudWatch::Alarm", 4)


def test_an_image_function_passes_cfn_lint(
    synthesized: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    template, _ = synthesized
    assert cfn_lint(template, regions=["us-east-1"]) == []


def test_x86_64_builds_the_image_for_amd64(tmp_path: Path) -> None:
    _, template, assets = _synth(tmp_path, architecture="x86_64")
    assert _function(template)["Architectures"] == ["x86_64"]
    (image,) = assets["dockerImages"].values()
    assert image["source"]["platform"] == "linux/amd64"
    # without cmd the Dockerfile's CMD runs
    assert "ImageConfig" not in _function(template)


def test_files_only_a_developers_machine_has_leave_the_image_unchanged(tmp_path: Path) -> None:
    # Proves (trial29ci): a __pycache__ (at any depth), a .pytest_cache or a .DS_Store in the
    # image's directory changed its asset hash, so a developer's synth and CI's clean clone
    # deployed different images (and a new function version).
    def image_hash(directory: Path, *machine_local: str) -> str:
        shutil.copytree(IMAGE, directory)
        for relative in machine_local:
            (directory / relative).parent.mkdir(parents=True, exist_ok=True)
            (directory / relative).write_text("local state")
        app = cdk.App(context=CDK_CONTEXT)
        stack = cdk.Stack(app, "Test")
        QueueWorker(stack, "Worker", handler=Handler.from_image(directory), alarms=False)
        (function,) = Template.from_stack(stack).find_resources("AWS::Lambda::Function").values()
        return json.dumps(function["Properties"]["Code"]["ImageUri"])

    clean = image_hash(tmp_path / "clean")
    local = ("__pycache__/app.cpython-311.pyc", "lib/__pycache__/x.pyc", ".pytest_cache/v/x")
    noisy = image_hash(tmp_path / "noisy", *local, ".DS_Store", ".app.py.swp", "lib/.hypothesis/x")
    assert noisy == clean
    assert clean != image_hash(tmp_path / "changed", "lib/helper.py")  # content still counts


@pytest.mark.parametrize("cmd", [None, []])
def test_no_command_given_runs_the_dockerfiles_cmd(tmp_path: Path, cmd: Any) -> None:
    _, template, _ = _synth(tmp_path, cmd=cmd)
    assert "ImageConfig" not in _function(template)


def test_function_defaults_apply_to_images_except_the_runtime(tmp_path: Path) -> None:
    # GIVEN app defaults with memory and an older runtime (a zip function's choice)
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    FunctionDefaults.of(app).set(memory_mib=1024, runtime="3.13")
    stack = cdk.Stack(app, "Test")
    QueueWorker(stack, "Worker", handler=Handler.from_image(IMAGE))
    # THEN the image gets the memory; the runtime is the image's own
    properties = _function(Template.from_stack(stack).to_json())
    assert properties["MemorySize"] == 1024
    assert "Runtime" not in properties


def test_an_image_function_has_no_cdk_nag_finding_and_deploys_gradually(tmp_path: Path) -> None:
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Test")
    QueueWorker(
        stack,
        "Worker",
        handler=Handler.from_image(IMAGE, deployment=Deployment.canary()),
        alarms=True,
    )
    assert nag_findings(app, tmp_path) == set()
    Template.from_stack(stack).resource_count_is("AWS::CodeDeploy::DeploymentGroup", 1)


def test_equal_image_handlers_share_a_key_and_differ_from_a_zip() -> None:
    assert Handler.from_image(IMAGE).key() == Handler.from_image(str(IMAGE)).key()
    assert Handler.from_image(ECHO).key() != Handler(code=ECHO).key()


def _worker(**props: Any) -> QueueWorker:
    return QueueWorker(cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test"), "Worker", **props)


RULES: list[RuleCase] = [
    (
        "missing directory",
        {"handler": Handler.from_image("no/such/dir")},
        r"`handler.code` is 'no/such/dir', which does not exist.*directory holding the "
        r"Dockerfile",
    ),
    (
        "a file",
        {"handler": Handler.from_image(IMAGE / "Dockerfile")},
        r"`handler.code` is '.*Dockerfile', a file, not a directory.*Handler.from_image\(",
    ),
    (
        "no Dockerfile",
        {"handler": Handler.from_image(ECHO)},
        r"`handler.code` is '.*echo', which has no Dockerfile.*add a Dockerfile",
    ),
    (
        "runtime",
        {"handler": Handler.from_image(IMAGE, runtime="3.13")},
        r"`handler.runtime` is '3.13' on a container image.*Dockerfile's FROM line",
    ),
    (
        "entry",
        {"handler": Handler.from_image(IMAGE, entry="app.other")},
        r"`handler.entry` is 'app.other' on a container image.*pass cmd=",
    ),
    (
        "powertools",
        {"handler": Handler.from_image(IMAGE, powertools=True)},
        r"`handler.powertools` is True on a container image; Lambda layers do not work",
    ),
    (
        "cmd as a string",
        {"handler": Handler.from_image(IMAGE, cmd="app.handler")},
        r"`handler.cmd` is the string 'app.handler', not a list",
    ),
    (
        "cmd on a zip function",
        {"handler": Handler(code=ECHO, cmd=["app.handler"])},
        r"`handler.cmd` is set on a function that is not a container image.*from_image",
    ),
    (
        "image not a bool",
        {"handler": Handler(code=IMAGE, image="yes")},
        r"`handler.image` is 'yes', a str",
    ),
]


def test_from_image_passes_every_setting_on() -> None:
    # from_image took **settings: Any, so type checkers and IDEs knew none of them and a
    # misspelt one passed mypy (user trial; test_user_type_check.py proves the types):
    # each named setting reaches the Handler as Handler(...) takes it
    links = [Link.to(sqs.Queue(new_stack(), "Q"))]
    settings: dict[str, Any] = {
        "memory_mib": 2048,
        "timeout": Duration.minutes(2),
        "environment": {"MODE": "batch"},
        "reserved_concurrency": 3,
        "endpoints": ["sqs"],
        "name": "Thumbs",
        "architecture": "x86_64",
        "log_retention": logs.RetentionDays.ONE_YEAR,
        "deployment": Deployment.linear(),
        "links": links,
    }
    handler = Handler.from_image(IMAGE, cmd=["app.handler"], **settings)
    assert handler == Handler(code=IMAGE, image=True, cmd=["app.handler"], **settings)


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_worker, props, message)


def test_every_image_problem_is_listed_at_once() -> None:
    assert_every_problem(
        _worker,
        {"handler": Handler.from_image(ECHO, cmd=[1], runtime="3.12", powertools=True)},
        "Test/Worker",
        ["handler.code", "handler.cmd", "handler.runtime", "handler.powertools"],
    )


def _image(directory: Path, dockerfile: str) -> Path:
    """``directory`` holding ``dockerfile`` and the handler module it copies."""
    directory.mkdir(exist_ok=True)
    (directory / "Dockerfile").write_text(dockerfile)
    (directory / "app.py").write_text("def handler(event, context): ...\n")
    return directory


@pytest.mark.parametrize(
    ("dockerfile", "settings", "message"),
    [
        (
            'FROM --platform=linux/amd64 public.ecr.aws/lambda/python:3.12\nCMD ["app.h"]\n',
            {},
            r"`handler.architecture` is 'arm64', but .*Dockerfile builds its image FROM "
            r"--platform=linux/amd64: Lambda could not start it.*Fix: remove "
            r"--platform=linux/amd64 from the FROM line.*or pass architecture='x86_64'",
        ),
        (
            'FROM public.ecr.aws/lambda/python:3.12-x86_64\nCMD ["app.h"]\n',
            {},
            r"`handler.architecture` is 'arm64', but .*Dockerfile builds FROM "
            r"public.ecr.aws/lambda/python:3.12-x86_64, the x86_64 base image.*Fix: use the "
            r"base image's arm64 tag",
        ),
        (  # FunctionDefaults' or the Handler's architecture is the one compared
            'FROM amazon/aws-lambda-python:3.13-arm64 AS base\nCMD ["app.h"]\nFROM base\n',
            {"architecture": "x86_64"},
            r"`handler.architecture` is 'x86_64', but .*the arm64 base image",
        ),
        (
            "FROM public.ecr.aws/lambda/python:3.12\nCOPY app.py ${LAMBDA_TASK_ROOT}\n",
            {},
            r"`handler.cmd` is not given and .*Dockerfile has no CMD: the AWS Lambda base "
            r"image \(public.ecr.aws/lambda/python:3.12\) has none.*Fix: add "
            r"CMD \[\"module.function\"\] to the Dockerfile, or pass cmd=",
        ),
        # Proves (sweep27): a file saved with a UTF-8 byte order mark is read too (its
        # first FROM was not seen, so nothing was checked), and a heredoc's CMD line is
        # none of the image's; with `escape=``, the backtick continues a line
        (
            '\ufeffFROM public.ecr.aws/lambda/python:3.12-x86_64\nCMD ["app.h"]\n',
            {},
            r"`handler.architecture` is 'arm64', but .*the x86_64 base image",
        ),
        (
            "FROM public.ecr.aws/lambda/python:3.12\nRUN <<EOF\nCMD is set below\nEOF\n",
            {},
            r"`handler.cmd` is not given and .*Dockerfile has no CMD",
        ),
        (
            '# escape=`\nFROM public.ecr.aws/lambda/python:3.12\nRUN echo `\n  CMD ["a.h"]\n',
            {},
            r"`handler.cmd` is not given and .*Dockerfile has no CMD",
        ),
    ],
)
def test_a_dockerfile_lambda_could_not_run_is_refused(
    tmp_path: Path, dockerfile: str, settings: dict[str, Any], message: str
) -> None:
    # Proves (user trial): an arm64 image function FROM an amd64 platform or the x86_64
    # base image's tag, or FROM the Lambda base image without a CMD or cmd=, synthesized
    # and failed every invocation (exec format error; no handler to call)
    # GIVEN such a Dockerfile, WHEN a worker's image is built from it
    image = _image(tmp_path / "image", dockerfile)
    # THEN the prop at fault and the fix are named
    assert_rule(_worker, {"handler": Handler.from_image(image, **settings)}, message)


@pytest.mark.parametrize(
    ("dockerfile", "settings"),
    [
        ('FROM --platform=linux/arm64 public.ecr.aws/lambda/python:3.12-arm64\nCMD ["a.h"]', {}),
        (
            'FROM --platform=linux/amd64 public.ecr.aws/lambda/python:3.12\nCMD ["a.h"]',
            {"architecture": "x86_64"},
        ),
        # the command from cmd=, from an earlier stage, or the user's own base image
        ("FROM public.ecr.aws/lambda/python:3.12\n", {"cmd": ["app.handler"]}),
        ('FROM amazon/aws-lambda-python:3.13 AS base\nCMD ["a.h"]\nFROM base\nRUN true\n', {}),
        ("FROM registry.example.com/team/lambda-base:1\nCOPY app.py .\n", {}),
        # a builder stage of another platform, a platform or image from a build argument
        (
            "FROM --platform=linux/amd64 python:3.12 AS build\nRUN make\n"
            'FROM public.ecr.aws/lambda/python:3.12\nCMD ["a.h"]\n',
            {},
        ),
        ("ARG P=linux/amd64\nFROM --platform=$P public.ecr.aws/lambda/python:3.12\n", {}),
        ('FROM public.ecr.aws/lambda/python:3.12 \\\n  AS app\n# the handler\nCMD ["a.h"]\n', {}),
        # Proves (review): an OS-only base image runs the bootstrap it copies in, no CMD
        ("FROM public.ecr.aws/lambda/provided:al2023\nCOPY bootstrap ${LAMBDA_RUNTIME_DIR}\n", {}),
        # Proves (sweep27): a heredoc's body is no instruction (its FROM line was read as
        # the final stage), and the `escape` parser directive's character continues a line
        # (a line ending in a backslash took the CMD into it)
        (
            "# syntax=docker/dockerfile:1\nFROM public.ecr.aws/lambda/python:3.12\n"
            "RUN <<-'EOF' cat > /tmp/Dockerfile.test\n"
            "\tFROM --platform=linux/amd64 public.ecr.aws/lambda/python:3.12-x86_64\n"
            '\tEOF\nCMD ["a.h"]\n',
            {},
        ),
        (
            "FROM public.ecr.aws/lambda/python:3.12\nCOPY <<A <<B /var/task/\nfrom x import y\n"
            'A\nFROM scratch\nB\nCMD ["a.h"]\n',
            {},
        ),
        ('# escape=`\nFROM public.ecr.aws/lambda/python:3.12\nENV SHARE=C:\\\nCMD ["a.h"]\n', {}),
    ],
)
def test_a_dockerfile_lambda_can_run_is_accepted(
    tmp_path: Path, dockerfile: str, settings: dict[str, Any]
) -> None:
    # GIVEN a Dockerfile whose final image runs on the function's architecture with a
    # command (or one only the build knows), THEN the worker is built
    image = _image(tmp_path / "image", dockerfile)
    worker = _worker(handler=Handler.from_image(image, **settings))
    # AND the function is an image one of that architecture (and cmd=, when given)
    stack = cdk.Stack.of(worker)
    function = worker.function.node.default_child
    assert stack.resolve(function.package_type) == "Image"
    assert stack.resolve(function.architectures) == [settings.get("architecture", "arm64")]
    if "cmd" in settings:
        assert stack.resolve(function.image_config)["command"] == settings["cmd"]


def test_a_relative_directory_is_read_where_python_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (docs30): after an os.chdir (a test's monkeypatch.chdir) the directory was
    # checked where Python runs but handed to aws-cdk-lib as written, which Node.js
    # resolved against its own working directory: a raw "Cannot find image directory"
    # GIVEN an image directory relative to the working directory Python moved to
    (tmp_path / "images" / "echo").mkdir(parents=True)
    for name in ("Dockerfile", "app.py"):
        (tmp_path / "images" / "echo" / name).write_text((IMAGE / name).read_text())
    monkeypatch.chdir(tmp_path)
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "Test")
    # WHEN a worker runs it
    QueueWorker(stack, "Worker", handler=Handler.from_image("images/echo"))
    # THEN the function is built from it
    Template.from_stack(stack).has_resource_properties(
        "AWS::Lambda::Function", {"PackageType": "Image"}
    )
