// Calculator pages: glue only. Collect the form's inputs, call calc in the worker
// (calcRuntime.run), render the JSON it returns. The form itself is generated at build
// time from the question's JSON Schema (scripts/macros.py, calc_form). No rule lives here.
//
// Inputs persist in localStorage ("calc:<question>") and in the URL fragment
// ("#q=<JSON>"), so a link reproduces a calculation.
(function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.append(c);
    });
    return node;
  }

  function show(value, unit) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.join("、");
    if (typeof value === "boolean") return value ? "是" : "否";
    return String(value) + (unit && unit !== "比例" ? unit : "");
  }

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

  function Calculator(form) {
    this.form = form;
    this.question = form.dataset.calcQuestion;
    this.root = form.dataset.siteRoot || "../../";
    this.statusText = JSON.parse(form.dataset.statusText || "{}");
    this.out = form.parentElement.querySelector("[data-calc-result]");
    this.key = "calc:" + this.question;
    this.fields = Array.prototype.slice.call(form.querySelectorAll(".calc-field"));
    this.defaults = this.values();
    this.restore();
    this.seq = 0;
    this.firstAnswer = true;
    var self = this;
    form.addEventListener("submit", function (e) { e.preventDefault(); self.compute(); });
    form.addEventListener("change", function () { self.save(); if (self.complete()) self.compute(); });
    form.addEventListener("input", function () { self.save(); });
    form.querySelector("[data-calc-reset]").addEventListener("click", function () {
      self.apply(self.defaults);
      self.save();
      self.out.innerHTML = "";
      if (self.complete()) self.compute();
    });
    if (this.complete()) this.compute();
    else {
      window.calcRuntime.ready().catch(function () { /* shown by the status line */ });
      this.out.append(el("p", { class: "calc-note", text: "填写必填项后自动计算。" }));
    }
  }

  // Every required field has a value: compute on change. (Submit always computes, so
  // calc can name what is missing.)
  Calculator.prototype.complete = function () {
    var self = this;
    return this.fields.every(function (f) {
      if (!f.dataset.required || f.dataset.kind === "boolean") return true;
      return self.control(f).value.trim() !== "";
    });
  };

  Calculator.prototype.control = function (field) {
    return field.querySelector("input, select, textarea");
  };

  // Raw values by field name, as typed (strings and booleans).
  Calculator.prototype.values = function () {
    var out = {};
    var self = this;
    this.fields.forEach(function (f) {
      var c = self.control(f);
      out[f.dataset.name] = f.dataset.kind === "boolean" ? c.checked : c.value;
    });
    return out;
  };

  Calculator.prototype.apply = function (values) {
    var self = this;
    this.fields.forEach(function (f) {
      if (!(f.dataset.name in values)) return;
      var c = self.control(f);
      if (f.dataset.kind === "boolean") c.checked = !!values[f.dataset.name];
      else c.value = values[f.dataset.name];
    });
  };

  Calculator.prototype.restore = function () {
    var saved = null;
    var m = /[#&]q=([^&]*)/.exec(location.hash);
    try {
      if (m) saved = JSON.parse(decodeURIComponent(m[1]));
      else saved = JSON.parse(localStorage.getItem(this.key) || "null");
    } catch (e) {
      saved = null;
    }
    if (saved && typeof saved === "object") this.apply(saved);
  };

  Calculator.prototype.save = function () {
    var values = this.values();
    var changed = {};
    var self = this;
    Object.keys(values).forEach(function (k) {
      if (values[k] !== self.defaults[k]) changed[k] = values[k];
    });
    var text = JSON.stringify(changed);
    try { localStorage.setItem(this.key, text); } catch (e) { /* private mode */ }
    var url = location.pathname + location.search + (text === "{}" ? "" : "#q=" + encodeURIComponent(text));
    history.replaceState(null, "", url);
  };

  // The payload for calc.api.run: {"input": {...}, "context": {"readings": {...}}}.
  // Empty optional fields are left out; numbers are sent as typed (Decimal parses text).
  Calculator.prototype.payload = function () {
    var payload = { input: {}, context: {} };
    var self = this;
    this.fields.forEach(function (f) {
      var c = self.control(f);
      var kind = f.dataset.kind;
      var value = kind === "boolean" ? c.checked : c.value.trim();
      if (value === "") return;
      if (kind === "integer" && /^-?\d+$/.test(value)) value = parseInt(value, 10);
      if (kind === "json") {
        try { value = JSON.parse(value); } catch (e) { /* calc reports it */ }
      }
      var path = f.dataset.name.split(".");
      var target = payload;
      for (var i = 0; i < path.length - 1; i++) target = target[path[i]] = target[path[i]] || {};
      target[path[path.length - 1]] = value;
    });
    return payload;
  };

  Calculator.prototype.compute = function () {
    var self = this;
    var id = ++this.seq;
    var payload = this.payload();
    this.fields.forEach(function (f) { f.classList.remove("calc-invalid"); });
    if (this.out.firstChild) this.out.classList.add("calc-stale");
    window.calcRuntime.run(this.question, payload).then(
      function (result) {
        if (id !== self.seq) return;
        self.render(result);
        if (self.firstAnswer) {
          self.firstAnswer = false;
          performance.mark("calc-first-answer");
        }
        document.dispatchEvent(new CustomEvent("calc:result", { detail: { question: self.question, payload: payload, result: result } }));
      },
      function (err) {
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
    out.classList.remove("calc-stale");
    out.innerHTML = "";
    out.dataset.status = r.error ? "error" : r.status;
    if (r.error) return this.renderError(r);
    var self = this;
    out.append(el("div", { class: "calc-verdict calc-st-" + r.status }, [
      el("p", {}, [el("strong", { text: r.title + "：" }), this.badge(r.status)]),
      r.summary !== r.title + "：" + (this.statusText[r.status] || r.status)
        ? el("p", { class: "calc-summary", text: r.summary }) : null,
    ]));

    var rows = r.checks.map(function (c) {
      var ruleUrl = c.citation.url.split("#")[0] + "#rule-" + c.rule;
      return el("tr", { "data-rule": c.rule, "data-status": c.status }, [
        el("td", {}, [self.badge(c.status)]),
        el("td", {}, [el("a", { href: self.root + ruleUrl }, [el("code", { text: c.rule })])]),
        el("td", {}, [
          el("div", { class: "calc-message", text: c.message }),
          c.fix ? el("div", { class: "calc-fix", text: "改正：" + c.fix }) : null,
        ]),
        el("td", {}, [self.link(c.citation.url, c.citation.title + " " + c.citation.article)]),
      ]);
    });
    out.append(el("h3", { text: "逐项检查" }), el("table", { class: "calc-table calc-checks" }, [
      el("thead", {}, [el("tr", {}, ["结论", "规则", "说明", "出处"].map(function (h) { return el("th", { text: h }); }))]),
      el("tbody", {}, rows),
    ]));

    var data = r.data || {};
    if (Object.keys(data).length) {
      out.append(el("h3", { text: "计算结果" }), el("table", { class: "calc-table calc-data" }, [
        el("tbody", {}, Object.keys(data).map(function (k) {
          return el("tr", {}, [el("th", {}, [el("code", { text: k })]), el("td", {}, [value(data[k])])]);
        })),
      ]));
    }

    if (r.readings && r.readings.length) {
      out.append(el("h3", { text: "使用的条文解读" }), el("ul", { class: "calc-readings" }, r.readings.map(function (u) {
        return el("li", {}, [
          self.link("readings/#reading-" + u.key, u.number + ". " + u.key),
          "：" + u.text + (u.default ? "（默认）" : "（非默认）"),
        ]);
      })));
    }

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
    out.append(el("details", { class: "calc-trace" }, [
      el("summary", { text: "计算依据（trace）" }),
      el("p", { text: "calc " + trace.package_version + "，结果格式版本 " + trace.schema_version +
                      "，判断日期 " + trace.as_of + (trace.spb_issued ? "，沙坪坝区办法印发日期 " + trace.spb_issued : "") }),
      el("table", { class: "calc-table" }, [
        el("thead", {}, [el("tr", {}, ["规则", "条款", "施行", "用到的数值"].map(function (h) { return el("th", { text: h }); }))]),
        el("tbody", {}, traceRows),
      ]),
      el("pre", {}, [el("code", { text: JSON.stringify(r, null, 2) })]),
    ]));
  };

  Calculator.prototype.renderError = function (r) {
    var self = this;
    var problems = r.problems || [];
    problems.forEach(function (p) {
      self.fields.forEach(function (f) {
        if (p.where && p.where.indexOf(f.dataset.title) === 0) f.classList.add("calc-invalid");
      });
    });
    this.out.append(el("div", { class: "calc-verdict calc-st-error" }, [
      el("p", {}, [el("strong", { text: r.error })]),
      el("ul", {}, problems.map(function (p) {
        return el("li", { text: (p.where ? p.where + "：" : "") + p.what });
      })),
    ]));
  };

  Calculator.prototype.renderFailure = function (message) {
    this.out.classList.remove("calc-stale");
    this.out.innerHTML = "";
    this.out.dataset.status = "failure";
    this.out.append(el("div", { class: "calc-verdict calc-st-error" }, [
      el("p", {}, [el("strong", { text: "计算出错" })]),
      el("pre", { class: "calc-error-detail", text: message }),
    ]));
  };

  document.querySelectorAll("form.calc-form[data-calc-question]").forEach(function (form) {
    new Calculator(form);
  });
})();
