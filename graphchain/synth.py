"""Synthetic case bundles with planted violations, extortion rings, decoys and their truth.

``generate(n_projects, seed)`` returns ``(tables, truth)``; ``write_bundle(out_dir, n_projects,
seed)`` writes the eight CSV files of docs/data-format.md (v2 columns and ``orders.csv`` included) plus
``truth.json``. Same seed, same bytes:
every random draw comes from one ``random.Random(seed)`` in a fixed order, and nothing depends on
set ordering, hashing or the clock.

Ids
---
parties ``O`` owners (建设单位), ``G`` general contractors, ``S`` subcontract companies (specialty
ones and unqualified shells), ``L`` labour companies, ``B`` individuals (包工头 / 实际施工人),
``V`` unrelated companies that receive diverted money (商贸、汽车销售…) or are paid for materials;
persons ``W000001``; projects ``P0001``; contracts ``K…``; payments ``T…``; employment ``E…``;
claims ``C…``; claim groups ``GRP…``; orders to pay ``ORD…``. A GC, a specialty or a labour company
works on many projects. ``licence`` is empty (a company: active) unless planted: ``active`` for a
registered 个体工商户 boss, ``revoked``/``cancelled``/``none`` for companies made for one project.
An actual constructor who claims his price is also a person (same name and 身份证号: one human).

Every project starts from one owner and one general contract ``owner → GC`` (全部工程), except the
EPC and section shapes below.

The lawful template (most projects; raises nothing)
---------------------------------------------------
GC → 1-3 ``specialty`` subcontracts to qualified specialty companies (装饰装修、机电安装…, never
the main structure) and 1-2 ``labour`` subcontracts to qualified labour companies (often
主体结构劳务作业 with ``main_structure`` true: the lawful *decoy* of R-MAIN-STRUCTURE); a specialty
sub may let labour work to a qualified labour company. The GC lets < 62 % of what it received.
Every contractor has a ``manager`` registered; workers are registered with their employer, their
wages are paid in full by the GC from the wage special account (``via_wage_account`` true); the
owner pays the whole general contract as progress payments; the project has a wage account and a
guarantee.

Chain scenarios (one per violation project; what each implies)
--------------------------------------------------------------
``transfer_chain``  GC → B1 [→ B2 [→ B3]] (each ``specialty``, 全部工程/主体结构, ≥ 90 %) →
    individual D: a labour boss with a labour-only price, or the actual constructor (实际施工人)
    of nearly everything (``labour`` or ``specialty``); D's workers are paid late and partly,
    often in cash; some claim, some claimants are not registered. Implies R-TRANSFER (GC and
    every Bi, and the last company when it lets ≥ 90 %), R-MAIN-STRUCTURE (GC → B1), R-RESUB
    (Bi → Bi+1, and the last company → D when that contract is ``specialty``),
    R-SUB-UNQUALIFIED (a Bi that is a shell or a labour company), R-SUB-INDIVIDUAL (→ D),
    R-DEPTH (≥ 2 intermediaries; 3 intermediaries = the published four-transfer case),
    R-TRANSFER-FEE (a GC/Bi without staff that forwards ≥ 90 % of its money), C-DIRECTPAY (D),
    C-REALNAME (unregistered claimants; one may speak for a crew: ``workers``), X-REFUSE (D owes
    enough and moved the money to ``V`` companies or, untagged, to relatives, or absconded with an
    order served by posting; D is also "able to pay" whenever it received what it owes). Sometimes D
    claims its unpaid price (kind ``price``): L-PRICE on its letter only (a multi-level chain).
``owner_illegal``  owner → an individual boss, a specialty-only company or an unqualified shell
    as "general contractor" (R-OWNER-ILLEGAL); it employs the workers itself (C-DIRECTPAY when an
    individual pays them) and may let a lawful labour subcontract.
``sub_unqualified``  the template plus a specialty or labour subcontract (from the GC or from a
    specialty sub) to a company lacking the qualification (R-SUB-UNQUALIFIED; a licensed company has
    合法经营资格, so nobody ``pay``s for it; ~25 % it is a shell whose licence is revoked, cancelled or
    absent, and then the letting GC or unit does); sometimes also a qualified labour company whose
    licence is gone, let by a specialty sub (no A rule; L-EMPLOYER on the specialty sub).
``sub_individual``  the template plus a labour subcontract to an individual boss
    (R-SUB-INDIVIDUAL; C-DIRECTPAY when he pays cash). ~30 % the boss is a registered 个体工商户
    (licence ``active``: R-SUB-INDIVIDUAL still, but no ``pay`` liability); when the GC let to him he
    may claim the unpaid price (kind ``price``: L-PRICE on the GC, L-ACTUAL on the owner when it still
    owes); a fully paid worker of his may claim for an injury (kind ``injury``: L-SAFETY only).
``main_structure``  the template plus GC → qualified specialty company for 主体结构
    (R-MAIN-STRUCTURE), by the flag or by the scope text only.
``resub``  a specialty sub lets specialty work on, or a labour sub lets work on, declared
    ``labour`` or ``other`` (R-RESUB either way); the deep variant specialty → specialty → labour
    adds R-DEPTH.
``transfer_fee``  (a) a GC without staff splits the whole job into 3-4 specialty subcontracts
    (≥ 90 %: R-TRANSFER) and forwards ≥ 90 % of the money (R-TRANSFER-FEE; R-MAIN-STRUCTURE when
    one part is 主体结构); (b) a specialty sub without staff is paid part of its price and
    forwards ≥ 90 % of it to its labour sub (R-TRANSFER-FEE only).
``pay_bypass``  (a) the GC pays a subcontract's money to a ``V`` company or an individual instead
    of the contractor; (b) a real sub forwards ≈ all the money of its contract to an individual
    boss with no contract, who employs the workers (R-PAY-BYPASS; C-DIRECTPAY when he pays cash).
``name_lending``  挂靠: a qualified company X holds the general (or a specialty) contract, a boss or
    shell Y employs the workers (with a manager on record or, half the time, none) and gets ≈ all the
    money (R-NAME-LENDING on X) — either paid by the owner directly (R-PAY-BYPASS) or forwarded by X
    ≥ 95 % (R-PAY-BYPASS), which then also has R-TRANSFER-FEE unless X has a manager on paper (~35 %,
    which does not clear R-NAME-LENDING); Y pays wages in cash (C-DIRECTPAY).
``cycle``  GC → S1 → S2 → S1 (R-CYCLE, R-RESUB twice; depth stays 3).
``compliance``  the lawful template with compliance/criminal flags only.
``sections_split``  肢解发包: two general contracts from the owner in one section (both with the same
    ``section``, or both empty), each GC with a template (R-OWNER-ILLEGAL on the first contract).
``refuse_months``  the template plus two labour companies that each owe one worker ¥9,000: under one
    month's wages at one (no X-REFUSE), about 3.3 months' wages at the other (X-REFUSE, the three-
    month rule of 拒付解释 3); each gets an order to pay, deadline passed, not complied.

Lawful twins (kind ``twin``; the guards of docs/legal-rules.md A as decoys; they raise nothing)
-----------------------------------------------------------------------------------------
``curtain_wall`` the GC lets 全部幕墙工程 (10-14 % of the value) to a qualified specialty firm;
``steel`` the GC lets the steel main structure (钢结构, ``main_structure`` true) to one;
``epc`` owner → EPC contractor → GC (``general``) → specialty → labour, a labour worker owed a
little (both the EPC contractor and the GC pay first); ``sections`` two sections (一标段/二标段) let
to two GCs, a worker of section two owed a little (only its GC pays first); ``owner_specialty`` the
owner lets a specialty job directly to a qualified firm that (or whose labour sub) owes a worker a
little (that firm is the GC of the chain); ``materials`` the GC pays a supplier for materials citing
a subcontract (a three-party payment, not a bypass). Their small arrears stay below every X-REFUSE
figure; no ring or decoy claim lands on a twin.

Flags (independent, on violation projects): no guarantee (C-GUARANTEE); no wage account
(C-ACCOUNT, and then C-DIRECTPAY for every employer of workers, who pays them itself); the owner
pays the GC only part of the general contract (no finding; owner ``advance`` liability), and then
may have ``settled`` the price (``contracts.settled``) at what it paid (cap 0: no advance) or between;
``wage_fee``: the owner pays everything, part of it as 人工费 into the wage account (a ``wage``
payment to the GC via the account: cap 0, no advance); unregistered people paid wages in cash
(C-REALNAME); a labour company pays its workers itself (C-DIRECTPAY); a labour company leaves
≥ ¥30,000 unpaid to ≥ 10 workers and then moves the money, absconds or is ordered to pay (X-REFUSE).
Wherever workers claim, ~30 % of employers get an order to pay (``orders.csv``), complied or not;
~4 % of registered workers' claims come without ``project_id`` (docs/legal-rules.md F ties them).

Rings and decoys (section E)
----------------------------
Rings of 3-4, ~8 and ~20 members: one or two organisers claim on every site, each member claims
on ≥ 3 projects against different general contractors within 2 years, mostly without any
registration there (C-REALNAME on each such project), sometimes registered a few days before the
claim and claiming far more than the wages due; they share phones, addresses and the organiser's
bank account; builders pay settlements (purpose ``other``) to members, who forward them to the
organisers (at least one settled site per ring). Ring targets are otherwise lawful projects.
A ring's batch on a site comes in one of three ways, so that detection cannot lean on batch cues:
a group (``group_id``) whose text says "X代表Y等N人" (~45 %), a group whose text names nobody
(~20 %), or one claim at a time over up to 3½ weeks with no group id and a personal text (~35 %);
and ~40 % of batches name the respondent only in words (``respondent_name``, exact or shortened,
``respondent_id`` empty). What remains: shared identifiers, serial claiming, claiming together,
the money.
Movers (registered on 3-4 sites, small arrears on each): one claim may come without ``project_id``,
tied by its respondent when that party is on exactly one of the mover's sites, else with no
respondent at all (unresolved: its candidates are his sites, and no liability entry carries it).
Decoys: collective claims for real arrears (≥ 15 registered workers of one labour company, wages
partly paid from the wage account, each claiming ≤ what is owed, one ``group_id``; often the
owner underpaid), movers (registered on 3-4 sites in turn, claiming small late wages on each),
hub identifiers (a site-office phone and an agency bank account shared by 25-60 unrelated
workers) of which 5-10 holders file suspicious but innocent claims — no real-name record where
they claim (C-REALNAME): one claim each on different sites, one or two day labourers (零工) on
three sites within a year (serial claimants on their own) — so that only the hub guard keeps them
from being one ring; fellow villagers (老乡): 4-8 people from one village with one home address
(in ~40 % of groups two to four also give one family phone) who each file ONE claim, unregistered
(C-REALNAME), on a different site within a year — linked, suspicious, never a serial claimant.
The decoys' lone claims have a ``respondent_id`` (the GC or an employer on the site), no group,
and land on projects that are not pure lawful template (violation, collective, ring, mover ones).

truth.json
----------
``findings``: every finding the rules of docs/legal-rules.md (v2) A, C, D imply for the generated data —
computed by ``_evaluate`` below from the generated rows (the interpretation is written there, from
the spec and apart from the detectors), and checked to contain what each scenario meant to plant
(sorted by project, rule, subject); X-REFUSE entries carry only rule, project and subject.
``unattributed``: {payments: ids of payments without project_id that F cannot tie, claims:
[{claim_id, candidates}]} (docs/findings-format.md); ``attributed_claims``: claim id → project for the
claims F ties; ``same_human``: [party, person] pairs (an actual constructor's two ids).
``rings``: ring_id, members, organizers, projects, claims. ``decoys``: collective_arrears
{claims, persons}, movers (person ids), hub_identifiers [{kind, value, persons (every holder),
claimants (the holders who file claims), claims}], villagers [{address, phone (the shared family
phone or null), persons, claims}], lawful_main_structure_labour (contract ids), lawful_projects
(pure lawful template, no finding, no claim of any kind), lawful_twins (project → twin shape).
``scenarios``: project → [chain scenario or ``twin_<shape>``, flags] (for reading only).
``liability``: one entry per unpaid registered worker (claim_id null unless that worker claimed) and
per claim of an unregistered worker (on a planted chain, a hub holder's or a villager's claim: the
respondent stands as the employer), with ``amount`` owed or claimed; plus one per ``price`` or
``injury`` claim (``kind`` set, ``amount`` = the claimed amount). Rings are not real arrears and get
none; nor do unresolved claims. Worked out in ``finish`` from the final rows. ``expected`` for a
wage arrears walks W's own chain from the employer (the respondent when the claimant has no
employment there) up to the owner (a boss who gets a contract's money ≈ 1:1 without a contract hangs
below the contractor that forwards it, with no letting on that link): ``direct`` the employer;
``first_pay`` the GC(s) of that chain (the unit that contracted with the owner, and the general
contractor below an EPC contractor), when not the employer; ``pay`` the owner or the chain's GC that
let work on the chain to a party without 合法经营资格 (L-ILLEGAL-LET), another licensed unit that
did (L-EMPLOYER), the name lender (L-NAME-LEND; also when it is the employer itself: an unregistered
claimant who names the holder of a lent contract); ``advance`` the owner with ``cap`` = the chain's
owner contract's price (settled, else amount) − every owner payment citing it, to its contractor on
the project, or via the wage account, when > 0. ``price``: ``direct`` the unit that let the work to
the claimant; ``advance`` the owner (L-ACTUAL) when that unit contracted with the owner and the step
was 转包/违法分包. ``injury``: ``direct`` the employer; ``joint`` each unit on the chain that let
work to a party lacking 合法经营资格 or qualification, and ``pay`` too when the receiver lacks
合法经营资格 and the letter has it.
"""

from __future__ import annotations

import csv
import json
import math
import random
from bisect import bisect_right
from collections import defaultdict
from datetime import date, timedelta
from functools import cache
from itertools import count
from pathlib import Path

from .ids import ID_CHECK as _ID_CHECK
from .ids import ID_WEIGHTS, credit_code_check_char, org_code_check_char
from .schema import TABLES

__all__ = ["generate", "write_bundle", "FILES"]

FILES = ["parties", "projects", "contracts", "payments", "persons", "employment", "claims", "orders"]
COLUMNS = {t: [c.name for c in TABLES[t].columns] for t in FILES}
# Rows are built as positional lists: the v1 columns first (in schema order), then the v2 columns, so
# that the positions the code below uses stay put; _PERM puts them into schema order when written.
_V2_COLUMNS = {"parties": ("licence", "absconded"), "contracts": ("section", "settled"), "claims": ("kind", "workers")}
_BUILT = {t: [c for c in COLUMNS[t] if c not in _V2_COLUMNS.get(t, ())] + list(_V2_COLUMNS.get(t, ())) for t in FILES}
_PERM = {t: [_BUILT[t].index(c) for c in COLUMNS[t]] for t in FILES}
_BOOL_COLS = {"contracts": ("main_structure", "written"), "payments": ("via_wage_account",), "orders": ("complied",)}
# built-row positions of the v2 columns
P_LICENCE, P_ABSCONDED = 10, 11
K_SECTION, K_SETTLED = 10, 11
C_KIND, C_WORKERS = 11, 12

# ----------------------------------------------------------------------------- calendar
_DAY0 = date(2022, 1, 1)
_NDAYS = (date(2025, 12, 31) - _DAY0).days + 1
DAYS = [(_DAY0 + timedelta(days=i)).isoformat() for i in range(_NDAYS)]
LAST = _NDAYS - 1


def _d(i: int) -> str:
    return DAYS[0 if i < 0 else LAST if i > LAST else i]


# ----------------------------------------------------------------------------- vocabulary
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_CUM = []
for _i in range(len(SURNAMES)):
    _SURNAME_CUM.append((_SURNAME_CUM[-1] if _SURNAME_CUM else 0) + (60 - _i * 0.5 if _i < 100 else 8))
GIVEN = (
    "建国志海红文明永春金玉德小学晓立新长宏俊亮军伟强华平辉刚林波斌鹏宇杰涛峰磊勇超兵东成飞福贵山庆喜旺全"
    "生胜祥有财保安力忠义利民江河松柏云龙虎军振兴家树荣光耀武彬凯星朋冬雪梅丽芳娟霞英秀兰凤桂玲燕静敏"
)

BEIJING_DISTRICTS = [
    ("东城区", "110101"), ("西城区", "110102"), ("朝阳区", "110105"), ("丰台区", "110106"),
    ("石景山区", "110107"), ("海淀区", "110108"), ("门头沟区", "110109"), ("房山区", "110111"),
    ("通州区", "110112"), ("顺义区", "110113"), ("昌平区", "110114"), ("大兴区", "110115"),
    ("怀柔区", "110116"), ("平谷区", "110117"), ("密云区", "110118"), ("延庆区", "110119"),
]
_DISTRICT_W = [3, 3, 10, 6, 2, 8, 1, 4, 7, 4, 7, 7, 1, 1, 1, 1]
PLACES = {
    "朝阳区": "望京 常营 北苑 十八里店 东坝 孙河 来广营 双井 垡头 管庄",
    "海淀区": "西北旺 上庄 清河 永丰 四季青 温泉 苏家坨 学院路",
    "丰台区": "丽泽 卢沟桥 花乡 南苑 长辛店 青塔 宛平",
    "通州区": "梨园 宋庄 台湖 马驹桥 永顺 潞城 张家湾",
    "昌平区": "回龙观 天通苑 沙河 北七家 南口 小汤山 霍营",
    "大兴区": "亦庄 西红门 旧宫 黄村 瀛海 庞各庄 魏善庄",
    "房山区": "长阳 良乡 阎村 窦店 青龙湖",
    "顺义区": "后沙峪 仁和 马坡 高丽营 李桥",
}
ESTATES = "锦绣 和悦 华府 翡翠 金茂 融创 泰和 龙湖 首开 万科 天恒 住总 城建 保利 中海 远洋 合景 璟园 春晓 晴园".split()
BUILDING_KINDS = [
    ("家园", "住宅楼工程"), ("花园", "住宅楼工程"), ("小区", "住宅楼工程"), ("公寓", "住宅楼工程"),
    ("家园", "保障性住房工程"), ("", "商业综合体工程"), ("产业园", "厂房及配套工程"), ("中学", "教学楼工程"),
    ("小学", "教学楼及风雨操场工程"), ("医院", "门诊医技楼工程"), ("", "安置房工程"), ("科技园", "研发楼工程"),
]
PHASES = ["", "一期", "二期", "三期", "四期", "A区", "B区"]

ZIHAO = (
    "宏远 鑫泰 华建 恒达 博远 中鼎 瑞丰 金诚 德信 永盛 华宇 建业 兴达 正和 昌盛 天成 嘉禾 泰和 宏图 鼎盛 万通 "
    "顺达 中润 利华 广厦 恒基 东方 中联 盛世 安泰 聚鑫 汇通 隆基 伟业 鸿运 荣达 金鼎 海川 盛泰 腾飞 立信 卓越 "
    "华盛 新城 远航 鑫源 晟通 京华 冀兴 燕赵 中豫 皖建 蜀安 齐鲁 晋通 润泽 恒信 瑞祥 宝丰 弘毅 正元 合力 长城 "
    "天润 锦程 华泰 泰丰 兴业 明达 通达 恒泰 嘉诚 亿丰 铭远 安达 福源 祥瑞 宏昌 浩宇 金泰 中岳 汇丰 鼎力 恒远"
).split()
COMPANY_REGIONS = {
    "北京": ["110105", "110108", "110106", "110102", "110101", "110112", "110114", "110115"],
    "天津": ["120101", "120104", "120116"],
    "河北": ["130102", "130682", "131082", "130681", "130984"],
    "山西": ["140105"],
    "江苏": ["320102", "320324"],
    "浙江": ["330106", "330102"],
    "安徽": ["340102", "341221"],
    "山东": ["370102", "371721"],
    "河南": ["410105", "411625", "410526"],
    "湖北": ["420106"],
    "四川": ["510104", "511321"],
}
COMPANY_CITY = {
    "北京": "北京市", "天津": "天津市", "河北": "河北省石家庄市", "山西": "山西省太原市", "江苏": "江苏省南京市",
    "浙江": "浙江省杭州市", "安徽": "安徽省合肥市", "山东": "山东省济南市", "河南": "河南省郑州市",
    "湖北": "湖北省武汉市", "四川": "四川省成都市",
}
ROADS = ("建国路 复兴路 长安街 学院路 中关村大街 朝阳北路 京顺路 "
         "丰台路 通惠路 人民路 解放路 建设大街 和平路 中山路").split()
INDUSTRY = {
    "owner": ["房地产开发有限公司", "置业有限公司", "城市建设开发有限公司", "投资发展有限公司", "实业集团有限公司"],
    "gc": ["建设集团有限公司", "建筑工程有限公司", "建工集团有限公司", "建设工程有限公司", "城建集团有限公司"],
    "spec": ["装饰工程有限公司", "机电安装工程有限公司", "幕墙工程有限公司", "消防工程有限公司", "土石方工程有限公司",
             "防水工程有限公司", "建筑装饰工程有限公司", "智能化工程有限公司", "园林绿化工程有限公司"],
    "shell": ["建筑工程有限公司", "工程技术有限公司", "建设工程有限公司", "建筑安装工程有限公司", "工程管理有限公司"],
    "labour": ["劳务分包有限公司", "建筑劳务有限公司", "劳务有限公司", "建筑劳务分包有限公司", "劳务服务有限公司"],
    "vendor": ["商贸有限公司", "汽车销售服务有限公司", "投资咨询有限公司", "建材有限公司", "科技有限公司",
               "贸易有限公司"],
}
KIND_REGIONS = {
    "owner": ["北京"] * 6 + ["天津", "河北"],
    "gc": ["北京"] * 5 + ["河北", "江苏", "浙江", "山东", "河南", "四川", "天津"],
    "spec": ["北京"] * 4 + ["河北", "河北", "天津", "江苏", "浙江", "山东"],
    "shell": ["北京", "河北", "河北", "河南", "天津", "山西"],
    "labour": ["河北", "河北", "河南", "河南", "安徽", "四川", "山东", "湖北", "北京", "山西"],
    "vendor": ["北京", "北京", "河北", "天津"],
}
# (region code, 户籍 prefix) of counties that send many construction workers
HOME_REGIONS = [
    ("411625", "河南省周口市郸城县"), ("411627", "河南省周口市太康县"), ("411421", "河南省商丘市民权县"),
    ("411722", "河南省驻马店市上蔡县"), ("410526", "河南省安阳市滑县"), ("411526", "河南省信阳市潢川县"),
    ("411328", "河南省南阳市唐河县"), ("341221", "安徽省阜阳市临泉县"), ("341222", "安徽省阜阳市太和县"),
    ("341321", "安徽省宿州市砀山县"), ("340421", "安徽省淮南市凤台县"), ("371525", "山东省聊城市冠县"),
    ("371721", "山东省菏泽市曹县"), ("370983", "山东省泰安市肥城市"), ("511321", "四川省南充市南部县"),
    ("510722", "四川省绵阳市三台县"), ("421127", "湖北省黄冈市黄梅县"), ("420984", "湖北省孝感市汉川市"),
    ("130682", "河北省保定市定州市"), ("130984", "河北省沧州市河间市"), ("130681", "河北省保定市涿州市"),
    ("130133", "河北省石家庄市赵县"), ("320324", "江苏省徐州市睢宁县"), ("321324", "江苏省宿迁市泗洪县"),
    ("500236", "重庆市奉节县"), ("500235", "重庆市云阳县"), ("140802", "山西省运城市盐湖区"),
]
CITY_REGIONS = [("110105", "北京市朝阳区"), ("110108", "北京市海淀区"), ("110106", "北京市丰台区"),
                ("110114", "北京市昌平区"), ("130102", "河北省石家庄市长安区"), ("120104", "天津市南开区")]
TOWNS = ("城关镇 新集镇 李庄乡 王楼乡 张集镇 刘店乡 赵庄镇 高庄镇 "
         "孙集乡 马庄乡 杨楼镇 白寺乡 胡集镇 双庙乡 石桥镇").split()
VILLAGE_END = "庄 楼 营 集 寨 湾 店 屯".split()

SPEC_SCOPES = ["装饰装修工程", "机电安装工程", "幕墙工程", "消防工程", "土石方工程", "防水工程", "给排水工程",
               "电梯安装工程", "园林绿化工程", "智能化工程", "暖通空调工程"]
LABOUR_SCOPES = [("主体结构劳务作业", True), ("钢筋工程劳务作业", True), ("模板工程劳务作业", True),
                 ("混凝土工程劳务作业", True), ("劳务作业", None), ("砌筑工程劳务作业", None),
                 ("装饰装修劳务作业", None), ("机电安装劳务作业", None)]
CHANNELS = ["hotline"] * 5 + ["inspection", "inspection", "arbitration", "court", "procuratorate", "other"]
_MOBILE2 = "3333355557788899996"
_NMOBILE2 = len(_MOBILE2)
AREA_CODE = {"北京": "010", "天津": "022", "河北": "0311", "山西": "0351", "江苏": "025", "浙江": "0571",
             "安徽": "0551", "山东": "0531", "河南": "0371", "湖北": "027", "四川": "028"}
BANK_PREFIX = ["6222", "6217", "6228", "6212", "6230", "6214", "6216", "6210"]
CORP_BANK = ["1100", "0200", "3100", "1109", "1101", "1401"]
_NBANK = len(BANK_PREFIX)
_NGIVEN = len(GIVEN)
_NTOWNS = len(TOWNS)
_NVEND = len(VILLAGE_END)
_SURNAME_TOTAL = _SURNAME_CUM[-1]
# 身份证号 pieces: birth dates 1962-01-01 + 0..14999 days, with their weighted digit sums
_BIRTHS = [f"{date(1962, 1, 1) + timedelta(days=i):%Y%m%d}" for i in range(15000)]
_NBIRTHS = len(_BIRTHS)
_BIRTH_SUMS = [sum(int(c) * w for c, w in zip(b, ID_WEIGHTS[6:14], strict=True)) for b in _BIRTHS]
_SEQ_SUMS = [sum(int(c) * w for c, w in zip(f"{i:03d}", ID_WEIGHTS[14:17], strict=True)) for i in range(1000)]


@cache
def _region_sum(region: str) -> int:
    return sum(int(c) * w for c, w in zip(region, ID_WEIGHTS[:6], strict=True))

# ----------------------------------------------------------------------------- rule thresholds
TRANSFER_SHARE = 0.9  # R-TRANSFER, R-TRANSFER-FEE, R-NAME-LENDING
BYPASS_SHARE = 0.95  # R-PAY-BYPASS: forwarded ≈ 1:1
MAX_TIERS = 3  # R-DEPTH
REFUSE_ONE, REFUSE_MANY, REFUSE_MANY_N = 5000, 30000, 10  # X-REFUSE
NEED = {"general": ("general",), "specialty": ("specialty", "general"), "labour": ("labour",)}


class _Project:
    __slots__ = (
        "pid", "name", "owner", "gc", "A", "start", "end", "account", "guarantee", "kind", "flags",
        "parent", "lent_by", "owner_paid", "labour_subs", "spec_subs", "teams", "tags", "used", "mgr",
        "district", "row", "wage_total_by", "spec_labs", "first_in", "stand_in",
    )

    def __init__(self, pid: str):
        self.pid = pid
        self.parent: dict[str, tuple[str, str]] = {}  # party -> (from, contract_id)
        self.lent_by: dict[str, str] = {}  # real builder -> lender
        self.stand_in: dict[str, str] = {}  # party with no contract -> the contractor that forwards it the money
        self.labour_subs: list[str] = []  # lawful labour companies of the template
        self.spec_subs: list[str] = []
        self.teams: list[_Team] = []
        self.tags: list[str] = []
        self.used: set[str] = set()
        self.mgr: set[str] = set()  # employers with a manager registered
        self.flags: dict[str, bool] = {}
        self.owner_paid = 0
        self.wage_total_by: dict[str, int] = defaultdict(int)
        self.spec_labs: list[str] = []  # labour companies under a specialty sub
        self.first_in: dict[str, int] = {}  # contractor -> day of its first contract payment


class _Team:
    __slots__ = ("employer", "workers", "owed", "mode")

    def __init__(self, employer: str, mode: str):
        self.employer = employer
        self.workers: list[list] = []  # [person_id, due, paid, end_day]
        self.owed = 0
        self.mode = mode


class _Synth:
    def __init__(self, n_projects: int, seed: int):
        if n_projects < 1:
            raise ValueError("n_projects must be at least 1")
        self.n = n_projects
        self.seed = seed
        self.rng = random.Random(seed)
        self.rows: dict[str, list[list]] = {t: [] for t in FILES}
        self.party: dict[str, tuple[str, frozenset, str]] = {}  # id -> (kind, quals, name)
        self.person_row: dict[str, list] = {}
        self.party_row: dict[str, list] = {}
        self.claim_index: dict[str, int] = {}
        self.crew_claims = 0
        self.counters: dict[str, count] = {}
        self.taken: set[str] = set()  # phones, accounts, id numbers, credit codes, addresses, names
        self.projects: list[_Project] = []
        self.pmap: dict[str, _Project] = {}
        self.contract: dict[str, list] = {}
        self.mgr_pool: dict[str, list[str]] = {}
        self.intended: list[tuple[str, str, str]] = []
        self.liability: list[dict] = []
        self.liab_req: list[tuple] = []  # (project, claimant, claim, employer, amount, kind): see finish()
        self.same_human: list[list[str]] = []  # [party, person] pairs: one 身份证号, one human
        self.rings: list[dict] = []
        self.decoys: dict = {"collective_arrears": {"claims": [], "persons": []}, "movers": [],
                             "hub_identifiers": [], "villagers": [], "lawful_main_structure_labour": [],
                             "lawful_projects": [], "lawful_twins": {}}
        self.scenario_of: dict[str, list[str]] = {}

    # ------------------------------------------------------------------ small helpers
    def nid(self, prefix: str, width: int) -> str:
        c = self.counters.get(prefix)
        if c is None:
            c = self.counters[prefix] = count(1)
        return f"{prefix}{next(c):0{width}d}"

    def uniq(self, make) -> str:
        while True:
            v = make()
            if v not in self.taken:
                self.taken.add(v)
                return v

    # the hot helpers below draw with rng.random() directly: several times faster than choice()
    def person_name(self) -> str:
        rnd = self.rng.random
        s = SURNAMES[bisect_right(_SURNAME_CUM, rnd() * _SURNAME_TOTAL)]
        g = GIVEN[int(rnd() * _NGIVEN)]
        if rnd() < 0.7:
            return s + g + GIVEN[int(rnd() * _NGIVEN)]
        return s + g

    def phone(self) -> str:
        rnd = self.rng.random
        return self.uniq(lambda: f"1{_MOBILE2[int(rnd() * _NMOBILE2)]}{int(rnd() * 1e9):09d}")

    def bank(self) -> str:
        rnd = self.rng.random
        return self.uniq(lambda: f"{BANK_PREFIX[int(rnd() * _NBANK)]}{int(rnd() * 1e15):015d}")

    def corp_bank(self) -> str:
        r = self.rng
        n = r.choice((12, 14, 15))
        return self.uniq(lambda: f"{r.choice(CORP_BANK)}{r.randrange(10**n):0{n}d}")

    def id_number(self, region: str) -> str:
        r = self.rng

        rnd = r.random
        base = _region_sum(region)

        def make():
            i = int(rnd() * _NBIRTHS)
            seq = int(rnd() * 1000)
            total = base + _BIRTH_SUMS[i] + _SEQ_SUMS[seq]
            return f"{region}{_BIRTHS[i]}{seq:03d}{_ID_CHECK[total % 11]}"

        return self.uniq(make)

    def credit_code(self, region: str) -> str:
        r = self.rng
        alpha = "0123456789ABCDEFGHJKLMNPQRTUWXY"

        def make():
            org = "MA" + "".join(r.choice(alpha) for _ in range(6))
            body = f"91{region}{org}{org_code_check_char(org)}"
            return body + credit_code_check_char(body)

        return self.uniq(make)

    def home_address(self, prefix: str) -> str:
        rnd = self.rng.random
        return self.uniq(
            lambda: f"{prefix}{TOWNS[int(rnd() * _NTOWNS)]}{SURNAMES[int(rnd() * 40)]}"
                    f"{VILLAGE_END[int(rnd() * _NVEND)]}村{1 + int(rnd() * 299)}号"
        )

    def split(self, total: int, k: int, unit: int = 100) -> list[int]:
        """k positive parts summing to total (parts rounded to unit, the last takes the rest)."""
        if k <= 1 or total < k * unit * 2:
            return [total]
        r = self.rng
        w = [r.uniform(0.6, 1.4) for _ in range(k)]
        s = sum(w)
        parts = [max(unit, int(total * x / s) // unit * unit) for x in w[:-1]]
        rest = total - sum(parts)
        if rest <= 0:
            return [total]
        return parts + [rest]

    # ------------------------------------------------------------------ parties and persons
    def company(self, kind: str, prefix: str, quals: tuple[str, ...]) -> str:
        r = self.rng
        region = r.choice(KIND_REGIONS[kind])
        name = self.uniq(
            lambda: region + (r.choice(ZIHAO) if r.random() < 0.8 else r.choice(ZIHAO) + r.choice(ZIHAO))
            + r.choice(INDUSTRY[kind])
        )
        code = self.credit_code(r.choice(COMPANY_REGIONS[region]))
        pid = self.nid(prefix, 4)
        city = COMPANY_CITY[region]
        if region == "北京":
            city += r.choice(BEIJING_DISTRICTS)[0]
        addr = self.uniq(lambda: f"{city}{r.choice(ROADS)}{r.randint(1, 399)}号")
        tel = self.uniq(lambda: f"{AREA_CODE[region]}-{r.randrange(2 * 10**7, 9 * 10**7)}")
        row = [pid, name, "company", code, None, ";".join(quals) or None, self.person_name(), tel,
               self.corp_bank(), addr, None, None]
        self.rows["parties"].append(row)
        self.party_row[pid] = row
        self.party[pid] = ("company", frozenset(quals), name)
        return pid

    def boss(self) -> str:
        """An individual (包工头 / 实际施工人)."""
        r = self.rng
        region, prefix = r.choice(HOME_REGIONS)
        name = self.person_name()
        pid = self.nid("B", 4)
        row = [pid, name, "individual", None, self.id_number(region), None, None, self.phone(), self.bank(),
               self.home_address(prefix), None, None]
        self.rows["parties"].append(row)
        self.party_row[pid] = row
        self.party[pid] = ("individual", frozenset(), name)
        return pid

    def person(self, home: bool = True, origin: tuple[str, str] | None = None, address: str | None = None) -> str:
        """A worker (persons.csv); ``origin`` (region code, 户籍 prefix) and ``address`` fix where from."""
        r = self.rng
        if origin is None:
            regions = HOME_REGIONS if home else CITY_REGIONS
            origin = regions[int(r.random() * len(regions))]
        region, prefix = origin
        pid = self.nid("W", 6)
        addr = address if address else self.home_address(prefix) if home else self.uniq(
            lambda: f"{prefix}{r.choice(ROADS)}{r.randint(1, 199)}号院{r.randint(1, 30)}号楼{r.randint(1, 6)}单元"
                    f"{r.randint(1, 28)}{r.randint(1, 4):02d}")
        row = [pid, self.person_name(), self.id_number(region), self.phone(),
               self.bank() if r.random() < 0.92 else None, addr]
        self.rows["persons"].append(row)
        self.person_row[pid] = row
        return pid

    def party_name(self, pid: str) -> str:
        return self.party[pid][2]

    def lacks(self, to: str, ctype: str) -> str | None:
        kind, quals, _ = self.party[to]
        if kind == "individual":
            return "individual"
        need = NEED.get(ctype)
        if need and not any(q in quals for q in need):
            return "unqualified"
        return None

    def has_licence(self, x: str) -> bool:
        """合法经营资格 (docs/legal-rules.md v2 §1): a company unless its licence is revoked, cancelled or
        absent; an individual only as a registered 个体工商户 (licence ``active``)."""
        lic = self.party_row[x][P_LICENCE]
        return lic == "active" if self.party[x][0] == "individual" else lic in (None, "active")

    def order(self, p: _Project, party: str, issued: int, *, complied: bool, served: str = "delivered",
              amount: int | None = None) -> str:
        """An order to pay (责令支付) with a deadline 10-30 days after it was issued."""
        r = self.rng
        issued = min(issued, LAST - 40)  # its deadline falls inside the calendar
        oid = self.nid("ORD", 5)
        self.rows["orders"].append([oid, party, p.pid, r.choice(("人社局", "人力资源和社会保障局", "住建委")),
                                    _d(issued), _d(issued + r.randint(10, 30)), amount, served,
                                    "true" if complied else "false"])
        return oid

    # ------------------------------------------------------------------ building blocks
    def expect(self, p: _Project, rule: str, subject: str) -> None:
        self.intended.append((rule, p.pid, subject))

    def let(self, p: _Project, frm: str, to: str, ctype: str, scope: str, ms, amount: int,
            signed: int | None = None, written: bool = True, section: str | None = None) -> str:
        r = self.rng
        cid = self.nid("K", 6)
        if signed is None:
            signed = p.start + r.randint(0, 120)
        row = [cid, p.pid, frm, to, ctype, scope, None if ms is None else ("true" if ms else "false"), amount,
               _d(signed), "true" if written else "false", section, None]
        self.rows["contracts"].append(row)
        self.contract[cid] = row
        p.parent.setdefault(to, (frm, cid))
        p.used.add(to)
        return cid

    def pay(self, p: _Project | None, payer: str, payee: str, amount: int, day: int, purpose: str,
            contract_id: str | None = None, via: bool | None = False) -> None:
        if amount <= 0:
            return
        self.rows["payments"].append([
            self.nid("T", 7), payer, payee, amount, _d(day), p.pid if p else None, contract_id, purpose,
            None if via is None else ("true" if via else "false"),
        ])

    def pay_contract(self, p: _Project, cid: str, total: int, payee: str | None = None,
                     k: int | None = None) -> int:
        c = self.contract[cid]
        r = self.rng
        k = k or r.randint(2, 4)
        signed = self._day_of(c[8])
        span = max(30, p.end - signed)
        for i, part in enumerate(self.split(total, k)):
            day = min(signed + 15 + int(span * (i + r.random()) / (k + 0.5)), p.end + 60)
            if i == 0 and day < p.first_in.get(payee or c[3], LAST + 1):
                p.first_in[payee or c[3]] = day
            self.pay(p, c[2], payee or c[3], part, day, "progress", cid)
        return total

    _day_cache: dict[str, int] = {}

    def _day_of(self, iso: str) -> int:
        v = self._day_cache.get(iso)
        if v is None:
            v = self._day_cache[iso] = (date.fromisoformat(iso) - _DAY0).days
        return v

    def manager(self, p: _Project, employer: str) -> str:
        """Register a project manager of employer (a company reuses its own managers)."""
        r = self.rng
        pool = self.mgr_pool.get(employer)
        if pool is None or (len(pool) < 3 and r.random() < 0.3):
            pool = self.mgr_pool.setdefault(employer, [])
            pool.append(self.person(home=r.random() < 0.4))
        pid = r.choice(pool) if self.party[employer][0] == "company" else pool[-1]
        start = p.start + r.randint(0, 20)
        self.rows["employment"].append([self.nid("E", 7), pid, p.pid, employer, "manager", _d(start), _d(p.end),
                                        int((p.end - start) * r.uniform(0.7, 0.95)), None, None])
        p.mgr.add(employer)
        return pid

    def team(self, p: _Project, employer: str, n: int, *, manager: bool, mode: str = "account",
             arrears: tuple[float, float, float] | None = None, foreman: bool = False,
             owed_cap: int | None = None) -> _Team:
        """Register n workers of employer on p and pay their wages.

        mode ``account``: the GC pays from the wage special account (via true); ``direct``: the
        employer pays them itself (via false). Without a wage account the mode is ``direct``.
        arrears (share of workers, lowest and highest share paid) leaves wages unpaid.
        """
        r = self.rng
        if not p.account:
            mode = "direct"
        t = _Team(employer, mode)
        if manager:
            self.manager(p, employer)
        payer, via = (p.gc, True) if mode == "account" else (employer, False)
        emp = self.rows["employment"]
        dur = p.end - p.start
        rnd = r.random
        late = max(6, min(200, dur // 3)) - 5
        for i in range(n + (1 if foreman else 0)):
            wid = self.person()
            start = p.start + 5 + int(rnd() * late)
            end = min(p.end, start + 60 + int(rnd() * 360))
            days = max(10, int((end - start) * (0.55 + 0.4 * rnd())))
            due = days * (260 + 10 * int(rnd() * 36))
            paid = due
            if arrears and rnd() < arrears[0]:
                paid = int(due * (arrears[1] + (arrears[2] - arrears[1]) * rnd())) // 10 * 10
            role = "foreman" if (foreman and i == 0) else "worker"
            emp.append([self.nid("E", 7), wid, p.pid, employer, role, _d(start), _d(end), days, due, paid])
            t.workers.append([wid, due, paid, end, emp[-1]])
        if owed_cap is not None:
            self._cap_owed(t, owed_cap)
        for w in t.workers:
            t.owed += w[1] - w[2]
            if w[2] > 0:
                self.pay(p, payer, w[0], w[2], w[3] + 3 + int(rnd() * 23), "wage", None, via)
                p.wage_total_by[payer] += w[2]
        p.teams.append(t)
        return t

    def _cap_owed(self, t: _Team, cap: int) -> None:
        owed = sum(w[1] - w[2] for w in t.workers)
        if owed <= cap:
            return
        f = cap / owed
        for w in t.workers:
            w[2] = w[1] - int((w[1] - w[2]) * f)
            w[4][9] = w[2]

    def claims(self, p: _Project, team: _Team, respondent: str, share: float, *, employer: str | None = None,
               unregistered: int = 0, group: bool = True, liab: bool = True) -> list[str]:
        """Workers with arrears file claims (one group); liability for every unpaid worker."""
        r = self.rng
        owed = [w for w in team.workers if w[1] > w[2]]
        filers = [w for w in owed if r.random() < share]
        if not filers and owed:
            filers = owed[:1]
        gid = self.nid("GRP", 5) if group and len(filers) + unregistered > 1 else None
        last_end = max((w[3] for w in team.workers), default=p.end)
        filed = min(LAST, last_end + r.randint(5, 90))
        rname = self.respondent_name(respondent)
        n = len(filers) + unregistered
        out = []
        filed_by = {}
        for w in filers:
            amount = w[1] - w[2] if r.random() < 0.7 else int((w[1] - w[2]) * r.uniform(0.6, 1.0))
            # a few come without the project: docs/legal-rules.md F ties them by the claimant's one project
            cid = self.claim(w[0], max(100, amount), filed, gid, p.pid if r.random() > 0.04 else None, respondent,
                             rname, f"{rname}拖欠{n}名工人工资，本人被欠{amount}元" if n > 1
                             else f"{rname}拖欠本人工资{amount}元")
            filed_by[w[0]] = cid
            out.append(cid)
        emp = employer or team.employer
        if liab:
            for w in owed:
                self.add_liability(p, w[0], filed_by.get(w[0]), emp, w[1] - w[2])
        for i in range(unregistered):
            wid = self.person()
            # a caller speaking for a crew (at least once in every bundle that has unregistered claimants)
            heads = r.randint(6, 15) if i == 0 and (r.random() < 0.3 or not self.crew_claims) else None
            self.crew_claims += heads is not None
            amount = r.randrange(5000, 40000, 100) * (heads or 1)
            text = f"{rname}拖欠{n}名工人工资，本人被欠{amount}元" if heads is None else \
                f"本人代表班组{heads}名工人反映{rname}拖欠工资共{amount}元"
            cid = self.claim(wid, amount, filed, gid, p.pid, respondent, rname, text, workers=heads)
            out.append(cid)
            if liab:  # employment unknown: the respondent stands as the employer
                self.add_liability(p, wid, cid, respondent, amount)
        if owed and r.random() < 0.3:  # an order to pay after the claims, complied with or not
            self.order(p, emp, filed + r.randint(5, 30), complied=r.random() < 0.4,
                       amount=sum(w[1] - w[2] for w in owed) // 100 * 100)
        return out

    def claim(self, claimant: str, amount: int, filed: int, gid, project, respondent, rname, text,
              status: str | None = None, channel: str | None = None, kind: str | None = None,
              workers: int | None = None) -> str:
        r = self.rng
        cid = self.nid("C", 6)
        self.claim_index[cid] = len(self.rows["claims"])
        self.rows["claims"].append([
            cid, claimant, amount, _d(filed), gid, project, respondent, rname, channel or r.choice(CHANNELS),
            status or r.choice(("open", "open", "paid", "closed")), text, kind, workers,
        ])
        return cid

    def respondent_name(self, pid: str) -> str:
        kind, _, name = self.party[pid]
        r = self.rng.random()
        if kind == "individual":
            return name if r < 0.6 else f"包工头{name}" if r < 0.85 else f"{name[0]}老板"
        if r < 0.75:
            return name
        for suffix in ("集团有限公司", "有限公司"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name

    def divert(self, p: _Project, payer: str, amount: int, after: int, before: int) -> None:
        """Money moved away to unrelated companies between two days (X-REFUSE conduct (a))."""
        r = self.rng
        for part in self.split(amount, r.randint(1, 3)):
            self.pay(p, payer, r.choice(self.vendors), part, r.randint(after, max(after, before)),
                     r.choice(("other", "other", "fee")), None, False)

    def team_amount_met(self, t: _Team) -> bool:
        return _refuse_amount_met([(w[1] - w[2], w[1], _months(w[4][5], w[4][6])) for w in t.workers
                                   if w[1] > w[2]], 0)

    def refuse_conduct(self, p: _Project, x: str, owed: int, first: int, claims: list[str]) -> str:
        """How an employer that owes its workers behaves (docs/legal-rules.md D): moves the money to
        unrelated companies (tagged to the project), or to relatives with untagged transfers, or
        absconds (a date, and an order served by posting); an order to pay whose deadline passed
        without compliance comes with some. Returns the variant."""
        r = self.rng
        filed = min((self._day_of(self.rows["claims"][self.claim_index[c]][3]) for c in claims),
                    default=p.end + 30)
        before = max(first + 1, filed - 1)
        way = r.choice(("vendors", "vendors", "relatives", "absconded"))
        amount = int(owed * r.uniform(1.05, 1.6)) // 100 * 100
        if way == "vendors":
            self.divert(p, x, amount, first, before)
        elif way == "relatives":  # 转移财产 to family members, by untagged personal transfers
            surname = self.party_name(x)[0] if self.party[x][0] == "individual" else None
            kin = []
            for _ in range(r.randint(1, 3)):
                k = self.person(home=True)
                if surname:
                    self.person_row[k][1] = surname + self.person_row[k][1][1:]
                kin.append(k)
            for part in self.split(amount, r.randint(2, 5)):
                self.pay(None, x, r.choice(kin), part, r.randint(first, before), "other", None, None)
        else:  # fled: the order to pay is posted at the site
            self.party_row[x][P_ABSCONDED] = _d(filed - r.randint(0, 20))
            self.order(p, x, filed + r.randint(3, 20), complied=False, served="posted",
                       amount=owed // 100 * 100)
        if way != "absconded" and r.random() < 0.5:
            self.order(p, x, filed + r.randint(3, 20), complied=False, amount=owed // 100 * 100)
        return way

    def add_liability(self, p: _Project, claimant: str, claim_id: str | None, employer: str, amount: int,
                      kind: str = "wages") -> None:
        """Ask for the liability entry of one unpaid worker or claim; worked out in finish(), once the
        rows (owner payments, settlements, licences) are complete."""
        self.liab_req.append((p, claimant, claim_id, employer, amount, kind))

    def chain_links(self, p: _Project, x: str) -> list[tuple[str, str, str]]:
        """W's chain bottom-up from its employer x: (upper, lower, contract id, "lend" or "money")."""
        links = []
        seen = {x}
        while True:
            if x in p.parent:
                frm, how = p.parent[x]
            elif x in p.lent_by:
                frm, how = p.lent_by[x], "lend"
            elif x in p.stand_in:  # the money makes the link: no contract, so no letting either
                frm, how = p.stand_in[x], "money"
            else:
                return links
            links.append((frm, x, how))
            if frm in seen:
                return links
            seen.add(frm)
            x = frm

    def chain_gcs(self, p: _Project, links: list[tuple[str, str, str]]) -> list[str]:
        """The GC(s) of a chain: the unit that contracted with the owner, and below an ``epc`` contractor
        the ``general`` contractor it let the construction to (docs/legal-rules.md B)."""
        out = []
        for i, (upper, lower, how) in enumerate(links):
            if upper == p.owner:
                out.append(lower)
                if how in self.contract and self.contract[how][4] == "epc" and i > 0:
                    _, below, how2 = links[i - 1]
                    if how2 in self.contract and self.contract[how2][4] == "general":
                        out.append(below)
        return out

    def liability_entry(self, p: _Project, claimant: str, claim_id: str | None, employer: str, amount: int,
                        kind: str, cap_of, illegal: set[str], transferors: set[str]) -> dict:
        """Legal-rules.md B (v2): walk W's own chain from the employer up to the owner."""
        out: list[dict] = []

        def add(party: str, liability: str, cap=None):
            for e in out:
                if e["party_id"] == party and e["liability"] == liability:
                    return
            e = {"party_id": party, "liability": liability}
            if cap is not None:
                e["cap"] = cap
            out.append(e)

        links = self.chain_links(p, employer)
        top = next((h for u, _, h in links if u == p.owner), None)
        if kind == "price":  # the claimant is the actual constructor `employer` (a contract holder)
            frm, k = p.parent[employer]
            add(frm, "direct")  # L-PRICE (建工解释一 43①)
            above = p.parent.get(frm)
            if above and above[0] == p.owner and (k in illegal or frm in transferors):
                cap = cap_of(above[1])
                if cap > 0:
                    add(p.owner, "advance", cap)  # L-ACTUAL (建工解释一 43②)
        elif kind == "injury":  # L-SAFETY: wages rules do not apply
            add(employer, "direct")
            for upper, lower, how in links:
                if how not in self.contract:
                    continue
                unlicensed = not self.has_licence(lower)
                if unlicensed or self.lacks(lower, self.contract[how][4]):
                    add(upper, "joint")
                if unlicensed and (upper == p.owner or self.has_licence(upper)):
                    add(upper, "pay")  # 工伤保险待遇 under 用工主体责任
        else:
            gcs = self.chain_gcs(p, links)
            add(employer, "direct")  # L-DIRECT
            for g in gcs:
                if g != employer:
                    add(g, "first_pay")  # L-GC-FIRST: the GC of W's chain, not every GC of the project
            if employer in p.lent_by.values():  # the name lender itself is named (a claimant with no record)
                add(employer, "pay")
            for upper, lower, how in links:
                if how == "lend":
                    add(upper, "pay")  # L-NAME-LEND
                elif how == "money":
                    continue
                elif not self.has_licence(lower):  # 合法经营资格, not 资质, decides who pays
                    if upper == p.owner or upper in gcs:
                        add(upper, "pay")  # L-ILLEGAL-LET (条例 36①: owner or GC only)
                    elif self.has_licence(upper):
                        add(upper, "pay")  # L-EMPLOYER (解释（二）1)
            if top in self.contract:
                cap = cap_of(top)
                if cap > 0:
                    add(p.owner, "advance", cap)  # L-OWNER-ADV, capped by what the owner has not settled
        entry = {"project_id": p.pid, "claimant_id": claimant, "claim_id": claim_id, "amount": amount,
                 "expected": out}
        if kind != "wages":
            entry["kind"] = kind
        return entry

    # ------------------------------------------------------------------ pools
    def make_pools(self) -> None:
        n = self.n
        r = self.rng
        self.owners = [self.company("owner", "O", ()) for _ in range(max(3, n // 4))]
        self.gcs = [self.company("gc", "G", ("general", "specialty") if r.random() < 0.4 else ("general",))
                    for _ in range(max(4, n // 12))]
        self.specs = [self.company("spec", "S", ("specialty",)) for _ in range(max(8, n // 3))]
        self.shells = [self.company("shell", "S", ()) for _ in range(max(3, n // 15))]
        self.labours = [self.company("labour", "L", ("labour",)) for _ in range(max(8, n // 4))]
        self.vendors = [self.company("vendor", "V", ()) for _ in range(max(3, n // 25))]

    def pick(self, p: _Project, pool: list[str]) -> str:
        for _ in range(50):
            x = self.rng.choice(pool)
            if x not in p.used:
                p.used.add(x)
                return x
        x = {"S": lambda: self.company("spec", "S", ("specialty",)),
             "L": lambda: self.company("labour", "L", ("labour",))}[pool[0][0]]()
        p.used.add(x)
        return x

    # ------------------------------------------------------------------ projects
    def new_project(self, i: int) -> _Project:
        r = self.rng
        p = _Project(f"P{i + 1:04d}")
        district, _ = r.choices(BEIJING_DISTRICTS, _DISTRICT_W)[0]
        places = PLACES.get(district, "新城 中心区 北区 南区").split()

        def pname():
            suffix, kind = r.choice(BUILDING_KINDS)
            return f"{district}{r.choice(places)}{r.choice(ESTATES)}{suffix}{r.choice(PHASES)}{kind}"

        name = None
        for _ in range(20):
            cand = pname()
            if cand not in self.taken:
                name = cand
                break
        if name is None:
            name = f"{pname()[:-2]}（{i + 1}号地块）工程"
        self.taken.add(name)
        p.name, p.district = name, district
        p.start = r.randint(0, 900)
        p.end = min(LAST - 120, p.start + r.randint(300, 620))
        p.owner = r.choice(self.owners)
        p.A = int(math.exp(r.uniform(math.log(2e7), math.log(5e8)))) // 10000 * 10000
        p.account = self.corp_bank()
        p.guarantee = int(p.A * r.uniform(0.05, 0.12)) // 10000 * 10000
        p.used.add(p.owner)
        self.projects.append(p)
        self.pmap[p.pid] = p
        return p

    def general(self, p: _Project, gc: str, ratio: float = 1.0, amount: int | None = None,
                section: str | None = None) -> str:
        """owner → GC general contract, paid (ratio of) in progress payments.

        Flags: ``wage_fee`` the owner pays in full, part of it as 人工费 into the wage account (a
        ``wage`` payment to the GC, ``via_wage_account``): nothing left unsettled, no advance;
        ``settled`` an underpaying owner settled the price at what it paid, or between that and the amount.
        """
        r = self.rng
        p.gc = gc
        p.used.add(gc)
        amount = p.A if amount is None else amount
        cid = self.let(p, p.owner, gc, "general", r.choice(("全部工程", "施工总承包", "全部工程")), True, amount,
                       signed=p.start - r.randint(10, 60), section=section)
        paid = amount if ratio >= 1 else int(amount * ratio) // 10000 * 10000
        if p.flags.get("wage_fee") and ratio >= 1:
            fee = int(amount * r.uniform(0.03, 0.08)) // 10000 * 10000
            self.pay_contract(p, cid, paid - fee, k=r.randint(3, 6))
            self.pay(p, p.owner, gc, fee, p.start + r.randint(30, 200), "wage", None, True)
        else:
            self.pay_contract(p, cid, paid, k=r.randint(3, 6))
        if p.flags.get("settled") and paid < amount:
            self.contract[cid][K_SETTLED] = paid if r.random() < 0.5 else (paid + amount) // 20000 * 10000
        p.owner_paid += paid
        return cid

    def template(self, p: _Project, gc: str, *, n_spec=None, n_lab=None, budget: float = 0.6,
                 lab_team: tuple[int, int] = (14, 26), collective: bool = False, force_lab: bool = False) -> None:
        """The lawful template below the GC (contracts, money, teams)."""
        r = self.rng
        n_spec = r.randint(1, 3) if n_spec is None else n_spec
        n_lab = r.randint(1, 2) if n_lab is None else n_lab
        shares = [r.uniform(0.06, 0.15) for _ in range(n_spec)] + [r.uniform(0.03, 0.08) for _ in range(n_lab)]
        f = min(1.0, budget / max(sum(shares), 1e-9))
        scopes = r.sample(SPEC_SCOPES, n_spec)
        for i in range(n_spec):
            s = self.pick(p, self.specs)
            amt = int(p.A * shares[i] * f) // 1000 * 1000
            cid = self.let(p, gc, s, "specialty", scopes[i], False, amt)
            self.pay_contract(p, cid, amt)
            p.spec_subs.append(s)
            has_lab = r.random() < 0.45 or (force_lab and i == 0)
            self.team(p, s, r.randint(3, 6) if has_lab else r.randint(5, 10), manager=True)
            if has_lab:
                lab = self.pick(p, self.labours)
                scope, ms = r.choice(LABOUR_SCOPES[4:])
                lamt = int(amt * r.uniform(0.2, 0.4)) // 1000 * 1000
                lcid = self.let(p, s, lab, "labour", scope, ms, lamt)
                self.pay_contract(p, lcid, lamt)
                p.spec_labs.append(lab)
                self.labour_team(p, lab, r.randint(8, 16))
        for j in range(n_lab):
            lab = self.pick(p, self.labours)
            scope, ms = r.choice(LABOUR_SCOPES)
            amt = int(p.A * shares[n_spec + j] * f) // 1000 * 1000
            cid = self.let(p, gc, lab, "labour", scope, ms, amt)
            if collective and j == 0:
                self.collective(p, lab, cid, amt)
                continue
            self.pay_contract(p, cid, amt)
            p.labour_subs.append(lab)
            self.labour_team(p, lab, r.randint(*lab_team), received=amt)

    def labour_team(self, p: _Project, lab: str, n: int, received: int | None = None) -> _Team:
        """A labour company's team; the project's flags may make it pay directly or refuse to pay."""
        r = self.rng
        if p.flags.get("l_refuse") and received and not p.flags.get("l_refuse_done"):
            p.flags["l_refuse_done"] = True
            t = self.team(p, lab, max(n, 12), manager=True, foreman=r.random() < 0.5,
                          mode=r.choice(("account", "direct")), arrears=(0.9, 0.2, 0.7),
                          owed_cap=int(received * 0.45))
            # (thresholds are enforced before the wages were paid: see team(); re-check here)
            self.expect_refuse(p, t, received)
            return t
        mode = "account"
        if p.flags.get("l_direct") and not p.flags.get("l_direct_done"):
            p.flags["l_direct_done"] = True
            mode = "direct"
            self.expect(p, "C-DIRECTPAY", lab)
        return self.team(p, lab, n, manager=True, foreman=r.random() < 0.5, mode=mode)

    def expect_refuse(self, p: _Project, t: _Team, received: int) -> None:
        total = sum(w[1] - w[2] for w in t.workers if w[1] > w[2])
        claims = self.claims(p, t, t.employer if self.rng.random() < 0.6 else p.gc, self.rng.uniform(0.4, 1.0))
        if total and self.team_amount_met(t) and received >= total:
            self.refuse_conduct(p, t.employer, total, p.first_in.get(t.employer, p.start + 60), claims)
            self.expect(p, "X-REFUSE", t.employer)

    def price_claim(self, p: _Project, d: str, cid: str, unpaid: int) -> None:
        """The individual d, an actual constructor (实际施工人), claims the unpaid price of contract cid
        (kind ``price``); the hotline registers him as a person with his own 身份证号 (one human)."""
        r = self.rng
        c = self.contract[cid]
        if unpaid < 10_000:
            unpaid = int(c[7] * r.uniform(0.1, 0.3)) // 100 * 100
        row = self.party_row[d]
        wid = self.nid("W", 6)
        prow = [wid, row[1], row[4], row[7], row[8], row[9]]
        self.rows["persons"].append(prow)
        self.person_row[wid] = prow
        self.same_human.append([d, wid])
        frm = c[2]
        rname = self.respondent_name(frm)
        claim = self.claim(wid, unpaid, min(LAST, p.end + r.randint(10, 90)), None, p.pid, frm, rname,
                           f"本人承包{p.name}{c[5]}，{rname}尚欠工程款{unpaid}元", kind="price")
        self.add_liability(p, wid, claim, d, unpaid, "price")

    def injury_claim(self, p: _Project, t: _Team) -> None:
        """A worker of t whose wages were paid in full claims for a work injury (kind ``injury``)."""
        r = self.rng
        paid = [w for w in t.workers if w[1] == w[2]]
        if not paid:
            return
        w = r.choice(paid)
        amount = r.randrange(30_000, 300_000, 1000)
        rname = self.respondent_name(t.employer)
        c = self.claim(w[0], amount, min(LAST, w[3] + r.randint(5, 60)), None, p.pid, t.employer, rname,
                       f"本人在{p.name}施工中受伤，{rname}未缴纳工伤保险，要求工伤待遇{amount}元", kind="injury")
        self.add_liability(p, w[0], c, t.employer, amount, "injury")

    def small_arrears(self, p: _Project, employer: str, payer: str) -> None:
        """One worker of employer owed ¥1,500-4,500 (below every X-REFUSE figure) who claims it."""
        r = self.rng
        wid = self.person()
        start = p.start + r.randint(20, 80)
        end = min(p.end, start + r.randint(60, 150))
        days = max(10, int((end - start) * 0.8))
        due = days * r.randrange(300, 450, 10)
        owed = r.randrange(1500, 4500, 10)
        self.rows["employment"].append([self.nid("E", 7), wid, p.pid, employer, "worker", _d(start), _d(end), days,
                                        due, due - owed])
        self.pay(p, payer, wid, due - owed, end + r.randint(3, 20), "wage", None, bool(p.account))
        rname = self.respondent_name(employer)
        c = self.claim(wid, owed, min(LAST, end + r.randint(10, 60)), None, p.pid, employer, rname,
                       f"{rname}拖欠本人工资{owed}元")
        self.add_liability(p, wid, c, employer, owed)

    def fresh(self, kind: str, quals: tuple[str, ...], licence: str | None) -> str:
        """A company used on this project only, with a licence status."""
        x = self.company(kind, {"labour": "L", "vendor": "V"}.get(kind, "S"), quals)
        self.party_row[x][P_LICENCE] = licence
        return x

    # ------------------------------------------------------------------ chain scenarios
    def sc_lawful(self, p: _Project) -> None:
        self.general(p, self.rng.choice(self.gcs), p.flags.get("underpay", 1.0))
        self.manager(p, p.gc)
        self.template(p, p.gc)

    sc_compliance = sc_lawful

    def sc_transfer_chain(self, p: _Project) -> None:
        r = self.rng
        g = r.choice(self.gcs)
        self.general(p, g, p.flags.get("underpay", 1.0))
        n_mid = r.choices((1, 2, 3), (0.35, 0.4, 0.25))[0]
        staffed = {g: r.random() < 0.5}
        if staffed[g]:
            self.manager(p, g)
        prev, prev_amt, prev_money = g, p.A, p.owner_paid
        signed = p.start
        self.expect(p, "R-TRANSFER", g)
        for i in range(n_mid):
            u = r.random()
            b = self.pick(p, self.specs) if u < 0.6 else self.pick(p, self.shells) if u < 0.85 else \
                self.pick(p, self.labours)
            scope = "全部工程" if i == 0 else r.choice(("全部工程", "主体结构", "主体结构及二次结构", "整体工程"))
            amt = int(prev_amt * r.uniform(0.9, 0.975)) // 1000 * 1000
            signed += r.randint(3, 40)
            cid = self.let(p, prev, b, "specialty", scope, True, amt, signed=signed, written=r.random() < 0.8)
            fwd = r.uniform(0.92, 0.98) if not staffed[prev] else r.uniform(0.8, 0.98)
            money = min(amt, int(prev_money * fwd) // 100 * 100)
            self.pay_contract(p, cid, money)
            if i == 0:
                self.expect(p, "R-MAIN-STRUCTURE", cid)
            else:
                self.expect(p, "R-RESUB", cid)
                self.expect(p, "R-TRANSFER", prev)
            if self.lacks(b, "specialty"):
                self.expect(p, "R-SUB-UNQUALIFIED", cid)
            if not staffed[prev] and money >= TRANSFER_SHARE * prev_money:
                self.expect(p, "R-TRANSFER-FEE", prev)
            staffed[b] = r.random() < 0.4
            if staffed[b]:
                self.manager(p, b)
            prev, prev_amt, prev_money = b, amt, money
        d = self.boss()
        if r.random() < 0.5:  # D is the actual constructor (实际施工人) of (nearly) everything
            ctype = r.choice(("specialty", "labour"))
            scope, ms = r.choice((("主体结构", True), ("全部工程", True), ("主体结构及装饰装修", True),
                                  ("清包工", None)))
            share = r.uniform(0.82, 0.97)
        else:  # D is a labour boss (包工头) with a labour-only price
            ctype = "labour"
            scope, ms = r.choice((("劳务作业", None), ("主体结构劳务作业", True), ("清包工", None),
                                  ("钢筋工程劳务作业", True)))
            share = r.uniform(0.08, 0.3)
        amt = int(prev_amt * share) // 1000 * 1000
        cid = self.let(p, prev, d, ctype, scope, ms, amt, signed=signed + r.randint(3, 40),
                       written=r.random() < 0.4)
        self.expect(p, "R-SUB-INDIVIDUAL", cid)
        if n_mid >= 2:
            self.expect(p, "R-DEPTH", p.pid)
        money = min(amt, int(prev_money * share * r.uniform(0.85, 0.98)) // 100 * 100)
        n0 = len(self.rows["payments"])
        self.pay_contract(p, cid, money)
        first_in = self._day_of(self.rows["payments"][n0][4]) if len(self.rows["payments"]) > n0 else p.start
        mode = "direct" if (r.random() < 0.7 or not staffed[g]) else "account"
        arrears = (r.uniform(0.5, 1.0), 0.0, 0.8) if r.random() < 0.85 else None
        refuse = arrears is not None and r.random() < 0.5
        t = self.team(p, d, r.randint(22, 45), manager=False, foreman=r.random() < 0.5, mode=mode, arrears=arrears,
                      owed_cap=int(money * 0.4) if refuse else None)
        if mode == "direct" or not p.account:
            self.expect(p, "C-DIRECTPAY", d)
        unreg = r.randint(1, 3) if r.random() < 0.5 else 0
        if arrears:
            resp = r.choice((d, d, g, prev))
            claims = self.claims(p, t, resp, r.uniform(0.5, 1.0), employer=d, unregistered=unreg)
            if refuse and t.owed and money >= t.owed and self.team_amount_met(t):
                self.refuse_conduct(p, d, t.owed, first_in, claims)
                self.expect(p, "X-REFUSE", d)
        if r.random() < 0.25:  # D claims the unpaid price as actual constructor: L-PRICE only (multi-level)
            self.price_claim(p, d, cid, amt - money)

    def sc_owner_illegal(self, p: _Project) -> None:
        r = self.rng
        u = r.random()
        x = self.boss() if u < 0.45 else self.pick(p, self.specs) if u < 0.75 else self.pick(p, self.shells)
        cid = self.general(p, x, p.flags.get("underpay", 1.0))
        self.expect(p, "R-OWNER-ILLEGAL", cid)
        company = self.party[x][0] == "company"
        mode = "account" if company and r.random() < 0.6 else "direct"
        arrears = (r.uniform(0.3, 0.9), 0.2, 0.85) if r.random() < 0.6 else None
        t = self.team(p, x, r.randint(22, 40), manager=company and r.random() < 0.7, mode=mode, arrears=arrears,
                      foreman=True)
        if t.mode == "direct":
            self.expect(p, "C-DIRECTPAY", x)
        if arrears:
            self.claims(p, t, x, r.uniform(0.3, 0.9))
        if r.random() < 0.5:
            lab = self.pick(p, self.labours)
            scope, ms = r.choice(LABOUR_SCOPES)
            amt = int(p.A * r.uniform(0.03, 0.08)) // 1000 * 1000
            lcid = self.let(p, x, lab, "labour", scope, ms, amt)
            self.pay_contract(p, lcid, amt)
            p.labour_subs.append(lab)
            self.labour_team(p, lab, r.randint(8, 20), received=amt)

    def sc_sub_unqualified(self, p: _Project) -> None:
        r = self.rng
        self.sc_lawful(p)
        v = r.random()
        if v < 0.45:  # specialty work to a shell or a labour company
            frm, ctype = p.gc, "specialty"
            u = self.pick(p, self.shells) if r.random() < 0.5 else self.pick(p, self.labours)
            scope, ms, amt = r.choice(SPEC_SCOPES), False, int(p.A * r.uniform(0.05, 0.1)) // 1000 * 1000
        elif v < 0.75 or not p.spec_subs:  # labour work to a company without the labour qualification
            frm, ctype = p.gc, "labour"
            u = self.pick(p, self.shells) if r.random() < 0.5 else self.pick(p, self.specs)
            scope, ms = r.choice(LABOUR_SCOPES)
            amt = int(p.A * r.uniform(0.02, 0.06)) // 1000 * 1000
        else:  # a specialty sub lets labour work to an unqualified company
            frm, ctype = p.spec_subs[0], "labour"
            u = self.pick(p, self.shells)
            scope, ms = r.choice(LABOUR_SCOPES[4:])
            amt = max(100_000, int(p.A * r.uniform(0.003, 0.01)) // 1000 * 1000)
        if r.random() < 0.25:  # a shell whose licence was revoked: no 合法经营资格 either
            u = self.fresh("shell", (), r.choice(("revoked", "cancelled", "none")))
            p.used.add(u)
        cid = self.let(p, frm, u, ctype, scope, ms, amt, written=r.random() < 0.7)
        self.expect(p, "R-SUB-UNQUALIFIED", cid)
        self.pay_contract(p, cid, amt)
        arrears = (r.uniform(0.3, 0.9), 0.2, 0.85) if r.random() < 0.5 else None
        t = self.team(p, u, r.randint(8, 20), manager=True, arrears=arrears)
        if arrears:
            self.claims(p, t, r.choice((u, p.gc)), r.uniform(0.3, 0.9), employer=u)
        if p.spec_subs and r.random() < 0.3:  # a qualified labour company whose licence is gone: no A rule,
            s = p.spec_subs[-1]                # but the specialty sub that let to it bears 用工主体责任
            lab = self.fresh("labour", ("labour",), r.choice(("revoked", "cancelled")))
            lamt = max(100_000, int(self.contract[p.parent[s][1]][7] * r.uniform(0.1, 0.3)) // 1000 * 1000)
            lcid = self.let(p, s, lab, "labour", *r.choice(LABOUR_SCOPES[4:]), lamt)
            self.pay_contract(p, lcid, lamt)
            t2 = self.team(p, lab, r.randint(6, 12), manager=True, arrears=(0.5, 0.5, 0.9))
            self.claims(p, t2, lab, r.uniform(0.3, 0.9))

    def sc_sub_individual(self, p: _Project) -> None:
        r = self.rng
        self.sc_lawful(p)
        frm = p.gc if r.random() < 0.6 or not p.spec_subs else p.spec_subs[-1]
        d = self.boss()
        if r.random() < 0.3:  # a registered 个体工商户: still R-SUB-INDIVIDUAL, but 合法经营资格 (no `pay`)
            self.party_row[d][P_LICENCE] = "active"
        scope, ms = r.choice(LABOUR_SCOPES)
        if frm == p.gc:
            amt = int(p.A * r.uniform(0.01, 0.04)) // 1000 * 1000
        else:
            amt = int(self.contract[p.parent[frm][1]][7] * r.uniform(0.1, 0.3)) // 1000 * 1000
        cid = self.let(p, frm, d, "labour", scope, ms, amt, written=r.random() < 0.5)
        self.expect(p, "R-SUB-INDIVIDUAL", cid)
        price = frm == p.gc and r.random() < 0.35  # the boss claims unpaid price: L-PRICE and L-ACTUAL
        got = int(amt * r.uniform(0.6, 0.85)) // 100 * 100 if price else amt
        self.pay_contract(p, cid, got)
        if price:
            self.price_claim(p, d, cid, amt - got)
        mode = "direct" if r.random() < 0.6 else "account"
        arrears = (r.uniform(0.3, 1.0), 0.1, 0.85) if r.random() < 0.6 else None
        t = self.team(p, d, r.randint(8, 20), manager=False, mode=mode, arrears=arrears)
        if t.mode == "direct":
            self.expect(p, "C-DIRECTPAY", d)
        if arrears:
            self.claims(p, t, r.choice((d, d, p.gc, frm)), r.uniform(0.4, 1.0), employer=d,
                        unregistered=r.randint(0, 2))
        if r.random() < 0.35:
            self.injury_claim(p, t)

    def sc_main_structure(self, p: _Project) -> None:
        r = self.rng
        g = r.choice(self.gcs)
        self.general(p, g, p.flags.get("underpay", 1.0))
        self.manager(p, g)
        self.template(p, g, budget=0.45, n_lab=1)
        s = self.pick(p, self.specs)
        if r.random() < 0.6:
            scope, ms = r.choice(("主体结构", "主体结构工程", "主体结构及二次结构")), True
        else:
            scope, ms = r.choice(("主体结构施工", "地上主体结构工程")), None
        amt = int(p.A * r.uniform(0.15, 0.3)) // 1000 * 1000
        cid = self.let(p, g, s, "specialty", scope, ms, amt)
        self.expect(p, "R-MAIN-STRUCTURE", cid)
        self.pay_contract(p, cid, amt)
        self.team(p, s, r.randint(10, 25), manager=True, foreman=True)

    def sc_resub(self, p: _Project) -> None:
        r = self.rng
        self.sc_lawful(p)
        v = r.random()
        if (v < 0.4 or not p.labour_subs) and p.spec_subs:
            s = p.spec_subs[0]
            s_amt = self.contract[p.parent[s][1]][7]
            s2 = self.pick(p, self.specs)
            amt = int(s_amt * r.uniform(0.25, 0.45)) // 1000 * 1000
            cid = self.let(p, s, s2, "specialty", r.choice(SPEC_SCOPES), False, amt)
            self.expect(p, "R-RESUB", cid)
            self.pay_contract(p, cid, amt)
            self.team(p, s2, r.randint(5, 12), manager=True)
            if r.random() < 0.5:  # deep: specialty → specialty → labour
                lab = self.pick(p, self.labours)
                scope, ms = r.choice(LABOUR_SCOPES[4:])
                lamt = int(amt * r.uniform(0.3, 0.6)) // 1000 * 1000
                lcid = self.let(p, s2, lab, "labour", scope, ms, lamt)
                self.pay_contract(p, lcid, lamt)
                self.team(p, lab, r.randint(6, 14), manager=True)
                self.expect(p, "R-DEPTH", p.pid)
        else:
            lab = p.labour_subs[0]
            l_amt = self.contract[p.parent[lab][1]][7]
            l2 = self.pick(p, self.labours)
            amt = int(l_amt * r.uniform(0.3, 0.6)) // 1000 * 1000
            scope, ms = r.choice(LABOUR_SCOPES)
            # a labour subcontractor may let nothing on, whatever type it declares (办法 12(5))
            ctype = r.choice(("labour", "other"))
            if ctype == "other":
                scope, ms = r.choice(("零星用工", "点工", "机械租赁及操作")), None
            cid = self.let(p, lab, l2, ctype, scope, ms, amt, written=r.random() < 0.6)
            self.expect(p, "R-RESUB", cid)
            self.pay_contract(p, cid, amt)
            self.team(p, l2, r.randint(6, 16), manager=True)

    def sc_transfer_fee(self, p: _Project) -> None:
        r = self.rng
        g = r.choice(self.gcs)
        if r.random() < 0.55:  # (a) the GC splits the whole job and keeps a fee
            self.general(p, g, p.flags.get("underpay", 1.0))
            k = r.randint(3, 4)
            share = r.uniform(0.91, 0.97)
            w = [r.uniform(0.5, 1.5) for _ in range(k)]
            scopes = (["主体结构"] if r.random() < 0.6 else []) + r.sample(SPEC_SCOPES, k)
            subs = []
            for i in range(k):
                s = self.pick(p, self.specs)
                amt = int(p.A * share * w[i] / sum(w)) // 1000 * 1000
                ms = True if scopes[i] == "主体结构" else False
                cid = self.let(p, g, s, "specialty", scopes[i], ms, amt)
                if ms:
                    self.expect(p, "R-MAIN-STRUCTURE", cid)
                subs.append((s, cid, amt))
                p.spec_subs.append(s)
            # teams first: the GC pays their wages from the account; wages are not money passed on
            for s, _, _ in subs:
                self.team(p, s, r.randint(6, 14), manager=True)
            fwd = max(int(p.owner_paid * 0.915), int(p.owner_paid * r.uniform(0.92, 0.97)) - p.wage_total_by[g])
            total_amt = sum(a for _, _, a in subs)
            for _s, cid, amt in subs:
                self.pay_contract(p, cid, max(100, min(amt, int(fwd * amt / total_amt) // 100 * 100)))
            self.expect(p, "R-TRANSFER", g)
            self.expect(p, "R-TRANSFER-FEE", g)
        else:  # (b) a specialty sub without staff forwards ≥ 90 % of what it was paid
            self.general(p, g, p.flags.get("underpay", 1.0))
            self.manager(p, g)
            self.template(p, g, budget=0.45)
            s = self.pick(p, self.specs)
            s_amt = int(p.A * r.uniform(0.08, 0.15)) // 1000 * 1000
            cid = self.let(p, g, s, "specialty", r.choice(SPEC_SCOPES), False, s_amt)
            lab = self.pick(p, self.labours)
            u = r.uniform(0.5, 0.7)
            l_amt = int(s_amt * u) // 1000 * 1000
            scope, ms = r.choice(LABOUR_SCOPES[4:])
            lcid = self.let(p, s, lab, "labour", scope, ms, l_amt)
            got = int(l_amt * r.uniform(0.95, 1.02)) // 100 * 100
            self.pay_contract(p, cid, got)
            self.pay_contract(p, lcid, min(l_amt, int(got * r.uniform(0.93, 0.98)) // 100 * 100))
            self.team(p, lab, r.randint(8, 18), manager=True)
            self.expect(p, "R-TRANSFER-FEE", s)

    def sc_pay_bypass(self, p: _Project) -> None:
        r = self.rng
        self.sc_lawful(p)
        if r.random() < 0.5 and p.spec_subs:  # (a) the GC pays the money of K to someone else
            s = p.spec_subs[0]
            cid = p.parent[s][1]
            other = r.choice(self.vendors) if r.random() < 0.5 else self.boss()
            amt = int(self.contract[cid][7] * r.uniform(0.2, 0.6)) // 100 * 100
            self.pay(p, p.gc, other, amt, p.start + r.randint(60, 200), "progress", cid, False)
            self.expect(p, "R-PAY-BYPASS", cid)
        else:  # (b) a real sub forwards ≈ all the money of its contract to an individual boss
            s = self.pick(p, self.specs)
            amt = int(p.A * r.uniform(0.04, 0.1)) // 1000 * 1000
            cid = self.let(p, p.gc, s, "specialty", r.choice(SPEC_SCOPES), False, amt)
            self.pay_contract(p, cid, amt)
            self.team(p, s, r.randint(3, 8), manager=True)
            b = self.boss()
            self.pay(p, s, b, int(amt * r.uniform(0.955, 1.0)) // 100 * 100, p.start + r.randint(100, 250),
                     r.choice(("progress", "other")), None, False)
            p.stand_in[b] = s
            t = self.team(p, b, r.randint(8, 20), manager=False, mode=r.choice(("direct", "account")))
            if t.mode == "direct":
                self.expect(p, "C-DIRECTPAY", b)
            self.expect(p, "R-PAY-BYPASS", cid)

    def sc_name_lending(self, p: _Project) -> None:
        r = self.rng
        y = self.boss() if r.random() < 0.6 else self.pick(p, self.shells)
        arrears = (r.uniform(0.3, 0.9), 0.2, 0.85) if r.random() < 0.5 else None
        paper = r.random() < 0.35
        if r.random() < 0.55:  # at the GC level: the owner's contract is held by X, built by Y
            x = r.choice(self.gcs)
            p.gc = x
            p.used.add(x)
            k = self.let(p, p.owner, x, "general", "全部工程", True, p.A, signed=p.start - r.randint(10, 60))
            ratio = p.flags.get("underpay", 1.0)
            paid = p.A if ratio >= 1 else int(p.A * ratio) // 10000 * 10000
            p.owner_paid = paid
            if r.random() < 0.3:  # the owner pays the real builder directly
                self.pay_contract(p, k, paid, payee=y, k=r.randint(3, 6))
                self.expect(p, "R-PAY-BYPASS", k)
            else:
                self.pay_contract(p, k, paid, k=r.randint(3, 6))
                fwd = int(paid * r.uniform(0.955, 0.985)) // 100 * 100
                for part in self.split(fwd, r.randint(2, 4)):
                    self.pay(p, x, y, part, p.start + r.randint(40, max(41, p.end - p.start)), "progress", None,
                             False)
                if not paper:
                    self.expect(p, "R-TRANSFER-FEE", x)
                self.expect(p, "R-PAY-BYPASS", k)  # forwarded ≈ 1:1 to a party with no contract
        else:  # at the subcontract level
            g = r.choice(self.gcs)
            self.general(p, g, p.flags.get("underpay", 1.0))
            self.manager(p, g)
            self.template(p, g, budget=0.4)
            x = self.pick(p, self.specs)
            amt = int(p.A * r.uniform(0.1, 0.2)) // 1000 * 1000
            k = self.let(p, g, x, "specialty", r.choice(SPEC_SCOPES), False, amt)
            self.pay_contract(p, k, amt)
            fwd = int(amt * r.uniform(0.96, 0.99)) // 100 * 100
            for part in self.split(fwd, r.randint(2, 3)):
                self.pay(p, x, y, part, p.start + r.randint(60, max(61, p.end - p.start)), "progress", None, False)
            if not paper:
                self.expect(p, "R-TRANSFER-FEE", x)
            self.expect(p, "R-PAY-BYPASS", k)
        p.lent_by[y] = x
        if paper:  # the holder's manager on paper (办法 8(3)) does not clear it
            self.manager(p, x)
        # the borrower runs the site; often with no manager of its own on record (办法 10(1))
        t = self.team(p, y, r.randint(25, 45), manager=r.random() < 0.5, mode="direct", arrears=arrears,
                      foreman=True)
        self.expect(p, "R-NAME-LENDING", x)
        self.expect(p, "C-DIRECTPAY", y)
        if arrears:
            self.claims(p, t, r.choice((y, x, x)), r.uniform(0.3, 0.9))

    def sc_cycle(self, p: _Project) -> None:
        r = self.rng
        self.sc_lawful(p)
        s1, s2 = self.pick(p, self.specs), self.pick(p, self.specs)
        a = int(p.A * r.uniform(0.05, 0.1)) // 1000 * 1000
        c = int(a * r.uniform(0.4, 0.6)) // 1000 * 1000
        b = int(c * r.uniform(0.3, 0.6)) // 1000 * 1000
        k1 = self.let(p, p.gc, s1, "specialty", r.choice(SPEC_SCOPES), False, a)
        k2 = self.let(p, s1, s2, "specialty", r.choice(SPEC_SCOPES), False, c)
        k3 = self.let(p, s2, s1, "specialty", r.choice(SPEC_SCOPES), False, b, written=r.random() < 0.5)
        for k, amt in ((k1, a), (k2, c), (k3, b)):
            self.pay_contract(p, k, amt)
        self.team(p, s1, r.randint(4, 10), manager=True)
        self.team(p, s2, r.randint(3, 8), manager=True)
        self.expect(p, "R-CYCLE", p.pid)
        self.expect(p, "R-RESUB", k2)
        self.expect(p, "R-RESUB", k3)

    def sc_sections_split(self, p: _Project) -> None:
        """肢解发包: the owner lets one section's construction in two general contracts (R-OWNER-ILLEGAL)."""
        r = self.rng
        g1 = r.choice(self.gcs)
        g2 = self.pick(p, [g for g in self.gcs if g != g1] or self.gcs)
        section = r.choice((None, "一标段", "1#楼"))
        a1 = int(p.A * r.uniform(0.4, 0.6)) // 10000 * 10000
        k1 = None
        for g, a in ((g1, a1), (g2, p.A - a1)):
            k = self.general(p, g, p.flags.get("underpay", 1.0), amount=a, section=section)
            k1 = k1 or k
            self.manager(p, g)
            self.template(p, g, budget=0.25 * a / p.A * 2, n_spec=r.randint(1, 2), n_lab=1)
        self.expect(p, "R-OWNER-ILLEGAL", k1)

    def sc_refuse_months(self, p: _Project) -> None:
        """The three-month rule (拒付解释 3): two labour companies each owe one worker ¥9,000 — about 0.7
        of one month's wages at one (no X-REFUSE), about 3.3 months' wages at the other (X-REFUSE)."""
        r = self.rng
        self.sc_lawful(p)
        for months in (1, 4):
            lab = self.pick(p, self.labours)
            amt = int(p.A * r.uniform(0.02, 0.04)) // 1000 * 1000
            cid = self.let(p, p.gc, lab, "labour", *r.choice(LABOUR_SCOPES), amt)
            self.pay_contract(p, cid, amt)
            t = self.team(p, lab, r.randint(6, 12), manager=True)
            wid = self.person()
            start = p.start + r.randint(30, 120)
            end = start + (44 if months == 1 else 121)
            due = 18_000 if months == 1 else 11_000
            self.rows["employment"].append([self.nid("E", 7), wid, p.pid, lab, "worker", _d(start), _d(end),
                                            40 if months == 1 else 100, due, due - 9_000])
            self.pay(p, p.gc if p.account else lab, wid, due - 9_000, end + r.randint(3, 15), "wage", None,
                     bool(p.account))
            rname = self.respondent_name(lab)
            filed = min(LAST, end + r.randint(10, 40))
            c = self.claim(wid, 9_000, filed, None, p.pid, lab, rname, f"{rname}拖欠本人工资9000元")
            self.add_liability(p, wid, c, lab, 9_000)
            self.order(p, lab, filed + r.randint(5, 20), complied=False, amount=9_000)
            if months == 4:
                self.expect(p, "X-REFUSE", lab)
            t.owed += 9_000

    # ------------------------------------------------------------------ lawful twins (docs/legal-rules.md A guards)
    def tw_curtain_wall(self, p: _Project) -> None:
        """A GC lets 全部幕墙工程 (~12 % of the value) to a qualified specialty firm: one trade, not 转包."""
        r = self.rng
        g = r.choice(self.gcs)
        self.general(p, g)
        self.manager(p, g)
        self.template(p, g, budget=0.45)
        s = self.pick(p, self.specs)
        amt = int(p.A * r.uniform(0.10, 0.14)) // 1000 * 1000
        cid = self.let(p, g, s, "specialty", r.choice(("全部幕墙工程", "全部幕墙及采光顶工程")), False, amt)
        self.pay_contract(p, cid, amt)
        self.team(p, s, r.randint(6, 12), manager=True)

    def tw_steel(self, p: _Project) -> None:
        """A GC lets the steel main structure (钢结构) to a qualified specialty firm (办法 12(3) exempts it)."""
        r = self.rng
        g = r.choice(self.gcs)
        self.general(p, g)
        self.manager(p, g)
        self.template(p, g, budget=0.4)
        s = self.pick(p, self.specs)
        amt = int(p.A * r.uniform(0.15, 0.25)) // 1000 * 1000
        scope = r.choice(("钢结构工程", "主体钢结构工程", "钢结构主体结构工程"))
        cid = self.let(p, g, s, "specialty", scope, True, amt)
        self.pay_contract(p, cid, amt)
        self.team(p, s, r.randint(8, 16), manager=True, foreman=True)

    def tw_epc(self, p: _Project) -> None:
        """owner → EPC contractor → general contractor → specialty → labour; a worker of the labour
        company is owed a little: the EPC contractor and the GC both pay first, the owner paid in full."""
        r = self.rng
        e = r.choice(self.gcs)
        p.used.add(e)
        k0 = self.let(p, p.owner, e, "epc", r.choice(("工程总承包（设计、采购、施工）", "EPC总承包")), True, p.A,
                      signed=p.start - r.randint(30, 90))
        p.owner_paid = self.pay_contract(p, k0, p.A, k=r.randint(3, 6))
        self.manager(p, e)
        g = self.pick(p, [x for x in self.gcs if x != e] or self.gcs)
        p.gc = g
        ga = int(p.A * r.uniform(0.8, 0.9)) // 10000 * 10000
        k1 = self.let(p, e, g, "general", "施工总承包", True, ga, signed=p.start - r.randint(0, 9))
        self.pay_contract(p, k1, ga)
        self.manager(p, g)
        self.template(p, g, budget=0.5, n_spec=r.randint(1, 3), force_lab=True)
        self.small_arrears(p, p.spec_labs[0], g)

    def tw_sections(self, p: _Project) -> None:
        """Two sections (标段) let by the owner to two GCs; a worker in section two is owed a little:
        only that section's GC pays first."""
        r = self.rng
        g1 = r.choice(self.gcs)
        g2 = self.pick(p, [g for g in self.gcs if g != g1] or self.gcs)
        a1 = int(p.A * r.uniform(0.4, 0.6)) // 10000 * 10000
        for g, a, sec in ((g1, a1, "一标段"), (g2, p.A - a1, "二标段")):
            self.general(p, g, amount=a, section=sec)
            self.manager(p, g)
            self.template(p, g, budget=0.25 * a / p.A * 2, n_spec=r.randint(1, 2), n_lab=1)
        self.small_arrears(p, p.labour_subs[-1], g2)

    def tw_owner_specialty(self, p: _Project) -> None:
        """The owner lets a specialty job directly to a qualified firm F (lawful) and pays it in full;
        a worker under F is owed a little: F is the GC of that chain, not the project's GC."""
        r = self.rng
        g = r.choice(self.gcs)
        self.general(p, g)
        self.manager(p, g)
        self.template(p, g)
        f = self.pick(p, self.specs)
        amt = int(p.A * r.uniform(0.05, 0.12)) // 1000 * 1000
        k = self.let(p, p.owner, f, "specialty", r.choice(("电梯安装工程", "智能化工程", "幕墙工程", "消防工程")),
                     False, amt)
        self.pay_contract(p, k, amt)
        if r.random() < 0.5:
            self.team(p, f, r.randint(5, 10), manager=True)
            self.small_arrears(p, f, g)
        else:
            self.manager(p, f)
            lab = self.pick(p, self.labours)
            lamt = int(amt * r.uniform(0.2, 0.4)) // 1000 * 1000
            lcid = self.let(p, f, lab, "labour", *r.choice(LABOUR_SCOPES[4:]), lamt)
            self.pay_contract(p, lcid, lamt)
            self.team(p, lab, r.randint(6, 12), manager=True)
            self.small_arrears(p, lab, g)

    def tw_materials(self, p: _Project) -> None:
        """A supplier paid for materials by the GC on a subcontractor's order, citing that subcontract
        (a three-party payment the contract provides for: not a bypass)."""
        r = self.rng
        self.sc_lawful(p)
        s = p.spec_subs[0]
        k = p.parent[s][1]
        v = r.choice(self.vendors)
        for part in self.split(int(self.contract[k][7] * r.uniform(0.1, 0.3)) // 100 * 100, r.randint(1, 3)):
            self.pay(p, p.gc, v, part, p.start + r.randint(30, 200), "materials", k, False)

    TWINS = ["curtain_wall", "steel", "epc", "sections", "owner_specialty", "materials"]

    # ------------------------------------------------------------------ flags
    def apply_flags_after(self, p: _Project) -> None:
        r = self.rng
        if p.flags.get("unregistered"):
            teams = [t for t in p.teams if t.owed == 0 and t.workers]
            if teams:
                t = r.choice(teams)
                for _ in range(r.randint(1, 3)):
                    wid = self.person()
                    self.pay(p, t.employer, wid, r.randrange(3000, 30000, 10), p.start + r.randint(60, 300), "wage",
                             None, False)
                    self.expect(p, "C-REALNAME", wid)

    def collective(self, p: _Project, lab: str, cid: str, amt: int) -> None:
        """Decoy: real arrears, ≥ 15 registered workers claim together, each ≤ what is owed."""
        r = self.rng
        self.pay_contract(p, cid, int(amt * r.uniform(0.5, 0.85)) // 100 * 100)
        p.labour_subs.append(lab)
        t = self.team(p, lab, r.randint(18, 32), manager=True, foreman=True, arrears=(1.0, 0.3, 0.8))
        owed = [w for w in t.workers if w[1] > w[2]]
        gid = self.nid("GRP", 5)
        filed = min(LAST, max(w[3] for w in t.workers) + r.randint(5, 40))
        resp = p.gc if r.random() < 0.6 else lab
        rname = self.respondent_name(resp)
        n = len(owed)
        text = f"{p.name}劳务班组{n}名农民工集体讨薪，称{rname}拖欠工资"
        for w in owed:
            amount = w[1] - w[2] if r.random() < 0.75 else int((w[1] - w[2]) * r.uniform(0.7, 1.0)) // 10 * 10
            c = self.claim(w[0], max(10, amount), filed, gid, p.pid, resp, rname, text, channel="hotline")
            self.decoys["collective_arrears"]["claims"].append(c)
            self.decoys["collective_arrears"]["persons"].append(w[0])
            self.add_liability(p, w[0], c, lab, w[1] - w[2])
        p.tags.append("collective")

    # ------------------------------------------------------------------ rings, movers, hubs
    def make_rings(self, pool: list[_Project]) -> None:
        r = self.rng
        n_rings = max(3, round(self.n / 40))
        sizes = [(3, 4), (7, 9), (18, 22)]
        for k in range(n_rings):
            lo, hi = sizes[k % 3]
            size = r.randint(lo, hi)
            n_proj = {0: r.randint(3, 4), 1: r.randint(5, 6), 2: r.randint(7, 9)}[k % 3]
            n_org = 2 if k % 3 == 2 else 1
            center = r.randint(300, LAST - 420)
            cands = [q for q in pool if q.start + 20 <= center + 300 and q.end + 120 >= center - 300] or pool
            r.shuffle(cands)
            chosen, gcs = [], set()
            for q in cands:  # different general contractors first
                if q.gc not in gcs and len(chosen) < n_proj:
                    chosen.append(q)
                    gcs.add(q.gc)
            for q in cands:
                if len(chosen) < n_proj and q not in chosen:
                    chosen.append(q)
            if len(chosen) < 3:
                continue
            chosen.sort(key=lambda q: q.pid)
            members = [self.person() for _ in range(size)]
            orgs = members[:n_org]
            # shared identifiers
            phones = [self.person_row[m][3] for m in members[: 1 + k % 3]]
            shared_addr = self.uniq(lambda: f"北京市{r.choice(('朝阳区', '丰台区', '大兴区', '通州区'))}"
                                            f"{r.choice(('十八里店乡', '南苑乡', '旧宫镇', '宋庄镇', '黑庄户乡'))}"
                                            f"{r.choice(SURNAMES[:30])}家村{r.randint(1, 300)}号")
            org_acct = self.person_row[orgs[0]][4] or self.bank()
            self.person_row[orgs[0]][4] = org_acct
            for i, m in enumerate(members[n_org:], start=n_org):
                row = self.person_row[m]
                if r.random() < 0.7:
                    row[3] = phones[i % len(phones)]
                if r.random() < 0.4:
                    row[4] = org_acct
                if r.random() < 0.6:
                    row[5] = shared_addr
            # who goes where: organisers everywhere, every other member on ≥ 3 projects
            groups = {q.pid: list(orgs) for q in chosen}
            for m in members[n_org:]:
                for q in r.sample(chosen, min(len(chosen), r.randint(3, 4)) if len(chosen) > 3 else len(chosen)):
                    groups[q.pid].append(m)
            ring_claims, ring_projects = [], []
            lo_day = max(0, center - 300)
            pairs = [(q.pid, m) for q in chosen for m in groups[q.pid] if m not in orgs and q.labour_subs]
            shown_up = set(r.sample(pairs, max(1, round(len(pairs) * 0.15)))) if pairs else set()
            any_settled = False
            for q in chosen:
                mem = groups[q.pid]
                d0 = max(q.start + 20, lo_day)
                d1 = min(q.end + 120, center + 300, LAST)
                filed = r.randint(d0, d1) if d1 >= d0 else min(d0, LAST)
                resp = q.gc if r.random() < 0.75 or not q.labour_subs else q.labour_subs[0]
                # how the batch comes in: a group with "X代表Y等N人" (the old pattern), a group whose text
                # names nobody, or one by one over a few weeks with no group at all; the respondent
                # by id, or only by the name the claimant writes
                u = r.random()
                style = "rep" if u < 0.45 else "group" if u < 0.65 else "single"
                by_id = r.random() < 0.6
                rname = self.party_name(resp) if by_id else self.respondent_name(resp)
                gid = self.nid("GRP", 5) if style != "single" else None
                org_name = self.person_row[orgs[0]][1]
                text = f"{org_name}代表{self.person_row[mem[-1]][1]}等{len(mem)}人讨薪，称{rname}拖欠工资" \
                    if style == "rep" else f"{len(mem)}名工人反映{rname}拖欠{q.name}工程款及工资"
                settled = r.random() < 0.6 or (q is chosen[-1] and not any_settled)  # E4: money flows
                any_settled = any_settled or settled
                total = 0
                for m in mem:
                    amount = r.randrange(8000, 60000, 100)
                    day = filed if style != "single" else min(LAST, filed + r.randint(0, 24))
                    if (q.pid, m) in shown_up:
                        # registered a few days before the claim, claims far more than due
                        start = max(q.start, day - r.randint(4, 12))
                        days = max(1, min(day - start - 1, r.randint(2, 8)))
                        due = days * r.randrange(260, 500, 10)
                        self.rows["employment"].append([self.nid("E", 7), m, q.pid, q.labour_subs[0], "worker",
                                                        _d(start), _d(day - 1), days, due, due])
                        self.pay(q, q.gc, m, due, day, "wage", None, True)
                        amount = max(amount, due * r.randint(4, 12))
                    if style == "single":
                        written = self.respondent_name(resp)
                        mtext = f"本人在{q.name}干活，{written}拖欠本人工资{amount}元"
                        c = self.claim(m, amount, day, None, q.pid, resp if by_id else None, written, mtext,
                                       status="paid" if settled else r.choice(("closed", "rejected", "open")))
                    else:
                        c = self.claim(m, amount, day, gid, q.pid, resp if by_id else None, rname, text,
                                       status="paid" if settled else r.choice(("closed", "rejected", "open")))
                    ring_claims.append(c)
                    total += amount
                ring_projects.append(q.pid)
                if settled:
                    payee = r.choice(mem)
                    amt = int(total * r.uniform(0.3, 0.7)) // 100 * 100
                    day = min(LAST, filed + r.randint(5, 40))
                    self.pay(q, resp, payee, amt, day, "other", None, False)
                    if payee not in orgs:
                        self.pay(None, payee, r.choice(orgs), int(amt * r.uniform(0.8, 1.0)) // 100 * 100,
                                 min(LAST, day + r.randint(1, 5)), "other", None, False)
                q.tags.append("ring")
            self.rings.append({"ring_id": f"RING{len(self.rings) + 1}", "size": size, "members": sorted(members),
                               "organizers": sorted(orgs), "projects": ring_projects, "claims": ring_claims})

    def make_movers(self, pool: list[_Project]) -> None:
        r = self.rng
        if len(pool) < 3:
            return
        for m in range(max(3, self.n // 40)):
            qs = sorted(r.sample(pool, r.randint(3, min(4, len(pool)))), key=lambda q: q.start)
            wid = self.person()
            day = 0
            # one claim may come without its project (docs/legal-rules.md F): tied when its respondent is on
            # exactly one of his sites, else (and always for the first mover) with no respondent either:
            # unresolved, his sites the candidates
            floating = r.randrange(len(qs)) if m == 0 or r.random() < 0.4 else -1
            for i, q in enumerate(qs):
                lab = r.choice(q.labour_subs)
                start = max(q.start + 5, day + 5)
                if start > q.end - 40:
                    start = max(q.start, q.end - 60)
                end = min(q.end, start + r.randint(40, 120))
                days = max(10, int((end - start) * r.uniform(0.7, 0.95)))
                due = days * r.randrange(280, 520, 10)
                owed = r.randrange(1200, 4800, 10)
                paid = due - owed
                self.rows["employment"].append([self.nid("E", 7), wid, q.pid, lab, "worker", _d(start), _d(end), days,
                                                due, paid])
                self.pay(q, q.gc, wid, paid, end + r.randint(3, 20), "wage", None, True)
                resp = lab if r.random() < 0.6 else q.gc
                amount = owed if r.random() < 0.7 else int(owed * r.uniform(0.7, 1.0)) // 10 * 10
                filed = min(LAST, end + r.randint(10, 60))
                if i != floating:
                    c = self.claim(wid, amount, filed, None, q.pid, resp, self.respondent_name(resp),
                                   f"本人在{q.name}做工，{self.party_name(resp)}拖欠工资{amount}元")
                elif m > 0 and sum(resp in q2.used for q2 in qs) == 1:
                    c = self.claim(wid, amount, filed, None, None, resp, self.respondent_name(resp),
                                   f"{self.party_name(resp)}拖欠本人工资{amount}元")
                else:
                    self.claim(wid, amount, filed, None, None, None, None, f"本人打工被拖欠工资{amount}元，请求帮助")
                    c = None
                self.add_liability(q, wid, c, lab, owed)
                day = end
                if "mover" not in q.tags:
                    q.tags.append("mover")
            self.decoys["movers"].append(wid)

    def active(self, pool: list[_Project], center: int, half: int) -> list[_Project]:
        """Projects of pool where a claim can be filed within half days of center."""
        return [q for q in pool if q.start + 30 <= center + half and min(q.end + 90, LAST) >= center - half]

    def lone_claim(self, q: _Project, who: str, center: int, half: int, tag: str) -> str:
        """One claim of a worker with no real-name record on q (C-REALNAME) against its GC or an
        employer there, filed near center; liability as for any unregistered claimant."""
        r = self.rng
        resp = r.choice([q.gc] + sorted({t.employer for t in q.teams} - {q.gc}))
        lo, hi = max(q.start + 30, center - half), min(q.end + 90, center + half, LAST)
        filed = r.randint(lo, hi) if hi >= lo else min(q.start + 30, LAST)
        amount = r.randrange(3000, 30000, 100)
        written = self.respondent_name(resp)
        text = r.choice((f"本人在{q.name}干活，{written}拖欠本人工资{amount}元", f"{written}拖欠本人工资{amount}元",
                         f"反映{q.name}{written}欠薪{amount}元，未签劳动合同"))
        c = self.claim(who, amount, filed, None, q.pid, resp, written, text)
        self.add_liability(q, who, c, resp, amount)
        self.expect(q, "C-REALNAME", who)
        if tag not in q.tags:
            q.tags.append(tag)
        return c

    def make_villagers(self, pool: list[_Project]) -> None:
        """Decoy: fellow villagers (老乡) from one village share its address (some a phone too), come
        to the city together and each files ONE claim, unregistered, on a different site within a
        year. Suspicious claims linked by a shared identifier, but nobody claims twice: no ring."""
        r = self.rng
        if len(pool) < 4:
            return
        for _ in range(max(2, self.n // 40)):
            k = min(r.randint(4, 8), len(pool))  # each on another site
            origin = HOME_REGIONS[int(r.random() * len(HOME_REGIONS))]
            addr = self.home_address(origin[1])
            people = [self.person(origin=origin, address=addr) for _ in range(k)]
            phone = None
            if r.random() < 0.4:  # a family phone given by two to four of them
                phone = self.person_row[people[0]][3]
                for w in r.sample(people[1:], r.randint(1, min(3, k - 1))):
                    self.person_row[w][3] = phone
            center = r.randint(200, LAST - 200)
            cands = self.active(pool, center, 180)
            sites = r.sample(cands if len(cands) >= k else pool, k)
            claims = [self.lone_claim(q, w, center, 180, "villager") for w, q in zip(people, sites, strict=True)]
            self.decoys["villagers"].append({"address": addr, "phone": phone, "persons": people, "claims": claims})

    def make_hubs(self, ring_members: set[str], pool: list[_Project]) -> None:
        r = self.rng
        workers_by_project = defaultdict(list)
        registered = defaultdict(set)
        for e in self.rows["employment"]:
            registered[e[1]].add(e[2])
            if e[4] == "worker" and e[1] not in ring_members:
                workers_by_project[e[2]].append(e[1])
        pids = [q.pid for q in self.projects if workers_by_project[q.pid]]
        collective = [w for w in self.decoys["collective_arrears"]["persons"] if w not in ring_members]
        movers = list(self.decoys["movers"])
        others = set(collective) | set(movers)  # their claims are real arrears: never hub claimants
        taken: set[str] = set()
        hubs = [("phone", self.phone()) for _ in range(max(1, self.n // 100))]
        hubs += [("bank_account", self.bank()) for _ in range(max(1, self.n // 200))]
        col = {"phone": 3, "bank_account": 4}
        for kind, value in hubs:
            chosen: list[str] = []
            target = r.randint(25, 60)
            extra = ([w for w in r.sample(collective, min(4, len(collective)))] if collective else []) + \
                    ([r.choice(movers)] if movers and kind == "phone" else [])
            for w in extra:
                if w not in taken:
                    chosen.append(w)
                    taken.add(w)
            for pid in r.sample(pids, min(len(pids), max(5, target // 4))):
                for w in r.sample(workers_by_project[pid], min(len(workers_by_project[pid]), r.randint(2, 6))):
                    if w not in taken:
                        chosen.append(w)
                        taken.add(w)
                if len(chosen) >= target:
                    break
            for w in chosen:
                self.person_row[w][col[kind]] = value
            # some holders file suspicious but innocent claims: one each, unregistered, on different
            # sites; one or two day labourers (零工) on three sites within a year. The hub is all they
            # share: only the hub guard keeps them from looking like a ring.
            plain = [w for w in chosen if w not in others]
            claimants = r.sample(plain, min(len(plain), r.randint(5, 10))) if len(pool) >= 4 else []
            n_serial = r.randint(1, 2)
            used: set[str] = set()
            claims: list[str] = []
            for i, w in enumerate(claimants):
                center = r.randint(200, LAST - 200)
                free = [q for q in self.active(pool, center, 150) if q.pid not in used and q.pid not in registered[w]]
                if len(free) < 3:
                    free = [q for q in pool if q.pid not in used and q.pid not in registered[w]]
                for q in r.sample(free, min(len(free), 3 if i < n_serial else 1)):
                    used.add(q.pid)
                    claims.append(self.lone_claim(q, w, center, 150, "hub_claim"))
            self.decoys["hub_identifiers"].append({"kind": kind, "value": value, "persons": sorted(chosen),
                                                   "claimants": sorted(claimants), "claims": claims})

    # ------------------------------------------------------------------ the whole bundle
    SCENARIOS = [("transfer_chain", 6), ("owner_illegal", 3), ("sub_unqualified", 3), ("sub_individual", 3),
                 ("main_structure", 3), ("resub", 3), ("transfer_fee", 3), ("pay_bypass", 3), ("name_lending", 3),
                 ("cycle", 3), ("compliance", 4), ("sections_split", 1), ("refuse_months", 1)]
    # scenarios whose GC keeps its staff and money: the owner may pay part of the price as 人工费
    WAGE_FEE_OK = {"sub_unqualified", "sub_individual", "main_structure", "resub", "pay_bypass", "cycle",
                   "compliance"}

    def build(self) -> tuple[dict[str, list[list]], dict]:
        r = self.rng
        self.make_pools()
        n = self.n
        n_viol = max(1, round(n * 0.36)) if n >= 3 else 1
        n_coll = min(max(2, n // 50), max(0, n - n_viol - 1)) if n >= 5 else 0
        n_twin = min(max(len(self.TWINS), round(n * 0.06)), n - n_viol - n_coll - 1) if n >= 20 else 0
        kinds = ["violation"] * n_viol + ["collective"] * n_coll + ["twin"] * n_twin + \
            ["lawful"] * (n - n_viol - n_coll - n_twin)
        r.shuffle(kinds)
        deck: list[str] = []
        twin_no = 0
        for i, kind in enumerate(kinds):
            p = self.new_project(i)
            p.kind = kind
            if kind == "violation":
                if not deck:
                    deck = [s for s, w in self.SCENARIOS for _ in range(w)]
                    r.shuffle(deck)
                sc = deck.pop()
                f = p.flags
                if r.random() < 0.3:
                    f["no_guarantee"] = True
                if r.random() < 0.18:
                    f["no_account"] = True
                if r.random() < 0.35:
                    f["underpay"] = r.uniform(0.55, 0.9)
                    if r.random() < 0.3:
                        f["settled"] = True
                elif sc in self.WAGE_FEE_OK and r.random() < 0.25:
                    f["wage_fee"] = True
                if r.random() < 0.2:
                    f["unregistered"] = True
                u = r.random()
                if u < 0.15:
                    f["l_direct"] = True
                elif u < 0.32:
                    f["l_refuse"] = True
                if sc == "compliance" and not (set(f) & {"no_guarantee", "no_account", "unregistered", "l_direct",
                                                          "l_refuse"}):
                    f[r.choice(("no_guarantee", "no_account", "unregistered", "l_direct", "l_refuse"))] = True
                if f.get("no_guarantee"):
                    p.guarantee = r.choice((None, 0))
                    self.expect(p, "C-GUARANTEE", p.pid)
                if f.get("no_account"):
                    p.account = None
                    self.expect(p, "C-ACCOUNT", p.pid)
                getattr(self, f"sc_{sc}")(p)
                self.apply_flags_after(p)
                self.scenario_of[p.pid] = [sc] + [k for k in sorted(f) if not k.endswith("_done") and (
                    k not in ("l_refuse", "l_direct") or f.get(k + "_done"))]
            elif kind == "twin":
                shape = self.TWINS[twin_no % len(self.TWINS)]
                twin_no += 1
                getattr(self, f"tw_{shape}")(p)
                self.decoys["lawful_twins"][p.pid] = shape
                self.scenario_of[p.pid] = [f"twin_{shape}"]
            elif kind == "collective":
                if r.random() < 0.6:
                    p.flags["underpay"] = r.uniform(0.6, 0.9)
                self.general(p, r.choice(self.gcs), p.flags.get("underpay", 1.0))
                self.manager(p, p.gc)
                self.template(p, p.gc, n_lab=r.randint(1, 2), collective=True)
                self.scenario_of[p.pid] = ["collective_arrears"] + sorted(p.flags)
            else:
                self.sc_lawful(p)
                self.scenario_of[p.pid] = ["lawful"]
            self.rows["projects"].append([p.pid, p.name, p.owner, p.district, _d(p.start), _d(p.end), p.account,
                                          p.guarantee])
        lawful = [q for q in self.projects if q.kind == "lawful" and q.labour_subs]
        r.shuffle(lawful)
        cut = max(3, int(len(lawful) * 0.45))
        ring_pool = sorted(lawful[:cut], key=lambda q: q.pid)
        mover_pool = sorted(lawful[cut:], key=lambda q: q.pid)
        if len(mover_pool) < 3:
            mover_pool = sorted(lawful, key=lambda q: q.pid)
        self.make_movers(mover_pool)
        self.make_rings(ring_pool or self.projects)
        ring_members = {m for ring in self.rings for m in ring["members"]}
        # never a clean lawful project nor a lawful twin
        decoy_pool = [q for q in self.projects if q.kind not in ("lawful", "twin") or q.tags]
        self.make_villagers(decoy_pool)
        self.make_hubs(ring_members, decoy_pool)
        for ring in self.rings:
            ring.pop("size")
        return self.rows, self.finish()

    def finish(self) -> dict:
        pay_to, claim_to, loose_payments, loose_claims = _attribute(self.rows)
        findings = _evaluate(self.rows, pay_to, claim_to)
        have = {(f["rule"], f["project_id"], f["subject"]) for f in findings}
        missing = [x for x in self.intended if x not in have]
        if missing:
            raise AssertionError(f"planted but not implied by the rules: {missing[:10]}")
        by_project = defaultdict(int)
        for f in findings:
            by_project[f["project_id"]] += 1
        for q in self.projects:
            if q.kind == "lawful" and not q.tags:
                if by_project[q.pid]:
                    raise AssertionError(f"lawful project {q.pid} raises {by_project[q.pid]} findings")
                self.decoys["lawful_projects"].append(q.pid)
            if q.kind == "twin" and by_project[q.pid]:
                raise AssertionError(f"lawful twin {q.pid} raises {by_project[q.pid]} findings")
        self.liability = self.liabilities(findings, pay_to)
        flagged = {f["subject"] for f in findings if f["rule"] in CONTRACT_RULES}
        self.decoys["lawful_main_structure_labour"] = [
            c[0] for c in self.rows["contracts"]
            if c[4] == "labour" and c[6] == "true" and c[0] not in flagged and not self.lacks(c[3], "labour")
        ]
        self.decoys["collective_arrears"]["persons"] = sorted(set(self.decoys["collective_arrears"]["persons"]))
        return {
            "seed": self.seed,
            "n_projects": self.n,
            "findings": findings,
            "rings": self.rings,
            "decoys": self.decoys,
            "liability": self.liability,
            "unattributed": {"payments": loose_payments, "claims": loose_claims},
            "attributed_claims": claim_to,
            "same_human": self.same_human,
            "scenarios": self.scenario_of,
        }

    def liabilities(self, findings: list[dict], pay_to: dict[str, str]) -> list[dict]:
        """The liability entry of every request, from the finished rows (docs/legal-rules.md B)."""
        owner_pays = defaultdict(list)  # project -> the owner's payments on it (tagged or tied by F)
        owner_of = {q.pid: q.owner for q in self.projects}
        for t in self.rows["payments"]:
            pid = t[5] or pay_to.get(t[0])
            if pid and t[1] == owner_of[pid]:
                owner_pays[pid].append(t)

        @cache
        def cap_of(k: str) -> int:
            """The owner's contract k: its price (settled, else amount) − every payment the owner made on
            it: citing it, to its contractor on the project, or into the project's wage account."""
            c = self.contract[k]
            price = c[7] if c[K_SETTLED] is None else c[K_SETTLED]
            return price - sum(t[3] for t in owner_pays[c[1]] if t[6] == k or t[2] == c[3] or t[8] == "true")

        illegal, transferors = defaultdict(set), defaultdict(set)
        for f in findings:
            if f["rule"] in ("R-SUB-INDIVIDUAL", "R-SUB-UNQUALIFIED", "R-MAIN-STRUCTURE", "R-RESUB"):
                illegal[f["project_id"]].add(f["subject"])
            elif f["rule"] in ("R-TRANSFER", "R-TRANSFER-FEE"):
                transferors[f["project_id"]].add(f["subject"])
        return [self.liability_entry(p, w, c, emp, amount, kind, cap_of, illegal[p.pid], transferors[p.pid])
                for p, w, c, emp, amount, kind in self.liab_req]


# ============================================================================= the rules
CONTRACT_RULES = ("R-OWNER-ILLEGAL", "R-SUB-INDIVIDUAL", "R-SUB-UNQUALIFIED", "R-MAIN-STRUCTURE", "R-RESUB",
                  "R-PAY-BYPASS")
WHOLE_JOB = ("全部工程", "整体")  # a scope naming the whole job (not 全部幕墙工程: one trade)
NOT_PASSED_ON = ("materials", "wage")  # R-TRANSFER-FEE: a supplier's price and wages are not the job passed on
MONTH_DAYS = 365.25 / 12
REFUSE_MONTHS = 3


def _months(start: str | None, end: str | None) -> float | None:
    """Months an employment record covers, from its dates (None without both)."""
    if not start or not end:
        return None
    return ((date.fromisoformat(end) - date.fromisoformat(start)).days + 1) / MONTH_DAYS


def _refuse_amount_met(owed: list[tuple[int, int | None, float | None]], extra_heads: int) -> bool:
    """X-REFUSE amount (拒付解释 3): one worker owed ≥ REFUSE_ONE that is ≥ 3 months' wages (owed ÷
    (wage_due ÷ months employed)), or ≥ REFUSE_MANY_N workers owed ≥ REFUSE_MANY in all. ``owed``:
    (owed, wage_due or None, months or None) per worker; extra_heads: workers a claim speaks for beyond its caller."""
    for x, due, months in owed:
        if x >= REFUSE_ONE and due and months and x / (due / months) >= REFUSE_MONTHS:
            return True
    return len(owed) + extra_heads >= REFUSE_MANY_N and sum(x for x, _, _ in owed) >= REFUSE_MANY


def _attribute(rows: dict[str, list[list]]) -> tuple[dict[str, str], dict[str, str], list[str], list[dict]]:
    """Legal-rules.md F for rows without ``project_id``: a payment belongs to P when its payer and payee
    have exactly one project in common (through contracts or employment); a claim when its claimant is
    employed on exactly one project, or on exactly one project of its respondent. Returns (payment →
    project, claim → project, unattributed payment ids, unresolved claims with their candidates)."""
    loose_t = [t for t in rows["payments"] if t[5] is None]
    loose_c = [c for c in rows["claims"] if c[5] is None]
    wanted = {x for t in loose_t for x in t[1:3]} | {x for c in loose_c for x in (c[1], c[6])}
    on = defaultdict(set)  # agent -> projects it is on through contracts or employment (the wanted ones)
    for c in rows["contracts"]:
        for x in (c[2], c[3]):
            if x in wanted:
                on[x].add(c[1])
    employed = defaultdict(set)
    for e in rows["employment"]:
        if e[1] in wanted:
            on[e[1]].add(e[2])
            employed[e[1]].add(e[2])
        if e[3] in wanted:
            on[e[3]].add(e[2])
    pay_to, loose_pay = {}, []
    for t in loose_t:
        common = on.get(t[1], set()) & on.get(t[2], set())
        if len(common) == 1:
            pay_to[t[0]] = next(iter(common))
        else:
            loose_pay.append(t[0])
    claim_to, loose_claims = {}, []
    for c in loose_c:
        mine = employed.get(c[1], set())
        theirs = mine & on.get(c[6], set()) if c[6] else set()
        if len(mine) == 1:
            claim_to[c[0]] = next(iter(mine))
        elif len(theirs) == 1:
            claim_to[c[0]] = next(iter(theirs))
        else:
            loose_claims.append({"claim_id": c[0], "candidates": sorted(theirs or mine)})
    return pay_to, claim_to, loose_pay, loose_claims


def _evaluate(rows: dict[str, list[list]], pay_to: dict[str, str], claim_to: dict[str, str]) -> list[dict]:
    """Every finding of docs/legal-rules.md (v2) A, C, D (not X-EXTORT) that the rows imply.

    Written from the spec, apart from the detectors. The interpretation (thresholds as in docs/legal-rules.md):
    - Money and claims on P: those with ``project_id`` P and those F ties to P (``pay_to``, ``claim_to``).
    - A *subcontract* is a contract whose ``from_id`` is not the owner. The *general contractors* are
      the receivers of the owner's ``general`` contracts and of ``general`` contracts let by the
      owner's ``epc`` contractor (that EPC → GC letting is lawful and ignored by R-TRANSFER).
    - R-OWNER-ILLEGAL (subject: contract): an owner's contract to an individual, to a unit lacking the
      qualification of its type, or of type ``labour``; two or more owner ``general`` contracts in
      one ``section`` (empty = one section): the first of them. Specialty contracts are lawful.
    - R-SUB-INDIVIDUAL / R-SUB-UNQUALIFIED: a subcontract to an individual (only the first fires) or
      to a company lacking the qualification (general→general; specialty→specialty|general;
      labour→labour; epc/other: none). R-MAIN-STRUCTURE: a non-labour subcontract let by a GC with
      ``main_structure`` true or a scope naming 主体结构 without 劳务, unless the scope names 钢结构.
      R-RESUB: a receiver of a ``labour`` subcontract lets anything; a receiver of a ``specialty``
      subcontract lets a non-labour one.
    - R-TRANSFER (subject: party): lets ≥ 90 % of the amount it received; or it received a scope naming
      the whole job (全部工程/整体) and lets one; or it lets a ``labour`` contract naming the whole job.
      R-DEPTH: the longest simple contract path from the owner, an owner→epc→general tier counting
      once, is > 3. R-CYCLE: a directed cycle.
    - R-TRANSFER-FEE: a contractor with no employment record (as employer) on P forwards ≥ 90 % of what
      it was paid on P to its contractees or to payees outside P's contracts, materials and wages aside.
    - R-PAY-BYPASS (subject: contract K): a payment citing K to another payee than K's contractor,
      materials aside; or K's contractor pays one party (parties.csv) outside P's contracts ≥ 95 % of
      what it was paid citing K (materials aside).
    - R-NAME-LENDING (subject: K's contractor X): a party Y outside P's contracts gets ≥ 90 % of K's
      money (payments citing K to Y, plus X → Y payments on P; materials aside), and Y employs
      non-manager staff on P while X does not, or X has no employment record on P, or Y paid X a ``fee``.
    - C-GUARANTEE: guarantee empty or 0. C-ACCOUNT: wage_account empty. C-REALNAME: a person paid
      ``wage`` on P or filing a ``wages`` claim on P, with no employment on P, who is not the same human
      (身份证号) as a party holding a contract on P. C-DIRECTPAY (subject: employer): a registered
      worker (role worker or empty) with no wage payment on P, or one not ``via_wage_account``.
    - X-REFUSE (subject: the party that owes): amount by :func:`_refuse_amount_met` over its unpaid
      employment records on P and the ``wages`` claims on P naming it (``respondent_id``) by claimants
      with no employment on P (the claimed amount; ``workers`` heads); and conduct: (a) it paid money,
      on P or untagged, to non-contractees for a purpose other than wages, between its first receipt on
      P and the last claim on P by its workers or naming it; (b) an ``absconded`` date, or an order to
      it served by posting; (c) its receipts on P minus what it paid its contractees on P ≥ what it owes.
    """
    party = {p[0]: (p[2], frozenset((p[5] or "").split(";")) - {""}) for p in rows["parties"]}
    idn_of_party = {p[0]: p[4] for p in rows["parties"] if p[4]}
    absconded = {p[0] for p in rows["parties"] if p[P_ABSCONDED]}
    person_idn = {p[0]: p[2] for p in rows["persons"]}
    owner_of = {p[0]: p[2] for p in rows["projects"]}
    proj_row = {p[0]: p for p in rows["projects"]}
    contracts = defaultdict(list)
    for c in rows["contracts"]:
        contracts[c[1]].append(c)
    cmap = {c[0]: c for c in rows["contracts"]}
    payments = defaultdict(list)
    untagged_by = defaultdict(list)
    for t in rows["payments"]:
        pid = t[5] or pay_to.get(t[0])
        if pid:
            payments[pid].append(t)
        if t[5] is None:
            untagged_by[t[1]].append(t)
    employment = defaultdict(list)
    for e in rows["employment"]:
        employment[e[2]].append(e)
    claims = defaultdict(list)
    for c in rows["claims"]:
        pid = c[5] or claim_to.get(c[0])
        if pid:
            claims[pid].append(c)
    posted = {(o[1], o[2]) for o in rows["orders"] if o[7] == "posted"}

    out: set[tuple[str, str, str]] = set()
    for pid, prow in proj_row.items():
        owner = owner_of[pid]
        C = contracts.get(pid, [])

        def add(rule: str, subject: str, pid: str = pid) -> None:
            out.add((rule, pid, subject))

        if not prow[7]:
            add("C-GUARANTEE", pid)
        if not prow[6]:
            add("C-ACCOUNT", pid)
        epc = {c[3] for c in C if c[2] == owner and c[4] == "epc"}

        def epc_let(c: list, epc: set[str] = epc) -> bool:
            return c[2] in epc and c[4] == "general"

        gcs = {c[3] for c in C if (c[2] == owner and c[4] == "general") or epc_let(c)}
        recv_types = defaultdict(set)
        in_amt, out_amt = defaultdict(int), defaultdict(int)
        got_whole, lets_whole, lets_whole_labour = set(), set(), set()
        adj = defaultdict(list)
        sections = defaultdict(list)
        for c in C:
            scope = c[5] or ""
            whole = any(w in scope for w in WHOLE_JOB)
            if c[2] != owner:
                recv_types[c[3]].add(c[4])
            elif c[4] == "general":
                sections[c[K_SECTION] or ""].append(c[0])
            in_amt[c[3]] += c[7]
            if whole:
                got_whole.add(c[3])
            if not epc_let(c):
                out_amt[c[2]] += c[7]
                if whole and c[4] == "labour":
                    lets_whole_labour.add(c[2])
                elif whole and "劳务" not in scope:
                    lets_whole.add(c[2])
            adj[c[2]].append((c[3], 0 if epc_let(c) else 1))
        graph = set(in_amt) | set(out_amt) | {owner}
        contractees = defaultdict(set)
        for c in C:
            contractees[c[2]].add(c[3])
        for ks in sections.values():
            if len(ks) >= 2:
                add("R-OWNER-ILLEGAL", min(ks))
        for c in C:
            kind, quals = party[c[3]]
            need = NEED.get(c[4])
            bad = "individual" if kind == "individual" else \
                "unqualified" if need and not (quals & set(need)) else None
            if c[2] == owner:
                if bad or c[4] == "labour":
                    add("R-OWNER-ILLEGAL", c[0])
                continue
            if bad == "individual":
                add("R-SUB-INDIVIDUAL", c[0])
            elif bad:
                add("R-SUB-UNQUALIFIED", c[0])
            scope = c[5] or ""
            if c[2] in gcs and c[4] != "labour" and "钢结构" not in scope and \
                    (c[6] == "true" or ("主体结构" in scope and "劳务" not in scope)):
                add("R-MAIN-STRUCTURE", c[0])
            rt = recv_types.get(c[2], ())
            if "labour" in rt or ("specialty" in rt and c[4] != "labour"):
                add("R-RESUB", c[0])
        for x, got in in_amt.items():
            if x == owner or x not in out_amt:
                continue
            if out_amt[x] >= TRANSFER_SHARE * got or (x in got_whole and x in lets_whole) or x in lets_whole_labour:
                add("R-TRANSFER", x)
        if _longest_path(adj, owner) > MAX_TIERS:
            add("R-DEPTH", pid)
        if has_cycle({a: [b for b, _ in bs] for a, bs in adj.items()}):
            add("R-CYCLE", pid)

        # money on P
        P = payments.get(pid, [])
        pin = defaultdict(int)
        paid_by, paid_to = defaultdict(list), defaultdict(list)
        citing = defaultdict(list)
        for t in P:
            pin[t[2]] += t[3]
            paid_by[t[1]].append(t)
            paid_to[t[2]].append(t)
            if t[6]:
                citing[t[6]].append(t)
                if cmap[t[6]][3] != t[2] and t[7] != "materials":
                    add("R-PAY-BYPASS", t[6])
        E = employment.get(pid, [])
        staff = {e[3] for e in E}
        crew = {e[3] for e in E if e[4] != "manager"}
        for x in in_amt:
            if x == owner or x in staff or pin[x] <= 0:
                continue
            fwd = sum(t[3] for t in paid_by.get(x, ()) if t[7] not in NOT_PASSED_ON and
                      (t[2] in contractees[x] or t[2] not in graph))
            if fwd >= TRANSFER_SHARE * pin[x]:
                add("R-TRANSFER-FEE", x)
        for c in C:
            k, x = c[0], c[3]
            money = [t for t in citing.get(k, ()) if t[7] != "materials"]
            got = sum(t[3] for t in money if t[2] == x)
            to_y = defaultdict(int)
            for t in paid_by.get(x, ()):
                if t[7] != "materials" and t[2] in party and t[2] not in graph:
                    to_y[t[2]] += t[3]
            if got > 0 and any(a >= BYPASS_SHARE * got for a in to_y.values()):
                add("R-PAY-BYPASS", k)
            total = sum(t[3] for t in money)
            if total <= 0:
                continue
            for t in money:
                if t[2] != x and t[2] in party and t[2] not in graph:
                    to_y[t[2]] += t[3]
            for y, a in to_y.items():
                if a >= TRANSFER_SHARE * total and (
                        (y in crew and x not in crew) or x not in staff or
                        any(t[2] == x and t[7] == "fee" for t in paid_by.get(y, ()))):
                    add("R-NAME-LENDING", x)
        registered = {e[1] for e in E}
        holders = {idn_of_party.get(c[3]) for c in C} - {None}
        for t in P:
            if t[7] == "wage" and t[2] in person_idn and t[2] not in registered and person_idn[t[2]] not in holders:
                add("C-REALNAME", t[2])
        CL = claims.get(pid, [])
        for c in CL:
            if (c[C_KIND] or "wages") == "wages" and c[1] not in registered and person_idn.get(c[1]) not in holders:
                add("C-REALNAME", c[1])
        wage_via = defaultdict(list)
        for t in P:
            if t[7] == "wage":
                wage_via[t[2]].append(t[8] == "true")
        owed = defaultdict(list)
        workers_of = defaultdict(set)
        for e in E:
            workers_of[e[3]].add(e[1])
            if e[4] in ("worker", None, ""):
                v = wage_via.get(e[1])
                if not v or not all(v):
                    add("C-DIRECTPAY", e[3])
            if e[8] is not None and e[8] > (e[9] or 0):
                owed[e[3]].append((e[8] - (e[9] or 0), e[8], _months(e[5], e[6])))
        heads = defaultdict(int)
        for c in CL:
            if (c[C_KIND] or "wages") == "wages" and c[6] and c[1] not in registered:
                owed[c[6]].append((c[2], None, None))
                heads[c[6]] += max(1, c[C_WORKERS] or 1) - 1
        for x, lst in owed.items():
            if not _refuse_amount_met(lst, heads[x]):
                continue
            total = sum(a for a, _, _ in lst)
            receipts = paid_to.get(x, [])
            conduct = (x, pid) in posted or (x, None) in posted or x in absconded
            if receipts and not conduct:
                first = min(t[4] for t in receipts)
                last = max((c[3] for c in CL if c[6] == x or c[1] in workers_of[x]), default="9999")
                down = contractees[x]
                moved = [t for t in paid_by.get(x, []) + untagged_by.get(x, [])
                         if t[2] not in down and t[7] != "wage" and first <= t[4] <= last]
                to_down = sum(t[3] for t in paid_by.get(x, ()) if t[2] in down)
                conduct = bool(moved) or sum(t[3] for t in receipts) - to_down >= total
            if conduct:
                add("X-REFUSE", x)
    return [{"rule": r, "project_id": p, "subject": s} for r, p, s in sorted(out, key=lambda f: (f[1], f[0], f[2]))]


def _longest_path(adj: dict[str, list[tuple[str, int]]], start: str) -> int:
    """The heaviest simple path from start (edges weigh 1, a lawful EPC → GC letting 0)."""
    best = 0

    def walk(x: str, depth: int, seen: set[str]) -> None:
        nonlocal best
        best = max(best, depth)
        for y, w in adj.get(x, ()):
            if y not in seen:
                seen.add(y)
                walk(y, depth + w, seen)
                seen.discard(y)

    walk(start, 0, {start})
    return best


def has_cycle(adj: dict[str, list[str]]) -> bool:
    state: dict[str, int] = {}

    def visit(x: str) -> bool:
        state[x] = 1
        for y in adj.get(x, ()):
            s = state.get(y, 0)
            if s == 1 or (s == 0 and visit(y)):
                return True
        state[x] = 2
        return False

    return any(state.get(x, 0) == 0 and visit(x) for x in list(adj))


# ============================================================================= public API
def _build(n_projects: int, seed: int) -> tuple[dict[str, list[list]], dict]:
    _Synth._day_cache = {}
    return _Synth(n_projects, seed).build()


def generate(n_projects: int, seed: int) -> tuple[dict[str, list[dict]], dict]:
    """The bundle as rows (English column names; None = empty; booleans as bool) and its truth."""
    rows, truth = _build(n_projects, seed)
    tables: dict[str, list[dict]] = {}
    for t in FILES:
        cols = COLUMNS[t]
        perm = _PERM[t]
        bools = [cols.index(c) for c in _BOOL_COLS.get(t, ())]
        out = []
        for row in rows[t]:
            row = [row[i] for i in perm]
            for i in bools:
                row[i] = None if row[i] is None else row[i] == "true"
            out.append(dict(zip(cols, row, strict=True)))
        tables[t] = out
    return tables, truth


def write_bundle(out_dir: str | Path, n_projects: int, seed: int) -> Path:
    """Write the seven CSV files (UTF-8, English headers) and truth.json into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows, truth = _build(n_projects, seed)
    for t in FILES:
        with (out / f"{t}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(COLUMNS[t])
            perm = _PERM[t]
            w.writerows([row[i] for i in perm] for row in rows[t])
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out
