"""A string where a Handler goes (SST's ``handler="src/x.handler"``, SAM's and the
Serverless Framework's ``app.handler``, a code directory): the fix is the Handler that
string means, not a generic "pass a Handler" (papercuts249)."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lib import ApiAuth, Deployment, QueueWorker, Route, ServerlessApi
from constructs_lib._core.handler_strings import handler_string_fix
from tests.support import assert_rule, echo_handler, new_stack

SPLIT = "a Handler names the code's directory (code) and the module.function inside it (entry)"


@pytest.mark.parametrize(
    ("given", "fix"),
    [
        ("src/x.handler", f"pass Handler(code='src', entry='x.handler'): {SPLIT}"),
        ("src/orders/api.get", f"pass Handler(code='src/orders', entry='api.get'): {SPLIT}"),
        ("src\\x.handler", f"pass Handler(code='src', entry='x.handler'): {SPLIT}"),
        (
            "x.handler",
            f"pass Handler(code='<the directory holding x.py>', entry='x.handler'): {SPLIT}",
        ),
        (
            "pkg.mod.main",
            f"pass Handler(code='<the directory holding pkg/mod.py>', entry='pkg.mod.main'): "
            f"{SPLIT}",
        ),
        (
            "stacks/handlers/todos/",
            "pass Handler(code='stacks/handlers/todos', entry='<module>.<function>') (entry's "
            "default: 'app.handler'): a Handler names the code's directory and the function "
            "in it",
        ),
        ("", "pass a constructs_lib.Handler(code=..., entry=...)"),
    ],
)
def test_the_fix_is_the_handler_the_string_means(given: str, fix: str) -> None:
    assert handler_string_fix(given) == fix


@pytest.mark.parametrize(
    ("build", "prop"),
    [
        (lambda h: QueueWorker(new_stack(), "Worker", handler=h), "handler"),
        (
            lambda h: ServerlessApi(new_stack(), "Api", routes={"GET /a": h}, auth=ApiAuth.iam()),
            r"routes\['GET /a'\]",
        ),
        (
            lambda h: ServerlessApi(
                new_stack(), "Api", routes={"GET /a": Route(h)}, auth=ApiAuth.iam()
            ),
            r"routes\['GET /a'\]\.handler",
        ),
        (
            lambda h: QueueWorker(
                new_stack(),
                "Worker",
                handler=echo_handler(deployment=Deployment.canary(pre_traffic=h)),
            ),
            r"handler\.deployment\.pre_traffic",
        ),
    ],
    ids=["handler", "route", "route-handler", "hook"],
)
def test_sst_s_handler_string_is_told_the_handler_it_means(build: Any, prop: str) -> None:
    # Proves (papercuts249): `handler="src/x.handler"` got "Fix: pass a
    # constructs_lib.Handler(...)", naming neither code= nor entry=
    assert_rule(
        lambda: build("src/x.handler"),
        {},
        rf"Test/\w+: `{prop}` is a str \('src/x.handler'\)\. Fix: pass "
        r"Handler\(code='src', entry='x.handler'\): a Handler names",
    )
