"""After one visit the site works with the network gone: the service worker (docs/sw.js)
keeps the runtime, the page and its scripts, and a reload offline still computes."""

from __future__ import annotations

from typing import Any

import pytest

from calc.api import run
from tests.browser.test_site import COLLECT, _wait_result

pytestmark = pytest.mark.browser


def test_calculator_works_offline_after_one_visit(page: Any, server: str) -> None:
    page.add_init_script(COLLECT)
    page.goto(server + "/calculators/days/")
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    page.wait_for_function("() => window.calcOffline !== undefined", timeout=120_000)
    assert page.evaluate("window.calcOffline") == "ready"

    page.context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
        page.select_option("#f-input-category", "skill")
        page.fill("#f-input-subsidy-yuan", "1300")
        page.locator("#f-input-subsidy-yuan").press("Enter")
        detail = _wait_result(page, 1)
    finally:
        page.context.set_offline(False)
    assert detail["result"] == run("days", detail["payload"])
    assert detail["result"]["status"] == "pass"
