"""A platform team's subclass of a construct (``AcmeApi(ServerlessApi)`` with props of its
own, the rest passed on) is called as the library's constructs are: a prop of its own
missing or misspelt, or props by position, are a ConstructError naming the construct path
and the fix, and a misspelt prop it passes on names the subclass too. A construct of its
own that composes the library's is checked with the public ``checked_arguments``."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import pytest
from constructs import Construct

from constructs_lib import (
    ApiAuth,
    ConstructError,
    Handler,
    QueueWorker,
    Route,
    ServerlessApi,
    checked_arguments,
)
from tests.support import echo_handler, new_stack


class AcmeApi(ServerlessApi):
    """The company's API.

    :param team: the owning team's slug, e.g. ``"payments"``.
    :param cost_center: the cost center it is billed to. Default: ``"CC-0000"``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        team: str,
        routes: Mapping[str, Handler | Route],
        cost_center: str = "CC-0000",
        **props: Any,
    ) -> None:
        super().__init__(scope, id, routes=routes, auth=ApiAuth.iam(), **props)
        self.team = team
        self.cost_center = cost_center


def _refused(*args: Any, **props: Any) -> str:
    with pytest.raises(ConstructError) as raised:
        AcmeApi(new_stack(), "Api", *args, **props)
    return str(raised.value)


def test_a_subclass_prop_missing_is_a_construct_error() -> None:
    # Proves (platform45): Python's "AcmeApi.__init__() missing 1 required keyword-only
    # argument: 'team'", naming neither the construct nor the fix
    assert _refused(routes={"GET /a": echo_handler()}) == (
        "1 invalid prop:\n  - Test/Api: `team` is required and not given. Fix: pass "
        'team=... (str): the owning team\'s slug, e.g. `"payments"`'
    )


def test_a_subclass_given_props_by_position_is_a_construct_error() -> None:
    # Proves (platform45): "takes 3 positional arguments but 4 ... were given"
    assert _refused("payments", routes={"GET /a": echo_handler()}) == (
        "1 invalid prop:\n  - Test/Api: `team` given by position: AcmeApi takes 2 positional "
        "arguments (scope, id) and 1 more was given. Fix: pass the props by name, e.g. team=..."
    )


def test_a_misspelt_prop_passed_on_names_the_subclass_and_its_base() -> None:
    # Proves (platform45): the product team called AcmeApi and was told of ServerlessApi
    message = _refused(team="payments", routes={"GET /a": echo_handler()}, throttle=None)
    assert message == (
        "1 invalid prop:\n  - Test/Api: `throttle` is not a prop of AcmeApi (a "
        "ServerlessApi). Fix: did you mean `throttling`? (Default: `Throttle()` (50 rps, "
        "burst 100))"
    )


def test_a_subclass_called_rightly_builds_and_keeps_its_signature() -> None:
    # GIVEN a correct call, its own optional prop by name, a prop passed on
    api = AcmeApi(
        new_stack(),
        "Api",
        team="payments",
        routes={"GET /a": echo_handler()},
        cost_center="CC-1234",
        alarms=False,
    )
    # THEN it is built, and help() shows the subclass's own signature
    assert (api.team, api.cost_center, list(api.functions)) == ("payments", "CC-1234", ["GET /a"])
    assert str(AcmeApi.__signature__) == (
        "(scope: 'Construct', id: 'str', *, team: 'str', routes: 'Mapping[str, Handler | "
        "Route]', cost_center: 'str' = 'CC-0000', **props: 'Any')"
    )


def test_a_subclass_taking_anything_and_one_without_its_own_init_pass_it_on() -> None:
    # GIVEN subclasses that bind any call (*args, **props) or define no __init__
    class Passing(QueueWorker):
        def __init__(self, *args: Any, **props: Any) -> None:
            super().__init__(*args, **props)

    class Plain(QueueWorker):
        pass

    # THEN the library's own check reports the call, naming the subclass
    for cls in (Passing, Plain):
        with pytest.raises(ConstructError) as raised:
            cls(new_stack(), "Worker", handler=echo_handler(), batchsize=5)
        assert f"`batchsize` is not a prop of {cls.__name__} (a QueueWorker)" in str(raised.value)
        assert cls(new_stack(), "Worker", handler=echo_handler()).queue is not None


class AcmeService(Construct):
    """A product team's service.

    :param worker: the worker's handler.
    """

    @checked_arguments
    def __init__(self, scope: Construct, id: str, *, worker: Handler) -> None:
        super().__init__(scope, id)
        self.worker = QueueWorker(self, "Worker", handler=worker)


def test_a_composed_construct_is_checked_with_the_public_decorator() -> None:
    # Proves (platform45): a platform's construct composing the library's (not a subclass)
    # could be checked only with the private constructs_lib._arguments.checked_arguments
    with pytest.raises(ConstructError) as raised:
        AcmeService(new_stack(), "Orders", wroker=echo_handler())  # type: ignore[call-arg]
    assert str(raised.value) == (
        "2 invalid props:\n"
        "  - Test/Orders: `wroker` is not a prop of AcmeService. Fix: did you mean `worker`? "
        "(the worker's handler)\n"
        "  - Test/Orders: `worker` is required and not given. Fix: pass worker=... (Handler): "
        "the worker's handler"
    )
    service = AcmeService(new_stack(), "Orders", worker=echo_handler())
    assert service.worker.node.path == "Test/Orders/Worker"


def test_a_subclass_not_calling_super_init_is_a_construct_error() -> None:
    # Proves (bad45): jsii's "'Forgetful' object has no attribute '__jsii_ref__'" when built
    class Forgetful(QueueWorker):
        def __init__(self, scope: Construct, id: str, *, team: str, **props: Any) -> None:
            self.team = team

    with pytest.raises(ConstructError) as raised:
        Forgetful(new_stack(), "Worker", team="payments", handler=echo_handler())
    assert str(raised.value) == (
        "1 invalid prop:\n  - Test/Worker: `__init__` of test_a_subclass_not_calling_super_init"
        "_is_a_construct_error.Forgetful returned without calling super().__init__(scope, id, "
        "...): the QueueWorker was never built. Fix: call super().__init__(scope, id, **props) "
        "in test_a_subclass_not_calling_super_init_is_a_construct_error.Forgetful.__init__ "
        "before it uses self"
    )

    # a subclass of one that calls it, and one calling it late, build
    class Late(QueueWorker):
        def __init__(self, scope: Construct, id: str, /, **props: Any) -> None:
            self._team = "payments"
            super().__init__(scope, id, **props)

    class Later(Late):
        def __init__(self, *args: Any, **props: Any) -> None:
            super().__init__(*args, **props)

    assert Later(new_stack(), "Worker", handler=echo_handler()).queue is not None


def test_checked_arguments_decorating_a_class_a_classmethod_or_a_partial_checks_calls() -> None:
    # Proves (bad45): on a class, Python's TypeError for a misspelt prop (and the class
    # became a function); on a classmethod, "is not a callable object" when called; on a
    # functools.partial, an AttributeError at decoration
    @checked_arguments
    class Service(Construct):
        """A service.

        :param worker: the worker's handler.
        """

        def __init__(self, scope: Construct, id: str, *, worker: Handler) -> None:
            super().__init__(scope, id)

        @checked_arguments
        @classmethod
        def of(cls, scope: Construct, *, worker: Handler) -> Service:
            return cls(scope, "Service", worker=worker)

    with pytest.raises(ConstructError) as raised:
        Service(new_stack(), "Orders", wroker=echo_handler())  # type: ignore[call-arg]
    assert "Test/Orders: `wroker` is not a prop of " in str(raised.value)
    assert "did you mean `worker`? (the worker's handler)" in str(raised.value)
    assert isinstance(Service(new_stack(), "Orders", worker=echo_handler()), Service)
    with pytest.raises(ConstructError, match="`wroker` is not a prop of"):
        Service.of(new_stack(), wroker=echo_handler())  # type: ignore[call-arg]
    assert Service.of(new_stack(), worker=echo_handler()).node.id == "Service"

    with pytest.raises(ConstructError, match="`c` is not a prop of"):
        checked_arguments(functools.partial(lambda a, b: a, 1))(c=2)
    assert checked_arguments(functools.partial(lambda a, b: a, 1))(b=2) == 1


@pytest.mark.parametrize("value", [None, "__init__"])
def test_checked_arguments_given_no_function_is_a_type_error_where_it_is_written(
    value: object,
) -> None:
    # Proves (bad45): None was an AttributeError, a string was taken and failed when called
    with pytest.raises(TypeError, match="checked_arguments decorates a function, not "):
        checked_arguments(value)  # type: ignore[type-var]
