"""Tags AWS refuses, given to a library construct's resources by cdk.Tags.of or a stack's
tags= (design54): aws-cdk-lib checks no tag, so each synthesized and failed the deploy on
the first resource. Checked at synth on each library function's tags (after every Aspect)
and its stack's, each problem once, naming the tag, where it came from and the fix."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import QueueWorker
from constructs_lib._tag_rules import tag_problems
from tests.support import echo_handler, new_app

ADDED = "given by cdk.Tags.of to this function and the resources beside it"


# --- the rules, without synthesizing ------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        (
            "aws:team",
            "orders",
            "The tag key 'aws:team' (here) starts with 'aws:', a prefix AWS reserves for its "
            "own tags: CloudFormation fails to create the first resource it reaches. Fix: "
            "rename it without the prefix (e.g. 'team')",
        ),
        ("AWS:team", "orders", "The tag key 'AWS:team' (here) starts with 'AWS:'"),
        (
            "",
            "orders",
            "The tag with an empty key (here): AWS takes keys of 1 to 128 characters. Fix: "
            "name the tag, or remove it",
        ),
        (
            "k" * 129,
            "v",
            f"The tag key {'k' * 40!r}... (here) has 129 characters; AWS takes 128 at most. "
            "Fix: shorten it to 128 characters",
        ),
        (
            "team",
            "v" * 257,
            "The value of the tag 'team' (here) has 257 characters; AWS takes 256 at most. "
            "Fix: shorten it to 256 characters",
        ),
        (
            "cost#center",
            "a&b",
            "The tag key 'cost#center' (here) holds '#', which AWS refuses in a tag key. Fix: "
            "write it with letters, digits, spaces and _ . : / = + - @ only",
        ),
        ("team", "a&b", "The value of the tag 'team' (here) holds '&', which AWS refuses"),
    ],
    ids=["aws prefix", "any case", "empty key", "long key", "long value", "key chars", "value"],
)
def test_a_tag_aws_refuses_is_told_with_its_fix(key: str, value: str, expected: str) -> None:
    assert any(p.startswith(expected) for p in tag_problems(key, value, "here")), tag_problems(
        key, value, "here"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("team", ""),  # an empty value: AWS takes it
        ("k" * 128, "v" * 256),
        ("Kostenstelle / Zürich", "Équipe: ventes@eu + 1=1_2.3-4"),  # Unicode letters
        ("owner", "aws:orders"),  # a value may start with aws: for these services
        ("team", cdk.Fn.ref("AWS::Region")),  # a token: known at deploy only
        (cdk.Token.as_string(cdk.Fn.ref("Key")), "v"),
    ],
    ids=["empty value", "longest", "unicode", "aws value", "token value", "token key"],
)
def test_tags_aws_takes_pass(key: str, value: str) -> None:
    assert tag_problems(key, value, "here") == []


# --- at synth -----------------------------------------------------------------------------


def _app(**stack: Any) -> tuple[cdk.App, cdk.Stack]:
    app = new_app()
    stack_ = cdk.Stack(app, "Test", **stack)
    for id in ("Orders", "Invoices"):
        QueueWorker(stack_, id, handler=echo_handler())
    return app, stack_


def _failure(stack: cdk.Stack) -> str:
    with pytest.raises(RuntimeError) as failed:
        Template.from_stack(stack)
    return str(failed.value)


def test_a_tag_of_the_app_fails_the_synth_once_naming_the_fix() -> None:
    # GIVEN a platform's mandatory tag, with a key AWS reserves, on the whole app
    app, stack = _app()
    cdk.Tags.of(app).add("aws:cost-center", "4711")
    # THEN the synth fails, told once (not once per function it reaches)
    message = _failure(stack)
    expected = (
        f"[Test/Orders/Handler/Function] The tag key 'aws:cost-center' ({ADDED}) starts with "
        "'aws:', a prefix AWS reserves for its own tags"
    )
    assert expected in message
    assert message.count("'aws:cost-center'") == 1


def test_a_tag_of_one_construct_is_told_there() -> None:
    _, stack = _app()
    cdk.Tags.of(stack.node.find_child("Invoices")).add("team", "x" * 300)
    assert (
        f"[Test/Invoices/Handler/Function] The value of the tag 'team' ({ADDED}) has 300 "
        "characters; AWS takes 256 at most. Fix: shorten it to 256 characters"
    ) in _failure(stack)


def test_the_stack_s_own_tags_are_checked() -> None:
    # Stack(tags=...): CloudFormation gives them to every resource, not in its properties
    _, stack = _app(tags={"cost center #": "4711"})
    assert (
        "The tag key 'cost center #' (the tags of the stack Test) holds '#', which AWS "
        "refuses in a tag key"
    ) in _failure(stack)


def test_more_than_50_tags_fail() -> None:
    app, stack = _app(tags={f"stack{n}": "x" for n in range(30)})
    for n in range(21):
        cdk.Tags.of(app).add(f"app{n}", "x")
    assert ("51 tags reach this function with its stack's ('app0', 'app1', ") in _failure(stack)
    assert "AWS takes 50 per resource at most. Fix: remove 1 of them" in _failure(stack)


def test_valid_tags_keep_the_template_and_a_token_is_not_checked() -> None:
    app, stack = _app(tags={"stage": "prod"})
    plain_app, plain = _app(tags={"stage": "prod"})
    cdk.Tags.of(app).add("team", "orders")
    cdk.Tags.of(app).add("region", cdk.Aws.REGION)
    for n in range(48):  # 50 with the stack's and team: AWS's most
        cdk.Tags.of(plain_app).add(f"t{n}", "x")
    tagged = Template.from_stack(stack).to_json()["Resources"]
    untagged = Template.from_stack(_app(tags={"stage": "prod"})[1]).to_json()["Resources"]
    assert tagged.keys() == untagged.keys()  # synthesized, the same resources
    Template.from_stack(plain)  # 49 tags with the stack's: synthesizes
