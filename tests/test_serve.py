"""``graphchain serve`` in a real headless Chromium (every host but 127.0.0.1 unreachable), and over HTTP.

Search finds a party by a misspelt name; its page lists every project it appears on; party → project →
claim → liable party by clicking; a node clicked on the canvas opens its page and "expand" adds its
neighbours in place; the ring page shows every member and an edge per signal; no request leaves the
machine; an injected name never runs. The same pages from Neo4j (tests marked neo4j).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from graphchain import build_graph, read_bundle
from graphchain.explore import Explorer
from graphchain.serve import CSP, start
from graphchain.synth import write_bundle
from tests.browser import EVIL_IMG, EVIL_SCRIPT, Browser, evil_bundle, require_chromium
from tests.test_explore import footprint, rows

DATA = Path(__file__).parent / "data"
READY = "return document.body.getAttribute('data-ready') === '1'"


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> Path:
    return write_bundle(tmp_path_factory.mktemp("serve") / "bundle", 30, 1)


@pytest.fixture(scope="module")
def server(synth):
    ex = Explorer.embedded(build_graph(read_bundle(synth)))
    srv, _ = start(ex)
    yield f"http://127.0.0.1:{srv.server_port}", ex
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    b = Browser(loopback_only=True)
    yield b
    b.close()


def get(url: str, method: str = "GET", host: str | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, method=method, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def graph_data(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def stays_local(b: Browser, base: str) -> None:
    assert [u for u in b.requests() if not u.startswith((base + "/", "data:"))] == []
    assert b.severe() == [], "JS errors, CSP violations or failed loads"
    assert b.js("return typeof window.__pwned") == "undefined"


def links(b: Browser, css: str) -> list:
    from selenium.webdriver.common.by import By

    return b.driver.find_elements(By.CSS_SELECTOR, css)


def click_node(b: Browser, node_id: str) -> None:
    """A real mouse click on the node's place on the canvas."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    b.js("network.moveTo({position: network.getPositions([arguments[0]])[arguments[0]], scale: 1.0})", node_id)
    dom = b.js("var p = network.getPositions([arguments[0]])[arguments[0]]; return network.canvasToDOM(p)", node_id)
    canvas = b.driver.find_element(By.CSS_SELECTOR, "#graph canvas")
    size = canvas.size
    ActionChains(b.driver).move_to_element_with_offset(canvas, int(dom["x"] - size["width"] / 2),
                                                       int(dom["y"] - size["height"] / 2)).click().perform()


@pytest.mark.browser
def test_search_misspelt_name_then_party_then_project_claim_liable(browser, server, synth):
    from selenium.webdriver.common.by import By

    base, ex = server
    on = footprint(synth)
    party = max((r for r in rows(synth, "parties") if r["kind"] == "company"), key=lambda r: (len(on[r["party_id"]]),
                                                                                               r["party_id"]))
    name = party["name"]
    misspelt = name[:2] + ("京" if name[2] != "京" else "海") + name[3:]
    browser.open(base + "/")
    box = browser.driver.find_element(By.ID, "q")
    box.send_keys(misspelt)
    box.submit()
    browser.wait_for("return document.getElementById('results') !== null")
    hit = next(a for a in links(browser, "#results a")
               if a.get_attribute("href").endswith(f"/party/{party['party_id']}"))
    hit.click()
    browser.wait_for(READY)
    shown = {a.text.split()[0] for a in links(browser, "#projects a")}
    assert on[party["party_id"]] <= shown and len(shown) >= 3
    stays_local(browser, base)
    # party -> a project with a claim that has liable parties -> the claim -> a liable party
    liable_claims = {}
    for pid in sorted(shown):
        for e in ex.project(pid)[1]["liability"]:
            if e.get("liable") and e.get("claim_id") and e["claim_id"] not in liable_claims:
                liable_claims[e["claim_id"]] = (pid, e)
    cid, (pid, entry) = sorted(liable_claims.items())[0]
    next(a for a in links(browser, "#projects a") if a.text.split()[0] == pid).click()
    browser.wait_for(READY)
    assert pid in browser.driver.title
    next(a for a in links(browser, "#claims a") if a.text.split()[0] == cid).click()
    browser.wait_for(READY)
    assert cid in browser.driver.title
    assert browser.js("return edges.get({filter: e => e.path}).length") >= 1  # the liability path
    assert browser.js("return nodes.get({filter: n => n.liable}).length") >= 1
    target = entry["liable"][0]["party_id"]
    next(a for a in links(browser, "#liable a") if a.get_attribute("href").endswith(f"/party/{target}")).click()
    browser.wait_for(READY)
    assert target in browser.driver.title
    stays_local(browser, base)


@pytest.mark.browser
def test_clicking_a_node_opens_it_and_expand_adds_neighbours(browser, server):
    base, ex = server
    browser.open(base + "/project/P0011")
    browser.wait_for(READY)
    owner = browser.js("return nodes.get({filter: n => n.url && n.url.indexOf('/party/') === 0})[0].id")
    before = browser.js("return nodes.length")
    browser.js("document.getElementById('mode-expand').click()")
    click_node(browser, owner)
    browser.wait_for("return document.body.getAttribute('data-expanded') === '1'")
    assert browser.js("return nodes.length") > before
    assert browser.js("return location.pathname") == "/project/P0011"  # in place
    browser.js("document.querySelector('input[name=mode][value=open]').click()")
    click_node(browser, owner)
    browser.wait_for(f"return location.pathname === '/party/{owner}'")
    browser.wait_for(READY)
    stays_local(browser, base)


@pytest.mark.browser
def test_rule_and_date_filters_hide_edges(browser, server):
    base, _ = server
    browser.open(base + "/party/G0004")
    browser.wait_for(READY)
    rule = browser.js("return document.querySelectorAll('#f-rule option')[1].value")
    browser.js("var s = document.getElementById('f-rule'); s.value = arguments[0];"
               "s.dispatchEvent(new Event('change'))", rule)
    shown = browser.js("return edges.get({filter: e => !e.hidden})")
    assert shown and all(rule in e.get("rules", []) for e in shown)
    browser.js("var s = document.getElementById('f-rule'); s.value = ''; s.dispatchEvent(new Event('change'));"
               "var d = document.getElementById('f-until'); d.value = '2000-01-01';"
               "d.dispatchEvent(new Event('change'))")
    assert browser.js("return edges.get({filter: e => e.date && !e.hidden}).length") == 0
    assert browser.js("return edges.get({filter: e => e.date}).length") > 0


@pytest.mark.browser
def test_ring_page_every_member_and_an_edge_per_signal(browser, server):
    base, ex = server
    for ring in ex.rings():
        browser.open(f"{base}/ring/{ring['ring_id']}")
        browser.wait_for(READY)
        ids = set(browser.js("return nodes.getIds()"))
        assert set(ring["members"]) <= ids
        assert len(links(browser, "#members a")) == len(ring["members"])
        ev = ex.evidence(ring)
        wanted = {x["signal"] for x in ev["links"]} | ({"money"} if ev["money"] else set())
        drawn = set(browser.js("return edges.get().map(e => e.signal)"))
        assert wanted <= drawn, wanted - drawn
        stays_local(browser, base)


@pytest.mark.browser
def test_injected_names_never_run(browser, tmp_path):
    G = build_graph(read_bundle(evil_bundle(DATA / "mini", tmp_path / "bundle")))
    srv, _ = start(Explorer.embedded(G))
    base = f"http://127.0.0.1:{srv.server_port}"
    try:
        for path in ("/party/D", "/party/B", "/project/P1", "/claim/CL1", "/search?q=%3Cimg", "/search?q=" +
                     urllib.request.quote(EVIL_SCRIPT)):
            browser.open(base + path)
            browser.wait_for(READY)
            assert browser.js("return document.querySelectorAll('img').length") == 0
            stays_local(browser, base)
        browser.open(base + "/party/B")
        browser.wait_for(READY)
        assert EVIL_IMG in browser.js("return document.body.innerText")
        assert browser.js("return nodes.get('B').label") == EVIL_IMG
    finally:
        srv.shutdown()
        srv.server_close()


def test_http_safety_and_cross_links(server):
    base, ex = server
    port = base.rsplit(":", 1)[1]
    status, headers, body = get(base + "/party/G0004")
    assert status == 200 and headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff" and "unsafe-inline" not in CSP
    assert b"<script>" not in body  # no inline script at all
    for method in ("POST", "PUT", "DELETE"):
        status, headers, _ = get(base + "/party/G0004", method)
        assert status == 405 and headers["Allow"] == "GET, HEAD"
    assert get(base + "/", host="evil.example")[0] == 400
    assert get(base + "/", host=f"attacker.example:{port}")[0] == 400
    status, _, body = get(base + "/party/NOPE")
    assert status == 404 and body.decode().count("\n") == 1
    assert get(base + "/project/P0011/report")[0] == 200
    status, headers, body = get(base + "/project/P0011/packet.zip")
    assert status == 200 and body[:2] == b"PK" and "attachment" in headers["Content-Disposition"]
    status, _, body = get(base + "/")
    assert status == 200 and b'href="/project/P0001"' in body  # somewhere to start
    ring = ex.rings()[0]
    member = ring["members"][0]
    assert f'/rings?member={member}' in get(f"{base}/party/{member}")[2].decode()
    assert f'href="/ring/{ring["ring_id"]}"' in get(f"{base}/rings?member={member}")[2].decode()
    lead = ex.leads()[0]
    assert f'href="/lead/{lead["lead_id"]}"' in get(f"{base}/leads?claim={lead['claims'][0]}")[2].decode()
    assert f'/leads?claim={lead["claims"][0]}' in get(f"{base}/claim/{lead['claims'][0]}")[2].decode()
    status, _, body = get(base + "/api/expand?key=G0004")
    assert status == 200 and json.loads(body)["nodes"]


def test_cli_serve_binds_loopback_and_stops_on_ctrl_c(synth, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    exe = Path(sys.executable).parent / "graphchain"
    proc = subprocess.Popen([str(exe), "serve", str(synth), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, line
        assert get(f"http://127.0.0.1:{m.group(1)}/")[0] == 200
        proc.send_signal(signal.SIGINT)
        out, errs = proc.communicate(timeout=20)
        assert proc.returncode == 0 and "Traceback" not in errs and "stopped" in errs
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        time.sleep(0)


@pytest.mark.neo4j
def test_serve_from_neo4j_gives_the_same_pages(neo4j, synth, server):
    from graphchain.serve import App

    base, ex = server
    neo4j.load(read_bundle(synth))
    app = App(Explorer.neo4j(neo4j), port=1)
    ring = ex.rings()[0]["ring_id"]
    for path in ("/party/G0004", "/party/W000019", "/project/P0011", f"/ring/{ring}", "/claim/C000142"):
        status, _, body = app.call("GET", path, host="127.0.0.1:1")
        assert status == "200 OK", path
        mine = graph_data(body.decode())
        theirs = graph_data(get(base + path)[2].decode())
        assert sorted(n["id"] for n in mine["nodes"]) == sorted(n["id"] for n in theirs["nodes"]), path
        assert sorted(e["id"] for e in mine["edges"]) == sorted(e["id"] for e in theirs["edges"]), path
    assert app.call("GET", "/", host="127.0.0.1:1")[2] == get(base + "/")[2]
    neo4j.run("CALL db.awaitIndexes(60)")  # the explorer's full-text index over names, now online
    party = next(r for r in rows(synth, "parties") if r["kind"] == "company")
    for q in (party["name"][:2] + "某" + party["name"][3:], party["party_id"], party["phone"][-4:]):
        mine = app.ctx.ex.search(q)
        assert app.ctx.ex.reader._index_online  # the candidates came from the full-text index
        assert [h["key"] for h in mine][:5] == [h["key"] for h in ex.search(q)][:5], q
        assert party["party_id"] in [h["key"] for h in mine], q
    hits = app.call("GET", "/search", "q=G0004", host="127.0.0.1:1")[2].decode()
    assert "/party/G0004" in hits
