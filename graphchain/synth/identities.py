"""Ids and identifiers: names, 统一社会信用代码, 身份证号, phones, bank accounts and addresses.

Every value is drawn from the one seeded ``random.Random`` and is unique in the bundle (``taken``),
so no two agents share an identifier unless a scenario makes them (rings, hubs, fellow villagers).
The hot draws use ``rng.random()`` directly: several times faster than ``choice()``.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from itertools import count

from ..ids import ID_CHECK, ID_WEIGHTS, credit_code_check_char, org_code_check_char
from .vocabulary import BANK_PREFIX, CORP_BANK, GIVEN, MOBILE2, SURNAMES, TOWNS, VILLAGE_END

# surnames weighted by rank: the first hundred from 60 down by 0.5, the rest 8
_SURNAME_CUM: list[float] = []
for _i in range(len(SURNAMES)):
    _SURNAME_CUM.append((_SURNAME_CUM[-1] if _SURNAME_CUM else 0) + (60 - _i * 0.5 if _i < 100 else 8))
_SURNAME_TOTAL = _SURNAME_CUM[-1]
_NGIVEN = len(GIVEN)
_NMOBILE2 = len(MOBILE2)
_NBANK = len(BANK_PREFIX)
_NTOWNS = len(TOWNS)
_NVEND = len(VILLAGE_END)
# 身份证号 pieces: birth dates 1962-01-01 + 0..14999 days, with their weighted digit sums
_BIRTHS = [f"{date(1962, 1, 1) + timedelta(days=i):%Y%m%d}" for i in range(15000)]
_NBIRTHS = len(_BIRTHS)
_BIRTH_SUMS = [sum(int(c) * w for c, w in zip(b, ID_WEIGHTS[6:14], strict=True)) for b in _BIRTHS]
_SEQ_SUMS = [sum(int(c) * w for c, w in zip(f"{i:03d}", ID_WEIGHTS[14:17], strict=True)) for i in range(1000)]
_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@cache
def _region_sum(region: str) -> int:
    return sum(int(c) * w for c, w in zip(region, ID_WEIGHTS[:6], strict=True))


class Identities:
    """Seeded, unique ids and identifiers (the base of the generator's builder)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.counters: dict[str, count] = {}
        self.taken: set[str] = set()  # phones, accounts, id numbers, credit codes, addresses, names

    def nid(self, prefix: str, width: int) -> str:
        """The next id of a kind: ``nid("K", 6)`` → K000001, K000002, …"""
        c = self.counters.get(prefix)
        if c is None:
            c = self.counters[prefix] = count(1)
        return f"{prefix}{next(c):0{width}d}"

    def uniq(self, make: Callable[[], str]) -> str:
        """A value of make() not drawn before."""
        while True:
            v = make()
            if v not in self.taken:
                self.taken.add(v)
                return v

    def person_name(self) -> str:
        rnd = self.rng.random
        s = SURNAMES[bisect_right(_SURNAME_CUM, rnd() * _SURNAME_TOTAL)]
        g = GIVEN[int(rnd() * _NGIVEN)]
        if rnd() < 0.7:
            return s + g + GIVEN[int(rnd() * _NGIVEN)]
        return s + g

    def phone(self) -> str:
        rnd = self.rng.random
        return self.uniq(lambda: f"1{MOBILE2[int(rnd() * _NMOBILE2)]}{int(rnd() * 1e9):09d}")

    def bank(self) -> str:
        rnd = self.rng.random
        return self.uniq(lambda: f"{BANK_PREFIX[int(rnd() * _NBANK)]}{int(rnd() * 1e15):015d}")

    def corp_bank(self) -> str:
        r = self.rng
        n = r.choice((12, 14, 15))
        return self.uniq(lambda: f"{r.choice(CORP_BANK)}{r.randrange(10**n):0{n}d}")

    def id_number(self, region: str) -> str:
        """A valid 身份证号 of someone born in region (6-digit code) in 1962-2003."""
        rnd = self.rng.random
        base = _region_sum(region)

        def make() -> str:
            i = int(rnd() * _NBIRTHS)
            seq = int(rnd() * 1000)
            total = base + _BIRTH_SUMS[i] + _SEQ_SUMS[seq]
            return f"{region}{_BIRTHS[i]}{seq:03d}{ID_CHECK[total % 11]}"

        return self.uniq(make)

    def credit_code(self, region: str) -> str:
        """A valid 统一社会信用代码 of a company registered in region."""
        r = self.rng

        def make() -> str:
            org = "MA" + "".join(r.choice(_CODE_ALPHABET) for _ in range(6))
            body = f"91{region}{org}{org_code_check_char(org)}"
            return body + credit_code_check_char(body)

        return self.uniq(make)

    def home_address(self, prefix: str) -> str:
        """A village address under a 户籍 prefix (省市县)."""
        rnd = self.rng.random
        return self.uniq(
            lambda: f"{prefix}{TOWNS[int(rnd() * _NTOWNS)]}{SURNAMES[int(rnd() * 40)]}"
                    f"{VILLAGE_END[int(rnd() * _NVEND)]}村{1 + int(rnd() * 299)}号"
        )

    def split(self, total: int, k: int, unit: int = 100) -> list[int]:
        """k positive parts summing to total (parts rounded to unit, the last takes the rest)."""
        if k <= 1 or total < k * unit * 2:
            return [total]
        r = self.rng
        w = [r.uniform(0.6, 1.4) for _ in range(k)]
        s = sum(w)
        parts = [max(unit, int(total * x / s) // unit * unit) for x in w[:-1]]
        rest = total - sum(parts)
        if rest <= 0:
            return [total]
        return parts + [rest]
