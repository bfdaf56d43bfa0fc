"""A source in another stack: a StreamWorker's ``table``, an EventHandler's ``event_bus``,
an alarm topic (a construct's own ``alarm_topic``, its stack's Monitoring's, the ``topic``
of ``add_alarms``), checked once an alarm notifies it: a construct or a Monitoring may
create no alarm (a StaticSite outside us-east-1), and then nothing refers to the topic.
Using it makes the construct's stack import its stream ARN, name or ARN, so the
construct's stack depends on the source's; when the source's stack depends on the
construct's already (a job there linking a bus or a worker here), the two are a dependency
cycle. aws-cdk-lib found it as a jsii ``DependencyCycle`` trace naming two references and
no prop. Here it is a ConstructError naming the prop and the way back, and the reference
is noted, so that a link made later that closes the ring is one too."""

from __future__ import annotations

from constructs import Construct

from constructs_lib._core.link_cycles import check_no_cycle, record_reference
from constructs_lib._facts import path_of
from constructs_lib._validation import Validator
from constructs_lib._words import with_article

__all__ = ["check_source_without_cycle", "check_topic_reference", "record_source"]

_FIX = (
    "keep references between the two stacks one way: build the {construct} in the stack of "
    "the {kind} (or the {kind} in this one), or move what in that stack refers to this one "
    "(named above) to this stack"
)

_TOPIC_FIX = (
    "keep references between the two stacks one way: give the alarm topic a stack of its "
    "own that refers to nothing else (every stack's Monitoring may use it), or create the "
    "topic in this stack"
)


def check_source_without_cycle(
    v: Validator,
    source: object,
    prop: str,
    kind: str,
    construct: str,
    reading: str,
    fix: str | None = None,
) -> bool:
    """Adds a problem when the ``kind`` (``"table"``, ``"event bus"``) given as ``prop``
    is in a stack that depends on the ``construct``'s already (``reading``: how the
    construct uses it, as the message says it; ``fix``: instead of moving either); whether
    it is not."""
    if not isinstance(source, Construct):
        return True
    return check_no_cycle(
        v,
        prop,
        source,
        f"the {kind} {source.node.path}",
        reason=f"{with_article(construct)} {reading} from here makes",
        fix=fix or _FIX.format(construct=construct, kind=kind),
    )


def check_topic_reference(scope: Construct, prop: str, topic: object) -> None:
    """Raises a ConstructError when ``topic``, given to ``scope`` as ``prop``, is of a
    stack that depends on the alarms' stack already; called where the first alarm action
    notifying it is added (the reference), which it notes otherwise."""
    v = Validator(scope)
    if check_source_without_cycle(v, topic, prop, "topic", "alarm", "notifying it", _TOPIC_FIX):
        record_source(scope, topic, "has alarms notifying", prop)
    v.raise_if_any()


def record_source(construct: Construct, source: object, reads: str, prop: str) -> None:
    """Notes the reference from ``construct`` to its ``source``, given as ``prop``
    (``reads``: how, as the messages of a later link closing the ring say it)."""
    if isinstance(source, Construct):
        step = f"{path_of(construct)} {reads} {path_of(source)}"
        record_reference(construct, source, step, prop)
