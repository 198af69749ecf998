"""The built-in presets of ``graphchain import``, written as data (like schema.py's aliases).

One dict per KIND: field -> the headers of real exports that carry it (the first is the usual one,
then its synonyms). A user's TOML mapping file (``--mapping``) overrides or extends a preset:

.. code-block:: toml

    [columns]            # header in the file -> field
    "付款人名称" = "cp_name"
    [values.type]        # a field's written value -> the value graphchain knows
    "劳务" = "labour"
    [constants]          # a field's value for every row (the statement's own account, …)
    account = "6222020200112233445"
    holder = "北京城建宏远建设集团有限公司"
"""

from __future__ import annotations

# field -> headers, per KIND; fields ending in _code/_account/... are validated by the importer
PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "projects": {
        "project_id": ("项目编号", "备案编号", "project_id"),
        "name": ("项目名称", "工程名称", "name"),
        "owner_name": ("建设单位", "建设单位名称", "owner"),
        "owner_code": ("建设单位统一社会信用代码", "建设单位信用代码"),
        "district": ("区县", "所属区", "所属区县", "district"),
        "address": ("项目地址", "工程地址", "建设地点"),
        "start": ("开工日期", "计划开工日期"),
        "end": ("竣工日期", "计划竣工日期"),
        "wage_account": ("工资专用账户", "工资专户", "农民工工资专用账户"),
        "guarantee": ("工程款支付担保", "支付担保金额"),
    },
    "contracts": {
        "contract_id": ("合同编号", "合同备案编号"),
        "project_id": ("项目编号",),
        "project_name": ("项目名称", "工程名称"),
        "from_name": ("发包人", "发包方", "发包单位", "发包人名称"),
        "from_code": ("发包人统一社会信用代码", "发包人证件号码", "发包方统一社会信用代码"),
        "to_name": ("承包人", "承包方", "承包单位", "承包人名称"),
        "to_code": ("承包人统一社会信用代码", "承包人证件号码", "承包方统一社会信用代码"),
        "type": ("合同类型", "发包类型"),
        "section": ("标段",),
        "scope": ("承包范围", "合同内容"),
        "main_structure": ("主体结构",),
        "amount": ("合同金额", "合同价款", "合同金额（元）"),
        "settled": ("结算金额",),
        "signed": ("签订日期", "合同签订日期"),
        "written": ("书面合同",),
    },
    "qualifications": {
        "credit_code": ("统一社会信用代码", "信用代码", "经营者身份证号"),  # a 个体工商户: its operator's 身份证号
        "name": ("企业名称", "单位名称", "名称", "字号名称"),
        "qualifications": ("资质类别", "资质", "资质名称"),
        "grade": ("资质等级",),
        "valid_until": ("有效期至", "有效期"),
        "licence": ("经营状态", "登记状态"),
        "legal_rep": ("法定代表人",),
        "phone": ("联系电话", "电话"),
        "address": ("住所", "地址", "注册地址"),
    },
    "bank": {
        "date": ("交易日期", "记账日期", "交易时间"),
        "serial": ("流水号", "交易流水号"),
        "memo": ("摘要", "用途", "附言"),
        "debit": ("借方发生额", "支出金额", "付款金额"),
        "credit": ("贷方发生额", "收入金额", "收款金额"),
        "cp_name": ("对方户名", "对方名称", "对方账户名称"),
        "cp_account": ("对方账号", "对方账户"),
        "balance": ("余额", "账户余额"),
    },
    "roster": {
        "name": ("姓名",),
        "id_number": ("身份证号", "身份证号码", "证件号码"),
        "phone": ("手机号", "联系电话", "手机号码"),
        "bank_account": ("银行卡号", "工资卡号"),
        "role": ("工种", "岗位"),
        "team": ("班组",),
        "employer": ("用工单位", "所属单位", "劳务企业"),
        "project_name": ("项目名称", "工程名称"),
        "start": ("进场日期",),
        "end": ("退场日期",),
    },
    "payroll": {
        "name": ("姓名",),
        "id_number": ("身份证号", "身份证号码", "证件号码"),
        "project_name": ("项目名称", "工程名称"),
        "employer": ("用工单位", "所属单位", "劳务企业"),
        "month": ("工资月份", "月份"),
        "days": ("出勤天数",),
        "wage_due": ("应发工资", "应发金额"),
        "wage_paid": ("实发工资", "实发金额"),
        "paid_date": ("发放日期",),
        "via_wage_account": ("是否专户代发", "发放方式"),
    },
    "hotline": {
        "order_id": ("工单编号", "受理编号"),
        "filed": ("受理时间", "来电时间", "受理日期"),
        "caller": ("诉求人", "来电人", "反映人"),
        "phone": ("联系电话", "来电号码"),
        "id_number": ("身份证号", "证件号码"),
        "text": ("诉求内容", "工单内容", "反映内容"),
        "district": ("区县", "所属区"),
        "status": ("办理状态", "状态"),
        "channel": ("来源渠道", "渠道", "登记来源"),
        "group": ("关联工单", "合并工单号", "批次"),
    },
}

KINDS = (*PRESETS, "bundle")

# fields each KIND needs in a file (a missing one is a header error)
REQUIRED: dict[str, tuple[str, ...]] = {
    "projects": ("name", "owner_name"),
    "contracts": ("from_name", "to_name", "amount"),
    "qualifications": ("credit_code", "name"),
    "bank": ("date", "cp_name"),
    "roster": ("name", "employer", "project_name"),
    "payroll": ("name", "project_name", "employer"),
    "hotline": ("order_id", "filed", "caller", "text"),
}

# value maps per field (written value -> graphchain's), beside schema.ENUMS which parse.parse_enum knows
VALUES: dict[str, dict[str, str]] = {
    "licence": {"存续（在营、开业、在册）": "active", "在营": "active"},
    "via_wage_account": {"专户代发": "true", "银行代发": "true", "现金": "false", "现金发放": "false"},
    "status": {"已办结": "closed", "办理中": "open", "已受理": "open", "待处理": "open", "已解决": "paid"},
    "channel": {"12345热线": "hotline", "市民热线": "hotline", "信访": "other"},
}

# 工种 -> role (data-format.md "Raw exports"): anything else is a worker
ROLES = {"项目经理": "manager", "项目负责人": "manager", "班组长": "foreman", "带班": "foreman",
         "带班长": "foreman", "工长": "foreman"}

# 摘要 words -> payment purpose, longest first when they overlap
PURPOSE_WORDS = (("管理费", "fee"), ("人工费", "wage"), ("工资", "wage"), ("劳务费", "progress"),
                 ("材料", "materials"), ("设备", "materials"), ("货款", "materials"), ("和解", "settlement"),
                 ("赔偿", "settlement"), ("工程款", "progress"), ("进度款", "progress"), ("预付款", "progress"))
