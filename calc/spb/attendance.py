"""沙坪坝区办法 第七条（四）: the platform screens out the trainees attending at least 80%.

:func:`attend_80` judges a trainee's attendance rate (the eligibility question), a class
of a screened register, each trainee of it below 80%, and a register file that could not
be screened. Rates are compared exactly (``attended ≥ 80% × expected``, counts
cross-multiplied) and written by :func:`calc.text.show_rate`, which never rounds a rate onto the
threshold; :func:`needed` is the smallest fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from calc.checks import check
from calc.readings import catalogue
from calc.result import Check, Context, Status, judge, note
from calc.rules import Rule
from calc.text import num, pct, show_rate


def needed(have: int, total: int, floor: Decimal) -> int:
    """How many more of ``total`` must count for ``have / total`` to reach ``floor``."""
    least = int((floor * total).to_integral_value(rounding=ROUND_CEILING))
    return max(least - have, 0)


@dataclass(frozen=True)
class TraineeRate:
    """One trainee's attendance as the eligibility question states it: a rate, or the
    sessions (or lesson-hours) attended of those expected; and whether the institution
    records the trainee as not having finished every course."""

    who: str
    rate: Decimal
    attended: int | None = None
    expected: int | None = None
    unfinished: bool = False

    def reaches(self, floor: Decimal) -> bool:
        """Attendance ≥ ``floor``, exactly (counts cross-multiplied)."""
        if self.attended is not None and self.expected is not None:
            return self.attended >= floor * self.expected
        return self.rate >= floor

    def holds(self, floor: Decimal, full: bool) -> bool:
        """At or above ``floor``; under ``completion = full`` also not recorded unfinished."""
        return self.reaches(floor) and not (full and self.unfinished)


@dataclass(frozen=True)
class ClassScreened:
    """One class of a screened register: where it is named (``班级“甲班”`` or ``本班``),
    its trainees and sessions, how many reach 80% and how many attended every session,
    how the rate is counted (``按次数``), the failing trainees not listed one by one, and
    the readings the screening used."""

    where: str
    trainees: int
    sessions: int
    passing: int
    full: int
    how: str
    hidden: int
    listed: int
    readings: tuple[str, ...]


@dataclass(frozen=True)
class Absentee:
    """A trainee of a screened register below 80%: counts, hours (by hours only), the
    exact rate and the sessions (and hours) still needed."""

    where: str
    who: str
    attended_sessions: int
    expected_sessions: int
    attended_hours: Decimal | None
    expected_hours: Decimal | None
    rate: Decimal
    more_sessions: int
    more_hours: Decimal | None


@dataclass(frozen=True)
class Unreadable:
    """A register file of a batch that could not be screened, and why."""

    name: str
    reason: str


Facts = TraineeRate | ClassScreened | Absentee | Unreadable


@check("SPB-ATTEND-80")
def attend_80(r: Rule, facts: Facts, ctx: Context) -> list[Check]:
    """“能够自动筛选出到课率不低于80%的培训学员”（沙坪坝区办法 第七条（四））.

    80% is inclusive. Under the reading ``completion = attend80`` reaching it counts as
    completing every course (第十二条); the finding depends on the facts given: a
    trainee's rate (:class:`TraineeRate`; nothing under ``completion = full``, where
    :func:`calc.spb.subsidy.complete` asks 100%), a class of a screened register
    (:class:`ClassScreened`: every trainee at or above 80%), one trainee of it below 80%
    (:class:`Absentee`, with the fewest sessions to attend more), or a file of a batch
    that could not be screened (:class:`Unreadable`, advice: it is left out)."""
    floor = r.decimal("min_rate")
    match facts:
        case TraineeRate():
            if ctx.readings.completion == "full":
                return []
            return [trainee_rate(r, facts, floor, False, ctx)]
        case ClassScreened():
            return [_class_rate(r, facts, floor, ctx)]
        case Absentee():
            return [_absentee(r, facts, floor, ctx)]
        case Unreadable(name, reason):
            said = f"文件“{name}”无法筛查，未计入：{reason}"
            return [note(r.id, "file", f"文件“{name}”", Status.ADVISORY, said, ctx)]


def trainee_rate(r: Rule, t: TraineeRate, floor: Decimal, full: bool, ctx: Context) -> Check:
    """A trainee's attendance against ``floor``: 80% (:func:`attend_80`), or 100% and not
    recorded unfinished under ``completion = full`` (:func:`calc.spb.subsidy.complete`)."""
    basis = ctx.readings.attendance_basis
    unit = "次" if basis == "sessions" else "课时"
    how = catalogue()["attendance_basis"].options[basis].split("：")[0]
    reached = t.reaches(floor)
    counts = f"，到课 {t.attended}/{t.expected} {unit}" if t.expected is not None else ""
    message = f"{t.who} 到课率（{how}）{show_rate(t.rate, floor)}{counts}，"
    message += f"{'不低于' if reached else '低于'} {pct(floor)}"
    if t.unfinished:
        meaning = catalogue()["completion"].options[ctx.readings.completion]
        message += f"；机构记录未完成全部培训课程（{meaning}）"
    if full and t.unfinished:
        fix = "完成全部培训课程（100%到课）"
    elif t.attended is not None and t.expected is not None:
        more = needed(t.attended, t.expected, floor)
        fix = f"再到课 {more} {unit}（{t.expected} {unit}中至少 {t.attended + more} {unit}）"
    else:
        fix = f"到课率再提高 {num((floor - t.rate) * 100)} 个百分点，达到 {pct(floor)}"
    label = "完成全部培训课程（100%到课）" if full else "到课率（视为完成全部课程）"
    return judge(
        r.id, "attendance", f"{t.who}：{label}", t.holds(floor, full), ctx,
        message=message, fix=fix, actual=t.rate, threshold=floor, comparison=">=",
        gap=floor - t.rate, readings=["completion", "attendance_basis"],
    )  # fmt: skip


def _class_rate(r: Rule, s: ClassScreened, floor: Decimal, ctx: Context) -> Check:
    bad = s.trainees - s.passing
    said = (
        f"{s.where}共 {s.trainees} 名学员、{s.sessions} 个课次（{s.how}）："
        f"{s.passing} 人到课率不低于 {pct(floor)}，{bad} 人低于 {pct(floor)}"
    )
    if s.hidden:
        said += f"；逐人列出前 {s.listed} 名，其余 {s.hidden} 名见计算结果的学员名单"
    return judge(
        r.id, "class_rate", f"{s.where}到课率筛查", bad == 0, ctx,
        message=said, fix=f"{bad} 名学员补足到课后再筛查；未补足的不列入达标名单",
        actual=s.passing, threshold=s.trainees, comparison="==", unit="人",
        readings=list(s.readings),
    )  # fmt: skip


def _absentee(r: Rule, v: Absentee, floor: Decimal, ctx: Context) -> Check:
    if ctx.readings.attendance_basis == "hours":
        assert v.attended_hours is not None and v.expected_hours is not None
        assert v.more_hours is not None
        got = f"到课 {num(v.attended_hours)}/{num(v.expected_hours)} 课时"
        extra = f"（补足 {num(v.more_hours)} 课时）"
    else:
        got = f"到课 {v.attended_sessions}/{v.expected_sessions} 次"
        extra = ""
    return judge(
        r.id, "trainee_rate", f"{v.where}{v.who} 到课率", False, ctx,
        message=f"{v.where}{v.who} {got}，到课率 {show_rate(v.rate, floor)}，低于 {pct(floor)}",
        fix=f"再出勤 {v.more_sessions} 次{extra}即可达到 {pct(floor)}",
        actual=v.rate, threshold=floor, comparison=">=", gap=floor - v.rate,
        readings=["attendance_basis"],
    )  # fmt: skip
