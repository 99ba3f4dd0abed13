"""Layout, measured rather than looked at: at a desktop (1280 px) and a phone (375 px) width,
after 填入示例, no text box or select cuts its value or options, every required field's
star is shown, and a result table keeps a trainee's name on one line.

A select's needed width is that of a copy of it at its natural width (its longest option);
a select whose chosen option wraps (a customizable select, appearance: base-select) must
show all of it. A control scrolled into view must lie within the screen and the box that
scrolls it sideways (a table's wrapper, a field), or be wider than that box; the page
itself never scrolls sideways.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (1280, 375)
SUPPORTS = "@supports (appearance: base-select)"

# Whether an element, scrolled into view, is seen whole: inside the screen and the box that
# scrolls it sideways, or wider than that box, which then scrolls (JavaScript, put first).
SHOWN = """
  const shown = el => {
    el.scrollIntoView({ block: "center", inline: "nearest" });
    const r = el.getBoundingClientRect();
    let box = el.parentElement;
    while (box && !/auto|scroll/.test(getComputedStyle(box).overflowX)) box = box.parentElement;
    const b = box ? box.getBoundingClientRect() : { left: 0, right: innerWidth };
    const left = Math.max(0, b.left), right = Math.min(innerWidth, b.right);
    return r.width > right - left + 1 ? !!box : r.left >= left - 1 && r.right <= right + 1;
  };
"""

# What is cut: each visible text box or select of the page whose value or longest option
# does not fit, or that cannot be seen whole by scrolling.
CUT = (
    """() => {"""
    + SHOWN
    + """
  const out = [];
  const name = c => (c.name || c.id) + " (" + (c.value || "").slice(0, 12) + ")";
  for (const c of document.querySelectorAll("main :is(input[type=text], select)")) {
    if (!c.getClientRects().length) continue;
    if (c.tagName === "INPUT") {
      if (c.scrollWidth > c.clientWidth)
        out.push(`${name(c)}: ${c.scrollWidth} > ${c.clientWidth}`);
    } else if (getComputedStyle(c).appearance === "base-select") {
      if (c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1)
        out.push(`${name(c)}: wrapped text cut`);
    } else {
      const copy = c.cloneNode(true);
      copy.removeAttribute("id");
      copy.removeAttribute("name");
      copy.style.cssText =
        "position:absolute;visibility:hidden;width:auto;min-width:0;max-width:none";
      c.after(copy);
      const need = copy.offsetWidth;
      copy.remove();
      if (c.offsetWidth < need - 1) out.push(`${name(c)}: ${c.offsetWidth} < ${need}`);
    }
    if (!shown(c)) out.push(`${name(c)}: not seen whole`);
  }
  return out;
}"""
)

# Required fields whose star is not shown: a field's label, a group's legend, a table
# column's header, or in a table shown as cards, the cell (its ::after); the host visible
# and seen whole.
STARS = (
    """() => {"""
    + SHOWN
    + """
  const out = [];
  const starred = h => getComputedStyle(h, "::after").content.includes("*")
    && getComputedStyle(h, "::after").display !== "none";
  const hosts = [];
  for (const f of document.querySelectorAll("main [data-required]")) {
    if (!f.getClientRects().length) continue;
    if (!f.classList.contains("calc-cell")) {
      const label = ":scope > label, :scope > .calc-label, :scope > legend";
      hosts.push([f.dataset.title, f.querySelector(label)]);
      continue;
    }
    const td = f.closest("td");
    if (!td) continue;  // a list's item: the list's own label has the star
    const th = td.closest("table").tHead.rows[0].cells[td.cellIndex];
    hosts.push([f.dataset.cell, td.closest(".calc-cards") ? td : th]);
  }
  for (const [what, h] of hosts) {
    if (!h || !h.getClientRects().length) { out.push(`${what}: no visible label`); continue; }
    if (!starred(h)) { out.push(`${what}: no star`); continue; }
    if (!shown(h)) out.push(`${what}: not seen whole`);
  }
  return out;
}"""
)

# Names (and classes) in the result's tables that wrap onto more lines while narrower than
# four characters.
NAMES = """() => {
  const out = [];
  for (const t of document.querySelectorAll(".calc-result table.calc-table")) {
    if (!t.getClientRects().length || !t.tHead) continue;
    const cols = [...t.tHead.rows[0].cells]
      .flatMap((h, i) => ["姓名", "班级"].includes(h.textContent) ? [i] : []);
    for (const row of t.tBodies[0].rows) for (const i of cols) {
      const td = row.cells[i];
      const range = document.createRange();
      range.selectNodeContents(td);
      const tops = [...range.getClientRects()].filter(r => r.width).map(r => Math.round(r.top));
      const lines = new Set(tops).size;
      const s = getComputedStyle(td);
      const width = td.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      if (lines > 1 && width < 4 * parseFloat(s.fontSize) - 0.5)
        out.push(`${td.textContent}: ${lines} lines in ${Math.round(width)}px`);
    }
  }
  return out;
}"""


def at_width(page: Any, width: int) -> None:
    """Resize, and wait until the page fits sideways (its tables are measured again a
    moment after a resize and turn into cards where they do not fit)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_function(
        f"() => document.documentElement.scrollWidth <= {width} + 1", timeout=5000
    )


def open_all(page: Any) -> None:
    """Open every folded part (the readings, the judging date), so its controls render."""
    page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")


def layout_problems(page: Any) -> dict[int, list[str]]:
    found = {}
    for width in WIDTHS:
        at_width(page, width)
        open_all(page)
        found[width] = page.evaluate(CUT) + page.evaluate(STARS)
    return {w: p for w, p in found.items() if p}


def open_with_example(page: Any, server: str, path: str) -> None:
    page.goto(f"{server}/calculators/{path}/")
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    page.locator("[data-calc-example]").first.click()
    page.wait_for_selector(".calc-result .calc-verdict")


@pytest.mark.parametrize("path", ["plan-check", "eligibility", "dates"])
def test_controls_show_whole_values_and_required_stars(page: Any, server: str, path: str) -> None:
    """After 填入示例: nothing cut, every star shown, at both widths (dates: the longest
    reading options)."""
    open_with_example(page, server, path)
    assert layout_problems(page) == {}


@pytest.mark.parametrize("path", ["plan-check", "dates"])
def test_without_customizable_selects_long_options_scroll_instead(
    page: Any, server: str, path: str
) -> None:
    """Browsers without appearance: base-select (Firefox, Safari): the page as served, the
    @supports (appearance: base-select) block of its stylesheet (inlined in the head) not
    applying; every select keeps its longest option's width and its field or table scrolls
    sideways; nothing is cut."""

    found = []

    def without_base_select(route: Any) -> None:
        served = route.fetch()
        html = served.text()
        found.append(SUPPORTS in html)
        kept = {k: v for k, v in served.headers.items()
                if k.lower() not in ("content-encoding", "content-length")}  # fmt: skip
        body = html.replace(SUPPORTS, "@supports (appearance: no-such-value)")
        route.fulfill(status=served.status, headers=kept, body=body)

    page.route(f"**/calculators/{path}/", without_base_select)
    open_with_example(page, server, path)
    appearance = "getComputedStyle(document.querySelector('main select')).appearance"
    assert page.evaluate(appearance) != "base-select"
    assert layout_problems(page) == {}
    assert found and all(found)  # the block this test takes away is there


def test_a_long_module_name_shows_whole(page: Any, server: str) -> None:
    """A module name longer than the example's (安全与职业道德…) still shows whole: the box
    widens and the table (or card) scrolls inside its own box."""
    open_with_example(page, server, "plan-check")
    name = page.locator("[data-name='input.modules'] [data-key='name'] input").first
    name.fill("安全与职业道德及劳动法律法规教育")
    assert layout_problems(page) == {}


def test_attendance_names_stay_on_one_line_on_a_phone(page: Any, server: str) -> None:
    """The attendance page's result tables on a phone: a name or class is not broken one
    character per line; the page's own controls are not cut either."""
    names = ["欧阳娜娜", "张三", "李四光", "司马相如"]
    text = "\n".join(
        ["姓名\t班级\t课次\t签到"]
        + [
            f"{n}\t一班\t第{i}次\t{'是' if (i + k) % 3 else '否'}"
            for k, n in enumerate(names)
            for i in range(1, 6)
        ]
    )
    page.goto(f"{server}/calculators/attendance/")
    page.wait_for_selector(".calc-upload input[type=file]:not([disabled])", timeout=120_000)
    page.locator(".upload-paste summary").click()
    page.fill(".upload-paste textarea", text)
    page.click("[data-paste-run]")
    page.wait_for_selector(".calc-result .calc-verdict")
    open_all(page)
    shown = page.locator(".calc-result table.calc-table td").all_inner_texts()
    assert all(n in shown for n in names)
    assert layout_problems(page) == {}
    at_width(page, 375)
    assert page.evaluate(NAMES) == []
    # a result table (or the JSON) wider than the phone scrolls in a box the keyboard reaches
    wide = page.evaluate(
        """() => [...document.querySelectorAll('.calc-result *')]
          .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
                         && e.scrollWidth > e.clientWidth)
          .map((e) => [e.tagName + '.' + e.className, e.tabIndex >= 0
                       || !!e.querySelector('a[href], input, select, button, [tabindex]')])"""
    )
    assert wide and all(reachable for _, reachable in wide), wide
