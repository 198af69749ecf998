"""The domain schema, written down once as data (in the spirit of FollowTheMoney).

Everything that knows about tables, columns, Chinese header aliases, value types,
enumerations, node labels and relationship types reads it from here: the bundle reader,
the validator, the graph builder, the Neo4j store, the generator and the reports.

The graph model
---------------
One ``networkx.MultiDiGraph``; each node has ``label`` and ``id`` (the bundle's own id) and a
``source`` ("file.csv:row", the row number a spreadsheet shows). Node keys:

=============  =====================  ==========================================
label          node key               from
=============  =====================  ==========================================
Party          ``party_id``           parties.csv (company or individual)
Person         ``person_id``          persons.csv (party and person ids share one namespace)
Project        ``project:<id>``       projects.csv
Claim          ``claim:<id>``         claims.csv
Order          ``order:<id>``         orders.csv (责令支付)
Identifier     ``<kind>:<value>``     a phone / bank_account / address / id_number
                                      shared by parties or persons
=============  =====================  ==========================================

Edges (key = the evidence id an analyst can open):

==============  ==========================  =========================================
type            direction                   key / attributes
==============  ==========================  =========================================
OWNS            owner Party -> Project      ``owns:<project_id>``
CONTRACT        from_id -> to_id            ``contract_id``; project_id, type, amount, ...
PAID            payer -> payee              ``payment_id``; amount, paid, purpose, ...
EMPLOYED        Person -> employer          ``employment_id``, else ``employment:<hash>``; project_id, role, ...
FILED           claimant Person -> Claim    ``filed:<claim_id>``
AGAINST         Claim -> respondent Party   ``against:<claim_id>``
ON              Claim -> Project            ``on:<claim_id>``
ORDERED         Order -> ordered Party      ``ordered:<order_id>``
HAS             Party/Person -> Identifier  ``has:<kind>``
==============  ==========================  =========================================

Derived attributes (docs/legal-rules.md F): every PAID edge, Claim and Order node that can be tied to
one project carries ``on_project`` (its own project_id, else its contract's, else the one project
payer and payee / the claimant share); a claim that cannot be tied carries ``candidates``. Payments and orders
tied to no project go with every project on which their payer / ordered party employs people (:data:`UNPLACED`).

Attributes that are missing in the bundle are absent (never ``None``), so the graph read
back from Neo4j, which cannot store nulls, equals the one built in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------- value types
# str: free text; id: non-empty id; ref:<table>: id that must exist there; date; amount;
# bool; int; float; enum:<name>; list:<enum name>; credit_code; id_number.


@dataclass(frozen=True)
class Column:
    name: str
    zh: tuple[str, ...]
    type: str = "str"
    required: bool = False
    identifier: bool = False  # a shared identifier that links people (phone, account, ...)
    personal: bool = False  # masked in reports by default


@dataclass(frozen=True)
class Link:
    """An edge of the graph model: ``rel`` from ``source`` to ``target``. Each end is ``SELF`` (the
    row's own node) or a column whose value is the id of the node at that end (``target_prefix``
    makes it a node key, e.g. ``project:``); ``attrs`` are row columns the edge carries."""

    rel: str
    source: str
    target: str
    target_prefix: str = ""
    attrs: tuple[str, ...] = ()


SELF = "@"


@dataclass(frozen=True)
class Table:
    name: str
    key: str | None
    columns: tuple[Column, ...]
    required: bool = False
    zh: str = ""
    id_namespace: str = ""  # tables sharing a namespace must not reuse each other's ids
    extra: dict = field(default_factory=dict)
    # How a row enters the graph: as a node (its label; key = prefix + id) with the edges it makes,
    # or as an edge itself (contracts, payments, employment: every column on the edge).
    node: str | None = None
    prefix: str = ""
    links: tuple[Link, ...] = ()
    edge: Link | None = None
    evidence: str = ""  # what a row is called when a report cites it (contract, payment, ...)
    # A row tied to no project goes with every project on which the agent in this column employs people
    # (docs/legal-rules.md D, F; the rule in full at UNPLACED below).
    unplaced_follows: str = ""

    @property
    def out_links(self) -> tuple[Link, ...]:
        """The edges a row makes: itself (a row that is an edge) or its node's links."""
        return (self.edge,) if self.edge is not None else self.links

    @property
    def label(self) -> str:
        """The node label or edge type a row becomes (what the findings document counts)."""
        return self.node or (self.edge.rel if self.edge else "")

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def C(name: str, zh: str | tuple[str, ...], type: str = "str", **kw) -> Column:  # noqa: A002
    return Column(name, (zh,) if isinstance(zh, str) else tuple(zh), type, **kw)


AGENT = "agent"  # party_id and person_id share this namespace

TABLES: dict[str, Table] = {
    t.name: t
    for t in [
        Table(
            "parties",
            "party_id",
            (
                C("party_id", ("主体编号", "单位编号"), "id", required=True),
                C("name", ("名称", "企业名称", "单位名称"), required=True),
                C("kind", "类型", "enum:party_kind", required=True),
                C("credit_code", ("统一社会信用代码", "信用代码"), "credit_code", personal=False),
                C("id_number", "身份证号", "id_number", identifier=True, personal=True),
                C("qualifications", "资质", "list:qualification"),
                C("legal_rep", "法定代表人"),
                # 合法经营资格 (a business licence), not a construction 资质: docs/legal-rules.md v2, change 1
                C("licence", ("经营状态", "登记状态"), "enum:licence"),
                C("absconded", ("逃匿日期", "失联日期"), "date"),
                C("phone", ("电话", "联系电话"), identifier=True, personal=True),
                C("bank_account", ("银行账户", "银行账号"), identifier=True, personal=True),
                C("address", ("地址", "住址"), identifier=True),
            ),
            required=True,
            zh="主体",
            id_namespace=AGENT,
            node="Party",
            evidence="party",
        ),
        Table(
            "projects",
            "project_id",
            (
                C("project_id", "项目编号", "id", required=True),
                C("name", "项目名称", required=True),
                C("owner_id", ("建设单位", "建设单位编号"), "ref:parties", required=True),
                C("district", ("区县", "区")),
                C("start", "开工日期", "date"),
                C("end", "竣工日期", "date"),
                C("wage_account", "工资专用账户", personal=True),
                C("guarantee", "工程款支付担保", "amount"),
            ),
            required=True,
            zh="项目",
            node="Project",
            prefix="project:",
            links=(Link("OWNS", "owner_id", SELF, attrs=("project_id",)),),
            evidence="project",
        ),
        Table(
            "contracts",
            "contract_id",
            (
                C("contract_id", "合同编号", "id", required=True),
                C("project_id", "项目编号", "ref:projects", required=True),
                C("from_id", "发包方", "ref:agent", required=True),
                C("to_id", "承包方", "ref:agent", required=True),
                C("type", "合同类型", "enum:contract_type", required=True),
                C("section", ("标段", "单位工程")),
                C("scope", "承包范围"),
                C("main_structure", "主体结构", "bool"),
                C("amount", "合同金额", "amount", required=True),
                C("settled", ("结算金额", "结算价款"), "amount"),
                C("signed", "签订日期", "date"),
                C("written", "书面合同", "bool"),
            ),
            zh="合同",
            edge=Link("CONTRACT", "from_id", "to_id"),
            evidence="contract",
        ),
        Table(
            "payments",
            "payment_id",
            (
                C("payment_id", "流水号", "id", required=True),
                C("payer_id", "付款方", "ref:agent", required=True),
                C("payee_id", "收款方", "ref:agent", required=True),
                C("amount", "金额", "amount", required=True),
                C("paid", "付款日期", "date", required=True),
                C("project_id", "项目编号", "ref:projects"),
                C("contract_id", "合同编号", "ref:contracts"),
                C("purpose", "用途", "enum:purpose"),
                C("via_wage_account", "专户代发", "bool"),
            ),
            zh="资金流水",
            edge=Link("PAID", "payer_id", "payee_id"),
            evidence="payment",
            unplaced_follows="payer_id",
        ),
        Table(
            "persons",
            "person_id",
            (
                C("person_id", "人员编号", "id", required=True),
                C("name", "姓名", required=True),
                C("id_number", "身份证号", "id_number", identifier=True, personal=True),
                C("phone", ("电话", "联系电话"), identifier=True, personal=True),
                C("bank_account", ("银行账户", "银行账号"), identifier=True, personal=True),
                C("address", ("地址", "住址"), identifier=True),
            ),
            zh="人员",
            id_namespace=AGENT,
            node="Person",
            evidence="person",
        ),
        Table(
            "employment",
            None,
            (
                C("employment_id", "用工编号", "id"),
                C("person_id", "人员编号", "ref:persons", required=True),
                C("project_id", "项目编号", "ref:projects", required=True),
                C("employer_id", "用工单位", "ref:agent", required=True),
                C("role", "岗位", "enum:role"),
                C("start", ("开始日期", "进场日期"), "date"),
                C("end", ("结束日期", "退场日期"), "date"),
                C("days", "出勤天数", "float"),
                C("wage_due", "应发工资", "amount"),
                C("wage_paid", "实发工资", "amount"),
            ),
            zh="实名制用工",
            edge=Link("EMPLOYED", "person_id", "employer_id"),
            evidence="employment",
        ),
        Table(
            "claims",
            "claim_id",
            (
                C("claim_id", "诉求编号", "id", required=True),
                C("claimant_id", "诉求人", "ref:persons", required=True),
                C("amount", "金额", "amount", required=True),
                C("filed", "日期", "date", required=True),
                C("group_id", "批次"),
                C("project_id", "项目编号", "ref:projects"),
                C("respondent_id", "被诉求方", "ref:agent"),
                C("respondent_name", "被诉求方名称"),
                C("kind", ("诉求类型", "类别"), "enum:claim_kind"),
                C("workers", "人数", "int"),
                C("channel", "渠道", "enum:channel"),
                C("status", "状态", "enum:status"),
                C("text", "内容"),
            ),
            zh="讨薪诉求",
            node="Claim",
            prefix="claim:",
            links=(Link("FILED", "claimant_id", SELF), Link("AGAINST", SELF, "respondent_id"),
                   Link("ON", SELF, "project_id", target_prefix="project:")),
            evidence="claim",
        ),
        Table(
            "orders",
            "order_id",
            (
                C("order_id", ("文书编号", "指令书编号"), "id", required=True),
                C("party_id", ("被责令方", "被责令单位"), "ref:agent", required=True),
                C("project_id", "项目编号", "ref:projects"),
                C("authority", ("作出机关", "责令机关")),
                C("issued", ("作出日期", "责令日期"), "date", required=True),
                C("deadline", ("履行期限", "限期"), "date"),
                C("amount", "金额", "amount"),
                C("served", ("送达方式",), "enum:served"),
                C("complied", ("是否履行", "已履行"), "bool"),
            ),
            zh="责令支付",
            node="Order",
            prefix="order:",
            links=(Link("ORDERED", SELF, "party_id"),),
            evidence="order",
            unplaced_follows="party_id",
        ),
    ]
}

#: Columns whose values are personal numbers (masked in every view unless unmasked).
PERSONAL_COLUMNS: frozenset[str] = frozenset(c.name for t in TABLES.values() for c in t.columns if c.personal)

TABLE_ORDER = ["parties", "persons", "projects", "contracts", "payments", "employment", "claims", "orders"]


# ---------------------------------------------------------------- rows tied to no project
@dataclass(frozen=True)
class AgentEnd:
    """A column of ``table`` naming an agent, as an end of the edge ``rel`` the table's rows make: ``end`` 0
    when the agent is the edge's source, 1 when it is its target."""

    table: str
    column: str
    rel: str
    end: int


def agent_end(table: str, column: str) -> AgentEnd:
    """Which end of which edge of ``table`` the agent in ``column`` is (from the table's ``edge`` / ``links``).
    A row that is a node must be the other end, where its own ``on_project`` is."""
    t = TABLES[table]
    for link in t.out_links:
        ends = (link.source, link.target)
        if column in ends:
            end = ends.index(column)
            if t.node is not None and ends[1 - end] != SELF:
                raise ValueError(f"{table}.{column}: {link.rel} does not join it to the row's own node")
            return AgentEnd(table, column, link.rel, end)
    raise ValueError(f"{table}.{column} is no end of an edge of {table}")


# Money and orders tied to no project (docs/legal-rules.md D and F), the rule stated once: a row of a table
# that declares ``unplaced_follows`` and is tied to no project (no project_id, and F ties it to none) goes with
# every project on which the agent in that column employs people, i.e. is the EMPLOYER of an employment row
# on that project (its project_id); a payment is still listed as unattributed. X-REFUSE weighs what an employer did
# with its money anywhere, and the orders it was given; an employer is on few projects, so this stays linear.
# The embedded graph (model.edges_by_project), the chunked analysis (partition.ProjectRows) and the Neo4j
# read (cypher/read.cypher project_subgraphs, written by graphchain.cypher.unplaced) all derive it from here.
#: "Employs people on a project": the employer of an employment row, on the row's project_id.
EMPLOYER = agent_end("employment", "employer_id")
#: table -> the agent whose employment places the table's rows tied to no project.
UNPLACED: dict[str, AgentEnd] = {n: agent_end(n, TABLES[n].unplaced_follows) for n in TABLE_ORDER
                                 if TABLES[n].unplaced_follows}

# ---------------------------------------------------------------- enumerations
# canonical value -> accepted spellings (English canonical value always accepted)
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "party_kind": {"company": ("企业", "单位", "公司"), "individual": ("个人", "自然人", "person")},
    "licence": {"active": ("存续", "在业", "开业", "正常"), "revoked": ("吊销",), "cancelled": ("注销",),
                "none": ("无", "无营业执照", "未登记")},
    "contract_type": {
        "epc": ("工程总承包", "EPC", "设计施工总承包"),
        "general": ("施工总承包", "总承包"),
        "specialty": ("专业分包", "专业承包"),
        "labour": ("劳务分包", "施工劳务", "labor"),
        "other": ("其他",),
    },
    "qualification": {
        "general": ("施工总承包",),
        "specialty": ("专业承包", "专业分包"),
        "labour": ("施工劳务", "劳务分包", "labor"),
    },
    "purpose": {"progress": ("工程款", "进度款"), "wage": ("工资", "人工费"), "fee": ("管理费",),
                "materials": ("材料款", "设备款", "货款"), "settlement": ("和解款", "赔偿款"), "other": ("其他",)},
    "claim_kind": {"wages": ("工资", "欠薪", "劳动报酬"), "price": ("工程款", "工程价款"), "injury": ("工伤",)},
    "served": {"delivered": ("送达", "直接送达", "留置送达"), "posted": ("张贴", "公告送达")},
    "role": {"worker": ("工人", "作业人员"), "foreman": ("班组长",), "manager": ("项目负责人", "项目经理")},
    "channel": {
        "hotline": ("12345", "热线"),
        "arbitration": ("仲裁", "劳动仲裁"),
        "court": ("法院", "诉讼"),
        "inspection": ("监察", "劳动监察"),
        "procuratorate": ("检察院", "检察"),
        "other": ("其他",),
    },
    "status": {"open": ("处理中", "未结"), "paid": ("已支付", "已兑付"), "closed": ("已办结", "办结"),
               "rejected": ("驳回", "不予受理")},
}

# ---------------------------------------------------------------- graph vocabulary
# Fixed lists, derived from the tables above: Cypher labels and relationship types are only ever taken
# from these. Identifiers (a phone, an account… held by two or more parties/persons) link them by HAS.
NODE_LABELS: tuple[str, ...] = (*(n for t in TABLE_ORDER if (n := TABLES[t].node)), "Identifier")
REL_TYPES = (*(link.rel for t in TABLE_ORDER for link in TABLES[t].out_links), "HAS")
IDENTIFIER_KINDS = ("phone", "bank_account", "address", "id_number")
# The columns no project's analysis reads: a party's or person's phone, bank account and address serve the rings
# alone (as identifiers shared across projects), which read them from the whole bundle or database. The chunks of
# `analyze` leave them out (graphchain.partition, Neo4jStore.project_graphs(full=False)): at 20,000 projects they are
# a fifth of the bundle's memory. The 身份证号 stays: analysis/view.py tells one person from another by it.
RINGS_ONLY: dict[str, tuple[str, ...]] = {
    n: tuple(c.name for c in TABLES[n].columns if c.identifier and c.type != "id_number")
    for n in TABLE_ORDER if TABLES[n].id_namespace == AGENT}

# Human labels, Chinese first (reports are Chinese by default).
LABELS_ZH = {
    "Party": "主体", "Person": "人员", "Project": "项目", "Claim": "诉求", "Order": "责令支付文书",
    "Identifier": "标识",
    "company": "企业", "individual": "个人", "general": "施工总承包", "specialty": "专业分包",
    "labour": "劳务分包", "epc": "工程总承包", "other": "其他", "progress": "工程款", "wage": "工资", "fee": "管理费",
    "materials": "材料款", "settlement": "和解款", "wages": "工资", "price": "工程款", "injury": "工伤",
    "active": "存续", "revoked": "吊销", "cancelled": "注销", "none": "无营业执照",
    "worker": "工人", "foreman": "班组长", "manager": "项目负责人",
    "phone": "电话", "bank_account": "银行账户", "address": "地址", "id_number": "身份证号",
}


# Prefixes of the node keys graphchain makes; party and person ids, which are node keys as they are,
# must not start with one (the bundle reader rejects them), so no bundle id can name another node.
INTERNAL_KEY_PREFIXES = (*(TABLES[t].prefix for t in TABLE_ORDER if TABLES[t].prefix),
                         *(f"{k}:" for k in IDENTIFIER_KINDS))


def project_key(project_id: str) -> str:
    return TABLES["projects"].prefix + project_id


def claim_key(claim_id: str) -> str:
    return TABLES["claims"].prefix + claim_id


def identifier_key(kind: str, value: str) -> str:
    return f"{kind}:{value}"
