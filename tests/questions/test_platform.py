"""The question “平台自查” (calc/questions/platform.py): SPB 第七条 and CQ16 四（三）.

The rows themselves are tested with their check functions in tests/spb/test_platform.py
and tests/cq16/test_platform.py. The full input is built from the rows in the data, so a
new row is picked up."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc.api import run
from calc.cq16.platform import MODES
from calc.examples import cases, check
from calc.kinds import PlatformSource
from calc.questions.platform import PlatformInput
from calc.spb.platform import platform_requirements

AS_OF = {"as_of": "2026-03-01"}
SPB_ROWS = [i for i in platform_requirements.rule.items if i.id != "source"]


def full(source: str = "own") -> dict[str, object]:
    """A platform that has every requirement and every 附件1 row of both modes."""
    out: dict[str, object] = {"source": source, **{i.id: True for i in SPB_ROWS}}
    for mode, way in MODES.items():
        out[mode] = {i.id: True for i in way.rule.items}
    return out


def without(mode: str, name: str, inp: dict[str, object] | None = None) -> dict[str, object]:
    base = inp or full()
    rows = dict(base[mode])  # type: ignore[call-overload]
    rows[name] = False
    return {**base, mode: rows}


def ask(inp: dict[str, object], **readings: str) -> dict:
    return run("platform", {"input": inp, "context": {**AS_OF, "readings": readings}})


def status(out: dict, name: str) -> str:
    return next(c["status"] for c in out["checks"] if c["name"] == name)


def institution_rows(mode: str) -> list[str]:
    return [
        i.id
        for i in MODES[mode].rule.items
        if getattr(i, "required", False) and getattr(i, "actor", "") != "county"
    ]


def test_full_platform_passes_and_lists_every_row():
    out = ask(full())
    assert out["status"] == "pass"
    assert out["data"]["may_run_online"] == dict.fromkeys(MODES, True)
    names = {c["name"] for c in out["checks"]}
    assert {i.id for i in platform_requirements.rule.items} <= names
    for mode, way in MODES.items():
        assert {f"{mode}.{i.id}" for i in way.rule.items} <= names


def test_every_row_is_a_form_field():
    schema = PlatformInput.model_json_schema()
    props = schema["properties"]
    assert {i.id for i in platform_requirements.rule.items} <= set(props)
    for mode, way in MODES.items():
        ref = props[mode]["$ref"].split("/")[-1]
        assert set(schema["$defs"][ref]["properties"]) == {i.id for i in way.rule.items}


def test_the_platform_source_reading_is_named_in_the_answer():
    """The rule's own cases are in tests/spb/test_platform.py; here, the answer names it."""
    out = ask(full("third_party_unlisted"), platform_source="any_qualified")
    assert status(out, "source") == "pass"
    assert any(r["key"] == "platform_source" for r in out["readings"])


@pytest.mark.parametrize(
    "item", [i for i in SPB_ROWS if not getattr(i, "hedged", False)], ids=lambda i: i.id
)
def test_each_plain_requirement_fails_when_missing(item):
    out = ask({**full(), item.id: False})
    assert status(out, item.id) == "fail"
    assert out["data"]["spb_unmet"] == [item.label]
    assert out["data"]["may_run_online"] == dict.fromkeys(MODES, True)


@pytest.mark.parametrize(
    "item", [i for i in SPB_ROWS if getattr(i, "hedged", False)], ids=lambda i: i.id
)
def test_hedged_requirements_follow_the_reading(item):
    inp = {**full(), item.id: False}
    terminals = "advisory" if item.hedged == "terminals" else "fail"
    assert status(ask(inp), item.id) == terminals
    assert status(ask(inp, platform_hedge="all_four"), item.id) == "advisory"


@pytest.mark.parametrize("mode", list(MODES))
def test_each_basic_row_decides_whether_the_mode_may_run_online(mode):
    for name in institution_rows(mode):
        out = ask(without(mode, name))
        assert out["status"] == "fail"
        assert status(out, f"{mode}.{name}") == "fail"
        assert out["data"]["may_run_online"] == {m: m != mode for m in MODES}
        assert "线下" in next(c["fix"] for c in out["checks"] if c["name"] == f"{mode}.{name}")


@pytest.mark.parametrize("mode", list(MODES))
def test_optional_rows_never_decide(mode):
    inp = full()
    for item in MODES[mode].rule.items:
        if not getattr(item, "required", False):
            inp = without(mode, item.id, inp)
    out = ask(inp)
    assert out["status"] == "pass"
    assert out["data"]["may_run_online"][mode] is True


def test_county_spot_check_counts_only_under_all_rows():
    county = [
        (mode, i.id)
        for mode, way in MODES.items()
        for i in way.rule.items
        if getattr(i, "required", False) and getattr(i, "actor", "") == "county"
    ]
    assert county
    for mode, name in county:
        inp = without(mode, name)
        assert ask(inp)["data"]["may_run_online"][mode] is True
        assert status(ask(inp), f"{mode}.{name}") == "not_applicable"
        strict = ask(inp, platform_standard="all_rows")
        assert strict["data"]["may_run_online"][mode] is False
        assert status(strict, f"{mode}.{name}") == "fail"


def test_bad_input_names_the_field():
    out = ask({**full(), "source": "borrowed"})
    assert out["problems"][0]["where"] == "平台来源"
    out = ask({**full(), "live": {"teleport": True}})
    assert out["problems"][0]["where"].endswith("teleport")
    assert out["problems"][0]["what"] == "不认识的字段"


@settings(max_examples=60, deadline=None)
@given(
    source=st.sampled_from([s.value for s in PlatformSource]),
    off=st.sets(st.sampled_from([f"{m}.{i.id}" for m, w in MODES.items() for i in w.rule.items])),
    standard=st.sampled_from(["institution_rows", "all_rows"]),
)
def test_may_run_online_is_all_counted_rows(source, off, standard):
    inp = full(source)
    for key in off:
        mode, name = key.split(".")
        inp = without(mode, name, inp)
    out = ask(inp, platform_standard=standard)
    for mode, way in MODES.items():
        counted = [
            i.id
            for i in way.rule.items
            if getattr(i, "required", False)
            and (standard == "all_rows" or getattr(i, "actor", "") != "county")
        ]
        expected = all(f"{mode}.{n}" not in off for n in counted)
        assert out["data"]["may_run_online"][mode] is expected
    assert out == ask(inp, platform_standard=standard)


def test_example_cases():
    mine = [c for c in cases() if c.file == "platform.toml"]
    assert len(mine) >= 6
    assert [p for c in mine for p in check(c)] == []
