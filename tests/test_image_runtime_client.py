"""Handler.from_image FROM a general-purpose base image without the Lambda runtime
interface client: a warning naming the fix (the client may come in ways not seen)."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Annotations, Match

from constructs_lib import Handler, QueueWorker
from constructs_lib._core.runtime_client import RUNTIME_CLIENT_WARNING
from tests.support import new_stack


def _warnings(tmp_path: Path, dockerfile: str, requirements: str | None = None) -> list[str]:
    """The runtime-client warnings of a worker whose image is built from ``dockerfile``."""
    image = tmp_path / "image"
    image.mkdir(exist_ok=True)
    (image / "Dockerfile").write_text(dockerfile)
    (image / "app.py").write_text("def handler(event, context): ...\n")
    if requirements is not None:
        (image / "requirements.txt").write_text(requirements)
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=Handler.from_image(image, cmd=["app.handler"]))
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    return [str(w.entry.data) for w in found if RUNTIME_CLIENT_WARNING in str(w.entry.data)]


@pytest.mark.parametrize(
    "dockerfile",
    [
        'FROM python:3.12-slim\nCOPY app.py /app/\nCMD ["python", "/app/app.py"]\n',
        "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3\n",
        "FROM alpine:3.20 AS base\nRUN apk add python3\nFROM base\nCOPY app.py /\n",
        "FROM docker.io/library/python:3.13\nRUN pip install boto3\n",
    ],
)
def test_a_general_purpose_base_image_without_the_client_warns(
    tmp_path: Path, dockerfile: str
) -> None:
    # Proves (fix37): these synthesized silently and every invocation failed at run time
    # GIVEN an image FROM an official Docker image, nothing installing the client
    (warning,) = _warnings(tmp_path, dockerfile)
    # THEN the warning names the image and both fixes
    assert "is no AWS Lambda base image and has no Lambda runtime interface client" in warning
    assert "Fix: build FROM public.ecr.aws/lambda/python:<version>" in warning
    assert 'RUN pip install awslambdaric and ENTRYPOINT ["python", "-m", "awslambdaric"]' in warning


@pytest.mark.parametrize(
    ("dockerfile", "requirements"),
    [
        ('FROM public.ecr.aws/lambda/python:3.12\nCMD ["app.handler"]\n', None),
        ("FROM amazon/aws-lambda-python:3.12\n", None),
        (
            "FROM python:3.12-slim\nRUN pip install --no-cache-dir awslambdaric\n"
            'ENTRYPOINT ["/usr/local/bin/python", "-m", "awslambdaric"]\n',
            None,
        ),
        (  # the client from the requirements the Dockerfile installs
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n",
            "boto3\nawslambdaric==3.0.0\n",
        ),
        (  # the runtime interface emulator's wrapper runs the client
            "FROM python:3.12\nADD aws-lambda-rie /usr/local/bin/aws-lambda-rie\n"
            'ENTRYPOINT ["/entry.sh"]\n',
            None,
        ),
        (  # the Lambda Web Adapter extension runs a web app
            "FROM python:3.12-slim\n"
            "COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.8.4 /lambda-adapter "
            "/opt/extensions/lambda-adapter\n",
            None,
        ),
        ("FROM registry.example.com/team/lambda-base:1\nCOPY app.py .\n", None),  # a team's
        ('FROM scratch\nCOPY bootstrap /\nENTRYPOINT ["/bootstrap"]\n', None),  # a binary
        ("ARG BASE=python:3.12\nFROM $BASE\n", None),  # only the build knows
    ],
)
def test_an_image_with_a_client_or_one_it_may_have_does_not_warn(
    tmp_path: Path, dockerfile: str, requirements: str | None
) -> None:
    assert _warnings(tmp_path, dockerfile, requirements) == []


def test_the_warning_can_be_acknowledged(tmp_path: Path) -> None:
    # GIVEN an image whose Go binary runs the client itself, acknowledged on the stack
    image = tmp_path / "image"
    image.mkdir()
    (image / "Dockerfile").write_text('FROM alpine:3.20\nCOPY main /\nENTRYPOINT ["/main"]\n')
    stack = new_stack()
    cdk.Annotations.of(stack).acknowledge_warning(RUNTIME_CLIENT_WARNING, "aws-lambda-go")
    QueueWorker(stack, "Worker", handler=Handler.from_image(image))
    # THEN no warning is left
    found = Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    assert not [w for w in found if RUNTIME_CLIENT_WARNING in str(w.entry.data)]


@pytest.mark.parametrize(
    ("dockerfile", "files"),
    [
        (  # a build stage installs it, the final one copies it (not FROM that stage)
            "FROM python:3.12 AS build\nRUN pip install --target /deps awslambdaric\n"
            "FROM python:3.12-slim\nCOPY --from=build /deps /deps\nENV PYTHONPATH=/deps\n"
            'ENTRYPOINT ["/deps/bin/start"]\n',
            {},
        ),
        (  # requirements in a directory of their own
            "FROM python:3.12-slim\nCOPY requirements/ requirements/\n"
            'RUN pip install -r requirements/prod.txt\nENTRYPOINT ["/entry.sh"]\n',
            {"requirements/prod.txt": "awslambdaric==3.0.0\n"},
        ),
        (  # Pipenv's
            "FROM python:3.12-slim\nCOPY Pipfile Pipfile.lock ./\n"
            'RUN pip install pipenv && pipenv install --system --deploy\nCMD ["app.handler"]\n',
            {"Pipfile": '[packages]\nawslambdaric = "*"\n'},
        ),
        (  # uv's lock, the client a dependency of the team's package
            "FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\n",
            {"pyproject.toml": "[project]\nname = 'x'\n", "uv.lock": 'name = "awslambdaric"\n'},
        ),
        (  # Node.js' client from package.json
            'FROM node:22-slim\nCOPY package.json .\nRUN npm ci\nENTRYPOINT ["npx", "ric"]\n',
            {"package.json": '{"dependencies": {"aws-lambda-ric": "^3.0.0"}}'},
        ),
        (  # Java's client, started by its main class
            "FROM eclipse-temurin:21-jre\nCOPY target/dependency/ /function/\n"
            'ENTRYPOINT ["java", "-cp", "/function/*", '
            '"com.amazonaws.services.lambda.runtime.api.client.AWSLambda"]\n',
            {},
        ),
        (  # a Go binary built with aws-lambda-go
            "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /bootstrap\n"
            'FROM alpine:3.20\nCOPY --from=build /bootstrap /\nENTRYPOINT ["/bootstrap"]\n',
            {"go.mod": "module x\n\nrequire github.com/aws/aws-lambda-go v1.47.0\n"},
        ),
    ],
    ids=["multi-stage", "requirements-dir", "pipenv", "uv-lock", "node", "java", "go"],
)
def test_a_client_installed_the_ways_users_do_does_not_warn(
    tmp_path: Path, dockerfile: str, files: dict[str, str]
) -> None:
    # Proves (sweep37): each warned of a client it installs (from another stage, or from
    # a package file other than requirements*.txt and pyproject.toml at the top)
    for name, text in files.items():
        (tmp_path / "image" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "image" / name).write_text(text)
    assert _warnings(tmp_path, dockerfile) == []


def test_a_package_file_without_the_client_still_warns(tmp_path: Path) -> None:
    # GIVEN package files naming other packages only, and the client in a virtual
    # environment's lock beside (no file of the image's)
    for name, text in {
        "requirements/prod.txt": "boto3\n",
        "Pipfile": '[packages]\nrequests = "*"\n',
        ".venv/requirements.txt": "awslambdaric\n",
    }.items():
        (tmp_path / "image" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "image" / name).write_text(text)
    (warning,) = _warnings(tmp_path, "FROM python:3.12-slim\nCOPY . /app\n")
    assert "has no Lambda runtime interface client" in warning
