// Calculator pages: glue only. Collect the form's inputs, call calc in the worker
// (calcRuntime.run), draw the answer's display with calcRender (calc-render.js). The form
// itself is generated at build time from the question's JSON Schema (scripts/calc_forms.py,
// the calc_form macro); its structure is read by calc-fields.js, drafts (localStorage, the
// URL fragment, share links) are calc-drafts.js, the what-if panel calc-whatif.js. Bad
// input: each problem's pydantic loc names the field, row or cell it goes next to. No rule
// and no text lives here: the form's own texts are Python's (calc.display.PAGE_TEXT,
// written into the form as data-texts). The last payload and result are on the form
// element: form.calcLast.
(function () {
  "use strict";
  // The theme runs a page's scripts again after each instant-navigation swap: once is enough.
  if (window.calcFormLoaded) return;
  window.calcFormLoaded = true;

  var SAVE_MS = 400;      // the form is saved when typing pauses this long
  var STALE_MS = 250;     // an answer slower than this dims the old result meanwhile

  var el = window.calcRuntime.el;
  var parts = window.calcParts;
  var fill = window.calcRender.fill;

  function Calculator(form) {
    var self = this;
    this.form = form;
    this.question = form.dataset.calcQuestion;
    this.root = form.dataset.siteRoot || "../../";
    this.texts = window.calcRender.texts(form);
    this.out = document.querySelector('[data-calc-result="' + this.question + '"]');
    this.formMsg = form.querySelector("[data-calc-form-msg]");
    this.note = form.querySelector("[data-calc-note]");
    this.noteText = this.note ? this.note.textContent : "";
    this.input = form.querySelector('[data-scope="input"]');
    this.context = form.querySelector('[data-scope="context"]');
    this.key = "calc:" + this.question;
    this.seq = 0;
    this.timer = null;
    this.firstAnswer = true;
    this.lastGood = null;  // {payload, result} of the last result that was not an error
    form.calcLast = null;

    // Row-holding fields start with their minimum number of rows.
    form.querySelectorAll("[data-kind=table], [data-kind=list]").forEach(function (f) {
      var n = Number(f.dataset.minItems || 0);
      for (var i = 0; i < n; i++) self.addRow(f);
      self.renumber(f);
    });
    this.applyStages();
    this.defaults = this.state();
    this.restore();
    this.fitTables();
    this.onResize = function () {
      clearTimeout(self.resized);
      self.resized = setTimeout(function () { self.fitTables(); }, 100);
    };
    this.onHide = function () { self.flush(); };
    window.addEventListener("resize", this.onResize);

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      self.flush();
      self.editAt = performance.now();
      self.compute();
    });
    form.addEventListener("input", function (e) { self.edited(e); });
    form.addEventListener("change", function (e) { self.edited(e); });
    form.addEventListener("click", function (e) { self.click(e); });
    this.out.addEventListener("click", function (e) { self.click(e); });
    window.addEventListener("pagehide", this.onHide);
    if (this.complete().length === 0) this.compute();
    else {
      window.calcRuntime.ready().catch(function () { /* shown by the status line */ });
      this.hint();
    }
    this.whatIf = parts.WhatIf.attach(this);
  }
  Object.assign(Calculator.prototype, parts.fields, parts.drafts);

  // The page is left by instant navigation (the address is already the next page's): the
  // window's listeners and the timers go; an unsaved edit is kept in storage only.
  Calculator.prototype.destroy = function () {
    window.removeEventListener("resize", this.onResize);
    window.removeEventListener("pagehide", this.onHide);
    [this.timer, this.saveTimer, this.staleTimer, this.resized].forEach(clearTimeout);
    if (this.whatIf) clearTimeout(this.whatIf.timer);
    this.seq++;  // an answer still on its way is not drawn
    if (this.dirty) {
      try { localStorage.setItem(this.key, JSON.stringify(this.changed())); } catch (e) { /* private mode */ }
      this.dirty = false;
    }
  };

  // --- events ------------------------------------------------------------------------------
  Calculator.prototype.edited = function (e) {
    var t = e.target;
    if (t.closest && t.closest("[data-calc-whatif]")) return;
    if (t.hasAttribute && t.hasAttribute("data-calc-none")) {
      var f = t.closest("[data-kind]");
      if (f) this.renumber(f);
    }
    if (t.closest && t.closest("[data-stage-control]")) { this.applyStages(); this.fitTables(); }
    this.editAt = performance.now();
    this.dirty = true;
    if (this.undoState) this.offerUndo(null, "");
    this.schedule();
  };

  Calculator.prototype.click = function (e) {
    var t = e.target.closest("button");
    if (!t || !(this.form.contains(t) || this.out.contains(t))) return;
    if (t.hasAttribute("data-calc-add")) {
      var field = t.closest("[data-kind=table], [data-kind=list]");
      var row = this.addRow(field);
      this.renumber(field);
      var first = row.querySelector("input, select, textarea");
      if (first) first.focus();
      this.edited({ target: t });
    } else if (t.hasAttribute("data-calc-remove")) {
      var r = t.closest("[data-row]");
      var f = r.closest("[data-kind=table], [data-kind=list]");
      var rows = this.rows(f);
      var i = rows.indexOf(r);
      var msg = r.nextElementSibling;
      if (msg && msg.classList.contains("calc-row-msg")) msg.remove();
      r.remove();
      this.renumber(f);
      var next = this.rows(f)[Math.min(i, rows.length - 2)];
      (next ? next.querySelector("[data-calc-remove]") : f.querySelector("[data-calc-add]")).focus();
      this.edited({ target: f });
    } else if (t.hasAttribute("data-calc-reset")) {
      var typed = this.changed();
      this.replace(null);
      this.offerUndo(typed, "cleared");
    } else if (t.hasAttribute("data-calc-example")) {
      var before = this.changed();
      this.replace(JSON.parse(t.dataset.example));
      this.offerUndo(before, "example_filled");
    } else if (t.hasAttribute("data-calc-undo")) {
      var back = this.undoState;
      this.replace(back);
      this.offerUndo(null, "undone");
      var reset = this.form.querySelector("[data-calc-reset]");
      if (reset) reset.focus();
    } else if (t.hasAttribute("data-calc-share")) {
      this.share();
    } else if (t.hasAttribute("data-calc-goto")) {
      var target = document.getElementById(t.dataset.calcGoto);
      if (target) target.focus();
    }
  };

  // 清空 (state null), 填入示例 and 撤销: the whole form replaced, saved and answered.
  Calculator.prototype.replace = function (state) {
    this.apply(state);
    this.clearProblems();
    this.out.innerHTML = "";
    delete this.out.dataset.status;  // nothing shown: no status (a late answer had left one)
    this.lastGood = null;
    if (this.whatIf) this.whatIf.clear();
    if (state && Object.keys(state).length) this.save();
    else this.forget();
    this.editAt = performance.now();
    if (this.complete().length === 0) this.compute();
    else this.hint();
  };

  // What 清空 or 填入示例 replaced can be had back, one step, until the next edit; nothing
  // is offered when the form held only its defaults.
  Calculator.prototype.offerUndo = function (before, said) {
    var box = this.form.querySelector("[data-calc-undo-box]");
    this.undoState = before && Object.keys(before).length ? before : null;
    if (!box) return;
    box.textContent = "";
    if (said !== "undone" && !this.undoState) return;
    box.append(this.texts[said]);
    if (this.undoState) {
      box.append(" ", el("button", { type: "button", class: "md-button", "data-calc-undo": true, text: this.texts.undo }));
    }
  };

  // An edit is answered as soon as the worker is free (a task later, so the input and
  // change events of one edit ask once); edits made while it computes are answered
  // together when it is done. The form is saved (storage, address) after the answer is
  // drawn, or once typing pauses when nothing is asked (a required field still empty).
  Calculator.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(function () { self.flush(); }, SAVE_MS);
    this.soon();
  };

  Calculator.prototype.soon = function () {
    var self = this;
    if (this.busy) { this.again = true; return; }
    if (this.timer) return;
    this.timer = setTimeout(function () {
      self.timer = null;
      if (self.complete().length > 0) return self.hint();
      // A change event after the input events of the same edit asks nothing new.
      if (self.asked === JSON.stringify(self.payload()) && self.out.firstChild) return;
      self.compute();
    }, 0);
  };

  Calculator.prototype.flush = function () {
    clearTimeout(this.saveTimer);
    if (this.dirty) { this.save(); this.dirty = false; }
  };

  // Required fields still empty (their "where"), visible ones only. Calc is asked once
  // they are filled; the 计算 button asks at once, so calc names what is missing.
  Calculator.prototype.complete = function () {
    var self = this;
    var missing = [];
    this.form.querySelectorAll("[data-required]").forEach(function (f) {
      if (f.closest("[hidden]") || f.dataset.kind === "boolean" || f.dataset.kind === "group") return;
      if (f.dataset.kind === "multi") {  // a required choice of at least one box
        if (Number(f.dataset.minItems || 0) > 0 && !f.querySelector("input:checked")) missing.push(self.whereOf(f));
        return;
      }
      if (f.dataset.kind === "table" || f.dataset.kind === "list") {
        if (self.rows(f).length < Number(f.dataset.minItems || 0)) missing.push(self.whereOf(f));
        return;
      }
      var c = self.control(f);
      if (c && c.value.trim() === "") missing.push(self.whereOf(f) || f.dataset.title);
    });
    return missing;
  };

  Calculator.prototype.hint = function () {
    var missing = this.complete();
    if (!this.note) return;
    if (!missing.length) { this.note.textContent = this.noteText; return; }
    var T = this.texts;
    this.note.textContent = fill(missing.length > 3 ? T.missing_more : T.missing,
                                 { names: missing.slice(0, 3).join(T.sep), n: missing.length });
    // Dimmed: the answer shown was asked for other inputs (not when 计算 asked for these).
    if (this.out.firstChild && this.asked !== JSON.stringify(this.payload())) this.out.classList.add("calc-stale");
  };

  // --- computing ---------------------------------------------------------------------------------
  Calculator.prototype.compute = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = null;
    this.busy = true;
    var id = ++this.seq;
    var payload = this.payload();
    this.asked = JSON.stringify(payload);
    var editAt = this.editAt;
    var t0 = performance.now();
    if (this.note) this.note.textContent = this.noteText;
    // Dim the old result only if the answer is slow (on a fast answer, one repaint less).
    clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(function () {
      if (self.out.firstChild) self.out.classList.add("calc-stale");
    }, STALE_MS);
    var done = function () {
      clearTimeout(self.staleTimer);
      self.busy = false;
      if (self.again) { self.again = false; self.soon(); }
    };
    return window.calcRuntime.run(this.question, payload).then(
      function (result) {
        done();
        if (id !== self.seq) return;
        self.render(result);
        var now = performance.now();
        self.form.calcLast = {
          seq: id, payload: payload, result: result,
          computeMs: now - t0, editMs: editAt ? now - editAt : null,
        };
        if (self.firstAnswer) {
          self.firstAnswer = false;
          performance.mark("calc-first-answer");
          self.form.calcFirstAnswerAt = now;
        }
        self.lastGood = result.error ? null : { payload: payload, result: result };
        if (self.whatIf) self.whatIf.refresh();
        self.flush();  // saved once the answer is shown, not before it is asked
        document.dispatchEvent(new CustomEvent("calc:result", { detail: { question: self.question, payload: payload, result: result } }));
      },
      function (err) {
        done();
        if (id !== self.seq) return;
        self.renderFailure(String(err && err.message || err));
      }
    );
  };

  Calculator.prototype.render = function (r) {
    var out = this.out;
    var form = this.form;
    out.classList.remove("calc-stale");
    out.innerHTML = "";
    out.dataset.status = r.error ? "error" : r.status;
    this.clearProblems();
    if (r.error) return this.renderError(r);
    window.calcRender.result(out, r, { root: this.root, readingSwitch: function (key) {
      var sw = form.querySelector('[data-reading="' + key + '"] select');
      return sw ? sw.id : null;
    } });
    this.markReadings(r.readings || []);
  };

  // Which reading switches the result used: the others are marked as not used this time.
  Calculator.prototype.markReadings = function (used) {
    var keys = used.map(function (u) { return u.key; });
    this.form.querySelectorAll("[data-reading]").forEach(function (f) {
      var on = keys.indexOf(f.dataset.reading) >= 0;
      f.classList.toggle("calc-reading-used", on);
      f.classList.toggle("calc-reading-unused", !on);
    });
  };

  // --- bad input: calc's messages next to the fields they name --------------------------------
  Calculator.prototype.clearProblems = function () {
    this.form.querySelectorAll(".calc-invalid").forEach(function (f) { f.classList.remove("calc-invalid"); });
    this.form.querySelectorAll("[aria-invalid]").forEach(function (c) { c.removeAttribute("aria-invalid"); });
    this.form.querySelectorAll(".calc-msg").forEach(function (m) { m.textContent = ""; m.hidden = true; });
    this.form.querySelectorAll(".calc-row-msg").forEach(function (m) { m.remove(); });
    this.formMsg.hidden = true;
    this.formMsg.innerHTML = "";
  };

  Calculator.prototype.showProblem = function (node, text) {
    node.classList.add("calc-invalid");
    var c = node.matches(".calc-field, .calc-cell") && !node.matches("[data-kind=table], [data-kind=list], [data-kind=multi]") ? this.control(node) : null;
    if (c) c.setAttribute("aria-invalid", "true");
    var msg;
    if (node.hasAttribute("data-row") && node.tagName === "TR") {
      var next = node.nextElementSibling;
      if (!next || !next.classList.contains("calc-row-msg")) {
        next = el("tr", { class: "calc-row-msg" }, [el("td", { colspan: String(node.children.length) }, [el("span", { class: "calc-msg", role: "alert" })])]);
        node.after(next);
      }
      msg = next.querySelector(".calc-msg");
    } else {
      msg = node.querySelector(":scope > .calc-msg");
      if (!msg) {
        msg = el("span", { class: "calc-msg", role: "alert" });
        node.append(msg);
      }
    }
    msg.hidden = false;
    msg.textContent = (msg.textContent ? msg.textContent + this.texts.also : "") + text;
    return c || node.querySelector("input, select, textarea, button");
  };

  // Each problem goes next to the field, row or cell its loc names; those without a
  // place (a whole-input problem, a hidden field) are listed above the form.
  Calculator.prototype.renderError = function (r) {
    var self = this;
    var T = this.texts;
    var loose = [];
    var said = function (p) { return p.where ? fill(T.problem, { where: p.where, what: p.what }) : p.what; };
    var items = (r.problems || []).map(function (p) {
      var at = p.loc ? self.locate(p.loc) : null;
      var focus = at ? self.showProblem(at.node, at.exact ? p.what : said(p)) : null;
      if (!at) loose.push(p);
      var text = said(p);
      return el("li", {}, focus && focus.id
        ? [el("button", { type: "button", class: "calc-linkish", "data-calc-goto": focus.id, text: text })]
        : [text]);
    });
    if (loose.length) {
      this.formMsg.hidden = false;
      this.formMsg.append(el("p", { text: T.loose }), el("ul", {}, loose.map(function (p) {
        return el("li", { text: said(p) });
      })));
    }
    this.out.append(el("div", { class: "calc-verdict calc-st-error" }, [
      el("p", {}, [el("strong", { text: r.error })]),
      el("p", { class: "calc-hint", text: T.placed }),
      el("ul", { class: "calc-problems" }, items),
    ]));
  };

  // The worker failed (not bad input): a plain message; the detail, one line, folded.
  Calculator.prototype.renderFailure = function (message) {
    this.out.classList.remove("calc-stale");
    this.out.innerHTML = "";
    this.out.dataset.status = "failure";
    var lines = String(message).split("\n").filter(function (l) { return l.trim(); });
    var last = lines.length ? lines[lines.length - 1] : "";
    var T = this.texts;
    this.out.append(el("div", { class: "calc-verdict calc-st-error" }, [
      el("p", {}, [el("strong", { text: T.failure })]),
      el("p", { text: T.failure_help }),
      el("details", { class: "calc-plain" }, [el("summary", { text: T.failure_detail }), el("p", { class: "calc-error-detail", text: last.slice(0, 300) })]),
    ]));
  };

  // Every page (first load and each instant-navigation swap): its forms, once each.
  window.calcRuntime.onPage(function () {
    var made = [];
    document.querySelectorAll("form.calc-form[data-calc-question]").forEach(function (form) {
      if (form.calculator) return;
      form.calculator = new Calculator(form);
      made.push(form.calculator);
    });
    if (made.length) return function () { made.forEach(function (c) { c.destroy(); }); };
  });
})();
