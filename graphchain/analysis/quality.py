"""Precision and recall of the rules against a generated bundle's ``truth.json``.

A finding matches a truth entry when ``rule``, ``project_id`` and ``subject`` are equal.

>>> score([{"rule": "R", "project_id": "P", "subject": "A"}],
...       [{"rule": "R", "project_id": "P", "subject": "A"}, {"rule": "R", "project_id": "P", "subject": "B"}])
{'R': {'tp': 1, 'fp': 0, 'fn': 1, 'precision': 1.0, 'recall': 0.5}}
"""

from __future__ import annotations

from collections.abc import Iterable


def _keys(items: Iterable[dict], rules: set[str] | None) -> set[tuple[str, str, str]]:
    return {(f["rule"], f.get("project_id") or "", str(f["subject"])) for f in items
            if rules is None or f["rule"] in rules}


def score(found: Iterable[dict], truth: Iterable[dict], rules: Iterable[str] | None = None) -> dict[str, dict]:
    """Per rule: true/false positives, false negatives, precision and recall (1.0 when undefined)."""
    only = set(rules) if rules is not None else None
    f, t = _keys(found, only), _keys(truth, only)
    out = {}
    for rule in sorted({k[0] for k in f | t} | (only or set())):
        fr, tr = {k for k in f if k[0] == rule}, {k for k in t if k[0] == rule}
        tp, fp, fn = len(fr & tr), len(fr - tr), len(tr - fr)
        out[rule] = {"tp": tp, "fp": fp, "fn": fn,
                     "precision": tp / (tp + fp) if tp + fp else 1.0,
                     "recall": tp / (tp + fn) if tp + fn else 1.0}
    return out
