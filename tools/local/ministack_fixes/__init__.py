"""The fixes ministack 1.5.33 needs to deploy and run the demo app, applied in-process.

This package runs inside the emulator's own venv (``.venv/emulator``, pinned by
``requirements-emulator.lock``), never in the project's: ministack pins its own botocore.
``tools/local/ministack_server.py`` imports it as ``ministack_fixes`` (``tools/local`` on
``sys.path``), calls :func:`apply_all` and then starts ministack. One module per fix (two
for the EC2 types and for the HTTP API's), the loopback guard in ``loopback.py``. Each
:class:`Fix` names the defect it works around and has a canary (``python -m
ministack_fixes --canaries`` in ``tools/local``, run by
``tests/emulator/test_local_emulator_fixes.py``) that reports two facts on the unpatched
and the patched code:

- ``defect``: the pinned ministack still shows the defect (False after an upgrade that
  fixed it: delete the fix);
- ``fixed``: with the fix applied the behaviour is right (False: the fix broke).

Besides the fixes, :func:`apply_loopback_guard` makes the server process (and the worker
zygote, which the Python functions are forked from) refuse every connection, datagram and
name lookup that is not loopback and bind every socket to loopback, so nothing they do can
leave this machine or listen beyond it.
"""

from __future__ import annotations

from typing import Any

from ._base import Fix, Provisioned
from .alarms import _apply_metric_math, _canary_metric_math
from .bucket_deployment import (
    _apply_bucket_deployment,
    _canary_bucket_deployment,
    bucket_deployment,
)
from .codedeploy import _apply_codedeploy, _canary_codedeploy
from .custom_resources import (
    CUSTOM_RESOURCE_TIMEOUT_S,
    _apply_custom_resource_timeout,
    _canary_custom_resource_timeout,
)
from .ec2 import _apply_flow_log, _apply_sg_ingress, _canary_flow_log, _canary_sg_ingress
from .error_body import INTERNAL_ERROR_BODY, _apply_generic_error_body, _canary_generic_error_body
from .http_api import (
    LOCAL_JWKS_ENV,
    _apply_http_api_case,
    _apply_local_jwks,
    _canary_http_api_case,
    _canary_local_jwks,
)
from .loopback import apply_loopback_guard, check_loopback_guard
from .stack_answers import SETTLE_TIMEOUT_S, _apply_settled_answers, _canary_settled_answers

__all__ = [
    "CUSTOM_RESOURCE_TIMEOUT_S",
    "FIXES",
    "INTERNAL_ERROR_BODY",
    "LOCAL_JWKS_ENV",
    "PINNED_VERSION",
    "SETTLE_TIMEOUT_S",
    "Fix",
    "Provisioned",
    "apply_all",
    "apply_loopback_guard",
    "bucket_deployment",
    "check_loopback_guard",
    "run_canaries",
]

PINNED_VERSION = "1.5.33"


FIXES: tuple[Fix, ...] = (
    Fix(
        "metric_math_alarms",
        "AWS::CloudWatch::Alarm with Metrics (metric math) is rejected, so the stack "
        "holding an API's 5xx-rate alarm rolls back",
        _apply_metric_math,
        _canary_metric_math,
    ),
    Fix(
        "security_group_ingress",
        "AWS::EC2::SecurityGroupIngress has no provisioner: the Networked change set is refused",
        _apply_sg_ingress,
        _canary_sg_ingress,
    ),
    Fix(
        "flow_log",
        "AWS::EC2::FlowLog has no provisioner: the Networked change set is refused",
        _apply_flow_log,
        _canary_flow_log,
    ),
    Fix(
        "custom_resource_timeout",
        "a custom resource waits ServiceTimeout (default 3600 s) for a handler that never "
        "answers, so a broken handler hangs the deploy for an hour",
        _apply_custom_resource_timeout,
        _canary_custom_resource_timeout,
    ),
    Fix(
        "bucket_deployment",
        "Custom::CDKBucketDeployment's handler runs /opt/awscli/aws, which the local "
        "executor does not have: the deployment is emulated in-process",
        _apply_bucket_deployment,
        _canary_bucket_deployment,
    ),
    Fix(
        "http_api_case",
        "AWS::ApiGatewayV2::Api CorsConfiguration (and the stage's DefaultRouteSettings) "
        "are stored with the template's PascalCase keys while the data plane reads camelCase: "
        "every CORS preflight is answered 403",
        _apply_http_api_case,
        _canary_http_api_case,
    ),
    Fix(
        "local_jwks",
        "the HTTP API JWT authorizer fetches the issuer's discovery document and JWKS over "
        "the network: keys come from a local JWKS file instead",
        _apply_local_jwks,
        _canary_local_jwks,
    ),
    Fix(
        "codedeploy",
        "AWS::CodeDeploy::Application and AWS::CodeDeploy::DeploymentGroup have no "
        "provisioner and CodeDeploy no API: the TodoApi change set is refused. They are "
        "recorded and readable (Get/List); traffic shifting happens only in AWS",
        _apply_codedeploy,
        _canary_codedeploy,
    ),
    Fix(
        "settled_stack_answers",
        "a stack operation is answered while the stack is still in progress, so the CDK CLI "
        "asks again only 5 s later: every deploy and destroy waits ~5 s for work done in "
        "under one. The answer now comes when the stack has settled",
        _apply_settled_answers,
        _canary_settled_answers,
    ),
    Fix(
        "generic_error_body",
        "a route whose function raised is answered with the function's errorMessage and "
        'errorType as the body, where API Gateway answers {"message":"Internal Server '
        "Error\"}: an exception's text (a secret, a stack detail) reached the caller locally "
        "only",
        _apply_generic_error_body,
        _canary_generic_error_body,
    ),
)


def apply_all() -> None:
    import ministack

    version = getattr(ministack, "__version__", None) or _installed_version()
    if version != PINNED_VERSION:
        raise SystemExit(
            f"ministack {version} installed, the fixes are for {PINNED_VERSION}: "
            "reinstall from requirements-emulator.lock (make emulator)"
        )
    for fix in FIXES:
        fix.apply()


def _installed_version() -> str:
    from importlib.metadata import version

    return version("ministack")


def run_canaries() -> dict[str, dict[str, Any]]:
    """Each fix's canary on a fresh (unpatched) import: {name: {defect, fixed}}."""
    results: dict[str, dict[str, Any]] = {}
    for fix in FIXES:
        try:
            results[fix.name] = {**fix.canary(), "defect_text": fix.defect}
        except Exception as exc:
            results[fix.name] = {"defect": None, "fixed": False, "error": repr(exc)}
    return results
