// Upload calculators (到课率筛查, 学员花名册检查): glue only. The page takes a CSV/XLSX
// file or pasted text; the worker reads and judges it with calc (calcRuntime.call "upload",
// or "batch" for several files: calc.tables.upload), posting the rows read as it goes; the
// answer's display is drawn by calcRender (calc-render.js) and can be downloaded as CSV or
// XLSX written by calc ("download"). No rule and no text lives here, and nothing leaves the
// browser.
//
// The box is generated at build time (the upload_form macro, scripts/calc_forms.py): file
// picker, pasted text, the choices (controls named as the payload's keys: input.category,
// context.readings.binding), progress, downloads, result area. What the page writes while it
// works comes from calc ("describe": calc.tables.describe), as templates ("已读取 {rows} 行")
// filled here with a file name or a plain number. The choices and pasted text (up to
// data-paste-keep characters) persist in localStorage ("calc-upload:<question>"); a file
// cannot be restored after a reload.
(function () {
  "use strict";
  // The theme runs a page's scripts again after each instant-navigation swap: once is enough.
  if (window.calcUploadLoaded) return;
  window.calcUploadLoaded = true;

  var el = window.calcRuntime.el;
  function count(n) { return Number(n).toLocaleString("en-US"); }
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }

  function Upload(box) {
    var self = this;
    this.box = box;
    this.question = box.dataset.calcQuestion;
    this.root = box.dataset.siteRoot || "../../";
    this.pasteKeep = Number(box.dataset.pasteKeep || 0);
    this.key = "calc-upload:" + this.question;
    this.saved = {};
    try { this.saved = JSON.parse(localStorage.getItem(this.key) || "{}") || {}; } catch (e) { this.saved = {}; }
    this.source = null; // {file}, {files} or {text}
    // What the user said of a file's columns and status words (calc's AttendanceOptions),
    // kept for the next file.
    this.mapping = this.saved.mapping || { columns: {}, present: [], absent: [] };
    this.seq = 0;
    function q(sel) { return box.querySelector(sel); }
    this.fileInput = q("input[type=file]");
    this.paste = q(".upload-paste textarea");
    this.drop = q(".upload-drop");
    this.forgotten = q(".upload-forgotten");
    this.context = q(".calc-context");
    this.bar = q(".upload-progress progress");
    this.barText = q(".upload-progress-text");
    this.progress = q(".upload-progress");
    this.downloads = q(".upload-downloads");
    this.out = q("[data-calc-result]");
    this.wire();
    this.describe();
  }

  // Ask calc for the page's texts; if the runtime failed, ask again once a retry (the
  // status line's button) has made it ready.
  Upload.prototype.describe = function () {
    var self = this;
    window.calcRuntime.call("describe", { question: this.question }).then(
      function (info) { self.out.innerHTML = ""; self.setup(info); },
      function (err) {
        self.fail(String(err && err.message || err));
        var waiting = true;
        var off = window.calcRuntime.onStatus(function (st) {
          if (waiting && st.stage === "ready") { waiting = false; setTimeout(function () { off(); self.describe(); }); }
        });
      });
  };

  // The controls of the build-time box: their saved values, and what happens on a change.
  Upload.prototype.wire = function () {
    var self = this;
    this.fileInput.addEventListener("change", function () { self.pick(self.fileInput.files); });
    this.paste.value = this.saved.paste || "";
    this.paste.addEventListener("input", function () { self.save(); });
    if (this.saved.paste) this.box.querySelector(".upload-paste").open = true;
    this.box.querySelector("[data-paste-run]").addEventListener("click", function () {
      if (!self.info) return;
      if (self.paste.value.trim()) return self.use({ text: self.paste.value });
      // Nothing pasted: say so, in place of an earlier result that no longer answers.
      self.downloads.hidden = true;
      self.render({ error: self.text.paste_empty, problems: [{ what: self.text.paste_how }] });
      self.paste.focus();
    });
    ["dragover", "dragenter"].forEach(function (t) {
      self.drop.addEventListener(t, function (e) { e.preventDefault(); self.drop.classList.add("upload-over"); });
    });
    this.drop.addEventListener("dragleave", function () { self.drop.classList.remove("upload-over"); });
    this.drop.addEventListener("drop", function (e) {
      e.preventDefault();
      self.drop.classList.remove("upload-over");
      self.pick(e.dataTransfer.files);
    });
    this.downloads.querySelectorAll("[data-format]").forEach(function (b) {
      b.addEventListener("click", function () { self.download(b.dataset.format); });
    });
    var values = this.saved.values || {};
    this.fields = Array.prototype.map.call(
      this.box.querySelectorAll(".upload-options [name], .calc-context [name]"), function (c) {
        var f = { name: c.name, control: c, initial: c.value };
        if (values[c.name] !== undefined) c.value = values[c.name];
        c.addEventListener("change", function () { self.save(); if (self.source) self.run(); });
        return f;
      });
    // Choices restored that are not the defaults are shown, not hidden in a closed block.
    if (this.fields.some(function (f) { return f.name.indexOf("context.") === 0 && f.control.value !== f.initial; })) {
      this.context.open = true;
    }
  };

  Upload.prototype.setup = function (info) {
    this.info = info;
    this.text = info.text;
    if (this.saved.file) {
      this.forgotten.textContent = fill(this.text.forgotten, { file: this.saved.file });
      this.forgotten.hidden = false;
    }
    this.fileInput.disabled = this.paste.disabled = false;
    if (this.saved.paste && !this.saved.file) this.use({ text: this.saved.paste });
  };

  Upload.prototype.save = function () {
    var values = {};
    (this.fields || []).forEach(function (f) { values[f.name] = f.control.value; });
    var paste = this.paste.value.length <= this.pasteKeep ? this.paste.value : "";
    var file = this.source && this.source.file ? this.source.file.name : null;
    var keep = { values: values, paste: paste, file: file, mapping: this.mapping };
    try { localStorage.setItem(this.key, JSON.stringify(keep)); } catch (e) { /* private mode */ }
  };

  Upload.prototype.payload = function () {
    var payload = { input: {}, context: {} };
    this.fields.forEach(function (f) {
      var v = f.control.value.trim();
      if (v === "") return;
      var path = f.name.split(".");
      var target = payload;
      for (var i = 0; i < path.length - 1; i++) target = target[path[i]] = target[path[i]] || {};
      target[path[path.length - 1]] = v;
    });
    var m = this.mapping;
    if (this.mapped()) payload.input = Object.assign(payload.input, { columns: m.columns, present: m.present, absent: m.absent });
    return payload;
  };

  Upload.prototype.mapped = function () {
    var m = this.mapping;
    return Object.keys(m.columns).length + m.present.length + m.absent.length > 0;
  };

  Upload.prototype.pick = function (list) {
    var files = Array.prototype.slice.call(list || []);
    if (!files.length || this.fileInput.disabled) return;
    this.use(files.length > 1 && this.info.many ? { files: files } : { file: files[0] });
  };

  Upload.prototype.use = function (source) {
    this.source = source;
    this.save();
    this.run();
  };

  // A file too large for the page is refused before it is read: calc's error, with its name.
  Upload.prototype.tooBig = function (file) {
    var said = { name: file.name, size: (file.size / 1048576).toFixed(1) };
    var e = this.info.too_big;
    return Object.assign({}, e, { message: fill(e.message, said), problems: e.problems.map(function (p) {
      return Object.assign({}, p, { what: fill(p.what, said) });
    }) });
  };

  Upload.prototype.run = function () {
    var self = this;
    var id = ++this.seq;
    var src = this.source;
    var files = src.files || (src.file ? [src.file] : null);
    var names = files ? files.map(function (f) { return f.name; }) : [this.text.pasted];
    var max = this.info.limits.max_bytes;
    this.downloads.hidden = true;
    var big = (files || []).filter(function (f) { return f.size > max; })[0];
    if (big) return this.render(this.tooBig(big));
    if (this.out.firstChild) this.out.classList.add("calc-stale");
    this.showProgress(0, fill(names.length > 1 ? this.text.reading_many : this.text.reading,
                                 { name: names[0], count: names.length }));
    var started = performance.now();
    var bytes = files ? Promise.all(files.map(function (f) { return f.arrayBuffer(); }))
      : Promise.resolve([new TextEncoder().encode(src.text).buffer]);
    bytes.then(function (buffers) {
      if (id !== self.seq) return null;
      var request = { question: self.question, payload: self.payload(),
                      files: buffers.map(function (b, i) { return { name: names[i], buffer: b }; }) };
      return window.calcRuntime.call(buffers.length > 1 ? "batch" : "upload", request, function (p) {
        if (id === self.seq) self.showProgress(p.share, fill(p.share >= 1 ? self.text.summing : self.text.progress, { rows: count(p.rows) }));
      });
    }).then(function (result) {
      if (id !== self.seq || result === null) return;
      self.progress.hidden = true;
      self.seconds = (performance.now() - started) / 1000;
      self.names = names;
      self.render(result);
      document.dispatchEvent(new CustomEvent("calc:result", {
        detail: { question: self.question, name: names.join(", "), result: result, seconds: self.seconds } }));
    }, function (err) {
      if (id !== self.seq) return;
      self.progress.hidden = true;
      self.fail(String(err && err.message || err));
    });
  };

  Upload.prototype.showProgress = function (share, text) {
    this.progress.hidden = false;
    if (share === undefined || share === null) this.bar.removeAttribute("value");
    else this.bar.value = share;
    this.barText.textContent = text;
  };

  Upload.prototype.download = function (fmt) {
    var self = this;
    window.calcRuntime.call("download", { question: this.question, format: fmt }).then(function (data) {
      var type = fmt === "csv" ? "text/csv;charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      var url = URL.createObjectURL(new Blob([data], { type: type }));
      var stem = self.names.length > 1 ? self.text.many_stem : self.names[0].replace(/\.[^.]*$/, "");
      var a = el("a", { href: url, download: stem + "-" + self.info.title + "." + fmt });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
    }, function (err) { self.fail(String(err && err.message || err)); });
  };

  // A file calc could not read for want of a column or a status word: ask which column is
  // which and what each word means; the answer is kept for the next file (this.mapping).
  Upload.prototype.mend = function (r) {
    var self = this;
    var t = this.text;
    var meanings = this.info.meanings;
    var asks = (r.fields || []).filter(function (f) { return f.required; }).map(function (f) {
      return self.ask("u-col-" + f.key, fill(t.ask_column, { title: f.title }), [["", t.pick_column]].concat(
        r.headers.map(function (h) { return [h, h]; })), function (v) { self.mapping.columns[f.key] = v; });
    }).concat((r.statuses || []).map(function (w, i) {
      return self.ask("u-word-" + i, fill(t.ask_word, { word: w }), [["", t.pick]].concat(
        Object.keys(meanings).map(function (k) { return [k, meanings[k]]; })), function (v) { self.mapping[v].push(w); });
    }));
    return asks.length ? el("fieldset", { class: "upload-mend" }, [el("legend", { text: t.mend })].concat(asks,
      [el("p", { class: "calc-note", text: t.mend_note })])) : null;
  };

  Upload.prototype.ask = function (id, label, options, take) {
    var self = this;
    var select = el("select", { id: id }, options.map(function (o) { return el("option", { value: o[0], text: o[1] }); }));
    select.addEventListener("change", function () { if (select.value) { take(select.value); self.save(); self.run(); } });
    return el("div", { class: "calc-field" }, [el("label", { for: id, text: label }), select]);
  };

  // What the user has said so far, with a way to take it back.
  Upload.prototype.chosen = function () {
    var self = this;
    if (!this.mapped()) return null;
    var t = this.text;
    var m = this.mapping;
    var said = Object.keys(m.columns).map(function (k) {
      return fill(t.chosen_column, { title: self.info.columns[k] || k, header: m.columns[k] });
    }).concat(m.present.map(function (w) { return fill(t.chosen_present, { word: w }); }),
              m.absent.map(function (w) { return fill(t.chosen_absent, { word: w }); }));
    return el("p", { class: "calc-note upload-chosen" }, [fill(t.chosen, { said: said.join(t.chosen_sep) }) + " ",
      el("button", { type: "button", class: "md-button", text: t.forget, onclick: function () {
        self.mapping = { columns: {}, present: [], absent: [] };
        self.save();
        if (self.source) self.run();
      } })]);
  };

  // --- the result: calc's display, with the file's name and the time taken ----------------
  Upload.prototype.render = function (r) {
    var out = this.out;
    var t = this.text;
    out.classList.remove("calc-stale");
    out.innerHTML = "";
    out.dataset.status = r.error ? "error" : r.status;
    if (r.error) {
      [el("div", { class: "calc-verdict calc-st-error upload-error" }, [
        el("p", {}, [el("strong", { text: fill(t.refused, { error: r.error }) })]),
        el("ul", {}, (r.problems || []).map(function (p) { return el("li", { text: p.where ? fill(t.problem, p) : p.what }); })),
      ]), this.mend(r), this.chosen()].forEach(function (n) { if (n) out.append(n); });
      return;
    }
    this.downloads.hidden = false;
    var seconds = this.seconds.toFixed(1);
    var file = el("p", { class: "calc-note upload-file", text: this.names.length > 1
      ? fill(t.files, { count: this.names.length, seconds: seconds }) : fill(t.file, { name: this.names[0], seconds: seconds }) });
    window.calcRender.result(out, r, { root: this.root, verdictExtra: [file], before: [this.chosen()] });
  };

  Upload.prototype.fail = function (message) {
    this.out.classList.remove("calc-stale");
    this.out.innerHTML = "";
    this.out.dataset.status = "failure";
    this.out.append(el("div", { class: "calc-verdict calc-st-error" }, [
      el("p", {}, [el("strong", { text: this.box.dataset.failureText })]),
      el("pre", { class: "calc-error-detail", text: message }),
    ]));
  };

  window.calcRuntime.onPage(function () {
    document.querySelectorAll(".calc-upload[data-calc-question]").forEach(function (box) {
      if (!box.calcUpload) box.calcUpload = new Upload(box);
    });
  });
})();
