"""Every question's example on its page: every number the page shows is one Python writes.

For each question with an ``example`` in calc/manifest.toml, its page is opened, 填入示例
pressed, and the answer drawn is compared with :func:`calc.display.display` for the same
payload, run here in Python (:func:`calc.api.run`): each text of the display (the verdict,
the question's view, each finding's rows) is on the page, and each number on the page
(``60``, ``6.67``, ``79.5%``) is one that Python's display writes. Nothing is hard-coded:
the page must draw what calc.display and calc.text give.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest

from calc.api import run
from calc.manifest import manifest

pytestmark = pytest.mark.browser
NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
SEQ = "f => (document.querySelector(f).calcLast || {seq: 0}).seq"
# The text of each element of a result, one string per element (hidden details included;
# the raw JSON block left out: it is the answer itself, not a display).
TEXTS = """out => [...out.querySelectorAll('*')]
  .filter(e => !e.closest('.calc-json'))
  .map(e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(''))
  .filter(t => t.trim())"""


def strings(node: Any) -> list[str]:
    """Every string in a display (block texts, cells, rows, messages, links)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [
            s
            for k, v in node.items()
            if k not in ("kind", "cls", "status", "url", "rule_url", "key", "switch")
            for s in strings(v)
        ]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def pages() -> dict[str, list[str]]:
    """Each calculator page (its URL path) with the questions that have an example there."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, entry in manifest().items():
        if entry.example and entry.page:
            out["/" + entry.page.split("#")[0].removesuffix(".md") + "/"].append(name)
    return dict(out)


@pytest.mark.parametrize("path", sorted(pages()))
def test_every_number_shown_is_pythons(page: Any, server: str, path: str) -> None:
    page.goto(server + path)
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    for q in pages()[path]:
        form = f"form.calc-form[data-calc-question='{q}']"
        before = page.evaluate(f"f => ({SEQ})(f)", form)
        page.locator(f"{form} [data-calc-example]").click()
        page.wait_for_function(f"([f, n]) => ({SEQ})(f) > n", arg=[form, before])
        shown = page.evaluate("f => document.querySelector(f).calcLast", form)
        expected = run(q, shown["payload"])
        assert "error" not in expected, f"{q}: {expected}"
        display = expected["display"]
        assert shown["result"]["display"] == display, q

        out = page.locator(f"[data-calc-result='{q}']")
        texts: list[str] = out.evaluate(TEXTS)
        whole = "\n".join(texts)
        said = [*strings({k: v for k, v in display.items() if k != "trace"})]
        said.append(display["trace"]["note"])
        missing = [s for s in said if s and s not in whole]
        assert not missing, f"{q}: not on the page: {missing[:5]}"

        # Every number the page shows comes from Python's display.
        numbers = {n for s in strings(display) for n in NUMBER.findall(s)}
        foreign = {n for t in texts for n in NUMBER.findall(t)} - numbers
        assert not foreign, f"{q}: numbers on the page that calc.display did not write: {foreign}"
