"""Fix 5: Custom::CDKBucketDeployment needs /opt/awscli/aws."""

from __future__ import annotations

import contextlib
import fnmatch
import io
import json
import mimetypes
import os
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._base import Provisioned, _flag, _known_types, _register

# --- 5. Custom::CDKBucketDeployment needs /opt/awscli/aws -----------------------------

_DEPLOYMENT_PREFIX = "aws.cdk.s3deployment."
# SystemMetadata keys of CDK's handler -> put_object parameters
_SYSTEM_METADATA = {
    "cache-control": "CacheControl",
    "content-disposition": "ContentDisposition",
    "content-encoding": "ContentEncoding",
    "content-language": "ContentLanguage",
    "content-type": "ContentType",
    "expires": "Expires",
    "sse": "ServerSideEncryption",
    "storage-class": "StorageClass",
    "website-redirect": "WebsiteRedirectLocation",
    "sse-kms-key-id": "SSEKMSKeyId",
    "acl": "ACL",
}


def _s3_client() -> Any:
    import boto3

    port = os.environ.get("GATEWAY_PORT", "4566")
    return boto3.client(
        "s3", endpoint_url=f"http://127.0.0.1:{port}", region_name=os.environ.get("AWS_REGION")
    )


def _cloudfront_client() -> Any:
    import boto3

    port = os.environ.get("GATEWAY_PORT", "4566")
    return boto3.client("cloudfront", endpoint_url=f"http://127.0.0.1:{port}")


def _excluded(key: str, exclude: list[str], include: list[str]) -> bool:
    # aws s3 sync semantics: later filters win; CDK passes every --exclude then --include
    return any(fnmatch.fnmatch(key, p) for p in exclude) and not any(
        fnmatch.fnmatch(key, p) for p in include
    )


def bucket_deployment(props: dict[str, Any], s3: Any) -> list[str]:
    """What CDK's BucketDeployment handler does with the AWS CLI, done with ``s3``:
    extract each source zip (later sources win), replace the markers, upload with the
    system/user metadata, prune what the sources no longer hold. Returns the keys."""
    bucket = props["DestinationBucketName"]
    prefix = props.get("DestinationBucketKeyPrefix", "") or ""
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    exclude, include = list(props.get("Exclude") or []), list(props.get("Include") or [])
    sources = zip(
        props.get("SourceBucketNames") or [], props.get("SourceObjectKeys") or [], strict=True
    )
    markers = list(props.get("SourceMarkers") or [])
    markers_config = list(props.get("SourceMarkersConfig") or [])
    extract = _flag(props.get("Extract"), True)
    files: dict[str, bytes] = {}
    for index, (source_bucket, source_key) in enumerate(sources):
        blob = s3.get_object(Bucket=source_bucket, Key=source_key)["Body"].read()
        entries = {Path(source_key).name: blob}
        if extract:
            with zipfile.ZipFile(io.BytesIO(blob)) as archive:
                entries = {
                    info.filename: archive.read(info)
                    for info in archive.infolist()
                    if not info.is_dir()
                }
        source_markers = markers[index] if index < len(markers) else {}
        config = markers_config[index] if index < len(markers_config) else {}
        for name, data in entries.items():
            for marker, value in (source_markers or {}).items():
                text = str(value)
                if _flag((config or {}).get("jsonEscape"), False):
                    text = json.dumps(text)[1:-1]
                data = data.replace(marker.encode(), text.encode())
            files[name] = data
    system = dict(props.get("SystemMetadata") or {})
    user = {k.lower(): str(v) for k, v in (props.get("UserMetadata") or {}).items()}
    uploaded: list[str] = []
    for name, data in sorted(files.items()):
        if _excluded(name, exclude, include):
            continue
        extra = {_SYSTEM_METADATA[k]: str(v) for k, v in system.items() if k in _SYSTEM_METADATA}
        extra.setdefault("ContentType", mimetypes.guess_type(name)[0] or "binary/octet-stream")
        s3.put_object(Bucket=bucket, Key=prefix + name, Body=data, Metadata=user, **extra)
        uploaded.append(prefix + name)
    if _flag(props.get("Prune"), True):
        wanted = set(uploaded)
        for key in _keys(s3, bucket, prefix):
            if key not in wanted and not _excluded(key[len(prefix) :], exclude, include):
                s3.delete_object(Bucket=bucket, Key=key)
    return uploaded


def _keys(s3: Any, bucket: str, prefix: str) -> Iterator[str]:
    token: dict[str, str] = {}
    while True:
        page = s3.list_objects_v2(Bucket=bucket, Prefix=prefix, **token)
        yield from (item["Key"] for item in page.get("Contents", []))
        if not page.get("IsTruncated"):
            return
        token = {"ContinuationToken": page["NextContinuationToken"]}


def _deployment_result(physical_id: str, props: dict[str, Any], keys: list[str]) -> Provisioned:
    attrs: dict[str, Any] = {
        "DestinationBucketArn": f"arn:aws:s3:::{props['DestinationBucketName']}"
    }
    if _flag(props.get("OutputObjectKeys"), True):
        attrs["SourceObjectKeys"] = list(props.get("SourceObjectKeys") or [])
    distribution = props.get("DistributionId")
    if distribution:
        paths = list(props.get("DistributionPaths") or ["/*"])
        with contextlib.suppress(Exception):  # the content is what matters locally
            _cloudfront_client().create_invalidation(
                DistributionId=distribution,
                InvalidationBatch={
                    "Paths": {"Quantity": len(paths), "Items": paths},
                    "CallerReference": physical_id + uuid.uuid4().hex[:8],
                },
            )
    return physical_id, attrs


def _deployment_create(logical_id: str, props: dict[str, Any], stack_name: str) -> Provisioned:
    keys = bucket_deployment(props, _s3_client())
    return _deployment_result(_DEPLOYMENT_PREFIX + str(uuid.uuid4()), props, keys)


def _deployment_update(
    physical_id: str,
    old_props: dict[str, Any],
    new_props: dict[str, Any],
    stack_name: str,
    logical_id: str | None = None,
) -> Provisioned:
    keys = bucket_deployment(new_props, _s3_client())
    return _deployment_result(physical_id, new_props, keys)


def _deployment_delete(physical_id: str, props: dict[str, Any]) -> None:
    if _flag(props.get("RetainOnDelete"), True):
        return
    s3 = _s3_client()
    prefix = props.get("DestinationBucketKeyPrefix", "") or ""
    with contextlib.suppress(Exception):  # the bucket may already be gone
        for key in list(_keys(s3, props["DestinationBucketName"], prefix)):
            s3.delete_object(Bucket=props["DestinationBucketName"], Key=key)


def _apply_bucket_deployment() -> None:
    _known_types()
    _register(
        "Custom::CDKBucketDeployment",
        {
            "create": _deployment_create,
            "update": _deployment_update,
            "update_with_logical_id": True,
            "delete": _deployment_delete,
        },
    )


class _DictS3:
    """Just enough of an S3 client over a dict, for the canary."""

    def __init__(self, objects: dict[tuple[str, str], bytes]) -> None:
        self.objects = objects
        self.metadata: dict[tuple[str, str], dict[str, Any]] = {}

    def get_object(self, Bucket: str, Key: str) -> dict[str, Any]:
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)])}

    def put_object(self, Bucket: str, Key: str, Body: bytes, **extra: Any) -> None:
        self.objects[(Bucket, Key)] = Body
        self.metadata[(Bucket, Key)] = extra

    def delete_object(self, Bucket: str, Key: str) -> None:
        del self.objects[(Bucket, Key)]

    def list_objects_v2(self, Bucket: str, Prefix: str, **_: Any) -> dict[str, Any]:
        keys = sorted(k for b, k in self.objects if b == Bucket and k.startswith(Prefix))
        return {"Contents": [{"Key": k} for k in keys]}


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _cdk_handler_needs_aws_cli() -> bool:
    """The CDK handler shells out to /opt/awscli/aws; ministack's local executor has no
    /opt (layers are not mounted there) and no provisioner of its own for the type."""
    return (
        "Custom::CDKBucketDeployment" not in _known_types() and not Path("/opt/awscli/aws").exists()
    )


def _canary_bucket_deployment() -> dict[str, bool]:
    s3 = _DictS3(
        {
            ("assets", "site.zip"): _zip({"index.html": "<p>hi</p>", "config.json": "{}"}),
            ("assets", "config.zip"): _zip({"config.json": '{"apiUrl": <<marker:0>>}'}),
            ("site", "stale.html"): b"old",
            ("site", "config.json"): b"{}",
        }
    )
    site = {
        "SourceBucketNames": ["assets"],
        "SourceObjectKeys": ["site.zip"],
        "DestinationBucketName": "site",
        "Exclude": ["config.json"],
        "SystemMetadata": {"cache-control": "no-cache"},
    }
    config = {
        "SourceBucketNames": ["assets"],
        "SourceObjectKeys": ["config.zip"],
        "SourceMarkers": [{"<<marker:0>>": '"https://api"'}],
        "DestinationBucketName": "site",
        "Prune": False,
    }
    bucket_deployment(site, s3)
    bucket_deployment(config, s3)
    site_keys = {k for b, k in s3.objects if b == "site"}
    fixed = (
        site_keys == {"index.html", "config.json"}
        and s3.objects[("site", "config.json")] == b'{"apiUrl": "https://api"}'
        and s3.metadata[("site", "index.html")]["CacheControl"] == "no-cache"
        and s3.metadata[("site", "index.html")]["ContentType"] == "text/html"
    )
    return {"defect": _cdk_handler_needs_aws_cli(), "fixed": fixed}
