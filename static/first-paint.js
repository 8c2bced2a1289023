// Runs before the page first paints (a plain script in <head>). The page carries its
// opening view prerendered: the sample plan, in English, in the standard layout. When
// this visit will show something else (a scenario link, work kept from an earlier visit,
// a pinned baseline, Japanese, or the embed and read-only layouts), that view is hidden,
// so the sample's figures are never shown as the planner's; the app paints theirs.
(function () {
  var query = new URLSearchParams(location.search);
  var on = function (name) { return /^(1|true)$/.test(query.get(name) || ""); };
  var other = /^#?s=/.test(location.hash) || on("embed") || on("readonly");
  var lang = "";
  try {
    other = other || localStorage.getItem("patchcast.scenario") !== null
      || localStorage.getItem("patchcast.baseline") !== null;
    lang = localStorage.getItem("patchcast.lang") || "";
  } catch (e) {
    // No storage (a sandboxed frame, some private modes): nothing was kept.
  }
  // The language is kept as JSON ("ja"); older visits kept it bare (ja).
  if (other || /^\s*"?ja/i.test(lang || navigator.language || "")) {
    document.documentElement.classList.add("no-preview");
  }
})();
