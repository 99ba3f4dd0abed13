"""The deployment page (``docs/developers/deploy.md``): the nginx file and the Caddyfile of
``scripts/deploy.py``, rendered at build time.

The header policy of the pages covers every page's inline scripts, so it is known only once
all pages are built: the macros put :data:`PLACEHOLDER` in its place and :func:`fill`, a
step of the post-build (``build.finish``), writes the built site's own policy there.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from scripts import csp, deploy

from .common import add_macros

PLACEHOLDER = "CQ-SITE-PAGE-POLICY"
DOC_ROOT = "/srv/cq-calc/site"


def _block(lang: str, text: str) -> str:
    return f"```{lang}\n{text.rstrip()}\n```"


def deploy_nginx() -> str:
    """The nginx file, as a code block."""
    return _block("nginx", deploy.nginx_conf(DOC_ROOT, 80, page_policy=PLACEHOLDER))


def deploy_caddy() -> str:
    """The Caddyfile, as a code block."""
    return _block("text", deploy.caddyfile(DOC_ROOT, 80, page_policy=PLACEHOLDER))


def deploy_worker_policy() -> str:
    """The scripts' policy, inline code."""
    return f"`{csp.WORKER}`"


def define(env: Any) -> None:
    add_macros(env, deploy_nginx, deploy_caddy, deploy_worker_policy)


def fill(site: Path) -> None:
    """Write the built site's page policy where the macros left :data:`PLACEHOLDER` (in the
    pages, as HTML text, and in the search index, as JSON string content)."""
    policy = csp.site_header(site)
    as_html = html.escape(policy, quote=False)
    as_json = json.dumps(policy)[1:-1]
    for path in [*site.rglob("*.html"), *site.glob("search/*.json")]:
        text = path.read_text(encoding="utf-8")
        if PLACEHOLDER in text:
            value = as_json if path.suffix == ".json" else as_html
            path.write_text(text.replace(PLACEHOLDER, value), encoding="utf-8")
