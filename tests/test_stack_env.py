"""A stack's ``env`` no AWS environment has, where the library's first construct goes in
it: an empty account or region (an environment variable set but empty in CI) was a jsii
trace about an asset bucket's name, or "Unable to parse environment specification" at
synth, neither naming the stack's ``env``."""

from __future__ import annotations

import aws_cdk as cdk
import pytest

from constructs_lib import ConstructError, QueueWorker
from tests.support import echo_handler, new_app


def _worker(account: str | None, region: str | None) -> None:
    env = cdk.Environment(account=account, region=region)
    QueueWorker(cdk.Stack(new_app(), "Test", env=env), "Worker", handler=echo_handler())


@pytest.mark.parametrize(
    ("account", "region", "message"),
    [
        ("", "eu-west-1", "`env.account` is ''; an AWS account ID is 12 digits (an environment"),
        ("111111111111", "", "`env.region` is ''; an AWS region's name is lowercase words"),
        ("11111111111", "eu-west-1", "`env.account` is '11111111111'; an AWS account ID is 12"),
        ("111111111111", "eu-west-1 ", "`env.region` is 'eu-west-1 '; an AWS region's name"),
        ("111111111111", "EU-WEST-1", "`env.region` is 'EU-WEST-1'; an AWS region's name"),
    ],
    ids=["empty-account", "empty-region", "short-account", "space", "uppercase"],
)
def test_an_account_or_region_no_aws_environment_has_is_named(
    account: str, region: str, message: str
) -> None:
    # Proves (bad inputs, round 38): RuntimeError "Invalid S3 bucket name (value:
    # cdk-hnb659fds-assets--)" from the function's asset, or CloudAssemblyError at synth
    with pytest.raises(ConstructError) as raised:
        _worker(account, region)
    assert f"  - Test: {message}" in str(raised.value)
    assert "or leave env out for an environment-agnostic stack" in str(raised.value)


@pytest.mark.parametrize(
    ("account", "region"),
    [
        ("123456789012", "us-isob-east-1"),
        ("123456789012", "eusc-de-east-1"),
        (None, "ap-southeast-5"),
        (cdk.Aws.ACCOUNT_ID, cdk.Aws.REGION),
        (None, None),
    ],
    ids=["isob", "sovereign", "region-only", "tokens", "agnostic"],
)
def test_every_real_environment_and_an_agnostic_one_pass(
    account: str | None, region: str | None
) -> None:
    _worker(account, region)
