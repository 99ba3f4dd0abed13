"""沙坪坝区办法 第八条、第九条 (calc/spb/plan.py): :func:`plan_elements`, :func:`apply`,
:func:`change_3d` and the change deadline, called directly."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.readings import Readings
from calc.result import Context, Status, judge
from calc.spb.plan import apply, change_3d, change_deadline, labelled, plan_elements

DAYS = 3  # 第九条 "必须提前三天提交申请"
CTX = Context(as_of=date(2026, 3, 1))
ELEMENTS = [
    "syllabus", "teachers", "exam_method", "lesson_plans", "credit_rules",
    "credit_accounting", "attendance_rules", "offline_cut",
]  # fmt: skip
METHODS = ["phone", "wechat", "video", "face", "random"]
CONTENTS = [
    "credit_rules", "attendance_rules", "courses", "teachers", "hours", "platform_intro",
    "completion_method",
]  # fmt: skip


def ctx(**readings):
    return Context(as_of=date(2026, 3, 1), readings=Readings(**readings))


# ---- plan_elements: 第八条 (and 第六条) ------------------------------------------------------


def test_the_elements_and_methods_of_article_8():
    assert [i.id for i in plan_elements.rule.items] == ELEMENTS
    assert list(labelled(plan_elements.rule, "verification_methods")) == METHODS


def test_contents_have_their_chinese_names():
    contents = labelled(apply.rule, "contents")
    assert list(contents) == CONTENTS
    assert len(set(contents.values())) == 7
    assert contents["platform_intro"] == "平台介绍"
    assert labelled(plan_elements.rule, "verification_methods")["face"] == "人脸识别认证"


def test_complete_plan_elements_pass():
    checks = plan_elements(CTX, present=dict.fromkeys(ELEMENTS, True), methods=METHODS)
    assert [c.name for c in checks] == [*ELEMENTS, "verification_methods"]
    assert {c.status for c in checks} == {Status.PASS}
    assert {c.rule for c in checks} == {"SPB-PLAN-ELEMENTS"}


@pytest.mark.parametrize("name", ELEMENTS)
def test_a_missing_element_fails_at_its_clause(name):
    present = {**dict.fromkeys(ELEMENTS, True), name: False}
    checks = plan_elements(CTX, present=present, methods=METHODS)
    failed = [c for c in checks if c.status is Status.FAIL]
    assert [c.name for c in failed] == [name]
    assert failed[0].fix.startswith("在线上培训方案中补充")
    assert failed[0].citation.anchor in ("spb-6", "spb-8-1", "spb-8-2", "spb-8-3")


def test_nothing_said_yet_is_to_fill_in_not_a_verdict():
    """An untouched form: every element, the methods and the contents still to fill in."""
    checks = [
        *plan_elements(CTX, present=None, methods=None),
        *apply(CTX, approved=None, contents=None),
    ]
    *todo, review = checks
    assert {c.status for c in todo} == {Status.INCOMPLETE}
    assert all(c.message.startswith("尚未填写") for c in todo)
    assert review.name == "approved" and review.status is Status.ADVISORY
    assert [c.name for c in todo] == [*ELEMENTS, "verification_methods",
                                      *(f"contents.{n}" for n in ONLY_ARTICLE_9)]  # fmt: skip


def test_methods_all_or_any():
    present = dict.fromkeys(ELEMENTS, True)

    def status(methods, reading):
        checks = plan_elements(ctx(verification_methods=reading), present=present, methods=methods)
        return checks[-1].status

    assert status(METHODS[:-1], "all") is Status.FAIL
    assert status(METHODS[:-1], "any") is Status.PASS
    assert status(METHODS[:1], "any") is Status.PASS
    assert status([], "any") is Status.FAIL


# ---- apply: 第九条 ------------------------------------------------------------------------


@pytest.mark.parametrize("approved", [True, False])
def test_apply_for_a_class_that_opened(approved):
    """The eligibility question's use: exactly one check, as it was there."""
    ok = approved
    said = "开班前已经区人力社保局审核通过" if ok else "开班前未经区人力社保局审核通过：不予认定"
    expected = judge(
        "SPB-APPLY", "approved", "开班审核", ok, CTX, message=said,
        fix="先报送开班申请和线上培训方案，经区人力社保局审核通过后再开班",
    )  # fmt: skip
    assert apply(CTX, approved=approved, started=True) == [expected]
    assert expected.status is (Status.PASS if ok else Status.FAIL)


def test_apply_for_a_class_that_opened_without_a_review_fails():
    (found,) = apply(CTX, approved=None, started=True)
    assert found.status is Status.FAIL and "不予认定" in found.message


def test_apply_in_the_documents_list():
    (needed,) = apply(CTX, online=True)
    assert needed.status is Status.ADVISORY and needed.actual == "需要"
    assert needed.name == "online_plan" and "平台介绍" in needed.label
    (not_needed,) = apply(CTX, online=False)
    assert not_needed.status is Status.NOT_APPLICABLE


ONLY_ARTICLE_9 = ["courses", "hours", "platform_intro", "completion_method"]
"""第九条's contents that 第八条 does not name: 学分取得制度, 考勤制度 and 师资配备 restate
第八条's 学分管理制度, 考勤制度 and 课程师资安排, judged once, as elements."""


def test_apply_for_the_plan_contents_and_approval():
    checks = apply(CTX, approved=True, contents=dict.fromkeys(CONTENTS, True))
    assert [c.name for c in checks] == [f"contents.{n}" for n in ONLY_ARTICLE_9] + ["approved"]
    assert {c.status for c in checks} == {Status.PASS}
    missing = apply(CTX, approved=True, contents={**dict.fromkeys(CONTENTS, True), "hours": False})
    assert [c.name for c in missing if c.status is Status.FAIL] == ["contents.hours"]
    assert apply(CTX, approved=None, contents={})[-1].status is Status.ADVISORY
    refused = apply(CTX, approved=False, contents={})[-1]
    assert refused.status is Status.FAIL and "不予认定" in refused.message


# ---- change_3d: 第九条 "提前三天" ---------------------------------------------------------


TUESDAY = date(2026, 3, 10)


def test_change_3d_three_calendar_days_before_is_in_time():
    (on_time,) = change_3d(CTX, change_date=TUESDAY, submitted_on=date(2026, 3, 7))
    assert on_time.status is Status.PASS
    (late,) = change_3d(CTX, change_date=TUESDAY, submitted_on=date(2026, 3, 8))
    assert late.status is Status.FAIL and "晚了 1 天" in late.message
    assert "2026-03-11" in late.fix
    (advice,) = change_3d(CTX, change_date=TUESDAY)
    assert advice.status is Status.ADVISORY and "2026-03-07" in advice.message
    assert change_3d.rule.decimal("days_before") == DAYS


@pytest.mark.parametrize(
    "change_date,deadline",
    [
        (date(2026, 3, 9), date(2026, 3, 4)),  # Monday → Wednesday before
        (date(2026, 3, 12), date(2026, 3, 9)),  # Thursday → Monday
        (date(2026, 3, 14), date(2026, 3, 11)),  # Saturday → Wednesday
        (date(2026, 3, 15), date(2026, 3, 11)),  # Sunday → Wednesday
    ],
)
def test_working_deadline_examples(change_date, deadline):
    assert change_deadline(change_date, ctx(change_days="working")) == deadline


days = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))


@settings(max_examples=300, deadline=None)
@given(change_date=days, basis=st.sampled_from(["calendar", "working"]))
def test_deadline_is_never_later_than_three_days_before(change_date, basis):
    deadline = change_deadline(change_date, ctx(change_days=basis))
    assert deadline <= change_date - timedelta(days=DAYS)
    if basis == "working":
        assert deadline.weekday() < 5
        between = [deadline + timedelta(days=n) for n in range(1, (change_date - deadline).days)]
        assert sum(d.weekday() < 5 for d in between) == DAYS - 1
