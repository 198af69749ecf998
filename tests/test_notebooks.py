"""The notebooks run top to bottom on the mini bundle (like ``pytest --nbmake notebooks/``) and are
committed with their outputs cleared."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).parent.parent / "notebooks"


@pytest.mark.parametrize("name", ["case_prep", "explore"])
def test_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("name", ["case_prep", "explore"])
def test_runs_top_to_bottom(name, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("GRAPHCHAIN_OUT", str(tmp_path / "out"))
    monkeypatch.delenv("GRAPHCHAIN_BUNDLE", raising=False)
    monkeypatch.delenv("GRAPHCHAIN_PROJECT", raising=False)
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()  # raises on any cell error
    text = "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "P1" in text
    if name == "case_prep":
        written = {p.name for p in (tmp_path / "out").iterdir()}
        assert {"P1-report.html", "P1-report.md", "P1-graph.html", "P1-evidence.xlsx", "P1.graphml",
                "P1.gexf"} <= written
        assert "R-SUB-INDIVIDUAL" in text and "先行垫付" in text
    else:
        assert "suspected ring" in text and "lead(s)" in text and "fully offline" in text
        assert "party page" in text and "ring page G1" in text
