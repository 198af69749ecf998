"""Every hand-built case from the law (tests/test_rules.py, tests/test_liability.py,
tests/test_published_cases.py) once more, with each case's graph loaded into the real Neo4j and read
back (``Neo4jStore.project_graph`` / ``graph``) instead of built in memory: the same assertions must hold."""

from __future__ import annotations

import inspect
import tempfile
from pathlib import Path

import pytest

from graphchain import read_bundle
from tests import test_liability, test_published_cases, test_rules
from tests.builders import Case

pytestmark = pytest.mark.neo4j

# the tests that take no fixtures (the synth and config ones do; they do not build cases)
LAW_TESTS = [
    (m.__name__.rsplit(".", 1)[-1], name, fn)
    for m in (test_rules, test_liability, test_published_cases)
    for name, fn in inspect.getmembers(m, inspect.isfunction)
    if name.startswith("test_") and fn.__module__ == m.__name__ and not inspect.signature(fn).parameters
]


@pytest.mark.parametrize("module,name,fn", LAW_TESTS, ids=[f"{m}::{n}" for m, n, _ in LAW_TESTS])
def test_law_case_read_back_from_neo4j(neo4j, monkeypatch, module, name, fn):
    loads = []

    def loaded(case: Case, omit: tuple[str, ...] = ()):
        loads.append(case.pid)
        with tempfile.TemporaryDirectory() as d:
            bundle = read_bundle(case.write(Path(d) / "bundle", omit))
        neo4j.clear()
        neo4j.load(bundle)
        return neo4j

    monkeypatch.setattr(Case, "graph", lambda self, omit=(): loaded(self, omit).graph())
    monkeypatch.setattr(Case, "project", lambda self, omit=(): loaded(self, omit).project_graph(self.pid))
    fn()
    src = inspect.getsource(fn)
    if ".project(" in src or ".graph(" in src or "liable(" in src or "refusal(" in src:
        assert loads, "the case never went through Neo4j"
