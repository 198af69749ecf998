"""Exploring across projects: a party's footprint, a ring's evidence, search — read by key, analysed on demand.

An :class:`Explorer` sits on a :class:`~graphchain.store.explore.Reader` (the embedded graph or Neo4j)
and answers what the cross-project pages (:mod:`graphchain.report.party_page`,
:mod:`graphchain.report.ring_page`) and the local explorer (``graphchain serve``) ask: one node, one
node's neighbourhood, one project's findings (analysed when first asked for, then kept), the rings and
leads (from the claims graph, read on the first ring or lead asked for), and a search over names, ids
and the last digits of personal numbers. Nothing is read wholesale when it starts.

>>> from graphchain import build_graph, read_bundle
>>> ex = Explorer.embedded(build_graph(read_bundle("tests/data/mini")))
>>> [h["key"] for h in ex.search("王建果")][:1]                   # a misspelt 王建国
['D']
>>> sorted(projects_of(party_neighbourhood(ex, "D"), "D"))
['P1']
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import networkx as nx

from .model import on_project
from .schema import project_key
from .store.explore import GraphReader, Neo4jReader, Reader
from .util import mask_value

if TYPE_CHECKING:
    from .analysis.rings.evidence import RingEvidence

DOCS_KEPT = 256  # project analyses kept (least recently used dropped)
READERS = 4  # projects read at once for one page
CANDIDATES = 300  # names a search asks the database for (full-text hits), then scores like the embedded graph
DIGITS = re.compile(r"^(\d{0,6})[*\s]*(\d{3,})$")  # "8932", "****8932" or a masked number as shown: "138****8932"


class Explorer:
    """Reads by key and analyses on demand; safe to share between the threads of a server."""

    def __init__(self, reader: Reader, config: dict | None = None):
        self.reader = reader
        self.config = config
        self._lock = threading.RLock()
        self._docs: OrderedDict[str, tuple[nx.MultiDiGraph, dict]] = OrderedDict()
        self._claims: nx.MultiDiGraph | None = None
        self._rings: list[dict] | None = None
        self._evidence: RingEvidence | None = None
        self._leads: list[dict] | None = None
        self._names: list[tuple[str, str, str, str, list[str]]] | None = None

    @classmethod
    def embedded(cls, G: nx.MultiDiGraph, config: dict | None = None) -> Explorer:
        return cls(GraphReader(G), config)

    @classmethod
    def neo4j(cls, store, config: dict | None = None) -> Explorer:
        return cls(Neo4jReader(store), config)

    # ------------------------------------------------------------ by key
    def node(self, key: str) -> dict | None:
        return self.reader.node(key)

    def around(self, keys: Iterable[str]) -> nx.MultiDiGraph:
        return self.reader.around(keys)

    def project(self, project_id: str) -> tuple[nx.MultiDiGraph, dict]:
        """One project's subgraph and findings document (analysed once, then kept); KeyError when unknown."""
        from .findings import analyze_graph

        with self._lock:
            if project_id in self._docs:
                self._docs.move_to_end(project_id)
                return self._docs[project_id]
        H = self.reader.project_graph(project_id)
        if project_key(project_id) not in H:
            raise KeyError(project_id)
        got = (H, analyze_graph(H, self.config))
        with self._lock:
            self._docs[project_id] = got
            while len(self._docs) > DOCS_KEPT:
                self._docs.popitem(last=False)
        return got

    def docs(self, project_ids: Iterable[str]) -> dict:
        """The findings documents of several projects merged (projects, findings, liability, entities)."""
        out: dict = {"projects": [], "findings": [], "liability": [], "entities": {}, "money": {}}
        pids = sorted(set(project_ids))
        with self._lock:
            missing = [p for p in pids if p not in self._docs]
        if len(missing) > 1:  # read side by side: the server's time overlaps (Neo4j), the rest is the same
            with ThreadPoolExecutor(min(READERS, len(missing))) as pool:
                list(pool.map(self._known, missing))
        for pid in pids:
            try:
                _, doc = self.project(pid)
            except KeyError:
                continue
            for k in ("projects", "findings", "liability"):
                out[k] += doc.get(k, [])
            out["entities"].update(doc.get("entities", {}))
            out["money"].update(doc.get("money", {}))
        return out

    def _known(self, project_id: str) -> bool:
        try:
            self.project(project_id)
            return True
        except KeyError:
            return False

    # ------------------------------------------------------------ across projects (read on first use)
    def claims_graph(self) -> nx.MultiDiGraph:
        with self._lock:
            if self._claims is None:
                self._claims = self.reader.claims_graph()
            return self._claims

    def rings(self) -> list[dict]:
        from .analysis.rings import find_rings

        with self._lock:
            if self._rings is None:
                self._rings = find_rings(self.claims_graph(), self.config)[0]
            return self._rings

    def ring(self, ring_id: str) -> dict | None:
        return next((r for r in self.rings() if r["ring_id"] == ring_id), None)

    def evidence(self, ring: dict) -> dict:
        """The links, money and guards behind a ring (:mod:`graphchain.analysis.rings.evidence`)."""
        from .analysis.rings.evidence import RingEvidence

        with self._lock:
            if self._evidence is None:
                self._evidence = RingEvidence(self.claims_graph(), self.config)
            return self._evidence.of(ring)

    def leads(self) -> list[dict]:
        """Support-prosecution leads without their liable parties (those come from the lead's project:
        :meth:`lead_liable`), so no whole analysis is needed."""
        from .analysis.leads import build_leads

        with self._lock:
            if self._leads is None:
                self._leads = build_leads(self.claims_graph(), {"rings": self.rings()}, self.config)
            return self._leads

    def lead(self, lead_id: str) -> dict | None:
        return next((x for x in self.leads() if x["lead_id"] == lead_id), None)

    def lead_liable(self, lead: dict) -> list[dict]:
        """Who must pay the lead's claims: the liability entries of its project's analysis."""
        from .analysis.leads import liable_by_claim, merge_liable

        if not lead.get("project_id"):
            return []
        try:
            _, doc = self.project(lead["project_id"])
        except KeyError:
            return []
        names = {k: v.get("name", k) for k, v in doc.get("entities", {}).items()}
        return merge_liable(list(lead.get("claims", [])), liable_by_claim(doc), names)

    # ------------------------------------------------------------ search
    def search(self, q: str, limit: int = 20) -> list[dict]:
        """Parties, persons and projects by id (exact), name (fuzzy: a misspelt name is found) or the last
        digits of a phone, account or id number (``8932``, ``****8932``, or as the pages show it: ``138****8932``);
        best first.

        Each hit: ``key``, ``label``, ``id``, ``name``, ``score`` and ``matched`` (``id``, ``name`` or the
        masked number that matched).
        """
        from rapidfuzz import fuzz, process

        q = " ".join(str(q).split())[:100]
        if not q:
            return []
        names = self.reader.candidates(q, CANDIDATES)
        if names is None:
            with self._lock:
                if self._names is None:
                    self._names = list(self.reader.names())
                names = self._names
        hits: dict[str, dict] = {}

        def hit(i: int, score: float, matched: str) -> None:
            key, label, id_, name, _ = names[i]
            if key not in hits or hits[key]["score"] < score:
                hits[key] = {"key": key, "label": label, "id": id_, "name": name, "score": round(score, 1),
                             "matched": matched}

        low = q.lower()
        for i, (key, _, id_, _, _) in enumerate(names):
            if id_.lower() == low or key.lower() == low:
                hit(i, 100.0, "id")
        if m := DIGITS.match(q):
            head, tail = (m.group(1), m.group(2)) if "*" in q else ("", q.replace(" ", ""))
            for i, (*_, numbers) in enumerate(names):
                for x in numbers:
                    if x.endswith(tail) and x.startswith(head):
                        hit(i, 95.0, mask_value(x, "id_number" if len(x) in (15, 18) else "phone"))
        for _, score, i in process.extract(q, [n[3] for n in names], scorer=fuzz.WRatio, limit=limit,
                                           score_cutoff=60):
            hit(i, float(score), "name")
        return sorted(hits.values(), key=lambda h: (-h["score"], h["key"]))[:limit]


# ---------------------------------------------------------------- neighbourhoods
def projects_of(H: nx.MultiDiGraph, key: str) -> set[str]:
    """The projects on which ``key`` owns, contracts, employs or is employed, pays or is paid, claims or is
    claimed against (its edges in ``H``, and the claims it filed or that name it)."""
    out: set[str] = set()
    if key not in H:
        return out
    for u, v, d in [*H.out_edges(key, data=True), *H.in_edges(key, data=True)]:
        rel = d.get("rel")
        if rel == "OWNS":
            out.add(str(H.nodes[v].get("id")))
        elif rel in ("CONTRACT", "EMPLOYED"):
            out.add(str(d.get("project_id")))
        elif rel == "PAID" and on_project(d):
            out.add(str(on_project(d)))
        elif rel in ("FILED", "AGAINST"):
            claim = H.nodes[v if rel == "FILED" else u]
            if on_project(claim):
                out.add(str(on_project(claim)))
    out.discard("None")
    return out


def party_neighbourhood(ex: Explorer, key: str) -> nx.MultiDiGraph:
    """A party's (or person's) neighbourhood across every project: its own edges, the claimants of the claims
    against it (and its own claims' respondents), and the others holding an identifier it holds."""
    H = ex.around([key])
    second = [n for n, d in H.nodes(data=True) if d.get("label") in ("Claim", "Identifier")]
    if second:
        K = ex.around(second)
        for u, v, k, d in K.edges(keys=True, data=True):
            if d.get("rel") in ("FILED", "HAS", "AGAINST") and not H.has_edge(u, v, k):
                for x in (u, v):
                    if x not in H:
                        H.add_node(x, **K.nodes[x])
                H.add_edge(u, v, k, **d)
    return H
