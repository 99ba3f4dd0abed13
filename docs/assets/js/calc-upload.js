// Upload calculators (到课率筛查, 学员花名册检查): glue only. The page takes a CSV/XLSX
// file or pasted text; the worker reads and judges it with calc (calcRuntime.call "upload",
// or "batch" for several files: calc.tables.upload), posting the rows read as it goes; the
// answer's display is drawn by calcRender (calc-render.js) and can be downloaded as CSV or
// XLSX written by calc ("download"). The limits, the choices and their labels come from calc
// ("describe": calc.tables.describe). No rule lives here, and nothing leaves the browser.
//
// A container <div class="calc-upload" data-calc-question="attendance"
// data-site-root="../../"> holding a [data-calc-status] element is all a page needs.
// The choices and pasted text (up to PASTE_KEEP characters) persist in localStorage
// ("calc-upload:<question>"); a file cannot be restored after a reload.
(function () {
  "use strict";
  var PASTE_KEEP = 100000;

  var el = window.calcRuntime.el;
  function count(n) { return Number(n).toLocaleString("zh-CN"); }
  function mb(n) { return Math.round(n / 1048576) + " MB"; }

  function Upload(box) {
    this.box = box;
    this.question = box.dataset.calcQuestion;
    this.root = box.dataset.siteRoot || "../../";
    this.key = "calc-upload:" + this.question;
    this.saved = {};
    try { this.saved = JSON.parse(localStorage.getItem(this.key) || "{}") || {}; } catch (e) { this.saved = {}; }
    this.source = null; // {file}, {files} or {text}
    // What the user said of a file's columns and status words (calc's AttendanceOptions),
    // kept for the next file.
    this.mapping = this.saved.mapping || { columns: {}, present: [], absent: [] };
    this.seq = 0;
    this.build();
    this.describe();
  }

  // Ask calc for the limits and choices; if the runtime failed, ask again once a retry
  // (the status line's button) has made it ready.
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

  Upload.prototype.build = function () {
    var self = this;
    this.fileInput = el("input", { type: "file", id: "u-file-" + this.question, accept: ".csv,.xlsx,.txt,.tsv", disabled: true,
                                   onchange: function () { self.pick(self.fileInput.files); } });
    this.paste = el("textarea", { id: "u-paste-" + this.question, rows: "6", disabled: true,
                                  placeholder: "从 Excel 复制整张表（含表头）粘贴到这里，或输入逗号分隔的文字",
                                  oninput: function () { self.save(); } });
    this.paste.value = this.saved.paste || "";
    this.limits = el("p", { class: "calc-note upload-limits", text: "文件大小和行数的上限在计算器就绪后显示。" });
    this.drop = el("div", { class: "upload-drop" }, [
      el("label", { for: this.fileInput.id, text: "选择文件（CSV 或 XLSX）" }), this.fileInput,
      el("span", { class: "calc-note", text: "也可以把文件拖到这里。" }),
    ]);
    ["dragover", "dragenter"].forEach(function (t) {
      self.drop.addEventListener(t, function (e) { e.preventDefault(); self.drop.classList.add("upload-over"); });
    });
    this.drop.addEventListener("dragleave", function () { self.drop.classList.remove("upload-over"); });
    this.drop.addEventListener("drop", function (e) {
      e.preventDefault();
      self.drop.classList.remove("upload-over");
      self.pick(e.dataTransfer.files);
    });
    this.options = el("fieldset", { class: "upload-options", hidden: true }, [el("legend", { text: "选项" })]);
    this.context = el("div", { class: "calc-context-fields" });
    this.bar = el("progress", { max: "1" });
    this.barText = el("span", { class: "upload-progress-text" });
    this.progress = el("div", { class: "upload-progress", hidden: true, "aria-live": "polite" }, [this.bar, this.barText]);
    this.downloads = el("div", { class: "upload-downloads", hidden: true }, ["csv", "xlsx"].map(function (fmt) {
      return el("button", { type: "button", class: "md-button", "data-format": fmt, text: "下载 " + fmt.toUpperCase(),
                            onclick: function () { self.download(fmt); } });
    }));
    this.out = el("div", { class: "calc-result", "data-calc-result": true, "aria-live": "polite" });
    var forgotten = this.saved.file
      ? el("p", { class: "calc-note upload-forgotten", text: "上次使用的文件“" + this.saved.file + "”不能在刷新后自动恢复（浏览器不允许），请重新选择；选项已保留。" })
      : null;
    this.box.append(
      el("div", { class: "upload-inputs" }, [
        this.drop, this.limits, forgotten,
        el("details", { class: "upload-paste", open: this.saved.paste ? true : null }, [
          el("summary", { text: "或者粘贴表格" }),
          el("label", { for: this.paste.id, class: "calc-note", text: "粘贴的内容按 CSV 读取（从 Excel 复制的是制表符分隔，同样可以）；不超过 " + count(PASTE_KEEP) + " 个字符时刷新后保留。" }),
          this.paste,
          el("button", { type: "button", class: "md-button", text: "计算粘贴的表格", "data-paste-run": true,
                         onclick: function () { if (self.paste.value.trim()) self.use({ text: self.paste.value }); } }),
        ]),
        this.options,
        el("details", { class: "calc-context" }, [el("summary", { text: "判断条件与条文解读" }), this.context]),
      ]),
      this.progress, this.downloads, this.out);
  };

  // The choices calc describes: options of the question, the readings of its rules, dates.
  Upload.prototype.setup = function (info) {
    var self = this;
    this.info = info;
    var lim = info.limits;
    this.limits.textContent = "上限：文件不超过 " + mb(lim.max_bytes) + "、" + count(lim.max_rows) +
      " 行数据，XLSX 解压后不超过 " + count(Math.round(lim.max_unpacked / 1048576)) + " MB；" +
      "更大的文件请用命令行工具。文件在本浏览器中读取，不会上传。";
    this.fields = [];
    info.options.forEach(function (f) { self.options.append(self.field("input." + f.name, f)); });
    this.options.hidden = !info.options.length;
    this.context.append(this.field("context.as_of", { title: "判断日期", kind: "date", description: "不填为今天" }));
    if (info.spb) {
      this.context.append(this.field("context.spb_issued", { title: "沙坪坝区办法印发日期", kind: "date",
        description: "文件未载明印发日期；不填时按已施行处理并在结果中注明" }));
    }
    info.readings.forEach(function (r) {
      self.context.append(self.field("context.readings." + r.key, {
        title: r.number + ". " + r.question, default: r.default, required: true,
        options: r.options.map(function (o) { return [o[0], o[1] + (o[0] === r.default ? "（默认）" : "")]; }),
      }));
    });
    // Choices restored that are not the defaults are shown, not hidden in a closed block.
    var changed = this.fields.some(function (f) { return f.name.indexOf("context.") === 0 && f.control.value !== f.initial; });
    if (changed) this.context.parentElement.open = true;
    this.fileInput.multiple = !!info.many;
    if (info.many) this.drop.querySelector("label").textContent = "选择文件（CSV 或 XLSX，可多选：每个班级一行汇总）";
    this.fileInput.disabled = this.paste.disabled = false;
    if (this.saved.paste && !this.saved.file) this.use({ text: this.saved.paste });
  };

  Upload.prototype.field = function (name, f) {
    var self = this;
    var id = "u-" + name.replace(/[^\w]/g, "-");
    var control;
    if (f.options) {
      control = el("select", { id: id }, (f.default === null || f.default === undefined ? [el("option", { value: "", text: "请选择" })] : [])
        .concat(f.options.map(function (o) { return el("option", { value: o[0], text: o[1] }); })));
      control.value = f.default || "";
    } else {
      control = el("input", { id: id, type: f.kind === "date" ? "date" : "text" });
    }
    var initial = control.value;
    var saved = (this.saved.values || {})[name];
    if (saved !== undefined) control.value = saved;
    control.addEventListener("change", function () { self.save(); if (self.source) self.run(); });
    this.fields.push({ name: name, control: control, initial: initial });
    return el("div", { class: "calc-field", "data-name": name }, [
      el("label", { for: id, text: f.title }), control,
      f.description && !f.options ? el("span", { class: "calc-hint", text: f.description }) : null,
    ]);
  };

  Upload.prototype.save = function () {
    var values = {};
    (this.fields || []).forEach(function (f) { values[f.name] = f.control.value; });
    var paste = this.paste.value.length <= PASTE_KEEP ? this.paste.value : "";
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

  Upload.prototype.run = function () {
    var self = this;
    var id = ++this.seq;
    var src = this.source;
    var files = src.files || (src.file ? [src.file] : null);
    var name = files ? files.map(function (f) { return f.name; }).join("、") : "粘贴的表格.csv";
    var max = this.info.limits.max_bytes;
    this.downloads.hidden = true;
    var big = (files || []).filter(function (f) { return f.size > max; })[0];
    if (big) {
      return this.render({ error: "输入有误", problems: [{ where: "文件", what: "文件超过 " + mb(max) + "（“" + big.name + "”为 " + (big.size / 1048576).toFixed(1) + " MB）；请用命令行工具处理大文件" }] });
    }
    if (this.out.firstChild) this.out.classList.add("calc-stale");
    this.showProgress(0, 0, "正在读取“" + name + "”……");
    var started = performance.now();
    var bytes = files ? Promise.all(files.map(function (f) { return f.arrayBuffer(); }))
      : Promise.resolve([new TextEncoder().encode(src.text).buffer]);
    bytes.then(function (buffers) {
      if (id !== self.seq) return null;
      var names = files ? files.map(function (f) { return f.name; }) : [name];
      var request = { question: self.question, payload: self.payload(),
                      files: buffers.map(function (b, i) { return { name: names[i], buffer: b }; }) };
      return window.calcRuntime.call(buffers.length > 1 ? "batch" : "upload", request,
        function (p) { if (id === self.seq) self.showProgress(p.rows, p.share); });
    }).then(function (result) {
      if (id !== self.seq || result === null) return;
      self.progress.hidden = true;
      self.seconds = (performance.now() - started) / 1000;
      self.name = name;
      self.render(result);
      document.dispatchEvent(new CustomEvent("calc:result", { detail: { question: self.question, name: name, result: result, seconds: self.seconds } }));
    }, function (err) {
      if (id !== self.seq) return;
      self.progress.hidden = true;
      self.fail(String(err && err.message || err));
    });
  };

  Upload.prototype.showProgress = function (rows, share, text) {
    this.progress.hidden = false;
    if (share === undefined || share === null) this.bar.removeAttribute("value");
    else this.bar.value = share;
    this.barText.textContent = text || ("已读取 " + count(rows) + " 行" + (share >= 1 ? "，正在汇总结果……" : "……"));
  };

  Upload.prototype.download = function (fmt) {
    var self = this;
    window.calcRuntime.call("download", { question: this.question, format: fmt }).then(function (data) {
      var type = fmt === "csv" ? "text/csv;charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
      var url = URL.createObjectURL(new Blob([data], { type: type }));
      var stem = self.source.files ? "多个文件" : self.name.replace(/\.[^.]*$/, "");
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
    var asks = (r.fields || []).filter(function (f) { return f.required; }).map(function (f) {
      return self.ask("u-col-" + f.key, "“" + f.title + "”在哪一列？", [["", "请选择文件中的列"]].concat(
        r.headers.map(function (h) { return [h, h]; })), function (v) { self.mapping.columns[f.key] = v; });
    }).concat((r.statuses || []).map(function (w, i) {
      return self.ask("u-word-" + i, "状态“" + w + "”算：", [["", "请选择"], ["present", "到课"], ["absent", "缺课"]],
        function (v) { self.mapping[v].push(w); });
    }));
    return asks.length ? el("fieldset", { class: "upload-mend" }, [el("legend", { text: "请指明后重新计算" })].concat(asks,
      [el("p", { class: "calc-note", text: "选择保存在本浏览器中，以后的文件照此读取。" })])) : null;
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
    var m = this.mapping;
    var said = Object.keys(m.columns).map(function (k) { return k + " ← “" + m.columns[k] + "”"; })
      .concat(m.present.map(function (w) { return "“" + w + "”算到课"; }), m.absent.map(function (w) { return "“" + w + "”算缺课"; }));
    return el("p", { class: "calc-note upload-chosen" }, ["按您的指定读取：" + said.join("；") + " ",
      el("button", { type: "button", class: "md-button", text: "清除指定", onclick: function () {
        self.mapping = { columns: {}, present: [], absent: [] };
        self.save();
        if (self.source) self.run();
      } })]);
  };

  // --- the result: calc's display, with what the page knows of the file ----------------
  Upload.prototype.render = function (r) {
    var out = this.out;
    out.classList.remove("calc-stale");
    out.innerHTML = "";
    out.dataset.status = r.error ? "error" : r.status;
    if (r.error) {
      [el("div", { class: "calc-verdict calc-st-error upload-error" }, [
        el("p", {}, [el("strong", { text: "文件无法计算：" + r.error })]),
        el("ul", {}, (r.problems || []).map(function (p) { return el("li", { text: (p.where ? p.where + "：" : "") + p.what }); })),
      ]), this.mend(r), this.chosen()].forEach(function (n) { if (n) out.append(n); });
      return;
    }
    this.downloads.hidden = false;
    var src = r.data.source || {};
    var file = el("p", { class: "calc-note", text: "文件“" + this.name + "”" + (src.format ? "：" + src.format.toUpperCase() : "") +
      (src.format === "csv" ? "，" + src.encoding + " 编码" : "") + "；用时 " + this.seconds.toFixed(1) + " 秒" +
      (src.ignored_columns && src.ignored_columns.length ? "；未使用的列：" + src.ignored_columns.join("、") : "") });
    window.calcRender.result(out, r, { root: this.root, verdictExtra: [file], before: [this.chosen()] });
  };

  Upload.prototype.fail = function (message) {
    this.out.classList.remove("calc-stale");
    this.out.innerHTML = "";
    this.out.dataset.status = "failure";
    this.out.append(el("div", { class: "calc-verdict calc-st-error" }, [
      el("p", {}, [el("strong", { text: "计算出错" })]), el("pre", { class: "calc-error-detail", text: message }),
    ]));
  };

  document.querySelectorAll(".calc-upload[data-calc-question]").forEach(function (box) { new Upload(box); });
})();
