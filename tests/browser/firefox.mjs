// Firefox for tests/browser/test_engines.py: Debian's firefox-esr driven by puppeteer-core
// (package-lock.json) over WebDriver BiDi. One calculator page, one answer, one draft:
//   node tests/browser/firefox.mjs BASE_URL QUESTION CATEGORY SUBSIDY
// opens BASE_URL/calculators/QUESTION/, waits for the runtime, chooses CATEGORY, types
// SUBSIDY, waits for the answer, waits until the draft is in localStorage (saved as it is
// typed, not when the page goes away), reloads, and prints one JSON object for the test to
// judge: the answer, the draft, the field after the reload, the second answer, every URL
// requested (the page's and its workers'), the page's securitypolicyviolation events, its
// uncaught errors and console errors, and the seconds to the runtime being ready.
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const [base, question, category, subsidy] = process.argv.slice(2);
const FIREFOX = "/usr/bin/firefox-esr";
const WAIT = { timeout: 120_000 };
const shown = readFileSync(new URL("answer.js", import.meta.url), "utf8");
const out = { requests: [], violations: [], errors: [] };

// Before any script of the page: the policy violations it reports.
function listen() {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__violations.push(`${e.violatedDirective} ${e.blockedURI || "inline"}`));
}

// The answer for what the form holds now (tests/browser/answer.js).
async function answer(page) {
  const found = await page.waitForFunction(`(${shown})(${JSON.stringify(question)})`, WAIT);
  return found.jsonValue();
}

async function ready(page) {
  await page.waitForSelector("[data-calc-status].calc-ready", WAIT);
}

const browser = await puppeteer.launch({
  browser: "firefox", executablePath: FIREFOX, protocol: "webDriverBiDi", headless: true,
});
try {
  const page = await browser.newPage();
  page.on("request", (r) => out.requests.push(r.url()));
  page.on("pageerror", (e) => out.errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") out.errors.push(m.text()); });
  await page.evaluateOnNewDocument(listen);
  const t0 = Date.now();
  await page.goto(`${base}/calculators/${question}/`);
  await ready(page);
  out.ready_s = (Date.now() - t0) / 1000;

  await page.select("#f-input-category", category);
  await page.type("#f-input-subsidy-yuan", subsidy);
  out.first = await answer(page);
  // Saved while the page stays open: the reload below finds it without any pagehide work.
  await page.waitForFunction(
    (key, typed) => (localStorage.getItem(key) || "").includes(typed),
    WAIT, `calc:${question}`, subsidy);
  out.draft = await page.evaluate((key) => localStorage.getItem(key), `calc:${question}`);
  out.violations.push(...await page.evaluate(() => window.__violations));

  await page.reload();
  await ready(page);
  out.restored = await page.$eval("#f-input-subsidy-yuan", (i) => i.value);
  out.again = await answer(page);
  out.violations.push(...await page.evaluate(() => window.__violations));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
