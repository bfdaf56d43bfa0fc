"""What the local deployment really created, and with which settings, read back with boto3.

Everything is driven by the synthesized templates (``cdk.out``): the resources a template
declares are looked up by the physical IDs CloudFormation reports, and each setting is
compared with the template's value, so a template change needs no edit here. A setting
the emulator is known to drop (:data:`EMULATOR_DROPS`) is listed, not failed; any other
difference fails.
"""

from __future__ import annotations

from botocore.exceptions import ClientError, ParamValidationError

from tools.local import settings_api, settings_data, settings_functions
from tools.local.deployed import (
    EMULATOR_DROPS,
    PSEUDO,
    Clients,
    Outcome,
    Resource,
    iter_resources,
    resolve,
    retained,
    stack_resources,
)
from tools.local.probes import NOT_A_RESOURCE, PROBES, exists

# the checks' parts: deployed.py (the resources, their clients, the outcome), probes.py
# (existence), settings_*.py (each resource type's settings); callers import them from here
__all__ = [
    "EMULATOR_DROPS",
    "NOT_A_RESOURCE",
    "PROBES",
    "PSEUDO",
    "SETTINGS",
    "Clients",
    "Outcome",
    "Resource",
    "check_settings",
    "exists",
    "iter_resources",
    "resolve",
    "retained",
    "stack_resources",
]

SETTINGS = {**settings_functions.SETTINGS, **settings_data.SETTINGS, **settings_api.SETTINGS}


def check_settings(clients: Clients, resources: dict[str, Resource], outcome: Outcome) -> None:
    for r in resources.values():
        checker = SETTINGS.get(r.type)
        if checker is None or r.physical_id is None:
            continue
        where = f"{r.stack}/{r.logical_id}"
        try:
            checker(clients, r, resources, outcome, where)
        except (
            ClientError,
            ParamValidationError,
            KeyError,
            IndexError,
            TypeError,
            ValueError,
        ) as exc:
            outcome.failed.append(f"{where}: {type(exc).__name__}: {exc}")
