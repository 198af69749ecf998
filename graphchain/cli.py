"""The ``graphchain`` command: a thin layer over the Python API (see docs/interfaces.md).

Every command reads a bundle into the embedded in-memory graph, or — with no bundle — works
from Neo4j (``--neo4j URI`` or ``NEO4J_URI``; credentials only from the environment or the
config file). Errors are one clear line (or one line per bad cell) on stderr, never a traceback.

User text (names, ids, paths) is printed with rich markup and emoji codes off and control or bidi
characters made visible (:func:`~graphchain.util.printable`); passwords in URIs never appear. Every
output is written to a temporary name and renamed when complete (:mod:`graphchain.util`).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from typer import rich_utils

from .bundle import Bundle, BundleError, read_bundle
from .store import StoreDataError, StoreError
from .util import atomic_dir, atomic_path, printable, redact

app = typer.Typer(
    help="graphchain — 追踪违法分包转包链条，识别欠薪责任主体与假讨薪团伙 "
    "(trace illegal subcontracting chains, name who must pay the workers, find extortion rings).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
# No markup, emoji codes or highlighting: names like "[/]" or ":x:" are data, printed as they are.
# soft_wrap: a message is one line also when stderr is a file or a pipe (no wrapping at 80 columns).
out = Console(markup=False, emoji=False, highlight=False, soft_wrap=True)
err = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

BundleArg = Annotated[Path | None, typer.Argument(help="Bundle: a folder of CSV files or one .xlsx. "
                                                        "Omit it to read from Neo4j.", show_default=False)]
Neo4jOpt = Annotated[str | None, typer.Option("--neo4j", help="Neo4j URI (default: $NEO4J_URI).",
                                              show_default=False)]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Rule thresholds (TOML, see rules.example.toml).",
                                                show_default=False)]
QuarantineOpt = Annotated[Path | None, typer.Option(
    "--quarantine", help="Load the good rows and write rejected rows with their reasons to this CSV.",
    show_default=False)]
ProjectOpt = Annotated[str, typer.Option("--project", "-p", help="Project id (项目编号).")]
LangOpt = Annotated[str, typer.Option("--lang", help="zh (中文, default) or en.")]
UnmaskOpt = Annotated[bool, typer.Option("--unmask", help="Show ID numbers, phones and bank accounts in full.")]


class Exit(Exception):
    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


def say(console: Console, message: object, prefix: str = "", style: str = "") -> None:
    """One line of user-facing text: control/bidi characters escaped, passwords redacted."""
    line = printable(redact(message))
    console.print(Text.assemble((prefix, style), line) if prefix else Text(line, style=style))


def _error(message: object) -> None:
    say(err, message, "error: ", "red")


def _usage_error(e, _boxed=rich_utils.rich_format_error) -> None:
    """Typer's usage errors (a missing option, a value that is not a number) as our one line when
    stderr is not a terminal; its boxed panel, wrapped at 80 columns, is kept for people at one."""
    if err.is_terminal or type(e).__name__ == "NoArgsIsHelpError":
        return _boxed(e)
    ctx = getattr(e, "ctx", None)
    _error(e.format_message() + (f" (see {ctx.command_path} --help)" if ctx is not None else ""))


rich_utils.rich_format_error = _usage_error  # type: ignore[assignment]  # typer looks it up at each error


def friendly(fn):
    """Turn the errors a user can cause into one clear message and a non-zero exit status."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BundleError as e:
            for x in e.errors[:500]:
                say(err, x)
            if len(e.errors) > 500:
                say(err, f"… and {len(e.errors) - 500} more")
            _error(f"{len(e.errors)} problem(s) in bundle {e.source}; nothing was loaded or "
                   "written (use --quarantine FILE to set bad rows aside).")
            raise typer.Exit(2) from None
        except StoreDataError as e:  # bad input, as a bad cell of a bundle is
            _error(e)
            raise typer.Exit(2) from None
        except StoreError as e:
            _error(e)
            raise typer.Exit(3) from None
        except Exit as e:
            _error(e)
            raise typer.Exit(e.code) from None
        except OSError as e:  # a disk that is full, a folder we may not write in, …: nothing was left behind
            where = f" {e.filename}" if e.filename else ""
            _error(f"cannot write{where}: {e.strerror or e}")
            raise typer.Exit(2) from None

    return wrapper


def _row(t: Table, *cells: object) -> None:
    """A table row of user text: a list is one cell with one item per line."""
    t.add_row(*("\n".join(printable(x) for x in c) if isinstance(c, list) else printable(c) for c in cells))


def _out_file(path: Path | None, suffixes: tuple[str, ...] = ()) -> Path | None:
    """Check an output file before any work is done: its folder exists, it is not itself a folder."""
    if path is None:
        return None
    if path.is_dir():
        raise Exit(f"{path} is a folder; give a file name")
    if suffixes and path.suffix.lower() not in suffixes:
        raise Exit(f"{path} must end in {', '.join(suffixes[:-1])} or {suffixes[-1]}")
    _parent_ok(path)
    return path


def _out_dir(path: Path) -> Path:
    """Check an output folder: it is a folder or does not exist yet, and its parent folder exists."""
    if path.exists() and not path.is_dir():
        raise Exit(f"{path} exists and is not a folder")
    _parent_ok(path)
    return path


def _parent_ok(path: Path) -> None:
    parent = path.parent
    if not parent.is_dir():
        raise Exit(f"cannot write {path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise Exit(f"cannot write {path}: folder {parent} is not writable")


def _neo4j_uri(neo4j: str | None) -> str | None:
    """The Neo4j URI that will be used (``--neo4j``, else NEO4J_URI or the config file; without user and
    password), after checking that it is one: a malformed URI is a usage error (exit 2), a server that
    cannot be reached is exit 3."""
    from urllib.parse import urlsplit

    from .config import neo4j_settings

    uri = neo4j_settings(neo4j)["uri"]
    if not uri:
        return None
    try:
        parts = urlsplit(uri)
        ok = parts.scheme in NEO4J_SCHEMES and bool(parts.hostname) and (parts.port or 0) >= 0
    except ValueError:  # e.g. a port that is not a number
        ok = False
    if not ok:
        raise Exit(f"not a Neo4j URI: {uri!r} (expected e.g. bolt://127.0.0.1:7687; schemes "
                   f"{', '.join(NEO4J_SCHEMES)})")
    return uri


def _at_least(option: str, value: int, least: int) -> None:
    if value < least:
        raise Exit(f"{option} must be at least {least}, not {value}")


def _lang(lang: str) -> None:
    if lang not in ("zh", "en"):
        raise Exit("--lang is zh or en")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _config(path: Path | None) -> dict | None:
    if path is None:
        return None
    if not path.is_file():
        raise Exit(f"config file not found: {path}")
    from .analysis.config import ConfigError, load_config

    try:
        return load_config(path)
    except ConfigError as e:
        raise Exit(str(e)) from None


class Source:
    """Where the graph comes from: a bundle (embedded graph) or a Neo4j server."""

    def __init__(self, bundle: Path | None, neo4j: str | None, quarantine: Path | None = None):
        self.bundle_path, self.neo4j, self.quarantine = bundle, neo4j, quarantine
        self._graph = None
        self._store = None

    @property
    def embedded(self) -> bool:
        return self.bundle_path is not None

    def graph(self):
        if self._graph is None:
            from .model import build_graph

            with err.status("reading bundle…"):
                self._graph = build_graph(read_bundle(self.bundle_path, quarantine=self.quarantine))
        return self._graph

    def store(self):
        if self._store is None:
            from .store import Neo4jStore

            self._store = Neo4jStore.connect(self.neo4j)
            loads = self._store.loads()
            if not loads:
                say(err, "this Neo4j database holds no graphchain load (run graphchain load)", "warning: ", "yellow")
            for x in loads:
                if x.get("status") != "complete":
                    say(err, f"load {x.get('load_id')!r} did not complete (started {x.get('started')}); results may "
                        "be partial — rerun graphchain load (it is idempotent)", "warning: ", "yellow")
        return self._store

    def project(self, project_id: str, config: dict | None, lang: str):
        """One project's subgraph and its findings document (the subgraph read once)."""
        from .findings import analyze_graph

        _lang(lang)
        G = self.project_graph(project_id)
        return G, analyze_graph(G, config)

    def claims_graph(self):
        """What rings and leads need: the whole graph, or from Neo4j only the claims subgraph."""
        if self.embedded:
            return self.graph()
        return self.store().claims_graph()

    def project_graph(self, project_id: str):
        """One project's subgraph (from Neo4j only that project is pulled)."""
        from .model import project_subgraph

        try:
            if self.embedded:  # the views only read it: the records need no copy (a gigabyte on a big project)
                return project_subgraph(self.graph(), project_id, copy=False)
            return self.store().project_graph(project_id)
        except KeyError:
            raise Exit(f"unknown project {project_id!r} (项目不存在)") from None

    def analyze(self, config: dict | None, workers: int = 1, scheduler: str | None = None) -> dict:
        """The findings document; the projects in ``workers`` processes or on the Dask cluster at ``scheduler``
        (the embedded path never builds the whole graph)."""
        from .findings import analyze_bundle, analyze_store
        from .store import Neo4jStore
        from .workers import SchedulerError

        if not self.embedded:
            store = self.store()
        with _progress() as bar:
            task = bar.add_task("analysing projects", total=None)

            def tick(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            def read() -> Bundle:
                assert self.bundle_path is not None
                bar.update(task, description="reading bundle…")
                b = read_bundle(self.bundle_path, quarantine=self.quarantine, workers=workers)
                bar.update(task, description="analysing projects")
                return b

            try:
                if self.embedded:  # read by analyze_bundle: no reference here keeps the tables alive
                    return analyze_bundle(read, config, tick, workers=workers, scheduler=scheduler)
                # a worker process connects as this one did; a Dask task with its own environment's credentials
                connect = None if scheduler else functools.partial(Neo4jStore.connect, self.neo4j)
                return analyze_store(store, config, tick, workers=workers, scheduler=scheduler, connect=connect)
            except SchedulerError as e:
                raise Exit(str(e), 3 if e.unreachable else 2) from None


def _source(bundle: Path | None, neo4j: str | None, quarantine: Path | None = None) -> Source:
    if bundle is None:
        if not _neo4j_uri(neo4j):
            raise Exit("give a BUNDLE, or a Neo4j server with --neo4j URI / NEO4J_URI")
    _out_file(quarantine)
    return Source(bundle, neo4j, quarantine)


def _write_json(doc: dict, path: Path) -> None:
    # streamed piece by piece (the same text as json.dumps): a large document is not held a second time as
    # one string, and a third as its UTF-8 bytes
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", buffering=1 << 20) as fh:
        json.dump(doc, fh, ensure_ascii=False, indent=2, default=str)


# ---------------------------------------------------------------------------- commands
@app.command()
@friendly
def synth(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the bundle and truth.json into.")],
    projects: Annotated[int, typer.Option("--projects", "-n", help="Number of projects (at least 1).")] = 50,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Same seed, same bundle.")] = 1,
    raw: Annotated[bool, typer.Option("--raw", help="Write the case as raw exports (statements, work orders, "
                                      "rosters, registers) and who is who in truth.json; the bundle in OUT/clean.")
                   ] = False,
) -> None:
    """Write a generated bundle with planted violations, rings and decoys, plus truth.json.

    Example: [bold]graphchain synth out/b200 --projects 200 --seed 7[/]
    """
    from .synth import write_bundle

    _at_least("--projects", projects, 1)
    with err.status(f"generating {projects} projects…"), atomic_dir(_out_dir(out_dir)) as tmp:
        if raw:
            from .ingest.rawsynth import write_raw

            write_raw(write_bundle(tmp / "clean", projects, seed), tmp, seed, short_names=0.02)
        else:
            write_bundle(tmp, projects, seed)
    if raw:
        say(out, f"wrote raw exports to {out_dir} (the bundle they come from: {out_dir / 'clean'})")
        return
    rows = sum(sum(1 for _ in f.open(encoding="utf-8")) - 1 for f in out_dir.glob("*.csv"))
    say(out, f"wrote {rows:,} rows to {out_dir} (truth: {out_dir / 'truth.json'})")


@app.command("import")
@friendly
def import_(
    sources: Annotated[list[Path], typer.Argument(help="Raw exports of one KIND: CSV (UTF-8 or GBK) or .xlsx "
                                                  "(several: all or none, e.g. 流水_*.csv); or bundles.")],
    kind: Annotated[str, typer.Option("--as", help="projects, contracts, qualifications, bank, roster, payroll, "
                                      "hotline, or bundle (another bundle to merge).")],
    into: Annotated[Path, typer.Option("--into", help="The bundle folder to add to (created when missing).")],
    mapping: Annotated[Path | None, typer.Option("--mapping", help="TOML: column -> field, value maps, constants.",
                                                 show_default=False)] = None,
    account: Annotated[str | None, typer.Option("--account", help="bank: the statement's own account number.",
                                                show_default=False)] = None,
    holder: Annotated[str | None, typer.Option("--holder", help="bank: the statement's account holder.",
                                               show_default=False)] = None,
    config: ConfigOpt = None,
) -> None:
    """Add raw exports to a bundle, resolving who is who; importing a file twice adds nothing.

    Example: [bold]graphchain import 流水_*.csv --as bank --into cases/c1/[/]
    """
    from .ingest import import_files

    _parent_ok(into)
    try:
        report = import_files([(f, kind) for f in sources], into, mapping, account, holder, _config(config))
    except BundleError as e:
        _import_errors(e)
    for line in report.lines():
        say(out, line)


def _import_errors(e: BundleError) -> None:
    for x in e.errors[:500]:
        say(err, x)
    more = " (the first 500 shown)" if len(e.errors) > 500 else ""
    raise Exit(f"{len(e.errors)} problem(s){more} in {e.source}; nothing was imported or written")


@app.command()
@friendly
def resolve(
    bundle: Annotated[Path, typer.Argument(help="A bundle folder made by graphchain import.")],
    config: ConfigOpt = None,
) -> None:
    """Apply the same/different decisions written in review.csv (kept in judgements.csv) and rebuild.

    Example: [bold]graphchain resolve cases/c1/[/]
    """
    from .ingest import resolve_bundle

    try:
        report = resolve_bundle(bundle, _config(config))
    except BundleError as e:
        _import_errors(e)
    for line in report.lines():
        say(out, line)


@app.command()
@friendly
def load(
    bundle: Annotated[Path, typer.Argument(help="Bundle: a folder of CSV files or one .xlsx.")],
    neo4j: Neo4jOpt = None,
    quarantine: QuarantineOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Rows per transaction.")] = 5000,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Also remove what an earlier load with this load id wrote and the bundle no longer "
        "holds (records that another load wrote too stay).")] = False,
    load_id: Annotated[str | None, typer.Option(
        "--load-id", help="Name of this load (default: the bundle's absolute path). Give the same name to "
        "--replace a bundle that moved or is now an .xlsx.", show_default=False)] = None,
    admin_import: Annotated[Path | None, typer.Option(
        "--admin-import", help="Write no database: write DIR with the CSV files and arguments of neo4j-admin "
        "database import full (first loads of very large bundles; it REPLACES the database of a stopped "
        "server).", show_default=False)] = None,
) -> None:
    """Validate a bundle and load it into Neo4j; loading twice changes nothing.

    A plain load only adds and updates: a record deleted from the bundle stays in the database until --replace.

    Each load (by load id) has its own marker; commands that read the database warn when a load did not complete.

    Example: [bold]NEO4J_URI=bolt://127.0.0.1:7687 graphchain load cases/2024-chaoyang/ --replace[/]

    Example: [bold]graphchain load cases/province/ --admin-import import/[/] then, server stopped,
    [bold]scripts/neo4j-local import import/[/] (or neo4j-admin database import full @import/import.args)
    """
    from .model import graph_records
    from .store import Neo4jStore
    from .store.neo4j import default_load_id

    _at_least("--batch-size", batch_size, 1)
    if admin_import is not None:
        if replace:
            raise Exit("--replace and --admin-import do not go together: the import replaces the whole database")
        _out_dir(admin_import)
    else:
        _neo4j_uri(neo4j)
    _out_file(quarantine)
    with err.status("validating bundle…"):
        b = read_bundle(bundle, quarantine=quarantine)
        rec = graph_records(b)
    if b.rejected:
        say(err, f"quarantined {len(b.rejected)} problem(s) to {quarantine}", style="yellow")
    lid = load_id or default_load_id(b.source)
    if admin_import is not None:
        _write_admin_import(rec, admin_import, lid, b.source)
        return
    total = sum(map(len, rec.nodes.values())) + sum(map(len, rec.edges.values()))
    _quiet_driver()
    with Neo4jStore.connect(neo4j) as store, _progress() as bar:
        task = bar.add_task("loading into Neo4j", total=total)
        counts = store.load_records(rec, b.source, batch_size, lambda n, what: bar.update(
            task, advance=n, description=f"loading {what}"), load_id=lid, replace=replace)
        nodes, edges = store.counts()
    if replace:
        say(out, f"removed {counts.removed['nodes']:,} nodes and {counts.removed['relationships']:,} relationships "
            f"that load {lid!r} had written and the bundle no longer holds")
    say(out, f"loaded {sum(counts.values()):,} records from {bundle} into {store.uri} as load {lid!r} "
        f"(database now holds {nodes:,} nodes, {edges:,} relationships)")


def _quiet_driver() -> None:
    """The driver logs each retried transaction (a deadlock between the loader's concurrent write streams,
    retried as the server asks) as a warning that Python would print: a retry is no news for the user. One
    handler, however many loads run in this process."""
    log = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())


def _write_admin_import(rec, folder: Path, load_id: str, source: str) -> None:
    from .store.admin import ARGS_FILE, write_import

    # private (0600): the files hold the bundle's personal numbers unmasked, as the database will
    with err.status("writing the import files…"), atomic_dir(folder, private=True) as tmp:
        try:
            write_import(rec, tmp, load_id=load_id, source=source, final=folder)
        except ValueError as e:
            raise Exit(f"cannot write the import files: {e}") from None
    args = folder.resolve() / ARGS_FILE
    say(out, f"wrote the import files of load {load_id!r} to {folder}. With the server STOPPED (this replaces its "
        f"database neo4j): neo4j-admin database import full @{args} — for scripts/neo4j-local: "
        f"scripts/neo4j-local import {folder}; then start the server (graphchain creates its indexes on connecting)")


@app.command()
@friendly
def analyze(
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    json_out: Annotated[Path, typer.Option("--json", help="Write the findings document here.")] = Path(
        "findings.json"),
    config: ConfigOpt = None,
    quarantine: QuarantineOpt = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", help="Processes analysing projects (default: the machine's cores).",
        show_default=False)] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Run the per-project analysis on this Dask cluster (tcp://HOST:PORT).",
        show_default=False)] = None,
) -> None:
    """Run every analysis and write the findings document (JSON).

    Example: [bold]graphchain analyze cases/2024-chaoyang/ --json findings.json --workers 4[/]
    """
    from .workers import default_workers

    _out_file(json_out)
    if workers is not None:
        _at_least("--workers", workers, 1)
    if scheduler is not None and not scheduler.startswith(("tcp://", "tls://")):
        raise Exit(f"--scheduler takes a Dask scheduler address such as tcp://127.0.0.1:8786, not {scheduler!r}")
    src = _source(bundle, neo4j, quarantine)
    doc = src.analyze(_config(config), workers or default_workers(), scheduler)
    _write_json(doc, json_out)
    by_rule: dict[str, int] = {}
    for f in doc["findings"]:
        by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    t = Table("rule", "findings", title=f"{len(doc['projects'])} projects analysed")
    for r, n in sorted(by_rule.items()):
        _row(t, r, str(n))
    err.print(t)
    say(out, f"wrote {json_out} ({len(doc['findings'])} findings, {len(doc['liability'])} liabilities, "
        f"{len(doc.get('rings', []))} rings)")


def _render(kind: str, src: Source, project: str, path: Path, config, lang: str, unmask: bool,
            fold_threshold: int = 30) -> Path:
    from .report import graph_page, render_report

    _out_file(path, () if kind == "graph" else (".htm", ".html", ".md"))
    G, doc = src.project(project, config, lang)
    if kind == "graph":
        return graph_page(doc, G, project, path, lang=lang, unmask=unmask, fold_threshold=fold_threshold)
    fmt = "md" if path.suffix.lower() == ".md" else "html"
    text = render_report(doc, G, project, fmt=fmt, lang=lang, unmask=unmask)
    with atomic_path(path, private=unmask) as tmp:  # unmasked: raw numbers, so 0600
        tmp.write_text(text, encoding="utf-8")
    return path


@app.command()
@friendly
def report(
    project: ProjectOpt,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="report.html or report.md")],
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = "zh",
    unmask: UnmaskOpt = False,
) -> None:
    """The per-project case file: chain, timeline, findings with evidence, liable parties, money flow.

    Example: [bold]graphchain report cases/2024-chaoyang/ --project P1 --out P1.html[/]
    """
    path = _render("report", _source(bundle, neo4j), project, out_file, _config(config), lang, unmask)
    say(out, f"wrote {path}")


@app.command()
@friendly
def graph(
    out_file: Annotated[Path, typer.Option("--out", "-o", help="graph.html (one self-contained offline page)")],
    project: Annotated[str | None, typer.Option("--project", "-p", help="Project id (项目编号).",
                                                show_default=False)] = None,
    party: Annotated[str | None, typer.Option("--party", help="A party's or person's id: its footprint across "
                                              "all projects.", show_default=False)] = None,
    ring: Annotated[str | None, typer.Option("--ring", help="A ring id (G1, … as graphchain rings lists them).",
                                             show_default=False)] = None,
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = "zh",
    unmask: UnmaskOpt = False,
    fold_threshold: Annotated[int, typer.Option(
        "--fold-threshold", help="Past this many nodes, fold each employer's workers into one node.")] = 30,
) -> None:
    """The interactive graph of one project, one party across all projects, or one ring, as one offline page.

    Example: [bold]graphchain graph cases/2024-chaoyang/ --project P1 --out P1-graph.html[/]

    Example: [bold]graphchain graph cases/2024-chaoyang/ --party D --out D.html[/] (or --ring G1)
    """
    _at_least("--fold-threshold", fold_threshold, 1)
    if sum(x is not None for x in (project, party, ring)) != 1:
        raise Exit("give one of --project, --party or --ring")
    src = _source(bundle, neo4j)
    if project is not None:
        path = _render("graph", src, project, out_file, _config(config), lang, unmask, fold_threshold)
    else:
        path = _explore_page(src, party, ring, out_file, _config(config), lang, unmask, fold_threshold)
    say(out, f"wrote {path}")


def _explorer(src: Source, config: dict | None):
    from .explore import Explorer

    return Explorer.embedded(src.graph(), config) if src.embedded else Explorer.neo4j(src.store(), config)


def _explore_page(src: Source, party: str | None, ring: str | None, path: Path, config: dict | None, lang: str,
                  unmask: bool, fold_threshold: int) -> Path:
    """``graph --party`` / ``graph --ring``: the cross-project pages."""
    from .report.party_page import party_page
    from .report.ring_page import ring_page

    _out_file(path)
    _lang(lang)
    ex = _explorer(src, config)
    try:
        if party is not None:
            return party_page(ex, party, path, lang=lang, unmask=unmask, fold_threshold=fold_threshold)
        assert ring is not None
        return ring_page(ex, ring, path, lang=lang, unmask=unmask)
    except KeyError:
        what = f"party or person {party!r} (主体不存在)" if party is not None else f"ring {ring!r} (团伙不存在)"
        raise Exit(f"unknown {what}") from None


@app.command()
@friendly
def export(
    project: ProjectOpt,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the case packet.")],
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = "zh",
    unmask: UnmaskOpt = False,
) -> None:
    """A project's case packet: report (HTML, Markdown), graph page, evidence workbook (.xlsx), GraphML, GEXF.

    Example: [bold]graphchain export cases/2024-chaoyang/ --project P1 --out packet-P1/[/]
    """
    from .report import export_case_packet

    _out_dir(out_dir)
    G, doc = _source(bundle, neo4j).project(project, _config(config), lang)
    paths = export_case_packet(doc, G, project, out_dir, lang=lang, unmask=unmask)
    t = Table("file", "path", title=printable(f"case packet {project}"))
    for what, path in paths.items():
        _row(t, what, str(path))
    out.print(t)


@app.command()
@friendly
def serve(
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free port).")] = 8765,
    config: ConfigOpt = None,
    lang: LangOpt = "zh",
    unmask: UnmaskOpt = False,
) -> None:
    """A read-only local explorer in the browser: search, parties across projects, claims, rings, leads.

    Listens on 127.0.0.1 only; Ctrl-C stops it. From Neo4j every page is read by key.

    Example: [bold]graphchain serve demo-out/bundle[/] then open http://127.0.0.1:8765/
    """
    from .serve import make

    _lang(lang)
    if not 0 <= port <= 65535:
        raise Exit(f"--port must be 0–65535, not {port}")
    ex = _explorer(_source(bundle, neo4j), _config(config))
    try:
        server = make(ex, port, lang, unmask)
    except OSError as e:
        raise Exit(f"cannot listen on 127.0.0.1:{port}: {e.strerror or e}") from None
    say(out, f"graphchain explorer on http://127.0.0.1:{server.server_port}/ (read-only; Ctrl-C stops it)")
    sys.stdout.flush()  # the address, now, also when stdout is a pipe
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        say(err, "stopped")
    finally:
        server.server_close()


def _rings(src: Source, config: dict | None):
    from .analysis.rings import find_rings

    G = src.claims_graph()
    return find_rings(G, config)[0], G


@app.command()
@friendly
def rings(
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    config: ConfigOpt = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the rings as JSON.")] = None,
) -> None:
    """List suspected extortion rings (假讨薪真敲诈): members, organisers, projects, signals.

    Example: [bold]graphchain rings cases/2024-chaoyang/[/]
    """
    _out_file(json_out)
    src = _source(bundle, neo4j)
    found, G = _rings(src, _config(config))
    t = Table("ring", "score", "members", "organisers", "projects", "claims", "signals",
              title=f"{len(found)} suspected rings (leads to verify / 待核实线索)", show_lines=True)
    for r in found:
        organisers = [f"{G.nodes[o].get('name', o)}（{o}）" if o in G else o for o in r["organizers"]]
        _row(t, r["ring_id"], f"{r['score']:.2f}", str(len(r["members"])), organisers,
             str(len(r["projects"])), str(len(r["claims"])), list(r["signals"]))
    out.print(t)
    if json_out:
        _write_json({"rings": found}, json_out)
        say(out, f"wrote {json_out}")


@app.command()
@friendly
def leads(
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    config: ConfigOpt = None,
    csv_out: Annotated[Path | None, typer.Option("--csv", help="Write the leads as CSV.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the leads as JSON.")] = None,
    top: Annotated[int, typer.Option("--top", help="Rows to show on the terminal.")] = 30,
) -> None:
    """Support-prosecution leads (民事支持起诉线索) from claims and complaints, ranked.

    Example: [bold]graphchain leads cases/2024-chaoyang/ --csv leads.csv[/]
    """
    from .analysis.leads import build_leads, leads_to_csv

    _out_file(csv_out)
    _out_file(json_out)
    src = _source(bundle, neo4j)
    cfg = _config(config)
    doc = src.analyze(cfg)
    G = src.claims_graph()
    found = build_leads(G, doc, cfg)
    t = Table("lead", "project", "respondent", "match", "workers", "amount", "first filed", "liable",
              title=f"{len(found)} leads (待核实线索)")
    names = doc.get("entities", {})
    for x in found[:top]:
        liable = ", ".join(sorted({p["party_id"] for p in x.get("liable", [])}))
        _row(t, x["lead_id"], str(x["project_id"]), x.get("respondent_name") or
             names.get(x.get("respondent_id") or "", {}).get("name", "?"),
             "" if x.get("match_score") is None else f"{x['match_score']:.0f}",
             str(x["workers"]), f"{x['amount']:,.0f}", str(x["first_filed"]), liable)
    out.print(t)
    if csv_out:
        leads_to_csv(found, csv_out)
        say(out, f"wrote {csv_out}")
    if json_out:
        _write_json({"leads": found}, json_out)
        say(out, f"wrote {json_out}")


@app.command()
@friendly
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the demo bundle and outputs.")] = Path(
        "demo-out"),
    projects: Annotated[int, typer.Option("--projects", help="Projects in the generated bundle (at least 1).")] = 30,
    seed: Annotated[int, typer.Option("--seed")] = 1,
) -> None:
    """Generate a sample bundle, analyse it on the embedded graph, write report, graph page and findings.

    Example: [bold]graphchain demo --out demo-out[/]
    """
    _at_least("--projects", projects, 1)
    with atomic_dir(_out_dir(out_dir)) as tmp:  # all of it, or nothing
        files, summary = _demo(tmp, projects, seed)
    t = Table("output", "path", title="graphchain demo")
    for what, path in files.items():
        _row(t, what, str(out_dir / path.relative_to(tmp)))
    out.print(t)
    say(out, summary)
    say(out, f"Explore it in a browser: graphchain serve {out_dir / 'bundle'}")


def _demo(out_dir: Path, projects: int, seed: int) -> tuple[dict[str, Path], str]:
    from .findings import analyze_graph
    from .model import build_graph
    from .report import graph_page, render_report
    from .synth import write_bundle

    with err.status("generating a sample bundle…"):
        bundle = write_bundle(out_dir / "bundle", projects, seed)
    with err.status("analysing on the embedded graph…"):
        G = build_graph(read_bundle(bundle))
        doc = analyze_graph(G)
    findings_path = out_dir / "findings.json"
    _write_json(doc, findings_path)
    # Show the project that breaks the most distinct rules: where a user wants to look first.
    rules: dict[str, set[str]] = {}
    for f in doc["findings"]:
        if f.get("project_id"):
            rules.setdefault(f["project_id"], set()).add(f["rule"])
    project = max(sorted(rules), key=lambda p: len(rules[p])) if rules else doc["projects"][0]["project_id"]
    report_path = out_dir / f"report-{project}.html"
    report_path.write_text(render_report(doc, G, project, fmt="html"), encoding="utf-8")
    md_path = out_dir / f"report-{project}.md"
    md_path.write_text(render_report(doc, G, project, fmt="md"), encoding="utf-8")
    graph_path = graph_page(doc, G, project, out_dir / f"graph-{project}.html")
    files = {"bundle (CSV)": bundle, "findings (JSON)": findings_path, f"report {project} (HTML)": report_path,
             f"report {project} (Markdown)": md_path, f"graph {project} (HTML, offline)": graph_path}
    return files, (f"{len(doc['projects'])} projects, {len(doc['findings'])} findings, {len(doc['liability'])} "
                   f"liabilities, {len(doc.get('rings', []))} rings. Open {report_path.name} in a browser.")


def main() -> None:  # pragma: no cover
    sys.exit(app())
