"""``analyze --workers N`` and ``--scheduler``: the same findings document from one process, a pool of
processes and a Dask cluster, embedded and from Neo4j."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphchain import read_bundle
from graphchain.cli import app
from graphchain.findings import analyze_bundle, analyze_store

MINI = Path(__file__).parent / "data" / "mini"
runner = CliRunner()


def neo4j_env() -> dict:
    return {k: os.environ[k] for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD") if k in os.environ}


def analyze(*args: str, env: dict | None = None):
    return runner.invoke(app, ["analyze", *args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def synth_path(tmp_path_factory) -> Path:
    synth = pytest.importorskip("graphchain.synth")
    return synth.write_bundle(tmp_path_factory.mktemp("synth") / "b", 40, 5)


def test_cli_workers_1_and_2_write_the_same_document(synth_path, tmp_path):
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    assert analyze(str(synth_path), "--json", str(one), "--workers", "1").exit_code == 0
    r = analyze(str(synth_path), "--json", str(two), "-w", "2")
    assert r.exit_code == 0, r.output
    assert one.read_bytes() == two.read_bytes()
    assert json.loads(one.read_text(encoding="utf-8"))["findings"]


@pytest.mark.parametrize(("args", "message"), [
    (["--workers", "0"], "--workers must be at least 1"),
    (["--scheduler", "127.0.0.1:8786"], "tcp://"),
])
def test_cli_bad_workers_or_scheduler_exit_2(tmp_path, args, message):
    out = tmp_path / "f.json"
    r = runner.invoke(app, ["analyze", str(MINI), "--json", str(out), *args])
    assert r.exit_code == 2 and message in r.output
    assert not out.exists()


def test_cli_unreachable_scheduler_exits_3(tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "f.json"
    r = runner.invoke(app, ["analyze", str(MINI), "--json", str(out), "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 3 and "cannot reach the Dask scheduler" in r.output
    assert not out.exists()


@pytest.mark.neo4j
def test_neo4j_workers_1_and_2_same_document(neo4j, synth_path):
    neo4j.clear()
    b = read_bundle(synth_path)
    neo4j.load(b)
    ticks: list[tuple[int, int]] = []
    one = analyze_store(neo4j, workers=1)
    two = analyze_store(neo4j, workers=2, progress=lambda d, t: ticks.append((d, t)))
    assert json.dumps(one, ensure_ascii=False) == json.dumps(two, ensure_ascii=False)
    embedded = analyze_bundle(b, workers=2)
    assert {k: v for k, v in one.items() if k != "bundle"} == {k: v for k, v in embedded.items() if k != "bundle"}
    n = len(one["projects"])
    # as the pool's processes finish chunks (tests/test_partition.py): never back, ending at every project
    assert [d for d, _ in ticks] == sorted({d for d, _ in ticks}) and ticks[-1] == (n, n)


@pytest.mark.neo4j
def test_cli_neo4j_workers_2_equals_embedded(neo4j, mini, tmp_path):
    env = neo4j_env()
    neo4j.clear()
    assert runner.invoke(app, ["load", str(mini)], env=env).exit_code == 0
    embedded, remote = tmp_path / "e.json", tmp_path / "n.json"
    assert analyze(str(mini), "--json", str(embedded), "--workers", "1").exit_code == 0
    r = analyze("--json", str(remote), "--workers", "2", env=env)
    assert r.exit_code == 0, r.output
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (embedded, remote))
    assert {k: v for k, v in a.items() if k != "bundle"} == {k: v for k, v in b.items() if k != "bundle"}


# ---------------------------------------------------------------- Dask (analyze --scheduler)
@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as c:
        yield c.scheduler_address


def test_dask_embedded_same_document(cluster, synth_path, tmp_path):
    """Each task carries its chunk's rows; the rings run once in the client."""
    b = read_bundle(synth_path)
    one = analyze_bundle(b, workers=1)
    assert json.dumps(analyze_bundle(b, scheduler=cluster), ensure_ascii=False) == json.dumps(one, ensure_ascii=False)
    out = tmp_path / "d.json"
    r = analyze(str(synth_path), "--json", str(out), "--scheduler", cluster)
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(one, ensure_ascii=False, default=str))


@pytest.mark.neo4j
def test_dask_from_neo4j_same_document(cluster, neo4j, synth_path):
    """Each task reads its chunk from the same Neo4j (credentials from the workers' environment)."""
    neo4j.clear()
    neo4j.load(read_bundle(synth_path))
    one = analyze_store(neo4j, workers=1)
    assert json.dumps(analyze_store(neo4j, scheduler=cluster), ensure_ascii=False) == json.dumps(one,
                                                                                                 ensure_ascii=False)


@pytest.mark.neo4j
def test_dask_bad_record_in_neo4j_is_one_line_and_exit_2(cluster, neo4j, mini, tmp_path):
    """A record the Dask task reads that is not what load writes: the task's error reaches the CLI whole
    (tests/test_store_data.py has the pool and one process)."""
    neo4j.clear()
    neo4j.load(read_bundle(mini))
    neo4j.run("MATCH ()-[r:EMPLOYED]->() SET r.start = '01/02/2024'")
    out = tmp_path / "d.json"
    r = runner.invoke(app, ["analyze", "--json", str(out), "--scheduler", cluster], env=neo4j_env())
    assert r.exit_code == 2 and "EMPLOYED" in r.output and "start: not a date" in r.output, r.output
    assert "Traceback" not in r.output and not out.exists()


# ---------------------------------------------------------------- a pool started before its items, fed a few at once
def _wait_for(path: Path, item: int) -> int:
    """A pool's work that waits until ``path`` exists (the test holds every process busy meanwhile)."""
    import time

    while not path.exists():
        time.sleep(0.01)
    return item * 10


def test_pool_takes_only_a_few_items_ahead(tmp_path):
    """Issue 12: ``Pool.imap`` would take every item at once (every chunk's rows made and pickled in the parent
    before the first is done); the pool is fed at most IN_FLIGHT items per process not yet done."""
    import time
    from functools import partial

    from graphchain import workers

    made: list[int] = []

    def items():
        for i in range(20):
            made.append(i)
            yield i

    go = tmp_path / "go"
    with workers.started(partial(_wait_for, go), 2) as run:
        out = run(items())  # the items are being taken now, before the results are asked for
        limit = workers.IN_FLIGHT * 2
        deadline = time.monotonic() + 30
        while len(made) < limit and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        assert len(made) == limit  # the processes are all busy: nothing more is taken
        go.touch()
        assert list(out) == [i * 10 for i in range(20)]


def _fails(item: int) -> int:
    if item == 3:
        raise ValueError("bad item 3")
    return item


def test_pool_errors_reach_the_reader():
    """An item that cannot be made, and work that fails in a process, are raised where the results are read."""
    from graphchain import workers

    def items():
        yield from range(3)
        raise KeyError("cannot make item 3")

    with workers.started(_fails, 2) as run, pytest.raises(KeyError, match="cannot make item 3"):
        list(run(items()))
    with workers.started(_fails, 2) as run, pytest.raises(ValueError, match="bad item 3"):
        list(run(range(6)))


def test_analyze_bundle_starts_its_processes_before_reading(synth_path):
    """The processes fork before the bundle is read, so they hold none of its pages (a process forked after
    the read copies every page of the rows it touches: 1.5 GB each at 20,000 projects); the document is the
    one of one process."""
    import multiprocessing

    seen: list[int] = []
    before = {c.pid for c in multiprocessing.active_children()}  # another test's cluster may be running

    def read():
        seen.append(len({c.pid for c in multiprocessing.active_children()} - before))
        return read_bundle(synth_path)

    two = analyze_bundle(read, workers=2)
    assert seen == [2]
    assert json.dumps(two, ensure_ascii=False) == json.dumps(analyze_bundle(read_bundle(synth_path), workers=1),
                                                             ensure_ascii=False)
