"""Every page of the built site, in one browser session, and not one request off the site.

The pages are the built HTML files (a new page is visited without a change here). In one
context (one HTTP cache, one service worker), each page is opened; on a calculator page the
runtime is waited for and every form gives an answer (its example; an upload box computes a
pasted table); the site search is used once; and each page waits for the service worker to
store what it loaded, so the background downloads belong to the session too. Then every
request of the session must have gone to the local server.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_fuzz import calculator_pages, pages, registered
from tests.browser.test_site import search
from tests.browser.test_upload import boundary_rows, roster_rows

pytestmark = pytest.mark.browser

# A pasted table that each upload calculator reads without error (others: any answer).
PASTED = {"attendance": boundary_rows(), "roster": roster_rows(3)}
LOCAL = ("data:", "blob:")  # made in the browser: no network
# The last answer's number. Predicates are functions: the pages' Content-Security-Policy
# refuses to evaluate a string, which playwright does for an expression.
SEQ = "f => (document.querySelector(f).calcLast || {seq: 0}).seq"


def answer_forms(page: Any, forms: list[str]) -> list[str]:
    """Every form's example, computed; the statuses shown."""
    shown = []
    for q in forms:
        form = f"form.calc-form[data-calc-question='{q}']"
        before = page.evaluate(f"f => ({SEQ})(f)", form)
        page.locator(f"{form} [data-calc-example]").click()
        page.wait_for_function(f"([f, n]) => ({SEQ})(f) > n", arg=[form, before])
        last = page.evaluate("f => document.querySelector(f).calcLast.result", form)
        assert "error" not in last, f"{q}: the example gives an error: {last}"
        status = page.get_attribute(f"[data-calc-result='{q}']", "data-status")
        assert status == last["status"], q
        shown.append(status)
    return shown


def answer_uploads(page: Any, uploads: list[str]) -> list[str]:
    shown = []
    for q in uploads:
        box = f".calc-upload[data-calc-question='{q}']"
        page.wait_for_selector(f"{box} input[type=file]:not([disabled])")
        rows = PASTED.get(q, [["姓名"], ["张三"]])
        page.eval_on_selector_all(  # a required choice left empty: its first option
            f"{box} .upload-options select",
            "ss => ss.forEach(s => { if (!s.value) s.selectedIndex = 1; })",
        )
        page.locator(f"{box} .upload-paste summary").click()
        page.fill(f"{box} textarea", "\n".join("\t".join(map(str, r)) for r in rows))
        page.locator(f"{box} [data-paste-run]").click()
        result = page.locator(f"{box} [data-calc-result][data-status]")
        result.wait_for()
        status = result.get_attribute("data-status")
        assert status != "failure", result.inner_text()
        if q in PASTED:
            assert status != "error", result.inner_text()
        shown.append(status)
    return shown


def search_once(page: Any) -> int:
    """Search two words; the number of results listed."""
    search(page, "到课率 筛选")
    n: int = page.locator("li.md-search-result__item").count()
    page.keyboard.press("Escape")
    return n


def test_every_page_in_one_session_stays_on_the_site(
    page: Any, server: str, site_dir: Path, record_property: Any
) -> None:
    seen: list[Any] = []
    page.context.on("request", lambda r: seen.append(r))
    paths = pages(site_dir)
    calculators = calculator_pages(site_dir)
    assert "/" in paths and len(paths) > len(calculators) > 0
    assert registered() <= {q for f, u in calculators.values() for q in f + u}

    started = time.perf_counter()
    answers: Counter[str] = Counter()
    searched = 0
    for path in paths:
        response = page.goto(server + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        assert page.title(), path
        if path in calculators:
            forms, uploads = calculators[path]
            page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
            answers.update(answer_forms(page, forms) + answer_uploads(page, uploads))
        if not searched:
            searched = search_once(page)
            assert searched > 0
        # The service worker stores what the page loaded: its requests are this session's.
        page.wait_for_function("() => window.calcOffline !== undefined", timeout=120_000)
        assert page.evaluate("window.calcOffline") == "ready", path
    took = time.perf_counter() - started

    urls = [r.url for r in seen]
    foreign = [u for u in urls if not u.startswith((server + "/", *LOCAL))]
    assert not foreign, f"requests outside {server}: {foreign}"
    network = [u for u in urls if not u.startswith(LOCAL)]
    by_worker = sum(1 for r in seen if r.service_worker is not None)
    kinds = Counter(r.resource_type for r in seen)
    assert sum(answers.values()) >= len(registered())
    record_property("every_page_pages", len(paths))
    record_property("every_page_requests", len(network))
    print(
        f"\n[every page] {len(paths)} pages ({len(calculators)} with calculators, "
        f"{sum(answers.values())} answers {dict(answers)}), 1 search ({searched} results) "
        f"in {took:.0f} s: {len(network)} requests to {server} ({len(set(network))} URLs, "
        f"{by_worker} by the service worker; {dict(kinds.most_common())}), "
        f"{len(urls) - len(network)} data:/blob:, 0 elsewhere"
    )
