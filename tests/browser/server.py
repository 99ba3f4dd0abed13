"""A static server for the built site on 127.0.0.1, for the browser tests and bench/site.

The same handler as ``scripts/serve.py`` (types, caching headers), plus a log of every
request with the bytes sent, so a caller can count what a page transferred, and on request
the Content-Security-Policy violations the browser reports (``report-uri``): every page's
and worker's, from its first byte, in any engine.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scripts.serve import Handler

REPORT_PATH = "/__csp-report"
"""Where the browser posts a violation report when :func:`serve` collects them."""


class _Handler(Handler):
    log: list[tuple[str, int]]  # set per server
    extra: dict[str, bytes]
    reports: list[str] | None

    def send_header(self, keyword: str, value: str) -> None:
        # The policy stays what it is; it only gains where to report a violation.
        if keyword == "Content-Security-Policy" and self.reports is not None:
            value = f"{value}; report-uri {REPORT_PATH}"
        super().send_header(keyword, value)

    def do_POST(self) -> None:
        if self.reports is None or self.path != REPORT_PATH:
            self.send_error(405)
            return
        size = min(int(self.headers.get("Content-Length") or 0), 1 << 16)
        self.reports.append(self.rfile.read(size).decode("utf-8", "replace"))
        self.send_response(204)
        self.end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path in self.extra:
            body = self.extra[path]
            kind = self.guess_type(path)  # text/html, text/javascript, …
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.log.append((self.path, len(body)))
            return
        before = self._sent
        super().do_GET()
        self.log.append((self.path, self._sent - before))

    _sent = 0

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        while chunk := source.read(1 << 16):
            outputfile.write(chunk)
            self._sent += len(chunk)


@contextmanager
def serve(
    root: Path, extra: dict[str, bytes] | None = None, reports: list[str] | None = None
) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serve ``root`` (plus in-memory ``extra`` files by path, their type from the suffix,
    all text) on a free local port; yields the base URL and the request log (path, body
    bytes). Given a list ``reports``, every policy sent asks for violation reports, and each
    report's body goes there."""
    log: list[tuple[str, int]] = []
    handler = type(
        "Handler", (_Handler,), {"log": log, "extra": dict(extra or {}), "reports": reports}
    )
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
