"""cdk-nag's NIST 800-53, HIPAA Security and PCI DSS packs, which a platform runs next to
``enable_checks``: a check the library acknowledges under AwsSolutions or Serverless that
those packs make too (the same rule of cdk-nag) is acknowledged there with the same reason;
the user's own acknowledgements stay theirs, and the templates stay as they were."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from cdk_nag import (
    HIPAASecurityChecks,
    NIST80053R4Checks,
    NIST80053R5Checks,
    PCIDSS321Checks,
)

from constructs_lib import (
    ApiAuth,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    acknowledge,
)
from constructs_lib._nag import DEPLOYMENT_IN_OTHER_PACKS, SITE_LOG_BUCKET_SSE_S3
from constructs_lib._nag_equivalents import EQUIVALENTS
from tests.support import CDK_CONTEXT, SITE, echo_handler, report_findings

pytestmark = pytest.mark.slow

#: The other packs' rule ids the library acknowledges for their AwsSolutions/Serverless twin.
MIRRORED = {rule for rules in EQUIVALENTS.values() for rule in rules}


def _findings(app: cdk.App, outdir: Path) -> set[tuple[str, str]]:
    cdk.Validations.of(app).add_plugins(
        NIST80053R5Checks(app),
        NIST80053R4Checks(app),
        HIPAASecurityChecks(app),
        PCIDSS321Checks(app),
    )
    with contextlib.suppress(RuntimeError):  # the packs' other findings fail the synth
        app.synth()
    return report_findings(outdir / "validation-report.json")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[tuple[str, str]], Path]:
    outdir = tmp_path_factory.mktemp("packs")
    app = cdk.App(outdir=str(outdir), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Packs")
    network = Network(stack, "Network", flow_logs=False)  # VPC7's twin
    ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)")
    StaticSite(stack, "Site", source=SITE)  # its log bucket: S1's twin
    mine = s3.Bucket(stack, "Mine", enforce_ssl=True)
    acknowledge(mine, "AwsSolutions-S1", reason="A bucket of the user's, logged elsewhere.")
    return _findings(app, outdir), outdir


def test_the_library_s_acknowledged_checks_are_acknowledged_in_every_pack(
    built: tuple[set[tuple[str, str]], Path],
) -> None:
    # Proves (user trial): a platform running the NIST 800-53 R5 and HIPAA packs got the
    # library's sync, polled and async functions as LambdaDLQ findings, the site's log
    # bucket as S3BucketLoggingEnabled: each decided already under Serverless/AwsSolutions
    findings, _ = built
    mirrored = {
        (rule, path)
        for rule, path in findings
        if rule.split("::")[-1] in MIRRORED and "/Mine/" not in path
    }
    assert mirrored == set()


def test_the_site_s_deployment_function_is_acknowledged_outside_a_vpc_and_unreserved(
    built: tuple[set[tuple[str, str]], Path],
) -> None:
    # aws-cdk-lib's BucketDeployment function, which StaticSite creates and configures
    findings, _ = built
    deployment = {rule for rule, path in findings if "/Custom::CDKBucketDeployment" in path}
    assert deployment.isdisjoint(rule for rule, _ in DEPLOYMENT_IN_OTHER_PACKS)
    assert {rule for rule, _ in DEPLOYMENT_IN_OTHER_PACKS} >= {
        "NIST.800.53.R5-LambdaInsideVPC",
        "HIPAA.Security-LambdaConcurrency",
    }


def test_the_site_s_log_bucket_is_acknowledged_without_a_kms_key(
    built: tuple[set[tuple[str, str]], Path],
) -> None:
    # S3 server access logs need SSE-S3: no key could do
    findings, _ = built
    assert {r for r, path in findings if path == "Packs/Site/LogBucket/Resource"}.isdisjoint(
        rule for rule, _ in SITE_LOG_BUCKET_SSE_S3
    )
    assert ("NIST.800.53.R5-S3DefaultEncryptionKMS", "Packs/Site/Bucket/Resource") in findings


def test_the_packs_still_report_what_the_library_did_not_acknowledge(
    built: tuple[set[tuple[str, str]], Path],
) -> None:
    findings, _ = built
    rules = {rule.split("::")[-1] for rule, _ in findings}
    # the user's own acknowledgement of S1 is theirs: the other packs still report the bucket
    assert ("HIPAA.Security-S3BucketLoggingEnabled", "Packs/Mine/Resource") in (findings)
    # and what no pack of enable_checks acknowledges stays for the user to decide
    assert "NIST.800.53.R5-IAMNoInlinePolicy" in rules
    # a function of the user's choice outside the Network: LambdaInsideVPC stays theirs
    assert ("NIST.800.53.R5-LambdaInsideVPC", "Packs/Job/Handler/Function/Resource") in findings


def test_the_templates_carry_no_acknowledgement_of_the_other_packs(
    built: tuple[set[tuple[str, str]], Path],
) -> None:
    # cdk-nag 2 reads the template's metadata: it stays as before for every deployed app
    _, outdir = built
    template = (outdir / "Packs.template.json").read_text()
    assert "rules_to_suppress" in template
    others = MIRRORED | {rule for rule, _ in (*DEPLOYMENT_IN_OTHER_PACKS, *SITE_LOG_BUCKET_SSE_S3)}
    assert not [rule for rule in others if rule in template]
    json.loads(template)
