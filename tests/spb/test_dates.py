"""沙坪坝区办法 第十六条 (calc/spb/dates.py): :func:`effective` and the first day in force."""

from datetime import date, timedelta

import pytest

from calc.readings import Readings, catalogue
from calc.result import Context, Status
from calc.rules import EFFECTIVE_SHIFT, spb_effective_date
from calc.spb.dates import effective, effective_from, show

AFTER = 30  # "本办法自印发之日起30日后施行"
ISSUED = date(2026, 1, 1)
EFFECTIVE = list(catalogue()["effective_day"].options)


def ctx(**readings):
    return Context(as_of=date(2026, 3, 1), readings=Readings(**readings))


def test_effective_from_reuses_the_registry():
    assert EFFECTIVE_SHIFT == {"civil_code": 1, "day_31": 0, "day_30": -1}
    assert set(EFFECTIVE_SHIFT) == set(EFFECTIVE)
    assert effective.rule.decimal("days_after_issuance") == AFTER
    for day in EFFECTIVE:
        start = effective_from(ISSUED, ctx(effective_day=day))
        assert start == ISSUED + timedelta(days=AFTER + EFFECTIVE_SHIFT[day])
        assert start == spb_effective_date(ISSUED, day)


@pytest.mark.parametrize(
    "day,start",
    [
        ("civil_code", date(2020, 6, 1)),
        ("day_31", date(2020, 5, 31)),
        ("day_30", date(2020, 5, 30)),
    ],
)
def test_effective_from_the_three_readings(day, start):
    assert effective_from(date(2020, 5, 1), ctx(effective_day=day)) == start


def test_effective_date_agrees_with_the_context_check():
    for day in EFFECTIVE:
        c = Context(as_of=ISSUED, spb_issued=ISSUED, readings=Readings(effective_day=day))
        start = effective_from(ISSUED, c)
        assert c.model_copy(update={"as_of": start}).not_in_force(effective.rule) is None
        earlier = c.model_copy(update={"as_of": start - timedelta(days=1)})
        assert earlier.not_in_force(effective.rule) is not None


def test_effective_on_and_before_the_first_day():
    on = Context(as_of=date(2020, 6, 1))
    (found,) = effective(on, issued=date(2020, 5, 1))
    assert found.rule == "SPB-EFFECTIVE" and found.status is Status.PASS
    assert found.threshold == "2020-06-01" and found.readings == ["effective_day"]
    before = Context(as_of=date(2020, 5, 31))
    (found,) = effective(before, issued=date(2020, 5, 1))
    assert found.status is Status.NOT_IN_FORCE and "还差 1 天" in found.message


def test_effective_flags_a_different_issuance_date_in_the_context():
    c = Context(as_of=date(2026, 3, 1), spb_issued=date(2026, 2, 1))
    checks = effective(c, issued=ISSUED)
    assert [x.name for x in checks] == ["in_force", "context_issued"]
    assert checks[1].status is Status.ADVISORY
    assert [x.name for x in effective(c, issued=date(2026, 2, 1))] == ["in_force"]


def test_show_names_the_weekday():
    assert show(date(2026, 3, 2)) == "2026-03-02（周一）"
    assert show(date(2026, 3, 8)) == "2026-03-08（周日）"
