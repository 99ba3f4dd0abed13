"""到课率筛查 of a large file: bounds on the work and memory per row, not on time.

A register repeats a few classes, sessions, hours and status words a million times and
each trainee's ID twenty times: those are decoded once per distinct value, the records
folded into one entry per trainee as they are read (:func:`calc.questions.attendance.screen`),
so memory follows the trainees, not the rows.
"""

import tracemalloc

import pytest

import calc.questions.attendance as attendance
import calc.questions.attendance_files as files
from calc.questions.attendance import screen_file
from calc.result import Context
from calc.tables.read import PROGRESS_EVERY

CTX = Context(as_of="2026-03-01")
CLASSES = 20
PER_CLASS = 50
TRAINEES = CLASSES * PER_CLASS


def register(path, sessions):
    """A CSV of :data:`TRAINEES` trainees in :data:`CLASSES` classes, each at ``sessions``
    sessions (every fifth trainee misses every fourth session); the number of rows."""
    lines = ["班级,姓名,身份证号,手机号,课程,日期,课时,签到"]
    for t in range(TRAINEES):
        cls, who = f"2026年第{t // PER_CLASS + 1}期电工培训班", f"学员{t}"
        id_number = f"500106199001{t:06d}"
        for s in range(sessions):
            mark = "未签到" if t % 5 == 0 and s % 4 == 0 else "已签到"
            course, day = f"模块{s % 5 + 1}", f"2026-03-{s % 28 + 1:02d} 第{s}节"
            lines.append(f"{cls},{who},{id_number},13800000000,{course},{day},{s % 3 + 2},{mark}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def counting(monkeypatch, module, name):
    """Count the calls of ``module.name`` (as the module calls it)."""
    calls = [0]
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_per_row_decoding_is_once_per_distinct_value(tmp_path, monkeypatch):
    sessions = 20
    path = tmp_path / "checkins.csv"
    rows = register(path, sessions)
    ids = counting(monkeypatch, files, "id_text")
    cleaned = counting(monkeypatch, files, "clean")
    numbers = counting(monkeypatch, files, "number")
    residents = counting(monkeypatch, attendance, "resident")
    heard = []
    with path.open("rb") as f:
        result = screen_file(f, CTX, progress=lambda n, share: heard.append(n))
    assert result.data["records"] == rows == TRAINEES * sessions
    assert result.data["trainees_count"] == TRAINEES
    # per distinct ID, per distinct (class, session, hours), per trainee: not per row
    assert ids[0] <= TRAINEES
    assert numbers[0] <= CLASSES * sessions
    assert cleaned[0] <= 4 * CLASSES * sessions + 10  # class, course, session, date; words
    assert residents[0] == TRAINEES
    # progress is batched: every PROGRESS_EVERY rows and once at the end
    assert len(heard) == rows // PROGRESS_EVERY + 1
    assert heard[-1] == rows


def _peak(path):
    tracemalloc.start()
    try:
        with path.open("rb") as f:
            result = screen_file(f, CTX)
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("more", [10])
def test_memory_follows_trainees_not_rows(tmp_path, more):
    """Ten times the rows for the same trainees: the peak stays well under twice as high
    (a copy of the rows would make it ten times)."""
    few, many = tmp_path / "few.csv", tmp_path / "many.csv"
    register(few, 10)
    rows = register(many, 10 * more)
    assert rows == 100_000
    small, _ = _peak(few)
    large, result = _peak(many)
    assert result.data["trainees_count"] == TRAINEES
    assert large < 2 * small, (small, large)
    # and in absolute terms: a few kilobytes per trainee, not per row
    assert large < TRAINEES * 20_000
