"""What is done to the built site: the search worker fixed, every page given the runtime
manifest's hash and its Content-Security-Policy, the deployment page given the site's
header policy, and at last precompressed copies of every file that compresses."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from scripts import calc_forms, compress, csp

from . import deploy
from .common import ROOT
from .search import fix_search_worker

COMPRESS_CACHE = ROOT / ".cache" / "compressed"


_BOOT = re.compile(f"<script {calc_forms.EARLY_WORKER}>.*?</script>", re.S)


def stamp_runtime(site: Path) -> None:
    """Give every page the built runtime manifest's hash (none when no runtime was built),
    and a calculator page's early start of its worker (calc_forms) right after it, both
    first in the head after ``<meta charset>`` (csp.apply then puts the policy before
    them): the worker starts before the stylesheets load and the body is parsed (on the
    days page, that was 60–90 ms), not where the form stands. The copies of that script
    that a page with several forms has do nothing once the first has run: they are
    dropped."""
    manifest = site / "runtime" / "manifest.json"
    if not manifest.is_file():
        return
    digest = base64.b64encode(hashlib.sha256(manifest.read_bytes()).digest()).decode()
    meta = f'<meta name="{calc_forms.RUNTIME_META}" content="sha256-{digest}">'
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        boot = _BOOT.search(text)
        head = meta + (boot.group(0) if boot else "")
        text = _BOOT.sub("", text)
        charset = csp.CHARSET.search(text)
        at = charset.end() if charset else text.index("</head>")
        page.write_text(text[:at] + head + text[at:], encoding="utf-8")


_BUNDLE = re.compile(r'(<script src="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js")>')


def defer_theme_bundle(site: Path) -> None:
    """The theme's bundle is a parser-blocking script at the end of ``<body>``: the first
    paint waits for it to download and run (Lighthouse counts it render-blocking). Deferred,
    it runs once the page is parsed, still before DOMContentLoaded, after the calculator's
    loader (calc-runtime.js waits for its document$)."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        deferred = _BUNDLE.sub(r"\1 defer>", text, count=1)
        if deferred != text:
            page.write_text(deferred, encoding="utf-8")


STYLESHEET = "assets/css/site.css"
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def inline_stylesheet(site: Path) -> None:
    """Our one stylesheet (the palette, the calculators, the tables: about 6 KB compressed)
    goes into each page's ``<style>`` in place of its ``<link>``: the first paint waits for
    no file of ours (a linked stylesheet is render-blocking, Lighthouse counts it). The
    order of the cascade is kept: the element stands where the link stood, after the
    theme's stylesheets. The head is kept across instant navigation, and every page carries
    the same rules. The file itself is then no longer served."""
    sheet = site / STYLESHEET
    css = _COMMENT.sub("", sheet.read_text(encoding="utf-8"))
    css = "\n".join(line.strip() for line in css.splitlines() if line.strip())
    if "</style" in css.lower():
        raise ValueError(f"{STYLESHEET}: '</style' would end the <style> element")
    link = re.compile(r'<link rel="stylesheet" href="[^"]*?' + re.escape(STYLESHEET) + '">')
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        inlined, found = link.subn(lambda _: f"<style>{css}</style>", text, count=1)
        if found:
            page.write_text(inlined, encoding="utf-8")
    sheet.unlink()
    if not any(sheet.parent.iterdir()):
        sheet.parent.rmdir()


PLACEHOLDER_URL = "http://localhost/"
_CANONICAL = re.compile(f'<link rel="canonical" href="{re.escape(PLACEHOLDER_URL)}[^"]*">')


def drop_placeholder_canonical(site: Path) -> None:
    """Built without SITE_URL, the site's address is the placeholder mkdocs.yml gives (the
    sitemap needs one for instant navigation): no page names it as its canonical address."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if _CANONICAL.search(text):
            page.write_text(_CANONICAL.sub("", text), encoding="utf-8")


def finish(site: Path, site_url: str) -> None:
    """After the build: the search fix, the runtime hash, then each page's policy (made
    from the page as it finally is), the deployment page's header policy, and last the
    ``.gz``/``.br`` copies (of the final bytes)."""
    if site_url == PLACEHOLDER_URL:
        drop_placeholder_canonical(site)
    fix_search_worker(site)
    defer_theme_bundle(site)
    inline_stylesheet(site)
    stamp_runtime(site)
    csp.apply(site)
    deploy.fill(site)
    compress.compress_tree(site, cache=COMPRESS_CACHE)
