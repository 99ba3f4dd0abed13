"""The rule registry against the catalogue (../shared/rules.md) and the transcribed texts."""

import re
import typing
from pathlib import Path

import pytest

from calc.readings import Readings, catalogue
from calc.rules import registry, sources
from tests.regtext import sections

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT.parent / "shared" / "rules.md"
SECTIONS = {doc: sections(ROOT / "docs" / src.page) for doc, src in sources().items()}


def test_registry_matches_catalogue():
    if not CATALOGUE.is_file():
        pytest.skip("../shared/rules.md is not beside this checkout")
    text = CATALOGUE.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| ((?:SPB|CQ16)-[A-Z0-9-]+) \|", text, flags=re.M))
    assert listed, "no rule IDs found in the catalogue"
    assert set(registry()) == listed


def _phrases():
    for r in registry().values():
        yield r.id, r.doc, r.anchor, r.phrase
        for name, p in r.values.items():
            yield f"{r.id}.{name}", r.doc, p.anchor or r.anchor, p.phrase
        for item in r.items:
            yield f"{r.id}[{item.id}]", r.doc, item.anchor, item.phrase


@pytest.mark.parametrize("where,doc,anchor,phrase", [pytest.param(*p, id=p[0]) for p in _phrases()])
def test_every_phrase_stands_under_its_anchor(where, doc, anchor, phrase):
    text = SECTIONS[doc]
    assert anchor in text, f"{where}: anchor #{anchor} is not in {doc}"
    wanted = "".join(phrase.split())
    assert wanted in text[anchor], f"{where}: «{phrase}» is not under #{anchor}"


def test_every_numeric_value_appears_in_its_phrase():
    """A value cannot drift from its source: 60% → 0.6 must find "60" in the phrase."""
    for r in registry().values():
        for name, p in r.values.items():
            if isinstance(p.value, list):
                continue
            shown = p.value * 100 if p.unit == "比例" else p.value
            digits = format(shown.normalize(), "f")
            chinese = {"2": "两", "3": "三"}.get(digits, digits)
            assert digits in p.phrase or chinese in p.phrase, f"{r.id}.{name}={p.value}"


def test_readings_model_matches_data():
    fields = Readings.model_fields
    assert list(fields) == list(catalogue())
    for key, reading in catalogue().items():
        assert set(typing.get_args(fields[key].annotation)) == set(reading.options), key
        assert fields[key].default == reading.default
        assert set(reading.rules) <= set(registry()), key


def test_every_reading_has_a_number_of_its_own_under_its_item_of_the_catalogue():
    """Forms and pages number the readings: no two alike (two “9.” on one page read as a
    mistake); several readings of one item of rules.md's list are 9.1, 9.2."""
    numbers = [r.number for r in catalogue().values()]
    assert len(set(numbers)) == len(numbers)
    items = re.findall(r"^(\d+)\. ", CATALOGUE.read_text("utf-8").split("## Readings")[1], re.M)
    for reading in catalogue().values():
        item = reading.number.split(".")[0]
        assert item in items or int(item) > len(items), reading.key
    assert catalogue()["platform_source"].number == "9.1"
    assert catalogue()["platform_hedge"].number == "9.2"
    assert catalogue()["verification_methods"].number == "10"


def test_every_article_a_rule_names_is_a_section_holding_its_anchor():
    """``Rule.sections`` reads the article text (``一（一）、三（一）``); the site puts the rule's
    box under each, so each must exist, and the rule's own anchor must be one of them."""
    for r in registry().values():
        assert r.sections, r.id
        assert all(a in SECTIONS[r.doc] for a in r.sections), (r.id, r.sections)
        assert r.anchor in r.sections, (r.id, r.anchor, r.sections)
