"""Candidate rings: connected components of claimants joined through shared buckets (:mod:`.links`),
split into Louvain communities (fixed seed) when too large to be one ring."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from networkx.utils import UnionFind


def bucket_index(buckets: dict[str, set[str]]) -> dict[str, list[str]]:
    """``{person: the buckets holding them}``, buckets in key order.

    >>> bucket_index({"id:a": {"W1", "W2"}, "group:g": {"W2"}})
    {'W2': ['group:g', 'id:a'], 'W1': ['id:a']}
    """
    index: dict[str, list[str]] = defaultdict(list)
    for b in sorted(buckets):
        for p in buckets[b]:
            index[p].append(b)
    return dict(index)


def bucket_components(buckets: dict[str, set[str]]) -> list[list[str]]:
    """Connected components of persons joined through shared buckets (union–find), largest first.

    >>> bucket_components({"id:a": {"W1", "W2"}, "group:g": {"W2", "W3"}, "rep:x": {"W8", "W9"}})
    [['W1', 'W2', 'W3'], ['W8', 'W9']]
    """
    uf = UnionFind()
    for persons in buckets.values():
        uf.union(*persons)
    return sorted((sorted(c) for c in uf.to_sets()), key=lambda c: (-len(c), c))


def link_graph(members: Iterable[str], buckets: dict[str, set[str]], index: dict[str, list[str]]) -> nx.Graph:
    """The bipartite link graph of some persons: person — bucket edges, built in sorted order.

    >>> H = link_graph(["W2", "W1"], {"id:a": {"W1", "W2"}}, {"W1": ["id:a"], "W2": ["id:a"]})
    >>> list(H.edges(data="weight"))
    [('W1', 'id:a', 0.6309297535714575), ('W2', 'id:a', 0.6309297535714575)]
    """
    members = sorted(members)
    H = nx.Graph()
    H.add_nodes_from(members, kind="person")
    for p in members:
        for b in index.get(p, []):
            # weight: a bucket shared by few is a stronger tie than one shared by many
            H.add_edge(p, b, weight=1.0 / math.log2(1 + len(buckets[b])))
    return H


def split_component(members: list[str], buckets: dict[str, set[str]], index: dict[str, list[str]],
                    cfg: dict) -> list[list[str]]:
    """A component too large to be one ring (``max_ring_size``), split into Louvain communities
    (``louvain_seed``, ``louvain_resolution``), largest first; a small one as it is.

    Two crews of four, each with its phone and its group, tied by one representative:

    >>> cfg = {"max_ring_size": 6, "louvain_seed": 7, "louvain_resolution": 1.0}
    >>> A, B = {"A1", "A2", "A3", "A4"}, {"B1", "B2", "B3", "B4"}
    >>> buckets = {"id:a": A, "group:a": A, "id:b": B, "group:b": B, "rep:x": {"A4", "B1"}}
    >>> split_component(sorted(A | B), buckets, bucket_index(buckets), cfg)
    [['A1', 'A2', 'A3'], ['B2', 'B3', 'B4'], ['A4', 'B1']]
    """
    if len(members) <= cfg["max_ring_size"]:
        return [members]
    H = link_graph(members, buckets, index)
    comms = nx.community.louvain_communities(H, weight="weight", resolution=cfg["louvain_resolution"],
                                             seed=cfg["louvain_seed"])
    parts = [sorted(n for n in c if H.nodes[n].get("kind") == "person") for c in comms]
    return sorted((p for p in parts if p), key=lambda c: (-len(c), c))
