"""What a handler module binds its entry's name to, when that is surely not callable: a
literal (``handler = 3``, ``handler = None``, ``handler = {...}``) or an instance of a plain
class of the module's own that defines no ``__call__``. Parsed, never imported; any other
binding (an import, a def, a call, a decorator's result, a lambda, a binding in an ``if``
or ``try``, a star import, a ``global``, an attribute of the module set by
``sys.modules[__name__]``) may be callable and is left alone."""

from __future__ import annotations

import ast
import functools
import warnings

from constructs_lib._words import a_type

__all__ = ["non_callable_binding", "parse", "rebound"]

# the literal displays and what each builds (a value no call can be made on)
_DISPLAYS: dict[type[ast.expr], str] = {
    ast.List: "a list",
    ast.ListComp: "a list",
    ast.Tuple: "a tuple",
    ast.Dict: "a dict",
    ast.DictComp: "a dict",
    ast.Set: "a set",
    ast.SetComp: "a set",
    ast.JoinedStr: "a str",
    ast.GeneratorExp: "a generator",
}
# names that bind module attributes by text the parser cannot follow
_DYNAMIC = {"globals", "vars", "setattr", "exec", "eval", "__import__"}


@functools.lru_cache(maxsize=64)
def non_callable_binding(source: bytes, name: str) -> str | None:
    """``"an int (handler = 3)"`` when every binding of ``name`` in the module is a plain
    top-level assignment of a value that cannot be called; else None."""
    tree = parse(source)
    values: list[ast.expr] = []
    rest: list[ast.stmt] = []
    for node in tree.body:
        value = _assigned(node, name)
        if value is None:
            rest.append(node)
        else:
            values.append(value)
    if not values or _dynamic(tree) or _set_as_attribute(tree, name):
        return None
    other = rebound(ast.Module(body=rest, type_ignores=[]))
    other.update(n for node in ast.walk(tree) if isinstance(node, ast.Global) for n in node.names)
    if name in other or "*" in other:
        return None
    kinds = [_kind(tree, value) for value in values]
    if any(kind is None for kind in kinds):
        return None
    return f"{kinds[-1]} ({name} = {ast.unparse(values[-1])})"


def _assigned(node: ast.stmt, name: str) -> ast.expr | None:
    """The value a top-level ``name = value`` (or ``name: T = value``) assigns."""
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        names = {t.id for t in node.targets if isinstance(t, ast.Name)}
        return node.value if name in names else None
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.value if node.target.id == name else None
    return None


def _dynamic(tree: ast.Module) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id in _DYNAMIC)
        or (isinstance(node, ast.Attribute) and node.attr in {"__call__", "__dict__", "__class__"})
        for node in ast.walk(tree)
    )


def _set_as_attribute(tree: ast.Module, name: str) -> bool:
    """Whether any statement assigns an attribute ``name``: ``sys.modules[__name__].handler
    = main`` (or the module importing itself) binds the module's name too (a method's
    ``self.handler = ...`` is left alone with it: the rule only refuses what is sure)."""
    return any(
        isinstance(node, ast.Attribute) and node.attr == name and isinstance(node.ctx, ast.Store)
        for node in ast.walk(tree)
    )


def _kind(tree: ast.Module, value: ast.expr) -> str | None:
    if isinstance(value, ast.Constant):
        if value.value is None:
            return "None"
        return a_type(value.value)
    for display, kind in _DISPLAYS.items():
        if isinstance(value, display):
            return kind
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        plain = _plain_class(tree, value.func.id)
        return f"an instance of class {plain.name}, which defines no __call__" if plain else None
    return None


def _plain_class(tree: ast.Module, name: str) -> ast.ClassDef | None:
    """The module's top-level class ``name`` when its instances cannot be called: bound
    once, no base but ``object``, no decorator, metaclass, ``__call__`` or ``__new__``."""
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name]
    if len(classes) != 1:
        return None
    (cls,) = classes
    if _bound_elsewhere(tree, cls) or cls.decorator_list or cls.keywords:
        return None
    if any(not (isinstance(b, ast.Name) and b.id == "object") for b in cls.bases):
        return None
    defines = {
        n.name if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) else n.id
        for n in ast.walk(cls)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        or (isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    }
    return None if defines & {"__call__", "__new__"} else cls


def _bound_elsewhere(tree: ast.Module, cls: ast.ClassDef) -> bool:
    """Whether any statement but the class itself binds its name."""
    rest = [n for n in tree.body if n is not cls]
    names = rebound(ast.Module(body=rest, type_ignores=[]))
    names.update(n for node in ast.walk(tree) if isinstance(node, ast.Global) for n in node.names)
    return cls.name in names


def rebound(rest: ast.Module) -> set[str]:
    """Every name the module's other statements bind (at any depth outside the plain
    defs): an assignment of any form (a tuple's item, a ``for`` or ``with`` target, a
    walrus), an import (``from impl import handler``), a def or class in an ``if``."""
    names: set[str] = set()
    pending: list[ast.AST] = [rest]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)  # its body is its own scope
        elif not isinstance(node, ast.Lambda | ast.comprehension):
            pending.extend(ast.iter_child_nodes(node))
    return names


def parse(source: bytes) -> ast.Module:
    """The module's syntax tree; the compiler's warnings (an invalid escape sequence: a
    SyntaxWarning from 3.12 on, a DeprecationWarning before) are the runtime's to give
    when it imports the module, never a synth message without a file name, nor, where
    warnings are errors (pytest's ``-W error``), a syntax error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(source)
