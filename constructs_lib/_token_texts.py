"""A prop holding the text of a token that no construct of this process made: an encoding
typed by hand or copied from a printed token (``"${Token[Foo.1]}"`` in a Handler's
``environment``, a ScheduledJob's ``schedule``). It looks like a deploy-time value, so every
rule skips it, and aws-cdk-lib fails the synth on it with ``UnrecognizedTokenKey``, a jsii
trace naming no prop. A token only stands for a value in the process that made it: the
object is what to pass, not its text.

A deploy-time list's text (``CommaDelimitedList`` parameter's ``value_as_list``) where
one text goes, inside an f-string or as ``value_as_list[0]``, is aws-cdk-lib's
``EncodedListTokenInScalarContext`` at synth; among other items of a list,
``CannotAddElementsListToken``: both jsii traces naming no prop, told here with the
``Fn`` call that does what was meant."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Mapping
from typing import Any, cast

from aws_cdk import Tokenization
from constructs import Construct

from constructs_lib._cross_account_reads import string_tokens, value_parts
from constructs_lib._token_names import readable
from constructs_lib._validation import Validator
from constructs_lib.errors import Problem

__all__ = ["TokenTexts", "check_token_texts"]

#: How deep a prop's value is walked (a route's Handler's environment's value is at 4).
_DEPTH = 5
#: A string token's and a list token's encoding, by the key aws-cdk-lib's token map holds
#: (the key's characters as aws-cdk-lib's own regex, core/lib/private/encoding.ts).
_STRING_ENCODING = re.compile(r"\$\{Token\[([a-zA-Z0-9:._-]+)\]\}")
_LIST_ENCODING = re.compile(r"#\{Token\[([a-zA-Z0-9:._-]+)\]\}")


@dataclasses.dataclass
class TokenTexts:
    """The props :func:`check_token_texts` named, and what the other rules then say wrongly."""

    #: The props named (their other rules read a text they took for a deploy-time value).
    props: list[str] = dataclasses.field(default_factory=list)
    #: By list prop, how its rules quote each deploy-time list named among its items: a
    #: rule checking the items (``cors.expose_headers``' header names) reads the list's
    #: encoding as one item, and its problem of the whole list would be a second one.
    quoted: dict[str, set[str]] = dataclasses.field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.props)

    def said_of(self, problem: Problem) -> bool:
        """Whether ``problem`` (another rule's) is one of those: of a prop named here, or
        of a list quoting a deploy-time list named among its items."""
        quoted = self.quoted.get(problem.prop, ())
        return problem.prop in self.props or any(
            text in problem.message or text in problem.fix for text in quoted
        )


def check_token_texts(v: Validator, props: object) -> TokenTexts:
    """Adds a problem for each prop of ``props`` holding a token encoding this process's
    aws-cdk-lib does not know, or a list token's text where one text goes; returns what
    it named."""
    found = TokenTexts()
    named = found.props
    for field in dataclasses.fields(cast(Any, props)):
        value = getattr(props, field.name)
        for where, key, among, text in _unknown(value, field.name, _DEPTH, set()):
            if where in named:
                continue  # one problem per prop: its first unknown token names it
            if key is None:
                v.add(where, *(_AMONG_ITEMS if among else _IN_TEXT))
                if among:
                    _quoted_by_rules(found, v, where, text)
            else:
                v.add(
                    where,
                    f"holds the text of a token (Token[{key}]) that nothing in this app made: "
                    "a token's text stands for a value only in the process that made it, and "
                    "aws-cdk-lib fails the synth on any other (UnrecognizedTokenKey)",
                    "pass the token object itself (e.g. table.table_name, "
                    "Fn.import_value('Name') or CfnParameter(...).value_as_string), not its "
                    "printed text, or write the value out",
                )
            named.append(where)
    return found


def _quoted_by_rules(found: TokenTexts, v: Validator, item: str, encoding: str) -> None:
    """Remembers how a rule of the list holding ``item`` (``cors.expose_headers[0]``, a
    deploy-time list among other items) quotes its ``encoding``, as the rule's problem
    names it: ``'#{Token[TOKEN.5]}'`` is "a deploy-time list (Ref Headers)"."""
    quoted = found.quoted.setdefault(item.rpartition("[")[0], set())
    quoted.update(readable(text, v.scope) for text in (encoding, repr(encoding)))


#: A known list token's text where one text goes, and among a list's other items.
_IN_TEXT = (
    "holds a deploy-time list's text (value_as_list in an f-string, or value_as_list[0]) "
    "where one text goes: aws-cdk-lib fails the synth on a list token inside a string "
    "(EncodedListTokenInScalarContext)",
    "pass Fn.join(',', param.value_as_list) for the whole list as one text, or "
    "Fn.select(0, param.value_as_list) for one item (not value_as_list[0])",
)
_AMONG_ITEMS = (
    "holds a deploy-time list (value_as_list) among other items: aws-cdk-lib fails the "
    "synth on a list token given items (CannotAddElementsListToken)",
    "pass the deploy-time list alone, or join it with the other items into one: "
    "Fn.split(',', Fn.join(',', [Fn.join(',', param.value_as_list), 'other']))",
)


def _unknown(
    value: object, where: str, depth: int, seen: set[int], item_of: int = 0
) -> Iterator[tuple[str, str | None, bool, str]]:
    """(where, key, among, text) of each unknown token encoding in ``value`` (its strings,
    its mappings' keys, its value objects' fields), and the text holding it; a key of None
    for a known list token's text where one text goes (``among``: as an item of a list of
    ``item_of`` items, > 1)."""
    if depth < 0 or id(value) in seen or isinstance(value, Construct):
        return  # a construct (a link's target) was validated as it was made
    if isinstance(value, str):
        keys = _unknown_keys(value)
        yield from ((where, key, False, value) for key in keys)
        if not keys and _in_scalar_context(value, item_of):
            yield (where, None, item_of > 1, value)
        return
    seen.add(id(value))
    if isinstance(value, Mapping):
        for key in value:
            if isinstance(key, str):
                yield from ((where, k, False, key) for k in _unknown_keys(key))
    items = len(value) if isinstance(value, list | tuple) else 0
    for part, item in value_parts(value):  # an aws-cdk-lib struct's fields too
        yield from _unknown(item, where + part, depth - 1, seen, items)


def _in_scalar_context(text: str, item_of: int) -> bool:
    """Whether ``text`` holds a list token's encoding where aws-cdk-lib cannot resolve it:
    anywhere but as the one item of a list (what ``value_as_list`` is)."""
    if "#{Token[" not in text or not _LIST_ENCODING.search(text):
        return False
    return not (item_of == 1 and _LIST_ENCODING.fullmatch(text))


def _unknown_keys(text: str) -> list[str]:
    """The keys of the token encodings in ``text`` that aws-cdk-lib's token map does not
    hold (only a text with an encoding is asked of the jsii kernel, once: the other walks
    of the props ask the same)."""
    if "{Token[" not in text or _known(text):
        return []
    strings = [key for key in _STRING_ENCODING.findall(text) if not _known("${Token[" + key + "]}")]
    lists = [key for key in _LIST_ENCODING.findall(text) if not _known("#{Token[" + key + "]}")]
    return strings + lists


def _known(text: str) -> bool:
    try:
        string_tokens(text)  # raises for the first unknown string token
        for key in _LIST_ENCODING.findall(text):
            _list_token("#{Token[" + key + "]}")
    except RuntimeError:  # jsii: UnrecognizedTokenKey
        return False
    return True


@functools.lru_cache(maxsize=1024)
def _list_token(item: str) -> object:
    """The list token ``item`` encodes (a list token stands for the same list for the
    process's life)."""
    return Tokenization.reverse_list([item])
