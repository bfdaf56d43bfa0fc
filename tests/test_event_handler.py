"""EventHandler: an EventBridge rule -> the live alias, retries, one dead-letter queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_events as events
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Match, Template

from constructs_lib import EventHandler, Handler, Network
from constructs_lib._event_pattern_size import EVENT_PATTERN_WARNING, pattern_characters
from tests.support import (
    CDK_CONTEXT,
    RuleCase,
    assert_construct_function_parts,
    assert_rule,
    echo_handler,
    nag_paths,
    networked_canary_options,
    new_app,
    new_stack,
    rule_cases,
    warnings_of,
)

HANDLER = Handler(code=Path(__file__).parent / "fixtures" / "handlers" / "echo")
PATTERN = events.EventPattern(source=["aws.s3"], detail_type=["Object Created"])


def _handler_stack(stack: cdk.Stack, **props: Any) -> EventHandler:
    return EventHandler(
        stack, "OnUpload", **{"handler": HANDLER, "event_pattern": PATTERN, **props}
    )


@pytest.fixture(scope="module")
def template() -> Template:
    # GIVEN a handler of S3 "Object Created" events on the default bus
    stack = cdk.Stack(new_app(), "Test")
    _handler_stack(stack, alarms=True)
    return Template.from_stack(stack)


def _id(template: Template, type_: str) -> str:
    (logical_id,) = template.find_resources(type_)
    return logical_id


@pytest.mark.parametrize("networked_canary", [False, True])
def test_the_function_s_role_security_group_and_deployment_group_are_attributes(
    networked_canary: bool,
) -> None:
    # Proves (API review): the function's role was function.role (IRole | None under
    # mypy), its security group and CodeDeploy deployment group were not reachable
    stack = cdk.Stack(new_app(), "Test")
    handler = _handler_stack(stack, **networked_canary_options(stack, networked_canary))
    assert_construct_function_parts(handler, networked_canary=networked_canary)


def test_rule_matches_the_pattern_and_targets_the_live_alias(template: Template) -> None:
    # THEN the rule sends matching events to the alias, with retries and a dead-letter queue
    template.has_resource_properties(
        "AWS::Events::Rule",
        {
            "EventPattern": {"source": ["aws.s3"], "detail-type": ["Object Created"]},
            "Targets": [
                Match.object_like(
                    {
                        "Arn": {"Ref": _id(template, "AWS::Lambda::Alias")},
                        "DeadLetterConfig": {
                            "Arn": {"Fn::GetAtt": [_id(template, "AWS::SQS::Queue"), "Arn"]}
                        },
                        "RetryPolicy": {
                            "MaximumRetryAttempts": 2,
                            "MaximumEventAgeInSeconds": 3600,
                        },
                    }
                )
            ],
        },
    )
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Action": "lambda:InvokeFunction",
            "Principal": "events.amazonaws.com",
            "FunctionName": {"Ref": _id(template, "AWS::Lambda::Alias")},
            "SourceArn": {"Fn::GetAtt": [_id(template, "AWS::Events::Rule"), "Arn"]},
        },
    )


def test_failed_runs_go_to_the_same_dead_letter_queue(template: Template) -> None:
    queue = {"Fn::GetAtt": [_id(template, "AWS::SQS::Queue"), "Arn"]}
    template.has_resource_properties(
        "AWS::Lambda::EventInvokeConfig",
        {"DestinationConfig": {"OnFailure": {"Destination": queue}}},
    )
    template.has_resource_properties(
        "AWS::SQS::Queue",
        {"MessageRetentionPeriod": 1209600, "SqsManagedSseEnabled": True},
    )


def test_alarms_on_errors_throttles_and_dead_lettered_events(template: Template) -> None:
    # errors, throttles, an event in the dead-letter queue, an event lost on the way there
    template.resource_count_is("AWS::CloudWatch::Alarm", 4)
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "AlarmDescription": {
                "Fn::Join": [
                    "",
                    Match.array_with(
                        [
                            Match.string_like_regexp(
                                "^Test/OnUpload: an event was not handled: it is in the "
                                "dead-letter queue, kept 14 days .* --queue-url $"
                            )
                        ]
                    ),
                ]
            }
        },
    )


def test_the_rule_is_enabled_unless_enabled_is_false(template: Template) -> None:
    # THEN by default the rule is on
    template.has_resource_properties("AWS::Events::Rule", {"State": "ENABLED"})
    # AND WHEN enabled=False (another app's rule still handles the events) THEN it is off,
    # the function, its alias and the dead-letter queue created all the same
    stack = cdk.Stack(new_app(), "Test")
    handler = _handler_stack(stack, enabled=False)
    off = Template.from_stack(stack)
    off.has_resource_properties("AWS::Events::Rule", {"State": "DISABLED"})
    off.resource_count_is("AWS::Lambda::Alias", 1)
    off.resource_count_is("AWS::SQS::Queue", 1)
    assert handler.rule is not None


def test_custom_bus() -> None:
    stack = cdk.Stack(new_app(), "Test")
    bus = events.EventBus(stack, "Bus")
    _handler_stack(stack, event_bus=bus)
    Template.from_stack(stack).has_resource_properties(
        "AWS::Events::Rule", {"EventBusName": {"Ref": Match.string_like_regexp("^Bus")}}
    )


def test_cdk_nag_reports_nothing_on_it(tmp_path: Path) -> None:
    # GIVEN the handler, plain and in a Network, next to a deliberately insecure queue,
    # under both cdk-nag packs
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Sketch")
    _handler_stack(stack)
    EventHandler(
        stack, "InVpc", handler=HANDLER, event_pattern=PATTERN, network=Network(stack, "Network")
    )
    sqs.Queue(stack, "Insecure")
    # WHEN synthesized THEN only the control queue is reported: the gate ran, the sketch
    # has no finding
    assert nag_paths(app, tmp_path) == {"Sketch/Insecure/Resource"}


def test_retries_and_event_age_reach_eventbridge_and_lambda_within_its_limits() -> None:
    # GIVEN more retries and a longer event age than Lambda allows for a run
    stack = cdk.Stack(new_app(), "Test")
    _handler_stack(stack, retry_attempts=10, max_event_age=cdk.Duration.hours(12))
    template = Template.from_stack(stack)
    # THEN EventBridge gets them as given and Lambda its maximum (2 retries, 6 hours)
    template.has_resource_properties(
        "AWS::Events::Rule",
        {
            "Targets": [
                Match.object_like(
                    {"RetryPolicy": {"MaximumRetryAttempts": 10, "MaximumEventAgeInSeconds": 43200}}
                )
            ]
        },
    )
    template.has_resource_properties(
        "AWS::Lambda::EventInvokeConfig",
        {"MaximumRetryAttempts": 2, "MaximumEventAgeInSeconds": 21600},
    )


def test_a_pattern_in_eventbridges_own_spelling_is_accepted() -> None:
    stack = cdk.Stack(new_app(), "Test")
    _handler_stack(stack, event_pattern={"source": ["orders"], "detail-type": ["OrderStored"]})
    Template.from_stack(stack).has_resource_properties(
        "AWS::Events::Rule",
        {"EventPattern": {"source": ["orders"], "detail-type": ["OrderStored"]}},
    )


NULL_DETAIL = {"reason": [None], "$or": [{"code": [None, "E1"]}, {"retry": [{"exists": False}]}]}


@pytest.mark.parametrize(
    "pattern",
    [
        {"source": ["orders"], "detail": NULL_DETAIL},
        events.EventPattern(source=["orders"], detail=NULL_DETAIL),
    ],
    ids=["dict", "EventPattern"],
)
def test_a_null_in_a_pattern_matches_null(pattern: Any) -> None:
    # Proves (fuzz): EventBridge's null matching (`"reason": [null]`) was lost: through jsii
    # a None is "undefined", so [None] became [] and [None, "E1"] matched only "E1".
    stack = cdk.Stack(new_app(), "Test")
    _handler_stack(stack, event_pattern=pattern)
    (rule,) = Template.from_stack(stack).find_resources("AWS::Events::Rule").values()
    assert rule["Properties"]["EventPattern"] == {"source": ["orders"], "detail": NULL_DETAIL}


def test_a_dict_pattern_with_operators_and_nulls_in_its_top_level_fields_synthesizes() -> None:
    # Proves (user trial): a pattern copied from EventBridge's console,
    # {"source": [{"prefix": ...}]}, was a raw TypeError from jsii (EventPattern's source
    # takes strings only), and so was a null in such a field.
    stack = cdk.Stack(new_app(), "Test")
    pattern = {
        "source": [{"prefix": "data-team."}, "aws.s3"],
        "detail-type": ["FileValidated", None],
        "detail": {"key": [{"prefix": "incoming/"}], "size": [{"numeric": [">", 0]}]},
    }
    _handler_stack(stack, event_pattern=pattern)
    (rule,) = Template.from_stack(stack).find_resources("AWS::Events::Rule").values()
    assert rule["Properties"]["EventPattern"] == pattern


def test_a_content_filter_built_with_match_is_accepted() -> None:
    stack = cdk.Stack(new_app(), "Test")
    pattern = events.EventPattern(
        source=events.Match.prefix("data-team."),
        detail={"key": events.Match.prefix("incoming/"), "status": ["ok"]},
    )
    _handler_stack(stack, event_pattern=pattern)
    (rule,) = Template.from_stack(stack).find_resources("AWS::Events::Rule").values()
    assert rule["Properties"]["EventPattern"] == {
        "source": [{"prefix": "data-team."}],
        "detail": {"key": [{"prefix": "incoming/"}], "status": ["ok"]},
    }


RULES: list[RuleCase] = [
    ("empty pattern", {"event_pattern": events.EventPattern()}, r"`event_pattern` is empty"),
    ("pattern of the wrong type", {"event_pattern": "orders"}, r"`event_pattern` is a str"),
    (
        "unknown field",
        {"event_pattern": {"sources": ["orders"]}},
        r"`event_pattern` has unknown fields 'sources'; known: source, detail-type",
    ),
    (
        # EventBridge's own top-level $or was told "spell the fields as EventBridge does"
        "top-level $or",
        {"event_pattern": {"$or": [{"source": ["a"]}, {"detail-type": ["b"]}]}},
        r"`event_pattern` has '\$or' at its top level, which EventBridge takes but "
        r"aws-cdk-lib's EventPattern .* has no field for. Fix: put the alternatives inside "
        r"detail .* else build one EventHandler per alternative$",
    ),
    (
        "bare string source",
        {"event_pattern": events.EventPattern(source="orders")},  # type: ignore[arg-type]
        r"`event_pattern.source` is the string 'orders', not a list",
    ),
    (
        "empty list",
        {"event_pattern": events.EventPattern(source=[])},
        r"`event_pattern.source` is an empty list, which matches no event",
    ),
    # Proves (user trial): a content filter EventBridge refuses ("Event pattern is not
    # valid") synthesized silently and failed only at deploy.
    (
        "detail field a bare string",
        {"event_pattern": events.EventPattern(source=["a"], detail={"status": "ok"})},
        r"`event_pattern.detail\['status'\]` is the string 'ok', not a list\. Fix: pass \['ok'\]",
    ),
    (
        "detail field an empty list",
        {"event_pattern": events.EventPattern(source=["a"], detail={"status": []})},
        r"`event_pattern.detail\['status'\]` is an empty list, which matches no event",
    ),
    (
        "nested detail field a number",
        {"event_pattern": {"source": ["a"], "detail": {"file": {"size": 5}}}},
        r"`event_pattern.detail\['file'\]\['size'\]` is 5, an int, not a list.*Fix: pass \[5\]",
    ),
    (
        "operator outside its list",
        {"event_pattern": {"detail": {"key": {"prefix": "incoming/"}}}},
        r"`event_pattern.detail\['key'\]` is the operator \{'prefix': 'incoming/'\} outside a "
        r"list.*Fix: pass \[\{'prefix': 'incoming/'\}\]",
    ),
    (
        "misspelt operator",
        {"event_pattern": {"detail": {"key": [{"prefx": "incoming/"}]}}},
        r"`event_pattern.detail\['key'\]\[0\]` has 'prefx', not an EventBridge comparison "
        r"operator.*Fix: did you mean 'prefix'\?",
    ),
    (
        "two operators in one object",
        {"event_pattern": {"detail": {"size": [{"numeric": [">", 0], "exists": True}]}}},
        r"`event_pattern.detail\['size'\]\[0\]` has 2 operators in one object",
    ),
    # Proves (fix37): a numeric range no number is in synthesized a rule that never fired
    (
        "numeric range of no number",
        {"event_pattern": {"detail": {"size": [{"numeric": [">", 1, "<", 0.5]}]}}},
        r"`event_pattern.detail\['size'\]\[0\]\['numeric'\]` is \['>', 1, '<', 0.5\], which "
        r"no number matches: none is > 1 and < 0.5.*Fix: write the lower bound below the "
        r"upper one, e.g. \{'numeric': \['>', 0.5, '<', 1\]\}",
    ),
    (
        "a list in a list",
        {"event_pattern": {"source": [["a", "b"]]}},
        r"`event_pattern.source\[0\]` is \['a', 'b'\], a list.*Fix: put its items into the "
        r"list itself",
    ),
    (
        "$or not a list",
        {"event_pattern": {"detail": {"$or": {"a": ["x"]}}}},
        r"`event_pattern.detail\['\$or'\]` is \{'a': \['x'\]\}; \$or takes a non-empty list",
    ),
    (
        "detail of a dict pattern a list",
        {"event_pattern": {"source": ["a"], "detail": ["ok"]}},
        r"`event_pattern.detail` is \['ok'\], a list, not an object of fields",
    ),
    # Proves (chat-ops user trial): a rule on the team's pipelines, its source spelt with a
    # hyphen, and on its alarms, spelt in another case, synthesized and never matched
    (
        "misspelt AWS source and detail-type",
        {
            "event_pattern": {
                "source": ["aws.code-pipeline", "aws.cloudwatch"],
                "detail-type": ["CloudWatch alarm state change"],
            }
        },
        r"`event_pattern.source\[0\]` is 'aws.code-pipeline'; AWS spells it 'aws.codepipeline', "
        r"and EventBridge compares exactly, so the rule would never match. Fix: write "
        r"'aws.codepipeline'",
    ),
    ("retries", {"retry_attempts": 186}, r"`retry_attempts` is 186; it must be between 0 and 185"),
    ("event age", {"max_event_age": cdk.Duration.seconds(30)}, r"`max_event_age` is 30 seconds"),
    (  # Proves (docs review): a fraction of a second was aws-cdk-lib's jsii error at synth
        "event age of a fraction of a second",
        {"max_event_age": cdk.Duration.millis(90_500)},
        r"`max_event_age` is 90.5 seconds; it is set in whole seconds",
    ),
    ("event age as int", {"max_event_age": 60}, r"`max_event_age` is 60, an int"),
    ("enabled as a str", {"enabled": "false"}, r"`enabled` is 'false', a str"),
    ("handler", {"handler": echo_handler(memory_mib=1)}, r"`handler.memory_mib` is 1 MiB"),
    (  # Proves (messages review): the fix read "pass a value from 60 to 86400", a number, refused
        "event age fix",
        {"max_event_age": cdk.Duration.seconds(30)},
        r"Fix: pass Duration.seconds\(n\) with n from 60 to 86400",
    ),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(lambda **p: _handler_stack(cdk.Stack(new_app(), "Test"), **p), props, message)


def _s3_pattern(bucket: Any) -> dict[str, Any]:
    return {
        "source": ["aws.s3"],
        "detail-type": ["Object Created"],
        "detail": {"bucket": {"name": [bucket.bucket_name]}},
    }


def test_s3_events_of_a_bucket_without_eventbridge_notifications_are_refused() -> None:
    # Proves (user trial): a pattern naming a bucket created without
    # event_bridge_enabled=True synthesized a rule that never matches (S3 sends nothing)
    from aws_cdk import aws_s3 as s3

    stack = cdk.Stack(new_app(), "Test")
    bucket = s3.Bucket(stack, "Uploads")
    assert_rule(
        lambda **props: _handler_stack(stack, **props),
        {"event_pattern": _s3_pattern(bucket)},
        r"`event_pattern\.detail\['bucket'\]\['name'\]\[0\]` names the bucket Test/Uploads, "
        r"which does not send its events to EventBridge.*"
        r"Fix: create it with s3\.Bucket\(\.\.\., event_bridge_enabled=True\) \(or call "
        r"bucket\.enable_event_bridge_notification\(\) before the EventHandler\)",
    )
    arn_pattern = {"source": ["aws.s3"], "resources": [bucket.bucket_arn]}
    assert_rule(
        lambda **props: EventHandler(stack, "ByArn", handler=HANDLER, **props),
        {"event_pattern": arn_pattern},
        r"`event_pattern\.resources\[0\]` names the bucket Test/Uploads",
    )


def test_s3_events_of_a_bucket_whose_import_turns_eventbridge_on_are_accepted() -> None:
    # Proves (fix41b): EventBridge turned on through an import of the bucket (which keeps a
    # worker's notifications of another import: the bucket's own resource would delete
    # them) was refused as a bucket that does not send its events
    from aws_cdk import aws_s3 as s3

    stack = cdk.Stack(new_app(), "Test")
    bucket = s3.Bucket(stack, "Uploads")
    imported = s3.Bucket.from_bucket_name(stack, "UploadsByName", bucket.bucket_name)
    imported.enable_event_bridge_notification()
    handler = EventHandler(stack, "OnUpload", handler=HANDLER, event_pattern=_s3_pattern(bucket))
    # THEN the rule matches the bucket's objects created (resolved as CloudFormation will)
    pattern = stack.resolve(handler.rule.node.default_child.event_pattern)
    assert pattern["detail"]["bucket"]["name"] == [stack.resolve(bucket.bucket_name)]
    assert pattern["detail-type"] == ["Object Created"]


def test_s3_events_of_named_app_buckets_add_no_aspect_visiting_every_construct() -> None:
    # Proves (review): an EventHandler of a bucket in another stack added an Aspect to its
    # own stack, called back for each of its constructs at synth (449 for a stack of 15
    # workers), waiting for a notifications handler that a pattern of existing buckets
    # never brings; a pattern of every bucket keeps it (a bucket may come later)
    from aws_cdk import aws_s3 as s3

    from constructs_lib._bucket_event_bridge import _LATE_HANDLERS

    app = new_app()
    bucket = s3.Bucket(cdk.Stack(app, "Data"), "Uploads", event_bridge_enabled=True)
    named, every = cdk.Stack(app, "Named"), cdk.Stack(app, "Every")
    _handler_stack(named, event_pattern=_s3_pattern(bucket))
    _handler_stack(every, event_pattern={"source": ["aws.s3"]})
    assert named not in _LATE_HANDLERS
    assert every in _LATE_HANDLERS
    assert [type(a).__name__ for a in cdk.Aspects.of(named).all] == []


@pytest.mark.parametrize(
    "turned_on",
    ["when the bucket is created", "by a bucket created after it"],
)
def test_s3_events_through_eventbridge_need_no_acknowledgement_of_yours(
    tmp_path: Path, turned_on: str
) -> None:
    # Proves (user trial): a bucket with event_bridge_enabled=True brings aws-cdk-lib's
    # BucketNotificationsHandler; the user had to acknowledge its finding on CDK's hashed
    # path and cfn-lint warned W3005 on it. With an EventHandler of the bucket's events
    # both are handled as for BucketEvents.
    # Proves (order review): a bucket created after an EventHandler of every bucket's
    # events left the notifications handler's finding to the user
    from aws_cdk import aws_s3 as s3

    from tests.support import cfn_lint

    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Sketch")

    def bucket() -> s3.Bucket:
        return s3.Bucket(
            stack,
            "Uploads",
            event_bridge_enabled=True,
            enforce_ssl=True,
            server_access_logs_prefix="logs/",
        )

    if turned_on == "by a bucket created after it":
        _handler_stack(stack, event_pattern={"source": ["aws.s3"]})
        bucket()
    else:
        _handler_stack(stack, event_pattern=_s3_pattern(bucket()))
    sqs.Queue(stack, "Insecure")
    assert nag_paths(app, tmp_path) == {"Sketch/Insecure/Resource"}
    template = json.loads((tmp_path / "Sketch.template.json").read_text())
    assert cfn_lint(template) == []
    # AND cdk-nag 2's form of the acknowledgement is on the handler's role too
    (role,) = [
        resource
        for logical_id, resource in template["Resources"].items()
        if logical_id.startswith("BucketNotificationsHandler")
        and resource["Type"] == "AWS::IAM::Role"
    ]
    suppressed = [rule["id"] for rule in role["Metadata"]["cdk_nag"]["rules_to_suppress"]]
    assert "AwsSolutions-IAM4" in suppressed


@pytest.mark.parametrize(("names", "warned"), [(60, False), (65, True)])
def test_a_pattern_past_eventbridges_size_quota_warns(names: int, warned: bool) -> None:
    # Proves (quotas): a rule matching 65 detail types (2057 characters) passed synth and
    # cdk-nag, and EventBridge's "Event pattern size" quota (2048 characters by default,
    # adjustable) failed the deploy half-way; now a warning naming the quota and the fix
    # GIVEN a handler matching many detail types
    stack = new_stack()
    pattern = events.EventPattern(
        source=["shop.orders"],
        detail_type=[f"OrderStatusChangedToState{i:03d}" for i in range(names)],
    )
    EventHandler(stack, "OnOrder", handler=HANDLER, event_pattern=pattern)
    # THEN 60 of them (1902 characters) are fine and 65 warn
    warnings = warnings_of(stack, EVENT_PATTERN_WARNING)
    assert bool(warnings) is warned
    if warned:
        assert "`event_pattern` is 2057 characters" in warnings[0]
        assert "quota 'Event pattern size' is 2048 by default" in warnings[0]
        assert "request a higher 'Event pattern size'" in warnings[0]


def test_a_pattern_s_size_counts_a_deploy_time_value_at_its_longest() -> None:
    # a bucket's name is a Ref until deploy: counted as 63 characters (a name's longest)
    assert pattern_characters({"detail": {"bucket": {"name": [{"Ref": "B"}]}}}) == len(
        '{"detail":{"bucket":{"name":["' + "x" * 63 + '"]}}}'
    )
