"""A link to an SSM parameter: ``Link.read(parameter)`` (or the parameter itself) grants
``ssm:GetParameter`` and ``ssm:GetParameters`` on the parameter's exact ARN, and
``kms:Decrypt`` on a SecureString's customer key; its variable holds the parameter's name
(never its value), or the ARN it was imported by. Writing, a name with a wildcard and a
parameter of another region are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_kms as kms
from aws_cdk import aws_ssm as ssm
from aws_cdk.assertions import Template

from constructs_lib import ConstructError, Handler, Link, Network, QueueWorker
from tests.support import CDK_CONTEXT, ECHO, cfn_lint, nag_findings, new_app, synth_error

HERE = cdk.Environment(account="111111111111", region="eu-west-1")
_READ = ["ssm:GetParameter", "ssm:GetParameters"]
_KEY_ARN = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
_SHARED = "arn:aws:ssm:eu-west-1:222222222222:parameter/platform/shared/endpoint"


def _stack(app: cdk.App | None = None, id: str = "Test", env: Any = HERE) -> cdk.Stack:
    return cdk.Stack(app or new_app(), id, env=env)


def _worker(stack: cdk.Stack, *links: Any) -> QueueWorker:
    return QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=list(links)))


def _linked(stack: cdk.Stack, template: Template | None = None) -> tuple[dict[str, Any], list[Any]]:
    """The worker's variables (without its own QUEUE_URL) and its SSM and KMS statements."""
    template = template or Template.from_stack(stack)
    (function,) = template.find_resources("AWS::Lambda::Function").values()
    variables = dict(function["Properties"]["Environment"]["Variables"])
    variables.pop("QUEUE_URL")
    (policy,) = template.find_resources("AWS::IAM::Policy").values()
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    return variables, [s for s in statements if "ssm:" in str(s) or s["Action"] == "kms:Decrypt"]


def _arn(name: Any) -> Any:
    """A parameter's ARN (``name`` without its leading '/': a name's own, or the one
    format_arn adds to a simple name) as aws-cdk-lib writes it in a stack of HERE."""
    prefix = "arn:aws:ssm:eu-west-1:111111111111:parameter/"
    return prefix + name if isinstance(name, str) else {"Fn::Join": ["", [prefix, name]]}


def _read(resource: Any) -> dict[str, Any]:
    return {"Action": _READ, "Effect": "Allow", "Resource": resource}


def test_a_hierarchical_and_a_simple_name_grant_reading_exactly_that_parameter() -> None:
    # GIVEN parameters imported by a path name ('/orders/dev/key') and a simple name
    stack = _stack()
    key = ssm.StringParameter.from_string_parameter_name(stack, "PaymentKey", "/orders/dev/key")
    flag = ssm.StringParameter.from_string_parameter_name(stack, "Flag", "beta-flag")
    # WHEN a worker links them (the parameter itself, and Link.read renamed)
    _worker(stack, key, Link.read(flag, env="BETA_FLAG"))
    variables, statements = _linked(stack)
    # THEN each variable holds the parameter's name, never its value
    assert variables == {"PAYMENT_KEY_PARAMETER_NAME": "/orders/dev/key", "BETA_FLAG": "beta-flag"}
    # AND the ARN of each is exact: 'parameter' + a path's own '/', 'parameter/' + a name
    # (one statement: aws-cdk-lib merges statements of the same actions)
    assert statements == [
        _read([_arn("beta-flag"), _arn("orders/dev/key")]),
    ]


def test_a_new_parameter_and_a_string_list_are_linked_by_name() -> None:
    # GIVEN a parameter the app creates (named by CloudFormation) and a StringList import
    stack = _stack()
    created = ssm.StringParameter(stack, "Settings", string_value="{}")
    hosts = ssm.StringListParameter.from_string_list_parameter_name(stack, "Hosts", "/hosts")
    _worker(stack, Link.to(created), hosts)
    variables, statements = _linked(stack)
    ref = {"Ref": stack.get_logical_id(created.node.default_child)}  # type: ignore[arg-type]
    # THEN the names are the variables; the grants name each parameter only
    assert variables == {"SETTINGS_PARAMETER_NAME": ref, "HOSTS_PARAMETER_NAME": "/hosts"}
    assert statements == [_read([_arn("hosts"), _arn(ref)])]


def test_a_secure_string_with_a_customer_key_grants_decrypt_on_that_key_only() -> None:
    # GIVEN a SecureString imported with the customer managed key it is encrypted with
    stack = _stack()
    secret = ssm.StringParameter.from_secure_string_parameter_attributes(
        stack,
        "ApiKey",
        parameter_name="/orders/dev/api-key",
        encryption_key=kms.Key.from_key_arn(stack, "Key", _KEY_ARN),
    )
    _worker(stack, Link.read(secret))
    variables, statements = _linked(stack)
    # THEN the function may read it and decrypt with that key; the variable is its name
    assert variables == {"API_KEY_PARAMETER_NAME": "/orders/dev/api-key"}
    assert statements == [
        _read(_arn("orders/dev/api-key")),
        {"Action": "kms:Decrypt", "Effect": "Allow", "Resource": _KEY_ARN},
    ]


@pytest.mark.parametrize(
    "key",
    [None, "alias/aws/ssm"],
    ids=["without-key", "aws-managed-key"],
)
def test_a_secure_string_of_the_aws_managed_key_needs_no_key_grant(key: str | None) -> None:
    # Proves: aws/ssm's key policy lets the account's principals decrypt through SSM, so no
    # kms:Decrypt is granted (or needed) for a SecureString without a customer key
    stack = _stack()
    given = {} if key is None else {"encryption_key": kms.Alias.from_alias_name(stack, "K", key)}
    secret = ssm.StringParameter.from_secure_string_parameter_attributes(
        stack, "ApiKey", parameter_name="/orders/dev/api-key", **given
    )
    _worker(stack, secret)
    _variables, statements = _linked(stack)
    assert statements == [_read(_arn("orders/dev/api-key"))]


def test_a_parameter_another_account_shares_is_read_by_its_arn() -> None:
    # GIVEN an advanced-tier parameter another account shares through RAM, imported by ARN
    stack = _stack()
    shared = ssm.StringParameter.from_string_parameter_arn(stack, "Endpoint", _SHARED)
    _worker(stack, shared)
    variables, statements = _linked(stack)
    # THEN the variable holds its ARN, which GetParameter must be given for a shared one
    # (aws-cdk-lib's parameter_name of such an import is the last segment, 'endpoint')
    assert variables == {"ENDPOINT_PARAMETER_NAME": _SHARED}
    assert statements == [_read(_SHARED)]


def test_a_parameter_of_this_account_imported_by_the_arn_of_a_path_is_read_by_it() -> None:
    # aws-cdk-lib names it after the path's last segment ('key'), which finds no parameter
    stack = _stack()
    arn = _arn("orders/dev/key")
    _worker(stack, ssm.StringParameter.from_string_parameter_arn(stack, "Key", arn))
    variables, statements = _linked(stack)
    assert variables == {"KEY_PARAMETER_NAME": arn}
    assert statements == [_read(arn)]


def test_an_environment_agnostic_stack_reads_a_parameter_imported_by_arn_by_its_arn() -> None:
    # its account is unknown here: the parameter may be another account's, whose name alone
    # GetParameter would look up in the function's own account
    stack = cdk.Stack(new_app(), "Test")
    arn = "arn:aws:ssm:eu-west-1:222222222222:parameter/shared"
    by_name = ssm.StringParameter.from_string_parameter_name(stack, "Own", "own")
    _worker(stack, ssm.StringParameter.from_string_parameter_arn(stack, "Shared", arn), by_name)
    variables, _statements = _linked(stack)
    assert variables == {"SHARED_PARAMETER_NAME": arn, "OWN_PARAMETER_NAME": "own"}


def test_links_to_parameters_of_another_stack_pass_cdk_nag_and_cfn_lint(tmp_path: Path) -> None:
    # GIVEN parameters (a new one, a SecureString of a customer key) in one stack
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    config = cdk.Stack(app, "Config", env=HERE)
    created = ssm.StringParameter(config, "Settings", string_value="{}")
    secret = ssm.StringParameter.from_secure_string_parameter_attributes(
        config,
        "ApiKey",
        parameter_name="/orders/dev/api-key",
        encryption_key=kms.Key(config, "Key", enable_key_rotation=True),
    )
    # WHEN a worker of another stack reads them
    workers = cdk.Stack(app, "Workers", env=HERE)
    _worker(workers, created, Link.read(secret))
    # THEN cdk-nag finds nothing (exact ARNs: nothing to acknowledge) and cfn-lint neither
    assert nag_findings(app, tmp_path) == set()
    template = Template.from_stack(workers)
    assert cfn_lint(template.to_json(), regions=["eu-west-1"]) == []
    variables, statements = _linked(workers, template)
    assert "Fn::ImportValue" in str(variables["SETTINGS_PARAMETER_NAME"])
    assert [s["Action"] for s in statements] == [_READ, "kms:Decrypt"]
    (read, decrypt) = statements
    assert read["Resource"][0] == _arn("orders/dev/api-key")
    assert "Fn::ImportValue" in str(read["Resource"][1])
    assert "Fn::ImportValue" in str(decrypt["Resource"])
    assert [s.stack_name for s in workers.dependencies] == ["Config"]


def _problems(*links: Any, stack: cdk.Stack | None = None) -> list[str]:
    stack = stack or _stack()
    with pytest.raises(ConstructError) as raised:
        _worker(stack, *links)
    return [str(problem) for problem in raised.value.problems]


def test_a_write_link_is_refused_with_how_to_write() -> None:
    stack = _stack()
    flag = ssm.StringParameter.from_string_parameter_name(stack, "Flag", "/orders/flag")
    (problem,) = _problems(Link.write(flag), stack=stack)
    assert problem == (
        "Test/Worker: `handler.links[0]` is Link.write(...) of the parameter Test/Flag; a "
        "parameter link only reads (GetParameter): a function's configuration is written by "
        "the app or by whoever manages it, and a function that may rewrite it can change what "
        "every other function reads. Fix: use Link.read(parameter) (or the parameter itself); "
        "to write it at run time, grant ssm:PutParameter on its ARN after construction: "
        "construct.function.add_to_role_policy(iam.PolicyStatement("
        "actions=['ssm:PutParameter'], resources=[parameter.parameter_arn]))"
    )


def test_a_name_with_a_wildcard_is_refused_even_around_a_token() -> None:
    # GIVEN a hierarchy written as a pattern, one part of it a deploy-time value
    stack = _stack()
    stage = cdk.CfnParameter(stack, "Stage").value_as_string
    pattern = ssm.StringParameter.from_string_parameter_attributes(
        stack, "Orders", parameter_name=f"/orders/{stage}/*", simple_name=False
    )
    (problem,) = _problems(pattern, stack=stack)
    assert problem.startswith(
        "Test/Worker: `handler.links[0]` is the parameter Test/Orders, named a string with "
        "a deploy-time value (\"/orders/{Ref Stage}/*\"), with '*' or '?', which no "
        "parameter's name holds and IAM reads as a wildcard: the grant would cover every "
        "parameter the pattern matches (a whole hierarchy)"
    )
    assert problem.endswith(
        "Fix: link each parameter the function reads by its own name, e.g. "
        "ssm.StringParameter.from_string_parameter_name(self, 'ApiKey', '/orders/dev/api-key')"
    )


def test_a_token_name_without_a_wildcard_is_linked() -> None:
    # a name given at deploy (a CfnParameter) names one parameter: nothing to refuse
    stack = _stack()
    name = cdk.CfnParameter(stack, "KeyName").value_as_string
    key = ssm.StringParameter.from_string_parameter_attributes(
        stack, "ApiKey", parameter_name=name, simple_name=False
    )
    _worker(stack, key)
    variables, statements = _linked(stack)
    assert variables == {"API_KEY_PARAMETER_NAME": {"Ref": "KeyName"}}
    (statement,) = statements
    assert statement["Action"] == _READ


def test_a_parameter_of_another_region_or_of_another_account_s_stack_is_refused() -> None:
    # GIVEN parameters created in stacks of another region and of another account
    app = new_app()
    far = ssm.StringParameter(
        _stack(app, "Far", cdk.Environment(account="111111111111", region="us-east-1")),
        "Settings",
        string_value="{}",
    )
    theirs = ssm.StringParameter(
        _stack(app, "Theirs", cdk.Environment(account="222222222222", region="eu-west-1")),
        "Shared",
        string_value="{}",
    )
    problems = _problems(far, theirs, stack=_stack(app))
    assert len(problems) == 2
    assert problems[0].startswith(
        "Test/Worker: `handler.links[0]` is the parameter Far/Settings, in region us-east-1, "
        "not eu-west-1"
    )
    assert problems[1].startswith(
        "Test/Worker: `handler.links[1]` is the parameter Theirs/Shared, in account "
        "222222222222, not 111111111111"
    )


def test_every_problem_is_listed_at_once() -> None:
    stack = _stack()
    flag = ssm.StringParameter.from_string_parameter_name(stack, "Flag", "/orders/flag")
    wildcard = ssm.StringParameter.from_string_parameter_name(stack, "All", "/orders/*")
    other = ssm.StringParameter.from_string_parameter_arn(
        stack, "Other", "arn:aws:sns:eu-west-1:111111111111:orders"
    )
    problems = _problems(Link.write(flag), wildcard, other, stack=stack)
    assert [p.split("` ", 1)[0] for p in problems] == [
        "Test/Worker: `handler.links[0]",
        "Test/Worker: `handler.links[1]",
        "Test/Worker: `handler.links[2]",
    ]
    assert "an SSM parameter (arn:aws:ssm:<region>:<account>:parameter/<name>)" in problems[2]


def test_a_function_in_a_network_reaches_parameters_through_the_ssm_endpoint() -> None:
    # GIVEN a worker in a zero-NAT Network linking a parameter
    stack = _stack()
    flag = ssm.StringParameter.from_string_parameter_name(stack, "Flag", "/orders/flag")
    network = Network(stack, "Net")
    QueueWorker(stack, "Worker", handler=Handler(code=ECHO, links=[flag]), network=network)
    # THEN without the ssm endpoint its every read would time out: said at synth
    problem = synth_error(stack)
    assert (
        "[Test/Worker] `handler.links[0]` is the parameter Test/Flag, but the function runs in "
        "the Network Test/Net's isolated subnets"
    ) in problem
    assert "'ssm'" in problem
    # AND with it, it links
    stack = _stack()
    flag = ssm.StringParameter.from_string_parameter_name(stack, "Flag", "/orders/flag")
    network = Network(stack, "Net")
    handler = Handler(code=ECHO, links=[flag], endpoints=["ssm"])
    QueueWorker(stack, "Reader", handler=handler, network=network)
    Template.from_stack(stack).has_resource_properties(
        "AWS::EC2::VPCEndpoint", {"ServiceName": "com.amazonaws.eu-west-1.ssm"}
    )
