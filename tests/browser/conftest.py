"""Browser tests: headless Debian Chromium (playwright's own browser download does not
work here) against the built site on a local static server.

One browser and one server for the session. The site is ``$SITE_DIR`` when given, else
built once into a temporary directory (needs ``python scripts/build_runtime.py`` first).
Every request of every test is recorded; each test ends by asserting that all of them went
to the local server, that no page threw, and that nothing was logged to the console as an
error (a failed load, a Content-Security-Policy violation, a script's console.error).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    given = os.environ.get("SITE_DIR")
    if given:
        site = Path(given)
        if not (site / "runtime" / "manifest.json").is_file():
            pytest.skip(f"SITE_DIR={given} has no runtime/manifest.json: build the site first")
        return site
    if not (ROOT / "docs" / "runtime" / "manifest.json").is_file():
        pytest.skip("no docs/runtime: run `python scripts/build_runtime.py` first")
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    site = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [mkdocs, "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{done.stdout}\n{done.stderr}")
    return site


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as (base, _log):
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def requests_seen() -> list[str]:
    """Every URL requested in the session (pages, workers, fetches)."""
    return []


def console_errors(page, into: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Append the page's console messages of type "error" to ``into`` (text and where)."""

    def heard(msg) -> None:  # type: ignore[no-untyped-def]
        if msg.type == "error":
            where = msg.location or {}
            into.append(f"{msg.text} ({where.get('url', '')}:{where.get('lineNumber', '')})")

    page.on("console", heard)


@pytest.fixture
def page(browser, server: str, requests_seen: list[str]) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh context (cold cache, empty storage) and page; afterwards, every request of
    this test must have gone to the local server, and the page must have thrown no error
    and logged none to the console."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    mine: list[str] = []

    def record(request) -> None:  # type: ignore[no-untyped-def]
        mine.append(request.url)
        requests_seen.append(request.url)

    context.on("request", record)
    errors: list[str] = []
    pg = context.new_page()
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    logged: list[str] = []
    console_errors(pg, logged)
    pg.set_default_timeout(90_000)
    yield pg
    context.close()
    foreign = [u for u in mine if not u.startswith((server + "/", "data:", "blob:", "about:"))]
    assert not foreign, f"requests outside {server}: {foreign}"
    assert mine, "the test made no request"
    assert not errors, f"uncaught page errors: {errors}"
    assert not logged, f"errors in the console: {logged}"
