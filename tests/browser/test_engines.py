"""The days calculator in the two other engines: Debian's Firefox ESR (puppeteer-core over
WebDriver BiDi, tests/browser/firefox.mjs) and WebKitGTK (its WebKitWebDriver through
Selenium, under an Xvfb of its own). One page and one answer each, the answer equal to
calc's in Python; in Firefox also a draft saved as it is typed and back after a reload.

The site is served as for the other browser tests, except that every policy sent asks the
browser to report violations to the server (tests/browser/server.py): a report from any
page or worker fails the test, from the page's first byte, in either engine. Firefox also
listens for ``securitypolicyviolation`` in the page before its scripts run and records
every request (page and workers); WebKitGTK's driver has neither (no BiDi), so its requests
go through a proxy that only records: any request it receives left the local server.

Each test skips with the reason when its engine or driver is not installed;
``scripts/system-deps`` installs the engines, ``npm ci`` puppeteer-core and the browser
extras (``make .venv/.test``) Selenium. Seconds to the runtime being ready are printed
(``pytest -s``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from calc.api import run
from calc.text import num
from tests.browser.server import serve

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
XVFB = "/usr/bin/Xvfb"
LOCAL = ("data:", "blob:", "about:")
ELSEWHERE = "http://example.invalid/"

Q = "days"
CATEGORY = "upgrade"
SUBSIDY = num(Decimal(200) * 9)  # 200元/天: nine days at the highest daily standard
SENT = {"category": CATEGORY, "catalogue": "dadian", "subsidy_yuan": SUBSIDY, "exception": False}
SHOWN = (Path(__file__).parent / "answer.js").read_text(encoding="utf-8")
"""A function of a question giving what its page shows, once the answer is there."""


@pytest.fixture
def reporting(site_dir: Path) -> Iterator[str]:
    """The site on a server of this test's own, collecting violation reports, which must
    stay none; yields its base URL."""
    reports: list[str] = []
    with serve(site_dir, reports=reports) as (base, _log):
        yield base
    assert not reports, f"Content-Security-Policy violations: {reports}"


def assert_the_answer(shown: dict[str, Any]) -> None:
    """The page sent the typed inputs and shows calc's answer to them: 1800 元 is 9—13
    whole days at 130—200 元/天, each check's message on the page."""
    assert shown["payload"]["input"] == SENT
    python = json.loads(json.dumps(run(Q, shown["payload"])))
    assert shown["result"] == python
    assert python["status"] == "pass" and shown["status"] == "pass"
    assert (python["data"]["days_min"], python["data"]["days_max"]) == ("9", "13")
    for check in python["checks"]:
        assert check["message"] in shown["text"]


def test_firefox_answers_and_keeps_a_typed_draft(reporting: str) -> None:
    node = shutil.which("node")
    if not Path(FIREFOX).is_file():
        pytest.skip(f"{FIREFOX} not installed (apt-get install firefox-esr)")
    if not node or not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        pytest.skip("puppeteer-core not installed (npm ci)")
    base = reporting
    done = subprocess.run(
        [node, str(ROOT / "tests" / "browser" / "firefox.mjs"), base, Q, CATEGORY, SUBSIDY],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    print(f"\n[timing] Firefox: runtime ready {seen['ready_s']:.1f} s after opening the page")

    assert_the_answer(seen["first"])
    assert json.loads(seen["draft"]) == {"input": {"category": CATEGORY, "subsidy_yuan": SUBSIDY}}
    assert seen["restored"] == SUBSIDY
    assert seen["again"]["payload"] == seen["first"]["payload"]
    assert seen["again"]["result"] == seen["first"]["result"]

    assert not seen["violations"], seen["violations"]
    assert not seen["errors"], seen["errors"]
    assert any(u.endswith(".wasm") for u in seen["requests"]), "the worker's requests are seen"
    foreign = [u for u in seen["requests"] if not u.startswith((base + "/", *LOCAL))]
    assert not foreign, f"requests outside {base}: {foreign}"


@contextmanager
def xvfb() -> Iterator[str]:
    """An X display of our own (Xvfb picks a free number); yields its DISPLAY."""
    read, write = os.pipe()
    proc = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        pass_fds=(write,), stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            display = numbers.readline().strip()
        assert display, "Xvfb did not start"
        yield f":{display}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def recording_proxy() -> Iterator[tuple[str, list[str]]]:
    """A proxy that forwards nothing: yields its address and the first line of each
    request it gets (so any request sent to it never reaches another origin)."""
    got: list[str] = []
    listener = socket.create_server(("127.0.0.1", 0))

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # closed
                return
            with conn:
                conn.settimeout(5)
                try:
                    got.append(conn.recv(1024).split(b"\r\n", 1)[0].decode("latin-1"))
                except OSError:
                    got.append("(unread)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}", got
    finally:
        listener.close()
        thread.join(timeout=5)


STATUS = "[data-calc-status]"
SHOWS = f"""
var el = document.querySelector('{STATUS}'), r = window.calcRuntime;
return JSON.stringify({{
  page: location.href, readyState: document.readyState, workers: window.calcWorkerStarts,
  status: el ? el.className + ': ' + el.textContent : null,
  state: r ? {{stage: r.state.stage, text: r.state.text, error: r.state.error}} : null,
}});
"""
"""What the page says of its runtime: the status line, the loader's state and the workers
started; the explanation when the runtime is not ready."""


def shows_ready(driver: Any, wait: Any, url: str) -> None:
    """Opens ``url`` and waits for its runtime to be ready. A load that failed fails the
    test with the page's own error. A load still not ready when the wait ends is tried
    once more, in a new load of the page, with a warning that says what the first showed
    (once, in CI, WebKit sat for 120 s with nothing to say why); a second such load fails."""
    from selenium.common.exceptions import TimeoutException

    settled = f"return !!document.querySelector('{STATUS}.calc-ready, {STATUS}.calc-failed')"
    for attempt in (1, 2):
        driver.get(url)
        try:
            wait.until(lambda d: d.execute_script(settled))
            break
        except TimeoutException:
            said = driver.execute_script(SHOWS)
            if attempt == 2:
                pytest.fail(f"WebKit: the runtime is still not ready, twice; the page shows {said}")
            warnings.warn(f"WebKit: not ready, loading again; it showed {said}", stacklevel=2)
    if driver.execute_script(f"return !!document.querySelector('{STATUS}.calc-failed')"):
        said = driver.execute_script(SHOWS)
        pytest.fail(f"WebKit: the runtime failed to load; the page shows {said}")


SESSION_S = 60
"""A WebKitGTK session starts in 1–2 s; one not started after this is not going to."""


@contextmanager
def webkit(webdriver: Any, proxy: str) -> Iterator[Any]:
    """A WebKitGTK session through ``proxy``, in an Xvfb of its own. WebKitWebDriver waits
    without end for a browser that died as it started (seen here, under load: the test
    hung in the session's start for 10 minutes, no MiniBrowser left): a start not done in
    :data:`SESSION_S` is ended (the driver killed) and tried once more, with a warning, in
    a new display. A page load is bounded too (120 s, not WebDriver's 300)."""
    from selenium.webdriver.common.proxy import Proxy

    options = webdriver.WebKitGTKOptions()
    options.proxy = Proxy(
        {"proxyType": "manual", "httpProxy": proxy, "sslProxy": proxy, "noProxy": ["127.0.0.1"]}
    )
    for attempt in (1, 2):
        with xvfb() as display:
            env = {**os.environ, "DISPLAY": display}
            service = webdriver.WebKitGTKService(WEBKIT_DRIVER, env=env)
            killed = threading.Event()

            def kill(service: Any = service, killed: threading.Event = killed) -> None:
                killed.set()
                service.process.kill()

            stuck = threading.Timer(SESSION_S, kill)
            stuck.start()
            try:
                driver = webdriver.WebKitGTK(options=options, service=service)
            except Exception as err:
                if attempt == 2 or not killed.is_set():
                    raise
                said = f"WebKit: no session after {SESSION_S} s ({err!r}); starting again"
                warnings.warn(said, stacklevel=3)
                continue
            finally:
                stuck.cancel()
            try:
                driver.set_page_load_timeout(120)
                yield driver
                return
            finally:
                driver.quit()


# Selenium 4.51's own WebKitGTK class warns about how it builds its connection.
@pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning")
def test_webkit_answers(reporting: str) -> None:
    for need, package in ((WEBKIT_DRIVER, "webkit2gtk-driver"), (XVFB, "xvfb")):
        if not Path(need).is_file():
            pytest.skip(f"{need} not installed (apt-get install {package})")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed")
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.wait import WebDriverWait

    base = reporting
    with recording_proxy() as (proxy, proxied), webkit(webdriver, proxy) as driver:
        wait = WebDriverWait(driver, 180, poll_frequency=0.2)
        shows_ready(driver, wait, f"{base}/calculators/{Q}/")
        ready = driver.execute_script("return performance.now()") / 1000
        print(f"\n[timing] WebKit: runtime ready {ready:.1f} s after opening the page")
        Select(driver.find_element("id", "f-input-category")).select_by_value(CATEGORY)
        driver.find_element("id", "f-input-subsidy-yuan").send_keys(SUBSIDY)
        shown = wait.until(lambda d: d.execute_script(f"return ({SHOWN})(arguments[0])", Q))
        left = list(proxied)
        driver.get(ELSEWHERE)  # the proxy is in use: it gets this one
    assert_the_answer(shown)
    assert not left, f"requests outside {base}: {left}"
    assert proxied == [f"GET {ELSEWHERE} HTTP/1.1"]
