"""Content-Security-Policy for the built site: only the site's own origin.

Each page gets a ``<meta http-equiv="Content-Security-Policy">`` as the first element of
its head, listing the SHA-256 of each inline script of that page (the theme's few lines
and a calculator's early worker start) — no other inline script can run, and no inline
event handler (``onclick=``) at all. ``'wasm-unsafe-eval'`` lets Pyodide compile
WebAssembly; nothing allows ``eval``. Styles allow inline ``style`` attributes (the
forms set widths with them; the template preview carries its own stylesheet): style
cannot run script.

A meta policy does not reach a Web Worker started from its own URL (the worker's policy
comes with its response), so :data:`WORKER` is what ``scripts/serve.py`` sends as a header
with every script; a host that can set headers should do the same.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

BASE = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "frame-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}

_INLINE = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)
_HEAD = re.compile(r"<head[^>]*>")


def policy(inline_scripts: list[str]) -> str:
    """The page policy allowing exactly these inline scripts (by their SHA-256)."""
    hashes = sorted({source_hash(s) for s in inline_scripts})
    parts = dict(BASE)
    parts["script-src"] = " ".join([BASE["script-src"], *hashes])
    return "; ".join(f"{k} {v}" for k, v in parts.items())


WORKER = policy([])
"""The policy of a script served on its own (the calculator's worker, the service worker)."""


def source_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _executable(attrs: str) -> bool:
    """Whether a script element runs (JSON data blocks such as Material's config do not)."""
    kind = re.search(r'\btype="([^"]*)"', attrs)
    return kind is None or kind.group(1) in ("text/javascript", "module", "")


def protect(html: str) -> str:
    """``html`` with its policy as the first element of ``<head>``."""
    scripts = [body for attrs, body in _INLINE.findall(html) if _executable(attrs)]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(scripts)}">'
    head = _HEAD.search(html)
    if head is None:
        raise ValueError("page without <head>")
    return html[: head.end()] + meta + html[head.end() :]


def apply(site: Path) -> None:
    """Add the policy to every page of the built site."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' not in text:
            page.write_text(protect(text), encoding="utf-8")


FRAME_ANCESTORS = "frame-ancestors 'self'"
"""Only a header can carry ``frame-ancestors`` (a meta policy ignores it)."""


def page_header(html: str) -> str:
    """The policy a server sends as a header with this page: the page's own policy (the
    one its meta element carries) plus ``frame-ancestors 'self'``."""
    scripts = [body for attrs, body in _INLINE.findall(html) if _executable(attrs)]
    return f"{policy(scripts)}; {FRAME_ANCESTORS}"


def site_header(site: Path) -> str:
    """One header policy for every page of the built site, for a server whose headers are
    fixed in its configuration (nginx, Caddy): the inline scripts of all pages together,
    plus ``frame-ancestors 'self'``. A browser enforces both the header and each page's
    meta element, so a page still runs only its own inline scripts."""
    scripts = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        scripts += [body for attrs, body in _INLINE.findall(html) if _executable(attrs)]
    return f"{policy(scripts)}; {FRAME_ANCESTORS}"
