"""The regulation pages in docs/regulations/ must keep every word of their seeds."""

import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PAGES = ROOT / "docs" / "regulations"
DOCS = {
    "spb.md": "000_0285cf271903e59f.txt",
    "cq16.md": "001_4c2837b861e14e21.txt",
}


def _significant(text):
    """Everything except whitespace (incl. U+3000, NBSP) and table pipes."""
    return "".join(c for c in text if not c.isspace() and c != "|")


def _seed_text(name):
    if not SEEDS.is_dir():
        pytest.skip("shared seeds folder not available")
    text = (SEEDS / name).read_text(encoding="utf-8")
    return re.sub(r"\[bookmark: [^\]]*\]", "", text)


def _page_text(page, seed_sig):
    lines = (PAGES / page).read_text(encoding="utf-8").splitlines()
    # The H1 is the page title: it counts only if the seed itself opens with it.
    if lines and lines[0].startswith("# ") and not seed_sig.startswith(_significant(lines[0][2:])):
        lines = lines[1:]
    out = []
    for line in lines:
        if re.fullmatch(r"\s*\|?(\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?\s*", line):
            continue  # table separator row
        line = re.sub(r"^#{1,6}\s+", "", line)  # heading hashes
        line = re.sub(r"\{\s*#[^}]*\}", "", line)  # attr lists {#id}
        line = re.sub(r"<[^>]+>", "", line)  # inline HTML (anchor spans)
        line = re.sub(r"\*\*|__", "", line)  # emphasis markers
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("page,seed", DOCS.items())
def test_page_keeps_every_character_in_order(page, seed):
    expected = _significant(_seed_text(seed))
    actual = _significant(_page_text(page, expected))
    if actual != expected:
        i = next(
            (k for k, (a, b) in enumerate(zip(actual, expected, strict=False)) if a != b),
            min(len(actual), len(expected)),
        )
        pytest.fail(
            f"{page}: first difference at significant char {i}\n"
            f"  seed: …{expected[max(0, i - 30) : i + 30]}…\n"
            f"  page: …{actual[max(0, i - 30) : i + 30]}…"
        )


def _expected_ids():
    ids = [f"spb-ch{n}" for n in range(1, 5)]
    ids += [f"spb-{n}" for n in range(1, 17)]
    ids += [f"spb-7-{n}" for n in range(1, 6)] + [f"spb-8-{n}" for n in range(1, 4)]
    ids += ["cq16-notice", "cq16-preamble"] + [f"cq16-{n}" for n in range(1, 7)]
    for section, items in {1: 4, 2: 4, 3: 2, 4: 3}.items():
        ids += [f"cq16-{section}-{n}" for n in range(1, items + 1)]
    for annex, rows, notes in ((1, 15, 1), (2, 6, 2), (3, 14, 3)):
        ids.append(f"cq16-annex{annex}")
        ids += [f"cq16-a{annex}-r{n}" for n in range(1, rows + 1)]
        ids += [f"cq16-a{annex}-n{n}" for n in range(1, notes + 1)]
    return ids


def test_every_anchor_exists_exactly_once():
    found = Counter()
    for page in DOCS:
        text = (PAGES / page).read_text(encoding="utf-8")
        found.update(re.findall(r"\{\s*#([\w-]+)\s*\}", text))
        found.update(re.findall(r'\bid="([^"]+)"', text))
    expected = _expected_ids()
    assert {i: found[i] for i in expected if found[i] != 1} == {}
    assert sorted(set(found) - set(expected)) == []


NOT_FROM_THE_TEXT = {"迟到", "早退"}
"""Words a question quotes that are not the regulations' (a platform's attendance status)."""


def test_readings_quote_the_text_in_whole_phrases():
    """Every phrase a reading's question quotes (“…”) stands verbatim in one of the seeds: a
    question does not shorten or paraphrase the words it asks about."""
    from calc.readings import catalogue

    seeds = "".join(_significant(_seed_text(seed)) for seed in DOCS.values())
    shortened = [
        (key, phrase)
        for key, reading in catalogue().items()
        for phrase in re.findall(r"“([^”]+)”", reading.question)
        if phrase not in NOT_FROM_THE_TEXT and _significant(phrase) not in seeds
    ]
    assert shortened == []
