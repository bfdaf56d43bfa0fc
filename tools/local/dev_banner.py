"""``make dev``'s banner: the running demo's endpoint, its APIs' URLs and commands to paste
(a token, curl, S3 copies and a function's logs, with the AWS CLI or the venv's boto3).
"""

from __future__ import annotations

import shutil

from tools.local import e2e_support, emulator
from tools.local.checks import Resource
from tools.local.inventory import Report
from tools.local.jwt_local import LocalIssuer


def show(
    report: Report,
    em: emulator.Emulator,
    apis: dict[str, tuple[str, Resource]],
    resources: dict[str, dict[str, Resource]],
    issuer: LocalIssuer,
) -> None:
    token = issuer.token(lifetime_s=12 * 3600)
    report.say()
    report.say("The demo app is running locally. Ctrl-C tears it down.")
    report.say(f"  AWS endpoint: {em.endpoint}; for the AWS CLI or boto3:")
    report.say(
        f"    export AWS_ENDPOINT_URL={em.endpoint} AWS_ACCESS_KEY_ID=local "
        f"AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION={emulator.REGION}"
    )
    for stack, (api_id, _) in apis.items():
        api = e2e_support.HttpApi(em.port, api_id)
        report.say(f"  {stack} API: {api.url}")
        report.say(
            f"    (same API: http://127.0.0.1:{em.port}/_aws/execute-api/{api_id}/$default/)"
        )
    if "TodoApi" in apis:
        api = e2e_support.HttpApi(em.port, apis["TodoApi"][0])
        report.say("  try it (token valid 12 h, signed by this run's local key):")
        report.say(f"    TOKEN={token}")
        report.say(
            f'    curl -s -H "authorization: Bearer $TOKEN" -H "content-type: application/json" '
            f'-d \'{{"title": "hello"}}\' {api.url}api/todos'
        )
        report.say(f'    curl -s -H "authorization: Bearer $TOKEN" {api.url}api/todos')
    for r in resources.get("Uploads", {}).values():
        if r.type == "Custom::S3BucketNotifications":
            bucket = r.props["BucketName"]
            report.say("  Uploads: upload under incoming/, read its summary under processed/:")
            report.say(_s3_command("put", bucket, "incoming/notes.txt", "notes.txt"))
            report.say(_s3_command("get", bucket, "processed/notes.txt.json"))
    site = resources.get("TodoSite", {})
    for r in site.values():
        if (
            r.type == "AWS::S3::Bucket"
            and "WebsiteConfiguration" not in r.props
            and "LoggingConfiguration" in r.props
        ):
            report.say(f"  TodoSite files: s3://{r.physical_id}/ (index.html, config.json, ...)")
            report.say(_s3_command("get", r.physical_id or "", "config.json"))
    groups = sorted(
        group
        for r in resources.get("TodoApi", {}).values()
        if r.type == "AWS::Lambda::Function"
        and isinstance(group := r.props.get("LoggingConfig", {}).get("LogGroup"), str)
    )
    if groups:
        # a route answering 502 says why in its function's log group
        report.say(f"  A function's logs (its log group, e.g. {groups[0]}):")
        report.say(_logs_command(groups[0]))
    if not shutil.which("aws"):
        report.say("  (with the exports above; the AWS CLI is not installed: boto3 is in .venv)")
    else:
        report.say("  (with the exports above)")


def _logs_command(group: str) -> str:
    if shutil.which("aws"):
        return (
            f"    aws logs filter-log-events --log-group-name {group} "
            "--query 'events[].message' --output text"
        )
    code = (
        "import boto3; [print(e['message']) for e in "
        f"boto3.client('logs').filter_log_events(logGroupName='{group}')['events']]"
    )
    return f'    .venv/bin/python -c "{code}"'


def _s3_command(verb: str, bucket: str, key: str, file: str = "") -> str:
    """One S3 copy the user can paste: the AWS CLI's where it is installed, else the same
    with the venv's boto3 (the setup installs no AWS CLI)."""
    if shutil.which("aws"):
        if verb == "put":
            return f"    aws s3 cp {file} s3://{bucket}/{key}"
        return f"    aws s3 cp s3://{bucket}/{key} -"
    client = "import boto3; s3 = boto3.client('s3'); "
    if verb == "put":
        code = f"{client}s3.upload_file('{file}', '{bucket}', '{key}')"
    else:
        code = (
            f"{client}print(s3.get_object(Bucket='{bucket}', Key='{key}')['Body'].read().decode())"
        )
    return f'    .venv/bin/python -c "{code}"'
