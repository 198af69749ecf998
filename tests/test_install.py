"""A new user's install: the built wheel (not an editable install) carries the Cypher statements,
and from a fresh venv it loads a bundle into the real Neo4j server and analyses it there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest
from setuptools import find_packages

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_for_the_wheel():
    """pyproject.toml lists the packages by hand (to map cypher/ into the wheel): none may be missing."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    assert set(find_packages(str(ROOT), include=["graphchain*"])) <= listed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (a build in the checkout would leave build/ behind)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("graphchain", "cypher"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(src), "-w", str(out)],
                   check=True, capture_output=True, timeout=600)
    return next(out.glob("graphchain-*.whl"))


def test_wheel_ships_the_cypher_files(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    cypher = ROOT / "cypher"
    wanted = {f"graphchain/_cypher/{p.relative_to(cypher).as_posix()}" for p in cypher.rglob("*.cypher")}
    assert wanted and wanted <= set(names)
    assert "graphchain/templates/graph.html.j2" in names


@pytest.mark.neo4j
def test_installed_wheel_loads_and_analyzes_in_neo4j(wheel, neo4j, tmp_path):
    """graphchain installed from the wheel into a fresh venv: load and analyze --neo4j work."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    # The dependencies come from this interpreter's site-packages (appended after the venv's own,
    # so the freshly installed graphchain wins; the editable install's finder is not loaded).
    purelib = Path(subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True,
                   timeout=300)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([py, "-c", "import graphchain.cypher as c; print(c.__file__); print(c.CYPHER_DIR)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert all(Path(p).is_relative_to(venv) for p in where), where  # the installed copy, not the checkout
    exe = str(venv / "bin" / "graphchain")
    r = subprocess.run([exe, "load", str(ROOT / "tests" / "data" / "mini"), "--neo4j", os.environ["NEO4J_URI"]],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "loaded" in r.stdout
    r = subprocess.run([exe, "analyze", "--neo4j", os.environ["NEO4J_URI"], "--json", "f.json"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    doc = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert {p["project_id"] for p in doc["projects"]} >= {"P1", "P2"}
    assert {f["rule"] for f in doc["findings"]} >= {"R-TRANSFER", "R-SUB-INDIVIDUAL"}
