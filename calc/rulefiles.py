"""The rule registry's data files (``parameters/*.toml``) as TOML reads them, with no model.

:mod:`calc.rules` validates these into its pydantic models; ``cqcalc rules`` lists them as
they are, so that it starts without pydantic (issue 14: as quick as ``--help``).
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from importlib import resources

RULE_FILES = (
    "hours.toml",
    "plan.toml",
    "attendance.toml",
    "eligibility.toml",
    "evidence.toml",
    "documents.toml",
    "platform.toml",
    "dates.toml",
)


def read(name: str) -> dict[str, dict[str, object]]:
    """One data file of ``calc/parameters``, its numbers as :class:`~decimal.Decimal`."""
    text = (resources.files("calc") / "parameters" / name).read_text(encoding="utf-8")
    return tomllib.loads(text, parse_float=Decimal)


def rule_data() -> dict[str, dict[str, object]]:
    """Every rule's table by ID, in the order of the data files; an ID defined twice is an
    error."""
    rules: dict[str, dict[str, object]] = {}
    for name in RULE_FILES:
        for rule_id, data in read(name).items():
            if rule_id in rules:
                raise ValueError(f"rule {rule_id} is defined twice")
            rules[rule_id] = data
    return rules
