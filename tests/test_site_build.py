"""The site builds with ``mkdocs build --strict``; every rule value on it comes from calc's
registry (change a value in a copy of calc/parameters and the page follows); no built page
loads anything from another origin."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import ClassVar

import pytest

from calc.rules import rule
from calc.text import pct

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
pytestmark = pytest.mark.skipif(
    shutil.which(MKDOCS) is None and not Path(MKDOCS).is_file(), reason="mkdocs not installed"
)


def build(dest: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [MKDOCS, "build", "--strict", "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    done = build(dest)
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-4000:]}"
    return dest


class _Boxes(HTMLParser):
    """Text of each element with an id="rule-…" (the rule boxes)."""

    def __init__(self) -> None:
        super().__init__()
        self.boxes: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        box = ident if ident and ident.startswith("rule-") else None
        self._open.append((tag, box))
        if box:
            self.boxes[box] = ""

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, box in self._open:
            if box:
                self.boxes[box] += data


def rule_box(site: Path, page: str, rule_id: str) -> str:
    parser = _Boxes()
    parser.feed((site / page / "index.html").read_text("utf-8"))
    assert f"rule-{rule_id}" in parser.boxes, f"no rule box for {rule_id} on {page}"
    return parser.boxes[f"rule-{rule_id}"]


def test_rule_value_on_page_is_calcs(site: Path) -> None:
    r = rule("CQ16-PRACTICAL-60")
    box = rule_box(site, "regulations/cq16", r.id)
    assert f"{r.values['min_share'].label}：60%" in box  # “不低于总课时的60%”
    assert r.statement in box
    assert "50人" in rule_box(site, "regulations/cq16", "CQ16-CLASS-50")


def test_every_rule_has_one_box_at_its_anchor(site: Path) -> None:
    from calc.rules import registry, sources

    for r in registry().values():
        page = sources()[r.doc].page.removesuffix(".md")
        html = (site / page / "index.html").read_text("utf-8")
        assert html.count(f'id="rule-{r.id}"') == 1, r.id


class _BoxesBySection(HTMLParser):
    """Section heading id → the rule IDs of the boxes standing in that section."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, set[str]] = {}
        self._section = ""
        self._in_summary = self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        ident = dict(attrs).get("id")
        if re.fullmatch(r"h[2-6]", tag) and ident:
            self._section = ident
        self._in_summary |= tag == "summary"
        self._in_code = tag == "code" and self._in_summary

    def handle_endtag(self, tag: str) -> None:
        self._in_summary &= tag != "summary"
        self._in_code &= tag != "code"

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.found.setdefault(self._section, set()).add(data)


def test_every_rule_stands_under_every_article_it_comes_from(site: Path) -> None:
    """A rule citing several articles (``一（一）、三（一）``, ``第六条、第七条``) has a box under
    each of them, not only under its own anchor."""
    from calc.rules import registry, sources

    boxes: dict[str, set[str]] = {}
    for src in sources().values():
        parser = _BoxesBySection()
        parser.feed((site / src.page.removesuffix(".md") / "index.html").read_text("utf-8"))
        boxes |= parser.found
    assert "CQ16-STANDARDS" in boxes["cq16-1-1"] and "CQ16-STANDARDS" in boxes["cq16-3-1"]
    assert "SPB-PLATFORM" in boxes["spb-6"] and "SPB-PLATFORM" in boxes["spb-7"]
    missing = [
        (r.id, anchor)
        for r in registry().values()
        for anchor in {r.anchor, *r.sections}
        if r.id not in boxes.get(anchor, set())
    ]
    assert missing == []


def test_changed_parameter_changes_the_page(tmp_path: Path) -> None:
    """A copy of calc with CQ16-PRACTICAL-60 raised by 5 points, first on PYTHONPATH (with
    the templates beside it, where calc.render finds them)."""
    shutil.copytree(ROOT / "calc", tmp_path / "calc", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "templates").symlink_to(ROOT / "templates")
    hours = tmp_path / "calc" / "parameters" / "hours.toml"
    text = hours.read_text("utf-8")
    old = Decimal("0.6")
    new = old + Decimal("0.05")
    table = re.search(r"\[CQ16-PRACTICAL-60\.values\.min_share\]\nvalue = \"([\d.]+)\"", text)
    assert table and Decimal(table.group(1)) == old
    text = text[: table.start(1)] + str(new) + text[table.end(1) :]
    hours.write_text(text, "utf-8")

    dest = tmp_path / "site"
    done = build(dest, pythonpath=tmp_path)
    assert done.returncode == 0, done.stderr[-4000:]
    box = rule_box(dest, "regulations/cq16", "CQ16-PRACTICAL-60")
    assert f"：{pct(new)}" in box
    assert f"：{pct(old)}" not in box


class _Sources(HTMLParser):
    ATTRS: ClassVar[dict[str, str]] = {
        "script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
        "audio": "src", "video": "src", "embed": "src", "object": "data",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = self.ATTRS.get(tag)
        for key, value in attrs:
            if value and (key == name or key == "srcset"):
                self.found.append(value)


def test_no_page_loads_from_another_origin(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        parser = _Sources()
        parser.feed(page.read_text("utf-8"))
        outside = [u for u in parser.found if re.match(r"^(https?:)?//", u.strip())]
        assert not outside, f"{page.relative_to(site)} loads {outside}"
    for css in site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", css.read_text("utf-8"))


def test_search_is_chinese_and_finds_rule_ids(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert re.split(index["config"]["separator"], "到课率\u200b筛选") == ["到课率", "筛选"]
    text = " ".join(d["text"] for d in index["docs"] if "regulations/spb" in d["location"])
    assert "\u200b到课率\u200b" in text  # one word, not 到 + 课率
    assert "SPB-ATTEND-80" in text
    assert not any("developers/schemas" in d["location"] for d in index["docs"])
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    fixed = re.search(r"<=\w\.length;\w\+\+\)\w\.slice", worker.read_text("utf-8"))
    assert fixed, "query segmentation fix not applied"


def test_calculator_page_has_form_from_schema(site: Path) -> None:
    from calc.api import questions

    html = (site / "calculators" / "days" / "index.html").read_text("utf-8")
    model = questions()["days"].model
    for name, field in model.model_fields.items():
        assert f'name="input.{name}"' in html
        assert f">{field.title}</label>" in html
    assert 'data-calc-question="days"' in html


def test_every_page_has_the_site_policy_allowing_only_the_sites_inline_scripts(site: Path) -> None:
    """SPB/CQ16 aside: the site's Content-Security-Policy (scripts/csp.py). Every page has
    the one site policy first in its head (instant navigation keeps the first page's policy
    for the pages reached from it): it allows each executable inline script of the site by
    its hash and nothing else inline; no page has an inline event handler or a javascript:
    URL."""
    from scripts.csp import site_policy, source_hash

    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    inline = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
    every: set[str] = set()
    expected = site_policy(site)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        meta = re.search(
            r'<head[^>]*>\s*<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"'
            r' content="([^"]+)"',
            text,
        )
        assert meta, f"{page}: no policy right after <meta charset> in <head>"
        assert meta.group(1) == expected, f"{page}: not the site's policy"
        rules = dict(part.strip().split(" ", 1) for part in meta.group(1).split(";"))
        assert rules["default-src"] == "'self'" and rules["object-src"] == "'none'"
        sources = rules["script-src"].split()
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
        every |= {source_hash(b) for a, b in inline.findall(text) if "application/json" not in a}
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", text), f"{page}: inline event handler"
        assert "javascript:" not in text.lower(), f"{page}: javascript: URL"
    assert {s for s in sources if s.startswith("'sha256-")} == every
    calculator = (site / "calculators" / "days" / "index.html").read_text(encoding="utf-8")
    assert "calcEarlyWorker" in calculator  # the early worker start is among the hashed


def test_only_calculator_pages_load_calculator_scripts(site: Path) -> None:
    """Reading pages stay light: a page without a calculator loads site.js and the theme's
    bundle, no calc-*.js; a calculator page's content carries the loader, calc-runtime.js
    (where the theme's instant navigation runs it when it swaps the page in), naming calc's
    scripts in the order they run."""
    from scripts.calc_forms import CALC_SCRIPTS

    src = re.compile(r'<script src="[^"]*assets/js/([^"/]+)"')
    loader = re.compile(r'<script src="[^"]*/calc-runtime\.js" data-calc-scripts="([^"]*)"')
    calculators = reading = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        ours = src.findall(text)
        if "data-calc-question" not in text:
            reading += 1
            assert ours == ["site.js"], f"{page.relative_to(site)} loads {ours}"
            continue
        calculators += 1
        content = text[text.index('data-md-component="container"') :]
        assert set(ours[:-1]) == {"calc-runtime.js"} and ours[-1] == "site.js", page
        assert len(loader.findall(content)) == len(ours) - 1, page  # the loaders: in content
        for names in loader.findall(content):
            assert names.split()[: len(CALC_SCRIPTS)] == list(CALC_SCRIPTS), page
    assert calculators >= 10 and reading >= 10


def test_pages_carry_the_runtime_manifest_hash(site: Path) -> None:
    """The worker fetches runtime/manifest.json with this hash as Subresource Integrity."""
    import base64
    import hashlib

    manifest = site / "runtime" / "manifest.json"
    if not manifest.is_file():
        pytest.skip("no runtime built (python scripts/build_runtime.py)")
    digest = base64.b64encode(hashlib.sha256(manifest.read_bytes()).digest()).decode()
    page = (site / "calculators" / "days" / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="calc-runtime-integrity" content="sha256-{digest}">' in page


def test_a_calculator_page_starts_its_worker_first_in_the_head(site: Path) -> None:
    """The worker starts before anything else loads: one early-start script per page with
    a calculator's or a template's form, in the head after the charset, the policy and the
    runtime hash it reads, before any stylesheet (a script after a stylesheet waits for it)
    and before the body; other pages have none (an upload page's loader starts the worker)."""
    if not (site / "runtime" / "manifest.json").is_file():
        pytest.skip("no runtime built (python scripts/build_runtime.py)")
    from scripts.calc_forms import EARLY_WORKER

    boot = f"<script {EARLY_WORKER}>"
    calculators = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if boot not in text:
            assert '<form class="calc-form"' not in text, page
            continue
        calculators += 1
        assert text.count(boot) == 1, page
        at = text.index(boot)
        policy = text.index('<meta http-equiv="Content-Security-Policy"')
        runtime = text.index('<meta name="calc-runtime-integrity"')
        assert text.index('<meta charset="utf-8">') < policy < runtime < at, page
        assert at < text.index('<link rel="stylesheet"') and at < text.index("</head>"), page
    assert calculators >= 10


def test_cli_page_lists_every_header_and_status_word(site: Path) -> None:
    """The header and status-word tables of the developer page are rendered from calc."""
    from calc.tables.read import COLUMNS, PRESENCE

    text = (site / "developers" / "cli" / "index.html").read_text("utf-8")
    for column in COLUMNS.values():
        assert f"<code>{column.key}</code>" in text, column.key
        for name in column.names:
            assert html.escape(name) in text, name
    for word in PRESENCE:
        assert html.escape(word) in text, word


def test_coverage_page_links_each_clause_to_its_calculators(site: Path) -> None:
    """The coverage page's rows name the calculators answering their rules (calc's manifest)."""
    text = (site / "coverage" / "index.html").read_text("utf-8")
    row = re.search(r"<tr>\s*<td><a href=\"\.\./regulations/spb/#spb-7-4\".*?</tr>", text, re.S)
    assert row, "no coverage row for SPB 第七条（四）"
    assert "SPB-ATTEND-80" in row.group(0)
    assert 'href="../calculators/attendance/"' in row.group(0)


def test_sitemap_lists_every_page(site: Path) -> None:
    """sitemap.xml (instant navigation reads it to know the site's own links) lists every
    page: none missing, none elsewhere."""
    found = set(re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text("utf-8")))
    pages = {
        "http://localhost/" + str(p.parent.relative_to(site)).replace(".", "").strip("/")
        for p in site.rglob("index.html")
    }
    assert {u.rstrip("/") for u in found} == {u.rstrip("/") for u in pages}


def test_no_page_skips_a_heading_level(site: Path) -> None:
    """In every page's content a heading is at most one level below the one before it
    (h1, then h2, not h3: axe's heading-order, before any result is drawn)."""
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        start = text.find('<article class="md-content__inner')
        if start < 0:
            continue
        content = text[start : text.index("</article>", start)]
        levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", content)]
        jumps = [(a, b) for a, b in pairwise(levels) if b > a + 1]
        assert not jumps, f"{page.relative_to(site)}: headings {levels}"


def test_no_stylesheet_of_ours_blocks_the_first_paint(site: Path) -> None:
    """Our stylesheet is inlined in each page's head, after the theme's (so the cascade is
    unchanged); no page links a stylesheet of ours, and every page carries the same rules
    (the head is kept across instant navigation)."""
    source = (ROOT / "docs/assets/css/site.css").read_text(encoding="utf-8")
    linked = re.compile(r'<link rel="stylesheet" href="([^"]*)"')
    styles: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        head = text[: text.index("</head>")]
        ours = [href for href in linked.findall(head) if "assets/stylesheets/" not in href]
        assert ours == [], f"{page.relative_to(site)} links {ours}"
        inline = re.findall(r"<style>(.*?)</style>", head, re.S)
        assert len(inline) == 1, page.relative_to(site)
        theme = [m.start() for m in linked.finditer(head)]
        assert theme and max(theme) < head.index("<style>"), page.relative_to(site)
        styles.add(inline[0])
    assert len(styles) == 1
    (css,) = styles
    for selector in re.findall(r"^([.:#\w][^{\n]*)\{", source, re.M):
        assert selector.strip() in css, selector
    assert not (site / "assets/css/site.css").exists()
