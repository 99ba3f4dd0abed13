"""The what-if panel of the days and plan-check pages: the district's daily standard
(元/天) moved on a slider, the form's inputs left alone.

:func:`whatif` answers the question again with that standard (for plan-check: the days
that standard gives, then the plan with those days), compares the answer with the one for
the inputs as they are, and returns display blocks (:mod:`calc.display`) the page draws
as they are: the standard, the days, the verdict, and the findings that change, as calc
words them. The browser reaches it through the worker's ``whatif`` kind
(:func:`whatif_json`).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from calc.boundary import loads
from calc.display import Block, line, number, para, runs, table
from calc.errors import InputError

NO_BASE = "上面的输入得出结果后，这里列出假设的变化。"
NEED_SUBSIDY = "在上面填写“补贴标准（元/人）”后，可以看不同折算标准下的培训天数和检查结果。"
SAME = "各项检查都不变。"
HEAD = ["规则", "现在", "假如"]
_DAYS_KEYS = ("category", "subsidy_yuan", "catalogue", "exception")


def _problems(r: dict[str, Any]) -> str:
    return "；".join(p["what"] for p in r.get("problems") or [])


def _per_day(daily: str, why: str) -> Block:
    return para(f"按每天 {number(daily)} 元：{why}", "calc-hint")


def _variant(question: str, payload: dict[str, Any], daily: str) -> dict[str, Any] | Block:
    """The answer with the daily standard ``daily`` (its days in ``"days"``), or the block
    saying why there is none."""
    from calc.api import run

    p = copy.deepcopy(payload)
    inp = p.setdefault("input", {})
    if question == "days":
        inp["daily_yuan"] = daily
        r = run("days", p)
        return {"result": r, "days": (r.get("data") or {}).get("days")}
    if not inp.get("subsidy_yuan"):
        return para(NEED_SUBSIDY, "calc-hint")
    ask = {k: inp[k] for k in _DAYS_KEYS if k in inp}
    d = run("days", {"input": {**ask, "daily_yuan": daily}, "context": p.get("context") or {}})
    days = (d.get("data") or {}).get("days")
    if d.get("error") or days is None:
        if d.get("error"):
            why = _problems(d)
        else:
            open_ = [c for c in d["display"]["checks"] if c["status"] != "pass"]
            why = open_[0]["message"] if open_ else ""
        return _per_day(daily, why or d.get("summary") or "")
    inp["days"] = days
    return {"result": run(question, p), "days": days}


def whatif(question: str, payload: dict[str, Any] | None, daily: str) -> list[Block]:
    """The what-if blocks for ``question`` (days or plan-check) answered for ``payload``
    (``None``: the form has no answer yet) with the daily standard ``daily`` 元/天."""
    from calc.api import run

    if payload is None:
        return [para(NO_BASE, "calc-hint")]
    base = run(question, payload)
    if base.get("error"):
        return [para(NO_BASE, "calc-hint")]
    got = _variant(question, payload, daily)
    if "kind" in got:
        return [got]
    r, days = got["result"], got["days"]
    if r.get("error"):
        return [_per_day(daily, _problems(r))]
    now, then = base["display"], r["display"]
    before = {(c["rule"], base["checks"][i]["name"], i): c for i, c in enumerate(now["checks"])}
    changes = []
    for i, c in enumerate(then["checks"]):
        old = before.get((c["rule"], r["checks"][i]["name"], i))
        if old is None or old["status"] != c["status"] or old["message"] != c["message"]:
            changes.append((old, c))
    head: list[Any] = [["按每天 ", {"strong": number(daily)}, " 元："]]
    if days is not None:
        was = (base.get("data") or {}).get("days")
        more = f"（现为 {number(was)} 天）" if was is not None and str(was) != str(days) else ""
        head.append(["培训天数 ", {"strong": number(days)}, " 天" + more])
    v, v0 = then["verdict"], now["verdict"]
    verdict: list[Any] = ["结论 ", _badge(v)]
    if v["status"] != v0["status"]:
        verdict.append(["（现为 ", _badge(v0), "）"])
    head.append(verdict)
    out = [line(head, "calc-figures")]
    if not changes:
        return [*out, para(SAME)]
    rows = [
        [
            runs({"code": c["rule"]}),
            runs(_badge(o), " " + o["message"]) if o else "—",
            runs(_badge(c), " " + c["message"]),
        ]
        for o, c in changes
    ]
    return [*out, table(HEAD, rows, "calc-whatif-table")]


def _badge(c: dict[str, Any]) -> dict[str, str]:
    return {"status": c["status"], "text": c["status_text"]}


def whatif_json(question: str, payload: str, daily: str) -> str:
    """:func:`whatif` with JSON text in and out (the worker's ``whatif`` kind):
    ``{"blocks": [...]}``."""
    try:
        data = loads(payload) if payload else None
    except InputError:  # the form's own answer says what is wrong with it
        data = None
    if not isinstance(data, dict):
        data = None
    return json.dumps({"blocks": whatif(question, data, daily)}, ensure_ascii=False)
