"""Lawful twins: the guards of docs/legal-rules.md A as decoys (kind ``twin``; they raise nothing).

Each twin is one decorated function ``fn(gen, p)`` building a project that looks like a violation and is
lawful; twin projects take the shapes in turn, in the order defined here. Their small arrears stay
below every X-REFUSE figure, and no ring or decoy claim lands on a twin. Generation fails when the
oracle finds anything on one.
"""

from __future__ import annotations

from collections.abc import Callable

from .builder import Builder, Project
from .vocabulary import LABOUR_SCOPES

TWINS: dict[str, Callable[[Builder, Project], None]] = {}


def twin(name: str):
    """Register a lawful twin shape ``fn(gen, p)`` under name."""

    def register(fn: Callable[[Builder, Project], None]) -> Callable[[Builder, Project], None]:
        if name in TWINS:
            raise ValueError(f"twin {name} registered twice")
        TWINS[name] = fn
        return fn

    return register


def _lawful_plus_specialty(gen: Builder, p: Project, budget: float, share: tuple[float, float],
                           scopes: tuple[str, ...], ms: bool, crew: tuple[int, int], foreman: bool = False) -> None:
    """The lawful template (``budget``) plus one more specialty job of ``share`` of the value, let by the
    GC to a qualified specialty firm whose crew is registered."""
    r = gen.rng
    gen.lawful(p, budget=budget)
    s = gen.pick(p, gen.specs)
    amt = int(p.A * r.uniform(*share)) // 1000 * 1000
    cid = gen.let(p, p.gc, s, "specialty", r.choice(scopes), ms, amt)
    gen.pay_contract(p, cid, amt)
    gen.team(p, s, r.randint(*crew), manager=True, foreman=foreman)


@twin("curtain_wall")
def curtain_wall(gen: Builder, p: Project) -> None:
    """A GC lets 全部幕墙工程 (~12 % of the value) to a qualified specialty firm: one trade, not 转包."""
    _lawful_plus_specialty(gen, p, 0.45, (0.10, 0.14), ("全部幕墙工程", "全部幕墙及采光顶工程"), False, (6, 12))


@twin("steel")
def steel(gen: Builder, p: Project) -> None:
    """A GC lets the steel main structure (钢结构) to a qualified specialty firm (办法 12(3) exempts it)."""
    _lawful_plus_specialty(gen, p, 0.4, (0.15, 0.25), ("钢结构工程", "主体钢结构工程", "钢结构主体结构工程"), True,
                           (8, 16), foreman=True)


@twin("epc")
def epc(gen: Builder, p: Project) -> None:
    """owner → EPC contractor → general contractor → specialty → labour; a worker of the labour
    company is owed a little: the EPC contractor and the GC both pay first, the owner paid in full."""
    r = gen.rng
    e = r.choice(gen.gcs)
    p.used.add(e)
    k0 = gen.let(p, p.owner, e, "epc", r.choice(("工程总承包（设计、采购、施工）", "EPC总承包")), True, p.A,
                  signed=p.start - r.randint(30, 90))
    p.owner_paid = gen.pay_contract(p, k0, p.A, k=r.randint(3, 6))
    gen.manager(p, e)
    g = gen.pick(p, [x for x in gen.gcs if x != e] or gen.gcs)
    p.gc = g
    ga = int(p.A * r.uniform(0.8, 0.9)) // 10000 * 10000
    k1 = gen.let(p, e, g, "general", "施工总承包", True, ga, signed=p.start - r.randint(0, 9))
    gen.pay_contract(p, k1, ga)
    gen.manager(p, g)
    gen.template(p, g, budget=0.5, n_spec=r.randint(1, 3), force_lab=True)
    gen.small_arrears(p, p.spec_labs[0], g)


@twin("sections")
def sections(gen: Builder, p: Project) -> None:
    """Two sections (标段) let by the owner to two GCs; a worker in section two is owed a little:
    only that section's GC pays first."""
    r = gen.rng
    g1 = r.choice(gen.gcs)
    g2 = gen.pick(p, [g for g in gen.gcs if g != g1] or gen.gcs)
    a1 = int(p.A * r.uniform(0.4, 0.6)) // 10000 * 10000
    for g, a, sec in ((g1, a1, "一标段"), (g2, p.A - a1, "二标段")):
        gen.general(p, g, amount=a, section=sec)
        gen.manager(p, g)
        gen.template(p, g, budget=0.25 * a / p.A * 2, n_spec=r.randint(1, 2), n_lab=1)
    gen.small_arrears(p, p.labour_subs[-1], g2)


@twin("owner_specialty")
def owner_specialty(gen: Builder, p: Project) -> None:
    """The owner lets a specialty job directly to a qualified firm F (lawful) and pays it in full;
    a worker under F is owed a little: F is the GC of that chain, not the project's GC."""
    r = gen.rng
    gen.lawful(p)
    g = p.gc
    f = gen.pick(p, gen.specs)
    amt = int(p.A * r.uniform(0.05, 0.12)) // 1000 * 1000
    k = gen.let(p, p.owner, f, "specialty", r.choice(("电梯安装工程", "智能化工程", "幕墙工程", "消防工程")),
                 False, amt)
    gen.pay_contract(p, k, amt)
    if r.random() < 0.5:
        gen.team(p, f, r.randint(5, 10), manager=True)
        gen.small_arrears(p, f, g)
    else:
        gen.manager(p, f)
        lab = gen.pick(p, gen.labours)
        lamt = int(amt * r.uniform(0.2, 0.4)) // 1000 * 1000
        lcid = gen.let(p, f, lab, "labour", *r.choice(LABOUR_SCOPES[4:]), lamt)
        gen.pay_contract(p, lcid, lamt)
        gen.team(p, lab, r.randint(6, 12), manager=True)
        gen.small_arrears(p, lab, g)


@twin("materials")
def materials(gen: Builder, p: Project) -> None:
    """A supplier paid for materials by the GC on a subcontractor's order, citing that subcontract
    (a three-party payment the contract provides for: not a bypass)."""
    r = gen.rng
    gen.lawful(p)
    s = p.spec_subs[0]
    k = gen.contract_to(p, s)["contract_id"]
    v = r.choice(gen.vendors)
    for part in gen.split(int(gen.contract[k]["amount"] * r.uniform(0.1, 0.3)) // 100 * 100, r.randint(1, 3)):
        gen.pay(p, p.gc, v, part, p.start + r.randint(30, 200), "materials", k, False)
