"""Content security in the browser: the pages' policy (scripts/csp.py) is enforced — an
injected inline script and ``eval`` do not run, while the calculator computes with no
violation — and a runtime file that differs from its hash in runtime/manifest.json is
refused with a Chinese message naming it (docs/assets/js/calc-worker.js).

These tests provoke violations and failed loads on purpose, so they open their own
contexts instead of the ``page`` fixture (which fails a test on any console error); they
check themselves that no request left the local server.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from scripts.csp import WORKER

pytestmark = pytest.mark.browser

VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


@pytest.fixture
def open_page(browser: Any, server: str) -> Iterator[Callable[[], Any]]:
    """A page in a fresh context; afterwards, every request went to the local server."""
    contexts: list[Any] = []
    seen: list[str] = []

    def make() -> Any:
        context = browser.new_context(locale="zh-CN")
        context.on("request", lambda r: seen.append(r.url))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.add_init_script(VIOLATIONS)
        return page

    yield make
    for context in contexts:
        context.close()
    assert seen
    foreign = [u for u in seen if not u.startswith((server + "/", "data:", "blob:", "about:"))]
    assert not foreign, f"requests outside {server}: {foreign}"


def _stage(page: Any) -> str:
    page.wait_for_function(
        "() => window.calcRuntime && ['ready', 'failed'].includes(calcRuntime.state.stage)",
        timeout=120_000,
    )
    return str(page.evaluate("calcRuntime.state.stage"))


def test_policy_blocks_injected_script_and_eval_and_the_calculator_still_works(
    open_page: Callable[[], Any], server: str
) -> None:
    page = open_page()
    page.goto(server + "/calculators/days/")
    assert _stage(page) == "ready"
    page.fill("#f-input-subsidy-yuan", "1300")
    page.locator("#f-input-subsidy-yuan").press("Enter")
    page.wait_for_selector("[data-calc-result][data-status]")
    assert page.evaluate("window.__violations") == []  # the site itself breaks no rule

    ran = page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__pwned = 1";
          document.body.append(s);
          const img = document.createElement("img");
          img.setAttribute("onerror", "window.__pwned = 2");
          img.src = "data:,x";
          document.body.append(img);
          setTimeout("window.__pwned = 3", 0);  // a string timer is eval
          return true;
        }"""
    )
    assert ran
    page.wait_for_function("() => window.__violations.length >= 3")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    violations = page.evaluate("window.__violations")
    assert all(v.startswith("script-src") for v in violations), violations


def test_scripts_are_served_with_the_worker_policy(server: str) -> None:
    with urllib.request.urlopen(server + "/assets/js/calc-worker.js") as response:
        assert response.headers["Content-Security-Policy"] == WORKER
    assert "'unsafe-eval'" not in WORKER and "'wasm-unsafe-eval'" in WORKER


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("**/pyodide.asm.wasm", "运行环境文件 pyodide.asm.wasm 校验失败"),
        ("**/pyodide.asm.mjs", "运行环境文件 pyodide.asm.mjs 校验失败"),
        ("**/pydantic-2*.whl", "校验失败"),
        ("**/runtime/manifest.json", "无法读取或校验 runtime/manifest.json"),
    ],
)
def test_a_tampered_runtime_file_is_refused(
    open_page: Callable[[], Any], server: str, pattern: str, expected: str
) -> None:
    page = open_page()

    def tamper(route: Any) -> None:
        response = route.fetch()
        body = bytearray(response.body())
        body[len(body) // 2] ^= 0x01  # one bit
        route.fulfill(response=response, body=bytes(body))

    page.route(pattern, tamper)
    page.goto(server + "/calculators/days/")
    assert _stage(page) == "failed"
    assert expected in page.evaluate("calcRuntime.state.error")
    status = page.locator("[data-calc-status]")
    assert "计算器加载失败" in status.inner_text()
    assert status.locator("button", has_text="重试").is_visible()

    page.unroute(pattern)  # the file is whole again: a retry loads the runtime
    status.locator("button", has_text="重试").click()
    assert _stage(page) == "ready"
