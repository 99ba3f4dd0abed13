"""Hostile and random values typed into every field of every calculator and template form
of the built site, in headless Chromium.

The pages and their forms are found in the built site (every HTML file holding a
``[data-calc-question]`` element), the fields in each page's DOM: a new calculator is
fuzzed without a change here. Each form starts from its example (an upload box from a
small pasted table). Per input, one field gets one value (a text, date or number box or a
text area a string; a select a random option or an injected one that is not in its list; a
checkbox toggled or given a foreign value; a file input a hostile file), the form is
submitted (计算, 计算粘贴的表格, the draft import, the what-if slider), and the answer is
checked:

- a result, or an error in Chinese (calc's words, marked next to a field or above the
  form); never "计算没有完成" (the worker failed) nor a preview that was not made;
- no uncaught error and no console error (a Content-Security-Policy violation is one);
- the page answers ``evaluate("1")`` within ``RESPONSIVE_S``;
- no ``<script>``/``onerror`` payload became markup: the flag it would set stays unset and
  no element carries it.

Most inputs are undone afterwards (so the next one meets a valid form), some are left to
pile up. Rounds over the fields shown go on until ``FUZZ_INPUTS`` inputs per page (default
below); then the fields not reached yet get one each: cells of tables the example leaves
empty, and the fields of every stage. Deterministic: ``FUZZ_SEED`` seeds one generator per
page; ``FUZZ_PAGES=days,roster`` limits the pages. The counts are printed (``pytest -s``)
and recorded as test properties (``--junitxml``).
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from calc.manifest import manifest
from calc.render import TEMPLATES
from tests.browser.conftest import console_errors
from tests.browser.test_upload import make_id

pytestmark = pytest.mark.browser

SEED = int(os.environ.get("FUZZ_SEED", "20260301"))
PER_PAGE = int(os.environ.get("FUZZ_INPUTS", "12"))
ONLY = [p for p in os.environ.get("FUZZ_PAGES", "").split(",") if p]
RESPONSIVE_S = 0.5
ANSWER_MS = 60_000
KEEP = 0.2  # share of inputs left in place for the next ones
FLAG = "__fz"  # short: calc quotes at most 30 characters of a bad value in its message
LONE = "\x00LONE-SURROGATE\x00"  # becomes a lone UTF-16 surrogate in the page

# One shared list: empty, negative, huge, NaN, full-width digits, emoji, 10,000 characters,
# markup, and near-misses of a valid number, date or choice.
HOSTILE: list[str] = [
    "",
    " ",
    "\t\n",
    "0",
    "-1",
    "-0",
    "-999999999999",
    "1e308",
    "1e-400",
    "9" * 400,
    "NaN",
    "Infinity",
    "-Infinity",
    "null",
    "undefined",
    "true",
    "[]",
    "{}",
    "１２３",
    "１２．５",
    "－５",
    "１００元",
    "1,000",
    "1_000",
    "0x1F",
    "+7",
    " 42 ",
    "1/3",
    "50%",
    "二十",
    "👩‍🔧🎉",
    "😀" * 50,
    "字" * 10_000,
    "9" * 10_000,
    f"<script>{FLAG}=1</script>",
    f"<img src=x onerror={FLAG}=1>",
    f'"><svg onload={FLAG}=1>',
    f"<iframe srcdoc='<script>parent.{FLAG}=1</script>'>",
    f'<a href="javascript:{FLAG}=1">x</a>',
    "'; DROP TABLE x; --",
    "{{7*7}}${7*7}",
    "__proto__",
    '{"__proto__": {"x": 1}}',
    "2026-02-30",
    "0000-00-00",
    "275760-09-13",
    "2026-03-01T25:61",
    "\u202eabc",
    "\x00",
    LONE,
]
FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def random_value(rng: random.Random) -> str:
    """A random string of one of several shapes: numbers of any size and sign (ASCII or
    full width), dates and times (valid or not), short mixed-script text."""
    shape = rng.randrange(5)
    if shape == 0:
        return str(rng.choice((-1, 1)) * rng.randrange(10 ** rng.randrange(1, 25)))
    if shape == 1:
        n = f"{rng.uniform(-1e6, 1e6):.{rng.randrange(0, 9)}f}"
        return n if rng.random() < 0.7 else n.translate(FULL_WIDTH)
    if shape == 2:
        return (
            f"{rng.randrange(0, 10_000):04d}-{rng.randrange(0, 14):02d}-{rng.randrange(0, 33):02d}"
        )
    if shape == 3:
        day = f"{rng.randrange(1990, 2040)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        return f"{day}T{rng.randrange(0, 25):02d}:{rng.randrange(0, 61):02d}"
    alphabet = "0123456789.-+eE ,/%abcXYZ培训课时元天人<>&\"'\\{}[]()😀１２３．－\u3000"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))


def pasted_table() -> str:
    """A small table with the columns the upload calculators read (each ignores the rest)."""
    rows = [["姓名", "身份证号", "性别", "课次", "课时", "签到"]]
    for i, name in enumerate(("张三", "李四")):
        rows += [[name, make_id(date(1985, 5, 1 + i), i == 0, i), "男女"[i], f"第{k}次", "4", "是"]
                 for k in (1, 2)]  # fmt: skip
    return "\n".join(",".join(r) for r in rows)


# --- where the calculators are --------------------------------------------------------------


class _Questions(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[str] = []
        self.uploads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        q = a.get("data-calc-question")
        classes = (a.get("class") or "").split()
        if q and tag == "form" and "calc-form" in classes:
            self.forms.append(q)
        elif q and "calc-upload" in classes:
            self.uploads.append(q)


def pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as a URL path ("/", "/calculators/days/")."""
    out = []
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site).as_posix()
        out.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return out


def calculator_pages(site: Path) -> dict[str, tuple[list[str], list[str]]]:
    """URL path → (questions of its calculator forms, questions of its upload boxes), for
    the pages that have any."""
    found = {}
    for path in pages(site):
        html = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        parser = _Questions()
        parser.feed(html.read_text("utf-8"))
        if parser.forms or parser.uploads:
            found[path] = (parser.forms, parser.uploads)
    return found


def registered() -> set[str]:
    """Every question calc answers and every template form: each must have a page."""
    return set(manifest()) | {f"tpl-{name}" for name in TEMPLATES}


# --- the page side ----------------------------------------------------------------------------

FUZZ_JS = """
window.FLAG = 0;
window.__fuzz = (function () {
  var LONE = "LONE_MARK";
  var changed = [];  // the controls changed and what they held, until undone
  function box(q) { return document.querySelector('[data-calc-question="' + q + '"]'); }
  function out(q) {
    var b = box(q);
    return b.matches("form") ? document.querySelector('[data-calc-result="' + q + '"]')
                             : b.querySelector("[data-calc-result]");
  }
  function tpl(q) {
    return document.querySelector('[data-calc-template][data-calc-form="' + q + '"]');
  }
  function whatif(q) { return document.querySelector('[data-calc-whatif="' + q + '"]'); }
  function msg(q) { var t = tpl(q); return t ? t.querySelector("[data-template-msg]") : null; }
  function keyOf(c) { return c.name || c.id; }
  function shown(c) { return !c.disabled && !c.closest("[hidden]"); }
  function all(node, sel) { return Array.prototype.slice.call(node.querySelectorAll(sel)); }
  function controls(q, key) {
    if (key === "whatif") return [whatif(q).querySelector("[data-whatif-range]")];
    return all(box(q), "input, select, textarea").filter(function (c) {
      return keyOf(c) === key && shown(c);
    });
  }
  function fire(c) {
    c.dispatchEvent(new Event("input", { bubbles: true }));
    c.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function set(c, op, value, option) {
    if (typeof value === "string") value = value.split(LONE).join(String.fromCharCode(0xd800));
    var last = { c: c, value: c.value, checked: c.checked, option: null };
    changed.push(last);
    if (op === "option") c.selectedIndex = option % c.options.length;
    else if (op === "inject" && c.tagName === "SELECT") {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = "（注入）";
      c.append(o);
      c.value = value;
      last.option = o;
    } else if (op === "inject") { c.value = value; c.checked = true; }
    else if (op === "toggle") c.checked = !c.checked;
    else c.value = value;
    fire(c);
  }
  function tables(q) {
    return all(box(q), "[data-kind=table], [data-kind=list]").filter(shown);
  }
  return {
    // The fields shown now, one entry per name (a table's column is one field).
    fields: function (q) {
      var seen = {};
      all(box(q), "input, select, textarea").forEach(function (c) {
        if (c.type !== "hidden" && shown(c) && !seen[keyOf(c)]) {
          seen[keyOf(c)] = { key: keyOf(c), tag: c.tagName.toLowerCase(), type: c.type || "" };
        }
      });
      if (whatif(q)) seen.whatif = { key: "whatif", tag: "input", type: "range" };
      if (tpl(q)) seen["template-file"] = { key: "template-file", tag: "input", type: "file" };
      return Object.keys(seen).map(function (k) { return seen[k]; });
    },
    // Forget the answer shown (the next one is then known to be new).
    clear: function (q) {
      delete out(q).dataset.status;
      if (msg(q)) msg(q).textContent = "";
    },
    // Control number i (of those shown) of field `key` gets the value, and the form is
    // submitted: op "value" | "option" (an index) | "inject" (a value not offered) |
    // "toggle". Null when the field is not shown.
    step: function (q, key, i, op, value, option) {
      var list = controls(q, key);
      if (!list.length) return null;
      var c = list[i % list.length];
      this.clear(q);
      if (key === "whatif") whatif(q).querySelector("[data-whatif-out]").innerHTML = "";
      set(c, op, value, option);
      if (key !== "whatif") this.submit(q);
      var now = c.type === "checkbox" ? String(c.checked) : c.value.slice(0, 40);
      return { i: i % list.length, shown: now };
    },
    submit: function (q) {
      var b = box(q);
      (b.matches("form") ? b.querySelector("button[type=submit]")
                         : b.querySelector("[data-paste-run]")).click();
    },
    // Put back what the steps since the last undo changed (no answer is waited for).
    undo: function () {
      changed.reverse().forEach(function (was) {
        if (was.option) was.option.remove();
        was.c.value = was.value;
        was.c.checked = was.checked;
        fire(was.c);
      });
      changed = [];
    },
    // The answer is there: a status on the result (and the template's preview message), or
    // the what-if panel's text, or the message of a draft that could not be imported.
    answered: function (q, key) {
      if (key === "whatif") return whatif(q).querySelector("[data-whatif-out]").textContent !== "";
      var o = out(q);
      var m = msg(q) ? msg(q).textContent : "";
      if (key === "template-file" && m.indexOf("没有导入") >= 0) return true;
      // (Not "calc-stale": a hint may dim the answer to the inputs as they are; the status
      // was removed before submitting, and only the newest computation is drawn.)
      if (!o.dataset.status) return false;
      return !msg(q) || o.dataset.status === "failure" || /预览|表格还有/.test(m);
    },
    // What is shown, and whether a payload became markup.
    report: function (q, key) {
      var o = out(q);
      var b = box(q);
      var result = b.calcLast ? b.calcLast.result : null;
      // Markup made of typed text: a script, a handler or a link carrying the flag (the
      // preview frame's srcdoc holds the text escaped; checked apart, it runs no script).
      var ran = all(document, "*").filter(function (n) {
        if (n.tagName === "SCRIPT") return n.textContent.indexOf("FLAG") >= 0;
        if (n.matches("[data-template-preview]")) return false;
        return Array.prototype.some.call(n.attributes, function (a) {
          return /^(on|href$|src$|srcdoc$)/.test(a.name) && a.value.indexOf("FLAG") >= 0;
        });
      });
      var frame = document.querySelector("[data-template-preview]");
      var raw = /<script>FLAG|<(img|svg|iframe|a)\b[^<>]*FLAG/;
      if (frame && raw.test(frame.srcdoc)) ran.push("preview");
      var w = key === "whatif";
      return {
        status: w ? "whatif" : (o.dataset.status || (msg(q) ? "import" : "")),
        text: (w ? whatif(q).querySelector("[data-whatif-out]") : o).textContent.slice(0, 400),
        verdict: !!o.querySelector(".calc-verdict"),
        error: w || !result || o.dataset.status !== "error" ? null : result.error,
        problems: (result && result.problems || []).map(function (p) { return p.what; }),
        marked: all(b, ".calc-invalid, .calc-form-msg:not([hidden])").length,
        templateMsg: msg(q) ? msg(q).textContent : "",
        hit: window.FLAG,
        ran: ran.map(function (n) { return n.outerHTML.slice(0, 120); }),
      };
    },
    // A row for every table and list shown that has none; the number added.
    fill: function (q) {
      var empty = tables(q).filter(function (f) { return !f.querySelector("[data-row]"); });
      empty.forEach(function (f) { f.querySelector("[data-calc-add]").click(); });
      return empty.length;
    },
    // A row more, or one fewer, in table number n.
    row: function (q, remove, n) {
      var f = tables(q)[n % Math.max(tables(q).length, 1)];
      if (!f) return;
      var rows = all(f, "[data-rows] > [data-row]");
      if (remove && rows.length > 1) {
        rows[n % rows.length].querySelector("[data-calc-remove]").click();
      } else f.querySelector("[data-calc-add]").click();
    },
    // Stages (one form's fields per stage): how many, and choose number i.
    stages: function (q) {
      var s = box(q).querySelector("[data-stage-control] select");
      return s ? s.options.length : 0;
    },
    stage: function (q, i) {
      var s = box(q).querySelector("[data-stage-control] select");
      s.selectedIndex = i;
      fire(s);
      changed = [];
    },
    example: function (q) {
      var e = box(q).querySelector("[data-calc-example]");
      changed = [];
      if (e) e.click();
      return !!e;
    },
    // An upload box's starting point: its required choices made, a table pasted.
    baseline: function (q, table) {
      all(box(q), ".upload-options select").forEach(function (s) {
        if (!s.value) s.selectedIndex = 1;
      });
      set(box(q).querySelector("textarea"), "value", table);
      changed = [];
    },
  };
})();
""".replace("FLAG", FLAG).replace("LONE_MARK", LONE.replace("\x00", "\\u0000"))

CJK = range(0x4E00, 0xA000)


def chinese(text: str | None) -> bool:
    return any(ord(ch) in CJK for ch in text or "")


class Fuzzer:
    """One page: its forms and upload boxes, one generator, the counts."""

    def __init__(self, page: Any, path: str, errors: list[str]) -> None:
        self.page = page
        self.path = path
        self.errors = errors
        self.rng = random.Random(f"{SEED}:{path}")
        self.hostile = list(HOSTILE)
        self.rng.shuffle(self.hostile)
        self.k = self.tried = 0
        self.seen: dict[str, set[str]] = {}
        self.hit: dict[str, set[str]] = {}
        self.slowest = self.ready = self.took = 0.0
        self.answers: Counter[str] = Counter()

    def js(self, call: str, *args: Any) -> Any:
        padded = [*args, *[None] * (6 - len(args))]
        return self.page.evaluate(f"([a, b, c, d, e, f]) => window.__fuzz.{call}", padded)

    def value(self) -> str:
        """The next hostile value (each in turn, reshuffled every round) or a random one."""
        if self.rng.random() < 0.6:
            self.k += 1
            if self.k % len(self.hostile) == 0:
                self.rng.shuffle(self.hostile)
            return self.hostile[self.k % len(self.hostile)]
        return random_value(self.rng)

    # --- an answer, checked ---------------------------------------------------------------------

    def answer(self, q: str, key: str, what: str) -> None:
        where = f"{self.path} {q} after {what}"
        try:
            self.page.wait_for_function(
                "([q, k]) => window.__fuzz.answered(q, k)", arg=[q, key], timeout=ANSWER_MS
            )
        except Exception as exc:  # playwright's TimeoutError
            now = self.js("report(a, b)", q, key)
            raise AssertionError(
                f"{where}: no answer within {ANSWER_MS} ms; errors {self.errors}; shown {now}"
            ) from exc
        shown: dict[str, Any] = self.js("report(a, b)", q, key)
        t0 = time.perf_counter()
        self.page.evaluate("1")
        lag = time.perf_counter() - t0
        self.slowest = max(self.slowest, lag)
        assert not self.errors, f"{where}: errors {self.errors}"
        assert lag < RESPONSIVE_S, f"{where}: the page took {lag:.2f} s to answer"
        assert not shown["hit"] and not shown["ran"], f"{where}: markup from input: {shown}"
        status = shown["status"]
        assert status != "failure", f"{where}: the calculator failed: {shown['text']}"
        if key == "whatif":
            assert chinese(shown["text"]) and "没有算出来" not in shown["text"], f"{where}: {shown}"
        elif status == "import":  # a draft that is not JSON: the page says so
            assert "没有导入" in shown["templateMsg"], f"{where}: {shown}"
        else:
            assert shown["verdict"] and chinese(shown["text"]), f"{where}: {shown}"
        if status == "error" and shown["error"] is not None:  # a form: calc's words, placed
            assert chinese(shown["error"]), f"{where}: {shown}"
            assert all(chinese(p) for p in shown["problems"]), f"{where}: {shown}"
            assert shown["marked"], f"{where}: no message next to a field or the form: {shown}"
        assert "没有生成" not in shown["templateMsg"], f"{where}: {shown['templateMsg']}"
        if key:
            self.answers[status] += 1

    def start(self, q: str) -> None:
        """Back to the form's example (when it has one)."""
        self.js("clear(a)", q)
        if self.js("example(a)", q):
            self.answer(q, "", "填入示例")

    # --- one input ---------------------------------------------------------------------------

    def one(self, q: str, field: dict[str, str], keep: bool) -> None:
        """One value into one field, submitted, its answer checked; then undone unless
        ``keep``."""
        key, tag, kind = field["key"], field["tag"], field["type"]
        rng = self.rng
        if kind == "file":
            self.file(q, key)
        else:
            value: str | None = None
            option = 0
            if tag == "select" and rng.random() < 0.6:
                op, option = "option", rng.randrange(50)
            elif tag == "select" or (kind == "checkbox" and rng.random() < 0.2):
                op, value = "inject", self.value()
            elif kind == "checkbox":
                op = "toggle"
            else:
                op, value = "value", self.value()
                if tag == "textarea" and not value.strip():  # blank text is not sent
                    value = f"姓名,签到\n{value},是"
            done = self.js("step(a, b, c, d, e, f)", q, key, rng.randrange(999), op, value, option)
            if done is None:  # hidden since the fields were listed
                return
            typed = json.dumps(value if value is not None else done["shown"], ensure_ascii=False)
            self.answer(q, key, f"{key}[{done['i']}] {op} {typed[:60]}")
            if not keep and key != "whatif":
                self.js("undo()")
        self.tried += 1
        self.hit.setdefault(q, set()).add(key)

    def file(self, q: str, key: str) -> None:
        """A hostile file: a template's draft to import, or an upload box's table."""
        rng = self.rng
        v = self.value().replace(LONE, "\ud800").encode("utf-8", "surrogatepass")
        if key == "template-file":
            names = [f["key"].split(".")[-1].strip("[]") for f in self.js("fields(a)", q)]
            one = json.dumps({rng.choice(names): v.decode("utf-8", "replace")}).encode()
            data = rng.choice([v, one, b"[]", b'{"input": 7}', b'{"rows": "x", "modules": [null]}'])
            name, selector = "draft.json", f"[data-calc-form='{q}'] [data-template-file]"
        else:
            header = "姓名,身份证号,课次,签到,课时,性别\n".encode()
            data = rng.choice([v, header + b",".join([v] * 6), rng.randbytes(200)])
            name = rng.choice(["a.csv", "a.xlsx", "a.txt", "<b>.tsv", "空.csv"])
            selector = f".calc-upload[data-calc-question='{q}'] input[type=file]"
        self.js("clear(a)", q)
        files = [{"name": name, "mimeType": "application/octet-stream", "buffer": data}]
        self.page.set_input_files(selector, files=files)
        self.answer(q, key, f"{key} {name} {data[:40]!r}")
        if key == "template-file":
            self.start(q)

    # --- a page ------------------------------------------------------------------------------

    def shown(self, boxes: list[str]) -> dict[str, list[dict[str, str]]]:
        fields = {q: self.js("fields(a)", q) for q in boxes}
        for q, fs in fields.items():
            self.seen.setdefault(q, set()).update(f["key"] for f in fs)
        return fields

    def fuzz(self, forms: list[str], uploads: list[str], inputs: int) -> None:
        for q in forms:
            self.start(q)
        for q in uploads:
            self.js("baseline(a, b)", q, pasted_table())
        boxes = forms + uploads
        # Rounds over every field shown until `inputs`: each round shuffled, most inputs
        # undone, now and then the example again or a row more or less.
        queue: list[tuple[str, dict[str, str]]] = []
        while self.tried < inputs or queue:
            if not queue:
                queue = [(q, f) for q, fs in self.shown(boxes).items() for f in fs]
                self.rng.shuffle(queue)
            q, field = queue.pop()
            self.one(q, field, keep=self.rng.random() < KEEP)
            r = self.rng.random()
            if q in forms and r < 0.05:
                self.start(q)
            elif q in forms and r < 0.1:  # a row more or less, computed, then the example
                remove = self.rng.random() < 0.5
                self.js("row(a, b, c)", q, remove, self.rng.randrange(99))
                self.js("clear(a)", q)
                self.js("submit(a)", q)
                self.answer(q, "", "删除一行" if remove else "添加一行")
                self.start(q)
        # Then each field not reached yet, at every stage, and in tables left empty.
        for q in forms:
            for stage in range(self.js("stages(a)", q)) or [None]:
                self.start(q)
                if stage is not None:
                    self.js("stage(a, b)", q, stage)
                for fill in (False, True):
                    if fill:
                        self.js("fill(a)", q)
                    for field in self.shown([q])[q]:
                        if field["key"] not in self.hit.get(q, set()):
                            self.one(q, field, keep=False)

    def summary(self) -> str:
        seen = sum(len(s) for s in self.seen.values())
        hit = sum(len(self.hit.get(q, set()) & s) for q, s in self.seen.items())
        per = self.took / max(self.tried, 1) * 1000
        return (f"{self.path}: {self.tried} inputs into {hit}/{seen} fields, ready "
                f"{self.ready:.1f} s, {per:.0f} ms per input, slowest evaluate "
                f"{self.slowest * 1000:.0f} ms; answers {dict(self.answers)}")  # fmt: skip


# --- tests ----------------------------------------------------------------------------------


def test_every_calculator_and_template_page_is_found(site_dir: Path) -> None:
    found = calculator_pages(site_dir)
    questions = {q for forms, uploads in found.values() for q in forms + uploads}
    missing = registered() - questions
    assert found and not missing, f"questions without a page in the built site: {missing}"
    assert any(uploads for _, uploads in found.values())
    assert any(q.startswith("tpl-") for q in questions)


def run_fuzz(page: Any, server: str, site_dir: Path, uploads: bool, record: Any) -> None:
    chosen = {
        path: found
        for path, found in calculator_pages(site_dir).items()
        if bool(found[1]) == uploads and (not ONLY or any(o in path for o in ONLY))
    }
    assert chosen
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    console_errors(page, errors)
    page.add_init_script(FUZZ_JS)
    total, started, lines = 0, time.perf_counter(), []
    for path, (forms, boxes) in chosen.items():
        t0 = time.perf_counter()
        page.goto(server + path)
        page.wait_for_selector("[data-calc-status].calc-ready", timeout=120_000)
        if boxes:
            page.wait_for_selector(".calc-upload input[type=file]:not([disabled])")
        fuzzer = Fuzzer(page, path, errors)
        fuzzer.ready = time.perf_counter() - t0
        fuzzer.fuzz(forms, boxes, PER_PAGE)
        fuzzer.took = time.perf_counter() - t0 - fuzzer.ready
        assert fuzzer.tried >= PER_PAGE and fuzzer.seen.keys() == set(forms + boxes)
        # Every field seen got a value.
        assert all(s <= fuzzer.hit.get(q, set()) for q, s in fuzzer.seen.items()), fuzzer.summary()
        total += fuzzer.tried
        lines.append(fuzzer.summary())
        record(f"fuzz_inputs {path}", fuzzer.tried)
    record("fuzz_inputs_total", total)
    took = time.perf_counter() - started
    print(f"\n[fuzz] seed {SEED}, at least {PER_PAGE} inputs per page:\n  " + "\n  ".join(lines))
    print(f"  total {total} inputs on {len(chosen)} pages in {took:.0f} s")


def test_fuzz_calculator_and_template_forms(
    page: Any, server: str, site_dir: Path, record_property: Any
) -> None:
    run_fuzz(page, server, site_dir, uploads=False, record=record_property)


def test_fuzz_upload_pages(page: Any, server: str, site_dir: Path, record_property: Any) -> None:
    run_fuzz(page, server, site_dir, uploads=True, record=record_property)
