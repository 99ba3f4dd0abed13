"""Attendance exports as training platforms write them, read as they are: one row per
trainee and session, a status column (考勤状态) or sign-in times or both, title rows above
the header, a totals row, saved by Excel (UTF-8 with BOM), as GBK, or as XLSX by
LibreOffice. Every figure is checked against the same records given as plain JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from stdnum.cn import ric

from calc import cli
from calc.api import run
from calc.errors import InputError
from calc.questions.attendance import screen_file
from calc.questions.attendance_files import AttendanceOptions
from calc.result import Context
from calc.tables.read import ABSENT, LATE, PRESENT

CTX = Context(as_of="2026-03-01")


def person(i: int) -> str:
    """A valid resident ID for trainee ``i``."""
    body = f"11010519800101{i:03d}"
    return body + ric.calc_check_digit(body + "0")


HEAD = ["序号", "姓名", "性别", "身份证号码", "手机号码", "班级名称", "课程名称", "上课日期",
        "签到时间", "签退时间", "学习时长（分钟）", "考勤状态"]  # fmt: skip
# (trainee, day, status): 李四 misses one of five (80% exactly), 王五 two (60%).
DAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]
RECORDS = [(0, d, "正常") for d in DAYS] + [
    (1, DAYS[0], "迟到"), (1, DAYS[1], "早退"), (1, DAYS[2], "正常"), (1, DAYS[3], "请假"),
    (1, DAYS[4], "正常"), (2, DAYS[0], "缺勤"), (2, DAYS[1], "旷课"), (2, DAYS[2], "正常"),
    (2, DAYS[3], "正常"), (2, DAYS[4], "正常"),
]  # fmt: skip
NAMES = ["张三", "李四", "王五"]


def export(*, status: bool = True, times: bool = True, title: bool = False,
           totals: bool = False) -> list[list[str]]:  # fmt: skip
    """The rows of a platform export of :data:`RECORDS`."""
    head = [h for h in HEAD if (status or h != "考勤状态") and (times or h != "签到时间")]
    rows = [["2026年3月 电工班 考勤明细", *[""] * (len(head) - 1)]] if title else []
    rows.append(head)
    for n, (who, day, said) in enumerate(RECORDS, 1):
        present = said not in ("缺勤", "旷课", "请假")
        full = {"序号": str(n), "姓名": NAMES[who], "性别": "男", "身份证号码": person(who),
                "手机号码": "13800000000", "班级名称": "电工一班", "课程名称": "低压电工",
                "上课日期": day, "签到时间": f"{day} 09:0{who}" if present else "",
                "签退时间": f"{day} 11:30" if present else "", "学习时长（分钟）": "90",
                "考勤状态": said}  # fmt: skip
        rows.append([full[h] for h in head])
    if totals:
        rows.append(["合计", *[""] * (len(head) - 2), str(len(RECORDS))])
    return rows


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    return ("\r\n".join(",".join(r) for r in rows) + "\r\n").encode(encoding)


def json_answer(late: str = "present") -> dict[str, Any]:
    """The same records as plain JSON: the figures every export must give."""
    counts_present = {"正常": True, "迟到": late == "present", "早退": late == "present"}
    records = [{"trainee": NAMES[w], "id_number": person(w), "session": f"低压电工 {d}",
                "attended": counts_present.get(s, False)} for w, d, s in RECORDS]  # fmt: skip
    return run("attendance", {"input": {"class_name": "电工一班", "records": records},
                              "context": {"as_of": "2026-03-01"}})  # fmt: skip


def figures(out: dict[str, Any]) -> list[tuple[str, int, int, bool]]:
    return [(t["name"], t["attended_sessions"], t["expected_sessions"], t["passed"])
            for t in out["data"]["trainees"]]  # fmt: skip


def screen(data: bytes, name: str = "考勤.csv", **options: Any) -> dict[str, Any]:
    result = screen_file(data, CTX, name=name, options=AttendanceOptions(**options))
    return result.model_dump(mode="json")


@pytest.mark.parametrize(
    ("shape", "notes"),
    [
        ({}, []),
        ({"title": True}, ["第1行在表头之前（标题行），已跳过"]),
        ({"totals": True}, [f"第{len(RECORDS) + 2}行是合计行，已跳过"]),
        ({"status": False}, []),
        ({"times": False}, []),
    ],
)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_platform_csv_is_read_as_it_is(shape, notes, encoding):
    out = screen(csv_bytes(export(**shape), encoding))
    assert figures(out) == figures(json_answer())
    assert figures(out) == [("张三", 5, 5, True), ("李四", 4, 5, True), ("王五", 3, 5, False)]
    assert out["data"]["source"]["notes"] == notes
    used = out["data"]["source"]["columns"]
    if shape.get("status", True):
        assert used["attended"] == "考勤状态"
    else:
        assert used["sign_in"] == "签到时间" and "attended" not in used


def test_the_result_reports_the_mapping_and_the_rows_per_status():
    out = screen(csv_bytes(export()))
    source = out["data"]["source"]
    assert source["columns"]["name"] == "姓名" and source["columns"]["id_number"] == "身份证号码"
    assert source["columns"]["minutes"] == "学习时长（分钟）"
    statuses = {s["word"]: (s["rows"], s["counted_as"]) for s in source["statuses"]}
    assert statuses == {"正常": (10, "到课"), "迟到": (1, "到课"), "早退": (1, "到课"),
                        "请假": (1, "缺课"), "缺勤": (1, "缺课"), "旷课": (1, "缺课")}  # fmt: skip
    assert "late_early" in [r["key"] for r in out["readings"]]


@pytest.mark.parametrize("late", ["present", "absent"])
def test_late_and_early_leave_follow_the_reading(late):
    ctx = Context.model_validate({"as_of": "2026-03-01", "readings": {"late_early": late}})
    result = screen_file(csv_bytes(export()), ctx)
    out = result.model_dump(mode="json")
    assert figures(out) == figures(json_answer(late))
    # 李四: late and left early once each, on leave once: 4 of 5 (exactly 80%) or 2 of 5
    assert figures(out)[1] == (("李四", 4, 5, True) if late == "present" else ("李四", 2, 5, False))


@pytest.mark.parametrize("word", PRESENT + LATE + ABSENT)
def test_every_status_word(word):
    head = "姓名,课次,考勤状态\n"
    out = screen(f"{head}张三,1,{word}\n张三,2,正常\n".encode())
    expected = 1 if word in ABSENT else 2
    assert out["data"]["trainees"][0]["attended_sessions"] == expected


def test_an_unknown_status_word_is_refused_naming_the_word_and_rows():
    rows = export()
    rows[3][-1] = "公假"
    rows[7][-1] = "公假"
    rows[9][-1] = "调休"
    with pytest.raises(InputError) as err:
        screen(csv_bytes(rows))
    problems = err.value.problems
    assert problems[0] == ("列“考勤状态”", "不认识的状态“公假”（第4、8行）")
    assert problems[1] == ("列“考勤状态”", "不认识的状态“调休”（第10行）")
    assert err.value.details["statuses"] == ["公假", "调休"]
    out = screen(csv_bytes(rows), present=["公假"], absent=["调休"])
    assert len(out["data"]["trainees"]) == 3


def test_status_and_sign_in_time_that_disagree_are_a_finding():
    rows = export()
    rows[1][HEAD.index("签到时间")] = ""  # 张三 正常 with no sign-in time
    out = screen(csv_bytes(rows))
    [found] = [c for c in out["checks"] if c["name"] == "status_and_time"]
    assert found["rule"] == "SPB-LEARNER-DATA" and found["status"] == "advisory"
    assert "第2行 张三：考勤状态“正常”，签到时间“空”" in found["message"]


def test_a_header_that_is_not_recognised_is_refused_with_the_headers_found_then_mapped():
    rows = export(times=False)
    rows[0][rows[0].index("考勤状态")] = "到课标记"
    with pytest.raises(InputError) as err:
        screen(csv_bytes(rows))
    what = err.value.problems[0][1]
    assert what.startswith("缺少必需的列：“签到”或“签到时间”；找到的列：“序号”、“姓名”")
    assert "到课标记" in err.value.details["headers"]
    fields = {f["key"]: f["required"] for f in err.value.details["fields"]}
    assert fields["attended"] and not fields["name"]
    out = screen(csv_bytes(rows), columns={"签到": "到课标记"})
    assert figures(out) == figures(json_answer())


def test_ids_stored_as_numbers_are_refused_as_today(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for r, row in enumerate(export()):
        sheet.append([float(c) if r and h == "身份证号码" and c.isdigit() else c
                      for h, c in zip(HEAD, row, strict=True)])  # fmt: skip
    path = tmp_path / "ids-as-numbers.xlsx"
    book.save(path)
    with pytest.raises(InputError, match="身份证号被 Excel 存成了数字"):
        screen(path.read_bytes(), "考勤.xlsx")


def test_invalid_ids_are_marked_in_the_result():
    rows = export()
    rows[6][HEAD.index("身份证号码")] = person(1)[:-1] + ("0" if person(1)[-1] != "0" else "1")
    out = screen(csv_bytes(rows))
    [found] = [c for c in out["checks"] if c["name"] == "invalid_ids"]
    assert "身份证号校验位错误" in found["message"]
    assert sum(bool(t["id_problem"]) for t in out["data"]["trainees"]) == 1


def libreoffice_xlsx(folder: Path, rows: list[list[str]], text_columns: bool) -> Path:
    """The CSV of ``rows`` opened in LibreOffice Calc (UTF-8) and saved as XLSX; with
    ``text_columns`` every column is imported as text, as a careful user sets it."""
    source = folder / "考勤导出.csv"
    source.write_bytes(csv_bytes(rows))
    kinds = "/".join(f"{i}/2" for i in range(1, len(rows[-1]) + 1)) if text_columns else ""
    done = subprocess.run(
        ["soffice", "--headless", f"--infilter=CSV:44,34,76,1,{kinds}", "--convert-to", "xlsx",
         "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    xlsx = folder / "考勤导出.xlsx"
    if not xlsx.exists():
        pytest.skip(f"LibreOffice Calc could not convert: {done.stderr[-300:]}")
    return xlsx


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_an_xlsx_saved_by_libreoffice_from_the_csv(tmp_path):
    xlsx = libreoffice_xlsx(tmp_path, export(title=True, totals=True), text_columns=True)
    out = screen(xlsx.read_bytes(), xlsx.name)
    assert figures(out) == figures(json_answer())
    assert out["data"]["source"]["format"] == "xlsx"
    assert out["data"]["source"]["notes"] == [
        "第1行在表头之前（标题行），已跳过",
        f"第{len(RECORDS) + 3}行是合计行，已跳过",
    ]
    numbers = libreoffice_xlsx(tmp_path, export(), text_columns=False)
    with pytest.raises(InputError, match="身份证号被 Excel 存成了数字"):
        screen(numbers.read_bytes(), numbers.name)


def test_the_command_line_takes_columns_and_status_words(tmp_path, capsys):
    rows = export(times=False)
    rows[0][rows[0].index("考勤状态")] = "到课标记"
    rows[2][-1] = "公假"
    path = tmp_path / "考勤.csv"
    path.write_bytes(csv_bytes(rows))
    assert cli.main(["attendance", str(path), "--as-of", "2026-03-01"]) == cli.EXIT_INPUT
    assert "缺少必需的列" in capsys.readouterr().err
    code = cli.main(["attendance", str(path), "--as-of", "2026-03-01", "--column",
                     "签到=到课标记", "--present", "公假"])  # fmt: skip
    assert code == cli.EXIT_FAIL  # 王五 is below 80%
    out = json.loads(capsys.readouterr().out)
    assert out["data"]["source"]["columns"]["attended"] == "到课标记"


# ---- many classes at a time (the bureau's batch) ---------------------------------------


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "各班考勤"
    folder.mkdir()
    (folder / "1班.csv").write_bytes(csv_bytes(export()))
    (folder / "2班.csv").write_bytes(csv_bytes(export(title=True, totals=True), "gbk"))
    (folder / "说明.docx").write_bytes(b"not a table")  # not a table file: not read
    return folder


def test_a_folder_gives_one_report_with_a_line_per_class(tmp_path, capsys):
    folder = _folder(tmp_path)
    code = cli.main(["attendance", str(folder), "--as-of", "2026-03-01"])
    assert code == cli.EXIT_FAIL  # 王五 is below 80% in both classes
    out = json.loads(capsys.readouterr().out)
    assert out["data"]["files"] == [str(folder / "1班.csv"), str(folder / "2班.csv")]
    lines = out["data"]["classes"]
    assert [(c["class_name"], c["trainees"], c["passing"], c["share_text"]) for c in lines] == [
        ("电工一班", 3, 2, "66.7%"), ("电工一班", 3, 2, "66.7%")
    ]  # fmt: skip
    assert lines[0]["spotcheck"] == "低于 80%：两次抽查如此即取消补贴资格"
    assert "第1行在表头之前（标题行），已跳过" in lines[1]["problems"]
    assert len(out["data"]["trainees"]) == 6


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_report_is_written_as_csv_and_xlsx(tmp_path, fmt):
    import csv
    import io

    from openpyxl import load_workbook

    folder = _folder(tmp_path)
    target = tmp_path / f"报告.{fmt}"
    cli.main(["attendance", str(folder), "--as-of", "2026-03-01", "-f", fmt, "-o", str(target)])
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
        assert rows[0] == ["班级汇总"] and rows[1][:4] == [
            "文件",
            "班级",
            "学员人数",
            "到课率不低于80%",
        ]
        assert rows[4] == [] and rows[5] == ["学员明细"] and len(rows) == 7 + 6
    else:
        book = load_workbook(target)
        assert book.sheetnames == ["班级汇总", "学员明细"]
        assert book["班级汇总"].max_row == 3 and book["学员明细"].max_row == 7


def test_a_file_that_cannot_be_read_is_a_line_of_its_own(tmp_path, capsys):
    folder = _folder(tmp_path)
    (folder / "3班.csv").write_bytes("姓名,备注\n张三,x\n".encode())
    code = cli.main(["attendance", str(folder), "--as-of", "2026-03-01"])
    captured = capsys.readouterr()
    assert code == cli.EXIT_INPUT and "3班.csv" in captured.err
    lines = json.loads(captured.out)["data"]["classes"]
    assert lines[2]["trainees"] is None and lines[2]["problems"].startswith("文件无法筛查：表头")
    assert lines[0]["trainees"] == 3, "the other files still count"


def test_an_empty_folder_is_refused(tmp_path, capsys):
    assert cli.main(["attendance", str(tmp_path)]) == cli.EXIT_INPUT
    assert "没有 CSV 或 XLSX 文件" in capsys.readouterr().err


def test_an_xlsx_with_a_merged_title_and_a_totals_row(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in export(title=True, totals=True):
        sheet.append(row)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEAD))
    path = tmp_path / "merged-title.xlsx"
    book.save(path)
    out = screen(path.read_bytes(), "考勤.xlsx")
    assert figures(out) == figures(json_answer())
    assert out["data"]["source"]["notes"] == [
        "第1行在表头之前（标题行），已跳过",
        f"第{len(RECORDS) + 3}行是合计行，已跳过",
    ]
