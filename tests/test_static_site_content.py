"""StaticSite: the content deployment, the runtime config.json, CDK's deployment function."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk.assertions import Template

from constructs_lib.static_site import StaticSite
from tests.static_site_support import build_site, deployments, distribution_config, resource
from tests.support import SITE, new_stack

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"


@pytest.fixture(scope="module")
def template(default_site: tuple[StaticSite, Template]) -> Template:
    return default_site[1]


# --- content --------------------------------------------------------------------------------


def test_source_is_deployed_with_pruning_and_invalidates_everything(template: Template) -> None:
    (content,) = [p for k, p in deployments(template).items() if k.startswith("SiteDeployment")]
    assert content["Prune"] is True
    assert content["DistributionPaths"] == ["/*"]
    assert content["DistributionId"]["Ref"].startswith("SiteDistribution")
    assert content["DestinationBucketName"]["Ref"].startswith("SiteBucket")
    assert content["SystemMetadata"] == {
        "cache-control": "public, max-age=0, must-revalidate, s-maxage=86400"
    }
    # config.json is the config deployment's: neither uploaded nor pruned here
    assert content["Exclude"] == ["config.json"]


def test_runtime_config_is_config_json_never_cached_and_never_pruned(template: Template) -> None:
    (config,) = [p for k, p in deployments(template).items() if k.startswith("SiteConfig")]
    assert config["Prune"] is False
    assert config["SystemMetadata"] == {
        "cache-control": "no-cache",
        "content-type": "application/json",
    }
    # the API URL token goes in as a deploy-time marker
    (markers,) = config["SourceMarkers"]
    assert "execute-api" in json.dumps(markers)
    (behavior,) = distribution_config(template)["CacheBehaviors"]
    assert behavior["PathPattern"] == "/config.json"
    assert behavior["CachePolicyId"] == CACHING_DISABLED
    assert behavior["ViewerProtocolPolicy"] == "redirect-to-https"
    assert behavior["ResponseHeadersPolicyId"]["Ref"].startswith("SiteSecurityHeaders")


def test_files_only_a_developers_machine_has_are_not_deployed(tmp_path: Path) -> None:
    # Proves (trial29ci): a .DS_Store, a .git directory or an editor's swap file in `source`
    # was uploaded to the public bucket, and changed the content asset, so a developer's
    # synth and CI's clean clone deployed different assets.
    def site(name: str, *machine_local: str) -> tuple[str, Path]:
        source = tmp_path / name
        (source / "assets").mkdir(parents=True)
        (source / "index.html").write_text("<h1>hello</h1>")
        (source / "assets" / "app.js").write_text("console.log(1)")
        for relative in machine_local:
            (source / relative).parent.mkdir(parents=True, exist_ok=True)
            (source / relative).write_text("local state")
        site, template = build_site(source=source, alarms=False)
        (content,) = [p for k, p in deployments(template).items() if "ConfigDeployment" not in k]
        assembly = cdk.App.of(site).synth()  # type: ignore[union-attr]
        return json.dumps(content["SourceObjectKeys"]), Path(assembly.directory)

    clean, _ = site("clean")
    local = (".DS_Store", "assets/._app.js", "Thumbs.db", ".git/HEAD", ".index.html.swp", "x~")
    noisy, assembly = site("noisy", *local)
    assert noisy == clean
    deployed = {p.name for p in assembly.glob("asset.*/**/*") if p.is_file()}
    assert deployed >= {"index.html", "app.js"} and not deployed & {Path(p).name for p in local}


def test_a_dot_files_backup_is_not_deployed_and_lookalikes_are(tmp_path: Path) -> None:
    # Proves (sweep31): an editor's backup of a dot file (`.htaccess~`) was uploaded to the
    # public bucket (CDK's "*~" matches no leading dot) though the site's file checks left
    # it out; what a site serves on purpose and is only named alike is deployed
    source = tmp_path / "site"
    served = ("index.html", ".htaccess", "~draft.html", ".well-known/security.txt", "_headers")
    for relative in (*served, ".htaccess~", "sub/.nojekyll~"):
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_text("x")
    site, _ = build_site(source=source, alarms=False)
    assembly = Path(cdk.App.of(site).synth().directory)  # type: ignore[union-attr]
    deployed = {
        p.relative_to(asset).as_posix()
        for asset in assembly.glob("asset.*")
        if asset.is_dir()
        for p in asset.rglob("*")
        if p.is_file()
    }
    assert deployed >= set(served) and not deployed & {".htaccess~", "sub/.nojekyll~"}


def test_runtime_config_file_content(default_site: tuple[StaticSite, Template]) -> None:
    # WHEN synthesized THEN the config asset is config.json with a marker that the deployment
    # replaces by the API URL (a JSON string) at deploy time
    site, _ = default_site
    assembly = cdk.App.of(site).synth()  # type: ignore[union-attr]
    configs = list(Path(assembly.directory).glob("asset.*/config.json"))
    assert len(configs) == 1
    assert configs[0].read_text() == '{"apiUrl":<<marker:0xbaba:0>>}'


def _config_deployment(template: Template) -> dict[str, Any]:
    """The properties of the deployment of config.json (never pruned)."""
    (config,) = [
        d["Properties"]
        for d in template.find_resources("Custom::CDKBucketDeployment").values()
        if d["Properties"].get("Prune") is False
    ]
    return dict(config)


def test_runtime_config_keeps_its_nulls() -> None:
    # Proves (fuzz): a None member of runtime_config was missing from /config.json
    # (Source.json_data gets it through jsii as "undefined"): {"a": None} became {}.
    config = {"feature": None, "nested": {"flag": None}, "list": [1, None], "name": "ü"}
    site, _ = build_site(runtime_config=config)
    assembly = cdk.App.of(site).synth()  # type: ignore[union-attr]
    (file,) = Path(assembly.directory).glob("asset.*/config.json")
    assert json.loads(file.read_text()) == config


def test_runtime_config_with_a_deploy_time_value_keeps_its_nulls() -> None:
    # Proves (fuzz): the same with a deploy-time value in the config: each None is a
    # marker the deployment replaces by null.
    stack = new_stack()
    topic = cdk.aws_sns.Topic(stack, "Topic")
    site, template = build_site(stack, runtime_config={"topic": topic.topic_arn, "off": None})
    assembly = cdk.App.of(site).synth()  # type: ignore[union-attr]
    (file,) = Path(assembly.directory).glob("asset.*/config.json")
    assert file.read_text() == '{"topic":<<marker:0xbaba:0>>,"off":<<marker:0xbaba:1>>}'
    assert _config_deployment(template)["SourceMarkers"][-1]["<<marker:0xbaba:1>>"] == "null"


def test_runtime_config_takes_a_deploy_time_object_encoded_as_the_fix_says() -> None:
    # GIVEN Fn.get_att(...) as Token.as_string(...) and as Token.as_number(...) (a
    # deploy-time object is refused, with this fix)
    stack = new_stack()
    cdk.CfnResource(stack, "Limits", type="AWS::SSM::Parameter")
    value = cdk.Fn.get_att("Limits", "Value")
    config = {"name": cdk.Token.as_string(value), "count": cdk.Token.as_number(value)}
    site, template = build_site(stack, runtime_config=config)
    # THEN the deployment writes the string quoted and the number as a number
    assembly = cdk.App.of(site).synth()  # type: ignore[union-attr]
    (file,) = Path(assembly.directory).glob("asset.*/config.json")
    assert file.read_text() == '{"name":<<marker:0xbaba:0>>,"count":<<marker:0xbaba:1>>}'
    get_att = {"Fn::GetAtt": ["Limits", "Value"]}
    assert _config_deployment(template)["SourceMarkers"] == [
        {
            "<<marker:0xbaba:0>>": {"Fn::Join": ["", ['"', get_att, '"']]},
            "<<marker:0xbaba:1>>": get_att,
        }
    ]


def test_without_runtime_config_there_is_one_deployment_and_no_config_behavior() -> None:
    site, template = build_site()
    assert site.config_deployment is None
    (content,) = deployments(template).values()
    assert "Exclude" not in content
    assert "CacheBehaviors" not in distribution_config(template)


def test_deployment_function_has_memory_and_a_log_group_with_retention(template: Template) -> None:
    functions = template.find_resources(
        "AWS::Lambda::Function", {"Properties": {"Handler": "index.handler", "Timeout": 900}}
    )
    (function,) = functions.values()
    assert function["Properties"]["MemorySize"] == 1024
    log_group_ref = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
    log_group = template.to_json()["Resources"][log_group_ref]
    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Properties"]["RetentionInDays"] == 30
    assert log_group["DeletionPolicy"] == "Retain"


def test_two_sites_in_a_stack_share_cdks_deployment_function_and_its_log_group() -> None:
    stack = new_stack()
    StaticSite(stack, "One", source=SITE)
    StaticSite(stack, "Two", source=SITE)
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::Lambda::Function", 1)
    template.resource_count_is("AWS::Logs::LogGroup", 1)
    template.resource_count_is("Custom::CDKBucketDeployment", 2)


def test_existing_bucket_is_served_and_deployed_into() -> None:
    stack = new_stack()
    mine = s3.Bucket.from_bucket_name(stack, "Mine", "my-site-bucket")
    site, template = build_site(stack, existing_bucket=mine)
    assert site.bucket is mine
    template.resource_count_is("AWS::S3::Bucket", 1)  # the log bucket only
    (content,) = deployments(template).values()
    assert content["DestinationBucketName"] == "my-site-bucket"
    (origin,) = distribution_config(template)["Origins"]
    assert "my-site-bucket" in json.dumps(origin["DomainName"])


def test_durations_are_configurable() -> None:
    _, template = build_site(
        noncurrent_version_expiration=cdk.Duration.days(7),
        access_log_retention=cdk.Duration.days(365),
        deployment_memory_mib=512,
        cache_control=[s3deploy.CacheControl.no_cache()],
    )
    site_bucket = resource(template, "AWS::S3::Bucket", "SiteBucket")
    log_bucket = resource(template, "AWS::S3::Bucket", "SiteLogBucket")
    rules = site_bucket["Properties"]["LifecycleConfiguration"]["Rules"]
    assert rules[0]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 7}
    assert log_bucket["Properties"]["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == 365
    template.has_resource_properties(
        "AWS::Lambda::Function", {"Handler": "index.handler", "MemorySize": 512}
    )
    (content,) = deployments(template).values()
    assert content["SystemMetadata"] == {"cache-control": "no-cache"}
