"""The README's props tables and the constructs' docstrings against the constructors they
document: every prop listed once, none missing, and each literal default the same."""

from __future__ import annotations

import ast
import inspect
import pydoc
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import constructs_lib

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()

#: Each construct with a props table, by the README section ("## <title>") that holds it.
SECTIONS = {
    "ServerlessApi": "ServerlessApi",
    "QueueWorker": "QueueWorker",
    "StaticSite": "StaticSite",
    "ScheduledJob": "ScheduledJob",
    "EventHandler": "EventHandler",
    "StreamWorker": "StreamWorker",
    "Network": "Network (opt-in VPC)",
}
#: Constructs and value objects whose docstrings document their props (``:param x:``).
DOCUMENTED = (*SECTIONS, "Monitoring", "Handler", "TableOptions", "CorsPolicy", "Throttle")
_NAME = re.compile(r"`([a-z_]+)`")


def _props_table(title: str) -> dict[str, str]:
    """The first ``| prop | ...`` table of the section: each prop's default cell."""
    section = README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    lines = section.split("\n| prop |", 1)[1].splitlines()[2:]
    table: dict[str, str] = {}
    for line in lines:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        for name in _NAME.findall(cells[0]):
            table[name] = cells[-1].replace("`", "")
    return table


def _props(name: str) -> dict[str, inspect.Parameter]:
    """The keyword props of the class ``name`` (its ``__init__``), scope and id left out."""
    init: Any = getattr(constructs_lib, name).__init__
    return {
        p.name: p
        for p in inspect.signature(init).parameters.values()
        if p.name not in ("self", "scope", "id") and p.kind is not p.VAR_POSITIONAL
    }


@pytest.mark.parametrize("name", SECTIONS)
def test_the_readme_lists_every_prop_with_its_default(name: str) -> None:
    # Proves (docs review): the tables lacked `deployment` (ServerlessApi, QueueWorker,
    # ScheduledJob; EventHandler had none) and gave `alarms` a default of True (it is
    # "when they have a destination")
    # GIVEN the README's props table and the constructor
    table, props = _props_table(SECTIONS[name]), _props(name)
    # THEN each prop is listed, nothing else is
    assert sorted(table) == sorted(props)
    for prop, parameter in props.items():
        default, cell = parameter.default, table[prop]
        if default is inspect.Parameter.empty:
            assert cell.startswith("required"), (prop, cell)
        elif isinstance(default, bool | int | str):
            # AND a literal default is the one the table starts with
            assert cell.startswith(str(default)), (prop, default, cell)
        elif default is None and prop == "alarms":
            assert cell.startswith("when they have a destination"), cell


@pytest.mark.parametrize("name", DOCUMENTED)
def test_the_docstring_documents_every_prop(name: str) -> None:
    # Proves (docs review): Throttle's docstring documented neither of its props
    documented = re.findall(r":param (\w+):", inspect.getdoc(getattr(constructs_lib, name)) or "")
    assert sorted(documented) == sorted(_props(name))


def test_the_library_keeps_contributing_mds_type_ignore_limit() -> None:
    # Proves (docs review): CONTRIBUTING.md allows at most one `type: ignore` in
    # constructs_lib/; there were five
    library = Path(constructs_lib.__file__).parent
    ignores = [
        f"{path.relative_to(library)}:{number}"
        for path in sorted(library.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if "type: ignore" in line
    ]
    assert len(ignores) <= 1, ignores


def test_the_readme_lists_the_services_handler_endpoints_takes() -> None:
    # Proves (docs review): the README named no service Handler(endpoints=...) accepts
    from constructs_lib.network import INTERFACE_SERVICES

    listed = " ".join(README.split("`Handler(endpoints=...)` takes ", 1)[1].split("(`")[0].split())
    assert sorted(_NAME.findall(listed)) == sorted(set(INTERFACE_SERVICES) - {"xray"})


_WARNING_ID = re.compile(r"constructs_lib:[a-z]+[A-Z][A-Za-z0-9]*")


def _attributes_text(title: str) -> str:
    """A section's attributes: its "### Attributes" part, or the paragraph starting
    "Attributes:" (EventHandler, Network)."""
    section = README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    if "\n### Attributes\n" in section:
        return section.split("\n### Attributes\n", 1)[1].split("\n### ", 1)[0]
    return section.split("Attributes:", 1)[1].split("\n\n", 1)[0]


def _public_attributes(cls: type) -> set[str]:
    """What the library's classes of ``cls`` declare (annotated attributes), and their
    public properties and methods."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("constructs_lib"):
            continue
        names.update(vars(klass).get("__annotations__", {}))
        names.update(k for k, v in vars(klass).items() if callable(v) or isinstance(v, property))
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize("name", SECTIONS)
def test_the_readme_lists_every_attribute(name: str) -> None:
    # Proves (docs30): each construct's attributes in the README against the class: every
    # public attribute and method is named there (a new one cannot go undocumented)
    listed = set(re.findall(r"`([a-z_]+)", _attributes_text(SECTIONS[name])))
    assert sorted(_public_attributes(getattr(constructs_lib, name)) - listed) == []


def test_the_readme_attributes_table_names_only_attributes() -> None:
    # Proves (docs30): every row of ServerlessApi's attributes table exists on the class
    table = _attributes_text("ServerlessApi").split("| attribute | what |", 1)[1]
    rows = re.findall(r"^\| `([a-z_]+)", table, re.MULTILINE)
    assert rows
    assert sorted(set(rows) - _public_attributes(constructs_lib.ServerlessApi)) == []


def test_the_readme_names_every_synth_warning_and_only_those() -> None:
    # Proves (docs30): the warnings a user acknowledges by id. The README named no id of
    # the alarms-without-destination warnings (constructs_lib:alarmsWithoutDestination,
    # ...Own); every id it names is one the library gives (or the misspelt context key
    # it quotes, which the library names too)
    library = Path(constructs_lib.__file__).parent
    source = "\n".join(path.read_text() for path in sorted(library.rglob("*.py")))
    assert sorted(set(_WARNING_ID.findall(source))) == sorted(set(_WARNING_ID.findall(README)))


def _attribute_docstrings(cls: type) -> dict[str, str | None]:
    """Each public annotated attribute of ``cls``'s own body and the string literal right
    after it (the attribute docstring IDEs show on hover), or None."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = next(node for node in tree.body if isinstance(node, ast.ClassDef)).body
    found: dict[str, str | None] = {}
    for node, after in zip(body, [*body[1:], None], strict=True):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id.startswith("_"):
                continue
            literal = after.value if isinstance(after, ast.Expr) else None
            found[node.target.id] = literal.value if isinstance(literal, ast.Constant) else None
    return found


@pytest.mark.parametrize("name", SECTIONS)
def test_every_attribute_has_the_docstring_an_ide_shows(name: str) -> None:
    # Proves (user trial 37): attributes were documented in `#:` comments, which Sphinx
    # reads but pyright/Pylance hovers do not (they show the string after the attribute):
    # hovering `worker.queue` in an IDE showed its type only
    docs = _attribute_docstrings(getattr(constructs_lib, name))
    assert docs and all(docs.values()), docs


def _public_callables() -> Iterator[tuple[str, Any, str]]:
    """Each public construct, value object and function, and each public factory and
    method of the classes (the library's own ``register`` and ``key`` aside), with its
    docstring (a class's documents its constructor). ``ApiAuth`` and ``Deployment`` are
    built by their factories, which document the props."""
    for name in constructs_lib.__all__:
        value = getattr(constructs_lib, name)
        if not callable(value) or name in ("ApiAuth", "Deployment", "Problem", "TableAccess"):
            continue
        if isinstance(value, type) and issubclass(value, Exception):
            continue
        init = value.__init__ if isinstance(value, type) else value
        yield name, init, inspect.getdoc(value) or ""
        for attribute, member in vars(value).items() if isinstance(value, type) else ():
            if attribute.startswith("_") or attribute in ("register", "key"):
                continue
            if isinstance(member, classmethod | staticmethod) or inspect.isfunction(member):
                method = getattr(value, attribute)
                yield f"{name}.{attribute}", method, inspect.getdoc(method) or ""


@pytest.mark.parametrize(
    ("name", "function", "doc"), [pytest.param(*c, id=c[0]) for c in _public_callables()]
)
def test_every_optional_prop_documents_its_default(name: str, function: Any, doc: str) -> None:
    # Proves (user trial 37): a hover or help() showed no default for Link's env and
    # prefix, Deployment's hooks, existing_queue/existing_table/existing_bucket, ...
    params = {m[1]: m[2] for m in re.finditer(r":param (\w+):(.*?)(?=\n:|\Z)", doc, re.S)}
    optional = [
        p.name
        for p in inspect.signature(function).parameters.values()
        if p.default is not p.empty and p.name not in ("self", "cls")
    ]
    assert [p for p in optional if "Default" not in params.get(p, "")] == [], name


@pytest.mark.parametrize("name", SECTIONS)
def test_help_names_every_attribute_with_its_type(name: str) -> None:
    # Proves (user trial 37): help(QueueWorker) showed the props, and none of the
    # attributes declared in the class body (no value on the class, so pydoc skips them)
    cls = getattr(constructs_lib, name)
    shown = pydoc.render_doc(cls, renderer=pydoc.plaintext)
    attributes = _attribute_docstrings(cls)
    assert attributes, f"{name} declares no attribute with a docstring"
    for attribute in attributes:
        assert f"- ``{attribute}``: " in shown, attribute
