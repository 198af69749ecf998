"""Analysis thresholds: built-in defaults, overridable from a TOML file.

The file has one table per analysis; the rules read ``[rules]`` (see ``rules.example.toml``
at the top of the repository, which documents every key). Unknown keys are kept, so other
analyses (rings, leads) can read their own tables from the same file.

>>> cfg = load_config(None)
>>> cfg["rules"]["transfer_share"]
0.9
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

DEFAULTS: dict[str, dict] = {
    "rules": {
        # R-TRANSFER: a contractor lets on at least this share of what it received (by contract amount)
        "transfer_share": 0.9,
        # R-TRANSFER: scope words that name a contractor's whole job (a scope naming one trade,
        # 全部幕墙工程, is not the whole job: docs/legal-rules.md v2, change 3)
        "whole_job_words": ["全部工程", "整体工程", "工程整体", "整体转包", "全部施工内容"],
        # R-TRANSFER-FEE: a contractor with no staff on the project forwards at least this share of the money
        "fee_forward_share": 0.9,
        # R-PAY-BYPASS: "≈ 1:1" forwarding to a party without a contract
        "bypass_forward_share": 0.95,
        # R-NAME-LENDING: the real builder receives at least this share of the contract's money
        "name_lending_share": 0.9,
        # R-MAIN-STRUCTURE: words that name the main structure / labour-only work / steel-structure
        # work (exempt, 办法 12(3)) in a scope
        "main_structure_words": ["主体结构"],
        "labour_words": ["劳务"],
        "steel_words": ["钢结构"],
        # R-DEPTH: more contract tiers than this below the first construction contractor's letter
        # (an EPC tier above the general contractor is not counted)
        "max_tiers": 3,
        # chains: never follow a chain longer than this (guards against pathological data)
        "max_chain_length": 30,
        # X-REFUSE (拒付解释 3): one worker owed at least this much that is at least refuse_months
        # months' wages ...
        "refuse_one_worker": 5000,
        "refuse_months": 3,
        # ... or at least refuse_many_workers workers owed at least refuse_many_total together
        "refuse_many_total": 30000,
        "refuse_many_workers": 10,
        # X-REFUSE: months of work from attendance days when a record gives no start and end
        "days_per_month": 26,
        # X-REFUSE: the day against which an order's deadline is checked (ISO date; "" = today)
        "as_of": "",
        # money break point: a party "paid on less" when its pass-on ratio is below its own received
        # ratio by more than this
        "break_tolerance": 0.05,
    },
}


def merge(base: dict, override: dict) -> dict:
    """A deep copy of ``base`` with ``override`` merged in (tables merge, values replace)."""
    out = copy.deepcopy(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def load_config(path: str | Path | None = None) -> dict:
    """DEFAULTS merged with the TOML file at ``path`` (None: the defaults alone)."""
    if path is None:
        return merge(DEFAULTS, {})
    with Path(path).open("rb") as f:
        return merge(DEFAULTS, tomllib.load(f))


def resolve(config: dict | None) -> dict:
    """A complete config from a partial one (None, a loaded file, or a dict built in code)."""
    return merge(DEFAULTS, config or {})


def rule_settings(config: dict | None) -> dict:
    """The ``[rules]`` table with every default filled in (the table itself when it is complete,
    so rules called once per project do not copy the config each time)."""
    rules = (config or {}).get("rules") or {}
    if rules.keys() >= DEFAULTS["rules"].keys():
        return rules
    return DEFAULTS["rules"] | rules
