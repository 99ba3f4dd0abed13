"""Content-Security-Policy for the built site: only the site's own origin.

Each page gets a ``<meta http-equiv="Content-Security-Policy">`` right after its
``<meta charset>`` (which must stay within the first 1024 bytes), listing the SHA-256 of
each inline script of that page (the theme's few lines and a calculator's early worker
start) — no other inline script can run, and no inline event handler (``onclick=``) at
all. ``'wasm-unsafe-eval'`` lets Pyodide compile WebAssembly; nothing allows ``eval``.
Styles allow inline ``style`` attributes (the forms set widths with them; the template
preview carries its own stylesheet): style cannot run script.

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
CHARSET = re.compile(r'\s*<meta charset="[^"]*">')
"""A page's `<meta charset>` (with the space before it): the policy goes right after it."""
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


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


def site_policy(site: Path) -> str:
    """One policy for every page: the inline scripts of all pages together. Instant
    navigation keeps the first page's policy in force for every page reached from it (the
    head is not replaced), so each page's meta element carries this same policy."""
    scripts: list[str] = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        scripts += [body for attrs, body in _INLINE.findall(html) if _executable(attrs)]
    return policy(scripts)


def apply(site: Path) -> None:
    """Add the site's one policy (:func:`site_policy`) to every page of the built site."""
    pages = [
        p
        for p in site.rglob("*.html")
        if 'http-equiv="Content-Security-Policy"' not in p.read_text(encoding="utf-8")
    ]
    if not pages:
        return
    meta = f'<meta http-equiv="Content-Security-Policy" content="{site_policy(site)}">'
    for page in pages:
        text = page.read_text(encoding="utf-8")
        head = _HEAD.search(text)
        if head is None:
            raise ValueError(f"{page}: page without <head>")
        at = head.end()
        charset = CHARSET.match(text, at)  # the page's encoding first, then its policy
        if charset:
            at = charset.end()
        page.write_text(text[:at] + meta + text[at:], encoding="utf-8")


FRAME_ANCESTORS = "frame-ancestors 'self'"
"""Only a header can carry ``frame-ancestors`` (a meta policy ignores it)."""


def page_header(html: str) -> str:
    """The policy a server sends as a header with this page: the page's own policy (the
    one its meta element carries, the site's one policy) plus ``frame-ancestors 'self'``."""
    meta = _META.search(html)
    if meta:
        return f"{meta.group(1)}; {FRAME_ANCESTORS}"
    scripts = [body for attrs, body in _INLINE.findall(html) if _executable(attrs)]
    return f"{policy(scripts)}; {FRAME_ANCESTORS}"


def site_header(site: Path) -> str:
    """One header policy for every page of the built site, for a server whose headers are
    fixed in its configuration (nginx, Caddy): the inline scripts of all pages together,
    plus ``frame-ancestors 'self'``. A browser enforces both the header and each page's
    meta element, which is the same site-wide policy (:func:`site_policy`)."""
    return f"{site_policy(site)}; {FRAME_ANCESTORS}"
