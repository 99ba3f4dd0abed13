"""The upload calculators (到课率筛查, 学员花名册检查) in headless Chromium, and the Python
side the worker calls (calc.tables.upload / download / describe, progress, exports).

The browser tests share one context (one Pyodide load per page) for speed; every request
is asserted local, and uncaught page errors fail the module. Files are generated here: a
GBK CSV, an XLSX, bad files, and 100,000 rows for the progress bar and responsiveness.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from stdnum.cn import ric

from calc import cli
from calc.display import display
from calc.kinds import Category
from calc.questions.attendance import LISTED, screen_file
from calc.questions.roster import check_file
from calc.result import Context
from calc.spb.attendance import show_rate
from calc.tables import describe, download, upload
from calc.tables.read import (
    BROWSER_MAX_BYTES,
    BROWSER_MAX_ROWS,
    PROGRESS_EVERY,
    XLSX_MAX_UNPACKED,
    read_table,
)
from calc.text import pct

ROOT = Path(__file__).resolve().parents[2]
FLOOR = Decimal("0.8")  # 到课率不低于80%
MAX_N = 50  # 每班不超过50人
# The fewest sessions for which FLOOR × sessions is whole: k of them is exactly FLOOR.
SESSIONS = Fraction(FLOOR).denominator
EXACT = int(FLOOR * SESSIONS)
BIG_ROWS = 100_000
CTX = {"as_of": "2026-03-01"}


def boundary_rows() -> list[list[str]]:
    """张三 attends exactly FLOOR of the sessions, 李四 one fewer."""
    rows = [["姓名", "课次", "签到"]]
    for name, attended in (("张三", EXACT), ("李四", EXACT - 1)):
        rows += [
            [name, f"第{i}次", "是" if i <= attended else "否"] for i in range(1, SESSIONS + 1)
        ]
    return rows


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def make_id(born: date, male: bool, seq: int = 1) -> str:
    body = f"500106{born:%Y%m%d}{(seq * 2 + male) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def roster_rows(n: int) -> list[list[str]]:
    rows = [["序号", "姓名", "身份证号", "性别"]]
    for i in range(n):
        male = i % 2 == 0
        born = date(1970, 1, 1) + timedelta(days=97 * i)
        rows.append([str(i + 1), f"学员{i + 1}", make_id(born, male, i), "男" if male else "女"])
    return rows


def big_attendance() -> bytes:
    """BIG_ROWS check-ins: classes of 50 trainees, 20 sessions, about 9% absent; one
    trainee in ten misses every third session as well (and falls below the floor)."""
    per_class, sessions = 50, 20
    rows = [["班级", "姓名", "身份证号", "课程", "日期", "课时", "签到"]]
    for t in range(BIG_ROWS // sessions):
        cls, born = f"{t // per_class + 1}班", date(1980, 1, 1) + timedelta(days=t % 9000)
        person = [f"学员{t}", make_id(born, t % 2 == 0, t)]
        for s in range(sessions):
            absent = (t * 7 + s * 3) % 11 == 0 or (t % 10 == 0 and s % 3 == 0)
            present = "否" if absent else "是"
            day = (date(2026, 1, 5) + timedelta(days=s)).isoformat()
            rows.append([cls, *person, "焊工", day, "4", present])
    return csv_bytes(rows)


def cli_json(command: str, data: bytes, suffix: str, tmp: Path, *args: str) -> dict[str, Any]:
    """``python -m calc COMMAND FILE --format json``, as a user would run it."""
    path = tmp / f"{command}{suffix}"
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "calc", command, str(path), "--format", "json", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    out: dict[str, Any] = json.loads(done.stdout)
    return out


# ---- the Python side (no browser) -----------------------------------------------------


def test_progress_counts_rows_of_csv_and_xlsx() -> None:
    total = 2 * PROGRESS_EVERY + 7
    rows = [["姓名", "课次", "签到"]] + [[f"学员{i}", "第1次", "是"] for i in range(total)]
    for data in (csv_bytes(rows), xlsx_bytes(rows)):
        seen: list[tuple[int, float | None]] = []

        def hear(n: int, share: float | None, seen: list[Any] = seen) -> None:
            seen.append((n, share))

        table = read_table(data, [["name"]], progress=hear)
        assert len(list(table.rows)) == total
        assert [n for n, _ in seen] == [PROGRESS_EVERY, 2 * PROGRESS_EVERY, total]
        shares = [s for _, s in seen]
        assert all(s is not None and 0 < s <= 1 for s in shares) and shares[-1] == 1.0
        assert shares == sorted(shares)


def test_xlsx_with_a_wrong_declared_size_is_read_whole() -> None:
    """Some programs write <dimension ref="A1"/>; every row is still read."""
    import zipfile

    good = xlsx_bytes([["姓名", "课次", "签到"]] + [[f"学员{i}", "1", "是"] for i in range(30)])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("sheet1.xml"):
                data = data.replace(b'<dimension ref="A1:C31" />', b'<dimension ref="A1" />')
                assert b'<dimension ref="A1" />' in data
            dst.writestr(item, data)
    table = read_table(out.getvalue(), [["name"]])
    assert len(list(table.rows)) == 30


def test_downloads_are_the_cli_csv_and_an_equal_xlsx(tmp_path: Path) -> None:
    ctx = Context(**CTX)
    files = {"attendance": csv_bytes(boundary_rows()), "roster": csv_bytes(roster_rows(3))}
    att = screen_file(files["attendance"], ctx)
    ros = check_file(files["roster"], ctx, category=Category.SKILL)
    for name, result, extra in (("attendance", att, []), ("roster", ros, ["--category", "skill"])):
        source, out = tmp_path / f"{name}.csv", tmp_path / f"{name}-out.csv"
        source.write_bytes(files[name])
        args = [
            name,
            str(source),
            *extra,
            "--as-of",
            CTX["as_of"],
            "--format",
            "csv",
            "-o",
            str(out),
        ]
        cli.main(args)
        got = download(name, result, "csv")
        assert got == out.read_bytes()
        table = list(csv.reader(io.StringIO(got.decode("utf-8-sig"))))
        sheet = load_workbook(io.BytesIO(download(name, result, "xlsx"))).active
        cells = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
        assert cells == table


def test_upload_returns_the_result_json_or_a_chinese_error() -> None:
    payload = json.dumps({"context": CTX})
    text, result = upload("attendance", memoryview(csv_bytes(boundary_rows())), "a.csv", payload)
    assert result is not None
    assert json.loads(text) == result.model_dump(mode="json") | {"display": display(result)}
    assert json.loads(text)["data"]["passing"] == [
        {"class_name": "", "name": "张三", "id_number": ""}
    ]
    text, result = upload("roster", b"x", "a.csv", json.dumps({"input": {}, "context": CTX}))
    assert result is None and "培训类别" in json.loads(text)["message"]
    text, _ = upload("attendance", b"\xd0\xcf\x11\xe0" + bytes(100), "a.xls", payload)
    assert "这是旧版 Excel（.xls）文件" in json.loads(text)["message"]


def test_describe_gives_the_limits_and_the_page_texts() -> None:
    att, ros = json.loads(describe("attendance")), json.loads(describe("roster"))
    assert att["limits"] == {
        "max_bytes": BROWSER_MAX_BYTES,
        "max_rows": BROWSER_MAX_ROWS,
        "max_unpacked": XLSX_MAX_UNPACKED,
    }
    assert f"{BROWSER_MAX_ROWS:,} 行数据" in att["limits_text"]
    assert ros["limits"]["max_rows"] < BROWSER_MAX_ROWS
    assert f"{ros['limits']['max_rows']:,} 行数据" in ros["limits_text"]
    assert att["many"] and not ros["many"]
    assert "{rows}" in att["text"]["progress"] and "{name}" in att["too_big"]["message"]
    # the choices are drawn at build time, not described at run time
    assert not {"options", "readings"} & set(att)


def test_the_upload_boxes_choices_are_generated_at_build_time() -> None:
    from scripts.site.forms import upload_html

    att = upload_html("attendance", "calculators/attendance.md")
    ros = upload_html("roster", "calculators/roster.md")
    for key in ("attendance_basis", "late_early", "completion"):
        assert f'name="context.readings.{key}"' in att
    assert 'name="context.spb_issued"' in att and 'name="context.spb_issued"' not in ros
    assert " multiple " in att and " multiple " not in ros
    assert 'name="context.readings.binding"' in ros
    assert f'<option value="skill">{Category.SKILL.label}</option>' in ros
    assert 'name="input.mode"' in ros and 'name="input.reference_date"' in ros
    assert f"{BROWSER_MAX_ROWS:,} 行数据" in att


# ---- the pages ---------------------------------------------------------------------------

COLLECT = """
window.__results = [];
document.addEventListener("calc:result", (e) => window.__results.push(e.detail));
"""

# Frames and timer ticks on the page while the worker reads: the longest gap between two of
# them, and the progress bar's values and texts as seen.
WATCH = """() => {
  const w = window.__watch = {on: true, raf: 0, tick: 0, frames: 0, ticks: 0,
                              values: [], texts: [], gaps: [], marks: []};
  document.querySelector(".calc-upload input[type=file]").addEventListener("change",
    () => w.marks.push(["change", Math.round(performance.now())]), {once: true});
  document.addEventListener("calc:result",
    () => w.marks.push(["result", Math.round(performance.now())]), {once: true});
  let lastFrame = performance.now(), lastTick = performance.now();
  const sample = () => {
    const box = document.querySelector(".upload-progress");
    if (!box || box.hidden) return;
    const bar = box.querySelector("progress");
    const v = bar.hasAttribute("value") ? bar.value : null;
    if (w.values[w.values.length - 1] !== v) w.values.push(v);
    const t = box.textContent;
    if (w.texts[w.texts.length - 1] !== t) w.texts.push(t);
  };
  const frame = (now) => {
    w.raf = Math.max(w.raf, now - lastFrame); lastFrame = now; w.frames++; sample();
    if (w.on) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - lastTick > 50) w.gaps.push([Math.round(lastTick), Math.round(now - lastTick)]);
    w.tick = Math.max(w.tick, now - lastTick); lastTick = now; w.ticks++; sample();
    if (!w.on) clearInterval(timer);
  }, 10);
}"""


@pytest.fixture(scope="module")
def context(browser: Any, server: str, requests_seen: list[str]) -> Iterator[Any]:
    """One context for the module (the HTTP cache is shared by both pages); every request
    must go to the local server and no page may throw."""
    ctx = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    mine: list[str] = []
    ctx.on("request", lambda r: (mine.append(r.url), requests_seen.append(r.url)))
    ctx.errors = []
    yield ctx
    ctx.close()
    foreign = [u for u in mine if not u.startswith((server + "/", "data:", "blob:", "about:"))]
    assert not foreign, f"requests outside {server}: {foreign}"
    assert mine and not ctx.errors, ctx.errors


BASIS = "[name='context.readings.attendance_basis']"


def open_page(context: Any, server: str, path: str) -> Any:
    page = context.new_page()
    page.on("pageerror", lambda exc: context.errors.append(str(exc)))
    page.set_default_timeout(120_000)
    page.add_init_script(COLLECT)
    page.goto(server + path)
    page.wait_for_selector(".calc-upload input[type=file]:not([disabled])")
    return page


@pytest.fixture(scope="module")
def attendance(context: Any, server: str) -> Iterator[Any]:
    page = open_page(context, server, "/calculators/attendance/")
    yield page
    page.close()


@pytest.fixture(scope="module")
def roster(context: Any, server: str) -> Iterator[Any]:
    page = open_page(context, server, "/calculators/roster/")
    yield page
    page.close()


def send(page: Any, name: str, data: bytes, mime: str = "text/csv") -> dict[str, Any]:
    """Choose a file; the result (or error) the page shows for it."""
    n = page.evaluate("window.__results.length")
    page.set_input_files(
        ".calc-upload input[type=file]", files=[{"name": name, "mimeType": mime, "buffer": data}]
    )
    return wait_result(page, n)


def wait_result(page: Any, n: int) -> dict[str, Any]:
    page.wait_for_function(f"() => window.__results.length > {n}")
    detail: dict[str, Any] = page.evaluate("window.__results[window.__results.length - 1]")
    return detail


def send_bad(page: Any, name: str, data: bytes) -> str:
    """Choose a bad file; the error the page shows."""
    detail = send(page, name, data)
    assert detail["result"]["error"] == "输入有误"
    text: str = page.locator(".upload-error").inner_text()
    return text


def downloaded(page: Any, fmt: str) -> list[list[str]]:
    with page.expect_download() as info:
        page.click(f".upload-downloads button[data-format={fmt}]")
    data = Path(info.value.path()).read_bytes()
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(data)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.browser
def test_gbk_csv_and_xlsx_exactly_80_percent_pass_and_equal_the_cli(
    attendance: Any, tmp_path: Path
) -> None:
    rows = boundary_rows()
    for name, data in (("签到.csv", csv_bytes(rows, "gbk")), ("签到.xlsx", xlsx_bytes(rows))):
        detail = send(attendance, name, data)
        result = detail["result"]
        assert result["data"]["source"]["encoding"] == (
            "GBK/GB18030" if name.endswith("csv") else "XLSX"
        )
        verdicts = {v["name"]: v["passed"] for v in result["data"]["trainees"]}
        assert verdicts == {"张三": True, "李四": False}
        assert result["status"] == "fail"
        answer = {k: v for k, v in result.items() if k != "display"}  # the page's view
        assert answer == cli_json("attendance", data, Path(name).suffix, tmp_path)
        shown = attendance.locator(".calc-result").inner_text()
        below = show_rate((EXACT - 1) / Decimal(SESSIONS), FLOOR)
        assert f"到课率 {below}，低于 {pct(FLOOR)}" in shown
        link = attendance.locator(".calc-checks a[href*='#rule-SPB-ATTEND-80']").first
        assert link.get_attribute("href").startswith("../../regulations/spb/")


@pytest.mark.browser
def test_downloads_hold_every_trainee(attendance: Any) -> None:
    send(attendance, "签到.csv", csv_bytes(boundary_rows(), "gbk"))
    for fmt in ("csv", "xlsx"):
        table = downloaded(attendance, fmt)
        assert (
            table[0][:3] == ["班级", "姓名", "身份证号"]
            and table[0][8] == f"到课率不低于{pct(FLOOR)}"
        )
        assert [(r[1], r[3], r[4], r[8]) for r in table[1:]] == [
            ("张三", str(EXACT), str(SESSIONS), "是"),
            ("李四", str(EXACT - 1), str(SESSIONS), "否"),
        ]


@pytest.mark.browser
@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("空.csv", b"", "文件是空的"),
        ("乱码.csv", b"\x80\x80\xff\xff" * 10, "无法识别文件编码"),
        ("缺列.csv", "学员,备注\n张三,x\n".encode(), "缺少必需的列：“签到”"),
        (
            "坏值.csv",
            "姓名,课次,签到\n张三,1,是\n张三,2,也许\n".encode(),
            "列“签到”：不认识的状态“也许”（第3行）",
        ),
    ],
)
def test_bad_files_get_a_chinese_message(
    attendance: Any, name: str, data: bytes, expected: str
) -> None:
    text = send_bad(attendance, name, data)
    assert expected in text
    if name == "缺列.csv":
        assert "找到的列：“学员”、“备注”" in text


@pytest.mark.browser
def test_reading_switch_pasted_text_and_reload(attendance: Any) -> None:
    """By sessions 4 of 5 pass; by hours the missed 4-hour session leaves 8 of 12."""
    hours = [2] * (SESSIONS - 1) + [4]
    text = "\n".join(
        ["姓名\t课次\t课时\t签到"]
        + [f"张三\t第{i + 1}次\t{h}\t{'是' if i < EXACT else '否'}" for i, h in enumerate(hours)]
    )
    attendance.locator(".upload-paste summary").click()
    attendance.fill(".upload-paste textarea", text)
    n = attendance.evaluate("window.__results.length")
    attendance.click("[data-paste-run]")
    assert wait_result(attendance, n)["result"]["data"]["passing_count"] == 1
    attendance.locator(".calc-context summary").click()
    n = attendance.evaluate("window.__results.length")
    attendance.select_option(BASIS, "hours")
    result = wait_result(attendance, n)["result"]
    assert result["data"]["basis"] == "hours" and result["data"]["passing_count"] == 0
    assert "补足" in attendance.locator(".calc-checks").inner_text()

    attendance.reload()
    attendance.wait_for_selector(".calc-upload input[type=file]:not([disabled])")
    assert attendance.input_value(BASIS) == "hours"
    assert attendance.input_value(".upload-paste textarea") == text
    result = wait_result(attendance, 0)["result"]  # the kept text is computed again
    assert result["data"]["basis"] == "hours"
    send(attendance, "签到.csv", csv_bytes(boundary_rows()))
    attendance.reload()
    attendance.wait_for_selector(".calc-upload input[type=file]:not([disabled])")
    assert "不能在刷新后自动恢复" in attendance.locator(".upload-forgotten").inner_text()
    attendance.select_option(BASIS, "sessions")


@pytest.mark.browser
def test_100000_rows_with_progress_and_a_responsive_page(attendance: Any, tmp_path: Path) -> None:
    data = big_attendance()
    path = tmp_path / "签到10万行.csv"
    path.write_bytes(data)  # a path: from a buffer, playwright builds the File on the page
    attendance.evaluate(WATCH)
    n = attendance.evaluate("window.__results.length")
    started = time.perf_counter()
    attendance.set_input_files(".calc-upload input[type=file]", str(path))
    attendance.wait_for_function(f"() => window.__results.length > {n}")
    seconds = time.perf_counter() - started
    # Stopped before the result is fetched: serialising it for playwright takes a while.
    watch = attendance.evaluate("(() => { window.__watch.on = false; return window.__watch; })()")
    detail = wait_result(attendance, n)
    result = detail["result"]
    assert result["data"]["records"] == BIG_ROWS
    assert result["data"]["failing_count"] > LISTED  # the page draws the longest result
    shares = [v for v in watch["values"] if v is not None]
    assert len(set(shares)) >= 3 and shares == sorted(shares), watch["values"]
    assert any("已读取 " in t for t in watch["texts"]), watch["texts"]
    assert watch["tick"] < 500, watch  # the longest the page went without running a timer
    print(
        f"\n100,000 rows ({len(data) / 1e6:.1f} MB): {seconds:.2f} s in the browser "
        f"({detail['seconds']:.2f} s from reading the file to the result); longest main-thread "
        f"gap {watch['tick']:.0f} ms (timer), {watch['raf']:.0f} ms (frames); "
        f"{len(set(shares))} progress values, {watch['frames']} frames; "
        f"gaps over 50 ms (start, ms): {watch['gaps']}; {watch['marks']}"
    )
    assert {k: v for k, v in result.items() if k != "display"} == cli_json(
        "attendance", data, ".csv", tmp_path
    )


@pytest.mark.browser
def test_roster_ids_duplicates_class_size_and_download(roster: Any, tmp_path: Path) -> None:
    roster.select_option("[name='input.category']", "skill")
    rows = roster_rows(MAX_N)
    result = send(roster, "花名册.csv", csv_bytes(rows))["result"]
    assert result["status"] == "pass" and result["data"]["trainees"] == MAX_N
    assert "通行口径" in roster.locator(".calc-result").inner_text()

    rows = roster_rows(MAX_N + 1)
    good = rows[3][2]
    rows[3][2] = good[:-1] + ("0" if good[-1] != "0" else "1")  # row 4 of the file
    rows.append(rows[1][:])  # a repeated trainee
    data = xlsx_bytes(rows)
    result = send(roster, "花名册.xlsx", data)["result"]
    failed = {c["rule"] for c in result["checks"] if c["status"] == "fail"}
    assert failed == {"CQ16-DOCS", "CQ16-CLASS-50"}
    messages = roster.locator(".calc-checks").inner_text()
    assert "第4行 学员3：身份证号校验位错误" in messages
    assert f"第2行、第{len(rows)}行" in messages
    assert {k: v for k, v in result.items() if k != "display"} == cli_json(
        "roster", data, ".xlsx", tmp_path, "--category", "skill"
    )
    for fmt in ("csv", "xlsx"):
        table = downloaded(roster, fmt)
        assert len(table) == len(rows) and table[0][:3] == ["行号", "姓名", "身份证号"]
        assert table[3][:2] == ["4", "学员3"] and table[3][3] == "否" and table[2][3] == "是"


HOSTILE_CALLS = """async () => {
  const out = {};
  let deep = 1;
  for (let i = 0; i < 600; i++) deep = [deep];
  const render = (name, data, format) => calcRuntime.call("render", {name, data, format});
  try { await render("online-plan", {x: deep}, "findings"); out.deep = "answered"; }
  catch (e) { out.deep = e.message; }
  try { await render("no-such-template", null, "md"); out.name = "answered"; }
  catch (e) { out.name = e.message; }
  const csv = new TextEncoder().encode("姓名,课次,签到\\n张三,1,是\\n").buffer;
  out.upload = await calcRuntime.call("upload", {question: "attendance",
    files: [{name: "x.csv", buffer: csv}], payload: {input: {}, context: {as_of: 0}}});
  return out;
}"""


def test_hostile_calls_to_the_worker_get_chinese_messages_not_tracebacks(attendance: Any) -> None:
    said = attendance.evaluate(HOSTILE_CALLS)
    assert said["deep"] == "输入：JSON 嵌套超过 16 层，未读取", said
    assert said["name"].startswith("模板：没有名为“no-such-template”的模板"), said
    assert said["upload"]["problems"][0]["where"] == "判断日期", said
    assert "Traceback" not in json.dumps(said, ensure_ascii=False)


EXPORT = """async (text) => {
  const buffer = new TextEncoder().encode(text).buffer;
  const ctx = {as_of: "2026-03-01"};
  await calcRuntime.call("upload", {question: "attendance", files: [{name: "x.csv", buffer}],
                                     payload: {input: {}, context: ctx}});
  const bytes = await calcRuntime.call("download", {question: "attendance", format: "csv"});
  return new TextDecoder().decode(bytes);
}"""


def test_a_download_from_the_page_neutralises_formulas(attendance: Any) -> None:
    names = ["=1+1", "-5", "@x", "\t=1+1", "=cmd|' /C calc'!A0"]
    lines = ["姓名,课次,签到"] + ['"' + n.replace('"', '""') + '",1,是' for n in names]
    text = attendance.evaluate(EXPORT, "\n".join(lines) + "\n")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    # "\t=1+1" is trimmed to "=1+1": the same trainee as "=1+1"
    assert {r[1] for r in rows[1:]} == {"'=1+1", "'-5", "'@x", "'=cmd|' /C calc'!A0"}


def test_unrecognised_headers_and_words_are_mapped_on_the_page_and_remembered(
    attendance: Any,
) -> None:
    page = attendance
    data = "姓名,课程,到课标记\n张三,电工,是\n张三,焊工,公假\n李四,电工,是\n李四,焊工,是\n".encode()
    first = send(page, "导出.csv", data)["result"]
    assert first["headers"] == ["姓名", "课程", "到课标记"]
    assert "缺少必需的列" in page.locator(".upload-error").inner_text()
    n = page.evaluate("window.__results.length")
    page.select_option("#u-col-attended", "到课标记")
    second = wait_result(page, n)["result"]
    assert second["statuses"] == ["公假"], "the column is now read; its words are asked next"
    n = page.evaluate("window.__results.length")
    page.select_option("#u-word-0", "present")
    third = wait_result(page, n)["result"]
    assert (
        third["status"] == "pass" and third["data"]["source"]["columns"]["attended"] == "到课标记"
    )
    assert "签到 ← “到课标记”" in page.locator(".upload-read").inner_text()
    saved = json.loads(page.evaluate("localStorage.getItem('calc-upload:attendance')"))
    assert saved["mapping"] == {"columns": {"attended": "到课标记"}, "present": ["公假"],
                                "absent": []}  # fmt: skip
    again = send(page, "下一个班.csv", data)["result"]
    assert again["status"] == "pass", "the next file with the same headers is read at once"
    n = page.evaluate("window.__results.length")
    page.click(".upload-chosen button")
    assert wait_result(page, n)["result"]["error"] == "输入有误"
    saved = json.loads(page.evaluate("localStorage.getItem('calc-upload:attendance')"))
    assert saved["mapping"] == {"columns": {}, "present": [], "absent": []}


def test_several_files_at_once_give_one_report_with_a_line_per_class(attendance: Any) -> None:
    page = attendance
    one = "班级,姓名,课次,考勤状态\n一班,张三,1,正常\n一班,张三,2,迟到\n"
    one += "一班,李四,1,缺勤\n一班,李四,2,正常\n"
    two = "班级,姓名,课次,签到\n二班,王五,1,是\n二班,王五,2,是\n"
    n = page.evaluate("window.__results.length")
    page.set_input_files(".calc-upload input[type=file]", files=[
        {"name": "一班.csv", "mimeType": "text/csv", "buffer": one.encode()},
        {"name": "二班.csv", "mimeType": "text/csv", "buffer": two.encode("gbk")},
    ])  # fmt: skip
    result = wait_result(page, n)["result"]
    assert result["data"]["files"] == ["一班.csv", "二班.csv"]
    rows = page.locator("table.upload-batch tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).inner_text().split("\t")[:6] == ["一班.csv", "一班", "2", "1", "1", "50%"]
    assert rows.nth(1).inner_text().split("\t")[:6] == ["二班.csv", "二班", "1", "1", "0", "100%"]
    table = downloaded(page, "csv")
    assert table[0] == ["班级汇总"] and table[5] == ["学员明细"]


@pytest.mark.browser
def test_the_choices_are_on_the_page_before_any_script_runs(browser: Any, server: str) -> None:
    """With JavaScript off (no Python, no calc-upload.js), the boxes already hold their
    choices, with calc's labels, and the limits line."""
    ctx = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = ctx.new_page()
    try:
        page.goto(server + "/calculators/roster/")
        labels = page.locator("[name='input.category'] option").all_inner_texts()
        assert Category.SKILL.label in labels
        assert page.locator("[name='input.mode']").count() == 1
        assert page.locator("[name='context.readings.binding']").count() == 1
        assert f"{json.loads(describe('roster'))['limits']['max_rows']:,} 行数据" in (
            page.inner_text(".upload-limits")
        )
        page.goto(server + "/calculators/attendance/")
        assert page.locator(BASIS + " option").count() == 2
        assert page.locator(".upload-options").get_attribute("hidden") is not None
    finally:
        ctx.close()


@pytest.mark.browser
def test_an_empty_paste_says_so_in_place_of_the_last_result(attendance: Any) -> None:
    from calc.tables import PAGE_TEXT

    assert "error" not in send(attendance, "签到.csv", csv_bytes(boundary_rows()))["result"]
    assert attendance.locator("[data-calc-result] .calc-checks").count() == 1
    attendance.evaluate("document.querySelector('.upload-paste').open = true")
    attendance.fill(".upload-paste textarea", "  \n")
    attendance.click("[data-paste-run]")
    shown = attendance.locator("[data-calc-result]").inner_text()
    assert PAGE_TEXT["paste_empty"] in shown and PAGE_TEXT["paste_how"] in shown
    assert attendance.locator("[data-calc-result] .calc-checks").count() == 0
    assert attendance.locator(".upload-downloads").is_hidden()
