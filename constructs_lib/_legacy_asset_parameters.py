"""The asset parameters of a ``LegacyStackSynthesizer`` stack, named in a snapshot by the
order the template first uses them.

That synthesizer (an app older than CDK's bootstrap v2, or one whose pipeline deploys with
parameters) gives each asset three parameters, ``AssetParameters<hash>S3Bucket<suffix>``,
``...S3VersionKey<suffix>`` and ``...ArtifactHash<suffix>``, whose 8-character suffix is a
hash of a name holding the asset's hash: replacing the 64-character hash alone leaves a
suffix that changes with every edit of a handler or a site's file, so the snapshot did. The
parameters are numbered instead: by the first resource (in logical-ID order, which does not
depend on the assets' content) that references each asset, then by the template's text."""

from __future__ import annotations

import re

__all__ = ["LEGACY_ASSET_PARAMETER", "number_legacy_asset_parameters"]

#: A legacy asset parameter's name: its asset hash, its kind, its suffix.
LEGACY_ASSET_PARAMETER = re.compile(
    r"AssetParameters([0-9a-f]{64})(S3Bucket|S3VersionKey|ArtifactHash)[0-9A-F]{8}"
)


def number_legacy_asset_parameters(text: str, resources_text: str) -> str:
    """``text`` (a template's JSON) with every legacy asset parameter's name written
    ``AssetParametersASSET_<n><kind>HASH``, ``n`` counting the assets from 1 in the order
    ``resources_text`` (the template's resources' JSON, keys sorted) first names them.
    Text without such a parameter (any other synthesizer's) is returned as it is."""
    hashes = dict.fromkeys(m[1] for m in LEGACY_ASSET_PARAMETER.finditer(text))
    if not hashes:
        return text
    order = [
        h
        for h in dict.fromkeys(m[1] for m in LEGACY_ASSET_PARAMETER.finditer(resources_text))
        if h in hashes
    ]
    order += [h for h in hashes if h not in order]  # referenced by no resource: rare
    number = {h: i for i, h in enumerate(order, start=1)}
    return LEGACY_ASSET_PARAMETER.sub(
        lambda m: f"AssetParametersASSET_{number[m[1]]}{m[2]}HASH", text
    )
