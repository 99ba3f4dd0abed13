"""The package's one error: bad input, explained in Chinese, naming the field or row."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

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
}


class InputError(ValueError):
    """Bad input. ``problems`` lists each (where, what) in Chinese."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(
            "；".join(f"{where}：{what}" if where else what for where, what in problems)
        )

    @classmethod
    def one(cls, where: str, what: str) -> InputError:
        return cls([(where, what)])

    def to_json(self) -> dict[str, Any]:
        return {
            "error": "输入有误",
            "message": str(self),
            "problems": [{"where": w, "what": m} for w, m in self.problems],
        }


def _title(model: type[BaseModel] | None, name: str) -> tuple[str, type[BaseModel] | None]:
    """The Chinese title of field ``name`` of ``model`` and the model inside it, if any."""
    if model is None or name not in model.model_fields:
        return name, None
    field = model.model_fields[name]
    inner = None
    annotation = field.annotation
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            inner = candidate
        for arg in getattr(candidate, "__args__", ()):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                inner = arg
    return field.title or name, inner


def where(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """``("modules", 2, "practical_hours")`` → ``课程模块 第3行 实训课时``."""
    parts: list[str] = []
    current: type[BaseModel] | None = model
    for step in loc:
        if isinstance(step, int):
            parts.append(f"第{step + 1}行")
            continue
        title, current = _title(current, step)
        parts.append(title)
    return " ".join(parts)


def explain(exc: ValidationError, model: type[BaseModel]) -> InputError:
    """Turn pydantic's errors into one :class:`InputError` in Chinese."""
    problems = []
    for err in exc.errors(include_url=False):
        template = _MESSAGES.get(err["type"])
        ctx = {k: v for k, v in (err.get("ctx") or {}).items()}
        if template is None:
            # calc's own validators raise ValueError with Chinese text; pydantic's other
            # (English) messages get a plain Chinese one.
            message = str(ctx["error"]) if ctx.get("error") else "格式不正确"
        else:
            message = template.format(**ctx) if ctx else template.split("{")[0].rstrip("（ ")
        got = err.get("input")
        if err["type"] not in ("missing", "extra_forbidden") and isinstance(got, str | int | float):
            shown = str(got) if len(str(got)) <= 30 else str(got)[:30] + "…"
            message += f"（收到“{shown}”）"
        problems.append((where(model, tuple(err["loc"])), message))
    return InputError(problems)
