"""学员花名册检查 (question ``roster``, calc/questions/roster.py): ID numbers, duplicates,
class size and the 4050 advisory as the roster reports them, and roster files.

The rules themselves, and that the roster and the plan check answer them alike, are tested in
tests/cq16/test_trainees.py (class size) and tests/cq16/test_modes.py (4050, 重点线下)."""

import io
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from calc.api import run
from calc.cq16.modes import convention
from calc.errors import InputError
from calc.kinds import Category
from calc.people import age_on
from calc.questions.roster import check_file
from calc.result import Context

MAX_N = 50  # 三（二）“开班人数不超过50人”
CAPPED = ["skill", "upgrade", "transfer", "prejob", "adapt"]
"""The categories 三（二） caps: all but 创业培训 (“除创业培训等有明确规定外”)."""
WOMEN, MEN = 40, 50  # “4050人员”: not defined by the text; the common convention
AS_OF = date(2026, 3, 1)


def make_id(born: date, male: bool, seq: int = 1, region: str = "500106") -> str:
    """An ID with a valid check digit computed by python-stdnum."""
    order = seq * 2 + (1 if male else 0)
    body = f"{region}{born:%Y%m%d}{order % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def people(n: int) -> list[dict[str, str]]:
    return [
        {"name": f"学员{i}", "id_number": make_id(date(1990, 1, 1) + timedelta(days=i), i % 2 == 0)}
        for i in range(n)
    ]


def ask(rows, category="skill", readings=None, as_of=AS_OF, **inp):
    payload = {
        "input": {"category": category, "rows": rows, **inp},
        "context": {"as_of": as_of.isoformat(), "readings": readings or {}},
    }
    return run("roster", payload)


def check(out, name):
    return [c for c in out["checks"] if c["name"] == name]


def failed(out):
    return {c["rule"] for c in out["checks"] if c["status"] == "fail"}


# ---- ID numbers ------------------------------------------------------------------------


def test_valid_ids_pass():
    out = ask(people(3))
    assert out["status"] == "pass"
    assert out["data"]["invalid_ids"] == 0
    assert all(p["valid"] for p in out["data"]["people"])


def test_wrong_check_digit_names_the_row():
    rows = people(3)
    good = rows[2]["id_number"]
    rows[2] = {"name": "张三", "id_number": good[:-1] + ("0" if good[-1] != "0" else "1")}
    out = ask(rows)
    assert failed(out) == {"CQ16-DOCS"}
    [bad] = check(out, "id_number")
    assert bad["message"] == "第3行 张三：身份证号校验位错误（有数字录错）"


@pytest.mark.parametrize(
    "number,problem",
    [
        ("500106900101011", "15位旧号码"),
        ("50010619900101001", "应为18位，这里是17位"),
        ("5001061990010100AX", "只能由数字和末位的X组成"),
    ],
)
def test_malformed_ids(number, problem):
    out = ask([{"name": "张三", "id_number": number}])
    [bad] = check(out, "id_number")
    assert problem in bad["message"] and bad["message"].startswith("第1行 张三：")


def test_birth_date_must_exist_and_not_be_after_reference_date():
    body = "50010619950230001"  # 30 February
    impossible = body + ric.calc_check_digit(body + "0")
    future = make_id(AS_OF + timedelta(days=1), male=True)
    out = ask([{"name": "甲", "id_number": impossible}, {"name": "乙", "id_number": future}])
    messages = [c["message"] for c in check(out, "id_number")]
    assert "出生日期不存在" in messages[0]
    assert "晚于参照日期" in messages[1]


def test_lower_case_x_and_full_width_digits_are_normalised():
    number = next(
        make_id(date(1990, 1, 1), male=True, seq=s)
        for s in range(200)
        if make_id(date(1990, 1, 1), male=True, seq=s).endswith("X")
    )
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c.lower() for c in number)
    out = ask([{"name": "张三", "id_number": full_width}])
    assert out["status"] == "pass"
    assert out["data"]["people"][0]["id_number"] == number


def test_duplicates_list_the_rows_and_count_once():
    rows = people(3)
    rows.append(dict(rows[0]))
    out = ask(rows)
    [dup] = [c for c in check(out, "duplicates") if c["status"] == "fail"]
    assert "第1行、第4行" in dup["message"]
    assert out["data"]["trainees"] == 3 and out["data"]["duplicates"] == [[1, 4]]


def test_sex_given_is_checked_against_the_id():
    rows = people(1)
    male = int(rows[0]["id_number"][16]) % 2 == 1
    rows[0]["sex"] = "female" if male else "male"
    out = ask(rows)
    [c] = check(out, "sex")
    assert c["status"] == "fail" and "身份证号显示为" in c["message"]


# ---- CQ16-CLASS-50 ---------------------------------------------------------------------


def test_class_size_boundary():
    at = ask(people(MAX_N))
    over = ask(people(MAX_N + 1))
    assert check(at, "class_size")[0]["status"] == "pass"
    [c] = check(over, "class_size")
    assert c["status"] == "fail" and failed(over) == {"CQ16-CLASS-50"}
    assert c["fix"] == "减少 1 人，或把 1 人分到另外 1 个班（每班不超过 50 人）"
    [big] = check(ask(people(2 * MAX_N + 1)), "class_size")
    assert big["fix"] == "减少 51 人，或把 51 人分到另外 2 个班（每班不超过 50 人）"


def test_class_size_guidance_reading_softens_and_startup_is_outside():
    soft = ask(people(MAX_N + 1), readings={"binding": "guidance"})
    assert check(soft, "class_size")[0]["status"] == "advisory"
    assert soft["status"] == "pass"
    startup = ask(people(MAX_N + 1), category="startup")
    [outside] = check(startup, "class_size")
    assert outside["status"] == "outside"
    assert outside["message"] == "创业培训另有明确规定，不适用“开班人数不超过50人”（51 人）"
    for category in CAPPED:
        assert check(ask(people(MAX_N + 1), category=category), "class_size")[0]["status"] == "fail"


def test_duplicates_do_not_count_towards_class_size():
    rows = people(MAX_N)
    rows.append(dict(rows[0]))
    out = ask(rows)
    assert check(out, "class_size")[0]["status"] == "pass"


# ---- 4050 (convention) and CQ16-MODE-TARGET ------------------------------------------


def birthday(years: int, shift: int = 0) -> date:
    """The birth date of someone who turns ``years`` on AS_OF + shift days."""
    return (AS_OF + timedelta(days=shift)).replace(year=AS_OF.year - years)


@pytest.mark.parametrize("male,age", [(False, WOMEN), (True, MEN)])
def test_4050_boundary_is_the_birthday(male, age):
    on_day = ask([{"name": "甲", "id_number": make_id(birthday(age), male)}], mode="online")
    day_after = ask([{"name": "乙", "id_number": make_id(birthday(age, 1), male)}], mode="online")
    assert on_day["data"]["people"][0]["is_4050"] is True
    assert on_day["data"]["people"][0]["age"] == age
    assert day_after["data"]["people"][0]["is_4050"] is False
    [advice] = check(on_day, "mode_target")
    assert advice["status"] == "advisory" and convention() in advice["message"]
    assert "文件未定义" in advice["message"]
    assert check(day_after, "mode_target")[0]["status"] == "pass"


def test_men_under_50_are_not_4050_even_if_over_40():
    out = ask([{"name": "甲", "id_number": make_id(birthday(WOMEN), male=True)}], mode="online")
    assert out["data"]["age_4050"] == 0


def test_reference_date_defaults_to_as_of_and_can_be_given():
    row = [{"name": "甲", "id_number": make_id(birthday(WOMEN), male=False)}]
    earlier = AS_OF - timedelta(days=1)
    assert ask(row, as_of=earlier)["data"]["age_4050"] == 0
    out = ask(row, as_of=earlier, reference_date=AS_OF.isoformat())
    assert out["data"]["age_4050"] == 1


def test_offline_training_passes_and_still_names_the_convention():
    out = ask([{"name": "甲", "id_number": make_id(birthday(MEN), male=True)}])
    [c] = check(out, "mode_target")
    assert c["status"] == "pass" and convention() in c["message"]
    assert c["message"].startswith("全部线下培训，符合重点线下的要求；花名册中")
    assert "4050人员 1 名" in c["message"]


def test_poor_labour_group_online_gets_the_advice():
    rows = [{"name": "甲", "id_number": make_id(date(2000, 1, 1), True), "group": "poor_labour"}]
    out = ask(rows, mode="online")
    assert check(out, "mode_target")[0]["status"] == "advisory"


def test_age_on_29_february():
    born = date(2000, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 25
    assert age_on(born, date(2026, 3, 1)) == 26
    assert age_on(born, date(2028, 2, 29)) == 28


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)),
       st.dates(min_value=date(2011, 1, 1), max_value=date(2040, 12, 31)))  # fmt: skip
def test_age_is_the_number_of_birthdays_passed(born, day):
    age = age_on(born, day)
    assert 0 <= age <= day.year - born.year
    passed = sum(1 for y in range(born.year + 1, day.year + 1) if _birthday_in(born, y) <= day)
    assert age == passed


def _birthday_in(born: date, year: int) -> date:
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February in a common year: 1 March
        return date(year, 3, 1)


# ---- bad input and files -------------------------------------------------------------


def test_bad_input_names_the_field():
    out = run("roster", {"input": {"rows": people(1)}, "context": {}})
    assert out["error"] == "输入有误" and "培训类别" in out["message"]
    out = ask([{"name": "", "id_number": "1"}])
    assert "学员名单 第1行 姓名" in out["message"]


def roster_csv(rows, header="序号,姓名,证件号码,性别,人员类别"):
    return (header + "\n" + "\n".join(rows) + "\n").encode("gbk")


def test_roster_from_gbk_csv_names_file_rows():
    ok = make_id(birthday(WOMEN), male=False)
    bad = ok[:-1] + ("0" if ok[-1] != "0" else "1")
    data = roster_csv([f"1,王芳,{ok},女,4050人员", f"2,李四,{bad},男,失业人员"])
    result = check_file(data, Context(as_of=AS_OF), category=Category.SKILL, name="花名册.csv")
    assert result.data["source"]["encoding"] == "GBK/GB18030"
    assert result.data["source"]["unrecognised_groups"] == {"失业人员": 1}
    [bad_check] = [c for c in result.checks if c.name == "id_number"]
    assert bad_check.message.startswith("第3行 李四：")


def test_roster_file_errors():
    ctx = Context(as_of=AS_OF)
    with pytest.raises(InputError, match="第2行 列“性别”：应为男或女"):
        check_file(roster_csv(["1,张三,1,未知,"]), ctx, category=Category.SKILL)
    with pytest.raises(InputError, match="多个班级"):
        rows = ["甲班,张三,1", "乙班,李四,2"]
        check_file(roster_csv(rows, header="班级,姓名,身份证号"), ctx, category=Category.SKILL)
    with pytest.raises(InputError, match="缺少必需的列：“身份证号”"):
        check_file(roster_csv(["张三"], header="姓名"), ctx, category=Category.SKILL)


def test_roster_from_xlsx():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号"])
    for p in people(MAX_N + 1):
        sheet.append([p["name"], p["id_number"]])
    buf = io.BytesIO()
    book.save(buf)
    result = check_file(buf.getvalue(), Context(as_of=AS_OF), category=Category.UPGRADE)
    assert {c.rule for c in result.failed} == {"CQ16-CLASS-50"}


def test_browser_call_returns_json_or_a_chinese_error():
    import json

    from calc.tables import upload

    data = roster_csv([f"1,王芳,{make_id(birthday(WOMEN), male=False)},女,"])
    context = {"as_of": "2026-03-01"}
    payload = {"input": {"category": "skill", "mode": "online"}, "context": context}
    out = json.loads(upload("roster", data, "花名册.csv", json.dumps(payload))[0])
    assert out["question"] == "roster" and out["data"]["age_4050"] == 1
    err = json.loads(upload("roster", data, "花名册.csv", json.dumps({"context": context}))[0])
    assert err["error"] == "输入有误" and "培训类别" in err["message"]
