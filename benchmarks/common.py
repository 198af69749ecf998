"""Shared by the performance benchmarks (embedded.py, neo4j_load.py, neo4j_project.py, run_all.py).

- cached synth bundles under ``benchmarks/data/`` (gitignored), one folder per size, seed and
  version of the ``graphchain/synth/`` package (a changed generator gets new bundles);
- results kept as JSON in ``benchmarks/data/results/`` and rendered into ``benchmarks/RESULTS.md``
  between ``<!-- perf -->`` and ``<!-- /perf -->`` (the other sections are left alone), the headline
  table into README.md under ``## Benchmarks``;
- the machine description, medians and percentiles, peak RSS;
- a Neo4j server of the benchmarks' own (``scripts/neo4j-local`` with its own run directory,
  heap, page cache and import directory), stopped afterwards.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
RESULTS_DIR = DATA / "results"
RESULTS_MD = BENCH / "RESULTS.md"
README = ROOT / "README.md"
NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"

if str(ROOT) not in sys.path:  # last: a PYTHONPATH checkout (embedded.py --code) goes first
    sys.path.append(str(ROOT))


# ------------------------------------------------------------------ bundles
def synth_version() -> str:
    """Short hash of the generator's source (the graphchain/synth/ package and the schema it fills):
    bundles are regenerated when it changes."""
    h = hashlib.sha1()
    for f in [*sorted((ROOT / "graphchain" / "synth").glob("*.py")), ROOT / "graphchain" / "schema.py"]:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:8]


def bundle_path(projects: int, seed: int = 1) -> Path:
    """A synth bundle of ``projects`` projects (cached; written once, atomically)."""
    from graphchain.synth import write_bundle

    out = DATA / f"synth-{projects}-seed{seed}-{synth_version()}"
    if (out / "projects.csv").exists():
        return out
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = DATA / f".tmp-{out.name}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"generating {out.name} …", file=sys.stderr, flush=True)
    write_bundle(tmp, projects, seed)
    tmp.rename(out)
    return out


CSV_FILES = ("parties", "persons", "projects", "contracts", "payments", "employment", "claims")


def bundle_rows(path: Path) -> int:
    """Data rows of the bundle's CSV files (header lines not counted; synth writes no multi-line cells)."""
    n = 0
    for name in CSV_FILES:
        f = path / f"{name}.csv"
        if f.exists():
            with f.open("rb") as fh:
                n += sum(1 for _ in fh) - 1
    return n


# ------------------------------------------------------------------ statistics
def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def spread(xs: list[float]) -> dict[str, float]:
    """Median, 90th percentile and maximum of some timings."""
    return {"median": median(xs), "p90": percentile(xs, 90), "max": max(xs)}


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(1, -(-len(s) * p // 100))  # ceil
    return s[int(k) - 1]


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (ru_maxrss is KiB on Linux)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreePss:
    """The peak of the proportional set size (PSS) of this process and all its descendants together, in MiB,
    sampled every ``interval`` seconds from /proc (Linux) while the block runs. Forked processes share
    pages until they write them: the sum of their RSS counts shared pages twice, PSS shares them out.

    >>> with TreePss() as t:
    ...     pass
    >>> t.peak_mb > 0
    True
    """

    def __init__(self, interval: float = 0.2):
        import threading

        self.interval, self.peak_mb = interval, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreePss:
        self.peak_mb = self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self.sample())

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_mb = max(self.peak_mb, self.sample())

    @staticmethod
    def sample() -> float:
        """PSS of this process and its descendants now, in MiB."""
        children: dict[int, list[int]] = {}
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(d.name))
        todo, kib = [os.getpid()], 0
        while todo:
            pid = todo.pop()
            todo += children.get(pid, [])
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        kib += int(line.split()[1])
        return kib / 1024


def run_json(args: list[str], env: dict | None = None, timeout: float | None = None) -> dict:
    """Run ``python args…`` in a fresh process; its last stdout line is a JSON object."""
    r = subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **(env or {})},
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        sys.stderr.write(r.stderr[-4000:])
        raise RuntimeError(f"benchmark step failed ({r.returncode}): {' '.join(args)}")
    return json.loads(r.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ machine
def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {
        "date": datetime.date.today().isoformat(),
        "cores": os.cpu_count(),
        "ram_gib": ram,
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pandas": _version("pandas"),
        "numpy": _version("numpy"),
        "networkx": _version("networkx"),
        "neo4j_driver": _version("neo4j"),
        "neo4j_rust_ext": _version("neo4j-rust-ext"),
        "pyarrow": _version("pyarrow"),
    }


# ------------------------------------------------------------------ results
def save(name: str, result: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"{name}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def load(name: str) -> dict | None:
    f = RESULTS_DIR / f"{name}.json"
    return json.loads(f.read_text(encoding="utf-8")) if f.exists() else None


def replace_between(text: str, start: str, end: str, body: str) -> str:
    """``text`` with what lies between the markers replaced (markers appended when absent)."""
    block = f"{start}\n{body.strip()}\n{end}"
    i, j = text.find(start), text.find(end)
    if i >= 0 and j > i:
        return text[:i] + block + text[j + len(end):]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def write_results_section(body: str, start: str = "<!-- perf -->", end: str = "<!-- /perf -->") -> None:
    """Replace only our section of RESULTS.md (read just before writing: others edit theirs)."""
    old = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else "# Benchmark results\n"
    RESULTS_MD.write_text(replace_between(old, start, end, body), encoding="utf-8")


def write_readme_section(body: str, heading: str = "## Benchmarks") -> None:
    """Replace the README section under ``heading`` (up to the next ``## `` heading), or append it."""
    text = README.read_text(encoding="utf-8")
    m = re.search(rf"^{re.escape(heading)}[ \t]*\n", text, re.M)
    block = f"{heading}\n\n{body.strip()}\n"
    if m is None:
        text = text.rstrip("\n") + "\n\n" + block
    else:
        nxt = re.search(r"^## ", text[m.end():], re.M)
        tail = text[m.end() + nxt.start():] if nxt else ""
        text = text[:m.start()] + block + ("\n" + tail if tail else "")
    README.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ Neo4j
@contextlib.contextmanager
def neo4j_server(heap: str | None = None, pagecache: str | None = None,
                 use_env: bool = False) -> Iterator[dict]:
    """A Neo4j for the benchmarks; yields {uri, user, password, own, heap, pagecache, import_dir}.

    By default the benchmarks start their own server (scripts/neo4j-local, run directory
    benchmarks/data/neo4j-run, import directory benchmarks/data so LOAD CSV reads the cached
    bundles) and stop it afterwards: they clear the database between variants, so they never use a
    server someone else relies on unless ``use_env`` says so (then NEO4J_URI is used and CLEARED).
    """
    if use_env:
        if not os.environ.get("NEO4J_URI"):
            raise SystemExit("--use-env-neo4j needs NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD)")
        yield {"uri": os.environ["NEO4J_URI"], "user": os.environ.get("NEO4J_USER", "neo4j"),
               "password": os.environ.get("NEO4J_PASSWORD", ""), "own": False, "heap": None,
               "pagecache": None, "import_dir": None}
        return
    heap = heap or os.environ.get("GRAPHCHAIN_BENCH_NEO4J_HEAP", "2g")
    pagecache = pagecache or os.environ.get("GRAPHCHAIN_BENCH_NEO4J_PAGECACHE", "1g")
    env = {**os.environ, "GRAPHCHAIN_NEO4J_HOME": str(DATA / "neo4j-run"), "GRAPHCHAIN_NEO4J_HEAP": heap,
           "GRAPHCHAIN_NEO4J_PAGECACHE": pagecache, "GRAPHCHAIN_NEO4J_IMPORT": str(DATA)}
    for k in ("GRAPHCHAIN_NEO4J_PORT", "GRAPHCHAIN_NEO4J_HTTP_PORT"):
        env.pop(k, None)
    DATA.mkdir(parents=True, exist_ok=True)
    # a server left running in our run directory (an interrupted run) may have other settings
    subprocess.run([str(NEO4J_LOCAL), "stop"], env=env, check=False, capture_output=True)
    print(f"starting the benchmarks' Neo4j (heap {heap}, page cache {pagecache}) …", file=sys.stderr, flush=True)
    r = subprocess.run([str(NEO4J_LOCAL), "start"], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        raise SystemExit("could not start Neo4j with scripts/neo4j-local (Java 17+ and Maven are needed)")
    vals = dict(line.split("=", 1) for line in r.stdout.splitlines() if line.startswith("NEO4J_") and "=" in line)
    info = {"uri": vals["NEO4J_URI"], "user": vals.get("NEO4J_USER", "neo4j"),
            "password": _unquote(vals.get("NEO4J_PASSWORD", "")), "own": True, "heap": heap,
            "pagecache": pagecache, "import_dir": str(DATA)}
    try:
        yield info
    finally:
        subprocess.run([str(NEO4J_LOCAL), "stop"], env=env, check=False, capture_output=True)


@contextlib.contextmanager
def server(srv: dict | None = None, use_env: bool = False) -> Iterator[dict]:
    """``srv`` when a caller (run_all.py) already has a server, else :func:`neo4j_server`."""
    if srv is not None:
        yield srv
    else:
        with neo4j_server(use_env=use_env) as s:
            yield s


def _unquote(s: str) -> str:
    """The password as bash would read it (neo4j-local prints it with %q only when it needs quoting)."""
    if re.fullmatch(r"[A-Za-z0-9._+-]*", s):
        return s
    return subprocess.run(["bash", "-c", f"printf %s {s}"], capture_output=True, text=True, check=True).stdout


def neo4j_child(script: str, projects: int, args: list[str], srv: dict | None = None, use_env: bool = False) -> dict:
    """Run ``script --child BUNDLE ARGS…`` (a benchmark's measuring half) against a Neo4j server (``srv``, or
    one of our own) on the cached ``projects``-project bundle; its JSON with the machine and server added."""
    path = bundle_path(projects)
    with server(srv, use_env) as s:
        res = run_json([script, "--child", str(path), *args], neo4j_env(s))
    return res | {"machine": machine(), "bundle": path.name, "bundle_projects": projects,
                  "server_started": {k: s[k] for k in ("own", "heap", "pagecache")}}


def neo4j_env(info: dict) -> dict:
    """Environment for child processes that connect to the benchmark server."""
    return {"NEO4J_URI": info["uri"], "NEO4J_USER": info["user"], "NEO4J_PASSWORD": info["password"]}


def server_facts(store) -> dict:
    """Neo4j version, edition and max heap as the server reports them."""
    out: dict = {}
    with contextlib.suppress(Exception):
        r = store.run("CALL dbms.components() YIELD name, versions, edition RETURN versions[0] AS v, edition AS e")
        out["neo4j"], out["edition"] = r[0]["v"], r[0]["e"]
    with contextlib.suppress(Exception):
        r = store.run("CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
                      "RETURN attributes.HeapMemoryUsage.value.properties.max AS max")
        out["heap_max_mib"] = round(r[0]["max"] / 1024 / 1024)
    with contextlib.suppress(Exception):
        r = store.run("SHOW SETTINGS YIELD name, value WHERE name IN "
                      "['server.memory.pagecache.size', 'server.directories.import'] RETURN name, value")
        for row in r:
            out[row["name"]] = row["value"]
    return out
