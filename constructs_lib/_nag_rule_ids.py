"""Whether an acknowledgement's rule id names a cdk-nag rule (cdk-nag silently ignores one
that matches none): spelt as cdk-nag prints it, of a known pack, a rule of that pack as far
as the lists in ``_nag_rules`` know (``acknowledge`` in ``checks.py`` reports the rest)."""

from __future__ import annotations

import difflib
import re
from importlib import metadata

from constructs_lib import _nag_rules

__all__ = [
    "LIBRARY_WARNINGS",
    "bare_granular_rule",
    "library_warning",
    "misspelt_library_warning",
    "unknown_rule",
    "valid_rule_id",
    "warning_id",
]

# A cdk-nag rule id, as cdk-nag 3 prints it ("AwsSolutions::AwsSolutions-IAM5") or without
# the pack ("AwsSolutions-IAM5", "NIST.800.53.R5-IAMNoInlinePolicy"), with an optional
# finding of a granular rule ("[Resource::*]").
_RULE_ID = re.compile(r"(?:[A-Za-z0-9.]+::)?[A-Za-z0-9.]+-[A-Za-z0-9.]+(?:\[[^\[\]\s][^\[\]]*\])?")

# A synth warning's id, as the library's and aws-cdk-lib's warnings name them
# ("constructs_lib:bucketEventLoop", "@aws-cdk/aws-lambda:addPermissionsToVersionOrAlias").
_WARNING_ID = re.compile(r"[@A-Za-z0-9_./-]+:[A-Za-z][A-Za-z0-9_]*")

#: The prefix of the library's synth warnings' ids.
WARNING_PREFIX = "constructs_lib:"
#: The library's synth warnings, each id without WARNING_PREFIX (a test keeps the list
#: whole: every ``*_WARNING`` constant of the library is in it).
LIBRARY_WARNINGS = (
    "acknowledgementNamesNoResource",
    "agnosticStacksOfOneName",
    "alarmTopicWithoutSubscription",
    "alarmsWithoutDestination",
    "alarmsWithoutDestinationOwn",
    "authorizerSwitchedOff",
    "awsSourceOnCustomBus",
    "bucketEventLoop",
    "bucketNotificationsOfAnotherStage",
    "bucketOfAnotherAccount",
    "cloudFrontAlarmOutsideUsEast1",
    "deadLetterRetentionShortened",
    "emailIdentityRegion",
    "emptyDashboard",
    "endpointRulesQuota",
    "environmentSizeEstimate",
    "eventHandlerSwitchedOff",
    "environmentValueWhitespace",
    "eventPatternSizeQuota",
    "existingQueueShortVisibility",
    "existingQueueWithoutRedrive",
    "extensionOfOtherPlatform",
    "featureFlagText",
    "fixedRegionInAgnosticStack",
    "globalIndexesQuota",
    "imageWithoutRuntimeClient",
    "imageWithoutRuntimeHelpers",
    "importNotBundled",
    "importedExportUnordered",
    "importedKeyPolicy",
    "importedQueueDeadLetterUnwatched",
    "literalSecretInEnvironment",
    "messageSizeBelowNotifications",
    "numberedDaysOfWeek",
    "otherAccountNotAdmittedByBus",
    "otherAccountSecretKey",
    "publicApiTableAccess",
    "publicFunctionInvoke",
    "publicRouteOnPublicApi",
    "patternValueAsterisk",
    "patternValueWhitespace",
    "prefixCaseDiffers",
    "provisionedAboveMaxConcurrency",
    "recordAgeBeyondStream",
    "reservedConcurrencyQuota",
    "retentionNearRetries",
    "queuePolicySizeEstimate",
    "queueWorkerSwitchedOff",
    "routeArnCoversOtherRoutes",
    "routeRepeatsBasePath",
    "routeShadowedByMapping",
    "routeSwitchedOff",
    "routeThrottleAboveApi",
    "routesPerApiQuota",
    "runSkippedByDaylightSaving",
    "runtimeTestingImported",
    "scheduleFasterThanTimeout",
    "scheduleHasNoRunLeft",
    "scheduledJobSwitchedOff",
    "secondFlowLog",
    "secretPartialArn",
    "secretValueInEnvironment",
    "siteBucketOfAnotherAccount",
    "siteBucketVersioningOff",
    "streamFiltersQuota",
    "streamPointersExpireFirst",
    "streamReadersPerShard",
    "streamWorkerSwitchedOff",
    "streamWriteLoop",
    "suffixWithoutDot",
    "tableThroughputQuota",
    "topicOfAnotherAccount",
)
_WARNINGS_BY_LOWER = {name.lower(): name for name in LIBRARY_WARNINGS}

# cdk-nag's packs: a rule id spelt with another case matches nothing.
_PACK_NAMES = (
    "AwsSolutions",
    "Serverless",
    "HIPAA.Security",
    "NIST.800.53.R4",
    "NIST.800.53.R5",
    "PCI.DSS.321",
)
_PACKS_BY_LOWER = {pack.lower(): pack for pack in _PACK_NAMES}


def valid_rule_id(rule_id: object) -> bool:
    """Whether ``rule_id`` is spelt as cdk-nag prints a rule id, its pack's case included."""
    if not isinstance(rule_id, str) or not _RULE_ID.fullmatch(rule_id):
        return False
    pack = rule_id.rsplit("::", 1)[-1].split("-", 1)[0]
    return _PACKS_BY_LOWER.get(pack.lower(), pack) == pack


def warning_id(rule_id: object) -> bool:
    """Whether ``rule_id`` is a synth warning's id, which a warning's text tells to
    acknowledge: cdk-nag never reads it, ``Annotations.acknowledge_warning`` does."""
    return isinstance(rule_id, str) and bool(_WARNING_ID.fullmatch(rule_id))


def library_warning(rule_id: object) -> str | None:
    """The full id of the library's synth warning that ``rule_id`` names, with its prefix
    or without, in any case (``bucketEventLoop``, ``constructs_lib:bucketeventloop``:
    ``constructs_lib:bucketEventLoop``, the case as the warning spells it: an
    acknowledgement matches the id case and all), else None."""
    if not isinstance(rule_id, str):
        return None
    lowered = rule_id.strip().lower()
    name = _WARNINGS_BY_LOWER.get(lowered.removeprefix(WARNING_PREFIX.lower()))
    return None if name is None else WARNING_PREFIX + name


def misspelt_library_warning(rule_id: str) -> str | None:
    """For a ``constructs_lib:`` id that is none of the library's warnings, the full id of
    the nearest one (``tableThroughputQuotas``: the ``tableThroughputQuota`` warning's),
    else None."""
    lowered = rule_id.strip().lower()
    if not lowered.startswith(WARNING_PREFIX.lower()) or library_warning(rule_id):
        return None
    nearest = difflib.get_close_matches(
        lowered.removeprefix(WARNING_PREFIX.lower()), list(_WARNINGS_BY_LOWER), n=1
    )
    return WARNING_PREFIX + _WARNINGS_BY_LOWER[nearest[0]] if nearest else None


# The rules of the checked packs that report one finding per policy or resource, each with
# a finding as cdk-nag prints it ("AwsSolutions-IAM5[Resource::*]"): cdk-nag 3 matches an
# acknowledgement to the finding, whose form differs by rule (IAM4 names a managed policy).
_GRANULAR = {
    "AwsSolutions-IAM4": "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
    "AWSLambdaBasicExecutionRole",
    "AwsSolutions-IAM5": "Resource::*",
}


def bare_granular_rule(rule_id: str) -> str | None:
    """A finding of ``rule_id`` (an example) when it names a granular rule without its
    finding (``AwsSolutions-IAM5``): cdk-nag 3 acknowledges nothing with it, cdk-nag 2
    every finding of the rule. Else None."""
    return None if "[" in rule_id else _GRANULAR.get(rule_id.rsplit("::", 1)[-1])


# a reference as cdk-nag writes one in a finding: <LogicalId.Attribute>, <AWS::Region>
_REFERENCE = re.compile(r"<[^<>]+>")


def _stray_angle_bracket(finding: str) -> tuple[str, str] | None:
    """(what, fix) for a finding with a '<' or '>' that is no reference (unclosed, empty,
    nested): cdk-nag prints none such, so the acknowledgement would match nothing."""
    rest = _REFERENCE.sub("", finding)
    if "<" not in rest and ">" not in rest:
        return None
    return (
        "its finding has a '<' or '>' that opens or closes no reference (cdk-nag writes "
        "each as <LogicalId.Attribute> or <AWS::Region>, never empty, nested or unclosed), "
        "so it matches no finding and the one it was meant for stays",
        "spell the id as cdk-nag prints it after 'Acknowledge with'",
    )


def unknown_rule(rule_id: str) -> tuple[str, str] | None:
    """(what, fix) for a well-formed ``rule_id`` that names no rule: a pack that is a
    misspelt cdk-nag pack (``AwsSolution-IAM5``), or a rule the AwsSolutions or Serverless
    pack does not have (``AwsSolutions-IAM55``); None when it may be real (a pack of the
    user's own, or a cdk-nag newer than the rule lists)."""
    head, bracket, finding = rule_id.partition("[")
    if stray := _stray_angle_bracket(finding):
        return stray
    rule = head.rsplit("::", 1)[-1] + bracket + finding  # as cdk-nag 2 prints it
    pack, name = head.rsplit("::", 1)[-1].split("-", 1)
    if pack not in _PACK_NAMES:
        close = difflib.get_close_matches(pack, _PACK_NAMES, n=1, cutoff=0.8)
        if not close:
            return None
        return (
            f"{pack!r} is not a cdk-nag pack (cdk-nag silently ignores an acknowledgement "
            "that matches no rule id)",
            f"did you mean {_findable(close[0] + rule[len(pack) :])!r}? (the id as cdk-nag "
            "prints it)",
        )
    rules = _nag_rules.RULES.get(pack)
    if rules is None or name in rules or _cdk_nag_is_newer():
        return None
    # the rule of the other pack first (Serverless-SMG4: AwsSolutions-SMG4), then close ones
    close = [f"{other}-{name}" for other, names in _nag_rules.RULES.items() if name in names]
    close += [f"{pack}-{c}" for c in difflib.get_close_matches(name, sorted(rules), 3, 0.5)]
    exactly = "pass the id exactly as cdk-nag's finding prints it"
    names = " or ".join(repr(_findable(c, bracket + finding)) for c in close[:3])
    return (
        f"{name!r} is not a rule of cdk-nag's {pack} pack (cdk-nag silently ignores an "
        "acknowledgement that matches no rule id)",
        f"did you mean {names}? ({exactly})" if close else exactly,
    )


def _findable(rule_id: str, finding: str = "") -> str:
    """``rule_id`` as a suggestion to acknowledge: a granular rule gets ``finding`` (the
    one the user gave, ``[Resource::*]``) when it has the rule's form, else an example
    one, or the suggestion would itself be refused as acknowledging nothing."""
    example = bare_granular_rule(rule_id)
    if example is None:
        return rule_id
    kind = example.split("::", 1)[0]
    return rule_id + finding if finding.startswith(f"[{kind}::") else f"{rule_id}[{example}]"


def _cdk_nag_is_newer() -> bool:
    """The installed cdk-nag is newer than the one the rule lists were read from (it may
    have rules they do not know)."""
    try:
        version = metadata.version("cdk-nag")
    except metadata.PackageNotFoundError:
        return False
    parts = tuple(int(p) for p in re.findall(r"\d+", version)[:3])
    known = _nag_rules.RULES_FROM.get(parts[0]) if parts else None
    return known is None or parts > known
