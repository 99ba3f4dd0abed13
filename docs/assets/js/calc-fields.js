// The generated form's structure, for calc-form.js: scopes (the input, fieldsets, table
// rows) hold keyed fields ([data-key]); tables and lists add rows from a <template>; a stage
// choice (x-stages) shows only its fields. Reading and writing values: the raw state (for
// drafts) or the payload calc gets. Methods mixed into the Calculator (calcParts.fields).
(function () {
  "use strict";
  // The theme runs a page's scripts again after each instant-navigation swap: once is enough.
  if (window.calcParts && window.calcParts.fields) return;
  var P = {};
  var serial = 0;
  var fill = window.calcRender.fill;

  // --- structure: scopes, keyed fields, rows --------------------------------------------------
  P.keyed = function (scope) {
    return Array.prototype.filter.call(scope.querySelectorAll("[data-key]"), function (f) {
      return f.parentElement.closest("[data-scope]") === scope;
    });
  };

  P.control = function (field) {
    return field.querySelector("input, select, textarea");
  };

  P.rows = function (field) {
    return Array.prototype.slice.call(field.querySelector("[data-rows]").children).filter(function (r) {
      return r.hasAttribute("data-row");
    });
  };

  P.addRow = function (field) {
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

  P.clearRows = function (field) {
    this.rows(field).forEach(function (r) { r.remove(); });
    field.querySelectorAll(".calc-row-msg").forEach(function (m) { m.remove(); });
  };

  // Row numbers, the accessible names of cells and remove buttons, the "none" box.
  P.renumber = function (field) {
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
      if (rm) rm.setAttribute("aria-label", fill(self.texts[field.dataset.kind === "table" ? "remove_row" : "remove_item"], { n: i + 1 }));
    });
    var none = field.querySelector(".calc-none");
    if (none) none.hidden = rows.length > 0;
    field.classList.toggle("calc-empty", rows.length === 0);
  };

  // A table wider than its place shows its rows as cards (CSS .calc-cards). The width a
  // table needs is measured once, with a sample row, while it is a table and visible.
  // Reads and writes in batches: one forced layout for all the tables, not three per table.
  P.fitTables = function () {
    var shown = Array.prototype.filter.call(this.form.querySelectorAll("[data-kind=table]"), function (f) {
      return f.querySelector(".calc-table-wrap").offsetParent;  // not hidden (another stage)
    });
    var samples = shown.filter(function (f) { return !f.dataset.needWidth; }).map(function (f) {
      f.classList.remove("calc-cards");
      var table = f.querySelector(".calc-table-wrap table");
      var sample = document.createElement("tbody");
      sample.innerHTML = f.querySelector("template").innerHTML.replace(/__i__/g, "sample");
      sample.style.visibility = "hidden";
      table.append(sample);
      return { field: f, table: table, sample: sample };
    });
    samples.forEach(function (s) { s.field.dataset.needWidth = String(s.table.scrollWidth); });
    samples.forEach(function (s) { s.sample.remove(); });
    var widths = shown.map(function (f) { return f.querySelector(".calc-table-wrap").clientWidth; });
    shown.forEach(function (f, i) {
      f.classList.toggle("calc-cards", Number(f.dataset.needWidth) > widths[i] + 1);
    });
  };

  // --- where: the words calc uses to name a field ("课程模块 第2行 实训操作课时") -------
  P.whereOfRow = function (field, i) {
    return fill(this.texts.row, { where: field.dataset.where, n: i + 1 });
  };

  P.whereOf = function (node) {
    if (node.dataset.where) return node.dataset.where;
    var row = node.closest("[data-row]");
    if (!row) return null;
    var field = row.closest("[data-kind=table], [data-kind=list]");
    var where = this.whereOfRow(field, this.rows(field).indexOf(row));
    if (node === row) return where;
    return node.dataset.cell && field.dataset.kind === "table" ? where + " " + node.dataset.cell : where;
  };

  // --- stages (x-stages): only the chosen stage's fields show and are sent -----------------
  // A staged field's hint describes every stage; the form gives its words for each stage
  // (data-stage-hints, written at build time by scripts/calc_forms.py).
  P.applyStages = function () {
    var ctl = this.form.querySelector("[data-stage-control]");
    if (!ctl) return;
    var stage = this.control(ctl).value;
    this.form.querySelectorAll("[data-stages]").forEach(function (f) {
      f.hidden = !stage || f.dataset.stages.split(" ").indexOf(stage) < 0;
      var hint = f.querySelector(":scope > .calc-hint[data-stage-hints]");
      if (!hint) return;
      if (hint.dataset.full === undefined) hint.dataset.full = hint.textContent;
      var hints = JSON.parse(hint.dataset.stageHints);
      hint.textContent = stage in hints ? hints[stage] : hint.dataset.full;
    });
  };

  // --- reading and writing values -------------------------------------------------------------
  // Raw state (what is typed, for storage) or the payload (what calc gets: empty optional
  // fields left out, integers as numbers, hidden stages left out).
  P.read = function (scope, payload) {
    var out = {};
    var self = this;
    this.keyed(scope).forEach(function (f) {
      if (payload && f.hidden) return;
      var v = self.readField(f, payload);
      if (v !== undefined) out[f.dataset.key] = v;
    });
    return out;
  };

  P.readScalar = function (f, payload) {
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

  P.readField = function (f, payload) {
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

  P.write = function (scope, values) {
    var self = this;
    this.keyed(scope).forEach(function (f) {
      if (values && Object.prototype.hasOwnProperty.call(values, f.dataset.key)) self.writeField(f, values[f.dataset.key]);
    });
  };

  P.writeScalar = function (f, v) {
    var c = this.control(f);
    if (f.dataset.kind === "boolean") c.checked = !!v;
    else if (f.dataset.kind === "tristate" && typeof v === "boolean") c.value = v ? "true" : "false";
    else if (f.dataset.kind === "datetime" && typeof v === "string") c.value = v.slice(0, 19);
    else c.value = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  };

  P.writeField = function (f, v) {
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

  // --- loc: pydantic's path of a problem (["input", "modules", 2, "theory_hours"]) ----------
  // The deepest node of the form on that path: a field, a table row or a cell; null when
  // the path does not reach a shown field. `exact` says whether the whole path was found.
  P.locate = function (loc) {
    var scope = this[loc[0]];
    var node = null;
    var i = 1;
    for (; i < loc.length; i++) {
      var step = loc[i];
      if (typeof step === "number") {
        if (!node || ["table", "list"].indexOf(node.dataset.kind) < 0) break;
        var row = this.rows(node)[step];
        if (!row) break;
        if (node.dataset.kind === "table") { node = row; scope = row; }
        else { node = row.querySelector(".calc-cell"); scope = null; }
        continue;
      }
      if (!scope) break;
      var hit = this.keyed(scope).filter(function (f) { return f.dataset.key === step; })[0];
      if (!hit) break;
      node = hit;
      scope = hit.dataset.kind === "group" ? hit : null;
    }
    if (node && node.closest("[hidden]")) return null;
    return node ? { node: node, exact: i >= loc.length } : null;
  };

  window.calcParts = window.calcParts || {};
  window.calcParts.fields = P;
})();
