"""Precompressed copies of the built site: ``name.gz`` and ``name.br`` beside each file that
compresses, for a server to send as they are (nginx ``gzip_static``/``brotli_static``,
Caddy ``precompressed``, ``scripts/serve.py``).

``compress_tree(site)`` is the last step of the build (``scripts/site/build.py``), after
every page has its final bytes. Which files: those whose suffix is in :data:`SUFFIXES`
and that gzip -9 makes at least :data:`MIN_SAVING` smaller — measured on this site, the
wheels and Pyodide's ``python_stdlib.zip`` save 1–10 % (they are zip archives already) and
are left alone; pages, scripts, styles, the search index and ``pyodide.asm.wasm`` (9.6 MB
to 3.1 MB with brotli) are compressed. Output is deterministic (gzip header time 0,
brotli has none), so a rebuild writes the same bytes.

Brotli at quality 11 would take about 50 s for the wasm alone (it gets 9: :data:`BIG`);
with ``cache`` (the build passes ``.cache/compressed/``) each result is kept under the
SHA-256 of its input, so a rebuild compresses only what changed. Files missing from the
cache are compressed in parallel.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import brotli  # type: ignore[import-untyped]

SUFFIXES = frozenset(
    {
        ".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".xml", ".txt", ".ico",
        ".wasm", ".py", ".zip", ".whl",
    }
)  # fmt: skip
"""Candidates; a candidate is compressed only when it shrinks by :data:`MIN_SAVING`."""
MIN_SAVING = 0.10
BROTLI_QUALITY = 11
BIG = 4 * 1024 * 1024
BIG_QUALITY = 9
"""Files over :data:`BIG` (the 9.6 MB wasm) are compressed at quality 9: 6 s instead of
54 s on this machine, for 3.10 MB instead of 2.74 MB, so a fresh build (CI) stays quick."""


def quality(data: bytes) -> int:
    return BIG_QUALITY if len(data) > BIG else BROTLI_QUALITY


@dataclass(frozen=True)
class Entry:
    path: str
    """Relative to the site, with ``/``."""
    raw: int
    gz: int
    br: int


@dataclass
class Report:
    compressed: list[Entry] = field(default_factory=list)
    skipped: list[tuple[str, int, int]] = field(default_factory=list)
    """(path, raw bytes, gzip bytes) of candidates that compress by less than the threshold."""

    def total(self, which: str) -> int:
        return sum(getattr(e, which) for e in self.compressed)

    def get(self, path: str) -> Entry | None:
        return next((e for e in self.compressed if e.path == path), None)

    def summary(self) -> str:
        raw, gz, br = self.total("raw"), self.total("gz"), self.total("br")
        return (
            f"compressed {len(self.compressed)} files: {raw / 1e6:.2f} MB -> "
            f"gzip {gz / 1e6:.2f} MB, brotli {br / 1e6:.2f} MB; "
            f"{len(self.skipped)} left as they are (compress by < {MIN_SAVING:.0%})"
        )


def gzip_bytes(data: bytes) -> bytes:
    """gzip -9 with a zero timestamp and no file name: the same input gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_bytes(data: bytes) -> bytes:
    return bytes(brotli.compress(data, quality=quality(data)))


def _brotli_file(path: Path) -> bytes:
    return brotli_bytes(path.read_bytes())


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` (with ``mode``: a web server's user must read it) unless
    it already holds exactly that."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        os.chmod(path, mode)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".compress-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def _mode(path: Path) -> int:
    """The original's permissions, for its compressed copies."""
    return stat.S_IMODE(path.stat().st_mode)


def _remove_stale(path: Path) -> None:
    """Remove a ``.gz``/``.br`` beside ``path`` that is not ``path`` compressed (left by an
    earlier build); keep one that is (mkdocs writes ``sitemap.xml.gz`` itself)."""
    data = path.read_bytes()
    for suffix, decompress in ((".gz", gzip.decompress), (".br", brotli.decompress)):
        sibling = path.with_name(path.name + suffix)
        if not sibling.is_file():
            continue
        try:
            same = decompress(sibling.read_bytes()) == data
        except Exception:  # not even valid: stale all the same
            same = False
        if not same:
            sibling.unlink()


def candidates(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
    )  # fmt: skip


def compress_tree(root: Path, cache: Path | None = None, workers: int | None = None) -> Report:
    """Write ``name.gz`` and ``name.br`` beside every file under ``root`` that compresses by
    at least :data:`MIN_SAVING`; remove stale ones (not the file's content) beside files
    that do not. Returns what
    was done, with the sizes."""
    report = Report()
    todo: list[tuple[Path, Path | None]] = []  # (file, its cache entry) still needing brotli
    brotli_of: dict[Path, bytes] = {}
    for path in candidates(root):
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        packed = gzip_bytes(data)
        if len(packed) > (1 - MIN_SAVING) * len(data):
            report.skipped.append((rel, len(data), len(packed)))
            _remove_stale(path)
            continue
        _write(path.with_name(path.name + ".gz"), packed, _mode(path))
        cached = _cache_file(cache, data)
        if cached is not None and cached.is_file():
            brotli_of[path] = cached.read_bytes()
        else:
            todo.append((path, cached))
    if todo:
        big_first = sorted(todo, key=lambda t: -t[0].stat().st_size)
        if len(big_first) == 1 or workers == 1:
            results = [_brotli_file(p) for p, _ in big_first]
        else:
            with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
                results = list(pool.map(_brotli_file, [p for p, _ in big_first]))
        for (path, cached), packed_br in zip(big_first, results, strict=True):
            brotli_of[path] = packed_br
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                _write(cached, packed_br)
    for path, packed_br in sorted(brotli_of.items()):
        _write(path.with_name(path.name + ".br"), packed_br, _mode(path))
        gz = path.with_name(path.name + ".gz").stat().st_size
        rel = path.relative_to(root).as_posix()
        report.compressed.append(Entry(rel, path.stat().st_size, gz, len(packed_br)))
    return report


def _cache_file(cache: Path | None, data: bytes) -> Path | None:
    if cache is None:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return cache / f"{digest[:2]}" / f"{digest}.q{quality(data)}.br"
