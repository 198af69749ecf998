"""Helpers for the hostile-output tests: edit a copy of the mini bundle, list files, check spreadsheets."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable
from pathlib import Path

from graphchain.util import FORMULA_START

csv.field_size_limit(sys.maxsize)  # the fuzz test writes cells of 100k+ characters

# What a terminal or editor would act on: ESC (and so CSI), other C0/C1 controls, bidi overrides.
TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _rewrite(path: Path, change: Callable[[dict[str, str]], None]) -> None:
    """Apply ``change`` to every row (a dict by header) of the CSV file ``path``."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        change(r)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def edit(bundle: Path, file: str, key: str, changes: dict[str, dict[str, str]]) -> None:
    """Set cells of ``bundle/file`` by row id: ``{row_id: {column: value}}``."""
    _rewrite(bundle / file, lambda r: r.update(changes.get(r[key], {})))


def rename_project(bundle: Path, old: str, new: str) -> None:
    """Give project ``old`` the id ``new`` in every file that names it."""

    def change(r: dict[str, str]) -> None:
        if r.get("project_id") == old:
            r["project_id"] = new

    for path in bundle.glob("*.csv"):
        _rewrite(path, change)


def tree(folder: Path) -> set[Path]:
    """Every file and folder below ``folder``."""
    return set(folder.rglob("*"))


def csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [c for row in csv.reader(fh) for c in row]


def live_formula_cells(path: Path) -> list[str]:
    """Cells of a CSV or .xlsx file we wrote that a spreadsheet would run as a formula."""
    if path.suffix == ".csv":
        return [c for c in csv_cells(path) if c.startswith(FORMULA_START)]
    from openpyxl import load_workbook

    bad = []
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith(FORMULA_START)
                                          and not (c.data_type == "s" and c.quotePrefix)):
                    bad.append(f"{ws.title}!{c.coordinate}={c.value!r}")
    return bad


def xlsx_texts(path: Path) -> list[str]:
    from openpyxl import load_workbook

    return [c.value for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]
