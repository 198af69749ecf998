"""Synthetic case bundles with planted violations, extortion rings, decoys and their truth.

``generate(n_projects, seed)`` returns ``(tables, truth)``; ``write_bundle(out_dir, n_projects,
seed)`` writes the eight CSV files of docs/data-format.md (v2 columns and ``orders.csv`` included) plus
``truth.json``. Same seed, same bytes:
every random draw comes from one ``random.Random(seed)`` in a fixed order, and nothing depends on
set ordering, hashing or the clock (tests/test_synth.py pins the bytes of one bundle).

The package
-----------
``vocabulary`` the words (names, places, trades); ``identities`` ids, 统一社会信用代码, 身份证号,
phones, accounts; ``rows`` rows as dicts keyed by the column names of graphchain/schema.py ``TABLES``,
the calendar and the CSV cells; ``builder`` the building blocks (parties, projects, contracts, money,
teams, claims, orders); ``scenarios`` the chain scenarios, one ``@scenario(name, weight)`` function
each, and the flags; ``twins`` the lawful twins (``@twin(name)``); ``rings`` rings and decoys;
``oracle`` the truth (findings and liability), reading every threshold from
graphchain/analysis/config.py ``DEFAULTS``; ``bundle`` the whole bundle and the files. Adding a
scenario: CONTRIBUTING.md.

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
computed by ``oracle.evaluate`` from the generated rows (the interpretation is written there, from
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
none; nor do unresolved claims. Worked out by ``oracle.liabilities`` from the final rows. ``expected`` for a
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

from .bundle import generate, write_bundle
from .rows import COLUMNS, FILES

__all__ = ["generate", "write_bundle", "FILES", "COLUMNS"]
