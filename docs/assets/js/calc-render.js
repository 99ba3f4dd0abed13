// The one renderer of calc's answers, for every page (forms, uploads, templates). Python
// writes every text and number (calc/display.py: the answer's "display"); this file only
// lays the blocks out. No label, percentage, status text or rule lives here.
//
//   calcRender.result(out, r, {root, readingSwitch(key) → control id or null})
//   calcRender.blocks(list, root, level) → nodes   (section, figures, table, text, todo)
//   calcRender.level(node) → the heading level of a part placed at node (see below)
//   calcRender.badge(status, text), calcRender.run(run, root) → node
// The page's own texts (the form's, the template page's) are Python's too, written into
// the page at build time (calc.display.PAGE_TEXT, a form's data-texts):
//   calcRender.texts(node) → the texts of node's form;  calcRender.fill(text, {name: value})
(function () {
  "use strict";
  // The theme runs a page's scripts again after each instant-navigation swap: once is enough.
  if (window.calcRender) return;
  var el = window.calcRuntime.el;

  // Headings follow the page's outline (axe's heading-order): a result's headings are one
  // level below the last heading before it (h2 under the page's h1, h3 under a section's
  // h2), whatever the page. Their look comes from their class, not their level:
  // calc-h (a part of the answer), calc-h-sub (a group inside one).
  function level(node) {
    var n = 1;
    var all = document.querySelectorAll("h1, h2, h3, h4, h5, h6");
    for (var i = 0; i < all.length; i++) {
      if (node.contains(all[i])) continue;
      if (!(all[i].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      n = Number(all[i].tagName.charAt(1));
    }
    return Math.min(n + 1, 6);
  }

  function heading(n, cls, text) {
    return el("h" + Math.min(n, 6), { class: cls, text: text });
  }

  function badge(status, text) {
    return el("span", { class: "calc-badge calc-st-" + status, text: text });
  }

  function link(root, url, text, kids) {
    return el("a", { href: root + url, text: text }, kids);
  }

  // One run of a line (calc.display): text, {text, url}, {code, url}, {strong},
  // {status, text} (a badge); a list of runs is one span.
  function run(x, root) {
    if (x === null || x === undefined || typeof x !== "object") return x === null || x === undefined ? null : String(x);
    if (Array.isArray(x)) return el("span", {}, x.map(function (y) { return run(y, root); }));
    if (x.status) return badge(x.status, x.text);
    var node = x.code !== undefined ? el("code", { text: x.code }) : x.strong !== undefined ? el("b", { text: x.strong }) : x.text;
    return x.url ? el("a", { href: root + x.url }, [node]) : node;
  }

  function runs(list, root) {
    return (list || []).map(function (x) { return run(x, root); });
  }

  function cell(c, root) {
    if (!c || typeof c !== "object") return c;
    return c.runs ? el("span", {}, runs(c.runs, root)) : badge(c.status, c.text);
  }

  function texts(node) {
    var holder = node && node.closest("[data-texts]");
    return holder ? JSON.parse(holder.dataset.texts) : {};
  }

  function fill(text, fields) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, k) { return k in fields ? String(fields[k]) : m; });
  }

  function table(b, root) {
    var t = el("table", { class: "calc-table " + (b.cls || "") }, [
      el("thead", {}, [el("tr", {}, b.head.map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, b.rows.map(function (row) {
        return el("tr", {}, row.map(function (c) { return el("td", {}, [cell(c, root)]); }));
      })),
    ]);
    if (b.title === undefined) return scroller([t]);
    return el("details", { class: "upload-list " + (b.cls || ""), open: b.open }, [
      el("summary", { text: b.title }),
      b.note ? el("p", { class: "calc-note", text: b.note }) : null,
      b.total ? scroller([t]) : el("p", { text: b.empty }),
    ]);
  }

  // A table that may be wider than the screen scrolls in its own box, which the keyboard
  // can reach (tabindex) to scroll it when the table has no link or field of its own.
  function scroller(kids) { return el("div", { class: "calc-scroll", tabindex: "0" }, kids); }

  function todo(b, lv) {
    var out = [];
    b.groups.forEach(function (g) {
      out.push(heading(lv, "calc-h-sub calc-todo-head", g.title), el("ul", { class: "calc-todo" }, g.items.map(function (n) {
        return el("li", {}, [
          el("span", { class: "calc-box", "aria-hidden": "true" }),
          el("b", { text: n.label }),
          el("span", { class: "calc-doc-how", style: "margin-left: 1em", text: n.how }),
        ].concat(n.notes.map(function (x) { return el("div", { class: "calc-doc-note", text: x }); })));
      })));
      if (g.not_needed.length) {
        out.push(el("ul", { class: "calc-not-needed" }, g.not_needed.map(function (x) { return el("li", { text: x }); })));
      }
    });
    return out;
  }

  function block(b, root, n) {
    if (b.kind === "figures") {
      return el("p", { class: "calc-figures" }, b.items.map(function (f) {
        return el("span", {}, [f.label + (f.value ? " " : ""), f.value ? el("b", { text: f.value }) : null, f.unit ? " " + f.unit : null]);
      }));
    }
    if (b.kind === "table") return table(b, root);
    if (b.kind === "text") return el("p", { class: b.cls || null, text: b.runs ? null : b.text }, runs(b.runs, root));
    if (b.kind === "todo") return todo(b, n);
    if (b.kind === "section") {
      var head = heading(n, "calc-h", b.title);
      if (b.print) {
        head = el("div", { class: "calc-print-head" }, [head, el("button", {
          type: "button", class: "md-button calc-print", text: b.print, onclick: function () { window.print(); } })]);
      }
      return el("section", { class: "calc-view " + (b.cls || ""), "aria-label": b.label || null }, [head].concat(blocks(b.blocks, root, n + 1)));
    }
    return null;
  }

  // n: the level of a section's heading here (3 when not given).
  function blocks(list, root, n) {
    var out = [];
    (list || []).forEach(function (b) { out = out.concat(block(b, root, n || 3)); });
    return out.filter(Boolean);
  }

  function check(c, root) {
    var rows = [];
    c.rows.forEach(function (r) {
      rows.push(el("dt", { text: r[0] }), Array.isArray(r[1]) ? el("dd", {}, runs(r[1], root)) : el("dd", { text: r[1] }));
    });
    return el("details", { class: "calc-check", "data-rule": c.rule, "data-status": c.status, open: c.status === "fail" }, [
      el("summary", {}, [
        badge(c.status, c.status_text), " ", el("code", { text: c.rule }), " ",
        el("span", { class: "calc-message", text: c.message }),
        c.fix_line ? el("span", { class: "calc-fix", text: c.fix_line }) : null,
      ]),
      el("dl", { class: "calc-check-detail" }, rows),
    ]);
  }

  // The findings; many of them (folds, from calc): those that are not passes first, the
  // first folds.open of them open, the rest and the passes folded under calc's titles.
  function checks(list, folds, root) {
    function group(part) { return el("div", { class: "calc-checks" }, part.map(function (c) { return check(c, root); })); }
    if (!folds) return [group(list)];
    var other = list.filter(function (c) { return c.status !== "pass"; });
    var passed = list.filter(function (c) { return c.status === "pass"; });
    function folded(part, title) {
      return title ? el("details", { class: "upload-list" }, [el("summary", { text: title }), group(part)]) : null;
    }
    return [group(other.slice(0, folds.open)), folded(other.slice(folds.open), folds.other), folded(passed, folds.passed)];
  }

  function trace(t, r, root, n) {
    return el("details", { class: "calc-plain calc-trace" }, [
      el("summary", { text: t.title }),
      el("p", { text: t.note }),
      heading(n + 1, "calc-h-sub", t.values_title),
      scroller([el("table", { class: "calc-table" }, [
        el("thead", {}, [el("tr", {}, t.head.map(function (h) { return el("th", { text: h }); }))]),
        el("tbody", {}, t.rules.map(function (x) {
          return el("tr", {}, [
            el("td", {}, [el("code", { text: x.rule })]),
            el("td", {}, [link(root, x.url, x.article)]),
            el("td", { text: x.in_force }),
            el("td", {}, x.values.map(function (v) { return el("div", { text: v }); })),
          ]);
        })),
      ])]),
      el("details", { class: "calc-plain calc-json" }, [
        el("summary", { text: t.json_title }),
        el("pre", {}, [el("code", { tabindex: "0", text: JSON.stringify(r, function (k, v) { return k === "display" ? undefined : v; }, 2) })]),
      ]),
    ]);
  }

  // A whole answer: the verdict, the question's own view, the findings, the readings
  // used (with a button to the form's switch, when opts.readingSwitch finds one), the trace.
  function result(out, r, opts) {
    var d = r.display;
    var root = opts.root;
    var n = level(out);
    var v = d.verdict;
    out.append(el("div", { class: "calc-verdict calc-st-" + v.status }, [
      el("p", {}, [el("strong", { text: v.head }), badge(v.status, v.status_text)]),
      v.summary ? el("p", { class: "calc-summary", text: v.summary }) : null,
    ].concat(opts.verdictExtra || [])));
    (opts.before || []).forEach(function (n) { if (n) out.append(n); });
    blocks(d.views, root, n).forEach(function (n) { out.append(n); });
    var titles = d.titles || {};
    if (titles.checks) {  // (a template filled in: a verdict only)
      out.append(heading(n, "calc-h", titles.checks), el("p", { class: "calc-hint", text: titles.hint }));
      checks(d.checks, d.folds, root).forEach(function (n) { if (n) out.append(n); });
    }
    if (titles.readings) {
      out.append(heading(n, "calc-h", titles.readings), el("ul", { class: "calc-readings-used" }, d.readings.map(function (u) {
        var sw = opts.readingSwitch ? opts.readingSwitch(u.key) : null;
        return el("li", {}, runs(u.line, root).concat([
          sw ? el("button", { type: "button", class: "calc-linkish", "data-calc-goto": sw, text: d.switch }) : null,
        ]));
      })));
    }
    if (d.trace) out.append(trace(d.trace, r, root, n));
  }

  window.calcRender = { result: result, blocks: blocks, level: level, badge: badge, check: check, table: table, run: run, texts: texts, fill: fill };
})();
