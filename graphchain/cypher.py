"""Load named Cypher statements from ``cypher/*.cypher`` (the one source of truth; installed as
package data, see :func:`_cypher_dir`).

A file holds statements introduced by ``// name: NAME`` comments and ended by ``;``.

>>> statement("read", "project_ids")
'MATCH (p:Project) RETURN p.id AS project_id ORDER BY project_id'
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path


def _cypher_dir() -> Path:
    """``cypher/`` of a clone (beside the package), else the copy an installed wheel carries as
    ``graphchain/_cypher`` (pyproject.toml maps the one onto the other)."""
    here = Path(__file__).resolve().parent
    clone = here.parent / "cypher"
    return clone if (clone / "read.cypher").is_file() else here / "_cypher"


CYPHER_DIR = _cypher_dir()
_NAME = re.compile(r"^//\s*name:\s*(\S+)\s*$", re.M)


@cache
def statements(file: str) -> dict[str, str]:
    """All named statements of ``cypher/<file>.cypher``."""
    text = (CYPHER_DIR / f"{file}.cypher").read_text(encoding="utf-8")
    parts = _NAME.split(text)
    out: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        lines = [ln for ln in body.splitlines() if not ln.strip().startswith("//")]
        out[name] = "\n".join(lines).strip().rstrip(";").strip()
    return out


def statement(file: str, name: str, *, label: str | None = None, rel: str | None = None) -> str:
    """The statement ``name`` of ``cypher/<file>.cypher``; a template's ``__LABEL__`` / ``__REL__``
    filled with a node label / relationship type of the schema (anything else is refused: Cypher
    cannot take labels as parameters, so only the fixed vocabulary may ever be written into one).

    >>> statement("patterns/summary", "count_nodes", label="Party")
    'MATCH (n:Party) RETURN count(n) AS n'
    """
    from .schema import NODE_LABELS, REL_TYPES

    q = statements(file)[name]
    for token, value, allowed in (("__LABEL__", label, NODE_LABELS), ("__REL__", rel, REL_TYPES)):
        if value is not None:
            if value not in allowed:
                raise ValueError(f"{value!r} is not one of graphchain's {token.strip('_').lower()}s")
            q = q.replace(token, value)
    return q
