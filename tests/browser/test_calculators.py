"""The calculator pages in headless Chromium: one page load per test, several things per page.

Each test types into a calculator, reads the result, crosses a rule's boundary both ways
(the regulation's own numbers), types a bad value and finds calc's Chinese message next to the
field, reloads and finds the inputs kept, and checks that the page's result equals what
``python -m calc ask`` answers for the payload the page sent (``form.calcLast``).
Timings are printed (``pytest -s``): page open to first result, and edit to updated result.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from calc.api import run
from calc.display import PAGE_TEXT
from calc.text import num

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
TIMINGS: dict[str, str] = {}


# --- helpers ---------------------------------------------------------------------------------


def form(q: str) -> str:
    return f"document.querySelector('form[data-calc-question=\"{q}\"]')"


def open_calc(page: Any, server: str, path: str, states: dict[str, Any] | None = None) -> float:
    """Open a calculator page (with inputs in the fragment, as a shared link has them);
    return the seconds from navigation to the runtime being ready."""
    hash_ = "&".join(
        f"{q}={quote(json.dumps(s, ensure_ascii=False))}" for q, s in (states or {}).items()
    )
    page.goto(f"{server}/calculators/{path}/" + (f"#{hash_}" if hash_ else ""))
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    return float(page.evaluate("performance.now()")) / 1000


def last(page: Any, q: str) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate(f"{form(q)}.calcLast")
    return found


def seq(page: Any, q: str) -> int:
    return int(page.evaluate(f"({form(q)}.calcLast || {{seq: 0}}).seq"))


def settled(page: Any, q: str) -> dict[str, Any]:
    """The result for what the form holds now (computed after the last edit)."""
    page.wait_for_function(
        f"() => (f => f.calcLast && JSON.stringify(f.calcLast.payload) === "
        f"JSON.stringify(f.calculator.payload()))({form(q)})",
        timeout=60_000,
    )
    return last(page, q)


def after(page: Any, q: str, action: Any) -> dict[str, Any]:
    """Do ``action`` (an edit) and return the next result."""
    before = seq(page, q)
    action()
    page.wait_for_function(
        f"() => ({form(q)}.calcLast || {{seq: 0}}).seq > {before}", timeout=60_000
    )
    return settled(page, q)


def field(q: str, name: str) -> str:
    return f"form[data-calc-question='{q}'] [data-name='{name}']"


def rows(page: Any, q: str, table: str) -> Any:
    return page.locator(f"{field(q, table)} [data-row]")


def cell(page: Any, q: str, table: str, row: int, key: str) -> Any:
    """The control of column ``key`` in row ``row`` (from 1) of a table field."""
    return rows(page, q, table).nth(row - 1).locator(f"[data-key='{key}'] :is(input, select)")


def check(result: dict[str, Any], rule_id: str) -> list[str]:
    return [c["status"] for c in result["checks"] if c["rule"] == rule_id]


def same_as_cli(q: str, shown: dict[str, Any]) -> None:
    """The page's result equals the command line's for the payload the page sent."""
    done = subprocess.run(
        [sys.executable, "-m", "calc", "ask", q], input=json.dumps(shown["payload"]),
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout) == shown["result"]


def message_at(where: Any) -> str:
    """The error message shown at ``where`` (a locator: a field, a cell or a table row)."""
    node = where.element_handle()
    where.page.wait_for_function("n => n.classList.contains('calc-invalid')", arg=node)
    text: str = node.evaluate(
        """n => { const next = n.nextElementSibling;
                  const m = n.matches('tr') ? next && next.querySelector('.calc-msg')
                          : n.querySelector(':scope > .calc-msg:not([hidden])');
                  return m ? m.textContent : ''; }"""
    )
    return text


def unlabelled(page: Any) -> list[str]:
    """Controls of the page's forms without an accessible name."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('form.calc-form :is(input, select, textarea),'
                   + ' .calc-whatif input')]
             .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')
                          && !c.getAttribute('aria-labelledby'))
             .map(c => c.outerHTML.slice(0, 80))"""
    )
    return found


def fits(page: Any, width: int) -> bool:
    """At ``width`` px the page needs no sideways scrolling (wide tables turn into cards
    once the page has measured them after the resize)."""
    page.set_viewport_size({"width": width, "height": 800})
    try:
        page.wait_for_function(
            f"() => document.documentElement.scrollWidth <= {width} + 1", timeout=3000
        )
        ok = True
    except Exception:  # playwright's TimeoutError
        ok = False
    page.set_viewport_size({"width": 1280, "height": 900})
    return ok


def report(name: str, text: str) -> None:
    TIMINGS[name] = text
    print(f"\n[timing] {name}: {text}")


# --- plan-check --------------------------------------------------------------------------------


def plan(trainees: int, shift: int = 0) -> tuple[dict[str, Any], Decimal]:
    """A plan exactly at the practical and ethics shares (``shift`` hours of practical
    moved to theory), at the shortest lesson and with ``trainees``; and its subsidy."""
    days = Decimal(6)
    daily = Decimal(6)  # 每天不少于6课时
    total = (daily * days / 10).to_integral_value(rounding="ROUND_CEILING") * 10
    practical = total * Decimal("0.6")  # 实训操作课时不低于60%
    ethics = total * Decimal("0.1")  # 职业道德等内容不少于10%
    theory = total - practical - ethics
    low, high = Decimal(130), Decimal(200)  # 130—200元/天
    subsidy = days * (low + high) / 2
    modules = [
        ("理论讲授", theory + shift, Decimal(0), "online", "lecture", False),
        ("职业道德与安全", ethics, Decimal(0), "offline", "lecture", True),
        ("实操训练", Decimal(0), practical - shift, "offline", "practical", False),
    ]
    return {
        "category": "skill",
        "subsidy_yuan": num(subsidy),
        "days": num(days),
        "lesson_minutes": 40,  # 每课时40—50分钟
        "trainees": trainees,
        "platform_meets_standard": True,
        "modules": [
            {
                "name": n,
                "theory_hours": num(t),
                "practical_hours": num(p),
                "mode": m,
                "kind": k,
                "ethics": e,
            }
            for n, t, p, m, k, e in modules
        ],
    }, subsidy


def test_plan_check_page(page: Any, server: str) -> None:
    q = "plan-check"
    max_n = 50  # 每班不超过50人
    inp, subsidy = plan(max_n)
    ready = open_calc(page, server, q, {q: {"input": inp}})
    first = settled(page, q)
    opened = float(page.evaluate(f"{form(q)}.calcFirstAnswerAt")) / 1000
    report("plan-check 打开页面到第一个结果", f"{opened:.2f} s（运行环境就绪 {ready:.2f} s）")

    # Exactly 60% practical, 10% ethics, the shortest lesson and 50 trainees: all pass.
    assert first["result"]["status"] == "pass", first["result"]["summary"]
    for rid in ("CQ16-PRACTICAL-60", "CQ16-ETHICS-10", "CQ16-CLASS-50"):
        assert check(first["result"], rid) == ["pass"], rid
    assert check(first["result"], "CQ16-LESSON-MIN") == ["pass", "pass"], "length, and day fits"
    sent = first["payload"]["input"]
    assert sent["trainees"] == max_n and sent["modules"][2] == inp["modules"][2]
    totals = page.locator(".calc-totals").inner_text()
    assert first["result"]["data"]["totals"]["total"] in totals

    # Typed edits recompute live: one trainee too many fails CQ16-CLASS-50, with its fix.
    trainees = page.locator(field(q, "input.trainees") + " input")
    over = after(page, q, lambda: trainees.fill(str(max_n + 1)))
    assert check(over["result"], "CQ16-CLASS-50") == ["fail"]
    assert "改正" in page.locator("[data-rule='CQ16-CLASS-50']").inner_text()

    # One hour of practical moved to theory: below 60%.
    below, _ = plan(max_n + 1, shift=1)
    theory = cell(page, q, "input.modules", 1, "theory_hours")
    practical = cell(page, q, "input.modules", 3, "practical_hours")
    after(page, q, lambda: theory.fill(below["modules"][0]["theory_hours"]))
    short = after(page, q, lambda: practical.fill(below["modules"][2]["practical_hours"]))
    assert check(short["result"], "CQ16-PRACTICAL-60") == ["fail"]
    assert short["result"] == run(q, short["payload"])

    # Edit to updated result, several times (the page measures from the input event).
    page_ms, wall_ms, compute_ms = [], [], []
    for i in range(8):
        t0 = time.perf_counter()
        shown = after(page, q, lambda v=str(max_n - 1 - i % 2): trainees.fill(v))
        wall_ms.append((time.perf_counter() - t0) * 1000)
        page_ms.append(float(shown["editMs"]))
        compute_ms.append(float(shown["computeMs"]))
    report(
        "plan-check 修改到结果更新（8 次的中位数）",
        f"页内 {statistics.median(page_ms):.0f} ms（含 150 ms 防抖；其中 Python 计算往返 "
        f"{statistics.median(compute_ms):.0f} ms），测试端 {statistics.median(wall_ms):.0f} ms",
    )

    # A bad value in a table cell: calc's message next to that cell, not a traceback.
    box = rows(page, q, "input.modules").nth(2).locator("[data-key='practical_hours']")
    bad = after(page, q, lambda: practical.fill("二十"))
    assert bad["result"]["error"] and bad["result"] == run(q, bad["payload"])
    assert "应为数字" in message_at(box)
    assert page.locator(".calc-form-msg").is_hidden()
    good = after(page, q, lambda: practical.fill(below["modules"][2]["practical_hours"]))
    assert "error" not in good["result"] and not message_at_none(page)

    # Rows by keyboard: "添加一行" focuses the new row's first cell; "删除" removes it.
    page.locator(f"{field(q, 'input.modules')} [data-calc-add]").focus()
    page.keyboard.press("Enter")
    assert rows(page, q, "input.modules").count() == 4
    assert page.evaluate("document.activeElement.closest('[data-row]') !== null")
    rows(page, q, "input.modules").nth(3).locator("[data-calc-remove]").focus()
    page.keyboard.press("Enter")
    assert rows(page, q, "input.modules").count() == 3

    # The reading switches shown are those the result can use; the used ones are marked.
    used = {u["key"] for u in good["result"]["readings"]}
    keys = set(
        page.locator("form [data-reading]").evaluate_all("e => e.map(x => x.dataset.reading)")
    )
    assert used <= keys
    assert page.locator("[data-reading].calc-reading-used").count() == len(used)
    switched = after(
        page, q, lambda: page.select_option("[data-reading='online_theory'] select", "at_least_30")
    )
    assert switched["payload"]["context"]["readings"]["online_theory"] == "at_least_30"

    # What-if at the lowest daily standard: the days it gives, and the checks that change.
    low = Decimal(130)  # 130元/天
    page.locator("[data-whatif-range]").focus()
    page.keyboard.press("Home")
    days = run("days", {"input": {"category": "skill", "subsidy_yuan": num(subsidy),
                                  "daily_yuan": num(low)}})["data"]["days"]  # fmt: skip
    page.wait_for_function(
        "t => document.querySelector('[data-whatif-out]').textContent.includes(t)",
        arg=f"培训天数 {days} 天",
    )
    expected = run(
        q, dict(switched["payload"], input=dict(switched["payload"]["input"], days=days))
    )
    pairs = zip(expected["checks"], switched["result"]["checks"], strict=True)
    changed = [c["message"] for c, o in pairs if c["message"] != o["message"]]
    whatif = page.locator("[data-whatif-out]").inner_text()
    assert changed and all(m in whatif for m in changed)

    # Every control has a label; nothing is wider than a 375 px screen.
    assert not unlabelled(page)
    assert fits(page, 375)

    # Reload: the inputs come back and give the same answer; the CLI agrees.
    before = settled(page, q)
    page.reload()
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    kept = settled(page, q)
    assert kept["payload"] == before["payload"]
    assert kept["result"] == before["result"]
    same_as_cli(q, kept)


def message_at_none(page: Any) -> bool:
    """Some error message is still shown on the page."""
    return bool(page.locator(".calc-invalid").count())


# --- eligibility and spot-check (one page, two forms) --------------------------------------


def test_eligibility_and_spot_check_page(page: Any, server: str) -> None:
    q, s = "eligibility", "spot-check"
    rate = Decimal("0.8")  # 到课率不低于80%
    trainee = {"name": "张三", "attendance_rate": num(rate), "certificate": "skill_level",
               "data_meets_standard": True}  # fmt: skip
    klass = {"approved_before_start": True}
    ready = open_calc(page, server, q, {q: {"input": {"class": klass, "trainees": [trainee]}}})
    first = settled(page, q)
    opened = float(page.evaluate(f"{form(q)}.calcFirstAnswerAt")) / 1000
    report("eligibility 打开页面到第一个结果", f"{opened:.2f} s（运行环境就绪 {ready:.2f} s）")
    # Attendance exactly at the rate passes; just below fails.
    assert first["result"]["status"] == "pass"
    assert check(first["result"], "SPB-ATTEND-80") == ["pass"]
    assert "1 / 1" in page.locator("[data-calc-result='eligibility'] .calc-view").inner_text()
    rate_cell = cell(page, q, "input.trainees", 1, "attendance_rate")
    fail = after(page, q, lambda: rate_cell.fill(num(rate - Decimal("0.0001"))))
    assert check(fail["result"], "SPB-ATTEND-80") == ["fail"]
    after(page, q, lambda: rate_cell.fill(num(rate)))

    # A second trainee by the add button; booleans always sent, empty cells left out.
    page.locator(f"{field(q, 'input.trainees')} [data-calc-add]").click()
    cell(page, q, "input.trainees", 2, "name").fill("李四")
    cell(page, q, "input.trainees", 2, "certificate").select_option("none")
    cell(page, q, "input.trainees", 2, "expected").fill("10")
    two = after(page, q, lambda: cell(page, q, "input.trainees", 2, "attended").fill("9"))
    assert two["payload"]["input"]["trainees"][1] == {
        "name": "李四", "attended": 9, "expected": 10, "certificate": "none",
        "data_meets_standard": False, "data_anomaly": False,
    }  # fmt: skip
    assert two["result"]["data"]["eligible_count"] == 1

    # A bad row in the table nested in the class's fieldset: the message under that row.
    spot = "input.class.spot_checks"
    page.locator(f"{field(q, spot)} [data-calc-add]").click()
    cell(page, q, spot, 1, "sampled").fill("5")
    bad = after(page, q, lambda: cell(page, q, spot, 1, "passed").fill("9"))
    assert bad["result"]["error"]
    assert "大于抽查人数" in message_at(rows(page, q, spot).nth(0))

    # Spot checks alone: exactly 80% twice passes; 79% twice cancels the class.
    sampled = 100
    at = int(Decimal("0.8") * sampled)  # 达标率低于80%
    cell(page, s, "input.checks", 1, "sampled").fill(str(sampled))
    cell(page, s, "input.checks", 1, "passed").fill(str(at))
    page.locator(f"{field(s, 'input.checks')} [data-calc-add]").click()
    cell(page, s, "input.checks", 2, "sampled").fill(str(sampled))
    ok = after(page, s, lambda: cell(page, s, "input.checks", 2, "passed").fill(str(at)))
    assert ok["result"]["status"] == "pass"
    after(page, s, lambda: cell(page, s, "input.checks", 1, "passed").fill(str(at - 1)))
    low = after(page, s, lambda: cell(page, s, "input.checks", 2, "passed").fill(str(at - 1)))
    assert low["result"]["status"] == "fail" and low["result"]["data"]["cancelled"]
    switch = f"form[data-calc-question='{s}'] [data-reading='spotcheck'] select"
    either = after(page, s, lambda: page.select_option(switch, "either"))
    assert either["payload"]["context"]["readings"]["spotcheck"] == "either"
    same_as_cli(s, either)

    assert not unlabelled(page)
    assert fits(page, 375)

    # Both forms' inputs survive a reload (one fragment holds both).
    page.reload()
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    assert settled(page, s)["payload"] == either["payload"]
    assert rows(page, q, "input.trainees").count() == 2
    assert cell(page, q, "input.trainees", 2, "name").input_value() == "李四"


# --- evidence ----------------------------------------------------------------------------------


def minute(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M")


def test_evidence_page(page: Any, server: str) -> None:
    q = "evidence"
    ready = open_calc(page, server, q)
    report("evidence 运行环境就绪", f"{ready:.2f} s")
    page.select_option(field(q, "input.stage") + " select", "live")
    # Only the live stage's fields show.
    assert page.locator(field(q, "input.sign_in")).is_hidden()
    assert page.locator(field(q, "input.screenshots")).is_visible()

    # Screenshots exactly the minimum gap apart pass; a minute less fails.
    gap = timedelta(minutes=10)
    n = 3  # 截图3张，间隔不低于10分钟
    start = datetime(2026, 3, 1, 9, 0)
    shots = "input.screenshots"
    page.select_option(field(q, "input.check_in") + " select", "true")
    for i in range(n):
        page.locator(f"{field(q, shots)} [data-calc-add]").click()
        rows(page, q, shots).nth(i).locator("input").fill(minute(start + i * gap))
    exact = settled(page, q)
    assert exact["result"]["status"] == "pass", exact["result"]["summary"]
    assert len(exact["payload"]["input"]["screenshots"]) == n
    assert "sign_in" not in exact["payload"]["input"]
    last_shot = rows(page, q, shots).nth(n - 1).locator("input")
    short = after(
        page, q, lambda: last_shot.fill(minute(start + (n - 1) * gap - timedelta(minutes=1)))
    )
    assert short["result"]["status"] == "fail"
    same_as_cli(q, short)

    # Offline: a bad photo count, then a segment that ends before it starts (row message).
    page.select_option(field(q, "input.stage") + " select", "offline")
    assert page.locator(field(q, shots)).is_hidden()
    page.select_option(field(q, "input.sign_in") + " select", "true")
    photos = page.locator(field(q, "input.photos"))
    bad = after(page, q, lambda: photos.locator("input").fill("三张"))
    assert bad["result"]["error"] and bad["result"] == run(q, bad["payload"])
    assert "应为整数" in message_at(photos)
    photos.locator("input").fill("3")
    seg = "input.video_segments"
    page.locator(f"{field(q, seg)} [data-calc-add]").click()
    cell(page, q, seg, 1, "part").select_option("before")
    cell(page, q, seg, 1, "start").fill("2026-03-01T09:10")
    backwards = after(page, q, lambda: cell(page, q, seg, 1, "end").fill("2026-03-01T09:00"))
    assert backwards["result"]["error"]
    assert "应晚于开始时间" in message_at(rows(page, q, seg).nth(0))

    assert not unlabelled(page)
    assert fits(page, 375)
    page.reload()
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    assert cell(page, q, seg, 1, "end").input_value().startswith("2026-03-01T09:00")
    assert page.locator(field(q, shots)).is_hidden()  # the stage came back too


# --- documents -----------------------------------------------------------------------------------


def test_documents_page(page: Any, server: str) -> None:
    q = "documents"
    ready = open_calc(page, server, q)
    first = settled(page, q)  # every input has a default: the list comes at once
    opened = float(page.evaluate(f"{form(q)}.calcFirstAnswerAt")) / 1000
    report("documents 打开页面到第一个结果", f"{opened:.2f} s（运行环境就绪 {ready:.2f} s）")
    stages = [st["label"] for st in first["result"]["data"]["stages"]]
    assert page.locator(".calc-checklist .calc-todo-head").all_inner_texts() == stages

    deal = after(page, q, lambda: page.check(field(q, "input.enterprise_commissioned") + " input"))
    needed = [d["label"] for st in deal["result"]["data"]["stages"] for d in st["needed"]]
    listed = "".join(page.locator(".calc-checklist .calc-todo").all_inner_texts())
    assert all(label in listed for label in needed)
    group = field(q, "input.identity_groups") + " input[value='graduate']"
    groups = after(page, q, lambda: page.check(group))
    assert groups["payload"]["input"]["identity_groups"] == ["graduate"]
    same_as_cli(q, groups)

    # Every input here is a checkbox or a choice, so no bad value can be typed; a shared
    # link is read as far as it fits. Printing shows the grouped checklist only.
    page.emulate_media(media="print")
    assert page.locator("form.calc-form").is_hidden()
    assert page.locator("[data-calc-result] .calc-checks").is_hidden()
    assert page.locator(".calc-checklist").is_visible()
    page.emulate_media(media="screen")

    assert not unlabelled(page)
    assert fits(page, 375)
    page.reload()
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    assert settled(page, q)["payload"] == groups["payload"]


# --- platform and plan elements ---------------------------------------------------------------


def test_platform_page(page: Any, server: str) -> None:
    q, p = "platform", "plan-elements"
    ready = open_calc(page, server, q)
    report("platform 运行环境就绪", f"{ready:.2f} s")
    # A required choice left empty and 计算 pressed: calc names it, next to the field.
    page.locator(f"form[data-calc-question='{q}'] button[type=submit]").click()
    page.wait_for_function(f"() => {form(q)}.calcLast")
    assert last(page, q)["result"]["error"]
    assert "必须填写" in message_at(page.locator(field(q, "input.source")))

    page.locator(f"form[data-calc-question='{q}'] [data-calc-example]").click()
    example = settled(page, q)
    live_ok = example["result"]["data"]["may_run_online"]["live"]
    view = page.locator("[data-calc-result='platform'] .calc-view").inner_text()
    assert ("应改为线下培训" in view) == (not live_ok)
    fixed = after(page, q, lambda: page.check(field(q, "input.live.screenshots") + " input"))
    assert fixed["payload"]["input"]["live"]["screenshots"] is True
    assert fixed["result"] == run(q, fixed["payload"])

    # Plan elements: a checkbox group, and a reading that changes the answer.
    methods = field(p, "input.verification_methods")
    some = after(page, p, lambda: page.check(f"{methods} input[value='phone']"))
    assert some["payload"]["input"]["verification_methods"] == ["phone"]

    def verified(result: dict[str, Any]) -> str:
        return next(c["status"] for c in result["checks"]
                    if c["rule"] == "SPB-PLAN-ELEMENTS" and "认证" in c["message"])  # fmt: skip

    assert verified(some["result"]) == "fail"
    switch = f"form[data-calc-question='{p}'] [data-reading='verification_methods'] select"
    anyone = after(page, p, lambda: page.select_option(switch, "any"))
    assert verified(anyone["result"]) == "pass"
    same_as_cli(p, anyone)

    assert not unlabelled(page)
    assert fits(page, 375)
    page.reload()
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    assert settled(page, q)["payload"] == fixed["payload"]
    assert settled(page, p)["payload"] == anyone["payload"]


# --- dates ----------------------------------------------------------------------------------------


def test_dates_page(page: Any, server: str) -> None:
    q, e = "change-deadline", "effective-date"
    ready = open_calc(page, server, "dates")
    report("dates 运行环境就绪", f"{ready:.2f} s")
    change = date(2026, 3, 10)
    ahead = timedelta(days=3)  # 提前三天
    page.fill(field(q, "input.change_date") + " input", change.isoformat())
    submitted = page.locator(field(q, "input.submitted_on") + " input")
    exact = after(page, q, lambda: submitted.fill((change - ahead).isoformat()))
    assert exact["result"]["status"] == "pass"
    late = after(page, q, lambda: submitted.fill((change - ahead + timedelta(days=1)).isoformat()))
    assert late["result"]["status"] == "fail" and late["result"]["data"]["days_late"] == 1
    shown = page.locator("[data-calc-result='change-deadline']").inner_text()
    assert late["result"]["data"]["deadline"] in shown
    same_as_cli(q, late)

    issued = after(page, e, lambda: page.fill(field(e, "input.issued") + " input", "2026-01-01"))
    figures = page.locator("[data-calc-result='effective-date'] .calc-figures").inner_text()
    assert issued["result"]["data"]["effective_from"] in figures
    assert issued["result"] == run(e, issued["payload"])

    # A required date emptied, then 计算: calc's message next to it.
    # The answer shown is dimmed while it belongs to other inputs, and not once 计算 asked.
    page.fill(field(q, "input.change_date") + " input", "")
    out = page.locator(f"[data-calc-result='{q}']")
    page.wait_for_selector(f"[data-calc-result='{q}'].calc-stale")
    page.locator(f"form[data-calc-question='{q}'] button[type=submit]").click()
    page.wait_for_function(f"() => {form(q)}.calcLast.result.error")
    assert "必须填写" in message_at(page.locator(field(q, "input.change_date")))
    # An edit that changes nothing (typed and deleted) leaves the answer to these inputs bright.
    page.dispatch_event(field(q, "input.change_date") + " input", "input")
    page.wait_for_timeout(300)
    assert "还缺" in page.locator(f"form[data-calc-question='{q}'] [data-calc-note]").inner_text()
    assert "calc-stale" not in (out.get_attribute("class") or "")

    assert not unlabelled(page)
    assert fits(page, 375)
    kept = after(
        page, q, lambda: page.fill(field(q, "input.change_date") + " input", change.isoformat())
    )
    page.reload()
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    assert settled(page, q)["payload"] == kept["payload"]
    assert settled(page, e)["payload"] == issued["payload"]


# --- days: the what-if panel ---------------------------------------------------------------------


def test_days_what_if(page: Any, server: str) -> None:
    q = "days"
    low, high = Decimal(130), Decimal(200)  # 130—200元/天
    subsidy = num(low * high / 10)
    inp = {"category": "skill", "subsidy_yuan": subsidy}
    open_calc(page, server, q, {q: {"input": inp}})
    base = settled(page, q)
    for key, value in (("End", high), ("Home", low)):
        page.locator("[data-whatif-range]").focus()
        page.keyboard.press(key)
        hypo = run(q, {"input": dict(inp, daily_yuan=num(value))})
        page.wait_for_function(
            "v => document.querySelector('[data-whatif-out]').textContent.includes(v)",
            arg=f"按每天 {num(value)} 元",
        )
        out = page.locator("[data-whatif-out]").inner_text()
        assert f"培训天数 {hypo['data']['days']} 天" in out
        for c, o in zip(hypo["checks"], base["result"]["checks"], strict=True):
            if c["message"] != o["message"]:
                assert c["message"] in out
    # The what-if leaves the form's inputs alone.
    assert settled(page, q)["payload"] == base["payload"]


def test_clearing_or_filling_in_the_example_can_be_undone(page: Any, server: str) -> None:
    """清空 and 填入示例 replace what was typed: one step back (撤销) until the next edit;
    nothing to undo when the form held only its defaults."""
    q = "days"
    open_calc(page, server, q)
    buttons = f"form[data-calc-question='{q}'] .calc-toolbar"
    undo = page.locator(f"{buttons} [data-calc-undo]")
    page.locator(f"{buttons} [data-calc-reset]").click()
    assert undo.count() == 0  # the defaults only: nothing to undo
    page.select_option("#f-input-category", "skill")
    typed = after(page, q, lambda: page.fill("#f-input-subsidy-yuan", "1300"))
    assert typed["payload"]["input"]["subsidy_yuan"] == "1300"

    page.locator(f"{buttons} [data-calc-example]").click()
    example = settled(page, q)
    assert example["payload"]["input"]["subsidy_yuan"] != "1300"
    undo.click()
    assert settled(page, q)["payload"] == typed["payload"]
    assert undo.count() == 0  # one step
    said = page.locator(f"{buttons} [data-calc-undo-box]").inner_text()
    assert said == PAGE_TEXT["form"]["undone"]

    page.locator(f"{buttons} [data-calc-reset]").click()
    assert page.input_value("#f-input-subsidy-yuan") == ""
    undo.click()
    assert settled(page, q)["payload"] == typed["payload"]
    # An edit after 清空 ends the offer.
    page.locator(f"{buttons} [data-calc-reset]").click()
    page.fill("#f-input-subsidy-yuan", "900")
    assert undo.count() == 0
