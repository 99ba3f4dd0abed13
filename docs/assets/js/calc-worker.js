// Module Web Worker: Pyodide from this site's own runtime folder, the wheels listed in
// runtime/manifest.json, then calc. Every error is posted back to the page. No rule lives here.
//
// One protocol. Start:  {type: "init", base: "<site>/runtime/", warm: [questions of the page],
//                        integrity: "sha256-…" of runtime/manifest.json (from the page's meta)}
//   out:                 {type: "stage", stage, text, received, total} … then
//                        {type: "ready", info} | {type: "failed", error}
// Calls:   {type: "call", id, kind, ...} with kind (see KINDS below)
//            "run"      {question, payload}          → calc.api.run_json's answer
//            "whatif"   {question, payload, daily}   → calc.whatif: the what-if panel's
//                                                        display blocks ({blocks})
//            "describe" {question}                   → calc.tables.describe (upload pages)
//            "upload"   {question, payload, files: [{name, buffer}]} → calc.tables.upload
//            "batch"    the same with several files  → calc.tables.upload_many
//            "download" {question, format}           → bytes of the last upload's result
//            "render"   {name, format, data, context} → calc.render: "findings" → JSON
//                                                        (calc.display.template_answer),
//                                                        "preview" → JSON (calc.render.preview),
//                                                        "md" | "html" | "docx" → bytes
//            "load"     {packages}                   → wheels loaded ahead of need
//            "prepare"  {questions}                  → their modules imported (a page
//                                                        reached by instant navigation)
//   out:     {type: "answer", id, result} | {type: "error", id, error}
//            {type: "progress", id, rows, share}       (upload, batch: rows read)
//            {type: "log", text}

let pyodide = null;
let runJson = null;
let prepare = null; // calc.api.prepare: import the modules of these questions
let manifest = null;
let lazyByModule = {}; // top-level module -> wheel name (for wheels not loaded at start)
const loaded = new Set();

const post = (msg) => self.postMessage(msg);
const stage = (name, text, extra = {}) => post({ type: "stage", stage: name, text, ...extra });

// Every runtime file and wheel is fetched with Subresource Integrity: the SHA-256 in
// runtime/manifest.json (whose own hash the page carries), so a file changed by a cache,
// a proxy or a half-finished copy is refused, never run.
const sri = (hex) => "sha256-" + btoa(String.fromCharCode(...hex.match(/../g).map((h) => parseInt(h, 16))));

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Pyodide swallows some failed fetches (it retries, or logs and leaves a package out), so
// the first failure is also kept here, and init() stops on it.
let downloadFailed = null;
let stopInit = () => {};

async function checkedFetch(fetcher, url, init, expected, name) {
  try {
    return await fetcher(url, { ...init, integrity: sri(expected) });
  } catch (err) {
    downloadFailed = downloadFailed || (await explainFailure(fetcher, url, err, expected, name));
    stopInit(downloadFailed);
    throw downloadFailed;
  }
}

// fetch(url, {integrity}) fails alike for a wrong hash and a lost connection; fetch the
// file once more without the check to tell the user which it was.
async function explainFailure(fetcher, url, err, expected, name) {
  let got = null;
  try {
    const again = await fetcher(url, { cache: "no-store" });
    if (again.ok) got = await sha256Hex(await again.arrayBuffer());
  } catch (_) {
    // offline: reported below as a failed download
  }
  if (got && got !== expected) {
    return new Error(
      `运行环境文件 ${name} 校验失败：SHA-256 应为 ${expected.slice(0, 12)}…，实为 ${got.slice(0, 12)}…` +
        "（文件被缓存或代理改动，或站点正在更新）；请稍后刷新重试");
  }
  return new Error(`无法下载运行环境文件 ${name}（${(err && err.message) || err}）`);
}

// Check and count the bytes of the runtime files and wheels as they arrive (the progress
// bar: Pyodide itself has no download-progress callback).
function watchDownloads(base, total) {
  const known = new Map();
  for (const f of [...manifest.files, ...manifest.wheels]) known.set(new URL(f.file, base).href, f);
  let received = 0;
  const counted = new Set();
  const originalFetch = self.fetch.bind(self);
  const report = () => stage("download", "下载 Python 运行环境", { received, total });
  self.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : new URL(String(input), self.location.href).href;
    const file = known.get(url);
    if (!file) return originalFetch(input, init);
    const response = await checkedFetch(originalFetch, url, init, file.sha256, file.file.split("/").pop());
    if (!response.body || counted.has(url)) return response; // a second read, from the cache
    counted.add(url);
    // Count a copy of the stream: the response itself goes to Pyodide untouched, so that
    // it keeps its URL and the browser can cache the compiled WebAssembly for the next visit.
    const reader = response.clone().body.getReader();
    (async () => {
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        received += part.value.byteLength;
        report();
      }
    })().catch(() => {});
    return response;
  };
  return () => (self.fetch = originalFetch);
}

function moduleNotFound(err) {
  const m = /ModuleNotFoundError: No module named '([\w.]+)'/.exec(String(err && err.message));
  return m ? m[1].split(".")[0] : null;
}

// Run fn(); if Python imports a module whose wheel loads lazily, load it and try again.
async function withLazy(fn) {
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (err) {
      const wheel = lazyByModule[moduleNotFound(err)];
      if (!wheel || loaded.has(wheel) || attempt > 8) throw err;
      post({ type: "log", text: `按需加载 ${wheel}` });
      await loadPackages([wheel]);
    }
  }
}

async function loadPackages(names) {
  const want = names.filter((n) => !loaded.has(n));
  if (!want.length) return;
  const got = await pyodide.loadPackage(want, {
    checkIntegrity: true,
    messageCallback: (text) => post({ type: "log", text }),
    errorCallback: (text) => post({ type: "log", text, error: true }),
  });
  const norm = (n) => n.toLowerCase().replace(/[-_.]+/g, "-");
  const have = new Set([...Object.keys(pyodide.loadedPackages), ...(got || []).map((p) => p.name)].map(norm));
  const missing = want.filter((n) => !have.has(n));
  if (missing.length) throw downloadFailed || new Error(`软件包加载失败：${missing.join("、")}`);
  for (const n of want) loaded.add(n);
}

async function init(base, warm, integrity) {
  const stopped = new Promise((_, reject) => (stopInit = reject));
  stopped.catch(() => {});
  await Promise.race([start(base, warm, integrity), stopped]);
}

async function start(base, warm, integrity) {
  const t0 = performance.now();
  stage("manifest", "读取运行环境清单");
  let res;
  try {
    res = await fetch(new URL("manifest.json", base), { cache: "no-cache", integrity: integrity || "" });
  } catch (err) {
    throw new Error("无法读取或校验 runtime/manifest.json（与本页记录的 SHA-256 不符，或网络中断）；请刷新重试");
  }
  if (!res.ok) throw new Error(`无法读取 runtime/manifest.json（HTTP ${res.status}）`);
  manifest = await res.json();
  for (const w of manifest.wheels) {
    if (w.load !== "start") for (const mod of w.imports) lazyByModule[mod] = w.name;
  }
  const startWheels = manifest.wheels.filter((w) => w.load === "start");
  const total = [...manifest.files, ...startWheels].reduce((n, f) => n + f.size, 0);
  const unwatch = watchDownloads(base, total);
  try {
    const index = new URL(manifest.pyodide.index, base).href;
    stage("runtime", "启动 Python 运行环境");
    // The two scripts come by import(), which takes no integrity: fetch them checked first
    // (import() then reads them from the HTTP cache, where they are immutable).
    const read = (f) => fetch(new URL(f.file, base)).then((r) => r.arrayBuffer());
    const scripts = manifest.files.filter((f) => f.file.endsWith(".mjs"));
    await Promise.all(scripts.map(read));
    // The start wheels download while Python starts; loadPackage then reads them from the
    // HTTP cache. (A failure here stops init through checkedFetch.)
    startWheels.forEach((w) => read(w).catch(() => {}));
    const { loadPyodide } = await import(index + "pyodide.mjs");
    pyodide = await loadPyodide({
      indexURL: index,
      lockFileContents: manifest.lock,
      packageBaseUrl: new URL(manifest.packages_base, base).href,
      stdout: (text) => post({ type: "log", text }),
      stderr: (text) => post({ type: "log", text, error: true }),
    });
    stage("packages", `安装软件包：${manifest.start.join("、")}`);
    await loadPackages(manifest.start);
  } finally {
    unwatch();
  }
  stage("import", "导入 calc");
  const api = pyodide.pyimport("calc.api");
  await withLazy(() => api.prepare(pyodide.toPy(warm || [])));
  runJson = api.run_json;
  prepare = api.prepare;
  const questions = pyodide.runPython("import calc.manifest\nlist(calc.manifest.manifest())").toJs();
  const info = {
    pyodide: manifest.pyodide.version,
    calc: manifest.calc.version,
    calcSource: manifest.calc.source_hash,
    questions,
    seconds: (performance.now() - t0) / 1000,
  };
  post({ type: "ready", info });
}

// Uploaded tables (calc.tables): the Result of the last upload of each question is
// kept (a Python proxy) for its downloads.
const kept = new Map();

function bytesOut(proxy) {
  const data = proxy.toJs();
  proxy.destroy();
  return { result: data.buffer, transfer: [data.buffer] };
}

function upload(msg) {
  const tables = pyodide.pyimport("calc.tables");
  const progress = (rows, share) => post({ type: "progress", id: msg.id, rows, share });
  const payload = JSON.stringify(msg.payload || {});
  const many = msg.kind === "batch";
  const source = many ? pyodide.toPy([]) : pyodide.toPy(new Uint8Array(msg.files[0].buffer));
  if (many) {  // a Python list of the files' bytes
    for (const f of msg.files) {
      const one = pyodide.toPy(new Uint8Array(f.buffer));
      source.append(one);
      one.destroy();
    }
  }
  let pair;
  try {
    pair = many
      ? tables.upload_many(msg.question, source, pyodide.toPy(msg.files.map((f) => f.name)), payload, progress)
      : tables.upload(msg.question, source, msg.files[0].name, payload, progress);
  } finally {
    source.destroy();
  }
  const [text, result] = pair.toJs({ depth: 1 });
  pair.destroy();
  if (kept.has(msg.question)) kept.get(msg.question).destroy();
  kept.delete(msg.question);
  if (result) kept.set(msg.question, result);
  return { result: JSON.parse(text) };
}

// Templates (calc.render): "findings" → calc.display.template_answer(name, data, context)
// (calc.render.findings as the page shows it) as JSON; "preview" → calc.render.preview
// (the document however little is filled, and what is still to fill) as JSON; data null →
// the blank copy empty(name, format); else render(name, data, format) → bytes.
function render(msg) {
  const mod = pyodide.pyimport("calc.render");
  const json = pyodide.pyimport("json");
  const boundary = pyodide.pyimport("calc.boundary");
  const data = msg.data == null ? null : boundary.loads(JSON.stringify(msg.data));
  if (msg.format === "findings") {
    const context = boundary.loads(JSON.stringify(msg.context || {}));
    const answer = pyodide.pyimport("calc.display").template_answer;
    return { result: JSON.parse(json.dumps(answer(msg.name, data, context))) };
  }
  if (msg.format === "preview") return { result: JSON.parse(json.dumps(mod.preview(msg.name, data))) };
  return bytesOut(data === null ? mod.empty(msg.name, msg.format) : mod.render(msg.name, data, msg.format));
}

const KINDS = {
  run: (msg) => ({ result: JSON.parse(runJson(msg.question, JSON.stringify(msg.payload))) }),
  whatif: (msg) => ({
    result: JSON.parse(pyodide.pyimport("calc.whatif").whatif_json(
      String(msg.question), msg.payload ? JSON.stringify(msg.payload) : "", String(msg.daily))),
  }),
  describe: (msg) => ({ result: JSON.parse(pyodide.pyimport("calc.tables").describe(msg.question)) }),
  upload,
  batch: upload,
  download: (msg) => {
    if (!kept.has(msg.question)) throw new Error("没有可下载的结果");
    return bytesOut(pyodide.pyimport("calc.tables").download(msg.question, kept.get(msg.question), msg.format));
  },
  render,
};

// A failure as the page shows it: never a Python traceback. calc answers bad input with
// its own Chinese message, so a Python exception that reaches here is calc's InputError
// (its message is the last line) or a defect: say what happened and what to do.
function explain(err) {
  if (!err || !err.type) return String((err && err.message) || err);
  const last = String(err.message || "").trim().split("\n").pop() || "";
  if (err.type === "InputError") return last.replace(/^[\w.]*InputError: /, "");
  const kind = err.type === "MemoryError" ? "内存不足：文件或输入太大，请拆分后再试" : err.type;
  return "计算时出现内部错误（" + kind + "）。请刷新页面后重试；如果仍然出错，" +
    "请把所用的输入或文件和这段说明发给维护者（项目主页的“问题”页）。";
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    try {
      await init(msg.base, msg.warm, msg.integrity);
    } catch (err) {
      post({ type: "failed", error: explain(err) });
    }
    return;
  }
  if (msg.type !== "call") return;
  try {
    if (!runJson) throw new Error("运行环境尚未就绪");
    let out;
    if (msg.kind === "load") {
      await loadPackages(msg.packages);
      out = { result: { loaded: msg.packages } };
    } else if (msg.kind === "prepare") {
      await withLazy(() => prepare(pyodide.toPy(msg.questions || [])));
      out = { result: { prepared: msg.questions } };
    } else {
      const handle = KINDS[msg.kind];
      if (!handle) throw new Error(`未知的请求：${msg.kind}`);
      out = await withLazy(() => handle(msg));
    }
    self.postMessage({ type: "answer", id: msg.id, result: out.result }, out.transfer || []);
  } catch (err) {
    post({ type: "error", id: msg.id, error: explain(err) });
  }
};
