"""The calculator pages' forms, generated from each question's JSON Schema by
``scripts/calc_forms.py``."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from calc import api
from calc.cq16.hours import days
from calc.manifest import manifest, resolve
from calc.text import num
from scripts import calc_forms

from .common import ROOT, page_src, rules_of


def case_payload(name: str) -> dict[str, Any]:
    """The ``{input, context}`` of the example case ``name`` in calc/cases/*.toml."""
    for path in sorted((ROOT / "calc" / "cases").glob("*.toml")):
        for case in tomllib.loads(path.read_text("utf-8")).get("case", []):
            if case["name"] == name:
                return {"input": case.get("input", {}), "context": case.get("context", {})}
    raise KeyError(f"no example case named {name!r} in calc/cases")


def whatif_bounds() -> tuple[str, str]:
    """The district's daily standard (元/天, lowest and highest) for the what-if panel: the
    values of the rule :func:`calc.cq16.hours.days` judges."""
    r = days.rule
    return num(r.decimal("min_yuan_per_day")), num(r.decimal("max_yuan_per_day"))


def form_html(name: str, page: str, markdown: str = "") -> str:
    """The form of question ``name``: form, what-if panel and result area, one raw HTML
    block. ``markdown`` is the page's source: the worker imports all of its questions at once."""
    q = api.load(name)
    if q is None:
        raise ValueError(f"{page}: no question {name!r} in calc/manifest.toml")
    entry = manifest()[name]
    spec = calc_forms.FormSpec(
        question=name,
        readings=entry.readings,
        spb=any(r.doc == "SPB" for r in rules_of(entry)),
        example=case_payload(entry.example) if entry.example else None,
        whatif=whatif_bounds() if entry.whatif else None,
        warm=tuple(dict.fromkeys(re.findall(r"calc_form\(\s*[\"']([\w-]+)", markdown))),
    )
    return calc_forms.form_html(q, spec, page)


def upload_html(name: str, page: str) -> str:
    """The box of upload calculator ``name`` (a question with ``[name.files]``): its
    choices generated like a form's, the limits calc states (:func:`calc.tables.describe`)."""
    import json

    from calc.readings import catalogue
    from calc.tables import describe

    entry = manifest().get(name)
    if entry is None or entry.files is None:
        raise ValueError(f"{page}: no file question {name!r} in calc/manifest.toml")
    info = json.loads(describe(name))
    spec = calc_forms.UploadSpec(
        question=name,
        options=resolve(entry.files.options),
        module=entry.module,
        readings=tuple(
            r.key for r in catalogue().values() if any(rid in r.rules for rid in entry.rules)
        ),
        spb=any(r.doc == "SPB" for r in rules_of(entry)),
        many=info["many"],
        limits=info["limits_text"],
    )
    return calc_forms.upload_html(spec, page)


def define(env: Any) -> None:
    """Register the calculator form and upload box macros."""

    def calc_form(question: str) -> str:
        """The form of a calculator page, generated from the question's JSON Schema."""
        return form_html(question, page_src(env), env.markdown or "")

    env.macro(calc_form)

    def upload_form(question: str) -> str:
        """The box of an upload calculator page, its choices generated like a form's."""
        return upload_html(question, page_src(env))

    env.macro(upload_form)
