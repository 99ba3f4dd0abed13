"""A static server for the built site on 127.0.0.1, for the browser tests and bench/site.

The same handler as ``scripts/serve.py`` (types, caching headers), plus a log of every
request with the bytes sent, so a caller can count what a page transferred.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scripts.serve import Handler


class _Handler(Handler):
    log: list[tuple[str, int]]  # set per server
    extra: dict[str, bytes]

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
    root: Path, extra: dict[str, bytes] | None = None
) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serve ``root`` (plus in-memory ``extra`` files by path, their type from the suffix,
    all text) on a free local port;
    yields the base URL and the request log (path, body bytes)."""
    log: list[tuple[str, int]] = []
    handler = type("Handler", (_Handler,), {"log": log, "extra": dict(extra or {})})
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
