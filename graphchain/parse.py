"""Value parsers for bundle cells: dates, amounts, booleans, enums.

Each parser takes the raw cell text and returns the canonical value, or raises
``ValueError`` with a message fit to show the analyst (in Chinese and English).

>>> parse_date("2024年3月5日"), parse_amount("12.5万"), parse_bool("是")
('2024-03-05', 125000.0, True)
"""

from __future__ import annotations

import re
from datetime import date

from .schema import ENUMS

_DATE_RES = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
)


def parse_date(text: str) -> str:
    """ISO ``YYYY-MM-DD`` from ``2024-03-05``, ``2024/3/5`` or ``2024年3月5日``."""
    s = text.strip()
    for rx in _DATE_RES:
        m = rx.match(s)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return date(y, mo, d).isoformat()
            except ValueError:
                break
    raise ValueError(f"not a date (日期格式应为 YYYY-MM-DD): {text!r}")


_AMOUNT_RE = re.compile(r"^(?:¥|￥)?\s*(\d+(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万|万元|元|亿)?$")
_PLAIN_AMOUNT_RE = re.compile(r"\d+(?:\.\d+)?")  # the common case: digits, maybe a decimal part
_UNIT = {None: 1, "元": 1, "万": 10_000, "万元": 10_000, "亿": 100_000_000}


def parse_amount(text: str) -> float:
    """Yuan from ``1234.5``, ``1,234.50`` or ``12.5万``; negative amounts are errors."""
    if _PLAIN_AMOUNT_RE.fullmatch(text):
        return round(float(text), 2)
    s = text.strip()
    if s.startswith("-"):
        raise ValueError(f"negative amount (金额不能为负): {text!r}")
    m = _AMOUNT_RE.match(s)
    if not m:
        raise ValueError(f"not an amount (金额格式错误): {text!r}")
    return round(float(m.group(1).replace(",", "")) * _UNIT[m.group(2)], 2)


_TRUE = {"true", "1", "是", "yes", "y", "t", "有", "1.0"}
_FALSE = {"false", "0", "否", "no", "n", "f", "无", "0.0"}


def parse_bool(text: str) -> bool:
    s = text.strip().lower()
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


def parse_number(text: str) -> float:
    try:
        v = float(text.strip().replace(",", ""))
    except ValueError:
        raise ValueError(f"not a number (应为数字): {text!r}") from None
    if v < 0:
        raise ValueError(f"negative number (不能为负): {text!r}")
    return v
