"""Value parsers for bundle cells: dates, amounts, booleans, enums.

Each parser takes the raw cell text and returns the canonical value, or raises
``ValueError`` with a message fit to show the analyst (in Chinese and English). Full-width
digits and punctuation (``１２３４``, ``２０２４／３／５``) are read as their ASCII forms (NFKC); digits
of other scripts are errors. Dates lie between 1949-01-01 and a year from today; amounts are finite
and at most 10 万亿元 (1e13 yuan), other numbers at most 1e9.

>>> parse_date("2024年3月5日"), parse_amount("12.5万"), parse_bool("是")
('2024-03-05', 125000.0, True)
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from .schema import ENUMS

_DATE_RES = (
    re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})$"),
    re.compile(r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日$"),
    re.compile(r"^([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})$"),
)
EARLIEST = date(1949, 1, 1)  # no record of a construction project here is older than the PRC
MAX_AMOUNT = 1e13  # yuan: 10 万亿, beyond any single contract or payment
MAX_NUMBER = 1e9


def _ascii(text: str) -> str:
    """Full-width forms as ASCII (NFKC); plain ASCII text, the common case, is left as it is."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def parse_date(text: str) -> str:
    """ISO ``YYYY-MM-DD`` from ``2024-03-05``, ``2024/3/5`` or ``2024年3月5日``, between 1949 and a year
    from today (later ones are typing errors such as 2204)."""
    s = _ascii(text).strip()
    for rx in _DATE_RES:
        m = rx.match(s)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                day = date(y, mo, d)
            except ValueError:
                break
            if day < EARLIEST or day > date.today() + timedelta(days=366):
                raise ValueError(f"date out of range 1949 .. a year from today (日期超出合理范围): {text!r}")
            return day.isoformat()
    raise ValueError(f"not a date (日期格式应为 YYYY-MM-DD): {text!r}")


_AMOUNT_RE = re.compile(r"^¥?\s*([0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)\s*(万|万元|元|亿)?$")
_PLAIN_AMOUNT_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")  # the common case: digits, maybe a decimal part
_UNIT = {None: 1, "元": 1, "万": 10_000, "万元": 10_000, "亿": 100_000_000}


def parse_amount(text: str) -> float:
    """Yuan from ``1234.5``, ``1,234.50`` or ``12.5万``; negative amounts and amounts above
    :data:`MAX_AMOUNT` are errors."""
    if _PLAIN_AMOUNT_RE.fullmatch(text):
        v = round(float(text), 2)
    else:
        s = _ascii(text).strip()
        if s.startswith("-"):
            raise ValueError(f"negative amount (金额不能为负): {text!r}")
        m = _AMOUNT_RE.match(s)
        if not m:
            raise ValueError(f"not an amount (金额格式错误): {text!r}")
        v = round(float(m.group(1).replace(",", "")) * _UNIT[m.group(2)], 2)
    if not v <= MAX_AMOUNT:  # also inf: 400 nines make a float infinity
        raise ValueError(f"amount above 1e13 yuan (金额超出合理范围): {text[:40]!r}")
    return v


_TRUE = {"true", "1", "是", "yes", "y", "t", "有", "1.0"}
_FALSE = {"false", "0", "否", "no", "n", "f", "无", "0.0"}


def parse_bool(text: str) -> bool:
    s = _ascii(text).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"not a boolean (应为 是/否, true/false): {text!r}")


def _enum_lookup() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for name, values in ENUMS.items():
        m: dict[str, str] = {}
        for canonical, aliases in values.items():
            m[canonical.lower()] = canonical
            for a in aliases:
                m[a.lower()] = canonical
        out[name] = m
    return out


_ENUM = _enum_lookup()


def parse_enum(name: str, text: str) -> str:
    """Canonical enum value from its English or Chinese spelling."""
    try:
        return _ENUM[name][text.strip().lower()]
    except KeyError:
        allowed = ", ".join(sorted(ENUMS[name]))
        raise ValueError(f"unknown value {text!r} (应为 {allowed} 或对应中文)") from None


def parse_list(name: str, text: str) -> list[str]:
    """A ``;``-separated list of enum values (also ``；``, ``、`` and ``,``)."""
    parts = [p for p in re.split(r"[;；、,，]", text) if p.strip()]
    return sorted({parse_enum(name, p) for p in parts})


def parse_count(text: str) -> int:
    """A whole number ≥ 0 (a head count such as a collective claim's ``workers``)."""
    v = parse_number(text)
    if v != int(v):
        raise ValueError(f"not a whole number (应为整数): {text!r}")
    return int(v)


_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?|-?\.[0-9]+")


def parse_number(text: str) -> float:
    """A finite number from 0 to :data:`MAX_NUMBER` (``nan``, ``inf`` and ``1e400`` are errors)."""
    s = _ascii(text).strip().replace(",", "")
    if not _NUMBER_RE.fullmatch(s):
        raise ValueError(f"not a number (应为数字): {text[:40]!r}")
    v = float(s)
    if v < 0:
        raise ValueError(f"negative number (不能为负): {text!r}")
    if not math.isfinite(v) or v > MAX_NUMBER:
        raise ValueError(f"number above 1e9 (数值超出合理范围): {text[:40]!r}")
    return v


# The value types of schema columns, by name: a column's ``type`` names one of these, or a family
# with its enumeration (``enum:contract_type``, ``list:qualification``).
PARSERS: dict[str, Callable[[str], object]] = {
    "date": parse_date,
    "amount": parse_amount,
    "bool": parse_bool,
    "float": parse_number,
    "int": parse_count,
}
FAMILIES: dict[str, Callable[[str, str], object]] = {"enum": parse_enum, "list": parse_list}


def parser(kind: str) -> Callable[[str], object]:
    """The parser of a column type.

    >>> parser("amount")("12.5万"), parser("enum:party_kind")("个人")
    (125000.0, 'individual')
    """
    family, _, name = kind.partition(":")
    if name:
        return partial(FAMILIES[family], name)
    return PARSERS[kind]
