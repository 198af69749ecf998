"""The schema drives the graph: each table declares how its rows enter it (a node with the edges it makes,
or an edge), and the graph vocabulary, the bundle counts, the evidence kinds and the Neo4j load
statements are derived from those declarations."""

from __future__ import annotations

import pytest

from graphchain.cypher import statement
from graphchain.findings import COUNTS
from graphchain.report.i18n import TEXT
from graphchain.schema import NODE_LABELS, REL_TYPES, SELF, TABLE_ORDER, TABLES


@pytest.mark.parametrize("name", TABLE_ORDER)
def test_every_table_declares_how_it_enters_the_graph(name):
    t = TABLES[name]
    assert (t.node is None) != (t.edge is None), "a row is a node or an edge"
    columns = {c.name for c in t.columns}
    for link in (t.edge,) if t.edge else t.links:
        assert link.rel in REL_TYPES
        for end in (link.source, link.target):
            assert end == SELF or end in columns, (link.rel, end)
        assert set(link.attrs) <= columns
    assert t.evidence in TEXT, "a report can name a record of this table"
    assert (name, t.label) in COUNTS


def test_vocabulary_and_load_statements_come_from_the_tables():
    assert NODE_LABELS[:-1] == tuple(TABLES[t].node for t in TABLE_ORDER if TABLES[t].node)
    for label in NODE_LABELS:
        assert f"n:{label}," in statement("load", "node", label=label)
    for rel in REL_TYPES:
        assert f"[r:{rel} {{key: row.key}}]" in statement("load", "rel", rel=rel)
    with pytest.raises(ValueError):
        statement("load", "node", label="Party {key: 'x'}) DETACH DELETE n //")


def test_every_column_type_has_a_parser():
    """Value types are a registry: each column's type is text, a checked code, or has a parser."""
    from graphchain.bundle import CODES
    from graphchain.parse import parser

    for t in TABLES.values():
        for c in t.columns:
            if c.type in ("str", "id") or c.type.startswith("ref:") or c.type in CODES:
                continue
            assert callable(parser(c.type)), (t.name, c.name, c.type)
