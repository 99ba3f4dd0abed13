// The calculators' Python runtime, for page scripts: one call,
//
//     const result = await calcRuntime.call("run", {question: "days", payload: {input, context}});
//
// (calcRuntime.run("days", payload) for short) returns the JSON of calc.api.run (a result
// with its "display", or {"error": ...} for bad input); uploads, downloads and templates
// are other kinds of the same call (calc-worker.js lists them). Python runs
// in a module Web Worker (calc-worker.js) that starts as soon as a page with a calculator
// opens; every [data-calc-status] element shows the stage, a progress bar, the elapsed
// seconds, and on failure the error with a retry button.
(function () {
  "use strict";
  // The loader of a calculator page: the page's one script element (this file) names the
  // scripts to run after it, in order (data-calc-scripts). The theme runs the element again
  // on each page its instant navigation swaps in: this file sets itself up once, and each
  // page adds only the scripts not loaded yet.
  var script = document.currentScript;
  if (window.calcRuntime) { window.calcRuntime.loadScripts(script); return; }
  var requested = new Set();
  function loadScripts(tag) {
    (tag.dataset.calcScripts || "").split(" ").forEach(function (name) {
      if (!name || requested.has(name)) return;
      requested.add(name);
      var s = document.createElement("script");
      s.src = new URL(name, tag.src).href;
      s.async = false;  // run in the order named, whenever they arrive
      document.body.appendChild(s);
    });
  }
  var workerUrl = new URL("calc-worker.js", script.src);
  var runtimeBase = new URL("../../runtime/", script.src);

  var worker = null;
  var seq = 0;
  var pending = new Map();
  var listeners = new Set();
  var readyWaiters = [];
  var state = { stage: "idle", text: "", received: 0, total: 0, started: 0, error: null, info: null };
  var timer = null;
  var starts = 0;  // workers started this visit: one, as pages change by instant navigation

  function emit() {
    listeners.forEach(function (fn) {
      try { fn(state); } catch (e) { console.error(e); }
    });
    render();
  }

  function settleReady(ok) {
    var waiters = readyWaiters;
    readyWaiters = [];
    waiters.forEach(function (w) { ok ? w.resolve(state.info) : w.reject(new Error(state.error)); });
  }

  function start() {
    if (worker) return;
    state = { stage: "starting", text: "启动计算器", received: 0, total: 0,
              started: performance.now(), error: null, info: null };
    var early = window.calcEarlyWorker;  // started by the page itself, see calc_form()
    window.calcEarlyWorker = null;
    if (early) {
      worker = early.worker;
      state.started = early.started;
    } else {
      worker = new Worker(workerUrl, { type: "module" });
      var warm = pageQuestions();
      var meta = document.querySelector('meta[name="calc-runtime-integrity"]');
      worker.postMessage({ type: "init", base: runtimeBase.href, warm: warm, integrity: meta && meta.content });
    }
    window.calcWorkerStarts = ++starts;
    worker.onmessage = onMessage;
    worker.onerror = function (e) {
      fail("计算器脚本出错：" + (e.message || "无法启动 Web Worker"));
    };
    if (early) early.queue.forEach(onMessage);
    clearInterval(timer);
    timer = setInterval(render, 250);
    emit();
  }

  function fail(error) {
    state.stage = "failed";
    state.error = error;
    clearInterval(timer);
    pending.forEach(function (p) { p.reject(new Error(error)); });
    pending.clear();
    settleReady(false);
    emit();
  }

  function onMessage(event) {
    var msg = event.data;
    if (msg.type === "stage") {
      // A late progress report (a download still being counted) changes nothing once the
      // runtime is ready or has failed: the failure and its retry button stay shown.
      if (state.stage === "ready" || state.stage === "failed") return;
      var same = state.stage === msg.stage && state.text === msg.text;
      state.stage = msg.stage;
      state.text = msg.text;
      if (msg.total) { state.received = msg.received; state.total = msg.total; }
      // The download's progress (a message per chunk received) is drawn by the status
      // timer: a repaint of the whole page per message was most of the main thread's work.
      if (!same) emit();
    } else if (msg.type === "ready") {
      state.stage = "ready";
      state.text = "计算器已就绪";
      state.info = msg.info;
      state.seconds = (performance.now() - state.started) / 1000;
      clearInterval(timer);
      settleReady(true);
      emit();
    } else if (msg.type === "failed") {
      fail(msg.error);
    } else if (msg.type === "answer" || msg.type === "error") {
      var p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      msg.type === "answer" ? p.resolve(msg.result) : p.reject(new Error(msg.error));
    } else if (msg.type === "progress") {
      var q = pending.get(msg.id);
      if (q && q.progress) q.progress(msg);
    } else if (msg.type === "log") {
      (msg.error ? console.warn : console.debug)("[calc]", msg.text);
    }
  }

  function ready() {
    start();
    if (state.stage === "ready") return Promise.resolve(state.info);
    if (state.stage === "failed") return Promise.reject(new Error(state.error));
    return new Promise(function (resolve, reject) { readyWaiters.push({ resolve: resolve, reject: reject }); });
  }

  // The one call: {type: "call", id, kind, ...request} (see calc-worker.js); the files'
  // buffers are transferred, not copied.
  function call(kind, request, progress) {
    return ready().then(function () {
      return new Promise(function (resolve, reject) {
        var id = ++seq;
        pending.set(id, { resolve: resolve, reject: reject, progress: progress });
        var message = Object.assign({}, request, { type: "call", id: id, kind: kind });
        var transfer = (request.files || []).map(function (f) { return f.buffer; });
        worker.postMessage(message, transfer);
      });
    });
  }

  function retry() {
    if (worker) worker.terminate();
    worker = null;
    start();
  }

  // --- status display -----------------------------------------------------------------
  var STAGES = ["starting", "manifest", "runtime", "download", "packages", "import", "ready"];
  function mb(n) { return (n / 1048576).toFixed(1); }

  function render() {
    var els = document.querySelectorAll("[data-calc-status]");
    if (!els.length) return;
    var elapsed = ((state.seconds || (performance.now() - state.started) / 1000) || 0).toFixed(1);
    els.forEach(function (el) {
      el.classList.toggle("calc-ready", state.stage === "ready");
      el.classList.toggle("calc-failed", state.stage === "failed");
      if (state.stage === "failed") {
        el.innerHTML = "";
        var p = document.createElement("p");
        p.textContent = "计算器加载失败（" + elapsed + " 秒）。";
        var detail = document.createElement("div");
        detail.className = "calc-error-detail";
        detail.textContent = state.error;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = "重试";
        button.addEventListener("click", retry);
        el.append(p, detail, button);
        return;
      }
      var text = state.text;
      var value;
      if (state.stage === "ready") {
        text = "计算器已就绪（加载用时 " + elapsed + " 秒；Pyodide " + state.info.pyodide +
               "，calc " + state.info.calc + "）。计算在本浏览器中进行，数据不会上传。";
        value = 1;
      } else if ((state.stage === "download" || state.stage === "runtime") && state.total) {
        text = "下载并启动 Python 运行环境：" + mb(state.received) + " / " + mb(state.total) + " MB";
        value = 0.05 + 0.75 * Math.min(1, state.received / state.total);
      } else {
        var i = Math.max(0, STAGES.indexOf(state.stage));
        value = state.stage === "packages" ? 0.85 : state.stage === "import" ? 0.93 : i * 0.02;
      }
      var line = el.querySelector(".calc-status-text");
      var bar = el.querySelector("progress");
      if (!line || !bar) {
        el.innerHTML = '<p class="calc-status-text"></p><progress max="1"></progress>';
        line = el.querySelector(".calc-status-text");
        bar = el.querySelector("progress");
      }
      var shown = state.stage === "ready" ? text : text + "……" + elapsed + " 秒";
      if (line.textContent !== shown) line.textContent = shown;
      if (bar.value !== value) bar.value = value;
    });
  }

  // The page scripts' one DOM helper: el("p", {class: "x", text: "…", onclick: fn}, [kids]).
  // Attributes null, undefined or false are left out; true sets an empty attribute.
  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.slice(0, 2) === "on" && typeof v === "function") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    });
    (kids || []).forEach(function (c) { if (c !== null && c !== undefined && c !== false) node.append(c); });
    return node;
  }

  // Per-page setup under instant navigation: `setup(document)` runs on the first load and
  // after every page swap (the theme's document$), once per page (a script the theme runs
  // while swapping a page in is replayed that page before the swap's own emission); what
  // it returns (a function) tears the previous page down before the next page's setup.
  function onPage(setup) {
    var teardown = null;
    var current = null;  // the page's container: the theme replaces it on each swap
    function run() {
      var page = document.querySelector("[data-md-component=container]") || document.body;
      if (page === current) return;
      current = page;
      if (typeof teardown === "function") {
        try { teardown(); } catch (e) { console.error(e); }
      }
      teardown = null;
      try { teardown = setup(document); } catch (e) { console.error(e); }
    }
    // The theme's bundle is deferred: on a first load this file runs before it, and its
    // document$ is there by DOMContentLoaded.
    var subscribed = false;
    function subscribe() {
      if (subscribed) return;
      subscribed = true;
      if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(run);
      else run();
    }
    if (window.document$ || document.readyState === "complete") subscribe();
    else {
      document.addEventListener("DOMContentLoaded", subscribe);
      window.addEventListener("load", subscribe);  // a page without the theme's bundle
    }
  }

  function pageQuestions() {
    return Array.prototype.map.call(
      document.querySelectorAll("[data-calc-question]"), function (f) { return f.dataset.calcQuestion; });
  }

  window.calcRuntime = {
    loadScripts: loadScripts,
    onPage: onPage,
    el: el,
    /** call(kind, request, onProgress): one request to calc in the worker, kinds "run",
     *  "whatif", "describe", "upload", "batch", "download", "render", "load" (see calc-worker.js). */
    call: call,
    /** Answer question `name` for {input, context}: the JSON of calc.api.run. */
    run: function (question, payload) { return call("run", { question: question, payload: payload }); },
    ready: ready,
    retry: retry,
    onStatus: function (fn) { listeners.add(fn); fn(state); return function () { listeners.delete(fn); }; },
    get state() { return state; },
  };

  // One worker for the whole visit: started by the first page with a calculator; a later
  // page only has the worker import its own questions' modules (the "prepare" call).
  onPage(function () {
    if (!document.querySelector("[data-calc-question], [data-calc-status]")) return;
    if (!worker) { start(); return; }
    render();
    var qs = pageQuestions().filter(function (q) { return q.indexOf("tpl-") !== 0; });
    if (qs.length && state.stage !== "failed") call("prepare", { questions: qs }).catch(function () {});
  });
  loadScripts(script);
})();
