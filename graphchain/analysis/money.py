"""Money flow on one project: what each party received, passed on, paid as wages and kept,
and where on a worker's chain the money for the unpaid wages stopped (the *break point*).

Per party (all amounts in yuan, on this project only):

- ``received``: every payment it got;
- ``paid_down``: payments to parties it let contracts to;
- ``wages_paid``: payments with purpose ``wage``;
- ``other_out``: everything else it paid (non-wage payments to non-contractees: its own people,
  unrelated payees, fees, materials);
- ``kept`` = received − paid_down − wages_paid − other_out (negative for the owner, whose
  money comes from outside the project);
- ``wages_due`` / ``wages_unpaid``: from the real-name records of the people it employs.

>>> from graphchain import read_bundle, build_graph, project_subgraph
>>> t = money_table(project_subgraph(build_graph(read_bundle("tests/data/mini")), "P1"))
>>> t["break_point"]
['D']
"""

from __future__ import annotations

import networkx as nx

from .chains import contract_graph, worker_chains
from .config import rule_settings
from .view import ProjectView, view


def _flow(v: ProjectView, n: str, tier: int | None) -> dict:
    downstream = v.contractees(n)
    received = v.received(n)
    paid_down = wages = other = 0.0
    for p in v.paid_by.get(n, []):
        if p.payee in downstream:
            paid_down += p.amount
        elif p.purpose == "wage":
            wages += p.amount
        else:
            other += p.amount
    records = v.employs.get(n, [])
    due = float(sum(e.wage_due or 0.0 for e in records))
    unpaid = float(sum(v.unpaid(e) for e in records))
    return {
        "party_id": n,
        "tier": tier,
        "contracted_in": float(sum(c.amount for c in v.received_by.get(n, []))),
        "contracted_out": float(sum(c.amount for c in v.let_by.get(n, []))),
        "received": received,
        "paid_down": paid_down,
        "wages_paid": wages,
        "other_out": other,
        "kept": received - paid_down - wages - other,
        "wages_due": due,
        "wages_unpaid": unpaid,
    }


def party_flows(H: nx.MultiDiGraph) -> list[dict]:
    """One row per party on the project (contract parties, payers, employers), owner first, by tier."""
    v = view(H)
    D = contract_graph(H)
    tiers = nx.single_source_shortest_path_length(D, v.owner) if v.owner in D else {}
    agents = set(D.nodes) | set(v.paid_by) | set(v.employs)
    # Persons who only get paid (workers) have no flow of their own worth a row.
    agents = {a for a in agents if v.node(a).get("label") == "Party" or a in v.paid_by or a in v.employs}
    rows = [_flow(v, a, tiers.get(a)) for a in agents]
    return sorted(rows, key=lambda r: (r["tier"] if r["tier"] is not None else 1_000, r["party_id"]))


def _ratio(paid: float, owed: float) -> float | None:
    return paid / owed if owed > 0 else None


def break_point(H: nx.MultiDiGraph, chain: list[str], unpaid: float, config: dict | None = None) -> dict:
    """Where on ``chain`` (owner … employer) the money for ``unpaid`` wages stopped.

    1. The employer had at least the unpaid wages left after paying its subcontractors and the
       wages it did pay: it received enough but did not pay wages.
    2. Otherwise the deepest party above it that passed on a smaller share of its contract than
       it was paid itself (paid on less).
    3. Otherwise the owner, if it has not paid its contract in full; else unknown.
    """
    v = view(H)
    tol = float(rule_settings(config)["break_tolerance"])
    employer = chain[-1]
    f = _flow(v, employer, None)
    available = f["received"] - f["paid_down"] - f["wages_paid"]
    if available >= unpaid > 0:
        return {"break_point": employer,
                "reason": f"{v.label(employer)}收到工程款{f['received']:,.0f}元，"
                          f"足以支付所欠工资{unpaid:,.0f}元，却未支付",
                "reason_en": f"{employer} received {f['received']:,.0f}, enough for the unpaid wages "
                             f"{unpaid:,.0f}, but did not pay them"}

    def link(a: str, b: str) -> tuple[float, float]:
        owed = sum(c.amount for c in v.let_by.get(a, []) if c.to == b)
        return v.paid(a, b), owed

    for i in range(len(chain) - 2, -1, -1):
        a, b = chain[i], chain[i + 1]
        out_ratio = _ratio(*link(a, b))
        in_ratio = 1.0 if i == 0 else _ratio(*link(chain[i - 1], a))
        if out_ratio is None or in_ratio is None:
            continue
        if i == 0 and out_ratio < 1.0 - tol:
            return {"break_point": a,
                    "reason": f"建设单位{v.label(a)}仅支付合同价款的{out_ratio:.0%}",
                    "reason_en": f"the owner {a} paid only {out_ratio:.0%} of its contract"}
        if i > 0 and out_ratio < in_ratio - tol:
            return {"break_point": a,
                    "reason": f"{v.label(a)}收到其合同价款的{in_ratio:.0%}，却只向{v.label(b)}支付了{out_ratio:.0%}",
                    "reason_en": f"{a} was paid {in_ratio:.0%} of its contract but paid {b} only {out_ratio:.0%}"}
    return {"break_point": None, "reason": "资金未见明显截留", "reason_en": "no party visibly held the money back"}


def break_points(H: nx.MultiDiGraph, config: dict | None = None) -> list[dict]:
    """One row per employer that owes wages on the project: its chain and the break point on it."""
    v = view(H)
    rows = []
    for employer in sorted(v.employs):
        records = [e for e in v.employs[employer] if v.unpaid(e) > 0]
        if not records:
            continue
        unpaid = float(sum(v.unpaid(e) for e in records))
        chains = worker_chains(H, employer, config)
        chain = chains[0] if chains else [employer]
        rows.append({"employer": employer, "chain": chain, "wages_unpaid": unpaid,
                     "workers": len({e.person for e in records}),
                     "records": sorted(e.id for e in records)} | break_point(H, chain, unpaid, config))
    return rows


def money_table(H: nx.MultiDiGraph, config: dict | None = None) -> dict:
    """The money section of a project for reports: ``rows`` (one per party, :func:`party_flows`),
    ``break_point`` (the distinct break-point party ids) and ``break_points`` (one row per employer
    that owes wages: its chain, the break point and why, :func:`break_points`)."""
    bps = break_points(H, config)
    return {"rows": party_flows(H), "break_point": sorted({b["break_point"] for b in bps if b["break_point"]}),
            "break_points": bps}
