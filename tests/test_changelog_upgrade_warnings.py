"""CHANGELOG's "New synth warnings an app of 0.3.0 may see" names every warning the library
added since 0.3.0, or it is exempted below with the reason no app of 0.3.0 can meet it.

The list is kept by hand and missed ids in each upgrade trial (upgrade54: eight). 0.3.0's
warning ids are written down here rather than read from the tag: a CI clone may be shallow,
without the tag or its history."""

from __future__ import annotations

import re
from pathlib import Path

from constructs_lib._nag_rule_ids import LIBRARY_WARNINGS

CHANGELOG = Path(__file__).parents[1] / "CHANGELOG.md"

#: The synth warnings 0.3.0 had (`git grep "constructs_lib:" v0.3.0 -- constructs_lib`:
#: its one warning id; the others it names are context keys).
WARNINGS_OF_030 = frozenset({"alarmsWithoutDestination"})

#: Warnings of what 0.3.0 did not have, which an app meets only once it uses it: the
#: feature each needs, and the release note that describes it.
NEW_FEATURE_ONLY = {
    "authorizerSwitchedOff": "ApiAuth.function (a Lambda authorizer) is new; 0.3.0 had "
    "jwt, cognito, iam and none",
    "emailIdentityRegion": "links to SES identities are new",
    "messageSizeBelowNotifications": "QueueWorker's max_message_size is new (an injector's "
    "maxMessageSizeBytes is checked by injectors53's entry)",
    "provisionedAboveMaxConcurrency": "Handler(provisioned_concurrency=) is new",
    "publicRouteOnPublicApi": "Route(public=) is new",
    "recordAgeBeyondStream": "StreamWorker is new",
    "routeArnCoversOtherRoutes": "ServerlessApi.grant_invoke and arn_for_route are new",
    "routeThrottleAboveApi": "Route(throttle=) is new; 0.3.0 had the API's throttling only",
    "runtimeTestingImported": "constructs_lib_runtime.testing is new (0.3.0's runtime had "
    "s3_events and sqs_batch)",
    "streamFiltersQuota": "StreamWorker is new",
    "streamPointersExpireFirst": "StreamWorker is new",
    "streamReadersPerShard": "StreamWorker is new",
    "streamWorkerSwitchedOff": "StreamWorker is new",
    "streamWriteLoop": "StreamWorker is new",
    "tableThroughputQuota": "TableOptions' and GlobalIndex's max_*_request_units are new",
    "topicOfAnotherAccount": "QueueWorker.subscribe(topic) is new",
}

_ENTRY = "- New synth warnings an app of 0.3.0 may see"
_NOT_LISTED = "Not in this list:"


def _listed_warnings() -> set[str]:
    """The ids the entry names before it says what it leaves out, with their prefix or
    without (`routesPerApiQuota`)."""
    text = CHANGELOG.read_text(encoding="utf-8")
    unreleased = text[text.index("## [Unreleased]") : text.index("## [0.3.0]")]
    start = unreleased.index(_ENTRY)
    end = unreleased.index("\n- ", start + len(_ENTRY))
    listed = unreleased[start:end].split(_NOT_LISTED, 1)[0]
    return set(re.findall(r"`(?:constructs_lib:)?([A-Za-z][A-Za-z0-9]*)`", listed))


def test_every_warning_added_since_030_is_listed_or_exempted_with_its_reason() -> None:
    listed = _listed_warnings()
    new = set(LIBRARY_WARNINGS) - WARNINGS_OF_030
    missing = sorted(new - listed - set(NEW_FEATURE_ONLY))
    assert not missing, (
        f"CHANGELOG's {_ENTRY[2:]!r} does not name {missing}: name each there (what an app "
        "of 0.3.0 does to meet it), or add it to NEW_FEATURE_ONLY with the new feature it needs"
    )


def test_an_exempted_warning_is_neither_listed_nor_unknown() -> None:
    listed = _listed_warnings()
    assert not set(NEW_FEATURE_ONLY) & listed, "a warning is both listed and exempted"
    assert set(NEW_FEATURE_ONLY) <= set(LIBRARY_WARNINGS), "an exemption names no warning"
    assert set(LIBRARY_WARNINGS) >= WARNINGS_OF_030


def test_the_list_names_no_warning_the_library_does_not_have() -> None:
    # a misspelt id in the list would be taken for a listed one
    prefixed = re.findall(
        r"`constructs_lib:([A-Za-z][A-Za-z0-9]*)`",
        CHANGELOG.read_text(encoding="utf-8").split(_ENTRY, 1)[1].split("\n- ", 1)[0],
    )
    assert set(prefixed) <= set(LIBRARY_WARNINGS)
