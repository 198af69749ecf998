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

# Every threshold with its default. The rules' own are declared by each rule's ``@rule(defaults=...)``
# in graphchain/analysis/rules.py and added to ``DEFAULTS["rules"]`` as the rules register (see the end of
# this module); rings and leads keep theirs beside their code. ``rules.example.toml`` documents every
# key and is tested equal to this table.
DEFAULTS: dict[str, dict] = {
    "rules": {
        # scope words that make a scope labour-only (R-TRANSFER: 全部劳务 is not the whole job;
        # R-MAIN-STRUCTURE: a labour-only subcontract of main-structure work is lawful)
        "labour_words": ["劳务"],
        # chains: never follow a chain longer than this (guards against pathological data)
        "max_chain_length": 30,
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


def _register_rules() -> None:
    from . import rules  # noqa: F401  (each @rule adds its thresholds to DEFAULTS["rules"])


_register_rules()
