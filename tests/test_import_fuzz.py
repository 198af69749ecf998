"""Fuzzing the raw readers: any file is read or refused with file:row: column: message, never a crash."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphchain.bundle import BundleError
from graphchain.ingest.hotline import extract
from graphchain.ingest.presets import PRESETS
from graphchain.ingest.read import mapping_for, read_raw_table

CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["2024-03-05", "2024年3月", "1,234.50", "12.5万", "-3", "是",
                                                         "130226198001011239", "91110106MA0123456K", "", "=1+1",
                                                         "6222 0202 0011 2233", "\x1b", "１２３"]))
KINDS = st.sampled_from(sorted(PRESETS))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=KINDS, data=st.data(), encoding=st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]),
       above=st.lists(st.sampled_from(["账号：6222000000000000001", "户名：某公司", "", "对账单"]), max_size=3))
def test_any_raw_table_is_read_or_refused(tmp_path, kind, data, encoding, above):
    headers = sorted({h for hs in PRESETS[kind].values() for h in hs})
    cols = data.draw(st.lists(st.sampled_from(headers + ["备注", ""]), min_size=1, max_size=6))
    rows = data.draw(st.lists(st.lists(CELLS, min_size=len(cols), max_size=len(cols) + 1), max_size=5))
    buf = io.StringIO()
    buf.write("".join(line + "\n" for line in above))
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    w.writerows(rows)
    f = tmp_path / "raw.csv"
    try:
        f.write_bytes(buf.getvalue().encode(encoding))
    except UnicodeEncodeError:
        return
    try:
        t = read_raw_table(f, kind, mapping_for(kind))
    except BundleError as e:
        assert e.errors and all(str(x).count(":") >= 3 for x in e.errors)
        return
    assert len(t.records) == len(t.rows)
    assert all(isinstance(v, str) and v for rec in t.records for v in rec.values())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80), st.lists(st.text(min_size=2, max_size=4), max_size=3))
def test_any_text_is_read_with_spans_inside_it(text, known):
    x = extract(text, known)
    for span in x.spans.values():
        s, e = map(int, span.split(":"))
        assert 0 <= s < e <= len(text)
    assert x.amount is None or x.amount >= 100
    assert x.workers is None or 1 <= x.workers <= 10_000


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused(tmp_path_factory, blob):
    f = tmp_path_factory.mktemp("fuzz") / "x.csv"
    f.write_bytes(blob)
    try:
        read_raw_table(f, "bank", mapping_for("bank"))
    except BundleError as e:
        assert e.errors


def test_spans_point_into_the_text_as_written():
    text = "①号楼包工头王建国欠我工资２万元㎡"
    x = extract(text)
    s, e = map(int, x.spans["amount"].split(":"))
    assert text[s:e] == "２万元" and x.amount == 20000
    s, e = map(int, x.spans["respondent"].split(":"))
    assert text[s:e] == "包工头王建国"
