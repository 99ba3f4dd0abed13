"""One check function per rule ID.

Each rule of the catalogue (``parameters/*.toml``) has exactly one function that judges
it, in the module of ``calc/cq16/`` or ``calc/spb/`` for the section of the document the
rule comes from. The function is registered under the rule's ID with :func:`check`; its
docstring opens with the clause it implements, quoted from the transcription; it takes
the rule (values and citation) and plain facts, and returns its findings::

    @check("<the rule's ID>")
    def practical_60(r: Rule, c: Course, ctx: Context) -> list[Check]:
        \"\"\"“实训操作课时均不低于总课时的60%”（二（一））. …\"\"\"

Every question that needs the rule calls that one function (``practical_60(c, ctx)``),
and reads its values from it (``practical_60.rule.decimal("min_share")``): the ID is
written once in code, in the decorator. The readings a rule can use are those whose catalogue
entry (``parameters/readings.toml``) lists it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar

from calc.readings import catalogue
from calc.rules import Rule, rule

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class RuleCheck(Generic[P, R]):
    """A rule's one check function; call it without the rule: ``practical_60(t, ctx)``."""

    rule_id: str
    func: Callable[Concatenate[Rule, P], R]

    @property
    def rule(self) -> Rule:
        return rule(self.rule_id)

    @property
    def readings(self) -> tuple[str, ...]:
        """The readings that bear on this rule (keys of ``readings.toml``)."""
        return tuple(k for k, r in catalogue().items() if self.rule_id in r.rules)

    @property
    def clause(self) -> str:
        """The first paragraph of the docstring: the clause, quoted."""
        return (self.func.__doc__ or "").strip().split("\n\n")[0]

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.func(self.rule, *args, **kwargs)


CHECKS: dict[str, RuleCheck[Any, Any]] = {}
"""Every check function by rule ID (filled as the rule modules are imported)."""


def check(rule_id: str) -> Callable[[Callable[Concatenate[Rule, P], R]], RuleCheck[P, R]]:
    """Register the decorated function as the one check of ``rule_id``."""

    def register(func: Callable[Concatenate[Rule, P], R]) -> RuleCheck[P, R]:
        rule(rule_id)  # a KeyError for an ID the parameters do not have
        known = CHECKS.get(rule_id)
        if known is not None and known.func.__qualname__ != func.__qualname__:
            raise ValueError(f"{rule_id}: two check functions, {known.func} and {func}")
        found: RuleCheck[P, R] = RuleCheck(rule_id, func)
        CHECKS[rule_id] = found
        return found

    return register


RULE_PACKAGES = ("calc.cq16", "calc.spb")


def all_checks() -> dict[str, RuleCheck[Any, Any]]:
    """Every check function, importing every module of ``calc/cq16`` and ``calc/spb``."""
    for package in RULE_PACKAGES:
        path = importlib.import_module(package).__path__
        for info in pkgutil.iter_modules(path, package + "."):
            importlib.import_module(info.name)
    return dict(CHECKS)
