"""The rule catalogue of docs/legal-rules.md, written down once as data.

Every finding carries ``rule`` (an id below), ``basis`` (the texts below) and ``subject``:
the one id the finding is about, so that a finding can be matched to ``truth.json`` of a
generated bundle and an analyst can tell two findings of one rule apart.

``subject`` kinds: ``contract`` (a contract_id), ``party`` (a party_id), ``person`` (a
person_id), ``project`` (the project_id itself), ``ring`` (a ring id).
"""

from __future__ import annotations

from dataclasses import dataclass

BANFA = "建筑工程施工发包与承包违法行为认定查处管理办法（建市规〔2019〕1号）"
TIAOLI = "保障农民工工资支付条例"
JIANGONG = "最高人民法院关于审理建设工程施工合同纠纷案件适用法律问题的解释（一）（法释〔2020〕25号）"
JIESHI2 = "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）（法释〔2025〕12号）"
JUFU = "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释（法释〔2013〕3号）"


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
             (f"{BANFA} 第五条、第六条第（一）（二）（五）项", "建筑法 第二十二条、第二十四条、第六十五条"), "A"),
        Rule("R-TRANSFER", "转包", "transfer of the whole job", "party",
             ("建筑法 第二十八条", "民法典 第七百九十一条第二款",
              f"{BANFA} 第七条、第八条第（一）（二）（五）（六）项"), "A"),
        Rule("R-TRANSFER-FEE", "转包（收取管理费）", "transfer for a fee", "party",
             (f"{BANFA} 第八条第（三）（五）（九）项",), "A"),
        Rule("R-PAY-BYPASS", "转包/挂靠迹象（资金绕行）", "payment bypasses the contractor", "contract",
             (f"{BANFA} 第八条第（九）项、第十条第（三）项",), "A"),
        Rule("R-NAME-LENDING", "挂靠", "name lending", "party",
             ("建筑法 第二十六条、第六十六条", f"{BANFA} 第九条、第十条第（一）（三）项",
              f"{JIANGONG} 第一条第一款第（二）项"), "A"),
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
             ("刑法 第二百七十六条之一", f"{JUFU} 第二条、第三条、第四条"), "D"),
        Rule("X-EXTORT", "假讨薪真敲诈（敲诈勒索团伙线索）", "fake wage claims / extortion ring", "ring",
             ("刑法 第二百七十四条、第二百九十三条",
              "最高人民法院、最高人民检察院关于办理敲诈勒索刑事案件适用法律若干问题的解释（法释〔2013〕10号）第一条、第三条",
              f"{TIAOLI} 第五十二条"), "D"),
    ]
}


@dataclass(frozen=True)
class Liability:
    id: str
    liability: str  # direct | first_pay | pay | advance | joint (the usual one; a rule may give another)
    zh: str
    en: str
    basis: tuple[str, ...]


LIABILITIES: dict[str, Liability] = {
    x.id: x
    for x in [
        Liability("L-DIRECT", "direct", "用工单位直接清偿", "the employer pays",
                  (f"{TIAOLI} 第十六条、第三十条第一款",)),
        Liability("L-GC-FIRST", "first_pay", "施工总承包单位先行清偿后追偿",
                  "the general contractor of the worker's chain pays first, then recovers",
                  (f"{TIAOLI} 第三十条第三款、第四款",)),
        Liability("L-ILLEGAL-LET", "pay",
                  "建设单位或施工总承包单位违法发包、分包给个人或不具备合法经营资格的单位，承担清偿责任",
                  "the owner or general contractor let work to a party without a business licence: it pays",
                  (f"{TIAOLI} 第三十六条第一款",)),
        Liability("L-EMPLOYER", "pay", "具备合法经营资格的承包人转包、分包给不具备合法经营资格者，承担用工主体责任",
                  "a licensed unit let work to a party without a business licence: it bears the employer's "
                  "liability (and may recover)",
                  (f"{JIESHI2} 第一条",
                   "劳动和社会保障部《关于确立劳动关系有关事项的通知》（劳社部发〔2005〕12号）第四条")),
        Liability("L-NAME-LEND", "pay", "被挂靠单位（出借资质）清偿", "the name lender (被挂靠单位) pays",
                  (f"{TIAOLI} 第三十六条第二款、第十九条第二款", f"{JIESHI2} 第二条")),
        Liability("L-OWNER-ADV", "advance", "建设单位以未结清的工程款为限先行垫付",
                  "the owner advances the wages, up to the price it has not settled",
                  (f"{TIAOLI} 第二十九条第二款",)),
        Liability("L-PRICE", "direct", "转包人、违法分包人向实际施工人支付工程价款",
                  "the unit that let the work pays the actual constructor's price", (f"{JIANGONG} 第四十三条第一款",)),
        Liability("L-ACTUAL", "advance", "发包人在欠付工程价款范围内对实际施工人承担责任",
                  "the owner answers to the actual constructor up to the price it still owes",
                  (f"{JIANGONG} 第四十三条第二款", "最高人民法院民事审判第一庭2021年第20次专业法官会议纪要")),
        Liability("L-SAFETY", "joint", "违法发包、分包致工伤，发包单位与用工单位承担连带责任",
                  "work let to a party without licence or qualification and a worker was injured: joint liability",
                  ("安全生产法 第四十九条第一款、第一百零三条第一款",
                   "人力资源和社会保障部《关于执行〈工伤保险条例〉若干问题的意见》（人社部发〔2013〕34号）第七条",
                   f"{JIESHI2} 第一条")),
    ]
}

LIABILITY_ZH = {"direct": "直接清偿", "first_pay": "先行清偿", "pay": "清偿", "advance": "先行垫付",
                "joint": "连带责任"}

DISCLAIMER_ZH = "本报告所列发现均为待核实的线索，并非法律结论；每一项均应依据所列证据逐一人工核实。"
DISCLAIMER_EN = ("Every finding in this report is a lead to verify, not a legal conclusion; "
                 "check each against its evidence.")
