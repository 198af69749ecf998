"""Every fixed word the views print, in Chinese (the default) and English.

Data (names, summaries, basis texts) is never translated here; only our own headings and labels.
"""

from __future__ import annotations

from ..legal import DISCLAIMER_EN, DISCLAIMER_ZH, LIABILITIES, LIABILITY_ZH, RULES
from ..schema import LABELS_ZH

LANGS = ("zh", "en")

TEXT: dict[str, tuple[str, str]] = {
    # key: (zh, en)
    "report_title": ("案件线索卷宗", "Case file"),
    "graph_title": ("关系图", "Relationship graph"),
    "generated": ("生成时间", "Generated"),
    "data_source": ("数据来源", "Data source"),
    "note": ("说明", "Note"),
    "contents": ("目录", "Contents"),
    "sec_summary": ("一、项目概况", "1. Project summary"),
    "sec_chain": ("二、分包链条", "2. Contract chain"),
    "sec_timeline": ("三、时间线", "3. Timeline"),
    "sec_findings": ("四、违法违规线索", "4. Leads (suspected breaches, to verify)"),
    "sec_liability": ("五、欠薪清偿责任主体", "5. Who must pay the workers"),
    "sec_money": ("六、资金流向", "6. Money flow"),
    "sec_evidence": ("七、证据索引", "7. Evidence index"),
    "project_id": ("项目编号", "Project id"),
    "project_name": ("项目名称", "Project name"),
    "owner": ("建设单位", "Owner"),
    "district": ("区县", "District"),
    "start": ("开工日期", "Start"),
    "end": ("竣工日期", "Completion"),
    "guarantee": ("工程款支付担保", "Payment guarantee"),
    "wage_account": ("农民工工资专用账户", "Wage special account"),
    "max_depth": ("最大分包层级", "Deepest chain (tiers below owner)"),
    "counts": ("记录数", "Records"),
    "none_given": ("无", "none"),
    "not_opened": ("未开设", "none opened"),
    "unknown": ("不详", "unknown"),
    "source": ("出处", "Source"),
    "date": ("日期", "Date"),
    "kind": ("类别", "Kind"),
    "id": ("编号", "Id"),
    "item": ("事项", "Item"),
    "amount": ("金额", "Amount"),
    "contract": ("合同", "contract"),
    "payment": ("付款", "payment"),
    "claim": ("讨薪诉求", "wage claim"),
    "order": ("责令支付文书", "order to pay"),
    "employment": ("实名制用工", "employment record"),
    "party": ("主体", "party"),
    "party_col": ("主体", "Party"),
    "person": ("人员", "person"),
    "project": ("项目", "project"),
    "oral": ("口头/无书面合同", "oral, no written contract"),
    "workers_n": ("工人 ×{n}", "workers ×{n}"),
    "claimants_n": ("诉求人 ×{n}", "claimants ×{n}"),
    "n_workers": ("{n} 名工人", "{n} workers"),
    "n_more": ("… 另有 {n} 项（完整清单见证据工作簿）", "… {n} more (the full list is in the evidence workbook)"),
    "timeline_monthly": ("本项目记录较多：工资发放按付款方和月份合并为一行。",
                         "Many records: wage payments are shown one line per payer and month."),
    "timeline_more": ("另有 {n} 条较晚的记录未列出（全部记录及出处见证据工作簿；每件诉求见第五部分）。",
                      "{n} later lines are not listed (every record and its source is in the evidence workbook; "
                      "every claim is in section 5)."),
    "evidence_more": ("另有 {n} 项引用记录未列出（完整索引见证据工作簿）。",
                      "{n} more cited records are not listed (the full index is in the evidence workbook)."),
    "claimants_of": ("对 {name} 提出诉求的人员", "people claiming against {name}"),
    "rule": ("规则", "Rule"),
    "rule_name": ("涉嫌情形", "Suspected breach"),
    "basis": ("依据", "Basis"),
    "summary": ("情况", "Summary"),
    "evidence": ("证据", "Evidence"),
    "confidence": ("置信度", "Confidence"),
    "subject": ("对象", "Subject"),
    "no_findings": ("本项目未发现违法违规线索。", "No findings on this project."),
    "elements": ("构成要件核对", "Elements of the offence"),
    "element_amount": ("数额较大", "Amount"),
    "element_conduct": ("行为（转移财产、逃匿或有能力支付而不支付）", "Conduct (moved money, absconded, able to pay)"),
    "element_order": ("经政府有关部门责令支付仍不支付", "Order to pay ignored"),
    "met": ("已具备", "met"),
    "missing": ("尚缺", "missing"),
    "kind_wages": ("工资", "wages"),
    "kind_price": ("工程款", "construction price"),
    "kind_injury": ("工伤", "injury"),
    "respondent_resolved": ("被诉求方按名称“{name}”在链条上认定为",
                            "respondent written as '{name}' resolved on the chain to"),
    "no_liability": ("本项目无欠薪诉求或未付工资记录。", "No wage claims or unpaid records on this project."),
    "unattributed_money": ("未能归属项目的资金（付款方为本项目用工单位；已纳入拒不支付劳动报酬线索的核查）",
                           "Money tied to no project, paid by this project's employers (weighed for refusal to pay)"),
    "payer": ("付款方", "Payer"),
    "payee": ("收款方", "Payee"),
    "no_money": ("分析结果中没有本项目的资金流数据。", "The analysis has no money-flow data for this project."),
    "no_chain": ("未找到分包链条。", "No contract chain found."),
    "chain_rules": ("整条链条涉及", "The whole chain"),
    "claimant": ("诉求人", "Claimant"),
    "record": ("用工记录", "Record"),
    "liable_party": ("责任主体", "Liable party"),
    "liability": ("责任形式", "Liability"),
    "liability_rule": ("责任规则", "Liability rule"),
    "cap": ("上限", "Cap"),
    "no_cap": ("—", "—"),
    "received": ("收到", "Received"),
    "paid_down": ("向下支付", "Paid down the chain"),
    "wages_paid": ("发放工资", "Wages paid"),
    "other_out": ("其他转出", "Other outflows"),
    "kept": ("留存", "Kept"),
    "contracted_in": ("承接合同额", "Contracted in"),
    "wages_due": ("应付工资", "Wages due"),
    "wages_unpaid": ("欠付工资", "Wages unpaid"),
    "break_point": ("断点", "Break point"),
    "break_note": ("资金在此处中断，未足额到达工人：", "The money stops here and does not reach the workers: "),
    "not_found": ("未在数据中找到", "not in the data"),
    "role": ("角色", "Role"),
    "legend": ("图例", "Legend"),
    "legend_contract": ("合同（实线，发包方→承包方）", "Contract (solid, awarder → receiver)"),
    "legend_contract_bad": ("涉嫌违法的合同（红色，标规则编号）",
                            "Contract suspected of breaking a rule (red, rule ids)"),
    "legend_money": ("资金（虚线，付款方→收款方）", "Money (dashed, payer → payee)"),
    "legend_employ": ("用工关系（点线）", "Employment (dotted)"),
    "legend_claim": ("讨薪诉求（橙色点划线，诉求人→被诉求方）", "Wage claim (orange dash-dot, claimant → respondent)"),
    "parties_list": ("主体与人员", "Parties and people"),
    "findings_list": ("线索", "Findings"),
    "hint": ("拖动可平移，滚轮缩放，悬停查看详情，点击列表中的名称可定位。",
             "Drag to pan, wheel to zoom, hover for details, click a name in the list to find it."),
    "wage": ("工资", "wages"),
    "due": ("应发", "due"),
    "paid": ("实发", "paid"),
    "days": ("出勤", "days"),
    "claims": ("诉求", "claims"),
    "filed": ("提出", "filed"),
    "signed": ("签订", "signed"),
    "scope": ("范围", "scope"),
    "type": ("类型", "type"),
    "purpose": ("用途", "purpose"),
    "via_account": ("专户代发", "from wage account"),
    "qualifications": ("资质", "qualifications"),
    "no_qualification": ("无", "none"),
    "individual_kind": ("个人", "individual"),
    "workers_of": ("{name} 的工人", "workers of {name}"),
    # the cross-project pages (party_page, ring_page) and the explorer (graphchain serve)
    "party_title": ("主体关系图", "Footprint across projects"),
    "ring_title": ("疑似假讨薪团伙", "Suspected extortion ring"),
    "projects_list": ("涉及项目", "Projects"),
    "identifiers_list": ("与他人共用的联系方式与账户", "Identifiers shared with others"),
    "signals_list": ("团伙信号", "Signals"),
    "guards_list": ("已通过的核查条件", "Guards passed"),
    "score": ("评分", "Score"),
    "organiser": ("组织者", "Organiser"),
    "member": ("成员", "Member"),
    "respondent": ("被诉求方", "Respondent"),
    "shared_with": ("共用者", "held by"),
    "records": ("记录", "records"),
    "sig_phone": ("共用电话", "Shared phone"),
    "sig_bank_account": ("共用银行账户", "Shared bank account"),
    "sig_address": ("共用地址", "Shared address"),
    "sig_id_number": ("共用身份证号", "Shared ID number"),
    "sig_group": ("共同讨薪（同一诉求组）", "Claiming together (one claim group)"),
    "sig_rep": ("同一代表人", "Same representative"),
    "sig_together": ("同时在同一项目讨薪", "Claiming together on one site"),
    "sig_money": ("和解款流向组织者", "Settlement money to organisers"),
    "sig_claim": ("讨薪诉求", "Wage claims"),
    "guard_min_members": ("成员人数 {value} ≥ {threshold}", "members {value} ≥ {threshold}"),
    "guard_serial": ("跨项目连续讨薪者 {value} 人 ≥ {threshold}", "serial claimants {value} ≥ {threshold}"),
    "guard_min_score": ("评分 {value} ≥ {threshold}", "score {value} ≥ {threshold}"),
    "guard_suspicious_only": ("只计可疑诉求：{value}/{threshold} 笔（已登记且未超应发工资的诉求不计）",
                              "only suspicious claims count: {value} of {threshold} (registered claims "
                              "within wages due never count)"),
    "search": ("搜索", "Search"),
    "search_hint": ("名称（可模糊）、编号或号码后几位", "name (fuzzy), id, or last digits of a number"),
    "rings": ("疑似团伙", "Rings"),
    "leads": ("支持起诉线索", "Leads"),
    "click_open": ("点击节点：打开", "click a node: open it"),
    "click_expand": ("点击节点：展开邻居", "click a node: expand its neighbours"),
    "all": ("全部", "all"),
    "since": ("自", "from"),
    "until": ("至", "to"),
    "report_link": ("案件线索卷宗", "Case file (report)"),
    "packet_link": ("案件材料包（zip）", "Case packet (zip)"),
    "liable_parties": ("清偿责任主体", "Who must pay"),
    "claims_list": ("讨薪诉求", "Wage claims"),
    "claims_filed": ("本人提出的诉求", "Claims filed"),
    "claims_against": ("针对其的诉求", "Claims against it"),
    "lead_title": ("民事支持起诉线索", "Support-prosecution lead"),
    "members_list": ("成员", "Members"),
    "results": ("搜索结果", "Results"),
    "no_results": ("没有找到匹配的主体、人员或项目。", "Nothing matched."),
    "home_intro": ("只读的本地浏览器：搜索主体、人员、项目，或查看疑似团伙与支持起诉线索。",
                   "A read-only local explorer: search parties, people and projects, or open the rings and leads."),
    "not_found_page": ("未找到", "Not found"),
    "workers_count": ("人数", "Workers"),
    "first_filed": ("首次提出", "First filed"),
    "matched": ("匹配", "matched"),
    "by_name": ("名称", "name"),
    "not_analysed": ("（本页未标规则，打开项目查看）", "(rules not marked here: open the project)"),
    "guard_hub": ("共用者过多、不作关联：{kind} {value}（{n}人）", "too common to link: {kind} {value} ({n} holders)"),
}

ROLE_TEXT: dict[str, tuple[str, str]] = {
    "owner": ("建设单位", "Owner"),
    "general": ("施工总承包", "General contractor"),
    "sub": ("专业分包", "Subcontractor"),
    "labour": ("劳务分包", "Labour subcontractor"),
    "boss": ("包工头（个人）", "Labour boss (individual)"),
    "worker": ("工人", "Worker"),
    "manager": ("项目管理人员", "Manager"),
    "other": ("其他", "Other"),
}

KIND_EN = {"general": "general contract", "specialty": "specialty subcontract", "labour": "labour subcontract",
           "other": "other", "progress": "progress payment", "wage": "wages", "fee": "fee", "worker": "worker",
           "foreman": "foreman", "manager": "manager", "company": "company", "individual": "individual",
           "phone": "phone", "bank_account": "bank account", "id_number": "ID number", "wage_account": "wage account",
           "address": "address"}

# Claim channels and statuses (schema.ENUMS canonical values) in words.
EXTRA_ZH = {"hotline": "12345热线", "arbitration": "劳动仲裁", "court": "法院", "inspection": "劳动监察",
            "procuratorate": "检察院", "open": "处理中", "paid": "已支付", "closed": "已办结", "rejected": "驳回"}

LIABILITY_EN = {"direct": "pays directly (employer)", "first_pay": "pays first, then recovers",
                "pay": "pays", "advance": "advances, up to the cap", "joint": "jointly and severally liable"}

class T:
    """The words of one language: ``t("sec_summary")``, ``t.rule_name("R-TRANSFER")``."""

    def __init__(self, lang: str = "zh"):
        if lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
        self.lang = lang
        self.i = 0 if lang == "zh" else 1

    def __call__(self, key: str, **kw: object) -> str:
        s = TEXT[key][self.i]
        return s.format(**kw) if kw else s

    # Punctuation: full-width in Chinese text, ASCII in English.
    @property
    def colon(self) -> str:
        return "：" if self.lang == "zh" else ": "

    @property
    def sep(self) -> str:
        return "；" if self.lang == "zh" else "; "

    @property
    def comma(self) -> str:
        return "，" if self.lang == "zh" else ", "

    @property
    def listsep(self) -> str:
        return "、" if self.lang == "zh" else ", "

    def paren(self, s: object) -> str:
        return f"（{s}）" if self.lang == "zh" else f" ({s})"

    def rule_name(self, rule: str) -> str:
        r = RULES.get(rule)
        if r is None:
            return rule
        return r.zh if self.lang == "zh" else r.en

    def liability(self, value: str) -> str:
        return LIABILITY_ZH.get(value, value) if self.lang == "zh" else LIABILITY_EN.get(value, value)

    def liability_rule(self, rule: str | None) -> str:
        if not rule:
            return ""
        x = LIABILITIES.get(rule)
        if self.lang == "zh":
            return x.zh if x else rule
        return x.en if x else rule

    def role(self, role: str) -> str:
        return ROLE_TEXT.get(role, (role, role))[self.i]

    def enum(self, value: str | None) -> str:
        """A schema enumeration value (contract type, purpose, role) in words."""
        if value is None:
            return ""
        if self.lang == "zh":
            return LABELS_ZH.get(value) or EXTRA_ZH.get(value, value)
        return KIND_EN.get(value, value)

    @property
    def disclaimer(self) -> str:
        return DISCLAIMER_ZH if self.lang == "zh" else DISCLAIMER_EN

    def amount(self, x: object) -> str:
        """Yuan with thousands separators; decimals only when there are fen."""
        if x is None or x == "":
            return ""
        try:
            v = float(x)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(x)
        sign, v = ("-", -v) if v < 0 else ("", v)
        return f"{sign}¥{v:,.0f}" if v == int(v) else f"{sign}¥{v:,.2f}"
