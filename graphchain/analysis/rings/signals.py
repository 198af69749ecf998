"""Which claims are suspicious, and who claims from site to site (docs/legal-rules.md E1, E2, E5).

A claim is suspicious when the claimant has no employment (实名制/考勤) record on that project, or
claims more than the wages still due there (wage_due − wage_paid). A registered worker claiming at
most what is due is never suspicious: that is the guard for collective claims over real arrears and
for workers who move between sites — however many of them claim, and however often.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from .claims import Claim, ClaimsData, day


def claim_signals(data: ClaimsData, cfg: dict) -> None:
    """Mark each claim: no employment record there, above wages due, filed soon after first appearance.

    The employment that counts is the claimant's on the claim's project, or — when the claim names
    no project — with the claim's respondent. A claim naming neither cannot be judged and stays
    unsuspicious.

    Parameters
    ----------
    data : ClaimsData
        From :func:`~graphchain.analysis.rings.claims.collect`; its claims are marked in place.
    cfg : dict
        The ring settings (``over_claim_ratio``, ``short_days``).

    Examples
    --------
    >>> from .defaults import DEFAULTS
    >>> d = ClaimsData({"C1": Claim("C1", "W1", 90000, "2024-03-01", "P1")}, {}, {}, {}, {}, {})
    >>> claim_signals(d, DEFAULTS); d.claims["C1"].no_employment
    True
    """
    first_claim: dict[tuple[str, str], str] = {}
    for c in data.claims.values():
        if c.project:
            k = (c.person, c.project)
            first_claim[k] = min(first_claim.get(k, c.filed), c.filed)
    for c in data.claims.values():
        if c.project:
            rows = data.employment.get((c.person, c.project), [])
        elif c.respondent:
            rows = data.by_employer.get((c.person, c.respondent), [])
        else:
            continue
        if not rows:
            c.no_employment = True
            c.short_time = True  # first seen on the site when claiming
            continue
        dues = [float(r["wage_due"]) - float(r.get("wage_paid", 0.0)) for r in rows if "wage_due" in r]
        if dues and c.amount > max(sum(dues), 0.0) * cfg["over_claim_ratio"] + 0.5:
            c.over_claim = True
        starts = [s for s in (day(r.get("start")) for r in rows) if s]
        filed = day(c.filed)
        if starts and filed and (filed - min(starts)).days <= cfg["short_days"]:
            c.short_time = True


def serial_claimants(claims: Iterable[Claim], min_projects: int, window_days: int) -> set[str]:
    """Persons with suspicious claims on ≥ ``min_projects`` projects within ``window_days``.

    >>> cs = [Claim(f"C{i}", "W1", 1, f"2024-0{i}-01", f"P{i}", no_employment=True) for i in (1, 2, 3)]
    >>> serial_claimants(cs, 3, 730)
    {'W1'}
    """
    dated: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for c in claims:
        d = day(c.filed)
        if c.suspicious and c.project and d:
            dated[c.person].append((d, c.project))
    return {p for p, items in dated.items() if max_projects_in_window(items, window_days) >= min_projects}


def max_projects_in_window(items: list[tuple[date, str]], window_days: int) -> int:
    """Most distinct projects among (day, project) items falling within any window (two pointers).

    >>> d = date.fromisoformat
    >>> max_projects_in_window([(d("2020-01-01"), "P1"), (d("2023-01-01"), "P2"), (d("2023-02-01"), "P3")], 730)
    2
    """
    items = sorted(items)
    counts: Counter[str] = Counter()
    best = lo = 0
    for d, proj in items:
        counts[proj] += 1
        while (d - items[lo][0]).days > window_days:
            counts[items[lo][1]] -= 1
            if counts[items[lo][1]] == 0:
                del counts[items[lo][1]]
            lo += 1
        best = max(best, len(counts))
    return best
