// The what-if panel (days, plan-check): the district's daily standard moved on a slider,
// without touching the form's inputs. Python answers it (calc.whatif, the worker's
// "whatif" kind: the days for that standard, then the plan with those days, compared
// with the answer shown) and gives display blocks; calcRender draws them.
(function () {
  "use strict";
  // The theme runs a page's scripts again after each instant-navigation swap: once is enough.
  if (window.calcParts && window.calcParts.WhatIf) return;
  var DEBOUNCE_MS = 150;  // the slider: recomputed when it rests
  var el = window.calcRuntime.el;
  var R = window.calcRender;

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

  WhatIf.prototype.refresh = function () {
    var self = this;
    var base = this.calc.lastGood;
    var id = ++this.seq;
    var request = { question: this.calc.question, payload: base ? base.payload : null, daily: this.range.value };
    window.calcRuntime.call("whatif", request).then(function (w) {
      if (id !== self.seq) return;
      self.out.innerHTML = "";
      R.blocks(w.blocks, self.calc.root, R.level(self.out)).forEach(function (n) { self.out.append(n); });
    }, function (err) {
      if (id !== self.seq) return;
      var said = R.fill(self.calc.texts.whatif_failed, { error: String(err && err.message || err).split("\n").pop() });
      self.out.innerHTML = "";
      self.out.append(el("p", { class: "calc-hint", text: said }));
    });
  };

  window.calcParts = window.calcParts || {};
  window.calcParts.WhatIf = WhatIf;
})();
