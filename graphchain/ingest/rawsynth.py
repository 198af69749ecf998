"""A clean bundle written back as the raw exports a case starts from, plus the truth of who is who.

``write_raw(bundle, out, seed)`` writes: 项目备案.csv, 合同备案.csv (names written inconsistently, in GBK),
资质查询.csv, 花名册.csv, 工资表.csv (months), 12345工单.csv (free text in several phrasings), one
statement per bank account (流水_*.csv, the account and holder in lines above the table, a transfer seen in
both statements, interest lines), and ``truth.json``: each mention (file:row:field) -> the bundle's id, and
each work order's amount, workers and respondent. ``import_all(out, into)`` imports them all.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TypedDict

from ..bundle import Bundle, read_bundle
from .hotline import cn_number  # noqa: F401 - the reader of what to_cn writes (see the tests)

ROLE_ZH = {"manager": "项目经理", "foreman": "班组长"}
TRADES = ("木工", "钢筋工", "瓦工", "架子工", "普工", "电工")
PURPOSE_ZH = {"progress": "工程款", "wage": "工资", "fee": "管理费", "materials": "材料款",
              "settlement": "和解款", "other": "往来款"}
CONTRACT_ZH = {"epc": "工程总承包", "general": "施工总承包", "specialty": "专业分包", "labour": "劳务分包",
               "other": "其他"}
QUAL_ZH = {"general": "施工总承包", "specialty": "专业承包", "labour": "施工劳务"}
LICENCE_ZH = {"active": "存续", "revoked": "吊销", "cancelled": "注销", "none": "无营业执照"}


class Order(TypedDict):
    """What a work order's text says, as truth.json records it."""

    amount: float
    respondent_id: str | None
    workers: int
    project_id: str | None


class Truth(TypedDict):
    """truth.json: who each mention is, what each work order says, mentions that need a review."""

    mentions: dict[str, str]  # file:row:field -> the bundle's party or person id
    orders: dict[str, Order]  # claim id -> what its text says
    uncertain: list[str]  # mentions (an employer by trade name only) that no import merges without review


def to_cn(n: int) -> str:
    """A whole number below 1 亿 in Chinese numerals (27200 -> 二万七千二百).

    >>> to_cn(27200), to_cn(15), to_cn(100500)
    ('二万七千二百', '十五', '十万零五百')
    """
    digits = "零一二三四五六七八九"

    def four(x: int) -> str:
        out, zero = "", False
        for unit, d in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            q = x // unit % 10
            if q:
                out += ("零" if zero and out else "") + digits[q] + d
                zero = False
            else:
                zero = bool(out)
        return out

    hi, lo = divmod(n, 10_000)
    s = (four(hi) + "万" if hi else "") + (("零" if hi and lo < 1000 and lo else "") + four(lo) if lo else "")
    return s[1:] if s.startswith("一十") else s or "零"


def variant(name: str, rng: random.Random) -> str:
    """The same company as a clerk might write it: region moved into brackets, 有限责任公司, full-width
    brackets or a space — all forms that merge without review."""
    choices = [name]
    if name.startswith("北京") and name.endswith("有限公司") and len(name) > 8:
        choices.append(name[2:-4] + "（北京）有限公司")
    if name.endswith("有限公司") and not name.endswith("责任有限公司"):
        choices.append(name[:-4] + "有限责任公司")
    if len(name) > 6:
        choices.append(name[:4] + " " + name[4:])
    return rng.choice(choices)


def typo(name: str, rng: random.Random) -> str:
    """One character of the name replaced by one that looks or sounds alike (as a clerk mistypes)."""
    alike = {"建": "健", "城": "成", "工": "功", "程": "城", "鑫": "新", "泰": "太", "宏": "鸿", "远": "原",
             "安": "按", "达": "大", "华": "化", "恒": "衡", "盛": "胜", "祥": "详", "通": "同", "源": "原"}
    spots = [i for i, ch in enumerate(name) if ch in alike]
    if not spots:
        return name
    i = rng.choice(spots)
    return name[:i] + alike[name[i]] + name[i + 1:]


def _account(key: str) -> str:
    return "6222" + str(int(hashlib.sha1(key.encode()).hexdigest(), 16))[:15]


def _write(path: Path, header: list[str], rows: list[list], above: Sequence[str] = (), encoding: str = "utf-8") -> int:
    """Write one export; returns the sheet row of the header (1 unless lines stand above it)."""
    with path.open("w", encoding=encoding, newline="") as fh:
        for line in above:
            fh.write(line + "\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows([["" if v is None else v for v in r] for r in rows])
    return len(above) + 1


def _s(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:.2f}"
    return str(v)


def write_raw(bundle: str | Path | Bundle, out: str | Path, seed: int = 1, short_names: float = 0.0) -> Path:
    """Write the raw exports of ``bundle`` into ``out`` (see the module doc). ``short_names``: the share of
    roster rows whose employer is written by its trade name only (宏远建设), which needs a review."""
    b = bundle if isinstance(bundle, Bundle) else read_bundle(bundle)
    rng = random.Random(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    parties = {r["party_id"]: r for r in b.table("parties").to_dict("records")}
    persons = {r["person_id"]: r for r in b.table("persons").to_dict("records")}
    projects = {r["project_id"]: r for r in b.table("projects").to_dict("records")}
    truth: Truth = {"mentions": {}, "orders": {}, "uncertain": []}
    agents = parties | persons

    def name(aid: str) -> str:
        return str(agents[aid]["name"])

    def code(aid: str) -> str:
        p = parties.get(aid) or {}
        return p.get("credit_code") or p.get("id_number") or ""

    # projects
    rows = [[pid, p["name"], variant(name(p["owner_id"]), rng), code(p["owner_id"]), p.get("district"),
             p.get("start"), p.get("end"), p.get("wage_account"), _s(p.get("guarantee"))]
            for pid, p in projects.items()]
    _write(out / "项目备案.csv", ["项目编号", "项目名称", "建设单位", "建设单位统一社会信用代码", "区县", "开工日期",
                                "竣工日期", "工资专用账户", "工程款支付担保"], rows)
    for i, (_, p) in enumerate(projects.items()):
        truth["mentions"][f"项目备案.csv:{i + 2}:owner_name"] = p["owner_id"]
    # contracts (GBK, as a Chinese Excel writes it)
    rows = []
    contract_of = {c["contract_id"]: c for c in b.table("contracts").to_dict("records")}
    for c in contract_of.values():
        rows.append([c["contract_id"], projects[c["project_id"]]["name"], variant(name(c["from_id"]), rng),
                     code(c["from_id"]), variant(name(c["to_id"]), rng), code(c["to_id"]), CONTRACT_ZH[c["type"]],
                     c.get("scope"), _s(c["amount"]), c.get("signed"), c.get("section"),
                     "" if c.get("main_structure") is None else ("是" if c["main_structure"] else "否"),
                     "" if c.get("written") is None else ("是" if c["written"] else "否"), _s(c.get("settled"))])
        if rng.random() < 0.05:  # a typo in a name that comes with its code
            rows[-1][4] = typo(rows[-1][4], rng)
        if rng.random() < 0.03:  # the register lists a contract twice
            rows.append(list(rows[-1]))
    for n, row in enumerate(rows):
        truth["mentions"][f"合同备案.csv:{n + 2}:from_name"] = contract_of[row[0]]["from_id"]
        truth["mentions"][f"合同备案.csv:{n + 2}:to_name"] = contract_of[row[0]]["to_id"]
    _write(out / "合同备案.csv", ["合同编号", "工程名称", "发包人", "发包人统一社会信用代码", "承包人",
                                "承包人证件号码", "合同类型", "承包范围", "合同金额", "签订日期", "标段", "主体结构",
                                "书面合同", "结算金额"], rows, encoding="gb18030")
    # the company register (资质查询)
    rows = []
    for pid, p in parties.items():
        if p["kind"] != "company" and not p.get("licence"):  # an individual is listed when registered (个体工商户)
            continue
        quals = "、".join(QUAL_ZH[q] for q in (p.get("qualifications") or [])) or "无"
        rows.append([p.get("credit_code") or p["id_number"], p["name"], quals,
                     LICENCE_ZH.get(p.get("licence") or "active", "存续"), p.get("legal_rep"), p.get("phone"),
                     p.get("address")])
        truth["mentions"][f"资质查询.csv:{len(rows) + 1}:name"] = pid
    _write(out / "资质查询.csv", ["统一社会信用代码", "企业名称", "资质类别", "经营状态", "法定代表人", "联系电话",
                                "住所"], rows)
    # roster and payroll
    roster: list[list] = []
    payroll: list[list] = []
    cards: dict[str, str] = {}
    for e in b.table("employment").to_dict("records"):
        w = persons[e["person_id"]]
        card = w.get("bank_account") or ""
        cards[e["person_id"]] = card
        employer = name(e["employer_id"])
        if parties.get(e["employer_id"], {}).get("kind") == "company" and rng.random() < short_names:
            from ..analysis.names import normalize_company

            employer = normalize_company(employer) + "公司"
            truth["uncertain"].append(f"花名册.csv:{len(roster) + 2}:employer")
        else:
            employer = variant(employer, rng)
        role = ROLE_ZH.get(e.get("role") or "", rng.choice(TRADES))
        roster.append([w["name"], w.get("id_number"), w.get("phone"), card, role, employer,
                       projects[e["project_id"]]["name"], e.get("start"), e.get("end")])
        truth["mentions"][f"花名册.csv:{len(roster) + 1}:name"] = e["person_id"]
        truth["mentions"][f"花名册.csv:{len(roster) + 1}:employer"] = e["employer_id"]
        if e.get("wage_due") is None and e.get("wage_paid") is None and e.get("days") is None:
            continue
        parts = rng.choice((1, 2, 3))
        start = date.fromisoformat(e.get("start") or "2023-01-01")
        due, paid, days = (_split(e.get(k), parts) for k in ("wage_due", "wage_paid", "days"))
        for m in range(parts):
            month = (start.replace(day=1) + timedelta(days=31 * m)).strftime("%Y年%m月")
            payroll.append([w["name"], w.get("id_number"), projects[e["project_id"]]["name"], variant(employer, rng)
                            if employer == name(e["employer_id"]) else employer, month, _s(days[m]), _s(due[m]),
                            _s(paid[m])])
            truth["mentions"][f"工资表.csv:{len(payroll) + 1}:name"] = e["person_id"]
            truth["mentions"][f"工资表.csv:{len(payroll) + 1}:employer"] = e["employer_id"]
    _write(out / "花名册.csv", ["姓名", "身份证号", "手机号", "银行卡号", "工种", "用工单位", "项目名称", "进场日期",
                              "退场日期"], roster)
    if payroll:
        _write(out / "工资表.csv", ["姓名", "身份证号", "项目名称", "用工单位", "工资月份", "出勤天数", "应发工资",
                                  "实发工资"], payroll)
    _statements(b, parties, persons, projects, cards, out, rng, truth)
    _orders(b, parties, persons, projects, out, rng, truth)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def _split(v, parts: int) -> list:
    """``v`` in ``parts`` pieces that add up to it exactly (cents)."""
    if v is None:
        return [None] * parts
    cents = round(float(v) * 100)
    pieces = [cents // parts] * parts
    pieces[0] += cents - sum(pieces)
    return [c / 100 for c in pieces]


def _statements(b, parties, persons, projects, cards, out: Path, rng: random.Random, truth: Truth) -> None:
    """One statement per account of a party: its payments out (借方) and in (贷方)."""
    agents = parties | persons
    account = {aid: (a.get("bank_account") or cards.get(aid) or _account(aid)) for aid, a in agents.items()}
    wage_of = {pid: p["wage_account"] for pid, p in projects.items() if p.get("wage_account")}
    lines: dict[tuple[str, str], list] = defaultdict(list)  # (holder id, account) -> lines
    for i, p in enumerate(b.table("payments").to_dict("records")):
        payer, payee = p["payer_id"], p["payee_id"]
        src = wage_of.get(p.get("project_id")) if p.get("via_wage_account") else None
        payer_acct = src or account[payer]
        serial = f"S{i:06d}" if i % 2 == 0 else ""
        memo = PURPOSE_ZH.get(p.get("purpose") or "other", "往来款")
        if p.get("project_id") in projects:  # 用途 as a clerk writes it: the project, then what for
            proj = projects[p["project_id"]]
            memo = str(proj["name"]).removeprefix(proj.get("district") or "") + memo
        day = date.fromisoformat(p["paid"])
        if payer in parties:
            lines[(payer, payer_acct)].append([day, serial, memo, _s(p["amount"]), "", agents[payee]["name"],
                                               account[payee], payee])
        if payee in parties:
            later = day + timedelta(days=1) if i % 3 == 0 and not serial else day
            lines[(payee, account[payee])].append([later, serial, memo, "", _s(p["amount"]), agents[payer]["name"],
                                                   payer_acct, payer])
    for n, ((holder, acct), rows) in enumerate(sorted(lines.items())):
        rows.sort(key=lambda r: r[0])
        rows.insert(len(rows) // 2, [rows[0][0], "", "结息", "", "12.5", "", "", None])  # interest: no counterparty
        label = f"流水_{n + 1:03d}.csv"
        header = ["交易日期", "交易流水号", "摘要", "借方发生额", "贷方发生额", "对方户名", "对方账号"]
        first = _write(out / label, header,
                       [[r[0].isoformat(), *r[1:7]] for r in rows],
                       above=[f"账号：{acct}", f"户名：{parties[holder]['name']}", ""])
        truth["mentions"][f"{label}:{first + 1}:holder"] = holder
        for j, r in enumerate(rows):
            if r[7]:
                truth["mentions"][f"{label}:{first + 1 + j}:cp_name"] = r[7]


PHRASES = (
    "反映{district}{project}{resp}拖欠{who}工资共计{amount}，请求帮助解决",
    "来电人称在{project}干活，{resp}欠{who}工资{amount}，至今未付",
    "{resp}拖欠工资{amount}，{project}，{who_count}",
    "本人于{when}在{district}{project}做工，{resp}一直不给钱，欠款{amount}",
)


PRICE = "本人承包{district}{project}的劳务作业，{resp}尚欠工程款{amount}，多次催要未果"
INJURY = "本人在{district}{project}做工时受伤，已认定工伤，{resp}拒不支付工伤待遇{amount}"
STATUS_ZH = {"open": "办理中", "paid": "已解决", "closed": "已办结", "rejected": "不予受理"}
CHANNEL_ZH = {"hotline": "12345", "arbitration": "劳动仲裁", "court": "法院", "inspection": "劳动监察",
              "procuratorate": "检察院", "other": "其他"}


def _orders(b, parties, persons, projects, out: Path, rng: random.Random, truth: Truth) -> None:
    from ..analysis.names import normalize_company

    employers: dict[tuple[str, str], str] = {}
    for e in b.table("employment").to_dict("records"):
        employers.setdefault((e["person_id"], e["project_id"]), e["employer_id"])
    rows = []
    for c in b.table("claims").to_dict("records"):
        w = persons[c["claimant_id"]]
        pid = c.get("project_id")
        resp = c.get("respondent_id") or (None if c.get("respondent_name") else
                                          employers.get((c["claimant_id"], pid or "")))
        if c.get("respondent_name") and not c.get("respondent_id"):
            said = str(c["respondent_name"])  # only a name in the clean case: the text gives it as it is
        elif resp in parties:
            p = parties[resp]
            if p["kind"] == "company":
                said = rng.choice((p["name"], normalize_company(p["name"]) + "公司", p["name"]))
            else:
                surname = p["name"][0]
                said = rng.choice((f"包工头{p['name']}", f"{surname}老板", f"老{surname}", f"{surname}总",
                                   p["name"]))
        else:
            said, resp = "老板", None
        amount = float(c["amount"])
        forms = [f"{_s(amount)}元"]
        if amount == int(amount) and amount < 1e8:
            forms.append(f"{to_cn(int(amount))}元")
        if amount % 100 == 0 and amount >= 10_000:
            forms.append(f"{amount / 10_000:g}万元")
        n = c.get("workers") or 1
        proj = projects.get(pid) if pid else None
        phrase = {"price": PRICE, "injury": INJURY}.get(c.get("kind") or "wages") or rng.choice(PHRASES)
        text = phrase.format(
            district="" if proj is None else (proj.get("district") or ""),
            project="工地" if proj is None else proj["name"].removeprefix(proj.get("district") or ""),
            resp=said, amount=rng.choice(forms), who=f"我们{n}人" if n > 1 else "我",
            who_count=f"共{n}人" if n > 1 else "就我一人", when=str(c["filed"])[:7].replace("-", "年") + "月")
        phone = w.get("phone") if rng.random() < 0.8 else ""
        rows.append([c["claim_id"], f"{c['filed']} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00", w["name"],
                     phone, w.get("id_number") if rng.random() < 0.3 else "", text,
                     "" if proj is None else proj.get("district"), STATUS_ZH[c.get("status") or "open"],
                     CHANNEL_ZH[c.get("channel") or "hotline"], c.get("group_id")])
        truth["mentions"][f"12345工单.csv:{len(rows) + 1}:caller"] = c["claimant_id"]
        truth["orders"][c["claim_id"]] = {"amount": amount, "respondent_id": resp, "workers": n, "project_id": pid}
    _write(out / "12345工单.csv", ["工单编号", "受理时间", "诉求人", "联系电话", "身份证号", "诉求内容", "区县",
                                   "办理状态", "来源渠道", "关联工单"], rows)


KIND_OF = {"项目备案": "projects", "合同备案": "contracts", "资质查询": "qualifications", "花名册": "roster",
           "工资表": "payroll", "12345工单": "hotline"}


def raw_files(folder: str | Path) -> list[tuple[Path, str]]:
    """(file, KIND) of the exports write_raw made, in a sensible import order."""
    folder = Path(folder)
    out = [(folder / f"{stem}.csv", kind) for stem, kind in KIND_OF.items() if (folder / f"{stem}.csv").exists()]
    return out + [(f, "bank") for f in sorted(folder.glob("流水_*.csv"))]


def import_all(folder: str | Path, into: str | Path, config: dict | None = None):
    """Import every export of ``folder`` into ``into`` at once (one rebuild); the import's Report."""
    from .importer import import_files

    return import_files(raw_files(folder), into, config=config)
