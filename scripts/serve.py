"""Serve the built site on 127.0.0.1 with the right types and caching.

``python scripts/serve.py site --port 8000``. Serves ``.wasm`` as ``application/wasm``;
the versioned runtime folder is cached as immutable, pages revalidate. Scripts carry the
site's Content-Security-Policy as a header (a worker's policy comes with its response;
pages carry theirs in a meta element, see ``scripts/csp.py``), and pages may be framed only
by the site itself.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
from pathlib import Path
from typing import ClassVar

try:
    from scripts.csp import WORKER
except ImportError:  # run as ``python scripts/serve.py``
    from csp import WORKER  # type: ignore[import-not-found,no-redef]


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
    }

    def end_headers(self) -> None:
        immutable = self.path.startswith("/runtime/pyodide/") or "/wheels/" in self.path
        self.send_header(
            "Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache"
        )
        path = self.path.split("?", 1)[0]
        if path.endswith((".js", ".mjs")):
            self.send_header("Content-Security-Policy", WORKER)
        elif path.endswith((".html", "/")):
            self.send_header("Content-Security-Policy", "frame-ancestors 'self'")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(root: Path, port: int, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    handler = functools.partial(Handler, directory=str(root))
    return http.server.ThreadingHTTPServer((host, port), handler)


def main() -> None:
    parser = argparse.ArgumentParser(description="本地预览已构建的站点")
    parser.add_argument("root", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = serve(args.root, args.port)
    print(f"站点已在 http://127.0.0.1:{args.port}/ 提供（Ctrl+C 停止）")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
