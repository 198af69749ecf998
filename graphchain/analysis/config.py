"""Analysis thresholds: built-in defaults, overridable from a TOML file.

The file has one table per analysis: ``[rules]``, ``[rings]`` and ``[leads]`` (see
``rules.example.toml`` at the top of the repository, which documents every key). A file is checked
before it is used: invalid TOML, an unknown table or key (a misspelt threshold would silently keep its
default), a value of the wrong type, a negative or non-finite number, or a share above 1 raise
:class:`ConfigError` naming the key.

>>> cfg = load_config(None)
>>> cfg["rules"]["transfer_share"]
0.9
"""

from __future__ import annotations

import copy
import math
import tomllib
from datetime import date
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


class ConfigError(ValueError):
    """A settings file that cannot be used as it is; the message is one line naming the file and key."""


# values that are one of a few words
CHOICES = {"leads.ring_claims": ("exclude", "flag")}


def known_settings() -> dict[str, dict]:
    """Every table a settings file may hold, with its defaults (which give each key's type)."""
    from ..ingest.resolve import DEFAULTS as IMPORT  # `graphchain import` / `resolve`: the review band
    from .leads import DEFAULTS as LEADS
    from .rings import DEFAULTS as RINGS

    return {"rules": DEFAULTS["rules"], "rings": RINGS, "leads": LEADS, "import": IMPORT}


def load_config(path: str | Path | None = None) -> dict:
    """DEFAULTS merged with the TOML file at ``path`` (None: the defaults alone), after
    :func:`check_config`; raises :class:`ConfigError`."""
    if path is None:
        return merge(DEFAULTS, {})
    p = Path(path)
    try:
        with p.open("rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p}: invalid TOML (TOML 格式错误): {e}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{p}: cannot read: {e}") from None
    problems = check_config(data)
    if problems:
        raise ConfigError(f"{p}: " + "; ".join(problems))
    return merge(DEFAULTS, data)


def _iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def check_config(data: dict, known: dict | None = None, prefix: str = "") -> list[str]:
    """``key: what is wrong`` for every bad key of a settings table (empty when all are good).

    >>> check_config({"rules": {"transfer_shar": 0.8, "max_tiers": -1}})
    ['rules.transfer_shar: unknown key', 'rules.max_tiers: must be 0 or more (不能为负)']
    """
    known = known_settings() if known is None else known
    out: list[str] = []
    for k, v in data.items():
        key = f"{prefix}{k}"
        if k not in known:
            out.append(f"{key}: unknown key")
            continue
        d = known[k]
        if isinstance(d, dict):
            out += check_config(v, d, key + ".") if isinstance(v, dict) else [f"{key}: must be a table"]
        elif isinstance(d, list):
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                out.append(f"{key}: must be a list of strings")
        elif isinstance(d, str):
            if not isinstance(v, str):
                out.append(f"{key}: must be a string")
            elif key in CHOICES and v not in CHOICES[key]:
                out.append(f"{key}: must be one of {', '.join(CHOICES[key])}")
            elif k == "as_of" and v and not _iso_date(v):
                out.append(f"{key}: must be a date as \"YYYY-MM-DD\" (or \"\" for today)")
        elif isinstance(v, bool) or not isinstance(v, int | float):
            out.append(f"{key}: must be a number")
        elif isinstance(d, int) and not isinstance(v, int):
            out.append(f"{key}: must be a whole number")
        elif not math.isfinite(v) or v < 0:
            out.append(f"{key}: must be 0 or more (不能为负)")
        elif (k.endswith("_share") or prefix.endswith("weights.")) and v > 1:
            out.append(f"{key}: a share, at most 1")
    return out


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
