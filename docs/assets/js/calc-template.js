// Template pages (docs/templates/*.md), one script for all five. The form is a calculator
// form "tpl-<name>" (calc-form.js: rows, errors beside the fields, the draft autosaved in
// localStorage and the URL on every change); this script answers that "question" itself:
// calc.display.template_answer in the worker (plan-check's result for the plan, or the bad
// fields), a preview of the rendered HTML in an iframe with sandbox="" (nothing in it
// runs), and files made in the browser (Blob + object URL): .docx, .md, the blank copy,
// the draft as JSON. Nothing leaves the browser. Its messages are Python's
// (calc.display.PAGE_TEXT["template"], in the form's data-texts).
(function () {
  "use strict";
  // The theme runs a page's scripts again after each instant-navigation swap: once is enough.
  if (window.calcTemplateLoaded) return;
  window.calcTemplateLoaded = true;
  var PREFIX = "tpl-";
  var R = window.calcRender;

  function lastLine(err) { return String(err && err.message || err).split("\n").pop(); }

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

  // The template's findings as a calculator's answer (calc.display.template_answer):
  // plan-check's result for the plan; for a roster, "filled" (a verdict only), or the bad
  // fields, their locs put under the form's "input".
  function wrapRuntime(rt) {
    if (rt.templatesWrapped) return;
    rt.templatesWrapped = true;
    var run = rt.run;
    rt.run = function (question, payload) {
      if (question.indexOf(PREFIX) !== 0) return run.apply(rt, arguments);
      return render(question.slice(PREFIX.length), payload.input, "findings", payload.context);
    };
  }

  function Template(box, form) {
    var self = this;
    this.box = box;
    this.form = form;
    this.calc = form.calculator;
    this.texts = R.texts(form);
    this.name = box.dataset.calcTemplate;
    this.files = JSON.parse(box.dataset.files);
    this.frame = box.querySelector("[data-template-preview]");
    this.msg = box.querySelector("[data-template-msg]");
    this.fileInput = box.querySelector("[data-template-file]");
    this.good = null;  // the input of the last result without errors
    this.html = "";
    this.seq = 0;
    this.onResult = function (e) {
      if (e.detail.question === form.dataset.calcQuestion) self.result(e.detail);
    };
    document.addEventListener("calc:result", this.onResult);
    box.addEventListener("click", function (e) { self.click(e); });
    this.fileInput.addEventListener("change", function () { self.importDraft(); });
  }

  // A message of calc.display.PAGE_TEXT["template"], its {fields} filled in.
  Template.prototype.say = function (key, fields) { this.msg.textContent = R.fill(this.texts[key], fields || {}); };

  Template.prototype.result = function (d) {
    var self = this;
    if (d.result.error) {
      this.good = null;
      this.frame.classList.add("calc-stale");
      return this.say("to_fix");
    }
    var id = ++this.seq;
    var input = d.payload.input;
    render(this.name, input, "html").then(function (buf) {
      if (id !== self.seq) return;
      self.good = input;
      self.html = new TextDecoder().decode(buf);
      self.frame.srcdoc = self.html;
      self.frame.hidden = false;  // hidden until there is something to show
      self.frame.classList.remove("calc-stale");
      self.say("previewed");
    }, function (err) { self.say("preview_failed", { error: lastLine(err) }); });
  };

  Template.prototype.click = function (e) {
    var self = this;
    var b = e.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-template-download") || b.hasAttribute("data-template-blank")) {
      var fmt = b.dataset.templateDownload || b.dataset.templateBlank;
      var blank = b.hasAttribute("data-template-blank");
      if (!blank && !this.good) return this.say("fill_first");
      var file = Object.assign({}, this.files[fmt]);
      var dot = file.name.lastIndexOf(".") < 0 ? file.name.length : file.name.lastIndexOf(".");
      if (blank) file.name = R.fill(this.texts.blank_file, { stem: file.name.slice(0, dot), ext: file.name.slice(dot) });
      render(this.name, blank ? null : this.good, fmt).then(function (buf) {
        save(buf, file);
        self.say("made", { file: file.name });
      }, function (err) { self.say("make_failed", { error: lastLine(err) }); });
    } else if (b.hasAttribute("data-template-print")) {
      if (!this.good) return this.say("print_first");
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
      this.say("exported", { file: this.files.json.name });
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
      if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error(self.texts.not_a_draft);
      self.calc.apply({ input: data.input && typeof data.input === "object" ? data.input : data });
      self.calc.save();
      self.calc.editAt = performance.now();
      self.calc.compute();
      self.say("imported", { file: f.name });
    }).catch(function (err) { self.say("import_failed", { file: f.name, error: err && err.message }); });
  };

  function boot() {
    wrapRuntime(window.calcRuntime);
    var made = [];
    document.querySelectorAll("[data-calc-template]").forEach(function (box) {
      var form = document.querySelector('form[data-calc-question="' + box.dataset.calcForm + '"]');
      if (!form || !form.calculator || box.template) return;
      box.template = new Template(box, form);
      made.push(box.template);
      // calc-form.js may have asked before the runtime was wrapped (a restored draft): ask again.
      if (form.calculator.complete().length === 0) form.calculator.compute();
    });
    if (made.length) return function () {
      made.forEach(function (t) { document.removeEventListener("calc:result", t.onResult); });
    };
  }

  // Every page (first load and each instant-navigation swap), after calc-form.js's setup.
  if (window.calcRuntime) window.calcRuntime.onPage(boot);
})();
