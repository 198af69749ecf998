"""The rule catalogue of docs/legal-rules.md: each rule's names, subject kind, legal basis and section.

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


# Every rule is declared where it is written, by its ``@rule`` decorator in graphchain/analysis/rules.py
# (X-EXTORT, found on the claims graph by graphchain.analysis.rings, at the end of that module); the
# module is imported at the end of this one, so the catalogue is complete whoever imports it first.
RULES: dict[str, Rule] = {}


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


def _catalogue() -> None:
    from .analysis import rules  # noqa: F401  (its @rule decorators fill RULES)


_catalogue()
