"""A deployment hook ported from SAM that still reads SAM's variable: SAM's hooks got the
version being deployed as ``NewVersion: !Ref Function.Version``, which their templates set
by hand. The library gives every hook ``TARGET_VERSION_ARN`` instead, so a hook reading
``os.environ["NewVersion"]`` fails before it reports, and CodeDeploy waits an hour for its
status, then fails the deployment and rolls it back: every deploy of the function. The
hook's module is parsed, never imported."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from constructs_lib._core.entry_source import entry_tree, imports_any
from constructs_lib._validation import Validator
from constructs_lib.deployment import Deployment
from constructs_lib_runtime.deployment_hooks import TARGET_VERSION_VARIABLE

__all__ = ["check_hook_variables"]

_SAM_VARIABLE = "NewVersion"


def check_hook_variables(v: Validator, deployment: Deployment, prop: str) -> None:
    """Adds a problem for each hook of ``deployment`` whose module reads ``NewVersion``
    without its Handler setting it, and reads nothing of the library's."""
    for name, hook in deployment.hooks.items():
        line = _sam_variable_line(hook)
        if line is None:
            continue
        hook_prop = Deployment.HOOK_PROPS[name]
        v.add(
            f"{prop}.{hook_prop}",
            f"is {hook.entry!r}, whose module reads os.environ[{_SAM_VARIABLE!r}] (line "
            f"{line}), the variable SAM's template gave a hook; this hook has none: it would "
            "fail before reporting its status, and CodeDeploy would wait an hour, then roll "
            "back every deployment of the function",
            f"change the hook to read os.environ[{TARGET_VERSION_VARIABLE!r}] (the ARN of the "
            "version being deployed, set by the library), or to call "
            "constructs_lib_runtime.deployment_hooks.run_hook(event, check), which reads it",
        )


def _sam_variable_line(hook: object) -> int | None:
    """The line of the hook's module reading ``NewVersion``, or None (no such read, the
    library's variable or helpers read too, the variable set on the Handler, no module)."""
    environment = getattr(hook, "environment", None)
    if getattr(hook, "image", False) or (
        isinstance(environment, Mapping) and _SAM_VARIABLE in environment
    ):
        return None
    tree = entry_tree(hook)
    if tree is None:
        return None
    texts = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    if TARGET_VERSION_VARIABLE in texts or imports_any(tree, ("constructs_lib_runtime",)):
        return None
    reads = (n for n in ast.walk(tree) if isinstance(n, ast.expr) and _reads_sam_variable(n))
    return next((n.lineno for n in reads), None)


def _reads_sam_variable(node: ast.AST) -> bool:
    """``environ["NewVersion"]``, ``environ.get("NewVersion")``, ``getenv("NewVersion")``."""
    if isinstance(node, ast.Subscript):
        return _is_sam_variable(node.slice)
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return called in ("get", "getenv") and _is_sam_variable(node.args[0])
    return False


def _is_sam_variable(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == _SAM_VARIABLE
