"""The preview of a template however little is filled (calc.render.preview, issue 15): every
required field not filled is a marked placeholder and is listed; filling one removes
exactly its own; a complete form previews as the document it downloads; what a user types
is shown as text or, when it is not valid, as a placeholder, never as markup."""

from __future__ import annotations

import copy
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from calc.errors import InputError
from calc.render import TEMPLATES, preview, render
from scripts import calc_forms
from tests.test_render import docx_text

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
Loc = tuple[int | str, ...]


def fixture(name: str, size: str = "full") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.{size}.json").read_text("utf-8"))
    return data


def required_in_form(fields: list[calc_forms.Field], at: Loc = ()) -> list[Loc]:
    """The required fields of the generated form (the page's own reading of the schema): a
    table counts its cells once for each row it starts with."""
    out: list[Loc] = []
    for f in fields:
        loc = (*at, f.key)
        if f.kind == "group":
            out += required_in_form(f.children, loc)
        elif f.kind == "table":
            for i in range(f.min_items):
                out += required_in_form(f.children, (*loc, i))
        elif f.kind in ("multi", "list"):
            out += [loc] if f.required and f.min_items else []
        elif f.required and not f.optional:
            out.append(loc)
    return out


def form_required(name: str) -> list[Loc]:
    model = TEMPLATES[name].model
    label = calc_forms.Labeller(model.__module__)
    return required_in_form(calc_forms.form_fields(model.model_json_schema(), label))


def marked(html: str) -> list[Loc]:
    """The fields the preview marks as placeholders (by their loc), in document order."""
    locs = re.findall(r'<mark class="pending" data-loc="([\w.]+)">', html)
    return [tuple(int(s) if s.isdigit() else s for s in loc.split(".")) for loc in locs]


def missing(answer: dict[str, Any]) -> list[Loc]:
    return [tuple(g["loc"]) for g in answer["missing"]]


def get(data: Any, loc: Loc) -> Any:
    for step in loc:
        data = data[step]
    return data


def put(data: dict[str, Any], loc: Loc, value: Any) -> None:
    """``value`` at ``loc`` in ``data``, making the objects and rows on the way."""
    node: Any = data
    for step, after in itertools.pairwise(loc):
        empty: Any = [] if isinstance(after, int) else {}
        if isinstance(step, int):
            while len(node) <= step:
                node.append(empty)
        else:
            node.setdefault(step, empty)
        node = node[step]
    node[loc[-1]] = value


@pytest.mark.parametrize("name", TEMPLATES)
def test_empty_form_marks_and_lists_every_required_field(name: str) -> None:
    answer = preview(name, {})
    required = form_required(name)
    assert missing(answer) == required  # the form's order, each once
    assert set(marked(answer["html"])) == set(required)
    assert answer["to_fix"] == []
    assert all(g["where"] and "_" not in g["where"] for g in answer["missing"])  # Chinese words
    assert "【待填写：" in answer["html"] and "\ue000" not in answer["html"]


def test_the_plan_counts_its_required_fields_from_the_model() -> None:
    """Issue 15's 27 fields to fill before any preview: the count comes from the model
    (the verification methods, a required choice, make it 28)."""
    answer = preview("online-plan", {})
    assert len(answer["missing"]) == len(form_required("online-plan")) == 28
    assert "<title>【待填写：培训班名称】线上职业培训方案</title>" in answer["html"]


@pytest.mark.parametrize("name", TEMPLATES)
def test_each_filled_field_removes_exactly_its_placeholder(name: str) -> None:
    full = fixture(name)
    required = form_required(name)
    for loc in required:
        data: dict[str, Any] = {}
        put(data, loc, copy.deepcopy(get(full, loc)))
        answer = preview(name, data)
        left = [x for x in required if x != loc]
        assert missing(answer) == left, loc
        assert set(marked(answer["html"])) == set(left), loc
        assert answer["to_fix"] == [], loc


@pytest.mark.parametrize("name", TEMPLATES)
@pytest.mark.parametrize("size", ["full", "minimal"])
def test_a_complete_form_previews_as_the_document(name: str, size: str) -> None:
    data = fixture(name, size)
    answer = preview(name, data)
    assert answer == {
        "html": render(name, data, "html").decode("utf-8"),
        "missing": [],
        "to_fix": [],
    }


FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_like_text_is_plain_text_in_the_preview_and_the_document(formula: str) -> None:
    data = fixture("online-plan")
    data["institution"] = formula
    html = preview("online-plan", data)["html"]
    assert str(escape(formula)) in html
    assert formula in docx_text(render("online-plan", data, "docx"))
    partial = {"institution": formula, "exam_and_completion": "<b>x</b>"}
    html = preview("online-plan", partial)["html"]
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x" not in html


def test_values_that_are_not_valid_are_placeholders_not_text() -> None:
    data: dict[str, Any] = {
        "institution": "a\x07b",  # a control character: refused by the document
        "class_name": "长" * 5000,  # over its 200 characters
        "days": "=1+1",
        "trainees": "9" * 40,
        "modules": [{"name": "\u202e反向", "theory_hours": "-1"}],
    }
    answer = preview("online-plan", data)
    fixes = [tuple(g["loc"]) for g in answer["to_fix"]]
    assert fixes == [
        ("institution",),
        ("class_name",),
        ("days",),
        ("trainees",),
        ("modules", 0, "theory_hours"),
    ]
    html = answer["html"]
    assert "\x07" not in html and "长" * 201 not in html and "=1+1" not in html
    assert "【待改正：培训机构名称】" in html and "【待改正：理论课时】" in html
    assert set(marked(html)) == set(missing(answer)) | set(fixes)


def test_typed_text_cannot_make_a_placeholder() -> None:
    forged = "\ue000class_name\ue001待填写：假\ue002"
    answer = preview("online-plan", {"institution": forged, "class_name": "班"})
    assert "【待填写：假】" not in answer["html"]
    assert "\ufffdclass_name\ufffd待填写：假\ufffd" in answer["html"]  # plain text
    assert set(marked(answer["html"])) == set(missing(answer))


def test_what_no_honest_input_holds_is_refused() -> None:
    with pytest.raises(InputError):
        preview("online-plan", {"institution": "x" * 100_000})
    with pytest.raises(InputError):
        preview("no-such-template", {})


@pytest.mark.parametrize("shape", [None, [], "text", 3, {"modules": "x", "platform": []}])
def test_any_shape_previews(shape: Any) -> None:
    answer = preview("online-plan", shape)
    assert len(answer["missing"]) == len(form_required("online-plan"))
