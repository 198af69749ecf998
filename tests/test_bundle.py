"""Reading and validating bundles: encodings, headers, value formats, errors, quarantine."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graphchain import BundleError, build_graph, read_bundle
from graphchain.parse import parse_amount, parse_bool, parse_date, parse_enum

from .conftest import to_chinese_gbk, to_xlsx


def _edit(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` as a spreadsheet shows it (header = 1)."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def _comparable(G: nx.MultiDiGraph) -> tuple[dict, dict]:
    """Nodes and edges without `source` (its file label differs between CSV and xlsx)."""
    nodes = {n: {k: v for k, v in d.items() if k != "source"} for n, d in G.nodes(data=True)}
    edges = {(u, v, k): {a: b for a, b in d.items() if a != "source"} for u, v, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


@pytest.mark.parametrize(
    "text,expected",
    [("2024-03-05", "2024-03-05"), ("2024/3/5", "2024-03-05"), ("2024年3月5日", "2024-03-05"),
     ("2024-03-05 00:00:00", "2024-03-05")],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("bad", ["2024-02-30", "05/03/2024", "昨天", "2024-13-01"])
def test_bad_dates(bad):
    with pytest.raises(ValueError):
        parse_date(bad)


@pytest.mark.parametrize(
    "text,expected",
    [("1234.5", 1234.5), ("1,234.50", 1234.5), ("12.5万", 125000.0), ("3亿", 3e8), ("¥800", 800.0)],
)
def test_amounts(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("bad", ["-5", "12,34", "五万", "1.2.3"])
def test_bad_amounts(bad):
    with pytest.raises(ValueError):
        parse_amount(bad)


def test_booleans_and_enums():
    assert [parse_bool(x) for x in ["是", "否", "true", "0", "YES"]] == [True, False, True, False, True]
    assert parse_enum("contract_type", "施工劳务") == "labour"
    assert parse_enum("party_kind", "单位") == "company"
    assert parse_enum("purpose", "管理费") == "fee"
    with pytest.raises(ValueError):
        parse_enum("contract_type", "转包")


def test_reads_mini(mini):
    b = read_bundle(mini)
    assert b.counts == {"parties": 9, "persons": 7, "projects": 2, "contracts": 7, "payments": 12,
                        "employment": 6, "claims": 3}
    pay = b.tables["payments"].set_index("payment_id")
    assert pay.at["T1", "amount"] == 6_000_000.0  # 600万
    assert pay.at["T2", "amount"] == 5_880_000.0  # 5,880,000.00
    assert b.tables["parties"].set_index("party_id").at["A", "qualifications"] == ["general", "specialty"]


def test_gbk_chinese_headers_and_xlsx_read_the_same(mini, tmp_path):
    """The same data as UTF-8 + English headers, GBK + Chinese headers, and .xlsx: one graph."""
    reference = _comparable(build_graph(read_bundle(mini)))
    gbk = to_chinese_gbk(mini, tmp_path / "gbk")
    assert "项目编号" in (gbk / "projects.csv").read_bytes().decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        (gbk / "parties.csv").read_bytes().decode("utf-8")
    assert _comparable(build_graph(read_bundle(gbk))) == reference
    xlsx = to_xlsx(mini, tmp_path / "bundle.xlsx")
    assert _comparable(build_graph(read_bundle(xlsx))) == reference


def test_utf8_bom_is_read(mini_copy):
    f = mini_copy / "parties.csv"
    f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes())
    assert read_bundle(mini_copy).tables["parties"]["party_id"].iloc[0] == "O1"


def test_every_bad_row_is_named_and_nothing_returned(mini_copy):
    _edit(mini_copy / "contracts.csv", 3, "amount", "-100")  # negative amount
    _edit(mini_copy / "contracts.csv", 5, "to_id", "NOBODY")  # unknown reference
    _edit(mini_copy / "payments.csv", 4, "paid", "2023-02-30")  # impossible date
    _edit(mini_copy / "parties.csv", 3, "credit_code", "91110106MA0123456X")  # bad check digit
    _edit(mini_copy / "persons.csv", 2, "id_number", "411527198512034560")  # bad check digit
    _edit(mini_copy / "claims.csv", 3, "claim_id", "CL1")  # duplicate id
    _edit(mini_copy / "contracts.csv", 6, "type", "转包")  # not an allowed type
    with pytest.raises(BundleError) as e:
        read_bundle(mini_copy)
    where = {(x.file, x.row, x.column) for x in e.value.errors}
    assert where == {
        ("contracts.csv", 3, "amount"), ("contracts.csv", 5, "to_id"), ("payments.csv", 4, "paid"),
        ("parties.csv", 3, "credit_code"), ("persons.csv", 2, "id_number"), ("claims.csv", 3, "claim_id"),
        ("contracts.csv", 6, "type"),
    }
    assert "contracts.csv:3: amount: negative amount" in str(e.value)


def test_missing_required_table_and_column(mini_copy):
    (mini_copy / "projects.csv").unlink()
    df = pd.read_csv(mini_copy / "contracts.csv", dtype=str)
    df.drop(columns=["amount"]).to_csv(mini_copy / "contracts.csv", index=False)
    with pytest.raises(BundleError) as e:
        read_bundle(mini_copy)
    text = str(e.value)
    assert "projects.csv:0: *: required table is missing" in text
    assert "contracts.csv:1: amount: missing required column" in text


def test_quarantine_keeps_good_rows_and_cascades(mini_copy, tmp_path):
    _edit(mini_copy / "parties.csv", 5, "credit_code", "BAD")  # party C: its contracts must go too
    rejects = tmp_path / "rejects.csv"
    b = read_bundle(mini_copy, quarantine=rejects)
    assert "C" not in set(b.tables["parties"]["party_id"])
    kept = set(b.tables["contracts"]["contract_id"])
    assert {"K3", "K4"}.isdisjoint(kept) and {"K1", "K2", "K5"} <= kept
    rows = list(csv.DictReader(rejects.open(encoding="utf-8-sig")))
    assert {(r["file"], r["row"]) for r in rows} >= {("parties.csv", "5"), ("contracts.csv", "4")}
    assert any("party_id=C" in r["record"] for r in rows)


def test_extra_columns_are_kept(mini_copy):
    df = pd.read_csv(mini_copy / "projects.csv", dtype=str, keep_default_na=False)
    df["监理单位"] = ["北京某监理公司", ""]
    df.to_csv(mini_copy / "projects.csv", index=False)
    G = build_graph(read_bundle(mini_copy))
    assert G.nodes["project:P1"]["监理单位"] == "北京某监理公司"
    assert "监理单位" not in G.nodes["project:P2"]


def test_graph_model(mini):
    G = build_graph(read_bundle(mini))
    assert G.nodes["D"]["label"] == "Party" and G.nodes["D"]["kind"] == "individual"
    assert G.nodes["W1"]["source"] == "persons.csv:2"
    assert G.edges["A", "B", "K2"]["amount"] == 9_800_000.0
    assert G.edges["W1", "D", "E1"]["rel"] == "EMPLOYED"
    assert G.has_edge("claim:CL1", "D", "against:CL1") and G.has_edge("claim:CL1", "project:P1", "on:CL1")
    # W1 and W3 share a phone: one Identifier node links them; unshared phones make no node
    assert set(G.predecessors("phone:13912345678")) == {"W1", "W3"}
    assert "phone:13712345678" not in G
    assert all(v is not None for _, d in G.nodes(data=True) for v in d.values())


def test_xlsx_with_typed_cells(mini, tmp_path):
    """Real Excel files hold dates as dates and amounts as numbers, not text."""
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for f in sorted(mini.glob("*.csv")):
        ws = wb.create_sheet(f.stem)
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        ws.append(list(df.columns))
        for row in df.itertuples(index=False):
            cells = []
            for col, v in zip(df.columns, row, strict=True):
                if col in ("signed", "paid", "filed", "start", "end") and v:
                    cells.append(dt.datetime.fromisoformat(parse_date(v)))
                elif col in ("amount", "wage_due", "wage_paid", "days") and v and v.replace(".", "").isdigit():
                    cells.append(float(v))
                else:
                    cells.append(v)
            ws.append(cells)
    wb.save(tmp_path / "typed.xlsx")
    typed = read_bundle(tmp_path / "typed.xlsx")
    assert typed.tables["contracts"].set_index("contract_id").at["K1", "signed"] == "2023-02-20"
    assert _comparable(build_graph(typed)) == _comparable(build_graph(read_bundle(mini)))


def test_a_payment_cannot_take_the_id_of_a_contract_between_the_same_parties(mini_copy):
    """Ids are unique within a table only, but the graph keys an edge by its two ends and its id: payment
    ``K2`` from A to B would be merged into contract ``K2`` from A to B, and the chain O1→A→B→C→D with its
    转包 leads would silently end at A. That row is refused, naming both; nothing is lost."""
    _edit(mini_copy / "payments.csv", 3, "payment_id", "K2")  # T2: A -> B, on contract K2
    with pytest.raises(BundleError) as e:
        read_bundle(mini_copy)
    assert [(x.file, x.row, x.column) for x in e.value.errors] == [("payments.csv", 3, "payment_id")]
    assert "'K2' is also the id of contracts.csv row 3" in e.value.errors[0].message


def test_an_id_shared_by_two_tables_between_other_parties_is_lawful(mini_copy):
    """The lawful twin: the same id in two tables between other ends (here the other direction, B to A)
    are two edges of the graph, both kept."""
    _edit(mini_copy / "payments.csv", 3, "payment_id", "K2")
    _edit(mini_copy / "payments.csv", 3, "payer_id", "B")
    _edit(mini_copy / "payments.csv", 3, "payee_id", "A")
    G = build_graph(read_bundle(mini_copy))
    assert G.edges["A", "B", "K2"]["rel"] == "CONTRACT"
    assert G.edges["B", "A", "K2"]["rel"] == "PAID"


def test_a_person_cannot_take_a_party_id(mini_copy):
    """party_id and person_id share one namespace (a node key is the id itself): a person with a
    party's id is an error on the person's row, naming the parties file; nothing else is."""
    _edit(mini_copy / "persons.csv", 3, "person_id", "A")
    with pytest.raises(BundleError) as e:
        read_bundle(mini_copy)
    clash = [x for x in e.value.errors if "already used in" in x.message]
    assert [(x.file, x.row, x.column) for x in clash] == [("persons.csv", 3, "person_id")]
    assert "id 'A' is already used in parties.csv" in clash[0].message
