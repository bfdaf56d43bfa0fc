"""Whether a function's code directory needs a package put in (``files.needs_package``),
read once per app and contents of the directory.

The scan reads every Python file of the directory; the functions of an app often share
one directory (10 handlers over a directory of 10 000 files read it 10 times, seconds of
synth). An app keeps each answer (dropped with the app, so a directory changed between two
apps of one process, as tests change theirs, is read again) under the directory's
contents as its directories list them: each one's path, file names and modification time
(a file added, removed or renamed, as an editor's save does, changes them). A walk gets
them from the directories alone: a stat of each of 10 000 files costs as much as the scan
it saves when the first file read imports the package, so a file rewritten in place
between two functions of one app is not read again. (Measured over 10 000 Python files
none importing it: the key from the directories 0.02 s, one from each file's size and
mtime_ns 0.13 s, a scan 0.8 s; 10 functions would take twice as long for an edit an app
makes only by generating code into a shared directory while it builds.)"""

from __future__ import annotations

from pathlib import Path

from constructs_lib._bundling.files import function_directories, needs_package
from constructs_lib._identity_map import IdentityMap

__all__ = ["needs_package_in"]

#: A directory's contents: each of its directories' path, modification time and files.
Contents = tuple[tuple[str, int, tuple[str, ...]], ...]

# app -> (directory, package, its contents) -> the answer
_ANSWERS: IdentityMap[dict[tuple[str, str, Contents], bool]] = IdentityMap()


def needs_package_in(app: object, code_dir: Path, package: str) -> bool:
    """``needs_package(code_dir, package)``, asked once per ``app`` and contents."""
    answers = _ANSWERS.remembered(app, dict)
    key = (str(code_dir.resolve()), package, _contents(code_dir))
    answer = answers.get(key)
    if answer is None:
        answer = answers[key] = needs_package(code_dir, package)
    return answer


def _contents(code_dir: Path) -> Contents:
    return tuple(
        (str(here), here.stat().st_mtime_ns, tuple(sorted(names)))
        for here, names in function_directories(code_dir)
    )
