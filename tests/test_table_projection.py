"""GlobalIndex(projection=..., non_key_attributes=...): what an index of the API's table
projects (an existing table's index described exactly), and DynamoDB's rules for it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template

from constructs_lib import ApiAuth, GlobalIndex, ServerlessApi, TableOptions
from tests.support import (
    RuleCase,
    assert_every_problem,
    assert_rule,
    build,
    echo_handler,
    rule_cases,
)

KEYS_ONLY, INCLUDE = dynamodb.ProjectionType.KEYS_ONLY, dynamodb.ProjectionType.INCLUDE


def _api(**props: Any) -> tuple[ServerlessApi, Template]:
    return build(
        ServerlessApi,
        "Api",
        **{"routes": {"GET /a": echo_handler()}, "auth": ApiAuth.iam(), **props},
    )


def _indexes(*indexes: GlobalIndex, **options: Any) -> dict[str, Any]:
    return {"table": TableOptions(global_secondary_indexes=list(indexes), **options)}


def _projections(template: Template) -> dict[str, Any]:
    (table,) = template.find_resources("AWS::DynamoDB::Table").values()
    return {i["IndexName"]: i["Projection"] for i in table["Properties"]["GlobalSecondaryIndexes"]}


def test_indexes_project_what_they_are_given_and_all_by_default() -> None:
    # GIVEN an existing table's indexes: one KEYS_ONLY, one INCLUDE, one left as it was
    _, template = _api(
        **_indexes(
            GlobalIndex("by-owner", "owner", projection=KEYS_ONLY),
            GlobalIndex("by-status", "status", projection=INCLUDE, non_key_attributes=["total"]),
            GlobalIndex("by-date", "created"),
        )
    )
    # THEN the template describes each one exactly (ALL as before)
    assert _projections(template) == {
        "by-owner": {"ProjectionType": "KEYS_ONLY"},
        "by-status": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]},
        "by-date": {"ProjectionType": "ALL"},
    }
    # AND the functions' grants still cover every index (<table>/index/*)
    assert '"/index/*"' in json.dumps(template.find_resources("AWS::IAM::Policy"))


def test_the_default_keeps_the_template_byte_for_byte() -> None:
    # GIVEN the same index with the default projection and with ALL spelled out
    _, default = _api(**_indexes(GlobalIndex("by-owner", "owner")))
    _, spelled = _api(
        **_indexes(GlobalIndex("by-owner", "owner", projection=dynamodb.ProjectionType.ALL))
    )
    # THEN both templates are the same (ALL, as every index projected before)
    assert json.dumps(default.to_json(), sort_keys=True) == json.dumps(
        spelled.to_json(), sort_keys=True
    )


def _many(count: int) -> list[str]:
    return [f"attribute{i}" for i in range(count)]


@pytest.mark.parametrize(
    ("indexes", "options"),
    [
        # 100 in all, 20 in each of five indexes (one attribute in each): DynamoDB's limits
        (
            [
                GlobalIndex(f"by-{i}", f"k{i}", projection=INCLUDE, non_key_attributes=_many(20))
                for i in range(5)
            ],
            {},
        ),
        # the table's TTL attribute and another index's key attribute are non-key here
        (
            [
                GlobalIndex("by-a", "a", projection=INCLUDE, non_key_attributes=["b", "expires"]),
                GlobalIndex("by-b", "b", projection=KEYS_ONLY),
            ],
            {"time_to_live_attribute": "expires"},
        ),
        # a tuple, as a frozen options object would hold it
        ([GlobalIndex("by-a", "a", projection=INCLUDE, non_key_attributes=("total",))], {}),
    ],
    ids=["100-in-all", "other-index-key", "tuple"],
)
def test_legitimate_projections_pass(indexes: list[GlobalIndex], options: dict[str, Any]) -> None:
    _, template = _api(**_indexes(*indexes, **options))
    assert len(_projections(template)) == len(indexes)


RULES: list[RuleCase] = [
    (
        "include needs attributes",
        _indexes(GlobalIndex("by-owner", "owner", projection=INCLUDE)),
        r"Test/Api: `table.global_secondary_indexes\[0\].non_key_attributes` is empty, and "
        r"projection INCLUDE projects the non-key attributes it lists.* Fix: list the "
        r"attributes the index's queries read",
    ),
    (
        "keys only takes none",
        _indexes(GlobalIndex("by-owner", "owner", projection=KEYS_ONLY, non_key_attributes=["a"])),
        r"`table.global_secondary_indexes\[0\].non_key_attributes` lists 1 attribute, but "
        r"projection KEYS_ONLY takes none \(only the keys are projected\).* Fix: pass "
        r"projection=dynamodb.ProjectionType.INCLUDE",
    ),
    (
        "all takes none",
        _indexes(GlobalIndex("by-owner", "owner", non_key_attributes=["a"])),
        r"`table.global_secondary_indexes\[0\].non_key_attributes` lists 1 attribute, but "
        r"projection ALL takes none \(every attribute is projected\)",
    ),
    (
        "more than 100 over the indexes",
        _indexes(
            *(
                GlobalIndex(f"by-{i}", f"k{i}", projection=INCLUDE, non_key_attributes=_many(20))
                for i in range(5)
            ),
            GlobalIndex("by-last", "last", projection=INCLUDE, non_key_attributes=["a"]),
        ),
        r"`table.global_secondary_indexes` project 101 non-key attributes in all; DynamoDB "
        r"allows at most 100 summed over a table's secondary indexes \(an attribute projected "
        r"into two indexes counts twice\).* Fix: list fewer non_key_attributes",
    ),
    (
        "more than 20 in one index",
        _indexes(GlobalIndex("by-a", "a", projection=INCLUDE, non_key_attributes=_many(21))),
        r"`table.global_secondary_indexes\[0\].non_key_attributes` lists 21 attributes; "
        r"DynamoDB projects at most 20 non-key attributes into one index.* Fix: list the "
        r"attributes the index's queries read, spread them over indexes",
    ),
    (
        "the table's key",
        _indexes(
            GlobalIndex("by-owner", "owner", projection=INCLUDE, non_key_attributes=["total", "pk"])
        ),
        r"`table.global_secondary_indexes\[0\].non_key_attributes\[1\]` is 'pk', the table's "
        r"partition key: key attributes are always projected.* Fix: drop 'pk'",
    ),
    (
        "the index's own key",
        _indexes(
            GlobalIndex("by-owner", "owner", "at", projection=INCLUDE, non_key_attributes=["at"])
        ),
        r"`table.global_secondary_indexes\[0\].non_key_attributes\[0\]` is 'at', the index's "
        r"sort key",
    ),
    (
        "listed twice",
        _indexes(GlobalIndex("by-o", "o", projection=INCLUDE, non_key_attributes=["a", "a"])),
        r"`table.global_secondary_indexes\[0\].non_key_attributes\[1\]` repeats 'a'.* Fix: "
        r"list each attribute once",
    ),
    (
        "white space",
        _indexes(GlobalIndex("by-o", "o", projection=INCLUDE, non_key_attributes=["total "])),
        r"`table.global_secondary_indexes\[0\].non_key_attributes\[0\]` is 'total ', with white "
        r"space around it.* Fix: write 'total'",
    ),
    (
        "empty name",
        _indexes(GlobalIndex("by-o", "o", projection=INCLUDE, non_key_attributes=[""])),
        r"`table.global_secondary_indexes\[0\].non_key_attributes\[0\]` is 0 bytes long; "
        r"DynamoDB allows 1 to 255",
    ),
    (
        "a string, not a list",
        _indexes(GlobalIndex("by-o", "o", projection=INCLUDE, non_key_attributes="total")),
        r"`table.global_secondary_indexes\[0\].non_key_attributes` is the string 'total', not "
        r"a list of strings.* Fix: pass \['total'\]",
    ),
    (
        "projection by name",
        _indexes(GlobalIndex("by-o", "o", projection="KEYS_ONLY")),  # type: ignore[arg-type]
        r"`table.global_secondary_indexes\[0\].projection` is 'KEYS_ONLY'.* Fix: pass "
        r"dynamodb.ProjectionType.KEYS_ONLY \(the enum member, not its name\)",
    ),
    (
        "a projection type's name in lower case",
        _indexes(GlobalIndex("by-o", "o", projection="include")),  # type: ignore[arg-type]
        r"`table.global_secondary_indexes\[0\].projection` is 'include'.* Fix: pass "
        r"dynamodb.ProjectionType.INCLUDE \(the enum member, not its name\)",
    ),
    (
        "another string",
        _indexes(GlobalIndex("by-o", "o", projection="keys")),  # type: ignore[arg-type]
        r"`table.global_secondary_indexes\[0\].projection` is 'keys'.* Fix: pass "
        r"dynamodb.ProjectionType.ALL \(the default\), KEYS_ONLY or INCLUDE",
    ),
]


@rule_cases(RULES)
def test_rule(props: dict[str, Any], message: str) -> None:
    assert_rule(_api, props, message)


def test_every_projection_problem_at_once() -> None:
    where = "table.global_secondary_indexes"
    assert_every_problem(
        _api,
        _indexes(
            GlobalIndex("by-a", "a", projection=INCLUDE),
            GlobalIndex("by-b", "b", projection=KEYS_ONLY, non_key_attributes=["c"]),
            GlobalIndex("by-c", "c", projection=INCLUDE, non_key_attributes=["c", *_many(20)]),
        ),
        "Test/Api",
        [
            f"{where}[0].non_key_attributes",
            f"{where}[1].non_key_attributes",
            f"{where}[2].non_key_attributes",
            f"{where}[2].non_key_attributes[0]",
        ],
    )
