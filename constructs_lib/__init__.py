"""High-level AWS CDK constructs for serverless applications, secure and $0 at idle."""

from constructs_lib.bucket_events import BucketEvents
from constructs_lib.checks import acknowledge, enable_checks
from constructs_lib.deployment import Deployment
from constructs_lib.errors import BundlingError, ConstructError, ConstructsLibError, Problem
from constructs_lib.event_handler import EventHandler
from constructs_lib.handler import Handler
from constructs_lib.monitoring import Monitoring
from constructs_lib.network import Network
from constructs_lib.queue_worker import QueueWorker
from constructs_lib.scheduled_job import ScheduledJob
from constructs_lib.serverless_api import (
    ApiAuth,
    CorsPolicy,
    GlobalIndex,
    Route,
    ServerlessApi,
    TableAccess,
    TableOptions,
    Throttle,
)
from constructs_lib.static_site import StaticSite, security_headers

#: The release (semantic versioning, see CHANGELOG.md); pyproject.toml reads it from here.
__version__ = "0.2.0"

__all__ = [
    "ApiAuth",
    "BucketEvents",
    "BundlingError",
    "ConstructError",
    "ConstructsLibError",
    "CorsPolicy",
    "Deployment",
    "EventHandler",
    "GlobalIndex",
    "Handler",
    "Monitoring",
    "Network",
    "Problem",
    "QueueWorker",
    "Route",
    "ScheduledJob",
    "ServerlessApi",
    "StaticSite",
    "TableAccess",
    "TableOptions",
    "Throttle",
    "__version__",
    "acknowledge",
    "enable_checks",
    "security_headers",
]
