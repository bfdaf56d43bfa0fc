"""Handler links and ``link()``: every rule, asserted by its message; all problems at once."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Match, Template

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Handler,
    Link,
    QueueWorker,
    ServerlessApi,
    TableOptions,
    _defaults,
)
from tests.support import (
    ECHO,
    InStack,
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    in_stack,
    new_stack,
    rule_cases,
)
from tests.template_support import variables_of


def _table(stack: cdk.Stack, id: str = "Orders") -> dynamodb.Table:
    key = dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING)
    return _defaults.table(stack, id, partition_key=key)


def _worker(links: Any = (), **handler: Any) -> QueueWorker:
    stack = new_stack()
    built = in_stack({"links": links}, stack)["links"]
    return QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=built, **handler))


def _links(make: Any) -> InStack:
    return InStack(make)


TOPIC = _links(lambda s: [Link.put(sns.Topic(s, "Alerts"))])
CASES: list[RuleCase] = [
    (
        # Proves (quotas): links filling Lambda's 4 KB environment were told only "move
        # large values to SSM Parameter Store", which no link is
        "links past lambda's 4 KB environment",
        # (with a literal value that fills most of it: the links' ARNs alone only warn,
        # constructs_lib:environmentSizeEstimate, tests/test_papercuts51.py)
        {
            "links": _links(lambda s: [sns.Topic(s, f"Topic{i}") for i in range(40)]),
            "environment": {"BIG": "x" * 4000},
        },
        r"`handler.environment` is at least \d+ bytes .*at most 4096\. Fix: .*; the 40 links "
        r"add a variable each \(about \d+ bytes of values\): split the work over functions "
        r"that link fewer targets each",
    ),
    ("a string", {"links": ["orders"]}, r"`handler.links\[0\]` is 'orders', a str; a link is a "),
    (
        "not a list",
        {"links": _links(_table)},
        r"`handler.links` is one link \(of the aws_dynamodb.Table 'Test/Orders'\), not a list",
    ),
    (
        "unsupported construct",
        {"links": _links(lambda s: [logs.LogGroup(s, "Logs")])},
        r"`handler.links\[0\]` is the aws_logs.LogGroup 'Test/Logs'; a link is a QueueWorker, a "
        r"ServerlessApi with a table, a dynamodb table, an s3 bucket",
    ),
    # Proves (novice43): an SES identity (a worker sending emails) was told only "pass e.g.
    # links=[worker, table]", nothing on how to grant what no link covers
    (
        "a resource no link covers",
        {"links": _links(lambda s: [logs.LogGroup(s, "Logs")])},
        r"Fix: pass e.g. links=\[worker, table\]; grant a resource no link covers after "
        r"construction, to the construct's `function`: with the resource's own grant method, "
        r"or function.add_to_role_policy\(...\)",
    ),
    (
        "a string is no resource to grant",
        {"links": ["orders"]},
        r"a link is a .*\. Fix: pass e.g. links=\[worker, table\]$",
    ),
    (
        "wrong access",
        {"links": TOPIC},
        r"`handler.links\[0\]` is Link.put\(...\) of the topic Test/Alerts; a topic link "
        r"gives publish \(default publish\).*Fix: use the topic itself or Link.to\(topic, env",
    ),
    # Proves (review): "a event bus link" in the message
    (
        "wrong access on an event bus",
        {"links": _links(lambda s: [Link.put(events.EventBus(s, "Bus"))])},  # type: ignore[arg-type]
        r"`handler.links\[0\]` is Link.put\(...\) of the event bus Test/Bus; an event bus link "
        r"gives publish \(default publish\)",
    ),
    # Proves (sweep25): Link(bucket, access=7) (or "   ") was shown as "Link.7(...)"
    (
        "access not a name",
        {"links": _links(lambda s: [Link(s3.Bucket(s, "B"), access=7)])},  # type: ignore[arg-type]
        r"`handler.links\[0\]` is Link\(\.\.\., access=7\) of the bucket Test/B; a bucket link "
        r"gives read_write or read or put",
    ),
    # Proves (bad43): Link(table, access="READ") was shown as "Link.READ(...)", a factory
    # Link has not: only a factory's access is shown as its call
    (
        "access in upper case",
        {"links": _links(lambda s: [Link(s3.Bucket(s, "B"), access="READ")])},
        r"`handler.links\[0\]` is Link\(\.\.\., access='READ'\) of the bucket Test/B; a bucket "
        r"link gives read_write or read or put",
    ),
    (
        "write to a bucket",
        {"links": _links(lambda s: [Link.write(s3.Bucket(s, "B"))])},
        r"a bucket link gives read_write or read or put or export \(default read_write\).*Fix: "
        r"use Link.read_write\(bucket\), Link.read\(bucket\), Link.put\(bucket\), "
        r"Link.export\(bucket\)",
    ),
    (
        "prefix on a table",
        {"links": _links(lambda s: [Link.read(_table(s), prefix="x/")])},
        r"has prefix='x/'; a prefix is a string and narrows bucket links only",
    ),
    (
        "wildcard prefix",
        {"links": _links(lambda s: [Link.read(s3.Bucket(s, "B"), prefix="x/*")])},
        r"has prefix='x/\*'.*pass a literal key prefix",
    ),
    # Proves (sweep): a prefix with '?' (or '${') synthesized, and IAM read it as a
    # wildcard (a policy variable) in the grant: Link.read(b, prefix="a?b/") covered "aXb/".
    (
        "prefix with an IAM one-character wildcard",
        {"links": _links(lambda s: [Link.read(s3.Bucket(s, "B"), prefix="a?b/")])},
        r"has prefix='a\?b/', with '\?', a wildcard for any one character in an IAM policy "
        r".*other keys than the ones under the prefix written.*Fix: pass a literal key prefix",
    ),
    (
        "prefix with a policy variable",
        {"links": _links(lambda s: [Link.put(s3.Bucket(s, "B"), prefix="${aws:username}/")])},
        r"has prefix='\$\{aws:username\}/', with '\$\{', which starts a policy variable",
    ),
    # Proves (user trial): Link.put(bucket, prefix="/exports/") granted s3:PutObject on
    # "<bucket>//exports/*" silently: the function's puts to "exports/..." were denied.
    (
        "prefix with a leading slash",
        {"links": _links(lambda s: [Link.put(s3.Bucket(s, "B"), prefix="/exports/")])},
        r"has prefix='/exports/', which starts with '/'; S3 object keys do not.*"
        r"Fix: pass prefix='exports/'",
    ),
    (
        "bad env",
        {"links": _links(lambda s: [Link.to(_table(s), env="orders-table")])},
        r"has env='orders-table', not a valid variable name",
    ),
    (
        "api without a table",
        {
            "links": _links(
                lambda s: [
                    ServerlessApi(s, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
                ]
            )
        },
        r"is the ServerlessApi Test/Api, which has no table",
    ),
    (
        "two targets, one name",
        {
            "links": _links(
                lambda s: [Link.to(_table(s), env="DATA"), Link.to(_table(s, "Other"), env="DATA")]
            )
        },
        r"`handler.links\[1\]` would set 'DATA', which handler.links\[0\] sets to another "
        r"target.*Fix: name it: Link.to\(..., env='OTHER_TABLE_NAME'\)",
    ),
    # Proves (user trial): these said "which the function already has" and, for a name
    # of the Handler's environment or the QueueWorker's own QUEUE_URL, to "leave this link
    # out if the function links the table already", which it did not: the message names
    # what sets the variable, and offers leaving the link out only for an earlier link
    (
        "a name the environment has",
        {"links": _links(lambda s: [_table(s)]), "environment": {"ORDERS_TABLE_NAME": "x"}},
        r"`handler.links\[0\]` would set 'ORDERS_TABLE_NAME', which the Handler's "
        r"`environment` sets already\. Fix: name it: Link.to\(..., env='OTHER_TABLE_NAME'\)$",
    ),
    (
        "a name the construct sets",
        {"links": _links(lambda s: [Link.to(_table(s), env="QUEUE_URL")])},
        r"would set 'QUEUE_URL', which the QueueWorker itself sets already\. "
        r"Fix: name it: Link.to\(..., env='OTHER_TABLE_NAME'\)$",
    ),
    (  # Proves: Handler(links=[q, q]) dropped the second link in silence, while linking a
        # target twice with link(...) was an error
        "the same link twice",
        {"links": _links(lambda s: [(t := _table(s)), Link.read(s3.Bucket(s, "B")), t])},
        r"`handler.links\[2\]` repeats `handler.links\[0\]`: the same read_write link to the "
        r"table Test/Orders\. Fix: list each link once \(was another target meant\?\)",
    ),
    (
        "the same Link twice",
        {"links": _links(lambda s: [Link.read(b := s3.Bucket(s, "B")), Link.read(b)])},
        r"`handler.links\[1\]` repeats `handler.links\[0\]`: the same read link to the bucket",
    ),
    (  # Proves (docs30): the fix said Link.to(...), whose default access (read_write)
        # is wider than the Link.read given
        "a name the construct sets, with a narrower access",
        {"links": _links(lambda s: [Link.read(_table(s), env="QUEUE_URL")])},
        r"would set 'QUEUE_URL', which the QueueWorker itself sets already\. "
        r"Fix: name it: Link.read\(..., env='OTHER_TABLE_NAME'\)$",
    ),
    (
        "an id that names no variable, with a narrower access",
        {"links": _links(lambda s: [Link.read(_table(s, "1st"))])},
        r"cannot name its variable after the construct id '1st'.*"
        r"Fix: name it: Link.read\(..., env='MY_TABLE_NAME'\)",
    ),
    (
        "a reserved name",
        {"links": _links(lambda s: [Link.to(_table(s), env="AWS_REGION")])},
        r"would set 'AWS_REGION', which the Lambda runtime reserves",
    ),
    (
        "an id that names no variable",
        {"links": _links(lambda s: [_table(s, "1st")])},
        r"cannot name its variable after the construct id '1st'.*env='MY_TABLE_NAME'",
    ),
    (  # Proves (bad inputs, round 38): an id of no ASCII letter or digit named the
        # variable TABLE_NAME, which said nothing about which table
        "an id of no letter or digit",
        {"links": _links(lambda s: [_table(s, "\U0001f4e6")])},
        r"cannot name its variable after the construct id '\U0001f4e6'.*env='MY_TABLE_NAME'",
    ),
    (
        "an id of symbols only",
        {"links": _links(lambda s: [_table(s, "--")])},
        r"cannot name its variable after the construct id '--'.*env='MY_TABLE_NAME'",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_worker, props, message)


def test_every_problem_at_once() -> None:
    stack = new_stack()
    table = _table(stack)
    handler = Handler(
        code=ECHO,
        links=["orders", Link.put(table), Link.to(table, env="QUEUE_URL")],
    )
    error = assert_every_problem(
        lambda: QueueWorker(stack, "Worker", handler=handler),
        {},
        "Test/Worker",
        ["handler.links[0]", "handler.links[1]", "handler.links[2]"],
    )
    assert "Link.put(...) of the table Test/Orders" in str(error)


def test_the_same_target_twice_under_one_name_is_one_variable() -> None:
    # GIVEN a bucket linked twice: read under one prefix, put under another
    stack = new_stack()
    bucket = s3.Bucket(stack, "Uploads")
    links = [Link.read(bucket, prefix="incoming/"), Link.put(bucket, prefix="processed/")]
    QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=links))
    # THEN both grants apply and the one variable is set once
    template = Template.from_stack(stack)
    bucket_id = stack.get_logical_id(bucket.node.default_child)
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Environment": {
                "Variables": Match.object_like({"UPLOADS_BUCKET_NAME": {"Ref": bucket_id}})
            }
        },
    )
    statements = template.find_resources("AWS::IAM::Policy")
    rendered = str(statements)
    assert "/incoming/*" in rendered and "/processed/*" in rendered


def test_link_after_construction_checks_the_same_rules() -> None:
    stack = new_stack()
    table = _table(stack)
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[table]))
    # a name the function has (its QUEUE_URL, the first link's), a wrong access, not a target
    with pytest.raises(ConstructError) as raised:
        worker.link(Link.to(table), Link.to(table, env="QUEUE_URL"), Link.put(table), "x")
    assert [p.prop for p in raised.value.problems] == [
        "links[0]",
        "links[1]",
        "links[2]",
        "links[3]",
    ]
    message = str(raised.value)
    assert (
        f"would set 'ORDERS_TABLE_NAME', which the link to the table {stack.node.path}/Orders "
        "sets already" in message
    )


def test_a_link_after_construction_names_the_environment_setting_its_variable() -> None:
    # Proves (user trial): worker.link(Link.to(topic, env="QUEUE_URL")) said "which the
    # function already has" and to leave the link out if the function linked the topic
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO))
    with pytest.raises(
        ConstructError,
        match=r"`links\[0\]` would set 'QUEUE_URL', which the function's environment sets "
        r"already\. Fix: name it: Link.to\(..., env='OTHER_TOPIC_ARN'\)$",
    ):
        worker.link(Link.to(sns.Topic(stack, "Topic"), env="QUEUE_URL"))


def test_linking_a_target_twice_says_to_leave_the_second_link_out() -> None:
    # Proves (user trial): worker.link(topic) for a topic the Handler already linked said
    # only "name it: Link.to(..., env='OTHER_TOPIC_ARN')", a second variable for one topic
    stack = new_stack()
    table = _table(stack)
    worker = QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[table]))
    with pytest.raises(ConstructError) as raised:
        worker.link(table)
    assert (
        f"or leave this link out if the function links the table {stack.node.path}/Orders "
        "already (a link is made once" in str(raised.value)
    )


def test_a_link_after_the_app_was_synthesized_is_refused() -> None:
    # Proves (user trial): worker.link(table) after template_snapshot(stack) (or app.synth())
    # returned silently; CDK keeps the first synthesis, so the grant and the variable were in
    # no template (acknowledge and enable_checks refused the same order already)
    stack = new_stack()
    table = _table(stack)
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    Template.from_stack(stack)
    with pytest.raises(
        ConstructError,
        match=r"Test/Worker: `link` is called on a construct of an app synthesized already "
        r"\(by app.synth\(\), .*so the link would be in no template\. Fix: call link\(\.\.\.\) "
        r"before anything synthesizes the app",
    ):
        worker.link(table)


def test_api_link_names_only_its_routes() -> None:
    stack = new_stack()
    api = ServerlessApi(
        stack,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(partition_key="id"),
    )
    # each unknown key by its index, with the nearest route key (methods53: as
    # add_rollback_alarm names them; the whole list was quoted)
    with pytest.raises(
        ConstructError,
        match=r"`routes\[0\]` is 'POST /a', not a route key of this API\. "
        r"Fix: change it to 'GET /a' \(the nearest route key\)",
    ):
        api.link(_table(stack), routes=["POST /a"])
    with pytest.raises(ConstructError, match=r"`routes` is 'GET /a', not a list"):
        api.link(_table(stack, "Other"), routes="GET /a")
    # Proves (messages review): a construct as routes was shown by its repr
    with pytest.raises(ConstructError, match=r"`routes` is the Stack 'Test', not a list of this"):
        api.link(_table(stack, "Third"), routes=stack)  # type: ignore[arg-type]


def test_link_takes_the_targets_themselves_and_at_least_one() -> None:
    # Proves (fuzz): worker.link([table]) was "a link is a QueueWorker, ..." with the fix
    # "pass e.g. links=[worker, table]", which link() does not take; worker.link() with no
    # target silently linked nothing
    stack = new_stack()
    table = _table(stack)
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    with pytest.raises(ConstructError, match=r"`links\[0\]` is a list; link\(\) takes the targets"):
        worker.link([table])  # type: ignore[arg-type]
    with pytest.raises(ConstructError, match=r"`links` are missing: link\(\) was called without"):
        worker.link()
    worker.link(table)  # neither attempt left anything behind
    variables = Template.from_stack(stack).find_resources("AWS::Lambda::Function")
    assert [
        name
        for function in variables.values()
        for name in function["Properties"]["Environment"]["Variables"]
        if name.endswith("TABLE_NAME")
    ] == ["ORDERS_TABLE_NAME"]


# --- links across stacks: one way only (each makes the linking stack depend on the other)


def _stacks(*names: str) -> list[cdk.Stack]:
    app = cdk.App()
    return [cdk.Stack(app, name) for name in names]


def _api(stack: cdk.Stack, links: Any = ()) -> ServerlessApi:
    return ServerlessApi(
        stack,
        "Api",
        routes={"POST /orders": Handler(code=ECHO, links=links)},
        table=TableOptions(partition_key="id"),
        auth=ApiAuth.iam(),
    )


def test_links_both_ways_across_two_stacks_are_a_construct_error_naming_the_first() -> None:
    # Proves: this synthesized until aws-cdk-lib's prepare step, then failed with jsii's
    # "DependencyCycle: 'A' depends on 'B' (...)", naming no link and no fix.
    a, b = _stacks("A", "B")
    worker = QueueWorker(a, "Worker", handler=Handler(code=ECHO))
    api = _api(b, links=[worker])  # B imports the queue: B depends on A
    with pytest.raises(ConstructError) as raised:
        worker.link(api)  # A would import the table: A depends on B
    (problem,) = raised.value.problems
    assert str(problem).startswith(
        "A/Worker: `links[0]` is the table B/Api, of stack B, which already depends on stack "
        "A (B/Api/Handler/Function links queue A/Worker (send)): links both ways across "
        "stacks are a dependency cycle that CloudFormation cannot deploy. Fix: link one way "
        "only across stacks: build both in one stack"
    )


def test_a_ring_through_links_and_add_dependency_is_a_cycle_too() -> None:
    a, b, c = _stacks("A", "B", "C")
    worker = QueueWorker(a, "Worker", handler=Handler(code=ECHO))
    QueueWorker(b, "Relay", handler=Handler(code=ECHO, links=[worker]))  # B depends on A
    c.add_stack_dependency(b)  # C depends on B
    api = _api(c)
    with pytest.raises(ConstructError) as raised:
        worker.link(api)  # A would depend on C: A -> C -> B -> A
    (problem,) = raised.value.problems
    assert str(problem).startswith(
        "A/Worker: `links[0]` is the table C/Api, of stack C, which already depends on stack "
        "A (C depends on B (a stack dependency); B/Relay/Handler/Function links queue A/Worker "
        "(send)):"
    )


def test_one_way_links_across_stacks_and_two_way_links_in_one_stack_stay_valid() -> None:
    a, b = _stacks("A", "B")
    worker = QueueWorker(a, "Worker", handler=Handler(code=ECHO))
    api = _api(a, links=[worker])
    worker.link(api)  # both ways in one stack: no cycle
    reader = QueueWorker(b, "Reader", handler=Handler(code=ECHO, links=[Link.read(api), worker]))
    # THEN B depends on A only, and each function has the other's variable
    variables = variables_of(reader.function)
    assert [stack.stack_name for stack in b.dependencies] == ["A"] and a.dependencies == []
    assert set(variables) >= {"API_TABLE_NAME", "WORKER_QUEUE_URL"}
    assert all(
        "Fn::ImportValue" in variables[name] for name in ("API_TABLE_NAME", "WORKER_QUEUE_URL")
    )
    assert "API_TABLE_NAME" in variables_of(worker.function)
    assert "WORKER_QUEUE_URL" in variables_of(api.functions["POST /orders"])


def test_an_imported_resource_makes_no_dependency_on_the_stack_it_was_imported_in() -> None:
    # A table imported by name in stack B is a plain name in A's template: linking it
    # makes A depend on nothing, so B may still link A's queue.
    a, b = _stacks("A", "B")
    shared = dynamodb.Table.from_table_name(b, "Shared", "shared-table")
    worker = QueueWorker(a, "Worker", handler=Handler(code=ECHO, links=[shared]))
    QueueWorker(b, "Sender", handler=Handler(code=ECHO, links=[worker]))  # B -> A
    cdk.App.of(a).synth()  # type: ignore[union-attr]  # no DependencyCycle
    assert ([s.node.path for s in a.dependencies], [s.node.path for s in b.dependencies]) == (
        [],
        ["A"],
    )
