"""Headless Chromium for the browser tests: real pages, the network switched off, every request logged.

``open_offline(path)`` loads a local file with the network emulated offline and returns the
driver; ``requests(driver)`` lists every URL the page asked for (from Chrome's performance log,
i.e. DevTools ``Network.requestWillBeSent`` events), so a test can assert that nothing went out
for http(s) even though the request would have failed anyway.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

# An http(s) or protocol-relative URL in a src/href attribute, a CSS url() or an @import.
EXTERNAL = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)|@import""",
                      re.I)

CHROMIUM = os.environ.get("GRAPHCHAIN_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GRAPHCHAIN_CHROMEDRIVER", "/usr/bin/chromedriver")


def require_chromium() -> None:
    """Skip on a laptop without Chromium; fail in CI (env CI set), where it must be installed."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("python package selenium")
    if missing:
        msg = (f"headless Chromium not available ({', '.join(missing)}): "
               "apt-get install chromium chromium-driver; pip install selenium")
        if os.environ.get("CI"):
            pytest.fail(msg + " (required in CI)")
        pytest.skip(msg + " — skipped on this laptop only; CI fails instead")


class Browser:
    """``loopback_only``: for pages served on 127.0.0.1 (graphchain serve) — instead of emulating a machine
    with no network (which would cut the loopback too), every other host resolves to nothing and every
    non-loopback request goes to a proxy that is not there."""

    def __init__(self, width: int = 1400, height: int = 1000, loopback_only: bool = False):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="graphchain-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-dev-shm-usage", f"--user-data-dir={self.profile}",
                    f"--window-size={width},{height}"):
            opts.add_argument(arg)
        if loopback_only:
            opts.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
            opts.add_argument("--proxy-server=http://127.0.0.1:9")
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        self.driver.set_page_load_timeout(60)
        self.driver.execute_cdp_cmd("Network.enable", {})
        if not loopback_only:
            self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
                "offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0})
        self._perf: list[dict] = []
        self._console: list[dict] = []

    def open(self, path: str | Path) -> None:
        """Load a local file (or an http://127.0.0.1 URL); the request and console logs then hold only this
        page's entries."""
        self._drain()
        self._perf, self._console = [], []
        url = str(path)
        self.driver.get(url if url.startswith("http://127.0.0.1:") else Path(path).resolve().as_uri())

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def wait_for(self, script: str, timeout: float = 20) -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, timeout).until(lambda d: d.execute_script(script))

    def _drain(self) -> None:
        self._perf += self.driver.get_log("performance")
        self._console += self.driver.get_log("browser")

    def requests(self) -> list[str]:
        """Every URL the page requested (DevTools Network.requestWillBeSent) so far."""
        self._drain()
        urls = []
        for entry in self._perf:
            msg = json.loads(entry["message"])["message"]
            if msg.get("method") == "Network.requestWillBeSent":
                urls.append(msg["params"]["request"]["url"])
        return urls

    def resource_urls(self) -> list[str]:
        """What the page itself says it loaded (Resource Timing)."""
        return self.js("return performance.getEntriesByType('resource').map(e => e.name)")

    def severe(self) -> list[str]:
        """SEVERE console entries: uncaught JS errors, CSP violations, failed loads."""
        self._drain()
        return [e["message"] for e in self._console if e.get("level") == "SEVERE"]

    def screenshot(self, path: str | Path) -> Path:
        self.driver.save_screenshot(str(path))
        return Path(path)

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


def external(urls: list[str]) -> list[str]:
    return [u for u in urls if u.lower().startswith(("http:", "https:", "ws:", "wss:", "ftp:"))]


# ------------------------------------------------------------------ test data
EVIL_SCRIPT = "</script><script>window.__pwned=1</script>"
EVIL_IMG = "<img src=x onerror=window.__pwned=1>"
EVIL_MD = "**粗体**|[链接](http://evil.example/x)"
PHONE_W1 = "13912345678"  # W1's phone in the mini bundle
ID_W1 = "411527198512034564"


def evil_bundle(src: Path, dst: Path) -> Path:
    """The mini bundle with hostile names (D, B, W1) and personal numbers typed into a claim text."""
    from tests.hostile import edit

    shutil.copytree(src, dst)

    edit(dst, "parties.csv", "party_id", {"D": {"name": EVIL_SCRIPT}, "B": {"name": EVIL_IMG}})
    edit(dst, "persons.csv", "person_id", {"W1": {"name": EVIL_MD}})
    edit(dst, "claims.csv", "claim_id", {"CL1": {"text": f"联系电话{PHONE_W1}，身份证{ID_W1}，包工头拖欠工资"}})
    return dst
