"""What a ring's signals and its X-EXTORT finding say, in Chinese (the signals, the summary) and English.

Personal numbers of shared identifiers are masked with the project's one rule
(:func:`graphchain.util.mask_value`); the findings document never holds them in full.
"""

from __future__ import annotations

from ...schema import LABELS_ZH, PERSONAL_COLUMNS
from ...util import mask_value
from .scoring import Fake, Money, Serial, Shared, Short


def shown(kind: str, value: str) -> str:
    """An identifier's value as a signal shows it: personal numbers masked, addresses in full.

    >>> shown("phone", "13812345678"), shown("address", "固始县3号")
    ('138****5678', '固始县3号')
    """
    return mask_value(value, kind) if kind in PERSONAL_COLUMNS else value


def signal_texts(members: list[str], projects: list[str], n_claims: int, n_respondents: int,
                 e1: Serial, e2: Fake, e3: Shared, e4: Money, e5: Short,
                 identifiers: dict[str, tuple[str, str, list[str]]], short_days: int) -> list[str]:
    """The ring's signals as readable Chinese lines, strongest evidence first.

    Parameters
    ----------
    members, projects : list of str
        The ring's members and the projects of their suspicious claims.
    n_claims, n_respondents : int
        Their suspicious claims, and the respondents these name.
    e1, e2, e3, e4, e5
        The signals (:mod:`.scoring`).
    identifiers : dict
        ``{identifier key: (kind, value, holders)}`` (:class:`.claims.ClaimsData`).
    short_days : int
        The ``short_days`` setting (E5).

    Examples
    --------
    >>> signal_texts(["A", "B", "C"], ["P1", "P2", "P3"], 9, 2, Serial(1.0, 3, 1, 60),
    ...              Fake(1.0, ["P1", "P2", "P3"], 9, 0), Shared(1.0, 0.0, {"phone:1": ["A", "B", "C"]}, {}, set()),
    ...              Money(0.0, {}, 0.0, 0.0), Short(1.0, 0), {"phone:1": ("phone", "13812345678", [])}, 30)
    ... # doctest: +NORMALIZE_WHITESPACE
    ['3个项目中3个无考勤记录', '9笔诉求中9笔无考勤记录', '3人在3个项目对2个被诉求方提起9笔诉求（60天内）',
     '共用电话 138****5678（3人）']
    """
    out = [f"{len(projects)}个项目中{len(e2.no_attendance)}个无考勤记录"] if e2.no_attendance else []
    out.append(f"{n_claims}笔诉求中{e2.no_employment}笔无考勤记录")
    if e2.over_claim:
        out.append(f"{e2.over_claim}笔诉求金额超过应发未发工资")
    out.append(f"{len(members)}人在{len(projects)}个项目对{n_respondents}个被诉求方提起{n_claims}笔诉求"
               f"（{e1.days}天内）")
    shared = e3.identifiers
    for key in sorted(shared, key=lambda k: (-len(shared[k]), k))[:5]:
        kind, value, _ = identifiers[key]
        out.append(f"共用{LABELS_ZH.get(kind, kind)} {shown(kind, value)}（{len(shared[key])}人）")
    for name, g in sorted(e3.serial_reps.items(), key=lambda t: (-len(t[1]), t[0])):
        out.append(f"同一代表人{name}代表{len(g)}批诉求")
    if e3.multi_group and not e3.serial_reps:
        out.append(f"{len(e3.multi_group)}人先后参与多批集体诉求")
    if e4.total > 0:
        payees = [p for p in members if e4.received[p] > 0]
        out.append(f"和解款{e4.total:,.0f}元中{e4.top_share:.0%}流向{min(2, len(payees))}个账户")
    if e5.after_entry:
        out.append(f"{e5.after_entry}笔诉求距进场不足{short_days}天")
    return out


def summary_zh(ring: dict, n_respondents: int, organizer_names: list[str]) -> str:
    """The X-EXTORT finding's summary: who, how many claims, the first four signals; a lead to verify.

    >>> ring = {"ring_id": "G1", "members": ["A", "B", "C"], "projects": ["P1", "P2", "P3"],
    ...         "claims": ["C1"] * 9, "signals": ["3个项目中3个无考勤记录"]}
    >>> summary_zh(ring, 2, ["刘大壮"])
    '疑似假讨薪真敲诈团伙G1：3人在3个项目、对2个被诉求方提起9笔诉求，组织者疑为刘大壮；依据：3个项目中3个无考勤记录。此为待核实线索。'
    """
    orgs = "、".join(organizer_names) or "未识别"
    return (f"疑似假讨薪真敲诈团伙{ring['ring_id']}：{len(ring['members'])}人在{len(ring['projects'])}个项目、"
            f"对{n_respondents}个被诉求方提起{len(ring['claims'])}笔诉求，组织者疑为{orgs}；"
            f"依据：{'；'.join(ring['signals'][:4])}。此为待核实线索。")


def summary_en(ring: dict, n_respondents: int, n_window: int) -> str:
    """The X-EXTORT finding's English summary.

    >>> ring = {"ring_id": "G1", "members": ["A", "B", "C"], "projects": ["P1", "P2", "P3"],
    ...         "claims": ["C1"] * 9, "organizers": ["A"]}
    >>> summary_en(ring, 2, 3)  # doctest: +NORMALIZE_WHITESPACE
    'Suspected fake-wage-claim extortion ring G1: 3 people filed 9 claims on 3 projects (3 within the window)
    against 2 respondents; likely organisers: A. A lead to verify.'
    """
    return (f"Suspected fake-wage-claim extortion ring {ring['ring_id']}: {len(ring['members'])} people filed "
            f"{len(ring['claims'])} claims on {len(ring['projects'])} projects ({n_window} within the "
            f"window) against {n_respondents} respondents; likely organisers: "
            f"{', '.join(ring['organizers']) or 'unknown'}. A lead to verify.")
