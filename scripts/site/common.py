"""Shared by the site's modules: values with their units, links between pages, and the
questions of calc's manifest that answer a rule."""

from __future__ import annotations

import functools
import inspect
import posixpath
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from calc import kinds
from calc.manifest import Entry, manifest
from calc.readings import catalogue
from calc.rules import Param, Rule, registry
from calc.text import num, pct

ROOT = Path(__file__).resolve().parents[2]


def page_src(env: Any) -> str:
    """The docs path of the page being rendered (``calculators/days.md``)."""
    return str(env.page.file.src_uri) if env.page else "index.md"


def add_macros(env: Any, *macros: Callable[..., str]) -> None:
    """Register each function as the macro of its name; one with a ``page`` parameter is
    given the docs path of the page being rendered."""
    for macro in macros:
        if "page" in inspect.signature(macro).parameters:
            env.macro(_on_page(env, macro), macro.__name__)
        else:
            env.macro(macro)


def _on_page(env: Any, macro: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(macro)
    def on_page(*args: Any, **kwargs: Any) -> str:
        return macro(*args, page=page_src(env), **kwargs)

    return on_page


def rel(page: str, target: str) -> str:
    """A link from docs page ``page`` to ``target`` (``path.md#anchor``)."""
    path, _, anchor = target.partition("#")
    link = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return link + (f"#{anchor}" if anchor else "")


def cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for enum in (kinds.Category, kinds.Catalogue, kinds.TargetGroup, kinds.ContentKind):
        out.update({m.value: m.label for m in enum})
    return out


def show(p: Param) -> str:
    """A value with its unit: ``60%``, ``50人``, ``130元/天``; lists by label or phrase."""
    if isinstance(p.value, Decimal):
        return pct(p.value) if p.unit == "比例" else f"{num(p.value)}{p.unit}"
    labels = _labels()
    if all(v in labels for v in p.value):
        return "、".join(labels[v] for v in p.value)
    return f"“{p.phrase}”"


def cites(entry: Entry, rule_id: str) -> bool:
    """Whether question ``entry`` answers the rule (its rules may end in ``-``: a prefix)."""
    return any(rule_id == r or (r.endswith("-") and rule_id.startswith(r)) for r in entry.rules)


def page_exists(entry: Entry) -> bool:
    return (ROOT / "docs" / entry.page.partition("#")[0]).is_file()


def answering(rule_id: str) -> list[Entry]:
    """Every question of the manifest that answers ``rule_id``, in the manifest's order."""
    return [e for e in manifest().values() if cites(e, rule_id)]


def calculators_for(rule_id: str) -> list[Entry]:
    """The questions answering ``rule_id`` that have a page."""
    return [e for e in answering(rule_id) if page_exists(e)]


def rules_of(entry: Entry) -> list[Rule]:
    """The rules question ``entry`` answers, in the registry's order."""
    return [r for r in registry().values() if cites(entry, r.id)]


def readings_for(rule_id: str) -> list[str]:
    """The keys of the readings that bear on ``rule_id``."""
    return [key for key, r in catalogue().items() if rule_id in r.rules]


def rule_link(rule_id: str, page: str) -> str:
    """The rule's ID, linked to its box under its article."""
    r = registry()[rule_id]
    return f"[`{r.id}`]({rel(page, f'{r.source.page}#rule-{r.id}')})"


def article_link(r: Rule, page: str) -> str:
    """The rule's document and article, linked to the article."""
    return f"[{r.source.short} {r.article}]({rel(page, f'{r.source.page}#{r.anchor}')})"
