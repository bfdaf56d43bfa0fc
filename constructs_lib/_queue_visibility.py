"""A QueueWorker's queue visibility timeout against its function's timeout as the template
has them. The worker checks the two when it is built, but a platform's Aspect (every
function's ``Timeout`` raised to a company standard) or an escape hatch on the
``CfnFunction`` or ``CfnQueue`` changes them afterwards: the synth passed, and the deploy
failed at the event source mapping (Lambda refuses a queue whose visibility timeout is
below the function's timeout) or messages were redelivered while still being processed."""

from __future__ import annotations

import math

from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from constructs_lib import _defaults
from constructs_lib._facts import resource_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._synth_checks import at_synth, is_number
from constructs_lib._synth_phase import template_properties

__all__ = ["check_visibility_at_synth"]


def check_visibility_at_synth(
    worker: Construct,
    queue: sqs.IQueue,
    function: lambda_.Function,
    *,
    created: bool,
    tokens: tuple[object, ...] = (),
) -> None:
    """Checks at synth (after every Aspect) that ``queue``'s visibility timeout covers
    ``function``'s timeout: 6x for a queue the worker ``created`` (what it sets), 1x for an
    ``existing_queue`` of the app (what it requires). An imported queue shows none. The
    worker's ``visibility_timeout`` or the function's timeout (``tokens``) given as a token
    that resolves only at synth (``Lazy.number``) is told as such."""
    resource = resource_of(queue)  # asked once: the worker's re-checks read them too
    cfn_function = resource_of(function)
    if isinstance(resource, sqs.CfnQueue) and isinstance(cfn_function, lambda_.CfnFunction):
        factor = _defaults.VISIBILITY_TIMEOUT_FACTOR if created else 1
        given = any(map(is_unresolved, tokens))
        check = _VisibilityCoversTimeout(resource, cfn_function, factor, token=given)
        # with the worker's re-checks (the two L1s read once), its problems listed after
        # theirs, as when it was a validation of its own added after theirs
        at_synth(worker, check.validate, last=True)


class _VisibilityCoversTimeout:
    """The check of :func:`check_visibility_at_synth` on the two L1s' properties (an
    ``add_property_override`` is not read: aws-cdk-lib keeps it out of reach)."""

    def __init__(
        self, queue: sqs.CfnQueue, function: lambda_.CfnFunction, factor: int, *, token: bool
    ) -> None:
        self._queue = queue
        self._function = function
        self._factor = factor
        self._token = token

    def validate(self) -> list[str]:
        return self._problems()

    def _problems(self) -> list[str]:
        timeout = template_properties(self._function).get("timeout")
        visibility = template_properties(self._queue).get("visibilityTimeout")
        if visibility is None:
            visibility = _defaults.SQS_DEFAULT_VISIBILITY_TIMEOUT_SECONDS
        if not is_number(timeout) or not is_number(visibility):
            return []  # a deploy-time value (or Lambda's default): nothing to compare
        needed = math.ceil(timeout * self._factor)
        if visibility >= needed:
            return []
        if visibility < timeout:
            why = (
                "Lambda refuses an event source mapping whose queue's visibility timeout is "
                "below the function's timeout, so the deploy would fail"
            )
        else:
            why = "messages would be redelivered while still being processed"
        margin = f"{self._factor}x " if self._factor != 1 else ""
        return [
            f"`visibility_timeout` is {visibility:g} seconds in the template (the queue "
            f"{self._queue.node.path}), less than {margin}the timeout of the function "
            f"{self._function.node.path} ({timeout:g} seconds there, so at least {needed}): "
            f"{why}. "
            + (
                "The worker's visibility_timeout or its function's timeout was given as a "
                "token (such as Lazy.number(...)), which its checks pass when it is built; it "
                "resolved only at synth. Fix: change what produces the token "
                f"so that the visibility timeout is at least {needed} seconds"
                if self._token
                else self._changed(needed)
            )
        ]

    def _changed(self, needed: int) -> str:
        return (
            "Something changed one of them after the QueueWorker was built (an "
            "Aspect, or an escape hatch on its CfnFunction or CfnQueue). Fix: set the timeout "
            "with Handler(timeout=...) or FunctionDefaults.of(scope).set(timeout=...) before "
            "building the worker (it sizes its queue from it), or have what changed it set "
            f"the queue's VisibilityTimeout to at least {needed} too, as the CfnQueue's "
            "visibility_timeout (this check reads the L1's properties: an "
            "add_property_override('VisibilityTimeout', ...) is not visible to it)"
        )
