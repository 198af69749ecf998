"""Hostile and broken input on the reading side (issue 10, items 2, 5, 6 and 7): every bad file or
cell is one ``file:row: column: message`` error (exit 2 from the CLI), never a traceback, a blown-up
memory or a silent wrong answer. Each test's docstring names the issue example it covers."""

from __future__ import annotations

import csv
import json
import re
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from typer.testing import CliRunner

import graphchain.bundle as bundle_mod
from graphchain import BundleError, build_graph, read_bundle
from graphchain.analysis.config import ConfigError, load_config
from graphchain.cli import app
from graphchain.findings import analyze_graph
from graphchain.parse import parse_amount, parse_date, parse_number

from .conftest import MINI, to_xlsx

runner = CliRunner()
ERROR_LINE = re.compile(r"^\S.*:\d+: [^:]+: .+$")


# ------------------------------------------------------------------ helpers
def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "bundle"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(MINI, dst)
    return dst


def _rows(f: Path) -> list[list[str]]:
    with f.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write_rows(f: Path, rows: list[list[str]]) -> None:
    with f.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _set(f: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV file; ``row`` as a spreadsheet shows it (header = 1)."""
    rows = _rows(f)
    rows[row - 1][rows[0].index(column)] = value
    _write_rows(f, rows)


def _rename_id(b: Path, old: str, new: str) -> None:
    """Replace an id everywhere in a bundle folder (every cell equal to it)."""
    for f in b.glob("*.csv"):
        _write_rows(f, [[new if c == old else c for c in r] for r in _rows(f)])


def _errors(path: Path, **kw) -> list[str]:
    with pytest.raises(BundleError) as e:
        read_bundle(path, **kw)
    return [str(x) for x in e.value.errors]


def _xlsx(tmp_path: Path, name: str = "bundle.xlsx") -> Path:
    return to_xlsx(MINI, tmp_path / name)


def _edit_xlsx(path: Path, edit) -> Path:
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def _patch_sheet(path: Path, sheet: str, old: bytes, new: bytes) -> None:
    """Replace bytes in one sheet's XML inside the workbook (for what openpyxl cannot write)."""
    titles = load_workbook(path, read_only=True).sheetnames
    part = f"xl/worksheets/sheet{titles.index(sheet) + 1}.xml"
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                assert old in data, (old, data[-300:])
                data = data.replace(old, new, 1)
            zout.writestr(info, data)
    tmp.replace(path)


def _peak_mb(fn) -> tuple[object, float]:
    tracemalloc.start()
    try:
        out = fn()
    except BundleError as e:
        out = e
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return out, peak


def _cli(*args: str):
    # a wide COLUMNS keeps rich from wrapping long messages (not wrapping them on a non-terminal at all
    # is the CLI's concern, tested with the CLI)
    r = runner.invoke(app, list(args), env={"COLUMNS": "2000"})
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def _assert_one_line_error(r, *needles: str) -> None:
    """Exit 2, no traceback; stderr holds the file:row messages and at most one summary line."""
    assert r.exit_code == 2, r.output
    text = r.stderr
    assert "Traceback" not in text
    lines = [x for x in text.splitlines() if x.strip()]
    assert lines and all(ERROR_LINE.match(x) or x.startswith("error:") for x in lines), lines
    assert sum(x.startswith("error:") for x in lines) <= 1
    for n in needles:
        assert n in text, (n, text)


# ------------------------------------------------------------------ item 2: resource exhaustion (.xlsx)
def test_stray_value_at_xfd1048576_is_one_error_in_little_memory(tmp_path):
    """Item 2: a tiny .xlsx with one stray cell at XFD1048576 (23 GB before) is one error, read in
    a few MB."""
    x = _edit_xlsx(_xlsx(tmp_path), lambda wb: wb["parties"].__setitem__("XFD1048576", "x"))
    assert x.stat().st_size < 20_000
    err, peak = _peak_mb(lambda: read_bundle(x))
    assert isinstance(err, BundleError)
    assert [str(e) for e in err.errors] == [
        "bundle.xlsx[parties]:1048576: XFD: value in a column without a header (表头之外的数据)"]
    assert peak < 50, peak


def test_stray_styled_blank_far_away_is_ignored(tmp_path):
    """Item 2: the used range is the real data: a formatted empty cell at XFD1048576 (which makes
    the sheet's declared dimension A1:XFD1048576) adds neither rows nor columns."""
    from openpyxl.styles import Font

    x = _edit_xlsx(_xlsx(tmp_path), lambda wb: setattr(wb["parties"]["XFD1048576"], "font", Font(bold=True)))
    b, peak = _peak_mb(lambda: read_bundle(x))
    ref = read_bundle(MINI)
    assert list(b.tables["parties"].columns) == list(ref.tables["parties"].columns)
    assert b.counts == ref.counts and peak < 50, peak


def test_stray_value_at_xfd2_gives_no_junk_columns(tmp_path):
    """Item 2: a stray cell at XFD2 (16,284 junk columns before) is one error naming the cell."""
    x = _edit_xlsx(_xlsx(tmp_path), lambda wb: wb["parties"].__setitem__("XFD2", "x"))
    assert _errors(x) == ["bundle.xlsx[parties]:2: XFD: value in a column without a header (表头之外的数据)"]


def _blank_rows(path: Path, rows: int, cells: int = 1000) -> None:
    row = b"<row>" + b'<c s="0"/>' * cells + b"</row>"
    _patch_sheet(path, "persons", b"</sheetData>", row * rows + b"</sheetData>")


def test_blank_bomb_is_refused_before_it_is_inflated(tmp_path):
    """Item 2: an .xlsx whose sheet inflates to a mass of blanks (1.5 MB -> 1.5 GB, 1.7 GB of memory
    before) is refused from the zip directory, before any of it is parsed."""
    x = _xlsx(tmp_path)
    _blank_rows(x, 4000)  # 40 MB of blank cells packed into ~100 kB
    assert x.stat().st_size < 500_000
    err, peak = _peak_mb(lambda: read_bundle(x))
    assert isinstance(err, BundleError) and len(err.errors) == 1
    assert re.fullmatch(r"bundle\.xlsx:0: \*: part xl/worksheets/sheet\d\.xml inflates to [\d,]+ bytes: too large.*",
                        str(err.errors[0]))
    assert peak < 20, peak


def test_blank_cells_below_the_limits_stream_in_little_memory(tmp_path):
    """Item 2: blanks that pass the size limits are streamed: 100,000 blank cells after the data read
    as the same small table, in a few MB."""
    x = _xlsx(tmp_path)
    _blank_rows(x, 100)
    b, peak = _peak_mb(lambda: read_bundle(x))
    assert not isinstance(b, BundleError), b
    assert b.counts == read_bundle(MINI).counts
    assert peak < 30, peak


def test_cells_and_columns_are_capped(tmp_path, monkeypatch):
    """Item 2: caps on cells and columns per sheet, each a clear file[sheet]:row: *: error."""
    x = _xlsx(tmp_path)
    monkeypatch.setattr(bundle_mod, "MAX_CELLS", 50)
    errs = _errors(x)
    assert len(errs) == 1 and re.fullmatch(r"bundle\.xlsx\[\w+\]:0: \*: more than 50 cells in one sheet.*", errs[0])
    monkeypatch.undo()

    def wide(wb):
        ws = wb["persons"]
        for j in range(7, 400):
            ws.cell(1, j, f"extra{j}")

    _edit_xlsx(x, wide)
    assert _errors(x) == ["bundle.xlsx[persons]:1: *: 399 columns: more than 256 (列数过多)"]


# ------------------------------------------------------------------ item 5: silent wrong answers
def test_short_csv_row_is_an_error_not_a_false_owner_finding(tmp_path):
    """Item 5: a short CSV row (fields missing at the end) was accepted and its empty qualifications
    made a false R-OWNER-ILLEGAL; now it is `file:row: *:` error, and a quarantine sets it aside."""
    b = _copy(tmp_path)
    rows = _rows(b / "parties.csv")
    rows[2] = rows[2][:4]  # party A: id, name, kind, credit code - and nothing more
    _write_rows(b / "parties.csv", rows)
    assert _errors(b) == ["parties.csv:3: *: 4 fields where the header has 10 (字段数与表头不符)"]
    q = read_bundle(b, quarantine=tmp_path / "rejects.csv")
    assert "A" not in set(q.tables["parties"]["party_id"])
    doc = analyze_graph(build_graph(q))
    assert not [f for f in doc["findings"] if f["rule"] == "R-OWNER-ILLEGAL"]


def test_long_csv_row_is_an_error(tmp_path):
    """Item 5: a row with more fields than the header is an error naming each such row."""
    b = _copy(tmp_path)
    with (b / "projects.csv").open("a", encoding="utf-8") as f:
        f.write("P3,x,O1,,,,,,surplus\n")
    with (b / "claims.csv").open("a", encoding="utf-8") as f:
        f.write("CL9,W1,1,2024-01-01,,,,,,,,one,two\n")
    assert _errors(b) == ["claims.csv:5: *: 13 fields where the header has 11 (字段数与表头不符)"]
    (b / "claims.csv").write_text((MINI / "claims.csv").read_text(encoding="utf-8"), encoding="utf-8")
    assert _errors(b) == ["projects.csv:4: *: 9 fields where the header has 8 (字段数与表头不符)"]


def test_long_first_row_and_short_second_row_are_both_errors(tmp_path):
    """Item 5: pandas cuts a first data row longer than the header (with a mere warning); with a short
    row after it the commas even add up. Both rows are errors."""
    b = _copy(tmp_path)
    rows = _rows(b / "projects.csv")
    rows[1].append("surplus")
    rows[2].pop()
    _write_rows(b / "projects.csv", rows)
    assert _errors(b) == ["projects.csv:2: *: 9 fields where the header has 8 (字段数与表头不符)",
                          "projects.csv:3: *: 7 fields where the header has 8 (字段数与表头不符)"]


def test_ragged_rows_with_quotes_are_counted_as_csv_splits_them(tmp_path):
    """Item 5/7: with quoted fields (commas and line breaks inside) each row is still counted right."""
    b = _copy(tmp_path)
    rows = _rows(b / "parties.csv")
    rows[1][1] = '北京,"宏达"\n置业'
    rows[3] = rows[3][:-1]
    _write_rows(b / "parties.csv", rows)
    assert _errors(b) == ["parties.csv:4: *: 9 fields where the header has 10 (字段数与表头不符)"]


def _formula(tmp_path: Path, xml: bytes) -> list[str]:
    x = _edit_xlsx(_xlsx(tmp_path), lambda wb: wb["contracts"].__setitem__("H2", "=1+1"))
    _patch_sheet(x, "contracts", b'<c r="H2"><f>1+1</f><v /></c>', xml)
    try:
        b = read_bundle(x)
    except BundleError as e:
        return [str(x) for x in e.errors]
    return [f"amount={b.tables['contracts'].at[0, 'amount']}"]


def test_formula_without_saved_value_is_an_error(tmp_path):
    """Item 5: an .xlsx formula without a cached value read as empty; now an error."""
    assert _formula(tmp_path, b'<c r="H2"><f>1+1</f><v /></c>') == [
        "bundle.xlsx[contracts]:2: amount: formula without a saved value (公式没有计算结果): save the workbook in "
        "Excel, or paste values"]


@pytest.mark.parametrize("value", ["#DIV/0!", "#REF!", "#N/A", "#VALUE!"])
def test_formula_error_value_is_an_error(tmp_path, value):
    """Item 5: an error value such as #DIV/0! read as empty; now an error naming it."""
    xml = f'<c r="H2" t="e"><f>1/0</f><v>{value}</v></c>'.encode()
    assert _formula(tmp_path, xml) == [f"bundle.xlsx[contracts]:2: amount: Excel error value {value} (单元格错误)"]


def test_formula_with_saved_value_reads_the_value(tmp_path):
    """Item 5 (decision): a formula with a saved value reads as that value, as Excel shows it."""
    assert _formula(tmp_path, b'<c r="H2"><f>SUM(5000000,5000000)</f><v>10000000</v></c>') == ["amount=10000000.0"]


def test_merged_cells_are_an_error(tmp_path):
    """Item 5 (decision: an error, see README): merged cells left blanks in all rows but the first."""
    x = _edit_xlsx(_xlsx(tmp_path), lambda wb: wb["employment"].merge_cells("C2:C4"))
    assert _errors(x) == ["bundle.xlsx[employment]:2: project_id: merged cells C2:C4 (合并单元格): unmerge them "
                          "and fill every cell"]


def test_identifiers_stored_as_excel_numbers_are_errors(tmp_path):
    """Item 5: a 19-digit account stored as an Excel number lost digits (false shared-account links);
    an id, account or id number that arrives as a float is an error. A whole number Excel holds
    exactly (an 11-digit phone) reads as its digits."""

    def numbers(wb):
        ws = wb["persons"]
        ws["E2"] = 6228480000000001231  # written as 6.22848e+18: the last digits are gone
        ws["E3"] = float("6228480000000009999")
        ws["D2"] = 13912345678

    x = _edit_xlsx(_xlsx(tmp_path), numbers)
    msg = ("a number in Excel, which keeps only 15 digits: store ids, codes, phones and accounts as text "
           "(编号应为文本格式)")
    assert _errors(x) == [f"bundle.xlsx[persons]:{r}: bank_account: {msg}" for r in (2, 3)]
    x = _edit_xlsx(_xlsx(tmp_path, "b2.xlsx"), lambda wb: wb["persons"].__setitem__("D2", 13912345678))
    assert read_bundle(x).tables["persons"].at[0, "phone"] == "13912345678"


def test_typed_amounts_and_dates_still_read(tmp_path):
    """Item 5: floats are refused only where an identifier is expected; amounts and dates typed as
    numbers and dates read as before."""
    import datetime as dt

    def typed(wb):
        ws = wb["contracts"]
        ws["H2"] = 12345.5
        ws["I2"] = dt.datetime(2023, 2, 20)

    b = read_bundle(_edit_xlsx(_xlsx(tmp_path), typed))
    assert b.tables["contracts"].at[0, "amount"] == 12345.5 and b.tables["contracts"].at[0, "signed"] == "2023-02-20"


@pytest.mark.parametrize("table,column,old", [("parties", "party_id", "O1"), ("persons", "person_id", "W1")])
@pytest.mark.parametrize("new", ["project:P1", "claim:CL1", "order:Z1", "phone:13912345678", "bank_account:1"])
def test_ids_cannot_take_an_internal_node_key(tmp_path, table, column, old, new):
    """Item 5: a party or person id like `project:P1` or `claim:CL1` collided with the internal node
    keys; such ids are rejected with file:row: column."""
    b = _copy(tmp_path)
    _rename_id(b, old, new)
    errs = _errors(b)
    assert len(errs) == 1 and errs[0].startswith(f"{table}.csv:2: {column}: id '{new}' starts with a reserved prefix")


def test_namespaced_ids_that_look_internal_build_the_same_graph(tmp_path):
    """Item 5: project and claim ids live in their own key space, so `claim:CL1` as a project id and
    `project:P1` as a claim id build the same graph and findings, shape for shape, as P1 and CL1."""
    b = _copy(tmp_path)
    _rename_id(b, "P1", "claim:CL1")
    _rename_id(b, "CL1", "project:P1")
    G0, G = build_graph(read_bundle(MINI)), build_graph(read_bundle(b))
    assert G.nodes["project:claim:CL1"]["label"] == "Project" and G.nodes["claim:project:P1"]["label"] == "Claim"
    assert G.number_of_nodes() == G0.number_of_nodes() and G.number_of_edges() == G0.number_of_edges()
    assert sorted(d["label"] for _, d in G.nodes(data=True)) == sorted(d["label"] for _, d in G0.nodes(data=True))
    rename = {"P1": "claim:CL1", "CL1": "project:P1"}
    f0 = sorted((f["rule"], rename.get(f["subject"], f["subject"]), rename.get(f["project_id"], f["project_id"]))
                for f in analyze_graph(G0)["findings"])
    f1 = sorted((f["rule"], f["subject"], f["project_id"]) for f in analyze_graph(G)["findings"])
    assert f1 == f0 and any(p == "claim:CL1" for _, _, p in f1)


@pytest.mark.parametrize("amount", ["9" * 400, "1e400", "20000000000000", "2亿亿", "inf", "nan", "1.5e3"])
def test_absurd_amounts_are_errors(tmp_path, amount):
    """Item 5: an amount of 400 nines became Infinity in the JSON; amounts above 1e13 yuan, and
    anything not written as an amount, are errors."""
    with pytest.raises(ValueError):
        parse_amount(amount)
    b = _copy(tmp_path)
    _set(b / "contracts.csv", 2, "amount", amount)
    errs = _errors(b)
    assert len(errs) == 1 and errs[0].startswith("contracts.csv:2: amount: ")


def test_largest_amount_is_accepted_and_json_stays_finite(tmp_path):
    """Item 5: the bound itself is an amount; the findings JSON never holds Infinity or NaN."""
    assert parse_amount("10000000000000") == 1e13 and parse_amount("1000亿") == 1e11
    b = _copy(tmp_path)
    _set(b / "contracts.csv", 2, "amount", "1000亿")
    out = tmp_path / "f.json"
    r = _cli("analyze", str(b), "--json", str(out))
    assert r.exit_code == 0, r.output
    json.loads(out.read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(f"{c} in the findings JSON"))


@pytest.mark.parametrize("days", ["nan", "inf", "-inf", "-1", "1e400", "1e10", "NaN", "1_000"])
def test_days_must_be_a_finite_non_negative_number(tmp_path, days):
    """Item 5: `days` accepted nan/inf; now nan, inf, negatives and absurd values are errors."""
    with pytest.raises(ValueError):
        parse_number(days)
    b = _copy(tmp_path)
    _set(b / "employment.csv", 3, "days", days)
    assert [e.split(": ")[0] + ": " + e.split(": ")[1] for e in _errors(b)] == ["employment.csv:3: days"]


@pytest.mark.parametrize("table,row", [("projects", 2), ("employment", 4)])
def test_ending_before_starting_is_an_error(tmp_path, table, row):
    """Item 5 (decision): a project, or a worker's engagement, that ends before it starts is an error
    on its end date; ending the day it starts is fine."""
    b = _copy(tmp_path)
    start = _rows(b / f"{table}.csv")[row - 1][_rows(b / f"{table}.csv")[0].index("start")]
    _set(b / f"{table}.csv", row, "end", start)
    read_bundle(b)
    _set(b / f"{table}.csv", row, "end", "2022-01-01")
    assert _errors(b) == [f"{table}.csv:{row}: end: ends before it starts (2022-01-01 < {start}; 结束日期早于开始日期)"]


@pytest.mark.parametrize("text", ["1948-12-31", "1900-01-01", "2204-03-05", "9999-12-31"])
def test_dates_far_in_the_past_or_future_are_errors(tmp_path, text):
    """Item 5 (decision): dates before 1949 or more than a year after today are errors (typing slips
    such as 2204)."""
    with pytest.raises(ValueError, match="out of range"):
        parse_date(text)
    b = _copy(tmp_path)
    _set(b / "payments.csv", 2, "paid", text)
    assert _errors(b)[0].startswith("payments.csv:2: paid: date out of range")


def test_dates_near_the_bounds_are_accepted():
    """Item 5 (decision): 1949-01-01 and a date a few months ahead (a planned completion) are fine."""
    import datetime as dt

    soon = (dt.date.today() + dt.timedelta(days=200)).isoformat()
    assert parse_date("1949-01-01") == "1949-01-01" and parse_date(soon) == soon


def test_full_width_digits_read_as_ascii(tmp_path):
    """Item 5 (decision: accepted, NFKC): full-width digits in amounts and dates (`１２３４`), as a
    Chinese input method types them; digits of other scripts stay errors."""
    assert parse_amount("１２３４") == 1234.0 and parse_amount("１２．５万") == 125000.0
    assert parse_amount("￥１，２３４．５０") == 1234.5
    assert parse_date("２０２４年３月５日") == "2024-03-05" and parse_date("２０２４－０３－０５") == "2024-03-05"
    assert parse_number("１８０") == 180.0
    for bad in ["١٢٣٤", "१२३४"]:  # Arabic-Indic, Devanagari
        with pytest.raises(ValueError):
            parse_amount(bad)
    b = _copy(tmp_path)
    _set(b / "contracts.csv", 2, "amount", "１０００００００")
    _set(b / "contracts.csv", 2, "signed", "２０２３年２月２０日")
    c = read_bundle(b).tables["contracts"]
    assert c.at[0, "amount"] == 10_000_000.0 and c.at[0, "signed"] == "2023-02-20"


def test_a_column_given_twice_is_an_error(tmp_path):
    """Item 5: two headers for one column (`name` and `名称`, or `name` twice) made one of them
    silently win."""
    b = _copy(tmp_path)
    rows = _rows(b / "parties.csv")
    _write_rows(b / "parties.csv", [r + [r[1]] for r in rows[:1]] + [r + ["x"] for r in rows[1:]])
    assert _errors(b) == ["parties.csv:1: name: column given twice: 'name' and 'name.1' (列重复)"]
    rows[0] = rows[0] + ["名称"]
    _write_rows(b / "parties.csv", [rows[0]] + [r + ["x"] for r in rows[1:]])
    assert _errors(b) == ["parties.csv:1: name: column given twice: 'name' and '名称' (列重复)"]


# ------------------------------------------------------------------ item 6: control characters
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f", "\x80", "\x85", "\x9b", "\x9f"])
def test_control_characters_are_rejected_at_read_time(tmp_path, char, encoding):
    """Item 6: a NUL or other control character in a name passed `analyze` and crashed `export`
    half-way; C0 (but tab, LF, CR), DEL and C1 characters are rejected with file:row: column, in a
    UTF-8 and in a GB18030 file."""
    b = _copy(tmp_path)
    f = b / "parties.csv"

    def put(name: str) -> None:
        _set(f, 3, "name", name)
        f.write_bytes(f.read_text(encoding="utf-8").encode(encoding))

    put(f"宏远{char}[31m建设")
    assert _errors(b) == [f"parties.csv:3: name: control character {char!r} (含控制字符)"]
    f.write_bytes(f.read_bytes().decode(encoding).encode("utf-8"))
    put("宏远\t建设\n二部")
    assert read_bundle(b).tables["parties"].at[1, "name"] == "宏远\t建设\n二部"


def test_control_characters_in_extra_columns_and_headers(tmp_path):
    """Item 6: extra columns and header names are checked too."""
    b = _copy(tmp_path)
    rows = _rows(b / "persons.csv")
    rows[0].append("note\x1b")
    for r in rows[1:]:
        r.append("ok")
    rows[2][-1] = "bad\x00"
    _write_rows(b / "persons.csv", rows)
    assert _errors(b) == ["persons.csv:1: 'note\\x1b': control character in a header (表头含控制字符)",
                          "persons.csv:3: note\x1b: control character '\\x00' (含控制字符)"]


def test_control_characters_in_xlsx(tmp_path):
    """Item 6: the same check on a workbook (C1 characters are legal XML, so Excel can hold them)."""
    x = _edit_xlsx(_xlsx(tmp_path), lambda wb: wb["persons"].__setitem__("B2", "张\x9b31m三"))
    assert _errors(x) == ["bundle.xlsx[persons]:2: name: control character '\\x9b' (含控制字符)"]


# ------------------------------------------------------------------ item 7: broken files -> one line, exit 2
def test_empty_csv_is_one_error(tmp_path):
    """Item 7: an empty (0-byte) CSV file was a traceback; now one error and exit 2."""
    b = _copy(tmp_path)
    (b / "claims.csv").write_bytes(b"")
    assert _errors(b) == ["claims.csv:1: *: empty file: no header row (空文件, 缺少表头)"]
    _assert_one_line_error(_cli("analyze", str(b), "--json", str(tmp_path / "f.json")), "claims.csv:1: *: empty file")
    assert not (tmp_path / "f.json").exists()


def test_header_only_csv_is_an_empty_table(tmp_path):
    """Item 7 (decision): a header-only file is a table with no rows, not an error; a required table
    that is header-only leaves the rows pointing at it unknown (file:row errors)."""
    b = _copy(tmp_path)
    (b / "claims.csv").write_text(_rows(b / "claims.csv")[0][0] + ",claimant_id,amount,filed\n", encoding="utf-8")
    assert read_bundle(b).counts["claims"] == 0
    (b / "projects.csv").write_text("project_id,name,owner_id\n", encoding="utf-8")
    errs = _errors(b)
    assert errs and all(re.match(r"\w+\.csv:\d+: project_id: unknown id", e) for e in errs)


def test_unterminated_quote_is_one_error(tmp_path):
    """Item 7: an unterminated quoted field was a traceback; now one error naming its row."""
    b = _copy(tmp_path)
    with (b / "claims.csv").open("a", encoding="utf-8") as f:
        f.write('CL9,W1,100,2024-01-01,,P1,D,"王建国,hotline,open,x\n')
    assert _errors(b) == ["claims.csv:5: *: a quoted field is never closed (引号未闭合)"]
    _assert_one_line_error(_cli("analyze", str(b), "--json", str(tmp_path / "f.json")), "claims.csv:5: *:")


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04" + b"\x00" * 40])
def test_xlsx_that_is_not_a_zip_is_one_error(tmp_path, content):
    """Item 7: an .xlsx that is not a zip was a traceback; now one error and exit 2."""
    x = tmp_path / "bad.xlsx"
    x.write_bytes(content)
    errs = _errors(x)
    assert len(errs) == 1 and errs[0].startswith("bad.xlsx:0: *: not a readable .xlsx workbook")
    _assert_one_line_error(_cli("analyze", str(x), "--json", str(tmp_path / "f.json")), "bad.xlsx:0: *:")
    assert not (tmp_path / "f.json").exists()


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.99])
def test_truncated_xlsx_is_one_error(tmp_path, keep):
    """Item 7: a truncated .xlsx was a traceback; now one error and exit 2."""
    x = _xlsx(tmp_path)
    data = x.read_bytes()
    x.write_bytes(data[: int(len(data) * keep)])
    errs = _errors(x)
    assert len(errs) == 1 and errs[0].startswith("bundle.xlsx:0: *: not a readable .xlsx workbook")
    _assert_one_line_error(_cli("analyze", str(x), "--json", str(tmp_path / "f.json")))


def test_corrupt_part_inside_a_zip_is_one_error(tmp_path):
    """Item 7: a sheet whose XML is broken is one error naming the sheet."""
    x = _xlsx(tmp_path)
    _patch_sheet(x, "parties", b"</sheetData>", b"<row><c r='A99'><v>1</v></row></sheetData>")
    errs = _errors(x)
    assert len(errs) == 1 and errs[0].startswith("bundle.xlsx[parties]:0: *: not a readable sheet")


@pytest.mark.parametrize("text,needle", [
    ("[rules\ntransfer_share = 0.8\n", "invalid TOML"),
    ("[rules]\ntransfer_share = 'high'\n", "rules.transfer_share: must be a number"),
    ("[rules]\ntransfer_shar = 0.8\n", "rules.transfer_shar: unknown key"),
    ("[rulez]\ntransfer_share = 0.8\n", "rulez: unknown key"),
    ("[rules]\nmax_tiers = -1\n", "rules.max_tiers: must be 0 or more"),
    ("[rules]\nmax_tiers = 2.5\n", "rules.max_tiers: must be a whole number"),
    ("[rules]\ntransfer_share = nan\n", "rules.transfer_share: must be 0 or more"),
    ("[rules]\ntransfer_share = 1.5\n", "rules.transfer_share: a share, at most 1"),
    ("[rules]\nwhole_job_words = '全部工程'\n", "rules.whole_job_words: must be a list of strings"),
    ("[rules]\nas_of = \"2024-02-30\"\n", "rules.as_of: must be a date"),
    ("[rings.weights]\nserial = -0.3\n", "rings.weights.serial: must be 0 or more"),
    ("[leads]\nring_claims = 'keep'\n", "leads.ring_claims: must be one of exclude, flag"),
    ("rules = 3\n", "rules: must be a table"),
    ("\xff\xfe", "cannot read"),
])
def test_bad_config_is_one_error_naming_the_key(tmp_path, text, needle):
    """Item 7: invalid TOML, wrong-typed values, unknown keys (a misspelt threshold fell back to its
    default silently) and negative thresholds in --config are errors naming the key; exit 2, one line."""
    cfg = tmp_path / "rules.toml"
    cfg.write_bytes(text.encode("utf-8", "surrogateescape") if text != "\xff\xfe" else b"\xff\xfe[rules]")
    with pytest.raises(ConfigError, match=re.escape(needle)):
        load_config(cfg)
    r = _cli("analyze", str(MINI), "--json", str(tmp_path / "f.json"), "--config", str(cfg))
    assert r.exit_code == 2 and "Traceback" not in r.output
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("error:"), lines
    assert not (tmp_path / "f.json").exists()


def test_good_config_still_loads(tmp_path):
    """Item 7: every table and key of rules.example.toml is known; a partial file is fine."""
    load_config(Path(__file__).parent.parent / "rules.example.toml")
    cfg = tmp_path / "rules.toml"
    cfg.write_text("[rules]\nmax_tiers = 4\ntransfer_share = 1\n[rings.weights]\nserial = 0.5\n", encoding="utf-8")
    c = load_config(cfg)
    assert c["rules"]["max_tiers"] == 4 and c["rings"]["weights"] == {"serial": 0.5}


# ------------------------------------------------------------------ property-based: the reader never crashes
_cell = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(max_codepoint=0x9f), max_size=6),  # ASCII and control characters
    st.sampled_from(["", "P1", "O1", "A", "W1", "company", "个人", "2024-01-01", "9" * 400, "1e400", "nan", "-1",
                     '"', '",', "\r", "\n", ",", "１２３", "project:P1", "=1+1", "#DIV/0!"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
_TABLE = st.sampled_from(["parties", "projects", "contracts", "payments", "persons", "employment", "claims"])


def _header(table: str) -> list[str]:
    return _rows(MINI / f"{table}.csv")[0]


@st.composite
def _mutation(draw) -> tuple[str, list[list[str]] | bytes]:
    """One table of the mini bundle, changed: cells replaced, rows cut or padded, headers renamed,
    doubled or dropped - or raw text or bytes."""
    table = draw(_TABLE)
    rows = _rows(MINI / f"{table}.csv")
    kind = draw(st.sampled_from(["cells", "shape", "header", "text", "bytes"]))
    if kind == "text":
        return table, draw(st.text(max_size=200)).encode("utf-8")
    if kind == "bytes":
        return table, draw(st.binary(max_size=200))
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0 if kind == "header" else 1, len(rows) - 1))
        if kind == "cells" or kind == "header":
            c = draw(st.integers(0, len(rows[r]) - 1))
            names = _header(table) + ["", "名称", "x", "label", "x_label", "_row"]
            rows[r][c] = draw(_cell if kind == "cells" else st.sampled_from(names))
        else:
            rows[r] = rows[r][: draw(st.integers(0, len(rows[r]) + 2))] + draw(st.lists(_cell, max_size=2))
    return table, rows


def _apply(b: Path, table: str, content) -> None:
    f = b / f"{table}.csv"
    if isinstance(content, bytes):
        f.write_bytes(content)
    else:
        _write_rows(f, content)


_FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_FUZZ
@given(_mutation())
def test_fuzz_csv_bundle_reads_or_raises_bundle_error(tmp_path, mutation):
    """Fuzz (done-when): random unicode, control characters, huge numbers, ragged rows, missing /
    extra / doubled headers in CSV: read_bundle returns or raises BundleError, nothing else."""
    b = _copy(tmp_path)
    _apply(b, *mutation)
    try:
        bundle = read_bundle(b)
    except BundleError as e:
        assert e.errors and all(str(x).count(": ") >= 2 for x in e.errors)
        return
    build_graph(bundle)


@_FUZZ
@given(_mutation())
def test_fuzz_csv_bundle_typed_in_parallel_reads_as_one_by_one(tmp_path, mutation):
    """The same mutations, the folder's tables typed in two processes (as a large folder is): the same
    bundle, or the same error message."""
    from graphchain import bundle as bundle_module

    b = _copy(tmp_path)
    _apply(b, *mutation)
    results = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bundle_module, "PARALLEL_BYTES", 0)
        for workers in (1, 2):
            try:
                got = read_bundle(b, workers=workers)
            except BundleError as e:
                results.append(str(e))
            else:
                results.append({name: df.to_dict("list") for name, df in got.tables.items()})
    assert results[0] == results[1]


@_FUZZ
@given(_mutation())
def test_fuzz_cli_analyze_exits_0_or_2_and_writes_nothing_on_error(tmp_path, mutation):
    """Fuzz (done-when): `graphchain analyze BUNDLE --json out/x.json` exits 0 or 2, never with a
    traceback, and writes nothing on exit 2."""
    b = _copy(tmp_path)
    _apply(b, *mutation)
    out = tmp_path / "out"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    r = _cli("analyze", str(b), "--json", str(out / "x.json"))
    assert r.exit_code in (0, 2), r.output
    assert "Traceback" not in r.output
    if r.exit_code == 2:
        assert list(out.iterdir()) == []
    else:
        json.loads((out / "x.json").read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(c))


_xcell = st.one_of(
    st.text(max_size=10).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.datetimes(),
    st.sampled_from(["=1/0", "#DIV/0!", "=A1", "\x85", "１２３"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=_TABLE, cells=st.lists(st.tuples(st.integers(1, 40), st.integers(1, 30), _xcell), max_size=12),
       merge=st.none() | st.tuples(st.integers(1, 10), st.integers(1, 10)))
def test_fuzz_xlsx_bundle_reads_or_raises_bundle_error(tmp_path, table, cells, merge):
    """Fuzz (done-when): random values (text, numbers, dates, formulas, error values) at random places
    of a workbook, and merged cells: read_bundle returns or raises BundleError, nothing else."""
    x = to_xlsx(MINI, tmp_path / "f.xlsx")
    wb = load_workbook(x)
    ws = wb[table]
    for r, c, v in cells:
        ws.cell(r, c, v)
    if merge:
        ws.merge_cells(start_row=merge[0], start_column=1, end_row=merge[0] + merge[1], end_column=2)
    wb.save(x)
    try:
        read_bundle(x)
    except BundleError as e:
        assert e.errors


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 10_000), junk=st.binary(max_size=64))
def test_fuzz_damaged_xlsx_raises_bundle_error(tmp_path, cut, junk):
    """Fuzz (done-when): a workbook cut short or with junk spliced in raises BundleError or reads."""
    x = to_xlsx(MINI, tmp_path / "f.xlsx")
    data = x.read_bytes()
    cut %= len(data)
    x.write_bytes(data[:cut] + junk + data[cut + len(junk):])
    try:
        read_bundle(x)
    except BundleError as e:
        assert e.errors


def test_extra_headers_that_clash_after_renaming_stay_apart(tmp_path):
    """Item 7: extra columns `label` and `x_label` (a reserved name is kept as `x_label`) and two blank
    headers read as separate columns instead of crashing."""
    b = _copy(tmp_path)
    rows = _rows(b / "persons.csv")
    rows[0] += ["label", "x_label", "", ""]
    for r in rows[1:]:
        r += ["a", "b", "c", "d"]
    _write_rows(b / "persons.csv", rows)
    p = read_bundle(b).tables["persons"]
    assert [p.at[0, c] for c in ("x_label", "x_label_")] == ["a", "b"]
