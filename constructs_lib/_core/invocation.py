"""How a trigger invokes a function, and what that means for cdk-nag's Lambda rules."""

from __future__ import annotations

from enum import Enum

from constructs_lib import _nag, _nag_streams

__all__ = ["Invocation"]


class Invocation(Enum):
    """The invocation mode of a function's trigger.

    cdk-nag's Serverless pack asks every function for a dead-letter queue and an on-failure
    destination; whether either applies depends on how the function is invoked, so the
    mode picks the acknowledgements (each with its reason) in ``_nag``.
    """

    #: API Gateway waits for the answer: a failure is returned to the caller.
    SYNCHRONOUS = "synchronous"
    #: Scheduler / EventBridge: Lambda queues the event; failures go to an on-failure
    #: destination that the trigger construct wires.
    ASYNCHRONOUS = "asynchronous"
    #: An SQS event source mapping: the queue's redrive policy dead-letters failures.
    POLLED = "polled"
    #: A DynamoDB stream event source mapping: its on-failure destination records failures.
    STREAM = "stream"
    #: CodeDeploy runs a lifecycle hook during a deployment: a failure fails the deployment.
    DEPLOYMENT_HOOK = "deployment_hook"

    @property
    def acknowledgements(self) -> tuple[tuple[str, str], ...]:
        return {
            Invocation.SYNCHRONOUS: (_nag.SYNC_NO_DLQ, _nag.SYNC_NO_FAILURE_DESTINATION),
            Invocation.ASYNCHRONOUS: (_nag.ASYNC_FAILURE_DESTINATION_INSTEAD_OF_DLQ,),
            Invocation.DEPLOYMENT_HOOK: (_nag.HOOK_NO_DLQ, _nag.HOOK_NO_FAILURE_DESTINATION),
            Invocation.POLLED: (
                _nag.POLLED_NO_DLQ,
                _nag.POLLED_NO_FAILURE_DESTINATION,
                _nag.SQS_ESM_NO_DESTINATION,
            ),
            Invocation.STREAM: (
                _nag_streams.STREAM_NO_DLQ,
                _nag_streams.STREAM_NO_FAILURE_DESTINATION,
            ),
        }[self]
