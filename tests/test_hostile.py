"""Hostile and careless input, one named test per reproduction of the outside probe:
every entry point answers with the package's own Chinese message (or a result), never
a traceback, a wrong exit code, text that cannot be written as UTF-8, or a flood."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest

from calc import cli
from calc.api import run, run_json
from calc.boundary import MAX_DEPTH, MAX_KEYS
from calc.errors import SHOWN

DAYS = {"category": "skill", "catalogue": "dadian", "subsidy_yuan": "1200"}
PLAN = {
    "category": "skill", "catalogue": "dadian", "days": "10", "lesson_minutes": 45,
    "trainees": 50,
    "modules": [
        {"name": "安全与职业道德", "theory_hours": "6", "practical_hours": "0",
         "mode": "offline", "kind": "lecture", "ethics": True},
        {"name": "实操训练", "theory_hours": "0", "practical_hours": "54",
         "mode": "offline", "kind": "practical", "ethics": False},
    ],
}  # fmt: skip


def _error(out: dict[str, Any]) -> list[dict[str, str]]:
    """The problems of an input error, after checking it can be written as UTF-8 JSON."""
    assert out["error"] == "输入有误", out
    json.dumps(out, ensure_ascii=False).encode("utf-8")
    assert all(p["where"] or p["what"].startswith("另有") for p in out["problems"]), out
    return out["problems"]


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 600, 100_000])
def test_json_nested_deep_in_a_field_is_refused(depth):
    said = _error(run("days", {"input": {**DAYS, "subsidy_yuan": _nested(depth)}}))
    assert "嵌套超过" in said[0]["what"] and said[0]["where"].startswith("补贴标准")
    text = '{"input": {"subsidy_yuan": ' + "[" * depth + "]" * depth + "}}"
    assert "嵌套超过" in _error(json.loads(run_json("days", text)))[0]["what"]


def test_nesting_that_real_inputs_need_is_accepted():
    assert run("plan-check", {"input": PLAN, "context": {"as_of": "2026-03-01"}})["status"]


def test_integers_of_thousands_of_digits_are_refused():
    said = _error(run("days", {"input": {**DAYS, "subsidy_yuan": 10**5000}}))
    assert said[0]["what"].startswith("数字太大")
    text = '{"input": {"subsidy_yuan": ' + "9" * 5000 + "}}"
    assert "数字超过 30 位" in _error(json.loads(run_json("days", text)))[0]["what"]


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_that_are_not_finite_are_refused(text):
    out = json.loads(run_json("days", '{"input": {"subsidy_yuan": ' + text + "}}"))
    assert _error(out)


@pytest.mark.parametrize("field", ["as_of", "spb_issued"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"])
def test_context_dates_are_bounded(field, day):
    said = _error(run("plan-check", {"input": PLAN, "context": {field: day}}))
    assert "日期应在 1900-01-01 至 2100-12-31 之间" in said[0]["what"]


def test_context_date_bounds_are_inclusive():
    for day in ("1900-01-01", "2100-12-31"):
        out = run("plan-check", {"input": PLAN, "context": {"as_of": day, "spb_issued": day}})
        assert "error" not in out, out


def test_spb_issued_far_in_the_future_on_the_command_line(capsys, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"input": PLAN}), "utf-8")
    assert cli.main(["plan-check", str(plan), "--spb-issued", "9999-12-31"]) == cli.EXIT_INPUT
    assert "日期应在" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["value", "key"])
def test_a_lone_surrogate_is_refused_and_the_answer_is_utf8(where):
    bad = "张\ud800三"
    data = {**DAYS, "subsidy_yuan": bad} if where == "value" else {**DAYS, bad: 1}
    said = _error(run("days", {"input": data}))
    assert "无法识别的字符" in said[0]["what"]


def test_a_lone_surrogate_in_a_json_file_exits_2_not_1(capsys, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"input": {"name\\ud800": "\\udc00"}}', "utf-8")
    assert cli.main(["days", str(path)]) == cli.EXIT_INPUT
    err = capsys.readouterr().err
    err.encode("utf-8")
    assert "无法识别的字符" in err


def test_a_file_name_with_undecodable_bytes_is_printed(capsys):
    assert cli.main(["attendance", "无此文件\udcff.csv"]) == cli.EXIT_INPUT
    assert "无法打开" in capsys.readouterr().err


@pytest.mark.parametrize("payload", [None, [], "x", 1, 2.5, True])
def test_run_with_a_payload_that_is_not_an_object(payload):
    said = _error(run("days", payload))
    assert said == [{"where": "输入", "what": 'JSON 应为对象 {"input": {…}, "context": {…}}'}]


@pytest.mark.parametrize("name", [None, 1, ["days"], "\ud800"])
def test_run_with_a_question_name_that_is_not_a_name(name):
    assert _error(run(name, {}))[0]["where"] == "问题"


def test_the_whole_input_replaced_by_a_scalar_names_the_input():
    said = _error(run("days", {"input": 5}))
    assert said[0]["where"] and said[0]["where"] != ""


@pytest.mark.parametrize(
    "typed",
    ["1_000", "²", "٣", "1e3", "二十", "0x10", "1,00", "+5", "", "١٢٠٠"],
)
def test_number_fields_refuse_what_a_user_does_not_type(typed):
    said = _error(run("days", {"input": {**DAYS, "subsidy_yuan": typed}}))
    assert said[0]["where"] == "补贴标准（元/人）" and said[0]["what"].startswith("应为数字")


@pytest.mark.parametrize(
    ("typed", "value"),
    [("１２００", "1200"), ("1,200", "1200"), ("1，200", "1200"), (" 1200 ", "1200"),
     ("１，２００．５", "1200.5"), ("-０", "-0")],
)  # fmt: skip
def test_number_fields_read_what_a_chinese_user_types(typed, value):
    assert run("days", {"input": {**DAYS, "subsidy_yuan": typed}}) == run(
        "days", {"input": {**DAYS, "subsidy_yuan": value}}
    )


@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_is_not_a_number(value):
    said = _error(run("plan-check", {"input": {**PLAN, "trainees": value}}))
    assert said[0]["where"] == "开班人数"
    assert said[0]["what"] == f"应为整数（收到“{'true' if value else 'false'}”）"


@pytest.mark.parametrize("value", [0, 1_700_000_000, 0.5])
def test_a_number_is_not_a_date(value):
    said = _error(run("plan-check", {"input": PLAN, "context": {"as_of": value}}))
    assert said[0]["where"] == "判断日期" and said[0]["what"].startswith("应为日期")


def test_fifty_thousand_keys_make_one_problem_not_fifty_thousand():
    out = run("days", {"input": {f"k{i}": i for i in range(50_000)}})
    said = _error(out)
    assert len(said) == 1 and f"超过 {MAX_KEYS} 个" in said[0]["what"]
    assert len(out["message"]) < 200


def test_many_bad_rows_are_listed_up_to_twenty_then_counted():
    records = [{"trainee": "", "session": "", "attended": "?"} for _ in range(5_000)]
    out = run("attendance", {"input": {"records": records}})
    said = _error(out)
    assert len(said) == SHOWN + 1
    assert said[-1] == {"where": "", "what": "另有 14,980 处问题未列出，请先改正以上各处"}
    assert len(out["message"]) < 2_000


def test_enum_errors_list_the_options_in_chinese():
    said = _error(run("days", {"input": {**DAYS, "category": "cooking"}}))
    what = said[0]["what"]
    assert "职业技能培训（skill）" in what and "创业培训（startup）" in what
    assert "' or '" not in what and "（收到“cooking”）" in what


def test_reading_errors_list_the_options_in_chinese():
    out = run("days", {"input": DAYS, "context": {"readings": {"days_unit": "quarter"}}})
    what = _error(out)[0]["what"]
    assert "按整天（whole）" in what and "' or '" not in what


def test_unknown_top_level_keys_are_named_not_dropped():
    said = _error(run("days", {"input": DAYS, "contxt": {"as_of": "2026-03-01"}}))
    assert "contxt" in said[0]["what"]


def _answer_with(monkeypatch: Any, func: Any) -> None:
    """Make the question "days" answer with ``func`` (its manifest entry points at it)."""
    from calc import manifest

    entry = manifest.manifest()["days"]
    module, _, name = entry.answer.partition(":")
    monkeypatch.setattr(importlib.import_module(module), name, func)


def test_an_internal_failure_is_its_own_answer_and_says_how_to_report(monkeypatch):
    def boom(inp: Any, ctx: Any) -> Any:
        raise ZeroDivisionError("出乎意料")

    _answer_with(monkeypatch, boom)
    out = run("days", {"input": DAYS})
    assert out["error"] == "内部错误" and "发给维护者" in out["message"]


def test_the_command_line_exits_3_for_an_internal_failure(monkeypatch, capsys, tmp_path):
    def boom(inp: Any, ctx: Any) -> Any:
        raise MemoryError

    _answer_with(monkeypatch, boom)
    path = Path(tmp_path / "days.json")
    path.write_text(json.dumps({"input": DAYS}), "utf-8")
    assert cli.main(["days", str(path)]) == cli.EXIT_INTERNAL
    assert "内存不足" in capsys.readouterr().err


# ---- exports: nothing a trainee typed runs in a spreadsheet ----------------------------

HOSTILE_NAMES = ["=1+1", "+1", "-5", "@x", "\t=1+1", "\r=1+1", "=HYPERLINK(\"http://x\",\"y\")",
                 "=cmd|' /C calc'!A0", "张三"]  # fmt: skip


def _attendance_export(fmt: str) -> bytes:
    from calc.questions.attendance import export_rows, screen_file
    from calc.result import Context
    from calc.tables.write import write_table

    lines = ["姓名,课次,签到"]
    for name in HOSTILE_NAMES:
        quoted = '"' + name.replace('"', '""') + '"'
        lines += [f"{quoted},第1次,是", f"{quoted},第2次,否"]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    result = screen_file(data, Context(as_of="2026-03-01"), name="考勤.csv")
    return write_table(*export_rows(result), fmt)


def test_csv_export_neutralises_formulas():
    import csv
    import io

    rows = list(csv.reader(io.StringIO(_attendance_export("csv").decode("utf-8-sig"))))
    names = [r[1] for r in rows[1:]]
    assert "'=1+1" in names and "'-5" in names and "'@x" in names and "'+1" in names
    assert "'=cmd|' /C calc'!A0" in names and "张三" in names
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), cell


def test_xlsx_export_has_no_formula_cells_and_numbers_stay_numbers():
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(_attendance_export("xlsx"))).worksheets[0]
    kinds = {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert "f" not in kinds
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://x","y")' in names and "'=1+1" in names
    attended = [row[3].value for row in sheet.iter_rows(min_row=2)]
    assert attended and all(isinstance(v, int) for v in attended)


@pytest.mark.parametrize(
    ("typed", "written"),
    [("=1+1", "'=1+1"), ("-5", "'-5"), ("@x", "'@x"), ("\t=1+1", "'\t=1+1"),
     ("+8613800000000", "'+8613800000000"), ("a=1", "a=1"), ("张-三", "张-三"),
     ("名\x01字", "名\ufffd字")],
)  # fmt: skip
def test_each_text_cell_rule(typed, written):
    from calc.tables.write import as_text

    assert as_text(typed) == written


def test_numbers_in_an_export_are_not_prefixed():
    import csv
    import io
    from decimal import Decimal

    from calc.tables.write import write_table

    data = write_table(["a", "b", "c"], [[-5, Decimal("-0.5"), "-5"]], "csv")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1] == ["-5", "-0.5", "'-5"]


# ---- files: bounded, and nothing left out in silence -----------------------------------


def _screen(data: bytes, name: str = "考勤.csv") -> dict[str, Any]:
    from calc.tables import upload

    text, _ = upload("attendance", data, name, json.dumps({"context": {"as_of": "2026-03-01"}}))
    return json.loads(text)


def test_a_csv_line_without_end_is_refused_after_a_bounded_read():
    import tracemalloc

    from calc.tables.read import CSV_MAX_LINE

    data = b"\xe5\xa7\x93\xe5\x90\x8d," + b"x" * (8 * CSV_MAX_LINE)
    tracemalloc.start()
    out = _screen(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert _error(out)[0] == {
        "where": "第1行",
        "what": f"一行超过 {CSV_MAX_LINE:,} 个字符，未读取；文件可能已损坏，或不是考勤、花名册表格",
    }
    assert peak < len(data) + 16 * CSV_MAX_LINE, "memory is bounded by the line cap"


def test_cells_past_the_header_are_counted_and_named():
    data = "姓名,课次,签到\n张三,1,是,多余\n张三,2,是\n李四,1,是,,\n李四,2,是,x,y\n".encode()
    out = _screen(data)
    assert out["data"]["source"]["notes"] == ["第2、5行在表头以外的列还有内容，这些单元格未使用"]
    assert "读取文件时：第2、5行在表头以外的列还有内容" in out["summary"]


def test_title_blank_and_outside_rows_are_counted_and_named():
    lines = [
        "2026年3月 考勤导出,,",
        ",,",
        "姓名,课次,签到",
        "张三,1,是",
        ",,",
        ",,,备注",
        "张三,2,否",
    ]
    out = _screen(("\n".join(lines) + "\n").encode())
    assert out["data"]["source"]["notes"] == [
        "第1行在表头之前（标题行），已跳过",
        "第5行空行，已跳过",
        "第6行的内容都在表头以外的列，整行未使用",
    ]


def test_many_skipped_rows_name_ten_and_count_the_rest():
    rows = ["姓名,课次,签到"] + [f"张三,{i},是,extra" for i in range(1, 31)]
    out = _screen(("\n".join(rows) + "\n").encode())
    assert out["data"]["source"]["notes"] == [
        "第2、3、4、5、6、7、8、9、10、11行等 30 行在表头以外的列还有内容，这些单元格未使用"
    ]


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_an_old_xls_renamed_xlsx_is_called_an_old_xls():
    said = _error(_screen(OLE + b"Workbook".decode().encode("utf-16-le"), "考勤.xlsx"))
    assert said[0]["what"].startswith("这是旧版 Excel（.xls）文件")


def test_a_password_protected_xlsx_says_so():
    said = _error(_screen(OLE + "EncryptedPackage".encode("utf-16-le"), "考勤.xlsx"))
    assert said[0]["what"].startswith("文件设有打开密码")


def test_one_trainee_and_session_both_present_and_absent_is_a_finding_naming_the_row():
    data = "姓名,课次,签到\n张三,1,是\n张三,2,是\n张三,1,否\n李四,1,是\n李四,2,是\n".encode()
    out = _screen(data)
    found = [c for c in out["checks"] if c["name"] == "conflicting_records"]
    assert len(found) == 1 and found[0]["rule"] == "SPB-LEARNER-DATA"
    assert found[0]["status"] == "advisory"
    assert "第4行 张三 课次“1”记为缺课，此前记为到课" in found[0]["message"]
    agreeing = "姓名,课次,签到\n张三,1,是\n张三,1,是\n张三,2,是\n".encode()
    assert not [c for c in _screen(agreeing)["checks"] if c["name"] == "conflicting_records"]


@pytest.mark.parametrize(("typed", "read"), [("2", "2"), ("２", "2"), ("1.5", "1.5"), ("²", None),
                                             ("٣", None), ("1_0", None), ("-2", None)])  # fmt: skip
def test_file_cells_read_numbers_as_the_forms_do(typed, read):
    from decimal import Decimal

    from calc.tables.read import number

    assert number(typed) == (None if read is None else Decimal(read))
