"""Who is who across raw exports: mentions of parties and persons grouped into entities.

A *mention* is one name as one row of one export gives it, with whatever strong keys that row carries
(统一社会信用代码, 身份证号, bank account, phone). Entities are built in this order:

1. strong keys: mentions sharing a credit code or 身份证号 are one entity; mentions sharing an account or
   a phone too, when their names agree (a worker's phone lent to a relative is a ring signal, not a merge);
2. safe names (data-format.md "Raw exports"): names equal after NFKC (full/half width), removing spaces,
   unifying brackets, moving the region (北京… / …（北京）…) and writing 有限责任公司 as 有限公司;
3. the analyst's judgements (``judgements.csv``): "same" merges, "different" keeps apart;
4. what still looks alike (a fuzzy score in the configured band, blocked by character bigrams so no
   quadratic loop) goes to ``review.csv``: both records side by side, with the reasons.

Two entities with different credit codes or different 身份证号 are never merged, by any step.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from ..analysis.names import CITIES, PROVINCES, NameIndex, looks_like_company, name_score, normalize_company

# the [import] table of a settings file: fuzzy name scores (0-100) from review_min up to (not including)
# review_max go to review.csv; below: different. A score of review_max or more merges only when the safe
# names are equal (data-format.md "Raw exports": everything else that looks alike goes to review)
DEFAULTS = {"review_min": 80.0, "review_max": 100.0}
REVIEW_BAND = (DEFAULTS["review_min"], DEFAULTS["review_max"])
PERSON_REVIEW = 67.0  # person names: one character of three differs
WEAK_KEY_NAMES = 50.0  # a shared account or phone is worth a review only when the names are this alike


@dataclass
class Mention:
    ref: str  # "file:row:field": where the name was read
    role: str  # party (contract, owner, register, statement), employer, person (roster, payroll, caller)
    name: str
    code: str = ""  # 统一社会信用代码
    id_number: str = ""
    accounts: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    given_id: str = ""  # an id the source already has (a bundle's party_id)
    context: str = ""  # where a worker was seen (project and employer of a roster or payroll row)

    @cached_property
    def company(self) -> bool:
        if self.code:
            return True
        if self.id_number:
            return False
        # without brackets: names.looks_like_company takes "顺安劳务（北京）有限公司" for a titled person
        return looks_like_company(re.sub(r"[（(][^）)]*[）)]", "", self.name))


_SPACE = re.compile(r"\s+|·|•")
_REGIONS = sorted(PROVINCES + CITIES, key=len, reverse=True)
_LEAD_REGION = re.compile("^(" + "|".join(_REGIONS) + ")[省市]?")
_BRACKET_REGION = re.compile(r"\((" + "|".join(_REGIONS) + r")[省市]?\)")


def clean(name: str) -> str:
    """NFKC (full width to half width), no spaces, brackets as ``()``."""
    s = unicodedata.normalize("NFKC", str(name or ""))
    return _SPACE.sub("", s).replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")")


def safe_company_key(name: str) -> str:
    """The form two company names share when merging them needs no review.

    >>> safe_company_key("北京宏远建设有限责任公司") == safe_company_key("宏远建设（北京）有限公司")
    True
    >>> safe_company_key("宏远建设有限公司") == safe_company_key("北京宏远建设有限公司")
    False
    """
    s = clean(name)
    regions = []
    m = _LEAD_REGION.match(s)
    if m and len(s) - m.end() >= 4:
        regions.append(m.group(1))
        s = s[m.end():]
    for m in _BRACKET_REGION.finditer(s):
        regions.append(m.group(1))
    s = _BRACKET_REGION.sub("", s).replace("有限责任公司", "有限公司")
    return "|".join(sorted(set(regions))) + "/" + s


def safe_person_key(name: str) -> str:
    return clean(name)


class _Clusters:
    """Union-find over mentions that never joins two different credit codes or 身份证号."""

    def __init__(self, mentions: list[Mention]):
        self.parent = list(range(len(mentions)))
        self.codes = [{m.code} - {""} for m in mentions]
        self.ids = [{m.id_number} - {""} for m in mentions]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def conflict(self, a: int, b: int) -> bool:
        a, b = self.find(a), self.find(b)
        ca, cb, ia, ib = self.codes[a], self.codes[b], self.ids[a], self.ids[b]
        return bool((ca and cb and ca != cb) or (ia and ib and ia != ib) or (ca and ib) or (ia and cb))

    def union(self, a: int, b: int) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return True
        if self.conflict(a, b):
            return False
        a, b = min(a, b), max(a, b)  # the earliest mention is the root: ids stay stable
        self.parent[b] = a
        self.codes[a] |= self.codes[b]
        self.ids[a] |= self.ids[b]
        return True


@dataclass
class Pair:
    left: int  # mention index of each side's first mention
    right: int
    score: float
    reasons: list[str]


@dataclass
class Resolution:
    mentions: list[Mention]
    root: list[int]  # mention -> index of its entity's first mention
    how: list[str]  # mention -> how it joined its entity (first, code, id_number, account, phone, name, judged)
    review: list[Pair] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # judgements "same" that would join two codes / ids

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i, r in enumerate(self.root):
            out[r].append(i)
        return out


def _names_agree(a: Mention, b: Mention) -> bool:
    if not a.name or not b.name:
        return True
    if a.company and b.company:
        return safe_company_key(a.name) == safe_company_key(b.name) or name_score(
            (normalize_company(a.name), _core(a.name)), (normalize_company(b.name), _core(b.name))) >= 85
    return safe_person_key(a.name) == safe_person_key(b.name)


def _similarity(a: Mention, b: Mention) -> float:
    if a.company and b.company:
        return name_score((normalize_company(a.name), _core(a.name)), (normalize_company(b.name), _core(b.name)))
    return fuzz.ratio(clean(a.name), clean(b.name))


def _core(name: str) -> str:
    from ..analysis.names import core_name

    return core_name(name)


def resolve(mentions: list[Mention], judgements: list[tuple[str, str, str]],
            band: tuple[float, float] = REVIEW_BAND) -> Resolution:
    """Group ``mentions`` into entities; ``judgements`` are (ref, ref, "same"/"different")."""
    uf = _Clusters(mentions)
    how = ["first"] * len(mentions)
    review: dict[tuple[int, int], Pair] = {}

    def suggest(a: int, b: int, score: float, reason: str) -> None:
        ra, rb = sorted((uf.find(a), uf.find(b)))
        if ra != rb and not uf.conflict(ra, rb):
            p = review.setdefault((ra, rb), Pair(ra, rb, score, []))
            p.score = max(p.score, score)
            if reason not in p.reasons:
                p.reasons.append(reason)

    # 0. ids a source already has (a merged bundle's party_id)
    by_given: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.given_id:
            j = by_given.setdefault(m.given_id, i)
            if j != i and uf.union(j, i):
                how[i] = "id"
    # 1. strong keys; an account or phone joins only mentions whose names agree (each earlier holder is tried)
    for kind in ("code", "id_number", "accounts", "phones"):
        holders: dict[str, list[int]] = defaultdict(list)
        weak = kind in ("accounts", "phones")
        for i, m in enumerate(mentions):
            values = getattr(m, kind)
            for v in (values,) if isinstance(values, str) else values:
                if not v:
                    continue
                seen = holders[v]
                if not weak:
                    if seen and uf.find(i) != uf.find(seen[0]) and uf.union(seen[0], i):
                        how[i] = "credit_code" if kind == "code" else kind
                    seen[:1] = seen[:1] or [i]
                    continue
                for j in seen:
                    if uf.find(i) == uf.find(j):
                        continue
                    if _names_agree(mentions[j], m):
                        if uf.union(j, i):
                            how[i] = "account" if kind == "accounts" else "phone"
                    elif _similarity(mentions[j], m) >= WEAK_KEY_NAMES:  # a card or phone shared by different
                        what = "bank account (同一账户" if kind == "accounts" else "phone (同一电话"  # people: no
                        suggest(j, i, 0.0, f"same {what}，名称不同), different names")  # review, a ring signal
                if len(seen) < 50 and all(uf.find(i) != uf.find(j) for j in seen):
                    seen.append(i)
    # 2a. a worker's name on one project with one employer (roster and payroll of one team): one person
    teams: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.context and m.name:
            teams[(safe_person_key(m.name), m.context)].append(i)
    for idx in teams.values():
        if len({uf.find(i) for i in idx if uf.ids[uf.find(i)]}) <= 1:
            for i in idx[1:]:
                if uf.find(i) != uf.find(idx[0]) and uf.union(idx[0], i) and how[i] == "first":
                    how[i] = "team"
    # 2. safe names: a name held by exactly one coded entity (or by none) merges; two coded ones: review
    party_roots = {uf.find(i) for i, m in enumerate(mentions) if m.role == "party"}
    keyed_roots = {uf.find(i) for i, m in enumerate(mentions) if m.role == "person" and (m.accounts or m.phones)}
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.name:
            groups[("c:" + safe_company_key(m.name)) if m.company else ("p:" + safe_person_key(m.name))].append(i)
    for idx in groups.values():
        keyed = sorted({uf.find(i) for i in idx if uf.codes[uf.find(i)] or uf.ids[uf.find(i)]})
        if len(keyed) > 1:
            # a 用工单位 written as a person's name: of the namesakes, the one a register names as a party
            bosses = [k for k in keyed if k in party_roots]
            for i in idx:
                if uf.codes[uf.find(i)] or uf.ids[uf.find(i)]:
                    continue
                if mentions[i].role == "employer" and len(bosses) == 1:
                    if uf.union(bosses[0], i):
                        how[i] = "name"
                    continue
                # a worker with an account or phone of its own that linked to none of them is someone else
                if mentions[i].role == "person" and uf.find(i) in keyed_roots:
                    continue
                for k in keyed:
                    suggest(k, i, 100.0, "same name, several entities with codes (同名，多个证照号)")
            continue
        anchor = keyed[0] if keyed else idx[0]
        for i in idx:
            if uf.find(i) != uf.find(anchor) and uf.union(anchor, i) and how[i] == "first":
                how[i] = "name"
    # 3. judgements
    by_ref = {m.ref: i for i, m in enumerate(mentions)}
    different: set[tuple[str, str]] = set()  # (ref, ref) judged different
    refused: list[str] = []
    for a, b, decision in judgements:
        if a not in by_ref or b not in by_ref:
            continue
        i, j = by_ref[a], by_ref[b]
        if decision == "same":
            if uf.union(i, j):
                how[j] = how[j] if how[j] != "first" else "judged"
            else:
                refused.append(f"{a} = {b}: different credit codes or 身份证号, not merged")
        elif decision == "different":
            different.add((a, b))
    # 4. fuzzy review, blocked: companies by name bigrams (NameIndex), persons by surname and length
    roots = sorted({uf.find(i) for i in range(len(mentions))})
    names = {r: mentions[r].name for r in roots if mentions[r].name}
    companies = {r: n for r, n in names.items() if mentions[r].company}
    index = NameIndex(companies)
    fuzzy: dict[int, list[tuple[float, int]]] = defaultdict(list)  # an entity without code -> its candidates
    for r, n in companies.items():
        for score, other in index.scored(n):
            if other == r or uf.find(other) == uf.find(r) or uf.conflict(r, other):
                continue
            if band[0] <= score < band[1] or (score >= band[1] and safe_company_key(n) != safe_company_key(
                    companies[other])):
                fuzzy[r].append((score, other))
    for r, cands in fuzzy.items():
        if uf.codes[uf.find(r)]:
            continue  # the side without a code asks; of its candidates only the best (within 3 points)
        best = max(score for score, _ in cands)
        for score, other in cands:
            if score >= best - 3:
                suggest(r, other, score, f"similar names (名称相似 {score:.0f})")
    persons: dict[str, list[int]] = defaultdict(list)
    for r, n in names.items():
        if not mentions[r].company:
            persons[clean(n)[:1]].append(r)
    for block in persons.values():
        loose = [r for r in block if not uf.ids[uf.find(r)]]  # only a person without 身份证号 is in doubt
        for r in loose:
            for other in block:
                if other == r or uf.find(other) == uf.find(r):
                    continue
                na, nb = clean(names[r]), clean(names[other])
                score = fuzz.ratio(na, nb)  # a typo changes a character; a name with one more is another person
                if len(na) == len(nb) and PERSON_REVIEW <= score < 100:
                    suggest(r, other, score, f"similar names (姓名相似 {score:.0f})")
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        members[uf.find(i)].append(i)
    pairs: list[Pair] = []
    for p in review.values():
        ra, rb = uf.find(p.left), uf.find(p.right)
        if ra == rb or uf.conflict(ra, rb):  # a name merged later brought a different code or 身份证号
            continue
        if any((mentions[x].ref, mentions[y].ref) in different or (mentions[y].ref, mentions[x].ref) in different
               for x in members[ra] for y in members[rb]):
            continue
        pairs.append(Pair(ra, rb, p.score, p.reasons))
    pairs.sort(key=lambda p: (-p.score, p.left, p.right))
    return Resolution(mentions, [uf.find(i) for i in range(len(mentions))], how, pairs, refused)


def entity_id(ref: str, party: bool) -> str:
    """A stable id from the entity's first mention: the same files give the same ids."""
    return ("p" if party else "w") + hashlib.sha1(ref.encode("utf-8")).hexdigest()[:8]
