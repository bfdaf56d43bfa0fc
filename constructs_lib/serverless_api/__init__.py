"""ServerlessApi: an HTTP API whose routes run Lambda functions, with an optional table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Final

from aws_cdk import Duration
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

import constructs_lib
from constructs_lib._arguments import checked_arguments
from constructs_lib._core import props_from, validated
from constructs_lib._core.alarm_attributes import ServerlessApiAlarms
from constructs_lib._core.read_only import ReadOnlyList, mapping_view
from constructs_lib._core.rollback import RouteRollbackAlarms
from constructs_lib._loaded import LazyModule
from constructs_lib._validation import Validator
from constructs_lib.deployment import Deployment
from constructs_lib.handler import Handler
from constructs_lib.links import Link
from constructs_lib.network import Network
from constructs_lib.serverless_api.api_monitoring import ApiMonitoring
from constructs_lib.serverless_api.auth import ApiAuth, authorizer_for
from constructs_lib.serverless_api.domain import ApiDomain, create_domain, domain_url
from constructs_lib.serverless_api.domain_prefixes import watch_domain_prefixes
from constructs_lib.serverless_api.http_api import (
    create_access_log_group,
    create_http_api,
    create_stage,
)
from constructs_lib.serverless_api.invoke_grants import grant_invoke
from constructs_lib.serverless_api.lambda_auth import authorizer_function
from constructs_lib.serverless_api.mapping import ApiDomainMapping
from constructs_lib.serverless_api.options import (
    AutoScaledCapacity,
    CorsPolicy,
    GlobalIndex,
    LocalIndex,
    TableOptions,
    Throttle,
)
from constructs_lib.serverless_api.props import ServerlessApiProps
from constructs_lib.serverless_api.route_arns import route_arn
from constructs_lib.serverless_api.route_authorizers import RouteAuthorizers, route_auths
from constructs_lib.serverless_api.route_count import check_resource_count
from constructs_lib.serverless_api.route_functions import RouteFunctions
from constructs_lib.serverless_api.route_timeouts import recheck_route_timeouts_at_synth
from constructs_lib.serverless_api.route_wiring import link_routes
from constructs_lib.serverless_api.routes import Route, TableAccess
from constructs_lib.serverless_api.table import create_table
from constructs_lib.serverless_api.table_grants import grant_table

if TYPE_CHECKING:
    from aws_cdk import aws_codedeploy as codedeploy
    from aws_cdk import aws_route53 as route53
    from aws_cdk import aws_sns as sns

else:  # imported on first use (typing.get_type_hints): importing this loads none
    codedeploy = LazyModule("aws_codedeploy")
    route53 = LazyModule("aws_route53")
    sns = LazyModule("aws_sns")

__all__ = [
    "ApiAuth",
    "ApiDomain",
    "ApiDomainMapping",
    "AutoScaledCapacity",
    "CorsPolicy",
    "GlobalIndex",
    "LocalIndex",
    "Route",
    "ServerlessApi",
    "ServerlessApiProps",
    "TableAccess",
    "TableOptions",
    "Throttle",
]

_RECORDS = "make your own records in your stack (ApiDomain(hosted_zone=...) makes these)"


class ServerlessApi(ServerlessApiAlarms, RouteRollbackAlarms, ApiMonitoring, Construct):
    """An HTTP API (API Gateway v2) whose routes run Lambda functions.

    Default settings: JSON access logs in a log group with finite retention; stage
    throttling (50 rps, burst 100); every route behind ``auth`` unless its
    ``Route(handler, public="<reason>")`` says why it answers anyone; CORS preflight answered
    by API Gateway (not the authorizer); each handler a function with the library's
    secure defaults, invoked through its ``live`` alias; an optional on-demand DynamoDB
    table with point-in-time recovery, RETAIN and deletion protection, its name in the
    functions' ``TABLE_NAME`` variable, read access for GET/HEAD routes and read/write
    for the others.

    :param routes: ``{"GET /todos": handler, "POST /todos": Route(handler, ...)}``; keys
        are ``"METHOD /path"`` (path parameters as ``{id}`` or ``{todo-id}``, greedy
        ``{proxy+}`` last) or ``"$default"``, known at synth. Equal handlers share one function.
    :param auth: required: ``ApiAuth.jwt(...)``, ``.cognito(...)``, ``.iam()``,
        ``.function(handler)`` (a Lambda authorizer) or ``.none(reason=...)``; the
        authorizer of every route but those with a ``Route(auth=...)`` of their own.
    :param table: create a table with these keys. Default: no table.
    :param existing_table: use this table instead (granted, named in ``TABLE_NAME``).
        Default: none (``table``'s, if given).
    :param cors: CORS policy. Default: none (same-origin or non-browser clients only).
    :param throttling: Default: ``Throttle()`` (50 rps, burst 100).
    :param domain: ``ApiDomain(name=, certificate=, hosted_zone=, base_path=)``: a regional
        custom domain (TLS 1.2, IPv4 and IPv6) mapped to the ``$default`` stage, with A and
        AAAA alias records when a hosted zone is given; ``disable_default_endpoint=True``
        turns the ``execute-api`` endpoint off; ``ApiDomainMapping(domain_name=other_api.
        domain_name, base_path=)`` maps the API onto a domain name that exists (several
        APIs on one host). Default: the ``execute-api`` endpoint only.
    :param network: run the functions in this Network (VPC). Default: no VPC.
    :param alarms: API 5xx rate >= 5 %, p99 latency >= 2 s, each function's errors and
        throttles. True: always; False: never. Default: when they have a destination
        (see Monitoring).
    :param alarm_topic: SNS topic the API's alarms notify, also a destination. Default:
        the stack's Monitoring topic only.
    :param deployment: ``Deployment.canary(...)`` etc. (see Deployment). Default: the
        scope's ``FunctionDefaults``, else at once.
    :param access_log_retention: how long the access log group keeps its logs, e.g.
        ``logs.RetentionDays.ONE_YEAR`` (as a function's ``log_retention``) or
        ``Duration.days(365)`` (as StaticSite's), a day count CloudWatch takes; never
        INFINITE. Default: the scope's ``FunctionDefaults`` ``log_retention``, else 30 days.
    """

    _given_by: ClassVar[Mapping[str, str]] = {"table": "existing_table"}

    table: Final[dynamodb.ITable | None]
    """The table the functions use, if any."""
    access_log_group: Final[logs.LogGroup]
    """Access log group of the API's default stage."""
    http_api: Final[apigwv2.HttpApi]
    """The HTTP API (L2); reach any setting the construct does not surface."""
    stage: Final[apigwv2.HttpStage]
    """The ``$default`` stage: throttled (routes with a ``throttle`` in its
    ``RouteSettings``), access-logged, auto-deployed."""
    domain_name: Final[apigwv2.IDomainName | None]
    """The custom domain name (regional, TLS 1.2; with ``ApiDomainMapping``, the one it
    maps onto), or None without ``domain``."""
    api_mapping: Final[apigwv2.ApiMapping | None]
    """The mapping of the domain (and ``base_path``) to the ``$default`` stage, or None."""
    records: Final[Sequence[route53.RecordSet]]
    """A and AAAA alias records for the domain (only with ``domain.hosted_zone``)."""
    url: Final[str]
    """The API's URL, ending in ``/``: ``https://{domain}/{base_path}/`` with a
    domain, else the ``execute-api`` URL (``stage.url``:
    ``https://{id}.execute-api.{region}.amazonaws.com/``)."""
    functions: Final[Mapping[str, lambda_.Function]]
    """The function serving each route, by route key."""
    aliases: Final[Mapping[str, lambda_.Alias]]
    """The ``live`` alias each route invokes, by route key."""
    authorizer: Final[apigwv2.IHttpRouteAuthorizer | None]
    """The ``auth``'s authorizer (None with ``ApiAuth.none``; each route's: ``authorizers``):
    pass it to a route you add to ``http_api`` yourself, or that route answers anyone."""
    authorizer_function: Final[lambda_.Function | None]
    """``ApiAuth.function``'s function (its own role, log group and ``live`` alias), or None."""
    authorizers: Final[Mapping[str, apigwv2.IHttpRouteAuthorizer | None]]
    """Each route's authorizer, by route key: its ``Route(auth=...)``'s, else ``authorizer``
    (None for a public route)."""
    authorizer_functions: Final[Mapping[str, lambda_.Function]]
    """The function of the Lambda authorizer of each route behind one (its own
    ``Route(auth=ApiAuth.function(...))``'s or the API's), by route key."""
    function_roles: Final[Mapping[str, iam.Role]]
    """Each route's function's execution role (``functions[route].role`` is typed
    ``IRole | None``), by route key."""
    security_groups: Final[Mapping[str, ec2.SecurityGroup | None]]
    """Each route's function's security group (None outside a Network), by route key."""
    deployment_groups: Final[Mapping[str, codedeploy.LambdaDeploymentGroup | None]]
    """Each route's function's CodeDeploy deployment group (None when it deploys all at
    once), by route key."""
    alarms: Final[Sequence[cloudwatch.Alarm]]
    """The construct's alarms: empty with ``alarms=False``, and while they have no
    destination (by default they are created once one is named: ``alarm_topic``, the
    stack's ``Monitoring`` topic or the app's context, also after the construct)."""

    @checked_arguments
    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        routes: Mapping[str, Handler | Route],
        auth: ApiAuth,
        table: TableOptions | None = None,
        existing_table: dynamodb.ITable | None = None,
        cors: CorsPolicy | None = None,
        throttling: Throttle | None = None,
        domain: ApiDomain | ApiDomainMapping | None = None,
        network: Network | None = None,
        alarms: bool | None = None,
        alarm_topic: sns.ITopic | None = None,
        deployment: Deployment | None = None,
        access_log_retention: Duration | logs.RetentionDays | None = None,
    ) -> None:
        props = props_from(ServerlessApiProps, locals())
        super().__init__(scope, id)
        validated(self, props)
        self.table = props.existing_table or (
            create_table(self, props.table) if props.table else None
        )
        self.access_log_group = create_access_log_group(self, props)
        own_auths = route_auths(self, props)  # read by CORS and the routes' authorizers
        self.http_api = create_http_api(self, props, own_auths)
        self.stage = create_stage(self, self.http_api, self.access_log_group, props.throttle)
        domain = props.domain
        created = create_domain(self, domain, self.http_api, self.stage) if domain else None
        self.domain_name = created.domain_name if created else None
        self.api_mapping = created.api_mapping if created else None
        self.records = ReadOnlyList(created.records if created else (), fix=_RECORDS)
        self.url = domain_url(domain) if domain else self.stage.url
        served = RouteFunctions(self)  # the functions serving the routes
        self.functions = mapping_view(served.functions)
        self.aliases = mapping_view(served.aliases)
        self._authorizer_core = authorizer_function(
            self, props.auth, props.network, props.deployment
        )
        self.authorizer = authorizer_for(self, props.auth, self._authorizer_core)
        self.authorizer_function = getattr(self._authorizer_core, "function", None)
        own = RouteAuthorizers(self, props, self.authorizer, self._authorizer_core, own_auths)
        self._route_authorizers = own
        self.authorizers = mapping_view(own.authorizers)
        self.authorizer_functions = mapping_view(own.functions)
        watch_domain_prefixes(self, props)  # its Cognito pools' hosted UI, at synth
        served.add(self, props, self.http_api, self.stage, self.table, own)
        self._cores = served.cores
        recheck_route_timeouts_at_synth(self, self.functions)
        self.function_roles = served.by_route("function_roles", lambda c: c.role)
        self.security_groups = served.by_route("security_groups", lambda c: c.security_group)
        self.deployment_groups = served.by_route("deployment_groups", lambda c: c.deployment_group)
        if self.table is not None:
            grant_table(self, self.table, props, self._cores)
        self.alarms = props.monitor(self, widgets=self._widgets, alarms=self._alarms)
        functions = len(self._cores) + len(self._route_authorizers.cores)
        check_resource_count(self, functions, len(self.functions))

    @checked_arguments
    def link(
        self, *targets: Link | constructs_lib.Linkable, routes: Sequence[str] | None = None
    ) -> None:
        """Links the functions of ``routes`` (route keys; default: every route's) to
        ``targets`` after construction, as ``Handler(links=...)`` does (grant + environment
        variable): for links both ways between two constructs, one side links after the
        other exists, e.g. ``api.link(worker, routes=["POST /orders"])``.

        :param targets: what the functions use, as in ``Handler(links=...)``.
        :param routes: route keys whose functions get the links. Default: every route's.
        """
        link_routes(Validator(self), self.functions, targets, routes)

    @checked_arguments
    def arn_for_route(
        self, route_key: str, *, path_parameters: Mapping[str, str] | None = None
    ) -> str:
        """The ARN a machine client's IAM policy grants ``execute-api:Invoke`` on to call
        the route ``route_key`` (behind ``ApiAuth.iam()``) on the ``$default`` stage:
        ``arn_for_route("GET /records/{id}")`` is ``{api}/$default/GET/records/*``, each
        path parameter a ``*`` as API Gateway checks the request's path (aws-cdk-lib's
        ``http_api.arn_for_execute_api`` keeps ``{id}``, which no request matches), ``ANY``
        the method ``*``. A ``*`` matches '/' too: a warning
        (``constructs_lib:routeArnCoversOtherRoutes``) names the API's other IAM routes the
        ARN lets the client call.

        :param route_key: a key of ``routes`` as written there, of a route behind
            ``ApiAuth.iam()`` (the API's ``auth`` or its own ``Route(auth=...)``).
        :param path_parameters: the values the client's requests carry in some of the
            route's parameters, by name (``{"partner": "acme"}``:
            ``.../GET/partners/acme/orders/*``), so a client calls its own part of the
            route only. Default: every parameter a ``*``.
        """
        return route_arn(self, route_key, path_parameters)

    @checked_arguments
    def grant_invoke(
        self,
        grantee: iam.IGrantable,
        *route_keys: str,
        path_parameters: Mapping[str, str] | None = None,
        reason: str | None = None,
    ) -> iam.Grant:
        """Grants ``grantee`` (a role, user or function of this app: the machine client)
        ``execute-api:Invoke`` on exactly the ARNs ``arn_for_route`` gives for
        ``route_keys``, in one statement of its policy, and acknowledges cdk-nag's
        AwsSolutions-IAM5 findings of that statement (each path parameter's ``*``) on that
        policy alone: ``api.grant_invoke(role, "GET /records/{id}")``.

        :param route_keys: keys of ``routes`` as written there, of routes behind
            ``ApiAuth.iam()``; at least one.
        :param path_parameters: as ``arn_for_route``'s, for every route key (each a
            parameter of each route). Default: every parameter a ``*``.
        :param reason: why this client may call those routes, in the acknowledgement.
            Default: a reason naming the routes and what each ``*`` stands for.
        """
        return grant_invoke(self, grantee, route_keys, path_parameters, reason)
