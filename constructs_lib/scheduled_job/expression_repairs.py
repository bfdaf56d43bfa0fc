"""The expression a schedule Scheduler refuses was meant to be, where that is sure, so the
fix is the exact expression to write: the kind in capitals (``RATE(5 minutes)``) or
without its parentheses (``rate 5 minutes``), a Unix crontab line or a cron of 5 fields
(``0 3 * * *``), a Quartz cron with a seconds field (7 fields), a rate's value written
another way (``+5``, ``1.5``, ``1,5``, ``1_000``, ``five``) or its unit in seconds, weeks or
another language (``30 Sekunden``, ``2 weeks``, ``5 minutos``), a one-time schedule with a
space, no seconds or a zone (``at(2030-01-31 09:00)``, ``...Z``).

Pure Python, as ``expressions``, which calls these where its own rule fails."""

from __future__ import annotations

import re
from typing import NamedTuple

from constructs_lib._words import counted

__all__ = ["meant_at", "meant_cron", "meant_form", "repaired_rate"]

# the kind in any case, with or without its parentheses (a closing one may be missing)
_FORM = re.compile(r"^(cron|rate|at)\s*(?:\((.*?)\)?|\s(.+))\Z", re.IGNORECASE | re.DOTALL)
_CRON_CHARACTERS = re.compile(r"^[0-9A-Za-z*?,/#\-]+\Z")
_EVERY = re.compile(r"^every\s+(?:(\S+)\s+)?([A-Za-z]+)\Z", re.IGNORECASE)

#: Each unit a rate may be meant in, as people and other tools write it (lowercase, in
#: English and the languages apps are written in most), by its unit and how many of
#: Scheduler's units (minutes, hours, days) one is.
_UNIT_WORDS = {
    ("second", 1): "s sec secs second seconds sekunde sekunden seconde secondes segundo "
    "segundos secondo secondi",
    ("minute", 1): "m min mins minute minutes minuten minuut minuto minutos minuti",
    ("hour", 1): "h hr hrs hour hours stunde stunden uur uren heure heures hora horas ora ore",
    ("day", 1): "d day days tag tage dag dagen jour jours dia dias día días giorno giorni",
    ("day", 7): "w wk wks week weeks woche wochen semaine semaines semana semanas settimana "
    "settimane",
    ("month", 1): "month months monat monate mois mes meses",
    ("year", 1): "year years jahr jahre an ans año años",
}
_UNITS = {word: meant for meant, words in _UNIT_WORDS.items() for word in words.split()}


class Meant(NamedTuple):
    """The expression meant, and why the one given is not it (or when it runs)."""

    expression: str
    why: str


_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WORDS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15}
#: How many of the next smaller unit one is, to write a fraction whole (1.5 hours).
_SMALLER = {"day": ("hour", 24), "hour": ("minute", 60)}


def meant_form(expression: str) -> tuple[str, str, str] | None:
    """(what is wrong, kind, body) for an expression not written ``kind(body)`` whose
    kind and body are still clear; None otherwise."""
    text = expression.strip()
    found = _FORM.match(text)
    if found is not None:
        kind, body = found[1], found[2] if found[2] is not None else found[3]
        why = []
        if kind != kind.lower():
            why.append(f"{kind!r} must be lowercase")
        if found[2] is not None and not text[len(kind)].startswith("("):
            why.append(f"it has a space after {kind.lower()!r}")
        if found[3] is not None:
            why.append("its value must be in parentheses")
        elif not text.endswith(")"):
            why.append("it has no closing ')'")
        return (", and ".join(why), kind.lower(), body.strip()) if why else None
    fields = text.split()
    if len(fields) in (5, 6) and all(_CRON_CHARACTERS.match(field) for field in fields):
        return "a cron's fields must be in 'cron(...)'", "cron", text
    every = _EVERY.match(text)
    if every is not None:  # 'every 5 minutes', 'every hour'
        return "a rate is written 'rate(value unit)'", "rate", f"{every[1] or 1} {every[2]}"
    return None


def meant_rate(value_text: str, unit: str) -> Meant | None:
    """(what is wrong, the rate to write) for a rate whose value or unit is written
    another way, where one rate means the same; None where none does."""
    value = _number(value_text)
    meant = _UNITS.get(unit.lower())
    if value is None or meant is None:
        return None
    name, factor = meant
    plain = str(value) == value_text and value == int(value)
    wrong = [] if plain else [_value_wrong(value_text, value)]
    if unit not in (name, f"{name}s") or name not in ("minute", "hour", "day"):
        wrong.append(f"{unit!r} is not a unit of Scheduler's (minutes, hours or days)")
    if name in ("month", "year"):
        return None  # a month has no fixed length: a cron says which day
    if name == "second":
        if value % 60:
            return None  # less than Scheduler's shortest, or no whole minute
        name, value = "minute", value // 60
    value *= factor
    while value != int(value) and name in _SMALLER:  # 1.5 hours: 90 minutes
        name, value = _SMALLER[name][0], value * _SMALLER[name][1]
    if value != int(value) or value < 1:
        return None
    return Meant(expression=f"rate({counted(int(value), name)})", why="; ".join(wrong))


def _value_wrong(text: str, value: float) -> str:
    if text.startswith("-"):
        return f"the value {text!r} is negative: a rate counts units from one run to the next"
    if text.startswith("+"):
        return f"the value {text!r} has a sign; Scheduler reads digits only"
    if value != int(value):
        return f"the value {text!r} is not a whole number"
    return f"the value {text!r} is not written in plain digits"


def meant_period(value_text: str, unit: str) -> Meant | None:
    """The cron of a rate in months or a year (``rate(1 month)``: 00:00 on the 1st), and
    when it runs."""
    meant = _UNITS.get(unit.lower())
    value = _number(value_text)
    if meant is None or value is None or value != int(value) or value < 1:
        return None
    if meant[0] == "month":
        cron = "cron(0 0 1 * ? *)" if value == 1 else f"cron(0 0 1 */{int(value)} ? *)"
        return Meant(expression=cron, why="00:00 on the 1st")
    if meant[0] == "year" and value == 1:
        return Meant(expression="cron(0 0 1 1 ? *)", why="00:00 on 1 January")
    return None


def _number(text: str) -> float | None:
    """The number ``text`` stands for: ``+5``, ``-5`` (meant as 5), ``1.5``, ``1,5``
    (a decimal comma), ``1,000`` and ``1_000`` (thousands), ``five``; None otherwise."""
    if text.lower() in _WORDS:
        return _WORDS[text.lower()]
    plain = text.lstrip("+-").replace("_", "")
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", plain):
        plain = plain.replace(",", "")
    plain = plain.replace(",", ".")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", plain):
        return None
    number = float(plain)
    return int(number) if number == int(number) else number


def meant_cron(values: list[str]) -> tuple[str, list[str]] | None:
    """(what is wrong, the six fields) for a cron of 5 fields (a Unix crontab line, or
    EventBridge's without the year) or 7 (Quartz's, a seconds field first); None
    otherwise. Unix numbers Sunday 0 (and 7), EventBridge 1."""
    if len(values) == 7 and values[0] == "0":
        return "with a seconds field first (Quartz, Spring)", values[1:]
    if len(values) != 5:
        return None
    if "?" in (values[2], values[4]):  # EventBridge's, without the year
        return "without the year", [*values, "*"]
    minutes, hours, day_of_month, month, day_of_week = values
    if day_of_week == "*":
        day_of_week = "?"
    elif day_of_month == "*":
        day_of_month = "?"
        if re.fullmatch(r"[0-7](-[0-7])?(,[0-7](-[0-7])?)*", day_of_week):
            day_of_week = re.sub(r"[0-7]", lambda d: str(int(d[0]) % 7 + 1), day_of_week)
        elif not re.fullmatch(r"[A-Za-z,\-]+", day_of_week):
            return None  # a step or a mix: not sure which days Unix meant
    else:
        return None  # both days given: EventBridge takes one of them
    fields = [minutes, hours, day_of_month, month, day_of_week, "*"]
    return "as a Unix crontab line (no year, no '?' day, Sunday 0)", fields


def meant_at(body: str) -> str | None:
    """The ``yyyy-mm-ddThh:mm:ss`` a one-time schedule's ``body`` means: with a space
    for the 'T', without seconds (or with a fraction), a date alone (midnight), a 'Z'
    (the zone is the timezone prop's); None otherwise."""
    found = re.fullmatch(
        r"\s*([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}:[0-9]{2})(:[0-9]{2})?(?:\.[0-9]+)?)?"
        r"Z?\s*",
        body,
    )
    if found is None:
        return None
    date, time, seconds = found.groups()
    return f"{date}T{time or '00:00'}{seconds or ':00'}"


def repaired_rate(value_text: str, unit: str) -> tuple[str, str] | None:
    """(message, fix) of a rate another rate (or, for months, a cron) means exactly."""
    if (meant := meant_rate(value_text, unit)) is not None:
        return meant.why, f"write '{meant.expression}'"
    if (period := meant_period(value_text, unit)) is not None:
        cron, when = period.expression, period.why
        return (
            f"{unit!r} is not a unit; a rate is in minutes, hours or days, and a {unit.rstrip('s')}"
            "'s length varies",
            f"write {cron!r} ({when}, in timezone)",
        )
    return None
