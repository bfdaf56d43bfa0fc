"""stream_event builds only what one table's stream hands over: records of its one view
type, their keys naming its key attributes (payments trial 43: a NEW_IMAGE record beside a
NEW_AND_OLD_IMAGES one, and a record keyed by pk beside one keyed by pk and sk, built
silently, a handler's test then passing on an event no stream sends). Records of one
table of the same shapes, and records built by hand without those fields, still build."""

from __future__ import annotations

from typing import Any

import pytest

from constructs_lib_runtime.stream_batch import process_batch
from constructs_lib_runtime.testing import stream_event, stream_record

LEDGER = {"pk": "PAYMENT#p-1", "sk": "EVENT#e-1"}


def _inserted(keys: dict[str, str], **options: Any) -> dict[str, Any]:
    return stream_record("INSERT", keys, new_image={**keys, "type": "settlement"}, **options)


def _trimmed(record: dict[str, Any]) -> dict[str, Any]:
    change = {k: v for k, v in record["dynamodb"].items() if k not in ("Keys", "StreamViewType")}
    return {**record, "dynamodb": change}


def test_records_of_two_view_types_are_refused() -> None:
    with pytest.raises(
        ValueError,
        match=r"^stream_event: the records are of 2 view types \(\['NEW_AND_OLD_IMAGES', "
        r"'NEW_IMAGE'\]\); a table's stream keeps one for all its records\. Fix: build them "
        r"with one view_type= \(the table's stream's\)$",
    ):
        stream_event(_inserted(LEDGER, view_type="NEW_IMAGE"), _inserted(LEDGER))


def test_records_keyed_by_two_schemas_are_refused() -> None:
    with pytest.raises(
        ValueError,
        match=r"^stream_event: the records' keys name different attributes \(\[\['pk'\], "
        r"\['pk', 'sk'\]\]\); each record's Keys are the table's partition key \(and sort "
        r"key\), the same for every item\. Fix: pass every key attribute in each "
        r"stream_record's keys$",
    ):
        stream_event(_inserted({"pk": "PAYMENT#p-1"}), _inserted(LEDGER))


@pytest.mark.parametrize(
    "records",
    [
        pytest.param(
            [
                _inserted(LEDGER, view_type="NEW_IMAGE"),
                _inserted({"pk": "PAYMENT#p-2", "sk": "EVENT#e-9"}, view_type="NEW_IMAGE"),
            ],
            id="one view type, one key schema, other items",
        ),
        pytest.param(
            [
                _inserted(LEDGER),
                stream_record("MODIFY", LEDGER, new_image=LEDGER, old_image=LEDGER),
                stream_record("REMOVE", LEDGER, old_image=LEDGER),
            ],
            id="every kind of change of one item",
        ),
        pytest.param(
            [_inserted(LEDGER), _trimmed(_inserted({"pk": "PAYMENT#p-3", "sk": "EVENT#e-3"}))],
            id="a record trimmed by hand of its keys and view type",
        ),
    ],
)
def test_records_of_one_table_still_build(records: list[dict[str, Any]]) -> None:
    event = stream_event(*records)
    assert event["Records"] == records
    assert process_batch(event, lambda record: None) == {"batchItemFailures": []}
