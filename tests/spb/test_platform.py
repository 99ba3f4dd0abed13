"""沙坪坝区办法 第六条、第七条: :func:`calc.spb.platform.platform_requirements`."""

from datetime import date

import pytest

from calc.kinds import PlatformSource
from calc.result import Check, Context
from calc.spb.platform import platform_requirements

ROWS = [i for i in platform_requirements.rule.items if i.id != "source"]


def ctx(**readings: str) -> Context:
    return Context.model_validate({"as_of": date(2026, 3, 1), "readings": readings})


def ask(source: str = "own", off: tuple[str, ...] = (), **readings: str) -> list[Check]:
    has = {i.id: i.id not in off for i in ROWS}
    return platform_requirements(PlatformSource(source), has, ctx(**readings))


def status(checks: list[Check], name: str) -> str:
    return next(c.status for c in checks if c.name == name)


def test_every_requirement_is_checked_at_its_clause():
    checks = ask()
    assert [c.name for c in checks] == [i.id for i in platform_requirements.rule.items]
    assert [c.citation.anchor for c in checks] == [
        i.anchor for i in platform_requirements.rule.items
    ]
    assert all(c.status == "pass" for c in checks)


@pytest.mark.parametrize(
    "source,reading,expected",
    [
        ("own", "own_or_listed", "pass"),
        ("listed", "own_or_listed", "pass"),
        ("third_party_unlisted", "own_or_listed", "fail"),
        ("third_party_unlisted", "any_qualified", "pass"),
    ],
)
def test_platform_source_reading(source, reading, expected):
    checks = ask(source, platform_source=reading)
    assert status(checks, "source") == expected
    assert next(c for c in checks if c.name == "source").readings == ["platform_source"]


@pytest.mark.parametrize(
    "item", [i for i in ROWS if not getattr(i, "hedged", False)], ids=lambda i: i.id
)
def test_each_plain_requirement_fails_when_missing(item):
    checks = ask(off=(item.id,))
    assert [c.label for c in checks if c.status == "fail"] == [item.label]
    assert next(c for c in checks if c.name == item.id).fix == f"平台需具备：{item.label}"


def test_the_hedged_requirements_are_the_four_of_clause_three():
    hedged = {i.id: getattr(i, "hedged", None) for i in ROWS if getattr(i, "hedged", None)}
    assert hedged == {
        "multi_terminal": "terminals",
        "varied_methods": "terminals",
        "real_name": "all_four",
        "traceable": "all_four",
    }


@pytest.mark.parametrize(
    "item", [i for i in ROWS if getattr(i, "hedged", False)], ids=lambda i: i.id
)
def test_hedged_requirements_follow_the_reading(item):
    terminals = "advisory" if item.hedged == "terminals" else "fail"
    assert status(ask(off=(item.id,)), item.id) == terminals
    assert status(ask(off=(item.id,), platform_hedge="all_four"), item.id) == "advisory"
