"""到课率筛查: SPB 第七条（四） "能够自动筛选出到课率不低于80%的培训学员" (SPB-ATTEND-80).

Every trainee of a class is expected at every session of that class: a trainee with no
record for a session was absent from it. The rate is attended ÷ expected sessions, or
attended ÷ expected lesson-hours under the reading ``attendance_basis = hours``; 80% is
inclusive and compared exactly (``attended ≥ 0.8 × expected``, no rounding). The rate in
``data`` is the exact quotient (28 significant digits when it does not terminate); text
shows it to 0.1 percentage point, with more digits when rounding would hide the side of
80% it is on. Several records of one trainee for one session count once, as attended if
any of them says so; records that contradict each other (present and absent) are named
under SPB-LEARNER-DATA as a clear anomaly. Files are screened in one pass, in memory
proportional to the number of trainees, not of rows (:func:`screen`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple

from pydantic import ConfigDict, Field, ValidationError

from calc.eligibility import DATA, needed, show_rate
from calc.errors import InputError, explain, safe
from calc.models import Input
from calc.people import id_text, mask, resident
from calc.readings import catalogue
from calc.result import Check, Context, Result, Status, conclude, judge, note, overall
from calc.roster import is_4050
from calc.rules import rule
from calc.tables import (
    BROWSER,
    PRESENCE,
    Progress,
    Section,
    Source,
    Table,
    bad_value,
    clean,
    id_stored_as_number,
    is_float_cell,
    number,
    read_table,
    report,
)
from calc.text import num, pct

ATTEND, COMPLETE = "SPB-ATTEND-80", "SPB-COMPLETE"
TITLE = "到课率筛查"
MAX_RECORDS = 20_000
"""Records accepted as JSON; larger registers go through a file (:func:`screen_file`)."""
MAX_SESSIONS = 500
MAX_SESSION_HOURS = Decimal(24)
LISTED = 200
"""Failing trainees listed one check each; the rest are counted in the class check."""
CONFLICTS_LISTED = 20
"""Contradicting records named per class; the rest are counted."""
REQUIRED = (("name",), ("attended", "sign_in"), ("course", "session", "date"))


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


Row = tuple[int, str, str, str, str, Decimal | None, bool]
"""One check-in record as :func:`screen` reads it, text already trimmed: (row number,
class, trainee name, ID number or "", session, the session's lesson-hours or None,
attended). A plain tuple: a file has a million of them."""


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
    """SPB-ATTEND-80 for every trainee in ``rows`` (one pass, memory O(trainees)).

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


class Found(NamedTuple):
    """What reading a file found besides the records: checks, and the readings it used."""

    checks: list[Check]
    readings: list[str]


def _set_hours(c: _Class, index: int, hours: Decimal, session: str, at: str) -> None:
    """Record a session's lesson-hours; a different value for the same session is an error."""
    known = c.hours[index]
    if known is not None and known != hours:
        said = f"课次“{session}”此前为 {num(known)} 课时，这里是 {num(hours)} 课时"
        raise InputError.one(at, said + "；同一课次的课时应一致")
    c.hours[index] = hours


def _hour_sums(hours: list[Decimal]) -> Callable[[int], Decimal]:
    """Σ hours of the sessions set in a bit mask, 8 sessions at a time, each byte's sum
    computed once (a class's trainees share few distinct bytes)."""
    chunks = [hours[i : i + 8] for i in range(0, len(hours), 8)]
    memo: list[dict[int, Decimal]] = [{} for _ in chunks]

    def total(mask: int) -> Decimal:
        s, k = Decimal(0), 0
        while mask:
            byte = mask & 255
            part = memo[k].get(byte)
            if part is None:
                part = memo[k][byte] = sum(
                    (h for i, h in enumerate(chunks[k]) if byte >> i & 1), Decimal(0)
                )
            s += part
            mask >>= 8
            k += 1
        return s

    return total


_BUCKETS = ("<50%", "50–60%", "60–70%", "70–80%", "80–90%", "90–100%", "100%")


def _class_result(
    c: _Class, ctx: Context, floor: Decimal, texts: dict[Decimal, str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # fmt: skip
    """Per trainee: counts, hours, exact rate, its text, verdict and the smallest fix.
    ``texts`` caches the rates' texts (rates repeat: n + 1 values for n sessions)."""
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
        got, of = (hours, total_hours) if by_hours else (Decimal(a), Decimal(n))
        assert got is not None and of is not None
        rate = got / of
        ok = got >= floor * of
        short = floor * of - got
        more = 0 if ok else _more(c, bits, short) if by_hours else needed(a, n, floor)
        passing += ok
        full += a == n
        rate_sum += rate
        buckets[_BUCKETS[6 if a == n else max(int(rate * 10) - 4, 0)]] += 1
        text = texts.get(rate) or texts.setdefault(rate, show_rate(rate, floor))
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
    floor = rule(ATTEND).decimal("min_rate")
    by_hours = ctx.readings.attendance_basis == "hours"
    how = catalogue()["attendance_basis"].options[ctx.readings.attendance_basis].split("：")[0]
    used = ["attendance_basis", "completion", *found.readings]
    checks: list[Check] = []
    summaries, verdicts, failing = [], [], []
    texts: dict[Decimal, str] = {}
    for c in classes:
        if not c.trainees:
            continue
        summary, rows = _class_result(c, ctx, floor, texts)
        summaries.append(summary)
        verdicts += rows
        failing += [v for v in rows if not v["passed"]]
    listed = failing[:LISTED]
    hidden_by_class = Counter(v["class_name"] for v in failing[LISTED:])
    checks += [_conflicts(c, ctx) for c in classes if c.conflicting] + found.checks
    invalid = [v for v in verdicts if v["id_problem"]]
    if invalid:
        checks.append(_invalid_ids(invalid, ctx))
    for s in summaries:
        where = f"班级“{s['class_name']}”" if s["class_name"] else "本班"
        bad = s["failing"]
        said = (
            f"{where}共 {s['trainees']} 名学员、{s['sessions']} 个课次（{how}）："
            f"{s['passing']} 人到课率不低于 {pct(floor)}，{bad} 人低于 {pct(floor)}"
        )
        hidden = hidden_by_class[s["class_name"]]
        if hidden:
            said += f"；逐人列出前 {LISTED} 名，其余 {hidden} 名见计算结果的学员名单"
        checks.append(
            judge(
                ATTEND, "class_rate", f"{where}到课率筛查", bad == 0, ctx,
                message=said, fix=f"{bad} 名学员补足到课后再筛查；未补足的不列入达标名单",
                actual=s["passing"], threshold=s["trainees"], comparison="==", unit="人",
                readings=used,
            )
        )  # fmt: skip
        if ctx.readings.completion == "full":
            full, total = s["full"], s["trainees"]
            meaning = catalogue()["completion"].options["full"]
            checks.append(
                judge(
                    COMPLETE, "full_attendance", f"{where}完成全部培训课程", full == total, ctx,
                    message=f"{where}：{full} 人全部到课，{total - full} 人未全部到课（{meaning}）",
                    fix="未全部到课的学员补课后方可视为完成全部培训课程",
                    actual=full, threshold=total, comparison="==", unit="人",
                    readings=["completion"],
                )
            )  # fmt: skip
    for v in listed:
        where = f"班级“{v['class_name']}”" if v["class_name"] else ""
        extra = f"（补足 {num(v['more_hours'])} 课时）" if by_hours else ""
        if by_hours:
            got = f"到课 {num(v['attended_hours'])}/{num(v['expected_hours'])} 课时"
        else:
            got = f"到课 {v['attended_sessions']}/{v['expected_sessions']} 次"
        checks.append(
            judge(
                ATTEND, "trainee_rate", f"{where}{_who(v)} 到课率", False, ctx,
                message=f"{where}{_who(v)} {got}，"
                f"到课率 {show_rate(v['rate'], floor)}，低于 {pct(floor)}",
                fix=f"再出勤 {v['more_sessions']} 次{extra}即可达到 {pct(floor)}",
                actual=v["rate"], threshold=floor, comparison=">=", gap=floor - v["rate"],
                readings=["attendance_basis"],
            )
        )  # fmt: skip
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


def _invalid_ids(invalid: list[dict[str, Any]], ctx: Context) -> Check:
    """SPB-LEARNER-DATA: trainees whose resident ID number is not valid (the same check as
    the roster's, :func:`calc.people.id_problem`), each named with its first row."""
    named = "；".join(
        f"第{v['row']}行 {v['name']}（{mask(v['id_number'])}）：{v['id_problem']}"
        for v in invalid[:CONFLICTS_LISTED]
    )
    more = len(invalid) - CONFLICTS_LISTED
    tail = f"；另有 {more:,} 名" if more > 0 else ""
    return note(
        DATA, "invalid_ids", "身份证号无效", Status.ADVISORY,
        f"{len(invalid):,} 名学员的身份证号无效：{named}{tail}。身份证号有误的学员难以通过"
        "实名核验，可能被取消申请补贴资格；请核对后更正",
        ctx, actual=len(invalid), threshold=0,
    )  # fmt: skip


def _conflicts(c: _Class, ctx: Context) -> Check:
    """SPB-LEARNER-DATA: one trainee and session recorded both present and absent is data
    with a clear anomaly; counted as present (as the platform's own count would), named."""
    where = f"班级“{c.name}”" if c.name else "本班"
    named = "；".join(
        f"第{line}行 {who} 课次“{session}”记为{'到课' if attended else '缺课'}，此前记为"
        f"{'缺课' if attended else '到课'}"
        for line, who, session, attended in c.conflicts
    )
    more = c.conflicting - len(c.conflicts)
    tail = f"；另有 {more:,} 处" if more > 0 else ""
    return note(
        DATA, "conflicting_records", f"{where}考勤记录前后矛盾", Status.ADVISORY,
        f"{where}有 {c.conflicting:,} 条记录与同一学员同一课次的此前记录矛盾：{named}{tail}。"
        "这几个课次按“到课”计算；数据有明显异常的学员可能被取消申请补贴资格，请核对平台原始记录",
        ctx, actual=c.conflicting, threshold=0,
    )  # fmt: skip


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


class AttendanceOptions(Input):
    """What the user says where a file's headers or status words are not recognised."""

    model_config = ConfigDict(extra="forbid", title="表格设置")

    columns: dict[str, str] = Field(
        default_factory=dict, max_length=20, title="指定的列",
        description="字段 → 文件中的表头，如 {\"签到\": \"考勤结果\"}（表头认不出时）",
    )  # fmt: skip
    present: list[str] = Field(
        default_factory=list, max_length=50, title="算到课的状态词", description="如 公假、补课"
    )
    absent: list[str] = Field(
        default_factory=list, max_length=50, title="算缺课的状态词", description="如 调休、未学"
    )


STATUS_TEXT = {"present": "到课", "late": "迟到或早退", "absent": "缺课"}
UNKNOWN_LISTED = 10
"""Unrecognised status words named in the refusal (each with its first rows)."""


class Register:
    """One pass over an attendance table: a :class:`Row` per data row (:meth:`rows`), and
    what the pass saw, for the result: how many rows said each status word and what it
    counted as, status words not recognised (refused at the end, naming each with its
    rows), and rows whose status and sign-in time disagree (a finding).

    Presence comes from the status column (考勤状态, 签到, 是否到课 …; words in
    :data:`calc.tables.PRESENCE`, 迟到/早退 by the ``late_early`` reading), or from the
    sign-in time (签到时间) when there is no status column: a time recorded is present.
    A session is named by the course, session and date columns present, joined by a
    space. Per-row work is a few dictionary look-ups: class, session, ID and status texts
    are normalised once per distinct value and cached."""

    def __init__(self, table: Table, ctx: Context, options: AttendanceOptions) -> None:
        self.table, self.ctx = table, ctx
        late = "present" if ctx.readings.late_early == "present" else "absent"
        chosen = {**dict.fromkeys(options.present, "present"),
                  **dict.fromkeys(options.absent, "absent")}  # fmt: skip
        self.meaning = {w: late if m == "late" else m for w, m in PRESENCE.items()}
        self.meaning.update({clean(w).lower(): m for w, m in chosen.items()})
        self.seen: dict[str, list[Any]] = {}
        """Each status text read: [what it means (None: unknown), rows]."""
        self.unknown: dict[str, list[int]] = {}
        self.disagree: list[tuple[int, str, str, str]] = []
        self.disagreeing = 0

    def rows(self) -> Iterator[Row]:
        table = self.table
        cols = table.columns
        keys = ("class_name", "name", "id_number", "hours", "attended", "course", "session",
                "date", "sign_in")  # fmt: skip
        get = itemgetter(*(cols.get(k, -1) for k in keys))
        head = {k: table.headers[i] for k, i in cols.items()}
        by_status, by_time = "attended" in cols, "sign_in" in cols
        xlsx = table.kind == "xlsx"
        answers = self.seen
        texts: dict[str, str] = {}
        ids: dict[str, str] = {"": ""}
        sessions: dict[str, str] = {}
        hours_of: dict[str, Decimal | None] = {"": None}
        for line, cells in table.rows:
            cells.append("")
            class_name, name, id_number, hours, status, course, number_, day, sign_in = get(cells)
            timed = by_time and bool(sign_in.strip())
            if by_status:
                seen = answers.get(status)
                if seen is None:
                    seen = answers[status] = [self._word(status), 0]
                seen[1] += 1
                said = seen[0]
                if said is None:
                    self.unknown.setdefault(status, []).append(line)
                    continue
                present = said == "present"
                if by_time and (said != "absent") != timed:
                    self._disagrees(line, name, status, sign_in)
            else:
                present = timed
            name = name.strip()
            if not name:
                raise InputError.one(f"第{line}行 列“{head['name']}”", "姓名为空")
            known = ids.get(id_number)
            if known is None:
                if xlsx and is_float_cell(id_number):
                    raise id_stored_as_number(line, head["id_number"])
                known = ids[id_number] = id_text(id_number)
            raw = course + "\x1f" + number_ + "\x1f" + day
            session = sessions.get(raw)
            if session is None:
                parts = map(clean, (course, number_, day))
                session = sessions[raw] = " ".join(t for t in parts if t)
            if not session:
                named = "、".join(
                    f"“{head[k]}”" for k in ("course", "session", "date") if k in head
                )
                raise InputError.one(f"第{line}行", f"列{named}都为空，无法确定课次")
            if class_name:
                class_name = texts.get(class_name) or _text(texts, class_name)
            h = hours_of.get(hours, _ZERO)
            if h is _ZERO:
                h = _hours(hours, line, head.get("hours", ""), hours_of)
                if not h:
                    if present:
                        raise bad_value(line, head["hours"], "课时应大于 0", hours)
                    h = None
            yield (line, class_name, name, known, session, h, present)
        if self.unknown:
            raise self._refusal(head["attended"])

    def _word(self, text: str) -> str | None:
        said = self.meaning.get(text)
        return said if said is not None else self.meaning.get(clean(text).lower())

    def _disagrees(self, line: int, name: str, status: str, sign_in: str) -> None:
        self.disagreeing += 1
        if len(self.disagree) < CONFLICTS_LISTED:
            self.disagree.append((line, name.strip(), status.strip(), sign_in.strip()))

    def _refusal(self, header: str) -> InputError:
        """Every unrecognised status word with its first rows, and what the page needs to
        let the user say what each means."""
        words = sorted(self.unknown.items(), key=lambda kv: kv[1][0])
        problems = []
        for word, lines in words[:UNKNOWN_LISTED]:
            rows = "、".join(str(n) for n in lines[:5]) + (f"等 {len(lines):,} 行" if
                                                            len(lines) > 5 else "行")  # fmt: skip
            problems.append((f"列“{header}”", f"不认识的状态“{safe(word)[:30]}”（第{rows}）"))
        if len(words) > UNKNOWN_LISTED:
            problems.append((f"列“{header}”", f"另有 {len(words) - UNKNOWN_LISTED} 种状态词"))
        problems.append(("状态词", "请指明这些状态算到课还是缺课（命令行用 --present、--absent）"))
        statuses = [w for w, _ in words[:50]]
        return InputError(problems, {"statuses": statuses, "known": self.known()})

    def known(self) -> dict[str, list[str]]:
        """The status words understood, by what they count as."""
        out: dict[str, list[str]] = {"present": [], "absent": []}
        for word, said in self.meaning.items():
            out[said].append(word)
        return out

    def findings(self) -> Found:
        """SPB-LEARNER-DATA: rows whose status and sign-in time disagree (advice); the
        ``late_early`` reading when a status word said late or left early."""
        late = any(PRESENCE.get(clean(w).lower()) == "late" for w in self.seen)
        return Found(self._disagreement(), ["late_early"] if late else [])

    def _disagreement(self) -> list[Check]:
        if not self.disagreeing:
            return []
        head = self.table.headers
        status, time_ = head[self.table.columns["attended"]], head[self.table.columns["sign_in"]]
        named = "；".join(
            f"第{line}行 {who}：{status}“{said}”，{time_}“{at or '空'}”"
            for line, who, said, at in self.disagree
        )
        more = self.disagreeing - len(self.disagree)
        tail = f"；另有 {more:,} 行" if more > 0 else ""
        return [note(
            DATA, "status_and_time", "考勤状态与签到时间不一致", Status.ADVISORY,
            f"{self.disagreeing:,} 行的{status}与{time_}不一致（记为到课却没有签到时间，或记为"
            f"缺课却有签到时间）：{named}{tail}。按{status}计算；请核对平台原始记录",
            self.ctx, actual=self.disagreeing, threshold=0,
        )]  # fmt: skip

    def source(self) -> dict[str, Any]:
        """What the result reports of the file: the table's description, and each status
        word with its rows and what it counted as."""
        info = self.table.describe()
        known = sorted(((n, w, said) for w, (said, n) in self.seen.items() if said), reverse=True)
        info["statuses"] = [
            {"word": w, "rows": n, "counted_as": STATUS_TEXT[said]} for n, w, said in known
        ]
        return info


_SESSION_KEYS = ("course", "session", "date")
_ZERO = Decimal(0)


def _text(cache: dict[str, str], raw: str) -> str:
    """A class name, trimmed and NFKC-normalised (cached: few distinct values)."""
    cache[raw] = text = clean(raw)
    return text


def _hours(text: str, line: int, header: str, cache: dict[str, Decimal | None]) -> Decimal:
    value = number(text)
    if value is None:
        raise bad_value(line, header, "应为数字（课时）", text)
    if value > MAX_SESSION_HOURS:
        raise bad_value(line, header, f"一个课次的课时不应超过 {MAX_SESSION_HOURS}", text)
    if value:
        cache[text] = value
    return value


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
    ``progress`` hears how many rows were read (:func:`calc.tables.read_table`);
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


def _compute(
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
    report of :mod:`calc.batch` (a line per class, then every trainee)."""
    if "files" in result.data:
        from calc.batch import export_sections

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


def _compute_many(
    files: list[tuple[str, Source]], options: dict[str, Any], ctx: Context,
    progress: Progress | None,
) -> Result:  # fmt: skip
    from calc.batch import screen_many

    chosen = _options(options)
    n = len(files)

    def share(i: int, name: str) -> Progress | None:
        if progress is None:
            return None
        return lambda rows, part: progress(rows, (i + (part or 0)) / n)

    opened = [(name, lambda source=source: source) for name, source in files]
    return screen_many(opened, ctx, chosen, progress=share, **BROWSER)
