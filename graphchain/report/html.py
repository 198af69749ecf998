"""The case file as one self-contained, printable HTML page (jinja2, autoescaped)."""

from __future__ import annotations

from functools import cache

import jinja2

from .i18n import T


@cache
def environment() -> jinja2.Environment:
    # autoescape=True for every template, whatever its suffix: all data is escaped unless a
    # template says |safe, which ours do only for our own JSON and the bundled vis-network code.
    return jinja2.Environment(loader=jinja2.PackageLoader("graphchain", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=False)


def render_html(view: dict) -> str:
    return environment().get_template("report.html.j2").render(v=view, t=T(view["lang"]))
