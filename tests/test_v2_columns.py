"""A v1 bundle still analyses; the same bundle with v2's columns filled in (licence, claim kinds, orders,
contract sections and settlements) changes the answers as docs/legal-rules.md says — through the CLI,
as a user runs it, with the Chinese headers a user's spreadsheet has."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from graphchain.cli import app

MINI = Path(__file__).parent / "data" / "mini"


def analyze(bundle: Path, out: Path) -> dict:
    r = CliRunner().invoke(app, ["analyze", str(bundle), "--json", str(out)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return json.loads(out.read_text(encoding="utf-8"))


def add_column(f: Path, name: str, values: dict[str, str], key: str | None = None) -> None:
    """Append a column (header ``name``) to a CSV file; ``values`` by the first column's id."""
    with f.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[0].append(name)
    for r in rows[1:]:
        r.append(values.get(r[0], ""))
    with f.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def liable(doc: dict, claim: str) -> set[tuple[str, str, str]]:
    x = next(x for x in doc["liability"] if x["claim_id"] == claim)
    return {(y["party_id"], y["liability"], y["rule"]) for y in x["liable"]}


def test_v1_bundle_then_the_same_bundle_with_v2_columns(tmp_path):
    v1 = analyze(MINI, tmp_path / "v1.json")
    assert ("C", "pay", "L-EMPLOYER") in liable(v1, "CL1")
    refuse = next(f for f in v1["findings"] if f["rule"] == "X-REFUSE")
    assert not next(e for e in refuse["elements"] if e["element"] == "order")["met"]
    assert v1["unattributed"] == {"payments": [], "claims": []}

    b = tmp_path / "v2"
    shutil.copytree(MINI, b)
    # D is a registered 个体工商户 (经营状态 存续): he has 合法经营资格, so C bears no 用工主体责任
    add_column(b / "parties.csv", "经营状态", {"D": "存续"})
    # CL3 is an injury claim (工伤), not wage arrears
    add_column(b / "claims.csv", "诉求类型", {"CL3": "工伤"})
    # the owner settled its contract at 9,000,000: its cap falls from 4,000,000 to 3,000,000
    add_column(b / "contracts.csv", "结算金额", {"K1": "900万"})
    # the 人社局 ordered D to pay, deadline passed unpaid
    (b / "orders.csv").write_text("文书编号,被责令方,项目编号,作出机关,作出日期,履行期限,送达方式,是否履行\n"
                                  "Z1,D,P1,朝阳区人力资源和社会保障局,2024年1月20日,2024/1/30,张贴,否\n",
                                  encoding="utf-8")
    v2 = analyze(b, tmp_path / "v2.json")
    assert ("C", "pay", "L-EMPLOYER") not in liable(v2, "CL1")
    assert {(p, r) for p, _, r in liable(v2, "CL1")} >= {("D", "L-DIRECT"), ("A", "L-GC-FIRST"), ("O1", "L-OWNER-ADV")}
    cap = {y["cap"] for x in v2["liability"] for y in x["liable"] if y["rule"] == "L-OWNER-ADV"}
    assert cap == {3_000_000}
    injury = next(x for x in v2["liability"] if x["claim_id"] == "CL3")
    assert injury["kind"] == "injury" and {y["rule"] for y in injury["liable"]} == {"L-SAFETY"}
    refuse = next(f for f in v2["findings"] if f["rule"] == "X-REFUSE")
    elements = {e["element"]: e for e in refuse["elements"]}
    assert elements["order"]["met"] and elements["order"]["evidence"] == ["Z1"]
    assert "absconded" in {c["condition"] for c in elements["conduct"]["conditions"]}  # posted at the site
    assert v2["bundle"]["counts"]["orders"] == 1


def test_bad_order_rows_are_reported_by_file_and_row(tmp_path):
    b = tmp_path / "b"
    shutil.copytree(MINI, b)
    (b / "orders.csv").write_text("order_id,party_id,issued,deadline,served,complied\n"
                                  "Z1,NOBODY,2024-01-20,2024-01-30,posted,false\n"
                                  "Z2,D,someday,2024-01-30,by pigeon,maybe\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["analyze", str(b), "--json", str(tmp_path / "x.json")])
    assert r.exit_code == 2 and not (tmp_path / "x.json").exists()
    for msg in ("orders.csv:2: party_id", "orders.csv:3: issued", "orders.csv:3: served", "orders.csv:3: complied"):
        assert msg in r.output, msg
