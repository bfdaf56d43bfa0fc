"""High-level AWS CDK constructs for serverless applications, secure and $0 at idle.

Every public name is imported on first use (PEP 562): ``from constructs_lib import
QueueWorker`` loads the queue worker and what it needs, not the aws_cdk modules of the
other constructs (CloudFront, API Gateway, Scheduler, ...).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from constructs_lib._arguments import checked_arguments
    from constructs_lib.bucket_events import BucketEvents
    from constructs_lib.checks import acknowledge, enable_checks
    from constructs_lib.deployment import Deployment
    from constructs_lib.errors import BundlingError, ConstructError, ConstructsLibError, Problem
    from constructs_lib.event_handler import EventHandler
    from constructs_lib.function_defaults import FunctionDefaults
    from constructs_lib.handler import Handler
    from constructs_lib.links import Link, Linkable
    from constructs_lib.monitoring import Monitoring
    from constructs_lib.network import Network
    from constructs_lib.queue_worker import QueueWorker
    from constructs_lib.scheduled_job import ScheduledJob
    from constructs_lib.serverless_api import (
        ApiAuth,
        ApiDomain,
        ApiDomainMapping,
        AutoScaledCapacity,
        CorsPolicy,
        GlobalIndex,
        LocalIndex,
        Route,
        ServerlessApi,
        TableAccess,
        TableOptions,
        Throttle,
    )
    from constructs_lib.static_site import StaticSite, security_headers
    from constructs_lib.stream_worker import StreamWorker

#: Each public name and the module that defines it.
_MODULES: dict[str, str] = {
    "ApiAuth": "serverless_api",
    "ApiDomain": "serverless_api",
    "ApiDomainMapping": "serverless_api",
    "AutoScaledCapacity": "serverless_api",
    "BucketEvents": "bucket_events",
    "Deployment": "deployment",
    "EventHandler": "event_handler",
    "FunctionDefaults": "function_defaults",
    "GlobalIndex": "serverless_api",
    "acknowledge": "checks",
    "checked_arguments": "_arguments",
    "enable_checks": "checks",
    "BundlingError": "errors",
    "ConstructError": "errors",
    "ConstructsLibError": "errors",
    "CorsPolicy": "serverless_api",
    "Handler": "handler",
    "Link": "links",
    "Linkable": "links",
    "LocalIndex": "serverless_api",
    "Monitoring": "monitoring",
    "Network": "network",
    "Problem": "errors",
    "QueueWorker": "queue_worker",
    "Route": "serverless_api",
    "ScheduledJob": "scheduled_job",
    "ServerlessApi": "serverless_api",
    "StaticSite": "static_site",
    "StreamWorker": "stream_worker",
    "TableAccess": "serverless_api",
    "TableOptions": "serverless_api",
    "Throttle": "serverless_api",
    "security_headers": "static_site",
}

#: The release (semantic versioning, see CHANGELOG.md); pyproject.toml reads it from here.
#: Between releases a development version above the last release (``0.4.0.dev0`` after
#: 0.3.0): a wheel built from main must not carry the last release's number, or ``pip
#: install`` of it over that release keeps the old code ("already installed").
__version__ = "0.4.0.dev0"

__all__ = [
    "ApiAuth",
    "ApiDomain",
    "ApiDomainMapping",
    "AutoScaledCapacity",
    "BucketEvents",
    "BundlingError",
    "ConstructError",
    "ConstructsLibError",
    "CorsPolicy",
    "Deployment",
    "EventHandler",
    "FunctionDefaults",
    "GlobalIndex",
    "Handler",
    "Link",
    "Linkable",
    "LocalIndex",
    "Monitoring",
    "Network",
    "Problem",
    "QueueWorker",
    "Route",
    "ScheduledJob",
    "ServerlessApi",
    "StaticSite",
    "StreamWorker",
    "TableAccess",
    "TableOptions",
    "Throttle",
    "__version__",
    "acknowledge",
    "checked_arguments",
    "enable_checks",
    "security_headers",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
