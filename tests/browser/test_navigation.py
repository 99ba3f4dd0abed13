"""Instant navigation (mkdocs-material's navigation.instant): going from one calculator
page to another keeps the same Web Worker and its loaded Python; back/forward, direct
loads, a reading page first, and an offline reload still work."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_site import search

pytestmark = pytest.mark.browser

READY = "[data-calc-status].calc-ready"


def form(q: str) -> str:
    return f"document.querySelector(\"form[data-calc-question='{q}']\")"


def days_answered(yuan: str) -> str:
    """A function: whether the days form shows its answer for ``yuan`` yuan."""
    return (
        "() => (f => f && f.calcLast && f.calcLast.payload.input.subsidy_yuan == "
        f"'{yuan}')({form('days')})"
    )


def answer_days(page: Any) -> dict[str, Any]:
    page.wait_for_function(f"() => {form('days')} && {form('days')}.calculator")
    page.wait_for_selector(READY, timeout=120_000)
    page.select_option("#f-input-category", "skill")
    page.fill("#f-input-subsidy-yuan", "1300")
    page.locator("#f-input-subsidy-yuan").press("Enter")
    page.wait_for_function(days_answered("1300"), timeout=120_000)
    found: dict[str, Any] = page.evaluate(f"{form('days')}.calcLast")
    return found


def answer_plan_check(page: Any) -> dict[str, Any]:
    page.wait_for_function(f"() => {form('plan-check')} && {form('plan-check')}.calculator")
    page.wait_for_selector(READY, timeout=120_000)
    # 计算: calc answers (or names what is missing)
    page.evaluate(f"{form('plan-check')}.requestSubmit()")
    page.wait_for_function(f"() => {form('plan-check')}.calcLast", timeout=120_000)
    found: dict[str, Any] = page.evaluate(f"{form('plan-check')}.calcLast")
    return found


def click_nav(page: Any, path: str) -> None:
    page.locator(f"a[href$='{path}']:visible").first.click()
    at(page, path)


def at(page: Any, path: str) -> None:
    page.wait_for_function(f"() => location.pathname.endsWith('/{path}')")


def test_worker_survives_going_from_days_to_plan_check(page: Any, server: str) -> None:
    page.goto(server + "/calculators/days/")
    first = answer_days(page)
    assert first["result"]["status"] == "pass"
    page.evaluate("window.__samePage = 1")  # gone if the browser loaded a page
    click_nav(page, "calculators/plan-check/")
    second = answer_plan_check(page)
    assert second["result"]
    assert page.evaluate("window.__samePage") == 1
    assert page.evaluate("window.calcWorkerStarts") == 1
    assert page.evaluate(f"!!{form('days')}") is False  # the days form is gone

    # Back: the first page, its draft restored and answered, by the same worker.
    page.go_back()
    at(page, "calculators/days/")
    page.wait_for_function(days_answered("1300"), timeout=120_000)
    assert page.input_value("#f-input-subsidy-yuan") == "1300"
    assert page.locator("[data-calc-result='days'] .calc-verdict").count() > 0
    page.go_forward()
    at(page, "calculators/plan-check/")
    answer_plan_check(page)
    assert page.evaluate("window.__samePage") == 1
    assert page.evaluate("window.calcWorkerStarts") == 1


def test_reading_page_then_calculator_and_direct_load(page: Any, server: str) -> None:
    seen: list[str] = []
    page.context.on("request", lambda r: seen.append(r.url))
    page.goto(server + "/")
    assert page.evaluate("window.calcWorkerStarts") is None  # no calculator: no Python
    # Kept for offline use: the page and its files, not the Python runtime (8.6 MB).
    page.wait_for_function("() => window.calcOffline !== undefined", timeout=60_000)
    assert page.evaluate("window.calcOffline") == "ready"
    assert not [u for u in seen if "/runtime/" in u or "calc-" in u], seen
    page.evaluate("window.__samePage = 1")
    click_nav(page, "calculators/")  # the 计算器 tab: the list of calculators
    assert page.evaluate("window.calcWorkerStarts") is None
    click_nav(page, "calculators/days/")
    answer_days(page)
    assert page.evaluate("window.__samePage") == 1
    assert page.evaluate("window.calcWorkerStarts") == 1
    # A direct load of another calculator page.
    page.goto(server + "/calculators/plan-check/")
    answer_plan_check(page)
    assert page.evaluate("window.calcWorkerStarts") == 1


def test_offline_reload_after_navigating(page: Any, server: str) -> None:
    page.goto(server + "/calculators/days/")
    page.wait_for_selector(READY, timeout=120_000)
    page.wait_for_function("() => window.calcOffline !== undefined", timeout=120_000)
    assert page.evaluate("window.calcOffline") == "ready"
    click_nav(page, "calculators/plan-check/")
    answer_plan_check(page)
    page.context.set_offline(True)
    try:
        page.reload()
        answer_plan_check(page)
    finally:
        page.context.set_offline(False)


def test_search_result_opens_a_calculator_in_the_same_runtime(page: Any, server: str) -> None:
    page.goto(server + "/calculators/plan-check/")
    answer_plan_check(page)
    page.evaluate("window.__samePage = 1")
    search(page, "培训天数")
    page.locator(".md-search-result__item a[href*='calculators/days/']").first.click()
    at(page, "calculators/days/")
    answer_days(page)
    assert page.evaluate("window.__samePage") == 1
    assert page.evaluate("window.calcWorkerStarts") == 1


def test_a_share_link_followed_inside_the_site_fills_the_form(page: Any, server: str) -> None:
    page.goto(server + "/calculators/plan-check/")
    answer_plan_check(page)
    page.evaluate(
        """() => { const a = document.createElement('a');
        a.href = '../days/#days=' + encodeURIComponent(JSON.stringify(
          {"input.category": "skill", "input.subsidy_yuan": "1300"}));
        a.textContent = 'share'; document.querySelector('article').append(a); a.click(); }"""
    )
    at(page, "calculators/days/")
    page.wait_for_function(days_answered("1300"), timeout=120_000)
    assert page.evaluate("window.calcWorkerStarts") == 1
