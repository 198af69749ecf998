"""``graphchain import`` and ``graphchain resolve``: raw exports staged, resolved and written as a bundle.

Every import adds the file's records to the bundle's staging file (``_import/records.jsonl``, one record
per raw row, keyed by its content, so re-importing a file adds nothing) and then rebuilds the bundle's
tables from all staged records and the analyst's judgements: the order of imports does not matter, and
a judgement made once holds after any later import. The files written, all at once at the end:

- the bundle tables (``parties.csv`` … ``claims.csv``), each row with ``raw_source`` = the raw file:row(s);
- ``review.csv``: pairs that may be one entity (both records side by side, the reasons; fill ``decision``
  with same / different and run ``graphchain resolve``);
- ``judgements.csv``: every decision taken from review.csv (kept across imports);
- ``resolution.csv``: each mention (file:row:field) and the entity it was given, and how;
- ``unresolved.csv``: raw rows that could not become bundle rows, with the reason.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import parse
from ..analysis.names import looks_like_company, normalize_company, person_name
from ..bundle import BundleError, RowError, read_bundle
from ..ids import is_valid_credit_code, is_valid_id_number
from ..schema import TABLE_ORDER, TABLES
from ..util import atomic_dir, sheet_text
from .hotline import ProjectMatcher, extract
from .presets import KINDS, PURPOSE_WORDS, ROLES
from .read import Mapping, RawTable, mapping_for, read_raw_table
from .resolve import DEFAULTS, Mention, Resolution, clean, entity_id, resolve, safe_company_key

STAGE = Path("_import") / "records.jsonl"
OUTPUTS = ("parties", "persons", "projects", "contracts", "payments", "employment", "claims", "orders")
DECISIONS = {"same": "same", "different": "different", "是": "same", "同一": "same", "相同": "same", "否": "different",
             "不同": "different", "yes": "same", "no": "different", "y": "same", "n": "different"}


@dataclass
class Report:
    added: int = 0  # raw records new to the bundle
    already: int = 0  # raw records the bundle had (a re-import)
    skipped: Counter = field(default_factory=Counter)  # reason -> raw records not turned into rows
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows now
    merged: int = 0  # mentions that joined an entity seen elsewhere
    review: int = 0  # pairs waiting in review.csv
    judged: int = 0  # judgements applied
    refused: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"added {self.added:,} raw record(s), {self.already:,} already imported; "
               f"{self.merged:,} mention(s) merged into entities; {self.judged:,} judgement(s) applied; "
               f"{self.review:,} pair(s) to review in review.csv"]
        out += [f"skipped {n:,}: {why}" for why, n in sorted(self.skipped.items())]
        out.append("bundle now: " + ", ".join(f"{t} {n:,}" for t, n in self.rows.items() if n))
        return out + [f"judgement not applied: {r}" for r in self.refused]


# ------------------------------------------------------------------ staging
def _stage_path(into: Path) -> Path:
    return into / STAGE


def _load_stage(into: Path) -> list[dict]:
    p = _stage_path(into)
    if not p.is_file():
        return []
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def _records(kind: str, t: RawTable) -> list[dict]:
    """Staged records of a raw table: the key is the content (and which repeat of it this is: two equal
    transfers on one day in one statement stay two)."""
    seen: Counter = Counter()
    out = []
    for row, rec in zip(t.rows, t.records, strict=True):
        if kind == "bank":
            rec = {"account": t.meta.get("account", ""), "holder": t.meta.get("holder", "")} | rec
        body = json.dumps([kind, sorted(rec.items())], ensure_ascii=False)
        seen[body] += 1
        key = hashlib.sha1(f"{body}#{seen[body]}".encode()).hexdigest()
        out.append({"key": key, "kind": kind, "label": t.label, "row": row, "f": rec})
    return out


def _bundle_records(path: Path) -> list[dict]:
    """The rows of another bundle (read and checked by the bundle reader) as staged records; its ids are
    kept as they are, named by the bundle's folder or file name."""
    b = read_bundle(path)
    name = path.name
    out = []
    seen: Counter = Counter()
    for table in TABLE_ORDER:
        if not b.has(table):
            continue
        for rec in b.table(table).to_dict("records"):
            row = int(rec.pop("_row"))
            f = {k: _text(v) for k, v in rec.items() if _text(v) != ""}
            f["table"], f["bundle"] = table, name
            if table == "parties" and "qualifications" not in b.missing.get("parties", []):
                f["qualifications_known"] = "true"
            body = json.dumps(["bundle", sorted(f.items())], ensure_ascii=False)
            seen[body] += 1
            key = hashlib.sha1(f"{body}#{seen[body]}".encode()).hexdigest()
            out.append({"key": key, "kind": "bundle", "label": f"{name}/{b.label(table)}", "row": row, "f": f})
    return out


def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ";".join(v)
    return str(v)


def import_file(source: str | Path, kind: str, into: str | Path, mapping: str | Path | None = None,
                account: str | None = None, holder: str | None = None, config: dict | None = None) -> Report:
    """Import one raw export into the bundle folder ``into`` (created when missing); see the module doc."""
    return import_files([(source, kind)], into, mapping, account, holder, config)


def import_files(sources: Sequence[tuple[str | Path, str]], into: str | Path, mapping: str | Path | None = None,
                 account: str | None = None, holder: str | None = None, config: dict | None = None) -> Report:
    """Import several raw exports, (file, KIND) each, with one rebuild at the end: all of them or none."""
    into = Path(into)
    if into.exists() and not into.is_dir():
        raise BundleError([RowError(str(into), 0, "--into", "not a folder")])
    if into.is_dir() and not _stage_path(into).is_file() and any(
            (into / f"{t}.csv").exists() for t in OUTPUTS):
        raise BundleError([RowError(str(into), 0, "--into", "holds a bundle that import did not make: "
                                    "import into a new folder")])
    staged = _load_stage(into)
    keys = {r["key"] for r in staged}
    new: list[dict] = []
    total = 0
    errors: list[RowError] = []
    for source, kind in sources:
        if kind not in KINDS:
            raise BundleError([RowError(str(source), 0, "--as", f"unknown kind {kind!r} (one of "
                                        f"{', '.join(KINDS)})")])
        if kind == "bundle":
            try:
                other = _bundle_records(Path(source))
            except BundleError as e:
                errors += e.errors
                continue
            total += len(other)
            for r in other:
                if r["key"] not in keys:
                    keys.add(r["key"])
                    new.append(r)
            continue
        m: Mapping = mapping_for(kind, Path(mapping) if mapping else None)
        if account:
            m.constants["account"] = account
        if holder:
            m.constants["holder"] = holder
        try:
            table = read_raw_table(Path(source), kind, m)
        except BundleError as e:
            errors += e.errors
            continue
        if kind == "bank" and not table.meta.get("account") and not table.meta.get("holder"):
            errors.append(RowError(table.label, 1, "account", "the statement's own account and holder: give "
                                   "--account and --holder, or lines 账号：… and 户名：… above the table"))
            continue
        total += len(table.records)
        for r in _records(kind, table):
            if r["key"] not in keys:
                keys.add(r["key"])
                new.append(r)
    if errors:
        raise BundleError(errors, str(sources[0][0]) if len(sources) == 1 else f"{len(sources)} files")
    report = _write(into, staged + new, config)
    report.added, report.already = len(new), total - len(new)
    return report


def resolve_bundle(into: str | Path, config: dict | None = None) -> Report:
    """Take the decisions written in review.csv into judgements.csv and rebuild the bundle."""
    into = Path(into)
    if not _stage_path(into).is_file():
        raise BundleError([RowError(str(into), 0, "*", "not a bundle made by graphchain import (no "
                                    f"{STAGE})")])
    return _write(into, _load_stage(into), config)


# ------------------------------------------------------------------ judgements
def _judgements(into: Path) -> list[dict]:
    """judgements.csv, plus the decisions the analyst wrote into review.csv (a later one wins)."""
    out: dict[tuple[str, str], dict] = {}
    for name in ("judgements.csv", "review.csv"):
        p = into / name
        if not p.is_file():
            continue
        with p.open(encoding="utf-8-sig", newline="") as f:
            for i, r in enumerate(csv.DictReader(f), start=2):
                raw = (r.get("decision") or "").strip().lower()
                if not raw:
                    continue
                d = DECISIONS.get(raw)
                if d is None:
                    raise BundleError([RowError(name, i, "decision", f"{raw!r}: write same or different "
                                                "(相同 / 不同)")])
                a, b = (r.get("left_ref") or "").strip(), (r.get("right_ref") or "").strip()
                if a and b:
                    out[(a, b)] = {"left_ref": a, "right_ref": b, "decision": d,
                                   "left_name": r.get("left_name", ""), "right_name": r.get("right_name", "")}
    return list(out.values())


# ------------------------------------------------------------------ building the bundle
def _mentions(records: list[dict]) -> list[Mention]:
    out: list[Mention] = []
    holders: set[tuple[str, str, str]] = set()
    for r in records:
        k, f, where = r["kind"], r["f"], f"{r['label']}:{r['row']}"

        def add(role: str, name_f: str, code_f: str = "", idn_f: str = "", acct: tuple = (), phone: tuple = (),
                context: str = "", f=f, where=where) -> None:
            name = f.get(name_f, "")
            code = f.get(code_f, "")
            if not name and not code and not acct:
                return
            idn = f.get(idn_f, "")
            if code and (is_valid_id_number(code) or not is_valid_credit_code(code)):
                code, idn = "", code  # a 身份证号 in a party's code column: an individual (an 18-digit 身份证号
                # can pass the credit code's check too; a birth date and region make it a 身份证号)
            out.append(Mention(f"{where}:{name_f}", role, name, code, idn, tuple(a for a in acct if a),
                               tuple(p for p in phone if p), context=context))

        if k == "projects":
            add("party", "owner_name", "owner_code")
        elif k == "contracts":
            add("party", "from_name", "from_code")
            add("party", "to_name", "to_code")
        elif k == "qualifications":
            add("party", "name", "credit_code", phone=(f.get("phone", ""),))
        elif k == "bank":
            h = (r["label"], f.get("account", ""), f.get("holder", ""))
            if h not in holders:
                holders.add(h)
                add("bank", "holder", acct=(f.get("account", ""),))
            if f.get("cp_name") or f.get("cp_account"):
                add("bank", "cp_name", acct=(f.get("cp_account", ""),))
        elif k in ("roster", "payroll"):
            team = clean(f.get("project_name", "")) + "|" + safe_company_key(f.get("employer", ""))
            add("person", "name", idn_f="id_number", acct=(f.get("bank_account", ""),), phone=(f.get("phone", ""),),
                context=team)
            add("employer", "employer")
        elif k == "hotline":
            add("person", "caller", idn_f="id_number", phone=(f.get("phone", ""),))
        elif k == "bundle" and f["table"] in ("parties", "persons"):
            party = f["table"] == "parties"
            key = f["party_id"] if party else f["person_id"]
            out.append(Mention(f"{where}:name", "party" if party else "person", f.get("name", ""),
                               f.get("credit_code", ""), f.get("id_number", ""),
                               tuple(a for a in (f.get("bank_account", ""),) if a),
                               tuple(p for p in (f.get("phone", ""),) if p), given_id=f"{f['bundle']}:{key}"))
    return out


@dataclass
class _Entity:
    party_id: str | None
    person_id: str | None
    name: str
    mentions: list[int]


def _entities(res: Resolution, records_by_ref: dict[str, dict]) -> dict[int, _Entity]:
    """Entity (by root mention) -> its party and/or person id; a company without a credit code gets neither
    (the bundle requires one: its rows go to unresolved.csv)."""
    out = {}
    rank = {"bundle": -1, "qualifications": 0, "contracts": 1, "projects": 2, "roster": 3, "payroll": 4, "bank": 5,
            "hotline": 6}
    for root, idx in res.members().items():
        ms = [res.mentions[i] for i in idx]
        roles = {m.role for m in ms}
        code = next((m.code for m in ms if m.code), "")
        idn = next((m.id_number for m in ms if m.id_number), "")
        named = sorted((m for m in ms if m.name), key=lambda m: (rank.get(records_by_ref[m.ref]["kind"], 9),
                                                                  not (m.code or m.id_number)))
        name = named[0].name if named else ""
        first = res.mentions[root].ref
        party = person = None
        if code:
            party = entity_id(first, True)
        elif idn:
            if roles & {"party", "employer"}:
                party = entity_id(first, True)
            if "person" in roles or not party:
                person = entity_id(first, False)
        elif not ms[0].company or "person" in roles:
            person = entity_id(first, False)
        out[root] = _Entity(party, person, name, idx)
    return out


def _project_index(records: list[dict]) -> tuple[dict[str, dict], dict[str, str]]:
    """Projects by id (first record wins) and a lookup of cleaned names -> id."""
    projects: dict[str, dict] = {}
    for r in records:
        if r["kind"] != "projects" and not (r["kind"] == "bundle" and r["f"]["table"] == "projects"):
            continue
        f = r["f"]
        pid = f.get("project_id") or "J" + hashlib.sha1(clean(f.get("name", "")).encode()).hexdigest()[:8]
        projects.setdefault(pid, r | {"pid": pid})
    names = {clean(p["f"].get("name", "")): pid for pid, p in projects.items()}
    return projects, names


def _build(records: list[dict], judgements: list[dict], band: tuple[float, float]):
    mentions = _mentions(records)
    by_ref = {}
    for r in records:
        by_ref[f"{r['label']}:{r['row']}"] = r
    rec_of = {m.ref: by_ref[m.ref.rsplit(":", 1)[0]] for m in mentions}
    res = resolve(mentions, [(j["left_ref"], j["right_ref"], j["decision"]) for j in judgements], band)
    ents = _entities(res, rec_of)
    ent_of = {m.ref: ents[res.root[i]] for i, m in enumerate(mentions)}
    skipped: Counter = Counter()
    unresolved: list[list[str]] = []
    rows: dict[str, list[dict]] = {t: [] for t in OUTPUTS}

    def agent(ref: str, party_first: bool = True) -> str | None:
        e = ent_of.get(ref)
        if e is None:
            return None
        return (e.party_id or e.person_id) if party_first else (e.person_id or e.party_id)

    def unresolved_row(r: dict, table: str, why: str) -> None:
        skipped[why] += 1
        unresolved.append([f"{r['label']}:{r['row']}", r["kind"], table, why])

    holder_ref: dict[tuple, str] = {}
    for r in records:
        if r["kind"] == "bank":
            holder_ref.setdefault((r["label"], r["f"].get("account", ""), r["f"].get("holder", "")),
                                  f"{r['label']}:{r['row']}:holder")
    projects, pnames = _project_index(records)
    wage_accounts = {p["f"]["wage_account"]: pid for pid, p in projects.items() if p["f"].get("wage_account")}
    place = ProjectMatcher({pid: (p["f"].get("name", ""), p["f"].get("district", ""), p["f"].get("address", ""))
                            for pid, p in projects.items()})

    def project_of(f: dict) -> str | None:
        if f.get("project_id") in projects:
            return f["project_id"]
        return pnames.get(clean(f.get("project_name", "")))

    given = {m.given_id: m.ref for m in mentions if m.given_id}  # a merged bundle's ids -> its mention

    def of_bundle(f: dict, col: str, person_first: bool = False) -> str | None:
        ref = given.get(f"{f['bundle']}:{f.get(col)}") if f.get(col) else None
        return agent(ref, not person_first) if ref else None

    for project_id, r in projects.items():
        f = r["f"]
        owner = ent_of.get(given.get(f"{f['bundle']}:{f.get('owner_id')}", "") if r["kind"] == "bundle" else
                           f"{r['label']}:{r['row']}:owner_name")
        if owner is None or owner.party_id is None:
            unresolved_row(r, "projects", "owner without a 统一社会信用代码 (建设单位缺少信用代码)")
            continue
        rows["projects"].append({"project_id": project_id, "name": f.get("name"), "owner_id": owner.party_id,
                                 "district": f.get("district"), "start": f.get("start"), "end": f.get("end"),
                                 "wage_account": f.get("wage_account"), "guarantee": f.get("guarantee"),
                                 "raw_source": f"{r['label']}:{r['row']}"})
    good_projects = {p["project_id"] for p in rows["projects"]}
    individuals = sorted({e.name for e in ents.values() if e.name and not looks_like_company(e.name)})
    company_forms = {normalize_company(e.name) for e in ents.values() if e.party_id and looks_like_company(e.name)}
    # a respondent named as exactly one party or person is that one: by its comparable name (names.normalize_company)
    # or, for an individual, the full name without titles; a surname alone is left to the analysis
    keys: dict[str, set[str]] = defaultdict(set)
    for e in ents.values():
        if e.name and (eid := e.party_id or e.person_id):
            keys[_respondent_key(e.name)].add(eid)
    by_name = {k: next(iter(v)) for k, v in keys.items() if len(v) == 1 and k}
    employment: dict[tuple, dict] = {}
    bundle_rows: dict[str, list[dict]] = defaultdict(list)
    contract_ids: dict[str, str] = {}
    claims_seen: Counter = Counter()
    bank_lines = []
    for r in records:
        k, f, where = r["kind"], r["f"], f"{r['label']}:{r['row']}"
        if k == "contracts":
            pid, a, b = project_of(f), agent(f"{where}:from_name"), agent(f"{where}:to_name")
            why = ("unknown project (项目未备案)" if pid not in good_projects else
                   "party without a 统一社会信用代码 (主体缺少信用代码)" if not (a and b) else
                   "no contract type (缺少合同类型)" if not f.get("type") else "")
            if why:
                unresolved_row(r, "contracts", why)
                continue
            try:
                ctype = parse.parse_enum("contract_type", f["type"])
            except ValueError:
                ctype = "other"
            cid = f.get("contract_id") or "K" + r["key"][:8]
            if cid in contract_ids:
                unresolved_row(r, "contracts", f"contract {cid} again (合同重复; first at {contract_ids[cid]})")
                continue
            contract_ids[cid] = where
            rows["contracts"].append({"contract_id": cid, "project_id": pid, "from_id": a, "to_id": b,
                                      "type": ctype, "section": f.get("section"), "scope": f.get("scope"),
                                      "main_structure": f.get("main_structure"), "amount": f.get("amount"),
                                      "settled": f.get("settled"), "signed": f.get("signed"),
                                      "written": f.get("written"), "raw_source": where})
        elif k in ("roster", "payroll"):
            pid, person = project_of(f), ent_of.get(f"{where}:name")
            employer = agent(f"{where}:employer")
            worker = person.person_id if person else None
            why = ("unknown project (项目未备案)" if pid not in good_projects else
                   "employer without a 统一社会信用代码 (用工单位缺少信用代码)" if not employer else
                   "worker is not a person" if worker is None else "")
            if why:
                unresolved_row(r, "employment", why)
                continue
            job = employment.setdefault((worker, pid, employer), {
                "employment_id": None, "person_id": worker, "project_id": pid, "employer_id": employer,
                "role": None, "start": None, "end": None, "days": None, "wage_due": None, "wage_paid": None,
                "raw_source": []})
            job["raw_source"].append(where)
            if k == "roster":
                job["role"] = ROLES.get(f.get("role", ""), "worker")
                job["start"], job["end"] = job["start"] or f.get("start"), job["end"] or f.get("end")
            else:
                for col in ("days", "wage_due", "wage_paid"):
                    if f.get(col):
                        job[col] = (job[col] or 0.0) + float(f[col])
        elif k == "hotline":
            caller = ent_of.get(f"{where}:caller")
            pid, pspan = place.match(f.get("text", ""), f.get("district", ""))
            start, end = map(int, pspan.split(":")) if pspan else (0, 0)  # pspan: "start:end" or ""
            x = extract(f.get("text", ""), individuals, company_forms, (start, end))
            if caller is None or caller.person_id is None:
                unresolved_row(r, "claims", "caller is not a person (诉求人无法识别)")
                continue
            if x.amount is None:
                unresolved_row(r, "claims", "no amount in the text (内容中未找到金额)")
                continue
            claims_seen[f["order_id"]] += 1
            n = claims_seen[f["order_id"]]
            rows["claims"].append({
                "claim_id": f["order_id"] + (f"#{n}" if n > 1 else ""), "claimant_id": caller.person_id,
                "amount": repr(x.amount), "filed": f.get("filed"), "group_id": f.get("group"),
                "respondent_id": by_name.get(_respondent_key(x.respondent)) if x.respondent else None,
                "project_id": pid if pid in good_projects else None, "respondent_name": x.respondent,
                "workers": x.workers if x.workers and x.workers > 1 else None,
                "kind": _claim_kind(f.get("text", "")), "channel": _enum("channel", f.get("channel", "")) or "hotline",
                "status": _enum("status", f.get("status", "")), "text": f.get("text"),
                "amount_span": x.spans.get("amount"), "workers_span": x.spans.get("workers"),
                "respondent_span": x.spans.get("respondent"), "project_span": pspan or None,
                "dates": ";".join(x.dates) or None, "raw_source": where})
        elif k == "bundle" and f["table"] in BUNDLE_REFS:
            row = {c: v for c, v in f.items() if c not in ("table", "bundle")}
            for col, person_first in BUNDLE_REFS[f["table"]]:
                if f.get(col):
                    row[col] = of_bundle(f, col, person_first)
            if row.get("project_id") and row["project_id"] not in good_projects:
                unresolved_row(r, f["table"], "unknown project (项目未备案)")
                continue
            if any(f.get(col) and not row[col] for col, _ in BUNDLE_REFS[f["table"]]):
                unresolved_row(r, f["table"], "party without a 统一社会信用代码 (主体缺少信用代码)")
                continue
            row["raw_source"] = where
            bundle_rows[f["table"]].append(row)
        elif k == "bank":
            if not (f.get("cp_name") or f.get("cp_account")):
                skipped["bank line without a counterparty (interest, fees)"] += 1
                continue
            out_amt, in_amt = float(f.get("debit") or 0), float(f.get("credit") or 0)
            if (out_amt > 0) == (in_amt > 0):
                unresolved_row(r, "payments", "neither or both of 借方 and 贷方 filled")
                continue
            own = agent(holder_ref.get((r["label"], f.get("account", ""), f.get("holder", "")), ""))
            cp = agent(f"{where}:cp_name")
            if not own or not cp:
                unresolved_row(r, "payments", "counterparty without a 统一社会信用代码 (对方缺少信用代码)")
                continue
            out = out_amt > 0
            payer, payee = (own, cp) if out else (cp, own)
            payer_acct = f.get("account") if out else f.get("cp_account")
            bank_lines.append({"payer": payer, "payee": payee, "amount": out_amt or in_amt, "date": f["date"],
                               "serial": f.get("serial", ""), "side": "out" if out else "in", "memo": f.get("memo", ""),
                               "wage_project": wage_accounts.get(payer_acct or ""), "where": where, "key": r["key"],
                               "memo_project": place.match(f.get("memo", ""))[0]})
    between: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in rows["contracts"]:
        between[(c["from_id"], c["to_id"])].append(c)
    rows["payments"] = _payments(bank_lines, between)
    for table, extra in bundle_rows.items():  # a merged bundle's rows; an id taken already gets #2
        key = TABLES[table].key or "employment_id"
        taken = Counter(r.get(key) for r in rows[table])
        for r in extra:
            if key == "contract_id" and r[key] in contract_ids:
                continue  # the register's contract of that number wins
            if r.get(key):
                taken[r[key]] += 1
                if taken[r[key]] > 1:
                    r[key] = f"{r[key]}#{taken[r[key]]}"
            rows[table].append(r)
    for job in employment.values():
        job["raw_source"] = ";".join(job["raw_source"])
        job["employment_id"] = "e" + hashlib.sha1(job["raw_source"].split(";")[0].encode()).hexdigest()[:8]
        for col in ("days", "wage_due", "wage_paid"):
            job[col] = None if job[col] is None else repr(round(job[col], 2))
        rows["employment"].append(job)
    _agents(res, ents, rec_of, records, rows)
    return rows, res, ents, skipped, unresolved


# a merged bundle's columns that name a party or person: (column, person first)
BUNDLE_REFS = {"contracts": (("from_id", False), ("to_id", False)),
               "payments": (("payer_id", False), ("payee_id", False)),
               "employment": (("person_id", True), ("employer_id", False)),
               "claims": (("claimant_id", True), ("respondent_id", False)),
               "orders": (("party_id", False),)}


def _respondent_key(name: str) -> str:
    if looks_like_company(name):
        return "c:" + normalize_company(name)
    bare, surname_only = person_name(name)
    return "" if surname_only else "p:" + clean(bare)


def _enum(name: str, text: str) -> str | None:
    try:
        return parse.parse_enum(name, text) if text else None
    except ValueError:
        return None


def _claim_kind(text: str) -> str:
    """工伤 -> injury; 工程款 without 工资 (an 实际施工人's price) -> price; else wages."""
    if "工伤" in text:
        return "injury"
    if ("工程款" in text or "工程价款" in text) and "工资" not in text:
        return "price"
    return "wages"


def _purpose(memo: str) -> str | None:
    for word, purpose in PURPOSE_WORDS:
        if word in memo:
            return purpose
    return None


def _payments(lines: list[dict], between: dict[tuple[str, str], list[dict]]) -> list[dict]:
    """One payment per transfer: a line of the payer's statement and one of the payee's are the same
    transfer when they carry the same serial, else when (payer, payee, amount) agree and the dates are at
    most a day apart, one to one in date order. A wage-account transfer is on the account's project; a
    transfer whose 摘要 names a project is on it; a transfer between the two parties of exactly one contract
    (awarder to contractor; on the named project, when one is named) is under that contract, and on its
    project."""
    groups: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: {"out": [], "in": []})
    for x in lines:
        groups[(x["payer"], x["payee"], x["amount"])][x["side"]].append(x)
    pays: list[list[dict]] = []
    for g in groups.values():
        outs, ins = sorted(g["out"], key=lambda x: x["date"]), sorted(g["in"], key=lambda x: x["date"])
        by_serial = {x["serial"]: x for x in ins if x["serial"]}
        rest_out, paired = [], set()
        for x in outs:
            y = by_serial.pop(x["serial"], None) if x["serial"] else None
            if y is not None:
                pays.append([x, y])
                paired.add(id(y))
            else:
                rest_out.append(x)
        rest_in = [y for y in ins if id(y) not in paired]
        j = 0
        for x in rest_out:
            while j < len(rest_in) and _days(rest_in[j]["date"], x["date"]) < -1:
                pays.append([rest_in[j]])
                j += 1
            if j < len(rest_in) and abs(_days(rest_in[j]["date"], x["date"])) <= 1:
                pays.append([x, rest_in[j]])
                j += 1
            else:
                pays.append([x])
        pays += [[y] for y in rest_in[j:]]
    out: list[dict] = []
    ids: Counter[str] = Counter()
    for p in sorted(pays, key=lambda p: (p[0]["date"], p[0]["where"])):
        x = p[0]
        serial = next((y["serial"] for y in p if y["serial"]), "")
        pid = serial or "T" + x["key"][:10]
        ids[pid] += 1
        if ids[pid] > 1:
            pid = f"{pid}#{ids[pid]}"
        memo = next((y["memo"] for y in p if y["memo"]), "")
        wage = next((y["wage_project"] for y in p if y["wage_project"]), None)
        named = next((y["memo_project"] for y in p if y["memo_project"]), None)
        contracts = [c for c in between.get((x["payer"], x["payee"]), []) if named is None or c["project_id"] == named]
        contract = contracts[0] if len(contracts) == 1 and not wage else None
        out.append({"payment_id": pid, "payer_id": x["payer"], "payee_id": x["payee"], "amount": repr(x["amount"]),
                    "paid": min(y["date"] for y in p),
                    "project_id": wage or (contract and contract["project_id"]) or named,
                    "contract_id": contract and contract["contract_id"], "purpose": _purpose(memo),
                    "via_wage_account": "true" if wage else None, "memo": memo or None,
                    "raw_source": ";".join(y["where"] for y in p)})
    return out


def _days(a: str, b: str) -> int:
    return (date.fromisoformat(a) - date.fromisoformat(b)).days


def _agents(res: Resolution, ents: dict[int, _Entity], rec_of: dict[str, dict], records: list[dict],
            rows: dict[str, list[dict]]) -> None:
    """parties.csv and persons.csv rows of the entities."""
    quals_known = any(r["kind"] == "qualifications" or r["f"].get("qualifications_known") for r in records)
    for e in ents.values():
        ms = [res.mentions[i] for i in e.mentions]
        code = next((m.code for m in ms if m.code), None)
        idn = next((m.id_number for m in ms if m.id_number), None)
        phone = next((p for m in ms for p in m.phones), None)
        acct = next((a for m in ms if m.role != "bank" or m.ref.endswith(":holder") for a in m.accounts), None)
        sources = ";".join(sorted({m.ref.rsplit(":", 1)[0] for m in ms}))
        if e.party_id:
            reg = [rec_of[m.ref]["f"] for m in ms if rec_of[m.ref]["kind"] in ("qualifications", "bundle")]
            row = {"party_id": e.party_id, "name": e.name, "kind": "company" if code else "individual",
                   "credit_code": code, "id_number": None if code else idn, "legal_rep": None, "licence": None,
                   "phone": phone, "bank_account": acct, "address": None, "raw_source": sources}
            if quals_known:
                row["qualifications"] = ";".join(sorted({q for f in reg if not f.get("bundle")
                                                         for q in _quals(f.get("qualifications"))}))
            for f in reg:
                if f.get("bundle"):  # a merged bundle's party: its columns as they are
                    row["qualifications"] = ";".join(sorted(set((row.get("qualifications") or "").split(";")) - {""}
                                                            | set(f.get("qualifications", "").split(";")) - {""}))
                    row["absconded"] = row.get("absconded") or f.get("absconded")
                row["legal_rep"] = row["legal_rep"] or f.get("legal_rep")
                row["address"] = row["address"] or f.get("address")
                if f.get("licence"):
                    try:
                        row["licence"] = parse.parse_enum("licence", f["licence"])
                    except ValueError:
                        pass
            rows["parties"].append(row)
        if e.person_id:
            rows["persons"].append({"person_id": e.person_id, "name": e.name, "id_number": idn, "phone": phone,
                                    "bank_account": acct, "raw_source": sources})


def _quals(text: str | None) -> list[str]:
    out = []
    for part in (text or "").replace("；", ";").replace("、", ";").replace(",", ";").split(";"):
        part = part.strip()
        for word, q in (("总承包", "general"), ("专业承包", "specialty"), ("专业分包", "specialty"),
                        ("劳务", "labour"), ("专业作业", "labour")):
            if word in part:
                out.append(q)
                break
    return out


# ------------------------------------------------------------------ writing
REVIEW_COLUMNS = ("decision", "score", "reasons", "left_ref", "left_name", "left_codes", "left_accounts",
                  "left_phones", "left_seen", "right_ref", "right_name", "right_codes", "right_accounts",
                  "right_phones", "right_seen")


def _side(res: Resolution, members: dict[int, list[int]], root: int) -> list[str]:
    ms = [res.mentions[i] for i in members[root]]
    return [res.mentions[root].ref, res.mentions[root].name,
            ";".join(sorted({m.code or m.id_number for m in ms} - {""})),
            ";".join(sorted({a for m in ms for a in m.accounts})), ";".join(sorted({p for m in ms for p in m.phones})),
            ";".join(m.ref for m in ms[:5]) + (f" (+{len(ms) - 5})" if len(ms) > 5 else "")]


def _write(into: Path, records: list[dict], config: dict | None) -> Report:
    settings = DEFAULTS | ((config or {}).get("import") or {})
    band = (float(settings["review_min"]), float(settings["review_max"]))
    judgements = _judgements(into) if into.is_dir() else []
    rows, res, ents, skipped, unresolved = _build(records, judgements, band)
    report = Report(skipped=skipped, rows={t: len(rows[t]) for t in OUTPUTS}, review=len(res.review),
                    refused=res.refused)
    report.merged = sum(1 for h in res.how if h != "first")
    refs = {m.ref for m in res.mentions}
    report.judged = sum(1 for j in judgements if j["left_ref"] in refs and j["right_ref"] in refs)
    members = res.members()
    ent_id = {root: (e.party_id or e.person_id or "") for root, e in ents.items()}
    into.parent.mkdir(parents=True, exist_ok=True)
    with atomic_dir(into, private=True) as tmp:
        (tmp / STAGE.parent).mkdir()
        with (tmp / STAGE).open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        os.chmod(tmp / STAGE.parent, 0o700)
        os.chmod(tmp / STAGE, 0o600)
        for t in OUTPUTS:  # an empty table is written when required or when it was there before (no stale rows)
            if rows[t] or TABLES[t].required or (into / f"{t}.csv").exists():
                _csv(tmp / f"{t}.csv", rows[t])
        _csv_rows(tmp / "review.csv", REVIEW_COLUMNS,
                  [["", f"{p.score:.0f}", "; ".join(p.reasons), *_side(res, members, p.left),
                   *_side(res, members, p.right)]
                   for p in res.review])
        _csv_rows(tmp / "judgements.csv", ("left_ref", "right_ref", "decision", "left_name", "right_name"),
                  [[j[c] for c in ("left_ref", "right_ref", "decision", "left_name", "right_name")]
                   for j in judgements])
        _csv_rows(tmp / "resolution.csv", ("ref", "name", "entity_id", "how"),
                  [[m.ref, m.name, ent_id[res.root[i]], res.how[i]] for i, m in enumerate(res.mentions)])
        _csv_rows(tmp / "unresolved.csv", ("source", "kind", "table", "reason"), unresolved)
    return report


def _csv(path: Path, rows: list[dict]) -> None:
    if not rows:
        _csv_rows(path, [c.name for c in TABLES[path.stem].columns if c.required], [])
        return
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    used = [c for c in cols if c in ("party_id", "person_id", "project_id", "contract_id", "payment_id", "claim_id",
                                     "qualifications") or any(r.get(c) not in (None, "") for r in rows)]
    _csv_rows(path, used, [[r.get(c) for c in used] for r in rows])


def _csv_rows(path: Path, header, rows) -> None:
    """A CSV file of personal numbers unmasked: mode 0600, no live formula."""
    with open(path, "w", encoding="utf-8", newline="", opener=lambda p, flags: os.open(p, flags, 0o600)) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows([["" if v is None else sheet_text(v) for v in r] for r in rows])
