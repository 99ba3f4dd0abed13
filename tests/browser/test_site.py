"""The built site in headless Chromium: Chinese search, the rule boxes, and the days
calculator answering in the browser exactly as calc does in Python."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from calc.api import run
from calc.text import pct

pytestmark = pytest.mark.browser

COLLECT = """
window.__calcResults = [];
document.addEventListener("calc:result", (e) => window.__calcResults.push(e.detail));
"""


def search(page: Any, words: str) -> None:
    """Type ``words`` into the site search, once its index is loaded; wait for results."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('初始化')"
    )
    box.press_sequentially(words)
    page.keyboard.press("End")  # Material searches on key events; typed CJK text sends none
    page.locator(".md-search-result__item a").first.wait_for()


def test_chinese_search_finds_article_by_two_words(page: Any, server: str) -> None:
    page.goto(server + "/")
    search(page, "到课率 筛选")
    groups = page.locator("li.md-search-result__item").evaluate_all(
        "items => items.map(li => [...li.querySelectorAll('a')].map(a => a.getAttribute('href')))"
    )
    first = [h.split("?")[0] + ("#" + h.split("#")[1] if "#" in h else "") for h in groups[0]]
    # The article itself comes first (pages quoting it come after).
    assert any(h.endswith("regulations/spb/#spb-7-4") for h in first), groups[:3]
    hrefs = [h for group in groups for h in group]
    # The highlight carries the whole words, not fragments of them.
    assert "h=%E5%88%B0%E8%AF%BE%E7%8E%87" in "".join(hrefs)  # 到课率


def test_rule_box_shows_value_from_registry(page: Any, server: str) -> None:
    expected = pct(Decimal("0.6"))  # 实训操作课时不低于60%
    page.goto(server + "/regulations/cq16/#rule-CQ16-PRACTICAL-60")
    box = page.locator("#rule-CQ16-PRACTICAL-60")
    assert box.evaluate("el => el.open"), "the linked rule box opens"
    text = box.inner_text()
    assert "CQ16-PRACTICAL-60" in text
    assert f"：{expected}" in text
    assert box.locator("a[href*='readings/#reading-']").count() >= 1


def _wait_result(page: Any, count: int) -> dict[str, Any]:
    page.wait_for_function(f"() => window.__calcResults.length >= {count}", timeout=120_000)
    detail: dict[str, Any] = page.evaluate(f"window.__calcResults[{count - 1}]")
    return detail


def test_days_calculator_answers_like_python(page: Any, server: str) -> None:
    page.add_init_script(COLLECT)
    page.goto(server + "/calculators/days/")
    status = page.locator("[data-calc-status]")
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    assert "就绪" in status.inner_text()

    subsidy = 200 * 9  # 200元/天
    page.select_option("#f-input-category", "upgrade")
    page.fill("#f-input-subsidy-yuan", str(subsidy))
    page.locator("#f-input-subsidy-yuan").press("Enter")
    detail = _wait_result(page, 1)
    assert detail["payload"]["input"] == {
        "category": "upgrade",
        "catalogue": "dadian",
        "subsidy_yuan": str(subsidy),
        "exception": False,
    }
    python = json.loads(json.dumps(run("days", detail["payload"])))
    assert detail["result"] == python
    assert "error" not in python

    result = page.locator("[data-calc-result]")
    assert result.get_attribute("data-status") == python["status"]
    shown = result.inner_text()
    for check in python["checks"]:
        assert check["rule"] in shown
        assert check["message"] in shown
    assert "使用的条文解读" in shown

    # The inputs persist in the fragment: a reload computes the same answer.
    assert "subsidy_yuan" in page.evaluate("decodeURIComponent(location.hash)")
    page.reload()
    again = _wait_result(page, 1)
    assert again["result"] == python


def test_days_calculator_bad_input_names_the_field(page: Any, server: str) -> None:
    page.add_init_script(COLLECT)
    page.goto(server + "/calculators/days/")
    page.fill("#f-input-subsidy-yuan", "很多")
    page.locator("button[type=submit]").click()
    detail = _wait_result(page, 1)
    python = run("days", detail["payload"])
    assert detail["result"] == python
    assert python["error"]
    title = page.locator("[data-name='input.subsidy_yuan']").get_attribute("data-title")
    assert title and title in python["message"]
    assert page.locator("[data-name='input.subsidy_yuan'].calc-invalid").count() == 1
    assert python["problems"][0]["what"] in page.locator("[data-calc-result]").inner_text()
