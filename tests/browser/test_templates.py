"""The plan and roster template pages in headless Chromium, one page load per test: a draft
imported from JSON, a live plan-check finding that appears and goes away, the draft kept
over a reload, the .docx download, and user text shown as text in the sandboxed preview."""

from __future__ import annotations

import io
import json
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
SCRIPT = "<script>alert(1)</script>"
PREVIEW = "document.querySelector('[data-template-preview]')"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.minimal.json").read_text("utf-8"))
    return data


def open_template(page: Any, server: str, name: str) -> float:
    t0 = time.perf_counter()
    page.goto(f"{server}/plan-templates/{name}/")
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    return time.perf_counter() - t0


def import_draft(page: Any, data: dict[str, Any]) -> None:
    page.set_input_files(
        "[data-template-file]",
        files=[{"name": "draft.json", "mimeType": "application/json",
                "buffer": json.dumps(data, ensure_ascii=False).encode("utf-8")}],
    )  # fmt: skip


def preview_has(page: Any, text: str) -> None:
    page.wait_for_function(f"() => {PREVIEW}.srcdoc.includes({json.dumps(text)})", timeout=60_000)


def check(page: Any, rule_id: str) -> Any:
    return page.locator(f"[data-calc-result='tpl-online-plan'] .calc-check[data-rule='{rule_id}']")


def test_plan_findings_draft_and_docx(page: Any, server: str) -> None:
    share = Decimal("0.6")  # 实训操作课时不低于60%
    least = int(-(-10 * share // (1 - share)))  # fewest practical hours beside 10 theory
    data = fixture("online-plan")
    data["category"] = "skill"
    data["modules"][0].update(theory_hours="10", practical_hours=str(least - 1))
    ready = open_template(page, server, "online-plan")
    t0 = time.perf_counter()
    import_draft(page, data)
    low = check(page, "CQ16-PRACTICAL-60")
    low.and_(page.locator("[data-status='fail']")).wait_for()
    first = time.perf_counter() - t0
    preview_has(page, data["class_name"])

    t0 = time.perf_counter()
    page.fill("[name='input.modules[].practical_hours']", str(least))
    check(page, "CQ16-PRACTICAL-60").and_(page.locator("[data-status='pass']")).wait_for()
    fixed = time.perf_counter() - t0
    assert check(page, "CQ16-PRACTICAL-60").get_attribute("data-status") == "pass"

    # The draft (personal data) stays in this browser: nothing of it in the address.
    assert data["class_name"] not in page.evaluate("decodeURIComponent(location.href)")
    page.reload()
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
    assert page.input_value("[name='input.modules[].practical_hours']") == str(least)
    assert page.input_value("[name='input.class_name']") == data["class_name"]
    preview_has(page, data["class_name"])
    assert check(page, "CQ16-PRACTICAL-60").get_attribute("data-status") == "pass"

    with page.expect_download() as info:
        page.click("[data-template-download='docx']")
    download = info.value
    assert download.suggested_filename == "线上职业培训方案.docx"
    blob = Path(download.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert data["class_name"] in document and "线上职业培训方案" in document
    print(f"\n[templates] plan: ready {ready:.1f}s, import→finding {first:.2f}s, "
          f"edit→finding gone {fixed:.2f}s")  # fmt: skip


def test_script_in_a_field_is_text_and_blank_copy(page: Any, server: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    data = fixture("trainee-roster")
    data["rows"][0]["note"] = SCRIPT
    ready = open_template(page, server, "trainee-roster")
    import_draft(page, data)
    page.wait_for_selector("[data-calc-result='tpl-trainee-roster'] .calc-st-filled")
    preview_has(page, data["rows"][0]["name"])
    body = page.frame_locator("[data-template-preview]").locator("body")
    assert SCRIPT in body.inner_text()
    assert page.get_attribute("[data-template-preview]", "sandbox") == ""

    with page.expect_download() as info:
        page.click("[data-template-blank='docx']")
    with zipfile.ZipFile(Path(info.value.path())) as z:
        assert "学员花名册" in z.read("word/document.xml").decode("utf-8")
    with page.expect_download() as info:
        page.click("[data-template-download='md']")
    assert "&lt;script&gt;" in Path(info.value.path()).read_text("utf-8")
    with page.expect_download() as info:
        page.click("[data-template-export='json']")
    assert json.loads(Path(info.value.path()).read_text("utf-8"))["rows"][0]["note"] == SCRIPT

    page.fill("[name='input.rows[].id_number']", "123")
    page.wait_for_selector("[data-calc-result='tpl-trainee-roster'] .calc-st-error")
    assert "身份证号码" in page.inner_text("[data-calc-result='tpl-trainee-roster']")
    page.wait_for_timeout(300)
    assert dialogs == []
    print(f"\n[templates] roster: ready {ready:.1f}s")
