"""Matching Chinese company names as claimants write them to the registered parties.

A worker rarely writes the registered name: "宏远建设" or "北京城建宏远公司" for
"北京城建宏远建设集团有限公司". We compare *normalised* names: region prefixes (北京/北京市/
河北省石家庄市…), bracketed regions, legal-form suffixes (有限公司, 集团有限公司, 分公司…) and
site words (项目部) are stripped; the industry words (建设/建筑/工程…) are optional, so the
core trade name (字号) is compared too.

>>> normalize_company("北京城建宏远建设集团有限公司")
'城建宏远建设'
>>> core_name("北京城建宏远建设集团有限公司")
'城建宏远'
>>> idx = NameIndex({"A": "北京城建宏远建设集团有限公司", "B": "河北鑫泰建筑工程有限公司"})
>>> idx.match("宏远建设公司")
('A', 85.0)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz

# Province-level names; each may be followed by 省/市/自治区 (or the ethnic autonomous-region forms).
PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "四川", "贵州", "云南",
    "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾",
)
# Cities often seen in Beijing-area construction (their names are not trade names). A city is
# also stripped when written with 市 (any 2–3 characters + 市).
CITIES = (
    "石家庄", "唐山", "秦皇岛", "邯郸", "邢台", "保定", "张家口", "承德", "沧州", "廊坊", "衡水", "雄安",
    "太原", "大同", "呼和浩特", "包头", "沈阳", "大连", "长春", "哈尔滨", "南京", "苏州", "杭州", "宁波",
    "合肥", "福州", "厦门", "南昌", "济南", "青岛", "郑州", "信阳", "武汉", "长沙", "广州", "深圳", "南宁",
    "海口", "成都", "贵阳", "昆明", "拉萨", "西安", "兰州", "西宁", "银川", "乌鲁木齐",
)
_REGION_SUFFIX = "(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市)?"
_REGION_RE = re.compile(
    "^(?:(?:" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + ")" + _REGION_SUFFIX + ")?"
    + "(?:(?:" + "|".join(sorted(CITIES, key=len, reverse=True)) + ")市?|[\u4e00-\u9fa5]{2,3}市)?"
)
# a region at the end, left when "…有限公司北京分公司" has lost "分公司"
_REGION_TAIL_RE = re.compile("(?:" + "|".join(sorted(PROVINCES + CITIES, key=len, reverse=True)) + ")[省市]?$")
_BRACKETS_RE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
# Longest first, stripped repeatedly from the end: "…集团有限公司北京分公司" loses all of them.
LEGAL_SUFFIXES = (
    "集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司", "有限责任公司", "有限公司",
    "项目经理部", "项目部", "分公司", "总公司", "公司", "集团", "工地",
)
# Industry words: optional, because claimants drop or change them ("宏远建筑" for "宏远建设").
INDUSTRY_WORDS = (
    "建筑安装工程", "建筑工程", "建设工程", "建筑安装", "装饰工程", "房地产开发", "房地产", "地产", "劳务分包", "建设",
    "建筑", "工程", "建工", "劳务", "安装", "装饰", "装修", "置业", "实业", "开发", "发展", "科技", "钢构",
    "市政", "园林", "机械", "租赁", "贸易",
)
_PUNCT_RE = re.compile(r"[\s·.,，。、\"'“”‘’:：;；\-—_/]+")
COMPANY_HINTS = ("公司", "集团", "项目部", "工程", "建设", "建筑", "劳务", "有限", "局", "厂", "中心")


def _strip_suffixes(s: str, suffixes: tuple[str, ...], keep: int) -> str:
    """Strip any of ``suffixes`` from the end, repeatedly, while ``keep`` characters remain."""
    changed = True
    while changed:
        changed = False
        for suf in suffixes:
            if s.endswith(suf) and len(s) - len(suf) >= keep:
                s = s[: -len(suf)]
                changed = True
                break
    return s


def _strip_region(s: str) -> str:
    """Drop a leading region; a branch name like "…有限公司北京分公司" keeps its region at the end."""
    m = _REGION_RE.match(s)
    if m and len(s) - m.end() >= 2:  # never strip a name down to nothing ("北京市" itself)
        return s[m.end():]
    return s


def _without_legal_form(name: str) -> str:
    return _strip_suffixes(_PUNCT_RE.sub("", _BRACKETS_RE.sub("", str(name or ""))), LEGAL_SUFFIXES, keep=2)


@lru_cache(maxsize=200_000)
def normalize_company(name: str) -> str:
    """Registered or written company name -> comparable form (region and legal form stripped).

    >>> normalize_company("河北省石家庄市鑫泰建筑工程有限公司（北京）分公司")
    '鑫泰建筑工程'
    """
    s = _PUNCT_RE.sub("", _BRACKETS_RE.sub("", str(name or "")))
    s = _strip_suffixes(s, LEGAL_SUFFIXES, keep=2)
    # A branch: "城建宏远建设集团有限公司北京" after "分公司" was stripped -> strip again the region and the form.
    m = _REGION_TAIL_RE.search(s)
    if m and m.start() >= 2:
        s = _strip_suffixes(s[: m.start()], LEGAL_SUFFIXES, keep=2)
    return _strip_region(s)


@lru_cache(maxsize=200_000)
def core_name(name: str) -> str:
    """The trade name (字号): the normalised name without industry words.

    >>> core_name("廊坊安固建筑安装有限公司")
    '安固'
    """
    return _strip_suffixes(normalize_company(name), INDUSTRY_WORDS, keep=2)


_TITLE_PREFIXES = ("包工头", "小包工头", "工头", "班组长", "项目经理", "老板")
_TITLE_SUFFIXES = ("包工头", "工头", "班组长", "老板", "经理", "师傅", "总")


def person_name(name: str) -> tuple[str, bool]:
    """A written individual's name without titles, and whether only the surname is left.

    >>> person_name("包工头王建国"), person_name("王老板"), person_name("王建国（包工头）"), person_name("老王")
    (('王建国', False), ('王', True), ('王建国', False), ('王', True))
    """
    s = _PUNCT_RE.sub("", _BRACKETS_RE.sub("", str(name or "")))
    for pre in _TITLE_PREFIXES:
        if s.startswith(pre) and len(s) > len(pre):
            s = s[len(pre):]
            break
    for suf in _TITLE_SUFFIXES:
        if s.endswith(suf) and len(s) > len(suf):
            s = s[: -len(suf)]
            break
    if len(s) == 2 and s[0] == "老":  # 老王: the surname with the familiar prefix
        s = s[1:]
    return s, len(s) == 1


def looks_like_company(name: str) -> bool:
    """True when a written name is an organisation rather than a person (a 包工头's name).

    >>> looks_like_company("王建国"), looks_like_company("宏远建设"), looks_like_company("包工头王建国")
    (False, True, False)
    """
    s = str(name or "")
    if person_name(s)[0] != _PUNCT_RE.sub("", s):  # a title (包工头王建国, 王老板): a person
        return False
    return len(s) > 4 or any(h in s for h in COMPANY_HINTS)


def name_score(a: tuple[str, str], b: tuple[str, str]) -> float:
    """Similarity 0–100 of two names, each given as (normalised, core).

    The best of: the ratio of the normalised names, the ratio of the trade names, and
    containment of one trade name in the other (scaled by how much of the longer it covers,
    so "宏远" in "城建宏远" scores 85, not 100).
    """
    na, ca = a
    nb, cb = b
    best = max(fuzz.ratio(na, nb), fuzz.ratio(ca, cb))
    short, long_ = sorted((ca, cb), key=len)
    if len(short) >= 2 and short in long_:
        best = max(best, 100.0 * (0.7 + 0.3 * len(short) / len(long_)))
    return round(best, 1)


def bigrams(s: str) -> set[str]:
    """Character bigrams: the blocking keys of a name (a 2-character name is its own key)."""
    return {s[i : i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


# an id of a name in a NameIndex: a party id, or a mention's index (ingest.resolve)
K = TypeVar("K", str, int)


class NameIndex(Generic[K]):
    """Registered names indexed by character bigrams of their trade name (blocking), so a
    lookup compares against the few names that share a bigram — never against all of them.

    ``max_block``: a bigram held by more names than this (a common word) is not used to block.
    """

    def __init__(self, names: dict[K, str], max_block: int = 300):
        self.names: dict[K, str] = names
        self.forms: dict[K, tuple[str, str]] = {}
        self.blocks: dict[str, list[K]] = defaultdict(list)
        self.max_block = max_block
        for pid in sorted(names):
            form = (normalize_company(names[pid]), core_name(names[pid]))
            self.forms[pid] = form
            for key in bigrams(form[1]) | bigrams(form[0]):
                self.blocks[key].append(pid)

    def candidates(self, name: str) -> list[K]:
        """Ids sharing a (not too common) blocking key with ``name``."""
        keys = bigrams(core_name(name)) | bigrams(normalize_company(name))
        usable = [k for k in keys if k in self.blocks and len(self.blocks[k]) <= self.max_block]
        if not usable:  # every key is common: fall back to the rarest one rather than nothing
            usable = sorted((k for k in keys if k in self.blocks), key=lambda k: len(self.blocks[k]))[:1]
        return sorted({pid for k in usable for pid in self.blocks[k]})

    def scored(self, name: str, within: Iterable[K] | None = None) -> list[tuple[float, K]]:
        """(score, id) of the candidates, best first; ``within`` restricts to those ids."""
        form = (normalize_company(name), core_name(name))
        pool = self.candidates(name)
        if within is not None:
            allowed = set(within)
            pool = [p for p in pool if p in allowed]
        return sorted(((name_score(form, self.forms[p]), p) for p in pool), key=lambda t: (-t[0], t[1]))

    def match(self, name: str, within: Iterable[K] | None = None, threshold: float = 85.0,
              margin: float = 3.0) -> tuple[K | None, float]:
        """(id, score) of the best match; (None, best score) when it is below ``threshold`` or
        when a different name scores within ``margin`` of it (ambiguous: leave it to a human)."""
        ranked = self.scored(name, within)
        if not ranked:
            return None, 0.0
        best, pid = ranked[0]
        if best < threshold:
            return None, best
        tied = [p for score, p in ranked if best - score < margin]
        if len(tied) > 1:
            # the region was stripped to compare trade names; it can still tell "山东泰和劳务" from
            # "河北泰和劳务有限公司": compare the tied names with their regions kept
            q = _without_legal_form(name)
            again = sorted(((fuzz.ratio(q, _without_legal_form(self.names[p])), p) for p in tied),
                           key=lambda t: (-t[0], t[1]))
            if again[0][0] - again[1][0] < margin:
                return None, best
            pid = again[0][1]
        return pid, best
