"""Serve the built site on 127.0.0.1 the way a deployment does (``docs/developers/deploy.md``).

``python scripts/serve.py site --port 8000``. When the browser accepts it, a file goes out as
its precompressed ``name.br`` (preferred) or ``name.gz`` (written by ``scripts/compress.py``)
with ``Content-Encoding``, the original's type and ``Vary: Accept-Encoding``; otherwise the
file itself. ``.wasm`` is ``application/wasm``. The versioned runtime folders are cached as
immutable, everything else revalidates (``no-cache``). Every response says
``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``; a page comes with
its Content-Security-Policy as a header (its meta element's policy plus
``frame-ancestors 'self'``, :func:`scripts.csp.page_header`), a script with the worker's.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import errno
import functools
import http.server
import os
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO, ClassVar
from urllib.parse import urlsplit

try:
    from scripts.csp import WORKER, page_header
    from scripts.deploy import IMMUTABLE, IMMUTABLE_PREFIXES, SECURITY_HEADERS
except ImportError:  # run as ``python scripts/serve.py``
    from csp import WORKER, page_header  # type: ignore[import-not-found,no-redef]
    from deploy import (  # type: ignore[import-not-found,no-redef]
        IMMUTABLE,
        IMMUTABLE_PREFIXES,
        SECURITY_HEADERS,
    )

ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
"""In order of preference: (Content-Encoding, suffix of the precompressed file)."""


def accepted(header: str | None) -> set[str]:
    """The codings an ``Accept-Encoding`` header allows (q > 0), lower-case; ``*`` allows
    every coding not named."""
    allowed: set[str] = set()
    refused: set[str] = set()
    for item in (header or "").split(","):
        name, *params = (part.strip() for part in item.split(";"))
        if not name:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        (allowed if q > 0 else refused).add(name.lower())
    if "*" in allowed:
        allowed |= {coding for coding, _ in ENCODINGS} - refused
    if "x-gzip" in allowed:
        allowed.add("gzip")
    return allowed


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".gz": "application/gzip",  # asked for by its own name: a gzip file, not its content
        ".br": "application/octet-stream",
    }
    _page: str | None = None  # the page being sent, for its policy header

    def send_head(self) -> BinaryIO | None:
        """As the standard handler, but a file with a precompressed sibling the client
        accepts is sent as that sibling."""
        self._page = None
        url_path = urlsplit(self.path).path
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not url_path.endswith("/") or not os.path.isfile(index):
                return super().send_head()  # the redirect to "…/", or a listing
            path = index
        if not os.path.isfile(path) or path.endswith("/"):
            return super().send_head()  # 404
        ctype = self.guess_type(path)
        siblings = [(c, path + s) for c, s in ENCODINGS if os.path.isfile(path + s)]
        allowed = accepted(self.headers.get("Accept-Encoding"))
        coding, send = next(((c, p) for c, p in siblings if c in allowed), (None, path))
        try:
            f = open(send, "rb")  # noqa: SIM115 (returned to the caller, which closes it)
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        try:
            original = os.stat(path)
            if self._not_modified(original.st_mtime):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                if siblings:
                    self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                f.close()
                return None
            if ctype.startswith("text/html"):
                self._page = path
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", ctype)
            if coding:
                self.send_header("Content-Encoding", coding)
            if siblings:
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(os.fstat(f.fileno()).st_size))
            self.send_header("Last-Modified", self.date_time_string(int(original.st_mtime)))
            self.end_headers()
            return f
        except BaseException:
            f.close()
            raise

    def _not_modified(self, mtime: float) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or "If-None-Match" in self.headers:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return when.tzinfo is not None and int(mtime) <= when.timestamp()

    def end_headers(self) -> None:
        path = urlsplit(self.path).path
        immutable = path.startswith(IMMUTABLE_PREFIXES)
        self.send_header("Cache-Control", IMMUTABLE if immutable else "no-cache")
        if self._page is not None:
            text = Path(self._page).read_text(encoding="utf-8", errors="replace")
            self.send_header("Content-Security-Policy", page_header(text))
            self._page = None
        elif path.endswith((".js", ".mjs")):
            self.send_header("Content-Security-Policy", WORKER)
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
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
    if not (args.root / "index.html").is_file():
        parser.exit(2, f"{args.root} 下没有构建好的站点（index.html）：请先运行 make site\n")
    try:
        server = serve(args.root, args.port)
    except OSError as err:
        why = {errno.EADDRINUSE: "该端口已被占用", errno.EACCES: "没有使用该端口的权限"}
        parser.exit(
            2,
            f"无法在端口 {args.port} 上提供站点：{why.get(err.errno or 0, '系统拒绝')}；"
            f"请换一个端口，如 make serve PORT={args.port + 1}\n",
        )
    print(f"站点已在 http://127.0.0.1:{args.port}/ 提供（Ctrl+C 停止）")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
