"""First loads of very large bundles: the graph records as CSV files for ``neo4j-admin database import full``.

The offline importer writes a new database from CSV files far faster than any transaction can, but only
into an empty (or overwritten) database of a stopped server. :func:`write_import` writes one header
file and one data file per node label and relationship type, plus the importer's arguments
(``import.args``, one per line); the database it makes equals a :meth:`Neo4jStore.load` of the same
records (the same nodes, relationships, properties and property types, a complete load marker),
and the constraints and indexes are made when graphchain first connects to it.

The headers come from :mod:`graphchain.schema`: a column's type gives the property type
(``amount``/``float`` → double, ``int`` → long, ``bool`` → boolean, ``list:…`` → string[], the rest
string), then the attributes the model adds (:data:`graphchain.model.ADDED_KINDS`). A value of another type,
or an attribute neither declares, is refused (``ValueError``): the files never guess.

>>> import tempfile
>>> from graphchain import read_bundle
>>> from graphchain.model import graph_records
>>> rec = graph_records(read_bundle("tests/data/mini"))
>>> out = Path(tempfile.mkdtemp())
>>> args = write_import(rec, out, load_id="mini", source="tests/data/mini")
>>> (out / "import.args").exists(), (out / "Party.header.csv").read_text().split(",")[0]
(True, 'key:ID')
>>> import shutil; shutil.rmtree(out)

then, with the server stopped: ``neo4j-admin database import full @import/import.args``.
"""

from __future__ import annotations

import datetime
import math
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import Records, record_kinds
from ..schema import NODE_LABELS, REL_TYPES

ARGS_FILE = "import.args"
ARRAY = "\x1f"  # the array delimiter (U+001F, unit separator): no id or name holds it
NEO4J_TYPES = {"amount": "double", "float": "double", "int": "long", "bool": "boolean", "ids": "string[]"}
PY_TYPES = {"string": str, "double": float, "long": int, "boolean": bool, "string[]": list, "long[]": list}


def property_types(what: str) -> dict[str, str]:
    """Property -> neo4j-admin type of a node label or relationship type: the kind of each attribute its
    records hold (:func:`graphchain.model.record_kinds`: the schema's columns, then what the model adds)."""
    return {k: "string[]" if kind.startswith("list:") else NEO4J_TYPES.get(kind, "string")
            for k, kind in record_kinds(what).items()}


def _is(value: object, kind: str) -> bool:
    """Whether ``value`` is what Bolt would store as ``kind`` (a bool is no number here)."""
    return isinstance(value, PY_TYPES[kind]) and not (kind in ("double", "long") and isinstance(value, bool))


def _field(value: Any, kind: str) -> str:
    """One CSV field: strings always quoted (so "" stays an empty string), absent values empty."""
    if value is None:
        return ""
    if not _is(value, kind):
        raise ValueError(f"{value!r} is not a {kind}")
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number")
        return repr(float(value))
    if kind == "long":
        return str(int(value))
    if kind.endswith("[]"):
        items = [str(x) for x in value]
        if any(ARRAY in x for x in items):
            raise ValueError(f"{value!r} holds the array delimiter U+001F")
        value = ARRAY.join(items)
    return '"' + str(value).replace('"', '""') + '"'


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> bool:
    """Header file and data file; whether a field spans lines."""
    path.with_suffix(".header.csv").write_text(",".join(header) + "\n", encoding="utf-8")
    multiline = False
    with path.open("w", encoding="utf-8", newline="") as f:
        for row in rows:
            line = ",".join(row)
            multiline = multiline or "\n" in line or "\r" in line
            f.write(line + "\n")
    return multiline


def _columns(what: str, records: list[dict]) -> list[tuple[str, str]]:
    types = property_types(what)
    seen = dict.fromkeys(k for d in records for k in d)
    unknown = [k for k in seen if k not in types]
    if unknown:
        raise ValueError(f"{what}: attribute(s) {', '.join(unknown)} not declared in graphchain.schema")
    return [(k, types[k]) for k in types if k in seen]


def write_import(rec: Records, out: Path, *, load_id: str, source: str, final: Path | None = None,
                 database: str = "neo4j") -> list[str]:
    """Write the import files into ``out`` (an existing, empty folder) and ``out/import.args``; return the
    arguments of ``neo4j-admin database import full``. ``final``: where ``out`` will be once complete
    (the arguments name files by absolute path; default ``out``). The load marker says ``complete``
    with load number 1 (the database is new)."""
    final = (final or out).resolve()
    run = secrets.randbits(62)
    store = {"loads": [1], "load_run": run}
    args = [database, "--overwrite-destination=true", "--id-type=string", "--array-delimiter=U+001F"]
    multiline = False
    counts: dict[str, int] = {}
    for label in NODE_LABELS:
        items = rec.nodes.get(label, [])
        if not items:
            continue
        cols = _columns(label, [d for _, d in items]) + [("loads", "long[]"), ("load_run", "long")]
        header = ["key:ID"] + [f"{k}:{t}" for k, t in cols]
        multiline |= _write(out / f"{label}.csv", header, (
            [_field(k, "string")] + [_field(d.get(c, store.get(c)), t) for c, t in cols] for k, d in items))
        args.append(f"--nodes=Node:{label}={final / f'{label}.header.csv'},{final / f'{label}.csv'}")
        counts[label] = len(items)
    for rel in REL_TYPES:
        edges = rec.edges.get(rel, [])
        if not edges:
            continue
        cols = [("key", "string")] + _columns(rel, [d for *_, d in edges]) + [("loads", "long[]"), ("load_run", "long")]
        header = [":START_ID", ":END_ID"] + [f"{k}:{t}" for k, t in cols]
        multiline |= _write(out / f"{rel}.csv", header, (
            [_field(u, "string"), _field(v, "string"), _field(k, "string")]
            + [_field(d.get(c, store.get(c)), t) for c, t in cols[1:]] for u, v, k, d in edges))
        args.append(f"--relationships={rel}={final / f'{rel}.header.csv'},{final / f'{rel}.csv'}")
        counts[rel] = len(edges)
    now = datetime.datetime.now(datetime.UTC).isoformat()
    marker = [("number", "long", 1), ("status", "string", "complete"), ("source", "string", source),
              ("started", "datetime", now), ("finished", "datetime", now),
              ("counts", "string[]", [f"{k}={v}" for k, v in counts.items()])]
    _write(out / "GraphchainLoad.csv", ["key:ID(GraphchainLoad)"] + [f"{k}:{t}" for k, t, _ in marker],
           [[_field(load_id, "string")] + [_field(v, "string" if t == "datetime" else t) for _, t, v in marker]])
    args.append(f"--nodes=GraphchainLoad={final / 'GraphchainLoad.header.csv'},{final / 'GraphchainLoad.csv'}")
    if multiline:
        args.append("--multiline-fields=true")
    (out / ARGS_FILE).write_text("".join(f'"{a}"\n' if any(c.isspace() for c in a) else f"{a}\n" for a in args),
                                 encoding="utf-8")
    return args
