"""Shared fixtures: the hand-made bundle, its other encodings, and the real Neo4j server.

Neo4j tests use the server named by NEO4J_URI (``scripts/test`` starts one with
``scripts/neo4j-local``). In CI (``CI`` set) or with GRAPHCHAIN_REQUIRE_NEO4J=1 a missing or
unreachable server FAILS the tests; only on a developer laptop do they skip, saying why.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from graphchain.schema import TABLES

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"


@pytest.fixture(scope="session")
def mini() -> Path:
    return MINI


def to_chinese_gbk(src: Path, dst: Path) -> Path:
    """The same bundle as a Chinese Excel export would give it: GBK and Chinese headers."""
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.glob("*.csv"):
        table = TABLES[f.stem]
        with f.open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        rows[0] = [table.column(h).zh[0] for h in rows[0]]
        with (dst / f.name).open("w", newline="", encoding="gbk") as fh:
            csv.writer(fh).writerows(rows)
    return dst


def to_xlsx(src: Path, dst: Path) -> Path:
    import pandas as pd

    with pd.ExcelWriter(dst, engine="openpyxl") as xw:
        for f in sorted(src.glob("*.csv")):
            pd.read_csv(f, dtype=str, keep_default_na=False).to_excel(xw, sheet_name=f.stem, index=False)
    return dst


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "bundle"
    shutil.copytree(MINI, dst)
    return dst


def _neo4j_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("GRAPHCHAIN_REQUIRE_NEO4J") == "1"


@pytest.fixture(scope="session")
def neo4j_store():
    """A connected Neo4jStore on the real server, emptied before use."""
    from graphchain.store import Neo4jStore, StoreError

    uri = os.environ.get("NEO4J_URI")
    if not uri:
        msg = "NEO4J_URI is not set: start a server with `eval \"$(scripts/neo4j-local start)\"`"
        if _neo4j_required():
            pytest.fail(msg + " (required in CI)")
        pytest.skip(msg + " — skipped on this laptop only; CI fails instead")
    try:
        store = Neo4jStore.connect(uri)
    except StoreError as e:
        if _neo4j_required():
            pytest.fail(f"Neo4j at {uri} is unreachable: {e}")
        pytest.skip(f"Neo4j at {uri} is unreachable: {e} — skipped on this laptop only")
    yield store
    store.close()


@pytest.fixture()
def neo4j(neo4j_store):
    neo4j_store.clear()
    return neo4j_store


# The mini bundle's graph and findings document, and the same bundle with hostile names, shared
# by the report, graph-page and export tests.
@pytest.fixture(scope="session")
def G():
    from graphchain import build_graph, read_bundle

    return build_graph(read_bundle(MINI))


@pytest.fixture(scope="session")
def doc(G):
    from graphchain import analyze_graph

    return analyze_graph(G)


@pytest.fixture(scope="session")
def evil(tmp_path_factory):
    from graphchain import analyze_graph, build_graph, read_bundle

    from .browser import evil_bundle

    G = build_graph(read_bundle(evil_bundle(MINI, tmp_path_factory.mktemp("evil") / "bundle")))
    return G, analyze_graph(G)
