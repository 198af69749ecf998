"""The rule catalogue of legal-rules.md, written down once as data.

Every finding carries ``rule`` (an id below), ``basis`` (the texts below) and ``subject``:
the one id the finding is about, so that a finding can be matched to ``truth.json`` of a
generated bundle and an analyst can tell two findings of one rule apart.

``subject`` kinds: ``contract`` (a contract_id), ``party`` (a party_id), ``person`` (a
person_id), ``project`` (the project_id itself), ``ring`` (a ring id).
"""

from __future__ import annotations

from dataclasses import dataclass

BANFA = "建筑工程施工发包与承包违法行为认定查处管理办法"
TIAOLI = "保障农民工工资支付条例"
JIANGONG = "最高人民法院关于审理建设工程施工合同纠纷案件适用法律问题的解释（一）"


@dataclass(frozen=True)
class Rule:
    id: str
    zh: str
    en: str
    subject: str
    basis: tuple[str, ...]
    section: str  # A chains, C compliance, D criminal


RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("R-OWNER-ILLEGAL", "违法发包", "illegal award by the owner", "contract",
             (f"{BANFA} 第五条、第六条", "建筑法 第二十二条、第六十五条"), "A"),
        Rule("R-TRANSFER", "转包", "transfer of the whole job", "party",
             ("建筑法 第二十八条", "民法典 第七百九十一条第二款", f"{BANFA} 第七条、第八条第（一）（二）项"), "A"),
        Rule("R-TRANSFER-FEE", "转包（收取管理费）", "transfer for a fee", "party",
             (f"{BANFA} 第八条第（三）（五）（九）项",), "A"),
        Rule("R-PAY-BYPASS", "转包/挂靠迹象（资金绕行）", "payment bypasses the contractor", "contract",
             (f"{BANFA} 第八条第（九）项、第十条",), "A"),
        Rule("R-NAME-LENDING", "挂靠", "name lending", "party",
             ("建筑法 第二十六条、第六十六条", f"{BANFA} 第九条、第十条", f"{JIANGONG} 第一条第一款第（二）项"), "A"),
        Rule("R-SUB-INDIVIDUAL", "违法分包（分包给个人）", "subcontract to an individual", "contract",
             (f"{BANFA} 第十一条、第十二条第（一）项",), "A"),
        Rule("R-SUB-UNQUALIFIED", "违法分包（无相应资质）", "subcontract to an unqualified unit", "contract",
             ("建筑法 第二十九条第三款", "民法典 第七百九十一条第三款", f"{BANFA} 第十二条第（二）项"), "A"),
        Rule("R-MAIN-STRUCTURE", "违法分包（主体结构）", "main structure subcontracted", "contract",
             ("建筑法 第二十九条第一款", "民法典 第七百九十一条第三款", f"{BANFA} 第十二条第（三）项"), "A"),
        Rule("R-RESUB", "违法分包（再分包）", "re-subcontracting", "contract",
             ("建筑法 第二十九条第三款", f"{BANFA} 第十二条第（四）（五）项"), "A"),
        Rule("R-DEPTH", "多层级分包链", "multi-level chain", "project",
             ("由转包、违法分包规则推定（建筑法 第二十八条、第二十九条）",), "A"),
        Rule("R-CYCLE", "循环合同（虚假合同嫌疑）", "contract cycle (sham contracts)", "project",
             ("数据完整性核查",), "A"),
        Rule("C-GUARANTEE", "未提供工程款支付担保", "no owner payment guarantee", "project",
             (f"{TIAOLI} 第二十四条第一款",), "C"),
        Rule("C-ACCOUNT", "未开设农民工工资专用账户", "no wage special account", "project",
             (f"{TIAOLI} 第二十六条",), "C"),
        Rule("C-REALNAME", "未实名制登记", "no real-name registration", "person",
             (f"{TIAOLI} 第二十八条第一款",), "C"),
        Rule("C-DIRECTPAY", "未通过专用账户代发工资", "wages not paid from the special account", "party",
             (f"{TIAOLI} 第三十一条、第十一条",), "C"),
        Rule("X-REFUSE", "拒不支付劳动报酬罪线索", "refusal to pay wages (criminal lead)", "party",
             ("刑法 第二百七十六条之一",
              "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释（2013）第二条至第四条"), "D"),
        Rule("X-EXTORT", "假讨薪真敲诈（敲诈勒索团伙线索）", "fake wage claims / extortion ring", "ring",
             ("刑法 第二百七十四条、第二百九十三条", f"{TIAOLI} 第五十二条"), "D"),
    ]
}


@dataclass(frozen=True)
class Liability:
    id: str
    liability: str  # direct | first_pay | pay | advance | joint
    zh: str
    basis: tuple[str, ...]


LIABILITIES: dict[str, Liability] = {
    x.id: x
    for x in [
        Liability("L-DIRECT", "direct", "用工单位直接清偿", (f"{TIAOLI} 第十六条、第三十条第一款",)),
        Liability("L-GC-FIRST", "first_pay", "施工总承包单位先行清偿后追偿", (f"{TIAOLI} 第三十条第三款、第四款",)),
        Liability("L-ILLEGAL-LET", "pay", "违法发包/分包单位清偿", (f"{TIAOLI} 第三十六条第一款",)),
        Liability("L-EMPLOYER", "pay", "发包给不具备用工主体资格者的单位承担责任",
                  ("劳动合同法 第九十四条", "劳动和社会保障部 劳社部发〔2005〕12号 第四条")),
        Liability("L-NAME-LEND", "pay", "出借资质单位清偿", (f"{TIAOLI} 第三十六条第二款、第十九条第二款",)),
        Liability("L-OWNER-ADV", "advance", "建设单位在未结清工程款范围内先行垫付", (f"{TIAOLI} 第二十九条第二款",)),
        Liability("L-ACTUAL", "advance", "发包人在欠付工程价款范围内对实际施工人承担责任",
                  (f"{JIANGONG} 第四十三条第二款、第四十四条",)),
        Liability("L-SAFETY", "joint", "违法发包致工伤的连带责任",
                  ("安全生产法 第四十九条第一款、第一百零三条第一款",)),
    ]
}

LIABILITY_ZH = {"direct": "直接清偿", "first_pay": "先行清偿", "pay": "清偿", "advance": "先行垫付",
                "joint": "连带责任"}

DISCLAIMER_ZH = "本报告所列发现均为待核实的线索，并非法律结论；每一项均应依据所列证据逐一人工核实。"
DISCLAIMER_EN = ("Every finding in this report is a lead to verify, not a legal conclusion; "
                 "check each against its evidence.")
