"""The update deploy's app: the demo's TodoApi with changed handler code, and TodoSite.

The update proves that a ``cdk deploy`` of changed handler code reaches the running
functions. Its app builds only what that deploy needs instead of all six demo stacks:
TodoApi, whose todo handlers answer ``GET /todos`` with one more header, and TodoSite,
which imports TodoApi's exports (without it, TodoApi's template would drop the exports
that the deployed TodoSite still uses), both checked by cdk-nag as the demo app is.
:func:`template_checks` proves that the update's templates are the deployed ones but
for the changed code asset; :func:`exercise` deploys it and asks the running API.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from tools.local import e2e_support
from tools.local.cdk_cli import Runner, Step
from tools.local.checks import Outcome
from tools.local.emulator import ROOT
from tools.local.jwt_local import LocalIssuer

UPDATE_HEADER = "x-local-update"
#: the update's stacks and how many of their code assets the changed handler changes
CHANGED_ASSETS = {"TodoApi": 1, "TodoSite": 0}
# aws-cdk-lib's currentVersion: <function id>CurrentVersion<8 hex of its path><32 hex hash>
_VERSION_HASH = re.compile(r"(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}")

APP = f'''"""Written by tools/local/update_app.py: the demo app's TodoApi and TodoSite."""

import aws_cdk as cdk

from stacks import build_demo_app

app = cdk.App()
build_demo_app(app, only={tuple(CHANGED_ASSETS)!r})
app.synth()
'''


def write(run_dir: Path, token: str) -> Path:
    """The update's app directory: a copy of the demo's stacks, whose todo handlers add
    ``UPDATE_HEADER: token`` to ``GET /todos``, with :data:`APP` as its ``app.py``."""
    app = run_dir / "update-app"
    shutil.copytree(ROOT / "stacks", app / "stacks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "cdk.json", app / "cdk.json")
    (app / "app.py").write_text(APP)
    handler = app / "stacks" / "handlers" / "todos" / "todos_api.py"
    handler.write_text(
        handler.read_text()
        + "\n\n# --- added by tools/local/update_app.py for the update deploy ---\n"
        + "_list_todos_before_update = list_todos\n\n\n"
        + "def list_todos(event, context):  # type: ignore[no-redef]\n"
        + "    response = _list_todos_before_update(event, context)\n"
        + f"    response['headers']['{UPDATE_HEADER}'] = '{token}'\n"
        + "    return response\n"
    )
    return app


def _code_assets(assembly: Path, stack: str) -> set[str]:
    """The hashes of the stack's file assets, its own template left out."""
    manifest = json.loads((assembly / f"{stack}.assets.json").read_text())
    return {
        asset_hash
        for asset_hash, asset in manifest.get("files", {}).items()
        if not asset["source"]["path"].endswith(".template.json")
    }


def _template(assembly: Path, stack: str) -> Any:
    """The stack's template, each function version's logical ID without its hash (of
    the function's code and settings, so a code change names a new version)."""
    text = (assembly / f"{stack}.template.json").read_text()
    return json.loads(_VERSION_HASH.sub(r"\1", text))


def template_checks(deployed: Path, update: Path, outcome: Outcome) -> None:
    """The update's stacks are :data:`CHANGED_ASSETS`' and each one's template is the
    deployed one but for the hashes of its changed code assets (as many as
    :data:`CHANGED_ASSETS` says) and the function versions that follow from them."""
    stacks = sorted(p.name.removesuffix(".template.json") for p in update.glob("*.template.json"))
    outcome.check(
        "update",
        f"the update app has the stacks {', '.join(sorted(CHANGED_ASSETS))}",
        stacks == sorted(CHANGED_ASSETS),
        ", ".join(stacks),
    )
    for stack, expected in CHANGED_ASSETS.items():
        if stack not in stacks:
            continue
        before, after = _code_assets(deployed, stack), _code_assets(update, stack)
        old, new = sorted(before - after), sorted(after - before)
        renamed = {new_hash: old_hash for new_hash, old_hash in zip(new, old, strict=False)}
        same = _renamed(_template(update, stack), renamed) == _template(deployed, stack)
        what = (
            "the changed code asset and the function versions of that code"
            if expected
            else "nothing"
        )
        outcome.check(
            "update",
            f"{stack}: the deployed template, differing in {what}",
            same and len(old) == len(new) == expected,
            f"{len(old)} code assets changed ({', '.join(h[:12] for h in old)}), "
            f"{expected} expected; otherwise identical: {same}",
        )


def exercise(
    runner: Runner,
    synth: Step,
    paths: tuple[Path, Path],
    api: e2e_support.HttpApi,
    routes: set[str],
    issuer: LocalIssuer,
    token: str,
    update: Outcome,
) -> None:
    """The update deploy of ``synth``'s assembly (``paths``: the deployed one and it) and
    what the running TodoApi answers before and after it (the new code: ``token``)."""
    deployed, updated = paths
    auth = {"authorization": f"Bearer {issuer.token()}"}
    todos = e2e_support.todos_path(routes)
    before = api.request("GET", todos, headers=auth)
    update.check(
        "update",
        f"before: GET /todos has no {UPDATE_HEADER}",
        UPDATE_HEADER not in before.headers,
    )
    synth.wait()
    template_checks(deployed, updated, update)
    runner.cdk(
        "update deploy",
        "deploy",
        "--all",
        "--app",
        str(updated),
        "--require-approval",
        "never",
    )
    after = api.request("GET", todos, headers=auth)
    update.check(
        "update",
        f"after: the new code answers GET /todos ({UPDATE_HEADER}: {token})",
        after.status == 200 and after.headers.get(UPDATE_HEADER) == token,
        f"{after.status} {after.headers}",
    )
    get_one = api.request("GET", f"{todos}/00000000-0000-4000-8000-000000000000", headers=auth)
    update.check(
        "update",
        "other routes keep working (GET unknown id -> 404)",
        get_one.status == 404,
        str(get_one.status),
    )


def _renamed(value: Any, names: dict[str, str]) -> Any:
    """``value`` with each key of ``names`` replaced by its value in every string."""
    if isinstance(value, dict):
        return {_renamed(k, names): _renamed(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, names) for v in value]
    if isinstance(value, str):
        for new, old in names.items():
            value = value.replace(new, old)
    return value
