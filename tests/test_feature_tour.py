"""The features the demo app does not use (custom API domain, FunctionDefaults, an image
function, a link of every kind), together in one stack under cdk-nag 3: zero findings.
The same stack runs under cdk-nag 2 in tests/test_installed_wheel.py."""

from __future__ import annotations

import importlib
from pathlib import Path

import aws_cdk as cdk
import pytest

from constructs_lib import enable_checks
from tests.support import CDK_CONTEXT, ROOT


@pytest.mark.slow
def test_every_feature_together_synthesizes_with_no_cdk_nag_3_finding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "tests" / "scripts"))
    build_feature_tour = importlib.import_module("feature_tour").build_feature_tour
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    enable_checks(app)
    stack = build_feature_tour(app)
    assembly = app.synth()  # cdk-nag 3 fails synth on any finding
    template = assembly.get_stack_by_name(stack.stack_name).template
    types = {resource["Type"] for resource in template["Resources"].values()}
    assert {"AWS::ApiGatewayV2::DomainName", "AWS::Route53::RecordSet"} <= types
