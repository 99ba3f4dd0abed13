"""培训方案检查 (question ``plan-check``, calc/questions/plan_check.py): every rule is listed,
the day-by-day hours are validated, the readings switch a whole plan, bad input is explained.

The boundaries of each rule are tested next to the rule: tests/cq16/test_hours.py,
test_trainees.py, test_modes.py, tests/spb/test_scope.py, test_online.py. Their plans are
built with the helpers here."""

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.examples import cases, check

PRACTICAL = Decimal("0.6")  # 二（一）“实训操作课时均不低于总课时的60%”
ETHICS = Decimal("0.1")  # 二（一）“就业指导等内容不低于总课时的10%”
BINDING = {
    "CQ16-DAYS", "CQ16-DAILY-6", "CQ16-DAILY-5", "CQ16-PRACTICAL-60", "CQ16-LESSON-MIN",
    "CQ16-FEATURED-MIN", "CQ16-ETHICS-10", "CQ16-PREJOB", "CQ16-ADAPT", "CQ16-CLASS-50",
}  # fmt: skip
"""The rules whose numbers the ``binding`` reading may soften (readings.toml, reading 8)."""
PLAN_RULES = {
    "CQ16-STANDARDS", "CQ16-DAYS", "CQ16-DAILY-6", "CQ16-DAILY-5", "CQ16-PRACTICAL-60",
    "CQ16-LESSON-MIN", "CQ16-FEATURED-MIN", "CQ16-ETHICS-10", "CQ16-PREJOB", "CQ16-ADAPT",
    "CQ16-STARTUP", "CQ16-CLASS-50", "CQ16-MODE-PRINCIPLE", "CQ16-MODE-TARGET",
    "CQ16-MODE-CONTENT", "CQ16-MODE-PLATFORM", "SPB-SCOPE", "SPB-ONLINE-THEORY",
}  # fmt: skip
SHORT = {"prejob": (8, Decimal("0.6")), "adapt": (8, Decimal("0.6"))}
"""二（二）（三）: 平均不低于8课时/天，理论学习课时不低于总课时的60%."""


def mod(name, theory=0, practical=0, mode="offline", kind="lecture", ethics=False):
    return {"name": name, "theory_hours": str(theory), "practical_hours": str(practical),
            "mode": mode, "kind": kind, "ethics": ethics}  # fmt: skip


def plan(total=40, days=6, practical=None, ethics=None, **kw):
    """A plan of ``total`` hours: practical and ethics at their minimum share unless given,
    the rest theory taught online."""
    practical = math.ceil(PRACTICAL * total) if practical is None else practical
    ethics = math.ceil(ETHICS * total) if ethics is None else ethics
    modules = [
        mod("理论讲授", total - practical - ethics, mode="online"),
        mod("职业道德与安全", ethics, ethics=True),
        mod("实操训练", practical=practical, kind="practical"),
    ]
    base = {"category": "skill", "days": str(days), "lesson_minutes": 45, "trainees": 30,
            "platform_meets_standard": True, "modules": [m for m in modules if
            Decimal(m["theory_hours"]) + Decimal(m["practical_hours"]) > 0]}  # fmt: skip
    return base | kw


def short_plan(category, days):
    """A prejob/adapt plan at exactly the daily minimum, theory at its minimum share."""
    per_day, theory_share = SHORT[category]
    total = per_day * days
    theory = math.ceil(theory_share * total)
    modules = [mod("讲授", theory), mod("实操", practical=total - theory, kind="practical")]
    return plan(category=category, days=days, modules=modules)


def answer(inp, **context):
    context.setdefault("as_of", "2026-03-01")
    return run("plan-check", {"input": inp, "context": context})


def status(out, rule_id, name=None):
    found = [c["status"] for c in out["checks"] if c["rule"] == rule_id]
    found = (
        found
        if name is None
        else [c["status"] for c in out["checks"] if c["rule"] == rule_id and c["name"] == name]
    )
    assert found, f"{rule_id} missing"
    return found[0] if len(set(found)) == 1 else found


def one(out, rule_id):
    return next(c for c in out["checks"] if c["rule"] == rule_id and c["status"] != "pass")


@pytest.mark.parametrize(
    "case", [c for c in cases() if c.file == "plan.toml"], ids=lambda c: c.name
)
def test_case(case):
    assert check(case) == []


@pytest.mark.parametrize("category", ["skill", "upgrade", "transfer", "prejob", "adapt", "startup"])
def test_every_rule_is_listed_for_every_category(category):
    out = answer(plan(category=category))
    assert {c["rule"] for c in out["checks"]} == PLAN_RULES


def test_a_plan_meeting_every_rule_passes_and_reports_its_totals_and_shares():
    out = answer(plan(60, days=10))
    assert out["status"] == "pass"
    assert out["data"]["totals"]["total"] == "60"
    assert Decimal(out["data"]["practical_share"]) == PRACTICAL
    assert Decimal(out["data"]["shares"]["ethics"]) == ETHICS
    assert out["data"]["per_day"] == "6"


def test_daily_hours_must_match_the_days_and_the_total():
    inp = plan(36, days=6)
    assert "每天课时" in answer(inp | {"daily_hours": ["6"] * 5})["message"]
    assert "每天课时" in answer(inp | {"daily_hours": ["7"] * 6})["message"]


def test_platform_below_standard_fails_every_online_module():
    out = answer(plan(platform_meets_standard=False))
    assert status(out, "CQ16-MODE-PLATFORM") == "fail"
    assert "第1行" in one(out, "CQ16-MODE-PLATFORM")["fix"]
    assert status(answer(plan(platform_meets_standard=None)), "CQ16-MODE-PLATFORM") == "advisory"
    offline = plan(platform_meets_standard=False)
    offline["modules"][0]["mode"] = "offline"
    assert status(answer(offline), "CQ16-MODE-PLATFORM") == "not_applicable"


def test_spb_not_yet_in_force():
    out = answer(plan(), spb_issued="2026-02-20")
    assert status(out, "SPB-ONLINE-THEORY") == "not_in_force"
    assert out["status"] == "not_in_force"


PLANS = st.builds(
    lambda total, practical, ethics, minutes, trainees, days: plan(
        total, days=days, practical=min(practical, total - ethics), ethics=ethics,
        lesson_minutes=minutes, trainees=trainees,
    ),
    total=st.integers(10, 120), practical=st.integers(0, 120), ethics=st.integers(0, 10),
    minutes=st.integers(30, 60), trainees=st.integers(1, 80), days=st.integers(1, 20),
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(inp=PLANS)
def test_guidance_reading_turns_failures_of_numeric_cq16_rules_into_advice(inp):
    hard = answer(inp)
    soft = answer(inp, readings={"binding": "guidance"})
    for h, s in zip(hard["checks"], soft["checks"], strict=True):
        if h["name"] == "day_fits":  # arithmetic, not a limit of the text: no reading softens it
            assert s["status"] == h["status"]
        elif h["rule"] in BINDING and h["status"] == "fail":
            assert s["status"] == "advisory"
            assert "binding" in h["readings"] and "binding" in s["readings"]  # named in the check
            assert "按“指引”解读" in s["message"]
        else:
            assert s["status"] == h["status"]


@settings(max_examples=30, deadline=None)
@given(inp=PLANS)
def test_results_are_deterministic(inp):
    assert answer(inp) == answer(inp)


@pytest.mark.parametrize(
    "change,where",
    [
        ({"modules": []}, "课程模块"),
        ({"trainees": 0}, "开班人数"),
        ({"lesson_minutes": "四十"}, "每课时分钟数"),
        ({"days": "0"}, "培训天数"),
        ({"modules": [mod("x" * 101, 1)]}, "课程模块 第1行 模块名称"),
        ({"modules": [mod("空", 0, 0)]}, "课程模块 第1行"),
        ({"modules": [mod("负数", -1, 2)]}, "课程模块 第1行 理论课时"),
        ({"daily_hours": ["-1"]}, "每天课时 第1行"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_explained_in_chinese_naming_the_field(change, where):
    out = answer(plan() | change)
    assert out["error"] == "输入有误"
    assert where in out["message"]
