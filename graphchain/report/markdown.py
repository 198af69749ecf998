"""The case file as Markdown: the same content as the HTML report, for editors and wikis.

Data is escaped so that a name cannot become a link, a heading, raw HTML or a table column, and
control characters (terminal escapes) and bidi overrides become visible escapes such as ``\x1b``.
"""

from __future__ import annotations

import re

from ..util import printable
from .i18n import T


def md(value: object) -> str:
    """One data value as inert Markdown text on one line."""
    s = " ".join(printable(value, newlines=True).split())  # no newline may end a table row or start a block
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Backslash-escape what Markdown would read as syntax. Dashes and dots only matter at the start
    # of a line, and escaping every "-" would litter dates and ids, so hyphens stay as they are
    # unless they lead the text.
    s = re.sub(r"([\\`*_\[\]#|~])", r"\\\1", s)  # (, ), ! only act after a ], which is escaped
    if s.startswith(("-", "+")):
        s = "\\" + s
    s = re.sub(r"^(\d+)([.)])", r"\1\\\2", s)
    return s


def _code(value: str) -> str:
    """Text for inside a code span: one line, no backtick, nothing a terminal would act on."""
    return " ".join(printable(value).replace("`", "").split())


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(md(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(c for c in r) + " |" for r in rows]
    return out + [""]


def _evidence(t: T, items: list[dict]) -> str:
    parts = []
    for e in items:
        s = md(e["id"])
        if e["source"]:
            s += f" `{_code(e['source'])}`"
        elif not e["found"]:
            s += f" ({(t('not_found'))})"
        parts.append(s)
    return t.sep.join(parts)


def render_markdown(view: dict) -> str:
    t = T(view["lang"])
    c = t.colon
    L: list[str] = [f"# {md(view['title'])}", ""]
    meta = f"{(t('generated'))}{c}{md(view['generated'])}"
    if view["data_source"]:
        meta += f"  {(t('data_source'))}{c}{md(view['data_source'])}"
    L += [meta, "", f"> **{(t('note'))}**{c}{md(view['disclaimer'])}", ""]

    L += [f"## {(t('sec_summary'))}", ""]
    L += _table([t("item"), ""], [[md(k), md(v)] for k, v in view["summary"]])

    L += [f"## {(t('sec_chain'))}", ""]

    def tree(nodes: list[dict], depth: int) -> None:
        pad = "  " * depth
        for n in nodes:
            line = f"{pad}- **{md(n['name'])}**{t.paren(md(n['id']))} _{md(n['role'])}_"
            for k in n["contracts"]:
                bits = [md(k["id"]), md(k["type"]), md(k["amount"]), md(k["signed"]), md(k["scope"])]
                if k["oral"]:
                    bits.append(t("oral"))
                bits += [f"**⚠ {md(r)}**" for r in k["rules"]]
                bits.append(f"`{_code(k['source'])}`" if k["source"] else "")
                line += " ← " + " ".join(b for b in bits if b)
            L.append(line)
            for s in n["staff"]:
                L.append(f"{pad}  - {md(s['role'])} ×{s['n']}{c}{md(t.listsep.join(s['names']))}")
            tree(n["children"], depth + 1)

    if view["project_rules"]:
        rules = t.sep.join(f"**{md(r['rule'])}** {md(r['name'])}" for r in view["project_rules"])
        L += [f"{(t('chain_rules'))}{c}{rules}", ""]
    if view["tree"]:
        tree(view["tree"], 0)
        L.append("")
    else:
        L += [(t("no_chain")), ""]

    L += [f"## {(t('sec_timeline'))}", ""]
    L += _table([t("date"), t("kind"), t("id"), t("item"), t("amount"), t("source")],
                [[md(r["date"]), md(r["kind"]), md(r["id"]),
                  md(r["what"]) + "".join(f" **⚠ {md(x)}**" for x in r["rules"]), md(r["amount"]), md(r["source"])]
                 for r in view["timeline"]])
    L += [x for note in view["timeline_notes"] for x in (f"_{md(note)}_", "")]

    L += [f"## {(t('sec_findings'))}", ""]
    for f in view["findings"]:
        L += [f"### {md(f['rule'])} {md(f['rule_name'])}", ""]
        subj = f"- **{(t('subject'))}**{c}{md(f['subject'])}"
        if f["confidence"]:
            subj += f"{t.sep}{(t('confidence'))}{c}{md(f['confidence'])}"
        L += [subj, f"- **{(t('summary'))}**{c}{md(f['summary'])}", f"- **{(t('basis'))}**{c}"]
        L += [f"  - {md(b)}" for b in f["basis"]]
        L += [f"- **{(t('evidence'))}**{c}{_evidence(t, f['evidence'])}"]
        if f["elements"]:
            L += [f"- **{t('elements')}**{c}"]
            L += [f"  - [{'x' if e['met'] else ' '}] {md(e['name'])}{c}**{md(e['status'])}**"
                  + (f"（{md(e['note'])}）" if e["note"] else "")
                  + (f" {_evidence(t, e['evidence'])}" if e["evidence"] else "") for e in f["elements"]]
        L += [""]
    if not view["findings"]:
        L += [(t("no_findings")), ""]

    L += [f"## {(t('sec_liability'))}", ""]
    for cl in view["liability"]:
        L += [f"### {(t('claim'))} {md(cl['claim_id'])}{c}{md(cl['claimant'])} {md(cl['amount'])} ({md(cl['kind'])})",
              ""]
        if cl["respondent"]:
            L += [md(cl["respondent"]), ""]
        if cl["note"]:
            L += [f"**⚠ {md(cl['note'])}**", ""]
        src = []
        if cl["claim"]:
            src.append(f"{(t('source'))}{c}{_evidence(t, cl['claim'])}")
        if cl["record"]:
            src.append(f"{(t('record'))}{c}{_evidence(t, cl['record'])}")
        if src:
            L += [t.sep.join(src), ""]
        L += _table([t("liable_party"), t("liability"), t("cap"), t("basis"), t("evidence")],
                    [[md(x["party"]), md(x["liability"]) + (f" ({md(x['rule'])} {md(x['rule_name'])})"
                                                          if x["rule"] else ""),
                      md(x["cap"] or t("no_cap")) + (f" ({md(x['note'])})" if x["note"] else ""),
                      md(t.sep.join(x["basis"])), _evidence(t, x["evidence"])]
                     for x in cl["liable"]])
    if not view["liability"]:
        L += [(t("no_liability")), ""]

    L += [f"## {(t('sec_money'))}", ""]
    if view["money"]:
        if view["breaks"]:
            L += [f"**⚠ {md(t('break_note') + t.listsep.join(view['breaks']))}**", ""]
        L += [f"- ⚠ {md(r)}" for r in view["break_reasons"]] + ([""] if view["break_reasons"] else [])
        L += _table([t("party_col")] + view["money_columns"],
                    [[(f"**⚠ {md(r['party'])}** ({(t('break_point'))})" if r["is_break"] else md(r["party"]))]
                     + [md(x) for x in r["cells"]] for r in view["money"]])
    else:
        L += [(t("no_money")), ""]
    if view["unattributed"]:
        L += [f"### {md(t('unattributed_money'))}", ""]
        L += _table([t("date"), t("payer"), t("payee"), t("amount"), t("evidence")],
                    [[md(u["date"]), md(u["payer"]), md(u["payee"]), md(u["amount"]), _evidence(t, u["evidence"])]
                     for u in view["unattributed"]])

    L += [f"## {(t('sec_evidence'))}", ""]
    if view["evidence"]:
        L += _table([t("id"), t("kind"), t("source")], [[md(e["id"]), md(e["kind"]), md(e["source"])]
                                                        for e in view["evidence"]])
        if view["evidence_note"]:
            L += [f"_{md(view['evidence_note'])}_", ""]
    else:
        L += [t("none_given"), ""]
    L += [f"> **{(t('note'))}**{c}{md(view['disclaimer'])}", ""]
    return "\n".join(L)
