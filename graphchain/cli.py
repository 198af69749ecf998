"""The ``graphchain`` command: a thin layer over the Python API (see interfaces.md).

Every command reads a bundle into the embedded in-memory graph, or — with no bundle — works
from Neo4j (``--neo4j URI`` or ``NEO4J_URI``; credentials only from the environment or the
config file). Errors are one clear line (or one line per bad cell) on stderr, never a traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .bundle import BundleError, read_bundle
from .store import StoreError

app = typer.Typer(
    help="graphchain — 追踪违法分包转包链条，识别欠薪责任主体与假讨薪团伙 "
    "(trace illegal subcontracting chains, name who must pay the workers, find extortion rings).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
out = Console()
err = Console(stderr=True)

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


def friendly(fn):
    """Turn the errors a user can cause into one clear message and a non-zero exit status."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except BundleError as e:
            for x in e.errors[:500]:
                err.print(str(x), markup=False, highlight=False)
            if len(e.errors) > 500:
                err.print(f"… and {len(e.errors) - 500} more", markup=False)
            err.print(f"[red]error:[/] {len(e.errors)} problem(s) in bundle {e.source}; nothing was loaded or "
                      "written (use --quarantine FILE to set bad rows aside).", highlight=False)
            raise typer.Exit(2) from None
        except StoreError as e:
            err.print(f"[red]error:[/] {e}", markup=True, highlight=False)
            raise typer.Exit(3) from None
        except Exit as e:
            err.print(f"[red]error:[/] {e}", highlight=False)
            raise typer.Exit(e.code) from None

    return wrapper


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _config(path: Path | None) -> dict | None:
    if path is None:
        return None
    if not path.is_file():
        raise Exit(f"config file not found: {path}")
    from .analysis.config import load_config

    return load_config(path)


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
            from rich.markup import escape

            from .store import Neo4jStore

            self._store = Neo4jStore.connect(self.neo4j)
            loads = self._store.loads()
            if not loads:
                err.print("[yellow]warning:[/] this Neo4j database holds no graphchain load (run graphchain load)")
            for x in loads:
                if x.get("status") != "complete":
                    err.print(f"[yellow]warning:[/] load {escape(repr(x.get('load_id')))} did not complete (started "
                              f"{x.get('started')}); results may be partial — rerun graphchain load (it is idempotent)",
                              highlight=False)
        return self._store

    def project(self, project_id: str, config: dict | None, lang: str):
        """One project's subgraph and its findings document (the subgraph read once)."""
        from .findings import analyze_graph

        if lang not in ("zh", "en"):
            raise Exit("--lang is zh or en")
        G = self.project_graph(project_id)
        return G, analyze_graph(G, config)

    def claims_graph(self):
        """What rings and leads need: the whole graph, or from Neo4j only the claims subgraph."""
        if self.embedded:
            return self.graph()
        from .analysis.rings import claims_graph_from_store

        return claims_graph_from_store(self.store())

    def project_graph(self, project_id: str):
        """One project's subgraph (from Neo4j only that project is pulled)."""
        from .model import project_subgraph

        try:
            if self.embedded:
                return project_subgraph(self.graph(), project_id)
            return self.store().project_graph(project_id)
        except KeyError:
            raise Exit(f"unknown project {project_id!r} (项目不存在)") from None

    def analyze(self, config: dict | None) -> dict:
        from .findings import analyze_graph, analyze_store

        if self.embedded:
            return analyze_graph(self.graph(), config)
        with _progress() as bar:
            task = bar.add_task("analysing projects", total=None)

            def tick(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return analyze_store(self.store(), config, progress=tick)


def _source(bundle: Path | None, neo4j: str | None, quarantine: Path | None = None) -> Source:
    if bundle is None:
        from .config import neo4j_settings

        if not neo4j_settings(neo4j)["uri"]:
            raise Exit("give a BUNDLE, or a Neo4j server with --neo4j URI / NEO4J_URI")
    return Source(bundle, neo4j, quarantine)


def _write_json(doc: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


# ---------------------------------------------------------------------------- commands
@app.command()
@friendly
def synth(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write the bundle and truth.json into.")],
    projects: Annotated[int, typer.Option("--projects", "-n", min=1, help="Number of projects.")] = 50,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Same seed, same bundle.")] = 1,
) -> None:
    """Write a generated bundle with planted violations, rings and decoys, plus truth.json.

    Example: [bold]graphchain synth out/b200 --projects 200 --seed 7[/]
    """
    from .synth import write_bundle

    with err.status(f"generating {projects} projects…"):
        path = write_bundle(out_dir, projects, seed)
    rows = sum(sum(1 for _ in f.open(encoding="utf-8")) - 1 for f in Path(path).glob("*.csv"))
    out.print(f"wrote {rows:,} rows to {path} (truth: {Path(path) / 'truth.json'})", highlight=False)


@app.command()
@friendly
def load(
    bundle: Annotated[Path, typer.Argument(help="Bundle: a folder of CSV files or one .xlsx.")],
    neo4j: Neo4jOpt = None,
    quarantine: QuarantineOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 5000,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Also remove what an earlier load with this load id wrote and the bundle no longer "
        "holds (records that another load wrote too stay).")] = False,
    load_id: Annotated[str | None, typer.Option(
        "--load-id", help="Name of this load (default: the bundle's absolute path). Give the same name to "
        "--replace a bundle that moved or is now an .xlsx.", show_default=False)] = None,
) -> None:
    """Validate a bundle and load it into Neo4j; loading twice changes nothing.

    A plain load only adds and updates: a record deleted from the bundle stays in the database until --replace.

    Each load (by load id) has its own marker; commands that read the database warn when a load did not complete.

    Example: [bold]NEO4J_URI=bolt://127.0.0.1:7687 graphchain load cases/2024-chaoyang/ --replace[/]
    """
    from .model import graph_records
    from .store import Neo4jStore
    from .store.neo4j import default_load_id

    with err.status("validating bundle…"):
        b = read_bundle(bundle, quarantine=quarantine)
        rec = graph_records(b)
    if b.rejected:
        err.print(f"quarantined {len(b.rejected)} problem(s) to {quarantine}", style="yellow", markup=False)
    lid = load_id or default_load_id(b.source)
    total = sum(map(len, rec.nodes.values())) + sum(map(len, rec.edges.values()))
    with Neo4jStore.connect(neo4j) as store, _progress() as bar:
        task = bar.add_task("loading into Neo4j", total=total)
        counts = store.load_records(rec, b.source, batch_size, lambda n, what: bar.update(
            task, advance=n, description=f"loading {what}"), load_id=lid, replace=replace)
        nodes, edges = store.counts()
    if replace:
        out.print(f"removed {counts.removed['nodes']:,} nodes and {counts.removed['relationships']:,} relationships "
                  f"that load {lid!r} had written and the bundle no longer holds", markup=False, highlight=False)
    out.print(f"loaded {sum(counts.values()):,} records from {bundle} into {store.uri} as load {lid!r} "
              f"(database now holds {nodes:,} nodes, {edges:,} relationships)", markup=False, highlight=False)


@app.command()
@friendly
def analyze(
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    json_out: Annotated[Path, typer.Option("--json", help="Write the findings document here.")] = Path(
        "findings.json"),
    config: ConfigOpt = None,
    quarantine: QuarantineOpt = None,
) -> None:
    """Run every analysis and write the findings document (JSON).

    Example: [bold]graphchain analyze cases/2024-chaoyang/ --json findings.json[/]
    """
    src = _source(bundle, neo4j, quarantine)
    doc = src.analyze(_config(config))
    _write_json(doc, json_out)
    by_rule: dict[str, int] = {}
    for f in doc["findings"]:
        by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    t = Table("rule", "findings", title=f"{len(doc['projects'])} projects analysed")
    for r, n in sorted(by_rule.items()):
        t.add_row(r, str(n))
    err.print(t)
    out.print(f"wrote {json_out} ({len(doc['findings'])} findings, {len(doc['liability'])} liabilities, "
              f"{len(doc.get('rings', []))} rings)", highlight=False)


def _render(kind: str, src: Source, project: str, path: Path, config, lang: str, unmask: bool,
            fold_threshold: int = 30) -> Path:
    from .report import graph_page, render_report

    G, doc = src.project(project, config, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "graph":
        return graph_page(doc, G, project, path, lang=lang, unmask=unmask, fold_threshold=fold_threshold)
    fmt = {".html": "html", ".htm": "html", ".md": "md"}.get(path.suffix.lower())
    if fmt is None:
        raise Exit("--out must end in .html or .md")
    path.write_text(render_report(doc, G, project, fmt=fmt, lang=lang, unmask=unmask), encoding="utf-8")
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
    out.print(f"wrote {path}", highlight=False)


@app.command()
@friendly
def graph(
    project: ProjectOpt,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="graph.html (one self-contained offline page)")],
    bundle: BundleArg = None,
    neo4j: Neo4jOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = "zh",
    unmask: UnmaskOpt = False,
    fold_threshold: Annotated[int, typer.Option(
        "--fold-threshold", min=1, help="Past this many nodes, fold each employer's workers into one node.")] = 30,
) -> None:
    """The interactive graph of one project, as one offline HTML page.

    Example: [bold]graphchain graph cases/2024-chaoyang/ --project P1 --out P1-graph.html[/]
    """
    path = _render("graph", _source(bundle, neo4j), project, out_file, _config(config), lang, unmask,
                   fold_threshold)
    out.print(f"wrote {path}", highlight=False)


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

    G, doc = _source(bundle, neo4j).project(project, _config(config), lang)
    paths = export_case_packet(doc, G, project, out_dir, lang=lang, unmask=unmask)
    t = Table("file", "path", title=f"case packet {project}")
    for what, path in paths.items():
        t.add_row(what, str(path))
    out.print(t)


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
    src = _source(bundle, neo4j)
    found, G = _rings(src, _config(config))
    t = Table("ring", "score", "members", "organisers", "projects", "claims", "signals",
              title=f"{len(found)} suspected rings (leads to verify / 待核实线索)", show_lines=True)
    for r in found:
        organisers = "\n".join(f"{G.nodes[o].get('name', o)}（{o}）" if o in G else o for o in r["organizers"])
        t.add_row(r["ring_id"], f"{r['score']:.2f}", str(len(r["members"])), organisers,
                  str(len(r["projects"])), str(len(r["claims"])), "\n".join(r["signals"]))
    out.print(t)
    if json_out:
        _write_json({"rings": found}, json_out)
        out.print(f"wrote {json_out}", highlight=False)


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
        t.add_row(x["lead_id"], str(x["project_id"]), x.get("respondent_name") or
                  names.get(x.get("respondent_id") or "", {}).get("name", "?"),
                  "" if x.get("match_score") is None else f"{x['match_score']:.0f}",
                  str(x["workers"]), f"{x['amount']:,.0f}", str(x["first_filed"]), liable)
    out.print(t)
    if csv_out:
        leads_to_csv(found, csv_out)
        out.print(f"wrote {csv_out}", highlight=False)
    if json_out:
        _write_json({"leads": found}, json_out)
        out.print(f"wrote {json_out}", highlight=False)


@app.command()
@friendly
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the demo bundle and outputs.")] = Path(
        "demo-out"),
    projects: Annotated[int, typer.Option("--projects", help="Projects in the generated bundle.")] = 30,
    seed: Annotated[int, typer.Option("--seed")] = 1,
) -> None:
    """Generate a sample bundle, analyse it on the embedded graph, write report, graph page and findings.

    Example: [bold]graphchain demo --out demo-out[/]
    """
    from .findings import analyze_graph
    from .model import build_graph
    from .report import graph_page, render_report
    from .synth import write_bundle

    out_dir.mkdir(parents=True, exist_ok=True)
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
    t = Table("output", "path", title="graphchain demo")
    t.add_row("bundle (CSV)", str(bundle))
    t.add_row("findings (JSON)", str(findings_path))
    t.add_row(f"report {project} (HTML)", str(report_path))
    t.add_row(f"report {project} (Markdown)", str(md_path))
    t.add_row(f"graph {project} (HTML, offline)", str(graph_path))
    out.print(t)
    out.print(f"{len(doc['projects'])} projects, {len(doc['findings'])} findings, {len(doc['liability'])} "
              f"liabilities, {len(doc.get('rings', []))} rings. Open {report_path} in a browser.",
              highlight=False)


def main() -> None:  # pragma: no cover
    sys.exit(app())
