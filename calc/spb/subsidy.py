"""沙坪坝区办法 第十二条 培训补贴申报: who completed every course and holds a certificate.

:func:`complete` judges a trainee's certificate, and, under the reading
``completion = full``, a trainee's or a class's attendance at 100%.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calc.checks import check
from calc.kinds import Certificate
from calc.readings import catalogue
from calc.result import Check, Context, judge
from calc.rules import Rule
from calc.spb.attendance import ClassScreened, TraineeRate, trainee_rate


@dataclass(frozen=True)
class Certified:
    """The certificate a trainee obtained (``Certificate.NONE``: none)."""

    who: str
    certificate: Certificate


@check("SPB-COMPLETE")
def complete(r: Rule, facts: Certified | TraineeRate | ClassScreened, ctx: Context) -> list[Check]:
    """“完成全部培训课程，取得证书”（沙坪坝区办法 第十二条）.

    A trainee must hold one of the certificates the article lists (:class:`Certified`).
    “完成全部培训课程” is the reading ``completion``: under ``attend80`` an attendance of
    at least 80% counts as completing (judged by :func:`calc.spb.attendance.attend_80`,
    so nothing here); under ``full`` a trainee needs 100% and no record of an unfinished
    course (:class:`~calc.spb.attendance.TraineeRate`), and a screened class is judged on
    how many attended every session (:class:`~calc.spb.attendance.ClassScreened`)."""
    match facts:
        case Certified(who, certificate):
            has = certificate is not Certificate.NONE
            kinds = r.names("certificates")
            fix = "取得" + "、".join(Certificate(k).label for k in kinds) + "之一"
            said = f"{who} {'取得' if has else ''}{certificate.label}"
            return [judge(r.id, "certificate", f"{who}：证书", has, ctx, message=said, fix=fix)]
        case TraineeRate():
            if ctx.readings.completion != "full":
                return []
            return [trainee_rate(r, facts, Decimal(1), True, ctx)]
        case ClassScreened():
            if ctx.readings.completion != "full":
                return []
            return [_full_attendance(r, facts, ctx)]


def _full_attendance(r: Rule, s: ClassScreened, ctx: Context) -> Check:
    meaning = catalogue()["completion"].options["full"]
    return judge(
        r.id, "full_attendance", f"{s.where}完成全部培训课程", s.full == s.trainees, ctx,
        message=f"{s.where}：{s.full} 人全部到课，{s.trainees - s.full} 人未全部到课（{meaning}）",
        fix="未全部到课的学员补课后方可视为完成全部培训课程",
        actual=s.full, threshold=s.trainees, comparison="==", unit="人",
        readings=["completion"],
    )  # fmt: skip
