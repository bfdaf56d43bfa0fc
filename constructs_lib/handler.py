"""Handler: how a Lambda function's code and settings are given to a construct."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Literal

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs

import constructs_lib
from constructs_lib import _defaults
from constructs_lib._arguments import checked_arguments, checked_init
from constructs_lib._facts import seconds_of
from constructs_lib._jsii import is_unresolved
from constructs_lib._prop_types import OWN_RULE, RECHECKED
from constructs_lib.links import Link, link_identity

__all__ = ["Handler"]


@checked_init
@dataclass(frozen=True)
class Handler:
    """A Lambda function's code and settings.

    Pass the same Handler (or an equal one) to several routes or triggers and the
    construct builds one function for all of them.

    :param code: directory holding the handler's code. A ``requirements.txt`` there is
        installed into the asset for Linux ARM64 without Docker (boto3 is not bundled:
        the runtime provides it). For a container image, the Dockerfile's directory
        (see :meth:`from_image`).
    :param entry: ``"module.function"`` inside ``code``. Default: ``"app.handler"``.
    :param memory_mib: memory in MiB, 128..10240. Default: the scope's
        ``FunctionDefaults``, else 256.
    :param timeout: 1 second..15 minutes. Default: the scope's ``FunctionDefaults``,
        else 10 seconds.
    :param ephemeral_storage_mib: size of the function's ``/tmp`` in MiB, 512..10240, a
        number like ``memory_mib`` (``2048``, not ``Size.gibibytes(2)``). Default: the
        scope's ``FunctionDefaults``, else Lambda's 512 (not written into the template).
    :param environment: extra environment variables, on top of the scope's
        ``FunctionDefaults`` (the Handler's win). Names are known at synth; values may be
        deploy-time values (``table.table_name``). Default: none.
    :param reserved_concurrency: reserved concurrent executions, 0..10000. 0 switches the
        function off: every invocation is throttled (a synth warning on the construct says
        what its callers get). Lambda keeps 100 of the account's concurrency unreserved, so
        with the default quota of 1,000 a stack's functions reserving more than 900 in all
        warn. Default: none (the account's unreserved pool).
    :param provisioned_concurrency: execution environments Lambda keeps initialized on the
        ``live`` alias (no cold start for that many concurrent requests), 1..10000 and at
        most ``reserved_concurrency`` when that is set; billed every hour, idle or not.
        Default: none (on-demand only).
    :param endpoints: AWS services the code calls from inside a Network (VPC), which get
        an interface endpoint, e.g. ``["sqs", "secretsmanager"]``; see
        ``constructs_lib.network.INTERFACE_SERVICES``. S3 and DynamoDB use free gateway
        endpoints and X-Ray is added for tracing: do not list them. Default: none.
    :param name: construct ID of the function. Default: the entry's function name in
        PascalCase (``"list_todos"`` -> ``"ListTodos"``). Part of the logical IDs: keep it
        stable once deployed.
    :param powertools: add AWS's Powertools for AWS Lambda (Python) v3 layer for the
        function's region, runtime and architecture, with ``POWERTOOLS_SERVICE_NAME`` (a
        route's function id, or the id of the construct running the function) and
        ``POWERTOOLS_METRICS_NAMESPACE`` (the stack name).
        Default: the scope's ``FunctionDefaults``, else False (no layer).
    :param runtime: the Python version, ``"3.12"``, ``"3.13"`` or ``"3.14"``, or
        aws-cdk-lib's ``lambda_.Runtime.PYTHON_3_12`` (``_3_13``, ``_3_14``), the same
        (dependencies are bundled for it). Default: the scope's ``FunctionDefaults``, else
        ``"3.14"``, the newest; an older one is your choice, acknowledged for cdk-nag with
        that reason. Lambda's identifier (``"python3.13"``) is that version too.
    :param architecture: ``"arm64"`` or ``"x86_64"``, or ``lambda_.Architecture.ARM_64``
        (``X86_64``), the same (dependencies are bundled for it). Default: the scope's
        ``FunctionDefaults``, else ``"arm64"`` (Graviton, cheaper per GB-second).
    :param log_retention: how long the function's log group keeps its logs, e.g.
        ``logs.RetentionDays.ONE_YEAR`` or ``Duration.days(365)``, one of the day counts
        CloudWatch takes, never ``INFINITE``. Default: the scope's ``FunctionDefaults``,
        else 30 days.
    :param deployment: how a deploy moves this function's ``live`` alias, e.g.
        ``Deployment.canary(percent=10, minutes=5)``. Default: the construct's
        ``deployment``, else the scope's ``FunctionDefaults``, else all at once.
    :param links: what the function uses: each target gets a least-privilege grant and an
        environment variable naming it, e.g. ``links=[worker, table, Link.read(bucket)]``
        (see :class:`constructs_lib.Link` for the targets, accesses and names). Default:
        none.
    :param image: ``code`` is a container image's build context (see :meth:`from_image`).
        Default: False (a zip of ``code``).
    :param cmd: a container image's command (see :meth:`from_image`). Default (also
        ``None`` or ``[]``): the Dockerfile's ``CMD``.
    :param include: shared code outside ``code`` that the function imports: package
        directories (a monorepo's ``libs/common/common``, the directory ``import common``
        finds) or single ``.py`` modules, each copied into the asset's root under its own
        name next to the code, as the code directory's own files are (caches and
        ``tests`` left out), so ``import common`` works on Lambda as it does in the
        tests. Relative paths are resolved from the working directory, as ``code`` is.
        An edit of an included file changes the asset (the function redeploys). Each
        name must be free in the code directory and among the requirements' packages.
        A Handler's only: a scope's ``FunctionDefaults`` have none. Default: none.
    """

    code: str | os.PathLike[str]
    entry: str = _defaults.HANDLER_ENTRY
    # RECHECKED: a number token in the sizes is checked on the template at synth
    # (_core.sizes_recheck, provisioned_recheck), a fraction included
    memory_mib: int | None = field(default=None, metadata=RECHECKED)
    timeout: Duration | None = None
    environment: Mapping[str, str] = field(default_factory=dict)
    reserved_concurrency: int | None = field(default=None, metadata=RECHECKED)
    endpoints: Sequence[str] = ()
    name: str | None = None
    powertools: bool | None = None
    runtime: str | lambda_.Runtime | None = None
    architecture: str | lambda_.Architecture | None = None
    log_retention: logs.RetentionDays | Duration | None = None
    deployment: constructs_lib.Deployment | None = None
    # check_links checks them (its messages name each target), so the annotation checker
    # leaves them: checking the annotation would import every kind of target
    links: Sequence[Link | constructs_lib.Linkable] = field(default=(), metadata=OWN_RULE)
    image: bool = False
    cmd: Sequence[str] | None = ()
    # last: a Handler built with positional arguments keeps its meaning
    ephemeral_storage_mib: int | None = field(default=None, metadata=RECHECKED)
    # checked by check_include (its messages name each path)
    include: Sequence[str | os.PathLike[str]] = field(default=(), metadata=OWN_RULE)
    provisioned_concurrency: int | None = field(default=None, metadata=RECHECKED)

    def __post_init__(self) -> None:
        # any os.PathLike is a path, as StaticSite's source is (an app's own path class, a
        # library's): the rules and the bundling read a pathlib.Path, and str() of another
        # PathLike is its repr, no path
        object.__setattr__(self, "code", _as_path(self.code))
        include = self.include
        if isinstance(include, list | tuple) and any(_as_path(i) is not i for i in include):
            converted = [_as_path(i) for i in include]
            object.__setattr__(
                self, "include", converted if isinstance(include, list) else tuple(converted)
            )

    @classmethod
    @checked_arguments
    def from_image(
        cls,
        directory: str | os.PathLike[str],
        *,
        cmd: Sequence[str] | None = (),
        memory_mib: int | None = None,
        timeout: Duration | None = None,
        ephemeral_storage_mib: int | None = None,
        environment: Mapping[str, str] | None = None,
        reserved_concurrency: int | None = None,
        provisioned_concurrency: int | None = None,
        endpoints: Sequence[str] = (),
        name: str | None = None,
        architecture: str | lambda_.Architecture | None = None,
        log_retention: logs.RetentionDays | Duration | None = None,
        deployment: constructs_lib.Deployment | None = None,
        links: Sequence[Link | constructs_lib.Linkable] = (),
        runtime: None = None,
        powertools: Literal[False] | None = None,
        entry: None = None,
        include: None = None,
    ) -> Handler:
        """A function whose code is a container image built from ``directory``'s
        Dockerfile (at publish time, by ``cdk deploy``: synth needs no Docker), with the
        same defaults as any function: its own role, log group, JSON logs, X-Ray, the
        ``live`` alias, alarms and deployment.

        :param directory: the directory holding the ``Dockerfile`` (its build context).
        :param cmd: the image's command, e.g. ``["app.handler"]``. Default: the
            Dockerfile's ``CMD``.
        :param memory_mib: as Handler's. Default: ``FunctionDefaults``, else 256.
        :param timeout: as Handler's. Default: ``FunctionDefaults``, else 10 seconds.
        :param ephemeral_storage_mib: as Handler's. Default: ``FunctionDefaults``, else
            Lambda's 512 (not written into the template).
        :param environment: as Handler's. Default: none (``FunctionDefaults``' only).
        :param reserved_concurrency: as Handler's. Default: none.
        :param provisioned_concurrency: as Handler's. Default: none.
        :param endpoints: as Handler's. Default: none.
        :param name: as Handler's. Default: ``"Handler"`` (from the default entry).
        :param architecture: as Handler's; the image is built for it. Default:
            ``FunctionDefaults``, else ``"arm64"``.
        :param log_retention: as Handler's. Default: ``FunctionDefaults``, else 30 days.
        :param deployment: as Handler's. Default: the construct's, else
            ``FunctionDefaults``, else all at once.
        :param links: as Handler's. Default: none.
        :param runtime: does not apply (typed ``None``): the Dockerfile's base image
            picks Python. Default: None; any value is a ConstructError.
        :param powertools: does not apply: layers do not work with images. Default: None;
            True is a ConstructError.
        :param entry: does not apply (typed ``None``): ``cmd`` says what runs. Default:
            None; any value is a ConstructError.
        :param include: does not apply (typed ``None``): the Dockerfile copies the shared
            code the image needs (``COPY``). Default: None; a non-empty one is a
            ConstructError.
        """
        # every setting is named here (not **settings) so that type checkers and IDEs
        # know them; runtime, powertools and entry stay so that the construct's rule names
        # them with their fix
        settings = dict(locals())
        del settings["cls"], settings["directory"]
        settings["entry"] = _defaults.HANDLER_ENTRY if entry is None else entry
        settings["environment"] = {} if environment is None else environment
        settings["include"] = () if include is None else include
        return cls(code=directory, image=True, **settings)

    @property
    def module(self) -> str:
        """The module part of ``entry`` (``"app"`` of ``"app.handler"``)."""
        return self.entry.rpartition(".")[0]

    @property
    def function_name(self) -> str:
        """The function part of ``entry`` (``"handler"`` of ``"app.handler"``)."""
        return self.entry.rpartition(".")[2]

    @property
    def construct_id(self) -> str:
        """The id of the function's construct: ``name``, else ``function_name`` in
        PascalCase (``"list_todos"`` -> ``"ListTodos"``)."""
        if self.name:
            return self.name
        return "".join(part.capitalize() for part in self.function_name.split("_") if part)

    @checked_arguments  # public: a stray argument names the method, not a TypeError
    def key(self) -> tuple[object, ...]:
        """Identity used to share one function between equal handlers.

        Duration is a jsii object without value equality, hence the explicit tuple.
        Computed once per Handler (reading the timeout is a call into the jsii kernel). A
        construct compares the keys of resolved handlers (FunctionDefaults filled in).
        """
        cached: tuple[object, ...] | None = self.__dict__.get("_key")
        if cached is None:
            cached = self._compute_key()
            object.__setattr__(self, "_key", cached)  # frozen: a cache, not a field
        return cached

    def _compute_key(self) -> tuple[object, ...]:
        return (
            str(Path(self.code).resolve()),
            self.entry,
            self.memory_mib,
            _seconds(self.timeout),
            tuple(sorted(self.environment.items())),
            self.reserved_concurrency,
            tuple(sorted(self.endpoints)),
            self.name,
            self.powertools,
            _setting_key(self.runtime),
            _setting_key(self.architecture),
            _setting_key(self.log_retention),
            self.deployment.key() if self.deployment is not None else None,
            tuple(link_identity(link) for link in self.links),
            self.image,
            tuple(self.cmd) if isinstance(self.cmd, list | tuple) else self.cmd,
            self.ephemeral_storage_mib,
            _include_key(self.include),
            self.provisioned_concurrency,
        )


def _as_path(value: object) -> object:
    """``value`` as a ``Path`` when it is an ``os.PathLike`` of a text path that is none;
    anything else as given (the rules name what is wrong with it)."""
    if not isinstance(value, os.PathLike) or isinstance(value, PurePath):
        return value
    try:
        path = os.fspath(value)
    except Exception:
        return value
    return Path(path) if isinstance(path, str) else value


def _include_key(include: object) -> object:
    """The included paths as the function gets them (resolved, in any order); what the
    rules refuse (a token, a bare string) keeps its identity."""
    if isinstance(include, list | tuple) and all(isinstance(i, str | Path) for i in include):
        return tuple(sorted(str(Path(i).resolve()) for i in include))
    return id(include)


def _setting_key(value: object) -> object:
    """aws-cdk-lib's values by what they hold (jsii objects have no value equality): a
    Duration by its seconds, a runtime or architecture by its name."""
    if isinstance(value, Duration):
        return _seconds(value)
    if isinstance(value, lambda_.Runtime | lambda_.Architecture):
        return (type(value).__name__, value.name)
    return value


def _seconds(timeout: Duration | None) -> object:
    if isinstance(timeout, Duration) and not is_unresolved(timeout):
        return seconds_of(timeout)
    return id(timeout) if timeout is not None else None
