"""The deployed resources, as the synthesized templates declare them, with the physical IDs
CloudFormation reports (:func:`stack_resources`); the boto3 clients that read them back from
the emulator; the :class:`Outcome` of the checks (a setting the emulator is known to drop,
:data:`EMULATOR_DROPS`, is listed, not failed).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.exceptions import ClientError

# (resource type, setting) the emulator accepts but does not keep: listed, never failed.
EMULATOR_DROPS = {
    ("AWS::DynamoDB::Table", "PointInTimeRecovery"),
    ("AWS::Scheduler::Schedule", "ScheduleExpressionTimezone"),
    ("AWS::DynamoDB::Table", "SSEEnabled"),
    ("AWS::S3::Bucket", "ObjectOwnership"),
    ("AWS::Lambda::Function", "ReservedConcurrentExecutions"),
}


@dataclass
class Resource:
    stack: str
    logical_id: str
    type: str
    props: dict[str, Any]
    physical_id: str | None
    status: str | None
    deletion_policy: str | None
    raw: dict[str, Any] = field(default_factory=dict)  # props before Ref/GetAtt resolution
    update_policy: dict[str, Any] = field(default_factory=dict)

    @property
    def deployed_id(self) -> str:
        """The physical ID, for the probes and checks that only run once it is known
        (:func:`exists`, :func:`check_settings`)."""
        if self.physical_id is None:
            raise KeyError(f"{self.stack}/{self.logical_id} has no physical ID")
        return self.physical_id


@dataclass
class Outcome:
    passed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def compare(self, where: str, setting: str, expected: Any, actual: Any, rtype: str) -> None:
        line = f"{where} {setting}: expected {expected!r}, got {actual!r}"
        if expected == actual:
            self.passed.append(f"{where} {setting} = {_short(expected)}")
        elif (rtype, setting) in EMULATOR_DROPS:
            self.dropped.append(line)
        else:
            self.failed.append(line)

    def check(self, where: str, what: str, ok: bool, detail: str = "") -> None:
        (self.passed if ok else self.failed).append(
            f"{where} {what}" + (f": {detail}" if detail and not ok else "")
        )


def _short(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


class Clients:
    """One boto3 client per service, made on first use. Clients may be used from several
    threads; making them may not (a boto3 session is not thread-safe), hence the lock."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self._clients: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __getattr__(self, service: str) -> Any:
        if service.startswith("_"):
            raise AttributeError(service)
        client = self._clients.get(service)
        if client is None:
            with self._lock:
                if service not in self._clients:
                    name = service.rstrip("_").replace("_", "-")
                    self._clients[service] = self._session.client(name)
                client = self._clients[service]
        return client


class _EndpointSession:
    """A boto3 session whose clients all talk to the emulator."""

    def __init__(self, session: Any, endpoint: str) -> None:
        self.session, self.endpoint = session, endpoint

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.endpoint)


def emulator_clients(endpoint: str, region: str) -> Clients:
    """Clients of the emulator at ``endpoint`` (its fixed local credentials)."""
    session = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name=region
    )
    return Clients(_EndpointSession(session, endpoint))


def stack_resources(clients: Clients, stack: str, template: dict[str, Any]) -> dict[str, Resource]:
    """The template's resources with the physical IDs CloudFormation reports for them."""
    reported: dict[str, dict[str, Any]] = {}
    try:
        pages = clients.cloudformation.get_paginator("list_stack_resources").paginate(
            StackName=stack
        )
        for page in pages:
            for summary in page["StackResourceSummaries"]:
                reported[summary["LogicalResourceId"]] = summary
    except ClientError:
        pass
    physical = {k: v.get("PhysicalResourceId") for k, v in reported.items()}
    return {
        logical_id: Resource(
            stack,
            logical_id,
            body["Type"],
            resolve(body.get("Properties", {}), physical),
            physical.get(logical_id),
            reported.get(logical_id, {}).get("ResourceStatus"),
            body.get("DeletionPolicy"),
            body.get("Properties", {}),
            body.get("UpdatePolicy", {}),
        )
        for logical_id, body in template["Resources"].items()
    }


PSEUDO = {
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::Partition": "aws",
}


def resolve(value: Any, physical: dict[str, str | None]) -> Any:
    """Ref -> the referenced resource's physical ID; Fn::GetAtt -> the same (a stand-in
    good enough to find the resource); other intrinsics are left as they are."""
    if isinstance(value, list):
        return [resolve(v, physical) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        return physical.get(value["Ref"], PSEUDO.get(value["Ref"], value))
    if set(value) == {"Fn::GetAtt"}:
        return physical.get(value["Fn::GetAtt"][0], value)
    resolved = {k: resolve(v, physical) for k, v in value.items()}
    if set(resolved) == {"Fn::Split"} and all(isinstance(a, str) for a in resolved["Fn::Split"]):
        separator, text = resolved["Fn::Split"]
        return text.split(separator)
    if set(resolved) == {"Fn::Select"}:
        index, items = resolved["Fn::Select"]
        if isinstance(items, list) and int(index) < len(items):
            return items[int(index)]
    if set(resolved) == {"Fn::Join"}:
        separator, items = resolved["Fn::Join"]
        if all(isinstance(i, str) for i in items):
            return separator.join(items)
    return resolved


def ref_id(value: Any, resources: dict[str, Resource]) -> Any:
    """A template value with Ref / GetAtt .Arn resolved far enough to compare names."""
    if isinstance(value, dict) and "Ref" in value and value["Ref"] in resources:
        return resources[value["Ref"]].physical_id
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        target = resources.get(value["Fn::GetAtt"][0])
        return target.physical_id if target else None
    return value


def retained(resource: Resource) -> bool:
    """Kept on stack deletion: RETAIN, or a BucketDeployment's files (RetainOnDelete)."""
    if resource.type == "Custom::CDKBucketDeployment":
        return str(resource.props.get("RetainOnDelete", "true")).lower() != "false"
    return resource.deletion_policy in ("Retain", "RetainExceptOnCreate")


def iter_resources(all_resources: dict[str, dict[str, Resource]]) -> Iterator[Resource]:
    for resources in all_resources.values():
        yield from resources.values()
