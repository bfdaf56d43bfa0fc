"""README claims about tools outside the library (make targets, boto3, `cdk init`'s
cdk.json) held to what those tools do, so a changed Makefile or SDK shows here."""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest

from tests.support import ROOT
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
