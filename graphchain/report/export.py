"""Exports for other tools: a project's graph as GraphML / GEXF (Gephi, yEd, Cytoscape) and an
evidence workbook (.xlsx) with one sheet per table of the findings document.

Personal numbers are masked unless ``unmask=True``, as in every other view (unmasked files are
written with mode 0600). Every file is written to a temporary name and renamed when complete; text
cells that a spreadsheet would read as a formula are stored as text. The files are written record by
record, straight from the graph: a project with 200,000 workers is never copied nor held as an XML tree.
"""

from __future__ import annotations

import io
import itertools
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape

import networkx as nx
import numpy as np
import pandas as pd
from networkx.readwrite.gexf import GEXF
from networkx.readwrite.graphml import GraphML

from ..util import atomic_dir, atomic_path, cut, edge_items, formula_like, inside, printable, safe_filename
from .case import MONEY_COLUMNS, Names, case_view, evidence_index, money_rows, offending_contracts, project_graph
from .i18n import T
from .masking import PERSONAL_COLUMNS, Masker

SCALARS = (str, int, float, bool)


# ------------------------------------------------------------------ graphs
def _scalar(v: object) -> object:
    """One attribute value as XML can hold it: lists joined; control characters (illegal in XML 1.0)
    and bidi overrides made visible escapes."""
    if isinstance(v, list | tuple | set):
        v = "; ".join(str(x) for x in v)
    return printable(v, newlines=True) if isinstance(v, str) or not isinstance(v, SCALARS) else v


def _file_type(t: type) -> type:
    """The type a raw attribute value of type ``t`` has once masked and made :func:`_scalar`: numbers and
    booleans keep theirs (masking leaves them alone), everything else becomes text."""
    return t if issubclass(t, bool | int | float) else str


def _types(records: Iterable[dict], gexf: bool = False) -> dict[str, type]:
    """Each attribute's type in the file (key -> type, in order of first appearance). GraphML and GEXF
    declare one type per attribute: a key whose values mix types is written as text. Records come in a few
    shapes (keys and value types): each shape is looked at once."""
    types: dict[str, type] = {}
    for keys, value_types in dict.fromkeys((tuple(d), tuple(map(type, d.values()))) for d in records):
        record = {k: _file_type(t) for k, t in zip(keys, value_types, strict=True)}
        if gexf:  # see FileGraph.nodes
            record["type"] = record.pop("label", str)
            record["label"] = str
        for k, t in record.items():
            if types.setdefault(k, t) is not t:
                types[k] = str
    return types


class FileGraph:
    """One project (or the whole graph) as GraphML and GEXF hold it, read from the graph as it is written
    (a copy of a project with 100,000 workers costs a gigabyte): node keys and values masked, values
    :func:`_scalar`, and where the values of a key mix types all of them text.

    For GEXF ``label`` is what Gephi shows, so it becomes the name and the schema label moves to ``type``;
    GraphML keeps the graph model's attributes as they are. Two passes: the first (here) finds each key's
    type without masking or copying anything, :meth:`nodes` and :meth:`edges` give the records.
    """

    def __init__(self, G: nx.MultiDiGraph, project_id: str | None = None, unmask: bool = False,
                 gexf: bool = False, masker: Masker | None = None):
        self.H = H = project_graph(G, project_id) if project_id is not None else G
        self.masker = masker or Masker(H, unmask=unmask)
        self._texts: dict[str, str] = {}
        self.gexf = gexf
        self.graph = {k: _scalar(v) for k, v in H.graph.items() if isinstance(v, SCALARS) and not k.startswith("_")}
        self.node_types = _types(H._node.values(), gexf)
        self.edge_types = _types(d for *_, d in edge_items(H))

    def key(self, n: object) -> object:
        """A node's key in the file: Identifier node keys are the numbers themselves ("phone:138…"), masked."""
        return self._text(str(n)) if self.H._node[n].get("label") == "Identifier" else _scalar(n)

    def _text(self, s: str) -> str:
        """A text value masked and :func:`_scalar` (each distinct text once: most repeat, record after record)."""
        out = self._texts.get(s)
        if out is None:
            out = self._texts[s] = printable(self.masker.text(s), newlines=True)
        return out

    def _attrs(self, d: dict, types: dict[str, type] | None) -> dict:
        """Masked :func:`_scalar` values (what ``_scalar(masker.value(k, v))`` gives, faster), of the file's
        type when ``types`` are given."""
        out = {}
        text, done, value = self._text, self._texts.get, self.masker.value
        for k, v in d.items():
            v = (done(v) or text(v)) if type(v) is str and k not in PERSONAL_COLUMNS else _scalar(value(k, v))
            out[k] = v if types is None or type(v) is types[k] else str(v)
        return out

    def nodes(self) -> Iterator[tuple[object, dict]]:
        """(key, attributes) of every node, as the file holds them."""
        for n, d in self.H._node.items():
            key = self.key(n)
            if not self.gexf:
                yield key, self._attrs(d, self.node_types)
                continue
            a = self._attrs(d, None)
            a["type"] = a.pop("label", "")
            a["label"] = str(a.get("name") or a.get("id") or key)
            yield key, {k: v if type(v) is self.node_types[k] else str(v) for k, v in a.items()}

    def gexf_id(self, n: object) -> str:
        """A node's id in GEXF: its ``id`` attribute, else its key (as NetworkX's writer takes it)."""
        d = self.H._node[n]
        return str(_scalar(self.masker.value("id", d["id"])) if "id" in d else self.key(n))

    def edges(self, node: Callable[[object], object] | None = None) -> Iterator[tuple[object, object, object, dict]]:
        """(source, target, edge key, attributes) of every edge, as the file holds them; source and target
        are the nodes' keys (or what ``node`` gives for them)."""
        node = node or self.key
        for u, v, k, d in edge_items(self.H):
            yield node(u), node(v), self._text(str(k)), self._attrs(d, self.edge_types)


def export_graph(G: nx.MultiDiGraph, project_id: str | None = None, unmask: bool = False,
                 gexf: bool = False) -> nx.MultiDiGraph:
    """:class:`FileGraph` as a NetworkX graph (a copy: the files are written without one)."""
    g = FileGraph(G, project_id, unmask, gexf)
    out = nx.MultiDiGraph(**g.graph)
    out.add_nodes_from(g.nodes())
    out.add_edges_from(g.edges())
    return out


# Written as NetworkX's writers (write_graphml, write_gexf) write them, byte for byte but for GEXF's
# <creator>, one element at a time: they build the whole XML tree first (with a copy of the graph, a few
# gigabytes for a project of 200,000 workers). Escaping as ElementTree's.
_GRAPHML = GraphML()
_GRAPHML.construct_types()  # NetworkX's type names (int -> "int", float -> "double", …)
_GEXF = GEXF()
_GEXF.construct_types()
_GEXF.set_version("1.2draft")
_ATTR_ESCAPES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_ESCAPED = re.compile('[&<>"\r\n\t]')


def _q(value: object) -> str:
    """An XML attribute value."""
    s = str(value)
    return escape(s, _ATTR_ESCAPES) if _ESCAPED.search(s) else s  # most values need none: checked at C speed


def _element(indent: str, tag: str, attrs: str, text: str) -> str:
    """One leaf element on its own line (``<tag a="1" />`` when it has no text, as ElementTree writes it)."""
    return f"{indent}<{tag}{attrs}>{escape(text)}</{tag}>\n" if text else f"{indent}<{tag}{attrs} />\n"


def write_graphml(g: FileGraph, f: TextIO) -> None:
    """``g`` as GraphML into the text file ``f`` (what ``nx.write_graphml`` writes of its graph)."""
    xml_type = _GRAPHML.get_xml_type
    graph = dict(g.graph)
    graph_id = graph.pop("id", None)
    # key ids in order of first use: graph, node, edge attributes; declared last first, as NetworkX does
    keys: dict[str, dict[str, str]] = {"graph": {}, "node": {}, "edge": {}}
    decls: list[str] = []
    for scope, types in (("graph", {k: type(v) for k, v in graph.items()}), ("node", g.node_types),
                         ("edge", g.edge_types)):
        for name, t in types.items():
            kid = keys[scope][name] = f"d{len(decls)}"
            decls.append(f'  <key id="{kid}" for="{scope}" attr.name="{_q(name)}" attr.type="{xml_type(t)}" />\n')
    f.write(_DECLARATION)
    f.write(f'<graphml xmlns="{GraphML.NS_GRAPHML}" xmlns:xsi="{GraphML.NS_XSI}" '
            f'xsi:schemaLocation="{GraphML.SCHEMALOCATION}">\n')
    f.writelines(reversed(decls))
    f.write('  <graph edgedefault="directed"' + (f' id="{_q(graph_id)}"' if graph_id is not None else "") + ">\n")

    def data(ids: dict[str, str], a: dict) -> str:
        return "".join(_element("      ", "data", f' key="{ids[k]}"', str(v)) for k, v in a.items())

    for n, a in g.nodes():
        tag = f'<node id="{_q(n)}"'
        f.write(f"    {tag}>\n{data(keys['node'], a)}    </node>\n" if a else f"    {tag} />\n")
    for u, v, k, a in g.edges():
        tag = f'<edge source="{_q(u)}" target="{_q(v)}" id="{_q(k)}"'
        f.write(f"    {tag}>\n{data(keys['edge'], a)}    </edge>\n" if a else f"    {tag} />\n")
    f.writelines(_element("    ", "data", f' key="{keys["graph"][k]}"', str(v)) for k, v in graph.items())  # last
    f.write("  </graph>\n</graphml>\n")


# Attributes NetworkX's GEXF writer puts on the <node>/<edge> element itself. (It also takes ``parents``,
# ``spells`` and ``viz`` as lists and dicts; values here are scalars, so those would be plain attributes.)
GEXF_NODE_XML = ("id", "label", "pid", "start", "end")
GEXF_EDGE_XML = ("id", "label", "weight", "type", "start", "end")


def _gexf_value(v: object) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    s = str(v)
    return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(s, s) if type(v) is float else s


def write_gexf(g: FileGraph, f: TextIO) -> None:
    """``g`` (made with ``gexf=True``) as GEXF 1.2 into the text file ``f`` (what ``nx.write_gexf`` writes of
    its graph; only the <creator> differs). Edges keep their key as the ``networkx_key`` attribute; an edge
    without an ``id`` gets a number no other edge has. Any ``start`` or ``end`` makes the graph dynamic."""
    assert g.gexf, "a FileGraph made with gexf=True"
    H, types = g.H, {"node": g.node_types, "edge": g.edge_types}
    # A third pass, over the edges' raw attributes: what the header says, and the ids in use.
    time_key: tuple[str, str] | None = None  # the last start/end written sets the graph's timeformat
    for d in H._node.values():
        if "start" in d or "end" in d:
            time_key = ("node", "end" if "end" in d else "start")
    taken = set()  # numeric edge ids (the numbers given to edges without one skip them)
    first: dict | None = None
    for *_, d in edge_items(H):
        first = d if first is None else first
        if "start" in d or "end" in d:
            time_key = ("edge", "end" if "end" in d else "start")
        if "id" in d and str(d["id"]).isdigit():
            taken.add(str(_scalar(g.masker.value("id", d["id"]))))
    # attribute titles and ids, in order of first use: node attributes, then the edges', with the edge key
    # (networkx_key) after the first edge's own attributes
    titles: dict[str, dict[str, tuple[str, type]]] = {"node": {}, "edge": {}}
    for k, t in g.node_types.items():
        if k not in GEXF_NODE_XML:
            titles["node"][k] = (str(len(titles["node"])), t)
    if first is not None:
        first_keys = [k for k in first if k not in GEXF_EDGE_XML]
        edge_keys = [*(first_keys if "key" in first else [*first_keys, "key"]),
                     *(k for k in g.edge_types if k not in first and k not in GEXF_EDGE_XML and k != "key")]
        for k in edge_keys:
            title = "networkx_key" if k == "key" else k
            titles["edge"][title] = (str(len(titles["node"]) + len(titles["edge"])),
                                     str if k == "key" else g.edge_types[k])
    dynamic = g.graph.get("mode") == "dynamic" or time_key is not None
    xml_type = _GEXF.xml_type
    f.write(_DECLARATION)
    f.write(f'<gexf xmlns="{_GEXF.NS_GEXF}" xmlns:xsi="{_GEXF.NS_XSI}" xsi:schemaLocation="{_GEXF.SCHEMALOCATION}" '
            f'version="{_GEXF.VERSION}">\n  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n'
            f"    <creator>graphchain</creator>\n  </meta>\n")
    f.write(f'  <graph defaultedgetype="directed" mode="{"dynamic" if dynamic else "static"}" '
            f'name="{_q(g.graph.get("name", ""))}"')
    if time_key is not None:
        t = types[time_key[0]][time_key[1]]
        f.write(f' timeformat="{"date" if issubclass(t, str) else "double" if issubclass(t, float) else "long"}"')
    f.write(">\n")
    for cls in ("edge", "node"):  # NetworkX inserts each block first
        if titles[cls]:
            f.write(f'    <attributes mode="static" class="{cls}">\n')
            f.writelines(f'      <attribute id="{i}" title="{_q(title)}" type="{xml_type[t]}" />\n'
                         for title, (i, t) in titles[cls].items())
            f.write("    </attributes>\n")

    def element(tag: str, xml: str, attvalues: dict, ids: dict[str, tuple[str, type]]) -> str:
        if not attvalues:
            return f"      <{tag}{xml} />\n"
        values = "".join(f'          <attvalue for="{ids[k][0]}" value="{_q(_gexf_value(v))}" />\n'
                         for k, v in attvalues.items())
        return f"      <{tag}{xml}>\n        <attvalues>\n{values}        </attvalues>\n      </{tag}>\n"

    f.write("    <nodes>\n")
    for key, a in g.nodes():
        xml = f' id="{_q(a.pop("id", key))}" label="{_q(a.pop("label", key))}"'
        xml += "".join(f' {k}="{_q(a.pop(k))}"' for k in GEXF_NODE_XML[2:] if k in a)
        f.write(element("node", xml, a, titles["node"]))
    f.write("    </nodes>\n    <edges>\n")
    numbers = itertools.count()
    for u, v, key, a in g.edges(g.gexf_id):
        a["key"] = key
        eid = a.pop("id", None)
        if eid is None:
            eid = next(n for n in map(str, numbers) if n not in taken)
        xml = f' source="{_q(u)}" target="{_q(v)}" id="{_q(eid)}"'
        xml += "".join(f' {k}="{_q(a.pop(k))}"' for k in GEXF_EDGE_XML[1:] if k in a)
        f.write(element("edge", xml, {("networkx_key" if k == "key" else k): x for k, x in a.items()},
                        titles["edge"]))
    f.write("    </edges>\n  </graph>\n</gexf>\n")


def export_graphml(G: nx.MultiDiGraph, project_id: str | None, path: str | Path, unmask: bool = False, *,
                   masker: Masker | None = None) -> Path:
    """The project's graph as GraphML (``masker``: one of the same graph and ``unmask``, to share its work)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    g = FileGraph(G, project_id, unmask, masker=masker)
    with atomic_path(path, private=unmask) as tmp, open(tmp, "w", encoding="utf-8", errors="xmlcharrefreplace") as f:
        write_graphml(g, f)
    return path


def export_gexf(G: nx.MultiDiGraph, project_id: str | None, path: str | Path, unmask: bool = False, *,
                masker: Masker | None = None) -> Path:
    """The project's graph as GEXF 1.2 (``masker`` as for :func:`export_graphml`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    g = FileGraph(G, project_id, unmask, gexf=True, masker=masker)
    with atomic_path(path, private=unmask) as tmp, open(tmp, "w", encoding="utf-8", errors="xmlcharrefreplace") as f:
        write_gexf(g, f)
    return path


# ------------------------------------------------------------------ workbook
HEADERS_ZH = {
    "project_id": "项目编号", "rule": "规则", "rule_name": "违法情形", "subject": "对象", "subject_name": "对象名称",
    "parties": "涉及主体", "contracts": "合同", "payments": "付款", "records": "其他记录", "evidence": "证据出处",
    "basis": "依据", "summary": "情况", "summary_en": "情况（英文）", "confidence": "置信度", "claim_id": "诉求编号",
    "claimant_id": "诉求人", "claimant_name": "诉求人姓名", "amount": "金额", "record": "用工记录",
    "party_id": "责任主体", "party_name": "责任主体名称", "liability": "责任形式（代码）", "liability_name": "责任形式",
    "liability_rule": "责任规则", "liability_rule_name": "责任规则名称", "cap": "上限", "chain": "链条序号",
    "tier": "层级", "from_id": "发包方", "from_name": "发包方名称", "to_id": "承包方", "to_name": "承包方名称",
    "contract_type": "合同类型", "contract_amount": "合同金额", "rules": "涉及规则", "name": "名称",
    "contracted_in": "承接合同额", "wages_due": "应付工资", "wages_unpaid": "欠付工资",
    "received": "收到", "paid_down": "向下支付", "wages_paid": "发放工资", "other_out": "其他转出", "kept": "留存",
    "break_point": "断点", "id": "编号", "kind": "类别", "source": "出处", "item": "事项", "value": "内容",
}


def workbook_tables(doc: dict, G: nx.MultiDiGraph, project_id: str | None = None, lang: str = "zh",
                    unmask: bool = False, *,
                    masker: Masker | None = None) -> dict[str, pd.DataFrame]:
    """The sheets of the evidence workbook as data frames (column names in English, stable)."""
    t = T(lang)
    names = Names(doc, G, t)
    H = project_graph(G, project_id) if project_id is not None else G
    idx = evidence_index(H)

    def mine(x: dict) -> bool:
        return project_id is None or x.get("project_id") == project_id

    def sources(ids: list[str]) -> str:
        return "; ".join(f"{i}={idx[i][1]}" if i in idx else i for i in ids)

    findings = [{
        "project_id": f.get("project_id"), "rule": f.get("rule"), "rule_name": t.rule_name(f.get("rule", "")),
        "subject": f.get("subject"), "subject_name": names.name(f.get("subject")),
        "parties": "; ".join(f.get("parties", [])), "contracts": "; ".join(f.get("contracts", [])),
        "payments": "; ".join(f.get("payments", [])), "records": "; ".join(f.get("records", [])),
        "evidence": sources(list(f.get("contracts", [])) + list(f.get("payments", [])) + list(f.get("records", []))),
        "basis": "; ".join(f.get("basis", [])), "summary": f.get("summary"), "summary_en": f.get("summary_en"),
        "confidence": f.get("confidence"),
    } for f in doc.get("findings", []) if mine(f)]

    liability = [{
        "project_id": c.get("project_id"), "claim_id": c.get("claim_id"), "claimant_id": c.get("claimant_id"),
        "claimant_name": names.name(c.get("claimant_id")), "amount": c.get("amount"), "record": c.get("record"),
        "party_id": x.get("party_id"), "party_name": names.name(x.get("party_id")),
        "liability": x.get("liability"), "liability_name": t.liability(x.get("liability", "")),
        "liability_rule": x.get("rule"), "liability_rule_name": t.liability_rule(x.get("rule")),
        "cap": x.get("cap"), "basis": "; ".join(x.get("basis", [])), "evidence": sources(list(x.get("evidence", []))),
    } for c in doc.get("liability", []) if mine(c) for x in c.get("liable", [])]

    bad = offending_contracts([f for f in doc.get("findings", []) if mine(f)])
    chains = []
    for p in doc.get("projects", []):
        if not mine(p):
            continue
        pid = p["project_id"]
        for no, path in enumerate(p.get("chains") or [], 1):
            for tier, (u, v) in enumerate(zip(path, path[1:], strict=False), 1):
                ks = [(k, d) for k, d in (G.get_edge_data(u, v) or {}).items()
                      if d.get("rel") == "CONTRACT" and d.get("project_id") == pid]
                chains.append({
                    "project_id": pid, "chain": no, "tier": tier, "from_id": u, "from_name": names.name(u),
                    "to_id": v, "to_name": names.name(v), "contracts": "; ".join(k for k, _ in ks),
                    "contract_type": "; ".join(t.enum(d.get("type")) for _, d in ks),
                    "contract_amount": sum(float(d.get("amount", 0)) for _, d in ks) if ks else None,
                    "rules": "; ".join(sorted({r for k, _ in ks for r in bad.get(k, [])})),
                    "evidence": sources([k for k, _ in ks]),
                })

    money = []
    pids = [p["project_id"] for p in doc.get("projects", []) if mine(p)] or ([project_id] if project_id else [])
    for pid in pids:
        rows, breaks, _ = money_rows(doc, pid)
        money += [{"project_id": pid, "party_id": r.get("party_id"), "name": names.name(r.get("party_id")),
                   **{k: r.get(k) for k in MONEY_COLUMNS}, "break_point": r.get("party_id") in breaks}
                  for r in rows]

    kind_word = {k: t(k) for k in ("contract", "payment", "employment", "claim", "party", "person", "project")}
    evidence = [{"id": i, "kind": kind_word.get(k, k), "source": s} for i, (k, s) in sorted(idx.items())]

    notes = [{"item": t("note"), "value": t.disclaimer},
             {"item": t("generated"), "value": datetime.now().strftime("%Y-%m-%d %H:%M")},
             {"item": t("data_source"), "value": str(doc.get("bundle", {}).get("source", ""))},
             {"item": t("project_id"), "value": project_id or ""},
             {"item": t("rule"), "value": "; ".join(sorted({f["rule"] for f in findings}))}]

    def frame(rows: list[dict], cols: list[str]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=cols)

    tables = {
        "notes": frame(notes, ["item", "value"]),
        "findings": frame(findings, ["project_id", "rule", "rule_name", "subject", "subject_name", "parties",
                                     "contracts", "payments", "records", "evidence", "basis", "summary",
                                     "summary_en", "confidence"]),
        "liability": frame(liability, ["project_id", "claim_id", "claimant_id", "claimant_name", "amount", "record",
                                       "party_id", "party_name", "liability", "liability_name", "liability_rule",
                                       "liability_rule_name", "cap", "basis", "evidence"]),
        "chains": frame(chains, ["project_id", "chain", "tier", "from_id", "from_name", "to_id", "to_name",
                                 "contracts", "contract_type", "contract_amount", "rules", "evidence"]),
        "money": frame(money, ["project_id", "party_id", "name", *MONEY_COLUMNS, "break_point"]),
        "evidence": frame(evidence, ["id", "kind", "source"]),
    }
    masker = masker or Masker(H, unmask=unmask)
    return {name: df.map(lambda v: masker.text(v) if isinstance(v, str) else v) for name, df in tables.items()}


# The workbook is written as SpreadsheetML by hand, one row at a time: openpyxl builds an element tree per
# cell (about 30 µs a styled cell without lxml, two minutes for the 3.75 million cells of a project with
# 200,000 workers; a normal workbook also holds every cell). Text is stored inline (never a formula).
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# cell styles (cellXfs): 0 normal, 1 header (bold, grey), 2 body (wrapped, top), 3 body kept text when
# edited (quote prefix), 4 and 5 the same on a break-point row (red)
_HEADER, _BODY, _QUOTED, _BREAK = 1, 2, 3, 4
_STYLES = (_XML + f'<styleSheet xmlns="{_MAIN}">'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
           '</fill><fill><patternFill patternType="solid"><fgColor rgb="00DDDDDD"/></patternFill></fill>'
           '<fill><patternFill patternType="solid"><fgColor rgb="00FDE0DC"/></patternFill></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
           + "".join(f'<xf numFmtId="0" fontId="0" fillId="{fill}" borderId="0" xfId="0"{quote} applyFill="1" '
                     'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
                     for fill in (0, 3) for quote in ("", ' quotePrefix="1"'))
           + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
           "</styleSheet>")


CELL_CHARS = 32_767  # the most a worksheet cell holds


def _cell(ref: str, v: object, style: int) -> str:
    """One cell: text inline (:func:`graphchain.util.printable`, cut to :data:`CELL_CHARS`), numbers and
    booleans as values, nothing (None, NaN) an empty styled cell; infinities as text, as pandas writes them."""
    if v is None or (isinstance(v, float | np.floating) and v != v):
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(v, bool | np.bool_):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(v)}</v></c>'
    if isinstance(v, int | np.integer):
        return f'<c r="{ref}" s="{style}"><v>{int(v)}</v></c>'
    if isinstance(v, float | np.floating):
        if abs(v) != float("inf"):
            return f'<c r="{ref}" s="{style}"><v>{float(v)!r}</v></c>'
        v = "inf" if v > 0 else "-inf"
    # control characters are illegal in XML (the file would not open) and bidi overrides disguise text: both
    # shown as escapes, as in the graph files; a cell holds at most 32,767 characters
    s = cut(printable(v, newlines=True), CELL_CHARS)
    if formula_like(s) and style != _HEADER:  # text, never a formula (OWASP); the quote prefix: text when edited
        style += _QUOTED - _BODY
    space = ' xml:space="preserve"' if s != s.strip() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{escape(s)}</t></is></c>'


def _sheet(f: TextIO, df: pd.DataFrame, header: list[str], breaks: list[bool] | None) -> None:
    """One worksheet: the header row frozen, columns as wide as their first 200 values (at most 60)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i) for i in range(1, len(header) + 1)]
    f.write(f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>')
    if header:
        f.write("<cols>")
        for i, col in enumerate(df.columns):
            longest = max([len(str(header[i]))] + [len(printable(v, newlines=True)) for v in df[col].head(200)])
            f.write(f'<col min="{i + 1}" max="{i + 1}" width="{min(60, max(8, longest * 1.6))}" customWidth="1"/>')
        f.write("</cols>")
    f.write('<sheetData><row r="1">')
    f.write("".join(_cell(f"{c}1", h, _HEADER) for c, h in zip(letters, header, strict=True)) + "</row>")
    for r, row in enumerate(df.itertuples(index=False, name=None), 2):
        style = _BREAK if breaks is not None and breaks[r - 2] else _BODY
        f.write(f'<row r="{r}">' + "".join(_cell(f"{c}{r}", v, style) for c, v in zip(letters, row, strict=True))
                + "</row>")
    f.write("</sheetData></worksheet>")


def export_workbook(doc: dict, G: nx.MultiDiGraph, project_id: str | None, path: str | Path, lang: str = "zh",
                    unmask: bool = False, *,
                    masker: Masker | None = None) -> Path:
    """The evidence workbook: sheets notes, findings, liability, chains, money, evidence."""
    return write_workbook(workbook_tables(doc, G, project_id, lang, unmask, masker=masker), path, lang, unmask)


def write_workbook(tables: dict[str, pd.DataFrame], path: str | Path, lang: str = "zh", private: bool = False) -> Path:
    """:func:`workbook_tables` as an .xlsx file, one sheet each (mode 0600 when ``private``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = len(tables)
    content = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    parts = {
        "[Content_Types].xml": f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        f'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>{content}</Types>',
        "_rels/.rels": f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        + "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(tables, 1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'{_XML}<Relationships xmlns="{_PKG}">'
        + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                  for i in range(1, n + 1))
        + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": _STYLES,
    }
    with atomic_path(path, private=private) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
        for i, (name, df) in enumerate(tables.items(), 1):
            header = [HEADERS_ZH.get(c, c) if lang == "zh" else c for c in df.columns]
            breaks = list(df["break_point"].astype(bool)) if name == "money" else None
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as raw, \
                    io.TextIOWrapper(raw, encoding="utf-8") as f:
                _sheet(f, df, header, breaks)
    return path


def export_case_packet(doc: dict, G: nx.MultiDiGraph, project_id: str, out_dir: str | Path, lang: str = "zh",
                       unmask: bool = False) -> dict[str, Path]:
    """Everything for one case in one folder: report (HTML, Markdown), graph page, workbook, GraphML, GEXF.

    File names start with the project id made safe (:func:`~graphchain.util.safe_filename`), so an id
    like ``../../x`` cannot lead outside ``out_dir``. The files are written into a temporary folder
    and moved into ``out_dir`` only when all are complete: a failure leaves nothing behind.
    """
    from . import graph_page
    from .html import render_html
    from .markdown import render_markdown

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    stem = safe_filename(project_id)
    names = {"report_html": f"{stem}-report.html", "report_md": f"{stem}-report.md",
             "graph": f"{stem}-graph.html", "workbook": f"{stem}-evidence.xlsx", "graphml": f"{stem}.graphml",
             "gexf": f"{stem}.gexf"}
    with atomic_dir(out, private=unmask) as tmp:
        f = {k: inside(tmp / name, tmp) for k, name in names.items()}
        # one masker for the five files: finding a project's personal numbers is a walk over all its records,
        # and most texts recur from file to file
        masker = Masker(project_graph(G, project_id), unmask=unmask)
        view = case_view(doc, G, project_id, lang=lang, unmask=unmask, masker=masker)  # for HTML and Markdown
        for k, render in (("report_html", render_html), ("report_md", render_markdown)):
            with atomic_path(f[k], private=unmask) as part:
                part.write_text(render(view), encoding="utf-8")
        del view
        graph_page(doc, G, project_id, f["graph"], lang=lang, unmask=unmask, masker=masker)
        export_workbook(doc, G, project_id, f["workbook"], lang, unmask, masker=masker)
        export_graphml(G, project_id, f["graphml"], unmask, masker=masker)
        export_gexf(G, project_id, f["gexf"], unmask, masker=masker)
    return {k: inside(out / name, out) for k, name in names.items()}


__all__ = ["FileGraph", "export_graph", "export_graphml", "export_gexf", "write_graphml", "write_gexf",
           "workbook_tables", "export_workbook", "write_workbook", "export_case_packet"]
