"""The evidence behind one ring, as links a picture can draw (``graphchain graph --ring``, the explorer).

:func:`find_rings` keeps a ring's readable signals; this module gives, for a kept ring, the links
between its members that made it — the same buckets :mod:`.links` joined them by (a shared phone,
account, address or id number, a claim group, a representative, claims filed together) — with the
records behind each, the settlement money and where it ended up, and the guards the ring passed.
Nothing is decided here: it re-reads what :func:`~graphchain.analysis.rings.find_rings` used.

>>> import networkx as nx
>>> from graphchain.analysis.rings import find_rings
>>> G = nx.MultiDiGraph()
>>> G.add_node("phone:13800001111", label="Identifier", kind="phone", value="13800001111")
>>> for i, p in enumerate(("W1", "W2", "W3")):
...     G.add_node(p, label="Person", name=p)
...     _ = G.add_edge(p, "phone:13800001111", "phone", rel="HAS")
...     for j in (1, 2, 3):
...         G.add_node(f"claim:C{i}{j}", label="Claim", id=f"C{i}{j}", claimant_id=p, amount=9000.0,
...                    filed=f"2024-0{j}-10", project_id=f"P{j}")
>>> ring = find_rings(G)[0][0]
>>> ev = RingEvidence(G).of(ring)
>>> [(x["signal"], x["members"], x["records"]) for x in ev["links"]][:2]
[('phone', ['W1', 'W2', 'W3'], ['13800001111']), ('together', ['W1', 'W2', 'W3'], ['C01', 'C11', 'C21'])]
>>> [(g["guard"], g["passed"]) for g in ev["guards"]]
[('min_members', True), ('serial', True), ('min_score', True), ('suspicious_only', True)]
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .claims import ClaimsData, collect
from .defaults import settings
from .links import link_buckets
from .scoring import e1_serial, ring_identifiers
from .signals import claim_signals

SIGNALS = ("phone", "bank_account", "address", "id_number", "group", "rep", "together", "money")


class RingEvidence:
    """What the ring analysis read from ``G`` (read once), to explain ring after ring."""

    def __init__(self, G: nx.MultiDiGraph, config: dict | None = None):
        self.cfg = settings(config)
        self.data: ClaimsData = collect(G)
        claim_signals(self.data, self.cfg)
        self.buckets, self.hubs = link_buckets(self.data, self.cfg)
        self.bucket_of: dict[str, list[str]] = defaultdict(list)
        for b, persons in self.buckets.items():
            for p in persons:
                self.bucket_of[p].append(b)
        self.claims_of: dict[str, list] = defaultdict(list)
        for c in self.data.claims.values():
            self.claims_of[c.person].append(c)

    def of(self, ring: dict) -> dict:
        """``links``: ``{signal, members, records, text}`` (one per shared thing: the members it ties and
        the records behind it); ``money``: ``{payment, payer, payee, amount, builder}`` settlement payments
        to members; ``guards``: ``{guard, passed, value, threshold}``."""
        members = list(ring["members"])
        mset = set(members)
        data, cfg = self.data, self.cfg
        suspicious = [c for p in members for c in self.claims_of.get(p, []) if c.suspicious]
        links: list[dict] = []
        for key, held in ring_identifiers(members, data, cfg["hub_max_holders"]).items():
            kind, value, _ = data.identifiers[key]
            links.append({"signal": kind, "members": sorted(held), "records": [value], "key": key})
        for b in sorted({b for p in members for b in self.bucket_of.get(p, [])}):
            inside = sorted(self.buckets[b] & mset)
            if len(inside) < 2 or b.startswith("id:"):
                continue
            kind, _, rest = b.partition(":")
            if kind == "group":
                records = [c.id for c in suspicious if c.group == rest]
                links.append({"signal": "group", "members": inside, "records": sorted(records), "key": rest})
            elif kind == "rep":
                name = data.names.get(rest[len("person:"):], rest) if rest.startswith("person:") else rest[5:]
                records = [c.id for c in suspicious if name in c.reps]
                links.append({"signal": "rep", "members": inside, "records": sorted(records), "key": name,
                              "person": rest[len("person:"):] if rest.startswith("person:") else None})
            else:  # project:<id>:<first day>:<first person> — filed together without a group id
                project, first_day = rest.split(":")[:2]
                records = [c.id for c in suspicious if c.person in inside and c.project == project
                           and str(c.filed) >= first_day]
                links.append({"signal": "together", "members": inside, "records": sorted(records),
                              "key": f"{project} {first_day}"})
        money = [{"payment": k, "payer": payer, "payee": p, "amount": amount, "builder": builder}
                 for p in members for k, payer, amount, builder in data.settlements.get(p, [])
                 if builder or payer in mset]
        n_serial = e1_serial(members, suspicious, cfg).n_serial
        n_all = sum(len(self.claims_of.get(p, [])) for p in members)
        guards = [
            {"guard": "min_members", "passed": len(members) >= cfg["min_members"], "value": len(members),
             "threshold": cfg["min_members"]},
            {"guard": "serial", "passed": n_serial >= 1, "value": n_serial, "threshold": 1},
            {"guard": "min_score", "passed": ring["score"] >= cfg["min_score"], "value": ring["score"],
             "threshold": cfg["min_score"]},
            # a registered worker claiming at most what is due never counts (legal-rules.md E)
            {"guard": "suspicious_only", "passed": True, "value": len(suspicious), "threshold": n_all},
        ]
        kinds = {data.identifiers[k][:2] for p in members for k in data.holds.get(p, [])}
        hubs = [h for h in self.hubs if h[:2] in kinds]  # identifiers too common to link anyone (the hub guard)
        return {"links": links, "money": money, "guards": guards, "hubs": hubs}
