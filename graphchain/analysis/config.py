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
        # R-TRANSFER: a scope naming one of these words passes on the whole job (labour-only scopes excepted)
        "transfer_scope_words": ["全部", "整体"],
        # R-TRANSFER-FEE: a contractor with no staff on the project forwards at least this share of the money
        "fee_forward_share": 0.9,
        # R-PAY-BYPASS: "≈ 1:1" forwarding to an individual without a contract
        "bypass_forward_share": 0.95,
        # R-NAME-LENDING: the real builder receives at least this share of the holder's money
        "name_lending_share": 0.9,
        # R-MAIN-STRUCTURE / R-TRANSFER: words that name the main structure / labour-only work in a scope
        "main_structure_words": ["主体结构"],
        "labour_words": ["劳务"],
        # R-DEPTH: more contract tiers below the owner than this is a multi-level chain
        "max_tiers": 3,
        # chains: never follow a chain longer than this (guards against pathological data)
        "max_chain_length": 30,
        # X-REFUSE (2013 interpretation art. 3): one worker owed at least this much ...
        "refuse_one_worker": 5000,
        # ... or at least refuse_many_workers workers owed at least refuse_many_total together
        "refuse_many_total": 30000,
        "refuse_many_workers": 10,
        # money break point: a party "paid on less" when its pass-on ratio is below its own received
        # ratio by more than this
        "break_tolerance": 0.05,
        # L-SAFETY: a claim text naming one of these words reports an injured worker
        "injury_words": ["工伤", "受伤", "摔伤", "伤残", "事故", "砸伤"],
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
