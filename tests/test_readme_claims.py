"""README claims about tools outside the library (make targets, boto3, `cdk init`'s
cdk.json) held to what those tools do, so a changed Makefile or SDK shows here."""

from __future__ import annotations

import inspect
import json
import re
import tarfile
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import boto3
import botocore.session
import pytest
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from jsii._kernel.providers.process import _NodeProcess

from constructs_lib import ApiAuth, Route, ServerlessApi
from constructs_lib.checks import cdk_nag_major
from tests.support import CDK_CONTEXT, ROOT, echo_handler, nag_findings
from tests.test_nag_other_packs import _findings as other_packs_findings
from tests.test_readme_snippets import SNIPPETS

README = (ROOT / "README.md").read_text()


def _paragraph_with(phrase: str) -> str:
    """The README paragraph holding ``phrase`` (once), its lines joined."""
    found = [p for p in README.split("\n\n") if phrase in " ".join(p.split())]
    assert len(found) == 1, phrase
    return " ".join(found[0].split())


def test_the_readme_names_the_make_target_running_the_users_type_check() -> None:
    # Proves (docs37): the README said `make test` keeps the README's blocks clean under
    # mypy --strict, which only `make lint` runs (pytest's addopts leave the marker out)
    makefile = (ROOT / "Makefile").read_text()
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "-m typecheck tests/test_user_type_check.py" in lint
    assert "-m 'not typecheck'" in (ROOT / "pyproject.toml").read_text()
    typed = _paragraph_with("Both packages are typed")
    assert "`make lint` keeps a user's app and every block of this README clean" in typed
    assert "`make test`" not in typed


def _presign_snippet() -> dict[str, Any]:
    """The names the uploads recipe's test block defines (PRESIGN, presigned_upload)."""
    (snippet,) = [
        s for s in SNIPPETS if s.heading.startswith("Uploads from the browser") and s.kind == "test"
    ]
    namespace: dict[str, Any] = {}
    exec(compile(snippet.code, snippet.id, "exec"), namespace)
    return namespace


def _client(region: str, config: Any = None) -> Any:
    return boto3.client(
        "s3",
        region_name=region,
        config=config,
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1"])
def test_the_recipes_client_presigns_for_the_regional_host_the_csp_names(region: str) -> None:
    # Proves (docs37): the README said boto3's default client names the global host "in
    # us-east-1"; it does in every region, and the recipe's config names the regional one
    recipe = _presign_snippet()
    claim = _paragraph_with("names the global `s3.amazonaws.com` in every region")
    assert "SigV4 on the bucket's regional host" in claim
    default = _client(region).generate_presigned_post("photos", "uploads/p.jpg")
    assert default["url"] == "https://photos.s3.amazonaws.com/"
    assert "signature" in default["fields"]  # Signature Version 2's field
    post = recipe["presigned_upload"](
        _client(region, recipe["PRESIGN"]), "photos", "uploads/p.jpg", "image/jpeg"
    )
    assert post["url"] == f"https://photos.s3.{region}.amazonaws.com/"
    assert post["fields"]["x-amz-algorithm"] == "AWS4-HMAC-SHA256"


def test_cdk_init_s_cdk_json_makes_the_template_rules_errors() -> None:
    # Proves (docs37): the README said `cdk synth` fails on a dependency cycle; aws-cdk-lib
    # only warns unless cdk.json turns its template rules into errors, as `cdk init`'s does
    # (the examples' cdk.json are cdk init's)
    flag = "@aws-cdk/core:validateAgainstDefaultRules"
    for example in ("hello_api", "orders_app"):
        context = json.loads((ROOT / "examples" / example / "cdk.json").read_text())["context"]
        assert context[flag] is True, example
    assert re.search(r"`cdk synth` fails when `cdk.json` turns on `" + flag, _paragraph_with(flag))


def test_the_webhooks_recipe_s_access_log_keeps_signatures_and_bodies_out() -> None:
    # The recipe tells a team receiving signed webhooks what the access log holds: every
    # field a $context variable of the request's metadata, the user agent its one header
    from constructs_lib._defaults.values import ACCESS_LOG_FIELDS

    claim = _paragraph_with("no other header (not the signature) and never the body")
    assert "the caller's IP and user agent" in claim
    variables = list(ACCESS_LOG_FIELDS.values())
    assert all(v.startswith("$context.") for v in variables)
    carries_request_data = [
        v for v in variables if re.search(r"header|body|userAgent|requestOverride", v, re.I)
    ]
    assert carries_request_data == ["$context.identity.userAgent"]


def test_the_webhooks_recipe_gives_sqs_s_default_message_size() -> None:
    # Proves (docs38): the recipe said a QueueWorker's queue takes 256 KiB (SQS's default)
    # unless max_message_size says more; SQS's default is its most, 1 MiB, as its API says
    # (the queue sets none, so it takes SQS's)
    model = botocore.session.get_session().get_service_model("sqs")  # the installed SDK's
    shape = model.operation_model("CreateQueue").input_shape.members["Attributes"]
    documented = " ".join(re.sub(r"<[^>]+>", " ", shape.documentation).split())
    assert "Default: 1,048,576 bytes (1 MiB)" in documented
    claim = _paragraph_with("A QueueWorker's queue takes messages")
    assert "up to 1 MiB (SQS's default and most) unless `max_message_size` says less" in claim
    assert "256 KiB" not in claim


def _compliance_table() -> dict[str, list[str]]:
    """The "Compliance packs" table: each row's rules and what they are on."""
    header = "| finding (NIST 800-53 R5 / HIPAA Security) | on | what to do |"
    lines = README.split(header, 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    rows: dict[str, list[str]] = {}
    for line in lines:
        rules, on, _ = (cell.strip() for cell in line.strip("|").split(" | "))
        rows[on] = re.findall(r"`([A-Za-z0-9]+)`", rules)
    return rows


@pytest.mark.slow
def test_the_compliance_table_lists_what_the_packs_still_report(tmp_path: Any) -> None:
    # The table tells a platform running NIST 800-53 R5 and HIPAA Security beside
    # enable_checks what still needs its decision: every rule those packs report on the
    # library's resources, and only those, each on what the table says
    import aws_cdk as cdk
    from cdk_nag import HIPAASecurityChecks, NIST80053R5Checks

    import constructs_lib as lib
    from tests.support import CDK_CONTEXT, SITE, echo_handler, nag_findings

    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    stack = cdk.Stack(app, "Packs")
    api_props = {"auth": lib.ApiAuth.iam(), "table": lib.TableOptions()}
    lib.ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, **api_props)
    # with internet egress: its NAT gateways' public subnets have findings of their own
    network = lib.Network(stack, "Network", nat_gateways=1)
    lib.QueueWorker(stack, "Worker", handler=echo_handler(), network=network)
    lib.ScheduledJob(stack, "Job", handler=echo_handler(), schedule="rate(1 hour)")
    lib.EventHandler(stack, "Events", handler=echo_handler(), event_pattern={"source": ["o"]})
    lib.StaticSite(stack, "Site", source=SITE)
    cdk.Validations.of(app).add_plugins(NIST80053R5Checks(app), HIPAASecurityChecks(app))
    found: dict[str, set[str]] = {}
    for rule, path in nag_findings(app, tmp_path):
        pack, _, name = rule.split("::")[-1].partition("-")
        if pack in ("NIST.800.53.R5", "HIPAA.Security"):
            found.setdefault(name, set()).add(path)
    table = _compliance_table()
    assert set(found) == {rule for rules in table.values() for rule in rules}
    on_site = {
        path: {r for r, paths in found.items() if path in paths}
        for path in ("Packs/Site/Bucket/Resource", "Packs/Site/LogBucket/Resource")
    }
    assert on_site["Packs/Site/Bucket/Resource"] == set(table["a StaticSite's content bucket"])
    (log_row,) = [rules for on, rules in table.items() if on.startswith("a StaticSite's log")]
    assert on_site["Packs/Site/LogBucket/Resource"] == set(log_row)
    assert "Packs/Job/Handler/Function/Resource" not in found["LambdaConcurrency"]
    assert "Packs/Worker/Handler/Function/Resource" not in found["LambdaInsideVPC"]
    assert found["DynamoDBInBackupPlan"] == {"Packs/Api/Table/Resource"}
    public = {f"Packs/Network/Vpc/PublicSubnet{n}" for n in (1, 2)}
    assert found["VPCSubnetAutoAssignPublicIpDisabled"] == {f"{p}/Subnet" for p in public}
    assert found["VPCNoUnrestrictedRouteToIGW"] == {f"{p}/DefaultRoute" for p in public}


def _adoption_template(index: int, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The API's resources in "Moving an existing app onto the library"'s block ``index``
    (1: the table imported, 2: the table the library owns), as one stack synthesizes them."""
    import aws_cdk as cdk
    from aws_cdk import aws_sns as sns
    from aws_cdk.assertions import Template

    from constructs_lib import Monitoring
    from tests.support import CDK_CONTEXT
    from tests.test_readme_snippets import run_from, write_project_files

    (snippet,) = [
        s
        for s in SNIPPETS
        if s.heading == "Moving an existing app onto the library" and s.index == index
    ]
    directory = tmp_path / str(index)
    directory.mkdir()
    write_project_files(snippet.code, directory)
    run_from(directory, monkeypatch)
    stack = cdk.Stack(cdk.App(context=CDK_CONTEXT), "OrdersProd")
    if index == 2:  # the app's Monitoring stays, as in block 1
        topic_arn = "arn:aws:sns:eu-west-1:111111111111:ops-alarms"
        Monitoring(stack, alarm_topic=sns.Topic.from_topic_arn(stack, "OpsAlarms", topic_arn))
    exec(compile(snippet.code, snippet.id, "exec"), {"self": stack})
    resources = Template.from_stack(stack).to_json()["Resources"]
    return {key: value for key, value in resources.items() if key.startswith("OrdersApi")}


@pytest.mark.slow
def test_the_adoption_recipe_imports_the_table_it_names(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves (docs39): the recipe said `cdk import` offers the `cdk deploy` after importing
    # the table; the functions' new versions (TABLE_NAME changes) are additions too, which
    # the mapping leaves out, so the CLI ends with "Some resources were skipped" instead.
    # The second block's auth was ApiAuth.iam(), a change of every route beside the table
    imported = _adoption_template(1, tmp_path, monkeypatch)
    owned = _adoption_template(2, tmp_path, monkeypatch)
    added = {key: owned[key]["Type"] for key in owned.keys() - imported.keys()}
    (mapping,) = re.findall(r"--resource-mapping-inline '(\{.*\})'", README)
    (logical_id,) = json.loads(mapping)
    assert added.pop(logical_id) == "AWS::DynamoDB::Table"
    assert set(added.values()) == {"AWS::Lambda::Version"}
    assert {imported[key]["Type"] for key in imported.keys() - owned.keys()} == {
        "AWS::Lambda::Version"
    }
    table = owned[logical_id]
    assert table["DeletionPolicy"] == "Retain"
    assert table["Properties"]["DeletionProtectionEnabled"] is True  # stays off when imported
    assert table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
    claim = _paragraph_with("`cdk import` imports the table alone")
    assert "Some resources were skipped" in claim and "offers the `cdk deploy`" not in claim


def test_jsii_gives_node_5_s_to_delete_the_temporary_cloud_assemblies() -> None:
    # Proves (docs40): the Troubleshooting row says an App without outdir writes a cdk.out*
    # directory to Node's temporary directory (TMPDIR), deleted when Node exits, and that
    # jsii waits 5 s for that exit and then ends Node
    stop = inspect.getsource(_NodeProcess.stop)
    assert "self._process.wait(timeout=5)" in stop
    assert "self._process.terminate()" in stop
    tarball = next((Path(cdk.__file__).parent / "_jsii").glob("aws-cdk-lib@*.jsii.tgz"))
    name = "package/node_modules/@aws-cdk/cloud-assembly-api/lib/cloud-assembly.js"
    with tarfile.open(tarball) as package:
        # read up to the file, not the whole 38 MB (extractfile(name) lists every member
        # first: 0.63 CPU-seconds here against 0.10)
        member = next(m for m in package if m.name == name)
        source = package.extractfile(member).read().decode()  # type: ignore[union-attr]
    assert "fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'cdk.out'))" in source
    assert "process.on('exit', () => CloudAssembly.cleanupTemporaryDirectories())" in source
    claim = _paragraph_with("jsii waits 5 s for that")
    assert "an App without `outdir` writes one there" in claim and "`TMPDIR`" in claim


def _api_with_a_route_added_without_auth(app: cdk.App, auth: ApiAuth, **routes: Any) -> None:
    """An API whose ``http_api`` gets ``GET /open`` without the API's authorizer."""
    api = ServerlessApi(
        cdk.Stack(app, "Test"), "Api", routes={"GET /items": echo_handler(), **routes}, auth=auth
    )
    api.http_api.add_routes(
        path="/open",
        methods=[apigwv2.HttpMethod.GET],
        integration=integrations.HttpLambdaIntegration("Open", api.aliases["GET /items"]),
    )


@pytest.mark.slow
def test_no_pack_but_aws_solutions_checks_a_route_s_authorization(tmp_path: Path) -> None:
    # Proves (docs40): Route(public=) acknowledges AwsSolutions-APIG4 alone, as the README
    # says no other pack of cdk-nag checks a route's authorization: a route added without
    # any is reported by AwsSolutions only, and by none of the other packs
    app = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path))
    health = Route(echo_handler(name="Health"), public="probes carry no token")
    _api_with_a_route_added_without_auth(
        app, ApiAuth.jwt("https://issuer.example.com/", ["todo-api"]), **{"GET /health": health}
    )
    open_route = "Test/Api/HttpApi/GET--open/Resource"
    routes = {open_route, "Test/Api/HttpApi/GET--health/Resource"}
    assert {f for f in nag_findings(app, tmp_path) if f[1] in routes} == {
        ("AwsSolutions-APIG4", open_route)
    }
    others = cdk.App(context=CDK_CONTEXT, outdir=str(tmp_path / "others"))
    _api_with_a_route_added_without_auth(others, ApiAuth.iam())
    found = other_packs_findings(others, tmp_path / "others")
    assert found and not {f for f in found if f[1] == open_route}
    assert "no other pack checks a route's authorization" in _paragraph_with(
        "`AwsSolutions-APIG4` on its `AWS::ApiGatewayV2::Route`"
    )


def test_a_cdk_nag_3_pack_added_as_an_aspect_fails_as_troubleshooting_quotes(
    tmp_path: Path,
) -> None:
    # Proves (novice43): `cdk.Aspects.of(app).add(AwsSolutionsChecks())`, the way cdk-nag 2's
    # guides (and older posts) add a pack, fails the synth with a jsii trace a user cannot
    # read (a cdk-nag 3 pack has no `visit`); the Troubleshooting row quotes it and the fix
    from cdk_nag import AwsSolutionsChecks

    if cdk_nag_major() < 3:  # cdk-nag 2's packs are Aspects: that way works there
        pytest.skip("cdk-nag 2 is installed")
    app = cdk.App(outdir=str(tmp_path), context=CDK_CONTEXT)
    ServerlessApi(
        cdk.Stack(app, "Test"), "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam()
    )
    cdk.Aspects.of(app).add(AwsSolutionsChecks())  # type: ignore[arg-type]
    quoted = "TypeError: aspectApplication.aspect.visit is not a function"
    with pytest.raises(RuntimeError, match=re.escape(quoted)):
        app.synth()
    (row,) = [line for line in README.splitlines() if quoted in line]
    assert "cdk.Aspects.of(app).add(AwsSolutionsChecks())" in row
    assert "Replace the line with `enable_checks(app)`" in row
