"""Every fix the library's rules write starts with what to do: a scan of the source (no
synth), so a new rule whose fix is empty, a bare example ("e.g. 5") or a question fails
here before a user reads it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

import aws_cdk as cdk

from constructs_lib import Problem
from tests.message_rules import VERBS, broken_warning_rules, recorded_warning_breaks
from tests.support import ROOT

LIBRARY = ROOT / "constructs_lib"
#: the helpers shipped into functions: their errors write ``"... Fix: <what to do>"``
RUNTIME = ROOT / "constructs_lib_runtime"

#: The position of the fix among the positional arguments of each message-making call
#: (``v.add(prop, message, fix)``, ``v.check(ok, prop, message, fix)``, ...).
FIX_ARGUMENT = {
    "add": 2,
    "check": 3,
    "Problem": 3,
    "check_type": 3,
    "check_int": 2,
    "check_arn_service": 4,
    "known_at_synth": 3,
}


def _leading_text(node: ast.expr) -> str | None:
    """The literal start of a fix ("pass ..." of ``f"pass {x}"`` or ``"pass " + x``);
    None when it is computed (a variable, a call): the rule that builds it is checked
    by its own test."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        return first.value if isinstance(first, ast.Constant) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _leading_text(node.left)
    if isinstance(node, ast.IfExp):
        return _leading_text(node.body) or _leading_text(node.orelse)
    return None


def _fixes() -> Iterator[tuple[str, str]]:
    """(file:line, literal start of the fix) of every message-making call of the library."""
    for path in sorted(LIBRARY.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            index = FIX_ARGUMENT.get(name or "")
            if index is None or len(node.args) <= index:
                continue
            if name == "add" and not (isinstance(func.value, ast.Name) and func.value.id == "v"):
                continue  # a set's or a list's add
            if any(isinstance(arg, ast.Starred) for arg in node.args[: index + 1]):
                continue
            text = _leading_text(node.args[index])
            if text is not None:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", text


def test_every_literal_fix_starts_with_what_to_do() -> None:
    # Proves (messages review): fixes read "e.g. 5", "e.g. memory_mib=256" (no verb) and
    # "are the arguments swapped? Pass ..." (a question first); an empty fix printed
    # "Fix: " and nothing
    fixes = list(_fixes())
    assert len(fixes) > 200  # the scan finds the rules (not a vacuous pass)
    wrong = [f"{where}: {text!r}" for where, text in fixes if text.split(" ", 1)[0] not in VERBS]
    assert not wrong, "fixes that do not start with what to do:\n" + "\n".join(wrong)


def test_a_problem_never_shows_a_memory_address() -> None:
    # Proves (messages review): a dozen rules showed a wrong object by Python's default repr
    # ('<aws_cdk.aws_s3.Bucket object at 0x7f...>'); those are fixed one by one, and a rule
    # written later that forgets to is caught here: a problem names the class instead
    problem = Problem(
        "Test/X",
        "source",
        "is <aws_cdk.aws_s3.Bucket object at 0x7f00dead>",
        "pass <A object at 0x1>",
    )
    assert str(problem) == "Test/X: `source` is a Bucket. Fix: pass an A"


def _leading_texts(node: ast.expr) -> Iterator[str]:
    """Every literal start an expression can have (both branches of ``a if c else b``)."""
    if isinstance(node, ast.IfExp):
        yield from _leading_texts(node.body)
        yield from _leading_texts(node.orelse)
    elif (text := _leading_text(node)) is not None:
        yield text


def _runtime_fixes() -> Iterator[tuple[str, str]]:
    """(file:line, literal start of the fix) of every ``"... Fix: ..."`` the runtime
    helpers raise: the text after ``Fix: ``, or, where a variable follows it
    (``Fix: {fix}``), each literal its function or module assigns that variable, or where
    a call of a function of the module, or of one it imports from the package, follows it
    (``Fix: {_async_fix(argument)}``, ``Fix: {event_fix(event)}``), each literal that
    function returns."""
    trees = {
        path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(RUNTIME.rglob("*.py"))
    }
    returns = {f"{RUNTIME.name}.{path.stem}": _returns(tree) for path, tree in trees.items()}
    for path, tree in trees.items():
        scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        module: dict[str, list[ast.expr]] = dict(_returns(tree))
        for node in tree.body:
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        module.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.ImportFrom) and node.module in returns:
                for alias in node.names:  # what a call of a sibling module's function gives
                    called = returns[node.module].get(f"{alias.name}()")
                    if called is not None:
                        module[f"{alias.asname or alias.name}()"] = called
        found: set[tuple[str, str]] = set()
        for scope in scopes:
            found.update(_fixes_in(scope, f"{path.relative_to(ROOT)}", module))
        yield from sorted(found)


def _returns(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """What a call of each function of a module gives: ``{"name()": [returned, ...]}``."""
    found: dict[str, list[ast.expr]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            returned = [n.value for n in ast.walk(node) if isinstance(n, ast.Return)]
            found[f"{node.name}()"] = [value for value in returned if value is not None]
    return found


def _fixes_in(
    scope: ast.FunctionDef, where: str, module: dict[str, list[ast.expr]]
) -> Iterator[tuple[str, str]]:
    assigned: dict[str, list[ast.expr]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    inside = {id(v) for n in ast.walk(scope) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(scope):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in inside
        ):
            parts: list[ast.expr] = [node]
        elif isinstance(node, ast.JoinedStr):
            parts = list(node.values)
        else:
            continue
        for index, part in enumerate(parts):
            if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                continue
            if "Fix: " not in part.value:
                continue
            after = part.value.split("Fix: ", 1)[1]
            following = parts[index + 1] if index + 1 < len(parts) else None
            if after:
                yield f"{where}:{node.lineno}", after
            elif isinstance(following, ast.FormattedValue) and isinstance(
                following.value, ast.Name | ast.Call
            ):  # other computed starts (a lookup) are checked by their rule's test
                value_ = following.value
                if isinstance(value_, ast.Name):
                    values = assigned.get(value_.id) or module.get(value_.id, [])
                else:  # a call of another module's function: nothing this scan reads
                    called = value_.func.id if isinstance(value_.func, ast.Name) else ""
                    values = module.get(f"{called}()") or [ast.Constant("")]
                for value in values:
                    for text in _leading_texts(value):
                        yield f"{where}:{node.lineno}", text
            else:
                yield f"{where}:{node.lineno}", ""  # nothing after 'Fix: ' this scan reads


def test_every_runtime_helper_s_fix_starts_with_what_to_do() -> None:
    # Proves (papercuts48): the runtime helpers' errors wrote "Fix: e.g. ...", "Fix:
    # method='GET'" and "Fix: str() each key" (an example or a value, no instruction),
    # against the rule the library's own messages keep
    fixes = list(_runtime_fixes())
    assert len(fixes) > 60  # the scan finds the helpers' messages (not a vacuous pass)
    wrong = [f"{where}: {text!r}" for where, text in fixes if text.split(" ", 1)[0] not in VERBS]
    assert not wrong, "runtime fixes that do not start with what to do:\n" + "\n".join(wrong)


#: Where a message's instruction starts outside a ``Fix: `` sentence: after '(', ': ' or
#: '; ', a verb of VERBS (those that are also the helpers' nouns left out: "handle is ...",
#: "name is ...") or one no fix may start with ("flatten", "fix").
_INSTRUCTION = re.compile(
    r"(?:^|\(|[;:] )(?:"
    + "|".join(sorted((VERBS | {"fix", "flatten"}) - {"handle", "list", "name", "set"}))
    + r")\b"
)


def _message_text(node: ast.expr) -> str | None:
    """A raised message's literal text, each computed part as ``{}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (_message_text(node.left) or "{}") + (_message_text(node.right) or "{}")
    return None


def test_a_runtime_helper_s_instruction_is_its_fix_sentence() -> None:
    # Proves (papercuts248): process_batch's TypeError said "(pass e.g. process_batch(event,
    # handle_order))" and stream_event's "; pass True or False", instructions the scan of
    # "Fix: " texts never read, so nothing held them to its rule
    raised = []
    for path in sorted(RUNTIME.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                text = _message_text(node.exc.args[0])
                if text is not None:
                    raised.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    assert len(raised) > 100  # the scan finds the helpers' raises (not a vacuous pass)
    outside = [
        f"{where}: {text!r}"
        for where, text in raised
        if _INSTRUCTION.search(text.split("Fix: ", 1)[0])
    ]
    assert not outside, "instructions outside a 'Fix: ' sentence:\n" + "\n".join(outside)


#: The functions returning two strings that are no ``(message, fix)``: how and where an
#: app was synthesized, a project's marker file and import directory, a route key's parts.
_NOT_MESSAGES = frozenset(["synthesis_of", "_import_directory", "parse_route_key"])


def _returned_fixes() -> Iterator[tuple[str, str]]:
    """(file:line, literal start of the fix) of every ``(message, fix)`` a rule returns: a
    function annotated ``-> tuple[str, str]`` (``| None``, or a list of them), whose
    returned tuples, literal or in a comprehension, hold the fix second (a tuple whose
    first text starts with a capital is a cdk-nag acknowledgement, ``(rule, reason)``)."""
    for path in sorted(LIBRARY.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        pairs = {"tuple[str, str]"} | {  # and a module's alias of it (`Problem = tuple[...]`)
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign) and ast.unparse(node.value) == "tuple[str, str]"
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef) or function.returns is None:
                continue
            if function.name in _NOT_MESSAGES:
                continue
            returns = ast.unparse(function.returns)
            if not any(re.search(rf"(?<![\w.]){re.escape(pair)}(?!\w)", returns) for pair in pairs):
                continue
            for node in ast.walk(function):
                value = node.value if isinstance(node, ast.Return) else None
                if isinstance(value, ast.ListComp):
                    value = value.elt
                if not (isinstance(value, ast.Tuple) and len(value.elts) == 2):
                    continue
                if (_leading_text(value.elts[0]) or "x")[:1].isupper():
                    continue
                for text in _leading_texts(value.elts[1]):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", text


def test_every_fix_a_rule_returns_in_a_tuple_starts_with_what_to_do() -> None:
    # Proves (harness49): the scan above reads the fix of a message-making call; a rule
    # returning ``(message, fix)`` for its caller to add escaped it: ScheduledJob's "pick a
    # day every chosen month has" (scheduled_job/expressions.py) went out so
    fixes = list(_returned_fixes())
    assert len(fixes) > 30  # the scan finds the rules (not a vacuous pass)
    wrong = [f"{where}: {text!r}" for where, text in fixes if text.split(" ", 1)[0] not in VERBS]
    assert not wrong, "fixes that do not start with what to do:\n" + "\n".join(wrong)


def test_every_fix_for_another_tool_s_prop_starts_with_what_to_do() -> None:
    # Proves (harness49): the fixes for a Solutions Constructs, SAM or Serverless Framework
    # prop are a table's values, which no scan read ("X-Ray tracing is always active: leave
    # it out", "the construct is the trigger: ...")
    from constructs_lib import _sam_props, _serverless_props, _solutions_constructs

    fixes = {
        f"{table.__name__}: {owner}.{key}": fix
        for table in (_solutions_constructs, _sam_props, _serverless_props)
        for owner, by_key in table._BY_OWNER.items()
        for key, fix in by_key.items()
    }
    assert len(fixes) > 100
    wrong = [f"{where}: {fix!r}" for where, fix in fixes.items() if fix.split(" ")[0] not in VERBS]
    assert not wrong, "fixes that do not start with what to do:\n" + "\n".join(wrong)


def test_a_construct_error_breaking_a_rule_fails_the_test_that_made_it() -> None:
    # Proves (harness49): the scans read literals; a fix built at run time, or a problem
    # made without its construct's path, reached users unread. conftest records every
    # ConstructError a test makes and fails the test on each problem that breaks a rule
    from constructs_lib import ConstructError
    from tests.message_rules import recorded_breaks

    assert recorded_breaks() == []  # this test made none so far
    # GIVEN errors made while a test runs: one keeping the rules, two breaking them
    ConstructError([Problem("Test/Job", "schedule", "never fires", "change the day")])
    ConstructError([Problem("", "schedule", "never fires", "pick a day")])
    ConstructError([Problem("Test/Job ", "schedule", "never fires", "change the day")])
    # THEN each broken rule is reported, with the problem as users read it (and the record
    # is emptied, so this test passes)
    assert recorded_breaks() == [
        ": `schedule` never fires. Fix: pick a day\n    has a fix that does not start with "
        "what to do: 'pick a day'",
        ": `schedule` never fires. Fix: pick a day\n    names no construct path (or callable): ''",
        "Test/Job : `schedule` never fires. Fix: change the day\n    names no construct path "
        "(or callable): 'Test/Job '",
    ]


def test_a_library_warning_says_what_to_do_in_its_fix_sentence() -> None:
    # Proves (papercuts249): warnings' fixes were never checked: "Fix: match fewer values"
    # (eventPatternSizeQuota), "Fix: let one index serve ..." (globalIndexesQuota), and a
    # dozen warnings with no Fix sentence at all (alarmsWithoutDestination: "... page
    # nobody. Pass alarm_topic= ..."); tests/conftest.py now records every warning the
    # library adds and fails the test that made one breaking these rules
    assert broken_warning_rules("`x` is 9. Fix: pass 8. If 9 is meant, acknowledge 'w'.") == []
    assert broken_warning_rules("`x` is 9. Fix: match fewer values, or ...") == [
        "has a fix that does not start with what to do: 'match fewer values, or ...'"
    ]
    assert broken_warning_rules("`x` is 9. Pass 8 instead.") == [
        "says no fix (a 'Fix: ' sentence saying what to do)"
    ]


def test_every_warning_the_library_adds_is_recorded_and_checked() -> None:
    # GIVEN a warning of the library's that says no fix, and one of another id
    stack = cdk.Stack(cdk.App(), "Test")
    cdk.Annotations.of(stack).add_warning_v2("constructs_lib:example", "it is wrong.")
    cdk.Annotations.of(stack).add_warning_v2("other:example", "not the library's.")
    # THEN the library's is recorded as breaking the rule (and the record is emptied)
    assert recorded_warning_breaks() == [
        "[constructs_lib:example] it is wrong.\n"
        "    says no fix (a 'Fix: ' sentence saying what to do)"
    ]
    assert recorded_warning_breaks() == []
