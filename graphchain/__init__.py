"""graphchain: trace illegal subcontracting chains and name who must pay the workers.

The Python API that the CLI and the notebooks share:

    from graphchain import read_bundle, build_graph
"""

from .bundle import Bundle, BundleError, RowError, read_bundle
from .model import build_graph, project_subgraph

__all__ = ["Bundle", "BundleError", "RowError", "read_bundle", "build_graph", "project_subgraph"]
__version__ = "0.1.0"
