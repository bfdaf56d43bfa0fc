"""Known gaps of the last session's closing note, each closed with the exact error, warning
or behaviour a user now meets (gaps51)."""

from __future__ import annotations

import os
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    EventHandler,
    FunctionDefaults,
    Handler,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
)
from constructs_lib.runtime_copy import copy_runtime
from tests.support import ECHO, echo_handler, new_app, new_stack, warnings_of, write_tree

# --- 1. the text of a token typed by hand or copied from a printed token

TOKEN_TEXT = (
    "holds the text of a token (Token[Foo.1]) that nothing in this app made: a token's text "
    "stands for a value only in the process that made it, and aws-cdk-lib fails the synth on "
    "any other (UnrecognizedTokenKey). Fix: pass the token object itself (e.g. "
    "table.table_name, Fn.import_value('Name') or CfnParameter(...).value_as_string), not its "
    "printed text, or write the value out"
)


def test_a_token_text_in_a_handler_environment_names_the_variable() -> None:
    # GIVEN a printed token pasted into a Handler's environment (it was a raw jsii trace)
    stack = new_stack()
    # THEN the error names the variable, what is wrong and the fix
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(environment={"TABLE": "${Token[Foo.1]}"}))
    assert str(raised.value) == (
        f"1 invalid prop:\n  - Test/Worker: `handler.environment['TABLE']` {TOKEN_TEXT}"
    )


def test_a_token_text_inside_a_value_and_a_schedule_are_both_named() -> None:
    # GIVEN a token text inside a longer value, and another as a ScheduledJob's schedule
    stack = new_stack()
    # THEN the one error names both props (the first, by its own key)
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(
            stack,
            "Job",
            handler=echo_handler(environment={"URL": "https://${Token[Foo.1]}/x"}),
            schedule="${Token[Foo.1]}",
        )
    assert str(raised.value) == (
        "2 invalid props:\n"
        f"  - Test/Job: `handler.environment['URL']` {TOKEN_TEXT}\n"
        f"  - Test/Job: `schedule` {TOKEN_TEXT}"
    )


def test_every_prop_holding_a_token_text_is_named_at_once() -> None:
    with pytest.raises(ConstructError) as raised:
        QueueWorker(
            new_stack(),
            "Worker",
            handler=echo_handler(entry="${Token[Foo.1]}", environment={"A": "${Token[Foo.1]}"}),
        )
    assert [p.prop for p in raised.value.problems] == [
        "handler.entry",
        "handler.environment['A']",
    ]


def test_a_token_text_in_an_environment_name_is_named_too() -> None:
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler(environment={"${Token[Foo.1]}": "x"}))
    assert str(raised.value) == (
        f"1 invalid prop:\n  - Test/Worker: `handler.environment` {TOKEN_TEXT}"
    )


def test_a_token_text_in_function_defaults_is_named_there() -> None:
    stack = new_stack()
    with pytest.raises(ConstructError) as raised:
        FunctionDefaults.of(stack).set(environment={"TABLE": "${Token[Foo.1]}"})
        QueueWorker(stack, "Worker", handler=echo_handler())
    assert str(raised.value) == (
        f"1 invalid prop:\n  - Test: `FunctionDefaults.environment['TABLE']` {TOKEN_TEXT}"
    )


def test_real_tokens_keep_working_in_environment_and_schedule() -> None:
    # GIVEN real tokens: a parameter's value, an import, and a parameter as the schedule
    stack = new_stack()
    stage = cdk.CfnParameter(stack, "Stage")
    rate = cdk.CfnParameter(stack, "Rate", default="rate(1 hour)")
    ScheduledJob(
        stack,
        "Job",
        handler=echo_handler(
            environment={"STAGE": stage.value_as_string, "SHARED": cdk.Fn.import_value("Shared")}
        ),
        schedule=rate.value_as_string,
    )
    # THEN they synthesize to their references
    template = Template.from_stack(stack)
    (function,) = template.find_resources("AWS::Lambda::Function").values()
    assert function["Properties"]["Environment"]["Variables"] == {
        "STAGE": {"Ref": "Stage"},
        "SHARED": {"Fn::ImportValue": "Shared"},
    }
    (schedule,) = template.find_resources("AWS::Scheduler::Schedule").values()
    assert schedule["Properties"]["ScheduleExpression"] == {"Ref": "Rate"}


# --- 2. a number where a Duration goes: the first fix names a Duration every rule takes


@pytest.mark.parametrize(
    ("timeout", "fix"),
    [
        (0.5, "pass Duration.seconds(1)"),  # was Duration.seconds(0.5), then "whole seconds"
        (1.5, "pass Duration.seconds(2)"),
        (0, "pass Duration.seconds(1) (0 seconds is under the 1 to 900 seconds it takes)"),
        (1000, "pass Duration.seconds(900) (1000 seconds is over the 1 to 900 seconds it takes)"),
    ],
)
def test_a_number_for_a_handler_timeout_is_told_a_duration_lambda_takes(
    timeout: float, fix: str
) -> None:
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=echo_handler(timeout=timeout))
    kind = "a float" if isinstance(timeout, float) else "an int"
    assert str(raised.value) == (
        f"1 invalid prop:\n  - Test/Worker: `handler.timeout` is {timeout}, {kind}, not a "
        f"Duration. Fix: {fix}"
    )


def test_the_fixed_timeout_passes_every_rule() -> None:
    # GIVEN the Duration the fix names for 0.5: THEN it synthesizes (no second round trip)
    stack = new_stack()
    QueueWorker(stack, "Worker", handler=echo_handler(timeout=cdk.Duration.seconds(1)))
    Template.from_stack(stack).has_resource_properties("AWS::Lambda::Function", {"Timeout": 1})


def test_a_number_under_a_scheduler_s_least_event_age_is_told_the_least() -> None:
    # GIVEN max_event_age=30 on a ScheduledJob and an EventHandler (60 s is the least)
    stack = new_stack()
    fix = "pass Duration.seconds(60) (30 seconds is under the 60 to 86400 seconds it takes)"
    for build in (
        lambda: ScheduledJob(
            stack, "Job", handler=echo_handler(), schedule="rate(1 hour)", max_event_age=30
        ),
        lambda: EventHandler(
            stack,
            "OnOrder",
            handler=echo_handler(),
            event_pattern={"source": ["app.orders"]},
            max_event_age=30,
        ),
    ):
        with pytest.raises(ConstructError) as raised:
            build()
        assert str(raised.value).endswith(
            "`max_event_age` is 30, an int, not a Duration. Fix: " + fix
        )


def test_a_number_in_minutes_is_fitted_in_minutes() -> None:
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(
            new_stack(),
            "Job",
            handler=echo_handler(),
            schedule="rate(1 hour)",
            flexible_window=2000,
        )
    assert str(raised.value).endswith(
        "`flexible_window` is 2000, an int, not a Duration. Fix: pass Duration.minutes(1440) "
        "(2000 minutes is over the 1 to 1440 minutes it takes)"
    )


@pytest.mark.parametrize(
    ("given", "fix"),
    [
        ("30s", "pass Duration.seconds(60) (30 seconds is under the 60 to 86400 seconds it takes)"),
        ("2 minutes", "pass Duration.minutes(2)"),  # in the range: the text's own count
        (
            "30",
            "pass Duration.seconds(60) (30 seconds is under the 60 to 86400 seconds it "
            "takes) if '30' counts seconds",
        ),
    ],
)
def test_a_duration_read_as_text_is_told_one_in_the_range(given: str, fix: str) -> None:
    with pytest.raises(ConstructError) as raised:
        ScheduledJob(
            new_stack(), "Job", handler=echo_handler(), schedule="rate(1 hour)", max_event_age=given
        )
    (problem,) = raised.value.problems
    assert problem.fix.startswith(fix + ", not the text (")


def test_a_text_of_millis_for_a_timeout_is_told_whole_seconds() -> None:
    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=echo_handler(timeout="500ms"))
    (problem,) = raised.value.problems
    assert problem.fix.startswith(
        "pass Duration.seconds(1) (500 millis is no whole number of seconds), not the text ("
    )


# --- 3. any os.PathLike where a Handler takes a path (as StaticSite's source does)


class AppPath:
    """An app's own path class: an os.PathLike that is no pathlib.Path (str() is its repr)."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def __fspath__(self) -> str:
        return str(self._path)


def test_a_handler_takes_any_path_like_for_code_and_include(tmp_path: Path) -> None:
    # GIVEN code and a shared package given as an app's own PathLike (refused before: "is an
    # AppPath")
    shared = write_tree(tmp_path / "libs", {"common/__init__.py": "X = 1\n"}) / "common"
    code = write_tree(tmp_path / "svc", {"app.py": "import common\ndef handler(e, c): ...\n"})
    handler = Handler(code=AppPath(code), include=[AppPath(shared)])
    # THEN the Handler holds them as paths: equal to the one given pathlib.Paths
    assert handler == Handler(code=code, include=[shared])
    # AND the function's asset holds the code and the package
    app = new_app()
    ScheduledJob(cdk.Stack(app, "Test"), "Job", handler=handler, schedule="rate(1 hour)")
    assets = [p for p in Path(app.synth().directory).glob("asset.*") if (p / "app.py").is_file()]
    assert [(a / "common" / "__init__.py").read_text() for a in assets] == ["X = 1\n"]


def test_an_image_directory_and_the_runtime_copy_take_any_path_like(tmp_path: Path) -> None:
    assert Handler.from_image(AppPath(ECHO)).code == ECHO
    copied = copy_runtime(AppPath(tmp_path))
    assert copied == tmp_path / "constructs_lib_runtime"
    assert (copied / "__init__.py").is_file()


def test_a_path_like_of_bytes_is_still_refused_with_the_fix() -> None:
    class BytesPath(os.PathLike[bytes]):
        def __fspath__(self) -> bytes:
            return bytes(ECHO)

    with pytest.raises(ConstructError) as raised:
        QueueWorker(new_stack(), "Worker", handler=Handler(code=BytesPath()))  # type: ignore[arg-type]
    assert "`handler.code` is a BytesPath" in str(raised.value)


# --- 4. a Handler shared by several routes: each environment warning once


def _warnings(stack: cdk.Stack) -> list[str]:
    found = Annotations.from_stack(stack).find_warning("*", Match.any_value())
    return [f"{w.id} {str(w.entry.data).split(':', 1)[0]}" for w in found]


def test_a_handler_shared_by_three_routes_warns_once_per_warning() -> None:
    # GIVEN one Handler with a padded value and a literal secret on three routes
    stack = new_stack()
    shared = echo_handler(environment={"STAGE": " prod", "API_KEY": "sk_live_0123456789abcdef"})
    ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": shared, "POST /a": shared, "GET /b": shared},
        auth=ApiAuth.iam(),
        alarms=False,
    )
    # THEN each warning is given once, naming the first route (it was once per route)
    assert sorted(_warnings(stack)) == [
        "/Test/Api `routes['GET /a'].environment` sets API_KEY to a literal value named like a "
        "secret",
        "/Test/Api `routes['GET /a'].environment` sets STAGE to a value that starts with ' '",
    ]


def test_two_handlers_with_the_same_padded_value_are_two_functions_each_warned() -> None:
    # GIVEN two different Handlers (two functions) with the same padded value
    stack = new_stack()
    ServerlessApi(
        stack,
        "Api",
        routes={
            "GET /a": echo_handler(environment={"STAGE": " prod"}),
            "GET /b": echo_handler(entry="app.other", environment={"STAGE": " prod"}),
        },
        auth=ApiAuth.iam(),
        alarms=False,
    )
    # THEN each function's is given
    assert sorted(_warnings(stack)) == [
        "/Test/Api `routes['GET /a'].environment` sets STAGE to a value that starts with ' '",
        "/Test/Api `routes['GET /b'].environment` sets STAGE to a value that starts with ' '",
    ]


# --- 5. an `aws.` source the app means as its own, on a custom bus


def test_an_aws_prefixed_own_source_on_a_custom_bus_is_told_to_rename_it() -> None:
    # GIVEN an app's own events named 'aws.expenses', matched on the app's bus
    stack = new_stack()
    EventHandler(
        stack,
        "OnExpense",
        handler=echo_handler(),
        event_bus=events.EventBus(stack, "Bus"),
        event_pattern={"source": ["aws.expenses"]},
    )
    # THEN the warning says that no app can send such a source, and to rename it
    (warning,) = [
        str(w.entry.data)
        for w in Annotations.from_stack(stack).find_warning("*", Match.any_value())
        if "constructs_lib:awsSourceOnCustomBus" in str(w.entry.data)
    ]
    assert warning.startswith("`event_pattern.source` matches 'aws.expenses': AWS services")
    assert (
        "If they are the app's own events, rename their source: EventBridge keeps the 'aws.' "
        "prefix for AWS services and refuses an app's PutEvents with it, so no code of yours "
        "can send them to any bus."
    ) in warning


def test_an_aws_source_on_the_default_bus_stays_silent() -> None:
    stack = new_stack()
    EventHandler(stack, "OnUpload", handler=echo_handler(), event_pattern={"source": ["aws.s3"]})
    assert [
        w
        for w in Annotations.from_stack(stack).find_warning("*", Match.any_value())
        if "awsSourceOnCustomBus" in str(w.entry.data)
    ] == []


# --- 7. an aws-cdk-lib feature flag given as text meaning "off"

FLAG = "@aws-cdk/aws-lambda:recognizeLayerVersion"


def test_a_flag_given_the_text_false_warns_once_per_app() -> None:
    # GIVEN -c @aws-cdk/...=false (text: aws-cdk-lib takes it as on) and two stacks
    app = new_app(**{FLAG: "false"})
    first, second = cdk.Stack(app, "First"), cdk.Stack(app, "Second")
    QueueWorker(first, "Worker", handler=echo_handler())
    QueueWorker(second, "Worker", handler=echo_handler())
    # THEN aws-cdk-lib does read it as on (what the warning says)
    assert cdk.FeatureFlags.of(first).is_enabled(FLAG) is True
    # AND one warning for the app, on the first stack, names the flag and the fix
    assert warnings_of(first, "featureFlagText") == [
        f"the feature flag {FLAG} is the text 'false', which aws-cdk-lib reads as on (any "
        "text but the empty one is true to FeatureFlags.isEnabled), so the app is "
        f'synthesized with the flag on. Fix: write "{FLAG}": false, without quotes, in '
        "cdk.json's context (-c on the command line always passes text), or remove the key "
        "for aws-cdk-lib's default (if on is meant, write true). "
        "[ack: constructs_lib:featureFlagText]"
    ]
    assert warnings_of(second, "featureFlagText") == []


@pytest.mark.parametrize("value", [False, True, "true", "1", ""])
def test_a_flag_given_a_bool_or_text_meaning_on_is_silent(value: object) -> None:
    stack = new_stack()
    stack.node.set_context(FLAG, value)  # before any construct reads the context
    QueueWorker(stack, "Worker", handler=echo_handler())
    assert warnings_of(stack, "featureFlagText") == []


def test_a_zero_text_flag_warns_too() -> None:
    app = new_app(**{"@aws-cdk/aws-s3:keepNotificationInImportedBucket": "0"})
    stack = cdk.Stack(app, "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    (warning,) = warnings_of(stack, "featureFlagText")
    assert warning.startswith(
        "the feature flag @aws-cdk/aws-s3:keepNotificationInImportedBucket is the text '0'"
    )


# --- 8. every cdk-nag 3 acknowledgement goes through _nag_writer's per-scope handle


def test_only_the_nag_writer_asks_for_validations_of_a_scope() -> None:
    # a Validations.of(...) elsewhere is a round trip per acknowledgement (link_grants'
    # late findings had one); _nag_writer asks once per scope, and enable_checks (checks.py)
    # adds cdk-nag 3's plugins once per app
    library = Path(__file__).resolve().parent.parent / "constructs_lib"
    callers = sorted(
        str(module.relative_to(library))
        for module in library.rglob("*.py")
        if "Validations.of(" in module.read_text(encoding="utf-8")
    )
    assert callers == ["_nag_writer.py", "checks.py"]
