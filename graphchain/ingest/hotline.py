"""Facts read from a work order's free text, each with the span (``start:end``) it came from.

>>> x = extract("反映顺义区某小学工程陶老板欠薪27200元，共8人")
>>> x.amount, x.workers, x.respondent
(27200.0, 8, '陶老板')
>>> x.spans["amount"], x.spans["respondent"]
('15:21', '10:13')
>>> extract("拖欠我们两万七千二百元工资，一共三个人").amount
27200.0
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..analysis.names import CITIES, LEGAL_SUFFIXES, PROVINCES

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CN = "零〇一二两三四五六七八九十百千万亿"


def cn_number(s: str) -> float:
    """A Chinese numeral as a number: 两万七千二百 = 27200, 十五 = 15, 三万五 = 35000.

    >>> cn_number("两万七千二百"), cn_number("十五"), cn_number("三万五"), cn_number("五千六百零七")
    (27200, 15, 35000, 5607)
    """
    total, section, digit, last_unit = 0, 0, 0, 1
    for ch in s:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
            if digit == 0:  # 五千六百零七: after a 零 the next digit is units, not hundreds
                last_unit = 1
        elif ch in ("万", "亿"):
            section = (section + digit) * _CN_UNIT[ch]
            total += section
            section, digit, last_unit = 0, 0, _CN_UNIT[ch] // 10
        else:
            unit = _CN_UNIT[ch]
            section += (digit or 1) * unit
            digit, last_unit = 0, unit // 10
    if digit:  # 三万五: the trailing digit counts one unit below the last one
        section += digit * (last_unit if last_unit > 1 else 1)
    return total + section


_NUM = rf"(?:[0-9]+(?:\.[0-9]+)?|[{_CN}]+)"
_AMOUNT = re.compile(rf"(?P<n>{_NUM})\s*(?P<u>万|千)?\s*(?:多|余)?\s*(?:块钱|元|块)")
_AMOUNT_WAN = re.compile(rf"(?P<n>{_NUM})\s*(?P<u>万)(?:多|余)?(?![元块\w])")
_EACH = re.compile(r"(每人|人均|每个人)")
_TOTAL = re.compile(r"(共计|合计|总计|总共|一共|共)")
_WORKERS = re.compile(rf"(?P<n>{_NUM})\s*(?:个|名)?\s*(?:人|工人|农民工|名工人|位工人)")
_COMPANY = re.compile(r"[\u4e00-\u9fa5()（）]{2,30}?(?:" + "|".join(
    sorted((s for s in LEGAL_SUFFIXES if "公司" in s or s in ("项目部", "项目经理部")), key=len, reverse=True)) + ")")
_AFTER = r"(?=[^\u4e00-\u9fa5]|欠|拖|不|一|说|把|给|的|让|还|都|至|从|$)"
_PERSONS = (  # 包工头王建国, 陶老板, 张总, 老王: a title marks the respondent
    re.compile(r"(?:包工头|小包工头|工头|班组长|带班)\s*[\u4e00-\u9fa5]{2,3}?" + _AFTER),
    re.compile(r"[\u4e00-\u9fa5]老板"),
    re.compile(r"[\u4e00-\u9fa5]总(?![共计额包承价结])"),
    re.compile(r"老(?![板家乡人婆公师实])[\u4e00-\u9fa5]" + _AFTER),
)
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?|(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_REGION = re.compile("(?:" + "|".join(sorted(PROVINCES + CITIES, key=len, reverse=True)) + ")[省市]?")
# words before a company name that are not part of it
_LEAD = re.compile(r"^.*?(反映|投诉|称|在|被|是|为|给|的|和|与|由|欠|拖欠|找|向|帮|干活|打工|做工)")


@dataclass
class Extracted:
    amount: float | None = None
    workers: int | None = None
    respondent: str | None = None
    project: str | None = None  # a project id, from match_project
    dates: list[str] = field(default_factory=list)
    spans: dict[str, str] = field(default_factory=dict)


def same_length_nfkc(text: str) -> str:
    """Full-width forms as ASCII (NFKC), character by character where that keeps one character, so
    that a span of the result is the same span of ``text``."""
    if text.isascii():
        return text
    return "".join(n if len(n := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text)


def _value(n: str, unit: str | None) -> float:
    v = float(n) if n[0].isdigit() else float(cn_number(n))
    return v * {"万": 10_000, "千": 1000, None: 1, "": 1}[unit]


def extract(text: str, known: Iterable[str] = (), companies: Iterable[str] = (),
            project: tuple[int, int] = (0, 0)) -> Extracted:
    """Amount (yuan), number of workers, respondent (as written), dates: see the module doc. ``known``:
    names of individuals already in the bundle, found in the text when no title marks the respondent;
    ``companies`` and ``project`` (the span of the project's name): see :func:`_respondent`."""
    t = same_length_nfkc(text or "")
    x = Extracted()
    found: list[tuple[float, int, int, str]] = []  # (value, start, end, each / total / "")
    for rx in (_AMOUNT, _AMOUNT_WAN):
        for m in rx.finditer(t):
            try:
                v = _value(m.group("n"), m.group("u"))
            except (ValueError, KeyError):
                continue
            if v >= 100 and not any(m.start() < e and s < m.end() for _, s, e, _ in found):
                before = t[max(0, m.start() - 4):m.start()]
                found.append((v, m.start(), m.end(), "each" if _EACH.search(before) else
                              "total" if _TOTAL.search(before) else ""))
    workers = [m for m in _WORKERS.finditer(t) if not _is_inside(m, found)]
    for m in workers:
        try:
            n = _value(m.group("n"), None)
        except ValueError:
            continue
        if 1 <= n <= 10_000 and n == int(n):
            x.workers, x.spans["workers"] = int(n), f"{m.start()}:{m.end()}"
            break
    if found:
        total = [f for f in found if f[3] == "total"]
        each = [f for f in found if f[3] == "each"]
        v, s, e, _ = total[0] if total else each[0] if each else max(found, key=lambda f: f[0])
        if not total and each and x.workers and x.workers > 1:
            v = each[0][0] * x.workers
        x.amount, x.spans["amount"] = round(v, 2), f"{s}:{e}"
    x.respondent, span = _respondent(t, known, companies, project)
    if span:
        x.spans["respondent"] = span
    for m in _DATE.finditer(t):
        y, mo = m.group(1) or m.group(4), m.group(2) or m.group(5)
        d = m.group(3) or m.group(6)
        x.dates.append(f"{y}-{int(mo):02d}" + (f"-{int(d):02d}" if d else ""))
        x.spans.setdefault("dates", f"{m.start()}:{m.end()}")
    return x


def _is_inside(m: re.Match, found: list) -> bool:
    return any(s <= m.start() < e for _, s, e, _ in found)


def _respondent(t: str, known: Iterable[str] = (), companies: Iterable[str] = (),
                project: tuple[int, int] = (0, 0)) -> tuple[str | None, str]:
    """A company name, else a person written as 包工头X / X老板 / 老X / X总, else a known individual's
    name (the text as written). ``companies``: the comparable forms (names.normalize_company) of the
    companies in the bundle, which mark where a written name starts; ``project``: the span of the project's
    name in the text (no respondent is read inside it: 住总公寓 is no 住总 person)."""
    after = project[1]
    forms = sorted({c for c in companies if len(c) >= 2}, key=len, reverse=True)
    for m in _COMPANY.finditer(t):
        start = max(m.start(), after if after < m.end() - 4 else 0)
        hit = next((i for c in forms if (i := t.find(c, start, m.end())) >= 0), -1)
        if hit >= 0:
            start = hit - _region_before(t, hit, start)
        else:
            lead = _LEAD.match(t, start, m.end())
            start = lead.end() if lead and m.end() - lead.end() >= 4 else start
        if m.end() - start >= 4:
            return t[start:m.end()], f"{start}:{m.end()}"
    outside = [(0, project[0]), (project[1], len(t))] if project[1] else [(0, len(t))]
    # a known company written without its legal form (北京铭远建设工程): from its region, if written
    hits = sorted((i, -len(c), c) for c in forms for a, b in outside if (i := t.find(c, a, b)) >= 0)
    if hits:
        i, _, c = hits[0]
        start = i - _region_before(t, i, 0)
        return t[start:i + len(c)], f"{start}:{i + len(c)}"
    found = sorted((m.start(), -len(m.group()), m.group(), m.end()) for rx in _PERSONS for m in rx.finditer(t)
                   if not project[0] <= m.start() < project[1])
    if found:
        s, _, name, e = found[0]
        return name, f"{s}:{e}"
    hits = sorted((i, -len(n), n) for n in known if len(n) >= 2 for a, b in outside if (i := t.find(n, a, b)) >= 0)
    if hits:
        i, _, n = hits[0]
        return n, f"{i}:{i + len(n)}"
    return None, ""


def _region_before(t: str, i: int, floor: int) -> int:
    """Length of a region name (北京, 河北省, 石家庄市) that ends at ``i`` and starts at or after ``floor``."""
    for n in range(5, 1, -1):
        if i - n >= floor and _REGION.fullmatch(t[i - n:i]):
            return n
    return 0


class ProjectMatcher:
    """Finds the project a text names: its name, its name without the district and the usual 工程/项目
    ending, or its address (one regular expression of all of them, built once)."""

    def __init__(self, projects: dict[str, tuple[str, str, str]]):
        self.projects = projects  # id -> (name, district, address)
        self.by_form: dict[str, list[str]] = defaultdict(list)
        for pid, (name, pdist, address) in projects.items():
            for form in dict.fromkeys(_forms(name, pdist) + ([address] if address and len(address) >= 4 else [])):
                self.by_form[form].append(pid)
        forms = sorted(self.by_form, key=len, reverse=True)
        self.rx = re.compile("|".join(map(re.escape, forms))) if forms else None

    def match(self, text: str, district: str = "") -> tuple[str | None, str]:
        """(project id, span); a district given, or named in the text, must agree; two or more: none."""
        t = same_length_nfkc(text or "")
        hits: dict[str, tuple[int, int]] = {}
        for m in self.rx.finditer(t) if self.rx else ():
            for pid in self.by_form[m.group()]:
                pdist = self.projects[pid][1]
                if district and pdist and district != pdist and pdist not in t:
                    continue
                hits.setdefault(pid, m.span())
        if len(hits) > 1:  # the one whose district the text names
            hits = {pid: span for pid, span in hits.items()
                    if self.projects[pid][1] and self.projects[pid][1] in t} or hits
        if len(hits) == 1:
            pid, (s, e) = next(iter(hits.items()))
            return pid, f"{s}:{e}"
        return None, ""


def match_project(text: str, district: str, projects: dict[str, tuple[str, str, str]]) -> tuple[str | None, str]:
    """The project a text names: (project id, span). ``projects``: id -> (name, district, address).

    A project's name, or its name without the district and the usual 工程/项目 ending, or its address,
    found in the text; a district given or named in the text must agree. More than one: none.
    """
    return ProjectMatcher(projects).match(text, district)


def _forms(name: str, district: str) -> list[str]:
    n = unicodedata.normalize("NFKC", name)
    forms = [n]
    short = n[len(district):] if district and n.startswith(district) else n
    for end in ("工程", "项目", "工地"):
        if short.endswith(end) and len(short) - len(end) >= 4:
            forms.append(short[: -len(end)])
    if short != n and len(short) >= 4:
        forms.append(short)
    return forms
