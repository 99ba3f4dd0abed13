// Template pages (docs/templates/*.md), one script for all five. The form is a calculator
// form "tpl-<name>" (calc-form.js: rows, errors beside the fields, the draft autosaved in
// localStorage and the URL on every change); this script answers that "question" itself:
// calc.render.findings in the worker (plan-check's result for the plan, or the bad
// fields), a preview of the rendered HTML in an iframe with sandbox="" (nothing in it
// runs), and files made in the browser (Blob + object URL): .docx, .md, the blank copy,
// the draft as JSON. Nothing leaves the browser.
(function () {
  "use strict";
  var PREFIX = "tpl-";

  function save(bytes, file) {
    var url = URL.createObjectURL(new Blob([bytes], { type: file.type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = file.name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function render(name, data, format, context) {
    return window.calcRuntime.call("render", { name: name, data: data, format: format, context: context || null });
  }

  // The template's findings as a calculator's answer: plan-check's result for the plan;
  // for a roster, "filled" (its display from the form's status texts, written by Python),
  // or the bad fields, their locs put under the form's "input".
  function wrapRuntime(rt) {
    if (rt.templatesWrapped) return;
    rt.templatesWrapped = true;
    var run = rt.run;
    rt.run = function (question, payload) {
      if (question.indexOf(PREFIX) !== 0) return run.apply(rt, arguments);
      var box = document.querySelector('[data-calc-form="' + question + '"]');
      var form = document.querySelector('form[data-calc-question="' + question + '"]');
      var name = question.slice(PREFIX.length);
      return render(name, payload.input, "findings", payload.context).then(function (r) {
        if (r.error) {
          (r.problems || []).forEach(function (p) { if (p.loc) p.loc = ["input"].concat(p.loc); });
          return r;
        }
        if (!r.ok) return r;
        var title = box ? box.dataset.title : name;
        var said = JSON.parse((form && form.dataset.statusText) || "{}");
        var summary = "填写完整，没有发现问题：可以在下面预览、下载和打印。";
        return { template: true, title: title, status: "filled", checks: [], readings: [], data: {}, summary: summary,
                 display: { verdict: { title: title, status: "filled", status_text: said.filled || "", summary: summary },
                            views: [], checks: [], readings: [], trace: null } };
      });
    };
  }

  function Template(box, form) {
    var self = this;
    this.box = box;
    this.form = form;
    this.calc = form.calculator;
    this.name = box.dataset.calcTemplate;
    this.files = JSON.parse(box.dataset.files);
    this.frame = box.querySelector("[data-template-preview]");
    this.msg = box.querySelector("[data-template-msg]");
    this.fileInput = box.querySelector("[data-template-file]");
    this.good = null;  // the input of the last result without errors
    this.html = "";
    this.seq = 0;
    document.addEventListener("calc:result", function (e) {
      if (e.detail.question === form.dataset.calcQuestion) self.result(e.detail);
    });
    box.addEventListener("click", function (e) { self.click(e); });
    this.fileInput.addEventListener("change", function () { self.importDraft(); });
  }

  Template.prototype.say = function (text) { this.msg.textContent = text; };

  Template.prototype.result = function (d) {
    var self = this;
    var out = this.calc.out;
    if (d.result.template) {  // a roster: the verdict only (no checks, no trace)
      Array.prototype.slice.call(out.children, 1).forEach(function (n) { n.remove(); });
    }
    if (d.result.error) {
      this.good = null;
      this.frame.classList.add("calc-stale");
      return this.say("表格还有需要改正的地方（见上面的标注）；改正后更新预览。");
    }
    var id = ++this.seq;
    var input = d.payload.input;
    render(this.name, input, "html").then(function (buf) {
      if (id !== self.seq) return;
      self.good = input;
      self.html = new TextDecoder().decode(buf);
      self.frame.srcdoc = self.html;
      self.frame.classList.remove("calc-stale");
      self.say("预览已更新。下载的文件与预览内容相同。");
    }, function (err) { self.say("预览没有生成：" + String(err && err.message || err).split("\n").pop()); });
  };

  Template.prototype.click = function (e) {
    var self = this;
    var b = e.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-template-download") || b.hasAttribute("data-template-blank")) {
      var fmt = b.dataset.templateDownload || b.dataset.templateBlank;
      var blank = b.hasAttribute("data-template-blank");
      if (!blank && !this.good) return this.say("先把表格填写完整、改正标出的问题，再下载。");
      var file = Object.assign({}, this.files[fmt]);
      if (blank) file.name = file.name.replace(/(\.\w+)$/, "（空白）$1");
      render(this.name, blank ? null : this.good, fmt).then(function (buf) {
        save(buf, file);
        self.say("已生成 " + file.name + "。");
      }, function (err) { self.say("文件没有生成：" + String(err && err.message || err).split("\n").pop()); });
    } else if (b.hasAttribute("data-template-print")) {
      if (!this.good) return this.say("先把表格填写完整，再打印。");
      // A same-origin frame in which no script runs; the document's own print CSS applies.
      var frame = document.createElement("iframe");
      frame.setAttribute("sandbox", "allow-same-origin allow-modals");
      frame.style.cssText = "position:fixed;right:0;bottom:0;width:0;height:0;border:0";
      frame.onload = function () {
        frame.contentWindow.print();
        setTimeout(function () { frame.remove(); }, 1000);
      };
      frame.srcdoc = this.html;
      document.body.append(frame);
    } else if (b.hasAttribute("data-template-export")) {
      var text = JSON.stringify(this.calc.payload().input, null, 2);
      save(new TextEncoder().encode(text + "\n"), this.files.json);
      this.say("草稿已导出为 " + this.files.json.name + "。");
    } else if (b.hasAttribute("data-template-import")) {
      this.fileInput.value = "";
      this.fileInput.click();
    }
  };

  Template.prototype.importDraft = function () {
    var self = this;
    var f = this.fileInput.files[0];
    if (!f) return;
    f.text().then(function (text) {
      var data = JSON.parse(text);
      if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("不是表格数据");
      self.calc.apply({ input: data.input && typeof data.input === "object" ? data.input : data });
      self.calc.save();
      self.calc.editAt = performance.now();
      self.calc.compute();
      self.say("已导入 " + f.name + "。");
    }).catch(function (err) { self.say("没有导入：" + f.name + " 不是有效的草稿 JSON（" + (err && err.message) + "）"); });
  };

  function boot() {
    if (!window.calcRuntime) return;
    wrapRuntime(window.calcRuntime);
    document.querySelectorAll("[data-calc-template]").forEach(function (box) {
      var form = document.querySelector('form[data-calc-question="' + box.dataset.calcForm + '"]');
      if (!form || !form.calculator || box.template) return;
      box.template = new Template(box, form);
      // calc-form.js may have asked before the runtime was wrapped (a restored draft): ask again.
      if (form.calculator.complete().length === 0) form.calculator.compute();
    });
  }

  var first = document.querySelector("form[data-calc-question^='" + PREFIX + "']");
  if (window.calcRuntime && first && first.calculator) boot();
  else document.addEventListener("DOMContentLoaded", boot);
})();
