"""Environment variables that look like they hold a secret itself (pure, no aws_cdk).

A name holds a secret when its last words say so (``DB_PASSWORD``, ``GITHUB_TOKEN``,
``STRIPE_API_KEY``, ``dbPassword``); a name ending in another word names where a secret is
or a setting about it (``DB_SECRET_ARN``, ``API_KEY_SECRET_NAME``, ``TOKEN_TABLE``,
``PASSWORD_MIN_LENGTH``, ``MAX_TOKENS``) and is left alone. Only literal values count:
the caller skips deploy-time values (tokens), and a value that names a secret rather
than holding it (an ARN, a CloudFormation dynamic reference), an empty one and a switch
(``true``, ``off``, ``1``) are not secrets.
"""

from __future__ import annotations

from collections.abc import Mapping

from constructs_lib._words import name_words

__all__ = ["literal_secret_names", "looks_secret"]

#: The last words of a variable holding a secret (upper case, in order).
_ENDINGS = (
    ("PASSWORD",),
    ("PASSWD",),
    ("PASSPHRASE",),
    ("SECRET",),
    ("TOKEN",),
    ("CREDENTIALS",),
    ("APIKEY",),
    ("API", "KEY"),
    ("PRIVATE", "KEY"),
    ("SECRET", "KEY"),
    ("SECRET", "ACCESS", "KEY"),
    ("SIGNING", "KEY"),
)
#: Those a browser's own may hold (Firebase's `apiKey`, a Mapbox public token): a page's
#: config names them without giving a secret away.
_PUBLIC_IN_A_BROWSER = frozenset({("TOKEN",), ("APIKEY",), ("API", "KEY")})
#: Values that switch something rather than hold a secret (``USE_TOKEN=true``,
#: ``REQUIRE_TOKEN=1``).
_SWITCHES = frozenset({"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "0", "1"})
#: Values that name a secret held elsewhere: an ARN, a CloudFormation dynamic reference.
_REFERENCES = ("arn:", "{{resolve:")


def looks_secret(name: str, *, in_a_browser: bool = False) -> bool:
    """``name``'s last words are those of a secret (``DB_PASSWORD``; not ``DB_SECRET_ARN``);
    ``in_a_browser``: a key of a page's config, where API keys and tokens may be public."""
    words = tuple(word.upper() for word in name_words(name))
    return any(
        words[-len(ending) :] == ending
        for ending in _ENDINGS
        if not (in_a_browser and ending in _PUBLIC_IN_A_BROWSER)
    )


def literal_secret_names(environment: Mapping[object, object]) -> list[str]:
    """The names of ``environment`` (literal values only) whose value looks like a secret."""
    return [
        name
        for name, value in environment.items()
        if isinstance(name, str)
        and isinstance(value, str)
        and looks_secret(name)
        and value.strip() != ""
        and value.strip().lower() not in _SWITCHES
        and not value.strip().startswith(_REFERENCES)
    ]
