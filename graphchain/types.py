"""The shapes of the findings document's entries (docs/findings-format.md), for type checkers and readers.

A finding, a liability entry and a ring are plain dicts (they go to JSON as they are); these
TypedDicts say which keys they carry. Keys that only some entries carry are ``NotRequired``.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Condition(TypedDict):
    """One sub-condition of an element that holds (X-REFUSE conduct: moved, absconded, able_to_pay)."""

    condition: str
    evidence: list[str]
    note: str


class Element(TypedDict):
    """One element of a criminal lead: met or missing, with the ids that show it."""

    element: str
    met: bool
    evidence: list[str]
    note: str
    conditions: NotRequired[list[Condition]]


class Finding(TypedDict):
    rule: str
    project_id: str | None
    subject: str
    parties: list[str]
    contracts: list[str]
    payments: list[str]
    records: list[str]
    breaks: list[str]
    basis: list[str]
    summary: str
    summary_en: str
    confidence: float
    elements: NotRequired[list[Element]]


class Liable(TypedDict):
    """A party that must pay, under which rule (docs/legal-rules.md B)."""

    party_id: str
    liability: str  # direct | first_pay | pay | advance | joint
    rule: str
    basis: list[str]
    evidence: list[str]
    cap: NotRequired[float]
    note: NotRequired[str]


class Respondent(TypedDict):
    name: str
    party_id: str | None
    score: float


class LiabilityEntry(TypedDict):
    """Who must pay one claim or one unpaid real-name record."""

    claim_id: str | None
    record: str | None
    claimant_id: str
    project_id: str
    kind: str  # wages | price | injury
    amount: float
    claimed: NotRequired[float]
    respondent: NotRequired[Respondent]
    note: NotRequired[str]
    ring: NotRequired[str]
    liable: list[Liable]


class Ring(TypedDict):
    """A suspected extortion ring (docs/legal-rules.md E)."""

    ring_id: str
    members: list[str]
    organizers: list[str]
    projects: list[str]
    claims: list[str]
    score: float
    signals: list[str]
