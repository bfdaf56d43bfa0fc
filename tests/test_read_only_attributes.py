"""Every construct's attributes are read-only: what it built is what it uses, so rebinding
or deleting an attribute, or changing a collection it exposes, fails at once (it was
silence: the template kept the construct's own, and later library code read the user's)."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from unittest import mock

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk.assertions import Template
from constructs import Construct

import constructs_lib
from constructs_lib import (
    ApiAuth,
    ConstructError,
    EventHandler,
    Monitoring,
    Network,
    QueueWorker,
    ScheduledJob,
    ServerlessApi,
    StaticSite,
    StreamWorker,
    TableOptions,
)
from constructs_lib._core.read_only import ReadOnlyList, ReadOnlyViewError, mapping_view
from tests.support import SITE, echo_handler, new_stack

#: Each construct class of the public API, built with what gives it every attribute.
BUILDERS: dict[str, Callable[[cdk.Stack], Construct]] = {
    "EventHandler": lambda s: EventHandler(
        s, "OnEvent", handler=echo_handler(), event_pattern={"source": ["app.orders"]}
    ),
    "Monitoring": lambda s: Monitoring(s, dashboard=True),
    "Network": lambda s: Network(s, "Network"),
    "QueueWorker": lambda s: QueueWorker(s, "Worker", handler=echo_handler(), alarms=True),
    "ScheduledJob": lambda s: ScheduledJob(
        s, "Job", handler=echo_handler(), schedule="rate(1 hour)"
    ),
    "ServerlessApi": lambda s: ServerlessApi(
        s,
        "Api",
        routes={"GET /a": echo_handler()},
        auth=ApiAuth.iam(),
        table=TableOptions(),
        alarms=True,
    ),
    "StaticSite": lambda s: StaticSite(s, "Site", source=SITE),
    "StreamWorker": lambda s: StreamWorker(
        s,
        "Changes",
        handler=echo_handler(),
        table=dynamodb.Table(
            s,
            "Orders",
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            stream=dynamodb.StreamViewType.NEW_IMAGE,
        ),
        alarms=True,
    ),
}
CONSTRUCTS = sorted(
    name
    for name in constructs_lib.__all__
    if isinstance(value := getattr(constructs_lib, name), type) and issubclass(value, Construct)
)


def test_every_construct_class_of_the_public_api_is_covered() -> None:
    assert sorted(BUILDERS) == CONSTRUCTS


def _public_attributes(construct: Construct) -> list[str]:
    """The attributes the construct set, and its read-only properties (Construct's ``node``
    too: assigning it was jsii's bare AttributeError)."""
    properties = {
        name
        for klass in type(construct).__mro__
        for name, value in vars(klass).items()
        if isinstance(value, property) and value.fset is None and not name.startswith("_")
    }
    return sorted({name for name in vars(construct) if not name.startswith("_")} | properties)


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_rebinding_or_deleting_an_attribute_is_a_construct_error(name: str) -> None:
    # Proves (API review): `api.table = other` or `worker.dead_letter_queue = q` was
    # silence: the template kept the construct's own, and later library code read the new
    # GIVEN a construct with every attribute it can have
    stack = new_stack()
    construct = BUILDERS[name](stack)
    attributes = _public_attributes(construct)
    assert len(attributes) >= 2, attributes
    path = construct.node.path
    for attribute in attributes:
        before = getattr(construct, attribute)
        # WHEN it is rebound THEN a ConstructError names the path, the attribute, the fix
        with pytest.raises(ConstructError) as assigned:
            setattr(construct, attribute, None)
        message = str(assigned.value)
        assert f"{path}: `{attribute}` is assigned None, but it is what the construct" in message
        assert "attributes are read-only" in message
        assert f"use the object `{attribute}` holds" in message
        # AND so is deleting it
        with pytest.raises(ConstructError, match=rf"{path}: `{attribute}` is deleted, but"):
            delattr(construct, attribute)
        # AND the attribute is what it was
        assert getattr(construct, attribute) is before or attribute in ("alarms", "node")


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_the_collections_a_construct_exposes_are_read_only(name: str) -> None:
    # GIVEN a construct's attributes that are collections (alarms, records, endpoints,
    # route maps)
    construct = BUILDERS[name](new_stack())
    values = [getattr(construct, a) for a in _public_attributes(construct)]
    collections = [
        v for v in values if isinstance(v, Mapping | Sequence) and not isinstance(v, str)
    ]
    assert collections
    for collection in collections:
        # WHEN a user changes one THEN it is a ConstructError naming the construct's path
        # (a TypeError still, as Python's for a read-only mapping)
        where = rf"{construct.node.path}: `\w+"
        if isinstance(collection, Mapping):
            with pytest.raises(ReadOnlyViewError, match=rf"{where}\['new'\]` is assigned None"):
                collection["new"] = None  # type: ignore[index]
            assert not hasattr(collection, "clear") and not hasattr(collection, "update")
            continue
        # AND a list says what to do instead
        for method, arguments in (
            ("append", [None]),
            ("extend", [[None]]),
            ("__setitem__", [0, None]),
            ("clear", []),
        ):
            with pytest.raises(TypeError, match=rf"{where}` is changed .*Fix: (add|make) your"):
                getattr(collection, method)(*arguments)


def test_a_read_only_view_shows_what_the_construct_adds_later() -> None:
    # GIVEN a worker whose alarms wait for a destination, and a network's endpoints
    stack = new_stack()
    worker = QueueWorker(stack, "Worker", handler=echo_handler())
    network = Network(stack, "Network")
    assert worker.alarms == [] and network.interface_endpoints == {}
    # WHEN the stack gets a topic and a function asks for an endpoint
    Monitoring(stack).set_alarm_topic(
        cdk.aws_sns.Topic.from_topic_arn(stack, "Ops", "arn:aws:sns:eu-west-1:123456789012:ops")
    )
    endpoint = network.endpoint("sqs")
    # THEN the attributes read earlier show them
    assert len(worker.alarms) == 4 and all(isinstance(a, cloudwatch.Alarm) for a in worker.alarms)
    assert network.interface_endpoints == {"sqs": endpoint}
    assert Monitoring.of(stack).alarms == worker.alarms
    # AND the alarms are a list still, which jsii takes (not a tuple or a view)
    cloudwatch.Dashboard(stack, "Mine").add_widgets(
        cloudwatch.AlarmStatusWidget(alarms=worker.alarms)
    )
    widgets = Template.from_stack(stack).find_resources("AWS::CloudWatch::Dashboard")
    assert len(widgets) == 1


def test_the_fix_names_the_prop_that_gives_the_construct_your_own() -> None:
    stack = new_stack()
    api = BUILDERS["ServerlessApi"](stack)
    other = dynamodb.Table(
        stack,
        "Other",
        partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
    )
    with pytest.raises(ConstructError) as raised:
        api.table = other  # type: ignore[misc]
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Api: `table` is assigned the aws_dynamodb.Table "
        "'Test/Other', but it is what the construct built (attributes are read-only: the "
        "construct uses what it built, whatever the attribute holds). Fix: pass "
        "`existing_table=` when creating the ServerlessApi, or use the object `table` holds "
        "and change it (its methods), or build the construct with other props"
    )


def test_a_subclass_adds_and_rebinds_its_own_attributes() -> None:
    # GIVEN a user's subclass with its own attribute
    class Counted(QueueWorker):
        def __init__(self, scope: Construct, id: str, **props: Any) -> None:
            super().__init__(scope, id, **props)
            self.runs = 0

    worker = Counted(new_stack(), "Worker", handler=echo_handler())
    # WHEN it rebinds and deletes it THEN that is its own business
    worker.runs += 1
    assert worker.runs == 1
    del worker.runs
    # AND the library's attributes stay read-only
    with pytest.raises(ConstructError, match=r"Test/Worker: `queue` is assigned None"):
        worker.queue = None  # type: ignore[misc,assignment]


def test_a_subclass_assigning_its_own_attribute_of_a_library_name_is_told_to_rename_it() -> None:
    # Proves (sweep45): a subclass setting `self.errors_alarm` to an alarm of its own
    # synthesized until the construct got an attribute of that name (alarms45); the fix
    # said to change the construct's object, not to rename the subclass's attribute
    class Paged(QueueWorker):
        def __init__(self, scope: Construct, id: str, **props: Any) -> None:
            super().__init__(scope, id, **props)
            self.errors_alarm = cloudwatch.Alarm(  # type: ignore[misc]
                self,
                "Mine",
                metric=self.function.metric_errors(),
                threshold=1,
                evaluation_periods=1,
            )

    with pytest.raises(ConstructError) as raised:
        Paged(new_stack(), "Worker", handler=echo_handler())
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Worker: `errors_alarm` is assigned the "
        "aws_cloudwatch.Alarm 'Test/Worker/Mine', but it is what the construct built "
        "(attributes are read-only: the construct uses what it built, whatever the "
        "attribute holds). Fix: give Paged's own attribute another name, use the object "
        "`errors_alarm` holds and change it (its methods), or build the construct "
        "with other props"
    )


def test_a_subclass_hiding_an_attribute_is_told_at_its_class_statement() -> None:
    # Proves (platform45): a platform's subclass defining a read-only property named like an
    # attribute the library sets (`alarms`, sorted) failed when built with Python's bare
    # "property 'alarms' of 'Sorted' object has no setter"; a method of that name was hidden
    # by the value set, in silence.
    with pytest.raises(ConstructError) as raised:

        class Sorted(QueueWorker):
            @property
            def alarms(self) -> list[cloudwatch.Alarm]:  # type: ignore[override]
                return []

            def queue(self) -> None:  # type: ignore[override]
                return None

    assert str(raised.value) == (
        "2 invalid props:\n"
        "  - test_a_subclass_hiding_an_attribute_is_told_at_its_class_statement.<locals>."
        "Sorted: `alarms` is a read-only property of the subclass, so building it fails when "
        "QueueWorker's __init__ sets the attribute `alarms` (what it built). Fix: give yours "
        "another name and read `self.alarms` in it, or give the property a setter that keeps "
        "the value\n"
        "  - test_a_subclass_hiding_an_attribute_is_told_at_its_class_statement.<locals>."
        "Sorted: `queue` is a method of the subclass, hidden (never called) once QueueWorker's "
        "__init__ sets the attribute `queue` (what it built). Fix: give yours another name and "
        "read `self.queue` in it"
    )


def test_a_subclass_may_narrow_default_or_route_an_attribute_through_a_setter() -> None:
    # GIVEN what a subclass may legitimately do with the library's names: narrow a type,
    # give a class-level default, pass it through a property with a setter, override a
    # method, add properties of its own
    class Narrowed(QueueWorker):
        alarms: Sequence[cloudwatch.Alarm] = ()

        @property
        def function(self) -> Any:
            return self._own_function

        @function.setter
        def function(self, value: Any) -> None:
            self._own_function = value

        def link(self, *targets: Any) -> None:
            super().link(*targets)

        @property
        def runs(self) -> int:
            return 0

    # WHEN it is built THEN the construct's values are there
    worker = Narrowed(new_stack(), "Worker", handler=echo_handler(), alarms=True)
    assert worker.function.node.path == "Test/Worker/Handler/Function"
    assert len(worker.alarms) > 0 and worker.runs == 0


def test_a_test_may_patch_an_attribute_for_its_duration(monkeypatch: pytest.MonkeyPatch) -> None:
    # Proves (sweep26): mock.patch.object(api, "functions") and monkeypatch.setattr(worker,
    # "function", ...), as a user's unit test stands in for a part, were ConstructErrors.
    api = ServerlessApi(new_stack(), "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    functions = api.functions
    with mock.patch.object(api, "functions") as fake:
        assert api.functions is fake
    with mock.patch.object(api, "url", "https://api.example.com/"):
        assert api.url == "https://api.example.com/"
    assert api.functions is functions
    worker = QueueWorker(new_stack(), "Worker", handler=echo_handler())
    monkeypatch.setattr(worker, "function", None)
    assert worker.function is None
    monkeypatch.undo()
    assert worker.function.node.path == "Test/Worker/Handler/Function"
    # AND app code still may not
    with pytest.raises(ConstructError, match=r"Test/Api: `functions` is assigned"):
        api.functions = {}  # type: ignore[misc]


def test_a_copy_of_a_read_only_list_is_a_plain_list() -> None:
    # Proves (sweep26): copy.copy(worker.alarms), to add one's own, raised the list's
    # TypeError (copying rebuilt the read-only list by appending to it).
    worker = QueueWorker(new_stack(), "Worker", handler=echo_handler(), alarms=True)
    alarms = copy.copy(worker.alarms)
    assert type(alarms) is list and alarms == worker.alarms
    alarms.append(alarms[0])
    assert len(worker.alarms) == len(alarms) - 1
    assert pickle.loads(pickle.dumps(ReadOnlyList([1, 2], fix="-"))) == [1, 2]


def test_a_copy_of_a_read_only_mapping_is_a_plain_dict() -> None:
    # Proves (sweep26): copy.copy(api.functions) raised "cannot pickle 'mappingproxy'"
    # (before the attributes were read-only it was a dict's copy); changing the mapping
    # was Python's bare "'mappingproxy' object does not support item assignment".
    api = ServerlessApi(new_stack(), "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    functions = copy.copy(api.functions)
    assert type(functions) is dict and functions == api.functions
    assert (api.functions | {"GET /b": None}).keys() == {"GET /a", "GET /b"}
    assert pickle.loads(pickle.dumps(mapping_view({"a": 1}))) == {"a": 1}
    assert api.functions.get("GET /b") is None
    with pytest.raises(TypeError, match=r"`functions\['GET /b'\]` is assigned .*dict\(\.\.\.\)"):
        api.functions["GET /b"] = functions["GET /a"]  # type: ignore[index]
    with pytest.raises(ConstructError, match=r"`functions\['GET /b'\]` is no route"):
        api.functions["GET /b"]


def test_changing_a_read_only_view_names_the_construct_the_attribute_and_the_fix() -> None:
    # Proves (papercuts249): `api.functions["GET /x"] = fn`, `del worker.alarms[0]`,
    # `.update()`/`.pop()`/`.clear()`/`.setdefault()` and `+=` raised Python's bare
    # TypeError ("this mapping is read-only ...") or AttributeError ("'ReadOnlyMapping'
    # object has no attribute 'update'"), naming neither the construct nor the attribute
    stack = new_stack()
    api = ServerlessApi(stack, "Api", routes={"GET /a": echo_handler()}, auth=ApiAuth.iam())
    worker = QueueWorker(stack, "Worker", handler=echo_handler(), alarms=True)
    api_fix = (
        "Fix: use the objects it holds and change them (their methods), or copy it into a "
        "dict of your own (dict(...)) and change that"
    )
    read_only = (
        "but it is read-only (what the construct made: it uses what it made, whatever you "
        "change in a copy)"
    )
    # WHEN a user assigns into or deletes from a route map THEN the error names the route
    with pytest.raises(ReadOnlyViewError) as assigned:
        api.functions["GET /x"] = api.functions["GET /a"]  # type: ignore[index]
    assert assigned.value.problems[0].path == "Test/Api"
    assert str(assigned.value.problems[0]) == (
        "Test/Api: `functions['GET /x']` is assigned the aws_lambda.Function "
        f"'Test/Api/Handler/Function', {read_only}. {api_fix}"
    )
    with pytest.raises(TypeError, match=r"Test/Api: `aliases\['GET /a'\]` is deleted, but"):
        del api.aliases["GET /a"]  # type: ignore[attr-defined]
    # AND a dict's changing method is refused, an AttributeError still (hasattr is False)
    for method, arguments in (
        ("update", [{}]),
        ("pop", ["GET /a"]),
        ("popitem", []),
        ("clear", []),
        ("setdefault", ["GET /x"]),
    ):
        with pytest.raises(AttributeError) as refused:
            getattr(api.functions, method)(*arguments)
        assert isinstance(refused.value, ReadOnlyViewError)
        assert str(refused.value.problems[0]) == (
            f"Test/Api: `functions` is changed (.{method}()), {read_only}. {api_fix}"
        )
    # AND so is `|=` (on a view a property returns too), and the route map is unchanged
    errors = api.errors_alarms
    with pytest.raises(ReadOnlyViewError, match=r"Test/Api: `errors_alarms` is updated \(\|=\)"):
        errors |= {}  # type: ignore[operator]
    assert list(api.functions) == ["GET /a"]
    # AND a list names itself and says what to do instead
    alarms = worker.alarms
    fix = "Fix: add yours with Monitoring.of(stack).add_alarms([...]), or copy it (list(...))"
    for change, shown in (
        (lambda: alarms.__delitem__(0), "an item deleted"),
        (lambda: alarms.pop(), ".pop()"),
        (lambda: alarms.clear(), ".clear()"),
        (lambda: alarms.__iadd__([]), "+="),
    ):
        with pytest.raises(ReadOnlyViewError) as changed:
            change()
        assert str(changed.value.problems[0]) == (
            f"Test/Worker: `alarms` is changed ({shown}), {read_only}. {fix} and change the copy"
        )
    assert len(worker.alarms) == 4
    # AND the stack's Monitoring's list names the Monitoring
    with pytest.raises(ReadOnlyViewError, match=r"Test/Monitoring: `alarms` is changed"):
        Monitoring.of(stack).alarms.append(alarms[0])
