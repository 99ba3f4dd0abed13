// Drafts, for calc-form.js: the form's inputs persist in localStorage ("calc:<question>")
// and in the URL fragment ("#<question>=<JSON>"; several forms on a page share it), so a
// link reproduces a calculation. Only what differs from the defaults is kept. Methods
// mixed into the Calculator (calcParts.drafts).
(function () {
  "use strict";
  // The theme runs a page's scripts again after each instant-navigation swap: once is enough.
  if (window.calcParts && window.calcParts.drafts) return;
  var P = {};
  var MAX_LINK = 6000;  // characters of saved input that still go into the page address
  var el = window.calcRuntime.el;

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // --- the URL fragment: "#days=…&plan-check=…" -------------------------------------------
  function fragment() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var i = part.indexOf("=");
      if (i > 0) out[decodeURIComponent(part.slice(0, i))] = part.slice(i + 1);
    });
    return out;
  }

  function setFragment(key, text) {
    var parts = fragment();
    if (text === null) delete parts[key];
    else parts[key] = encodeURIComponent(text);
    var hash = Object.keys(parts).map(function (k) { return encodeURIComponent(k) + "=" + parts[k]; }).join("&");
    history.replaceState(null, "", location.pathname + location.search + (hash ? "#" + hash : ""));
  }

  P.state = function () {
    return { input: this.read(this.input, false), context: this.read(this.context, false) };
  };

  P.payload = function () {
    return { input: this.read(this.input, true), context: this.read(this.context, true) };
  };

  P.apply = function (state) {
    this.write(this.input, this.defaults.input);
    this.write(this.context, this.defaults.context);
    if (state) {
      this.write(this.input, state.input || {});
      this.write(this.context, state.context || {});
    }
    this.applyStages();
  };

  // Saved state: only what differs from the defaults, by top-level key (and reading).
  P.changed = function () {
    var now = this.state();
    var d = this.defaults;
    var out = {};
    ["input", "context"].forEach(function (part) {
      Object.keys(now[part]).forEach(function (k) {
        if (k === "readings") {
          var r = {};
          Object.keys(now[part][k]).forEach(function (key) {
            if (!same(now[part][k][key], (d[part][k] || {})[key])) r[key] = now[part][k][key];
          });
          if (Object.keys(r).length) (out[part] = out[part] || {})[k] = r;
        } else if (!same(now[part][k], d[part][k])) {
          (out[part] = out[part] || {})[k] = now[part][k];
        }
      });
    });
    return out;
  };

  P.save = function () {
    var text = JSON.stringify(this.changed());
    try { localStorage.setItem(this.key, text); } catch (e) { /* private mode */ }
    // Very long inputs (hundreds of rows) stay in this browser only: no link that long.
    // Forms holding personal data (data-calc-private: rosters, plans) never go into the
    // address, where they would land in the browser's history.
    this.tooLong = text.length > MAX_LINK || "calcPrivate" in this.form.dataset;
    setFragment(this.question, text === "{}" || this.tooLong ? null : text);
  };

  // Old links and storage used flat names ({"input.subsidy_yuan": "…"}): nest them.
  function nest(saved) {
    var out = {};
    Object.keys(saved).forEach(function (k) {
      var path = k.split(".");
      var target = out;
      for (var i = 0; i < path.length - 1; i++) target = target[path[i]] = target[path[i]] || {};
      target[path[path.length - 1]] = saved[k];
    });
    return out;
  }

  P.restore = function () {
    var parts = fragment();
    var text = parts[this.question];
    var first = document.querySelector("form.calc-form[data-calc-question]") === this.form;
    if (text === undefined && first) text = parts.q;
    var saved = null;
    try {
      if (text !== undefined) saved = JSON.parse(decodeURIComponent(text));
      else saved = JSON.parse(localStorage.getItem(this.key) || "null");
    } catch (e) {
      saved = null;
    }
    if (saved && typeof saved === "object") {
      try {
        this.apply(nest(saved));
      } catch (e) {
        this.apply(null);  // a stale or foreign state: start from the defaults
      }
      if (text !== undefined) this.save();
    }
  };

  P.forget = function () {
    try { localStorage.removeItem(this.key); } catch (err) { /* private mode */ }
    setFragment(this.question, null);
  };

  // The 复制链接 button: the page's address with the inputs, copied or shown to copy.
  P.share = function () {
    this.save();
    var out = this.form.querySelector("[data-calc-share-out]");
    var url = location.href;
    if (this.tooLong) {
      out.textContent = this.texts.link_too_long;
      return;
    }
    var T = this.texts;
    var shown = function (text) { out.textContent = text; };
    var fallback = function () {
      out.innerHTML = "";
      var box = el("input", { type: "text", readonly: "readonly", value: url, "aria-label": T.link_label, class: "calc-share-url" });
      out.append(box);
      box.select();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { shown(T.link_copied); }, fallback);
    } else fallback();
  };

  window.calcParts = window.calcParts || {};
  window.calcParts.drafts = P;
})();
