"""Rows as dicts keyed by the schema's column names, the calendar, and the CSV writer.

The tables and their columns come from :data:`graphchain.schema.TABLES`: a column added there is in
every generated row (empty until some code fills it) and in every written file, in schema order.

>>> rows = Rows()
>>> rows.orders(order_id="ORD00001", party_id="L0001", issued=day(0), complied=False)["deadline"] is None
True
>>> list(csv_cells("orders", rows["orders"]))
[['ORD00001', 'L0001', None, None, '2022-01-01', None, None, None, 'false']]
>>> rows.orders(order_no="1")
Traceback (most recent call last):
...
TypeError: orders() got an unexpected keyword argument 'order_no'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from operator import itemgetter

from ..schema import TABLES

FILES = ["parties", "projects", "contracts", "payments", "persons", "employment", "claims", "orders"]
COLUMNS = {t: [c.name for c in TABLES[t].columns] for t in FILES}
# rows hold True/False for these; the CSV files say "true"/"false"
BOOL_COLUMNS = {t: [c.name for c in TABLES[t].columns if c.type == "bool"] for t in FILES}
_EMPTY = {t: dict.fromkeys(COLUMNS[t]) for t in FILES}

# ----------------------------------------------------------------------------- calendar
DAY0 = date(2022, 1, 1)
_NDAYS = (date(2025, 12, 31) - DAY0).days + 1
DAYS = [(DAY0 + timedelta(days=i)).isoformat() for i in range(_NDAYS)]
LAST = _NDAYS - 1  # the last day number of the calendar


def day(i: int) -> str:
    """The ISO date of day number i (0 = 2022-01-01), clamped to the calendar."""
    return DAYS[0 if i < 0 else LAST if i > LAST else i]


_DAY_NUMBER = {d: i for i, d in enumerate(DAYS)}


def day_number(iso: str) -> int:
    """The day number of an ISO date of the calendar (the inverse of :func:`day`)."""
    n = _DAY_NUMBER.get(iso)
    return (date.fromisoformat(iso) - DAY0).days if n is None else n


# ----------------------------------------------------------------------------- rows
def _appender_source(table: str) -> str:
    cols = COLUMNS[table]
    return (f"def {table}(*, {', '.join(f'{c}=None' for c in cols)}):\n"
            f"    row = {{{', '.join(f'{c!r}: {c}' for c in cols)}}}\n"
            f"    append(row)\n"
            f"    return row\n")


def _appender(table: str, append: Callable[[dict], None]) -> Callable[..., dict]:
    # generated from the schema (as collections.namedtuple does): a keyword per column, so a misspelt
    # column is a TypeError, and a dict literal, several times faster than copying a template dict
    ns: dict = {"append": append}
    exec(_appender_source(table), ns)  # noqa: S102 - the source is built from schema column names only
    fn = ns[table]
    fn.__doc__ = f"Append a row of {table}.csv (keyword per column, the rest empty) and return it."
    return fn


class Rows(dict):
    """The generated tables: table name → list of rows, each a dict of every column of the table, in
    schema order. ``rows.parties(party_id=…, name=…)`` (one method per table) appends a row and
    returns it; values are Python values: str, int, True/False, or None for an empty cell."""

    # one appender per table of FILES, set in __init__
    parties: Callable[..., dict]
    projects: Callable[..., dict]
    contracts: Callable[..., dict]
    payments: Callable[..., dict]
    persons: Callable[..., dict]
    employment: Callable[..., dict]
    claims: Callable[..., dict]
    orders: Callable[..., dict]

    def __init__(self) -> None:
        super().__init__((t, []) for t in FILES)
        for t in FILES:
            setattr(self, t, _appender(t, self[t].append))


_CSV_BOOL = {True: "true", False: "false", None: None}


def csv_cells(table: str, rows: Iterable[dict]) -> Iterator[tuple | list]:
    """The CSV cells of each row, in schema order (booleans as "true"/"false", None empty)."""
    cols = COLUMNS[table]
    get = itemgetter(*cols)
    bools = [cols.index(c) for c in BOOL_COLUMNS[table]]
    if not bools:
        return map(get, rows)

    def cells(row: dict) -> list:
        out = list(get(row))
        for i in bools:
            out[i] = _CSV_BOOL[out[i]]
        return out

    return map(cells, rows)
