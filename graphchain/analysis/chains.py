"""Subcontracting chains: from the owner down the CONTRACT edges of one project.

A *chain* is a simple path owner → general contractor → … → a party that employs workers
(or a party that lets nothing further). Its *depth* is the number of contract tiers below the
owner (owner → GC is 1). Contract cycles are never walked round: paths are simple, and
:func:`contract_cycles` reports them (R-CYCLE).

>>> import networkx as nx
>>> H = nx.MultiDiGraph(project_id="P")
>>> H.add_node("project:P", label="Project", id="P", owner_id="O")
>>> H.add_edge("O", "A", "K1", rel="CONTRACT", project_id="P", type="general", amount=10.0)
>>> H.add_edge("A", "B", "K2", rel="CONTRACT", project_id="P", type="labour", amount=2.0)
>>> project_chains(H)
{'project_id': 'P', 'owner_id': 'O', 'max_depth': 2, 'chains': [['O', 'A', 'B']]}
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from .config import rule_settings
from .view import view


def contract_graph(H: nx.MultiDiGraph) -> nx.DiGraph:
    """The project's contracts as a simple digraph; edge attribute ``contracts`` lists the ids.

    Built once per project subgraph and shared: do not modify it (copy it first).
    """
    v = view(H)
    if "contract_graph" in v.cache:
        return v.cache["contract_graph"]
    D = nx.DiGraph()
    if v.owner:
        D.add_node(v.owner)
    for c in v.contracts:
        if D.has_edge(c.frm, c.to):
            D.edges[c.frm, c.to]["contracts"].append(c.id)
        else:
            D.add_edge(c.frm, c.to, contracts=[c.id])
    v.cache["contract_graph"] = D
    return D


def simple_paths_from(D: nx.DiGraph, source: str, max_len: int = 30) -> Iterator[list[str]]:
    """Every simple path that starts at ``source`` (each prefix too), depth first, successors sorted.

    >>> D = nx.DiGraph([("O", "A"), ("A", "B"), ("B", "A")])
    >>> list(simple_paths_from(D, "O"))
    [['O'], ['O', 'A'], ['O', 'A', 'B']]
    """
    if source not in D:
        return
    path, on_path = [source], {source}
    stack = [iter(sorted(D.successors(source)))]
    yield [source]
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        if nxt in on_path or len(path) > max_len:  # never loop round a cycle
            continue
        path.append(nxt)
        on_path.add(nxt)
        yield list(path)
        stack.append(iter(sorted(D.successors(nxt))))


def chain_ends(H: nx.MultiDiGraph) -> set[str]:
    """Where chains end: parties that employ workers on the project, and parties that let nothing on."""
    v = view(H)
    ends = {e.employer for e in v.employment if e.is_worker}
    ends |= {c.to for c in v.contracts if not v.let_by.get(c.to)}
    return ends


def project_chains(H: nx.MultiDiGraph, config: dict | None = None) -> dict:
    """The project entry of the findings document: owner, deepest tier and every chain."""
    v = view(H)
    max_len = int(rule_settings(config)["max_chain_length"])
    ends = chain_ends(H)
    chains: list[list[str]] = []
    depth = 0
    for path in simple_paths_from(contract_graph(H), v.owner, max_len):
        depth = max(depth, len(path) - 1)
        if len(path) > 1 and path[-1] in ends:
            chains.append(path)
    return {"project_id": v.project_id, "owner_id": v.owner, "max_depth": depth, "chains": sorted(chains)}


def chain_contracts(H: nx.MultiDiGraph, chain: list[str]) -> list[str]:
    """The contract ids along a chain (all parallel contracts of each link)."""
    D = contract_graph(H)
    out: list[str] = []
    for a, b in zip(chain, chain[1:], strict=False):
        if D.has_edge(a, b):
            out += D.edges[a, b]["contracts"]
    return out


def contract_cycles(H: nx.MultiDiGraph) -> list[list[str]]:
    """Every elementary cycle among the project's contracts (a self-contract is a cycle of one).

    >>> H = nx.MultiDiGraph(project_id="P")
    >>> H.add_node("project:P", label="Project", id="P", owner_id="O")
    >>> for k, (a, b) in enumerate([("O", "A"), ("A", "B"), ("B", "A")]):
    ...     _ = H.add_edge(a, b, f"K{k}", rel="CONTRACT", project_id="P", type="other", amount=1.0)
    >>> contract_cycles(H)
    [['A', 'B']]
    """
    out = []
    for cyc in nx.simple_cycles(contract_graph(H)):
        i = cyc.index(min(cyc))  # rotate so the same cycle always reads the same way
        out.append(cyc[i:] + cyc[:i])
    return sorted(out)


def money_links(H: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """Links that money shows but contracts do not: an employer of workers outside the contract graph
    hangs below the party on the graph that paid it most on the project (a name borrower below its
    lender, an individual below the contractor that forwards to it); money paid citing a contract
    counts for that contract's holder. Used to walk a worker's chain.
    """
    v = view(H)
    out = []
    for employer in sorted({e.employer for e in v.employment}):
        if employer == v.owner or v.in_contract_graph(employer):
            continue
        payers: dict[str, float] = {}
        for p in v.paid_to.get(employer, []):
            # money paid on someone else's contract hangs the employer below that contract's holder
            # (the owner paying a name borrower directly on the lender's contract)
            k = v.contract.get(p.contract_id or "")
            source = k.to if k is not None and k.to != employer else p.payer
            if p.purpose != "wage" and (source == v.owner or v.in_contract_graph(source)):
                payers[source] = payers.get(source, 0.0) + p.amount
        if payers:
            out.append((max(sorted(payers), key=lambda k: payers[k]), employer))
    return out


def worker_chains(H: nx.MultiDiGraph, employer: str, config: dict | None = None) -> list[list[str]]:
    """Every chain from the owner down to ``employer`` (contracts, then money links; see :func:`money_links`)."""
    v = view(H)
    D = v.cache.get("chain_graph")
    if D is None:
        D = v.cache["chain_graph"] = contract_graph(H).copy()
        D.add_edges_from(money_links(H))
    if employer not in D or v.owner not in D:
        return []
    if employer == v.owner:
        return [[v.owner]]
    max_len = int(rule_settings(config)["max_chain_length"])
    return sorted(nx.all_simple_paths(D, v.owner, employer, cutoff=max_len))
