"""沙坪坝区办法 第七条（四）: :func:`calc.spb.attendance.attend_80` (SPB-ATTEND-80) called
directly, and how rates are written (:func:`show_rate`, :func:`needed`)."""

from decimal import Decimal

import pytest

from calc.readings import Readings
from calc.result import Context, Status
from calc.spb.attendance import (
    Absentee,
    ClassScreened,
    TraineeRate,
    Unreadable,
    attend_80,
    needed,
    show_rate,
)

FLOOR = Decimal("0.8")  # “到课率不低于80%”
CTX = Context(as_of="2026-03-01")


def test_the_value_is_the_text_s():
    assert attend_80.rule.decimal("min_rate") == FLOOR
    assert attend_80.clause.startswith("“能够自动筛选出到课率不低于80%的培训学员”")


@pytest.mark.parametrize(
    "attended,expected,status", [(8, 10, Status.PASS), (7, 10, Status.FAIL), (40, 50, Status.PASS)]
)
def test_a_trainee_exactly_at_80_percent_passes_and_below_fails(attended, expected, status):
    facts = TraineeRate("张三", Decimal(attended) / expected, attended, expected)
    [check] = attend_80(facts, CTX)
    assert check.status is status and check.rule == "SPB-ATTEND-80"
    assert check.name == "attendance"


def test_a_rate_just_below_80_percent_fails_and_says_so():
    [check] = attend_80(TraineeRate("张三", Decimal("0.7999")), CTX)
    assert check.status is Status.FAIL
    assert "79.99%" in check.message and "低于 80%" in check.message
    assert check.fix == "到课率再提高 0.01 个百分点，达到 80%"


def test_under_completion_full_the_trainee_is_left_to_complete():
    full = Context(as_of="2026-03-01", readings=Readings(completion="full"))
    assert attend_80(TraineeRate("张三", Decimal(1)), full) == []


def test_a_screened_class_passes_only_when_every_trainee_reaches_80_percent():
    def screened(passing: int) -> ClassScreened:
        return ClassScreened("本班", 5, 10, passing, 0, "按次数", 0, 200, ("attendance_basis",))

    [ok] = attend_80(screened(5), CTX)
    [bad] = attend_80(screened(4), CTX)
    assert ok.status is Status.PASS and bad.status is Status.FAIL
    assert bad.message == "本班共 5 名学员、10 个课次（按次数）：4 人到课率不低于 80%，1 人低于 80%"


def test_an_absentee_is_told_the_sessions_to_make_up():
    v = Absentee("", "张三", 7, 10, None, None, Decimal("0.7"), 1, None)
    [check] = attend_80(v, CTX)
    assert check.name == "trainee_rate" and check.status is Status.FAIL
    assert check.message == "张三 到课 7/10 次，到课率 70%，低于 80%"
    assert check.fix == "再出勤 1 次即可达到 80%"


def test_an_unreadable_file_is_advice():
    [check] = attend_80(Unreadable("a.csv", "空文件"), CTX)
    assert check.status is Status.ADVISORY
    assert check.message == "文件“a.csv”无法筛查，未计入：空文件"


def test_show_rate_never_rounds_onto_the_threshold():
    assert show_rate(Decimal("0.7999"), FLOOR) == "79.99%"
    assert show_rate(Decimal(3999) / Decimal(4999), FLOOR).startswith("79.9")
    assert show_rate(FLOOR, FLOOR) == "80%"


def test_needed_is_the_fewest_to_reach_the_floor():
    assert needed(7, 10, FLOOR) == 1
    assert needed(8, 10, FLOOR) == 0
    assert needed(0, 3, FLOOR) == 3  # 80% of 3 is 2.4: all 3
