"""The ring analysis' thresholds and weights (``[rings]`` of a settings file, rules.example.toml)."""

from __future__ import annotations

DEFAULTS: dict = {
    # an identifier held by more agents (persons and parties) than this is a hub: it links nobody
    "hub_max_holders": 6,
    # a claim above this multiple of the wages still due on the project is "above wages due"
    "over_claim_ratio": 1.05,
    # "short time": a claim filed at most this many days after the claimant first appeared on the site
    "short_days": 30,
    # E1: claims on at least min_projects projects within window_days make a serial claimant / ring
    "min_projects": 3,
    "window_days": 730,
    # serial claimants filing without a group id on one project at one time (claims no more than
    # co_claim_days apart, one after the other) are linked when they claimed together like that on
    # at least co_claim_projects projects (a stranger filing on the same site that month shares one)
    "co_claim_days": 14,
    "co_claim_projects": 2,
    # a kept ring has at least this many members and at least this score
    "min_members": 3,
    "min_score": 0.5,
    # components larger than this are split into communities (Louvain, fixed seed)
    "max_ring_size": 30,
    "louvain_seed": 7,
    "louvain_resolution": 1.0,
    # organisers: at most this many, and only members scoring at least this share of the top one
    "max_organizers": 3,
    "organizer_share": 0.6,
    # signal weights of the ring score (they sum to 1)
    "weights": {"serial": 0.3, "fake": 0.2, "shared": 0.2, "group": 0.1, "money": 0.15, "short": 0.05},
}


def settings(config: dict | None) -> dict:
    """DEFAULTS overridden by ``config["rings"]`` (weights merge key by key).

    >>> cfg = settings({"rings": {"min_members": 4, "weights": {"money": 0.2}}})
    >>> cfg["min_members"], cfg["weights"]["money"], cfg["weights"]["serial"]
    (4, 0.2, 0.3)
    """
    over = (config or {}).get("rings", {})
    out = DEFAULTS | {k: v for k, v in over.items() if k != "weights"}
    out["weights"] = DEFAULTS["weights"] | over.get("weights", {})
    return out
