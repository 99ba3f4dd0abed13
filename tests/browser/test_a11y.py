"""Accessibility: axe-core on every kind of page of the built site, in light and dark.

axe-core comes from npm at the version pinned in package.json (``npm ci`` puts it in
node_modules/); it is put into each page through the DevTools protocol (``page.evaluate`` of
its source), so the pages keep their Content-Security-Policy. axe runs with the WCAG 2.2 A
and AA rules (tags below) on: the home page, a regulation, the readings, the coverage page,
every calculator page after each of its forms has shown its example's answer (and the
what-if panel its own) and each upload box a file's result, and a plan-template page with
its preview. Each state is checked in the light scheme and again in the dark one (the
palette's ``slate``). A serious or critical violation fails the test, and so do two
best-practice rules (:data:`ALSO`); every finding is printed (``pytest -s``) by rule and
impact, with the seconds spent per page.

One browser context and one page for the module: the HTTP cache is shared, the pages are
visited one after the other.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import console_errors
from tests.browser.test_every_page import answer_forms
from tests.browser.test_fuzz import calculator_pages
from tests.browser.test_upload import boundary_rows, csv_bytes, roster_rows

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING = {"serious", "critical"}
# axe's best-practice rules that fail the test too, whatever their impact: headings in
# order (a result's headings follow the page's), and a name for the search dialog.
ALSO = {"heading-order", "aria-dialog-name"}
SCHEMES = ("default", "slate")  # mkdocs.yml's palette: light, dark
# A file each upload calculator reads without error.
FILES = {
    "attendance": ("签到.csv", csv_bytes(boundary_rows())),
    "roster": ("花名册.csv", csv_bytes(roster_rows(3))),
}
STATIC = ["/", "/regulations/spb/", "/readings/", "/coverage/"]
# The template pages are one kind (the same form and preview): one of them is checked.
TEMPLATES = "/plan-templates/"
TEMPLATE = "/plan-templates/online-plan/"

# Runs in the page: axe on the document with the WCAG rules and the best-practice ones
# (reported; of them only ALSO fails the test). Iframes are left out: the template preview
# is sandboxed, nothing runs in it, axe could not answer from it. Only what the report
# needs comes back.
RUN = """async tags => {
  const r = await axe.run(document, {
    runOnly: { type: "tag", values: tags.concat(["best-practice"]) },
    resultTypes: ["violations"],
    iframes: false,
  });
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, wcag: v.tags.some(t => tags.includes(t)), help: v.help,
    nodes: v.nodes.map(n => ({ target: n.target.join(" "), html: n.html.slice(0, 160),
                               why: (n.failureSummary || "").slice(0, 300) })),
  }));
}"""

# The palette toggle's switch: the scheme on the body, with the theme's transitions off
# meanwhile (as its own toggle does); resolves when no colour is still changing.
SCHEME = """async s => {
  const body = document.body;
  body.setAttribute("data-md-color-switching", "");
  body.setAttribute("data-md-color-scheme", s);
  getComputedStyle(body).color;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  body.removeAttribute("data-md-color-switching");
  const moving = document.getAnimations().filter(a => a instanceof CSSTransition);
  await Promise.race([Promise.all(moving.map(a => a.finished.catch(() => null))),
                      new Promise(r => setTimeout(r, 1000))]);
  return getComputedStyle(body).backgroundColor;
}"""

# Every violation seen in the module: (rule, impact, wcag?) → nodes; printed at the end.
SEEN: Counter[tuple[str, str, bool]] = Counter()
TIMES: dict[str, list[float]] = {}  # path → [seconds to load and answer, seconds of axe]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip("axe-core not installed: run `npm ci` at the repository root")
    return AXE.read_text("utf-8")


@pytest.fixture(scope="module")
def a11y(browser: Any, server: str, requests_seen: list[str]) -> Iterator[Any]:
    """One context and page for the module; afterwards every request went to the local
    server, nothing threw and nothing was logged as an error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    mine: list[str] = []

    def record(request: Any) -> None:
        mine.append(request.url)
        requests_seen.append(request.url)

    context.on("request", record)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    console_errors(page, errors)
    page.set_default_timeout(120_000)
    yield page
    context.close()
    foreign = [u for u in mine if not u.startswith((server + "/", "data:", "blob:", "about:"))]
    assert not foreign, f"requests outside {server}: {foreign}"
    assert not errors, f"errors in the page or its console: {errors}"
    print(f"\n[a11y] violations by rule and impact (nodes, light + dark): {len(SEEN) or 'none'}")
    for (rule, impact, wcag), n in sorted(SEEN.items()):
        print(f"  {rule:28} {impact:9} {'wcag' if wcag else 'best-practice':13} {n}")
    took = {k: [round(t, 1) for t in v] for k, v in TIMES.items()}
    print(f"[a11y] seconds to load and answer, of axe (light + dark): {json.dumps(took)}")


def check(page: Any, source: str, what: str) -> None:
    """axe on the page as it is, light and dark; fails on a serious or critical WCAG
    violation (or one of :data:`ALSO`), listing each with its elements."""
    t0 = time.perf_counter()
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(source)
    bad = []
    for scheme in SCHEMES:
        page.evaluate(SCHEME, scheme)
        for v in page.evaluate(RUN, WCAG):
            SEEN[(v["id"], v["impact"], v["wcag"])] += len(v["nodes"])
            if (v["wcag"] and v["impact"] in FAILING) or v["id"] in ALSO:
                bad.append(f"{what} [{scheme}] {v['id']} ({v['impact']}): {v['help']}")
                bad += [f"    {n['target']}: {n['html']}\n      {n['why']}" for n in v["nodes"][:5]]
    page.evaluate(SCHEME, SCHEMES[0])
    TIMES.setdefault(what, [0, 0])[1] += time.perf_counter() - t0
    assert not bad, "\n".join(bad)


def upload_file(page: Any, q: str) -> None:
    """Give the upload box its file; wait for the result."""
    box = f".calc-upload[data-calc-question='{q}']"
    page.wait_for_selector(f"{box} input[type=file]:not([disabled])")
    page.eval_on_selector_all(  # a required choice left empty: its first option
        f"{box} .upload-options select",
        "ss => ss.forEach(s => { if (!s.value) s.selectedIndex = 1; })",
    )
    name, data = FILES.get(q, ("表.csv", csv_bytes([["姓名"], ["张三"]])))
    page.set_input_files(
        f"{box} input[type=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    result = page.locator(f"{box} [data-calc-result][data-status]")
    result.wait_for()
    assert result.get_attribute("data-status") not in ("failure", "error"), result.inner_text()


def nav_link(page: Any, path: str) -> Any:
    """The links to ``path`` shown in the tabs and the side navigation."""
    return page.locator(
        f".md-tabs a[href$='{path}']:visible, "
        f".md-sidebar--primary a.md-nav__link[href$='{path}']:visible"
    )


def follow(page: Any, path: str) -> None:
    nav_link(page, path).first.click()
    page.wait_for_function("p => location.pathname === p", arg=path)


def visit(page: Any, server: str, path: str, forms: list[str]) -> None:
    """Open a calculator page as a reader goes there: by its link in the side navigation, after
    its section's tab when the link is in another section (the theme's instant navigation
    keeps the worker and its Python), else by loading it; then wait until its forms are set
    up and Python is ready."""
    section = "/" + path.strip("/").split("/")[0] + "/"
    if page.url.startswith(server):
        if not nav_link(page, path).count() and nav_link(page, section).count():
            follow(page, section)
        if nav_link(page, path).count():
            follow(page, path)
    if page.evaluate("() => location.pathname") != path:
        page.goto(server + path)
    for q in forms:
        page.wait_for_function(
            "q => (document.querySelector(`form.calc-form[data-calc-question='${q}']`) || {})"
            ".calculator",
            arg=q,
        )
    page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)


@pytest.mark.parametrize("path", STATIC)
def test_page_has_no_serious_violation(a11y: Any, server: str, axe_source: str, path: str) -> None:
    t0 = time.perf_counter()
    a11y.goto(server + path)
    TIMES[path] = [time.perf_counter() - t0, 0]
    check(a11y, axe_source, path)


def test_calculators_and_templates_with_their_answers(
    a11y: Any, server: str, site_dir: Path, axe_source: str
) -> None:
    found = calculator_pages(site_dir)
    assert TEMPLATE in found
    calculators = {p: q for p, q in found.items() if not p.startswith(TEMPLATES) or p == TEMPLATE}
    failed = []
    for path, (forms, uploads) in calculators.items():
        t0 = time.perf_counter()
        visit(a11y, server, path, forms)
        answer_forms(a11y, forms)
        for q in uploads:
            upload_file(a11y, q)
        if a11y.locator("[data-template-preview]").count():
            a11y.wait_for_function(
                "() => document.querySelector('[data-template-preview]').srcdoc.length > 0"
            )
        if a11y.locator("[data-whatif-out]").count():  # the what-if panel's answer too
            a11y.wait_for_selector("[data-whatif-out] > *")
        TIMES[path] = [time.perf_counter() - t0, 0]
        try:
            check(a11y, axe_source, path)
        except AssertionError as e:
            failed.append(str(e))
    assert not failed, "\n".join(failed)
