"""An aws-cdk-lib feature flag given as text that reads "off" (``-c
@aws-cdk/aws-lambda:recognizeLayerVersion=false`` on the command line, which always
passes text, or ``"false"`` quoted in cdk.json): aws-cdk-lib's ``FeatureFlags.isEnabled``
takes any non-empty text as set (``!!value``, aws-cdk-lib 2.275), so the flag is on, the
opposite of what was written, and nothing says so. A warning, once per app (the flag is
the app's), on the first stack the library sets up: the library cannot know what each
flag changes in the app's own constructs."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Annotations, Stack

from constructs_lib._facts import node_of
from constructs_lib._identity_map import IdentitySet

__all__ = ["FEATURE_FLAG_TEXT_WARNING", "warn_of_flag_texts"]

#: The warning's id (``cdk.Annotations.of(stack).acknowledge_warning(id, reason)``).
FEATURE_FLAG_TEXT_WARNING = "constructs_lib:featureFlagText"
_FLAG_PREFIX = "@aws-cdk/"
#: aws-cdk-lib's (2.275) context keys under its prefix that are settings read as a number,
#: a text, a list or an object, not flags: ``-c @aws-cdk/core:stackResourceLimit=0`` turns
#: the resource limit off as meant (``parseInt``), a qualifier or a salt is any text
_NOT_FLAGS = frozenset(
    {
        "@aws-cdk/core:stackResourceLimit",
        "@aws-cdk/core:bootstrapQualifier",
        "@aws-cdk/core:assetHashSalt",
        "@aws-cdk/core:target-partitions",
        "@aws-cdk/core:permissionsBoundary",
        "@aws-cdk/core:appMode",
        "@aws-cdk/core.slowSynthThreshold",
        "@aws-cdk/core.TreeMetadata:maxNodes",
        "@aws-cdk/aws-iam.arnSizeEstimate",
        "@aws-cdk/iam:customizeRoles",
    }
)
# text meant as "off", which aws-cdk-lib reads as on ("" is off: empty text is false)
_OFF = frozenset({"false", "0", "no", "off"})
#: The apps warned of already (each app's root, by identity).
_APPS = IdentitySet()


def warn_of_flag_texts(stack: Stack, context: Mapping[str, object]) -> None:
    """Warns on ``stack`` of each aws-cdk-lib feature flag of ``context`` (``stack``'s
    context, which holds the app's) given as text meaning "off", once per app."""
    meant_off = sorted(
        key
        for key, value in context.items()
        if key.startswith(_FLAG_PREFIX)
        and key not in _NOT_FLAGS
        and isinstance(value, str)
        and value.strip().lower() in _OFF
    )
    if not meant_off:
        return  # the common case: no round trip to find the app
    app = node_of(stack).root
    if app in _APPS:
        return
    _APPS.add(app)
    for key in meant_off:
        Annotations.of(stack).add_warning_v2(
            FEATURE_FLAG_TEXT_WARNING, _message(key, str(context[key]))
        )


def _message(key: str, text: str) -> str:
    return (
        f"the feature flag {key} is the text {text!r}, which aws-cdk-lib reads as on (any "
        "text but the empty one is true to FeatureFlags.isEnabled), so the app is "
        f'synthesized with the flag on. Fix: write "{key}": false, without quotes, in '
        "cdk.json's context (-c on the command line always passes text), or remove the key "
        "for aws-cdk-lib's default (if on is meant, write true)."
    )
