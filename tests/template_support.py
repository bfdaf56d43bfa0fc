"""What a synthesized template (or a construct's resolved policy) says about a construct:
its properties, its function's variables, its role's grants, a worker's bucket
notifications. Each reads the stack's template through ``Template.from_stack``, which after
``app.synth()`` (or an earlier ``from_stack`` of the app) is the app's cached assembly: no
second synth."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk.assertions import Template


def properties_of(construct: Any) -> dict[str, Any]:
    """The template Properties of ``construct``'s L1 (``construct`` itself, or its
    ``node.default_child``), from its stack's template: after ``app.synth()`` this reads
    the app's synthesized assembly again, without a second synth."""
    resource = construct if isinstance(construct, cdk.CfnResource) else construct.node.default_child
    stack = cdk.Stack.of(resource)
    logical_id = stack.resolve(resource.logical_id)
    template = Template.from_stack(stack).to_json()
    properties: dict[str, Any] = template["Resources"][logical_id].get("Properties", {})
    return properties


def variables_of(function: Any) -> dict[str, Any]:
    """The environment variables of ``function`` (a lambda_.Function) in its stack's template."""
    variables: dict[str, Any] = properties_of(function)["Environment"]["Variables"]
    return variables


def intrinsics(value: Any, name: str) -> list[Any]:
    """The argument of each intrinsic function ``name`` (``"Fn::ImportValue"``) anywhere in
    ``value`` (a template, or part of one)."""
    if isinstance(value, dict):
        return [
            *([value[name]] if name in value else []),
            *(found for item in value.values() for found in intrinsics(item, name)),
        ]
    if isinstance(value, list):
        return [found for item in value for found in intrinsics(item, name)]
    return []


def grants_of(role: Any) -> list[dict[str, Any]]:
    """The statements of ``role``'s default policy (its grants), resolved without a synth."""
    policy = role.node.find_child("DefaultPolicy")
    statements: list[dict[str, Any]] = cdk.Stack.of(role).resolve(policy.document)["Statement"]
    return statements


def granted(role: Any, action: str) -> list[Any]:
    """Every resource ``role``'s grants allow ``action`` on (resources of statements of
    several, listed once each)."""
    found: list[Any] = []
    for statement in grants_of(role):
        actions = statement["Action"]
        if action in ([actions] if isinstance(actions, str) else actions):
            resources = statement["Resource"]
            found += resources if isinstance(resources, list) else [resources]
    return found


def notifications_of(worker: Any) -> list[dict[str, Any]]:
    """The bucket notification resources (their Properties) of ``worker``'s stack that send
    to ``worker``'s queue (a QueueWorker with BucketEvents sources)."""
    stack = cdk.Stack.of(worker)
    arn = stack.resolve(worker.queue.queue_arn)
    found = Template.from_stack(stack).find_resources("Custom::S3BucketNotifications")
    return [
        resource["Properties"]
        for resource in found.values()
        if any(
            queue["QueueArn"] == arn
            for queue in resource["Properties"]["NotificationConfiguration"].get(
                "QueueConfigurations", []
            )
        )
    ]


def event_source_mappings(construct: Any) -> list[dict[str, Any]]:
    """Each Lambda event source mapping below ``construct``: its ``event_source_arn`` and
    ``filter_criteria``, resolved as CloudFormation will see them (no synth)."""
    from aws_cdk import aws_lambda as lambda_

    stack = cdk.Stack.of(construct)
    return [
        {
            "event_source_arn": stack.resolve(child.event_source_arn),
            "filter_criteria": stack.resolve(child.filter_criteria),
        }
        for child in construct.node.find_all()
        if isinstance(child, lambda_.CfnEventSourceMapping)
    ]


def authorizers_of(api: Any) -> list[dict[str, Any]]:
    """Each API Gateway authorizer below ``api`` (a ServerlessApi): its type, identity
    source, cache TTL and JWT configuration, resolved as CloudFormation will see them
    (no synth)."""
    from aws_cdk import aws_apigatewayv2 as apigwv2

    stack = cdk.Stack.of(api)
    return [
        {
            "type": child.authorizer_type,
            "identity_source": stack.resolve(child.identity_source),
            "ttl": stack.resolve(child.authorizer_result_ttl_in_seconds),
            "jwt": stack.resolve(child.jwt_configuration),
        }
        for child in api.node.find_all()
        if isinstance(child, apigwv2.CfnAuthorizer)
    ]


def routes_of(api: Any) -> dict[str, str]:
    """The authorization type of each route of ``api`` (a ServerlessApi), by route key
    (``"GET /a"``), resolved without a synth."""
    from aws_cdk import aws_apigatewayv2 as apigwv2

    stack = cdk.Stack.of(api)
    return {
        stack.resolve(child.route_key): stack.resolve(child.authorization_type)
        for child in api.node.find_all()
        if isinstance(child, apigwv2.CfnRoute)
    }


def config_text(site: Any) -> str:
    """The text of the ``/config.json`` a StaticSite deploys, from the app's synthesized
    assets (the cached assembly after ``Template.from_stack``): a deploy-time value is a
    marker CDK's deployment replaces (``<<marker:0xbaba:0>>``, unquoted)."""
    from pathlib import Path

    assembly = cdk.App.of(site).synth()  # type: ignore[union-attr]
    (config,) = Path(assembly.directory).glob("asset.*/config.json")
    return config.read_text()


def config_json(site: Any) -> Any:
    """The ``/config.json`` a StaticSite deploys (of values known at synth), parsed."""
    import json

    return json.loads(config_text(site))
