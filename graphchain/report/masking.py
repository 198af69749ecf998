"""Mask personal numbers (身份证号, phones, bank accounts, wage accounts) in everything we show.

Reports travel: they are printed, e-mailed and attached to case files. So every view masks by
default and only an explicit ``unmask=True`` shows the numbers in full.

Two layers, because numbers hide in more places than their own columns:

1. every value of a column that schema.py marks ``personal`` (on any node or edge of the graph,
   and the values of shared Identifier nodes of those kinds) is replaced wherever it occurs
   in any text — a complaint text, a finding summary, a ring signal;
2. anything that *looks like* such a number (18-digit 身份证号, 11-digit mobile, 12–19 digit
   account, landline with area code) is masked too, so a number the graph does not know
   (say, typed into a claim text) does not slip through; also when written in groups with
   spaces or dashes (``6228 4800 0000 1231``, ``139-0000-0001``, ``+86 139 0000 0001``).

Masking keeps the first 3 and last 4 characters (``138****8000``); 身份证号 keep the first 4
(the region) and last 4 (``1101**********002X``), as analysts are used to from 12345 tickets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

import networkx as nx

from ..schema import PERSONAL_COLUMNS
from ..util import edge_items, mask_value

__all__ = ["PERSONAL_COLUMNS", "Masker", "mask_value"]

# Not between letters or digits: "电话13800138000" must match (CJK is a word character to \w,
# so \b would not do), "K13800138000X7" must not.
_L, _R = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
_PATTERNS = [
    ("id_number", re.compile(_L + r"\d{17}[\dXx]" + _R)),
    ("id_number", re.compile(_L + r"\d{15}" + _R)),  # first-generation 身份证号
    ("phone", re.compile(_L + r"(?:\+?86[- ]?)?1[3-9]\d{9}" + _R)),
    ("bank_account", re.compile(_L + r"\d{12,19}" + _R)),
    ("phone", re.compile(_L + r"0\d{2,3}-\d{7,8}" + _R)),  # landline with area code
    # The same numbers as people write them, grouped by spaces or dashes. Only the usual groupings,
    # so that dates (2024-01-15) and lists of amounts are left alone.
    ("id_number", re.compile(_L + r"\d{6}[- ]\d{8}[- ]\d{3}[\dXx]" + _R)),  # 110105 19491231 002X
    ("phone", re.compile(_L + r"(?:\+?86[- ]?)?1[3-9]\d[- ]\d{4}[- ]\d{4}" + _R)),  # +86 139-0000-0001
    ("bank_account", re.compile(_L + r"\d{4}(?:[- ]\d{4}){2,3}(?:[- ]\d{1,4})?" + _R)),  # 6228 4800 0000 1231
    ("phone", re.compile(_L + r"0\d{2,3}[- ]\d{3,4}[- ]\d{4}" + _R)),  # 010 6512 3456
]


_ANY = re.compile(r"\d{4}")
_MIN_DIGITS = 10  # the fewest digits (\d: str.isdecimal) a match of _PATTERNS holds: 0\d{2,3}-\d{7,8}


def _masked(kind: str, m: re.Match) -> str:
    return mask_value(m.group(0), kind)


class Masker:
    """Masks the personal numbers of one graph in any text; a no-op when ``unmask`` is true."""

    def __init__(self, G: nx.MultiDiGraph | None = None, unmask: bool = False,
                 extra: Iterable[tuple[str, str]] = ()):
        self.unmask = unmask
        known: dict[str, str] = {}
        if G is not None:
            for _, d in G.nodes(data=True):
                self._collect(d, known)
                if d.get("label") == "Identifier" and d.get("kind") in PERSONAL_COLUMNS:
                    known[str(d["value"])] = mask_value(d["value"], d["kind"])
            for *_, d in edge_items(G):
                self._collect(d, known)
        for kind, value in extra:
            known[str(value)] = mask_value(value, kind)
        known = {k: v for k, v in known.items() if len(k) >= 5}  # a 3-char value would mask half the text
        # Known values are found by lookup, not by one regex alternation of all of them: sre tries every
        # alternative at every position, which made masking cost (texts × values), quadratic in a big
        # project. A known value lies within a run of the characters known values are made of; at each
        # position of such a run the longest known value starting there is replaced, left to right —
        # what the alternation (longest first) did.
        self._map = known
        self._lengths = sorted({len(k) for k in known}, reverse=True)
        chars = sorted(set("".join(known)))
        self._runs = re.compile("[" + "".join(map(re.escape, chars)) + "]{5,}") if chars else None
        self._done: dict[str, str] = {}  # the same text (a name, an amount) is masked once

    @staticmethod
    def _collect(d: dict, known: dict[str, str]) -> None:
        if PERSONAL_COLUMNS.isdisjoint(d):  # most records (payments, employment): one C-level check
            return
        for col in PERSONAL_COLUMNS:
            v = d.get(col)
            if v is None or v == "":
                continue
            for item in v if isinstance(v, list) else [v]:
                known[str(item)] = mask_value(item, col)

    def text(self, value: object) -> str:
        """The text with every personal number in it masked."""
        s = "" if value is None else str(value)
        if self.unmask or not s:
            return s
        done = self._done.get(s)
        if done is None:
            done = self._done[s] = self._mask(s)
        return done

    def _mask(self, s: str) -> str:
        if self._runs is not None:
            s = self._known(s)
        # every pattern needs four digits in a row and ten in all (a landline): most texts (ids, dates,
        # "payments.csv:123") have fewer, and nine regex scans per distinct text are most of the cost
        if _ANY.search(s) is None or sum(map(str.isdecimal, s)) < _MIN_DIGITS:
            return s
        for kind, pattern in _PATTERNS:
            s = pattern.sub(partial(_masked, kind), s)
        return s

    def _known(self, s: str) -> str:
        """``s`` with every known value replaced by its masked form (longest first, left to right)."""
        assert self._runs is not None
        out: list[str] = []
        last = 0
        find, lengths = self._map.get, self._lengths
        for m in self._runs.finditer(s):
            i, end = m.span()
            while i < end:
                for n in lengths:
                    if n <= end - i:
                        hit = find(s[i:i + n])
                        if hit is not None:
                            out += (s[last:i], hit)
                            i = last = i + n
                            break
                else:
                    i += 1
        return "".join(out) + s[last:] if out else s

    __call__ = text

    def value(self, key: str, value: object) -> object:
        """One attribute value: personal columns masked whole, other text scanned, numbers kept."""
        if self.unmask or value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, list | tuple):
            return [self.value(key, v) for v in value]
        if key in PERSONAL_COLUMNS:
            return mask_value(value, key)
        return self.text(value)

    def attrs(self, d: dict) -> dict:
        return {k: self.value(k, v) for k, v in d.items()}

    def deep(self, obj: object) -> object:
        """Mask every string inside nested dicts and lists (e.g. a whole findings document)."""
        if self.unmask:
            return obj
        if isinstance(obj, dict):
            return {k: (mask_value(v, k) if k in PERSONAL_COLUMNS and isinstance(v, str) else self.deep(v))
                    for k, v in obj.items()}
        if isinstance(obj, list | tuple):
            return [self.deep(v) for v in obj]
        if isinstance(obj, str):
            return self.text(obj)
        return obj
