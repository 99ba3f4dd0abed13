"""The site's generated content: the mkdocs-macros module (``module_name: scripts/macros``).

Every rule value, reading, schema and coverage mark on the site is rendered here from
calc's registry at build time; nothing is typed by hand in the pages. Pages that use
macros say ``render_macros: true`` in their front matter (the transcribed regulations
do not: their ``{#anchor}`` attributes are not Jinja).

After each anchored section of ``docs/regulations/*.md`` a "本条规则" block is inserted
(``on_post_page_macros``), listing the rules that cite that anchor, so the transcriptions
stay verbatim in the repository.

Questions, their pages and their rules come from calc's manifest (``calc/manifest.toml``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib
import importlib.util
import inspect
import json
import logging
import posixpath
import re
import sys
import tomllib
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if importlib.util.find_spec("calc") is None:  # PYTHONPATH, when set, wins (tests use that)
    sys.path.append(str(ROOT))

from calc import api, models  # noqa: E402
from calc.manifest import Entry, manifest  # noqa: E402
from calc.readings import catalogue  # noqa: E402
from calc.rules import Param, Rule, registry, sources  # noqa: E402
from calc.text import num, pct  # noqa: E402


def _sibling(name: str) -> Any:
    """A module next to this file (mkdocs-macros loads this file by path, so ``scripts``
    may not be importable as a package)."""
    try:
        return importlib.import_module(f"scripts.{name}")
    except ImportError:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module


calc_forms = _sibling("calc_forms")  # the form generator
csp = _sibling("csp")  # the pages' Content-Security-Policy

log = logging.getLogger("mkdocs.plugins.macros.site")


CALCULATORS: dict[str, Entry] = manifest()
"""Every question's page, title, rules, readings and example: calc's manifest."""

KIND_TEXT = {
    "check": "检查（决定结论）",
    "advisory": "提示（不决定结论）",
    "outside": "不在本文件内",
}

# Sections of the two documents that create no rule (rules.md, last section), with a note.
SECTION_NOTES: dict[str, tuple[str, str]] = {
    "spb-1": ("organisational", "制定目的与依据"),
    "spb-4": (
        "organisational",
        "“三方”责任：法定代表人、培训事务专员（班主任）、区人力社保局质量监督人",
    ),
    "spb-10": ("organisational", "考核评价由区人力社保局就业促进科负责并颁发证书"),
    "spb-13": ("organisational", "区人力社保局培训前、中、后的监督职责"),
    "spb-15": ("organisational", "解释机关"),
    "cq16-notice": (
        "organisational",
        "印发通知：区县公共就业创业服务机构结合实际参照执行（见解读“binding”）",
    ),
    "cq16-preamble": ("organisational", "制定目的"),
    "cq16-1": ("organisational", "培训内容的导向：新技术、新工艺等纳入教学，职业道德等贯穿全过程"),
    "cq16-1-2": ("organisational", "岗前培训内容范围的描述，不设可判定的条件"),
    "cq16-1-3": ("organisational", "就业适应性培训内容范围的描述，不设可判定的条件"),
    "cq16-1-4": (
        "outside",
        "创业培训内容按中国就业培训技术指导中心有关规定执行（同二（四），CQ16-STARTUP）",
    ),
    "cq16-5": ("organisational", "按审定方案培训，过程可查询、可追溯，承诺真实有效"),
    "cq16-6": ("organisational", "精简申报资料、按四个环节整理归档"),
}
STATUS_TEXT = {
    "encoded": "已编码",
    "advisory": "提示",
    "outside": "范围外",
    "organisational": "组织性条款",
    "heading": "章节标题",
}

# Chinese search: Material segments the pages with jieba at build time. These words of the
# two documents must stay whole, or a query for them finds only their fragments.
SEARCH_WORDS = (
    "到课率", "达标率", "总课时", "实训操作", "理论学习", "补贴标准", "培训天数", "开班申请",
    "开班人数", "线上培训", "线下培训", "职业技能培训", "岗前培训", "就业适应性培训", "创业培训",
    "转岗转业培训", "岗位技能提升培训", "特色职业目录", "专项职业能力", "职业分类大典",
    "人脸识别", "签到册", "花名册", "学时记录", "培训机构", "培训平台", "推荐目录", "抽查",
    "分段录像", "现场照片", "直播间", "资料清单", "审核留存", "查验返还", "身份凭证",
    "学分管理", "考勤制度", "人离线断", "教学方案", "印发之日",
)  # fmt: skip
SEARCH_BOOST = {"regulations/": 50.0, "developers/": 0.2}  # the texts first, reference pages last

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{#([\w-]+)\}\s*$")
_SPAN = re.compile(r'<span id="([\w-]+)"></span>')


# --- registry helpers ---------------------------------------------------------------------


def _labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for enum in (models.Category, models.Catalogue, models.TargetGroup, models.ContentKind):
        out.update({m.value: m.label for m in enum})
    return out


def show(p: Param) -> str:
    """A value with its unit: ``60%``, ``50人``, ``130元/天``; lists by label or phrase."""
    if isinstance(p.value, Decimal):
        return pct(p.value) if p.unit == "比例" else f"{num(p.value)}{p.unit}"
    labels = _labels()
    if all(v in labels for v in p.value):
        return "、".join(labels[v] for v in p.value)
    return f"“{p.phrase}”"


def anchors_of(r: Rule) -> set[str]:
    """Where a rule's box stands: its anchor, every article it names (``Rule.sections``) and
    the clauses its items and values quote."""
    found = {r.anchor, *r.sections} | {i.anchor for i in r.items}
    return found | {p.anchor for p in r.values.values() if p.anchor}


def cites(calc: Entry, rule_id: str) -> bool:
    return any(rule_id == r or (r.endswith("-") and rule_id.startswith(r)) for r in calc.rules)


def page_exists(calc: Entry) -> bool:
    return (ROOT / "docs" / calc.page.partition("#")[0]).is_file()


def calculators_for(rule_id: str) -> list[tuple[str, Entry]]:
    """Every calculator (with a page) that checks ``rule_id``, in CALCULATORS order."""
    return [(n, c) for n, c in CALCULATORS.items() if cites(c, rule_id) and page_exists(c)]


def calculator_for(rule_id: str) -> tuple[str, Entry] | None:
    found = calculators_for(rule_id)
    return found[0] if found else None


def rules_of(calc: Entry) -> list[str]:
    return [r.id for r in registry().values() if cites(calc, r.id)]


def readings_for(rule_id: str) -> list[str]:
    return [key for key, r in catalogue().items() if rule_id in r.rules]


@cache
def section_map() -> dict[str, dict[str, Any]]:
    """Every anchor of both documents: its page, heading anchor, title and level."""
    out: dict[str, dict[str, Any]] = {}
    for src in sources().values():
        heading = None
        for line in (ROOT / "docs" / src.page).read_text("utf-8").splitlines():
            m = _HEADING.match(line)
            if m:
                heading = m.group(3)
                out[heading] = {
                    "doc": src.id,
                    "page": src.page,
                    "heading": heading,
                    "title": m.group(2),
                    "level": len(m.group(1)),
                    "spans": [],
                }
                continue
            for span in _SPAN.finditer(line):
                out[span.group(1)] = {"doc": src.id, "page": src.page, "heading": heading}
                if heading:
                    out[heading]["spans"].append(span.group(1))
    return out


def rules_under(heading: str) -> list[tuple[Rule, list[str]]]:
    """Rules citing ``heading`` or an anchor inside its section, with those anchors."""
    smap = section_map()
    found = []
    for r in registry().values():
        hits = sorted(a for a in anchors_of(r) if smap.get(a, {}).get("heading") == heading)
        if hits:
            found.append((r, hits))
    return found


SITE_TESTS = ("test_registry.py", "test_site_build.py")  # name every ID, test none of them


def test_files(rule_id: str) -> list[str]:
    hits = []
    for pattern in ("tests/**/*.py", "calc/cases/*.toml"):
        for path in sorted(ROOT.glob(pattern)):
            site_test = path.name in SITE_TESTS or "browser" in path.parts
            if not site_test and rule_id in path.read_text("utf-8"):
                hits.append(path.relative_to(ROOT).as_posix())
    return hits


# --- Markdown builders --------------------------------------------------------------------


def rel(page_src: str, target: str) -> str:
    """A link from docs page ``page_src`` to ``target`` (``path.md#anchor``)."""
    path, _, anchor = target.partition("#")
    link = posixpath.relpath(path, posixpath.dirname(page_src) or ".")
    return link + (f"#{anchor}" if anchor else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rule_box(r: Rule, anchors: list[str], page_src: str, primary: bool) -> str:
    """One rule, as a collapsible block (md_in_html) with its values from the registry."""
    rid = f' id="rule-{r.id}"' if primary else ""
    lines = [
        f'<details class="rule-box rule-{r.kind}"{rid} markdown>',
        f'<summary markdown="span"><code>{r.id}</code> {html.escape(r.statement)}</summary>',
        "",
    ]
    for p in r.values.values():
        if p.anchor is None or p.anchor in anchors:
            lines.append(f"- {p.label}：**{show(p)}**")
    items = [i for i in r.items if i.anchor in anchors and (primary or i.anchor != r.anchor)]
    for i in items if len(items) < len(r.items) or not primary else r.items:
        need = i.model_extra or {}
        flag = "（基本标准）" if need.get("required") else ""
        lines.append(f"- {i.label}{flag}")
    lines.append(f"- 原文：“{r.phrase}”（{r.source.short} {r.article}）")
    lines.append(f"- 类型：{KIND_TEXT[r.kind]}")
    keys = readings_for(r.id)
    if keys:
        numbers = [catalogue()[k].number for k in keys]
        links = "、".join(
            f"[解读 {n}{f' {k}' if numbers.count(n) > 1 else ''}]"
            f"({rel(page_src, f'readings.md#reading-{k}')} "
            f'"{catalogue()[k].question.replace(chr(34), "")}")'
            for k, n in zip(keys, numbers, strict=True)
        )
        lines.append(f"- 相关解读：{links}")
    found = calculators_for(r.id)
    if found:
        links = "、".join(f"[{c.title}]({rel(page_src, c.page)})" for _, c in found)
        lines.append(f"- 计算器：{links}")
    if not primary:
        own = f"{r.source.page}#rule-{r.id}"
        lines.append(f"- 规则全文见 [{r.article}]({rel(page_src, own)})")
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def rule_boxes(heading: str, page_src: str) -> str:
    found = rules_under(heading)
    if not found:
        return ""
    out = ['<div class="rule-boxes" markdown>', "", '<p class="rule-boxes-title">本条规则</p>', ""]
    for r, anchors in found:
        out.append(rule_box(r, anchors, page_src, primary=r.anchor == heading))
    out += ["</div>", ""]
    return "\n".join(out)


def inject_rule_boxes(markdown: str, page_src: str) -> str:
    """Insert the rule block at the end of each anchored section (before the next heading)."""
    out: list[str] = []
    current: str | None = None

    def close() -> None:
        if current:
            box = rule_boxes(current, page_src)
            if box:
                out.extend(["", box])

    for line in markdown.splitlines():
        m = _HEADING.match(line)
        if m:
            close()
            current = m.group(3)
        out.append(line)
    close()
    return "\n".join(out) + "\n"


# --- calculator forms, from the question's JSON Schema (scripts/calc_forms.py) -----------


def case_payload(name: str) -> dict[str, Any]:
    """The ``{input, context}`` of the example case ``name`` in calc/cases/*.toml."""
    for path in sorted((ROOT / "calc" / "cases").glob("*.toml")):
        for case in tomllib.loads(path.read_text("utf-8")).get("case", []):
            if case["name"] == name:
                return {"input": case.get("input", {}), "context": case.get("context", {})}
    raise KeyError(f"no example case named {name!r} in calc/cases")


def form_html(name: str, q: Any, calc: Entry, page_src: str, markdown: str = "") -> str:
    """The calculator's form, what-if panel and result area, one raw HTML block.
    ``markdown`` is the page's source: the worker imports all of its questions at once."""
    from calc.result import Status

    spec = calc_forms.FormSpec(
        question=name,
        readings=calc.readings,
        spb=any(registry()[r].doc == "SPB" for r in rules_of(calc)),
        example=case_payload(calc.example) if calc.example else None,
        whatif=None,
        warm=tuple(dict.fromkeys(re.findall(r"calc_form\(\s*[\"']([\w-]+)", markdown))),
    )
    if calc.whatif:
        days = registry()["CQ16-DAYS"].values
        spec.whatif = (num(days["min_yuan_per_day"].value), num(days["max_yuan_per_day"].value))  # type: ignore[arg-type]
    status = {s.value: s.text for s in Status}
    return calc_forms.form_html(q, spec, page_src, status)


# --- plan and roster templates (calc/render.py), filled online ---------------------------

TEMPLATE_PREFIX = "tpl-"  # a template's form is the calculator form "tpl-<name>"


def template_form_html(name: str, page_src: str) -> str:
    """The form of template ``name``: the calculator form generator fed the template's
    model; calc-template.js answers it (findings, preview, downloads)."""
    from types import SimpleNamespace

    from calc.render import TEMPLATES
    from calc.result import Status

    t = TEMPLATES[name]
    plan = t.layout == "online_plan"
    example = ROOT / "tests" / "fixtures" / "forms" / f"{name}.full.json"
    spec = calc_forms.FormSpec(
        question=TEMPLATE_PREFIX + name,
        readings=CALCULATORS["plan-check"].readings if plan else (),
        spb=plan,
        example={"input": json.loads(example.read_text("utf-8"))} if example.is_file() else None,
        warm=("plan-check",) if plan else (),
    )
    status = {s.value: s.text for s in Status} | {"filled": "填写完整"}
    out = calc_forms.form_html(SimpleNamespace(model=t.model), spec, page_src, status)
    # Drafts hold trainees' personal data: keep them in this browser, out of the address.
    out = out.replace("<form ", "<form data-calc-private ", 1)
    out = out.replace(
        '<button type="button" class="md-button" data-calc-share>复制链接</button>', "", 1
    )
    out = out.replace(
        'md-button--primary">计算</button>', 'md-button--primary">检查并预览</button>', 1
    )
    out = out.replace("修改后自动重新计算。", "每次修改都自动保存草稿、重新检查和预览。", 1)
    if not plan:  # a roster judges nothing by date
        out = out.replace(
            '<details class="calc-plain calc-context">',
            '<details class="calc-plain calc-context" hidden>',
            1,
        )
    return out


def template_preview_html(name: str, page_src: str) -> str:
    """Preview (a sandboxed iframe: nothing in it runs), downloads, print, draft export/import."""
    from calc.render import FORMATS, MEDIA_TYPES, TEMPLATES, filename

    t = TEMPLATES[name]
    files = {f: {"name": filename(name, f), "type": MEDIA_TYPES[f]} for f in FORMATS}
    files["json"] = {"name": f"{t.title}（草稿）.json", "type": "application/json"}
    root = "../" * (page_src.count("/") + 1)
    buttons = [
        ("download", "docx", "下载 Word（.docx）"),
        ("download", "md", "下载 Markdown（.md）"),
        ("print", "", "打印"),
        ("blank", "docx", "空白表（.docx）"),
        ("export", "json", "导出草稿（JSON）"),
        ("import", "", "导入草稿"),
    ]
    html_buttons = "".join(
        f'<button type="button" class="md-button" data-template-{act}="{fmt}">{text}</button>'
        for act, fmt, text in buttons
    )
    return (
        f'<div class="calc-template" data-calc-template="{name}" '
        f'data-calc-form="{TEMPLATE_PREFIX}{name}" data-title="{html.escape(t.title)}" '
        f"data-files='{html.escape(json.dumps(files, ensure_ascii=False))}'>"
        f'<div class="calc-toolbar">{html_buttons}'
        '<input type="file" accept=".json,application/json" hidden data-template-file '
        'aria-label="选择草稿文件（JSON）"></div>'
        '<p class="calc-hint" data-template-msg aria-live="polite">填写完整后在这里预览；'
        "文件在本浏览器中生成，不会上传。</p>"
        f'<iframe class="calc-template-preview" sandbox="" title="{html.escape(t.title)}预览" '
        'data-template-preview style="width:100%;height:42rem;border:1px solid '
        'var(--md-default-fg-color--lightest);background:#fff"></iframe></div>'
        f'<script src="{root}assets/js/calc-template.js" defer></script>'
    )


def template_about_md(name: str, page_src: str) -> str:
    """What template ``name`` holds and the rules it serves, from calc.render.TEMPLATES."""
    from calc.render import TEMPLATES
    from calc.rules import rule

    t = TEMPLATES[name]
    lines = [f"**{t.title}**：{t.description}。", ""]
    if t.doc_item:
        docs = rule("CQ16-DOCS")
        item = next(i for i in docs.items if i.id == t.doc_item)
        link = rel(page_src, f"{docs.source.page}#rule-{docs.id}")
        lines += [
            f"它是渝就发〔2020〕16号附件3资料清单中的“{item.label}”（[`{docs.id}`]({link})）。",
            "",
        ]
    lines += ["这份文件服务的规则：", ""]
    for rid in t.rules:
        r = registry()[rid]
        link = rel(page_src, f"{r.source.page}#rule-{r.id}")
        lines.append(f"- [`{r.id}`]({link})（{r.source.short} {r.article}）：{r.statement}")
    return "\n".join(lines) + "\n"


# --- macros -------------------------------------------------------------------------------


def define_env(env: Any) -> None:
    add_search_words()

    def here() -> str:
        return str(env.page.file.src_uri) if env.page else "index.md"

    def article_link(r: Rule) -> str:
        return f"[{r.source.short} {r.article}]({rel(here(), f'{r.source.page}#{r.anchor}')})"

    @env.macro
    def rule_value(rule_id: str, name: str) -> str:
        """A rule value with its unit: ``rule_value("CQ16-PRACTICAL-60", "min_share")`` → 60%."""
        return show(registry()[rule_id].values[name])

    @env.macro
    def rule_link(rule_id: str) -> str:
        r = registry()[rule_id]
        return f"[`{r.id}`]({rel(here(), f'{r.source.page}#rule-{r.id}')})"

    @env.macro
    def rule_table(doc: str | None = None) -> str:
        rows = ["| 规则 | 出处 | 类型 | 内容 | 数值 | 计算器 |", "|---|---|---|---|---|---|"]
        for r in registry().values():
            if doc and r.doc != doc:
                continue
            values = "；".join(f"{p.label} {show(p)}" for p in r.values.values())
            calc = "、".join(
                f"[{c.title}]({rel(here(), c.page)})" for _, c in calculators_for(r.id)
            )
            rows.append(
                f"| {rule_link(r.id)} | {article_link(r)} | {KIND_TEXT[r.kind]} | "
                f"{_cell(r.statement)} | {_cell(values)} | {calc} |"
            )
        return "\n".join(rows)

    @env.macro
    def upload_limits() -> str:
        """The browser's caps on uploaded tables, from calc.tables."""
        from calc import tables, xlsx

        mb = tables.MB
        return (
            f"不超过 {tables.BROWSER_MAX_BYTES // mb} MB、{tables.BROWSER_MAX_ROWS:,} 行；"
            f"XLSX 解压后不超过 {tables.XLSX_MAX_UNPACKED // mb:,} MB，"
            f"且其中不小于 {tables.XLSX_RATIO_FROM // mb} MB 的部分压缩比不超过 "
            f"{tables.XLSX_MAX_RATIO}。网页和命令行都只接受：每个单元格不超过 "
            f"{xlsx.CELL_MAX_CHARS:,} 个字符（Excel 的上限），XLSX 的共享字符串合计不超过 "
            f"{xlsx.SHARED_MAX_CHARS // mb} M 个字符，行号不超过 {xlsx.MAX_ROW:,}，"
            f"CSV 每行不超过 {tables.CSV_MAX_LINE // mb} M 个字符"
        )

    @env.macro
    def table_columns() -> str:
        """Every field a table file may have, with the headers that mean it, from calc.tables."""
        from calc.tables import COLUMNS

        rows = ["| 字段 | 标准表头 | 也接受 |", "|---|---|---|"]
        rows += [f"| `{c.key}` | {c.title} | {'、'.join(n for n in c.names if n != c.title)} |"
                 for c in COLUMNS.values()]  # fmt: skip
        return "\n".join(rows)

    @env.macro
    def presence_words() -> str:
        """The words of a status or sign-in column and what each counts as, from calc.tables."""
        from calc.tables import ABSENT, LATE, PRESENT

        return "\n".join([
            "| 含义 | 可填 |", "|---|---|",
            f"| 到课 | {'、'.join(PRESENT)} |",
            f"| 迟到、早退（按解读“late_early”，默认算到课） | {'、'.join(LATE)} |",
            f"| 缺课 | {'、'.join(ABSENT)} |",
        ])  # fmt: skip

    @env.macro
    def readings_list() -> str:
        out = []
        for key, reading in catalogue().items():
            out.append(f"## {reading.number}. {reading.question} {{#reading-{key}}}\n")
            out.append(f"解读键：`{key}`\n")
            covered = "、".join(rule_link(rid) for rid in reading.rules)
            out.append(f"涉及规则（{len(reading.rules)} 条）：{covered}\n")
            for rid in reading.rules:
                r = registry()[rid]
                out.append(f"> {rule_link(rid)}（{article_link(r)}）：{r.statement}  ")
                out.append(f"> 原文：“{r.phrase}”\n>")
            out.append("")
            out.append("| 选项 | 含义 |\n|---|---|")
            for opt, text in reading.options.items():
                mark = " **（默认）**" if opt == reading.default else ""
                out.append(f"| `{opt}`{mark} | {_cell(text)} |")
            out.append(f"\n**为什么默认 `{reading.default}`：** {reading.why}\n")
        return "\n".join(out)

    @env.macro
    def coverage_table(doc: str) -> str:
        rows = ["| 条款 | 状态 | 规则 | 测试 | 说明 |", "|---|---|---|---|---|"]
        src = sources()[doc]
        for anchor, sec in section_map().items():
            if sec["doc"] != doc or "title" not in sec:
                continue
            found = rules_under(anchor)
            ids = [r.id for r, _ in found]
            kinds = {registry()[i].kind for i in ids}
            status, note = SECTION_NOTES.get(anchor, ("", ""))
            if "check" in kinds:
                status = "encoded"
            elif not status:
                status = "advisory" if "advisory" in kinds else "outside" if kinds else "heading"
            spans = sec["spans"]
            if spans:
                covered = {a for r, hits in found for a in hits}
                rows_done = sum(1 for s in spans if s in covered)
                note = (
                    note + "；" if note else ""
                ) + f"表格行与注：{rows_done}/{len(spans)} 已对应规则"
            tests = sorted({t for i in ids for t in test_files(i)})
            link = f"[{sec['title']}]({rel(here(), f'{src.page}#{anchor}')})"
            rule_links = "<br>".join(rule_link(i) for i in ids)
            test_text = "<br>".join(f"`{t}`" for t in tests)
            rows.append(
                f"| {link} | {STATUS_TEXT[status]} | {rule_links} | {test_text} | {_cell(note)} |"
            )
        return "\n".join(rows)

    @env.macro
    def schemas() -> str:
        from calc.result import Context

        found = {n: q.model.model_json_schema() for n, q in api.questions().items()}
        found["context"] = Context.model_json_schema()  # as calc.api.schemas() gives them
        out = []
        for name, schema in found.items():
            title = schema.get("title", name)
            out.append(f"## `{name}`：{title} {{#schema-{name}}}\n")
            out.append("```json\n" + json.dumps(schema, ensure_ascii=False, indent=2) + "\n```\n")
        return "\n".join(out)

    @env.macro
    def questions_table() -> str:
        rows = ["| 问题 | 标题 | 输入 | 页面 |", "|---|---|---|---|"]
        for name, q in api.questions().items():
            calc = CALCULATORS.get(name)
            page = ""
            if calc and page_exists(calc):
                page = f"[{calc.title}]({rel(here(), calc.page)})"
            rows.append(f"| `{name}` | {q.title} | `{q.model.__name__}` | {page} |")
        return "\n".join(rows)

    @env.macro
    def calculators_list() -> str:
        out = []
        for calc in CALCULATORS.values():
            if page_exists(calc):
                rules = "、".join(rule_link(r) for r in rules_of(calc))
                out.append(f"- [{calc.title}]({rel(here(), calc.page)})：{rules}")
        return "\n".join(out)

    @env.macro
    def sources_list() -> str:
        out = []
        for src in sources().values():
            number = f"（{src.number}）" if src.number else ""
            count = sum(1 for r in registry().values() if r.doc == src.id)
            out.append(f"- [{src.title}{number}]({rel(here(), src.page)})：{count} 条规则")
        return "\n".join(out)

    @env.macro
    def calc_form(question: str) -> str:
        """The form of a calculator page, generated from the question's JSON Schema."""
        q = api.load(question)
        if q is None:
            raise ValueError(f"{here()}: no question {question!r} in calc/manifest.toml")
        return form_html(question, q, CALCULATORS[question], here(), env.markdown or "")

    @env.macro
    def template_about(name: str) -> str:
        return template_about_md(name, here())

    @env.macro
    def template_form(name: str) -> str:
        """The form of a plan or roster template, generated from its model's JSON Schema."""
        return template_form_html(name, here())

    @env.macro
    def template_preview(name: str) -> str:
        return template_preview_html(name, here())

    @env.macro
    def templates_list() -> str:
        from calc.render import TEMPLATES

        return "\n".join(
            f"- [{t.title}]({rel(here(), f'plan-templates/{n}.md')})：{t.description}"
            for n, t in TEMPLATES.items()
        )

    @env.macro
    def link_if(target: str, text: str) -> str:
        """A link to a page that another helper writes: plain text until it exists."""
        if (ROOT / "docs" / target.partition("#")[0]).is_file():
            return f"[{text}]({rel(here(), target)})"
        return text

    @env.macro
    def api_doc(module: str, names: list[str]) -> str:
        mod = importlib.import_module(module)
        out = []
        for name in names:
            obj = getattr(mod, name)
            try:
                sig = str(inspect.signature(obj))
            except (TypeError, ValueError):
                sig = "(...)"
            doc = inspect.getdoc(obj) or ""
            out.append(f"### `{module}.{name}{sig}`\n\n```text\n{doc}\n```\n")
        return "\n".join(out)

    @env.macro
    def model_fields(module: str, cls: str) -> str:
        model = getattr(importlib.import_module(module), cls)
        rows = ["| 字段 | 名称 | 类型 |", "|---|---|---|"]
        for key, field in model.model_fields.items():
            kind = getattr(field.annotation, "__name__", None) or str(field.annotation)
            kind = kind.replace("typing.", "").replace("decimal.", "").replace("datetime.", "")
            rows.append(f"| `{key}` | {_cell(field.title or '')} | `{_cell(kind)}` |")
        return "\n".join(rows)

    @env.macro
    def example_run(question: str, payload: dict[str, Any]) -> str:
        from calc.api import run

        result = run(question, payload)
        if result.get("error"):
            raise ValueError(f"example_run({question}): {result}")
        return "```json\n" + json.dumps(result, ensure_ascii=False, indent=2) + "\n```"


# Material's search worker splits a Chinese query into the index's words, but its loop stops
# one character short (``j < query.length``), so a whole word such as 到课率 is never tried:
# the query degrades to 到* 课* and finds almost anything. Fixed in the built copy.
_SEGMENT_LOOP = re.compile(r"for\(let (\w)=(\w)\+1;\1<(\w)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")


def fix_search_worker(site_dir: Path) -> None:
    workers = sorted(site_dir.glob("assets/javascripts/workers/search.*.min.js"))
    for worker in workers:
        text = worker.read_text("utf-8")
        fixed, count = _SEGMENT_LOOP.subn(
            lambda m: m.group(0).replace(
                f"{m.group(1)}<{m.group(3)}", f"{m.group(1)}<={m.group(3)}"
            ),
            text,
        )
        if count == 1:
            worker.write_text(fixed, "utf-8")
        else:  # Material changed: check Chinese search (tests/browser) and this fix
            log.warning("search worker %s: query segmentation loop not found", worker.name)
    if not workers:
        log.warning("no Material search worker in %s", site_dir)


def add_search_words() -> None:
    """Teach jieba (shared with Material's search plugin, which runs later) our words."""
    try:
        import jieba
    except ImportError:  # without jieba Material indexes unsegmented text
        return
    for word in SEARCH_WORDS:
        jieba.add_word(word, freq=100_000)


def on_post_page_macros(env: Any) -> None:
    """After macros: the rule blocks of the transcribed regulations (pages left verbatim)."""
    src = str(env.page.file.src_uri)
    for prefix, boost in SEARCH_BOOST.items():
        if src.startswith(prefix):
            env.page.meta.setdefault("search", {}).setdefault("boost", boost)
    if src.startswith("regulations/"):
        env.markdown = inject_rule_boxes(env.markdown, src)


def stamp_runtime(site: Path) -> None:
    """Give every page the built runtime manifest's hash (none when no runtime was built)."""
    manifest = site / "runtime" / "manifest.json"
    if not manifest.is_file():
        return
    digest = base64.b64encode(hashlib.sha256(manifest.read_bytes()).digest()).decode()
    meta = f'<meta name="{calc_forms.RUNTIME_META}" content="sha256-{digest}">'
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("</head>", meta + "</head>", 1), encoding="utf-8")


def on_post_build(env: Any) -> None:
    site = Path(env.conf["site_dir"])
    fix_search_worker(site)
    stamp_runtime(site)
    csp.apply(site)
