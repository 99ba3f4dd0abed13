"""One entry point for every question, shared by the CLI and the browser worker.

A question is a pure function ``f(input_model, ctx) -> Result`` registered with
:func:`question`. :func:`run` takes plain JSON-able data, validates it with the
question's own pydantic model and returns the result as JSON-able data, or an
``{"error": …}`` object in Chinese; it never raises for bad input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel, ValidationError

from calc.errors import InputError, explain
from calc.result import Context, Result

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Question:
    name: str
    title: str
    model: type[BaseModel]
    func: Callable[[Any, Context], Result]


QUESTIONS: dict[str, Question] = {}


Answer = Callable[[M, Context], Result]


def question(name: str, title: str) -> Callable[[Answer[M]], Answer[M]]:
    """Register ``func(model, ctx)`` as the question ``name``; the model is read from
    the function's first annotation."""

    def register(func: Answer[M]) -> Answer[M]:
        model = get_type_hints(func)["inp"]
        QUESTIONS[name] = Question(name, title, model, func)
        return func

    return register


def _load_all() -> None:
    """Import the modules that register questions."""
    from calc import (  # noqa: F401
        attendance,
        dates,
        documents,
        eligibility,
        evidence,
        hours,
        plan,
        platform,
        roster,
    )


def questions() -> dict[str, Question]:
    _load_all()
    return QUESTIONS


def run(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Answer question ``name`` for ``{"input": {...}, "context": {...}}``."""
    qs = questions()
    if name not in qs:
        known = "、".join(qs)
        return InputError.one("问题", f"没有名为“{name}”的问题；可用：{known}").to_json()
    q = qs[name]
    try:
        try:
            ctx = Context.model_validate(payload.get("context") or {})
        except ValidationError as exc:
            raise explain(exc, Context) from exc
        try:
            inp = q.model.model_validate(payload.get("input") or {})
        except ValidationError as exc:
            raise explain(exc, q.model) from exc
        result = q.func(inp, ctx)
    except InputError as exc:
        return exc.to_json()
    return result.model_dump(mode="json")


def run_json(name: str, payload: str) -> str:
    """:func:`run` with JSON text in and out (the browser worker's call)."""
    try:
        data = json.loads(payload)
    except json.JSONDecodeError:
        return json.dumps(InputError.one("", "不是有效的 JSON").to_json(), ensure_ascii=False)
    if not isinstance(data, dict):
        data = {}
    return json.dumps(run(name, data), ensure_ascii=False)


def schemas() -> dict[str, Any]:
    """The JSON Schema of every question's input, and of the context."""
    out = {n: q.model.model_json_schema() for n, q in questions().items()}
    out["context"] = Context.model_json_schema()
    return out
