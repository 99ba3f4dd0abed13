"""沙坪坝区办法 第十四条: :func:`learner_data`, :func:`spotcheck_80`, :func:`sanction`
(SPB-LEARNER-DATA, SPB-SPOTCHECK-80, SPB-SANCTION) called directly."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from calc.readings import Readings
from calc.result import Context, Status
from calc.spb.supervision import (
    Conflicts,
    Disagreement,
    InvalidIds,
    TraineeData,
    learner_data,
    sanction,
    spot_outcome,
    spotcheck_80,
)

CTX = Context(as_of="2026-03-01")


@dataclass(frozen=True)
class Spot:
    sampled: int
    passed: int
    date: dt.date | None = None


def test_the_values_are_the_text_s():
    assert spotcheck_80.rule.decimal("min_rate") == Decimal("0.8")  # “达标率低于80%”
    assert spotcheck_80.rule.decimal("checks") == 2  # “两次抽查”


@pytest.mark.parametrize(
    "passed,cancelled", [((80, 80), False), ((80, 79), False), ((79, 79), True)]
)
def test_two_checks_below_80_percent_cancel_and_exactly_80_does_not(passed, cancelled):
    records = [Spot(100, p) for p in passed]
    checks = spotcheck_80(records, None, CTX)
    assert [c.name for c in checks] == ["spotcheck_1", "spotcheck_2", "spotcheck"]
    assert (checks[-1].status is Status.FAIL) is cancelled
    data = spot_outcome(records, None, CTX)
    assert data is not None and data["cancelled"] is cancelled


def test_no_spot_checks_is_not_applicable():
    [check] = spotcheck_80([], None, CTX)
    assert check.status is Status.NOT_APPLICABLE and check.message == "未填写抽查记录"
    assert spot_outcome([], None, CTX) is None


def test_the_applying_reading_without_the_number_judges_nothing():
    ctx = Context(as_of="2026-03-01", readings=Readings(spotcheck_base="applying"))
    checks = spotcheck_80([Spot(10, 5), Spot(10, 5)], None, ctx)
    assert {c.status for c in checks} == {Status.ADVISORY}
    data = spot_outcome([Spot(10, 5), Spot(10, 5)], None, ctx)
    assert data is not None and data["base_missing"] is True


def test_trainee_data_gives_two_findings():
    standard, anomaly = learner_data(TraineeData("张三", True, True, "代签到"), CTX)
    assert standard.status is Status.PASS and anomaly.status is Status.FAIL
    assert anomaly.message == "张三 学员数据有明显异常：代签到"


def test_register_anomalies_are_advice_naming_the_rows():
    [ids] = learner_data(InvalidIds(21, [(2, "张三", "500106199001010012", "校验码错误")]), CTX)
    assert ids.status is Status.ADVISORY and "另有 20 名" in ids.message
    [conflict] = learner_data(Conflicts("本班", 1, [(3, "张三", "第1次", True)]), CTX)
    assert "第3行 张三 课次“第1次”记为到课，此前记为缺课" in conflict.message
    [disagree] = learner_data(
        Disagreement("签到", "签到时间", 1, [(4, "李四", "缺勤", "8:00")]), CTX
    )
    assert disagree.name == "status_and_time" and "第4行 李四：签到“缺勤”" in disagree.message


def test_sanction_is_advice():
    [clean] = sanction(False, CTX)
    [found] = sanction(True, CTX)
    assert clean.status is Status.PASS
    assert found.status is Status.ADVISORY and "移交执法部门处理" in found.message
