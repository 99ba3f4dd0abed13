"""The manifest of questions (``manifest.toml``): what each question is, in one place.

Reading the manifest imports no question module: ``python -m calc --help`` and the site's
nav need names, titles and pages only. :func:`resolve` imports what one entry names, when
a question is asked.
"""

from __future__ import annotations

import importlib
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Files:
    """How a question is answered from uploaded tables."""

    options: str
    compute: str
    export: str
    max_rows: int
    many: str | None = None


@dataclass(frozen=True)
class Entry:
    """One question of the manifest (see the comments at the top of ``manifest.toml``)."""

    name: str
    title: str
    answer: str
    input: str
    rules: tuple[str, ...]
    page: str
    readings: tuple[str, ...] = ()
    example: str = ""
    whatif: bool = False
    view: str | None = None
    files: Files | None = None

    @property
    def module(self) -> str:
        """The module that holds the question's function."""
        return self.answer.partition(":")[0]


def _entry(name: str, data: dict[str, Any]) -> Entry:
    """An entry of ``manifest.toml``; a key it does not know is an error (a typo)."""
    known = {f.name for f in fields(Entry)} - {"name"}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"manifest.toml [{name}]: unknown keys {sorted(unknown)}")
    given: dict[str, Any] = dict(data)
    if given.get("files") is not None:
        given["files"] = Files(**given["files"])
    for key in ("rules", "readings"):
        if key in given:
            given[key] = tuple(given[key])
    return Entry(name=name, **given)


@cache
def manifest() -> dict[str, Entry]:
    """Every question by name, in the manifest's order."""
    text = (resources.files("calc") / "manifest.toml").read_text(encoding="utf-8")
    return {name: _entry(name, data) for name, data in tomllib.loads(text).items()}


def resolve(path: str) -> Any:
    """The object ``"module:name"`` names, importing its module."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def register(entry: Entry) -> None:
    """Add a question at run time (a plugin, or a test's made-up question)."""
    manifest()[entry.name] = entry


def unregister(name: str) -> None:
    manifest().pop(name, None)
