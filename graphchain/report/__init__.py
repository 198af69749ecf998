"""Views of the findings document: the per-project case file, the graph page and exports.

    from graphchain.report import render_report, graph_page
    html = render_report(doc, G, "P1")                      # Chinese, masked, one HTML file
    md = render_report(doc, G, "P1", fmt="md", lang="en")
    graph_page(doc, G, "P1", "P1-graph.html")               # interactive, offline

``doc`` is the findings document (docs/findings-format.md) and ``G`` the graph it was made from
(the whole graph or the project's subgraph). Personal numbers are masked unless ``unmask=True``.
"""

from __future__ import annotations

import networkx as nx

from .case import case_view
from .export import export_case_packet, export_gexf, export_graphml, export_workbook
from .graph_page import graph_page, graph_page_html
from .html import render_html
from .markdown import render_markdown
from .masking import Masker, mask_value


def render_report(doc: dict, G: nx.MultiDiGraph, project_id: str, fmt: str = "html", lang: str = "zh",
                  unmask: bool = False) -> str:
    """The case file of one project: ``fmt`` "html" (one self-contained page) or "md"."""
    if fmt not in ("html", "md"):
        raise ValueError(f"fmt must be 'html' or 'md', not {fmt!r}")
    view = case_view(doc, G, project_id, lang=lang, unmask=unmask)
    return render_html(view) if fmt == "html" else render_markdown(view)


__all__ = ["render_report", "graph_page", "graph_page_html", "case_view", "export_graphml", "export_gexf",
           "export_workbook", "export_case_packet", "Masker", "mask_value"]
