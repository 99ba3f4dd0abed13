"""命令行工具 ``cqcalc`` / ``python -m calc``: every question, attendance and roster files,
the rule registry, the readings, the JSON Schemas and the example cases.

Exit status: 0 the answer was computed and is not a failure; 1 the verdict is "不符合"
(fail), or ``cases`` found a case that does not give what it expects; 2 bad input or
arguments (a Chinese message on stderr, the operating system's errors and the options'
values said in Chinese too); 3 an internal error ("内部错误") or a missing package (most
often: not run with the virtual environment's Python, which the message says). Output files
are written to a temporary file beside the target and renamed when complete, so an
error never leaves a partial file. See ``docs/developers/cli.md``.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from calc.errors import INTERNAL, InputError, explain, internal
from calc.kinds import Category, Mode
from calc.manifest import manifest

if TYPE_CHECKING:  # imported where used: --help and rules start without pydantic's models
    from calc.result import Context, Result
    from calc.tables.write import Section

EXIT_OK, EXIT_FAIL, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
FILE_COMMANDS = ("attendance", "roster")
FIXED = ("ask", *FILE_COMMANDS, "render", "schema", "rules", "readings", "cases")

_ERRORS = (
    (r"^argument (\S+): ", r"参数 \1："),
    (r"expected one argument", "需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"the following arguments are required: (.*)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.*)", r"不认识的参数：\1"),
    (r"invalid \w+ value: '(.*)'", r"值无效：“\1”"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 有歧义，可能是 \2"),
)


# The Chinese names of the options' values, for a message listing them as the JSON
# questions' do (calc.errors): 职业技能培训（skill）、…
_CHOICE_LABELS: dict[str, dict[str, str]] = {
    "format": {"json": "JSON", "table": "中文表格", "csv": "CSV 表格", "xlsx": "XLSX 表格"},
    "category": {c.value: c.label for c in Category},
    "mode": {m.value: m.label for m in Mode},
    "basis": {"sessions": "按次数", "hours": "按课时"},
    "to": {"md": "Markdown", "html": "网页", "docx": "Word 文档"},
}


def choices_text(dest: str, choices: Any) -> str:
    """An option's values as a message lists them: ``职业技能培训（skill）、…``, or the
    names alone (commands, questions) when they have no Chinese name."""
    labels = _CHOICE_LABELS.get(dest, {})
    return "、".join(f"{labels[c]}（{c}）" if c in labels else str(c) for c in choices)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese headings and error messages."""

    def __init__(self, *args: Any, help_option: bool = True, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        if help_option:
            self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：", 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage: ", "用法：", 1)
        text = text.replace("\npositional arguments:\n", "\n参数:\n")
        text = text.replace("\noptions:\n", "\n选项:\n")
        return re.sub(r"^(\S.*):$", r"\1：", text, flags=re.M)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """A value not among an option's choices, said as the JSON questions say it."""
        if action.choices is not None and value not in action.choices:
            listed = choices_text(action.dest, action.choices)
            raise argparse.ArgumentError(action, f"应为以下之一：{listed}（收到“{value}”）")

    def error(self, message: str) -> NoReturn:
        for pattern, repl in _ERRORS:
            message = re.sub(pattern, repl, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}：参数有误：{message}\n")


_JSON_FILE = "JSON 文件；- 或不填为标准输入"
_TABLE_FILE = "CSV 或 XLSX 文件；以 .json 结尾或 - 时按 JSON 问题处理"


def _common() -> _Parser:
    """Options accepted before or after any command (defaults applied in :func:`_context`)."""
    p = _Parser(help_option=False, argument_default=argparse.SUPPRESS)
    g = p.add_argument_group("通用选项")
    g.add_argument(
        "--as-of", metavar="日期", help="判断日期，如 2026-03-01（默认今天）；花名册按此日计算年龄"
    )
    g.add_argument(
        "--spb-issued", metavar="日期", help="沙坪坝区办法印发日期（文件未载明；不填视为已施行）"
    )
    g.add_argument(
        "--reading",
        metavar="键=选项",
        action="append",
        help="选择条文解读，可重复，如 --reading attendance_basis=hours（见 readings 命令）",
    )
    g.add_argument(
        "-f",
        "--format",
        choices=("json", "table", "csv", "xlsx"),
        help="输出格式：json（默认）、table（中文表格）；csv、xlsx 只用于 attendance、roster 的"
        "表格文件",
    )
    g.add_argument("-o", "--output", metavar="路径", help="写入文件（默认输出到标准输出）")
    return p


def build_parser(questions: dict[str, str] | None = None) -> argparse.ArgumentParser:
    """The parser; ``questions`` (name → title) adds one subcommand per question."""
    common = [_common()]
    parser = _Parser(
        prog="cqcalc",
        parents=common,
        description="重庆补贴性职业培训规则计算器"
        "（沙坪坝区线上职业培训监督管理办法、渝就发〔2020〕16号）",
        epilog="退出状态：0 已得出结论且不是“不符合”；1 结论为“不符合”"
        "（cases：有案例与预期不符）；2 输入或参数有误；3 内部错误。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    ask = sub.add_parser("ask", parents=common, help="回答一个问题：读入 JSON {input, context}")
    ask.add_argument("question", metavar="问题", help="问题名称，如 plan-check（见 schema 命令）")
    ask.add_argument("file", metavar="文件", nargs="?", default="-", help=_JSON_FILE)
    att = sub.add_parser("attendance", parents=common, help="到课率筛查：CSV/XLSX 签到记录")
    att.add_argument(
        "file", metavar="文件", nargs="+",
        help=_TABLE_FILE + "；可给多个文件或文件夹，合成一份报告（每个班级一行，另附学员明细）",
    )  # fmt: skip
    att.add_argument(
        "--basis",
        choices=("sessions", "hours"),
        help="到课率按次数（sessions，默认）或按课时（hours）计算",
    )
    att.add_argument(
        "--column", metavar="字段=表头", action="append",
        help="认不出的列：指明文件中哪个表头是哪个字段，可重复，如 --column 签到=考勤结果",
    )  # fmt: skip
    att.add_argument("--present", metavar="词", action="append",
                     help="算到课的状态词，逗号分隔或重复，如 --present 公假,补课")  # fmt: skip
    att.add_argument("--absent", metavar="词", action="append",
                     help="算缺课的状态词，逗号分隔或重复，如 --absent 调休")  # fmt: skip
    ros = sub.add_parser("roster", parents=common, help="学员花名册检查：CSV/XLSX 花名册")
    ros.add_argument("file", metavar="文件", help=_TABLE_FILE)
    ros.add_argument(
        "--category",
        choices=[c.value for c in Category],
        help="培训类别（表格文件必填）：" + "、".join(f"{c.value} {c.label}" for c in Category),
    )
    ros.add_argument(
        "--mode",
        choices=("online", "offline"),
        help="培训方式（默认 offline）；online 时提示4050人员等应以线下为主",
    )
    ren = sub.add_parser("render", parents=common, help="用模板生成培训方案或花名册文档")
    ren.add_argument("template", metavar="模板", help="online-plan、trainee-roster、hour-roster、"
                     "score-table 或 subsidy-roster")  # fmt: skip
    ren.add_argument("file", metavar="文件", nargs="?", default="-",
                     help="JSON 文件（模板字段）；- 为标准输入；省略 --empty 时必填")  # fmt: skip
    ren.add_argument("--to", choices=("md", "html", "docx"), default="md", help="输出格式")
    ren.add_argument("--empty", action="store_true", help="生成空白模板，不读入数据")
    schema = sub.add_parser("schema", parents=common, help="各问题输入的 JSON Schema")
    schema.add_argument("question", metavar="问题", nargs="?", help="只输出这个问题的")
    sub.add_parser("rules", parents=common, help="规则登记表（table 或 json）")
    sub.add_parser("readings", parents=common, help="条文解读及默认选择")
    sub.add_parser("cases", parents=common, help="运行全部示例案例；与预期不符时退出状态为 1")
    for name, title in (questions or {}).items():
        if name not in FIXED:
            q = sub.add_parser(name, parents=common, help=f"{title}：读入 JSON")
            q.add_argument("file", metavar="文件", nargs="?", default="-", help=_JSON_FILE)
    return parser


# ---- input -----------------------------------------------------------------------------


_DATE_OPTIONS = ("as_of", "spb_issued")
_CONTEXT_OPTIONS = (*_DATE_OPTIONS, "reading", "basis")
"""The options :func:`_context` reads: with none of them, there is nothing to check before
the command (which builds its own context when it needs one)."""


def _context(args: argparse.Namespace, base: Any = None) -> Context:
    """The context: the JSON's own, then the options (which win)."""
    from pydantic import ValidationError

    from calc.readings import catalogue
    from calc.result import Context

    data = dict(base) if isinstance(base, dict) else {}
    for key in _DATE_OPTIONS:
        if getattr(args, key, None):
            data[key] = getattr(args, key)
    given = data.get("readings")
    readings = dict(given) if isinstance(given, dict) else {}
    for pair in getattr(args, "reading", None) or []:
        key, sep, value = pair.partition("=")
        if not sep or key.strip() not in catalogue():
            known = "、".join(catalogue())
            raise InputError.one(
                "--reading", f"应为“键=选项”，键为以下之一：{known}（收到“{pair}”）"
            )
        readings[key.strip()] = value.strip()
    if getattr(args, "basis", None):
        readings["attendance_basis"] = args.basis
    if readings or isinstance(given, dict):
        data["readings"] = readings  # otherwise what was given, for Context to refuse
    try:
        return Context.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, Context) from exc


_OS_ERRORS = {
    errno.ENOENT: "没有这个文件",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接循环",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "只读的文件系统",
    errno.EDQUOT: "超出磁盘配额",
    errno.EIO: "读写出错（磁盘或网络文件夹的故障）",
}


def os_error(exc: OSError) -> str:
    """What the operating system said, in Chinese (``No such file or directory`` → 没有这个文件)."""
    code = exc.errno
    if code in _OS_ERRORS:
        return _OS_ERRORS[code]
    return f"操作系统报告错误 {errno.errorcode.get(code, code)}" if code else "操作系统报告错误"


def _open(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as exc:
        said = os_error(exc)
        if exc.errno == errno.ENOENT and not os.path.isabs(path):
            said += f"（相对路径从当前文件夹“{os.getcwd()}”算起）"
        raise InputError.one("文件", f"无法打开“{path}”：{said}") from exc


def _json(path: str) -> dict[str, Any]:
    from calc.boundary import loads

    with _open(path) as f:
        data = loads(f.read(), "文件")
    if not isinstance(data, dict) or not set(data) <= {"input", "context"}:
        raise InputError.one("文件", '应为 JSON 对象 {"input": {…}, "context": {…}}')
    return data


# ---- output ----------------------------------------------------------------------------


def _write(args: argparse.Namespace, write: Callable[[IO[str]], object], bom: bool = False) -> None:
    """Write to ``--output`` through a temporary file renamed at the end, or to stdout."""
    path = getattr(args, "output", None)
    if not path or path == "-":
        write(sys.stdout)
        sys.stdout.flush()
        return
    _replace(Path(path), lambda fd: _text_to(fd, write, bom))


def _text_to(fd: int, write: Callable[[IO[str]], object], bom: bool) -> None:
    with open(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        write(f)


def _write_bytes(args: argparse.Namespace, data: bytes) -> None:
    """Binary output (a .docx): to ``--output`` the same way, or to stdout."""
    path = getattr(args, "output", None)
    if not path or path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    _replace(Path(path), lambda fd: _bytes_to(fd, data))


def _bytes_to(fd: int, data: bytes) -> None:
    with open(fd, "wb") as f:
        f.write(data)


def _replace(target: Path, fill: Callable[[int], object]) -> None:
    """Create ``target`` whole or not at all: fill a temporary file beside it, then rename."""
    if target.is_dir():
        raise InputError.one("--output", f"“{target}”是文件夹，请给出文件名，如 {target / '结果'}")
    if not target.parent.is_dir():
        raise InputError.one("--output", f"文件夹“{target.parent}”不存在")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        said = os_error(exc)
        raise InputError.one("--output", f"无法写入文件夹“{target.parent}”：{said}") from exc
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        fill(fd)
        os.replace(tmp, target)
    except OSError as exc:
        os.unlink(tmp)
        raise InputError.one("--output", f"无法写入“{target}”：{os_error(exc)}") from exc
    except BaseException:
        os.unlink(tmp)
        raise


def _cell(value: Any) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def _table(rows: list[list[Any]], head: list[str]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def result_table(out: dict[str, Any]) -> str:
    """A result as Chinese text: title and summary, the checks, the readings used."""
    from calc.result import Status

    rows = [[Status(c["status"]).text, c["rule"], c["message"], c.get("fix") or ""]
            for c in out["checks"]]  # fmt: skip
    text = f"{out['summary']}\n\n" + _table(rows, ["结论", "规则", "说明", "改正"])
    if out["readings"]:
        used = [f"解读 {r['number']}：{r['text']}" + ("（默认）" if r["default"] else "")
                for r in out["readings"]]  # fmt: skip
        text += "\n使用的解读：\n" + "\n".join(used) + "\n"
    return text


def _refuse_table_format(args: argparse.Namespace) -> None:
    """csv and xlsx are the formats of an uploaded register's rows: any other answer (a
    question's JSON, the rules, the readings, the cases) refuses them rather than print
    something else."""
    fmt = getattr(args, "format", None)
    if fmt in ("csv", "xlsx"):
        raise InputError.one("--format", f"{fmt} 只用于 attendance、roster 的表格文件")


def _emit(args: argparse.Namespace, out: dict[str, Any]) -> None:
    _refuse_table_format(args)
    fmt = getattr(args, "format", "json")
    if fmt == "table":
        text = result_table(out)
    else:
        text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    _write(args, lambda f: f.write(text))


def _verdict(out: dict[str, Any]) -> int:
    return EXIT_FAIL if out.get("status") == "fail" else EXIT_OK


# ---- commands --------------------------------------------------------------------------


def _ask(args: argparse.Namespace, name: str, path: str) -> int:
    from calc.api import run

    payload = _json(path)
    ctx = _context(args, payload.get("context"))
    payload["context"] = ctx.model_dump(mode="json")
    out = run(name, payload)
    if out.get("error") == INTERNAL:
        print(out["message"], file=sys.stderr)
        return EXIT_INTERNAL
    if "error" in out:
        raise InputError([(p["where"], p["what"]) for p in out["problems"]])
    _emit(args, out)
    return _verdict(out)


def _attendance(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from calc.questions.attendance import export as export_attendance
    from calc.questions.attendance import screen_file
    from calc.questions.attendance_files import AttendanceOptions

    ctx = _context(args)
    columns = {}
    for pair in args.column or []:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise InputError.one("--column", f"应为“字段=表头”，如 签到=考勤结果（收到“{pair}”）")
        columns[field.strip()] = header.strip()
    words = {k: [w.strip() for v in getattr(args, k) or [] for w in re.split("[,，、]", v)
                 if w.strip()] for k in ("present", "absent")}  # fmt: skip
    try:
        options = AttendanceOptions(columns=columns, **words)
    except ValidationError as exc:
        raise explain(exc, AttendanceOptions) from exc
    files = _expand(args.file)
    if len(files) > 1:
        from calc.questions.batch import screen_many

        opened = [(path, lambda path=path: _open(path)) for path in files]
        report = screen_many(opened, ctx, options)
        code = _emit_file_result(args, report, export_attendance)
        unread = [c for c in report.data["classes"] if c["trainees"] is None]
        for c in unread:
            print(f"“{c['file']}”：{c['problems']}", file=sys.stderr)
        return EXIT_INPUT if unread else code
    with _open(files[0]) as f:
        result = screen_file(f, ctx, name=files[0], options=options)
    return _emit_file_result(args, result, export_attendance)


TABLE_SUFFIXES = (".csv", ".xlsx", ".tsv", ".txt")


def _expand(paths: list[str]) -> list[str]:
    """The files named, a folder standing for its table files (sorted by name)."""
    out = []
    for path in paths:
        folder = Path(path)
        if folder.is_dir():
            found = sorted(str(p) for p in folder.iterdir()
                           if p.suffix.lower() in TABLE_SUFFIXES and p.is_file())  # fmt: skip
            if not found:
                raise InputError.one("文件", f"文件夹“{path}”中没有 CSV 或 XLSX 文件")
            out += found
        else:
            out.append(path)
    return out


def _emit_file_result(
    args: argparse.Namespace, result: Result, export: Callable[[Result], list[Section]]
) -> int:
    """A file screening: its tables as CSV or XLSX (the same bytes the web page
    downloads), or the result as JSON or a table."""
    fmt = getattr(args, "format", "json")
    if fmt not in ("csv", "xlsx"):
        return _emit_result(args, result)
    from calc.tables.write import write_tables

    if fmt == "xlsx" and not getattr(args, "output", None) and sys.stdout.isatty():
        raise InputError.one("--output", "xlsx 是二进制文件，请用 --output 指定保存位置")
    data = write_tables(export(result), fmt)
    if fmt == "csv" and getattr(args, "output", None) in (None, "-"):
        data = data.removeprefix(b"\xef\xbb\xbf")  # the BOM is for Excel opening a file
    _write_bytes(args, data)
    return _verdict({"status": result.status.value})


def _emit_result(args: argparse.Namespace, result: Result) -> int:
    """A large result: the table needs only the checks, so skip dumping the data; JSON is
    written as pydantic serialises it, with no copy of the data as Python objects (a
    register of 500,000 trainees would take gigabytes)."""
    if getattr(args, "format", "json") == "table":
        out = result.model_dump(mode="json", exclude={"data", "trace"})
        _write(args, lambda f: f.write(result_table(out)))
    else:
        _write_bytes(args, result.__pydantic_serializer__.to_json(result, indent=2) + b"\n")
    return _verdict({"status": result.status.value})


def _roster(args: argparse.Namespace) -> int:
    from calc.questions.roster import check_file
    from calc.questions.roster import export as export_roster

    if not getattr(args, "category", None):
        known = choices_text("category", [c.value for c in Category])
        raise InputError.one("--category", f"请指定培训类别，如 --category skill：{known}")
    ctx = _context(args)
    mode = Mode(getattr(args, "mode", None) or "offline")
    with _open(args.file) as f:
        result = check_file(f, ctx, category=Category(args.category), mode=mode, name=args.file)
    return _emit_file_result(args, result, export_roster)


def _schema(args: argparse.Namespace) -> int:
    from calc.api import schemas

    all_schemas = schemas()
    name = getattr(args, "question", None)
    if name is not None and name not in all_schemas:
        names = "、".join(n for n in all_schemas if n != "context")
        raise InputError.one(
            "问题", f"没有名为“{name}”的问题；可用的问题：{names}；另有 context（各问题共用的情境）"
        )
    out = all_schemas[name] if name else all_schemas
    _write(args, lambda f: f.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n"))
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    """The registry: as JSON, each rule as its model gives it (pydantic); as a table, the
    data files' own words, read with no model (the command starts as quickly as --help)."""
    if getattr(args, "format", "table") == "json":
        from calc.rules import registry

        rules = registry().values()
        out = [r.model_dump(mode="json") | {"citation": r.citation.model_dump()} for r in rules]
        text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    else:
        from calc.rulefiles import read, rule_data

        docs = read("sources.toml")
        kinds = {"check": "检查", "advisory": "提示", "outside": "文件以外"}
        rows = [
            [
                rule_id,
                docs[str(r["doc"])]["short"],
                r["article"],
                kinds[str(r["kind"])],
                r["statement"],
            ]
            for rule_id, r in rule_data().items()
        ]
        text = _table(rows, ["编号", "文件", "条款", "类型", "内容"])
    _write(args, lambda f: f.write(text))
    return EXIT_OK


def _readings(args: argparse.Namespace) -> int:
    from calc.readings import catalogue

    readings = catalogue().values()
    if getattr(args, "format", "table") == "json":
        out = [r.model_dump(mode="json") for r in readings]
        text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    else:
        rows = [[r.number, r.key, r.question, "；".join(f"{k}：{v}" for k, v in r.options.items()),
                 r.default] for r in readings]  # fmt: skip
        text = _table(rows, ["序号", "键", "问题", "选项", "默认"])
    _write(args, lambda f: f.write(text))
    return EXIT_OK


def _cases(args: argparse.Namespace) -> int:
    from calc.examples import cases, check

    found = [(c, check(c)) for c in cases()]
    bad = [(c, p) for c, p in found if p]
    if getattr(args, "format", "table") == "json":
        out = [{"file": c.file, "name": c.name, "problems": p} for c, p in found]
        text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [f"{'✗' if p else '✓'} {c.file} {c.name}" + "".join(f"\n    {x}" for x in p)
                 for c, p in found]  # fmt: skip
        lines.append(f"共 {len(found)} 个案例，{len(bad)} 个与预期不符")
        text = "\n".join(lines) + "\n"
    _write(args, lambda f: f.write(text))
    return EXIT_FAIL if bad else EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from calc.render import empty, render

    if args.empty:
        data = empty(args.template, args.to)
    else:
        from calc.boundary import loads

        with _open(args.file) as f:
            fields = loads(f.read(), "文件")
        if not isinstance(fields, dict):
            raise InputError.one("文件", "应为 JSON 对象（模板字段）")
        data = render(args.template, fields, args.to)
    if args.to == "docx" and not getattr(args, "output", None) and sys.stdout.isatty():
        raise InputError.one("--output", "docx 是二进制文件，请用 --output 指定保存位置")
    _write_bytes(args, data)
    return EXIT_OK


def _run(argv: Sequence[str]) -> int:
    titles = {name: entry.title for name, entry in manifest().items()}
    args = build_parser(titles).parse_args(argv)
    if args.command is None:
        build_parser(titles).print_help(sys.stderr)
        return EXIT_INPUT
    if any(getattr(args, key, None) for key in _CONTEXT_OPTIONS):
        _context(args)  # bad dates or readings are reported whatever the command
    if args.command in FILE_COMMANDS:
        files = [args.file] if isinstance(args.file, str) else args.file
        if len(files) == 1 and (files[0] == "-" or files[0].lower().endswith(".json")):
            return _ask(args, args.command, files[0])
        if any(f == "-" or f.lower().endswith(".json") for f in files):
            said = "多个文件时只能是 CSV、XLSX 文件或文件夹，不能有 JSON 或 -"
            raise InputError.one("文件", said)
        return _attendance(args) if args.command == "attendance" else _roster(args)
    handlers = {
        "render": _render,
        "schema": _schema,
        "rules": _rules,
        "readings": _readings,
        "cases": _cases,
    }
    if args.command in handlers:
        _refuse_table_format(args)
        return handlers[args.command](args)
    if args.command == "ask":
        return _ask(args, args.question, args.file)
    return _ask(args, args.command, args.file)


_EXTRAS = {"openpyxl": "xlsx"}
"""Optional packages: the extra of pyproject.toml that installs each."""


def missing_package(module: str) -> str:
    """What to do when a package calc needs is not installed: most often the command was
    run with a Python other than the project's virtual environment."""
    top = module.split(".")[0]
    if top in _EXTRAS:
        how = f'请安装：.venv/bin/pip install -e ".[{_EXTRAS[top]}]"'
    else:
        how = (
            "请用项目的虚拟环境运行：.venv/bin/python -m calc …（由 make serve 或 make test 创建）"
        )
    return f"缺少 Python 包“{top}”（当前的 Python：{sys.executable}）。{how}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``cqcalc`` and ``python -m calc``; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            # a file name with undecodable bytes reaches us as lone surrogates
            stream.reconfigure(encoding="utf-8", errors="replace")
    try:
        return _run(sys.argv[1:] if argv is None else argv)
    except InputError as exc:
        print(f"输入有误：{exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except ModuleNotFoundError as exc:
        if not exc.name or exc.name.split(".")[0] == "calc":
            print(internal(exc)["message"], file=sys.stderr)
        else:
            print(missing_package(exc.name), file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:
        print(internal(exc)["message"], file=sys.stderr)
        return EXIT_INTERNAL
