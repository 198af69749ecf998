"""The docs the code and README cite live in the repository (docs/), so no reference points outside it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
REF = re.compile(r"docs/([\w.-]+\.md)")


def test_every_docs_reference_resolves():
    cited: dict[str, set[str]] = {}
    for f in [ROOT / "README.md", ROOT / "rules.example.toml", *ROOT.glob("graphchain/**/*.py"),
              *ROOT.glob("tests/*.py"), *ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("docs/*.md")]:
        for name in REF.findall(f.read_text(encoding="utf-8")):
            cited.setdefault(name, set()).add(str(f.relative_to(ROOT)))
    assert {"legal-rules.md", "data-format.md", "findings-format.md"} <= set(cited)
    missing = {n: sorted(fs) for n, fs in cited.items() if not (ROOT / "docs" / n).is_file()}
    assert missing == {}


def test_every_rule_of_the_catalogue_is_documented():
    from graphchain.legal import LIABILITIES, RULES

    text = (ROOT / "docs" / "legal-rules.md").read_text(encoding="utf-8")
    for rid in [*RULES, *LIABILITIES]:
        assert f"| {rid} |" in text, rid
