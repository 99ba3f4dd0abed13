"""Reading an attendance register (CSV or XLSX, streamed): a :class:`Row` per record for
:func:`calc.questions.attendance.screen`, and what reading it found (:class:`Found`).

Presence comes from a status column or the sign-in time (:class:`Register`); status words
the file's own words leave unclear are refused, naming each, until the user says what
they mean (:class:`AttendanceOptions`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from operator import itemgetter
from typing import Any, NamedTuple

from pydantic import ConfigDict, Field

from calc.errors import InputError, safe
from calc.models import Input
from calc.people import id_text
from calc.result import Check, Context
from calc.spb.supervision import Disagreement, learner_data
from calc.tables.read import (
    PRESENCE,
    Table,
    bad_value,
    clean,
    id_stored_as_number,
    is_float_cell,
    number,
)

MAX_SESSION_HOURS = Decimal(24)
CONFLICTS_LISTED = 20
"""Contradicting records (and invalid IDs, disagreeing rows) named per finding; the rest
are counted."""
REQUIRED = (("name",), ("attended", "sign_in"), ("course", "session", "date"))

Row = tuple[int, str, str, str, str, Decimal | None, bool]
"""One check-in record as :func:`calc.questions.attendance.screen` reads it, text
already trimmed: (row number, class, trainee name, ID number or "", session, the
session's lesson-hours or None, attended). A plain tuple: a file has a million of them."""


class Found(NamedTuple):
    """What reading a file found besides the records: checks, and the readings it used."""

    checks: list[Check]
    readings: list[str]


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
    :data:`calc.tables.read.PRESENCE`, 迟到/早退 by the ``late_early`` reading), or from the
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
        head = {k: table.headers[i] for k, i in cols.items()}
        at = {k: cols.get(k, -1) for k in _KEYS}  # -1: the "" appended to every row
        by_status, by_time = "attended" in cols, "sign_in" in cols
        xlsx = table.kind == "xlsx"
        answers = self.seen
        ids: dict[str, str] = {"": ""}
        # (class, course, session, date, hours) as written → (class, session, hours):
        # a register repeats a few of them a million times.
        sessions: dict[tuple[str, ...], tuple[str, str, Any]] = {}
        session_of = itemgetter(*(at[k] for k in _SESSION))
        name_at, id_at, status_at, time_at = (at[k] for k in ("name", "id_number", "attended",
                                                              "sign_in"))  # fmt: skip
        for line, cells in table.rows:
            cells.append("")
            if by_status:
                status = cells[status_at]
                seen = answers.get(status)
                if seen is None:
                    seen = answers[status] = [self._word(status), 0]
                seen[1] += 1
                said = seen[0]
                if said is None:
                    self.unknown.setdefault(status, []).append(line)
                    continue
                present = said == "present"
                if by_time:
                    sign_in = cells[time_at]
                    if (said != "absent") != bool(sign_in.strip()):
                        self._disagrees(line, cells[name_at], status, sign_in)
            else:
                present = bool(cells[time_at].strip())
            name = cells[name_at].strip()
            if not name:
                raise InputError.one(f"第{line}行 列“{head['name']}”", "姓名为空")
            id_number = cells[id_at]
            known = ids.get(id_number)
            if known is None:
                if xlsx and is_float_cell(id_number):
                    raise id_stored_as_number(line, head["id_number"])
                known = ids[id_number] = id_text(id_number)
            raw = session_of(cells)
            found = sessions.get(raw)
            if found is None:
                found = sessions[raw] = _session(raw, line, head)
            class_name, session, h = found
            if h is _NO_HOURS:
                if present:
                    raise bad_value(line, head["hours"], "课时应大于 0", raw[4])
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
        """Rows whose status and sign-in time disagree (advice,
        :func:`~calc.spb.supervision.learner_data`); the ``late_early`` reading when a
        status word said late or left early."""
        late = any(PRESENCE.get(clean(w).lower()) == "late" for w in self.seen)
        return Found(self._disagreement(), ["late_early"] if late else [])

    def _disagreement(self) -> list[Check]:
        if not self.disagreeing:
            return []
        head, cols = self.table.headers, self.table.columns
        status, time_ = head[cols["attended"]], head[cols["sign_in"]]
        facts = Disagreement(status, time_, self.disagreeing, self.disagree)
        return learner_data(facts, self.ctx)

    def source(self) -> dict[str, Any]:
        """What the result reports of the file: the table's description, and each status
        word with its rows and what it counted as."""
        info = self.table.describe()
        known = sorted(((n, w, said) for w, (said, n) in self.seen.items() if said), reverse=True)
        info["statuses"] = [
            {"word": w, "rows": n, "counted_as": STATUS_TEXT[said]} for n, w, said in known
        ]
        return info


_KEYS = ("class_name", "name", "id_number", "hours", "attended", "course", "session", "date",
         "sign_in")  # fmt: skip
_SESSION = ("class_name", "course", "session", "date", "hours")
_NO_HOURS = Decimal(0)
"""A session's lesson-hours written as 0: allowed on an absent record only."""


def _session(raw: tuple[str, ...], line: int, head: dict[str, str]) -> tuple[str, str, Any]:
    """(class, session, hours) from the cells as written: the class trimmed and
    NFKC-normalised; the session named by the course, session and date columns present,
    joined by a space; the hours a number of at most :data:`MAX_SESSION_HOURS`, None when
    blank, :data:`_NO_HOURS` when 0."""
    class_name, course, number_, day, hours = raw
    if day:
        _check_date(day, line, head)
    session = " ".join(t for t in map(clean, (course, number_, day)) if t)
    if not session:
        named = "、".join(f"“{head[k]}”" for k in ("course", "session", "date") if k in head)
        raise InputError.one(f"第{line}行", f"列{named}都为空，无法确定课次")
    return clean(class_name) if class_name else "", session, _hours(hours, line, head)


_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?")
"""A date as exports write it (2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, a time after)."""


def _check_date(text: str, line: int, head: dict[str, str]) -> None:
    """A date column's cell written as a date must be one: 2026/13/45 is not a session."""
    found = _DATE.fullmatch(text)
    if found is None:
        return  # a session named otherwise (第3周周二): its name, as written
    try:
        date(*map(int, found.groups()))
    except ValueError:
        why = "不是有效的日期（月 1—12，日按当月天数）"
        raise bad_value(line, head["date"], why, text) from None


def _hours(text: str, line: int, head: dict[str, str]) -> Decimal | None:
    if not text:
        return None
    header = head.get("hours", "")
    value = number(text)
    if value is None:
        raise bad_value(line, header, "应为数字（课时）", text)
    if value > MAX_SESSION_HOURS:
        raise bad_value(line, header, f"一个课次的课时不应超过 {MAX_SESSION_HOURS}", text)
    return value if value else _NO_HOURS
