"""A template's form as far as it is filled: the preview shown from the first keystroke.

:func:`partial` builds the template's model from whatever the page sends, field by field:
each value that validates on its own is kept; a required field not filled, or a value
that does not validate, becomes a :class:`Pending` placeholder and is listed as a
:class:`Gap` (its loc, and its words as :func:`calc.errors.where` gives them). Checks across
fields (``problems()``) and the model validators are not run here: they are the
findings' job. The views print a placeholder where its value goes;
:func:`calc.render.preview` shows it marked (``【待填写：培训机构名称】``).

A placeholder is a ``str`` (so it prints anywhere text does) that stands for a number,
a date or an option as well: any arithmetic with it gives :data:`DERIVED` (a figure that
cannot be computed yet), and it has the ``label`` of an option (itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from calc.errors import where

Loc = tuple[int | str, ...]
MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
"""Private-use characters that delimit a placeholder in rendered text; removed from
anything typed, so no input can make one."""
_NO_MARKS = str.maketrans({c: "\ufffd" for c in (MARK_OPEN, MARK_SEP, MARK_CLOSE)})
TO_FILL = "待填写："
TO_FIX = "待改正："
TO_COMPUTE = "填写后计算"


class Pending(str):
    """A value not there yet, as text: ``MARK_OPEN loc MARK_SEP words MARK_CLOSE``."""

    __slots__ = ()

    @classmethod
    def at(cls, loc: Loc, words: str) -> Pending:
        return cls(MARK_OPEN + ".".join(map(str, loc)) + MARK_SEP + words + MARK_CLOSE)

    @property
    def label(self) -> Pending:
        """An option's label: the placeholder itself."""
        return self

    def quantize(self, *_: Any, **__: Any) -> Pending:
        return DERIVED

    def __add__(self, other: Any) -> Any:
        if isinstance(other, str) and not isinstance(other, Pending):
            return str(self) + other  # text joined to a placeholder stays text
        return DERIVED

    def __radd__(self, other: Any) -> Any:
        return other + str(self) if isinstance(other, str) else DERIVED

    def _figure(self, other: Any) -> Pending:
        return DERIVED

    __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _figure


DERIVED = Pending.at((), TO_COMPUTE)
"""A figure computed from a value that is not there yet."""


@dataclass(frozen=True)
class Gap:
    """A field the preview shows as a placeholder: not filled (``missing``) or not valid."""

    loc: Loc
    where: str
    title: str
    missing: bool

    def to_json(self) -> dict[str, Any]:
        return {"loc": list(self.loc), "where": self.where, "missing": self.missing}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value)


def _clean(value: Any) -> Any:
    """Typed text as the model reads it (stripped) and without placeholder marks."""
    if isinstance(value, str):
        return value.strip().translate(_NO_MARKS)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _model_of(annotation: Any) -> type[BaseModel] | None:
    return (
        annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    )


def _rows_of(annotation: Any) -> type[BaseModel] | None:
    """The row model of a ``list[Model]`` field."""
    if get_origin(annotation) is list:
        return _model_of(get_args(annotation)[0])
    return None


def _bounds(info: FieldInfo) -> tuple[int, int | None]:
    low, high = 0, None
    for m in info.metadata:
        low = getattr(m, "min_length", None) or low
        high = getattr(m, "max_length", None) or high
    return low, high


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    hint: Any = info.annotation  # the field as the model checks it: type and constraints
    if info.metadata:
        hint = Annotated[hint, *info.metadata]
    return TypeAdapter(hint)


class _Builder:
    def __init__(self, top: type[BaseModel]) -> None:
        self.top = top
        self.gaps: list[Gap] = []

    def gap(self, loc: Loc, info: FieldInfo, missing: bool) -> Pending:
        title = info.title or str(loc[-1])
        self.gaps.append(Gap(loc, where(self.top, loc), title, missing))
        return Pending.at(loc, (TO_FILL if missing else TO_FIX) + title)

    def model(self, cls: type[BaseModel], data: Any, loc: Loc) -> BaseModel:
        raw = data if isinstance(data, dict) else {}
        values = {}
        for name, info in cls.model_fields.items():
            values[name] = self.field(cls, name, info, raw.get(name), (*loc, name))
        return cls.model_construct(**values)

    def field(self, cls: type[BaseModel], name: str, info: FieldInfo, value: Any, loc: Loc) -> Any:
        nested = _model_of(info.annotation)
        if nested is not None:
            return self.model(nested, value, loc)
        row = _rows_of(info.annotation)
        if row is not None:
            low, high = _bounds(info)
            rows = value if isinstance(value, list) else []
            rows = rows[:high] + [{}] * (low - len(rows))
            return [self.model(row, r, (*loc, i)) for i, r in enumerate(rows)]
        value = _clean(value)
        if value is None and get_origin(info.annotation) is list and not _bounds(info)[0]:
            value = []  # a list that may be empty is, when not given (as the form sends it)
        if _empty(value):
            if info.is_required():
                return self.gap(loc, info, missing=True)
            return info.get_default(call_default_factory=True)
        try:
            return _adapter(cls, name).validate_python(value)
        except ValidationError:
            return self.gap(loc, info, missing=value == [] and info.is_required())


def partial(model: type[BaseModel], data: Any) -> tuple[Any, list[Gap]]:
    """``model`` built from ``data`` as far as it goes, and the fields still to fill or fix
    (in the form's order)."""
    builder = _Builder(model)
    return builder.model(model, data, ()), builder.gaps
