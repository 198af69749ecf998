"""A typed, read-only view of one project's subgraph, shared by every analysis.

The rules, the chains, the money table and the liability walk all ask the same questions
(who let what to whom, who paid whom, who employs whom); the view answers them once per
subgraph and is cached in ``H.graph`` so each analysis stays a plain function of ``H``.

>>> from graphchain import read_bundle, build_graph, project_subgraph
>>> v = view(project_subgraph(build_graph(read_bundle("tests/data/mini")), "P1"))
>>> v.owner, [k.id for k in v.let_by["A"]]
('O1', ['K2'])
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple

import networkx as nx

from ..model import on_project
from ..schema import project_key
from ..util import edge_items

# Who needs which qualification for which declared contract type (docs/legal-rules.md, R-SUB-UNQUALIFIED).
NEEDED_QUALIFICATION: dict[str, tuple[str, ...]] = {
    "epc": ("general",),  # an EPC contractor builds too: it needs a construction qualification
    "general": ("general",),
    "specialty": ("specialty", "general"),
    "labour": ("labour",),
}


class Contract(NamedTuple):
    id: str
    frm: str
    to: str
    type: str
    amount: float
    scope: str = ""
    main_structure: bool = False
    section: str = ""
    settled: float | None = None
    written: bool | None = None  # False: recorded as an oral or undocumented arrangement

    @property
    def price(self) -> float:
        """What the contract is worth: its settled price when settlement was done, else its amount."""
        return self.amount if self.settled is None else self.settled


class Payment(NamedTuple):
    id: str
    payer: str
    payee: str
    amount: float
    purpose: str | None = None
    contract_id: str | None = None
    via_wage_account: bool = False
    paid: str = ""


class Employment(NamedTuple):
    id: str
    person: str
    employer: str
    role: str | None = None
    wage_due: float | None = None
    wage_paid: float | None = None
    start: str | None = None
    end: str | None = None
    days: float | None = None

    @property
    def is_worker(self) -> bool:
        """Workers are role ``worker`` or no role (the spec counts an empty role as a worker)."""
        return self.role in (None, "", "worker")


class Claim(NamedTuple):
    id: str
    claimant: str
    amount: float
    respondent: str | None = None
    text: str = ""
    kind: str = "wages"  # wages | price | injury (docs/legal-rules.md v2, change 9)
    respondent_name: str = ""
    filed: str = ""
    workers: int | None = None


class Order(NamedTuple):
    """An order to pay (责令支付) served on a party."""

    id: str
    party: str
    issued: str
    deadline: str | None = None
    served: str | None = None
    complied: bool | None = None
    amount: float | None = None


@dataclass
class ProjectView:
    project_id: str
    owner: str
    H: nx.MultiDiGraph
    contracts: list[Contract] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    employment: list[Employment] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    # indexes
    let_by: dict[str, list[Contract]] = field(default_factory=lambda: defaultdict(list))
    received_by: dict[str, list[Contract]] = field(default_factory=lambda: defaultdict(list))
    paid_by: dict[str, list[Payment]] = field(default_factory=lambda: defaultdict(list))
    paid_to: dict[str, list[Payment]] = field(default_factory=lambda: defaultdict(list))
    employs: dict[str, list[Employment]] = field(default_factory=lambda: defaultdict(list))
    employed_as: dict[str, list[Employment]] = field(default_factory=lambda: defaultdict(list))
    contract: dict[str, Contract] = field(default_factory=dict)
    citing: dict[str, list[Payment]] = field(default_factory=lambda: defaultdict(list))  # contract id -> payments
    # money an employer of the project paid that is tied to no project (docs/legal-rules.md F), by payer
    paid_elsewhere: dict[str, list[Payment]] = field(default_factory=lambda: defaultdict(list))
    orders_for: dict[str, list[Order]] = field(default_factory=lambda: defaultdict(list))
    cache: dict = field(default_factory=dict)  # derived structures (contract graph, ...) built once

    # ------------------------------------------------------------ node facts
    def node(self, n: str) -> dict:
        d = self.H._node.get(n)
        return d if d is not None else {}

    def name(self, n: str) -> str:
        return str(self.node(n).get("name", n))

    def label(self, n: str) -> str:
        """``name（id）`` for sentences a reader can follow back to the evidence."""
        name = self.name(n)
        return f"{name}（{n}）" if name != n else n

    def is_individual(self, n: str) -> bool:
        """An individual (包工头) or a person: neither holds a construction qualification."""
        d = self.node(n)
        return d.get("label") == "Person" or d.get("kind") == "individual"

    def has_licence(self, n: str) -> bool:
        """合法经营资格 (条例 36, 解释（二）1): a company unless its licence is revoked, cancelled or absent;
        an individual only as a registered business (licence ``active``); a person never."""
        d = self.node(n)
        if d.get("label") == "Person":
            return False
        licence = d.get("licence")
        if d.get("kind") == "individual":
            return licence == "active"
        return licence in (None, "active")

    def qualifications(self, n: str) -> set[str]:
        return set(self.node(n).get("qualifications") or [])

    def qualifications_known(self, n: str) -> bool:
        """False when the bundle had no qualification register (no ``qualifications`` column)."""
        return self.node(n).get("qualifications_known", True) is not False

    def lacks_qualification(self, c: Contract) -> bool:
        """The receiving unit lacks what the declared type needs (``other`` needs nothing we can check;
        unknown qualifications are not a lack)."""
        need = NEEDED_QUALIFICATION.get(c.type, ())
        return bool(need) and self.qualifications_known(c.to) and not (self.qualifications(c.to) & set(need))

    # ------------------------------------------------------------ project facts
    @property
    def project(self) -> dict:
        return self.node(project_key(self.project_id))

    @property
    def general_contractors(self) -> list[str]:
        """The project's 施工总承包单位: receivers of a ``general`` contract from the owner or from an EPC
        contractor, and the EPC contractors themselves."""
        epc = {c.to for c in self.let_by.get(self.owner, []) if c.type == "epc"}
        gcs = {c.to for c in self.contracts if c.type == "general" and (c.frm == self.owner or c.frm in epc)}
        return sorted(gcs | epc)

    def in_contract_graph(self, n: str) -> bool:
        return bool(self.let_by.get(n) or self.received_by.get(n))

    def received(self, n: str) -> float:
        return float(sum(p.amount for p in self.paid_to.get(n, [])))

    def paid(self, payer: str, payee: str) -> float:
        return float(sum(p.amount for p in self.between(payer, payee)))

    def between(self, payer: str, payee: str) -> list[Payment]:
        """The payments from ``payer`` to ``payee`` on the project, in the order of ``paid_by[payer]``
        (indexed once: a general contractor paying 100,000 workers must not be scanned per question)."""
        pairs = self.cache.get("between")
        if pairs is None:
            pairs = self.cache["between"] = defaultdict(list)
            for p in self.payments:
                pairs[(p.payer, p.payee)].append(p)
        return pairs.get((payer, payee), [])

    def contractees(self, n: str) -> set[str]:
        return {c.to for c in self.let_by.get(n, [])}

    def unpaid(self, e: Employment) -> float:
        """Wages still owed on an employment record (0 when nothing is due or it is unknown).

        When the record lacks ``wage_paid``, the wage payments the person got on the project count.
        """
        if e.wage_due is None:
            return 0.0
        paid = e.wage_paid
        if paid is None:
            paid = sum(p.amount for p in self.wage_payments(e.person))
        return max(0.0, e.wage_due - paid)

    def contract_parties_of(self, person: str) -> list[str]:
        """The parties holding a contract on the project that are the same human as ``person``: itself,
        or the holders with its 身份证号 (docs/data-format.md: one number, one human; compared here, never
        written anywhere)."""
        if self.received_by.get(person):
            return [person]
        idn = self.node(person).get("id_number")
        if not idn:
            return []
        by_number = self.cache.get("holders_by_number")
        if by_number is None:
            by_number = self.cache["holders_by_number"] = defaultdict(list)
            for n in sorted(self.received_by):
                if self.node(n).get("id_number"):
                    by_number[self.node(n)["id_number"]].append(n)
        return list(by_number.get(idn, ()))

    def wage_payments(self, person: str) -> list[Payment]:
        """Wage payments the person got on the project (purpose ``wage``, or none given)."""
        return [p for p in self.paid_to.get(person, []) if p.purpose in (None, "wage")]


def _amount(x: object) -> float:
    return 0.0 if x is None else float(x)  # type: ignore[arg-type]


def _text(x: object) -> str:
    return "" if x is None else str(x)


def _true(x: object) -> bool:
    return x is True


def _other(x: object) -> object:
    return "other" if x is None else x


# How the view reads a record of each edge type: its tuple, and after the id and the two ends each field from the
# attribute (an edge's) or column (a table's) of the same name, None when the record has none, made what the
# analyses expect (None: as it is). One reading for an edge's attributes (a graph, Neo4j) and for a table's columns
# (a part of a bundle).
RECORDS: dict[str, tuple[type, tuple[tuple[str, Callable[[object], object] | None], ...]]] = {
    "CONTRACT": (Contract, (("type", _other), ("amount", _amount), ("scope", _text), ("main_structure", _true),
                            ("section", _text), ("settled", None), ("written", None))),
    "PAID": (Payment, (("amount", _amount), ("purpose", None), ("contract_id", None), ("via_wage_account", _true),
                       ("paid", _text))),
    "EMPLOYED": (Employment, (("role", None), ("wage_due", None), ("wage_paid", None), ("start", None), ("end", None),
                              ("days", None))),
}


def typed_records(rel: str, keys: list, us: list, vs: list, cells: Callable[[str], list | None]) -> list[tuple]:
    """The view's records (:data:`RECORDS`) of rows of type ``rel`` given as columns: their keys, their two ends,
    and ``cells(name)``, the cells of the attribute or column ``name`` (None for a column the rows lack; a cell
    is None where a row has no value).

    >>> [p] = typed_records("PAID", ["F1"], ["A"], ["W1"], {"amount": [800], "paid": ["2024-01-31"]}.get)
    >>> p.amount, p.purpose, p.via_wage_account, p.paid
    (800.0, None, False, '2024-01-31')
    """
    kind, fields = RECORDS[rel]
    cols: list[Iterable] = [keys, us, vs]
    for name, made in fields:
        col = cells(name)
        if col is None:
            cols.append(repeat(None if made is None else made(None), len(keys)))
        else:
            cols.append(col if made is None else map(made, col))
    return list(map(partial(_new, kind), zip(*cols, strict=True)))


# A NamedTuple's own __new__ is a Python function; building the tuple directly skips that call (a
# quarter of the cost of each of the hundreds of records a project's view makes).
_new = tuple.__new__


def _by_type(edges: Iterable[tuple]) -> dict[str, list[tuple]]:
    """Every edge of ``edges`` (u, v, key, attrs) as (key, u, v, attrs), by type, each type in the order of its
    keys (so the view does not depend on the order the edges come in)."""
    out: dict[str, list[tuple]] = defaultdict(list)
    for u, w, k, d in edges:
        out[d.get("rel")].append((k, u, w, d))
    for typed in out.values():
        if all(type(e[0]) is str for e in typed):
            typed.sort(key=itemgetter(0))  # the same order, without a str() per edge
        else:
            typed.sort(key=lambda e: str(e[0]))
    return out


def view(H: nx.MultiDiGraph) -> ProjectView:
    """The project view of a project subgraph (built once, cached in ``H.graph``)."""
    # Rebuilt if nodes were added since (the analyses never change a graph; counting the edges of a
    # MultiDiGraph would cost a full pass, so the cheap node count is the guard).
    cached = H.graph.get("_view")
    if cached is not None and cached[0] == len(H._node):
        return cached[1]
    if H.graph.get("_no_edges"):  # made by with_view: its edges are not in H to make the view again from
        raise ValueError("nodes were added to a project's nodes given without its edges (with_view): "
                         "its view cannot be made again")
    pid = H.graph.get("project_id")
    if pid is None:  # a graph that holds exactly one project also works
        projects = [d["id"] for _, d in H.nodes(data=True) if d.get("label") == "Project"]
        if len(projects) != 1:
            raise ValueError("view() needs a project subgraph (graphchain.model.project_subgraph)")
        pid = projects[0]
    return _viewed(H, pid, edge_items(H))


def with_view(H: nx.MultiDiGraph, edges: Iterable[tuple]) -> nx.MultiDiGraph:
    """``H``, the nodes of a project subgraph without its edges, with the view of the subgraph those ``edges``
    (u, v, key, attrs) would make: what every analysis reads (:func:`graphchain.partition.Part.graphs` with
    ``edges=False``; the analyses read a subgraph through its view and its nodes only, and building the
    adjacency only for the view to read it back cost more than the view).

    >>> from graphchain.model import edges_by_project, project_subgraph, subgraph_of
    >>> from graphchain import read_bundle, build_graph
    >>> G = build_graph(read_bundle("tests/data/mini"))
    >>> edges = edges_by_project(G)["P1"]
    >>> lean = with_view(subgraph_of(G._node, "", "P1", edges, copy=False, edges_too=False), edges)
    >>> view(lean).contracts == view(project_subgraph(G, "P1")).contracts, lean.number_of_edges()
    (True, 0)
    >>> lean.add_node("X")
    >>> view(lean)
    Traceback (most recent call last):
    ValueError: nodes were added to a project's nodes given without its edges (with_view): its view cannot be made again
    """
    return with_records(H, *_edge_records(edges))


def with_records(H: nx.MultiDiGraph, rows: dict[str, tuple[list, list]],
                 orders: Iterable[tuple[str, str]]) -> nx.MultiDiGraph:
    """``H``, the nodes of a project subgraph without its edges, with the view of these records
    (:func:`filled_view`), as :func:`with_view` makes it of the edges."""
    filled_view(H, H.graph["project_id"], rows, orders)
    H.graph["_no_edges"] = True
    return H


def _viewed(H: nx.MultiDiGraph, pid: str, edges: Iterable[tuple]) -> ProjectView:
    """The view of project ``pid`` made of ``edges`` and the nodes of ``H``, cached in ``H.graph``."""
    return filled_view(H, pid, *_edge_records(edges))


def _edge_records(edges: Iterable[tuple]) -> tuple[dict[str, tuple[list, list]], list[tuple[str, str]]]:
    """The records of :func:`filled_view` made of these (u, v, key, attrs) edges."""
    by_type = _by_type(edges)
    rows = {}
    for rel in RECORDS:
        es = by_type.get(rel, ())
        keys, us, vs, attrs = (list(map(itemgetter(i), es)) for i in range(4))
        # the project each is on: a payment's on_project (legal-rules F), else its project_id (on_project(), inlined)
        tied = [d.get("on_project", d.get("project_id")) for d in attrs] if rel == "PAID" else \
            [d.get("project_id") for d in attrs]
        rows[rel] = (typed_records(rel, keys, us, vs, partial(_attribute, attrs)), tied)
    return rows, [(u, w) for _, u, w, _ in by_type.get("ORDERED", ())]


def _attribute(attrs: Iterable[dict], name: str) -> list:
    return [d.get(name) for d in attrs]


def filled_view(H: nx.MultiDiGraph, pid: str, rows: dict[str, tuple[list, list]],
                orders: Iterable[tuple[str, str]]) -> ProjectView:
    """The view of project ``pid``, cached in ``H.graph``: ``rows`` gives, for each type of :data:`RECORDS`, its
    records in the order of their keys (:func:`typed_records`) and the project each is tied to (a payment tied to
    none is money its payer paid elsewhere, docs/legal-rules.md F); ``orders`` the (order node, ordered party)
    pairs in the order of the orders' ids; the claims are ``H``'s claim nodes on the project."""
    owner = H._node[project_key(pid)].get("owner_id", "")
    v = ProjectView(pid, owner, H)
    for c, on in zip(*rows["CONTRACT"], strict=True):
        if on != pid:
            continue
        v.contracts.append(c)
        v.contract[c.id] = c
        v.let_by[c.frm].append(c)
        v.received_by[c.to].append(c)
    for p, on in zip(*rows["PAID"], strict=True):
        if on != pid:  # tied to no project: only X-REFUSE reads it
            v.paid_elsewhere[p.payer].append(p)
            continue
        v.payments.append(p)
        v.paid_by[p.payer].append(p)
        v.paid_to[p.payee].append(p)
        if p.contract_id is not None:
            v.citing[p.contract_id].append(p)
    for u, w in orders:
        o = H._node[u]
        order = Order(o["id"], w, str(o.get("issued", "")), o.get("deadline"), o.get("served"), o.get("complied"),
                      o.get("amount"))
        v.orders.append(order)
        v.orders_for[w].append(order)
    for e, on in zip(*rows["EMPLOYED"], strict=True):
        if on != pid:
            continue
        v.employment.append(e)
        v.employs[e.employer].append(e)
        v.employed_as[e.person].append(e)
    claims = [(n, d) for n, d in H._node.items() if d.get("label") == "Claim" and on_project(d) == pid]
    for _, d in sorted(claims, key=lambda nd: nd[0]):
        v.claims.append(Claim(d["id"], d["claimant_id"], float(d.get("amount", 0.0)),
                              d.get("respondent_id"), str(d.get("text", "")), d.get("kind", "wages"),
                              str(d.get("respondent_name", "")), str(d.get("filed", "")), d.get("workers")))
    H.graph["_view"] = (len(H._node), v)
    return v
