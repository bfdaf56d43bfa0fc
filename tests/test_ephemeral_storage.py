"""Handler(ephemeral_storage_mib=...): the size of a function's /tmp, from the Handler, the
scope's FunctionDefaults, else Lambda's own 512 MiB (no property in the template)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, FunctionDefaults, Handler, QueueWorker
from tests.support import (
    RuleCase,
    assert_every_problem,
    assert_rule,
    echo_handler,
    new_app,
    new_stack,
    rule_cases,
)

IMAGE = Path(__file__).parent / "fixtures" / "images" / "echo"


def _worker(handler: Handler, stack: cdk.Stack | None = None) -> QueueWorker:
    return QueueWorker(stack or new_stack(), "Worker", handler=handler)


def _storage(worker: QueueWorker) -> object:
    """The EphemeralStorage property of the worker's function (None: not in the template)."""
    functions = Template.from_stack(cdk.Stack.of(worker)).find_resources("AWS::Lambda::Function")
    (function,) = functions.values()
    return function["Properties"].get("EphemeralStorage")


def test_without_the_prop_the_template_has_no_ephemeral_storage() -> None:
    # GIVEN a Handler without ephemeral_storage_mib WHEN a worker runs it
    # THEN its function leaves /tmp at Lambda's default: the template as before the prop
    assert _storage(_worker(echo_handler())) is None


@pytest.mark.parametrize("mib", [512, 2048, 10240])
def test_the_handlers_size_is_the_functions_tmp(mib: int) -> None:
    # GIVEN a Handler with /tmp anywhere in Lambda's range, both ends included
    # WHEN a worker runs it THEN the function's EphemeralStorage is that many MiB
    assert _storage(_worker(echo_handler(ephemeral_storage_mib=mib))) == {"Size": mib}


def test_a_container_image_takes_it_too() -> None:
    # GIVEN Handler.from_image with a /tmp size WHEN a worker runs it THEN the function has it
    handler = Handler.from_image(IMAGE, ephemeral_storage_mib=4096)
    assert _storage(_worker(handler)) == {"Size": 4096}


def test_a_deploy_time_size_is_passed_through() -> None:
    # GIVEN a size known at deploy (a parameter) WHEN a worker runs it THEN the template
    # references the parameter: the library cannot check its range, CloudFormation does
    stack = new_stack()
    size = cdk.CfnParameter(stack, "TmpMib", type="Number").value_as_number
    storage = _storage(_worker(echo_handler(ephemeral_storage_mib=size), stack))
    assert storage == {"Size": {"Ref": "TmpMib"}}


def test_the_scopes_default_applies_and_a_handlers_own_wins() -> None:
    # GIVEN 1024 MiB for every function of the app
    app = new_app()
    FunctionDefaults.of(app).set(ephemeral_storage_mib=1024)
    # WHEN one worker's Handler says nothing and another's says 4096
    default = _worker(echo_handler(), cdk.Stack(app, "Default"))
    own = _worker(echo_handler(ephemeral_storage_mib=4096), cdk.Stack(app, "Own"))
    # THEN the first gets the scope's, the second its own
    assert (_storage(default), _storage(own)) == ({"Size": 1024}, {"Size": 4096})


def test_handlers_of_different_sizes_are_different_functions() -> None:
    # GIVEN two Handlers that differ only in their /tmp size
    # THEN their keys differ (a construct builds one function per key), equal ones match
    assert echo_handler().key() != echo_handler(ephemeral_storage_mib=1024).key()
    assert echo_handler(ephemeral_storage_mib=1024) == echo_handler(ephemeral_storage_mib=1024)


CASES: list[RuleCase] = [
    (
        "below Lambda's minimum",
        {"ephemeral_storage_mib": 511},
        r"`handler.ephemeral_storage_mib` is 511 MiB; it must be between 512 and 10240 MiB\. "
        r"Fix: pass a number from 512 to 10240",
    ),
    (
        "above Lambda's maximum",
        {"ephemeral_storage_mib": 10241},
        r"`handler.ephemeral_storage_mib` is 10241 MiB; it must be between 512 and 10240",
    ),
    (
        "a cdk.Size, as aws-cdk-lib's ephemeral_storage_size takes",
        {"ephemeral_storage_mib": cdk.Size.gibibytes(2)},
        r"`handler.ephemeral_storage_mib` is Size\.gibibytes\(2\), a cdk\.Size; "
        r"ephemeral_storage_mib is a number of MiB\. "
        r"Fix: pass ephemeral_storage_mib=2048, not Size\.gibibytes\(2\)",
    ),
    (
        "a cdk.Size of a part of a MiB rounds up",
        {"ephemeral_storage_mib": cdk.Size.kibibytes(1000)},
        r"Fix: pass ephemeral_storage_mib=1, not Size\.kibibytes\(1000\)",
    ),
    (
        "a memory cdk.Size gets the number too",
        {"memory_mib": cdk.Size.gibibytes(1)},
        r"`handler.memory_mib` is Size\.gibibytes\(1\), a cdk\.Size; .*"
        r"Fix: pass memory_mib=1024, not Size\.gibibytes\(1\)",
    ),
    (
        "a string with its unit",
        {"ephemeral_storage_mib": "2GB"},
        r"`handler.ephemeral_storage_mib` is '2GB', a str; it must be a whole number\. "
        r"Fix: pass e\.g\. ephemeral_storage_mib=2048",
    ),
    (
        "a fraction",
        {"ephemeral_storage_mib": 1024.5},
        r"`handler.ephemeral_storage_mib` is 1024\.5, a float; it must be a whole number",
    ),
]


@rule_cases(CASES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(lambda **options: _worker(echo_handler(**options)), props, message)


def test_every_problem_of_the_sizes_is_listed_at_once() -> None:
    assert_every_problem(
        lambda **options: _worker(echo_handler(**options)),
        {"memory_mib": 64, "ephemeral_storage_mib": cdk.Size.gibibytes(2)},
        "Test/Worker",
        ["handler.memory_mib", "handler.ephemeral_storage_mib"],
    )


def test_a_bad_default_is_an_error_where_it_is_set() -> None:
    # GIVEN a cdk.Size as the scope's /tmp size WHEN it is set
    # THEN FunctionDefaults names it with the number to pass instead
    with pytest.raises(ConstructError) as raised:
        FunctionDefaults.of(new_app()).set(ephemeral_storage_mib=cdk.Size.mebibytes(300))
    (problem,) = raised.value.problems
    assert problem.prop == "FunctionDefaults.ephemeral_storage_mib"
    assert problem.fix == "pass ephemeral_storage_mib=300, not Size.mebibytes(300)"


def test_aws_cdk_libs_prop_name_is_pointed_at_the_librarys() -> None:
    # GIVEN aws-cdk-lib's FunctionProps spelling WHEN given to a Handler
    # THEN the fix names the library's prop and its unit (a spelling match would not)
    with pytest.raises(ConstructError, match=r"Fix: pass ephemeral_storage_mib= \(512\.\.10240"):
        Handler(code=".", **{"ephemeral_storage_size": cdk.Size.gibibytes(2)})
