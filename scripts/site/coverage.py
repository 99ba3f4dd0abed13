"""What becomes of each clause of the two documents (the coverage page): per rule, its
status, the questions that answer it and the tests that name it; per section, the status
of its rules or, for a section that makes no rule, why."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from calc.manifest import manifest
from calc.rules import registry, sources

from .common import ROOT, add_macros, answering, cell, page_exists, rel, rule_link
from .rules import rules_under, section_map

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
        "创业培训内容按中国就业培训技术指导中心有关规定执行（同二（四）关于创业培训的规定）",
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
KIND_STATUS = {"check": "encoded", "advisory": "advisory", "outside": "outside"}

SITE_TESTS = ("test_registry.py", "test_site_build.py")  # name every ID, test none of them


@dataclass(frozen=True)
class RuleCoverage:
    """One rule's coverage."""

    status: str
    """``encoded`` (a check), ``advisory`` or ``outside`` (keys of :data:`STATUS_TEXT`)."""
    questions: dict[str, str | None]
    """The questions (manifest names) that answer the rule, each with its page (None when
    the page does not exist)."""
    tests: tuple[str, ...]
    """The test files and case files that name the rule."""


@cache
def _test_texts() -> dict[str, str]:
    """The text of each test and case file that may test a rule, by path."""
    out = {}
    for pattern in ("tests/**/*.py", "calc/cases/*.toml"):
        for path in sorted(ROOT.glob(pattern)):
            if path.name not in SITE_TESTS and "browser" not in path.parts:
                out[path.relative_to(ROOT).as_posix()] = path.read_text("utf-8")
    return out


def coverage_rows() -> dict[str, RuleCoverage]:
    """Every rule's coverage by ID, in the registry's order, from calc's manifest as it
    is now (a question registered at run time counts)."""
    texts = _test_texts()
    return {
        r.id: RuleCoverage(
            status=KIND_STATUS[r.kind],
            questions={e.name: e.page if page_exists(e) else None for e in answering(r.id)},
            tests=tuple(path for path, text in texts.items() if r.id in text),
        )
        for r in registry().values()
    }


def section_status(anchor: str, ids: list[str], rows: dict[str, RuleCoverage]) -> str:
    """A section's status: encoded if a rule of it is, else its note's, else its rules'."""
    statuses = {rows[i].status for i in ids}
    noted = SECTION_NOTES.get(anchor, ("", ""))[0]
    if "encoded" in statuses:
        return "encoded"
    if noted:
        return noted
    if "advisory" in statuses:
        return "advisory"
    return "outside" if statuses else "heading"


def coverage_table(doc: str, *, page: str) -> str:
    """Every section of document ``doc``: status, rules, questions, tests and note."""
    rows = coverage_rows()
    out = ["| 条款 | 状态 | 规则 | 计算器 | 测试 | 说明 |", "|---|---|---|---|---|---|"]
    src = sources()[doc]
    for anchor, sec in section_map().items():
        if sec["doc"] != doc or "title" not in sec:
            continue
        found = rules_under(anchor)
        ids = [r.id for r, _ in found]
        note = SECTION_NOTES.get(anchor, ("", ""))[1]
        if spans := sec["spans"]:
            covered = {a for _, hits in found for a in hits}
            done = f"表格行与注：{sum(1 for s in spans if s in covered)}/{len(spans)} 已对应规则"
            note = f"{note}；{done}" if note else done
        pages = {
            f"[{manifest()[name].title}]({rel(page, target)})": None
            for i in ids
            for name, target in rows[i].questions.items()
            if target
        }
        tests = sorted({t for i in ids for t in rows[i].tests})
        out.append(
            f"| [{sec['title']}]({rel(page, f'{src.page}#{anchor}')}) "
            f"| {STATUS_TEXT[section_status(anchor, ids, rows)]} "
            f"| {'<br>'.join(rule_link(i, page) for i in ids)} | {'<br>'.join(pages)} "
            f"| {'<br>'.join(f'`{t}`' for t in tests)} | {cell(note)} |"
        )
    return "\n".join(out)


def define(env: Any) -> None:
    """Register the coverage page's macro."""
    add_macros(env, coverage_table)
