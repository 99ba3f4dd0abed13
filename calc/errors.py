"""The package's one error: bad input, explained in Chinese, naming the field or row."""

from __future__ import annotations

import re
from enum import EnumMeta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is imported where a model is read, not by the CLI's start
    from pydantic import BaseModel, ValidationError

SURROGATE = re.compile("[\ud800-\udfff]")
_CJK = re.compile("[\u4e00-\u9fff]")


def safe(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so it can be written as UTF-8."""
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


_MESSAGES = {
    "missing": "必须填写",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多",
    "decimal_whole_digits": "整数位数过多",
    "finite_number": "应为有限的数字",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为是或否",
    "bool_type": "应为是或否",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_unicode": "含有无法识别的字符",
    "string_too_long": "太长（最多 {max_length} 个字符）",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "literal_error": "应为以下之一：{expected}",
    "enum": "应为以下之一：{expected}",
    "date_parsing": "应为日期（如 2026-03-01）",
    "date_from_datetime_parsing": "应为日期（如 2026-03-01）",
    "date_from_datetime_inexact": "应为日期（如 2026-03-01）",
    "date_type": "应为日期（如 2026-03-01）",
    "datetime_parsing": "应为时间（如 2026-03-01T09:00）",
    "datetime_from_date_parsing": "应为时间（如 2026-03-01T09:00）",
    "datetime_type": "应为时间（如 2026-03-01T09:00）",
    "extra_forbidden": "不认识的字段",
    "json_invalid": "不是有效的 JSON",
    "date_range": "日期应在 {earliest} 至 {latest} 之间",
}


SHOWN = 20
"""Problems listed one by one; the rest are counted (“另有 N 处”)."""


Loc = tuple[int | str, ...]
"""Where a problem is in the payload, as pydantic says it: ``("input", "modules", 2,
"theory_hours")``; the page puts the message next to the field at that path."""


class InputError(ValueError):
    """Bad input. ``problems`` lists each (where, what) in Chinese, ``locs`` the path of
    each in the payload when known (None otherwise); the message and the JSON list the
    first :data:`SHOWN` and count the rest. Text that cannot be written as UTF-8 (a lone
    surrogate echoed from the input) is replaced, so the error always can."""

    def __init__(
        self,
        problems: list[tuple[str, str]],
        details: dict[str, Any] | None = None,
        locs: list[Loc | None] | None = None,
    ) -> None:
        self.problems = [(_short(where, 200), _short(what, 1000)) for where, what in problems]
        self.locs: list[Loc | None] = list(locs) if locs else [None] * len(self.problems)
        self.details = details or {}
        """What a page needs to help mend the input (e.g. a file's headers), beside the text."""
        super().__init__("；".join(_line(w, m) for w, m in self.shown()))

    def shown(self) -> list[tuple[str, str]]:
        """The problems as listed: the first :data:`SHOWN`, then how many more."""
        more = len(self.problems) - SHOWN
        if more <= 0:
            return self.problems
        return [*self.problems[:SHOWN], ("", f"另有 {more:,} 处问题未列出，请先改正以上各处")]

    @classmethod
    def one(cls, where: str, what: str) -> InputError:
        return cls([(where, what)])

    def under(self, *prefix: int | str) -> InputError:
        """This error with each known path put under ``prefix`` (``"input"``, ``"context"``)."""
        locs = [None if loc is None else (*prefix, *loc) for loc in self.locs]
        return InputError(self.problems, self.details, locs)

    def placed(self, paths: dict[str, Loc]) -> InputError:
        """This error with each path not yet known taken from ``paths``, by where."""
        locs = [
            loc if loc is not None else paths.get(w)
            for (w, _), loc in zip(self.problems, self.locs, strict=True)
        ]
        return InputError(self.problems, self.details, locs)

    def to_json(self) -> dict[str, Any]:
        listed = [
            {"where": w, "what": m} | ({"loc": list(loc)} if loc is not None else {})
            for (w, m), loc in zip(self.shown(), [*self.locs[:SHOWN], None], strict=False)
        ]
        return {"error": "输入有误", "message": str(self), "problems": listed, **self.details}


def _short(text: str, most: int) -> str:
    """``text`` safe to write as UTF-8 and at most ``most`` characters (echoed input can be
    anything)."""
    text = safe(text)
    return text if len(text) <= most else text[: most - 1] + "…"


def _line(where: str, what: str) -> str:
    return f"{where}：{what}" if where else what


INTERNAL = "内部错误"
REPORT = (
    "这是本工具的缺陷，不是您的输入有误。请把所用的输入（或文件）和这段说明发给维护者"
    "（项目主页的“问题”页），以便改正"
)


def internal(exc: BaseException) -> dict[str, Any]:
    """What an entry point answers for an unexpected failure: no traceback, what
    happened in Chinese and how to report it."""
    if isinstance(exc, MemoryError):
        kind = "内存不足：输入或文件太大，请拆分后再试"
    else:
        kind = f"{type(exc).__name__}：{safe(str(exc))[:200]}"
    message = f"计算时出现内部错误（{kind}）。{REPORT}"
    return {"error": INTERNAL, "message": message, "problems": [{"where": "", "what": message}]}


def _field(model: type[BaseModel] | None, name: str) -> tuple[str, Any, type[BaseModel] | None]:
    """Field ``name`` of ``model``: its Chinese title, its annotation and the model inside
    it, if any (an unknown name is its own title)."""
    if model is None or name not in model.model_fields:
        return safe(name[:50]), None, None
    from pydantic import BaseModel

    field = model.model_fields[name]
    inner = None
    for candidate in _types(field.annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            inner = candidate
    return field.title or name, field.annotation, inner


def _types(annotation: Any) -> list[Any]:
    """``annotation`` and every type inside it (``list[Module] | None`` → list, Module, None)."""
    out, stack = [], [annotation]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(getattr(t, "__args__", ()))
    return out


def _at(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[str, Any, Any]:
    """The Chinese name of ``loc`` in ``model``, the annotation of its last field and the
    model that field belongs to."""
    parts: list[str] = []
    current: type[BaseModel] | None = model
    owner, annotation = None, None
    for step in loc:
        if isinstance(step, int):
            parts.append(f"第{step + 1}行")
            continue
        owner = current
        title, annotation, current = _field(current, step)
        parts.append(title)
    return " ".join(parts), annotation, owner


def schema_loc(model: type[BaseModel], loc: tuple[int | str, ...]) -> Loc:
    """``loc`` with each field named as the JSON Schema (and so the page's form) names it:
    its alias, when it has one (``training_class`` → ``class``)."""
    out: list[int | str] = []
    current: type[BaseModel] | None = model
    for step in loc:
        if isinstance(step, str) and current is not None and step in current.model_fields:
            field = current.model_fields[step]
            out.append(field.alias or step)
            current = _field(current, step)[2]
        else:
            out.append(step)
    return tuple(out)


def where(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """``("modules", 2, "practical_hours")`` → ``课程模块 第3行 实训课时``."""
    return _at(model, loc)[0]


def _options(annotation: Any, owner: Any, field: str, expected: str) -> str:
    """The allowed values in Chinese: an enum's labels, or the labels a model gives its
    literal options (``option_label``), each with the value to type: ``职业技能培训（skill）``."""
    for t in _types(annotation):
        if isinstance(t, EnumMeta) and hasattr(t, "label"):
            members: list[Any] = list(t)
            return "、".join(f"{m.label}（{m.value}）" for m in members)
    values = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    label = getattr(owner, "option_label", None)
    named = [f"{label(field, v)}（{v}）" if label and label(field, v) else f"“{v}”" for v in values]
    return "、".join(named) or expected


def _shown(got: Any) -> str | None:
    """How a received value is echoed in a message (None: not echoed)."""
    if isinstance(got, bool):
        return "true" if got else "false"
    if isinstance(got, int) and not -(10**30) < got < 10**30:
        return "超过 30 位的数字"
    if isinstance(got, str | int | float):
        text = safe(str(got))
        return text if len(text) <= 30 else text[:30] + "…"
    return None


def explain(exc: ValidationError, model: type[BaseModel]) -> InputError:
    """Turn pydantic's errors into one :class:`InputError` in Chinese."""
    problems = []
    locs: list[Loc | None] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        name, annotation, owner = _at(model, loc)
        template = _MESSAGES.get(err["type"])
        ctx = {k: v for k, v in (err.get("ctx") or {}).items()}
        if err["type"] in ("enum", "literal_error"):
            field = next((s for s in reversed(loc) if isinstance(s, str)), "")
            ctx["expected"] = _options(annotation, owner, field, str(ctx.get("expected", "")))
        if template is None:
            # calc's own validators raise ValueError with Chinese text; pydantic's other
            # (English) messages get a plain Chinese one.
            said = str(ctx.get("error") or err["msg"])
            message = said if _CJK.search(said) else "格式不正确"
        else:
            message = template.format(**ctx) if ctx else template.split("{")[0].rstrip("（ ")
        shown = _shown(err.get("input"))
        if err["type"] not in ("missing", "extra_forbidden") and shown is not None:
            message += f"（收到“{shown}”）"
        problems.append((name or model.model_config.get("title") or "输入", message))
        locs.append(schema_loc(model, loc))
    return InputError(problems, locs=locs)
