"""The library's defaults: every default value (``values``) and the typed builders that
apply them (``builders``). Nothing else in the library holds a default literal."""

from constructs_lib._defaults.builders import *  # noqa: F403
from constructs_lib._defaults.builders import __all__ as _builders
from constructs_lib._defaults.values import *  # noqa: F403
from constructs_lib._defaults.values import __all__ as _values

__all__ = [*_values, *_builders]
