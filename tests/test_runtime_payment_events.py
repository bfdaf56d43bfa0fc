"""constructs_lib_runtime.testing for a payments back office (trial43): a FIFO record's
deduplication id and the attributes idempotency code reads, the caller's IP and an IAM
signer of an HTTP API request (read by authorizer_context), a Time to Live deletion of a
stream. Each as AWS documents it; impossible combinations refused naming the argument."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from constructs_lib_runtime.http import NoAuthorizerContext, authorizer_context
from constructs_lib_runtime.sqs_batch import process_batch
from constructs_lib_runtime.testing import (
    http_api_authorizer_event,
    http_api_event,
    sqs_event,
    sqs_record,
    stream_event,
    stream_record,
)

PARTNER = "arn:aws:sts::111122223333:assumed-role/Partner/session-1"

# --- SQS: a FIFO record's deduplication id and the attributes SQS sends ----------------


def test_a_fifo_record_carries_the_senders_deduplication_id_and_a_sequence_number() -> None:
    # GIVEN a payment sent twice by the bank, with its id as the deduplication id
    record = sqs_record(
        json.dumps({"payment": "p-7"}),
        "m-2",
        "ledger.fifo",
        group_id="acct-1",
        deduplication_id="pay-7",
        receive_count=2,
        sent_at="2026-05-04T09:00:00.250Z",
    )
    # THEN the attributes are as SQS sends them: every one a string
    attributes = record["attributes"]
    assert attributes["MessageDeduplicationId"] == "pay-7"
    assert attributes["MessageGroupId"] == "acct-1"
    assert attributes["ApproximateReceiveCount"] == "2"
    assert attributes["SentTimestamp"] == "1777885200250"
    assert attributes["SequenceNumber"].isdigit()
    assert all(isinstance(value, str) for value in attributes.values())
    assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()


def test_the_defaults_keep_todays_record() -> None:
    # the deduplication id stays the message id, as before, the receive count 1
    fifo = sqs_record("{}", "m-1", "ledger.fifo", group_id="g")["attributes"]
    assert fifo["MessageDeduplicationId"] == "m-1"
    assert fifo["ApproximateReceiveCount"] == "1"
    standard = sqs_record("{}")["attributes"]
    assert set(standard) == {
        "ApproximateReceiveCount",
        "SentTimestamp",
        "SenderId",
        "ApproximateFirstReceiveTimestamp",
    }


def test_sequence_numbers_grow_and_a_given_one_is_kept() -> None:
    first, second = (
        int(sqs_record("{}", f"m-{i}", "l.fifo", group_id="g")["attributes"]["SequenceNumber"])
        for i in range(2)
    )
    assert second > first
    given = sqs_record("{}", "m-1", "l.fifo", group_id="g", sequence_number="100")
    assert given["attributes"]["SequenceNumber"] == "100"


def test_sent_at_takes_a_datetime_with_a_zone() -> None:
    sent = datetime(2026, 5, 4, 11, 0, tzinfo=UTC)
    record = sqs_record("{}", sent_at=sent)
    assert record["attributes"]["SentTimestamp"] == str(int(sent.timestamp() * 1000))


def test_idempotency_code_reads_the_deduplication_id_through_process_batch() -> None:
    # GIVEN the same payment delivered twice, two messages with one deduplication id
    seen: set[str] = set()
    booked: list[str] = []

    def handle(record: dict[str, Any]) -> None:
        key = record["attributes"]["MessageDeduplicationId"]
        if key not in seen:
            seen.add(key)
            booked.append(record["body"])

    event = sqs_event(
        *(
            sqs_record("p-7", f"m-{i}", "ledger.fifo", group_id="a", deduplication_id="pay-7")
            for i in range(2)
        )
    )
    # THEN it books it once
    assert process_batch(event, handle) == {"batchItemFailures": []}
    assert booked == ["p-7"]


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"deduplication_id": "pay-7"}, ValueError, "deduplication_id is given for a standard"),
        ({"sequence_number": "100"}, ValueError, "sequence_number is given for a standard"),
        ({"receive_count": 0}, ValueError, "receive_count is 0; .* at least once"),
        ({"receive_count": True}, TypeError, "receive_count is a bool"),
        ({"receive_count": "2"}, TypeError, "receive_count is a str"),
        ({"deduplication_id": 7, "group_id": "g"}, TypeError, "deduplication_id is an int"),
        ({"group_id": "acct 1"}, ValueError, "group_id 'acct 1' is none SQS takes.*'acct-1'"),
        ({"group_id": "g", "deduplication_id": "x" * 129}, ValueError, "deduplication_id 'x+'"),
        ({"group_id": "g", "sequence_number": "12a"}, ValueError, "sequence_number '12a'"),
        ({"group_id": "g", "sequence_number": str(2**128)}, ValueError, "sequence_n.*128 bits"),
        ({"sent_at": "2026-05-04T09:00:00"}, TypeError, "sent_at .* without a time zone"),
    ],
    ids=[
        "dedup-standard",
        "sequence-standard",
        "received-never",
        "count-bool",
        "count-text",
        "dedup-type",
        "group-space",
        "dedup-long",
        "sequence-letters",
        "sequence-long",
        "sent-naive",
    ],
)
def test_what_no_queue_sends_is_refused_naming_the_argument(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^sqs_record: {message}"):
        sqs_record("{}", "m-1", "ledger", **arguments)


def test_ids_of_every_character_sqs_takes_pass() -> None:
    # false-positive safety: letters, digits and all of ASCII's punctuation, 128 long
    punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    for given in (punctuation, "a" * 128, "order#7:2026-05-04", "0"):
        record = sqs_record("{}", "m", "l.fifo", group_id=given, deduplication_id=given)
        assert record["attributes"]["MessageDeduplicationId"] == given


# --- HTTP API: the caller's IP and an IAM signer -----------------------------------------


@pytest.mark.parametrize("address", ["198.51.100.7", "2001:db8::7", "::ffff:198.51.100.7"])
def test_the_callers_ip_is_the_events_source_ip(address: str) -> None:
    event = http_api_event("POST /webhooks/bank", "{}", source_ip=address)
    assert event["requestContext"]["http"]["sourceIp"] == address
    # an authorizer reading $context.identity.sourceIp gets it too
    authorizer = http_api_authorizer_event(
        "POST /webhooks/bank", identity_source=["$context.identity.sourceIp"], source_ip=address
    )
    assert authorizer["identitySource"] == [address]


@pytest.mark.parametrize(
    ("address", "error", "message"),
    [
        ("198.51.100.0/24", ValueError, "no IP address.*source_ip='198.51.100.0'"),
        ("198.51.100.7:443", ValueError, "no IP address"),
        ("bank.example", ValueError, "no IP address"),
        (" 198.51.100.7", ValueError, "no IP address"),
        ("fe80::1%eth0", ValueError, "has a zone.*source_ip='fe80::1'"),
        (None, TypeError, "source_ip is None"),
    ],
)
def test_a_source_ip_no_request_has_is_refused(
    address: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^http_api_event: .*{message}"):
        http_api_event("GET /health", source_ip=address)  # type: ignore[arg-type]


def test_an_iam_signers_request_is_read_by_authorizer_context() -> None:
    # GIVEN a partner's role session signing a request to an ApiAuth.iam route
    event = http_api_event("POST /payments", "{}", iam_caller=PARTNER, iam_org_id="o-a1b2c3d4e5")
    iam = event["requestContext"]["authorizer"]["iam"]
    # THEN the context is the shape Powertools' HTTP API event types describe
    assert set(iam) == {
        "accessKey",
        "accountId",
        "callerId",
        "cognitoIdentity",
        "principalOrgId",
        "userArn",
        "userId",
    }
    assert (iam["accountId"], iam["userArn"], iam["principalOrgId"]) == (
        "111122223333",
        PARTNER,
        "o-a1b2c3d4e5",
    )
    assert iam["cognitoIdentity"] is None
    assert iam["userId"].endswith(":session-1") and iam["accessKey"].startswith("ASIA")
    # AND authorizer_context reads it (it raised NoAuthorizerContext before)
    caller = authorizer_context(event)
    assert (caller.kind, caller.principal_id) == ("iam", PARTNER)
    assert caller.iam["accountId"] == "111122223333"
    assert not caller.claims and not caller.scopes and not caller.context
    with pytest.raises(TypeError):
        caller.iam["accountId"] = "444455556666"  # type: ignore[index]


@pytest.mark.parametrize(
    ("caller", "user_id", "key"),
    [
        ("arn:aws:iam::111122223333:user/ops/alice", "AIDA", "AKIA"),
        ("arn:aws:iam::111122223333:root", "111122223333", "AKIA"),
        ("arn:aws:sts::111122223333:federated-user/bob", "111122223333:bob", "ASIA"),
        ("arn:aws-cn:sts::111122223333:assumed-role/R/s", "AROA", "ASIA"),
    ],
)
def test_every_kind_of_signer_is_taken(caller: str, user_id: str, key: str) -> None:
    iam = http_api_event("GET /health", iam_caller=caller)["requestContext"]["authorizer"]["iam"]
    assert iam["userId"].startswith(user_id) and iam["accessKey"].startswith(key)
    assert iam["principalOrgId"] is None  # a caller outside an organization
    assert authorizer_context({"version": "2.0", **_context(iam)}).principal_id == caller


def _context(iam: dict[str, Any]) -> dict[str, Any]:
    return {"requestContext": {"authorizer": {"iam": iam}}}


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"iam_caller": "arn:aws:iam::111122223333:role/Partner"},
            ValueError,
            "no ARN of a principal that signs.*assumed-role/Partner/session-1",
        ),
        ({"iam_caller": "111122223333"}, ValueError, "no ARN of a principal"),
        ({"iam_caller": PARTNER, "iam_org_id": "acme"}, ValueError, "no AWS Organizations ID"),
        ({"iam_org_id": "o-a1b2c3d4e5"}, ValueError, "iam_org_id= .* pass its iam_caller="),
        ({"iam_caller": PARTNER, "claims": {"sub": "u"}}, ValueError, "claims= and iam_caller="),
        (
            {"iam_caller": PARTNER, "authorizer_context": {}},
            ValueError,
            "authorizer_context= and iam_caller=",
        ),
        ({"iam_caller": PARTNER, "scopes": ["a"]}, ValueError, "scopes= come with a token"),
        ({"iam_caller": ["arn"]}, TypeError, "iam_caller is a list"),
    ],
)
def test_an_iam_signer_no_request_has_is_refused(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^http_api_event: .*{message}"):
        http_api_event("GET /health", **arguments)


def test_an_iam_context_without_a_signer_is_still_refused() -> None:
    event = {**http_api_event("GET /health"), "requestContext": {"authorizer": {"iam": {}}}}
    with pytest.raises(NoAuthorizerContext, match="names no signer"):
        authorizer_context(event)


# --- DynamoDB streams: a Time to Live deletion -------------------------------------------


def test_a_ttl_expiry_is_a_remove_by_the_dynamodb_service() -> None:
    expired = stream_record("REMOVE", {"pk": "hold#1"}, old_image={"pk": "hold#1"}, ttl_expiry=True)
    assert expired["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    deleted = stream_record("REMOVE", {"pk": "hold#2"}, old_image={"pk": "hold#2"})
    assert "userIdentity" not in deleted  # a caller's delete names no identity
    assert stream_event(expired, deleted)["Records"][0]["userIdentity"]["type"] == "Service"


@pytest.mark.parametrize(
    ("event_name", "images", "ttl_expiry", "error", "message"),
    [
        ("INSERT", {"new_image": {"pk": "a"}}, True, ValueError, "on a record of INSERT"),
        (
            "MODIFY",
            {"new_image": {"pk": "a"}, "old_image": {"pk": "a"}},
            True,
            ValueError,
            "MODIFY",
        ),
        ("REMOVE", {"old_image": {"pk": "a"}}, "yes", TypeError, "ttl_expiry is 'yes'"),
    ],
)
def test_a_ttl_expiry_other_than_a_remove_is_refused(
    event_name: str,
    images: dict[str, Any],
    ttl_expiry: object,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=f"^stream_record: .*{message}"):
        stream_record(event_name, {"pk": "a"}, ttl_expiry=ttl_expiry, **images)  # type: ignore[arg-type]
