"""``graphchain serve``: a read-only local explorer (stdlib WSGI, bound to 127.0.0.1).

Routes (GET only; anything else is 405)::

    /                         search box, links to rings and leads
    /search?q=…               parties, persons, projects: fuzzy names, ids, last digits of numbers
    /party/<id>               a party or person across every project (also persons)
    /project/<id>             one project; /project/<id>/report (the case file), /project/<id>/packet.zip
    /claim/<id>               a claim, its liable parties and the liability path highlighted
    /ring/<id>, /rings        suspected extortion rings (/rings?member=<person>: the rings a person is in)
    /lead/<id>, /leads        support-prosecution leads (/leads?claim=<id>: the lead a claim is in)
    /api/expand?key=<node>    a node's neighbours as JSON, for "expand"
    /static/…                 vis-network (the same offline asset the pages inline), explore.js/css

Safety: the server listens on 127.0.0.1 only and answers only requests whose Host header names it
(127.0.0.1 / localhost with its port: a DNS-rebinding page cannot reach it); every response carries a
strict Content-Security-Policy (no inline script, no request leaves the machine), ``nosniff``,
``no-referrer`` and no framing; names are autoescaped; personal numbers masked unless ``unmask``;
nothing is written anywhere — from Neo4j, but for one full-text index over names and ids that the
explorer creates once, as the store creates its own indexes (``cypher/explore.cypher``). Errors are one line.

>>> from graphchain import build_graph, read_bundle
>>> from graphchain.explore import Explorer
>>> app = App(Explorer.embedded(build_graph(read_bundle("tests/data/mini"))), port=8765)
>>> status, headers, body = app.call("GET", "/party/D", host="127.0.0.1:8765")
>>> status, "王建国" in body.decode()
('200 OK', True)
>>> app.call("POST", "/party/D", host="127.0.0.1:8765")[0], app.call("GET", "/", host="evil.example")[0]
('405 Method Not Allowed', '400 Bad Request')
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from ..explore import Explorer
from . import pages
from .pages import Ctx, NotFound

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# the case file is one self-contained page with its own inline style, and no script at all
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
HEADERS = [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
           ("X-Frame-Options", "DENY"), ("Cache-Control", "no-store"), ("Cross-Origin-Resource-Policy", "same-origin")]

Response = tuple[str, list[tuple[str, str]], bytes]


class App:
    """The WSGI application: routing, security headers, one-line errors."""

    def __init__(self, ex: Explorer, port: int, lang: str = "zh", unmask: bool = False):
        self.ctx = Ctx(ex, lang, unmask)
        self.port = port
        self._static: dict[str, tuple[str, bytes]] = {}

    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    # ------------------------------------------------------------ WSGI
    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        status, headers, body = self.call(environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/"),
                                          environ.get("QUERY_STRING", ""), environ.get("HTTP_HOST", ""))
        start_response(status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]

    def call(self, method: str, path: str, query: str = "", host: str = "") -> Response:
        """One request, as (status, headers, body)."""
        if host.lower() not in self.hosts():
            return self._text("400 Bad Request", "bad Host header (this explorer answers only 127.0.0.1)")
        if method not in ("GET", "HEAD"):
            status, headers, body = self._text("405 Method Not Allowed", "read-only: GET only")
            return status, headers + [("Allow", "GET, HEAD")], body
        try:
            return self.route(path, parse_qs(query))
        except NotFound as e:
            return self._text("404 Not Found", f"not found: {str(e.args[0])[:200] if e.args else path[:200]}")
        except Exception as e:  # noqa: BLE001 — one line to the user and the log, never a traceback
            msg = " ".join(str(e).split())[:300]
            print(f"graphchain serve: {type(e).__name__}: {msg} ({path[:200]})", file=sys.stderr)
            return self._text("500 Internal Server Error", "internal error (see the server's log)")

    def route(self, path: str, query: dict[str, list[str]]) -> Response:
        parts = [unquote(p) for p in path.split("/")[1:]]
        c = self.ctx
        head, rest = (parts[0] if parts else ""), parts[1:]
        if path == "/" or head == "":
            return self._page(pages.home(c))
        if head == "static" and len(rest) == 1:
            return self._asset(rest[0])
        if head == "search":
            return self._page(pages.search(c, (query.get("q") or [""])[0]))
        if head == "api" and rest == ["expand"]:
            data = pages.expand(c, (query.get("key") or [""])[0])
            return self._ok("application/json; charset=utf-8", json.dumps(data, ensure_ascii=False).encode())
        if head == "rings" and not rest:
            return self._page(pages.rings(c, (query.get("member") or [""])[0]))
        if head == "leads" and not rest:
            return self._page(pages.leads(c, (query.get("claim") or [""])[0]))
        if head == "project" and len(rest) == 2 and rest[1] == "report":
            return self._report(rest[0])
        if head == "project" and len(rest) == 2 and rest[1] == "packet.zip":
            return self._packet(rest[0])
        one: dict[str, Callable[[Ctx, str], dict]] = {
            "party": pages.party, "project": pages.project, "claim": pages.claim, "ring": pages.ring,
            "lead": pages.lead}
        if head in one and len(rest) == 1 and rest[0]:
            return self._page(one[head](c, rest[0]))
        raise NotFound(path)

    # ------------------------------------------------------------ responses
    def _ok(self, ctype: str, body: bytes, csp: str = CSP, extra: list[tuple[str, str]] | None = None) -> Response:
        return "200 OK", [("Content-Type", ctype), ("Content-Security-Policy", csp), *HEADERS, *(extra or [])], body

    def _text(self, status: str, line: str) -> Response:
        return status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Security-Policy", CSP),
                        *HEADERS], (line + "\n").encode()

    def _page(self, context: dict) -> Response:
        from ..report.html import environment

        html = environment().get_template("explore.html.j2").render(**context)
        return self._ok("text/html; charset=utf-8", html.encode())

    def _asset(self, name: str) -> Response:
        if name not in self._static:
            from importlib.resources import files

            from ..report.graph_page import _vis_assets

            js, css = _vis_assets()
            own = files("graphchain") / "templates"
            table = {"vis.js": ("text/javascript; charset=utf-8", js),
                     "vis.css": ("text/css; charset=utf-8", css),
                     "explore.js": ("text/javascript; charset=utf-8", (own / "explore.js").read_text(encoding="utf-8")),
                     "explore.css": ("text/css; charset=utf-8", pages.stylesheet())}
            if name not in table:
                raise NotFound(name)
            self._static[name] = (table[name][0], table[name][1].encode())
        ctype, body = self._static[name]
        return self._ok(ctype, body)

    def _report(self, project_id: str) -> Response:
        from ..report import render_report

        H, doc = pages._project(self.ctx, project_id)
        html = render_report(doc, H, project_id, fmt="html", lang=self.ctx.lang, unmask=self.ctx.unmask)
        return self._ok("text/html; charset=utf-8", html.encode(), REPORT_CSP)

    def _packet(self, project_id: str) -> Response:
        from ..report import export_case_packet
        from ..util import safe_filename

        H, doc = pages._project(self.ctx, project_id)
        buf = io.BytesIO()
        with tempfile.TemporaryDirectory(prefix="graphchain-packet-") as tmp:
            paths = export_case_packet(doc, H, project_id, Path(tmp) / "packet", lang=self.ctx.lang,
                                       unmask=self.ctx.unmask)
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                for p in paths.values():
                    z.write(p, p.name)
        name = f"{safe_filename(project_id)}-packet.zip"
        return self._ok("application/zip", buf.getvalue(),
                        extra=[("Content-Disposition", f'attachment; filename="{name}"')])


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 — the stdlib's name
        pass  # one line per request would drown the errors; they are logged by App.call


def make(ex: Explorer, port: int = 0, lang: str = "zh", unmask: bool = False) -> WSGIServer:
    """A server on 127.0.0.1:``port`` (0: a free port; read ``server.server_port``), not yet serving."""
    app = App(ex, port, lang, unmask)
    server = make_server("127.0.0.1", port, app, server_class=_Server, handler_class=_Quiet)
    app.port = server.server_port
    return server


def start(ex: Explorer, port: int = 0, lang: str = "zh", unmask: bool = False) -> tuple[WSGIServer, threading.Thread]:
    """A server running in a background thread (for tests and notebooks); ``server.shutdown()`` stops it."""
    server = make(ex, port, lang, unmask)
    thread = threading.Thread(target=server.serve_forever, name="graphchain-serve", daemon=True)
    thread.start()
    return server, thread
