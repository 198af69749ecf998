"""Read and validate a case bundle (a folder of CSV files or one .xlsx workbook).

``read_bundle(path)`` returns a :class:`Bundle` of typed tables, or raises
:class:`BundleError` listing *every* bad cell as ``file:row: column: message`` (row as a
spreadsheet shows it: the header is row 1). Nothing is returned half-valid unless the
analyst asks for ``quarantine=FILE``: then the good rows are kept, and the rejected ones are
written to FILE with their reasons (rows that point to a rejected row are rejected too).

>>> b = read_bundle("tests/data/mini")
>>> b.tables["contracts"].loc[0, "amount"]
10000000.0
"""

from __future__ import annotations

import csv
import functools
import multiprocessing
import pickle
import re
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import coordinate_to_tuple, get_column_letter

from . import parse
from .ids import is_valid_credit_code, valid_id_numbers
from .schema import AGENT, INTERNAL_KEY_PREFIXES, TABLE_ORDER, TABLES, Column, Table
from .util import atomic_path, paused_gc, release_memory, sheet_text
from .workers import default_workers

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
    missing: dict[str, list[str]] = field(default_factory=dict)  # table -> schema columns it did not have

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


# ------------------------------------------------------------------ raw reading, with limits against hostile files
MAX_COLUMNS = 256  # a table has a dozen columns; extra columns are kept, but not thousands of them
MAX_CELLS = 25_000_000  # cells (blank ones too) per sheet: Excel's 1,048,576 rows x a dozen columns and more
MAX_PART_BYTES = 1 << 30  # uncompressed size of one part of a workbook
MAX_PART_RATIO = 200  # ... and its compression ratio once above 16 MiB: real sheets pack 5-30 times, blanks 1000
# C0 and C1 control characters and DEL; tab, line feed and carriage return are ordinary in text cells
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# the same in a CSV file's bytes, for one quick look at a whole file: C0 and DEL bytes are never part of
# a UTF-8 or GB18030 multi-byte character, and C1 characters have fixed encodings (the GB18030 pattern
# takes in a few more characters: that only costs the exact look at the cells)
_NOT_C0 = bytes(sorted(set(range(256)) - set(range(0x20)) - {0x7F} | {0x09, 0x0A, 0x0D}))
_C1_BYTES = {"utf-8-sig": re.compile(rb"\xc2[\x80-\x9f]"), "gb18030": re.compile(rb"\x810[\x81-\x84][0-9]")}


def _read_csv(f: Path) -> pd.DataFrame:
    """An all-text frame of one CSV file: UTF-8 (with or without BOM), else GB18030 (a superset of
    the GBK that Chinese Excel writes), parsed by pandas straight from the file. The index is the
    row number a spreadsheet shows. A row with more or fewer fields than the header is an error: pandas
    would pad a short row with empty cells, and an empty qualification is a finding. Errors in single
    rows travel in ``attrs["errors"]`` (a quarantine sets those rows aside)."""
    # what one look at the file's bytes tells, taken before pandas parses it: the bytes and the parsed frame
    # never take memory together
    data = f.read_bytes()
    commas, quoted = data.count(b","), b'"' in data
    controls = {"utf-8-sig": _has_controls(data, "utf-8-sig")}
    del data
    for enc in ("utf-8-sig", "gb18030"):
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", pd.errors.ParserWarning)
                # every cell as the text it is: object columns of str (pandas' str dtype gives the same cells and
                # checks each again, 5 % of typing a large table)
                df = pd.read_csv(f, dtype=object, keep_default_na=False, skipinitialspace=False, encoding=enc,
                                 index_col=False)
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise BundleError([RowError(f.name, 1, "*", "empty file: no header row (空文件, 缺少表头)")]) from None
        except (pd.errors.ParserError, ValueError, OverflowError) as e:
            unclosed = "EOF inside string" in str(e)
            raise BundleError((not unclosed and _field_count_errors(f, enc)) or [_parser_error(f.name, e)]) from None
        df.index = pd.RangeIndex(2, len(df) + 2)
        # pandas cuts a first row longer than the header (warning only), so then every row is counted
        cut = any(issubclass(w.category, pd.errors.ParserWarning) for w in caught)
        df.attrs["errors"] = _field_count_errors(f, enc, len(df.columns), -1 if cut or quoted else len(df), commas)
        # no control character in the file spares the look at each column
        if enc not in controls:  # seldom: the file is read again for its own C1 characters
            controls[enc] = _has_controls(f.read_bytes(), enc)
        df.attrs["no_controls"] = not controls[enc]
        return df
    raise BundleError([RowError(f.name, 1, "*", "cannot decode as UTF-8 or GB18030 (无法识别的文件编码)")])


def _has_controls(data: bytes, encoding: str) -> bool:
    """Whether a file's bytes may hold a control character (C0, DEL, or C1 in this encoding)."""
    return bool(data.translate(None, _NOT_C0)) or bool(_C1_BYTES[encoding].search(data))


def _field_count_errors(f: Path, encoding: str, width: int = 0, rows: int = -1, commas: int = 0) -> list[RowError]:
    """Rows whose number of fields differs from the header's (row numbers as pandas counts them:
    blank lines skipped). For a file without quotes that pandas read without a warning (``rows`` >= 0), one
    count of its ``commas`` settles it: it then has no row longer than the header, so the commas add up only
    when no row is short. Otherwise Python's csv module, which splits as pandas does, counts each row."""
    if rows >= 0 and commas == (width - 1) * (rows + 1):
        return []
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)  # pandas has no limit on a field's size
    try:
        with f.open(newline="", encoding=encoding) as fh:
            # pandas skips blank and all-space lines
            lengths = [len(r) for r in csv.reader(fh) if len(r) > 1 or (r and r[0].strip())]
    except (csv.Error, UnicodeDecodeError):
        return []
    finally:
        csv.field_size_limit(limit)
    if not lengths:
        return []
    width = lengths[0]
    return [RowError(f.name, i + 1, "*", f"{n} fields where the header has {width} (字段数与表头不符)")
            for i, n in enumerate(lengths) if n != width]


def _parser_error(name: str, e: Exception) -> RowError:
    """One message from a pandas parser error (the row it names is counted from 0 at the header)."""
    text = _one_line(e)
    m = re.search(r"(row|line) (\d+)", text)  # pandas counts lines from 1 but rows from 0
    row = (int(m.group(2)) + (m.group(1) == "row")) if m else 0
    if "EOF inside string" in text:
        return RowError(name, row, "*", "a quoted field is never closed (引号未闭合)")
    return RowError(name, row, "*", f"not a readable CSV file: {text}")


def check_workbook_parts(p: Path) -> None:
    """:class:`BundleError` when a part of the workbook inflates beyond the limits (a zip bomb); the
    zip errors of a file that is no workbook are left to the caller."""
    with zipfile.ZipFile(p) as z:
        for info in z.infolist():
            big = info.file_size > MAX_PART_BYTES or (
                info.file_size > 16 << 20 and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1))
            if big:
                raise BundleError([RowError(p.name, 0, "*", f"part {info.filename} inflates to "
                                            f"{info.file_size:,} bytes: too large to read (文件过大)")])


def _read_xlsx(p: Path, alias: dict[str, str], first_row: int = 1) -> dict[str, tuple[str, pd.DataFrame]]:
    """The bundle's sheets of a workbook, streamed cell by cell (openpyxl's read-only parser): only
    filled cells are kept, so a stray cell at XFD1048576 or a sheet of styled blanks costs nothing, and
    the sheet's declared dimension is never trusted. A file that is not a readable workbook, or whose
    parts inflate beyond the limits, is one error."""
    from openpyxl import load_workbook

    try:
        check_workbook_parts(p)
        wb = load_workbook(p, read_only=True, data_only=True, keep_links=False)
    except BundleError:
        raise
    except Exception as e:  # noqa: BLE001 - a broken workbook makes openpyxl raise any kind of error
        raise BundleError([RowError(p.name, 0, "*", f"not a readable .xlsx workbook (无法读取的工作簿): "
                                    f"{_one_line(e)}")]) from None
    out: dict[str, tuple[str, pd.DataFrame]] = {}
    try:
        for ws in wb.worksheets:
            name = alias.get(ws.title.strip())
            if name is None:
                continue
            label = f"{p.name}[{ws.title}]"
            if name in out:
                raise BundleError([RowError(label, 0, "*", f"a second sheet for table {name} "
                                            f"(after {out[name][0]}; 工作表重复)")])
            try:
                out[name] = (label, _read_sheet(wb, ws, label, first_row))
            except BundleError:
                raise
            except Exception as e:  # noqa: BLE001 - as above: malformed sheet XML
                raise BundleError([RowError(label, 0, "*", f"not a readable sheet (无法读取的工作表): "
                                            f"{_one_line(e)}")]) from None
    finally:
        wb.close()
    return out


def _one_line(e: Exception) -> str:
    return " ".join(f"{type(e).__name__}: {e}".split())[:300]


def _read_sheet(wb, ws, label: str, first_row: int = 1) -> pd.DataFrame:
    """All-text frame of one sheet, indexed by sheet row; the header is the first row with a value.

    Decisions (README, "Bad input"): formulas give their saved value, and one without a saved value, or
    an error value such as ``#DIV/0!``, is an error; merged cells are an error (a merged block leaves
    blanks in all but its first cell); a number with a fraction or of 15 digits or more in an id or
    identifier column is an error (Excel keeps 15 significant digits: a 19-digit account loses its
    last ones); a value right of the header's last column, or under an empty header cell, is an error.
    """
    from openpyxl.worksheet._reader import CELL_TAG, FORMULA_TAG, ROW_TAG, WorkSheetParser
    from openpyxl.xml.functions import iterparse

    # the parser's parse_cell decodes one cell (shared strings, dates, booleans) as read-only mode does;
    # the loop below replaces its row-at-a-time parse() so that no row is ever held whole
    # (no source: only its parse_cell is used)
    parser = WorkSheetParser(None, ws._shared_strings, data_only=True, epoch=wb.epoch,  # type: ignore[arg-type]
                             date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
    merge_tag = CELL_TAG[:-1] + "mergeCell"
    cells: dict[int, dict[int, str]] = {}
    floats: set[tuple[int, int]] = set()
    bad: dict[tuple[int, int], str] = {}  # (row, column) -> what is wrong with a cell read as blank
    merged: list[str] = []
    seen = 0
    parent = row_el = None
    with ws._get_source() as src, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about what it drops (extensions, bad dates)
        for event, el in iterparse(src, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == ROW_TAG:
                    r = el.get("r")
                    parser.row_counter = int(r) if r else parser.row_counter + 1
                    parser.col_counter = 0
                    row_el = el
                elif tag == CELL_TAG[:-1] + "sheetData":
                    parent = el
                continue
            if tag == CELL_TAG or tag == ROW_TAG:
                seen += 1
                if seen > MAX_CELLS:
                    raise BundleError([RowError(label, 0, "*", f"more than {MAX_CELLS:,} cells in one sheet "
                                                "(单元格过多)")])
            if tag == CELL_TAG:
                c = parser.parse_cell(el)
                row, col, v = c["row"], c["column"], c["value"]
                if v is None:
                    if el.find(FORMULA_TAG) is not None:
                        bad[(row, col)] = ("formula without a saved value (公式没有计算结果): save the workbook "
                                           "in Excel, or paste values")
                elif c["data_type"] == "e":
                    bad[(row, col)] = f"Excel error value {v} (单元格错误)"
                else:
                    text = _cell_text(v)
                    if text:
                        cells.setdefault(row, {})[col] = text
                        if isinstance(v, float) and not (v.is_integer() and abs(v) < 1e15):
                            floats.add((row, col))
                el.clear()
                if row_el is not None:
                    row_el.remove(el)  # a row of a million cells is never held whole
            elif tag == ROW_TAG:
                el.clear()
                if parent is not None:
                    parent.remove(el)  # rows already read: keep nothing of them
            elif tag == merge_tag:
                merged.append(el.get("ref", ""))
    return _sheet_frame(label, cells, floats, merged, bad, first_row)


def _cell_text(v: object) -> str:
    """A cell's value as the text a CSV export would hold (dates ISO, whole numbers without ``.0``)."""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == time() else v.isoformat(sep=" ")
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


def _sheet_frame(label: str, cells: dict[int, dict[int, str]], floats: set[tuple[int, int]], merged: list[str],
                 bad: dict[tuple[int, int], str], first_row: int = 1) -> pd.DataFrame:
    """The frame of the filled cells: columns up to the header's last filled cell, rows with a value.
    ``attrs``: ``errors`` (column = header text, renamed to the bundle's column later), ``blank_ok``
    (cells whose emptiness an error already explains), ``float_cells`` (header -> rows). Rows above
    ``first_row`` (the title lines of a raw export, read by graphchain import) are left out."""
    errors: list[RowError] = []
    if first_row > 1:
        bad = {k: v for k, v in bad.items() if k[0] >= first_row}
        merged = [ref for ref in merged if _last_row(ref) >= first_row]
    bad_rows = {r for r, _ in bad}
    rows = [r for r in sorted(set(cells) | bad_rows) if r >= first_row]  # rows above: an export's title lines
    header_row = rows[0] if rows else 1
    header = cells.get(header_row, {})
    width = max(header, default=0)
    if width > MAX_COLUMNS:
        raise BundleError([RowError(label, header_row, "*", f"{width:,} columns: more than {MAX_COLUMNS} (列数过多)")])
    names = _unique([header.get(j, "") for j in range(1, width + 1)])

    def column(j: int) -> str:
        return names[j - 1] if 0 < j <= width and names[j - 1] else get_column_letter(j)

    blank_ok = {(r, column(j)) for r, j in bad}
    errors += [RowError(label, r, column(j), msg) for (r, j), msg in bad.items()]
    for ref in merged:
        first, _, last = ref.partition(":")
        try:
            (r1, c1), (r2, c2) = coordinate_to_tuple(first), coordinate_to_tuple(last or first)
        except (ValueError, TypeError):
            r1 = c1 = r2 = c2 = 0
        errors.append(RowError(label, r1, column(c1) if c1 else "*",
                               f"merged cells {ref} (合并单元格): unmerge them and fill every cell"))
        blank_ok |= {(r, column(j)) for r in rows if r1 <= r <= r2 for j in range(max(c1, 1), min(c2, width) + 1)}
    data_rows = []
    for r in rows[1:]:
        outside = [j for j in cells.get(r, {}) if j > width or not names[j - 1]]
        errors += [RowError(label, r, column(j), "value in a column without a header (表头之外的数据)")
                   for j in outside]
        if len(outside) < len(cells.get(r, {})) or r in bad_rows:
            data_rows.append(r)  # a row with nothing but values outside the header is no record
    if any(e.row <= header_row for e in errors):
        raise BundleError(errors)
    frame = pd.DataFrame({name: [cells.get(r, {}).get(j, "") for r in data_rows]
                          for j, name in enumerate(names, start=1) if name}, index=pd.Index(data_rows, dtype=int))
    float_cells: dict[str, list[int]] = {}
    for r, j in sorted(floats):
        if j <= width and names[j - 1]:
            float_cells.setdefault(names[j - 1], []).append(r)
    frame.attrs["float_cells"] = float_cells
    frame.attrs["errors"] = errors
    frame.attrs["blank_ok"] = blank_ok
    return frame


def _last_row(ref: str) -> int:
    """The last row of a cell range such as ``A1:F2`` (0 when it is not one)."""
    try:
        return coordinate_to_tuple(ref.partition(":")[2] or ref)[0]
    except (ValueError, TypeError):
        return 0


def _unique(names: list[str]) -> list[str]:
    """Header names with repeats numbered ``name.1``, ``name.2`` as pandas does for a CSV file."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        if n and n in seen:
            seen[n] += 1
            out.append(f"{n}.{seen[n]}")
        else:
            seen.setdefault(n, 0)
            out.append(n)
    return out


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
    """Table name -> (file label for messages, all-text frame indexed by sheet row) from a folder or
    .xlsx; errors confined to single rows are in each frame's ``attrs["errors"]``."""
    return {name: (label, _loaded(path, load)) for name, (label, load) in raw_sources(path).items()}


def _loaded(path: str | Path, load) -> pd.DataFrame:
    try:
        return load()
    except BundleError as e:
        raise BundleError(e.errors, str(Path(path))) from None


def raw_sources(path: str | Path) -> dict[str, tuple[str, Callable[[], pd.DataFrame]]]:
    """:func:`read_raw` with each CSV file read only when its loader is called (a workbook is read at once),
    so that a table can be typed, and its text frame freed, before the next one is read."""
    p = Path(path)
    out: dict[str, tuple[str, Callable[[], pd.DataFrame]]] = {}
    alias = _sheet_alias()
    try:
        if p.is_dir():
            for f in sorted(p.iterdir()):
                if f.suffix.lower() != ".csv" or f.stem not in alias:
                    continue
                name = alias[f.stem]
                if name in out:
                    raise BundleError([RowError(f.name, 0, "*", f"a second file for table {name} "
                                                f"(after {out[name][0]}; 文件重复)")])
                out[name] = (f.name, functools.partial(_read_csv, f))
        elif p.suffix.lower() in (".xlsx", ".xlsm") and p.is_file():
            out = {name: (label, functools.partial(_same, df)) for name, (label, df) in _read_xlsx(p, alias).items()}
        elif not p.exists():
            raise BundleError([RowError(str(p), 0, "*", "no such file or folder (找不到案卷)")])
        else:
            raise BundleError([RowError(str(p), 0, "*", "a bundle is a folder of CSV files or one .xlsx")])
    except BundleError as e:
        raise BundleError(e.errors, str(p)) from None
    return out


def _same(df: pd.DataFrame) -> pd.DataFrame:
    return df


# ------------------------------------------------------------------ typing
# Identifier codes are checked together (their check digits), each kind with its message.
CODES: dict[str, tuple[object, str]] = {
    "credit_code": (lambda codes: [is_valid_credit_code(c) for c in codes],
                    "invalid 统一社会信用代码 (GB 32100-2015 check digit)"),
    "id_number": (valid_id_numbers, "invalid 身份证号 (GB 11643-1999 check digit)"),
}


def _convert(cells: list, kind: str) -> tuple[list, dict[int, str]]:
    """Typed values (None for empty) and {position: error message} of a column's cells: text kinds as
    they are, codes by their check digits, the rest by :func:`graphchain.parse.parser`."""
    errors: dict[int, str] = {}
    texts = _stripped(cells)
    if kind in ("str", "id") or kind.startswith("ref:"):
        return [t or None for t in texts] if "" in texts else texts, errors
    if kind in CODES:
        check, message = CODES[kind]
        # upper case; a cell already so keeps its own string (most do: no second copy of a million numbers)
        values = [(u if (u := t.upper()) != t else t) if t else None for t in texts]
        good = check([v for v in values if v is not None])  # type: ignore[operator]
        if not all(good):
            at = (i for i, v in enumerate(values) if v is not None)
            errors = {i: f"{message}: {values[i]!r}" for i, ok in zip(at, good, strict=True) if not ok}
        return values, errors
    fn = parse.parser(kind)
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
    errors: list[RowError] = list(raw.attrs.get("errors", []))
    hmap = _header_map(table)
    rename: dict = {}
    extras: list[str] = []
    seen: dict[str, str] = {}
    for h in raw.columns:
        key = str(h).strip().lstrip("\ufeff")
        canonical = hmap.get(key.lower()) or hmap.get(key)
        repeats = canonical or _repeated(key, hmap)
        twice = repeats is not None and repeats in seen
        if twice and repeats is not None:
            errors.append(RowError(label, 1, repeats, f"column given twice: {seen[repeats]!r} and {key!r} (列重复)"))
        if canonical and not twice:
            rename[h] = canonical
            seen[canonical] = key
        else:
            name = key if key not in RESERVED and key not in hmap.values() else f"x_{key}"
            while name in extras or name in seen:  # `label` and `x_label`, or a blank header twice
                name += "_"
            rename[h] = name
            extras.append(name)
        if _CONTROL.search(key):
            errors.append(RowError(label, 1, repr(key), "control character in a header (表头含控制字符)"))
    floats = raw.attrs.get("float_cells", {})
    errors = [RowError(e.file, e.row, rename.get(e.column, e.column), e.message) for e in errors]
    blank_ok = {(r, rename.get(c, c)) for r, c in raw.attrs.get("blank_ok", ())}
    raw = raw.rename(columns=rename)
    for c in table.columns:
        if c.required and c.name not in raw.columns:
            errors.append(RowError(label, 1, c.name, f"missing required column (缺少必填列 {c.zh[0]})"))
    out = pd.DataFrame(index=range(len(raw)))
    # the sheet row of each cell: a range costs nothing, a list a Python int a row (60 MB at a million rows)
    index = raw.index
    rows = range(index.start, index.stop, index.step) if isinstance(index, pd.RangeIndex) else index.tolist()
    # a column the table lacks is unknown, not empty (parties without `qualifications`: not checked)
    out.attrs["missing"] = [c.name for c in table.columns if c.name not in raw.columns]
    # a column's cells as a list only while it is looked at: all of them at once are as large again as the table
    if not raw.attrs.get("no_controls"):
        for name in raw.columns:
            errors += _control_errors(label, name, raw[name].tolist(), rows)
    for h, bad_rows in floats.items():
        col = _column(table, rename.get(h))
        if col is not None and (col.type in ("id", "credit_code", "id_number") or col.type.startswith("ref:")
                                or col.identifier or col.personal):
            errors += [RowError(label, r, col.name, "a number in Excel, which keeps only 15 digits: store ids, "
                                "codes, phones and accounts as text (编号应为文本格式)") for r in bad_rows]
    for c in table.columns:
        if c.name not in raw.columns:
            out[c.name] = pd.Series([[] if c.type.startswith("list:") else None] * len(raw), dtype=object)
            continue
        values, errs = _convert(raw[c.name].tolist(), c.type)
        out[c.name] = pd.Series(values, dtype=object)
        for i, msg in errs.items():
            errors.append(RowError(label, rows[i], c.name, msg))
        if c.required and None in values:
            for i, v in enumerate(values):
                if v is None and i not in errs and (rows[i], c.name) not in blank_ok:
                    errors.append(RowError(label, rows[i], c.name, "required value is empty (必填项为空)"))
    if table.id_namespace == AGENT and table.key is not None and table.key in raw.columns:
        # these ids are node keys themselves: one that looks like an internal key ("project:P1") would
        # be taken for that node
        ids = out[table.key]
        maybe = _RESERVED_ID.search("\n".join(raw[table.key].tolist()))  # one look at all ids, most often enough
        internal = ids.str.startswith(INTERNAL_KEY_PREFIXES, na=False) if maybe else ids.isna() & False
        errors += [RowError(label, rows[i], table.key, f"id {out.at[i, table.key]!r} starts with a reserved prefix "
                            f"({', '.join(INTERNAL_KEY_PREFIXES)}; 编号不能以此开头)")
                   for i in internal[internal].index]
    if "start" in out and "end" in out:
        # ISO dates compare as text; the error stays on the end date
        late = [s is not None and e is not None and e < s for s, e in zip(out["start"], out["end"], strict=True)]
        errors += [RowError(label, rows[i], "end", f"ends before it starts ({str(out.at[i, 'end'])} < "
                            f"{str(out.at[i, 'start'])}; 结束日期早于开始日期)") for i, x in enumerate(late) if x]
    for x in extras:
        out[x] = pd.Series([t if t else None for t in raw[x].astype(str).str.strip()], dtype=object)
    out["_row"] = rows
    return out, extras, errors


_RESERVED_ID = re.compile(r"(?m)^\s*(?:" + "|".join(map(re.escape, INTERNAL_KEY_PREFIXES)) + ")")


def _repeated(key: str, hmap: dict[str, str]) -> str | None:
    """The column a header such as ``name.1`` repeats (pandas numbers a CSV file's repeated headers)."""
    m = re.fullmatch(r"(.+)\.\d+", key)
    return (hmap.get(m.group(1).lower()) or hmap.get(m.group(1))) if m else None


def _sheet_row(df: pd.DataFrame, i: int) -> int:
    """The sheet row of the frame's row ``i``."""
    return int(df["_row"].to_numpy()[i])


def _column(table: Table, name: str | None) -> Column | None:
    return next((c for c in table.columns if c.name == name), None)


def _control_errors(label: str, column: str, cells: list, rows: Sequence[int]) -> list[RowError]:
    """A cell holding a control character (NUL, ESC, ...): one search over the joined column, and a
    cell by cell look only when it finds one."""
    try:
        joined = "".join(cells)
    except TypeError:
        cells = [str(t) for t in cells]
        joined = "".join(cells)
    if not _CONTROL.search(joined):
        return []
    return [RowError(label, r, column, f"control character {m.group()!r} (含控制字符)")
            for t, r in zip(cells, rows, strict=True) if (m := _CONTROL.search(t))]


# ------------------------------------------------------------------ checks across rows and tables
def _check(tables: dict[str, pd.DataFrame], labels: dict[str, str]) -> list[RowError]:
    errors: list[RowError] = []
    # required tables
    for name in TABLE_ORDER:
        t = TABLES[name]
        if t.required and name not in tables:
            errors.append(RowError(t.file, 0, "*", f"required table is missing (缺少必需的表 {t.zh})"))
    ids: dict[str, set[str]] = {}
    agent_tables: list[str] = []  # the tables of the party/person namespace seen so far, in order
    for name, df in tables.items():
        t = TABLES[name]
        key = t.key or ("employment_id" if name == "employment" else None)
        if key is None or key not in df:
            continue
        col = df[key]
        values = col.tolist()
        ids[name] = set(values)
        ids[name].discard(None)
        if len(ids[name]) < len(values) - values.count(None):  # an id given twice: which rows (seldom)
            present = col.notna()
            dup = col[present].duplicated(keep="first")
            first_row = dict(zip(col[present][~dup], df["_row"][present][~dup], strict=True))
            for i in col[present][dup].index:
                v = col[i]
                errors.append(RowError(labels[name], _sheet_row(df, i), key,
                                       f"duplicate id {v!r} (编号重复, first at row {first_row[v]})"))
        if t.id_namespace == AGENT:
            # an id an earlier table of the namespace has: set intersections, then a look at those rows only
            clash = set().union(*(ids[name] & ids[other] for other in agent_tables))
            for i, v in (enumerate(values) if clash else ()):
                if v in clash:
                    other = next(o for o in agent_tables if v in ids[o])
                    errors.append(RowError(labels[name], _sheet_row(df, i), key,
                                           f"id {v!r} is already used in {TABLES[other].file} "
                                           "(party_id 与 person_id 共用编号空间)"))
            agent_tables.append(name)
    ids["agent"] = ids.get("parties", set()) | ids.get("persons", set())
    errors += _edge_clashes(tables, labels, ids)
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
                    errors.append(RowError(labels[name], _sheet_row(df, i), "credit_code",
                                           "a company needs its 统一社会信用代码"))
                if kind == "individual" and idn is None:
                    errors.append(RowError(labels[name], _sheet_row(df, i), "id_number",
                                           "an individual needs a 身份证号"))
    return errors


def _edge_clashes(tables: dict[str, pd.DataFrame], labels: dict[str, str], ids: dict[str, set]) -> list[RowError]:
    """Rows of two edge tables (contracts, payments, employment) with one id between the same two ends, in the
    same direction: the graph keys an edge by its ends and its id, so the second would be merged into the first
    and one record lost (a payment ``K2`` from A to B would erase contract ``K2`` from A to B, and with it the
    chain). Ids are unique within a table only (docs/data-format.md), so only this case is refused; only ids
    that two edge tables share are looked at (none, usually)."""
    errors: list[RowError] = []
    seen: list[tuple[str, dict]] = []  # earlier edge tables: (name, {id: (from, to, row)} of their shared ids)
    edge_tables = [n for n in TABLE_ORDER if n in tables and TABLES[n].edge is not None and n in ids]
    for name in edge_tables:
        t, df, link = TABLES[name], tables[name], TABLES[name].edge
        assert link is not None
        key = t.key or "employment_id"
        shared = set().union(*(ids[name] & ids[other] for other in edge_tables if other != name))
        if not shared:
            continue
        rows = df[df[key].isin(shared)]
        ends = {i: (u, v, r) for i, u, v, r in zip(rows[key], rows[link.source], rows[link.target], rows["_row"],
                                                    strict=True)}
        for other, other_ends in seen:
            for i, (u, v, r) in ends.items():
                if i in other_ends and other_ends[i][:2] == (u, v):
                    errors.append(RowError(labels[name], int(r), key,
                                           f"id {i!r} is also the id of {TABLES[other].file} row "
                                           f"{other_ends[i][2]}, between the same two parties ({u!r} → {v!r}): the "
                                           "graph would merge the two records into one; give one of them "
                                           "another id (同一双方之间的记录编号重复)"))
        seen.append((name, ends))
    return errors


# ------------------------------------------------------------------ entry point
def read_bundle(path: str | Path, quarantine: str | Path | None = None, *, workers: int | None = None) -> Bundle:
    """Read, type and validate a bundle; raise :class:`BundleError` naming every bad cell.

    With ``quarantine``, bad rows (and rows that depend on them) are dropped and written to
    that CSV file with their reasons instead, and the good rows are returned. A folder of large CSV files
    is typed in up to ``workers`` processes (default: the machine's cores; :func:`_typed_in_parallel`),
    with the same result.
    """
    with paused_gc():
        return _read_bundle(path, quarantine, default_workers() if workers is None else workers)


def _read_bundle(path: str | Path, quarantine: str | Path | None, workers: int) -> Bundle:
    sources = raw_sources(path)
    raw: dict[str, tuple[str, pd.DataFrame]] = {}  # kept only for the quarantine file (the rows as they were)
    tables: dict[str, pd.DataFrame] = {}
    labels: dict[str, str] = {name: TABLES[name].file for name in TABLE_ORDER}
    extras: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    errors: list[RowError] = []
    typed = _typed_in_parallel(path, sources, workers) if quarantine is None else None
    for name in TABLE_ORDER:
        if name not in sources:
            continue
        labels[name] = sources[name][0]
        t, ex, errs = (typed.pop(name) if typed is not None
                       else _typed(path, name, *sources[name], keep=raw if quarantine is not None else None))
        tables[name], extras[name], missing[name] = t, ex, t.attrs["missing"]
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
    return Bundle(str(path), tables, extras, sorted(set(rejected)), labels, missing)


Typed = tuple[pd.DataFrame, list[str], list[RowError]]  # a typed table, its extra columns, its cells' errors


def _typed(path: str | Path, name: str, label: str, load: Callable[[], pd.DataFrame],
           keep: dict | None = None) -> Typed:
    """One table read and typed (its text frame kept in ``keep`` for a quarantine file, else freed before
    the next table is read)."""
    try:
        df = _loaded(path, load)
    except BundleError:
        read_raw(path)  # the files in their order, as a reading of all of them first reports the first bad one
        raise
    if keep is not None:
        keep[name] = (label, df)
    out = _type_table(TABLES[name], label, df)
    del df
    release_memory()
    return out


# ------------------------------------------------------------------ the tables of a large folder in parallel
PARALLEL_BYTES = 16 << 20  # below this a folder is read in this process: a fork and the transfer cost more
# what sending a typed table back costs, as a share of typing it: pickled there, unpickled here (measured on
# payments, employment and persons of a million-row bundle: 0.31-0.47 and 0.13-0.18)
SEND, TAKE = 0.35, 0.15


def _typed_in_parallel(path: str | Path, sources: dict, workers: int) -> dict[str, Typed] | None:
    """Every table of a folder of CSV files typed, the work shared between this process and ``workers`` - 1
    forked ones (each table whole, in one of them); ``None`` when not worth it (small folder, one core, a
    workbook, no ``fork``) or when a file cannot be read: then the tables are read one by one, as always, and
    the errors are the same. Reading and typing a million rows takes seconds of one core's time, while
    sending a typed table back (pickled) costs a fraction of that.

    The tables typed away are taken in only once this process has typed its own, one at a time, in this
    thread: unpickled meanwhile (by a pool's result thread) they would hold the GIL against the typing here,
    and their memory would pile up on top of it."""
    files = {name: load.args[0] for name, (_, load) in sources.items()
             if isinstance(load, functools.partial) and load.func is _read_csv}
    sizes = {name: f.stat().st_size for name, f in files.items()}
    if (workers < 2 or len(files) < 2 or len(files) < len(sources) or sys.platform != "linux"
            or multiprocessing.current_process().daemon  # a pool's process may not start processes
            or sum(sizes.values()) < PARALLEL_BYTES):
        return None
    plan = _plan(sizes, workers)
    ctx = multiprocessing.get_context("fork")
    away = []
    try:
        for i in sorted(set(plan.values()) - {0}):
            names = [name for name in TABLE_ORDER if plan.get(name) == i]
            receive, send = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_typed_away, args=(send, path, [(n, *sources[n]) for n in names]),
                                  daemon=True)
            process.start()
            send.close()  # the child's end: this process only receives
            away.append((process, receive, names))
        typed = {name: _typed(path, name, *sources[name]) for name in TABLE_ORDER if plan.get(name) == 0}
        for _, receive, names in away:
            for name in names:
                try:
                    packed = pickle.loads(receive.recv_bytes())
                except EOFError:  # the process died (it said why on stderr): read one by one, as always
                    return None
                if packed is None:
                    return None
                typed[name] = _unpacked(packed)
        return typed
    finally:
        for process, receive, _ in away:
            receive.close()
            if process.is_alive():
                process.terminate()
            process.join()


def _typed_away(send, path: str | Path, jobs: list[tuple[str, str, Callable[[], pd.DataFrame]]]) -> None:
    """:func:`_typed` of each job in a forked process, sent back pickled (:func:`_packed`) once all are done (a
    send blocks until the parent reads, and it reads once its own tables are typed); ``None`` for a file that
    cannot be read (a :class:`BundleError` does not travel back whole: the parent reads the folder again, one
    table at a time, and names it)."""
    done: list[bytes] = []
    with paused_gc(), send:
        for name, label, load in jobs:
            try:
                done.append(pickle.dumps(_packed(name, _typed(path, name, label, load)), pickle.HIGHEST_PROTOCOL))
            except BundleError:
                done.append(pickle.dumps(None))
                break
        done.reverse()
        while done:  # each table's bytes let go once sent: the parent then holds that table, this process no more
            send.send_bytes(done.pop())


NUMBERS = ("amount", "float", "int")  # the column types parsed to Python numbers


def _packed(name: str, typed: Typed) -> tuple[Typed, dict[str, tuple[list, np.ndarray]]]:
    """A typed table as it travels: its number columns as (distinct objects, codes). Typing gives the cells of
    one text one number object; pickle copies a number per cell (it shares only strings and containers), which
    would add a float object a cell, about 90 MB at 20,000 projects."""
    df = typed[0]
    shared = {}
    for c in TABLES[name].columns:
        if c.type in NUMBERS and c.name in df:
            seen: dict[int, int] = {}
            distinct: list = []
            codes = np.empty(len(df), dtype=np.int64)
            for i, v in enumerate(df[c.name].tolist()):
                k = seen.get(id(v))
                if k is None:
                    k = seen[id(v)] = len(distinct)
                    distinct.append(v)
                codes[i] = k
            shared[c.name] = (distinct, codes)
            df[c.name] = None
    return typed, shared


def _unpacked(packed: tuple[Typed, dict[str, tuple[list, np.ndarray]]]) -> Typed:
    """The table :func:`_packed` sent, each number object shared again by the cells that had it."""
    typed, shared = packed
    for column, (distinct, codes) in shared.items():
        objects = np.empty(len(distinct), dtype=object)
        objects[:] = distinct
        typed[0][column] = pd.Series(objects[codes], dtype=object)
    return typed


def _plan(cost: dict[str, int], workers: int) -> dict[str, int]:
    """Table -> the process that types it (0: this one), largest first, each to the process that would
    finish it first; a table typed elsewhere costs :data:`SEND` more there and :data:`TAKE` of its work
    here. The cost of a table is its file's size (typing costs 40-60 ns a byte whatever the table).

    >>> _plan({"persons": 34, "payments": 23, "employment": 22, "claims": 4}, 2)
    {'persons': 0, 'payments': 1, 'employment': 0, 'claims': 1}
    """
    load = [0.0] * min(workers, len(cost))
    plan: dict[str, int] = {}
    for name, c in sorted(cost.items(), key=lambda nc: -nc[1]):
        finish = [load[0] + c] + [load[i] + c * (1 + SEND) for i in range(1, len(load))]
        i = finish.index(min(finish))
        plan[name] = i
        load[i] = finish[i]
        if i:
            load[0] += c * TAKE
    return plan


def _write_rejects(out: Path, rejected: list[RowError], raw: dict, labels: dict[str, str]) -> None:
    by_label = {labels[n]: n for n in labels}
    out.parent.mkdir(parents=True, exist_ok=True)
    # It holds raw rows, personal numbers unmasked: mode 0600, written whole or not at all, no live formula.
    with atomic_path(out, private=True) as tmp, tmp.open("w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["file", "row", "column", "reason", "record"])
        for e in sorted(set(rejected)):
            name = by_label.get(e.file)
            record = ""
            if name in raw and e.row in raw[name][1].index:
                rec = raw[name][1].loc[e.row].to_dict()
                record = "; ".join(f"{k}={v}" for k, v in rec.items() if str(v).strip())
            w.writerow([sheet_text(x) for x in (e.file, e.row, e.column, e.message, record)])
