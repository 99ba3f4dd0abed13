"""到课率筛查: which trainees of a register attend at least 80% (沙坪坝区办法 第七条（四）,
judged by :func:`calc.spb.attendance.attend_80`; under ``completion = full`` also
:func:`calc.spb.subsidy.complete`).

Every trainee of a class is expected at every session of that class: a trainee with no
record for a session was absent from it. The rate is attended ÷ expected sessions, or
attended ÷ expected lesson-hours under the reading ``attendance_basis = hours``; 80% is
inclusive and compared exactly (``attended ≥ 0.8 × expected``, no rounding). The rate in
``data`` is the exact quotient (28 significant digits when it does not terminate); text
shows it to 0.1 percentage point, with more digits when rounding would hide the side of
80% it is on. Several records of one trainee for one session count once, as attended if
any of them says so; records that contradict each other (present and absent) are named
as a clear anomaly (:func:`calc.spb.supervision.learner_data`). Files are screened in one
pass, in memory proportional to the number of trainees, not of rows (:func:`screen`);
reading them is :mod:`calc.questions.attendance_files`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from pydantic import ConfigDict, Field, ValidationError

from calc.cq16.modes import is_4050
from calc.display import Block, batch_view, listing, number, percent, source_line
from calc.errors import InputError, explain
from calc.models import Input
from calc.people import id_text, resident
from calc.questions.attendance_files import (
    CONFLICTS_LISTED,
    MAX_SESSION_HOURS,
    REQUIRED,
    AttendanceOptions,
    Found,
    Register,
    Row,
)
from calc.readings import catalogue
from calc.result import Check, Context, Result, conclude, overall
from calc.spb.attendance import Absentee, ClassScreened, attend_80, needed
from calc.spb.subsidy import complete
from calc.spb.supervision import Conflicts, InvalidIds, learner_data
from calc.tables.read import BROWSER, Progress, Source, read_table, report
from calc.tables.write import Section
from calc.text import num, pct, show_rate

TITLE = "到课率筛查"
MAX_RECORDS = 20_000
"""Records accepted as JSON; larger registers go through a file (:func:`screen_file`)."""
MAX_SESSIONS = 500
LISTED = 200
"""Failing trainees listed one check each; the rest are counted in the class check."""


class SessionHours(Input):
    model_config = ConfigDict(extra="forbid", title="课次课时", str_strip_whitespace=True)

    session: str = Field(min_length=1, max_length=100, title="课次")
    hours: Decimal = Field(gt=0, le=MAX_SESSION_HOURS, title="课时")


class AttendanceRecord(Input):
    model_config = ConfigDict(extra="forbid", title="考勤记录", str_strip_whitespace=True)

    trainee: str = Field(min_length=1, max_length=50, title="学员姓名")
    id_number: str | None = Field(
        default=None, max_length=30, title="身份证号", description="填写时按身份证号区分同名学员"
    )
    session: str = Field(min_length=1, max_length=100, title="课次")
    hours: Decimal | None = Field(
        default=None, gt=0, le=MAX_SESSION_HOURS, title="课时", description="该课次的课时"
    )
    attended: bool = Field(title="是否到课")


class AttendanceInput(Input):
    model_config = ConfigDict(extra="forbid", title="到课率筛查", str_strip_whitespace=True)

    class_name: str = Field(default="", max_length=100, title="班级")
    sessions: list[SessionHours] = Field(
        default_factory=list,
        max_length=MAX_SESSIONS,
        title="课次课时表",
        description="全部课次及其课时；没有任何记录的课次也算应到。按课时计算到课率时必填（或在记录中填课时）",
    )
    records: list[AttendanceRecord] = Field(
        min_length=1,
        max_length=MAX_RECORDS,
        title="考勤记录",
        description=f"每位学员每个课次一条，缺少的记录按缺课计；超过 {MAX_RECORDS:,} 条请上传文件",
    )


Where = Callable[[int, str], str]
"""``where(line, field)`` → ``第12行 列“学时”``: how a message names a row and a field."""


class _Class:
    """What one pass keeps per class: the sessions, and per trainee two bit masks."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.index: dict[str, int] = {}
        self.hours: list[Decimal | None] = []
        self.trainees: dict[str, list[Any]] = {}
        self.duplicates = 0
        self.conflicts: list[tuple[int, str, str, bool]] = []
        self.conflicting = 0

    def conflict(self, line: int, who: str, session: str, attended: bool) -> None:
        """A record for a trainee and session that contradicts an earlier one."""
        self.conflicting += 1
        if len(self.conflicts) < CONFLICTS_LISTED:
            self.conflicts.append((line, who, session, attended))

    def session(self, session: str) -> int:
        index = self.index.get(session)
        if index is None:
            index = self.index[session] = len(self.hours)
            self.hours.append(None)
        return index


def screen(
    rows: Iterable[Row],
    ctx: Context,
    *,
    planned: Iterable[tuple[str, str, Decimal]] = (),
    where: Where = lambda line, field: f"第{line}行",
    findings: Callable[[], Found] = lambda: Found([], []),
) -> Result:
    """:func:`~calc.spb.attendance.attend_80` for every trainee in ``rows`` (one pass,
    memory O(trainees)).

    ``planned`` adds (class, session, lesson-hours) known beforehand; ``findings`` gives,
    once the rows are read, what reading them found (see :class:`Register`)."""
    classes: dict[str, _Class] = {}
    for planned_class, planned_session, planned_hours in planned:
        c = classes.get(planned_class) or classes.setdefault(planned_class, _Class(planned_class))
        at = c.session(planned_session)
        _set_hours(c, at, planned_hours, planned_session, "课次课时表")
    count, last, c = 0, None, _Class("")
    for line, class_name, name, id_number, session, hours, attended in rows:
        if class_name is not last:
            c = classes.get(class_name) or classes.setdefault(class_name, _Class(class_name))
            last = class_name
        index = c.index.get(session)
        if index is None:
            index = c.session(session)
        if hours is not None and hours is not c.hours[index]:
            _set_hours(c, index, hours, session, where(line, "hours"))
        bit = 1 << index
        key = id_number or name
        t = c.trainees.get(key)
        if t is None:
            c.trainees[key] = [name, id_number, bit, bit if attended else 0, line]
        else:
            if t[2] & bit:
                c.duplicates += 1
                if bool(t[3] & bit) != attended:
                    c.conflict(line, name, session, attended)
            t[2] |= bit
            if attended:
                t[3] |= bit
            if t[0] != name:
                said = f"身份证号 {id_number} 在第{t[4]}行是“{t[0]}”，这里是“{name}”"
                raise InputError.one(where(line, "name"), said)
        count += 1
    if not count:
        raise InputError.one("考勤记录", "没有考勤记录（只有表头）")
    return _conclude(list(classes.values()), count, ctx, findings())


def _set_hours(c: _Class, index: int, hours: Decimal, session: str, at: str) -> None:
    """Record a session's lesson-hours; a different value for the same session is an error."""
    known = c.hours[index]
    if known is not None and known != hours:
        said = f"课次“{session}”此前为 {num(known)} 课时，这里是 {num(hours)} 课时"
        raise InputError.one(at, said + "；同一课次的课时应一致")
    c.hours[index] = hours


def _hour_sums(hours: list[Decimal]) -> Callable[[int], Decimal]:
    """Σ hours of the sessions set in a bit mask, 8 sessions at a time, each byte's sum
    computed once (a class's trainees share few distinct bytes) from the byte without its
    lowest session: one addition (sums of hours are exact, so the order does not matter)."""
    chunks = [hours[i : i + 8] for i in range(0, len(hours), 8)]
    memo: list[dict[int, Decimal]] = [{0: Decimal(0)} for _ in chunks]

    def part(k: int, byte: int) -> Decimal:
        found = memo[k].get(byte)
        if found is None:
            low = byte & -byte
            found = memo[k][byte] = part(k, byte ^ low) + chunks[k][low.bit_length() - 1]
        return found

    def total(mask: int) -> Decimal:
        s, k = Decimal(0), 0
        while mask:
            s += part(k, mask & 255)
            mask >>= 8
            k += 1
        return s

    return total


_BUCKETS = ("<50%", "50–60%", "60–70%", "70–80%", "80–90%", "90–100%", "100%")


def _class_result(
    c: _Class, ctx: Context, floor: Decimal, rates: dict[tuple[Any, Any], _Rate]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
    """Per trainee: counts, hours, exact rate, its text, verdict and the smallest fix.
    ``rates`` caches what depends on the counts alone (n + 1 rates for n sessions)."""
    by_hours = ctx.readings.attendance_basis == "hours"
    n = len(c.hours)
    known = [h for h in c.hours if h is not None]
    sums = _hour_sums(known) if len(known) == n else None
    if by_hours and sums is None:
        lacking = "、".join(f"“{s}”" for s, i in c.index.items() if c.hours[i] is None)
        raise InputError.one(
            f"班级“{c.name}”" if c.name else "课时",
            f"按课时计算到课率需要每个课次的课时；缺少：{lacking}",
        )
    total_hours = sums((1 << n) - 1) if sums else None
    buckets = dict.fromkeys(_BUCKETS, 0)
    verdicts, rate_sum, passing, full = [], Decimal(0), 0, 0
    for name, id_number, _seen, bits, line in c.trainees.values():
        person = resident(id_number, ctx.as_of) if id_number else None
        a = bits.bit_count()
        hours = sums(bits) if sums else None
        # hours as text: equal sums may be written with other exponents (2 and 2.0)
        key = (str(hours), str(total_hours)) if by_hours else (a, n)
        judged = rates.get(key)
        if judged is None:
            judged = rates[key] = _rate(key[0], key[1], floor, n)
        rate, ok, short, more, bucket, text = judged
        if by_hours and not ok:
            more = _more(c, bits, short)
        passing += ok
        full += a == n
        rate_sum += rate
        buckets[_BUCKETS[6] if a == n else bucket] += 1
        verdicts.append(
            {"class_name": c.name, "name": name, "id_number": id_number,
             "attended_sessions": a, "expected_sessions": n, "attended_hours": hours,
             "expected_hours": total_hours, "rate": rate, "rate_text": text, "passed": ok,
             "more_sessions": more,
             "more_hours": short if by_hours and not ok else None,
             "full": a == n, "row": line,
             "id_problem": person.problem if person else None,
             "is_4050": is_4050(person) if person else None}
        )  # fmt: skip
    summary = {
        "class_name": c.name, "trainees": len(verdicts), "sessions": n,
        "hours": total_hours, "passing": passing, "failing": len(verdicts) - passing,
        "full": full, "mean_rate": rate_sum / len(verdicts), "distribution": buckets,
        "duplicates": c.duplicates,
        "invalid_ids": sum(bool(v["id_problem"]) for v in verdicts),
        "age_4050": sum(bool(v["is_4050"]) for v in verdicts),
    }  # fmt: skip
    return summary, verdicts


_Rate = tuple[Decimal, bool, Decimal, int, str, str]
"""(rate, at or above 80%, what is short of it, sessions still needed, the rate's
distribution bucket, the rate as text)."""


def _rate(got: Any, of: Any, floor: Decimal, n: int) -> _Rate:
    """What a trainee's verdict owes to ``got`` of ``of`` (sessions, or lesson-hours:
    then the sessions still needed depend on which were missed, :func:`_more`)."""
    got, of = Decimal(got), Decimal(of)
    rate = got / of
    ok = got >= floor * of
    short = floor * of - got
    more = 0 if ok else needed(int(got), n, floor)
    bucket = _BUCKETS[max(int(rate * 10) - 4, 0)]
    return rate, ok, short, more, bucket, show_rate(rate, floor)


def _more(c: _Class, mask: int, short: Decimal) -> int:
    """Fewest missed sessions whose hours make up ``short`` (largest first)."""
    missed = sorted((h for i, h in enumerate(c.hours) if not mask >> i & 1 and h), reverse=True)
    total = Decimal(0)
    for k, h in enumerate(missed, 1):
        total += h
        if total >= short:
            return k
    return len(missed)


def _who(v: dict[str, Any]) -> str:
    tail = f"（身份证号尾号 {v['id_number'][-4:]}）" if v["id_number"] else ""
    return f"{v['name']}{tail}"


def _conclude(classes: list[_Class], records: int, ctx: Context, found: Found) -> Result:
    floor = attend_80.rule.decimal("min_rate")
    how = catalogue()["attendance_basis"].options[ctx.readings.attendance_basis].split("：")[0]
    used = ("attendance_basis", "completion", *found.readings)
    checks: list[Check] = []
    summaries, verdicts, failing = [], [], []
    rates: dict[tuple[Any, Any], _Rate] = {}
    for c in classes:
        if not c.trainees:
            continue
        summary, rows = _class_result(c, ctx, floor, rates)
        summaries.append(summary)
        verdicts += rows
        failing += [v for v in rows if not v["passed"]]
    listed = failing[:LISTED]
    hidden_by_class = Counter(v["class_name"] for v in failing[LISTED:])
    for c in classes:
        if c.conflicting:
            where = f"班级“{c.name}”" if c.name else "本班"
            checks += learner_data(Conflicts(where, c.conflicting, c.conflicts), ctx)
    checks += found.checks
    invalid = [v for v in verdicts if v["id_problem"]]
    if invalid:
        named = [(v["row"], v["name"], v["id_number"], v["id_problem"]) for v in invalid]
        checks += learner_data(InvalidIds(len(invalid), named[:CONFLICTS_LISTED]), ctx)
    for s in summaries:
        where = f"班级“{s['class_name']}”" if s["class_name"] else "本班"
        screened = ClassScreened(
            where, s["trainees"], s["sessions"], s["passing"], s["full"], how,
            hidden_by_class[s["class_name"]], LISTED, used,
        )  # fmt: skip
        checks += attend_80(screened, ctx) + complete(screened, ctx)
    for v in listed:
        where = f"班级“{v['class_name']}”" if v["class_name"] else ""
        absentee = Absentee(
            where, _who(v), v["attended_sessions"], v["expected_sessions"],
            v["attended_hours"], v["expected_hours"], v["rate"], v["more_sessions"],
            v["more_hours"],
        )  # fmt: skip
        checks += attend_80(absentee, ctx)
    total = len(verdicts)
    passed = total - len(failing)
    data = {
        "basis": ctx.readings.attendance_basis,
        "min_rate": floor,
        "records": records,
        "trainees_count": total,
        "passing_count": passed,
        "failing_count": len(failing),
        "classes": summaries,
        "passing": [
            {"class_name": v["class_name"], "name": v["name"], "id_number": v["id_number"]}
            for v in verdicts
            if v["passed"]
        ],
        "trainees": verdicts,
    }
    said = (
        f"{TITLE}：{overall(checks).text}。{total} 名学员中 {passed} 人到课率不低于 {pct(floor)}，"
        f"{len(failing)} 人低于 {pct(floor)}（{how}）"
    )
    return conclude("attendance", TITLE, checks, ctx, data=data, summary=said)


def check_attendance(inp: AttendanceInput, ctx: Context) -> Result:
    """SPB 第七条（四）: the trainees whose attendance rate is at least 80%."""
    planned = [(inp.class_name, s.session, s.hours) for s in inp.sessions]
    rows = (
        (i, inp.class_name, r.trainee, id_text(r.id_number or ""), r.session, r.hours, r.attended)
        for i, r in enumerate(inp.records, 1)
    )
    titles = {"name": "学员姓名", "hours": "课时", "session": "课次"}
    return screen(
        rows, ctx, planned=planned, where=lambda line, f: f"考勤记录 第{line}行 {titles.get(f, '')}"
    )


# ---- files: CSV or XLSX, streamed ------------------------------------------------------


def screen_file(
    source: Source,
    ctx: Context,
    *,
    name: str = "",
    max_rows: int | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    options: AttendanceOptions | None = None,
) -> Result:
    """:func:`screen` over a CSV or XLSX attendance table (see ``docs/developers/cli.md``);
    ``progress`` hears how many rows were read (:func:`calc.tables.read.read_table`);
    ``options`` name columns and status words the file's own words leave unclear."""
    options = options or AttendanceOptions()
    table = read_table(
        source, REQUIRED, name=name, max_rows=max_rows, max_bytes=max_bytes, progress=progress,
        columns=options.columns,
    )  # fmt: skip
    cols = table.columns

    def where(line: int, key: str) -> str:
        return f"第{line}行 列“{table.header(key)}”" if key in cols else f"第{line}行"

    register = Register(table, ctx, options)
    result = screen(register.rows(), ctx, where=where, findings=register.findings)
    return report(result, register.source())


def compute_file(
    source: Source, name: str, options: dict[str, Any], ctx: Context, progress: Progress | None
) -> Result:
    chosen = _options(options)
    return screen_file(source, ctx, name=name, progress=progress, options=chosen, **BROWSER)


def _options(options: dict[str, Any]) -> AttendanceOptions:
    try:
        return AttendanceOptions.model_validate(options)
    except ValidationError as exc:
        raise explain(exc, AttendanceOptions) from exc


EXPORT_COLUMNS = ("班级", "姓名", "身份证号", "到课次数", "应到次数", "到课课时", "应到课时",
                  "到课率", "到课率不低于{floor}", "还需出勤次数", "身份证号问题")  # fmt: skip


def export(result: Result) -> list[Section]:
    """The download of a screening: one table of every trainee; for several files the
    report of :mod:`calc.questions.batch` (a line per class, then every trainee)."""
    if "files" in result.data:
        from calc.questions.batch import export_sections

        return export_sections(result)
    return [("", *export_rows(result))]


def export_rows(result: Result) -> tuple[list[str], Iterator[list[Any]]]:
    """Every trainee of a screening, one row each (the download, and ``--format csv``):
    the columns of :data:`EXPORT_COLUMNS`, the rate as the result writes it."""
    floor = pct(result.data["min_rate"])
    header = [c.format(floor=floor) for c in EXPORT_COLUMNS]
    rows = (
        [v["class_name"], v["name"], v["id_number"], v["attended_sessions"],
         v["expected_sessions"], v["attended_hours"],
         None if v["attended_hours"] is None else v["expected_hours"], v["rate_text"],
         "是" if v["passed"] else "否", v["more_sessions"], v["id_problem"] or ""]
        for v in result.data["trainees"]
    )  # fmt: skip
    return header, rows


def compute_many(
    files: list[tuple[str, Source]], options: dict[str, Any], ctx: Context,
    progress: Progress | None,
) -> Result:  # fmt: skip
    from calc.questions.batch import screen_many

    chosen = _options(options)
    n = len(files)

    def share(i: int, name: str) -> Progress | None:
        if progress is None:
            return None
        return lambda rows, part: progress(rows, (i + (part or 0)) / n)

    opened = [(name, lambda source=source: source) for name, source in files]
    return screen_many(opened, ctx, chosen, progress=share, **BROWSER)


def view(r: Result, given: dict[str, Any]) -> list[Block]:
    """The summary a page shows above the checks."""
    d = r.data
    if "table" in d:
        return batch_view(d)
    floor = percent(d.get("min_rate"))
    hours = d.get("basis") == "hours"
    classes = [
        [
            c.get("class_name") or "（未分班）",
            c["trainees"],
            c["sessions"],
            c.get("hours"),
            c["passing"],
            c["failing"],
            c["full"],
            percent(c.get("mean_rate")),
            c["duplicates"],
        ]
        for c in d.get("classes") or []
    ]
    failing = [v for v in d.get("trainees") or [] if not v["passed"]]

    def short(v: dict[str, Any]) -> list[Any]:
        got = (
            f"{number(v['attended_hours'])} / {number(v['expected_hours'])}"
            if hours
            else f"{v['attended_sessions']} / {v['expected_sessions']}"
        )
        more = f"{v['more_sessions']} 次" + (
            f"（{number(v['more_hours'])} 课时）" if v.get("more_hours") else ""
        )
        return [v["class_name"], v["name"], v["id_number"], got, v["rate_text"], more]

    passing = d.get("passing") or []
    return [
        *([b] if (b := source_line(d)) else []),
        listing(
            f"各班汇总（{len(classes):,} 个班）",
            [
                "班级",
                "学员",
                "课次",
                "总课时",
                f"到课率不低于 {floor}",
                f"低于 {floor}",
                "全部到课",
                "平均到课率",
                "重复记录",
            ],
            classes,
            "upload-classes",
        ),
        listing(
            f"到课率低于 {floor} 的学员（{len(failing):,} 人）",
            ["班级", "姓名", "身份证号", "到课课时" if hours else "到课次数", "到课率", "还需出勤"],
            [short(v) for v in failing],
            "upload-failing",
        ),
        listing(
            f"到课率不低于 {floor} 的学员（{len(passing):,} 人）",
            ["班级", "姓名", "身份证号"],
            [[v["class_name"], v["name"], v["id_number"]] for v in passing],
            "upload-passing",
        ),
    ]
