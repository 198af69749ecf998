"""Settings from the environment or a config file — never from code or the command line.

Neo4j: ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``; otherwise the ``[neo4j]`` table of
the TOML file named by ``GRAPHCHAIN_CONFIG`` (default ``~/.config/graphchain/config.toml``).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path


def config_file() -> Path:
    return Path(os.environ.get("GRAPHCHAIN_CONFIG", Path.home() / ".config" / "graphchain" / "config.toml"))


def load_config(path: str | Path | None = None) -> dict:
    p = Path(path) if path else config_file()
    if not p.is_file():
        return {}
    with p.open("rb") as f:
        return tomllib.load(f)


def neo4j_settings(uri: str | None = None) -> dict[str, str | None]:
    """uri, user and password for Neo4j; the environment wins over the config file."""
    file = load_config().get("neo4j", {})
    return {
        "uri": uri or os.environ.get("NEO4J_URI") or file.get("uri"),
        "user": os.environ.get("NEO4J_USER") or file.get("user") or "neo4j",
        "password": os.environ.get("NEO4J_PASSWORD") or file.get("password"),
    }
