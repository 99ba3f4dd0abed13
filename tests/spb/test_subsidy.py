"""沙坪坝区办法 第十二条: :func:`calc.spb.subsidy.complete` (SPB-COMPLETE) called directly."""

from decimal import Decimal

import pytest

from calc.kinds import Certificate
from calc.readings import Readings
from calc.result import Context, Status
from calc.spb.attendance import ClassScreened, TraineeRate
from calc.spb.subsidy import Certified, complete

# “职业资格证书、职业技能等级证书、专项职业能力证书、特种作业操作证书、培训合格证书等”
CERTIFICATES = [
    "qualification", "skill_level", "special_ability", "special_operation", "training_completion",
]  # fmt: skip
CTX = Context(as_of="2026-03-01")
FULL = Context(as_of="2026-03-01", readings=Readings(completion="full"))


def test_the_certificates_are_the_text_s():
    assert list(complete.rule.names("certificates")) == CERTIFICATES


def test_certificate_enum_matches_the_registry():
    assert {c.value for c in Certificate} == {*CERTIFICATES, "none"}


@pytest.mark.parametrize("kind", CERTIFICATES)
def test_every_listed_certificate_qualifies(kind):
    [check] = complete(Certified("张三", Certificate(kind)), CTX)
    assert check.status is Status.PASS and check.name == "certificate"


def test_no_certificate_fails_with_the_list_as_fix():
    [check] = complete(Certified("张三", Certificate.NONE), CTX)
    assert check.status is Status.FAIL and check.rule == "SPB-COMPLETE"
    assert check.fix is not None and check.fix.startswith("取得职业资格证书")


def test_attendance_is_judged_here_only_under_completion_full():
    facts = TraineeRate("张三", Decimal("0.95"))
    assert complete(facts, CTX) == []
    [check] = complete(facts, FULL)
    assert check.status is Status.FAIL and check.threshold == Decimal(1)
    [ok] = complete(TraineeRate("张三", Decimal(1)), FULL)
    assert ok.status is Status.PASS
    [unfinished] = complete(TraineeRate("张三", Decimal(1), unfinished=True), FULL)
    assert unfinished.status is Status.FAIL and unfinished.fix == "完成全部培训课程（100%到课）"


def test_a_screened_class_under_completion_full():
    s = ClassScreened("本班", 3, 5, 3, 2, "按次数", 0, 200, ())
    assert complete(s, CTX) == []
    [check] = complete(s, FULL)
    assert check.status is Status.FAIL and check.name == "full_attendance"
    assert check.message.startswith("本班：2 人全部到课，1 人未全部到课")
