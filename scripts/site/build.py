"""What is done to the built site: the search worker fixed, every page given the runtime
manifest's hash and its Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from scripts import calc_forms, csp

from .search import fix_search_worker


def stamp_runtime(site: Path) -> None:
    """Give every page the built runtime manifest's hash (none when no runtime was built)."""
    manifest = site / "runtime" / "manifest.json"
    if not manifest.is_file():
        return
    digest = base64.b64encode(hashlib.sha256(manifest.read_bytes()).digest()).decode()
    meta = f'<meta name="{calc_forms.RUNTIME_META}" content="sha256-{digest}">'
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("</head>", meta + "</head>", 1), encoding="utf-8")


def finish(site: Path) -> None:
    """After the build: the search fix, the runtime hash, then each page's policy (made
    from the page as it finally is)."""
    fix_search_worker(site)
    stamp_runtime(site)
    csp.apply(site)
