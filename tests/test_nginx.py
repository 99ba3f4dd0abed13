"""The built site served by Debian's nginx with exactly the configuration the deployment page
shows (``scripts/deploy.py``'s :func:`nginx_conf`), checked with plain HTTP requests: the
big files come precompressed with their own types, pages carry the site's
Content-Security-Policy header, every response ``nosniff``, the runtime immutable. Then
the same for Caddy with the page's Caddyfile (:func:`caddyfile`).

Needs nginx (``scripts/system-deps`` installs it, with the brotli module when Debian has
it, and Caddy) and the built site (``SITE_DIR``); skips without them. nginx runs as the
test's own process: one process, no daemon, every path it writes under the test's
temporary folder.
"""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from scripts import csp
from scripts.deploy import BROTLI_MODULE, IMMUTABLE, caddyfile, nginx_conf

NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
)


def _stop(proc: subprocess.Popen[Any]) -> None:
    """End a server started by a test (killed if it does not stop within 10 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_for(port: int, proc: subprocess.Popen[Any], log: Callable[[], Any]) -> None:
    """Until the server started as ``proc`` takes connections on ``port`` (15 s at most)."""
    deadline = time.monotonic() + 15
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {log()}")
            time.sleep(0.05)


def built_site() -> Path:
    given = os.environ.get("SITE_DIR")
    if not given:
        pytest.skip("SITE_DIR not set: build the site (`make site`) and set SITE_DIR=site")
    site = Path(given)
    if not (site / "runtime" / "manifest.json").is_file():
        pytest.skip(f"SITE_DIR={given} has no runtime/manifest.json: build the site first")
    if not (site / "index.html.gz").is_file():
        pytest.skip(f"SITE_DIR={given} has no precompressed files: rebuild it")
    return site.resolve()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def running_nginx(site: Path, tmp: Path) -> Iterator[str]:
    """nginx serving ``site`` on a loopback port with :func:`nginx_conf`'s text, inside a
    minimal main configuration of the test's own; yields the base URL."""
    if NGINX is None:
        pytest.skip("nginx not installed (apt-get install nginx; scripts/system-deps)")
    brotli = Path(BROTLI_MODULE).is_file()
    port = _free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "site.conf").write_text(
        nginx_conf(site, port, host="127.0.0.1", brotli=brotli), encoding="utf-8"
    )
    temps = "\n".join(
        f"    {kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        f"""\
daemon off;
master_process off;
worker_processes 1;
pid {tmp / "nginx.pid"};
error_log {tmp / "error.log"} warn;
{f"load_module {BROTLI_MODULE};" if brotli else ""}
events {{ worker_connections 64; }}
http {{
    access_log {tmp / "access.log"};
{temps}
    default_type application/octet-stream;
    sendfile on;
    include {tmp / "site.conf"};
}}
""",
        encoding="utf-8",
    )
    args = [NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")]
    checked = subprocess.run([*args, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
    assert "warn" not in checked.stderr, checked.stderr  # e.g. a duplicate type
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(port, proc, lambda: (tmp / "error.log").read_text(errors="replace"))
        yield base
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    site = built_site()
    with running_nginx(site, tmp_path_factory.mktemp("nginx")) as base:
        yield base, site


def fetch(url: str, encoding: str | None = "br, gzip") -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept-Encoding": encoding} if encoding else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def best() -> str:
    return "br" if Path(BROTLI_MODULE).is_file() else "gzip"


def a_calculator_script(site: Path) -> str:
    page = (site / "calculators" / "days" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../assets/js/calc-runtime.js"' in page
    return "/assets/js/calc-runtime.js"


@pytest.mark.parametrize(
    ("path", "ctype"),
    [
        ("/runtime/pyodide/{version}/pyodide.asm.wasm", "application/wasm"),
        ("/runtime/pyodide/{version}/pyodide.asm.mjs", "text/javascript"),
        ("/search/search_index.json", "application/json"),
        ("/calculators/days/", "text/html"),
        ("/assets/js/calc-runtime.js", "application/javascript"),
        ("/assets/stylesheets/", "text/css"),
    ],
)
def test_the_big_files_come_compressed_with_their_own_type(nginx, path, ctype):
    base, site = nginx
    (version,) = [p.name for p in (site / "runtime" / "pyodide").iterdir()]
    path = path.format(version=version)
    if path.endswith("/stylesheets/"):
        (css,) = (site / "assets" / "stylesheets").glob("main.*.min.css")
        path += css.name
    file = site / path.lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    status, headers, body = fetch(base + path)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == ctype
    assert headers["Content-Encoding"] == best()
    assert "Accept-Encoding" in headers["Vary"]
    suffix = ".br" if best() == "br" else ".gz"
    assert (
        len(body)
        == int(headers["Content-Length"])
        == (file.parent / (file.name + suffix)).stat().st_size
    )
    assert len(body) < 0.5 * file.stat().st_size
    if best() == "gzip":
        assert gzip.decompress(body) == file.read_bytes()
    else:
        import brotli

        assert brotli.decompress(body) == file.read_bytes()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_gzip_when_brotli_is_not_accepted_and_the_file_itself_otherwise(nginx):
    base, site = nginx
    _, headers, body = fetch(base + "/search/search_index.json", "gzip, deflate")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (site / "search" / "search_index.json").read_bytes()
    _, headers, body = fetch(base + "/search/search_index.json", None)
    assert "Content-Encoding" not in headers
    assert body == (site / "search" / "search_index.json").read_bytes()


def test_a_page_has_the_site_policy_as_a_header(nginx):
    base, site = nginx
    policy = csp.site_header(site)
    for path in ("/", "/calculators/days/", "/developers/deploy/", "/no-such-page/"):
        status, headers, _ = fetch(base + path)
        assert status == (404 if path.startswith("/no-such") else 200), path
        assert headers["Content-Security-Policy"] == policy, path
        assert "frame-ancestors 'self'" in policy
        assert headers["Cache-Control"] == "no-cache", path
        assert headers["X-Content-Type-Options"] == "nosniff"
    # the page's own policy (its meta element) is contained in the header's
    page = (site / "calculators" / "days" / "index.html").read_text(encoding="utf-8")
    own = csp.page_header(page)
    header_sources = set(policy.split("; ")[1].split())
    assert set(own.split("; ")[1].split()) <= header_sources
    # and the deployment page shows exactly that header
    deploy_page = (site / "developers" / "deploy" / "index.html").read_text(encoding="utf-8")
    assert policy in deploy_page


def test_scripts_have_the_worker_policy(nginx):
    base, site = nginx
    _, headers, _ = fetch(base + a_calculator_script(site))
    assert headers["Content-Security-Policy"] == csp.WORKER
    _, headers, _ = fetch(base + "/search/search_index.json")
    assert "Content-Security-Policy" not in headers


def test_the_runtime_is_immutable_and_the_rest_revalidates(nginx):
    base, site = nginx
    manifest_url = base + "/runtime/manifest.json"
    _, headers, _ = fetch(manifest_url)
    assert headers["Cache-Control"] == "no-cache"
    (version,) = [p.name for p in (site / "runtime" / "pyodide").iterdir()]
    _, headers, _ = fetch(f"{base}/runtime/pyodide/{version}/python_stdlib.zip")
    assert headers["Cache-Control"] == IMMUTABLE
    assert "Content-Encoding" not in headers  # a zip: not worth compressing
    (wheel,) = (site / "runtime" / "wheels").glob("pydantic-*.whl")
    _, headers, _ = fetch(f"{base}/runtime/wheels/{wheel.name}")
    assert headers["Cache-Control"] == IMMUTABLE


def test_the_copies_are_not_served_as_javascript(nginx):
    base, _ = nginx
    _, headers, _ = fetch(base + "/assets/js/calc-runtime.js.br", None)
    assert headers["Content-Type"] == "application/octet-stream"
    assert "Content-Encoding" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"


# --- the same with Caddy (the Caddyfile of the deployment page) -------------------------------


def test_caddy_serves_the_same_way(tmp_path):
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("caddy not installed (apt-get install caddy; scripts/system-deps)")
    site = built_site()
    port = _free_port()
    config = tmp_path / "Caddyfile"
    config.write_text(
        "{\n    admin off\n    auto_https off\n    storage file_system "
        f"{tmp_path / 'data'}\n}}\n" + caddyfile(site, port),
        encoding="utf-8",
    )
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    proc = subprocess.Popen(
        [caddy, "run", "--config", str(config), "--adapter", "caddyfile"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(port, proc, lambda: proc.stderr.read() if proc.stderr else "")
        (version,) = [p.name for p in (site / "runtime" / "pyodide").iterdir()]
        _, headers, _ = fetch(f"{base}/runtime/pyodide/{version}/pyodide.asm.wasm")
        assert headers["Content-Encoding"] == "br"
        assert headers["Content-Type"] == "application/wasm"
        assert headers["Cache-Control"] == IMMUTABLE
        status, headers, body = fetch(base + "/calculators/days/", "gzip")
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        page = (site / "calculators" / "days" / "index.html").read_bytes()
        assert gzip.decompress(body) == page
        assert headers["Content-Security-Policy"] == csp.site_header(site)
        assert headers["Cache-Control"] == "no-cache"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        _, headers, _ = fetch(base + "/assets/js/calc-runtime.js")
        assert headers["Content-Security-Policy"] == csp.WORKER
        assert headers["Content-Type"].startswith("text/javascript")
        status, headers, _ = fetch(base + "/no-such-page/")
        assert status == 404 and headers["Content-Type"].startswith("text/html")
    finally:
        _stop(proc)
