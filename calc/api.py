"""One entry point for every question, shared by the CLI and the browser worker.

A question is a pure function ``f(input_model, ctx) -> Result`` named, with its input
model, in the manifest (:mod:`calc.manifest`). :func:`run` takes plain JSON-able data,
validates it with the question's own pydantic model and returns the result as JSON-able
data, or an ``{"error": …}`` object in Chinese; it never raises for bad input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from calc.boundary import admit, loads
from calc.errors import InputError, explain, internal, safe, where
from calc.manifest import manifest, resolve
from calc.result import Context, Result

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Question:
    name: str
    title: str
    model: type[BaseModel]
    func: Callable[[Any, Context], Result]


def load(name: str) -> Question | None:
    """The question ``name`` as :mod:`calc.manifest` declares it, importing only its
    module; None for an unknown name."""
    entry = manifest().get(name)
    if entry is None:
        return None
    return Question(name, entry.title, resolve(entry.input), resolve(entry.answer))


def prepare(names: list[str]) -> None:
    """Import the modules of these questions ahead of the first call (the browser does
    this while the page loads)."""
    for name in names:
        load(name)


def questions() -> dict[str, Question]:
    """Every question, in the manifest's order."""
    return {name: q for name in manifest() if (q := load(name)) is not None}


def run(name: str, payload: Any) -> dict[str, Any]:
    """Answer question ``name`` for ``{"input": {...}, "context": {...}}``: the result, or
    ``{"error": "输入有误", …}`` naming each problem in Chinese; an unexpected failure is
    ``{"error": "内部错误", …}`` saying how to report it. Never raises, but for a module
    not installed (the browser loads some wheels on demand and asks again)."""
    try:
        return _run(name, payload)
    except InputError as exc:
        return exc.to_json()
    except ModuleNotFoundError:  # a wheel the browser loads on demand: the worker retries
        raise
    except Exception as exc:  # the one place every failure becomes an answer
        return internal(exc)


def _run(name: str, payload: Any) -> dict[str, Any]:
    q = load(name) if isinstance(name, str) else None
    if q is None:
        known = "、".join(manifest())
        shown = safe(str(name))[:50]
        raise InputError.one("问题", f"没有名为“{shown}”的问题；可用：{known}")
    if not isinstance(payload, dict):
        raise InputError.one("输入", 'JSON 应为对象 {"input": {…}, "context": {…}}')
    unknown = [safe(str(k))[:30] for k in payload if k not in ("input", "context")]
    if unknown:
        said = "、".join(f"“{k}”" for k in unknown[:5])
        raise InputError.one("输入", f"不认识的字段 {said}；只应有 input 和 context")
    models: dict[str, type[BaseModel]] = {"input": q.model, "context": Context}
    paths: dict[str, tuple[int | str, ...]] = {}

    def named(loc: tuple[int | str, ...]) -> str:
        said = where(models[str(loc[0])], loc[1:]) or _TOP[str(loc[0])]
        paths.setdefault(said, loc)
        return said

    try:
        admit(payload, named)
    except InputError as exc:
        raise exc.placed(paths) from exc
    try:
        ctx = _validate(Context, payload.get("context") or {})
    except InputError as exc:
        raise exc.under("context") from exc
    try:
        inp = _validate(q.model, payload.get("input") or {})
    except InputError as exc:
        raise exc.under("input") from exc
    result = q.func(inp, ctx)
    from calc.display import display  # the page's view of the result

    return {**result.model_dump(mode="json"), "display": display(result, inp)}


_TOP = {"input": "输入", "context": "判断条件"}


def _validate(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, model) from exc


def run_json(name: str, payload: str) -> str:
    """:func:`run` with JSON text in and out (the browser worker's call)."""
    try:
        data = loads(payload)
    except InputError as exc:
        return json.dumps(exc.to_json(), ensure_ascii=False)
    return json.dumps(run(name, data), ensure_ascii=False)


def schemas() -> dict[str, Any]:
    """The JSON Schema of every question's input, and of the context."""
    out = {n: q.model.model_json_schema() for n, q in questions().items()}
    out["context"] = Context.model_json_schema()
    return out
