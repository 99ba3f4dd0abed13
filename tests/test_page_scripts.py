"""The page scripts stay thin (issue 13): Python returns display-ready results, the forms
are generated at build time, and no label, percentage or rule lives in JavaScript.

A string literal of docs/assets/js/*.js holding Chinese is a text the browser composes
instead of Python. :data:`RUNTIME` lists the messages about the runtime itself (loading
Pyodide, a worker that failed: there is no Python yet to ask); :data:`NOT_YET_MOVED` the
texts still written in JavaScript, to be moved to Python and struck from here. A new one
fails this test; calc-upload.js has none (its texts come from calc.tables.describe and its
box from the upload_form macro).
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

NOT_YET_MOVED: dict[str, set[str]] = {
    "calc-drafts.js": {
        "已复制本页链接（含输入）",
        "本页链接（含输入）",
        "输入太多，无法放进链接；已保存在本浏览器中。",
    },
    "calc-fields.js": {
        " 第",
        "删除第",
        "培训：",
        "行",
        "项",
        "：",
    },
    "calc-form.js": {
        " 等 ",
        " 项",
        "、",
        "出错说明",
        "填写必填项后自动计算（还缺：",
        "已在对应的输入旁标出；点击下面一项可跳到该处。",
        "计算器内部出错，不是输入的问题。请按“计算”重试或刷新页面；仍然出错时，请把下面的说明告诉网站维护者。",
        "计算没有完成",
        "输入有误：",
        "）；也可以按“计算”查看缺什么。",
        "：",
        "；",
    },
    "calc-render.js": {
        "　",
        "、",
        "使用的条文解读",
        "出处",
        "切换",
        "完整结果（JSON，与命令行输出相同）",
        "改正：",
        "施行",
        "无。",
        "条款",
        "点开一项，看实际值、标准、差距、改正办法和条文出处。",
        "用到的数值",
        "用到的规则数值",
        "用到的解读",
        "规则",
        "计算依据（trace）",
        "逐项检查",
        "（",
        "）",
        "：",
        "：“",
    },
    "calc-template.js": {
        " 不是有效的草稿 JSON（",
        "。",
        "不是表格数据",
        "先把表格填写完整、改正标出的问题，再下载。",
        "先把表格填写完整，再打印。",
        "填写完整，没有发现问题：可以在下面预览、下载和打印。",
        "已导入 ",
        "已生成 ",
        "文件没有生成：",
        "没有导入：",
        "草稿已导出为 ",
        "表格还有需要改正的地方（见上面的标注）；改正后更新预览。",
        "预览已更新。下载的文件与预览内容相同。",
        "预览没有生成：",
        "（空白）$1",
        "）",
    },
    "calc-whatif.js": {
        " 元：",
        " 天",
        " 天）",
        "上面的输入得出结果后，这里列出假设的变化。",
        "假如",
        "各项检查都不变。",
        "在上面填写“补贴标准（元/人）”后，可以看不同折算标准下的培训天数和检查结果。",
        "培训天数 ",
        "按每天 ",
        "没有算出来：",
        "现在",
        "结论 ",
        "规则",
        "（现为 ",
        "）",
        "；",
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
    allowed = RUNTIME.get(path.name, set()) | NOT_YET_MOVED.get(path.name, set())
    new = [s for s in chinese(path) if s not in allowed]
    assert not new, f"{path.name} composes texts Python should give: {new}"


@pytest.mark.parametrize("name", NONE)
def test_these_scripts_write_no_chinese(name: str) -> None:
    path = ROOT / "docs" / "assets" / "js" / name
    assert not chinese(path)
    assert name not in RUNTIME and name not in NOT_YET_MOVED


def test_the_upload_script_builds_no_field_of_the_question() -> None:
    """Its choices are the build-time form's controls (scripts/calc_forms.py upload_html)."""
    source = (ROOT / "docs" / "assets" / "js" / "calc-upload.js").read_text("utf-8")
    assert "prototype.field " not in source and "info.options" not in source
    assert "info.readings" not in source
