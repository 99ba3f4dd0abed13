"""Where outside data enters: one check of its shape before anything else runs.

Every entry point that takes data from outside the package (:func:`calc.api.run` and
``run_json``, the CLI's JSON files, the browser worker's uploads and templates) passes it
through :func:`admit` (and JSON text through :func:`loads`) first. They refuse, in Chinese
and naming where, what no honest input holds and what would make the rest misbehave:
nesting deeper than :data:`MAX_DEPTH`, more than :data:`MAX_VALUES` values in all or
:data:`MAX_KEYS` keys in one object, text longer than :data:`MAX_TEXT` characters, numbers
of more than :data:`MAX_DIGITS` digits or not finite, lone surrogates (text that cannot be
written as UTF-8) and anything that is not JSON data. Dates and numbers are then read by
the models themselves (:class:`calc.models.Input`).

The walk is iterative, so no input can exhaust Python's stack, and it stops at the first
:data:`MAX_VALUES` values, so its work is bounded whatever it is given.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from calc.errors import SURROGATE, InputError, safe

MAX_DEPTH = 16
"""Deepest nesting of objects and lists (the deepest form needs 6)."""
MAX_VALUES = 300_000
"""Most values in one input (20,000 attendance records take about 130,000)."""
MAX_KEYS = 300
"""Most keys in one object (the largest model has about 40 fields)."""
MAX_TEXT = 20_000
"""Longest text, in characters (the longest field takes 4,000)."""
MAX_DIGITS = 30
"""Most digits of a number's integer part (``10**30`` is past every bound of the rules)."""
MAX_JSON = 32 * 1024 * 1024
"""Longest JSON text, in characters."""

Namer = Callable[[tuple[int | str, ...]], str]
"""How a path in the data is named: ``("modules", 2, "name")`` → ``课程模块 第3行 名称``."""

_BIG = 10**MAX_DIGITS


def _plain(loc: tuple[int | str, ...]) -> str:
    return " ".join(f"第{s + 1}项" if isinstance(s, int) else safe(s) for s in loc)


def admit(data: Any, name: Namer = _plain, top: str = "输入") -> Any:
    """``data`` unchanged if its shape is within the bounds above, else :class:`InputError`
    listing each problem, named by ``name(path)`` (``top`` for the whole input)."""
    problems: list[tuple[str, str]] = []
    count = 0
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(data, ())]

    def say(loc: tuple[int | str, ...], what: str) -> None:
        problems.append((name(loc) if loc else top, what))

    while stack:
        value, loc = stack.pop()
        count += 1
        if count > MAX_VALUES:
            say((), f"数据项超过 {MAX_VALUES:,} 个，未计算；大批数据请用表格文件上传")
            break
        if isinstance(value, dict):
            if len(loc) >= MAX_DEPTH:
                say(loc, f"嵌套超过 {MAX_DEPTH} 层")
            elif len(value) > MAX_KEYS:
                say(loc, f"有 {len(value):,} 个字段，超过 {MAX_KEYS} 个的上限")
            else:
                for key, item in value.items():
                    if not isinstance(key, str):
                        say(loc, f"字段名应为文字（收到 {type(key).__name__}）")
                    elif SURROGATE.search(key) or len(key) > 200:
                        say(loc, f"字段名“{safe(key[:30])}”含有无法识别的字符或过长")
                    else:
                        stack.append((item, (*loc, key)))
        elif isinstance(value, list | tuple):
            if len(loc) >= MAX_DEPTH:
                say(loc, f"嵌套超过 {MAX_DEPTH} 层")
            elif len(value) > MAX_VALUES:
                say(loc, f"有 {len(value):,} 项，超过 {MAX_VALUES:,} 项的上限")
            else:
                stack.extend((item, (*loc, i)) for i, item in enumerate(value))
        elif isinstance(value, str):
            if len(value) > MAX_TEXT:
                say(loc, f"文字太长（{len(value):,} 个字符，最多 {MAX_TEXT:,} 个）")
            elif SURROGATE.search(value):
                say(loc, "含有无法识别的字符（不成对的代理码位），请删除后重新输入")
        elif isinstance(value, bool) or value is None or isinstance(value, date):
            continue
        elif isinstance(value, int):
            if not -_BIG < value < _BIG:
                say(loc, f"数字太大（超过 {MAX_DIGITS} 位）")
        elif isinstance(value, float | Decimal):
            if not math.isfinite(value):
                say(loc, "应为有限的数字")
            elif not -_BIG < value < _BIG:
                say(loc, f"数字太大（超过 {MAX_DIGITS} 位）")
        else:
            say(loc, f"不是 JSON 数据（收到 {type(value).__name__}）")
    if problems:
        raise InputError(problems)
    return data


_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)


def loads(text: str | bytes, where: str = "输入") -> Any:
    """JSON text → data, refusing text over :data:`MAX_JSON` characters, nesting deeper
    than :data:`MAX_DEPTH` (found before parsing, so the parser never recurses deep),
    numbers of more than :data:`MAX_DIGITS` digits, ``NaN`` and ``Infinity``; then
    :func:`admit`."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError.one(where, "JSON 应为 UTF-8 编码") from exc
    if len(text) > MAX_JSON:
        raise InputError.one(where, f"JSON 超过 {MAX_JSON // (1024 * 1024)} MB，未读取")
    depth = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH + 1:
                raise InputError.one(where, f"JSON 嵌套超过 {MAX_DEPTH} 层，未读取")
        elif bracket in "]}":
            depth -= 1
    try:
        data = json.loads(text, parse_int=_int, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError.one(where, f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）") from exc
    except (ValueError, RecursionError) as exc:
        raise InputError.one(where, f"JSON 中有无法读取的数字或结构：{exc}") from exc
    return admit(data, top=where)


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"数字超过 {MAX_DIGITS} 位")
    return int(text)


def _constant(text: str) -> Any:
    raise ValueError(f"“{text}”不是数字")
