"""Settings from the environment or a config file — never from code or the command line.

Neo4j: ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``; otherwise the ``[neo4j]`` table of
the TOML file named by ``GRAPHCHAIN_CONFIG`` (default ``~/.config/graphchain/config.toml``).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit


def config_file() -> Path:
    return Path(os.environ.get("GRAPHCHAIN_CONFIG", Path.home() / ".config" / "graphchain" / "config.toml"))


def load_config(path: str | Path | None = None) -> dict:
    p = Path(path) if path else config_file()
    if not p.is_file():
        return {}
    with p.open("rb") as f:
        return tomllib.load(f)


def neo4j_settings(uri: str | None = None) -> dict[str, str | None]:
    """uri, user and password for Neo4j; the environment wins over the config file.

    Credentials written into the URI (``bolt://user:pw@host:7687``, which the driver itself refuses)
    are taken out of it and win over both.

    >>> s = neo4j_settings("bolt://ana:p%40ss@db:7687"); s["uri"], s["user"], s["password"]
    ('bolt://db:7687', 'ana', 'p@ss')
    """
    file = load_config().get("neo4j", {})
    out = {
        "uri": uri or os.environ.get("NEO4J_URI") or file.get("uri"),
        "user": os.environ.get("NEO4J_USER") or file.get("user") or "neo4j",
        "password": os.environ.get("NEO4J_PASSWORD") or file.get("password"),
    }
    return out | _userinfo(out["uri"]) if out["uri"] and "@" in out["uri"] else out


def _userinfo(uri: str) -> dict[str, str]:
    """{"uri": the URI without user and password, "user": …, "password": …} as far as given."""
    try:
        parts = urlsplit(uri)
        host = parts.netloc.rpartition("@")[2]
        if parts.username is None:
            return {}
    except ValueError:  # not a URI at all: the caller reports it
        return {}
    found = {"uri": urlunsplit(parts._replace(netloc=host)), "user": unquote(parts.username)}
    if parts.password is not None:
        found["password"] = unquote(parts.password)
    return found
