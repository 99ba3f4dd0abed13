"""The rules on the site: the "本条规则" boxes after each anchored section of the
transcribed regulations (so the transcriptions stay verbatim in the repository), and the
macros that show a rule's value, link, table row or reading."""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

from calc.manifest import manifest
from calc.readings import catalogue
from calc.rules import Rule, registry, sources

from .common import (
    ROOT,
    add_macros,
    article_link,
    calculators_for,
    cell,
    page_exists,
    readings_for,
    rel,
    rule_link,
    rules_of,
    show,
)

KIND_TEXT = {
    "check": "检查（决定结论）",
    "advisory": "提示（不决定结论）",
    "outside": "不在本文件内",
}


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{#([\w-]+)\}\s*$")
_SPAN = re.compile(r'<span id="([\w-]+)"></span>')


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


def anchors_of(r: Rule) -> set[str]:
    """Where a rule's box stands: its anchor, every article it names (``Rule.sections``) and
    the clauses its items and values quote."""
    found = {r.anchor, *r.sections} | {i.anchor for i in r.items}
    return found | {p.anchor for p in r.values.values() if p.anchor}


def rules_under(heading: str) -> list[tuple[Rule, list[str]]]:
    """Rules citing ``heading`` or an anchor inside its section, with those anchors."""
    smap = section_map()
    found = []
    for r in registry().values():
        hits = sorted(a for a in anchors_of(r) if smap.get(a, {}).get("heading") == heading)
        if hits:
            found.append((r, hits))
    return found


def rule_box(r: Rule, anchors: list[str], page: str, primary: bool) -> str:
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
            f"({rel(page, f'readings.md#reading-{k}')} "
            f'"{catalogue()[k].question.replace(chr(34), "")}")'
            for k, n in zip(keys, numbers, strict=True)
        )
        lines.append(f"- 相关解读：{links}")
    found = calculators_for(r.id)
    if found:
        lines.append("- 计算器：" + "、".join(f"[{c.title}]({rel(page, c.page)})" for c in found))
    if not primary:
        own = f"{r.source.page}#rule-{r.id}"
        lines.append(f"- 规则全文见 [{r.article}]({rel(page, own)})")
    lines += ["", "</details>", ""]
    return "\n".join(lines)


def rule_boxes(heading: str, page: str) -> str:
    """The "本条规则" block of section ``heading`` (empty when no rule cites it)."""
    found = rules_under(heading)
    if not found:
        return ""
    out = ['<div class="rule-boxes" markdown>', "", '<p class="rule-boxes-title">本条规则</p>', ""]
    for r, anchors in found:
        out.append(rule_box(r, anchors, page, primary=r.anchor == heading))
    out += ["</div>", ""]
    return "\n".join(out)


def inject_rule_boxes(markdown: str, page: str) -> str:
    """Insert the rule block at the end of each anchored section (before the next heading)."""
    out: list[str] = []
    current: str | None = None

    def close() -> None:
        if current:
            box = rule_boxes(current, page)
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


def reading_md(key: str, page: str) -> str:
    """One reading of the catalogue: its question, rules, options and default."""
    reading = catalogue()[key]
    out = [
        f"## {reading.number}. {reading.question} {{#reading-{key}}}\n",
        f"解读键：`{key}`\n",
        f"涉及规则（{len(reading.rules)} 条）："
        + "、".join(rule_link(rid, page) for rid in reading.rules)
        + "\n",
    ]
    for rid in reading.rules:
        r = registry()[rid]
        out.append(f"> {rule_link(rid, page)}（{article_link(r, page)}）：{r.statement}  ")
        out.append(f"> 原文：“{r.phrase}”\n>")
    out += ["", "| 选项 | 含义 |\n|---|---|"]
    for opt, text in reading.options.items():
        mark = " **（默认）**" if opt == reading.default else ""
        out.append(f"| `{opt}`{mark} | {cell(text)} |")
    out.append(f"\n**为什么默认 `{reading.default}`：** {reading.why}\n")
    return "\n".join(out)


def rule_value(rule_id: str, name: str) -> str:
    """A rule value with its unit (a share as ``60%``, a count as ``50人``)."""
    return show(registry()[rule_id].values[name])


def rule_table(doc: str | None = None, *, page: str) -> str:
    """Every rule (of document ``doc``): citation, kind, statement, values, calculators."""
    rows = ["| 规则 | 出处 | 类型 | 内容 | 数值 | 计算器 |", "|---|---|---|---|---|---|"]
    for r in registry().values():
        if doc and r.doc != doc:
            continue
        values = "；".join(f"{p.label} {show(p)}" for p in r.values.values())
        calc = "、".join(f"[{c.title}]({rel(page, c.page)})" for c in calculators_for(r.id))
        rows.append(
            f"| {rule_link(r.id, page)} | {article_link(r, page)} | {KIND_TEXT[r.kind]} | "
            f"{cell(r.statement)} | {cell(values)} | {calc} |"
        )
    return "\n".join(rows)


def readings_list(*, page: str) -> str:
    return "\n".join(reading_md(key, page) for key in catalogue())


def calculators_list(*, page: str) -> str:
    """Every question with a page, with the rules it answers."""
    return "\n".join(
        f"- [{c.title}]({rel(page, c.page)})："
        + "、".join(rule_link(r.id, page) for r in rules_of(c))
        for c in manifest().values()
        if page_exists(c)
    )


def sources_list(*, page: str) -> str:
    """The two documents, with their number of rules."""
    out = []
    for src in sources().values():
        number = f"（{src.number}）" if src.number else ""
        count = sum(1 for r in registry().values() if r.doc == src.id)
        out.append(f"- [{src.title}{number}]({rel(page, src.page)})：{count} 条规则")
    return "\n".join(out)


def define(env: Any) -> None:
    """Register the rule macros."""
    add_macros(
        env, rule_value, rule_link, rule_table, readings_list, calculators_list, sources_list
    )
