"""BucketEvents key filters that are valid but most likely not what was meant, as
warnings on the QueueWorker (the keys the app writes decide, so never errors):

- a suffix that is a bare file extension, ``suffix="jpg"``: S3 compares the key's end
  literally, so ``photojpg`` and ``report-jpg`` match too; ``.jpg`` was meant;
- a prefix that the worker's own read link on the bucket does not cover but for letter
  case (``BucketEvents(bucket, prefix="incoming/")`` with ``Link.read(bucket,
  prefix="Incoming/")``): S3 keys are case-sensitive, so the function is told of keys it
  may not read, and every read is refused (AccessDenied).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from aws_cdk import Annotations
from constructs import Construct

from constructs_lib._bucket_event_loops import same_bucket
from constructs_lib._core.links import ResolvedLink, resolve
from constructs_lib._jsii import is_unresolved

if TYPE_CHECKING:
    from constructs_lib.bucket_events import BucketEvents

__all__ = [
    "PREFIX_CASE_WARNING",
    "SUFFIX_WITHOUT_DOT_WARNING",
    "warn_of_bare_suffixes",
    "warn_of_prefix_case",
]

#: The warnings' ids (``cdk.Annotations.of(scope).acknowledge_warning(id, reason)``).
SUFFIX_WITHOUT_DOT_WARNING = "constructs_lib:suffixWithoutDot"
PREFIX_CASE_WARNING = "constructs_lib:prefixCaseDiffers"
#: A file extension written without its dot: 2 to 5 letters and digits, a letter among them
#: (``jpg``, ``json``, ``mp4``, ``gz``; not ``2024`` or ``_done``).
_BARE_EXTENSION = re.compile(r"(?=[0-9]*[A-Za-z])[A-Za-z0-9]{2,5}\Z")
#: The link accesses that read the objects an event names.
_READS = ("read", "read_write")


def warn_of_bare_suffixes(worker: Construct, sources: Sequence[BucketEvents]) -> None:
    """Warns on ``worker`` of each source's suffix that is a file extension without a dot."""
    for index, source in enumerate(sources):
        suffix = source.suffix
        if isinstance(suffix, str) and not is_unresolved(suffix) and _BARE_EXTENSION.match(suffix):
            _warn_of_suffix(worker, f"sources[{index}]", suffix)


def warn_of_prefix_case(
    worker: Construct, sources: Sequence[BucketEvents], links: Sequence[object], prop: str
) -> None:
    """Warns on ``worker`` of a source's prefix that a read link of ``links`` (``prop``) on
    its bucket covers but for case."""
    readers = [
        link for link in map(resolve, links) if isinstance(link, ResolvedLink) and _reads(link)
    ]
    for index, source in enumerate(sources):
        prefix = source.prefix
        if not isinstance(prefix, str) or is_unresolved(prefix):
            continue
        for link in readers:
            if _differs_in_case(prefix, link.prefix) and same_bucket(source.bucket, link.resource):
                _warn_of_case(worker, f"sources[{index}]", prefix, link, prop)
                break


def _reads(link: ResolvedLink) -> bool:
    return (
        link.kind.name == "bucket"
        and link.access in _READS
        and isinstance(link.prefix, str)
        and not is_unresolved(link.prefix)
    )


def _differs_in_case(reported: str, granted: str | None) -> bool:
    """The keys under ``reported`` are under ``granted`` but for case, not as written."""
    return (
        granted is not None
        and not reported.startswith(granted)
        and reported.casefold().startswith(granted.casefold())
    )


def _warn_of_suffix(worker: Construct, where: str, suffix: str) -> None:
    Annotations.of(worker).add_warning_v2(
        SUFFIX_WITHOUT_DOT_WARNING,
        f"`{where}.suffix` is {suffix!r}, a file extension without its dot: S3 compares the "
        f"end of each key literally, so 'photo{suffix}' and 'report-{suffix}' match as well "
        f"as 'photo.{suffix}'. Fix: pass suffix={'.' + suffix!r} for files of that type. If "
        f"keys ending in {suffix!r} without a dot are meant, acknowledge "
        f"'{SUFFIX_WITHOUT_DOT_WARNING}'.",
    )


def _warn_of_case(
    worker: Construct, where: str, prefix: str, link: ResolvedLink, prop: str
) -> None:
    granted = link.prefix or ""
    meant = granted + prefix[len(granted) :]
    Annotations.of(worker).add_warning_v2(
        PREFIX_CASE_WARNING,
        f"`{where}.prefix` is {prefix!r}, and `{prop}` lets the function read that bucket "
        f"under {granted!r} only: S3 keys are case-sensitive, so the worker is told of keys "
        "it may not read, and each read is refused (AccessDenied). Fix: write both prefixes "
        f"in the case the keys have (prefix={meant!r}, or Link.{link.access}(bucket, "
        f"prefix={prefix!r})). If the function reads only other keys, acknowledge "
        f"'{PREFIX_CASE_WARNING}'.",
    )
