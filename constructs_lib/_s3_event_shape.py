"""A QueueWorker's handler written for S3's event to a function (SAM's ``Events: Type:
S3``, a bucket notification straight to Lambda): it reads ``record["s3"]`` of each of the
event's records. Behind ``sources=[BucketEvents(...)]`` the function gets SQS messages, each
notification in a record's ``body``, so such code fails on every message, and each one ends
in the dead-letter queue. The handler's module is parsed, never imported; a module that
reads a record's body, or uses the runtime helpers or Powertools' batch and parser
utilities, is taken to read the notification from the message."""

from __future__ import annotations

import ast
from collections.abc import Sequence

from constructs_lib._core.entry_source import entry_tree, imports_any
from constructs_lib._validation import Validator

__all__ = ["check_s3_event_shape"]

# what a module reading the SQS message's body has: the key, or a helper reading it
_BODY_KEYS = frozenset({"body", "Body"})
_HELPER_PACKAGES = ("constructs_lib_runtime", "aws_lambda_powertools")


def check_s3_event_shape(v: Validator, handler: object, sources: Sequence[object]) -> None:
    """Adds a problem when the worker has ``sources`` and ``handler``'s module reads the
    S3 records of a direct notification, never an SQS message's body."""
    if not isinstance(sources, list | tuple) or not sources or getattr(handler, "image", False):
        return
    tree = entry_tree(handler)  # None: the Handler's own rules name its code or entry
    line = None if tree is None else _direct_s3_read(tree)
    if line is None:
        return
    entry = getattr(handler, "entry", None)
    v.add(
        "handler",
        f"is {entry!r}, whose module reads each record's ['s3'] (line {line}), the shape of "
        "S3's event to a function (SAM's Events: Type: S3); a QueueWorker's function gets "
        "SQS messages, each S3 notification in a record's body: the code would fail on every "
        "message, and each would go to the dead-letter queue",
        "change the handler to read the notification from each record's body: return "
        "process_batch(event, for_each_s3_object(handle)) (constructs_lib_runtime.sqs_batch "
        "and .s3_events; see Storage events)",
    )


def _direct_s3_read(tree: ast.Module) -> int | None:
    """The line of the first ``[...]["s3"]`` or ``.get("s3")``, or None when there is none
    or the module reads a message's body (or imports a helper that does)."""
    if imports_any(tree, _HELPER_PACKAGES):
        return None
    reads: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value in _BODY_KEYS:
            return None
        if isinstance(node, ast.Attribute) and node.attr in _BODY_KEYS:
            return None
        if isinstance(node, ast.Subscript) and _is_s3(node.slice):
            reads.append(node.lineno)
        elif isinstance(node, ast.Call) and node.args and _is_s3(node.args[0]):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get":
                reads.append(node.lineno)
    return min(reads) if reads else None


def _is_s3(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "s3"
