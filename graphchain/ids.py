"""Check characters of Chinese registration numbers.

* 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters over the
  31-character alphabet ``0-9 A-H J-N P-R T U W-Y`` (no I, O, S, V, Z); the 18th is a check
  character over the first 17 (weights ``3**i mod 31``). Characters 9-17 are the
  organisation code of GB 11714-1997, which carries its own check character (the 17th).
* 居民身份证号码 (citizen identity number, GB 11643-1999): 6-digit region code, birth date
  ``YYYYMMDD``, 3-digit sequence (odd = male), and a check character ``0-9`` or ``X`` (ISO 7064
  MOD 11-2).

>>> id_number_check_char("11010519491231002")
'X'
>>> is_valid_id_number("11010519491231002X")
True
>>> is_valid_id_number("110105194912310021")
False
>>> credit_code_check_char("91350100M000100Y4")
'3'
>>> is_valid_credit_code("91350100M000100Y43")
True
>>> is_valid_credit_code("91350100M000100Y44")
False
>>> org_code_check_char("D2143569")
'X'
"""

from __future__ import annotations

from datetime import date

import numpy as np

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_ALPHABET)}
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_DIGITS = frozenset("0123456789")

# First two digits of a region code: provinces of GB/T 2260 (+ 83 for residence permits of
# Taiwan residents; 71/81/82 appear on some permits too).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
    "71 81 82 83".split()
)


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 characters are given.

    >>> credit_code_check_char("91110108MA01A2B3C")
    'F'
    """
    if len(first17) != 17:
        raise ValueError("need the first 17 characters")
    total = 0
    for ch, w in zip(first17.upper(), CREDIT_WEIGHTS, strict=True):
        v = _CREDIT_VALUE.get(ch)
        if v is None:
            raise ValueError(f"character {ch!r} is not allowed in a credit code")
        total += v * w
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(s: str) -> bool:
    """True when ``s`` is 18 allowed characters with the right GB 32100-2015 check character.

    Lower case is accepted (``.upper()``); surrounding spaces are not.

    >>> is_valid_credit_code("91110108MA01A2B3CF")
    True
    >>> is_valid_credit_code("91110108ma01a2b3cf")
    True
    >>> is_valid_credit_code("91110108MA01A2B3C")
    False
    >>> is_valid_credit_code("91110108MA01A2B3CI")
    False
    """
    if not isinstance(s, str) or len(s) != 18:
        return False
    s = s.upper()
    if any(ch not in _CREDIT_VALUE for ch in s):
        return False
    return credit_code_check_char(s[:17]) == s[17]


def org_code_check_char(first8: str) -> str:
    """Check character of a GB 11714 organisation code (characters 9-17 of a credit code).

    >>> org_code_check_char("12345678")
    '8'
    """
    if len(first8) != 8:
        raise ValueError("need the first 8 characters")
    total = 0
    for ch, w in zip(first8.upper(), ORG_WEIGHTS, strict=True):
        if ch in _DIGITS:
            v = ord(ch) - 48
        elif "A" <= ch <= "Z":
            v = ord(ch) - 55
        else:
            raise ValueError(f"character {ch!r} is not allowed in an organisation code")
        total += v * w
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def id_number_check_char(first17: str) -> str:
    """The 18th character of a 身份证号 whose first 17 digits are given.

    >>> id_number_check_char("44052418800101001")
    '4'
    """
    if len(first17) != 17 or any(ch not in _DIGITS for ch in first17):
        raise ValueError("need the first 17 digits")
    total = 0
    for ch, w in zip(first17, ID_WEIGHTS, strict=True):
        total += (ord(ch) - 48) * w
    return ID_CHECK[total % 11]


def is_valid_id_number(s: str) -> bool:
    """True for an 18-character 身份证号 with a known province code, a real birth date
    (1900-01-01 up to today) and the right check character (``x`` accepted for ``X``).

    >>> is_valid_id_number("440524188001010014")
    False
    >>> is_valid_id_number("11010519491231002x")
    True
    >>> is_valid_id_number("110105194902301234")
    False
    """
    if not isinstance(s, str) or len(s) != 18:
        return False
    body, check = s[:17], s[17].upper()
    if any(ch not in _DIGITS for ch in body) or not (check in _DIGITS or check == "X"):
        return False
    if body[:2] not in PROVINCE_CODES:
        return False
    try:
        born = date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        return False
    if born.year < 1900 or born > date.today():
        return False
    return id_number_check_char(body) == check


_ID_WEIGHTS_NP = np.array(ID_WEIGHTS, dtype=np.int64)
_ID_CHECK_BYTES = np.frombuffer(ID_CHECK.encode("ascii"), dtype=np.uint8)
_PROVINCE_OK = np.zeros(100, dtype=bool)
_PROVINCE_OK[[int(p) for p in PROVINCE_CODES]] = True
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


ID_BLOCK = 1 << 16  # numbers checked as one array (1 MB of digits)


def valid_id_numbers(values: list[str]) -> list[bool]:
    """:func:`is_valid_id_number` of every string, computed on whole arrays (the same answers:
    tests/test_ids.py compares both on valid, mistyped and malformed numbers), a block of
    :data:`ID_BLOCK` strings at a time: the digits of a million numbers as one array would take
    hundreds of MB while a bundle is typed.

    >>> valid_id_numbers(["11010519491231002X", "11010519491231002x", "110105194912310021", "1"])
    [True, True, False, False]
    """
    out = np.zeros(len(values), dtype=bool)
    for start in range(0, len(values), ID_BLOCK):
        block = values[start : start + ID_BLOCK]
        whole = _joined_18(block)
        if whole is not None:  # as almost always: every value a string of 18 ASCII characters, checked at once
            out[start : start + len(block)] = _valid_18(np.frombuffer(whole, dtype=np.uint8).reshape(-1, 18))
            continue
        # candidates: 18 ASCII characters (anything else fails the scalar test too)
        pos = [i for i, s in enumerate(block) if isinstance(s, str) and len(s) == 18 and s.isascii()]
        if pos:
            out[start + np.asarray(pos, dtype=np.intp)] = _valid_18(
                np.frombuffer("".join(block[i] for i in pos).encode("ascii"), dtype=np.uint8).reshape(-1, 18))
    return out.tolist()


def _joined_18(block: list) -> bytes | None:
    """The values' bytes end to end when every value is a string of 18 ASCII characters, else None."""
    if set(map(type, block)) != {str} or set(map(len, block)) != {18}:
        return None
    whole = "".join(block)
    return whole.encode("ascii") if whole.isascii() else None


def _valid_18(a: np.ndarray) -> np.ndarray:
    """:func:`is_valid_id_number` of each row of ``a``: 18 ASCII bytes a row."""
    body = a[:, :17].astype(np.int64) - 48
    last = a[:, 17]
    last = np.where(last == ord("x"), ord("X"), last)
    ok = ((body >= 0) & (body <= 9)).all(axis=1) & (((last >= 48) & (last <= 57)) | (last == ord("X")))
    body = np.where(ok[:, None], body, 0)
    ok &= _PROVINCE_OK[body[:, 0] * 10 + body[:, 1]]
    year = body[:, 6] * 1000 + body[:, 7] * 100 + body[:, 8] * 10 + body[:, 9]
    month = body[:, 10] * 10 + body[:, 11]
    day = body[:, 12] * 10 + body[:, 13]
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    good_month = (month >= 1) & (month <= 12)
    days = _MONTH_DAYS[np.where(good_month, month, 0)] + ((month == 2) & leap)
    today = date.today()
    ymd = year * 10_000 + month * 100 + day
    ok &= good_month & (day >= 1) & (day <= days) & (year >= 1900)
    ok &= ymd <= today.year * 10_000 + today.month * 100 + today.day
    ok &= _ID_CHECK_BYTES[(body @ _ID_WEIGHTS_NP) % 11] == last
    return ok
