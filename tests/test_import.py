"""graphchain import / resolve: raw exports of a case made into a bundle, as a new user would run them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphchain.bundle import read_bundle
from graphchain.cli import app
from graphchain.findings import analyze_bundle
from graphchain.ingest import import_file, resolve_bundle
from graphchain.ingest.hotline import cn_number, extract, match_project
from graphchain.ingest.rawsynth import raw_files, write_raw
from graphchain.ingest.resolve import safe_company_key

runner = CliRunner()

# from tests/data/mini
A, A_CODE = "北京城建宏远建设集团有限公司", "91110106MA0123456K"
B, B_CODE = "河北鑫泰建筑工程有限公司", "91130105MA0234567Q"
O1, O1_CODE = "北京宏达置业有限公司", "91110105MA0012345R"
D, D_ID = "王建国", "130226198001011239"
W1, W1_ID = "贾海涛", "411527198512034564"
W2, W2_ID = "李大勇", "130624199205073216"
P = "朝阳区某住宅楼工程"
PROJECT_HEAD = ["项目名称", "建设单位", "建设单位统一社会信用代码"]
CONTRACT_HEAD = ["合同编号", "项目名称", "发包人", "发包人统一社会信用代码", "承包人", "承包人统一社会信用代码",
                 "合同类型", "合同金额"]


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def write(path: Path, rows: list[list], above: tuple[str, ...] = (), encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        for line in above:
            fh.write(line + "\n")
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return path


def table(bundle: Path, name: str) -> list[dict]:
    """The rows of a table the bundle folder holds (an empty optional table is not written)."""
    if not (bundle / f"{name}.csv").exists() and name not in ("parties", "projects"):
        return []
    with (bundle / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def liable(doc: dict, names: dict[str, str]) -> set[tuple]:
    return {(x["claim_id"], round(x["amount"]), names.get(p["party_id"], p["party_id"]), p["liability"], p["rule"])
            for x in doc["liability"] for p in x["liable"]}


def findings(doc: dict, names: dict[str, str]) -> list[tuple]:
    return sorted((f["rule"], f["project_id"], tuple(sorted(names.get(p, p) for p in f.get("parties") or ())))
                  for f in doc["findings"])


def names_of(bundle) -> dict[str, str]:
    return ({r["party_id"]: r["name"] for r in bundle.table("parties").to_dict("records")}
            | {r["person_id"]: r["name"] for r in bundle.table("persons").to_dict("records")})


# ------------------------------------------------------------------ the case end to end, as a user runs it
@pytest.fixture(scope="module")
def raw_mini(tmp_path_factory) -> Path:
    return write_raw("tests/data/mini", tmp_path_factory.mktemp("raw") / "exports", seed=1)


def test_raw_exports_of_a_case_give_the_same_liable_parties(mini, raw_mini, tmp_path):
    into = tmp_path / "case"
    for f, kind in raw_files(raw_mini):
        r = run("import", f, "--as", kind, "--into", into)
        assert r.exit_code == 0, r.output
        assert "added" in r.output
    assert table(into, "review") == []  # every name here is certain: nothing to review
    clean, imported = read_bundle(mini), read_bundle(into)
    assert run("analyze", into, "--json", tmp_path / "f.json").exit_code == 0
    a, b = analyze_bundle(clean), json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert liable(a, names_of(clean)) == liable(b, names_of(imported))
    assert findings(a, names_of(clean)) == findings(b, names_of(imported))
    assert liable(b, names_of(imported))  # not two empty sets
    # provenance: every row says where it came from
    for t in ("parties", "persons", "projects", "contracts", "payments", "employment", "claims"):
        assert all(r["raw_source"] for r in table(into, t)), t
    assert imported.extras["payments"] and "raw_source" in imported.extras["payments"]


def test_reimporting_adds_nothing(raw_mini, tmp_path):
    into = tmp_path / "case"
    files = raw_files(raw_mini)
    for f, kind in files:
        import_file(f, kind, into)
    before = {p.name: p.read_bytes() for p in into.glob("*.csv")}
    for f, kind in files:
        r = run("import", f, "--as", kind, "--into", into)
        assert r.exit_code == 0 and "added 0 raw record(s)" in r.output, r.output
    assert {p.name: p.read_bytes() for p in into.glob("*.csv")} == before


def test_bad_raw_input_is_one_line_and_nothing_is_written(tmp_path):
    f = write(tmp_path / "花名册.csv", [["姓名", "身份证号", "用工单位", "项目名称"],
                                     [W1, W1_ID, D, "某工程"], [W2, "130624199205073217", D, "某工程"]])
    into = tmp_path / "case"
    r = run("import", f, "--as", "roster", "--into", into)
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert lines[0].startswith("花名册.csv:3: 身份证号: invalid 身份证号"), r.output
    assert "Traceback" not in r.output and len(lines) == 2 and "nothing was imported" in lines[1]
    assert not into.exists()
    # into an existing bundle: nothing changes
    good = write(tmp_path / "项目备案.csv", [PROJECT_HEAD, ["某工程", O1, O1_CODE]])
    assert run("import", good, "--as", "projects", "--into", into).exit_code == 0
    before = {p: p.read_bytes() for p in into.rglob("*") if p.is_file()}
    assert run("import", f, "--as", "roster", "--into", into).exit_code == 2
    assert {p: p.read_bytes() for p in into.rglob("*") if p.is_file()} == before


def test_a_missing_column_and_an_unknown_kind_are_errors(tmp_path):
    f = write(tmp_path / "x.csv", [["姓名", "电话"], ["张三", "1"]])
    r = run("import", f, "--as", "roster", "--into", tmp_path / "b")
    assert r.exit_code == 2 and "x.csv:1: employer: missing column" in r.output
    r = run("import", f, "--as", "nonsense", "--into", tmp_path / "b")
    assert r.exit_code == 2 and "unknown kind" in r.output
    assert not (tmp_path / "b").exists()


# ------------------------------------------------------------------ bank statements
def _register(tmp_path: Path, into: Path) -> None:
    import_file(write(tmp_path / "项目备案.csv", [["项目编号", "项目名称", "建设单位", "建设单位统一社会信用代码"],
                                              ["P1", "朝阳区某住宅楼工程", O1, O1_CODE]]), "projects", into)
    import_file(write(tmp_path / "合同备案.csv", [CONTRACT_HEAD,
                                              ["K1", P, O1, O1_CODE, A, A_CODE, "施工总承包", "1000万"],
                                              ["K2", P, A, A_CODE, B, B_CODE, "专业分包", "500万"]]),
                "contracts", into)


def test_a_transfer_seen_in_both_statements_is_one_payment(tmp_path):
    into = tmp_path / "case"
    _register(tmp_path, into)
    head = ["交易日期", "交易流水号", "摘要", "借方发生额", "贷方发生额", "对方户名", "对方账号"]
    out = write(tmp_path / "a.csv", [head,
                                     ["2024-03-01", "S1", "工程款", "100000", "", B, "6222000000000000002"],
                                     ["2024-03-05", "", "工程款", "20000", "", B, "6222000000000000002"],
                                     ["2024-03-09", "", "工程款", "5000", "", B, "6222000000000000002"],
                                     ["2024-03-09", "", "工程款", "5000", "", B, "6222000000000000002"],
                                     ["2024-03-10", "", "结息", "", "3.2", "", ""]],
                above=("某银行对账单", "账号：6222000000000000001", f"户名：{A}", ""))
    r = run("import", out, "--as", "bank", "--into", into)
    assert r.exit_code == 0 and "skipped 1: bank line without a counterparty" in r.output, r.output
    # the payee's statement: the same serial, a day later without serial, and the two equal transfers
    inn = write(tmp_path / "b.csv", [head,
                                     ["2024-03-02", "S1", "工程款", "", "100000", A, "6222000000000000001"],
                                     ["2024-03-06", "", "工程款", "", "20000", A, "6222000000000000001"],
                                     ["2024-03-09", "", "工程款", "", "5000", A, "6222000000000000001"],
                                     ["2024-03-09", "", "工程款", "", "5000", A, "6222000000000000001"]])
    r = run("import", inn, "--as", "bank", "--into", into, "--account", "6222000000000000002", "--holder", B)
    assert r.exit_code == 0, r.output
    pays = table(into, "payments")
    assert sorted((p["amount"], p["paid"]) for p in pays) == [
        ("100000.0", "2024-03-01"), ("20000.0", "2024-03-05"), ("5000.0", "2024-03-09"), ("5000.0", "2024-03-09")]
    parties = {p["party_id"]: p["name"] for p in table(into, "parties")}
    assert {(parties[p["payer_id"]], parties[p["payee_id"]]) for p in pays} == {(A, B)}
    assert all(p["contract_id"] == "K2" and p["project_id"] == "P1" and p["purpose"] == "progress" for p in pays)
    assert {p["payment_id"] for p in pays} >= {"S1"}
    assert len(table(into, "parties")) == 3  # the statement names merged with the register's by name and account


def test_a_statement_needs_its_own_account(tmp_path):
    f = write(tmp_path / "s.csv", [["交易日期", "借方发生额", "贷方发生额", "对方户名"], ["2024-03-01", "1", "", B]])
    r = run("import", f, "--as", "bank", "--into", tmp_path / "b")
    assert r.exit_code == 2 and "--account and --holder" in r.output


# ------------------------------------------------------------------ roster and payroll
def test_payroll_sums_into_employment_and_roster_roles(tmp_path):
    into = tmp_path / "case"
    _register(tmp_path, into)
    import_file(write(tmp_path / "合同2.csv", [["合同编号", "项目名称", "发包人", "发包人统一社会信用代码", "承包人",
                                             "承包人证件号码", "合同类型", "合同金额"],
                                            ["K3", "朝阳区某住宅楼工程", B, B_CODE, D, D_ID, "劳务分包", "80万"]]),
                "contracts", into)
    head = ["姓名", "身份证号", "手机号", "工种", "用工单位", "项目名称", "进场日期"]
    import_file(write(tmp_path / "花名册.csv", [head, [W1, W1_ID, "13912345678", "钢筋工", D, P, "2024/3/1"],
                                             [W2, W2_ID, "", "带班", D, P, "2024年3月2日"]]),
                "roster", into)
    head = ["姓名", "身份证号", "项目名称", "用工单位", "工资月份", "出勤天数", "应发工资", "实发工资"]
    import_file(write(tmp_path / "工资表.csv", [head, [W1, W1_ID, P, D, "2024年3月", "20", "6000", "1000"],
                                             [W1, W1_ID, P, D, "2024年4月", "22.5", "6,600", "0"]],
                      encoding="gbk"), "payroll", into)
    rows = {r["person_id"]: r for r in table(into, "employment")}
    persons = {p["person_id"]: p["name"] for p in table(into, "persons")}
    by_name = {persons[k]: v for k, v in rows.items()}
    assert (by_name[W1]["role"], by_name[W1]["days"], by_name[W1]["wage_due"], by_name[W1]["wage_paid"]) == (
        "worker", "42.5", "12600.0", "1000.0")
    assert by_name[W2]["role"] == "foreman" and by_name[W2]["start"] == "2024-03-02"
    parties = {p["party_id"]: p for p in table(into, "parties")}
    assert parties[by_name[W1]["employer_id"]]["kind"] == "individual"
    assert parties[by_name[W1]["employer_id"]]["id_number"] == D_ID
    read_bundle(into)  # a valid bundle


# ------------------------------------------------------------------ hotline work orders
@pytest.mark.parametrize("text, amount, workers, respondent", [
    ("反映顺义区某小学工程陶老板欠薪27200元，共8人", 27200, 8, "陶老板"),
    ("北京宏远建设有限公司拖欠我们8个人工资共计3.5万元", 35000, 8, "北京宏远建设有限公司"),
    ("包工头王建国欠我工资2万多元", 20000, None, "包工头王建国"),
    ("老王欠了我们五个人每人3000元", 15000, 5, "老王"),
    ("张总不给钱，欠款一万二千元", 12000, None, "张总"),
    ("拖欠我们两万七千二百元工资，一共三个人，找刘老板不管", 27200, 3, "刘老板"),
    ("欠款五千六百零七元，3千元已付", 5607, None, None),
])
def test_work_order_text_is_read_with_spans(text, amount, workers, respondent):
    x = extract(text)
    assert (x.amount, x.workers, x.respondent) == (amount, workers, respondent)
    s, e = map(int, x.spans["amount"].split(":"))
    assert any(ch.isdigit() or ch in "零一二两三四五六七八九十百千万" for ch in text[s:e])
    if respondent:
        s, e = map(int, x.spans["respondent"].split(":"))
        assert text[s:e] == respondent


def test_chinese_numerals_and_dates():
    assert [cn_number(t) for t in ("十", "十二", "一百零五", "三万五", "两千")] == [10, 12, 105, 35000, 2000]
    assert extract("2024年3月至2024年6月的工资5000元未付").dates == ["2024-03", "2024-06"]


def test_the_project_is_matched_by_name_or_address_with_its_district():
    projects = {"P1": ("朝阳区宏达家园二期住宅楼工程", "朝阳区", "建国路88号"),
                "P2": ("海淀区宏达家园二期住宅楼工程", "海淀区", "")}
    assert match_project("在朝阳区宏达家园二期住宅楼干活", "", projects)[0] == "P1"
    assert match_project("宏达家园二期住宅楼欠薪", "海淀区", projects)[0] == "P2"
    assert match_project("宏达家园二期住宅楼欠薪", "", projects)[0] is None  # two: none
    pid, span = match_project("在建国路88号工地", "", projects)
    assert pid == "P1" and span == "1:7"


def test_a_work_order_is_a_claim_with_its_spans(tmp_path):
    into = tmp_path / "case"
    _register(tmp_path, into)
    import_file(write(tmp_path / "工单.csv", [["工单编号", "受理时间", "来电人", "联系电话", "工单内容", "区县"],
                                           ["GD1", "2024-05-01 09:12:00", W1, "13912345678",
                                            f"反映朝阳区某住宅楼工程{B}拖欠我们8人工资共计4.8万元", "朝阳区"],
                                           ["GD2", "2024-05-02 10:00", W1, "13912345678", "又来电：欠薪三千元", ""]]),
                "hotline", into)
    claims = {c["claim_id"]: c for c in table(into, "claims")}
    c = claims["GD1"]
    assert (c["amount"], c["workers"], c["project_id"], c["respondent_name"], c["filed"]) == (
        "48000.0", "8", "P1", B, "2024-05-01")
    parties = {p["party_id"]: p["name"] for p in table(into, "parties")}
    assert parties[c["respondent_id"]] == B
    s, e = map(int, c["respondent_span"].split(":"))
    assert c["text"][s:e] == B
    assert claims["GD2"]["claimant_id"] == c["claimant_id"]  # a repeat order: the same claimant, another claim
    assert claims["GD2"]["project_id"] == ""


# ------------------------------------------------------------------ resolution and review
def test_safe_names():
    assert safe_company_key("北京宏远建设有限公司") == safe_company_key("宏远建设（北京）有限责任公司")
    assert safe_company_key("宏远建设 有限公司") == safe_company_key("宏远建设有限公司")
    assert safe_company_key("宏远建设有限公司") != safe_company_key("北京宏远建设有限公司")
    assert safe_company_key("宏远建设有限公司") != safe_company_key("宏远建设股份有限公司")


def test_uncertain_names_go_to_review_and_judgements_survive_reimport(tmp_path):
    into = tmp_path / "case"
    _register(tmp_path, into)
    roster = write(tmp_path / "花名册.csv", [["姓名", "身份证号", "用工单位", "项目名称"],
                                          [W1, W1_ID, "鑫泰建筑公司", "朝阳区某住宅楼工程"]])
    import_file(roster, "roster", into)
    review = table(into, "review")
    assert [(r["left_name"], r["right_name"]) for r in review] == [(B, "鑫泰建筑公司")]
    assert "similar names" in review[0]["reasons"] and review[0]["left_codes"] == B_CODE
    assert table(into, "employment") == []  # a company without code cannot be a party yet
    assert "用工单位缺少信用代码" in table(into, "unresolved")[0]["reason"]
    # the analyst says same
    rows = [dict(r, decision="same") for r in review]
    with (into / "review.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(review[0]))
        w.writeheader()
        w.writerows(rows)
    r = run("resolve", into)
    assert r.exit_code == 0 and "1 judgement(s) applied" in r.output, r.output
    assert table(into, "review") == [] and len(table(into, "judgements")) == 1
    parties = {p["party_id"]: p["name"] for p in table(into, "parties")}
    assert [parties[e["employer_id"]] for e in table(into, "employment")] == [B]
    # a later import keeps the decision
    import_file(write(tmp_path / "花名册2.csv", [["姓名", "身份证号", "用工单位", "项目名称"],
                                              [W2, W2_ID, A, "朝阳区某住宅楼工程"]]), "roster", into)
    assert len(table(into, "employment")) == 2 and table(into, "review") == []


def test_different_codes_never_merge_and_different_keeps_apart(tmp_path):
    into = tmp_path / "case"
    f = write(tmp_path / "资质.csv", [["统一社会信用代码", "企业名称", "资质类别"], [A_CODE, A, "施工总承包"],
                                    [B_CODE, A, "专业承包"]])
    import_file(f, "qualifications", into)
    parties = table(into, "parties")
    assert len(parties) == 2 and {p["qualifications"] for p in parties} == {"general", "specialty"}
    assert table(into, "review") == []
    # a roster employer written like both: one review row per candidate
    _register(tmp_path, into)
    import_file(write(tmp_path / "r.csv", [["姓名", "身份证号", "用工单位", "项目名称"],
                                         [W1, W1_ID, A, "朝阳区某住宅楼工程"]]), "roster", into)
    review = table(into, "review")
    assert len(review) == 2 and all("several entities" in r["reasons"] for r in review)
    with (into / "review.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(review[0]))
        w.writeheader()
        w.writerows([dict(review[0], decision="不同"), dict(review[1], decision="same")])
    resolve_bundle(into)
    assert table(into, "review") == []
    assert len(table(into, "employment")) == 1


def test_a_review_decision_must_be_same_or_different(tmp_path):
    into = tmp_path / "case"
    _register(tmp_path, into)
    import_file(write(tmp_path / "r.csv", [["姓名", "身份证号", "用工单位", "项目名称"],
                                         [W1, W1_ID, "鑫泰建筑公司", "朝阳区某住宅楼工程"]]), "roster", into)
    review = table(into, "review")
    with (into / "review.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(review[0]))
        w.writeheader()
        w.writerow(dict(review[0], decision="maybe"))
    r = run("resolve", into)
    assert r.exit_code == 2 and "review.csv:2: decision: 'maybe'" in r.output


def test_a_shared_phone_is_no_merge_of_two_people(tmp_path):
    into = tmp_path / "case"
    _register(tmp_path, into)
    import_file(write(tmp_path / "r.csv", [["姓名", "身份证号", "手机号", "用工单位", "项目名称"],
                                         [W1, W1_ID, "13912345678", A, "朝阳区某住宅楼工程"]]), "roster", into)
    import_file(write(tmp_path / "h.csv", [["工单编号", "受理时间", "来电人", "联系电话", "工单内容"],
                                         ["G1", "2024-05-01", "贾海波", "13912345678", "欠薪3000元"],
                                         ["G2", "2024-05-01", W1, "13912345678", "欠薪3000元"]]), "hotline", into)
    persons = {p["person_id"]: p["name"] for p in table(into, "persons")}
    claims = {c["claim_id"]: persons[c["claimant_id"]] for c in table(into, "claims")}
    assert claims == {"G1": "贾海波", "G2": W1}
    assert len(persons) == 2


# ------------------------------------------------------------------ mapping files, workbooks
def test_a_mapping_file_overrides_the_preset(tmp_path):
    f = write(tmp_path / "ht.csv", [["编号", "项目", "甲方", "甲方代码", "乙方", "乙方代码", "类别", "价款"],
                                    ["K9", "某工程", O1, O1_CODE, A, A_CODE, "总包", "100"]])
    m = tmp_path / "m.toml"
    m.write_text('[columns]\n"编号" = "contract_id"\n"项目" = "project_name"\n"甲方" = "from_name"\n'
                 '"甲方代码" = "from_code"\n"乙方" = "to_name"\n"乙方代码" = "to_code"\n"类别" = "type"\n'
                 '"价款" = "amount"\n[values.type]\n"总包" = "general"\n', encoding="utf-8")
    into = tmp_path / "case"
    import_file(write(tmp_path / "p.csv", [PROJECT_HEAD, ["某工程", O1, O1_CODE]]),
                "projects", into)
    r = run("import", f, "--as", "contracts", "--into", into, "--mapping", m)
    assert r.exit_code == 0, r.output
    (k,) = table(into, "contracts")
    assert (k["contract_id"], k["type"], k["amount"]) == ("K9", "general", "100.0")
    m.write_text('[columns]\n"编号" = "no_such_field"\n', encoding="utf-8")
    r = run("import", f, "--as", "contracts", "--into", into, "--mapping", m)
    assert r.exit_code == 2 and "unknown field 'no_such_field'" in r.output


def test_an_xlsx_export_is_read(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "资质查询结果"
    ws.append(["统一社会信用代码", "企业名称", "资质类别", "经营状态"])
    ws.append([A_CODE, A, "施工总承包、专业承包", "吊销"])
    wb.save(tmp_path / "q.xlsx")
    into = tmp_path / "case"
    import_file(tmp_path / "q.xlsx", "qualifications", into)
    (p,) = table(into, "parties")
    assert (p["name"], p["qualifications"], p["licence"]) == (A, "general;specialty", "revoked")
    assert p["raw_source"] == "q.xlsx[资质查询结果]:2"


def test_review_holds_only_the_uncertain_and_judging_it_gives_the_clean_answer(mini, tmp_path):
    raw = write_raw(mini, tmp_path / "raw", seed=2, short_names=1.0)  # every company employer by trade name
    truth = json.loads((raw / "truth.json").read_text(encoding="utf-8"))
    into = tmp_path / "case"
    for f, kind in raw_files(raw):
        import_file(f, kind, into)
    review = table(into, "review")
    assert review and all(r["right_ref"] in truth["uncertain"] or r["left_ref"] in truth["uncertain"]
                          for r in review)
    for r in review:
        r["decision"] = "same" if truth["mentions"][r["left_ref"]] == truth["mentions"][r["right_ref"]] else "不同"
    with (into / "review.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(review[0]))
        w.writeheader()
        w.writerows(review)
    assert run("resolve", into).exit_code == 0
    assert table(into, "review") == []
    assert all("合同重复" in u["reason"] for u in table(into, "unresolved"))  # the register's duplicate rows
    clean, imported = read_bundle(mini), read_bundle(into)
    assert liable(analyze_bundle(clean), names_of(clean)) == liable(analyze_bundle(imported), names_of(imported))


def test_synth_raw_writes_exports_and_the_bundle_they_come_from(tmp_path):
    r = run("synth", tmp_path / "s", "--raw", "--projects", "2", "--seed", "4")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "s" / "clean" / "parties.csv").is_file() and (tmp_path / "s" / "truth.json").is_file()
    files = raw_files(tmp_path / "s")
    assert {k for _, k in files} == {"projects", "contracts", "qualifications", "roster", "payroll", "hotline", "bank"}
    assert "账号：" in next(f for f, k in files if k == "bank").read_text(encoding="utf-8")


def test_the_bundle_folder_is_private(raw_mini, tmp_path):
    into = tmp_path / "case"
    f, kind = raw_files(raw_mini)[0]
    import_file(f, kind, into)
    assert into.stat().st_mode & 0o777 == 0o700
    assert all(p.stat().st_mode & 0o077 == 0 for p in into.rglob("*") if p.is_file())


def test_help_has_an_example():
    for cmd in ("import", "resolve"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Example" in r.output and "graphchain" in r.output


def test_an_id_number_that_also_passes_as_a_credit_code_is_an_individual(tmp_path):
    both = "511321199707141967"  # a valid 身份证号 whose check digit also fits GB 32100
    into = tmp_path / "case"
    _register(tmp_path, into)
    import_file(write(tmp_path / "k.csv", [CONTRACT_HEAD, ["K5", P, B, B_CODE, "侯松军", both, "劳务分包", "10万"]]),
                "contracts", into)
    (p,) = [p for p in table(into, "parties") if p["name"] == "侯松军"]
    assert (p["kind"], p["id_number"], p["credit_code"]) == ("individual", both, "")


def test_several_statements_in_one_import_all_or_none(raw_mini, tmp_path):
    into = tmp_path / "case"
    statements = [f for f, k in raw_files(raw_mini) if k == "bank"]
    head = ["交易日期", "借方发生额", "贷方发生额", "对方户名"]
    above = ("账号：6222000000000000001", f"户名：{A}")
    bad = write(tmp_path / "流水_bad.csv", [head, ["2024-13-01", "1", "", B]], above)
    r = run("import", *statements, bad, "--as", "bank", "--into", into)
    assert r.exit_code == 2 and "流水_bad.csv:4: 交易日期: not a date" in r.output, r.output
    assert not into.exists()
    r = run("import", *statements, "--as", "bank", "--into", into)
    assert r.exit_code == 0 and "skipped" in r.output
    assert table(into, "payments")


def test_another_bundle_is_merged_with_its_ids_resolved(mini, raw_mini, tmp_path):
    into = tmp_path / "case"
    r = run("import", mini, "--as", "bundle", "--into", into)
    assert r.exit_code == 0, r.output
    clean, merged = read_bundle(mini), read_bundle(into)
    assert merged.counts == clean.counts
    assert liable(analyze_bundle(clean), names_of(clean)) == liable(analyze_bundle(merged), names_of(merged))
    # the raw exports of the same case add no party, person, project or contract: they are resolved against it
    for f, kind in raw_files(raw_mini):
        import_file(f, kind, into)
    again = read_bundle(into)
    for t in ("parties", "persons", "projects", "contracts"):
        assert again.counts[t] == clean.counts[t], t
    assert run("import", mini, "--as", "bundle", "--into", into).output.startswith("added 0 raw record(s)")


def test_a_bad_bundle_is_refused_whole(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    write(bad / "parties.csv", [["party_id", "name", "kind"], ["A", "甲", "公司"]])
    write(bad / "projects.csv", [["project_id", "name", "owner_id"], ["P1", "某工程", "X"]])
    r = run("import", bad, "--as", "bundle", "--into", tmp_path / "case")
    assert r.exit_code == 2 and "projects.csv:2: owner_id: unknown id 'X'" in r.output
    assert not (tmp_path / "case").exists()


def test_a_file_name_with_a_control_character_gives_a_readable_bundle(tmp_path):
    f = write(tmp_path / "项目\x1b[31m.csv", [PROJECT_HEAD, ["某工程", O1, O1_CODE]])
    into = tmp_path / "case"
    import_file(f, "projects", into)
    b = read_bundle(into)
    assert b.table("projects").loc[0, "raw_source"] == "项目\\x1b[31m.csv:2"


def test_the_example_config_documents_the_review_band_and_it_is_used(tmp_path):
    import tomllib

    from graphchain.ingest.resolve import DEFAULTS

    example = tomllib.loads(Path("rules.example.toml").read_text(encoding="utf-8"))
    assert example["import"] == DEFAULTS
    into = tmp_path / "case"
    _register(tmp_path, into)
    roster = write(tmp_path / "r.csv", [["姓名", "身份证号", "用工单位", "项目名称"], [W1, W1_ID, "鑫泰建筑公司", P]])
    cfg = tmp_path / "c.toml"
    cfg.write_text("[import]\nreview_min = 101.0\nreview_max = 102.0\n", encoding="utf-8")
    assert run("import", roster, "--as", "roster", "--into", into, "--config", cfg).exit_code == 0
    assert table(into, "review") == []  # nothing scores in that band
    assert run("resolve", into).exit_code == 0 and len(table(into, "review")) == 1
    cfg.write_text("[import]\nreview_mn = 1.0\n", encoding="utf-8")
    r = run("resolve", into, "--config", cfg)
    assert r.exit_code == 2 and "import.review_mn: unknown key" in r.output


def test_an_xlsx_statement_with_title_lines_and_a_merged_title(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["某银行账户交易明细"])
    ws.merge_cells("A1:D1")
    ws.append(["账号：6222000000000000001"])
    ws.append([f"户名：{A}"])
    ws.append(["交易日期", "借方发生额", "贷方发生额", "对方户名"])
    ws.append(["2024-03-01", "1000", None, B])
    ws.append(["2024-03-02", None, "20", None])  # interest: no counterparty
    wb.create_sheet("说明").append(["无关的内容"])
    wb.save(tmp_path / "流水.xlsx")
    into = tmp_path / "case"
    _register(tmp_path, into)
    import_file(tmp_path / "流水.xlsx", "bank", into)
    (p,) = table(into, "payments")
    parties = {x["party_id"]: x["name"] for x in table(into, "parties")}
    assert (parties[p["payer_id"]], parties[p["payee_id"]], p["amount"]) == (A, B, "1000.0")
    assert p["raw_source"] == "流水.xlsx[Sheet]:5"
    # a bad cell below the header is reported at its sheet row
    ws["A6"] = "2024-02-30"
    wb.save(tmp_path / "流水2.xlsx")
    r = run("import", tmp_path / "流水2.xlsx", "--as", "bank", "--into", into)
    assert r.exit_code == 2 and "流水2.xlsx[Sheet]:6: 交易日期: not a date" in r.output, r.output
