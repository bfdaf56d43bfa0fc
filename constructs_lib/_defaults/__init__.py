"""The library's defaults: every default value (``values``, StreamWorker's in ``streams``)
and the typed builders that apply them (``builders``). Nothing else in the library holds
a default literal."""

from typing import TYPE_CHECKING

from constructs_lib._defaults import values
from constructs_lib._defaults.builders import *  # noqa: F403
from constructs_lib._defaults.builders import __all__ as _builders
from constructs_lib._defaults.streams import *  # noqa: F403
from constructs_lib._defaults.streams import __all__ as _streams
from constructs_lib._defaults.values import *  # noqa: F403
from constructs_lib._defaults.values import __all__ as _values

if TYPE_CHECKING:
    from constructs_lib._defaults.values import BUCKET_EVENT_TYPES as BUCKET_EVENT_TYPES
    from constructs_lib._defaults.values import (
        SITE_MINIMUM_PROTOCOL_VERSION as SITE_MINIMUM_PROTOCOL_VERSION,
    )
    from constructs_lib._defaults.values import SITE_PRICE_CLASS as SITE_PRICE_CLASS

__all__ = [*_values, *_streams, *_builders, *values.ENUM_DEFAULTS]


def __getattr__(name: str) -> object:
    """The defaults that are aws-cdk-lib enum members, loaded on first use (see values)."""
    return values.__getattr__(name)
