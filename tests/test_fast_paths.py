"""The fast paths behind the benchmarks give exactly what the plain ways give.

- ``ids.valid_id_numbers`` (whole arrays) == ``is_valid_id_number`` (one number at a time);
- ``build_graph`` (adjacency dicts written directly, record dicts shared) == the graph NetworkX's
  ``add_nodes_from`` / ``add_edges_from`` build from the same records, in the same order;
- ``project_subgraph(copy=False)`` == ``project_subgraph()``, and the copy really is a copy;
- the contract graph's cycle test agrees with NetworkX; worker chains equal ``nx.all_simple_paths``.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graphchain import ids
from graphchain.analysis.chains import contract_graph, has_cycle, money_links, worker_chains
from graphchain.analysis.config import DEFAULTS
from graphchain.analysis.view import view
from graphchain.bundle import BundleError, read_bundle
from graphchain.ids import PROVINCE_CODES, id_number_check_char, is_valid_id_number, valid_id_numbers
from graphchain.model import build_graph, graph_records, project_index, project_subgraph
from graphchain.synth import write_bundle


@pytest.fixture(scope="module")
def synth_bundle(tmp_path_factory):
    return read_bundle(write_bundle(tmp_path_factory.mktemp("fast") / "b", 40, 7))


def test_vectorised_id_numbers_agree_with_the_scalar_check(monkeypatch):
    rng = random.Random(11)
    today = date.today()
    values = []
    for _ in range(30000):
        prov = rng.choice(sorted(PROVINCE_CODES) + ["00", "99", "10"])
        y = rng.choice([1899, 1900, 1901, 1960, 1999, 2000, 2004, 2100, today.year, today.year + 1])
        body = f"{prov}0105{y:04d}{rng.randint(0, 13):02d}{rng.randint(0, 32):02d}{rng.randint(0, 999):03d}"
        c = rng.random()
        if c < 0.5:
            s = body + id_number_check_char(body)
        elif c < 0.6:
            s = body + id_number_check_char(body).lower()
        elif c < 0.7:
            s = body + rng.choice("0123456789Xx")
        elif c < 0.75:
            s = body[:-1] + "a1"
        elif c < 0.8:
            s = body + "１"  # a full-width digit: 18 characters, not ASCII
        elif c < 0.85:
            s = body[: rng.randint(0, 17)]
        elif c < 0.9:
            s = body + id_number_check_char(body) + "0"
        elif c < 0.95:
            s = " " + body
        else:
            s = body[:5] + "/" + body[6:] + "1"
        values.append(s)
    for b in (f"110105{today:%Y%m%d}001", "11010520000229001", "11010519000229001", "11010519000101001"):
        values.append(b + id_number_check_char(b))
    expected = [is_valid_id_number(v) for v in values]
    assert valid_id_numbers(values) == expected
    assert sum(expected) > 5000  # both answers well represented
    # a block of 18 ASCII characters each (as a bundle's almost always is) is checked in one go: the same answers
    eighteen = [v for v in values if len(v) == 18 and v.isascii()]
    assert valid_id_numbers(eighteen) == [is_valid_id_number(v) for v in eighteen]
    assert not all(valid_id_numbers(eighteen)) and any(valid_id_numbers(eighteen))
    monkeypatch.setattr(ids, "ID_BLOCK", 997)  # many blocks, the last one short: each answer in its place
    assert valid_id_numbers(values) == expected
    assert valid_id_numbers(eighteen) == [is_valid_id_number(v) for v in eighteen]
    assert valid_id_numbers([]) == []


def _plain_graph(rec, source):
    G = nx.MultiDiGraph(source=source)
    for items in rec.nodes.values():
        G.add_nodes_from(items)
    for items in rec.edges.values():
        G.add_edges_from(items)
    return G


def _same(G, H):
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
    assert [list(G.pred[n]) for n in G] == [list(H.pred[n]) for n in H]
    assert G.graph == H.graph


def test_build_graph_equals_networkx_built_graph(synth_bundle, mini):
    for b in (synth_bundle, read_bundle(mini)):
        _same(build_graph(b), _plain_graph(graph_records(b), b.source))


def test_records_are_clean(synth_bundle):
    rec = graph_records(synth_bundle)
    for items in rec.nodes.values():
        for _, d in items:
            assert all(v is not None and v == v and v != [] for v in d.values())
    for items in rec.edges.values():
        for *_, d in items:
            assert all(v is not None and v == v and v != [] for v in d.values())


def test_shared_subgraph_equals_copied_one(synth_bundle):
    G = build_graph(synth_bundle)
    idx = project_index(G)
    for pid in sorted(idx)[:10]:
        a, b = project_subgraph(G, pid), project_subgraph(G, pid, idx, copy=False)
        _same(a, b)
        n = next(iter(a.nodes))
        a.nodes[n]["touched"] = True  # the default is a real copy
        assert "touched" not in G.nodes[n]


def test_cycle_test_agrees_with_networkx():
    rng = random.Random(3)
    for _ in range(2000):
        n = rng.randint(1, 8)
        D = nx.DiGraph()
        D.add_nodes_from(range(n))
        D.add_edges_from((rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(0, 12)))
        assert has_cycle(D) == (not nx.is_directed_acyclic_graph(D))


def test_worker_chains_equal_all_simple_paths(synth_bundle):
    G = build_graph(synth_bundle)
    idx = project_index(G)
    cutoff = DEFAULTS["rules"]["max_chain_length"]
    checked = 0
    for pid in sorted(idx):
        H = project_subgraph(G, pid, idx)
        v = view(H)
        D = contract_graph(H).copy()
        D.add_edges_from(money_links(H))
        for employer in sorted(v.employs):
            if employer == v.owner or employer not in D or v.owner not in D:
                continue
            assert worker_chains(H, employer) == sorted(nx.all_simple_paths(D, v.owner, employer, cutoff=cutoff))
            checked += 1
    assert checked > 50


# ------------------------------------------------------------------ a folder's tables typed in parallel
@pytest.fixture
def parallel(monkeypatch):
    """Every folder read in parallel, however small (the threshold is there for speed only)."""
    from graphchain import bundle

    monkeypatch.setattr(bundle, "PARALLEL_BYTES", 0)
    return bundle


@pytest.mark.parametrize("workers", [2, 3])
def test_tables_typed_in_parallel_equal_one_by_one(parallel, tmp_path, workers):
    path = write_bundle(tmp_path / "b", 30, 5)
    assert parallel._typed_in_parallel(path, parallel.raw_sources(path), workers) is not None  # the path is taken
    one, many = read_bundle(path, workers=1), read_bundle(path, workers=workers)
    assert list(one.tables) == list(many.tables)
    for name, df in one.tables.items():
        pd.testing.assert_frame_equal(df, many.tables[name])
        assert df.attrs == many.tables[name].attrs
        for c in df.columns:  # cells share their objects as they do one by one (memory: a number object per text)
            assert len({id(v) for v in df[c]}) == len({id(v) for v in many.tables[name][c]}), (name, c)
    assert (one.extras, one.labels, one.missing) == (many.extras, many.labels, many.missing)


def _plan(bundle, folder: Path) -> dict[str, int]:
    """The plan read_bundle follows for this folder on two cores: table -> 0 (typed here) or 1 (away)."""
    return bundle._plan({f.stem: f.stat().st_size for f in folder.glob("*.csv")}, 2)


def _errors_one_by_one_and_in_parallel(folder: Path) -> list[str]:
    messages = []
    for workers in (1, 2):
        with pytest.raises(BundleError) as e:
            read_bundle(folder, workers=workers)
        messages.append(str(e.value))
    return messages


def test_bad_cells_typed_in_parallel_are_named_as_one_by_one(parallel, mini_copy):
    """Bad cells in tables typed here and away: the same errors, in the same order."""
    from .test_bundle import _edit

    _edit(mini_copy / "contracts.csv", 3, "amount", "-100")
    _edit(mini_copy / "payments.csv", 4, "paid", "2023-02-30")
    _edit(mini_copy / "persons.csv", 2, "id_number", "411527198512034560")
    plan = _plan(parallel, mini_copy)
    assert {plan["contracts"], plan["payments"], plan["persons"]} == {0, 1}  # both processes type a bad table
    messages = _errors_one_by_one_and_in_parallel(mini_copy)
    assert messages[0] == messages[1]
    assert "payments.csv:4: paid:" in messages[1]


@pytest.mark.parametrize("where", [0, 1], ids=["here", "away"])
def test_unreadable_file_in_parallel_is_named_as_one_by_one(parallel, mini_copy, where):
    """A file that cannot be parsed, typed here or away: the one-by-one read names it (and nothing else)."""
    table = next(name for name, process in _plan(parallel, mini_copy).items() if process == where)
    f = mini_copy / f"{table}.csv"
    f.write_bytes(f.read_bytes() + b'"unclosed,quote\n')
    messages = _errors_one_by_one_and_in_parallel(mini_copy)
    assert messages[0] == messages[1]
    assert f"{table}.csv" in messages[1]
