"""The plan and roster templates (SPB 第四条、第八条、第九条; CQ16 附件3): every template
renders from a full and a minimal example in Markdown, HTML and Word; user text is
escaped in each format; bad input names the field; the .docx opens in LibreOffice."""

from __future__ import annotations

import copy
import io
import itertools
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from stdnum.cn import ric

from calc.errors import InputError
from calc.forms import MAX_ROWS, OnlinePlan
from calc.kinds import Certificate, PlatformSource, VerificationMethod
from calc.render import (
    TEMPLATES,
    _root,
    empty,
    filename,
    findings,
    md_escape,
    plan_findings,
    render,
    schemas,
)
from calc.rules import rule
from calc.spb.plan import plan_elements

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
FORMATS = ("md", "html", "docx")
DOCX_PARTS = {
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/footer1.xml",
}
SCRIPT = "<script>alert(1)</script>"


def fixture(name: str, size: str = "full") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.{size}.json").read_text("utf-8"))
    return data


def docx_parts(blob: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert z.testzip() is None
        return {n: z.read(n).decode("utf-8") for n in z.namelist()}


def docx_text(blob: bytes) -> str:
    """The visible text of word/document.xml (all w:t runs joined)."""
    root = ElementTree.fromstring(docx_parts(blob)["word/document.xml"])
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return "".join(t.text or "" for t in root.iter(f"{ns}t"))


def problems(name: str, data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        render(name, data, "html")
    return dict(info.value.problems)


CASES = [(n, s) for n in TEMPLATES for s in ("full", "minimal")]


# --- every template, every format -----------------------------------------------------------


def test_every_template_has_both_fixtures() -> None:
    names = {p.name.split(".")[0] for p in FIXTURES.glob("*.json")}
    assert names == set(TEMPLATES)


@pytest.mark.parametrize(("name", "size"), CASES)
def test_markdown_and_html_carry_the_title_and_rows(name: str, size: str) -> None:
    data = fixture(name, size)
    first = data["modules"][0]["name"] if name == "online-plan" else data["rows"][0]["name"]
    for fmt in ("md", "html"):
        text = render(name, data, fmt).decode("utf-8")
        assert TEMPLATES[name].title in text
        assert data["class_name"] in text
        assert first in text
        assert "None" not in text


def table_shapes(markdown: str) -> list[set[int]]:
    """For each Markdown table, the set of cell counts of its lines (escaped pipes kept)."""
    shapes: list[set[int]] = []
    previous = False
    for line in markdown.splitlines():
        is_row = line.startswith("|")
        if is_row and not previous:
            shapes.append(set())
        if is_row:
            shapes[-1].add(len(re.split(r"(?<!\\)\|", line)) - 2)
        previous = is_row
    return shapes


@pytest.mark.parametrize("name", TEMPLATES)
def test_markdown_tables_keep_their_shape(name: str) -> None:
    for text in (render(name, fixture(name), "md"), empty(name, "md")):
        lines = text.decode("utf-8")
        shapes = table_shapes(lines)
        assert shapes
        assert all(len(s) == 1 for s in shapes), shapes
        assert "\\---" not in lines


@pytest.mark.parametrize(("name", "size"), CASES)
def test_docx_is_a_zip_of_wellformed_wordprocessingml(name: str, size: str) -> None:
    data = fixture(name, size)
    blob = render(name, data, "docx")
    parts = docx_parts(blob)
    assert set(parts) == DOCX_PARTS
    assert next(iter(parts)) == "[Content_Types].xml"
    for text in parts.values():
        ElementTree.fromstring(text)  # raises on malformed XML
    assert data["class_name"] in docx_text(blob)
    assert 'w:eastAsia="宋体"' in parts["word/styles.xml"]


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(name: str, fmt: str) -> None:
    data = fixture(name)
    assert render(name, data, fmt) == render(name, copy.deepcopy(data), fmt)


def test_docx_zip_entries_have_a_fixed_timestamp() -> None:
    with zipfile.ZipFile(io.BytesIO(render("online-plan", fixture("online-plan"), "docx"))) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("name", TEMPLATES)
def test_blank_copies_render_in_every_format(name: str) -> None:
    title = TEMPLATES[name].title
    for fmt in ("md", "html"):
        text = empty(name, fmt).decode("utf-8")
        assert title in text
        assert "None" not in text
    blob = empty(name, "docx")
    for text in docx_parts(blob).values():
        ElementTree.fromstring(text)
    assert title in docx_text(blob)


def test_blank_plan_lists_every_verification_method_of_the_rule() -> None:
    text = empty("online-plan", "md").decode("utf-8")
    for m in ("phone", "wechat", "video", "face", "random"):  # SPB 第八条（三）
        assert VerificationMethod(m).label in text


def test_schemas_carry_chinese_titles() -> None:
    for name, entry in schemas().items():
        assert entry["title"] == TEMPLATES[name].title
        defs = entry["schema"].get("$defs", {})
        for field in entry["schema"]["properties"].values():
            ref = field.get("$ref", "").rsplit("/", 1)[-1]
            title = field.get("title") or defs[ref]["title"]  # a sub-form shows its own title
            assert re.search(r"[\u4e00-\u9fff]", title), field


def test_filename_is_the_chinese_title() -> None:
    assert filename("subsidy-roster", "docx") == "补贴人员花名册.docx"


# --- the content of the plan ----------------------------------------------------------------


def test_plan_cites_the_articles_it_serves() -> None:
    text = render("online-plan", fixture("online-plan"), "md").decode("utf-8")
    for article in ("第四条", "第八条（一）", "第八条（二）", "第八条（三）", "第九条"):
        assert article in text


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ("credit_accounting", "客观核算每个学员的学分获得情况"),
        ("offline_cut", "实现培训对象人离线断"),
    ],
)
def test_plan_states_the_elements_it_reports_as_held(item: str, words: str) -> None:
    """to_plan_elements says the plan holds 第八条（二）'s credit accounting and 第八条（三）'s
    人离线断: every rendered plan, even the minimal one, states them."""
    assert words in next(i.phrase for i in plan_elements.rule.items if i.id == item)
    plan = OnlinePlan.model_validate(fixture("online-plan", "minimal"))
    assert plan.to_plan_elements()[item] is True
    text = render("online-plan", fixture("online-plan", "minimal"), "md").decode("utf-8")
    assert words in text


def test_plan_states_figures_computed_from_its_modules() -> None:
    data = fixture("online-plan")
    modules = data["modules"]
    total = sum(float(m["theory_hours"]) + float(m["practical_hours"]) for m in modules)
    text = render("online-plan", data, "md").decode("utf-8")
    assert f"{total:g}课时（理论" in text
    assert f"平均每天{total / float(data['days']):g}课时" in text


def test_plan_states_the_rule_values() -> None:
    """SPB 第七条（四） "到课率不低于80%" and 第九条 "提前三天"."""
    text = render("online-plan", fixture("online-plan"), "html").decode("utf-8")
    assert "到课率不低于80%" in text
    assert "提前3天" in text


def test_plan_ticks_only_the_methods_the_platform_has() -> None:
    data = fixture("online-plan", "minimal")
    assert data["attendance"]["methods"] == ["face"]
    text = render("online-plan", data, "md").decode("utf-8")
    assert "| 人脸识别认证 | √ |" in text
    assert "| 微信认证 |  |" in text


def test_lesson_plans_sentence_only_when_attached() -> None:
    sentence = "教学计划、教案另附"
    assert sentence in render("online-plan", fixture("online-plan"), "md").decode("utf-8")
    minimal = render("online-plan", fixture("online-plan", "minimal"), "md").decode("utf-8")
    assert sentence not in minimal


def test_subsidy_roster_totals_the_amounts() -> None:
    data = fixture("subsidy-roster")
    total = sum(float(r["amount"]) for r in data["rows"])
    text = render("subsidy-roster", data, "md").decode("utf-8")
    assert f"**{total:.2f}**" in text
    assert f"共{len(data['rows'])}人" in text


def test_score_table_counts_results() -> None:
    data = fixture("score-table")
    passed = sum(1 for r in data["rows"] if r["result"] == "pass")
    text = render("score-table", data, "md").decode("utf-8")
    assert f"合格{passed}人" in text


def test_hour_roster_totals_and_completion() -> None:
    data = fixture("hour-roster")
    planned = sum(float(s["hours"]) for s in data["sessions"])
    row = data["rows"][1]
    done = sum(float(h) for h in row["hours"])
    text = render("hour-roster", data, "md").decode("utf-8")
    line = next(ln for ln in text.splitlines() if row["id_number"] in ln)
    assert f"| {done:g} | {100 * done / planned:.1f}% |" in line


# --- escaping -------------------------------------------------------------------------------


def hostile_plan() -> dict[str, Any]:
    data = fixture("online-plan")
    data["class_name"] = SCRIPT
    data["modules"][0]["name"] = "a|b # c"
    data["platform"]["introduction"] = f"# 标题\n{SCRIPT}\n1. 列表 & [链接](x)"
    return data


def test_html_escapes_user_text() -> None:
    text = render("online-plan", hostile_plan(), "html").decode("utf-8")
    assert SCRIPT not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_docx_escapes_user_text() -> None:
    blob = render("online-plan", hostile_plan(), "docx")
    parts = docx_parts(blob)
    for part in ("word/document.xml", "docProps/core.xml"):
        assert SCRIPT not in parts[part]
        ElementTree.fromstring(parts[part])
    assert SCRIPT in docx_text(blob)  # shown as text


def test_markdown_escapes_user_text() -> None:
    text = render("online-plan", hostile_plan(), "md").decode("utf-8")
    assert all(len(s) == 1 for s in table_shapes(text))
    assert "<script>" not in text
    assert "a\\|b # c" in text  # a pipe cannot split the table cell
    assert "\n\\# 标题\n" in text  # user text cannot make a heading
    assert "\n1\\. 列表 & \\[链接\\](x)\n" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("# 标题", "\\# 标题"),
        ("#话题", "#话题"),
        ("- 项", "\\- 项"),
        ("---", "\\---"),
        ("2. 项", "2\\. 项"),
        ("96.7%", "96.7%"),
        ("a|b", "a\\|b"),
        ("*强调* _x_ `code`", "\\*强调\\* \\_x\\_ \\`code\\`"),
        ("<b>", "&lt;b&gt;"),
        ("&lt; & x", "&amp;lt; & x"),
        ("一行\n两行", "一行 两行"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=30))
def test_any_text_is_shown_as_text_or_refused(name: str) -> None:
    """Whatever a trainee's name holds, it is refused with a message naming the field,
    or shown as plain text: the Word XML stays well-formed and HTML gets no raw tag."""
    data = fixture("trainee-roster", "minimal")
    data["rows"][0]["name"] = name
    try:
        blob = render("trainee-roster", data, "docx")
    except InputError as exc:
        assert [where for where, _ in exc.problems] == ["名单 第1行 姓名"]
        return
    shown = data["rows"][0]["name"].strip()
    assert shown in docx_text(blob)
    html = render("trainee-roster", data, "html").decode("utf-8")
    assert str(escape(shown)) in html


# --- bad input ------------------------------------------------------------------------------


def test_missing_field_is_named() -> None:
    data = fixture("online-plan")
    del data["class_name"]
    assert problems("online-plan", data) == {"培训班名称": "必须填写"}


def test_nested_field_is_named_with_its_row() -> None:
    data = fixture("online-plan")
    data["modules"][2]["practical_hours"] = "-1"
    assert "课程模块 第3行 实训操作课时" in problems("online-plan", data)


def test_module_needs_some_hours() -> None:
    data = fixture("online-plan")
    data["modules"][1].update(theory_hours="0", practical_hours="0")
    assert "不能都为 0" in problems("online-plan", data)["课程模块 第2行"]


def test_module_teacher_must_be_in_the_teacher_list() -> None:
    data = fixture("online-plan")
    data["modules"][0]["teacher"] = "王不在"
    found = problems("online-plan", data)
    assert "不在师资配备名单中" in found["课程模块 第1行 授课教师"]


def test_end_date_before_start_date() -> None:
    data = fixture("online-plan")
    data["end_date"] = "2026-03-01"
    assert "培训结束日期" in problems("online-plan", data)


def test_roster_end_date_before_start_date() -> None:
    data = fixture("trainee-roster")
    data["end_date"] = "2026-03-01"
    assert problems("trainee-roster", data) == {"培训结束日期": "不能早于培训开始日期"}


def test_more_days_than_the_dates_allow() -> None:
    data = fixture("online-plan", "minimal")
    data["days"] = "3"
    assert "培训天数" in problems("online-plan", data)


def test_control_characters_are_refused() -> None:
    data = fixture("online-plan")
    data["institution"] = "示例\x01学校"
    assert "控制字符" in problems("online-plan", data)["培训机构名称"]


def test_single_line_fields_refuse_line_breaks() -> None:
    data = fixture("trainee-roster", "minimal")
    data["rows"][0]["name"] = "王\n晓梅"
    assert "不能换行" in problems("trainee-roster", data)["名单 第1行 姓名"]


def test_repeated_verification_method() -> None:
    data = fixture("online-plan")
    data["attendance"]["methods"] = ["face", "face"]
    assert "考勤制度 平台具备的认证功能" in problems("online-plan", data)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("500106199803120123", "校验位错误"),
        ("50010619980312012", "应为18位"),
        ("500106980312012", "15位旧号码"),
        ("500106199802300121", "出生日期不存在"),
        ("500106219803120128", "晚于参照日期"),
    ],
)
def test_invalid_id_number_is_named(change: str, reason: str) -> None:
    data = fixture("trainee-roster")
    data["rows"][0]["id_number"] = change
    assert reason in problems("trainee-roster", data)["名单 第1行 身份证号码"]


def test_id_number_region_code_is_not_checked() -> None:
    """Someone born in 1975 holds a post-1997 Chongqing code: still a valid number."""
    body = "50010619750821021"
    data = fixture("trainee-roster", "minimal")
    data["rows"][0].update(id_number=body + ric.calc_check_digit(body + "0"), sex="male")
    render("trainee-roster", data, "md")


def test_sex_must_match_the_id_number() -> None:
    data = fixture("trainee-roster")
    data["rows"][1]["sex"] = "female"
    assert "名单 第2行 性别" in problems("trainee-roster", data)


def test_repeated_id_number() -> None:
    data = fixture("subsidy-roster")
    data["rows"][2]["id_number"] = data["rows"][0]["id_number"]
    assert problems("subsidy-roster", data)["名单 第3行 身份证号码"] == "与第1行重复"


def test_hours_must_match_the_sessions() -> None:
    data = fixture("hour-roster")
    data["rows"][0]["hours"] = data["rows"][0]["hours"][:-1]
    assert "名单 第1行 各课次实际学时" in problems("hour-roster", data)


def test_hours_cannot_exceed_the_session() -> None:
    data = fixture("hour-roster")
    data["rows"][0]["hours"][0] = str(float(data["sessions"][0]["hours"]) + 0.5)
    label = data["sessions"][0]["label"]
    assert f"名单 第1行 “{label}”" in problems("hour-roster", data)


def test_roster_row_limit_both_sides() -> None:
    data = fixture("score-table", "minimal")
    row = data["rows"][0]
    data["rows"] = [row] * (MAX_ROWS + 1)
    assert f"最多 {MAX_ROWS} 项" in problems("score-table", data)["名单"]
    data["rows"] = [row] * MAX_ROWS  # at the limit: only the repeats are reported
    assert "名单" not in problems("score-table", data)


def test_unknown_template_and_format() -> None:
    with pytest.raises(InputError, match="模板"):
        render("no-such", {}, "md")
    with pytest.raises(InputError, match="格式"):
        render("online-plan", fixture("online-plan"), "pdf")
    with pytest.raises(InputError, match="格式"):
        empty("online-plan", "pdf")


# --- consistency with the registry and the other questions ----------------------------------


def test_templates_serve_their_rules() -> None:
    """calc/templates.toml: the rules each template serves and the 附件3 row it is."""
    served = {n: (t.rules, t.doc_item) for n, t in TEMPLATES.items()}
    assert served == {
        "online-plan": (
            ("SPB-PLAN-ELEMENTS", "SPB-APPLY", "SPB-PLATFORM", "CQ16-DOCS"),
            "training_plan",
        ),
        "trainee-roster": (("CQ16-DOCS",), "roster"),
        "hour-roster": (("CQ16-DOCS", "CQ16-EVID-VIDEO", "SPB-ARCHIVE"), "hour_roster"),
        "score-table": (("CQ16-EVID-ASSESS", "SPB-ARCHIVE"), None),
        "subsidy-roster": (("CQ16-DOCS", "SPB-COMPLETE"), "subsidy_roster"),
    }
    assert [t.layout for t in TEMPLATES.values()] == ["online_plan"] + ["roster"] * 4


def test_templates_cite_known_rules_and_annex3_rows() -> None:
    rows = {i.id for i in rule("CQ16-DOCS").items}
    for t in TEMPLATES.values():
        for rule_id in t.rules:
            rule(rule_id)
        assert t.doc_item is None or t.doc_item in rows


def test_enums_follow_the_registry() -> None:
    assert [m.value for m in VerificationMethod] == list(
        rule("SPB-PLAN-ELEMENTS").names("verification_methods")
    )
    kinds = [c.value for c in Certificate if c is not Certificate.NONE]
    assert kinds == list(rule("SPB-COMPLETE").names("certificates"))


def test_platform_source_matches_the_platform_question() -> None:
    platform = pytest.importorskip("calc.questions.platform")
    assert {s.value for s in PlatformSource} == {s.value for s in platform.PlatformSource}


def test_plan_feeds_the_plan_elements_question() -> None:
    from calc.questions import documents
    from calc.result import Context, Status

    plan = OnlinePlan.model_validate(fixture("online-plan"))
    inp = documents.PlanElements.model_validate(plan.to_plan_elements())
    result = documents.check_plan_elements(inp, Context(as_of="2026-03-01"))
    failed = [c.rule for c in result.checks if c.status is Status.FAIL]
    assert failed == []
    plan.lesson_plans_attached = False
    inp = documents.PlanElements.model_validate(plan.to_plan_elements())
    result = documents.check_plan_elements(inp, Context(as_of="2026-03-01"))
    assert "SPB-PLAN-ELEMENTS" in [c.rule for c in result.checks if c.status is Status.FAIL]


@pytest.mark.parametrize("size", ["full", "minimal"])
def test_plan_feeds_the_plan_check_question(size: str) -> None:
    from calc.api import run

    plan = OnlinePlan.model_validate(fixture("online-plan", size))
    result = run("plan-check", {"input": plan.to_plan_check(), "context": {"as_of": "2026-03-01"}})
    assert "error" not in result, result
    if size == "full":  # the full example is a compliant skill-training plan
        assert result["status"] == "pass"


def test_templates_load_from_the_checkout_or_the_package() -> None:
    root = _root()
    assert root.joinpath("online_plan.md.j2").is_file()
    assert root.joinpath("docx").joinpath("styles.xml").is_file()


# --- LibreOffice ------------------------------------------------------------------------------


LIBREOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (libreoffice-writer-nogui) or pdftotext (poppler-utils) not installed",
)


def to_pdf(folder: Path, files: dict[str, bytes]) -> None:
    """Write each ``{stem: docx}`` into ``folder`` and convert them all to PDF there
    (LibreOffice, one run, a profile of its own)."""
    for stem, blob in files.items():
        (folder / f"{stem}.docx").write_bytes(blob)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder),
         *(str(folder / f"{stem}.docx") for stem in files)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text (pdftotext -layout: pages end with a form feed), without whitespace."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [re.sub(r"\s+", "", page) for page in out.split("\f")[:-1]]


@LIBREOFFICE
def test_docx_opens_in_libreoffice(tmp_path: Path) -> None:
    plan = fixture("online-plan")
    roster = fixture("subsidy-roster")
    to_pdf(tmp_path, {
        "plan": render("online-plan", plan, "docx"),
        "roster": render("subsidy-roster", roster, "docx"),
        "blank": empty("hour-roster", "docx"),
    })  # fmt: skip

    def pdf_text(stem: str) -> str:
        return "".join(pdf_pages(tmp_path / f"{stem}.pdf"))

    text = pdf_text("plan")
    assert plan["class_name"] in text
    assert "线上职业培训方案" in text
    assert plan["modules"][-1]["name"] in text
    assert roster["rows"][0]["id_number"] in pdf_text("roster")
    blank = pdf_text("blank")
    assert "学员学时记录花名册" in blank
    assert "第1页共1页" in blank  # a blank roster prints on one page


def lead_ins(blob: bytes) -> set[str]:
    """Texts (without whitespace) that must not end a page: the title and headings, and each
    paragraph just before a table (the sentence introducing it)."""
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = ElementTree.fromstring(docx_parts(blob)["word/document.xml"]).find(f"{ns}body")
    assert body is not None
    found = set()
    blocks = list(body)
    for block, after in itertools.pairwise(blocks):
        if block.tag != f"{ns}p":
            continue
        style = block.find(f"{ns}pPr/{ns}pStyle")
        heading = style is not None and style.get(f"{ns}val") in ("Title", "Heading1")
        text = re.sub(r"\s+", "", "".join(t.text or "" for t in block.iter(f"{ns}t")))
        if text and (heading or after.tag == f"{ns}tbl"):
            found.add(text)
    return found


@LIBREOFFICE
def test_no_page_of_the_plan_ends_with_a_heading(tmp_path: Path) -> None:
    """The example plan, its objective 0 to 23 lines longer (so each heading in turn comes
    near a page's foot), printed by LibreOffice: no page but the last ends with a heading
    or with the sentence introducing a table (the table alone on the next page)."""
    plan = fixture("online-plan")
    line = "\n结业后取得职业技能等级证书，帮助学员就业创业。"
    docs = {f"plan{k}": render("online-plan", dict(plan, objective=plan["objective"] + line * k),
                               "docx") for k in range(24)}  # fmt: skip
    to_pdf(tmp_path, docs)
    left = []
    for stem, blob in docs.items():
        leads = lead_ins(blob)
        pages = [re.sub(r"第\d+页共\d+页$", "", t) for t in pdf_pages(tmp_path / f"{stem}.pdf")]
        assert len(pages) > 2
        left += [
            (stem, n + 1, t[-30:]) for n, t in enumerate(pages[:-1]) if t.endswith(tuple(leads))
        ]
    assert left == []


# --- findings shown beside the web forms ------------------------------------------------------


def _skill_plan(practical: int) -> dict[str, Any]:
    """The minimal plan as a 职业技能培训 with one module of 10 theory hours."""
    data = fixture("online-plan", "minimal")
    data["category"] = "skill"
    data["modules"] = [dict(data["modules"][0], theory_hours="10", practical_hours=str(practical))]
    return data


def _statuses(result: dict[str, Any]) -> dict[str, str]:
    return {c["rule"]: c["status"] for c in result["checks"]}


def test_plan_findings_cross_the_practical_share_both_ways() -> None:
    least = 15  # fewest practical hours beside 10 theory for 60% (15 / 25)
    assert _statuses(plan_findings(_skill_plan(least)))["CQ16-PRACTICAL-60"] == "pass"
    low = plan_findings(_skill_plan(least - 1))
    assert low["question"] == "plan-check"
    assert _statuses(low)["CQ16-PRACTICAL-60"] == "fail"


def test_plan_findings_use_the_context() -> None:
    data = _skill_plan(30)
    assert plan_findings(data, {"as_of": "2026-05-01"})["trace"]["as_of"] == "2026-05-01"
    bad = plan_findings(data, {"as_of": "明天"})
    assert bad["error"] and bad["problems"][0]["where"].startswith("判断日期")


def test_plan_findings_name_the_bad_field() -> None:
    data = fixture("online-plan", "minimal")
    data["days"] = "两天"
    found = plan_findings(data)
    assert found["error"] and found["problems"][0]["where"] == "培训天数"
    data = fixture("online-plan", "minimal")
    data["modules"][0]["teacher"] = "李四"
    where = [p["where"] for p in plan_findings(data)["problems"]]
    assert where == ["课程模块 第1行 授课教师"]


@pytest.mark.parametrize("name", [n for n in TEMPLATES if n != "online-plan"])
def test_roster_findings(name: str) -> None:
    assert findings(name, fixture(name, "minimal")) == {"ok": True}
    found = findings(name, {**fixture(name, "minimal"), "rows": []})
    assert [p["where"] for p in found["problems"]] == ["名单"]
    assert findings("online-plan", fixture("online-plan"))["question"] == "plan-check"
