"""Read and validate a case bundle (a folder of CSV files or one .xlsx workbook).

``read_bundle(path)`` returns a :class:`Bundle` of typed tables, or raises
:class:`BundleError` listing *every* bad cell as ``file:row: column: message`` (row as a
spreadsheet shows it: the header is row 1). Nothing is returned half-valid unless the
analyst asks for ``quarantine=FILE``: then the good rows are kept, and the rejected ones are
written to FILE with their reasons (rows that point to a rejected row are rejected too).

>>> b = read_bundle("tests/data/mini")                      # doctest: +SKIP
>>> b.tables["contracts"].loc[0, "amount"]                   # doctest: +SKIP
125000.0
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import parse
from .ids import is_valid_credit_code, valid_id_numbers
from .schema import AGENT, TABLE_ORDER, TABLES, Table
from .util import paused_gc

RESERVED = {"label", "id", "key", "source", "rel", "_row", "loads", "load_run"}  # the last two: the Neo4j store's


@dataclass(frozen=True, order=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.message}"


class BundleError(Exception):
    """A bundle that cannot be read as it is; ``errors`` names every bad cell."""

    def __init__(self, errors: Iterable[RowError], source: str = ""):
        self.errors = sorted(set(errors))
        self.source = source
        head = "\n".join(str(e) for e in self.errors[:200])
        more = f"\n… and {len(self.errors) - 200} more" if len(self.errors) > 200 else ""
        super().__init__(f"{len(self.errors)} error(s) in bundle {source}:\n{head}{more}")


@dataclass
class Bundle:
    """Typed tables keyed by table name. Missing values are ``None``; ``_row`` is the sheet row."""

    source: str
    tables: dict[str, pd.DataFrame]
    extras: dict[str, list[str]] = field(default_factory=dict)
    rejected: list[RowError] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # table -> file label used in `source`

    def table(self, name: str) -> pd.DataFrame:
        """The table, or an empty frame with the schema's columns when the bundle lacks it."""
        if name in self.tables:
            return self.tables[name]
        return pd.DataFrame({c.name: pd.Series(dtype=object) for c in TABLES[name].columns} | {"_row": []})

    def label(self, name: str) -> str:
        return self.labels.get(name, TABLES[name].file)

    def has(self, name: str) -> bool:
        return name in self.tables

    @property
    def counts(self) -> dict[str, int]:
        return {n: len(self.tables[n]) for n in TABLE_ORDER if n in self.tables}


# ------------------------------------------------------------------ raw reading
def _read_csv(f: Path) -> pd.DataFrame:
    """An all-text frame of one CSV file: UTF-8 (with or without BOM), else GB18030 (a superset of
    the GBK that Chinese Excel writes), parsed by pandas straight from the file."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return pd.read_csv(f, dtype=str, keep_default_na=False, skipinitialspace=False, encoding=enc)
        except UnicodeDecodeError:
            continue
    raise BundleError([RowError(f.name, 1, "*", "cannot decode as UTF-8 or GB18030 (无法识别的文件编码)")])


def _header_map(table: Table) -> dict[str, str]:
    m: dict[str, str] = {}
    for c in table.columns:
        m[c.name.lower()] = c.name
        for z in c.zh:
            m[z] = c.name
    return m


def _sheet_alias() -> dict[str, str]:
    m = {}
    for t in TABLES.values():
        m[t.name] = t.name
        m[t.file] = t.name
        if t.zh:
            m[t.zh] = t.name
    return m


def read_raw(path: str | Path) -> dict[str, tuple[str, pd.DataFrame]]:
    """Table name -> (file label for messages, all-text frame) from a folder or .xlsx."""
    p = Path(path)
    out: dict[str, tuple[str, pd.DataFrame]] = {}
    alias = _sheet_alias()
    if p.is_dir():
        for f in sorted(p.iterdir()):
            if f.suffix.lower() != ".csv" or f.stem not in alias:
                continue
            out[alias[f.stem]] = (f.name, _read_csv(f))
    elif p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file():
        sheets = pd.read_excel(p, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl")
        for name, df in sheets.items():
            if name.strip() in alias:
                out[alias[name.strip()]] = (f"{p.name}[{name}]", df.fillna(""))
    elif not p.exists():
        raise BundleError([RowError(str(p), 0, "*", "no such file or folder (找不到案卷)")], str(p))
    else:
        raise BundleError([RowError(str(p), 0, "*", "a bundle is a folder of CSV files or one .xlsx")], str(p))
    return out


# ------------------------------------------------------------------ typing
def _convert(series: pd.Series, kind: str) -> tuple[list, dict[int, str]]:
    """Typed values (None for empty) and {position: error message}."""
    values: list = [None] * len(series)
    errors: dict[int, str] = {}
    texts = _stripped(series.tolist())
    if kind in ("str", "id") or kind.startswith("ref:"):
        return [t or None for t in texts] if "" in texts else texts, errors
    if kind == "credit_code" or kind == "id_number":
        filled = [i for i, t in enumerate(texts) if t]
        upper = [texts[i].upper() for i in filled]
        if kind == "credit_code":
            ok = [is_valid_credit_code(t) for t in upper]
        else:
            ok = valid_id_numbers(upper)
        for i, t, good in zip(filled, upper, ok, strict=True):
            values[i] = t
            if not good:
                errors[i] = ("invalid 统一社会信用代码 (GB 32100-2015 check digit)" if kind == "credit_code"
                             else "invalid 身份证号 (GB 11643-1999 check digit)") + f": {t!r}"
        return values, errors
    fn = {
        "date": parse.parse_date,
        "amount": parse.parse_amount,
        "bool": parse.parse_bool,
        "float": parse.parse_number,
    }.get(kind)
    if kind.startswith("enum:"):
        name = kind[5:]

        def fn(t: str) -> str:
            return parse.parse_enum(name, t)
    elif kind.startswith("list:"):
        name = kind[5:]

        def fn(t: str) -> list[str]:
            return parse.parse_list(name, t)
    # each distinct text is parsed once; the cells then take its value (empty cells: None, or a new
    # empty list for list columns)
    parsed: dict[str, object] = {}
    bad: dict[str, str] = {}
    for t in dict.fromkeys(texts):
        if not t:
            continue
        try:
            parsed[t] = fn(t)  # type: ignore[misc]
        except ValueError as e:
            bad[t] = str(e)
    if bad:
        for i, t in enumerate(texts):
            if t in bad:
                errors[i] = bad[t]
    if kind.startswith("list:"):
        return [parsed.get(t) if t else [] for t in texts], errors
    return list(map(parsed.get, texts)), errors


def _stripped(cells: list) -> list[str]:
    """Every cell as text without surrounding whitespace (``map`` over ``str.strip`` loops in C)."""
    try:
        return list(map(str.strip, cells))
    except TypeError:  # a cell that is not text (never from CSV, which is read as text)
        return [str(t).strip() for t in cells]


def _type_table(table: Table, label: str, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[RowError]]:
    errors: list[RowError] = []
    hmap = _header_map(table)
    rename, extras, seen = {}, [], set()
    for h in raw.columns:
        key = str(h).strip().lstrip("\ufeff")
        canonical = hmap.get(key.lower()) or hmap.get(key)
        if canonical and canonical not in seen:
            rename[h] = canonical
            seen.add(canonical)
        else:
            name = key if key not in RESERVED and key not in hmap.values() else f"x_{key}"
            rename[h] = name
            extras.append(name)
    raw = raw.rename(columns=rename)
    for c in table.columns:
        if c.required and c.name not in raw.columns:
            errors.append(RowError(label, 1, c.name, f"missing required column (缺少必填列 {c.zh[0]})"))
    out = pd.DataFrame(index=range(len(raw)))
    rows = list(range(2, len(raw) + 2))
    for c in table.columns:
        if c.name not in raw.columns:
            out[c.name] = pd.Series([[] if c.type.startswith("list:") else None] * len(raw), dtype=object)
            continue
        values, errs = _convert(raw[c.name], c.type)
        out[c.name] = pd.Series(values, dtype=object)
        for i, msg in errs.items():
            errors.append(RowError(label, rows[i], c.name, msg))
        if c.required and None in values:
            for i, v in enumerate(values):
                if v is None and i not in errs:
                    errors.append(RowError(label, rows[i], c.name, "required value is empty (必填项为空)"))
    for x in extras:
        out[x] = pd.Series([t if t else None for t in raw[x].astype(str).str.strip()], dtype=object)
    out["_row"] = rows
    return out, extras, errors


# ------------------------------------------------------------------ checks across rows and tables
def _check(tables: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[RowError]:
    errors: list[RowError] = []
    # required tables
    for name in TABLE_ORDER:
        t = TABLES[name]
        if t.required and name not in tables:
            errors.append(RowError(t.file, 0, "*", f"required table is missing (缺少必需的表 {t.zh})"))
    ids: dict[str, set[str]] = {}
    agent_owner: dict[str, str] = {}
    for name, df in tables.items():
        t = TABLES[name]
        key = t.key or ("employment_id" if name == "employment" else None)
        if key is None or key not in df:
            continue
        col = df[key]
        present = col.notna()
        dup = col[present].duplicated(keep="first")
        first_row = dict(zip(col[present][~dup], df["_row"][present][~dup], strict=True)) if dup.any() else {}
        for i in col[present][dup].index:
            v = col[i]
            errors.append(RowError(labels[name], int(df.at[i, "_row"]), key,
                                   f"duplicate id {v!r} (编号重复, first at row {first_row[v]})"))
        ids[name] = set(col[present].tolist())
        if t.id_namespace == AGENT:
            for i, v in zip(col[present].index.tolist(), col[present].tolist(), strict=True):
                other = agent_owner.setdefault(v, name)
                if other != name:
                    errors.append(RowError(labels[name], int(df.at[i, "_row"]), key,
                                           f"id {v!r} is already used in {TABLES[other].file} "
                                           "(party_id 与 person_id 共用编号空间)"))
    ids["agent"] = ids.get("parties", set()) | ids.get("persons", set())
    for name, df in tables.items():
        t = TABLES[name]
        for c in t.columns:
            if not c.type.startswith("ref:"):
                continue
            target = c.type[4:]
            known = ids.get(target, set())
            vals = df[c.name].tolist()
            unknown = set(vals) - known
            unknown.discard(None)
            if not unknown:
                continue
            what = "party or person" if target == "agent" else TABLES[target].file
            for v, row in zip(vals, df["_row"].tolist(), strict=True):
                if v in unknown:
                    errors.append(RowError(labels[name], int(row), c.name,
                                           f"unknown id {v!r} (not in {what}; 引用的编号不存在)"))
        if name == "parties":
            for i, kind, cc, idn in zip(df.index, df["kind"], df["credit_code"], df["id_number"], strict=True):
                if kind == "company" and cc is None:
                    errors.append(RowError(labels[name], int(df.at[i, "_row"]), "credit_code",
                                           "a company needs its 统一社会信用代码"))
                if kind == "individual" and idn is None:
                    errors.append(RowError(labels[name], int(df.at[i, "_row"]), "id_number",
                                           "an individual needs a 身份证号"))
    return errors


# ------------------------------------------------------------------ entry point
def read_bundle(path: str | Path, quarantine: str | Path | None = None) -> Bundle:
    """Read, type and validate a bundle; raise :class:`BundleError` naming every bad cell.

    With ``quarantine``, bad rows (and rows that depend on them) are dropped and written to
    that CSV file with their reasons instead, and the good rows are returned.
    """
    with paused_gc():
        return _read_bundle(path, quarantine)


def _read_bundle(path: str | Path, quarantine: str | Path | None) -> Bundle:
    raw = read_raw(path)
    tables: dict[str, pd.DataFrame] = {}
    labels: dict[str, str] = {}
    extras: dict[str, list[str]] = {}
    errors: list[RowError] = []
    for name in TABLE_ORDER:
        labels[name] = TABLES[name].file
        if name not in raw:
            continue
        label, df = raw[name]
        labels[name] = label
        typed, ex, errs = _type_table(TABLES[name], label, df)
        tables[name], extras[name] = typed, ex
        errors += errs
    structural = [e for e in errors if e.row <= 1]
    errors += _check(tables, labels)
    structural += [e for e in errors if e.row == 0]
    if errors and (quarantine is None or structural):
        raise BundleError(errors, str(path))
    rejected: list[RowError] = []
    while errors:  # drop bad rows, then re-check: rows that point at them go too
        rejected += errors
        bad: dict[str, set[int]] = {}
        for e in errors:
            bad.setdefault(e.file, set()).add(e.row)
        for name, df in list(tables.items()):
            drop = bad.get(labels[name], set())
            if drop:
                tables[name] = df[~df["_row"].isin(drop)].reset_index(drop=True)
        errors = _check(tables, labels)
    if quarantine is not None and rejected:
        _write_rejects(Path(quarantine), rejected, raw, labels)
    return Bundle(str(path), tables, extras, sorted(set(rejected)), labels)


def _write_rejects(out: Path, rejected: list[RowError], raw: dict, labels: dict[str, str]) -> None:
    by_label = {labels[n]: n for n in labels}
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["file", "row", "column", "reason", "record"])
        for e in sorted(set(rejected)):
            name = by_label.get(e.file)
            record = ""
            if name in raw and e.row >= 2:
                rec = raw[name][1].iloc[e.row - 2].to_dict()
                record = "; ".join(f"{k}={v}" for k, v in rec.items() if str(v).strip())
            w.writerow([e.file, e.row, e.column, e.message, record])
