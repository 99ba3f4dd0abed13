"""The command-line tool: commands, exit status, atomic output and the documentation."""

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from calc import cli
from calc.api import questions
from calc.examples import Case

ROOT = Path(__file__).resolve().parents[1]


def calc(*args, stdin=None):
    """``python -m calc ARGS`` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "calc", *map(str, args)],
        input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip


def checkins(tmp_path, passing=True, name="签到.csv"):
    """Five sessions; 张三 attends all, 李四 four (80%) or three."""
    lines = ["姓名,课次,签到"]
    for i in range(1, 6):
        lines += [
            f"张三,第{i}次,是",
            f"李四,第{i}次,{'是' if i <= (4 if passing else 3) else '否'}",
        ]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def no_traceback(proc):
    assert "Traceback" not in proc.stderr


# ---- exit status -----------------------------------------------------------------------


def test_attendance_file_pass_and_fail(tmp_path):
    ok = calc("attendance", checkins(tmp_path), "--as-of", "2026-03-01")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["status"] == "pass"
    bad = calc("--as-of", "2026-03-01", "attendance", checkins(tmp_path, passing=False))
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["status"] == "fail"


def test_bad_input_exits_2_in_chinese(tmp_path):
    path = tmp_path / "坏.csv"
    path.write_text("姓名,课次,签到\n张三,1,也许\n", encoding="utf-8")
    proc = calc("attendance", path)
    assert proc.returncode == 2
    assert "输入有误：列“签到”：不认识的状态“也许”（第2行）" in proc.stderr
    no_traceback(proc)
    missing = calc("attendance", tmp_path / "没有.csv")
    assert missing.returncode == 2
    assert f"输入有误：文件：无法打开“{tmp_path / '没有.csv'}”：没有这个文件" in missing.stderr
    no_traceback(missing)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["attendance", "没有.csv"], "无法打开“没有.csv”：没有这个文件（相对路径从当前文件夹“"),
        (["roster", ".", "--category", "skill"], "无法打开“.”：这是文件夹，不是文件"),
        (["rules", "--output", "."], "--output：“.”是文件夹，请给出文件名"),
    ],
)
def test_file_errors_are_chinese_and_name_the_file(args, said):
    """What the system says (No such file or directory, Is a directory) is said in Chinese."""
    proc = calc(*args)
    assert proc.returncode == 2 and said in proc.stderr
    assert not re.search("[A-Za-z]{3,} [a-z]{2,}", proc.stderr), proc.stderr
    no_traceback(proc)


def test_os_error_names_every_errno_in_chinese():
    import errno

    assert (
        cli.os_error(FileNotFoundError(errno.ENOENT, "No such file or directory")) == "没有这个文件"
    )
    assert cli.os_error(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert cli.os_error(OSError(errno.EXDEV, "Invalid cross-device link")).endswith("EXDEV")


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (
            ["roster", "x.csv", "--category", "nope"],
            "职业技能培训（skill）、企业职工岗位技能提升培训（upgrade）",
        ),
        (["roster", "x.csv", "--category", "skill", "--mode", "x"], "线上（online）"),
        (["--format", "xml", "rules"], "中文表格（table）"),
        (["attendance", "x.csv", "--basis", "days"], "按次数（sessions）、按课时（hours）"),
        (["render", "online-plan", "--to", "pdf"], "Word 文档（docx）"),
        (["nosuch"], "ask、attendance、roster"),
    ],
)
def test_choices_are_listed_with_their_chinese_names(args, listed):
    proc = calc(*args)
    assert proc.returncode == 2
    assert "应为以下之一：" in proc.stderr and listed in proc.stderr and "（收到“" in proc.stderr
    assert "invalid choice" not in proc.stderr and "'" not in proc.stderr.splitlines()[-1]


def test_argument_errors_are_chinese():
    proc = calc("attendance")
    assert proc.returncode == 2 and "缺少参数" in proc.stderr and "用法：" in proc.stderr
    proc = calc("--format", "xml", "rules")
    assert proc.returncode == 2 and "应为以下之一" in proc.stderr
    proc = calc("--reading", "nosuch=1", "rules")
    assert proc.returncode == 2 and "attendance_basis" in proc.stderr
    proc = calc("--as-of", "去年", "attendance", "x.csv")
    assert proc.returncode == 2 and "判断日期" in proc.stderr


def test_internal_error_exits_3_without_traceback(monkeypatch, capsys):
    def boom(args):
        raise RuntimeError("出乎意料")

    monkeypatch.setattr(cli, "_rules", boom)
    assert cli.main(["rules"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("计算时出现内部错误（RuntimeError：出乎意料）") and "Traceback" not in err
    assert "发给维护者" in err, "an internal error says how to report it"


# ---- output files ----------------------------------------------------------------------


def test_csv_output_written_whole(tmp_path):
    out = tmp_path / "结果.csv"
    proc = calc("attendance", checkins(tmp_path, passing=False), "--format", "csv", "--output", out)
    assert proc.returncode == 1 and proc.stdout == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [(r["姓名"], r["到课次数"], r["应到次数"]) for r in rows] == [
        ("张三", "5", "5"),
        ("李四", "3", "5"),
    ]
    assert rows[1]["到课率不低于80%"] == "否"
    assert rows[1]["还需出勤次数"] == "1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["签到.csv", "结果.csv"]


def test_csv_on_standard_output_has_no_bom(tmp_path):
    proc = calc("attendance", checkins(tmp_path), "--format", "csv")
    assert proc.returncode == 0 and proc.stdout.startswith("班级,姓名,")


def test_a_missing_optional_package_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    out = tmp_path / "报告.xlsx"
    assert (
        cli.main(["attendance", str(checkins(tmp_path)), "--format", "xlsx", "-o", str(out)]) == 3
    )
    err = capsys.readouterr().err
    assert "缺少 Python 包“openpyxl”" in err and '.venv/bin/pip install -e ".[xlsx]"' in err
    assert "内部错误" not in err and not out.exists()


def test_a_python_without_the_dependencies_is_told_to_use_the_venv(tmp_path):
    """The system's python3 has no pydantic: say which Python to use, not 内部错误."""
    code = "import sys; sys.modules['pydantic'] = None; from calc import cli; sys.exit(cli.main())"
    path = attendance_json(tmp_path, 4)
    proc = subprocess.run([sys.executable, "-c", code, "days", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert proc.returncode == 3
    assert "缺少 Python 包“pydantic”" in proc.stderr and ".venv/bin/python -m calc" in proc.stderr
    assert "内部错误" not in proc.stderr
    no_traceback(proc)


def test_no_partial_output_on_error(tmp_path):
    bad = tmp_path / "坏.csv"
    bad.write_text("姓名,课次,签到\n" + "张三,1,是\n" * 1000 + "张三,2,也许\n", encoding="utf-8")
    out = tmp_path / "结果.json"
    proc = calc("attendance", bad, "--output", out)
    assert proc.returncode == 2
    assert not out.exists()
    out.write_text("旧内容", encoding="utf-8")
    proc = calc("attendance", bad, "--output", out)
    assert proc.returncode == 2 and out.read_text(encoding="utf-8") == "旧内容"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["坏.csv", "结果.json"]


def test_output_folder_must_exist(tmp_path):
    proc = calc("rules", "--output", tmp_path / "没有" / "x.md")
    assert proc.returncode == 2 and "不存在" in proc.stderr


def test_table_format_in_chinese(tmp_path):
    proc = calc("attendance", checkins(tmp_path, passing=False), "--format", "table")
    assert proc.returncode == 1
    assert "| 结论 | 规则 | 说明 | 改正 |" in proc.stdout
    assert "| 不符合 | SPB-ATTEND-80 | 李四 到课 3/5 次" in proc.stdout
    assert "使用的解读：" in proc.stdout


# ---- JSON questions --------------------------------------------------------------------


def attendance_json(tmp_path, attended):
    records = [
        {"trainee": "张三", "session": str(i), "attended": i <= attended} for i in range(1, 6)
    ]
    path = tmp_path / "考勤.json"
    path.write_text(json.dumps({"input": {"records": records}}), encoding="utf-8")
    return path


def test_ask_and_question_subcommands(tmp_path):
    path = attendance_json(tmp_path, 4)
    assert calc("ask", "attendance", path).returncode == 0
    assert calc("attendance", path).returncode == 0
    failing = attendance_json(tmp_path, 3)
    assert calc("ask", "attendance", failing).returncode == 1
    by_stdin = calc("ask", "attendance", "-", stdin=failing.read_text(encoding="utf-8"))
    assert by_stdin.returncode == 1


def test_reading_option_overrides_json_context(tmp_path):
    records = [{"trainee": "张三", "session": "1", "hours": 4, "attended": True},
               {"trainee": "张三", "session": "2", "hours": 1, "attended": False}]  # fmt: skip
    payload = {
        "input": {"records": records},
        "context": {"readings": {"attendance_basis": "hours"}},
    }
    path = tmp_path / "考勤.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    assert calc("ask", "attendance", path).returncode == 0  # 4 of 5 hours
    assert calc("attendance", path, "--basis", "sessions").returncode == 1  # 1 of 2
    hours = calc("ask", "attendance", path, "--reading", "attendance_basis=sessions")
    assert hours.returncode == 1


def test_bad_json_exits_2(tmp_path):
    path = tmp_path / "坏.json"
    path.write_text('{"input": ', encoding="utf-8")
    proc = calc("ask", "attendance", path)
    assert proc.returncode == 2 and "不是有效的 JSON" in proc.stderr
    proc = calc("ask", "nosuch", attendance_json(tmp_path, 4))
    assert proc.returncode == 2 and "没有名为“nosuch”的问题" in proc.stderr
    proc = calc("ask", "attendance", attendance_json(tmp_path, 4), "--format", "csv")
    assert proc.returncode == 2
    no_traceback(proc)


def test_every_question_is_a_subcommand():
    titles = {n: q.title for n, q in questions().items()}
    parser = cli.build_parser(titles)
    for name in titles:
        args = parser.parse_args([name, "x.json", "--as-of", "2026-03-01"])
        assert args.command == name and args.as_of == "2026-03-01"


def test_roster_file(tmp_path):
    from datetime import date

    from stdnum.cn import ric

    body = f"500106{date(1986, 3, 1):%Y%m%d}002"
    path = tmp_path / "花名册.csv"
    path.write_text(f"姓名,身份证号\n王芳,{body}{ric.calc_check_digit(body + '0')}\n", "utf-8")
    proc = calc("roster", path, "--category", "skill", "--mode", "online", "--as-of", "2026-03-01",
                "--format", "csv")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    [row] = csv.DictReader(proc.stdout.splitlines())
    assert (row["年龄"], row["4050人员（通行口径）"], row["性别"]) == ("40", "是", "女")
    proc = calc("roster", path)
    assert proc.returncode == 2 and "请指定培训类别" in proc.stderr


# ---- registry commands -----------------------------------------------------------------


def test_schema_rules_readings(capsys):
    assert cli.main(["schema", "attendance"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "records" in schema["properties"]
    assert cli.main(["schema"]) == 0
    assert {"attendance", "roster", "context"} <= set(json.loads(capsys.readouterr().out))
    assert cli.main(["schema", "nosuch"]) == 2
    capsys.readouterr()
    assert cli.main(["rules", "--format", "json"]) == 0
    assert "SPB-ATTEND-80" in {r["id"] for r in json.loads(capsys.readouterr().out)}
    assert cli.main(["rules"]) == 0
    assert "| SPB-ATTEND-80 | 沙坪坝区办法 |" in capsys.readouterr().out
    assert cli.main(["readings"]) == 0
    assert "| 5 | attendance_basis |" in capsys.readouterr().out


def test_cases_exit_1_on_a_mismatch(monkeypatch, capsys):
    import calc.examples

    records = [{"trainee": "甲", "session": "1", "attended": True}]
    good = Case(file="x.toml", name="好", question="attendance", expect="pass",
                input={"records": records})  # fmt: skip
    wrong = good.model_copy(update={"name": "错", "expect": "fail"})
    monkeypatch.setattr(calc.examples, "cases", lambda: (good,))
    assert cli.main(["cases"]) == 0
    monkeypatch.setattr(calc.examples, "cases", lambda: (good, wrong))
    assert cli.main(["cases"]) == 1
    out = capsys.readouterr().out
    assert "✗ x.toml 错" in out and "共 2 个案例，1 个与预期不符" in out


# ---- the documentation -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["rules", "readings", "cases"])
def test_help_is_chinese(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "显示帮助并退出" in out


FORMS = Path(__file__).parent / "fixtures" / "forms"


def test_render_docx_from_json(tmp_path):
    out = tmp_path / "方案.docx"
    proc = calc("render", "online-plan", str(FORMS / "online-plan.full.json"), "--to", "docx",
                "-o", str(out))  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:2] == b"PK"


def test_render_bad_fields_exit_2_and_leave_no_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"institution": ""}), encoding="utf-8")
    out = tmp_path / "方案.md"
    proc = calc("render", "online-plan", str(bad), "--to", "md", "-o", str(out))
    assert proc.returncode == 2
    assert "输入有误" in proc.stderr
    no_traceback(proc)
    assert list(tmp_path.iterdir()) == [bad]


def test_render_empty_roster(tmp_path):
    proc = calc("render", "trainee-roster", "--empty", "--to", "html")
    assert proc.returncode == 0
    assert "学员花名册" in proc.stdout


def _modules_after(*argv: str) -> set[str]:
    """The modules a fresh Python has imported after ``python -m calc ARGV``."""
    code = (
        "import contextlib, io, sys\n"
        "from calc import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    cli.main({list(argv)!r})\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_help_starts_without_pydantic_and_without_any_question():
    loaded = _modules_after("--help")
    assert not {m for m in loaded if m.startswith(("calc.questions", "calc.cq16", "calc.spb"))}
    assert "pydantic" not in loaded and "calc.rules" not in loaded


def test_rules_table_imports_only_the_cli_and_the_data_files():
    """``rules`` (a table) reads the data files with tomllib: no question, no model, no
    pydantic; as JSON it needs the models (calc.rules), and still no question."""
    questions = ("calc.questions", "calc.cq16", "calc.spb")
    loaded = _modules_after("rules")
    assert {m for m in loaded if m.split(".")[0] == "calc"} == {
        "calc", "calc.cli", "calc.errors", "calc.kinds", "calc.manifest", "calc.rulefiles",
    }  # fmt: skip
    assert not {m for m in loaded if m.split(".")[0] in ("pydantic", "pydantic_core")}
    as_json = _modules_after("rules", "--format", "json")
    assert "calc.rules" in as_json and not {m for m in as_json if m.startswith(questions)}


def test_unknown_schema_names_the_questions_and_the_context_apart():
    proc = calc("schema", "nosuch")
    assert proc.returncode == 2
    questions, context = proc.stderr.split("可用的问题：")[1].split("；另有 ")
    assert "context" not in questions and "plan-check" in questions
    assert context.startswith("context（")
    assert calc("schema", "context").returncode == 0


def test_rules_table_is_the_validated_registry(capsys):
    """The table read from the data files with no model is the registry's, row for row."""
    from calc.rules import registry

    assert cli.main(["rules"]) == 0
    kinds = {"check": "检查", "advisory": "提示", "outside": "文件以外"}
    rows = [[r.id, r.source.short, r.article, kinds[r.kind], r.statement]
            for r in registry().values()]  # fmt: skip
    assert capsys.readouterr().out == cli._table(rows, ["编号", "文件", "条款", "类型", "内容"])


@pytest.mark.parametrize("command", ["rules", "readings", "cases", "schema"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_commands_without_rows_refuse_the_row_formats(command, fmt):
    """csv and xlsx are the formats of a register's rows: a command that has none says so
    rather than print its table under another name."""
    proc = calc(command, "-f", fmt)
    assert proc.returncode == 2 and proc.stdout == ""
    assert f"--format：{fmt} 只用于 attendance、roster" in proc.stderr
