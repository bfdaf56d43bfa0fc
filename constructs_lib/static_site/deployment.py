"""StaticSite's deployments: the site's files and ``config.json`` copied into the bucket on
every ``cdk deploy``, and the cdk-nag bookkeeping for CDK's shared deployment function."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_cdk import CfnResource, CustomResource, Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct, IConstruct

from constructs_lib import _defaults, _nag, _nag_site
from constructs_lib._cfn import drop_redundant_dependency
from constructs_lib._iam_findings import wildcard_findings
from constructs_lib._injected_helpers import check_helper_names
from constructs_lib._injector_errors import may_inject
from constructs_lib._jsii import is_unresolved
from constructs_lib._json_nulls import contains_none, json_nulls
from constructs_lib._scope_retention import stack_log_group
from constructs_lib.static_site.props import StaticSiteProps

__all__ = ["deploy_content"]

# aws-cdk-lib's id of the BucketDeployment singleton function (bucket-deployment.ts).
_SINGLETON_UUID = "8693BB64-9689-44B6-9AAF-B0CC9EB8756C"


def _config_source(file: str, config: dict[str, Any]) -> s3deploy.ISource:
    """``config`` as JSON, ``None`` members as ``null`` (``Source.json_data`` leaves a
    ``None`` out). Without deploy-time values the file is Python's own JSON text, complete
    in the asset; with them, each ``None`` is a token the deployment writes as ``null``."""
    if not contains_none(config):
        return s3deploy.Source.json_data(file, config)
    if _has_deploy_time_value(config):
        return s3deploy.Source.json_data(file, json_nulls(config))
    return s3deploy.Source.data(file, json.dumps(config, separators=(",", ":"), ensure_ascii=False))


def _has_deploy_time_value(value: object) -> bool:
    if isinstance(value, dict):
        return any(_has_deploy_time_value(k) or _has_deploy_time_value(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_deploy_time_value(item) for item in value)
    return isinstance(value, str) and is_unresolved(value)


def deploy_content(
    site: Construct,
    props: StaticSiteProps,
    bucket: s3.IBucket,
    distribution: cloudfront.IDistribution,
) -> tuple[s3deploy.BucketDeployment, s3deploy.BucketDeployment | None]:
    """The deployment of ``source`` (pruning, invalidating ``/*``) and, with
    ``runtime_config`` or ``api``, the deployment of ``config.json`` (no-cache, never
    pruned)."""
    memory_mib = props.deployment_memory_mib
    log_group = _deployment_log_group(site, memory_mib)
    findings_before = _existing_deployment_findings(site, memory_mib)
    config_file, config = _defaults.SITE_RUNTIME_CONFIG_FILE, props.config
    deployment = s3deploy.BucketDeployment(
        site,
        "Deployment",
        # Absolute: CDK's Node process resolves relative paths against its own directory.
        # A developer's .DS_Store, .git or swap files never go public, nor change the asset.
        sources=[
            s3deploy.Source.asset(
                str(Path(props.source).resolve()), exclude=list(_defaults.MACHINE_LOCAL_FILES)
            )
        ],
        destination_bucket=bucket,
        # No distribution=: aws-cdk-lib would grant the stack's shared deployment role
        # cloudfront:CreateInvalidation on every distribution of the account (Resource
        # '*'); _invalidate grants it on this site's distribution only.
        cache_control=list(
            props.cache_control or [s3deploy.CacheControl.from_string(_defaults.SITE_CACHE_CONTROL)]
        ),
        # config.json belongs to the config deployment: neither uploaded nor pruned here.
        exclude=[config_file] if config is not None else None,
        prune=True,
        memory_limit=memory_mib,
        log_group=log_group,
    )
    _invalidate(deployment, distribution)
    config_deployment = None
    if config is not None:
        config_deployment = s3deploy.BucketDeployment(
            site,
            "ConfigDeployment",
            sources=[_config_source(config_file, dict(config))],
            destination_bucket=bucket,
            cache_control=[s3deploy.CacheControl.no_cache()],
            content_type="application/json",
            prune=False,
            memory_limit=memory_mib,
            log_group=log_group,
        )
    _acknowledge_deployment_internals(deployment, findings_before)
    if may_inject(site):  # a name an injector gave aws-cdk-lib's function or its role
        function = _deployment_function(site, memory_mib)
        role = getattr(function, "role", None)
        check_helper_names({"function": function, "role": role}, "aws-cdk-lib's BucketDeployment")
    return deployment, config_deployment


def _invalidate(
    deployment: s3deploy.BucketDeployment, distribution: cloudfront.IDistribution
) -> None:
    """What ``BucketDeployment(distribution=..., distribution_paths=["/*"])`` sets, the
    custom resource's ``DistributionId`` and ``DistributionPaths`` (its handler then
    invalidates ``/*`` and waits for it), with the two CloudFront actions that takes
    granted on ``distribution``'s ARN, which both support, instead of on ``'*'``."""
    # aws-cdk-lib names the custom resource by the deployment's options (crUniqueId)
    (custom,) = [c for c in deployment.node.children if isinstance(c, CustomResource)]
    resource = custom.node.default_child
    assert isinstance(resource, CfnResource)
    resource.add_property_override("DistributionId", distribution.distribution_id)
    resource.add_property_override("DistributionPaths", ["/*"])
    distribution.grant(
        deployment.handler_role, "cloudfront:GetInvalidation", "cloudfront:CreateInvalidation"
    )


def _deployment_log_group(scope: Construct, memory_mib: int) -> logs.ILogGroup:
    """One log group per BucketDeployment singleton function (one per memory size and
    stack), which every StaticSite of the stack shares: the function is CDK's singleton, so
    only the first log group given to it would ever be used (kept as the stack's
    FunctionDefaults say)."""
    return stack_log_group(scope, f"StaticSiteDeploymentLogs{memory_mib}MiB")


def _deployment_function(scope: Construct, memory_mib: int) -> IConstruct | None:
    """The stack's BucketDeployment singleton function of ``memory_mib`` (None before one
    exists)."""
    return Stack.of(scope).node.try_find_child(
        f"Custom::CDKBucketDeployment{_SINGLETON_UUID.replace('-', '')}{memory_mib}MiB"
    )


def _existing_deployment_findings(scope: Construct, memory_mib: int) -> set[str]:
    """Findings of the stack's deployment singleton before this site adds its grants (other
    sites' or the user's BucketDeployments): those are not this site's to acknowledge."""
    function = _deployment_function(scope, memory_mib)
    role = getattr(function, "role", None)
    return _deployment_findings(role) if isinstance(role, iam.Role) else set()


def _deployment_findings(role: iam.IRole) -> set[str]:
    """cdk-nag's AwsSolutions-IAM5 finding ids for the role's default policy right now."""
    policy = role.node.try_find_child("DefaultPolicy")
    if not isinstance(policy, iam.Policy):
        return set()
    document = Stack.of(policy).resolve(policy.document) or {}
    return set(wildcard_findings(document.get("Statement", [])))


def _acknowledge_deployment_internals(
    deployment: s3deploy.BucketDeployment, findings_before: set[str]
) -> None:
    """Acknowledges the findings on CDK's own BucketDeployment singleton function (shared
    by the stack) and its role, there and nowhere else: each wildcard this site's
    deployments added, by its granular id, plus the function's fixed settings."""
    role = deployment.handler_role
    function = role.node.scope
    assert isinstance(function, lambda_.Function)
    resource = function.node.default_child
    assert isinstance(resource, CfnResource)
    drop_redundant_dependency(resource, role.node.default_child)
    wildcards = sorted(_deployment_findings(role) - findings_before)
    _nag.acknowledge(
        function,
        _nag_site.DEPLOYMENT_MANAGED_POLICY,
        _nag_site.DEPLOYMENT_RUNTIME,
        _nag_site.DEPLOYMENT_LATEST_RUNTIME,
        _nag_site.DEPLOYMENT_NO_DLQ,
        _nag_site.DEPLOYMENT_NO_TRACING,
        *(
            (f"AwsSolutions-IAM5[{finding}]", _nag_site.DEPLOYMENT_WILDCARDS_REASON)
            for finding in wildcards
        ),
    )
    _nag.acknowledge_in_other_packs(function, *_nag_site.DEPLOYMENT_IN_OTHER_PACKS)
