// Small helpers for every page: open a rule box that a link points to, open every
// collapsed block before printing so the printout shows the rules' values, and register
// the service worker (../../sw.js) that keeps the site working offline after a visit.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  // Register once the page is done (a calculator: once its runtime is ready), so storing
  // the runtime neither slows the first answer nor downloads a file twice.
  function register() {
    var root = new URL("../../", here);
    navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (reg) {
        // Ask the worker to keep this page and everything it loaded (scripts, styles, the
        // calculator's worker script, the search index), fetched before the worker took
        // over; it answers on the channel when they are stored.
        var urls = [location.href.split("#")[0]];
        performance.getEntriesByType("resource").forEach(function (e) { urls.push(e.name); });
        if (window.calcRuntime) urls.push(new URL("calc-worker.js", here).href);
        return new Promise(function (resolve, reject) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (e) { (e.data.ok ? resolve : reject)(e.data.error); };
          reg.active.postMessage({ type: "keep", urls: urls, runtime: !!window.calcRuntime }, [channel.port2]);
        });
      })
      .then(function () { window.calcOffline = "ready"; })
      .catch(function (err) { window.calcOffline = "unavailable: " + err; });
  }
  if (here && "serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      var calculator = document.querySelector("[data-calc-question], [data-calc-status]");
      if (!window.calcRuntime || !calculator) return register();
      var done = false;
      var stop = window.calcRuntime.onStatus(function (state) {
        if (done || state.stage !== "ready") return;
        done = true;
        register();
        if (stop) stop();
      });
      if (done) stop();
    });
  }

  // Instant navigation (mkdocs-material): the theme takes a link as internal only when
  // sitemap.xml lists it, and its check keeps the sitemap's port (site_url's). On a host
  // serving the site on another port, a link to a page of this site the theme left alone
  // goes through the theme's own location$ here, as the theme would send it.
  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (!window.location$ || !window.__md_scope || !e.target.closest) return;
    var a = e.target.closest("a[href]");
    if (!a || a.target || a.hasAttribute("download")) return;
    var url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.indexOf(window.__md_scope.pathname) !== 0) return;
    if (url.pathname === location.pathname || !/(\/|\.html)$/.test(url.pathname)) return;
    if (/\/(assets|runtime|search)\//.test(url.pathname.slice(window.__md_scope.pathname.length - 1))) return;
    e.preventDefault();
    history.replaceState({ x: window.scrollX, y: window.scrollY }, "");
    history.pushState(null, "", url.href);
    window.location$.next(url);
  });

  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    for (var node = el; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    el.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);

  // The theme's search dialog has no accessible name (axe: aria-dialog-name): it takes its
  // input's label, the theme's own word in the page's language.
  function nameSearch() {
    var dialog = document.querySelector(".md-search[role=dialog]:not([aria-label])");
    var input = dialog && dialog.querySelector(".md-search__input[aria-label]");
    if (input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", nameSearch);
  else nameSearch();

  var reopen = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      reopen.push(d);
      d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    reopen.forEach(function (d) { d.open = false; });
    reopen = [];
  });
})();
