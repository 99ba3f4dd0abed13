"""Questions "change-deadline" and "effective-date" (calc/questions/dates.py): SPB-CHANGE-3D
(提前三天提交变更申请) and SPB-EFFECTIVE (印发之日起30日后施行). The rules' own tests are
tests/spb/test_plan.py and tests/spb/test_dates.py."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.readings import Readings, catalogue
from calc.result import Context
from calc.rules import spb_effective_date
from calc.spb.dates import effective_from
from calc.spb.plan import change_deadline

DAYS = 3  # SPB 第九条 "必须提前三天提交申请"
TUESDAY = date(2026, 3, 10)
ISSUED = date(2026, 1, 1)
EFFECTIVE = list(catalogue()["effective_day"].options)
DEFAULT_EFFECTIVE = catalogue()["effective_day"].default


def ctx(**readings):
    return Context(as_of=date(2026, 3, 1), readings=Readings(**readings))


def change(change_date, submitted_on=None, basis="calendar", **context):
    inp = {"change_date": change_date.isoformat()}
    if submitted_on is not None:
        inp["submitted_on"] = submitted_on.isoformat()
    context = {"as_of": "2026-03-01", "readings": {"change_days": basis}, **context}
    return run("change-deadline", {"input": inp, "context": context})


def effective(as_of, issued=ISSUED, day=DEFAULT_EFFECTIVE, **context):
    context = {"as_of": as_of.isoformat(), "readings": {"effective_day": day}, **context}
    return run("effective-date", {"input": {"issued": issued.isoformat()}, "context": context})


# ---- SPB-CHANGE-3D ---------------------------------------------------------------------------


def test_calendar_applying_exactly_three_days_before_is_in_time():
    out = change(TUESDAY, TUESDAY - timedelta(days=DAYS))
    assert out["status"] == "pass"
    assert out["data"]["deadline"] == (TUESDAY - timedelta(days=DAYS)).isoformat()


def test_calendar_applying_one_day_later_is_late():
    out = change(TUESDAY, TUESDAY - timedelta(days=DAYS - 1))
    assert out["status"] == "fail"
    assert out["data"]["days_late"] == 1
    check = out["checks"][0]
    assert "晚了 1 天" in check["message"]
    assert TUESDAY.replace(day=11).isoformat() in check["fix"]  # move the change a day later


def test_working_days_skip_the_weekend():
    # Tuesday: Monday, Friday, Thursday are the three working days before it.
    thursday, friday = date(2026, 3, 5), date(2026, 3, 6)
    assert change_deadline(TUESDAY, ctx(change_days="working")) == thursday
    assert change(TUESDAY, thursday, "working")["status"] == "pass"
    late = change(TUESDAY, friday, "working")
    assert late["status"] == "fail"
    assert "法定节假日" in late["checks"][0]["message"]
    # The same Friday is in time on calendar days: the reading changes the result.
    assert change(TUESDAY, friday, "calendar")["status"] == "pass"


def test_without_a_submission_the_deadline_is_advice():
    out = change(TUESDAY)
    assert out["status"] == "advisory"
    assert "最迟" in out["checks"][0]["message"]
    assert {r["key"] for r in out["readings"]} == {"change_days"}


def test_change_rule_not_in_force_before_spb_takes_effect():
    start = spb_effective_date(ISSUED, DEFAULT_EFFECTIVE)
    out = change(
        TUESDAY,
        TUESDAY,
        spb_issued=ISSUED.isoformat(),
        as_of=(start - timedelta(days=1)).isoformat(),
    )
    assert out["status"] == "not_in_force"


def test_bad_dates_name_the_field():
    out = run("change-deadline", {"input": {"change_date": "1999-01-01"}})
    assert "变更执行日期" in out["message"]
    out = run("change-deadline", {"input": {"change_date": "2026-03-10", "submitted_on": "x"}})
    assert "提交申请日期" in out["message"]


days = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(
    change_date=days, offset=st.integers(-10, 10), basis=st.sampled_from(["calendar", "working"])
)
def test_in_time_exactly_when_not_after_the_deadline(change_date, offset, basis):
    deadline = change_deadline(change_date, ctx(change_days=basis))
    submitted = deadline + timedelta(days=offset)
    out = change(change_date, submitted, basis)
    assert out["data"]["in_time"] is (submitted <= deadline)
    assert out["data"]["days_late"] == max(offset, 0)
    assert out == change(change_date, submitted, basis)


# ---- SPB-EFFECTIVE ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day,start",
    [
        ("civil_code", date(2020, 6, 1)),
        ("day_31", date(2020, 5, 31)),
        ("day_30", date(2020, 5, 30)),
    ],
)
def test_the_three_readings_of_thirty_days_after_issuance(day, start):
    """民法典 第二百零一条: the issue day (2020-05-01) is not counted, the 30 days are 05-02 to
    05-31 and end at 24:00 of 05-31, so SPB is in force from 06-01; the other readings put
    the first day on 05-31 (issue day counted as the 1st, in force on the 31st) or 05-30."""
    assert effective_from(date(2020, 5, 1), ctx(effective_day=day)) == start
    on = effective(start, date(2020, 5, 1), day)
    assert on["status"] == "pass" and start.isoformat() in on["checks"][0]["message"]
    assert effective(start - timedelta(days=1), date(2020, 5, 1), day)["status"] == "not_in_force"
    assert [r["key"] for r in on["readings"]] == ["effective_day"]
    assert on["readings"][0]["default"] is (day == DEFAULT_EFFECTIVE)


def test_civil_code_is_the_default_and_says_so():
    assert DEFAULT_EFFECTIVE == "civil_code"
    reading = catalogue()["effective_day"]
    assert "民法典第二百零一条" in reading.options["civil_code"] and "民法典" in reading.why
    out = effective(date(2020, 6, 1), date(2020, 5, 1))
    assert "按民法典第二百零一条" in out["checks"][0]["message"]


@pytest.mark.parametrize("day", EFFECTIVE)
def test_in_force_from_the_first_day_not_the_day_before(day):
    start = effective_from(ISSUED, ctx(effective_day=day))
    on = effective(start, day=day)
    before = effective(start - timedelta(days=1), day=day)
    assert on["status"] == "pass"
    assert on["data"]["effective_from"] == start.isoformat()
    assert before["status"] == "not_in_force"
    assert start.isoformat() in before["checks"][0]["message"]
    assert before["data"]["days_until"] == 1


def test_a_different_issuance_date_in_the_context_is_flagged():
    out = effective(date(2026, 3, 1), spb_issued="2026-02-01")
    assert any(c["name"] == "context_issued" for c in out["checks"])


def test_missing_issuance_date_is_explained():
    out = run("effective-date", {"input": {}})
    assert "印发日期：必须填写" in out["message"]


@settings(max_examples=100, deadline=None)
@given(issued=days, as_of=days, day=st.sampled_from(EFFECTIVE))
def test_effective_status_follows_the_start_date(issued, as_of, day):
    out = effective(as_of, issued, day)
    start = effective_from(issued, ctx(effective_day=day))
    assert out["status"] == ("pass" if as_of >= start else "not_in_force")
    assert out == effective(as_of, issued, day)
