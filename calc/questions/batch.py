"""多个考勤文件一次筛查: the bureau screens many classes at a time. Every file is screened
on its own (:func:`calc.questions.attendance.screen_file`,
:func:`~calc.spb.attendance.attend_80`); the report has a line per class (the file, the
class, its trainees, how many are at or above 80%, the class's pass share against the 80%
of :func:`~calc.spb.supervision.spotcheck_80` and the problems found) and the detail per trainee.
A file that cannot be read is a line of its own with the reason; the others still count.

The pass share is what a spot check of every trainee would find (第十四条 "班级申请补贴的
人数，两次抽查达标率低于80%则取消该培训班申报培训补贴资格"): a share below 80% is a
warning, not a verdict, since a spot check is the bureau's, not the file's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from calc.errors import InputError
from calc.questions.attendance import export_rows as trainee_rows
from calc.questions.attendance import screen_file
from calc.questions.attendance_files import AttendanceOptions
from calc.result import Check, Context, Result, Status, conclude
from calc.spb.attendance import Unreadable, attend_80
from calc.spb.supervision import spotcheck_80
from calc.tables.read import Progress, Source
from calc.tables.write import Section
from calc.text import pct

TITLE = "到课率筛查（多个文件）"
SUMMARY_COLUMNS = ("文件", "班级", "学员人数", "到课率不低于{floor}", "低于{floor}", "全员达标率",
                   "抽查参照", "发现的问题")  # fmt: skip
Opened = Callable[[], Source]
"""How a file is opened, when its turn comes (so only one is open at a time)."""


def screen_many(
    files: Iterable[tuple[str, Opened]],
    ctx: Context,
    options: AttendanceOptions | None = None,
    *,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    progress: Callable[[int, str], Progress | None] = lambda i, name: None,
) -> Result:
    """Screen each ``(name, open)`` file; one :class:`Result` for them all. ``progress(i,
    name)`` gives the row callback for the i-th file (or None)."""
    floor = spotcheck_80.rule.decimal("min_rate")
    classes: list[dict[str, Any]] = []
    trainees: list[dict[str, Any]] = []
    checks: list[Check] = []
    names: list[str] = []
    for i, (name, opened) in enumerate(files):
        names.append(name)
        try:
            result = screen_file(
                opened(), ctx, name=name, options=options, max_rows=max_rows,
                max_bytes=max_bytes, progress=progress(i, name),
            )  # fmt: skip
        except InputError as exc:
            classes.append(_unreadable(name, str(exc)))
            checks += attend_80(Unreadable(name, str(exc)), ctx)
            continue
        classes += [_line(name, s, result, floor) for s in result.data["classes"]]
        trainees += [{"file": name, **t} for t in result.data["trainees"]]
        checks += [_named(name, c) for c in result.checks if c.name != "trainee_rate"]
    if not names:
        raise InputError.one("文件", "没有要筛查的文件")
    data = {"files": names, "classes": classes, "trainees": trainees,
            "min_rate": attend_80.rule.decimal("min_rate")}  # fmt: skip
    data["table"] = _table(data)
    low = sum(c["share"] is not None and c["share"] < floor for c in classes)
    bad = sum(c["share"] is None for c in classes)
    summary = (
        f"{TITLE}：{len(names)} 个文件、{len(classes) - bad} 个班级、{len(trainees)} 名学员；"
        f"{low} 个班级全员达标率低于 {pct(floor)}" + (f"；{bad} 个文件无法筛查" if bad else "")
    )
    return conclude("attendance", TITLE, checks, ctx, data=data, summary=summary)


def _named(name: str, check: Check) -> Check:
    """A check of one file, its label and message saying which file."""
    said = f"文件“{name}”："
    return check.model_copy(update={"label": said + check.label, "message": said + check.message})


def _line(name: str, s: dict[str, Any], result: Result, floor: Decimal) -> dict[str, Any]:
    share = Decimal(s["passing"]) / s["trainees"]
    below = share < floor
    found = [c.label for c in result.checks if c.status is Status.ADVISORY]
    found += result.data.get("source", {}).get("notes", [])
    return {
        "file": name, "class_name": s["class_name"], "trainees": s["trainees"],
        "passing": s["passing"], "failing": s["failing"], "share": share,
        "share_text": pct(share),
        "spotcheck": f"低于 {pct(floor)}：两次抽查如此即取消补贴资格" if below
        else f"不低于 {pct(floor)}",
        "problems": "；".join(found) or "无",
    }  # fmt: skip


def _unreadable(name: str, reason: str) -> dict[str, Any]:
    return {"file": name, "class_name": "", "trainees": None, "passing": None, "failing": None,
            "share": None, "share_text": "", "spotcheck": "",
            "problems": f"文件无法筛查：{reason}"}  # fmt: skip


def _table(data: dict[str, Any]) -> dict[str, Any]:
    """The class lines as the page shows them: headings and display-ready cells."""
    floor = pct(data["min_rate"])
    return {"head": [c.format(floor=floor) for c in SUMMARY_COLUMNS],
            "rows": [[c[k] for k in _KEYS] for c in data["classes"]]}  # fmt: skip


_KEYS = ("file", "class_name", "trainees", "passing", "failing", "share_text", "spotcheck",
         "problems")  # fmt: skip


def export_sections(result: Result) -> list[Section]:
    """The report as tables: the classes, then every trainee (with its file)."""
    table = _table(result.data)
    head, lines = table["head"], iter(table["rows"])
    header, rows = trainee_rows(result)
    files = (t["file"] for t in result.data["trainees"])
    detail = ([f, *row] for f, row in zip(files, rows, strict=True))
    return [("班级汇总", head, lines), ("学员明细", ["文件", *header], detail)]
