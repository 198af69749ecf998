"""graphchain: trace illegal subcontracting chains and name who must pay the workers.

The Python API that the CLI and the notebooks share (ingest → store → analysis → views)::

    from graphchain import read_bundle, build_graph, analyze_graph, render_report
    G = build_graph(read_bundle("cases/chaoyang/"))      # the embedded in-memory graph
    doc = analyze_graph(G)                                # the findings document (dict)
    html = render_report(doc, G, "P1")                    # one project's case file

    from graphchain import Neo4jStore, analyze_store
    with Neo4jStore.connect() as store:                   # NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD
        store.load(read_bundle("cases/chaoyang/"))
        doc = analyze_store(store)                        # project by project
"""

from .analysis.leads import build_leads
from .analysis.rings import find_rings
from .bundle import Bundle, BundleError, RowError, read_bundle
from .findings import analyze_bundle, analyze_graph, analyze_store
from .model import build_graph, project_subgraph
from .report import export_case_packet, graph_page, render_report
from .store import Neo4jStore, StoreError

__all__ = [
    "Bundle", "BundleError", "RowError", "read_bundle", "build_graph", "project_subgraph",
    "analyze_graph", "analyze_store", "analyze_bundle", "find_rings", "build_leads",
    "render_report", "graph_page", "export_case_packet", "Neo4jStore", "StoreError",
]
__version__ = "0.1.0"
