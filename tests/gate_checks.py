"""The gates a test puts a synthesized app through: cdk-nag's findings and cfn-lint's
(``tests/support.py`` re-exports them)."""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import aws_cdk as cdk

# --- cdk-nag -------------------------------------------------------------------------


def nag_findings(app: cdk.App, outdir: Path) -> set[tuple[str, str]]:
    """Synthesizes ``app`` (built with ``outdir=outdir``) under cdk-nag's AwsSolutions and
    Serverless packs and returns every finding as (rule, construct path)."""
    from cdk_nag import AwsSolutionsChecks, ServerlessChecks

    report_file = outdir / "validation-report.json"
    # A report left by an earlier synth (aws-cdk-lib's built-in validation writes one too)
    # proves nothing: a synthesized app is not synthesized again, so cdk-nag would not run.
    report_file.unlink(missing_ok=True)
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app), ServerlessChecks(app))
    with contextlib.suppress(RuntimeError):  # a finding fails synth after the report
        app.synth()
    if not report_file.exists():
        raise AssertionError(
            "cdk-nag did not run: the app was synthesized before (Template.from_stack?); "
            "call nag_findings first, then read its templates"
        )
    return report_findings(report_file)


def report_findings(report_file: Path) -> set[tuple[str, str]]:
    """Every finding of a synth's ``validation-report.json``, of every plugin in it (cdk-nag
    3's packs, aws-cdk-lib's built-in rules), as (rule, construct path)."""
    report = json.loads(report_file.read_text())
    return {
        (violation["ruleName"], construct["constructPath"])
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
        for construct in violation["violatingConstructs"]
    }


def nag_paths(app: cdk.App, outdir: Path) -> set[str]:
    """The construct paths cdk-nag reports for ``app`` (see :func:`nag_findings`)."""
    return {path for _rule, path in nag_findings(app, outdir)}


# --- cfn-lint -------------------------------------------------------------------------


@functools.cache
def _cfn_lint_rules() -> Any:
    """cfn-lint's rules, loaded once per process (``cfnlint.api.lint`` loads all of them
    again for every template; its CLI loads them once for all the templates it is given)."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.runner import Runner

    return Runner(ConfigMixIn()).rules


def cfn_lint(template: Mapping[str, Any], regions: Iterable[str] = ("us-east-1",)) -> list[str]:
    """cfn-lint's findings (errors, warnings) on ``template`` in ``regions``, as "rule message
    (path)": what ``cfnlint.api.lint`` returns, with the rules of :func:`_cfn_lint_rules`."""
    from cfnlint.config import ConfigMixIn
    from cfnlint.decode.decode import decode_str
    from cfnlint.runner import run_template_by_data

    decoded, matches = decode_str(json.dumps(template))
    if not matches and decoded is not None:
        config = ConfigMixIn(regions=list(regions))
        matches = list(run_template_by_data(decoded, config, _cfn_lint_rules()))
    return [f"{m.rule.id} {m.message} ({getattr(m, 'path', '')})" for m in matches]
