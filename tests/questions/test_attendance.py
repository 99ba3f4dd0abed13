"""The question 到课率筛查 (SPB-ATTEND-80) and the CSV/XLSX reader it streams from."""

import io
import json
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.errors import InputError
from calc.questions.attendance import LISTED, screen, screen_file
from calc.result import Context
from calc.tables import upload
from calc.tables.read import BROWSER_MAX_ROWS, read_table

FLOOR = Decimal("0.8")  # 第七条（四）“到课率不低于80%”
P, Q = Fraction(FLOOR).numerator, Fraction(FLOOR).denominator  # 80% = 4/5
CTX = {"as_of": "2026-03-01"}


def records(pattern, name="张三", hours=None):
    """One record per session: ``pattern`` is a string of 1 (attended) and 0 (absent)."""
    out = []
    for i, mark in enumerate(pattern, 1):
        r = {"trainee": name, "session": f"第{i}次", "attended": mark == "1"}
        if hours is not None:
            r["hours"] = hours[i - 1]
        out.append(r)
    return out


def ask(recs, readings=None, sessions=None, **ctx):
    context = {**CTX, **ctx, "readings": readings or {}}
    inp = {"records": recs} | ({"sessions": sessions} if sessions else {})
    return run("attendance", {"input": inp, "context": context})


def trainee_checks(out):
    return [c for c in out["checks"] if c["name"] == "trainee_rate"]


# ---- SPB-ATTEND-80 on both sides of 80%, both bases ----------------------------------


@pytest.mark.parametrize("k", [1, 4])
def test_exactly_80_percent_of_sessions_passes_and_one_fewer_fails(k):
    n, need = k * Q, k * P
    at = ask(records("1" * need + "0" * (n - need)))
    assert at["status"] == "pass"
    below = ask(records("1" * (need - 1) + "0" * (n - need + 1)))
    assert below["status"] == "fail"
    [check] = trainee_checks(below)
    assert check["rule"] == "SPB-ATTEND-80"
    assert f"到课 {need - 1}/{n} 次" in check["message"]
    assert check["fix"] == f"再出勤 1 次即可达到 {FLOOR * 100:.0f}%"


def test_missing_record_counts_as_absent():
    n = Q
    full = records("1" * n, name="张三")
    partial = records("1" * P, name="李四")  # no records for the last sessions
    out = ask(full + partial)
    assert out["status"] == "pass"
    assert {v["name"]: v["expected_sessions"] for v in out["data"]["trainees"]} == {
        "张三": n,
        "李四": n,
    }
    shorter = ask(full + records("1" * (P - 1), name="李四"))
    assert shorter["status"] == "fail"
    assert shorter["data"]["passing"] == [{"class_name": "", "name": "张三", "id_number": ""}]


def hours_case(extra_small):
    """One big session of P hours and Q-P+extra_small one-hour sessions; only the big one
    attended: by hours P/(Q+extra_small), by sessions 1/(1+Q-P+extra_small)."""
    n_small = Q - P + extra_small
    pattern = "1" + "0" * n_small
    return records(pattern, hours=[P] + [1] * n_small)


def test_hours_basis_differs_from_sessions_basis():
    recs = hours_case(0)
    assert Fraction(1, 1 + Q - P) < FLOOR  # the crafted case: sessions below, hours at 80%
    by_sessions = ask(recs)
    by_hours = ask(recs, readings={"attendance_basis": "hours"})
    assert by_sessions["status"] == "fail"
    assert by_hours["status"] == "pass"
    assert Decimal(by_hours["data"]["trainees"][0]["rate"]) == FLOOR
    assert [r["key"] for r in by_hours["readings"]][:1] == ["attendance_basis"]
    assert by_hours["readings"][0]["choice"] == "hours"


def test_hours_basis_just_below_fails_with_hours_in_fix():
    out = ask(hours_case(1), readings={"attendance_basis": "hours"})
    assert out["status"] == "fail"
    [check] = trainee_checks(out)
    assert f"到课 {P}/{Q + 1} 课时" in check["message"]
    assert "补足" in check["fix"] and "课时" in check["fix"]


def test_hours_basis_needs_hours_for_every_session():
    out = ask(records("1" * Q), readings={"attendance_basis": "hours"})
    assert "error" in out
    assert "按课时计算到课率需要每个课次的课时" in out["message"]


def test_sessions_table_makes_an_unattended_session_expected():
    sessions = [{"session": f"第{i}次", "hours": 2} for i in range(1, Q + 2)]
    out = ask(records("1" * Q), sessions=sessions)
    assert out["data"]["trainees"][0]["expected_sessions"] == Q + 1
    assert out["data"]["trainees"][0]["expected_hours"] == str(2 * (Q + 1))


def test_completion_full_reading_adds_spb_complete():
    recs = records("1" * P + "0" * (Q - P))
    assert ask(recs)["status"] == "pass"
    out = ask(recs, readings={"completion": "full"})
    assert out["status"] == "fail"
    assert {c["rule"] for c in out["checks"] if c["status"] == "fail"} == {"SPB-COMPLETE"}


def test_not_in_force_before_spb_takes_effect():
    out = ask(records("0" * Q), spb_issued="2026-02-20")
    assert out["status"] == "not_in_force"


# ---- bad JSON input --------------------------------------------------------------------


def test_conflicting_hours_name_the_record():
    recs = records("11", hours=[2, 2]) + records("1", name="李四", hours=[3])
    out = ask(recs)
    assert out["error"] == "输入有误"
    assert "考勤记录 第3行" in out["message"] and "此前为 2 课时" in out["message"]


def test_same_id_with_two_names_is_an_error():
    recs = [
        {"trainee": "张三", "id_number": "500106199001010011", "session": "1", "attended": True},
        {"trainee": "张山", "id_number": "500106199001010011", "session": "2", "attended": True},
    ]
    out = ask(recs)
    assert "第2行" in out["message"] and "张三" in out["message"]


@pytest.mark.parametrize(
    "records_,where",
    [
        ([], "考勤记录"),
        ([{"trainee": "", "session": "1", "attended": True}], "学员姓名"),
        ([{"trainee": "张三", "session": "1", "attended": "也许"}], "是否到课"),
        ([{"trainee": "张三", "session": "1", "hours": 99, "attended": True}], "课时"),
    ],
)
def test_bad_json_input_names_the_field(records_, where):
    out = ask(records_)
    assert out["error"] == "输入有误"
    assert where in out["message"]


# ---- files ---------------------------------------------------------------------------

HEADER = "姓名,身份证号,课次,课时,签到"


def csv_text(rows, header=HEADER):
    return header + "\n" + "\n".join(rows) + "\n"


def class_rows(n_sessions, attended, name="张三"):
    return [
        f"{name},,第{i}次,2,{'是' if i <= attended else '否'}" for i in range(1, n_sessions + 1)
    ]


def screen_bytes(data, name="签到.csv", **ctx):
    data = data.encode() if isinstance(data, str) else data
    return screen_file(data, Context(**{**CTX, **ctx}), name=name)


@pytest.mark.parametrize("encoding,label", [
    ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8（带 BOM）"), ("gbk", "GBK/GB18030"),
    ("gb18030", "GBK/GB18030"), ("utf-16", "UTF-16"),
])  # fmt: skip
def test_csv_encodings(encoding, label):
    text = csv_text(class_rows(Q, P) + class_rows(Q, P - 1, name="李四"))
    result = screen_bytes(text.encode(encoding))
    assert result.data["source"]["encoding"] == label
    assert result.data["passing_count"] == 1 and result.data["failing_count"] == 1


def xlsx_bytes(rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_with_title_row_numbers_and_dates():
    from datetime import datetime

    rows = [["2026年第1期电工班签到表"], ["姓名", "身份证号", "课程", "上课日期", "学时", "出勤"]]
    for i in range(Q):
        rows.append(["张三", "50010619900101001X", "电工", datetime(2026, 3, i + 1), 2.0, i < P])
    result = screen_bytes(xlsx_bytes(rows), name="签到.xlsx")
    assert result.data["source"]["format"] == "xlsx"
    [v] = result.data["trainees"]
    assert (v["attended_sessions"], v["expected_sessions"], v["passed"]) == (P, Q, True)
    assert v["expected_hours"] == 2 * Q


def test_xlsx_id_stored_as_number_is_an_error():
    rows = [["姓名", "身份证号", "课次", "签到"], ["张三", 500106199001010011.0, "1", "是"]]
    with pytest.raises(InputError, match=r"第2行 列“身份证号”.*存成了数字"):
        screen_bytes(xlsx_bytes(rows), name="签到.xlsx")


def test_missing_columns_list_what_was_found():
    with pytest.raises(InputError) as err:
        screen_bytes(csv_text(["张三,第1次"], header="学员姓名,课次"))
    assert "缺少必需的列：“签到”" in str(err.value)
    assert "找到的列：“学员姓名”、“课次”" in str(err.value)


@pytest.mark.parametrize("data", [b"", b"\n\n", "姓名,课次,签到\n".encode()])
def test_empty_file_or_header_only(data):
    with pytest.raises(InputError, match=r"空|没有考勤记录"):
        screen_bytes(data)


def test_duplicate_headers_are_an_error():
    with pytest.raises(InputError, match="列“姓名”（第1列）和列“姓名”（第4列）"):
        screen_bytes(csv_text(["张三,1,是,张三"], header="姓名,课次,签到,姓名"))
    with pytest.raises(InputError, match="都表示“签到”"):
        screen_bytes(csv_text(["张三,1,是,是"], header="姓名,课次,签到,出勤"))


def test_undecodable_bytes():
    with pytest.raises(InputError, match="无法识别文件编码"):
        screen_bytes(b"\x80\x80\xff\xff" * 10)


def test_bytes_that_break_the_encoding_later_name_the_row():
    rows = class_rows(Q, P) * 2000  # more than the 64 KB that decide the encoding
    data = csv_text(rows).encode() + "张三,,第1次,2,".encode() + b"\xff\n"
    with pytest.raises(InputError, match=f"第{len(rows) + 2}行：有无法按 UTF-8 解码的字节"):
        screen_bytes(data)


def test_full_width_digits_and_headers_are_normalised():
    text = "＊姓名,课次,课时（小时）,签到\n" + "\n".join(
        f"张三,第{chr(0xFF10 + i)}次,{chr(0xFF10 + 2)},{'√' if i <= P else '×'}"
        for i in range(1, Q + 1)
    )
    result = screen_bytes(text.encode("utf-8"))
    [v] = result.data["trainees"]
    assert v["expected_sessions"] == Q and v["expected_hours"] == 2 * Q and v["passed"]


@pytest.mark.parametrize(
    "row,message",
    [
        ("张三,,第1次,两,是", "第2行 列“学时”：应为数字（课时）（收到“两”）"),
        ("张三,,第1次,2,也许", "列“签到”：不认识的状态“也许”（第2行）"),
        ("张三,,第1次,0,是", "第2行 列“学时”：课时应大于 0"),
        (",,第1次,2,是", "第2行 列“姓名”：姓名为空"),
        ("张三,,,2,是", "第2行：列“课次”都为空"),
    ],
)
def test_bad_cells_name_row_and_column(row, message):
    with pytest.raises(InputError) as err:
        screen_bytes(csv_text([row], header="姓名,身份证号,课次,学时,签到").encode())
    assert message in str(err.value)


def test_absent_row_may_carry_zero_hours():
    rows = ["张三,,第1次,2,是", "李四,,第1次,0,否", "李四,,第2次,,是", "张三,,第2次,2,是"]
    result = screen_bytes(csv_text(rows).encode())
    assert result.data["classes"][0]["hours"] == 4


def test_classes_are_screened_separately_with_their_own_sessions():
    header = "班级,姓名,课次,签到"
    rows = [f"甲班,张三,第{i}次,是" for i in range(1, Q + 1)]
    rows += [f"乙班,李四,第{i}次,{'是' if i <= P - 1 else '否'}" for i in range(1, Q + 1)]
    result = screen_bytes(csv_text(rows, header=header).encode())
    summary = {c["class_name"]: (c["sessions"], c["passing"]) for c in result.data["classes"]}
    assert summary == {"甲班": (Q, 1), "乙班": (Q, 0)}
    class_checks = [c for c in result.checks if c.name == "class_rate"]
    assert [c.status.value for c in class_checks] == ["pass", "fail"]
    assert "班级“乙班”" in class_checks[1].message


def test_duplicate_records_count_once_and_any_attended_counts():
    rows = [*class_rows(Q, P - 1), f"张三,,第{Q}次,2,否", f"张三,,第{Q}次,2,是"]
    [v] = screen_bytes(csv_text(rows).encode()).data["trainees"]
    assert v["attended_sessions"] == P and v["passed"]


def test_trainees_with_the_same_name_are_told_apart_by_id():
    header = "姓名,身份证号,课次,签到"
    rows = [f"张三,500106199001010011,{i},是" for i in range(1, Q + 1)]
    rows += [f"张三,500106199202020022,{i},否" for i in range(1, Q + 1)]
    result = screen_bytes(csv_text(rows, header=header).encode())
    assert result.data["trainees_count"] == 2 and result.data["passing_count"] == 1


def test_tab_separated_file():
    text = csv_text(
        [r.replace(",", "\t") for r in class_rows(Q, P)], header=HEADER.replace(",", "\t")
    )
    assert screen_bytes(text.encode()).data["passing_count"] == 1


def test_per_trainee_checks_are_capped():
    rows = []
    for t in range(LISTED + 7):
        rows += [f"学员{t},,第{i}次,2,否" for i in range(1, 3)]
    result = screen_bytes(csv_text(rows).encode())
    assert len([c for c in result.checks if c.name == "trainee_rate"]) == LISTED
    assert "其余 7 名" in result.checks[0].message
    assert len(result.data["trainees"]) == LISTED + 7


def test_rows_are_streamed_in_one_pass():
    """screen takes any iterable once: a generator cannot be read twice."""
    rows = ((i, "", "张三", "", f"第{i}次", None, i <= P) for i in range(1, Q + 1))
    result = screen(rows, Context(**CTX))
    assert result.status.value == "pass"


def test_browser_limits_and_error_json():
    text = csv_text(class_rows(3, 3)).encode()
    table = read_table(text, [["name"]], max_rows=2)
    with pytest.raises(InputError, match="超过 2 行"):
        list(table.rows)
    out = json.loads(upload("attendance", b"\x80\x80\xff\xff" * 10, "x.csv", json.dumps(CTX))[0])
    assert out["error"] == "输入有误"
    answer = upload("attendance", text, "x.csv", json.dumps({"context": CTX}))[0]
    assert json.loads(answer)["question"] == "attendance"
    assert BROWSER_MAX_ROWS >= 1_000_000


# ---- properties ------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=1, max_size=12), min_size=1, max_size=6))
def test_rates_lie_in_0_1_and_verdict_is_the_exact_comparison(patterns):
    n = max(len(p) for p in patterns)
    recs = []
    for t, pattern in enumerate(patterns):
        recs += records("".join("1" if a else "0" for a in pattern), name=f"学员{t}")
    out = ask(recs)
    for v in out["data"]["trainees"]:
        rate = Decimal(v["rate"])
        assert 0 <= rate <= 1
        assert v["expected_sessions"] == n
        assert v["passed"] == (v["attended_sessions"] >= FLOOR * n)
        assert v["more_sessions"] == 0 if v["passed"] else v["more_sessions"] > 0


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=30))
def test_exactly_80_percent_always_passes(k):
    n, need = k * Q, k * P
    out = ask(records("1" * need + "0" * (n - need)))
    assert out["status"] == "pass"
    [v] = out["data"]["trainees"]
    assert Decimal(v["rate"]) == FLOOR


def test_conflicting_hours_in_a_file_name_the_column():
    rows = ["张三,,第1次,2,是", "李四,,第1次,3,是"]
    with pytest.raises(InputError, match="第3行 列“课时”：课次“第1次”此前为 2 课时，这里是 3 课时"):
        screen_bytes(csv_text(rows))


@pytest.mark.parametrize("day", ["2026/13/45", "2026-02-30", "2026年4月31日", "2026.00.10 08:00"])
def test_a_date_that_is_no_date_is_refused_naming_its_row(day):
    """A date column's cell written as a date must be one (not a session named 2026/13/45)."""
    text = f"姓名,日期,签到\n张三,2026/3/1,已签到\n李四,{day},已签到\n".encode()
    out = json.loads(upload("attendance", text, "x.csv", json.dumps({"context": CTX}))[0])
    assert out["error"] == "输入有误"
    assert out["problems"][0]["where"].startswith("第3行")
    said = out["problems"][0]["what"]
    assert "不是有效的日期" in said and day in said


@pytest.mark.parametrize(
    "day", ["2026/2/28", "2028-02-29", "2026年3月1日", "2026-03-01 08:00", "第3周周二"]
)
def test_dates_and_sessions_named_otherwise_are_read(day):
    text = f"姓名,日期,签到\n张三,{day},已签到\n".encode()
    out = json.loads(upload("attendance", text, "x.csv", json.dumps({"context": CTX}))[0])
    assert "error" not in out, out
    assert out["data"]["classes"][0]["sessions"] == 1


HOURS = st.sampled_from(["1", "2", "2.0", "1.5", "0.25", "4.00", "24", "0.1"]).map(Decimal)


@settings(max_examples=300, deadline=None)
@given(st.lists(HOURS, min_size=1, max_size=40), st.data())
def test_hour_sums_are_the_sums_written_as_a_plain_sum_writes_them(hours, data):
    """Each byte's sum is built from a smaller byte's: the value and its exponent (the text,
    2 + 2.0 = 4.0) are those of summing the hours of the mask in order."""
    from calc.questions.attendance import _hour_sums

    total = _hour_sums(hours)
    for mask in data.draw(st.lists(st.integers(0, (1 << len(hours)) - 1), max_size=20)):
        plain = sum((h for i, h in enumerate(hours) if mask >> i & 1), Decimal(0))
        assert str(total(mask)) == str(plain)


def test_the_upload_answer_is_the_result_as_json_and_its_display():
    """The page's answer, written by pydantic straight to JSON, says what model_dump and
    the display say (an earlier version built it as Python data first)."""
    from calc.display import display

    data = csv_text(class_rows(5, 4) + class_rows(5, 2, name="李四")).encode()
    text, result = upload("attendance", data, "x.csv", json.dumps({"context": CTX}))
    assert result is not None
    assert json.loads(text) == {**result.model_dump(mode="json"), "display": display(result)}
