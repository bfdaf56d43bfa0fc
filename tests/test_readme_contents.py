"""README's Contents: every top-level section linked once, every link landing on its
heading (anchors as GitHub makes them: a repeated heading's anchor gets ``-1``, ``-2``)."""

from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def _headings() -> list[str]:
    """Every heading's text, in order, outside fenced code."""
    found, fenced = [], False
    for line in README.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line):
            found.append(line)
    return found


def _anchor(text: str) -> str:
    text = text.lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors() -> dict[str, str]:
    """Each heading line's anchor, repeated ones numbered in order as GitHub does."""
    seen: dict[str, int] = {}
    anchors = {}
    for line in _headings():
        base = _anchor(line.lstrip("#").strip())
        count = seen.get(base, 0)
        seen[base] = count + 1
        anchors[line] = base if count == 0 else f"{base}-{count}"
    return anchors


def _contents_links() -> list[str]:
    section = README.split("## Contents\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"\]\(#([^)]+)\)", section)


def test_every_section_is_in_the_contents_once() -> None:
    anchors = _anchors()
    sections = [anchors[line] for line in _headings() if line.startswith("## ")]
    links = _contents_links()
    assert sorted(links) == sorted(a for a in sections if a != "contents")


def test_every_contents_link_lands_on_its_heading() -> None:
    anchors = set(_anchors().values())
    assert [link for link in _contents_links() if link not in anchors] == []
