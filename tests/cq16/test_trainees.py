"""渝就发〔2020〕16号 三（二） 培训规模 (calc/cq16/trainees.py): :func:`class_50` called directly,
and the plan check and the roster answering it alike."""

from datetime import date
from decimal import Decimal

import pytest

from calc.cq16.trainees import class_50
from calc.kinds import Category
from calc.result import Context, Status
from tests.questions.test_plan_check import answer, one, plan, status
from tests.questions.test_roster import ask, people

MAX_N = 50  # “除创业培训等有明确规定外，开班人数不超过50人”
CAPPED = [Category.SKILL, Category.UPGRADE, Category.TRANSFER, Category.PREJOB, Category.ADAPT]
CTX = Context(as_of=date(2026, 3, 1))


# ---- class_50, called directly ----------------------------------------------------------


@pytest.mark.parametrize("category", CAPPED)
def test_exactly_50_trainees_pass_and_51_fail(category):
    (at,) = class_50(category, MAX_N, CTX)
    assert at.status is Status.PASS and at.threshold == Decimal(MAX_N) and at.unit == "人"
    (over,) = class_50(category, MAX_N + 1, CTX)
    assert over.status is Status.FAIL
    assert over.fix == "减少 1 人，或把 1 人分到另外 1 个班（每班不超过 50 人）"


@pytest.mark.parametrize(
    "trainees,fix",
    [(100, "减少 50 人，或把 50 人分到另外 1 个班（每班不超过 50 人）"),
     (101, "减少 51 人，或把 51 人分到另外 2 个班（每班不超过 50 人）"),
     (151, "减少 101 人，或把 101 人分到另外 3 个班（每班不超过 50 人）")],
)  # fmt: skip
def test_the_fix_counts_the_trainees_and_the_classes_to_move_them_to(trainees, fix):
    (found,) = class_50(Category.SKILL, trainees, CTX)
    assert found.status is Status.FAIL and found.fix == fix


def test_startup_is_outside_whatever_the_size():
    """“除创业培训等有明确规定外”: the text sends 创业培训 elsewhere."""
    for n in (1, MAX_N, MAX_N + 1, 200):
        (found,) = class_50(Category.STARTUP, n, CTX)
        assert found.status is Status.OUTSIDE
        assert found.message == f"创业培训另有明确规定，不适用“开班人数不超过50人”（{n} 人）"


def test_repeated_rows_are_named_in_the_label_but_not_counted():
    (found,) = class_50(Category.SKILL, MAX_N, CTX, repeats=2)
    assert found.status is Status.PASS
    assert found.label == "开班人数（花名册 52 行，重复的 2 行不重复计）"


# ---- through the plan check -------------------------------------------------------------


def test_class_of_the_maximum_passes_and_one_more_fails_with_the_trainees_to_move():
    assert status(answer(plan(trainees=MAX_N)), "CQ16-CLASS-50") == "pass"
    out = answer(plan(trainees=MAX_N + 1))
    assert status(out, "CQ16-CLASS-50") == "fail"
    assert (
        one(out, "CQ16-CLASS-50")["fix"]
        == "减少 1 人，或把 1 人分到另外 1 个班（每班不超过 50 人）"
    )
    big = answer(plan(trainees=2 * MAX_N + 1))
    assert (
        one(big, "CQ16-CLASS-50")["fix"]
        == "减少 51 人，或把 51 人分到另外 2 个班（每班不超过 50 人）"
    )


def test_startup_class_size_is_outside_these_documents():
    out = answer(plan(category="startup", trainees=200))
    assert status(out, "CQ16-CLASS-50") == "outside"
    assert (
        one(out, "CQ16-CLASS-50")["message"]
        == "创业培训另有明确规定，不适用“开班人数不超过50人”（200 人）"
    )
    assert status(out, "CQ16-STARTUP") == "outside"


# ---- the plan check and the roster answer alike --------------------------------------------


def _both(category, n):
    """The class-size check of a plan of ``n`` trainees and of a roster of ``n`` people."""
    (in_plan,) = [
        c for c in answer(plan(category=category, trainees=n))["checks"]
        if c["rule"] == "CQ16-CLASS-50"
    ]  # fmt: skip
    (in_roster,) = [c for c in ask(people(n), category=category)["checks"]
                    if c["rule"] == "CQ16-CLASS-50"]  # fmt: skip
    return in_plan, in_roster


@pytest.mark.parametrize(
    "category,n,expected",
    [("skill", MAX_N, "pass"), ("skill", MAX_N + 1, "fail"), ("upgrade", MAX_N + 1, "fail"),
     ("prejob", MAX_N, "pass"), ("adapt", MAX_N + 1, "fail"), ("startup", MAX_N, "outside"),
     ("startup", MAX_N + 1, "outside")],
)  # fmt: skip
def test_plan_and_roster_give_the_same_status_message_and_fix(category, n, expected):
    in_plan, in_roster = _both(category, n)
    assert in_plan["status"] == in_roster["status"] == expected
    assert in_plan["message"] == in_roster["message"]
    assert in_plan["fix"] == in_roster["fix"]


def test_plan_and_roster_soften_alike_under_the_guidance_reading():
    soft = {"binding": "guidance"}
    in_plan = answer(plan(trainees=MAX_N + 1), readings=soft)
    in_roster = ask(people(MAX_N + 1), readings=soft)
    assert status(in_plan, "CQ16-CLASS-50") == "advisory"
    assert [c["status"] for c in in_roster["checks"] if c["rule"] == "CQ16-CLASS-50"] == [
        "advisory"
    ]
