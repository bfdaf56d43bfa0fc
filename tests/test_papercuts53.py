"""Small defects the session's helpers found and left open: a deploy-time list among a CORS
list's items reported twice, a retention fix naming a whole day where two hours do, a
subclass's own props left unchecked, and the command-line helpers' bad arguments (item 3
was CHANGELOG text only)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import aws_cdk as cdk
import pytest
from aws_cdk import Duration
from aws_cdk import aws_events as events
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    CorsPolicy,
    EventHandler,
    Handler,
    QueueWorker,
    ServerlessApi,
    checked_arguments,
)
from constructs_lib._retention_fixes import longest_visibility, shortest_retention
from tests.support import ROOT, echo_handler, new_stack, raised, warnings_of

if TYPE_CHECKING:
    from aws_cdk import aws_sns as sns

NEAR = "constructs_lib:retentionNearRetries"


# --- 1. a deploy-time list among a CORS list's items: one problem, not two ---------------


def _api_with_cors(stack: cdk.Stack, **cors: Any) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"GET /items": echo_handler()},
        auth=ApiAuth.none(reason="a public catalogue anyone may read"),
        cors=CorsPolicy(**{"allow_origins": ["https://app.example.com"], **cors}),
    )


@pytest.mark.parametrize(
    ("prop", "other"),
    [
        ("expose_headers", "status"),
        ("allow_headers", "x-request-id"),
        ("allow_origins", "https://app.example.com"),
        ("allow_methods", "GET"),
    ],
)
def test_a_deploy_time_list_among_cors_items_is_one_problem(prop: str, other: str) -> None:
    # GIVEN a CommaDelimitedList parameter spread into a CORS list with another item
    stack = new_stack()
    names = cdk.CfnParameter(stack, "Names", type="CommaDelimitedList")
    # WHEN the API is built
    error = raised(lambda: _api_with_cors(stack, **{prop: [*names.value_as_list, other]}))
    # THEN one problem, of the item, with the Fn call that joins them (the header, origin
    # or method rule no longer reads the list's encoding as a name of its own)
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Api", f"cors.{prop}[0]")
    assert problem.message.startswith("holds a deploy-time list (value_as_list) among other")
    assert problem.fix.startswith("pass the deploy-time list alone, or join it")


def test_the_other_items_problems_are_still_told() -> None:
    # GIVEN a deploy-time list beside a header name with a space in it
    stack = new_stack()
    names = cdk.CfnParameter(stack, "Names", type="CommaDelimitedList")
    error = raised(
        lambda: _api_with_cors(stack, expose_headers=[*names.value_as_list, "x id", "status"])
    )
    # THEN both: the list among items, and the header no browser reads
    assert [(p.prop, p.message) for p in error.problems] == [
        (
            "cors.expose_headers[0]",
            "holds a deploy-time list (value_as_list) among other items: aws-cdk-lib fails "
            "the synth on a list token given items (CannotAddElementsListToken)",
        ),
        ("cors.expose_headers", "has 'x id', which is no HTTP header name"),
    ]


def test_a_whole_deploy_time_list_of_headers_still_synthesizes() -> None:
    # GIVEN the parameter's list alone (aws-cdk-lib renders it as the parameter's Ref)
    stack = new_stack()
    names = cdk.CfnParameter(stack, "Names", type="CommaDelimitedList")
    _api_with_cors(stack, expose_headers=names.value_as_list)
    # THEN no problem, and the template exposes what the parameter lists
    Template.from_stack(stack).has_resource_properties(
        "AWS::ApiGatewayV2::Api", {"CorsConfiguration": {"ExposeHeaders": {"Ref": "Names"}}}
    )


def test_a_deploy_time_list_among_an_event_pattern_structs_items_is_a_construct_error() -> None:
    # Proves (papercuts53): in events.EventPattern(...) (an aws-cdk-lib struct, not a dict)
    # the list among other items went through, and the synth failed with jsii's
    # CannotAddElementsListToken trace naming no prop
    stack = new_stack()
    sources = cdk.CfnParameter(stack, "Sources", type="CommaDelimitedList")
    error = raised(
        lambda: EventHandler(
            stack,
            "Handler",
            handler=echo_handler(),
            event_pattern=events.EventPattern(source=[*sources.value_as_list, "my.app"]),
        )
    )
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Handler", "event_pattern.source[0]")
    assert "(CannotAddElementsListToken)" in problem.message


# --- 2. a retention fix computed from the queue's settings -------------------------------


def _team_queue(
    stack: cdk.Stack, *, retention: Duration, visibility: Duration, receives: int
) -> sqs.Queue:
    dead_letter = sqs.Queue(stack, "JobsDlq", enforce_ssl=True, retention_period=Duration.days(14))
    return sqs.Queue(
        stack,
        "Jobs",
        enforce_ssl=True,
        retention_period=retention,
        visibility_timeout=visibility,
        dead_letter_queue=sqs.DeadLetterQueue(queue=dead_letter, max_receive_count=receives),
    )


def _worker_on(**settings: Any) -> cdk.Stack:
    """A stack whose QueueWorker consumes a team queue of ``settings`` (raises if refused)."""
    stack = new_stack()
    queue = _team_queue(stack, **settings)
    QueueWorker(stack, "Worker", handler=echo_handler(), existing_queue=queue)
    return stack


@pytest.mark.parametrize(
    ("settings", "fixes"),
    [
        (  # 5 receives x 15 minutes = 75 minutes (+ the 15-minute alarm: 90), kept 1 hour
            {"retention": Duration.hours(1), "visibility": Duration.minutes(15), "receives": 5},
            {"retention": Duration.hours(2), "receives": 3, "visibility": Duration.minutes(9)},
        ),
        (  # 10 receives x 3 hours = 30 hours, kept 1 day
            {"retention": Duration.days(1), "visibility": Duration.hours(3), "receives": 10},
            {"retention": Duration.hours(31), "receives": 7, "visibility": Duration.hours(2)},
        ),
        (  # 8 receives x 8 hours = 64 hours, kept 2 days
            {"retention": Duration.days(2), "visibility": Duration.hours(8), "receives": 8},
            {"retention": Duration.days(3), "receives": 5, "visibility": Duration.hours(5)},
        ),
    ],
)
def test_the_retention_fix_names_what_the_settings_need(
    settings: dict[str, Any], fixes: dict[str, Any]
) -> None:
    # WHEN the worker is built on a queue deleting a failing message before its last receive
    (problem,) = raised(lambda: _worker_on(**settings)).problems
    # THEN the fix names the shortest retention, the most receives and the longest
    # visibility timeout, each from the queue's own numbers
    assert problem.fix == (
        f"set the queue's retention_period to {_text(fixes['retention'])} or more, or set "
        f"its redrive policy's max_receive_count to {fixes['receives']} or less, or set its "
        f"visibility_timeout to {_text(fixes['visibility'])} or less (6x the handler's "
        "timeout at least)"
    )
    # AND each of them, applied alone, is taken without the spare-time warning either
    for setting, value in fixes.items():
        stack = _worker_on(**{**settings, setting: value})
        assert warnings_of(stack, NEAR) == []


def _text(duration: Duration) -> str:
    """How a fix writes ``duration`` (``Duration.hours(2)``)."""
    unit = duration.unit_label()
    amount = {"days": duration.to_days, "hours": duration.to_hours, "minutes": duration.to_minutes}
    return f"Duration.{unit}({amount[unit]():g})"


def test_the_own_queues_fix_names_the_longest_visibility_timeout() -> None:
    # GIVEN 8 receives of 12 hours: 4 days, the worker's own queue's retention
    stack = new_stack()
    error = raised(
        lambda: QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            max_receive_count=8,
            visibility_timeout=Duration.hours(12),
        )
    )
    (problem,) = error.problems
    assert problem.fix == (
        "pass max_receive_count=7 or less, or visibility_timeout=Duration.hours(11) or less "
        "(6x the handler's timeout at least)"
    )
    # AND that timeout is taken without a warning
    taken = new_stack()
    QueueWorker(
        taken,
        "Worker",
        handler=echo_handler(),
        max_receive_count=8,
        visibility_timeout=Duration.hours(11),
    )
    assert warnings_of(taken, NEAR) == []


@pytest.mark.parametrize(
    ("seconds", "written"),
    [
        (30, "Duration.minutes(1)"),
        (3600, "Duration.minutes(60)"),
        (3601, "Duration.hours(2)"),
        (5400, "Duration.hours(2)"),
        (172800, "Duration.hours(48)"),
        (172801, "Duration.days(3)"),
        (1209600, "Duration.days(14)"),
        (1209601, None),  # past SQS's 14 days: no retention fits
    ],
)
def test_a_retention_is_rounded_up_to_a_readable_unit(seconds: float, written: str | None) -> None:
    assert shortest_retention(seconds) == written


@pytest.mark.parametrize(
    ("room", "receives", "written"),
    [
        (2700, 5, "Duration.minutes(9)"),
        (85500, 10, "Duration.hours(2)"),
        (7199, 1, "Duration.minutes(119)"),
        (59, 1, "Duration.seconds(59)"),
        (0.5, 1, None),
        (-100, 3, None),
    ],
)
def test_a_visibility_timeout_is_rounded_down_to_a_readable_unit(
    room: float, receives: int, written: str | None
) -> None:
    assert longest_visibility(room, receives) == written


# --- 4. a user's own construct's props against their annotations --------------------------


class AcmeWorker(QueueWorker):
    """The company's worker.

    :param team: the owning team's slug, e.g. ``"payments"``.
    :param cost_center: the cost center number. Default: 100.
    """

    team: str

    def __init__(
        self, scope: Construct, id: str, *, team: str, cost_center: int = 100, **props: Any
    ) -> None:
        super().__init__(scope, id, **props)
        self.team = team


T = TypeVar("T")


class Named(Protocol):  # not runtime_checkable: isinstance cannot tell
    name: str


class AcmeService(Construct):
    """A worker and what the team knows of it.

    :param team: the owning team's slug, e.g. ``"payments"``.
    :param handler: the worker's code.
    :param retries: how often a message is received before it is given up.
    :param timeout: how long the team's runbook waits.
    :param pager: where alarms go.
    :param labels: tags by name.
    :param anything: any value (a type variable).
    :param owner: who owns it.
    """

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        team: str,
        handler: Handler,
        retries: int = 5,
        timeout: Duration | None = None,
        pager: sns.ITopic | None = None,  # imported for the type checker only: not checked
        labels: Mapping[str, str] | None = None,
        anything: T | None = None,
        owner: Named | None = None,
    ) -> None:
        super().__init__(scope, id)
        self.worker = QueueWorker(self, "Worker", handler=handler, max_receive_count=retries)


def test_a_subclass_prop_of_another_type_is_a_construct_error() -> None:
    # GIVEN team=3 where the subclass annotates team: str (it went through in silence)
    error = raised(lambda: AcmeWorker(new_stack(), "Worker", team=3, handler=echo_handler()))
    # THEN named as the library names a prop of the wrong type
    assert str(error) == (
        "1 invalid prop:\n  - Test/Worker: `team` is 3, an int; it must be a string. Fix: pass "
        "a string"
    )


def test_a_subclass_lists_every_own_prop_of_another_type() -> None:
    error = raised(
        lambda: AcmeWorker(
            new_stack(), "Worker", team=None, cost_center="100", handler=echo_handler()
        )
    )
    assert [(p.prop, p.message) for p in error.problems] == [
        ("team", "is None; it must be a string"),
        ("cost_center", "is '100', a str; it must be a whole number"),
    ]
    assert error.problems[1].fix.startswith("pass 100, the number, not the text '100'")


def test_a_subclass_props_passed_on_are_the_librarys_to_check() -> None:
    # GIVEN the subclass's own props right, and a wrong one it passes on
    error = raised(
        lambda: AcmeWorker(
            new_stack(), "Worker", team="payments", handler=echo_handler(), batch_size="10"
        )
    )
    # THEN QueueWorker's own check names it, once
    (problem,) = error.problems
    assert (problem.path, problem.prop) == ("Test/Worker", "batch_size")


def test_a_misspelt_prop_of_a_subclass_suggests_its_own() -> None:
    # GIVEN teem= (meant: the subclass's team), which reaches QueueWorker through **props
    error = raised(
        lambda: AcmeWorker(new_stack(), "Worker", team="a", teem="b", handler=echo_handler())
    )
    (problem,) = error.problems
    assert problem.message == "is not a prop of AcmeWorker (a QueueWorker)"
    assert problem.fix == 'did you mean `team`? (the owning team\'s slug, e.g. `"payments"`)'


def test_a_subclass_with_props_of_their_types_builds() -> None:
    stack = new_stack()
    worker = AcmeWorker(stack, "Worker", team="payments", cost_center=7, handler=echo_handler())
    assert worker.team == "payments"
    Template.from_stack(stack).resource_count_is("AWS::Lambda::EventSourceMapping", 1)


def test_checked_arguments_checks_a_plain_constructs_prop_types() -> None:
    # GIVEN a platform team's L3 (a plain Construct) decorated with checked_arguments
    error = raised(
        lambda: AcmeService(
            new_stack(),
            "Service",
            team=3,
            handler="app.handler",
            retries="3",
            timeout=30,
            labels={"team": 1},
        )
    )
    # THEN every prop of another type, in the library's words, at the construct's path
    assert {p.path for p in error.problems} == {"Test/Service"}
    assert [(p.prop, p.fix) for p in error.problems] == [
        ("team", "pass a string"),
        (
            "handler",
            "pass Handler(code='<the directory holding app.py>', entry='app.handler'): a "
            "Handler names the code's directory (code) and the module.function inside it "
            "(entry)",
        ),
        (
            "retries",
            "pass 3, the number, not the text '3' (a value read from a config file, -c "
            "context or an environment variable is text: convert it with int(...))",
        ),
        ("timeout", "pass Duration.seconds(30)"),
        ("labels", "pass a dict from strings to strings"),
    ]


@pytest.mark.parametrize(
    ("props", "prop", "message"),
    [
        ({}, "team", "is required and not given"),
        ({"team": "a", "retry": 3}, "retry", "is not a prop of AcmeService"),
    ],
)
def test_checked_arguments_names_a_missing_or_unknown_prop(
    props: dict[str, Any], prop: str, message: str
) -> None:
    error = raised(lambda: AcmeService(new_stack(), "Service", handler=echo_handler(), **props))
    (problem,) = error.problems
    assert (problem.path, problem.prop, problem.message) == ("Test/Service", prop, message)


def test_annotations_no_value_is_checked_against_are_left_alone() -> None:
    # GIVEN a type only a type checker imports, a type variable and a Protocol isinstance
    # cannot test, each given something: none of them is checked
    stack = new_stack()
    service = AcmeService(
        stack,
        "Service",
        team="payments",
        handler=echo_handler(),
        pager="not a topic",  # type: ignore[arg-type]
        anything=object(),
        owner="anyone",  # type: ignore[arg-type]
    )
    assert service.worker.node.path == "Test/Service/Worker"


def test_a_construct_defined_by_exec_is_checked_too() -> None:
    # GIVEN a construct whose __init__ has no module (code run by exec, as a notebook or a
    # docs test runs it): its props are checked, not an AttributeError
    namespace: dict[str, Any] = {"Construct": Construct, "checked_arguments": checked_arguments}
    exec(
        "class Box(Construct):\n"
        "    @checked_arguments\n"
        "    def __init__(self, scope: Construct, id: str, *, size: int) -> None:\n"
        "        super().__init__(scope, id)\n",
        namespace,
    )
    error = raised(lambda: namespace["Box"](new_stack(), "Box", size="big"))
    assert [(p.path, p.prop, p.message) for p in error.problems] == [
        ("Test/Box", "size", "is 'big', a str; it must be a whole number")
    ]


# --- 5. the command-line helpers' bad arguments: one line, non-zero, never a traceback ----


def _command(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # this checkout's library, wherever the command runs (as an installed one would be)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", *argv], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


@pytest.mark.parametrize(
    ("argv", "told"),
    [
        ([], "DIRECTORY, one argument, is required, and none was given: pass the image's"),
        (["a", "b"], "DIRECTORY, one argument, is required, and 2 were given (a b): pass"),
        (["-x"], "DIRECTORY is '-x', an option this command does not take: pass the image's"),
        (["missing"], "DIRECTORY 'missing' is no existing directory: pass the image's build"),
        (["Dockerfile"], "DIRECTORY 'Dockerfile' is a file: pass the image's build context"),
    ],
)
def test_runtime_copy_tells_a_bad_argument_on_one_line(
    tmp_path: Path, argv: list[str], told: str
) -> None:
    # GIVEN an image's build context (a Dockerfile in it) as the working directory
    (tmp_path / "Dockerfile").write_text("FROM public.ecr.aws/lambda/python:3.13\n")
    # WHEN the command runs with a bad argument
    done = _command("constructs_lib.runtime_copy", *argv, cwd=tmp_path)
    # THEN it exits 2 with one line naming DIRECTORY and the fix, and copies nothing
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"usage: python -m constructs_lib.runtime_copy DIRECTORY: {told}")
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Dockerfile"]


def test_runtime_copy_help_says_what_it_does(tmp_path: Path) -> None:
    # Proves (papercuts53): --help was taken for a directory, created and copied into
    done = _command("constructs_lib.runtime_copy", "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert "copies the runtime helpers into an image's build context" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_runtime_copy_that_cannot_write_says_so_on_one_line(tmp_path: Path) -> None:
    # GIVEN a file where the copy's directory goes
    (tmp_path / "constructs_lib_runtime").write_text("not a directory")
    done = _command("constructs_lib.runtime_copy", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"runtime_copy: cannot copy into DIRECTORY {str(tmp_path)!r} (")
    assert done.stderr.rstrip().endswith("pass a directory you can write to")


@pytest.mark.parametrize(("argv", "code"), [([], 2), (["build"], 2), (["--help"], 0)])
def test_python_m_constructs_lib_names_the_command_it_has(argv: list[str], code: int) -> None:
    # Proves (papercuts53): "'constructs_lib' is a package and cannot be directly executed"
    done = _command("constructs_lib", *argv)
    assert done.returncode == code
    said = done.stdout if code == 0 else done.stderr
    assert said.count("\n") == 1
    assert "python -m constructs_lib.runtime_copy DIRECTORY" in said


@pytest.mark.parametrize(
    ("argv", "told"),
    [
        (["--timeout", "abc"], "argument --timeout: 'abc' is not a number of seconds: pass one"),
        (["--timeout", "-5"], "argument --timeout: '-5' is not a number of seconds: pass one"),
        (["--timeout", "nan"], "argument --timeout: 'nan' is not a number of seconds: pass one"),
        (["--port", "70000"], "argument --port: '70000' is not a port: pass one from 1 to 65535"),
        (["extra"], "unrecognized arguments: extra: run python -m tools.local.deploy_local"),
        (["--port"], "argument --port: expected one argument: run python -m tools.local"),
    ],
)
def test_the_local_deploy_tells_a_bad_argument_on_one_line(
    argv: list[str], told: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Proves (papercuts53): --timeout -5 and --port 70000 passed argparse (to fail inside
    # the run), and argparse's errors were two lines without a fix
    from tools.local import deploy_local

    with pytest.raises(SystemExit) as exit_:
        deploy_local.main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"python -m tools.local.deploy_local: {told}")


def test_a_timeout_of_0_in_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tools.local import deploy_local

    monkeypatch.setenv("DEPLOY_LOCAL_TIMEOUT", "0")
    with pytest.raises(SystemExit):
        deploy_local.main([])
    assert "DEPLOY_LOCAL_TIMEOUT='0' is not a number of seconds: set it" in capsys.readouterr().err
