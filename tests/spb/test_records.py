"""沙坪坝区办法 第十一条 (calc/spb/records.py): :func:`archive`, called directly."""

from datetime import date

from calc.result import Context, Status
from calc.spb.records import archive

CTX = Context(as_of=date(2026, 3, 1))


def test_archive_per_class_with_online_training():
    (found,) = archive(CTX, online=True)
    assert found.rule == "SPB-ARCHIVE" and found.status is Status.ADVISORY
    assert "按每个班单独立卷" in found.message
    assert "学分记录、考勤记录、考试结果" in found.message
    assert found.citation.anchor == "spb-11"


def test_archive_not_applicable_without_online_training():
    (found,) = archive(CTX, online=False)
    assert found.status is Status.NOT_APPLICABLE


def test_archive_not_in_force_before_the_banfa():
    early = Context(as_of=date(2026, 3, 1), spb_issued=date(2026, 2, 20))
    assert archive(early, online=True)[0].status is Status.NOT_IN_FORCE
