"""The page scripts stay thin (issue 13): Python returns display-ready results, the forms
are generated at build time, and no label, percentage or rule lives in JavaScript.

A string literal of docs/assets/js/*.js holding Chinese is a text the browser composes
instead of Python. :data:`RUNTIME` lists the only ones allowed: the messages about the
runtime itself (loading Pyodide, a worker that failed: there is no Python yet to ask). A
new one fails this test. A result's texts are calc.display's (the answer's "display"); the
form's, the drafts', the what-if panel's and the template page's are Python's too
(calc.display.PAGE_TEXT, written into the form at build time; calc.whatif), and
calc-upload.js's come from calc.tables.describe and the upload_form macro.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted((ROOT / "docs" / "assets" / "js").glob("*.js"))
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
"""Chinese characters and CJK or full-width punctuation (“、”, “：”, “（”)."""
NONE = ("calc-upload.js", "site.js")
"""Scripts with no Chinese text at all."""

RUNTIME: dict[str, set[str]] = {
    "calc-runtime.js": {
        " 秒",
        " 秒）。",
        " 秒；Pyodide ",
        "下载并启动 Python 运行环境：",
        "启动计算器",
        "无法启动 Web Worker",
        "计算器加载失败（",
        "计算器已就绪",
        "计算器已就绪（加载用时 ",
        "计算器脚本出错：",
        "重试",
        "）。计算在本浏览器中进行，数据不会上传。",
        "，calc ",
    },
    "calc-worker.js": {
        "下载 Python 运行环境",
        "内存不足：文件或输入太大，请拆分后再试",
        "启动 Python 运行环境",
        '安装软件包：${manifest.start.join("、")}',
        "导入 calc",
        "按需加载 ${wheel}",
        "无法下载运行环境文件 ${name}（${(err && err.message) || err}）",
        "无法读取 runtime/manifest.json（HTTP ${res.status}）",
        "无法读取或校验 runtime/manifest.json（与本页记录的 SHA-256 不符，或网络中断）；请刷新重试",
        "未知的请求：${msg.kind}",
        "没有可下载的结果",
        "计算时出现内部错误（",
        "请把所用的输入或文件和这段说明发给维护者（项目主页的“问题”页）。",
        "读取运行环境清单",
        '软件包加载失败：${missing.join("、")}',
        "运行环境尚未就绪",
        "运行环境文件 ${name} 校验失败：SHA-256 应为 ${expected.slice(0, 12)}…，"
        "实为 ${got.slice(0, 12)}…",
        "（文件被缓存或代理改动，或站点正在更新）；请稍后刷新重试",
        "）。请刷新页面后重试；如果仍然出错，",
    },
}


def literals(source: str) -> list[str]:
    """The string literals of a script, as written (comments skipped; a template literal
    is one string, its ``${…}`` included)."""
    out, i, n = [], 0, len(source)
    while i < n:
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif source[i] in "\"'`":
            quote, j = source[i], i + 1
            while j < n and source[j] != quote:
                j += 2 if source[j] == "\\" else 1
            out.append(source[i + 1 : j])
            i = j + 1
        else:
            i += 1
    return out


def chinese(path: Path) -> list[str]:
    return [s for s in literals(path.read_text("utf-8")) if CJK.search(s)]


def test_the_scanner_finds_strings_and_skips_comments() -> None:
    js = "var a = \"甲\"; // \"乙\"\n/* '丙' */ var b = 'x\\'丁', c = `戊${d}`;"
    assert [s for s in literals(js) if CJK.search(s)] == ["甲", "x\\'丁", "戊${d}"]


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_no_new_chinese_text_in_a_page_script(path: Path) -> None:
    new = [s for s in chinese(path) if s not in RUNTIME.get(path.name, set())]
    assert not new, f"{path.name} composes texts Python should give: {new}"


@pytest.mark.parametrize("name", NONE)
def test_these_scripts_write_no_chinese(name: str) -> None:
    path = ROOT / "docs" / "assets" / "js" / name
    assert not chinese(path)
    assert name not in RUNTIME


def test_every_page_text_a_script_names_is_pythons() -> None:
    """The keys of calc.display.PAGE_TEXT the scripts read (``texts.x``, ``T.x``,
    ``say("x")``) are all there, and each one is read by some script."""
    from calc.display import PAGE_TEXT

    given = {k for part in PAGE_TEXT.values() for k in part}
    source = "\n".join(p.read_text("utf-8") for p in SCRIPTS)
    named = set(re.findall(r"\b(?:texts|T)\.(\w+)", source))
    named |= set(re.findall(r"\bsay\(\"(\w+)\"", source))
    assert named <= given, named - given
    unread = {k for k in given if not re.search(rf"[.\"]{k}\b", source)}
    assert not unread, unread


def test_the_upload_script_builds_no_field_of_the_question() -> None:
    """Its choices are the build-time form's controls (scripts/calc_forms.py upload_html)."""
    source = (ROOT / "docs" / "assets" / "js" / "calc-upload.js").read_text("utf-8")
    assert "prototype.field " not in source and "info.options" not in source
    assert "info.readings" not in source
