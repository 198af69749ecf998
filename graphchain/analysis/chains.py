"""Subcontracting chains: from the owner down the CONTRACT edges of one project.

A *chain* is a simple path owner → general contractor → … → a party that employs workers
(or a party that lets nothing further). Its *depth* is the number of contract tiers below the
owner (owner → GC is 1). Contract cycles are never walked round: paths are simple, and
:func:`contract_cycles` reports them (R-CYCLE).

>>> import networkx as nx
>>> H = nx.MultiDiGraph(project_id="P")
>>> H.add_node("project:P", label="Project", id="P", owner_id="O")
>>> _ = H.add_edge("O", "A", "K1", rel="CONTRACT", project_id="P", type="general", amount=10.0)
>>> _ = H.add_edge("A", "B", "K2", rel="CONTRACT", project_id="P", type="labour", amount=2.0)
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
    # add_node / add_edge, written straight into the adjacency dicts (a few hundred contracts per
    # project, built for every project: the method calls cost more than the work)
    node, succ, pred = D._node, D._succ, D._pred
    if v.owner:
        node[v.owner], succ[v.owner], pred[v.owner] = {}, {}, {}
    for c in v.contracts:
        for n in (c.frm, c.to):
            if n not in node:
                node[n], succ[n], pred[n] = {}, {}, {}
        d = succ[c.frm].get(c.to)
        if d is not None:
            d["contracts"].append(c.id)
        else:
            succ[c.frm][c.to] = pred[c.to][c.frm] = {"contracts": [c.id]}
    v.cache["contract_graph"] = D
    return D


def has_cycle(D: nx.DiGraph) -> bool:
    """True when D has a directed cycle (a self-loop included): one colouring depth-first walk."""
    succ = D._succ
    state: dict = {}  # 1 on the walk, 2 done
    for root in succ:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            n, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[n] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return True
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
    return False


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
    """The project entry of the findings document: owner, deepest tier and every chain.

    Computed once per subgraph and setting (the findings and R-DEPTH both ask); each call gets its
    own copy.
    """
    v = view(H)
    max_len = int(rule_settings(config)["max_chain_length"])
    entry = v.cache.get(("project_chains", max_len))
    if entry is None:
        entry = v.cache[("project_chains", max_len)] = _project_chains(H, v, max_len)
    return entry | {"chains": [list(c) for c in entry["chains"]]}


def _project_chains(H: nx.MultiDiGraph, v, max_len: int) -> dict:
    ends = chain_ends(H)
    chains: list[list[str]] = []
    depth = 0
    for path in simple_paths_from(contract_graph(H), v.owner, max_len):
        depth = max(depth, len(path) - 1)
        if len(path) > 1 and path[-1] in ends:
            chains.append(path)
    return {"project_id": v.project_id, "owner_id": v.owner, "max_depth": depth, "chains": sorted(chains)}


ROLE_ORDER = ("owner", "general", "sub", "labour", "boss", "manager", "worker", "other")


def party_roles(H: nx.MultiDiGraph) -> dict[str, str]:
    """Each party's role on the project, as the views show it: ``owner``; ``general`` (it took work from
    the owner, or a ``general`` contract); ``labour`` and ``sub`` (labour and other subcontracts, as
    declared); ``boss`` (包工头: an individual who takes work or employs people). A party with two roles
    gets the first of :data:`ROLE_ORDER`. People employed on the project are the records' workers and
    managers, not listed here.

    >>> H = nx.MultiDiGraph(project_id="P")
    >>> H.add_node("project:P", label="Project", id="P", owner_id="O")
    >>> H.add_node("D", label="Party", kind="individual")
    >>> _ = H.add_edge("O", "A", "K1", rel="CONTRACT", project_id="P", type="general", amount=10.0)
    >>> _ = H.add_edge("A", "D", "K2", rel="CONTRACT", project_id="P", type="labour", amount=2.0)
    >>> party_roles(H)
    {'A': 'general', 'D': 'boss', 'O': 'owner'}
    """
    v = view(H)
    rank = {r: i for i, r in enumerate(ROLE_ORDER)}
    out: dict[str, str] = {}

    def give(n: str, role: str) -> None:
        if n not in out or rank[role] < rank[out[n]]:
            out[n] = role

    if v.owner:
        give(v.owner, "owner")
    for c in v.contracts:
        if v.is_individual(c.to):
            give(c.to, "boss")
        elif c.frm == v.owner or c.type in ("general", "epc"):
            give(c.to, "general")
        else:
            give(c.to, "labour" if c.type == "labour" else "sub")
    for employer in v.employs:
        if v.node(employer).get("kind") == "individual":
            give(employer, "boss")
    return dict(sorted(out.items()))


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
    D = contract_graph(H)
    if not has_cycle(D):  # nearly every project: no need for Johnson's algorithm
        return []
    out = []
    for cyc in nx.simple_cycles(D):
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
    # One walk from the owner gives the chains to every employer (what nx.all_simple_paths(D, owner,
    # employer, cutoff=max_len) gives for each, sorted), kept for the other workers of the project.
    to = v.cache.get(("worker_chains", max_len))
    if to is None:
        to = {}
        for path in simple_paths_from(D, v.owner, max_len):
            if len(path) > 1:
                to.setdefault(path[-1], []).append(path)
        for paths in to.values():
            paths.sort()
        v.cache[("worker_chains", max_len)] = to
    return [list(p) for p in to.get(employer, ())]
