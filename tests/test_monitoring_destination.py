"""Alarms follow a destination, dashboards are opt-in: the library's defaults cost $0 at
idle and every alarm that exists notifies someone."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk.assertions import Annotations, Match, Template

from constructs_lib import (
    ConstructError,
    Monitoring,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
)
from constructs_lib.monitoring import ALARM_TOPIC_CONTEXT, DASHBOARD_CONTEXT
from tests.support import SITE, echo_handler, new_app, new_stack

TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ops"


def _every_construct(stack: cdk.Stack, **props: Any) -> list[Any]:
    from constructs_lib import ApiAuth

    return [
        ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam(), **props),
        QueueWorker(stack, "Worker", handler=echo_handler(), **props),
        ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)", **props),
        StaticSite(stack, "Site", source=SITE, **props),
    ]


def test_without_a_destination_nothing_costs_money_and_the_stack_says_why() -> None:
    # GIVEN every construct with its defaults and no alarm topic anywhere
    stack = new_stack()
    constructs = _every_construct(stack)
    template = Template.from_stack(stack)
    # THEN no alarm, no dashboard, and one warning naming the ways to turn alarms on
    template.resource_count_is("AWS::CloudWatch::Alarm", 0)
    template.resource_count_is("AWS::CloudWatch::Dashboard", 0)
    assert all(c.alarms == [] for c in constructs)
    warnings = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp("4 construct\\(s\\) created no alarms")
    )
    assert len(warnings) == 1
    assert "alarm_topic" in str(warnings[0].entry.data)
    # Proves (messages review): the warning said neither why it matters nor how to go
    # without alarms on purpose
    assert "so a failure would page nobody" in str(warnings[0].entry.data)
    assert "pass alarms=False to the constructs (or acknowledge " in str(warnings[0].entry.data)
    # Proves: the warning counted the constructs without naming them
    assert (
        "4 construct(s) created no alarms (ServerlessApi Test/Api, QueueWorker Test/Worker, "
        "ScheduledJob Test/Job, StaticSite Test/Site): they have no destination"
    ) in str(warnings[0].entry.data)


def test_the_warning_names_the_first_few_constructs_and_counts_the_rest() -> None:
    # GIVEN ten workers without a destination
    stack = new_stack()
    for index in range(10):
        QueueWorker(stack, f"Worker{index}", handler=echo_handler())
    # THEN the one warning names three of them and says how many more
    warnings = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp("created no alarms")
    )
    assert len(warnings) == 1
    assert (
        "10 construct(s) created no alarms (QueueWorker Test/Worker0, QueueWorker "
        "Test/Worker1, QueueWorker Test/Worker2 and 7 more): they have no destination"
    ) in str(warnings[0].entry.data)


def _subscribed(topic: sns.Topic) -> sns.Topic:
    topic.add_subscription(subscriptions.EmailSubscription("oncall@example.com"))
    return topic


def test_a_stack_topic_given_afterwards_creates_the_waiting_alarms() -> None:
    # GIVEN constructs without a destination
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    assert worker.alarms == []
    # WHEN the stack gets a topic (someone subscribed)
    topic = _subscribed(sns.Topic(stack, "Topic"))
    Monitoring(stack, alarm_topic=topic)
    # THEN the worker's alarms exist, notify it, and the attribute lists them
    alarms = Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm")
    assert len(alarms) == len(worker.alarms) == 4
    assert not Annotations.from_stack(stack).find_warning("*", Match.any_value())


def test_the_stacks_alarms_read_before_a_topic_list_the_alarms_created_with_it() -> None:
    # Proves (review): Monitoring.alarms became a copy on each read (read-only attributes):
    # kept before the stack's topic was set, it stayed empty while the waiting alarms were
    # created. It is live again, as it was (and as each construct's alarms are).
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    monitoring = Monitoring.of(stack)
    alarms = monitoring.alarms
    assert alarms == [] and monitoring.alarms is alarms
    monitoring.set_alarm_topic(_subscribed(sns.Topic(stack, "Topic")))
    assert len(alarms) == 4 and alarms == worker.alarms
    with pytest.raises(TypeError, match="add_alarms"):
        alarms.append(worker.alarms[0])


def test_a_construct_topic_is_a_destination() -> None:
    stack = new_stack()
    topic = sns.Topic(stack, "Topic")
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), alarm_topic=topic)
    assert len(worker.alarms) == 4


def test_alarms_true_creates_them_without_a_destination_and_false_never() -> None:
    stack = new_stack()
    on = QueueWorker(stack, "On", handler=echo_handler(), alarms=True)
    off = QueueWorker(stack, "Off", handler=echo_handler(), alarms=False)
    Monitoring(stack, alarm_topic=sns.Topic(stack, "Topic"))
    assert len(on.alarms) == 4 and off.alarms == []
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Alarm", 4)


def test_the_app_context_names_the_topic_by_arn_or_by_name() -> None:
    for value, expected in ((TOPIC_ARN, TOPIC_ARN), ("ops", ":sns:")):
        # GIVEN the app-wide topic WHEN a construct has no topic of its own
        stack = cdk.Stack(new_app(**{ALARM_TOPIC_CONTEXT: value}), "Test")
        worker = QueueWorker(stack, "Worker", handler=echo_handler())
        # THEN its alarms notify the app's topic (a name is in the stack's own account)
        assert len(worker.alarms) == 4
        for alarm in Template.from_stack(stack).find_resources("AWS::CloudWatch::Alarm").values():
            assert expected in str(stack.resolve(alarm["Properties"]["AlarmActions"]))


@pytest.mark.parametrize("value", ["ops alarms!", "ops.alarms", "x" * 257, "", False, 0])
def test_an_app_context_topic_that_is_no_topic_name_is_a_construct_error(value: object) -> None:
    # Proves (user trial): `-c constructs_lib:alarm_topic='ops alarms!'` synthesized alarms
    # whose action is the ARN of a topic that cannot exist (CloudWatch refuses it at deploy)
    # Proves (user trial): `-c constructs_lib:alarm_topic=$ALARM_TOPIC` with the variable
    # unset (an empty value), or false in cdk.json, synthesized an app without a single
    # alarm, silently ignored
    stack = cdk.Stack(new_app(**{ALARM_TOPIC_CONTEXT: value}), "Test")
    with pytest.raises(
        ConstructError,
        match=r"Test: `context 'constructs_lib:alarm_topic'` is .*neither an SNS topic ARN "
        r"nor a topic name.*Fix: pass -c constructs_lib:alarm_topic=<topic name>",
    ):
        QueueWorker(stack, "Worker", handler=echo_handler())


@pytest.mark.parametrize("value", ["false", "true", "False"])
def test_an_app_context_topic_that_is_a_switch_is_a_construct_error(value: str) -> None:
    # Proves (docs30): `-c constructs_lib:alarm_topic=false` (the CLI passes the string
    # "false") made every alarm notify a topic named "false"; the README says false is an
    # error, not no topic
    stack = cdk.Stack(new_app(**{ALARM_TOPIC_CONTEXT: value}), "Test")
    with pytest.raises(
        ConstructError,
        match=rf"Test: `context 'constructs_lib:alarm_topic'` is '{value}', a switch, not a "
        r"topic.*Fix: pass -c constructs_lib:alarm_topic=<topic name>.*leave the key out",
    ):
        QueueWorker(stack, "Worker", handler=echo_handler())


def test_a_nested_stack_takes_the_parents_topic_or_the_app_context() -> None:
    # GIVEN a parent stack with a topic, and a nested stack given the same topic
    stack = new_stack()
    topic = _subscribed(sns.Topic(stack, "Topic"))
    Monitoring(stack, alarm_topic=topic)
    nested = cdk.NestedStack(stack, "Inner")
    Monitoring(nested, alarm_topic=topic)
    worker = QueueWorker(nested, "Worker", handler=echo_handler())
    # THEN its constructs alarm to the parent's topic (passed in by a nested stack
    # parameter), without a warning
    assert len(worker.alarms) == 4
    alarms = Template.from_stack(nested).find_resources("AWS::CloudWatch::Alarm").values()
    assert all("Ref" in alarm["Properties"]["AlarmActions"][0] for alarm in alarms)
    assert not Annotations.from_stack(stack).find_warning("*", Match.any_value())
    # AND the app-wide context reaches nested stacks by itself
    stack = cdk.Stack(new_app(**{ALARM_TOPIC_CONTEXT: TOPIC_ARN}), "Test")
    worker = QueueWorker(cdk.NestedStack(stack, "Inner"), "Worker", handler=echo_handler())
    assert len(worker.alarms) == 4


def test_dashboards_are_opt_in_by_monitoring_or_app_context() -> None:
    stack = cdk.Stack(new_app(**{DASHBOARD_CONTEXT: True}), "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Dashboard", 1)
    # a dashboard enabled after the constructs still shows every one of them
    late = new_stack()
    QueueWorker(late, "Worker", handler=echo_handler())
    Monitoring(late, dashboard=True)
    (dashboard,) = Template.from_stack(late).find_resources("AWS::CloudWatch::Dashboard").values()
    assert "QueueWorker Test/Worker" in str(dashboard["Properties"]["DashboardBody"])


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        (
            "yes",
            "pass -c constructs_lib:dashboard=true, or true in cdk.json's context ('yes' "
            "reads as true, but only true and false are taken)",
        ),
        (
            "off",
            "pass -c constructs_lib:dashboard=false, or false in cdk.json's context ('off' "
            "reads as false, but only true and false are taken)",
        ),
        (
            "1",
            "pass -c constructs_lib:dashboard=true, or true in cdk.json's context ('1' "
            "reads as true, but only true and false are taken)",
        ),
        (
            "maybe",
            "pass -c constructs_lib:dashboard=true (or false), or true in cdk.json's context",
        ),
        ("", "pass -c constructs_lib:dashboard=true (or false), or true in cdk.json's context"),
    ],
)
def test_a_dashboard_context_that_is_neither_true_nor_false_is_a_construct_error(
    value: str, fix: str
) -> None:
    # Proves (user trial): `-c constructs_lib:dashboard=yes` synthesized silently without a
    # dashboard (only True and "true" were read); (papercuts50) the fix names the value
    # meant where the text reads one way
    stack = cdk.Stack(new_app(**{DASHBOARD_CONTEXT: value}), "Test")
    with pytest.raises(ConstructError) as raised:
        QueueWorker(stack, "Worker", handler=echo_handler())
    (problem,) = raised.value.problems
    assert (problem.path, problem.prop, problem.message, problem.fix) == (
        "Test",
        "context 'constructs_lib:dashboard'",
        f"is {value!r}; it must be true or false (any case)",
        fix,
    )


@pytest.mark.parametrize(
    ("value", "dashboards"),
    [("true", 1), ("True", 1), ("TRUE\n", 1), ("false", 0), ("False", 0), (" FALSE ", 0)],
)
def test_a_dashboard_context_of_true_or_false_in_any_case_is_taken(
    value: str, dashboards: int
) -> None:
    # Proves (papercuts50): `-c constructs_lib:dashboard=True` (a Python habit) was refused
    # while "true" was taken; aws-cdk-lib's own feature flags take any text as set (its
    # FeatureFlags.isEnabled reads the value's truthiness), so the library takes true and
    # false in any case (the CLI passes -c values as text, never as JSON)
    stack = cdk.Stack(new_app(**{DASHBOARD_CONTEXT: value}), "Test")
    QueueWorker(stack, "Worker", handler=echo_handler())
    Template.from_stack(stack).resource_count_is("AWS::CloudWatch::Dashboard", dashboards)


def test_a_misspelt_context_key_is_a_construct_error_with_the_closest_key() -> None:
    # Proves (user trial): `-c constructs_lib:alarmTopic=ops` (or `dashbaord`) was ignored
    # without a word: no alarms, no dashboard
    stack = cdk.Stack(new_app(**{"constructs_lib:alarmTopic": "ops"}), "Test")
    with pytest.raises(
        ConstructError,
        match=r"Test: `context 'constructs_lib:alarmTopic'` is not a context key "
        r"constructs_lib reads \(it would be ignored\).*"
        r"Fix: did you mean 'constructs_lib:alarm_topic'\?",
    ):
        QueueWorker(stack, "Worker", handler=echo_handler())
    # AND every key the library reads, and other libraries' keys, are accepted
    stack = cdk.Stack(
        new_app(
            **{
                ALARM_TOPIC_CONTEXT: TOPIC_ARN,
                DASHBOARD_CONTEXT: "false",
                "constructs_lib:bundling_platform": "lambda",
                "other_library:setting": "x",
            }
        ),
        "Test",
    )
    assert len(QueueWorker(stack, "Worker", handler=echo_handler()).alarms) == 4


def test_widgets_are_built_only_once_the_stack_has_a_dashboard() -> None:
    # GIVEN a section whose widgets are counted as they are built
    stack = new_stack()
    built: list[str] = []

    def widgets() -> list[cloudwatch.IWidget]:
        built.append("row")
        return [cloudwatch.TextWidget(markdown="counted", width=24, height=1)]

    monitoring = Monitoring.of(stack)
    monitoring.add_section("Counted", widgets)
    # THEN without a dashboard nothing is built (widgets are jsii objects: synth time)
    assert built == []
    # WHEN a dashboard comes later THEN the row is built once and shown
    monitoring.enable_dashboard()
    monitoring.enable_dashboard()
    assert built == ["row"]
    (dashboard,) = Template.from_stack(stack).find_resources("AWS::CloudWatch::Dashboard").values()
    assert "counted" in str(dashboard["Properties"]["DashboardBody"])


@pytest.mark.parametrize("service", ["sqs", "lambda"])
def test_an_alarm_topic_imported_from_another_services_arn_is_named(service: str) -> None:
    # Proves (user trial): Topic.from_topic_arn of a queue's (or function's) ARN as the
    # stack's or a construct's alarm topic synthesized; CloudWatch refuses it at deploy
    arn = f"arn:aws:{service}:eu-west-1:123456789012:web-alarms"
    message = (
        rf"`alarm_topic` was imported from '{arn}', the ARN of '{service}', not of an SNS "
        r"topic .*CloudWatch refuses it as an alarm action\. Fix: pass sns.Topic.from_topic_arn"
    )
    stack = new_stack()
    with pytest.raises(ConstructError, match=message):
        Monitoring(stack, alarm_topic=sns.Topic.from_topic_arn(stack, "T", arn))
    with pytest.raises(ConstructError, match=message):
        QueueWorker(
            stack,
            "Worker",
            handler=echo_handler(),
            alarm_topic=sns.Topic.from_topic_arn(stack, "T2", arn),
        )


def _own_alarm(stack: cdk.Stack) -> cloudwatch.Alarm:
    metric = cloudwatch.Metric(namespace="Team", metric_name="Backlog")
    return cloudwatch.Alarm(stack, "Backlog", metric=metric, threshold=1, evaluation_periods=1)


def test_own_alarms_that_notify_nobody_are_named_in_a_warning() -> None:
    # Proves (user trial): Monitoring.of(stack).add_alarms([alarm]) in a stack without a
    # topic synthesized an alarm that notifies nobody, without a word
    stack = new_stack()
    Monitoring.of(stack).add_alarms([_own_alarm(stack)])
    warnings = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp("add_alarms got alarms that notify nobody")
    )
    assert len(warnings) == 1
    assert "Backlog" in str(warnings[0].entry.data)


def test_the_own_alarms_warning_names_an_acknowledgement_that_silences_it() -> None:
    # Proves (messages review): the warning said neither why it matters nor how to keep
    # alarms that notify nobody on purpose; the id it names is the one that silences it
    stack = new_stack()
    Monitoring.of(stack).add_alarms([_own_alarm(stack)])
    warning = Annotations.from_stack(stack).find_warning("*", Match.any_value())[0]
    text = str(warning.entry.data)
    assert "so they would page nobody" in text
    acknowledged = text.rpartition("acknowledge '")[2].partition("'")[0]
    assert acknowledged == "constructs_lib:alarmsWithoutDestinationOwn"
    quiet = new_stack()
    Monitoring.of(quiet).add_alarms([_own_alarm(quiet)])
    cdk.Annotations.of(quiet).acknowledge_warning(acknowledged, "a team dashboard alarm")
    assert Annotations.from_stack(quiet).find_warning("*", Match.any_value()) == []


@pytest.mark.parametrize("destination", ["stack topic later", "topic=", "own action"])
def test_own_alarms_with_a_destination_give_no_warning(destination: str) -> None:
    from aws_cdk import aws_cloudwatch_actions as actions

    stack = new_stack()
    alarm = _own_alarm(stack)
    if destination == "own action":
        alarm.add_alarm_action(actions.SnsAction(sns.Topic(stack, "Mine")))
    topic = sns.Topic(stack, "Given") if destination == "topic=" else None
    Monitoring.of(stack).add_alarms([alarm], topic=topic)
    if destination == "stack topic later":
        Monitoring(stack, alarm_topic=sns.Topic(stack, "Ops"))
    warnings = Annotations.from_stack(stack).find_warning(
        "*", Match.string_like_regexp("notify nobody")
    )
    assert warnings == []


@pytest.mark.parametrize("subscriber", [None, "email", "queue", "another stack", "imported"])
def test_alarms_notifying_a_topic_nobody_subscribes_to_get_a_warning(
    subscriber: str | None,
) -> None:
    # Proves (user trial): Monitoring(stack, alarm_topic=sns.Topic(stack, "Pager")) with no
    # subscription synthesized alarms that page nobody, without a word
    from aws_cdk import aws_sqs as sqs

    from constructs_lib._monitoring_warning import UNSUBSCRIBED_TOPIC_WARNING

    stack = new_stack()
    topic = sns.Topic(stack, "Pager")
    if subscriber == "imported":  # someone else's topic, subscribed where it lives
        topic = sns.Topic.from_topic_arn(stack, "Ops", TOPIC_ARN)  # type: ignore[assignment]
    Monitoring(stack, alarm_topic=topic)
    QueueWorker(stack, "Worker", handler=echo_handler())
    if subscriber == "email":
        topic.add_subscription(subscriptions.EmailSubscription("oncall@example.com"))
    elif subscriber == "queue":
        topic.add_subscription(subscriptions.SqsSubscription(sqs.Queue(stack, "Inbox")))
    elif subscriber == "another stack":
        sns.Subscription(
            cdk.Stack(stack.node.root, "Paging"),
            "Pager",
            topic=topic,
            endpoint="https://pager.example.com/hook",
            protocol=sns.SubscriptionProtocol.HTTPS,
        )
    warnings = Annotations.from_stack(stack).find_warning(
        "/Test", Match.string_like_regexp("alarms notify a topic with no subscription")
    )
    if subscriber is not None:
        assert warnings == []
        return
    (warning,) = warnings
    assert "(Test/Pager): an alarm would page nobody" in str(warning.entry.data)
    assert f"acknowledge '{UNSUBSCRIBED_TOPIC_WARNING}'" in str(warning.entry.data)


def test_an_alarm_topic_encrypted_with_snss_aws_managed_key_is_a_construct_error() -> None:
    # Proves (user trial): an alarm topic encrypted with alias/aws/sns (to please cdk-nag's
    # SNS encryption rule) synthesized; CloudWatch cannot use that key, so every alarm's
    # notification would fail at 3 a.m.
    from aws_cdk import aws_kms as kms

    for build in (
        lambda s, t: Monitoring(s, alarm_topic=t),
        lambda s, t: QueueWorker(s, "Worker", handler=echo_handler(), alarm_topic=t),
    ):
        stack = new_stack()
        managed = kms.Alias.from_alias_name(stack, "Managed", "alias/aws/sns")
        topic = _subscribed(sns.Topic(stack, "Pager", master_key=managed))
        with pytest.raises(
            ConstructError,
            match=r"`alarm_topic` is encrypted with the AWS managed key alias/aws/sns, whose "
            r"key policy does not let CloudWatch use it.*Fix: encrypt the topic with a "
            r"kms.Key of the app",
        ):
            build(stack, topic)


@pytest.mark.parametrize(
    "imported",
    [
        lambda s, arn: sns.Topic.from_topic_attributes(
            s, "Pager", topic_arn=TOPIC_ARN, key_arn=arn
        ),
        lambda s, arn: sns.Topic(s, "Pager", master_key=_key_from_arn(s, arn)),
    ],
    ids=["topic imported with key_arn", "key imported by its ARN"],
)
def test_an_alarm_topic_of_snss_aws_managed_key_by_its_alias_arn_is_a_construct_error(
    imported: Any,
) -> None:
    # Proves (brownfield trial): the ops team's topic, encrypted with the console's default
    # key and imported with key_arn='arn:aws:kms:...:alias/aws/sns', synthesized with a
    # warning asking the key's owner to add CloudWatch's statement, which AWS's policy of
    # its managed key never takes: every notification failed
    stack = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    topic = imported(stack, "arn:aws:kms:eu-west-1:123456789012:alias/aws/sns")
    with pytest.raises(
        ConstructError,
        match=r"`alarm_topic` is encrypted with the AWS managed key alias/aws/sns, whose "
        r"key policy does not let CloudWatch use it",
    ) as raised:
        Monitoring(stack, alarm_topic=topic)
    # Proves (bad45): an existing topic was told to "leave master_key out", which it has
    # not: dropping key_arn from the import synthesized, and every notification failed
    fix = str(raised.value).partition("Fix: ")[2]
    if isinstance(topic, sns.Topic):
        assert fix.startswith("encrypt the topic with a kms.Key of the app")
    else:
        assert fix == (
            "encrypt that topic again with a customer managed key whose key policy lets "
            "cloudwatch.amazonaws.com use it (and import it with that key's ARN), or give "
            "the alarms a topic of the app"
        )


def test_an_alarm_topic_of_a_customer_key_by_its_alias_arn_still_warns_of_its_policy() -> None:
    # the rule above refuses AWS's key only: a key of the team's, even by its alias, is one
    # whose owner can add CloudWatch's statement
    stack = new_stack(env=cdk.Environment(account="123456789012", region="eu-west-1"))
    for name, arn in (
        ("Ops", "arn:aws:kms:eu-west-1:123456789012:alias/ops-alarms"),
        ("Aws", "arn:aws:kms:eu-west-1:123456789012:alias/aws-sns-team"),
    ):
        topic = sns.Topic.from_topic_attributes(
            stack, name, topic_arn=f"{TOPIC_ARN[:-3]}{name.lower()}", key_arn=arn
        )
        QueueWorker(stack, f"Worker{name}", handler=echo_handler(), alarm_topic=topic)
    warnings = _key_policy_warnings(stack)
    assert len(warnings) == 2
    assert all("Fix: request that the key's owner add it" in w for w in warnings)


def _key_from_arn(stack: cdk.Stack, arn: str) -> Any:
    from aws_cdk import aws_kms as kms

    return kms.Key.from_key_arn(stack, "PagerKey", arn)


def test_the_apps_kms_key_of_an_alarm_topic_lets_cloudwatch_use_it() -> None:
    # Proves (user trial): with a kms.Key of the app, the key policy did not let CloudWatch
    # use it (AWS's documented statement), so no notification was delivered
    from aws_cdk import aws_kms as kms

    stack = new_stack()
    key = kms.Key(stack, "PagerKey", enable_key_rotation=True)
    topic = _subscribed(sns.Topic(stack, "Pager", master_key=key))
    Monitoring(stack, alarm_topic=topic)
    QueueWorker(stack, "Worker", handler=echo_handler(), alarm_topic=topic)
    (policy,) = [
        k["Properties"]["KeyPolicy"]
        for k in Template.from_stack(stack).find_resources("AWS::KMS::Key").values()
    ]
    cloudwatch_statements = [
        s for s in policy["Statement"] if s["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    ]
    assert cloudwatch_statements == [
        {
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Resource": "*",
        }
    ]


_PAGER_KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"


def _key_policy_warnings(stack: cdk.Stack) -> list[str]:
    return [
        str(w.entry.data)
        for w in Annotations.from_stack(stack).find_warning(
            "*", Match.string_like_regexp("cloudwatch.amazonaws.com")
        )
    ]


@pytest.mark.parametrize("how", ["imported topic with its key", "topic of an imported key"])
def test_an_alarm_topics_imported_key_warns_with_the_statement_its_owner_adds(how: str) -> None:
    # Proves (trial39brownfield): an existing KMS-encrypted alarm topic, imported with its
    # key, synthesized without a word, while CloudWatch could deliver no notification until
    # the key's owner lets it use the key (the app's own key gets the statement)
    from aws_cdk import aws_kms as kms

    stack = new_stack(env=cdk.Environment(account="123456789012", region="us-east-1"))
    topic = (
        sns.Topic.from_topic_attributes(
            stack, "Pager", topic_arn="arn:aws:sns:us-east-1:123456789012:ops", key_arn=_PAGER_KEY
        )
        if how == "imported topic with its key"
        else _subscribed(
            sns.Topic(stack, "Pager", master_key=kms.Key.from_key_arn(stack, "Key", _PAGER_KEY))
        )
    )
    Monitoring(stack, alarm_topic=topic)
    QueueWorker(stack, "Worker", handler=echo_handler())
    (warning,) = _key_policy_warnings(stack)
    assert (
        f"The KMS key {_PAGER_KEY} is imported: its key policy is its owner's, and "
        "cloudwatch.amazonaws.com needs this statement in it to deliver the alarms' "
        'notifications: {"Effect": "Allow", "Principal": {"Service": '
        '"cloudwatch.amazonaws.com"}, "Action": ["kms:GenerateDataKey", "kms:Decrypt"], '
        '"Resource": "*"}. Fix: request that the key\'s owner add it'
    ) in warning


def test_an_alarm_topic_without_a_known_key_or_with_the_apps_key_does_not_warn() -> None:
    # the shapes beside it: a topic imported by ARN alone (its key unknown here) and one
    # encrypted with a key of the app, which gets the statement
    from aws_cdk import aws_kms as kms

    stack = new_stack()
    imported = sns.Topic.from_topic_arn(stack, "Ops", "arn:aws:sns:us-east-1:123456789012:ops")
    own = _subscribed(sns.Topic(stack, "Pager", master_key=kms.Key(stack, "PagerKey")))
    QueueWorker(stack, "Worker", handler=echo_handler(), alarm_topic=imported)
    QueueWorker(stack, "Other", handler=echo_handler(), alarm_topic=own)
    assert _key_policy_warnings(stack) == []
