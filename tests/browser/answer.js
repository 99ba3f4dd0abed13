// For tests/browser/test_engines.py (Selenium) and firefox.mjs (Puppeteer): a function
// of a question's name giving what its page shows now, or null while the answer for what
// the form holds is still being computed (an earlier keystroke's does not count).
(question) => {
  const f = document.querySelector(`form[data-calc-question="${question}"]`);
  if (!f.calcLast || JSON.stringify(f.calcLast.payload) !== JSON.stringify(f.calculator.payload())) return null;
  const shown = document.querySelector(`[data-calc-result="${question}"]`);
  return { payload: f.calcLast.payload, result: f.calcLast.result, status: shown.dataset.status, text: shown.innerText };
}
