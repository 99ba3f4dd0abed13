// The what-if panel (days, plan-check): the district's daily standard moved on a slider,
// without touching the form's inputs. It asks calc again (the days for that standard,
// then the plan with those days) and lists the findings that change, as calc words them.
(function () {
  "use strict";
  var DEBOUNCE_MS = 150;  // the slider: recomputed when it rests
  var el = window.calcRuntime.el;
  var R = window.calcRender;

  function clone(x) { return JSON.parse(JSON.stringify(x)); }
  function problems(r) { return r.problems.map(function (x) { return x.what; }).join("；"); }

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
          var why = d.error ? problems(d)
            : (d.display.checks.filter(function (c) { return c.status !== "pass"; })[0] || {}).message;
          return { note: why || d.summary };
        }
        p.input.days = d.data.days;
        return run("plan-check", p).then(function (r) { return { result: r, days: d.data.days }; });
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
    var r = w.result;
    this.out.innerHTML = "";
    if (r.error) return this.message("按每天 " + daily + " 元：" + problems(r));
    var b = base.result;
    var now = b.display, then = r.display;
    var before = {};
    now.checks.forEach(function (c, i) { before[c.rule + "|" + b.checks[i].name + "|" + i] = c; });
    var changes = [];
    then.checks.forEach(function (c, i) {
      var old = before[c.rule + "|" + r.checks[i].name + "|" + i];
      if (!old || old.status !== c.status || old.message !== c.message) changes.push([old, c]);
    });
    var baseDays = b.data && b.data.days;
    var head = [el("span", {}, ["按每天 ", el("b", { text: daily }), " 元："])];
    if (w.days !== null && w.days !== undefined) {
      head.push(el("span", {}, ["培训天数 ", el("b", { text: String(w.days) }), " 天" + (baseDays !== null && baseDays !== undefined && String(baseDays) !== String(w.days) ? "（现为 " + baseDays + " 天）" : "")]));
    }
    var v = then.verdict, v0 = now.verdict;
    head.push(el("span", {}, ["结论 ", R.badge(v.status, v.status_text),
      v.status !== v0.status ? el("span", {}, ["（现为 ", R.badge(v0.status, v0.status_text), "）"]) : null]));
    this.out.append(el("p", { class: "calc-figures" }, head));
    if (!changes.length) {
      this.out.append(el("p", { text: "各项检查都不变。" }));
      return;
    }
    var rows = el("tbody", {}, changes.map(function (pair) {
      var o = pair[0], c = pair[1];
      return el("tr", {}, [
        el("td", {}, [el("code", { text: c.rule })]),
        el("td", {}, [o ? el("span", {}, [R.badge(o.status, o.status_text), " " + o.message]) : "—"]),
        el("td", {}, [el("span", {}, [R.badge(c.status, c.status_text), " " + c.message])]),
      ]);
    }));
    this.out.append(el("div", { class: "calc-scroll" }, [el("table", { class: "calc-table calc-whatif-table" }, [
      el("thead", {}, [el("tr", {}, ["规则", "现在", "假如"].map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      rows,
    ])]));
  };

  window.calcParts = window.calcParts || {};
  window.calcParts.WhatIf = WhatIf;
})();
