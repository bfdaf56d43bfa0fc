"""The version a wheel of this checkout carries, against CHANGELOG.md's releases."""

from __future__ import annotations

import re

from packaging.version import Version

import constructs_lib
from tests.support import ROOT

_RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\]", re.MULTILINE)


def _changelog() -> str:
    return (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def _unreleased_entries(changelog: str) -> list[str]:
    section = changelog.split("## [Unreleased]", 1)[1]
    section = _RELEASE.split(section, 1)[0]
    return [line for line in section.splitlines() if line.startswith("- ")]


def test_a_build_between_releases_carries_a_development_version_above_the_last_release() -> None:
    """Proves (upgrade trial): main's wheel was ``constructs_lib-0.3.0-py3-none-any.whl``
    like the 0.3.0 release, so ``pip install`` of it over 0.3.0 said "already installed
    with the same version" and the app kept running 0.3.0. With changes under
    [Unreleased], the version is a development release above the last release."""
    # GIVEN the changelog's last release and its [Unreleased] section
    changelog = _changelog()
    last_release = Version(_RELEASE.findall(changelog)[0])
    version = Version(constructs_lib.__version__)
    # THEN
    if _unreleased_entries(changelog):
        assert version.is_devrelease, (
            f"__version__ {version} is no development release, but CHANGELOG.md has "
            "unreleased changes: set it to the next release's .dev0 (e.g. 0.4.0.dev0)"
        )
        assert version > last_release, f"__version__ {version} is not above {last_release}"
    else:
        assert version == last_release, (
            f"__version__ {version} is not the last release {last_release} in CHANGELOG.md"
        )


def test_the_examples_install_this_checkouts_wheel() -> None:
    # the examples' requirements take the wheel built from this checkout (their README
    # way: pip install --find-links <dist> -r requirements.txt), the release's and main's
    from packaging.requirements import Requirement

    version = constructs_lib.__version__
    checked = []
    for requirements in sorted((ROOT / "examples").glob("*/requirements*.txt")):
        for line in requirements.read_text().splitlines():
            text = line.split("#", 1)[0].strip()
            if text.startswith("constructs-lib"):
                requirement = Requirement(text)
                assert requirement.specifier.contains(version, prereleases=True), (
                    f"{requirements.relative_to(ROOT)}: {text!r} refuses {version}"
                )
                checked.append(requirements.parent.name)
    assert len(set(checked)) == 2, checked  # each example pins the library
