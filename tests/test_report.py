"""The per-project case file (HTML and Markdown): content, masking, escaping, offline."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from graphchain import project_subgraph
from graphchain.legal import DISCLAIMER_EN, DISCLAIMER_ZH, LIABILITY_ZH, RULES
from graphchain.report import Masker, mask_value, render_report
from graphchain.report.case import evidence_index
from tests.browser import EVIL_IMG, EVIL_MD, EVIL_SCRIPT, EXTERNAL, ID_W1, PHONE_W1

DATA = Path(__file__).parent / "data"


def findings_of(doc: dict, pid: str) -> list[dict]:
    return [f for f in doc["findings"] if f["project_id"] == pid]


# ------------------------------------------------------------------ content
@pytest.mark.parametrize("fmt", ["html", "md"])
def test_every_finding_has_rule_name_basis_and_evidence_rows(G, doc, fmt):
    out = render_report(doc, G, "P1", fmt=fmt)
    src = evidence_index(G)
    found = findings_of(doc, "P1")
    assert len(found) >= 8  # the mini bundle's P1 is full of violations
    for f in found:
        assert f["rule"] in out
        assert RULES[f["rule"]].zh in out, f["rule"]
        for b in f["basis"]:
            assert b in out
        for i in f["contracts"] + f["payments"] + f["records"]:
            assert src[i][1] in out, (f["rule"], i)  # the file:row of every piece of evidence
    assert "contracts.csv:5" in out and "employment.csv:4" in out and "claims.csv:4" in out


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_liable_parties_with_chinese_liability_and_cap(G, doc, fmt):
    out = render_report(doc, G, "P1", fmt=fmt)
    claims = [c for c in doc["liability"] if c["project_id"] == "P1"]
    assert {c["claim_id"] for c in claims} == {"CL1", "CL2", "CL3"}
    kinds = set()
    for c in claims:
        assert c["claim_id"] in out
        for x in c["liable"]:
            assert doc["entities"][x["party_id"]]["name"] in out
            assert LIABILITY_ZH[x["liability"]] in out
            kinds.add(x["liability"])
            if "cap" in x:
                assert f"¥{x['cap']:,.0f}" in out
    assert {"direct", "first_pay", "advance"} <= kinds
    assert "¥4,000,000" in out  # O1 owes A 10,000,000 − 6,000,000


def test_chain_timeline_money_and_summary(G, doc):
    html = render_report(doc, G, "P1")
    # summary
    for text in ("朝阳区宏达家园二期住宅楼工程", "北京宏达置业有限公司", "朝阳区", "2023-03-01", "2024-06-30",
                 "未开设"):
        assert text in html
    # the chain tree, with contract ids, types, amounts, and the rule ids on offending contracts
    tree = html[html.index('<div class="tree">'):html.index('id="sec-timeline"')]
    assert tree.index("北京宏达置业有限公司") < tree.index("北京城建宏远建设集团有限公司") < tree.index("王建国")
    for k in ("K1", "K2", "K3", "K4"):
        assert k in tree
    assert "劳务分包" in tree and "¥800,000" in tree and "R-SUB-INDIVIDUAL" in tree and "R-RESUB" in tree
    k1 = tree[tree.index("K1"):tree.index("K2")]
    assert "R-" not in k1  # the general contract itself breaks no rule
    # the timeline is in date order and has contracts, payments and claims
    timeline = html[html.index('id="sec-timeline"'):html.index('id="sec-findings"')]
    dates = re.findall(r'<td class="nowrap">(\d{4}-\d\d-\d\d)</td>', timeline)
    assert dates == sorted(dates) and "2023-02-20" in dates and "2024-01-15" in dates
    assert "T7" in timeline and "CL3" in timeline
    # the money table highlights the break point
    money = html[html.index('id="sec-money"'):html.index('id="sec-evidence"')]
    row = re.search(r'<tr class="break">(.*?)</tr>', money, re.S)
    assert row and "王建国" in row.group(1) and "¥82,000" in row.group(1)
    assert html.count('<tr class="break">') == 1


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_disclaimer_and_languages(G, doc, fmt):
    zh = render_report(doc, G, "P1", fmt=fmt)
    en = render_report(doc, G, "P1", fmt=fmt, lang="en")
    assert DISCLAIMER_ZH in zh and DISCLAIMER_EN in en
    for heading in ("项目概况", "分包链条", "时间线", "违法违规线索", "欠薪清偿责任主体", "资金流向"):
        assert heading in zh and heading not in en
    for heading in ("Project summary", "Contract chain", "Timeline", "Leads (suspected breaches, to verify)",
                    "Who must pay", "Money flow"):
        assert heading in en
    assert "pays first, then recovers" in en and "先行清偿" in zh
    assert "No wage special account is on record for project P1." in en  # the analysis's own English summary
    with pytest.raises(ValueError):
        render_report(doc, G, "P1", lang="fr")
    with pytest.raises(ValueError):
        render_report(doc, G, "P1", fmt="pdf")


def test_subgraph_gives_the_same_report(G, doc):
    H = project_subgraph(G, "P1")
    whole = render_report(doc, G, "P1", fmt="md")
    sub = render_report(doc, H, "P1", fmt="md")
    strip = re.compile(r"^(生成时间|Generated).*$", re.M)  # the timestamp may differ by a minute
    assert strip.sub("", whole) == strip.sub("", sub)


def test_lawful_project_has_no_findings(G, doc):
    html = render_report(doc, G, "P2")
    assert "本项目未发现违法违规线索" in html
    assert "北京顺安劳务有限公司" in html and "工人 ×2" in html


def test_hand_written_document_and_money_shapes(G):
    """The sample document (money as a list of projects) renders, break point included."""
    sample = json.loads((DATA / "mini_findings.json").read_text(encoding="utf-8"))
    html = render_report(sample, G, "P1")
    assert re.search(r'<tr class="break">.*?王建国', html, re.S)
    assert "R-TRANSFER" in html and "¥4,000,000" in html


# ------------------------------------------------------------------ masking
def test_mask_value():
    assert mask_value("13800138000") == "138****8000"
    assert mask_value("11010519491231002X") == "1101**********002X"
    assert mask_value("11010519491231002X", "id_number") == "1101**********002X"
    assert mask_value("6222020200112233445", "bank_account") == "622************3445"
    assert "0222" not in mask_value("0222") and mask_value("") == ""


def test_masker_finds_numbers_in_free_text(G):
    m = Masker(G)
    text = f"贾海涛电话{PHONE_W1}，卡号6217000010001234567，证件{ID_W1}，座机010-65001234，合同K13911112222X"
    out = m.text(text)
    assert PHONE_W1 not in out and "139****5678" in out
    assert "6217000010001234567" not in out and "4115**********4564" in out
    assert "65001234" not in out
    assert "K13911112222X" in out  # looks like a phone but is part of an id, and no known number
    assert Masker(G, unmask=True).text(text) == text


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_masked_by_default_unmasked_on_request(evil, fmt):
    G, doc = evil
    masked = render_report(doc, G, "P1", fmt=fmt)
    assert PHONE_W1 not in masked and ID_W1 not in masked  # typed into the claim text
    assert "139" in masked and "5678" in masked
    full = render_report(doc, G, "P1", fmt=fmt, unmask=True)
    assert PHONE_W1 in full and ID_W1 in full


def test_wage_account_masked(G, doc):
    account = G.nodes["project:P2"]["wage_account"]
    assert account not in render_report(doc, G, "P2")
    assert mask_value(account, "wage_account") in render_report(doc, G, "P2")
    assert account in render_report(doc, G, "P2", unmask=True)


def test_personal_numbers_in_the_document_are_masked(G, doc):
    d = copy.deepcopy(doc)
    d["findings"][0]["summary"] += "（王建国银行账户6222020200112233445，电话13800138000）"
    html = render_report(d, G, "P1")
    assert "6222020200112233445" not in html and "13800138000" not in html
    assert "138****8000" in html


# ------------------------------------------------------------------ escaping and offline
def test_html_escapes_evil_names(evil):
    G, doc = evil
    html = render_report(doc, G, "P1")
    assert "<script" not in html.lower()  # the report needs no script at all
    assert "<img" not in html.lower()
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in html
    assert EVIL_SCRIPT not in html and EVIL_IMG not in html


def test_markdown_escapes_evil_names(evil):
    G, doc = evil
    md = render_report(doc, G, "P1", fmt="md")
    assert "<script" not in md.lower() and "<img" not in md.lower()
    assert "&lt;img src=x onerror=window.\\_\\_pwned=1&gt;" in md
    assert EVIL_MD not in md and not re.search(r"(?<!\\)\]\(http", md)  # no live link
    assert "\\*\\*粗体\\*\\*\\|\\[链接\\]" in md
    # every table row keeps its columns: an escaped | does not split a cell
    for block in re.findall(r"(?:^\|.*\|$\n?)+", md, re.M):
        rows = block.strip().splitlines()
        widths = {len(re.findall(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, rows


def test_html_is_self_contained_and_printable(G, doc):
    html = render_report(doc, G, "P1")
    assert not EXTERNAL.search(html)
    assert "<link" not in html.lower() and "<script" not in html.lower()
    assert "default-src 'none'" in html  # the CSP forbids any request
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif' in html
    assert "@media print" in html and "page-break-before: always" in html and "page-break-inside: avoid" in html
    assert "thead { display: table-header-group; }" in html


def test_payroll_runs_are_one_timeline_row(G, doc):
    H = G.copy()
    for i in range(6):
        H.add_node(f"X{i}", label="Person", id=f"X{i}", name=f"工人{i}", source=f"persons.csv:{100 + i}")
        H.add_edge("D", f"X{i}", f"TX{i}", rel="PAID", id=f"TX{i}", project_id="P1", purpose="wage", amount=1000.0,
                   paid="2023-09-30", source=f"payments.csv:{100 + i}")
    md = render_report(doc, H, "P1", fmt="md")
    rows = [line for line in md.splitlines() if "2023-09-30" in line]
    assert len(rows) == 1 and "6 名工人" in rows[0] and "¥6,000" in rows[0]
    assert "TX0 … TX5" in rows[0] and "payments.csv:100 … payments.csv:105" in rows[0]
    assert sum("2023-08-01" in line for line in md.splitlines()) == 2  # two wage payments stay two rows


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_refusal_lead_shows_its_elements_as_a_checklist(tmp_path, fmt):
    """X-REFUSE reads as a lead with its elements: what is proven and what is still to gather
    (法释〔2013〕3号 第四条: without an order to pay, "尚缺：责令支付文书")."""
    from graphchain import analyze_graph, build_graph, read_bundle
    from tests.builders import refuse_case

    G = build_graph(read_bundle(refuse_case([12000], 100_000, 50_000).write(tmp_path / "b")))
    doc = analyze_graph(G)
    out = render_report(doc, G, "P", fmt=fmt)
    assert "构成要件核对" in out and "尚缺：责令支付文书" in out and "数额较大" in out
    assert "涉嫌拒不支付劳动报酬" in out
    assert ("☐" in out) if fmt == "html" else ("[ ]" in out and "[x]" in out)
    G = build_graph(read_bundle(refuse_case([12000], 100_000, 50_000).order("Z1", "D").write(tmp_path / "c")))
    out = render_report(analyze_graph(G), G, "P", fmt=fmt, lang="en")
    assert "Elements of the offence" in out and "Order to pay ignored" in out
    assert "<strong>missing<" not in out and "**missing**" not in out  # all three elements are met


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_money_tied_to_no_project_is_listed(tmp_path, fmt):
    """docs/legal-rules.md F: a payment that cannot be tied to a project is listed, never dropped; the
    employer's untagged transfers appear in the money section of its project's report."""
    from graphchain import analyze_graph, build_graph, read_bundle
    from tests.builders import refuse_case

    G = build_graph(read_bundle(refuse_case([6000] * 10, 50_000, 45_000, moved_project="").write(tmp_path / "b")))
    doc = analyze_graph(G)
    assert doc["unattributed"]["payments"] == ["T10"]
    out = render_report(doc, G, "P", fmt=fmt)
    assert "未能归属项目的资金" in out and "T10" in out and "45,000" in out


def test_payroll_row_counts_workers_not_payments(G, doc):
    """A month's line with two payments to each of three workers says 3 workers (6 payments, ¥6,000)."""
    H = G.copy()
    for i in range(3):
        H.add_node(f"X{i}", label="Person", id=f"X{i}", name=f"工人{i}", source=f"persons.csv:{100 + i}")
        for j in range(2):
            k = f"TX{i}{j}"
            H.add_edge("D", f"X{i}", k, rel="PAID", id=k, project_id="P1", purpose="wage", amount=1000.0,
                       paid="2023-09-30", source=f"payments.csv:{100 + 2 * i + j}")
    rows = [line for line in render_report(doc, H, "P1", fmt="md").splitlines() if "2023-09-30" in line]
    assert len(rows) == 1 and "3 名工人" in rows[0] and "6 名工人" not in rows[0] and "¥6,000" in rows[0]
