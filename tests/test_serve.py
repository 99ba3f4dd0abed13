"""scripts/serve.py on a small site made here: br/gzip/identity negotiation, the original's
type with the compressed length, the cache and security headers, a missing ``.br`` falling
back to ``.gz``; and scripts/compress.py, which writes the copies it sends."""

from __future__ import annotations

import gzip
import http.client
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from scripts import compress, csp
from scripts.deploy import IMMUTABLE
from scripts.serve import accepted, serve

PAGE = (
    '<!doctype html><html><head><meta charset="utf-8"><title>页</title>'
    "<script>var x = 1;</script></head><body>"
    + "<p>重庆补贴性职业培训规则手册与计算器</p>\n" * 200
    + '<script src="app.js"></script></body></html>'
)
JS = "export function f(a) { return a + 1; }\n" * 300
WASM = b"\0asm\x01\0\0\0" + bytes(range(256)) * 200


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "calc").mkdir()
    (root / "calc" / "index.html").write_text(PAGE, encoding="utf-8")
    csp.apply(root)
    (root / "app.js").write_text(JS, encoding="utf-8")
    (root / "only-gz.js").write_text(JS, encoding="utf-8")
    (root / "data.json").write_text('{"k": [' + ", ".join(["1"] * 3000) + "]}")
    (root / "tiny.txt").write_text("x")
    runtime = root / "runtime" / "pyodide" / "1.0"
    runtime.mkdir(parents=True)
    (runtime / "pyodide.asm.wasm").write_bytes(WASM)
    compress.compress_tree(root)
    (root / "only-gz.js.br").unlink()
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[tuple[str, int]]:
    httpd = serve(site, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def get(
    server: tuple[str, int], path: str, encoding: str | None = "br, gzip", method: str = "GET",
    **headers: str,
) -> tuple[int, http.client.HTTPMessage, bytes]:  # fmt: skip
    conn = http.client.HTTPConnection(*server, timeout=10)
    sent = dict(headers)
    if encoding is not None:
        sent["Accept-Encoding"] = encoding
    conn.request(method, path, headers=sent)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.headers, body


def decoded(headers: http.client.HTTPMessage, body: bytes) -> bytes:
    coding = headers.get("Content-Encoding")
    if coding == "br":
        return bytes(brotli.decompress(body))
    if coding == "gzip":
        return gzip.decompress(body)
    assert coding is None, coding
    return body


# --- negotiation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("br, gzip", {"br", "gzip"}),
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("gzip;q=1.0, br;q=0", {"gzip"}),
        ("BR ; q=0.5", {"br"}),
        ("*", {"*", "br", "gzip"}),
        ("*, br;q=0", {"*", "gzip"}),
        ("x-gzip", {"x-gzip", "gzip"}),
        ("identity", {"identity"}),
        ("br;q=abc", set()),
        ("", set()),
        (None, set()),
    ],
)
def test_accepted_codings(header: str | None, expected: set[str]) -> None:
    assert accepted(header) == expected


@pytest.mark.parametrize(
    ("header", "coding"),
    [
        ("br, gzip", "br"),
        ("gzip, deflate, br", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("*", "br"),
        ("identity", None),
        (None, None),
    ],
)
def test_the_best_accepted_copy_is_sent_with_the_original_type(server, site, header, coding):
    status, headers, body = get(server, "/app.js", header)
    assert status == 200
    assert headers.get("Content-Encoding") == coding
    assert headers["Content-Type"] == "text/javascript"
    assert headers["Vary"] == "Accept-Encoding"
    suffix = {"br": ".br", "gzip": ".gz", None: ""}[coding]
    assert int(headers["Content-Length"]) == len(body) == (site / f"app.js{suffix}").stat().st_size
    assert decoded(headers, body) == JS.encode()


def test_a_missing_br_falls_back_to_gzip_then_to_the_file(server, site):
    status, headers, body = get(server, "/only-gz.js", "br, gzip")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert decoded(headers, body) == JS.encode()
    status, headers, body = get(server, "/only-gz.js", "br")
    assert status == 200 and "Content-Encoding" not in headers and body == JS.encode()


def test_a_file_without_copies_goes_as_it_is(server):
    status, headers, body = get(server, "/tiny.txt")
    assert status == 200 and body == b"x"
    assert "Content-Encoding" not in headers and "Vary" not in headers


def test_wasm_is_application_wasm_compressed_and_immutable(server):
    status, headers, body = get(server, "/runtime/pyodide/1.0/pyodide.asm.wasm")
    assert status == 200
    assert headers["Content-Type"] == "application/wasm"
    assert headers["Content-Encoding"] == "br"
    assert headers["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert decoded(headers, body) == WASM
    assert len(body) < len(WASM) / 5


def test_the_copies_are_never_served_as_the_original_type(server):
    _, headers, _ = get(server, "/app.js.br", None)
    assert headers["Content-Type"] == "application/octet-stream"
    assert "Content-Encoding" not in headers and "Content-Security-Policy" not in headers
    _, headers, _ = get(server, "/app.js.gz", None)
    assert headers["Content-Type"] == "application/gzip" and "Content-Encoding" not in headers
    assert headers["X-Content-Type-Options"] == "nosniff"


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/index.html", "/calc/"])
def test_a_page_has_its_policy_as_a_header(server, site, path):
    status, headers, body = get(server, path)
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert headers["Content-Encoding"] == "br"
    text = decoded(headers, body).decode("utf-8")
    assert text == (site / "index.html").read_text(encoding="utf-8")
    policy = headers["Content-Security-Policy"]
    assert policy == csp.page_header(text)
    assert policy.endswith("; frame-ancestors 'self'")
    assert policy.startswith(csp.policy(["var x = 1;"]))  # the meta element's, plus the above
    assert headers["Cache-Control"] == "no-cache"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_scripts_have_the_worker_policy_and_other_files_none(server):
    _, headers, _ = get(server, "/app.js")
    assert headers["Content-Security-Policy"] == csp.WORKER
    assert headers["Cache-Control"] == "no-cache"
    _, headers, _ = get(server, "/data.json")
    assert headers["Content-Type"] == "application/json"
    assert "Content-Security-Policy" not in headers


@pytest.mark.parametrize("path", ["/nothing-here.js", "/calc", "/app.js"])
def test_every_response_has_the_security_headers(server, path):
    status, headers, _ = get(server, path)
    assert status in (200, 301, 404)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-cache"


def test_head_and_revalidation(server, site):
    status, headers, body = get(server, "/app.js", method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) == (site / "app.js.br").stat().st_size
    since = headers["Last-Modified"]
    status, headers, body = get(server, "/app.js", **{"If-Modified-Since": since})
    assert status == 304 and body == b""
    assert headers["Vary"] == "Accept-Encoding"


def test_a_directory_without_its_slash_is_redirected(server):
    status, headers, _ = get(server, "/calc")
    assert status == 301 and headers["Location"] == "/calc/"


# --- scripts/compress.py ---------------------------------------------------------------------


def test_compress_tree_is_deterministic_and_skips_what_does_not_compress(tmp_path):
    (tmp_path / "a.js").write_text(JS)
    (tmp_path / "random.whl").write_bytes(gzip.compress(JS.encode()))  # already compressed
    (tmp_path / "picture.png").write_bytes(b"\x89PNG" + b"\0" * 4000)  # not a candidate
    first = compress.compress_tree(tmp_path)
    copies = {p.name: p.read_bytes() for p in tmp_path.glob("*.*[rz]")}
    assert sorted(copies) == ["a.js.br", "a.js.gz"]
    assert [e.path for e in first.compressed] == ["a.js"]
    assert [s[0] for s in first.skipped] == ["random.whl"]
    again = compress.compress_tree(tmp_path)
    assert again == first
    assert copies == {p.name: p.read_bytes() for p in tmp_path.glob("*.*[rz]")}
    assert gzip.decompress(copies["a.js.gz"]) == brotli.decompress(copies["a.js.br"])
    assert (tmp_path / "a.js.gz").stat().st_mode & 0o644 == 0o644


def test_compress_tree_uses_its_cache_and_removes_stale_copies(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "a.js").write_text(JS)
    compress.compress_tree(site, cache=cache)
    (entry,) = cache.rglob("*.br")
    entry.write_bytes(brotli.compress(b"from the cache"))
    compress.compress_tree(site, cache=cache)
    assert brotli.decompress((site / "a.js.br").read_bytes()) == b"from the cache"
    # the file no longer compresses: its copies go, unless they hold its content
    (site / "a.js").write_bytes(b"x")
    (site / "b.xml").write_bytes(b"y")
    (site / "b.xml.gz").write_bytes(gzip.compress(b"y"))  # as mkdocs writes sitemap.xml.gz
    compress.compress_tree(site, cache=cache)
    assert sorted(p.name for p in site.iterdir()) == ["a.js", "b.xml", "b.xml.gz"]


def test_a_taken_port_or_a_missing_site_is_said_in_chinese(server, site, tmp_path):
    """`make serve` on a port already in use, or before the site is built: one Chinese line
    that says what to do, exit status 2, no traceback."""

    def run(root: Path, port: int) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "scripts.serve", str(root), "--port", str(port)]
        root_dir = Path(__file__).resolve().parents[1]
        return subprocess.run(argv, cwd=root_dir, capture_output=True, text=True, timeout=60)

    taken = run(site, server[1])
    assert taken.returncode == 2 and "Traceback" not in taken.stderr
    assert f"端口 {server[1]} " in taken.stderr and "已被占用" in taken.stderr
    assert f"PORT={server[1] + 1}" in taken.stderr
    empty = run(tmp_path, 0)
    assert empty.returncode == 2 and "make site" in empty.stderr and "Traceback" not in empty.stderr
