"""Readings of ambiguous clauses: named options, a documented default, a switch.

The questions, options, defaults and reasons live in ``parameters/readings.toml``;
:class:`Readings` is the switchboard a caller passes to any question. Every result
names the readings its checks used (see :func:`describe`).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from calc.models import Input


class Reading(BaseModel):
    """One ambiguity: the question, its options and the default with the reason."""

    model_config = ConfigDict(frozen=True)

    key: str
    number: str
    """How the pages number it: the item of rules.md's list it reads (``"9"``), with a
    second part when that item has several readings (``"9.1"``, ``"9.2"``)."""
    rules: tuple[str, ...]
    question: str
    options: dict[str, str]
    default: str
    why: str


@cache
def catalogue() -> dict[str, Reading]:
    """Every reading by key, in catalogue order, each with a number of its own."""
    text = (resources.files("calc") / "parameters" / "readings.toml").read_text("utf-8")
    found = tomllib.loads(text)
    items = Counter(data["number"] for data in found.values())
    seen: Counter[int] = Counter()
    out = {}
    for key, data in found.items():
        item = data["number"]
        seen[item] += 1
        number = f"{item}.{seen[item]}" if items[item] > 1 else str(item)
        out[key] = Reading(key=key, **{**data, "number": number})
    return out


def _field(key: str) -> Any:
    reading = catalogue()[key]
    options = "；".join(f"{k}：{v}" for k, v in reading.options.items())
    return Field(default=reading.default, title=reading.question, description=options)


class Readings(Input):
    """The reading chosen for each ambiguous clause; defaults come from the data file."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="条文解读选择")

    days_unit: Literal["whole", "half"] = _field("days_unit")
    daily_average: Literal["average", "each_day"] = _field("daily_average")
    online_theory: Literal["theory_only", "at_least_30"] = _field("online_theory")
    spotcheck: Literal["both", "either", "combined"] = _field("spotcheck")
    spotcheck_pair: Literal["any_two", "consecutive"] = _field("spotcheck_pair")
    spotcheck_base: Literal["sampled", "applying"] = _field("spotcheck_base")
    attendance_basis: Literal["sessions", "hours"] = _field("attendance_basis")
    late_early: Literal["present", "absent"] = _field("late_early")
    ethics_overlap: Literal["overlap", "separate"] = _field("ethics_overlap")
    exception_scope: Literal["days_only", "all"] = _field("exception_scope")
    binding: Literal["hard", "guidance"] = _field("binding")
    platform_source: Literal["own_or_listed", "any_qualified"] = _field("platform_source")
    platform_hedge: Literal["terminals_only", "all_four"] = _field("platform_hedge")
    verification_methods: Literal["all", "any"] = _field("verification_methods")
    completion: Literal["attend80", "full"] = _field("completion")
    simulation: Literal["different", "city_governs"] = _field("simulation")
    platform_standard: Literal["institution_rows", "all_rows"] = _field("platform_standard")
    pause_meaning: Literal["leave_page", "first_page"] = _field("pause_meaning")
    identity_proof: Literal["unverifiable_only", "whole_group"] = _field("identity_proof")
    unified_assessment: Literal["sign_and_scores", "annex3_still"] = _field("unified_assessment")
    change_days: Literal["calendar", "working"] = _field("change_days")
    effective_day: Literal["civil_code", "day_31", "day_30"] = _field("effective_day")
    interaction_online: Literal["offline_only", "live_allowed"] = _field("interaction_online")
    offline_main: Literal["online_less", "online_not_more"] = _field("offline_main")

    @classmethod
    def option_label(cls, key: str, option: str) -> str | None:
        """The Chinese label of one option of reading ``key`` (for error messages)."""
        reading = catalogue().get(key)
        text = reading.options.get(option) if reading else None
        return text.split("：")[0].split("（")[0] if text else None


class ReadingUsed(BaseModel):
    """What a result reports of one reading it used."""

    key: str
    number: str
    choice: str
    text: str
    default: bool


def describe(readings: Readings, keys: list[str]) -> list[ReadingUsed]:
    """The readings named by ``keys`` (no repeats, catalogue order), as a result shows them."""
    chosen = readings.model_dump()
    used = []
    for key, reading in catalogue().items():
        if key in keys:
            choice = chosen[key]
            used.append(
                ReadingUsed(
                    key=key,
                    number=reading.number,
                    choice=choice,
                    text=reading.options[choice],
                    default=choice == reading.default,
                )
            )
    return used
