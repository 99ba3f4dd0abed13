"""The README can be followed as written: each command of its shell blocks runs as printed
(with the sample files in docs/examples/), its JSON sample is docs/examples/days.json and gives the
output it shows, and its Python example prints what it says it prints. Commands that set up
the machine, build the site or run the tests are checked without running them."""

from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLES = ROOT / "docs" / "examples"
PYTHON = ".venv/bin/python"

# Each command-line example of the README (what follows `.venv/bin/python -m calc`): its
# exit status and a text of its output (standard output and the --output file).
CALC = {
    "rules": (0, "| 编号 | 文件 | 条款 | 类型 | 内容 |"),
    "days docs/examples/days.json --format table": (0, "培训天数与课时：符合"),
    "ask plan-check docs/examples/plan.json": (1, '"status": "fail"'),
    "plan-check docs/examples/plan.json --format table": (1, "| 不符合 | CQ16-PRACTICAL-60 |"),
    "attendance docs/examples/考勤导出.csv --format csv --output 到课率.csv": (1, ",王五,,3,5,"),
    "attendance docs/examples/各班考勤/ --format xlsx --output 报告.xlsx": (1, "电工2班"),
    "attendance docs/examples/导出.csv --column 签到=打卡情况 --present 公假": (
        0,
        '"status": "pass"',
    ),
    "roster docs/examples/花名册.csv --category skill --as-of 2026-03-01 --format table": (
        0,
        "学员花名册检查：符合",
    ),
    "schema days": (0, '"subsidy_yuan"'),
    "--help": (0, "用法：cqcalc"),
}


def blocks(*languages: str) -> list[str]:
    """The README's fenced code blocks in these languages."""
    text = README.read_text(encoding="utf-8")
    found = re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M)
    return [body for lang, body in found if lang in languages]


def commands() -> list[str]:
    """Every command of the README's shell blocks, without its comment."""
    out = []
    for block in blocks("sh", "bash", "shell", "console"):
        for line in block.splitlines():
            if shlex.split(line, comments=True):
                out.append(re.sub(r"\s+#\s.*$", "", line).strip())
    return out


def test_the_readme_has_commands():
    assert len(commands()) >= len(CALC) + 3


def test_every_command_example_is_checked_here():
    """No expectation above outlives its command in the README."""
    shown = {" ".join(shlex.split(c)[3:]) for c in commands() if c.startswith(PYTHON)}
    assert shown == set(CALC)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        ",".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def _output_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        assert zipfile.is_zipfile(path)
        return _xlsx_text(data)
    return data.decode("utf-8-sig")


def _run_calc(args: list[str], tmp_path: Path) -> None:
    """A calc command as a newcomer runs it: from a folder holding docs/examples/."""
    shutil.copytree(EXAMPLES, tmp_path / "docs" / "examples")
    proc = subprocess.run(
        [sys.executable, "-m", "calc", *args],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    key = " ".join(args)
    said = f"exit status {proc.returncode}; stderr: {proc.stderr}"
    assert key in CALC, f"add the exit status and output of `calc {key}` to CALC ({said})"
    status, expected = CALC[key]
    assert proc.returncode == status, said
    assert "Traceback" not in proc.stderr
    output = proc.stdout
    if "--output" in args:
        assert proc.stdout == ""
        output = _output_text(tmp_path / args[args.index("--output") + 1])
    assert expected in output


def _dry_run_make(args: list[str]) -> None:
    """`make …`: the target exists and does what the README says, without running it."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    proc = subprocess.run(
        ["make", "-n", *args], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    targets = [a for a in args if "=" not in a]
    port = dict(a.split("=", 1) for a in args if "=" in a).get("PORT", "8000")
    if "serve" in targets:
        assert f"scripts/serve.py site --port {port}" in proc.stdout
    if "test" in targets:
        assert "pytest" in proc.stdout


def _apt_packages_exist(packages: list[str]) -> None:
    """`sudo apt-get install …`: each package is one the system's package index knows."""
    if shutil.which("apt-cache") is None:
        pytest.skip("not a Debian system")
    known = subprocess.run(["apt-cache", "show", "python3"], capture_output=True, check=False)
    if known.returncode != 0:
        pytest.skip("no package index (apt-get update)")
    for package in packages:
        found = subprocess.run(["apt-cache", "show", package], capture_output=True, check=False)
        assert found.returncode == 0, f"Debian knows no package {package}"


@pytest.mark.parametrize("command", commands())
def test_command_runs_as_printed(command, tmp_path):
    args = shlex.split(command)
    if args[:3] == [PYTHON, "-m", "calc"]:
        _run_calc(args[3:], tmp_path)
    elif args[0] == "make":
        _dry_run_make(args[1:])
    elif args[:3] == ["sudo", "apt-get", "install"]:
        _apt_packages_exist([a for a in args[3:] if not a.startswith("-")])
    else:
        pytest.fail(f"the README shows a command this test does not check: {command}")


def test_the_json_sample_is_the_example_file_and_gives_the_output_shown():
    [sample] = blocks("json")
    assert sample == (EXAMPLES / "days.json").read_text(encoding="utf-8")
    json.loads(sample)
    [shown] = blocks("text")
    proc = subprocess.run(
        [sys.executable, "-m", "calc", "days", "docs/examples/days.json", "--format", "table"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    assert proc.stdout.startswith(shown)


def _python_example() -> str:
    [code] = blocks("python")
    return code


def test_examples_plan_json_is_the_python_examples_input():
    call = next(
        node
        for node in ast.walk(ast.parse(_python_example()))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "run"
    )
    payload = ast.literal_eval(call.args[1])
    assert json.loads((EXAMPLES / "plan.json").read_text(encoding="utf-8")) == payload


def test_python_example_prints_what_it_claims():
    code = _python_example()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    claimed = [line.split("# ", 1)[1] for line in code.splitlines() if "# " in line]
    assert printed[0] == claimed[0]
    assert printed[1].startswith(claimed[1].removesuffix("…"))


def test_cqcalc_is_the_same_tool():
    """The README (and the site's pages) name the tool `cqcalc` too."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["cqcalc"] == "calc.cli:main"
    assert "`.venv/bin/cqcalc`" in README.read_text(encoding="utf-8")
