"""The nightly report job against moto S3: the right object under the right key, or a clear
error that fails the run (so Lambda retries it, then dead-letters it)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import boto3
import pytest
import report_job
from aws_cdk.assertions import Template
from botocore.exceptions import ClientError
from moto import mock_aws

from stacks.report_stack import NightlyReportStack
from tests.moto_support import fake_aws
from tests.support import new_app

BUCKET = "reports-test"
NIGHT_OF_31ST = {
    "report": "daily-summary",
    "scheduled_time": "2030-01-31T02:00:00Z",
    "execution_id": "exec-1",
}


@pytest.fixture(scope="module")
def mocked_s3() -> Iterator[Any]:
    """moto S3 in eu-central-1 with the versioned report bucket, made once per module (a
    mock, two clients and a bucket for each test were most of this module's CPU)."""
    with pytest.MonkeyPatch.context() as patch:
        fake_aws(patch, "eu-central-1", REPORT_BUCKET=BUCKET)
        patch.setattr(report_job, "_s3", None)  # the job's client is made inside the mock
        with mock_aws():
            client = boto3.client("s3")
            client.create_bucket(
                Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
            )
            client.put_bucket_versioning(
                Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"}
            )
            yield client


@pytest.fixture
def s3(mocked_s3: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The report bucket, empty: every version and delete marker an earlier test left is
    removed; REPORT_BUCKET names it."""
    monkeypatch.setenv("REPORT_BUCKET", BUCKET)
    listing = mocked_s3.list_object_versions(Bucket=BUCKET)
    left = [
        {"Key": version["Key"], "VersionId": version["VersionId"]}
        for version in listing.get("Versions", []) + listing.get("DeleteMarkers", [])
    ]
    if left:
        mocked_s3.delete_objects(Bucket=BUCKET, Delete={"Objects": left})
    listing = mocked_s3.list_object_versions(Bucket=BUCKET)
    assert not listing.get("Versions") and not listing.get("DeleteMarkers")
    return mocked_s3


def _keys(s3: Any) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_writes_the_json_report_for_the_day_before_the_scheduled_time(s3: Any) -> None:
    # WHEN the 03:00 (Berlin) run of 31 January fires
    result = report_job.handler(NIGHT_OF_31ST, None)
    # THEN one object for 30 January, under a date-based key
    key = "reports/daily-summary/2030/01/30.json"
    assert result == {"key": key}
    assert _keys(s3) == [key]
    obj = s3.get_object(Bucket=BUCKET, Key=key)
    assert obj["ContentType"] == "application/json"
    report = json.loads(obj["Body"].read())
    generated_at = report.pop("generated_at")
    assert datetime.fromisoformat(generated_at).tzinfo is not None
    assert report == {
        "report": "daily-summary",
        "date": "2030-01-30",
        "period_start": "2030-01-30T00:00:00+00:00",
        "period_end": "2030-01-31T00:00:00+00:00",
        "scheduled_time": "2030-01-31T02:00:00Z",
        "execution_id": "exec-1",
    }


def test_writes_csv_when_asked(s3: Any) -> None:
    report_job.handler({**NIGHT_OF_31ST, "format": "csv"}, None)
    obj = s3.get_object(Bucket=BUCKET, Key="reports/daily-summary/2030/01/30.csv")
    assert obj["ContentType"] == "text/csv"
    (row,) = csv.DictReader(io.StringIO(obj["Body"].read().decode()))
    assert row["date"] == "2030-01-30"
    assert row["execution_id"] == "exec-1"


def test_the_day_is_taken_in_utc(s3: Any) -> None:
    # 00:30 in Berlin on the 31st is still the 30th in UTC: the report covers the 29th
    report_job.handler({**NIGHT_OF_31ST, "scheduled_time": "2030-01-31T00:30:00+01:00"}, None)
    assert _keys(s3) == ["reports/daily-summary/2030/01/29.json"]


def test_a_retried_run_overwrites_its_own_report(s3: Any) -> None:
    # GIVEN Lambda retries a run (or an operator redrives it) WHEN it runs again
    report_job.handler(NIGHT_OF_31ST, None)
    report_job.handler(NIGHT_OF_31ST, None)
    # THEN still one report, the earlier one kept as a version
    assert _keys(s3) == ["reports/daily-summary/2030/01/30.json"]
    versions = s3.list_object_versions(Bucket=BUCKET)["Versions"]
    assert len(versions) == 2


def test_without_scheduled_time_reports_yesterday(s3: Any) -> None:
    before = datetime.now(UTC)
    report_job.handler({"report": "daily-summary"}, None)
    after = datetime.now(UTC)
    expected = {
        f"reports/daily-summary/{(moment - timedelta(days=1)):%Y/%m/%d}.json"
        for moment in (before, after)
    }
    (key,) = _keys(s3)
    assert key in expected


BAD_PAYLOADS = [
    ({"report": "weekly-summary"}, r"unknown report 'weekly-summary'; expected one of daily"),
    ({}, r"unknown report None; expected one of daily-summary"),
    ({**NIGHT_OF_31ST, "format": "xlsx"}, r"unknown format 'xlsx'; expected one of csv, json"),
    (
        {**NIGHT_OF_31ST, "scheduled_time": "last night"},
        r"scheduled_time 'last night' is not an ISO 8601 time",
    ),
    (
        {**NIGHT_OF_31ST, "scheduled_time": "2030-01-31T02:00:00"},
        r"scheduled_time '2030-01-31T02:00:00' has no time zone",
    ),
    (["daily-summary"], r"the event must be a JSON object"),
]


@pytest.mark.parametrize(("event", "message"), BAD_PAYLOADS)
def test_a_bad_payload_fails_the_run_with_a_clear_error_and_writes_nothing(
    s3: Any, event: Any, message: str
) -> None:
    # Raising (not returning an error) is what makes Lambda retry, then dead-letter the run
    # with this message; a returned error would count as a success.
    with pytest.raises(report_job.InvalidReportRequest, match=message):
        report_job.handler(event, None)
    assert _keys(s3) == []


def test_an_s3_failure_fails_the_run(s3: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORT_BUCKET", "no-such-bucket")
    with pytest.raises(ClientError, match="NoSuchBucket"):
        report_job.handler(NIGHT_OF_31ST, None)


def test_the_demo_schedule_payload_is_one_the_job_accepts(s3: Any) -> None:
    # GIVEN the payload NightlyReport's schedule sends, with Scheduler's context filled in
    template = Template.from_stack(NightlyReportStack(new_app(), "NightlyReport"))
    ((_, schedule),) = template.find_resources("AWS::Scheduler::Schedule").items()
    payload = (
        schedule["Properties"]["Target"]["Input"]
        .replace("<aws.scheduler.scheduled-time>", "2030-01-31T02:00:00Z")
        .replace("<aws.scheduler.execution-id>", "exec-1")
    )
    # AND the function's environment names the bucket the job writes to
    ((_, function),) = template.find_resources("AWS::Lambda::Function").items()
    assert set(function["Properties"]["Environment"]["Variables"]) == {"REPORT_BUCKET"}
    # WHEN the job runs THEN it writes the report
    assert report_job.handler(json.loads(payload), None) == {
        "key": "reports/daily-summary/2030/01/30.json"
    }


# --- odd payloads: the documented error, never a TypeError or OverflowError ----------------

ODD_PAYLOADS = [
    ({"report": ["daily-summary"]}, r"unknown report \['daily-summary'\]; expected one of"),
    ({"report": {"a": 1}}, r"unknown report \{'a': 1\}; expected one of"),
    ({**NIGHT_OF_31ST, "format": ["json"]}, r"unknown format \['json'\]; expected one of"),
    ({**NIGHT_OF_31ST, "scheduled_time": 20300131}, r"scheduled_time must be a string, got int"),
    ({**NIGHT_OF_31ST, "scheduled_time": 10**5000}, r"scheduled_time must be a string, got int"),
    ({**NIGHT_OF_31ST, "scheduled_time": 1e400}, r"scheduled_time must be a string, got float"),
    ({**NIGHT_OF_31ST, "scheduled_time": ["2030"]}, r"scheduled_time must be a string, got list"),
    (
        {**NIGHT_OF_31ST, "scheduled_time": "0001-01-01T02:00:00Z"},
        r"scheduled_time '0001-01-01T02:00:00Z' is out of range: the day before it",
    ),
    (
        {**NIGHT_OF_31ST, "scheduled_time": "0001-01-01T00:30:00+01:00"},
        r"scheduled_time '0001-01-01T00:30:00\+01:00' is out of range",
    ),
    (
        {**NIGHT_OF_31ST, "scheduled_time": "9999-12-31T23:00:00-05:00"},
        r"scheduled_time '9999-12-31T23:00:00-05:00' is out of range",
    ),
    # Proves (fuzz): Python 3.11's fromisoformat skips one character before the offset,
    # so these were taken for 2030-01-31T02:00:00Z
    (
        {**NIGHT_OF_31ST, "scheduled_time": "2030-01-31T02:00:00\nZ"},
        r"scheduled_time '2030-01-31T02:00:00\\nZ' is not an ISO 8601 time",
    ),
    (
        {**NIGHT_OF_31ST, "scheduled_time": "2030-01-31T02:00:00X+00:00"},
        r"scheduled_time '2030-01-31T02:00:00X\+00:00' is not an ISO 8601 time",
    ),
    (
        {**NIGHT_OF_31ST, "scheduled_time": "99999-01-31T02:00:00Z"},
        r"scheduled_time '99999-01-31T02:00:00Z' is not an ISO 8601 time",
    ),
    ({**NIGHT_OF_31ST, "execution_id": 10**5000}, r"execution_id must be a string, got int"),
    ({**NIGHT_OF_31ST, "execution_id": {"a": 1}}, r"execution_id must be a string, got dict"),
    (
        {**NIGHT_OF_31ST, "format": "csv", "execution_id": "\ud800"},
        r"execution_id must be valid Unicode",
    ),
]


@pytest.mark.parametrize(("event", "message"), ODD_PAYLOADS)
def test_an_odd_payload_fails_the_run_with_the_documented_error_and_writes_nothing(
    s3: Any, event: Any, message: str
) -> None:
    with pytest.raises(report_job.InvalidReportRequest, match=message):
        report_job.handler(event, None)
    assert _keys(s3) == []


@pytest.mark.parametrize(
    ("scheduled_time", "key"),
    [
        ("0001-04-01T02:00:00Z", "reports/daily-summary/0001/03/31.json"),
        ("0001-01-02T00:00:00Z", "reports/daily-summary/0001/01/01.json"),
        ("0999-01-02T00:00:00Z", "reports/daily-summary/0999/01/01.json"),
        ("9999-12-31T23:59:59Z", "reports/daily-summary/9999/12/30.json"),
    ],
)
def test_the_year_in_the_key_has_four_digits(s3: Any, scheduled_time: str, key: str) -> None:
    # Keys sort by date only if every year has four digits (strftime's %Y gives "1" for 1)
    result = report_job.handler({**NIGHT_OF_31ST, "scheduled_time": scheduled_time}, None)
    assert result == {"key": key}
    assert _keys(s3) == [key]


@pytest.mark.parametrize(
    "scheduled_time",
    [
        "2030-01-31T02:00Z",
        "2030-01-31 02:00:00+00:00",
        "2030-01-31T02:00:00.123456Z",
        "2030-01-31T02:00:00,5+0100",
        "2030-01-31T05:30:00+05:30",
        "2030-01-30T19:00:00-05",
    ],
)
def test_iso_8601_extended_forms_are_accepted(scheduled_time: str) -> None:
    # The check that refuses stray characters keeps every extended form fromisoformat reads
    assert report_job.parse_request({**NIGHT_OF_31ST, "scheduled_time": scheduled_time})[2] == (
        date(2030, 1, 30)
    )
