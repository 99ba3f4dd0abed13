"""The plan and roster templates (calc/render.py), filled online: what each holds, its
form (the calculator form generator fed the template's model; calc-template.js answers
it) and its preview and downloads."""

from __future__ import annotations

import html
import json
from types import SimpleNamespace
from typing import Any

from calc.cq16.records import docs
from calc.manifest import manifest
from calc.render import FORMATS, MEDIA_TYPES, TEMPLATES, filename, preview
from calc.rules import registry
from scripts import calc_forms

from .common import ROOT, add_macros, rel

TEMPLATE_PREFIX = "tpl-"  # a template's form is the calculator form "tpl-<name>"

PREVIEW_BUTTONS = (
    ("download", "docx", "下载 Word（.docx）"),
    ("download", "md", "下载 Markdown（.md）"),
    ("print", "", "打印"),
    ("blank", "docx", "空白表（.docx）"),
    ("export", "json", "导出草稿（JSON）"),
    ("import", "", "导入草稿"),
)


def template_about(name: str, *, page: str) -> str:
    """What template ``name`` holds and the rules it serves."""
    t = TEMPLATES[name]
    lines = [f"**{t.title}**：{t.description}。", ""]
    if t.doc_item:  # a row of 附件3, the document list :func:`calc.cq16.records.docs` checks
        listed = docs.rule
        item = next(i for i in listed.items if i.id == t.doc_item)
        link = rel(page, f"{listed.source.page}#rule-{listed.id}")
        lines += [
            f"它是渝就发〔2020〕16号附件3资料清单中的“{item.label}”（[`{listed.id}`]({link})）。",
            "",
        ]
    lines += ["这份文件服务的规则：", ""]
    for r in (registry()[rid] for rid in t.rules):
        link = rel(page, f"{r.source.page}#rule-{r.id}")
        lines.append(f"- [`{r.id}`]({link})（{r.source.short} {r.article}）：{r.statement}")
    return "\n".join(lines) + "\n"


def template_form(name: str, *, page: str) -> str:
    """The form of template ``name``, generated from its model's JSON Schema."""
    t = TEMPLATES[name]
    plan = t.layout == "online_plan"
    example = ROOT / "tests" / "fixtures" / "forms" / f"{name}.full.json"
    spec = calc_forms.FormSpec(
        question=TEMPLATE_PREFIX + name,
        readings=manifest()["plan-check"].readings if plan else (),
        spb=plan,
        example={"input": json.loads(example.read_text("utf-8"))} if example.is_file() else None,
        warm=("plan-check",) if plan else (),
    )
    out = calc_forms.form_html(SimpleNamespace(model=t.model), spec, page)
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


def template_preview(name: str, *, page: str) -> str:
    """Preview (a sandboxed iframe: nothing in it runs), downloads, print, draft export/import.
    The preview of the empty form (calc.render.preview, each field a placeholder) is in the
    page as built: it is there before Python is, and calc-template.js replaces it by the
    preview of what the form holds (hiding it meanwhile when a draft was restored)."""
    t = TEMPLATES[name]
    files = {f: {"name": filename(name, f), "type": MEDIA_TYPES[f]} for f in FORMATS}
    files["json"] = {"name": f"{t.title}（草稿）.json", "type": "application/json"}
    root = "../" * (page.count("/") + 1)
    buttons = "".join(
        f'<button type="button" class="md-button" data-template-{act}="{fmt}">{text}</button>'
        for act, fmt, text in PREVIEW_BUTTONS
    )
    return (
        f'<div class="calc-template" data-calc-template="{name}" '
        f'data-calc-form="{TEMPLATE_PREFIX}{name}" data-title="{html.escape(t.title)}" '
        f"data-files='{html.escape(json.dumps(files, ensure_ascii=False))}'>"
        f'<div class="calc-toolbar">{buttons}'
        '<input type="file" accept=".json,application/json" hidden data-template-file '
        'aria-label="选择草稿文件（JSON）"></div>'
        '<p class="calc-hint" data-template-msg aria-live="polite">预览随填写更新，待填写的地方'
        "标出并列在上方；填写完整后可以下载和打印。文件在本浏览器中生成，不会上传。</p>"
        '<div class="calc-template-missing" data-template-missing hidden></div>'
        f'<iframe class="calc-template-preview" sandbox="" title="{html.escape(t.title)}预览" '
        f'srcdoc="{html.escape(preview(name, {})["html"])}" '
        'data-template-preview style="width:100%;height:42rem;border:1px solid '
        'var(--md-default-fg-color--lightest);background:#fff"></iframe></div>'
        f"{calc_forms.scripts_html(root, 'calc-template.js')}"
    )


def templates_list(*, page: str) -> str:
    """Every template, linked to its page, with what it holds."""
    return "\n".join(
        f"- [{t.title}]({rel(page, f'plan-templates/{n}.md')})：{t.description}"
        for n, t in TEMPLATES.items()
    )


def define(env: Any) -> None:
    """Register the template macros."""
    add_macros(env, template_about, template_form, template_preview, templates_list)
