// Calculator pages: glue only. Collect the form's inputs, call calc in the worker
// (calcRuntime.run), render the JSON it returns. The form itself is generated at build
// time from the question's JSON Schema (scripts/calc_forms.py, the calc_form macro):
// scopes (the input, fieldsets, table rows) hold keyed fields; tables and lists add rows
// from a <template>. No rule lives here: every number shown comes from calc's result.
//
// Inputs persist in localStorage ("calc:<question>") and in the URL fragment
// ("#<question>=<JSON>"; several forms on a page share it), so a link reproduces a
// calculation. The last payload and result are on the form element: form.calcLast.
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;  // the what-if slider: recomputed when it rests
  var SAVE_MS = 400;      // the form is saved when typing pauses this long
  var STALE_MS = 250;     // an answer slower than this dims the old result meanwhile
  var MAX_LINK = 6000;  // characters of saved input that still go into the page address

  var el = window.calcRuntime.el;

  function show(value, unit) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.join("、");
    if (typeof value === "boolean") return value ? "是" : "否";
    var numeric = typeof value === "number" || /^-?\d+(\.\d+)?$/.test(String(value));
    return String(value) + (unit && unit !== "比例" && numeric ? unit : "");
  }

  // A ratio from calc ("0.6") as a percentage, for display only (one decimal).
  function pct(ratio) {
    if (ratio === null || ratio === undefined || ratio === "") return "—";
    var n = Math.round(Number(ratio) * 1000) / 10;
    return (isFinite(n) ? String(n) : String(ratio)) + "%";
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // A computed figure: text, a list, or a table for a list of rows.
  function value(v) {
    if (v === null || v === undefined) return "—";
    if (Array.isArray(v) && v.length && v.every(function (x) { return x && typeof x === "object" && !Array.isArray(x); })) {
      var keys = [];
      v.forEach(function (row) { Object.keys(row).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); }); });
      return el("table", { class: "calc-table" }, [
        el("thead", {}, [el("tr", {}, keys.map(function (k) { return el("th", {}, [el("code", { text: k })]); }))]),
        el("tbody", {}, v.map(function (row) {
          return el("tr", {}, keys.map(function (k) { return el("td", { text: row[k] === null || row[k] === undefined ? "—" : show(row[k]) }); }));
        })),
      ]);
    }
    if (v && typeof v === "object" && !Array.isArray(v)) return el("code", { text: JSON.stringify(v) });
    return document.createTextNode(show(v));
  }

  // --- the URL fragment: "#days=…&plan-check=…" -------------------------------------------
  function fragment() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i > 0) out[decodeURIComponent(part.slice(0, i))] = part.slice(i + 1);
    });
    return out;
  }

  function setFragment(key, text) {
    var parts = fragment();
    if (text === null) delete parts[key];
    else parts[key] = encodeURIComponent(text);
    var hash = Object.keys(parts).map(function (k) { return encodeURIComponent(k) + "=" + parts[k]; }).join("&");
    history.replaceState(null, "", location.pathname + location.search + (hash ? "#" + hash : ""));
  }

  var serial = 0;

  function Calculator(form) {
    var self = this;
    this.form = form;
    this.question = form.dataset.calcQuestion;
    this.root = form.dataset.siteRoot || "../../";
    this.statusText = JSON.parse(form.dataset.statusText || "{}");
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
    var resized = null;
    window.addEventListener("resize", function () {
      clearTimeout(resized);
      resized = setTimeout(function () { self.fitTables(); }, 100);
    });

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
    window.addEventListener("pagehide", function () { self.flush(); });
    if (this.complete().length === 0) this.compute();
    else {
      window.calcRuntime.ready().catch(function () { /* shown by the status line */ });
      this.hint();
    }
    this.whatIf = WhatIf.attach(this);
  }

  // --- structure: scopes, keyed fields, rows --------------------------------------------------
  Calculator.prototype.keyed = function (scope) {
    return Array.prototype.filter.call(scope.querySelectorAll("[data-key]"), function (f) {
      return f.parentElement.closest("[data-scope]") === scope;
    });
  };

  Calculator.prototype.control = function (field) {
    return field.querySelector("input, select, textarea");
  };

  Calculator.prototype.rows = function (field) {
    return Array.prototype.slice.call(field.querySelector("[data-rows]").children).filter(function (r) {
      return r.hasAttribute("data-row");
    });
  };

  Calculator.prototype.addRow = function (field) {
    var tpl = field.querySelector("template");
    var html = tpl.innerHTML.replace(/__i__/g, "r" + (++serial));
    var holder = document.createElement(field.dataset.kind === "table" ? "tbody" : "ol");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    field.querySelector("[data-rows]").append(row);
    var none = field.querySelector("[data-calc-none]");
    if (none) none.checked = false;
    return row;
  };

  Calculator.prototype.clearRows = function (field) {
    this.rows(field).forEach(function (r) { r.remove(); });
    field.querySelectorAll(".calc-row-msg").forEach(function (m) { m.remove(); });
  };

  // Row numbers, the accessible names of cells and remove buttons, the "none" box.
  Calculator.prototype.renumber = function (field) {
    var self = this;
    var rows = this.rows(field);
    rows.forEach(function (row, i) {
      var num = row.querySelector(".calc-rownum");
      if (num) num.textContent = String(i + 1);
      var where = self.whereOfRow(field, i);
      row.querySelectorAll(".calc-cell").forEach(function (cell) {
        var c = self.control(cell);
        c.setAttribute("aria-label", cell.dataset.cell && field.dataset.kind === "table" ? where + " " + cell.dataset.cell : where);
      });
      var rm = row.querySelector("[data-calc-remove]");
      if (rm) rm.setAttribute("aria-label", "删除第" + (i + 1) + (field.dataset.kind === "table" ? "行" : "项"));
    });
    var none = field.querySelector(".calc-none");
    if (none) none.hidden = rows.length > 0;
    field.classList.toggle("calc-empty", rows.length === 0);
  };

  // A table wider than its place shows its rows as cards (CSS .calc-cards). The width a
  // table needs is measured once, with a sample row, while it is a table and visible.
  Calculator.prototype.fitTables = function () {
    this.form.querySelectorAll("[data-kind=table]").forEach(function (f) {
      var wrap = f.querySelector(".calc-table-wrap");
      if (!wrap.offsetParent) return;  // hidden (another stage)
      if (!f.dataset.needWidth) {
        f.classList.remove("calc-cards");
        var table = wrap.querySelector("table");
        var sample = document.createElement("tbody");
        sample.innerHTML = f.querySelector("template").innerHTML.replace(/__i__/g, "sample");
        sample.style.visibility = "hidden";
        table.append(sample);
        f.dataset.needWidth = String(table.scrollWidth);
        sample.remove();
      }
      f.classList.toggle("calc-cards", Number(f.dataset.needWidth) > wrap.clientWidth + 1);
    });
  };

  // --- where: the words calc uses to name a field ("课程模块 第2行 实训操作课时") -------
  Calculator.prototype.whereOfRow = function (field, i) {
    return field.dataset.where + " 第" + (i + 1) + "行";
  };

  Calculator.prototype.whereOf = function (node) {
    if (node.dataset.where) return node.dataset.where;
    var row = node.closest("[data-row]");
    if (!row) return null;
    var field = row.closest("[data-kind=table], [data-kind=list]");
    var where = this.whereOfRow(field, this.rows(field).indexOf(row));
    if (node === row) return where;
    return node.dataset.cell && field.dataset.kind === "table" ? where + " " + node.dataset.cell : where;
  };

  // --- stages (x-stages): only the chosen stage's fields show and are sent -----------------
  // A staged field's hint describes every stage ("线下培训：…；考核评价：…"): keep what
  // comes before the first stage's name and the part of the chosen stage.
  function stageHint(text, labels, chosen) {
    var cuts = [];
    labels.forEach(function (label) {
      [label + "：", label + "培训："].forEach(function (mark) {
        var i = text.indexOf(mark);
        if (i >= 0) cuts.push({ at: i, label: label });
      });
    });
    if (!cuts.length) return text;
    cuts.sort(function (a, b) { return a.at - b.at; });
    var out = text.slice(0, cuts[0].at);
    cuts.forEach(function (c, k) {
      if (c.label === chosen) out += text.slice(c.at, k + 1 < cuts.length ? cuts[k + 1].at : text.length);
    });
    return out.replace(/[；;]\s*$/, "");
  }

  Calculator.prototype.applyStages = function () {
    var ctl = this.form.querySelector("[data-stage-control]");
    if (!ctl) return;
    var select = this.control(ctl);
    var stage = select.value;
    var labels = Array.prototype.filter.call(select.options, function (o) { return o.value; }).map(function (o) { return o.text; });
    var chosen = stage ? select.options[select.selectedIndex].text : "";
    this.form.querySelectorAll("[data-stages]").forEach(function (f) {
      f.hidden = !stage || f.dataset.stages.split(" ").indexOf(stage) < 0;
      var hint = f.querySelector(":scope > .calc-hint");
      if (!hint) return;
      if (!hint.dataset.full) hint.dataset.full = hint.textContent;
      hint.textContent = stageHint(hint.dataset.full, labels, chosen);
    });
  };

  // --- reading and writing values -------------------------------------------------------------
  // Raw state (what is typed, for storage) or the payload (what calc gets: empty optional
  // fields left out, integers as numbers, hidden stages left out).
  Calculator.prototype.read = function (scope, payload) {
    var out = {};
    var self = this;
    this.keyed(scope).forEach(function (f) {
      if (payload && f.hidden) return;
      var v = self.readField(f, payload);
      if (v !== undefined) out[f.dataset.key] = v;
    });
    return out;
  };

  Calculator.prototype.readScalar = function (f, payload) {
    var c = this.control(f);
    var kind = f.dataset.kind;
    if (kind === "boolean") return c.checked;
    if (!payload) return c.value;
    var v = c.value.trim();
    if (v === "") return undefined;
    if (kind === "tristate") return v === "true";
    if (kind === "integer" && /^-?\d+$/.test(v)) return parseInt(v, 10);
    if (kind === "json") {
      try { return JSON.parse(v); } catch (e) { return v; }
    }
    return v;
  };

  Calculator.prototype.readField = function (f, payload) {
    var self = this;
    var kind = f.dataset.kind;
    if (kind === "group") return this.read(f, payload);
    if (kind === "multi") {
      return Array.prototype.filter.call(f.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
    }
    if (kind === "table" || kind === "list") {
      var rows = this.rows(f);
      if (!rows.length) {
        var none = f.querySelector("[data-calc-none]");
        if (none && none.checked) return [];
        if (f.dataset.optional) return payload ? undefined : null;
        return payload && !f.dataset.required ? undefined : [];
      }
      return rows.map(function (row) {
        if (kind === "table") return self.read(row, payload);
        var v = self.readScalar(row.querySelector(".calc-cell"), payload);
        return v === undefined ? "" : v;
      });
    }
    return this.readScalar(f, payload);
  };

  Calculator.prototype.write = function (scope, values) {
    var self = this;
    this.keyed(scope).forEach(function (f) {
      if (values && Object.prototype.hasOwnProperty.call(values, f.dataset.key)) self.writeField(f, values[f.dataset.key]);
    });
  };

  Calculator.prototype.writeScalar = function (f, v) {
    var c = this.control(f);
    if (f.dataset.kind === "boolean") c.checked = !!v;
    else if (f.dataset.kind === "tristate" && typeof v === "boolean") c.value = v ? "true" : "false";
    else if (f.dataset.kind === "datetime" && typeof v === "string") c.value = v.slice(0, 19);
    else c.value = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  };

  Calculator.prototype.writeField = function (f, v) {
    var self = this;
    var kind = f.dataset.kind;
    if (kind === "group") return this.write(f, v || {});
    if (kind === "multi") {
      var chosen = Array.isArray(v) ? v.map(String) : [];
      f.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.checked = chosen.indexOf(c.value) >= 0; });
      return;
    }
    if (kind === "table" || kind === "list") {
      this.clearRows(f);
      (Array.isArray(v) ? v : []).forEach(function (item) {
        var row = self.addRow(f);
        if (kind === "table") self.write(row, item || {});
        else self.writeScalar(row.querySelector(".calc-cell"), item);
      });
      var none = f.querySelector("[data-calc-none]");
      if (none) none.checked = Array.isArray(v) && v.length === 0;
      this.renumber(f);
      return;
    }
    this.writeScalar(f, v);
  };

  Calculator.prototype.state = function () {
    return { input: this.read(this.input, false), context: this.read(this.context, false) };
  };

  Calculator.prototype.payload = function () {
    return { input: this.read(this.input, true), context: this.read(this.context, true) };
  };

  Calculator.prototype.apply = function (state) {
    this.write(this.input, this.defaults.input);
    this.write(this.context, this.defaults.context);
    if (state) {
      this.write(this.input, state.input || {});
      this.write(this.context, state.context || {});
    }
    this.applyStages();
  };

  // Saved state: only what differs from the defaults, by top-level key (and reading).
  Calculator.prototype.changed = function () {
    var now = this.state();
    var d = this.defaults;
    var out = {};
    ["input", "context"].forEach(function (part) {
      Object.keys(now[part]).forEach(function (k) {
        if (k === "readings") {
          var r = {};
          Object.keys(now[part][k]).forEach(function (key) {
            if (!same(now[part][k][key], (d[part][k] || {})[key])) r[key] = now[part][k][key];
          });
          if (Object.keys(r).length) (out[part] = out[part] || {})[k] = r;
        } else if (!same(now[part][k], d[part][k])) {
          (out[part] = out[part] || {})[k] = now[part][k];
        }
      });
    });
    return out;
  };

  Calculator.prototype.save = function () {
    var text = JSON.stringify(this.changed());
    try { localStorage.setItem(this.key, text); } catch (e) { /* private mode */ }
    // Very long inputs (hundreds of rows) stay in this browser only: no link that long.
    // Forms holding personal data (data-calc-private: rosters, plans) never go into the
    // address, where they would land in the browser's history.
    this.tooLong = text.length > MAX_LINK || "calcPrivate" in this.form.dataset;
    setFragment(this.question, text === "{}" || this.tooLong ? null : text);
  };

  // Old links and storage used flat names ({"input.subsidy_yuan": "…"}): nest them.
  function nest(saved) {
    var out = {};
    Object.keys(saved).forEach(function (k) {
      var path = k.split(".");
      var target = out;
      for (var i = 0; i < path.length - 1; i++) target = target[path[i]] = target[path[i]] || {};
      target[path[path.length - 1]] = saved[k];
    });
    return out;
  }

  Calculator.prototype.restore = function () {
    var parts = fragment();
    var text = parts[this.question];
    var first = document.querySelector("form.calc-form[data-calc-question]") === this.form;
    if (text === undefined && first) text = parts.q;
    var saved = null;
    try {
      if (text !== undefined) saved = JSON.parse(decodeURIComponent(text));
      else saved = JSON.parse(localStorage.getItem(this.key) || "null");
    } catch (e) {
      saved = null;
    }
    if (saved && typeof saved === "object") {
      try {
        this.apply(nest(saved));
      } catch (e) {
        this.apply(null);  // a stale or foreign state: start from the defaults
      }
      if (text !== undefined) this.save();
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
      this.apply(null);
      try { localStorage.removeItem(this.key); } catch (err) { /* private mode */ }
      setFragment(this.question, null);
      this.clearProblems();
      this.out.innerHTML = "";
      this.lastGood = null;
      if (this.whatIf) this.whatIf.clear();
      if (this.complete().length === 0) this.compute();
      else this.hint();
    } else if (t.hasAttribute("data-calc-example")) {
      this.apply(JSON.parse(t.dataset.example));
      this.save();
      this.editAt = performance.now();
      this.compute();
    } else if (t.hasAttribute("data-calc-share")) {
      this.save();
      var out = this.form.querySelector("[data-calc-share-out]");
      var url = location.href;
      if (this.tooLong) {
        out.textContent = "输入太多，无法放进链接；已保存在本浏览器中。";
        return;
      }
      var shown = function (text) { out.textContent = text; };
      var fallback = function () {
        out.innerHTML = "";
        var box = el("input", { type: "text", readonly: "readonly", value: url, "aria-label": "本页链接（含输入）", class: "calc-share-url" });
        out.append(box);
        box.select();
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(function () { shown("已复制本页链接（含输入）"); }, fallback);
      } else fallback();
    } else if (t.hasAttribute("data-calc-goto")) {
      var target = document.getElementById(t.dataset.calcGoto);
      if (target) target.focus();
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
    this.note.textContent = "填写必填项后自动计算（还缺：" + missing.slice(0, 3).join("、") +
      (missing.length > 3 ? " 等 " + missing.length + " 项" : "") + "）；也可以按“计算”查看缺什么。";
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

  Calculator.prototype.badge = function (status) {
    return el("span", { class: "calc-badge calc-st-" + status, text: this.statusText[status] || status });
  };

  Calculator.prototype.link = function (url, text) {
    return el("a", { href: this.root + url, text: text });
  };

  Calculator.prototype.render = function (r) {
    var out = this.out;
    var self = this;
    out.classList.remove("calc-stale");
    out.innerHTML = "";
    out.dataset.status = r.error ? "error" : r.status;
    this.clearProblems();
    if (r.error) return this.renderError(r);
    out.append(el("div", { class: "calc-verdict calc-st-" + r.status }, [
      el("p", {}, [el("strong", { text: r.title + "：" }), this.badge(r.status)]),
      r.summary !== r.title + "：" + (this.statusText[r.status] || r.status)
        ? el("p", { class: "calc-summary", text: r.summary }) : null,
    ]));

    var view = VIEWS[this.question];
    if (view) {
      var node = view(r.data || {}, r, this);
      if (node) out.append(node);
    }

    out.append(el("h3", { text: "逐项检查" }), el("p", { class: "calc-hint", text: "点开一项，看实际值、标准、差距、改正办法和条文出处。" }),
      el("div", { class: "calc-checks" }, r.checks.map(function (c) { return self.checkNode(c, r.readings || []); })));

    this.markReadings(r.readings || []);
    if (r.readings && r.readings.length) {
      out.append(el("h3", { text: "使用的条文解读" }), el("ul", { class: "calc-readings-used" }, r.readings.map(function (u) {
        var sw = self.form.querySelector('[data-reading="' + u.key + '"] select');
        return el("li", {}, [
          self.link("readings/#reading-" + u.key, "解读 " + u.number),
          "：" + u.text + (u.default ? "（默认）" : "（非默认）"),
          sw ? el("button", { type: "button", class: "calc-linkish", "data-calc-goto": sw.id, text: "切换" }) : null,
        ]);
      })));
    }
    out.append(this.traceNode(r));
  };

  Calculator.prototype.checkNode = function (c, used) {
    var self = this;
    var ruleUrl = c.citation.url.split("#")[0] + "#rule-" + c.rule;
    var rows = [];
    function row(label, v) { if (v !== null && v !== undefined && v !== "") rows.push(el("dt", { text: label }), el("dd", {}, [v])); }
    row("检查内容", c.label);
    if (c.actual !== null && c.actual !== undefined) row("实际值", show(c.actual, c.unit) + (c.unit === "比例" ? "（" + pct(c.actual) + "）" : ""));
    if (c.threshold !== null && c.threshold !== undefined) {
      row("标准", (c.comparison && c.comparison !== "-" ? c.comparison + " " : "") + show(c.threshold, c.unit) + (c.unit === "比例" ? "（" + pct(c.threshold) + "）" : ""));
    }
    if (c.gap !== null && c.gap !== undefined) row("差距", show(c.gap, c.unit));
    row("最小改正", c.fix);
    row("出处", el("span", {}, [
      self.link(c.citation.url, c.citation.title + " " + c.citation.article),
      c.citation.quote ? "：“" + c.citation.quote + "”" : "",
      "（", el("a", { href: self.root + ruleUrl }, [el("code", { text: c.rule })]), "）",
    ]));
    if (c.readings && c.readings.length) {
      row("用到的解读", el("span", {}, c.readings.map(function (k, i) {
        var u = used.filter(function (x) { return x.key === k; })[0];
        return el("span", {}, [i ? "、" : "", self.link("readings/#reading-" + k, u ? "解读 " + u.number + "：" + u.text : k)]);
      })));
    }
    return el("details", { class: "calc-check", "data-rule": c.rule, "data-status": c.status, open: c.status === "fail" }, [
      el("summary", {}, [
        this.badge(c.status), " ", el("code", { text: c.rule }), " ",
        el("span", { class: "calc-message", text: c.message }),
        c.fix ? el("span", { class: "calc-fix", text: "改正：" + c.fix }) : null,
      ]),
      el("dl", { class: "calc-check-detail" }, rows),
    ]);
  };

  Calculator.prototype.traceNode = function (r) {
    var self = this;
    var trace = r.trace || {};
    var traceRows = (trace.rules || []).map(function (t) {
      var values = Object.keys(t.values).map(function (k) {
        var v = t.values[k];
        return k + " = " + show(v.value, v.unit) + (v.unit ? "（" + v.unit + "）" : "") + "：“" + v.phrase + "”";
      });
      return el("tr", {}, [
        el("td", {}, [el("code", { text: t.id })]),
        el("td", {}, [self.link(t.url, t.article)]),
        el("td", { text: t.in_force }),
        el("td", {}, values.map(function (v) { return el("div", { text: v }); })),
      ]);
    });
    var data = r.data || {};
    return el("details", { class: "calc-plain calc-trace" }, [
      el("summary", { text: "计算依据（trace）" }),
      el("p", { text: "calc " + trace.package_version + "，结果格式版本 " + trace.schema_version +
                      "，判断日期 " + trace.as_of + (trace.spb_issued ? "，沙坪坝区办法印发日期 " + trace.spb_issued : "") }),
      el("h4", { text: "用到的规则数值" }),
      el("div", { class: "calc-scroll" }, [el("table", { class: "calc-table" }, [
        el("thead", {}, [el("tr", {}, ["规则", "条款", "施行", "用到的数值"].map(function (h) { return el("th", { text: h }); }))]),
        el("tbody", {}, traceRows),
      ])]),
      Object.keys(data).length ? el("h4", { text: "计算数据" }) : null,
      Object.keys(data).length ? el("div", { class: "calc-scroll" }, [el("table", { class: "calc-table calc-data" }, [
        el("tbody", {}, Object.keys(data).map(function (k) {
          return el("tr", {}, [el("th", {}, [el("code", { text: k })]), el("td", {}, [value(data[k])])]);
        })),
      ])]) : null,
      el("details", { class: "calc-plain calc-json" }, [
        el("summary", { text: "完整结果（JSON，与命令行输出相同）" }),
        el("pre", {}, [el("code", { text: JSON.stringify(r, null, 2) })]),
      ]),
    ]);
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

  // The labels of the ticked boxes of the input (for a printout's heading).
  Calculator.prototype.checkedLabels = function () {
    return Array.prototype.filter.call(this.input.querySelectorAll("input[type=checkbox]"), function (c) {
      return c.checked && !c.closest("[hidden]");
    }).map(function (c) {
      var f = c.closest(".calc-field");
      return f && f.dataset.kind === "multi" ? c.parentElement.textContent.trim() : (f ? f.dataset.title : "");
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

  // Every place a message can go, with its "where": fields, cells, rows, tables, groups.
  Calculator.prototype.targets = function () {
    var self = this;
    var out = [];
    this.form.querySelectorAll("[data-where], tr[data-row], .calc-cell").forEach(function (node) {
      if (node.closest("[hidden]")) return;
      var where = self.whereOf(node);
      if (where) out.push({ node: node, where: where });
    });
    return out;
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
    msg.textContent = (msg.textContent ? msg.textContent + "；" : "") + text;
    return c || node.querySelector("input, select, textarea, button");
  };

  Calculator.prototype.renderError = function (r) {
    var self = this;
    var targets = this.targets();
    var loose = [];
    var items = (r.problems || []).map(function (p) {
      var where = p.where || "";
      var best = null;
      targets.forEach(function (t) {
        var hit = t.where === where || (where.indexOf(t.where + " ") === 0);
        if (hit && (!best || t.where.length > best.where.length)) best = t;
      });
      var rest = best ? where.slice(best.where.length).trim() : "";
      var focus = best ? self.showProblem(best.node, (rest ? rest + "：" : "") + p.what) : null;
      if (!best) loose.push(p);
      var text = (where ? where + "：" : "") + p.what;
      return el("li", {}, focus && focus.id
        ? [el("button", { type: "button", class: "calc-linkish", "data-calc-goto": focus.id, text: text })]
        : [text]);
    });
    if (loose.length) {
      this.formMsg.hidden = false;
      this.formMsg.append(el("p", { text: "输入有误：" }), el("ul", {}, loose.map(function (p) {
        return el("li", { text: (p.where ? p.where + "：" : "") + p.what });
      })));
    }
    this.out.append(el("div", { class: "calc-verdict calc-st-error" }, [
      el("p", {}, [el("strong", { text: r.error })]),
      el("p", { class: "calc-hint", text: "已在对应的输入旁标出；点击下面一项可跳到该处。" }),
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
    this.out.append(el("div", { class: "calc-verdict calc-st-error" }, [
      el("p", {}, [el("strong", { text: "计算没有完成" })]),
      el("p", { text: "计算器内部出错，不是输入的问题。请按“计算”重试或刷新页面；仍然出错时，请把下面的说明告诉网站维护者。" }),
      el("details", { class: "calc-plain" }, [el("summary", { text: "出错说明" }), el("p", { class: "calc-error-detail", text: last.slice(0, 300) })]),
    ]));
  };

  // --- views: the result's data, laid out per question (no rule here, only display) ---------
  function table(head, rows, cls) {
    return el("div", { class: "calc-scroll" }, [el("table", { class: "calc-table " + (cls || "") }, [
      el("thead", {}, [el("tr", {}, head.map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, rows.map(function (cells) {
        return el("tr", {}, cells.map(function (c) { return el("td", {}, [c === null || c === undefined ? "—" : c]); }));
      })),
    ])]);
  }

  var ACTOR = { institution: "培训机构", county: "区县公共就业创业服务机构" };

  var VIEWS = {
    "plan-check": function (d) {
      var t = d.totals || {};
      var s = d.shares || {};
      if (!t.total) return null;
      var rows = [
        ["总课时", t.total, "100%"],
        ["理论", t.theory, pct(s.theory)],
        ["实训操作", t.practical + (t.practical_counted && t.practical_counted !== t.practical ? "（计入实训 " + t.practical_counted + "）" : ""), pct(s.practical)],
        ["职业道德等内容", t.ethics, pct(s.ethics)],
        ["线上", t.online, pct(s.online)],
        ["线下", t.offline, pct(t.total && t.offline ? Number(t.offline) / Number(t.total) : 0)],
      ];
      return el("section", { class: "calc-view calc-totals", "aria-label": "课时汇总" }, [
        el("h3", { text: "课时汇总" }),
        el("p", { class: "calc-figures" }, [
          el("span", {}, ["培训天数 ", el("b", { text: String(d.days) }), " 天"]),
          el("span", {}, ["平均每天 ", el("b", { text: String(d.per_day) }), " 课时"]),
          el("span", {}, ["实训占比 ", el("b", { text: pct(d.practical_share) })]),
        ]),
        table(["项目", "课时", "占总课时"], rows, "calc-totals-table"),
      ]);
    },
    days: function (d) {
      if (!d.ends || !d.ends.length) return null;
      return el("section", { class: "calc-view" }, [
        el("h3", { text: "可以确定的培训天数与最少课时" }),
        d.days_min !== null && d.days_min !== undefined
          ? el("p", { text: "培训天数 " + (d.days !== null && d.days !== undefined ? d.days : d.days_min + "—" + d.days_max) + " 天" }) : null,
        table(["天数", "最少总课时", "实训至少", "理论至少", "职业道德等至少", "线上最多"], d.ends.map(function (e) {
          return [e.days, e.min_total, e.min_practical, e.min_theory, e.min_ethics, e.max_online];
        })),
      ]);
    },
    documents: function (d, r, calc) {
      if (!d.stages) return null;
      var list = el("section", { class: "calc-view calc-checklist", "aria-label": "资料清单" }, [
        el("div", { class: "calc-print-head" }, [
          el("h3", { text: "资料清单" }),
          el("button", { type: "button", class: "md-button calc-print", text: "打印清单" }),
        ]),
        el("p", { class: "calc-print-only", text: "按 " + (r.trace && r.trace.as_of) + " 的规定生成；班级情况：" +
          (calc.checkedLabels().join("、") || "无特殊情况") + "。逐项打勾确认。" }),
      ]);
      list.querySelector(".calc-print").addEventListener("click", function () { window.print(); });
      d.stages.forEach(function (st) {
        list.append(el("h4", { text: st.label }), el("ul", { class: "calc-todo" }, st.needed.map(function (n) {
          return el("li", {}, [
            el("span", { class: "calc-box", "aria-hidden": "true" }),
            el("b", { text: n.label }),
            el("span", { class: "calc-doc-how", text: "　" + [n.submission_text && "提交：" + n.submission_text, n.review_text && "审核：" + n.review_text].filter(Boolean).join("；") }),
            n.note ? el("div", { class: "calc-doc-note", text: n.note }) : null,
            n.why ? el("div", { class: "calc-doc-note", text: n.why }) : null,
          ]);
        })));
        if (st.not_needed && st.not_needed.length) {
          list.append(el("ul", { class: "calc-not-needed" }, st.not_needed.map(function (n) {
            return el("li", { text: "不需要：" + n.label + "（" + n.reason + "）" });
          })));
        }
      });
      return list;
    },
    evidence: function (d, r, calc) {
      if (!d.rows) return null;
      return el("section", { class: "calc-view" }, [
        el("h3", { text: (d.stage_label || "") + "：附件逐项" }),
        table(["项目", "基本标准", "实施", "结论"], d.rows.map(function (row) {
          return [row.label, row.required ? "是" : "否", ACTOR[row.actor] || row.actor, calc.badge(row.status)];
        })),
        d.ignored && d.ignored.length ? el("p", { class: "calc-hint", text: "不属于本环节、未采用的输入：" + d.ignored.join("、") }) : null,
      ]);
    },
    eligibility: function (d) {
      if (d.trainee_count === undefined) return null;
      var rows = (d.eligible || []).map(function (n) { return [n, "符合", ""]; }).concat((d.ineligible || []).map(function (x) {
        return [x.name, "不符合", x.reasons.join("；")];
      }));
      return el("section", { class: "calc-view" }, [
        el("h3", { text: "学员" }),
        el("p", { class: "calc-figures" }, [el("span", {}, ["符合补贴条件 ", el("b", { text: d.eligible_count + " / " + d.trainee_count }), " 人"])]),
        d.class_reasons && d.class_reasons.length ? el("p", { class: "calc-fix", text: d.class_reasons.join("；") }) : null,
        table(["姓名", "结论", "原因"], rows),
      ]);
    },
    "spot-check": function (d) {
      if (!d.checks) return null;
      return el("section", { class: "calc-view" }, [
        el("h3", { text: "各次抽查" }),
        table(["次序", "日期", "抽查", "达标", "达标率", "计入判断"], d.checks.map(function (c) {
          return [String(c.number), c.date, String(c.sampled), String(c.passed), pct(c.rate) + "（" + c.fraction + "）", c.counted ? "是" : "否"];
        })),
        d.combined_rate !== null && d.combined_rate !== undefined ? el("p", { text: "计入判断的抽查合计达标率 " + pct(d.combined_rate) }) : null,
      ]);
    },
    platform: function (d) {
      if (!d.may_run_online) return null;
      var names = { recorded: "线上视频（录播）课程", live: "线上直播课程" };
      return el("section", { class: "calc-view" }, [
        el("h3", { text: "能否线上开展" }),
        table(["课程", "结论", "原因"], Object.keys(d.may_run_online).map(function (k) {
          return [names[k] || k, d.may_run_online[k] ? "可以线上开展" : "应改为线下培训", (d.reasons[k] || []).join("；")];
        })),
      ]);
    },
    "change-deadline": function (d) {
      if (!d.deadline) return null;
      return el("p", { class: "calc-figures" }, [
        el("span", {}, ["最迟提交日期 ", el("b", { text: d.deadline })]),
        d.submitted_on ? el("span", {}, [d.in_time ? "按时提交" : "晚了 " + d.days_late + " 天"]) : null,
      ]);
    },
    "effective-date": function (d) {
      if (!d.effective_from) return null;
      return el("p", { class: "calc-figures" }, [el("span", {}, ["施行日期 ", el("b", { text: d.effective_from })])]);
    },
  };

  // --- what-if: the district's daily standard (CQ16-DAYS), without touching the inputs -------
  function WhatIf(calc, panel) {
    var self = this;
    this.calc = calc;
    this.panel = panel;
    this.range = panel.querySelector("[data-whatif-range]");
    this.shown = panel.querySelector("[data-whatif-value]");
    this.out = panel.querySelector("[data-whatif-out]");
    this.timer = null;
    this.seq = 0;
    this.range.addEventListener("input", function () {
      self.shown.textContent = self.range.value;
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.refresh(); }, DEBOUNCE_MS);
    });
  }

  WhatIf.attach = function (calc) {
    var panel = document.querySelector('[data-calc-whatif="' + calc.question + '"]');
    return panel ? new WhatIf(calc, panel) : null;
  };

  WhatIf.prototype.clear = function () { this.out.innerHTML = ""; };

  function clone(x) { return JSON.parse(JSON.stringify(x)); }

  WhatIf.prototype.message = function (text) {
    this.out.innerHTML = "";
    this.out.append(el("p", { class: "calc-hint", text: text }));
  };

  WhatIf.prototype.refresh = function () {
    var self = this;
    var base = this.calc.lastGood;
    var daily = this.range.value;
    var id = ++this.seq;
    if (!base) return this.message("上面的输入得出结果后，这里列出假设的变化。");
    var run = window.calcRuntime.run;
    var p = clone(base.payload);
    var ask;
    if (this.calc.question === "days") {
      p.input.daily_yuan = daily;
      ask = run("days", p).then(function (r) { return { result: r, days: r.data && r.data.days }; });
    } else {
      if (!p.input.subsidy_yuan) return this.message("在上面填写“补贴标准（元/人）”后，可以看不同折算标准下的培训天数和检查结果。");
      var q = { input: { category: p.input.category, subsidy_yuan: p.input.subsidy_yuan, daily_yuan: daily }, context: p.context };
      if (p.input.catalogue) q.input.catalogue = p.input.catalogue;
      if (p.input.exception !== undefined) q.input.exception = p.input.exception;
      ask = run("days", q).then(function (d) {
        if (d.error || !d.data || d.data.days === null || d.data.days === undefined) {
          var why = d.error ? d.problems.map(function (x) { return x.what; }).join("；")
            : (d.checks.filter(function (c) { return c.rule === "CQ16-DAYS"; })[0] || {}).message;
          return { note: why || "按这个标准算不出培训天数" };
        }
        p.input.days = d.data.days;
        return run("plan-check", p).then(function (r) { return { result: r, days: d.data.days, daysCheck: d }; });
      });
    }
    ask.then(function (w) {
      if (id !== self.seq) return;
      if (w.note) return self.message("按每天 " + daily + " 元：" + w.note);
      self.render(base, w, daily);
    }, function (err) {
      if (id !== self.seq) return;
      self.message("没有算出来：" + String(err && err.message || err).split("\n").pop());
    });
  };

  WhatIf.prototype.render = function (base, w, daily) {
    var calc = this.calc;
    var r = w.result;
    this.out.innerHTML = "";
    if (r.error) return this.message("按每天 " + daily + " 元：" + r.problems.map(function (x) { return x.what; }).join("；"));
    var b = base.result;
    var before = {};
    b.checks.forEach(function (c, i) { before[c.rule + "|" + c.name + "|" + i] = c; });
    var changes = [];
    r.checks.forEach(function (c, i) {
      var old = before[c.rule + "|" + c.name + "|" + i];
      if (!old || old.status !== c.status || old.message !== c.message) changes.push([old, c]);
    });
    var baseDays = b.data && b.data.days;
    var head = [el("span", {}, ["按每天 ", el("b", { text: daily }), " 元："])];
    if (w.days !== null && w.days !== undefined) {
      head.push(el("span", {}, ["培训天数 ", el("b", { text: String(w.days) }), " 天" + (baseDays !== null && baseDays !== undefined && String(baseDays) !== String(w.days) ? "（现为 " + baseDays + " 天）" : "")]));
    }
    head.push(el("span", {}, ["结论 ", calc.badge(r.status), r.status !== b.status ? el("span", {}, ["（现为 ", calc.badge(b.status), "）"]) : null]));
    this.out.append(el("p", { class: "calc-figures" }, head));
    if (!changes.length) {
      this.out.append(el("p", { text: "各项检查都不变。" }));
      return;
    }
    this.out.append(table(["规则", "现在", "假如"], changes.map(function (pair) {
      var o = pair[0], c = pair[1];
      return [
        el("code", { text: c.rule }),
        o ? el("span", {}, [calc.badge(o.status), " " + o.message]) : "—",
        el("span", {}, [calc.badge(c.status), " " + c.message]),
      ];
    }), "calc-whatif-table"));
  };

  document.querySelectorAll("form.calc-form[data-calc-question]").forEach(function (form) {
    form.calculator = new Calculator(form);
  });
})();
