// Template pages (docs/templates/*.md), one script for all five. The form is a calculator
// form "tpl-<name>" (calc-form.js: rows, errors beside the fields, the draft autosaved in
// localStorage and the URL on every change); this script answers that "question" itself:
// calc.display.template_answer in the worker (plan-check's result for the plan, or the bad
// fields); from the first moment, a preview in an iframe with sandbox="" (nothing in it
// runs; the empty form's comes with the page, before Python is there): calc.render.preview
// in the worker, asked once typing pauses, gives the document
// with every required field not filled as a marked placeholder and the list of those
// fields, drawn above it (each a button to its field); files made in the browser (Blob +
// object URL): .docx, .md, the blank copy, the draft as JSON, refused while that list is
// not empty. Nothing leaves the browser. Its messages are Python's
// (calc.display.PAGE_TEXT["template"], in the form's data-texts).
(function () {
  "use strict";
  // The theme runs a page's scripts again after each instant-navigation swap: once is enough.
  if (window.calcTemplateLoaded) return;
  window.calcTemplateLoaded = true;
  var PREFIX = "tpl-";
  var PREVIEW_MS = 300;  // the preview is asked when typing pauses this long
  var LISTED = 50;       // fields named in the list; the rest are counted
  var R = window.calcRender;
  var el = window.calcRuntime.el;

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

  // A same-origin frame in which no script runs; the document's own print CSS applies.
  function printed(html) {
    var frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-same-origin allow-modals");
    frame.style.cssText = "position:fixed;right:0;bottom:0;width:0;height:0;border:0";
    frame.onload = function () {
      frame.contentWindow.print();
      setTimeout(function () { frame.remove(); }, 1000);
    };
    frame.srcdoc = html;
    document.body.append(frame);
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
    this.list = box.querySelector("[data-template-missing]");
    this.fileInput = box.querySelector("[data-template-file]");
    this.good = null;  // the input of the last result without errors
    this.gaps = null;  // the last preview's {missing, to_fix}
    this.shown = null;  // the input (JSON) of the preview shown or asked
    this.timer = null;
    this.seq = 0;
    this.onResult = function (e) {
      if (e.detail.question === form.dataset.calcQuestion) self.result(e.detail);
    };
    document.addEventListener("calc:result", this.onResult);
    box.addEventListener("click", function (e) { self.click(e); });
    this.soon = function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.preview(); }, PREVIEW_MS);
    };
    ["input", "change", "click"].forEach(function (type) { form.addEventListener(type, self.soon); });
    this.fileInput.addEventListener("change", function () { self.importDraft(); });
    // The page comes with the empty form's preview: not the preview of a restored draft.
    if (Object.keys(this.calc.changed().input || {}).length) this.frame.hidden = true;
  }

  // A message of calc.display.PAGE_TEXT["template"], its {fields} filled in.
  Template.prototype.say = function (key, fields) { this.msg.textContent = R.fill(this.texts[key], fields || {}); };

  Template.prototype.result = function (d) {
    this.good = d.result.error ? null : d.payload.input;
    this.say(d.result.error ? "to_fix" : "previewed");
    this.soon();
  };

  // The preview of what the form holds now (nothing when it is the one shown); resolves
  // once it is drawn. One at a time: an edit made meanwhile is previewed after it.
  Template.prototype.preview = function () {
    var self = this;
    clearTimeout(this.timer);
    var input = this.calc.payload().input;
    var key = JSON.stringify(input);
    if (key === this.shown) return this.asked || Promise.resolve();
    this.shown = key;
    var id = ++this.seq;
    this.asked = render(this.name, input, "preview").then(function (answer) {
      if (id !== self.seq) return;
      self.frame.srcdoc = answer.html;
      self.frame.hidden = false;
      self.gaps = answer;
      self.drawList();
      if (!answer.missing.length && !answer.to_fix.length) self.say("previewed");
    }, function (err) {
      if (id !== self.seq) return;
      self.shown = null;
      self.say("preview_failed", { error: lastLine(err) });
    });
    return this.asked;
  };

  // "还有 N 项必填" and "还有 N 项待改正" above the preview, each field a button to it.
  Template.prototype.drawList = function () {
    var self = this;
    var T = this.texts;
    this.list.textContent = "";
    [["missing", "missing_count"], ["to_fix", "to_fix_count"]].forEach(function (part) {
      var gaps = self.gaps[part[0]];
      if (!gaps.length) return;
      var items = gaps.slice(0, LISTED).map(function (g) {
        var b = el("button", { type: "button", class: "calc-linkish", text: g.where });
        b.addEventListener("click", function () { self.goTo(g.loc); });
        return el("li", {}, [b]);
      });
      if (gaps.length > LISTED) items.push(el("li", { text: R.fill(T.more_gaps, { n: gaps.length - LISTED }) }));
      self.list.append(el("div", { "data-gaps": part[0], "data-count": String(gaps.length) }, [
        el("p", {}, [el("strong", { text: R.fill(T[part[1]], { n: gaps.length }) })]),
        el("ul", {}, items),
      ]));
    });
    this.list.hidden = !this.list.firstChild;
  };

  Template.prototype.goTo = function (loc) {
    var at = this.calc.locate(["input"].concat(loc));
    if (!at) return;
    var c = at.exact ? this.calc.control(at.node) : null;
    (c || at.node.querySelector("input, select, textarea, button")).focus();
  };

  // Downloads and print wait for a preview of what the form holds now: while it names a
  // field to fill, they are refused with that list.
  Template.prototype.whenFilled = function (then) {
    var self = this;
    this.preview().then(function () {
      var n = self.gaps ? self.gaps.missing.length : 0;
      if (n) {
        self.say("fill_first", { n: n });
        var first = self.list.querySelector("button");
        if (first) first.focus();
        return;
      }
      then();
    });
  };

  Template.prototype.click = function (e) {
    var self = this;
    var b = e.target.closest("button");
    if (!b) return;
    if (b.hasAttribute("data-template-download") || b.hasAttribute("data-template-blank")) {
      var fmt = b.dataset.templateDownload || b.dataset.templateBlank;
      var blank = b.hasAttribute("data-template-blank");
      var file = Object.assign({}, this.files[fmt]);
      var dot = file.name.lastIndexOf(".") < 0 ? file.name.length : file.name.lastIndexOf(".");
      if (blank) file.name = R.fill(this.texts.blank_file, { stem: file.name.slice(0, dot), ext: file.name.slice(dot) });
      var make = function (data) {
        render(self.name, data, fmt).then(function (buf) {
          save(buf, file);
          self.say("made", { file: file.name });
        }, function (err) { self.say("make_failed", { error: lastLine(err) }); });
      };
      if (blank) return make(null);
      this.whenFilled(function () { return self.good ? make(self.good) : self.say("to_fix"); });
    } else if (b.hasAttribute("data-template-print")) {
      this.whenFilled(function () {
        if (!self.good) return self.say("to_fix");
        render(self.name, self.good, "html").then(function (buf) { printed(new TextDecoder().decode(buf)); },
          function (err) { self.say("make_failed", { error: lastLine(err) }); });
      });
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
      box.template.preview();
    });
    if (made.length) return function () {
      made.forEach(function (t) {
        document.removeEventListener("calc:result", t.onResult);
        clearTimeout(t.timer);
        t.seq++;  // a preview still on its way is not drawn
      });
    };
  }

  // Every page (first load and each instant-navigation swap), after calc-form.js's setup.
  if (window.calcRuntime) window.calcRuntime.onPage(boot);
})();
