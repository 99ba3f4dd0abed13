"""What every question's input shares: the :class:`Input` base (numbers and dates read
the same way everywhere) and :class:`CourseKind`. The vocabulary (categories, catalogues,
…) is :mod:`calc.kinds`."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from calc.kinds import Catalogue, Category

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
"""Every date read from outside lies in this range (a check of a training, a birth date)."""

_WIDE = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_NUMBER_TEXT = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


def number_text(value: Any, kind: str = "decimal") -> Any:
    """A number as a Chinese user types it: half- or full-width digits, a decimal point,
    thousands separators (``,`` or ``，`` every three digits), a leading minus; text is
    returned in ASCII without separators (``"１，２００．５"`` → ``"1200.5"``). Refused:
    booleans, and text with anything else (``1_000``, ``²``, ``٣``, ``1e3``, ``二十``).
    Other values are left to the field's own type. ``kind`` names the error (``int``:
    "应为整数")."""
    if isinstance(value, bool):
        raise PydanticCustomError(f"{kind}_type", "应为数字")
    if isinstance(value, str):
        text = value.translate(_WIDE).strip()
        if len(text) > 40 or not _NUMBER_TEXT.fullmatch(text):
            raise PydanticCustomError(f"{kind}_parsing", "应为数字")
        return text.replace(",", "")
    return value


def whole_number_text(value: Any) -> Any:
    """:func:`number_text` for a field of whole numbers."""
    return number_text(value, "int")


def date_value(value: Any) -> Any:
    """A date is text such as ``2026-03-01`` or a date; a number (a timestamp) is refused."""
    if isinstance(value, bool | int | float | Decimal):
        raise PydanticCustomError("date_type", "应为日期（如 2026-03-01）")
    return value


_READERS = (({date}, date_value), ({Decimal, float}, number_text), ({int}, whole_number_text))


@cache
def _readers(model: type[BaseModel]) -> dict[str, Any]:
    """Field name → how its raw value is read: numbers and dates, alone or in a list."""
    out: dict[str, Any] = {}
    for name, f in model.model_fields.items():
        members = _members(f.annotation)
        items = {i for m in members if get_origin(m) is list for i in _members(get_args(m)[0])}
        for kinds, reader in _READERS:
            if str in members | items:
                break
            if kinds & members:
                out[name] = reader
                break
            if kinds & items:
                out[name] = _each(reader)
                break
    return out


def _members(annotation: Any) -> set[Any]:
    """The types an annotation allows, unwrapped: ``Annotated[Decimal, …] | None`` →
    {Decimal, NoneType}; ``list[X]`` stays ``list[X]``."""
    if hasattr(annotation, "__metadata__"):
        return _members(annotation.__origin__)
    if get_origin(annotation) in (Union, UnionType):
        return {m for a in get_args(annotation) for m in _members(a)}
    return {annotation}


def _each(reader: Any) -> Any:
    def read(value: Any) -> Any:
        return [reader(v) for v in value] if isinstance(value, list) else value

    return read


class Input(BaseModel):
    """Base of every model filled from outside data. Number fields read what a Chinese
    user types (:func:`number_text`); date fields refuse numbers (:func:`date_value`) and
    lie between :data:`EARLIEST_DATE` and :data:`LATEST_DATE`."""

    @field_validator("*", mode="before")
    @classmethod
    def _read(cls, value: Any, info: ValidationInfo) -> Any:
        reader = _readers(cls).get(info.field_name or "")
        return value if reader is None else reader(value)

    @field_validator("*", mode="after")
    @classmethod
    def _in_range(cls, value: Any, info: ValidationInfo) -> Any:
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise PydanticCustomError(
                "date_range",
                "日期应在 {earliest} 至 {latest} 之间",
                {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            )
        return value


class CourseKind(Input):
    """What kind of course: category, catalogue and the CQ16 二（一） exception."""

    model_config = ConfigDict(extra="forbid")

    category: Category = Field(title="培训类别")
    catalogue: Catalogue = Field(
        default=Catalogue.DADIAN,
        title="职业（工种）目录",
        description="岗前培训、就业适应性培训、创业培训不区分目录",
    )
    exception: bool = Field(
        default=False,
        title="新职业、新兴产业、特殊行业或有明确规定的课程",
        description="CQ16 二（一）“除新职业、新兴产业和特殊行业职业（工种）"
        "以及有明确规定的培训课程要求外”",
    )
