"""The site's generated content: the module mkdocs-macros loads (``module_name:
scripts/macros`` in mkdocs.yml). It registers the macros and hooks of ``scripts/site/``,
one module per job.

Every rule value, reading, schema and coverage mark on the site is rendered from calc's
registry and manifest at build time; nothing is typed by hand in the pages. Pages that
use macros say ``render_macros: true`` in their front matter (the transcribed regulations
do not: their ``{#anchor}`` attributes are not Jinja; their rule boxes are added after).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

# mkdocs-macros loads this file by path: make calc and scripts importable when they are not
# installed (appended, so that a PYTHONPATH copy of calc, as the tests use, still wins).
if None in (importlib.util.find_spec("calc"), importlib.util.find_spec("scripts")):
    sys.path.append(str(Path(__file__).resolve().parents[1]))

from scripts.site import api_docs, build, coverage, deploy, forms, rules, search, templates


def define_env(env: Any) -> None:
    """Register every macro of the site."""
    search.add_search_words()
    for module in (rules, coverage, forms, templates, api_docs, deploy):
        module.define(env)


def on_post_page_macros(env: Any) -> None:
    """After macros: the search boost, and the rule boxes of the transcribed regulations."""
    src = str(env.page.file.src_uri)
    search.boost(env.page, src)
    if src.startswith("regulations/"):
        env.markdown = rules.inject_rule_boxes(env.markdown, src)


def on_post_build(env: Any) -> None:
    build.finish(Path(env.conf["site_dir"]), env.conf["site_url"])
