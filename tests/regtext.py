"""The transcribed regulations (``docs/regulations/*.md``) split by anchor, so that a
rule's verbatim phrase can be looked up under the article it cites."""

from __future__ import annotations

import re
from pathlib import Path

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*\{#([\w-]+)\}\s*$")
_SPAN = re.compile(r'<span id="([\w-]+)"></span>')


def plain(text: str) -> str:
    """Markdown markup and all whitespace removed: what a phrase is matched against."""
    text = re.sub(r"\{\s*#[^}]*\}", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    return "".join(c for c in text if not c.isspace() and c not in "|*")


def sections(page: Path) -> dict[str, str]:
    """Anchor → plain text it covers: a heading's anchor covers the text up to the next
    heading; a ``<span id>`` anchor covers the rest of its line (a table row or note)."""
    out: dict[str, str] = {}
    current: str | None = None
    for line in page.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            current = heading.group(2)
            out[current] = plain(heading.group(1))
            continue
        for span in _SPAN.finditer(line):
            out[span.group(1)] = plain(line[span.start() :])
        if current is not None:
            out[current] += plain(line)
    return out
