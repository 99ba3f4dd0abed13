"""A calculator page through nginx configured as the deployment page says (tests/test_nginx.py
starts it with ``scripts/deploy.py``'s configuration): the page loads under the header
policies, Pyodide arrives compressed, and the first answer equals calc's.

Uses the session's browser (conftest) in a context of its own, with the same checks as the
``page`` fixture: every request to this server, no page error, nothing logged as an error
(a Content-Security-Policy violation would be)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from calc.api import run
from tests.browser.conftest import console_errors
from tests.browser.test_calculators import open_calc, settled
from tests.test_nginx import running_nginx

pytestmark = pytest.mark.browser


def test_a_calculator_answers_through_nginx(browser: Any, site_dir: Path, tmp_path: Path) -> None:
    if not (site_dir / "index.html.gz").is_file():
        pytest.skip("the site has no precompressed files: rebuild it")
    q = "days"
    inp = {"category": "skill", "subsidy_yuan": "1800"}
    with running_nginx(site_dir.resolve(), tmp_path / "nginx") as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        urls: list[str] = []
        responses: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
        context.on("request", lambda r: urls.append(r.url))
        context.on(
            "response",
            lambda r: responses.setdefault(
                r.url.split("?")[0], (r.request.all_headers(), r.all_headers())
            ),
        )
        errors: list[str] = []
        logged: list[str] = []
        try:
            pg = context.new_page()
            pg.on("pageerror", lambda exc: errors.append(str(exc)))
            console_errors(pg, logged)
            pg.set_default_timeout(90_000)
            open_calc(pg, base, q, {q: {"input": inp}})
            shown = settled(pg, q)
            assert shown["result"] == run(q, shown["payload"])
            page_headers = responses[f"{base}/calculators/{q}/"][1]
        finally:
            context.close()

    assert page_headers["content-security-policy"].endswith("frame-ancestors 'self'")
    assert page_headers["x-content-type-options"] == "nosniff"
    wasm = next(u for u in responses if u.endswith("/pyodide.asm.wasm"))
    sent, got = responses[wasm]
    accepted = {c.strip() for c in sent.get("accept-encoding", "").split(",")}
    assert got.get("content-encoding") in accepted, (sent, got)
    assert got["content-type"] == "application/wasm"
    foreign = [u for u in urls if not u.startswith((base + "/", "data:", "blob:", "about:"))]
    assert not foreign, f"requests outside {base}: {foreign}"
    assert not errors, f"uncaught page errors: {errors}"
    assert not logged, f"errors in the console: {logged}"
