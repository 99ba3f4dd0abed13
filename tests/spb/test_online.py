"""沙坪坝区办法 第五条 线上培训的内容 (calc/spb/online.py): :func:`online_theory` and
:func:`max_online` called directly, and the online share through the plan check."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from calc.course import Totals
from calc.kinds import Category
from calc.readings import Readings
from calc.result import Context, Status
from calc.spb.online import max_online, online_theory
from tests.questions.test_plan_check import answer, mod, one, plan, status

SHARE = Decimal("0.3")  # 第五条“可将全部理论课（不低于总课时的30%）纳入线上培训”
CTX = Context(as_of=date(2026, 3, 1))
AT_LEAST_30 = Context(as_of=CTX.as_of, readings=Readings(online_theory="at_least_30"))


def totals(total, theory, online):
    t, th, on = Decimal(total), Decimal(theory), Decimal(online)
    return Totals(t, th, t - th, t - th, on, t - on, Decimal(0))


# ---- called directly ---------------------------------------------------------------------


@pytest.mark.parametrize("online,expected", [(16, Status.PASS), (17, Status.FAIL)])
def test_online_up_to_the_theory_hours(online, expected):
    (found,) = online_theory(totals(40, 16, online), CTX)
    assert found.status is expected and found.threshold == 16


@pytest.mark.parametrize(
    "online,theory_only,at_least_30",
    [(10, Status.PASS, Status.PASS), (11, Status.FAIL, Status.PASS),
     (12, Status.FAIL, Status.PASS), (13, Status.FAIL, Status.FAIL)],
)  # fmt: skip
def test_at_least_30_reading_raises_the_ceiling_to_30_percent_of_the_total(
    online, theory_only, at_least_30
):
    """40 hours, 10 of them theory: 30% of the total is 12 hours."""
    t = totals(40, 10, online)
    assert online_theory(t, CTX)[0].status is theory_only
    (found,) = online_theory(t, AT_LEAST_30)
    assert found.status is at_least_30 and found.threshold == SHARE * 40


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({"it_field": True}, Status.ADVISORY),
        ({"category": Category.STARTUP}, Status.ADVISORY),
        ({"category": Category.SKILL}, Status.FAIL),
        ({}, Status.FAIL),
    ],
)
def test_it_or_startup_fields_over_the_ceiling_get_advice(facts, status):
    """第五条 “网络、信息技术类培训和创业培训等可适当提高线上学时比例”."""
    (found,) = online_theory(totals(40, 10, 11), CTX, **facts)
    assert found.status is status
    assert ("可适当提高线上学时比例" in found.message) is (status is Status.ADVISORY)


def test_outside_the_scope_it_does_not_apply():
    (found,) = online_theory(totals(40, 10, 11), CTX, covered=False)
    assert found.status is Status.NOT_APPLICABLE


def test_max_online_of_a_minimal_plan_is_its_theory_or_30_percent():
    assert max_online(Fraction(60), Fraction(36), CTX) == 24
    assert max_online(Fraction(60), Fraction(50), CTX) == 10
    assert max_online(Fraction(60), Fraction(50), AT_LEAST_30) == 18


# ---- through the plan check -------------------------------------------------------------


def test_online_exactly_equal_to_theory_passes_and_one_hour_more_fails():
    theory_online = plan()
    theory_online["modules"][1]["mode"] = "online"
    out = answer(theory_online)
    assert Decimal(out["data"]["totals"]["online"]) == Decimal(out["data"]["totals"]["theory"])
    assert status(out, "SPB-ONLINE-THEORY") == "pass"
    more = theory_online | {
        "modules": [*theory_online["modules"], mod("视频演示", 0, 1, "online", "demonstration")]
    }
    out = answer(more)
    assert status(out, "SPB-ONLINE-THEORY") == "fail"
    assert one(out, "SPB-ONLINE-THEORY")["fix"] == "把 1 课时线上内容改为线下"
    assert status(out, "CQ16-MODE-CONTENT", "online_practical") == "advisory"
    assert status(answer(more | {"it_or_startup_field": True}), "SPB-ONLINE-THEORY") == "advisory"


def test_at_least_30_reading_lets_online_reach_30_percent_when_theory_is_less():
    inp = plan(40, practical=30, ethics=4)  # theory 10 < 30% of 40
    inp["modules"][1]["mode"] = "online"
    inp["modules"].append(mod("视频演示", 0, 2, "online", "demonstration"))
    out = answer(inp)
    online, total = (Decimal(out["data"]["totals"][k]) for k in ("online", "total"))
    assert Decimal(out["data"]["totals"]["theory"]) < online <= SHARE * total
    assert status(out, "SPB-ONLINE-THEORY") == "fail"
    assert (
        status(answer(inp, readings={"online_theory": "at_least_30"}), "SPB-ONLINE-THEORY")
        == "pass"
    )
