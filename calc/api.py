"""One entry point for every question, shared by the CLI and the browser worker.

A question is a pure function ``f(input_model, ctx) -> Result`` registered with
:func:`question`. :func:`run` takes plain JSON-able data, validates it with the
question's own pydantic model and returns the result as JSON-able data, or an
``{"error": …}`` object in Chinese; it never raises for bad input.
"""

from __future__ import annotations

import importlib
import json
import re
import unicodedata
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


# Which module defines each question: importing a module registers its questions, and a
# page or a command imports only the module of the question it asks.
MODULES = {
    "days": "hours",
    "plan-check": "plan",
    "attendance": "attendance",
    "roster": "roster",
    "spot-check": "eligibility",
    "eligibility": "eligibility",
    "change-deadline": "dates",
    "effective-date": "dates",
    "evidence": "evidence",
    "documents": "documents",
    "plan-elements": "documents",
    "platform": "platform",
}


def load(name: str) -> Question | None:
    """The question ``name``, importing only its module; None for an unknown name."""
    if name not in MODULES:
        return None
    importlib.import_module(f"calc.{MODULES[name]}")
    return QUESTIONS[name]


def prepare(names: list[str]) -> None:
    """Import the modules of these questions ahead of the first call (the browser does
    this while the page loads)."""
    for name in names:
        load(name)


def questions() -> dict[str, Question]:
    """Every question, in the order of :data:`MODULES`."""
    return {name: q for name in MODULES if (q := load(name)) is not None}


def run(name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Answer question ``name`` for ``{"input": {...}, "context": {...}}``."""
    q = load(name)
    if q is None:
        known = "、".join(MODULES)
        return InputError.one("问题", f"没有名为“{name}”的问题；可用：{known}").to_json()
    try:
        try:
            ctx = Context.model_validate(payload.get("context") or {})
        except ValidationError as exc:
            raise explain(exc, Context) from exc
        try:
            inp = q.model.model_validate(_fold_digits(payload.get("input") or {}))
        except ValidationError as exc:
            raise explain(exc, q.model) from exc
        result = q.func(inp, ctx)
    except InputError as exc:
        return exc.to_json()
    return result.model_dump(mode="json")


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _fold_digits(value: Any) -> Any:
    """Full-width or other Unicode digits typed as a number ("４５", "３０．５") become ASCII;
    every other text is left exactly as typed."""
    if isinstance(value, str):
        folded = unicodedata.normalize("NFKC", value).strip()
        return folded if _NUMBER.fullmatch(folded) and folded.isascii() else value
    if isinstance(value, list):
        return [_fold_digits(v) for v in value]
    if isinstance(value, dict):
        return {k: _fold_digits(v) for k, v in value.items()}
    return value


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
