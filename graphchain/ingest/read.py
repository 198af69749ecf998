"""Read one raw export (CSV in UTF-8 or GBK, or the first sheet of an .xlsx) into records of fields.

The bytes are read by the bundle reader's hardened helpers (encoding detection, field counts, control
characters, workbook limits); this module only finds the header row (a bank statement has lines such as
``账号：…`` above its table), maps the headers to fields by the KIND's preset or the user's mapping file,
and types the values. Every bad cell is a :class:`~graphchain.bundle.RowError` ``file:row: column: message``.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import parse
from ..bundle import _CONTROL, BundleError, RowError, _read_csv, _read_xlsx, check_workbook_parts
from ..ids import is_valid_credit_code, is_valid_id_number
from ..util import printable
from .presets import PRESETS, REQUIRED, VALUES

HEADER_SCAN = 30  # lines looked at for the header row (a statement's title and account lines come first)
_META = re.compile(r"^\s*(账号|账户|帐号|户名|账户名称|单位名称|客户名称)\s*[:：]\s*(.+?)\s*$")
_META_FIELD = {"账号": "account", "账户": "account", "帐号": "account", "户名": "holder", "账户名称": "holder",
               "单位名称": "holder", "客户名称": "holder"}


@dataclass
class Mapping:
    """Header -> field, value maps and constants: a preset, maybe overridden by a mapping file."""

    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)


def mapping_for(kind: str, path: Path | None = None) -> Mapping:
    """The preset of ``kind``, overridden by the TOML file at ``path``."""
    m = Mapping({h: f for f, headers in PRESETS[kind].items() for h in headers},
                {k: dict(v) for k, v in VALUES.items()})
    if path is None:
        return m
    try:
        doc = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise BundleError([RowError(Path(path).name, 0, "*", f"not a readable TOML mapping file: {e}")]) from None
    fields = set(PRESETS[kind])
    errors = []
    for header, f in (doc.get("columns") or {}).items():
        if f not in fields:
            errors.append(RowError(Path(path).name, 0, str(header), f"unknown field {f!r} for {kind} "
                                   f"(known: {', '.join(sorted(fields))})"))
        m.columns[str(header).strip()] = str(f)
    for f, vmap in (doc.get("values") or {}).items():
        if not isinstance(vmap, dict):
            errors.append(RowError(Path(path).name, 0, str(f), "[values.FIELD] must be a table of text = value"))
            continue
        m.values.setdefault(str(f), {}).update({str(k): str(v) for k, v in vmap.items()})
    for f, v in (doc.get("constants") or {}).items():
        m.constants[str(f)] = str(v)
    if errors:
        raise BundleError(errors)
    return m


@dataclass
class RawTable:
    label: str  # the file name as messages and `raw_source` show it
    rows: list[int]  # the row number a spreadsheet shows, per record
    records: list[dict[str, str]]  # field -> text (stripped; empty fields left out)
    headers: dict[str, str]  # field -> the header it came from
    meta: dict[str, str]  # account / holder from the lines above the table


def _decode(data: bytes) -> str | None:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _header_line(lines: list[str], known: set[str]) -> int:
    """Index of the first line of a CSV text with at least two known headers (0 when none has)."""
    for i, line in enumerate(lines[:HEADER_SCAN]):
        try:
            cells = next(csv.reader(io.StringIO(line)), [])
        except csv.Error:
            continue
        if sum(c.strip() in known for c in cells) >= 2:
            return i
    return 0


def _read_frame(path: Path, known: set[str]) -> tuple[str, pd.DataFrame, dict[str, str]]:
    """(label, all-text frame indexed by sheet row, meta) of a CSV file or a workbook's first sheet."""
    if not path.is_file():
        raise BundleError([RowError(str(path), 0, "*", "no such file (找不到文件)")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        class _FirstSheet(dict):  # _read_xlsx keeps the sheets its alias names: here the first one
            taken = False

            def get(self, key, default=None):
                first, self.taken = not self.taken, True
                return key if first else None

        first, meta = _xlsx_header_row(path, known)
        sheets = _read_xlsx(path, _FirstSheet(), first)
        if not sheets:
            raise BundleError([RowError(path.name, 0, "*", "the workbook has no sheet")])
        label, frame = next(iter(sheets.values()))
        return label, frame, meta
    data = path.read_bytes()
    text = _decode(data)
    if text is None:
        raise BundleError([RowError(path.name, 1, "*", "cannot decode as UTF-8 or GB18030 (无法识别的文件编码)")])
    lines = text.splitlines(keepends=True)
    skip = _header_line(lines, known)
    if skip == 0:
        return path.name, _read_csv(path), {}
    meta = {}
    for line in lines[:skip]:
        m = _META.match(line.replace(",", " ").strip())
        if m:
            meta.setdefault(_META_FIELD[m.group(1)], m.group(2).strip())
    tmp = Path(tempfile.mkdtemp(prefix=".graphchain-import-"))
    try:  # the table below the header lines, read by the same reader; rows shifted back afterwards
        part = tmp / path.name
        part.write_text("".join(lines[skip:]), encoding="utf-8")
        try:
            frame = _read_csv(part)
        except BundleError as e:
            raise BundleError([RowError(x.file, x.row + skip if x.row else 0, x.column, x.message)
                               for x in e.errors]) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    frame.index = frame.index + skip
    frame.attrs["errors"] = [RowError(x.file, x.row + skip, x.column, x.message) for x in frame.attrs["errors"]]
    return path.name, frame, meta


def _xlsx_header_row(path: Path, known: set[str]) -> tuple[int, dict[str, str]]:
    """(the sheet row of the header, account/holder from the lines above it) of a workbook's first sheet;
    (1, {}) when it cannot tell (the bundle reader then reports what is wrong with the file)."""
    from openpyxl import load_workbook

    try:
        check_workbook_parts(path)  # before openpyxl reads a part (its shared strings are read whole)
        wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        try:
            ws = wb.worksheets[0]
            rows = [[str(c).strip() for c in row if c is not None]
                    for row in ws.iter_rows(max_row=HEADER_SCAN, values_only=True)]
        finally:
            wb.close()
    except BundleError:
        raise
    except Exception:  # noqa: BLE001 - a broken workbook: _read_xlsx says so, in one line
        return 1, {}
    meta: dict[str, str] = {}
    for i, cells in enumerate(rows):
        if sum(c in known for c in cells) >= 2:
            return i + 1, meta
        m = _META.match(" ".join(cells))
        if m:
            meta.setdefault(_META_FIELD[m.group(1)], m.group(2).strip())
    return 1, {}


def read_raw_table(path: Path, kind: str, mapping: Mapping) -> RawTable:
    """The records of one raw export; :class:`BundleError` naming every bad cell."""
    label, frame, meta = _read_frame(Path(path), set(mapping.columns))
    label = printable(label)  # it becomes `raw_source`: no control character from a file name in a bundle cell
    errors: list[RowError] = list(frame.attrs.get("errors", []))
    headers: dict[str, str] = {}
    for h in frame.columns:
        key = unicodedata.normalize("NFKC", str(h)).strip().lstrip("\ufeff")
        f = mapping.columns.get(key) or mapping.columns.get(str(h).strip())
        if f is None:
            continue
        if f in headers:
            errors.append(RowError(label, 1, str(h), f"a second column for {f} (after {headers[f]!r}; 列重复)"))
            continue
        headers[f] = str(h)
    for f in REQUIRED.get(kind, ()):
        if f not in headers and f not in mapping.constants:
            wanted = " / ".join(PRESETS[kind][f][:3])
            errors.append(RowError(label, 1, f, f"missing column (缺少列 {wanted}); map it with --mapping"))
    if any(e.row <= 1 for e in errors):
        raise BundleError(errors)
    rows = [int(r) for r in frame.index]
    records: list[dict[str, str]] = []
    columns = {f: frame[h].tolist() for f, h in headers.items()}
    for i, row in enumerate(rows):
        rec = {}
        for f, cells in columns.items():
            v = str(cells[i]).strip()
            if bad := _CONTROL.search(v):
                errors.append(RowError(label, row, headers[f], f"control character {bad.group()!r} (含控制字符)"))
                continue
            if v:
                rec[f] = mapping.values.get(f, {}).get(v, v)
        for f, v in mapping.constants.items():
            rec.setdefault(f, v)
        records.append(rec)
    for f, v in mapping.constants.items():
        meta[f] = v
    table = RawTable(label, rows, records, headers, meta)
    errors += check(table)
    if errors:
        raise BundleError(errors)
    return table


# ------------------------------------------------------------------ typing the fields
_DATETIME = re.compile(r"^(\S+?)(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)?$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
DATE_FIELDS = {"start", "end", "signed", "date", "filed", "paid_date", "valid_until"}
AMOUNT_FIELDS = {"guarantee", "amount", "settled", "debit", "credit", "wage_due", "wage_paid", "balance"}
BOOL_FIELDS = {"main_structure", "written", "via_wage_account"}
DIGITS = {"account", "cp_account", "bank_account", "wage_account", "phone"}


def as_date(text: str) -> str:
    """ISO date of a cell that may carry a time (``2024-03-05 10:21:07``) or be a month (``2024年3月``)."""
    m = _MONTH.match(text)
    if m:
        return parse.parse_date(f"{m.group(1)}-{m.group(2)}-1")
    m = _DATETIME.match(text.strip())
    return parse.parse_date(m.group(1) if m else text)


def check(t: RawTable) -> list[RowError]:
    """Type every field in place (dates ISO, amounts as text of a float); errors for the bad ones."""
    errors = []
    for row, rec in zip(t.rows, t.records, strict=True):
        for f, v in list(rec.items()):
            col = t.headers.get(f, f)
            try:
                if f in DATE_FIELDS:
                    rec[f] = as_date(v)
                elif f == "month":
                    rec[f] = as_date(v)[:7]
                elif f in AMOUNT_FIELDS:
                    rec[f] = repr(parse.parse_amount(v.replace("¥", "").replace("￥", "")))
                elif f == "days":
                    rec[f] = repr(parse.parse_number(v))
                elif f in BOOL_FIELDS:
                    rec[f] = "true" if parse.parse_bool(v) else "false"
                elif f == "id_number" or f == "credit_code" or f.endswith("_code"):  # a party's code: a
                    # company's 统一社会信用代码, or an individual's 身份证号 (a registered 个体工商户)
                    rec[f] = _code(f, v)
                elif f in DIGITS:
                    rec[f] = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", v))
            except ValueError as e:
                errors.append(RowError(t.label, row, col, str(e)))
    return errors


def _code(f: str, v: str) -> str:
    s = unicodedata.normalize("NFKC", v).strip().upper().replace(" ", "")
    if f == "id_number":
        if not is_valid_id_number(s):
            raise ValueError(f"invalid 身份证号 (GB 11643-1999 check digit): {s!r}")
    elif not (is_valid_credit_code(s) or is_valid_id_number(s)):  # a party's code: a company's or a person's
        raise ValueError(f"neither a 统一社会信用代码 nor a 身份证号 (check digit): {s!r}")
    return s
