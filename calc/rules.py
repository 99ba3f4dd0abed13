"""The rule registry: every rule of both documents, loaded from ``parameters/*.toml``.

A rule's values live only in those data files. Each rule carries its ID (from the
project's rule catalogue), the document and article it comes from, the anchor of that
article on the site, a one-line Chinese statement and a verbatim phrase of the source;
each value carries its unit and its own verbatim phrase.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from calc.rulefiles import read, rule_data

DocId = Literal["SPB", "CQ16"]
RuleKind = Literal["check", "advisory", "outside"]
"""``check``: decides a result; ``advisory``: says what is advised, decides nothing;
``outside``: the documents send the question elsewhere."""

ParamValue = Decimal | list[str]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """One of the two regulations."""

    id: DocId
    title: str
    short: str
    page: str
    number: str | None = None
    effective_rule: str | None = None


class Param(_Frozen):
    """One value of a rule, with its unit and the words of the source that state it."""

    value: ParamValue
    unit: str
    label: str
    phrase: str
    anchor: str | None = None
    """Where ``phrase`` stands, when not under the rule's own anchor."""


class Item(_Frozen):
    """One row of a list a rule sets out (evidence items, documents, platform needs)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    id: str
    label: str
    anchor: str
    phrase: str


class Citation(_Frozen):
    """Where a rule comes from: document, article, site anchor and a verbatim phrase."""

    doc: DocId
    title: str
    article: str
    anchor: str
    url: str
    phrase: str

    def text(self) -> str:
        """``渝就发〔2020〕16号 二（一）`` — the short form used in messages."""
        return f"{self.title} {self.article}"

    def at(self, item: Item) -> Citation:
        """This citation pointed at one item's own row or clause."""
        url = self.url.split("#")[0] + "#" + item.anchor
        return self.model_copy(update={"anchor": item.anchor, "url": url, "phrase": item.phrase})


class Rule(_Frozen):
    """One rule of the catalogue."""

    id: str
    doc: DocId
    article: str
    anchor: str
    kind: RuleKind
    statement: str
    phrase: str
    applies_to: tuple[str, ...] = ()
    catalogues: tuple[str, ...] = ()
    values: dict[str, Param] = Field(default_factory=dict)
    items: tuple[Item, ...] = ()

    @property
    def source(self) -> Source:
        return sources()[self.doc]

    @property
    def sections(self) -> tuple[str, ...]:
        """The site anchors of the articles ``article`` names, in its order: ``一（一）、三（一）``
        → ``cq16-1-1``, ``cq16-3-1``; ``第七条（四）`` → ``spb-7-4``; ``附件1 线下培训`` →
        ``cq16-annex1``. The rule's box stands under each of them on the site."""
        found = []
        for part in self.article.split("、"):
            m = _ARTICLE.fullmatch(part.split()[0])
            if m is None:
                raise ValueError(f"{self.id}: cannot read article {part!r}")
            article, clause, annex = m.groups()
            if annex:
                found.append(f"{self.doc.lower()}-annex{annex}")
            else:
                numbers = [str(_number(n)) for n in (article, clause) if n]
                found.append("-".join([self.doc.lower(), *numbers]))
        return tuple(found)

    @property
    def citation(self) -> Citation:
        src = self.source
        return Citation(
            doc=self.doc,
            title=src.short,
            article=self.article,
            anchor=self.anchor,
            url=f"{src.page.removesuffix('.md')}/#{self.anchor}",
            phrase=self.phrase,
        )

    def decimal(self, name: str) -> Decimal:
        """A numeric value of this rule."""
        value = self.values[name].value
        if not isinstance(value, Decimal):
            raise TypeError(f"{self.id}.{name} is not a number")
        return value

    def names(self, name: str) -> tuple[str, ...]:
        """A list value of this rule (categories, content kinds, …)."""
        value = self.values[name].value
        if isinstance(value, Decimal):
            raise TypeError(f"{self.id}.{name} is not a list")
        return tuple(value)


_DIGITS = "一二三四五六七八九"
_ARTICLE = re.compile(rf"第?([{_DIGITS}十]+)条?(?:（([{_DIGITS}十]+)）)?|附件(\d)")
"""An article as the two documents number them: ``第十四条``, ``二（一）``, ``附件3``."""


def _number(chinese: str) -> int:
    """``一`` → 1, ``十`` → 10, ``十六`` → 16, ``二十`` → 20."""
    if "十" not in chinese:
        return _DIGITS.index(chinese) + 1
    tens, _, ones = chinese.partition("十")
    return (_number(tens) if tens else 1) * 10 + (_number(ones) if ones else 0)


@cache
def sources() -> dict[str, Source]:
    """The two documents by ID."""
    return {key: Source(id=key, **data) for key, data in read("sources.toml").items()}


@cache
def registry() -> dict[str, Rule]:
    """Every rule by ID, in the order of the data files."""
    return {
        rule_id: Rule.model_validate({"id": rule_id, **data})
        for rule_id, data in rule_data().items()
    }


def rule(rule_id: str) -> Rule:
    """The rule with this catalogue ID."""
    return registry()[rule_id]


EFFECTIVE_SHIFT = {"civil_code": 1, "day_31": 0, "day_30": -1}
"""SPB 第十六条 "本办法自印发之日起30日后施行", per option of the ``effective_day`` reading:
days added to issuance + 30 to reach the first day in force. ``civil_code`` counts as
民法典 第二百零一条 and 第二百零三条 do (the issue day not counted, the 30 days end at 24:00 of
issuance + 30, in force the next day; 2020-05-01 → 2020-06-01); ``day_31`` puts it on
issuance + 30 (2020-05-31), ``day_30`` on issuance + 29 (2020-05-30). 第二百零三条's moving
of a last day that falls on a public holiday is not applied: no act is due on that day."""


def spb_effective_date(issued: date, reading: str) -> date:
    """SPB 第十六条 "本办法自印发之日起30日后施行": the first day in force under ``reading``
    (an option of ``effective_day``, see :data:`EFFECTIVE_SHIFT`)."""
    rule_id = sources()["SPB"].effective_rule
    if rule_id is None:
        raise ValueError("sources.toml: SPB names no effective_rule")
    days = int(rule(rule_id).decimal("days_after_issuance"))
    return issued + timedelta(days=days + EFFECTIVE_SHIFT[reading])
